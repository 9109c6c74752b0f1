//! Bundling: an API's document with every `$ref` to another file of its folder brought inside,
//! so the rest of the catalogue only ever follows internal references (`#/…`). An external
//! target is inlined where it is referenced (its own references resolved relative to its file);
//! a target that refers back to itself through files is given a home once, under
//! `#/components/schemas/`, and referenced there. Files outside the API's folder, URLs, and
//! references that point at nothing are problems, named by file and JSON pointer.

use super::refs::escape;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How deep external references may nest (files referring to files …).
const MAX_NESTING: usize = 32;

/// A problem found while bundling or checking references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefProblem {
    /// The file the reference was written in.
    pub file: PathBuf,
    /// Where in that file (a JSON pointer).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

/// Reads a document file (JSON or YAML) into a value.
pub type Reader<'a> = dyn Fn(&Path) -> Result<Value, String> + 'a;

/// The bundled document and what could not be resolved.
pub struct Bundled {
    /// The document with internal references only.
    pub root: Value,
    /// References that could not be resolved (left as they were).
    pub problems: Vec<RefProblem>,
}

struct Bundler<'a> {
    folder: PathBuf,
    read: &'a Reader<'a>,
    files: HashMap<PathBuf, Result<Value, String>>,
    /// External targets being inlined right now (to notice a cycle through files).
    stack: Vec<(PathBuf, String)>,
    /// Targets that refer back to themselves: their home in the bundled document.
    homes: HashMap<(PathBuf, String), String>,
    /// Their bundled values, once done.
    homed: Vec<(String, Value)>,
    problems: Vec<RefProblem>,
}

/// Bundles `root`, read from `file` inside the API folder `folder`.
pub fn bundle(root: Value, file: &Path, folder: &Path, read: &Reader<'_>) -> Bundled {
    let folder = folder.canonicalize().unwrap_or_else(|_| folder.to_owned());
    let file = file.canonicalize().unwrap_or_else(|_| file.to_owned());
    let mut bundler = Bundler {
        folder,
        read,
        files: HashMap::new(),
        stack: Vec::new(),
        homes: HashMap::new(),
        homed: Vec::new(),
        problems: Vec::new(),
    };
    let mut root = bundler.walk(root, &file, "", true);
    for (name, value) in std::mem::take(&mut bundler.homed) {
        let schemas = root
            .as_object_mut()
            .map(|object| {
                object
                    .entry("components")
                    .or_insert_with(|| Value::Object(Map::new()))
            })
            .and_then(Value::as_object_mut)
            .map(|components| {
                components
                    .entry("schemas")
                    .or_insert_with(|| Value::Object(Map::new()))
            })
            .and_then(Value::as_object_mut);
        if let Some(schemas) = schemas {
            schemas.insert(name, value);
        }
    }
    check_internal(&root, &file, "", &root, &mut bundler.problems);
    Bundled {
        root,
        problems: bundler.problems,
    }
}

impl Bundler<'_> {
    /// `value` (at `pointer` in `file`) with external references resolved. `in_root` is true
    /// while walking the root file, whose internal references stay as they are.
    fn walk(&mut self, value: Value, file: &Path, pointer: &str, in_root: bool) -> Value {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref")
                    && !(in_root && reference.starts_with('#'))
                {
                    let reference = reference.clone();
                    return self.resolve(object, &reference, file, pointer);
                }
                Value::Object(
                    object
                        .into_iter()
                        .map(|(key, child)| {
                            let child_pointer = format!("{pointer}/{}", escape(&key));
                            let child = self.walk(child, file, &child_pointer, in_root);
                            (key, child)
                        })
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(index, item)| self.walk(item, file, &format!("{pointer}/{index}"), in_root))
                    .collect(),
            ),
            other => other,
        }
    }

    /// The value a non-root-internal reference stands for.
    fn resolve(&mut self, object: Map<String, Value>, reference: &str, file: &Path, pointer: &str) -> Value {
        let problem = |message: String| RefProblem {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message,
        };
        if reference.contains("://") {
            self.problems.push(problem(format!(
                "$ref `{reference}` points at a URL; catalogue documents may refer only to files in their own folder"
            )));
            return Value::Object(object);
        }
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target_file = if path.is_empty() {
            file.to_owned()
        } else {
            let joined = file.parent().unwrap_or(Path::new("")).join(path);
            match joined.canonicalize() {
                Ok(canonical) if canonical.starts_with(&self.folder) => canonical,
                Ok(_) => {
                    self.problems.push(problem(format!(
                        "$ref `{reference}` points outside the API's folder"
                    )));
                    return Value::Object(object);
                }
                Err(error) => {
                    self.problems.push(problem(format!(
                        "$ref `{reference}`: cannot read the file ({error})"
                    )));
                    return Value::Object(object);
                }
            }
        };
        let key = (target_file.clone(), fragment.to_owned());
        if self.stack.contains(&key) {
            let count = self.homes.len();
            let name = self
                .homes
                .entry(key)
                .or_insert_with(|| home_name(&target_file, fragment, count))
                .clone();
            return serde_json::json!({ "$ref": format!("#/components/schemas/{}", escape(&name)) });
        }
        if self.stack.len() >= MAX_NESTING {
            self.problems
                .push(problem(format!("$ref `{reference}`: references nest too deeply")));
            return Value::Object(object);
        }
        let document = self
            .files
            .entry(target_file.clone())
            .or_insert_with(|| (self.read)(&target_file))
            .clone();
        let document = match document {
            Ok(document) => document,
            Err(error) => {
                self.problems
                    .push(problem(format!("$ref `{reference}`: {error}")));
                return Value::Object(object);
            }
        };
        let decoded = percent_encoding::percent_decode_str(fragment)
            .decode_utf8_lossy()
            .into_owned();
        let Some(target) = (if decoded.is_empty() {
            Some(&document)
        } else {
            document.pointer(&decoded)
        })
        .cloned() else {
            self.problems
                .push(problem(format!("$ref `{reference}` points at nothing")));
            return Value::Object(object);
        };
        self.stack.push(key.clone());
        let resolved = self.walk(target, &target_file, &decoded, false);
        self.stack.pop();
        if let Some(name) = self.homes.get(&key) {
            let name = name.clone();
            if !self.homed.iter().any(|(homed, _)| *homed == name) {
                self.homed.push((name.clone(), resolved));
            }
            return serde_json::json!({ "$ref": format!("#/components/schemas/{}", escape(&name)) });
        }
        resolved
    }
}

/// A component name for a self-referring external target: `file_stem` plus its last pointer
/// token, numbered to stay unique.
fn home_name(file: &Path, fragment: &str, count: usize) -> String {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("external");
    let last = fragment
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or("root");
    format!("x-bundled-{stem}-{last}-{count}")
}

/// Reports every internal reference in `value` that points at nothing.
fn check_internal(value: &Value, file: &Path, pointer: &str, root: &Value, problems: &mut Vec<RefProblem>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref")
                && reference.starts_with('#')
                && super::refs::target(root, reference).is_none()
            {
                problems.push(RefProblem {
                    file: file.to_owned(),
                    pointer: pointer.to_owned(),
                    message: format!("$ref `{reference}` points at nothing"),
                });
            }
            for (key, child) in object {
                check_internal(child, file, &format!("{pointer}/{}", escape(key)), root, problems);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                check_internal(item, file, &format!("{pointer}/{index}"), root, problems);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn write(dir: &Path, name: &str, value: &Value) {
        std::fs::write(dir.join(name), serde_json::to_vec(value).expect("json")).expect("write");
    }

    fn read(path: &Path) -> Result<Value, String> {
        let text = std::fs::read_to_string(path).map_err(|error| error.to_string())?;
        serde_json::from_str(&text).map_err(|error| error.to_string())
    }

    fn bundled(dir: &Path, root: Value) -> Bundled {
        write(dir, "openapi.json", &root);
        bundle(root, &dir.join("openapi.json"), dir, &read)
    }

    #[test]
    fn relative_file_references_are_inlined_with_their_own_references_resolved() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir(dir.path().join("schemas")).expect("mkdir");
        write(
            &dir.path().join("schemas"),
            "pet.json",
            &json!({
                "Pet": {"type": "object", "properties": {"tag": {"$ref": "#/Tag"}, "owner": {"$ref": "../people.json#/Person"}}},
                "Tag": {"type": "string"}
            }),
        );
        write(dir.path(), "people.json", &json!({"Person": {"type": "object"}}));
        let result = bundled(
            dir.path(),
            json!({"components": {"schemas": {"Pet": {"$ref": "schemas/pet.json#/Pet"}}}}),
        );
        assert_eq!(result.problems, []);
        let pet = &result.root["components"]["schemas"]["Pet"];
        assert_eq!(pet["properties"]["tag"], json!({"type": "string"}));
        assert_eq!(pet["properties"]["owner"], json!({"type": "object"}));
    }

    #[test]
    fn a_cycle_through_files_gets_one_home_and_internal_references() {
        let dir = tempfile::tempdir().expect("dir");
        write(
            dir.path(),
            "node.json",
            &json!({
                "Node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/Node"}}}}
            }),
        );
        let result = bundled(dir.path(), json!({"paths": {}, "x": {"$ref": "node.json#/Node"}}));
        assert_eq!(result.problems, []);
        let reference = result.root["x"]["$ref"]
            .as_str()
            .expect("a reference to the home");
        let home = super::super::refs::target(&result.root, reference).expect("the home exists");
        assert_eq!(home["properties"]["children"]["items"]["$ref"], reference);
    }

    #[test]
    fn broken_outside_and_remote_references_are_problems_with_file_and_pointer() {
        let dir = tempfile::tempdir().expect("dir");
        let inner = dir.path().join("api");
        std::fs::create_dir(&inner).expect("mkdir");
        write(dir.path(), "secret.json", &json!({"a": 1}));
        let result = bundled(
            &inner,
            json!({
                "paths": {"/pets": {"get": {"responses": {"200": {"$ref": "#/components/responses/Missing"}}}}},
                "a": {"$ref": "../secret.json#/a"},
                "b": {"$ref": "https://example.com/schema.json"},
                "c": {"$ref": "nowhere.json#/x"}
            }),
        );
        let messages: Vec<String> = result
            .problems
            .iter()
            .map(|p| format!("{} {}", p.pointer, p.message))
            .collect();
        assert!(messages.iter().any(|m| m.starts_with("/paths/~1pets/get/responses/200 ") && m.contains("points at nothing")), "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("/a ") && m.contains("outside")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("/b ") && m.contains("URL")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("/c ") && m.contains("cannot read")),
            "{messages:?}"
        );
    }
}
