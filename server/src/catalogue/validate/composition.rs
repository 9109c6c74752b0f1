//! The combining keywords: `allOf`, `anyOf`, `oneOf` (with a `discriminator` picking the
//! alternative) and `not`.

use serde_json::{Map, Value};

use super::messages::{MAX_LISTED, listing, quote};
use super::{Validator, child_pointer};
use crate::catalogue::refs::{name_of, reference_of, target};

/// The schema a discriminator picks for a value.
enum Pick<'a> {
    /// The named schema.
    Schema(&'a Value),
    /// The value names no schema: the discriminating property and the names allowed.
    Unknown(&'a str, Vec<String>),
}

impl<'a> Validator<'a> {
    /// Checks `allOf`, `anyOf`, `oneOf` (with a `discriminator` when it names a schema) and `not`.
    pub(super) fn check_combinations(
        &mut self,
        schema: &'a Value,
        instance: &'a Value,
        pointer: &mut String,
        depth: usize,
    ) {
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                self.check(part, instance, pointer, depth + 1);
            }
        }
        if let Some(alternatives) = schema.get("anyOf").and_then(Value::as_array) {
            self.check_alternatives(schema, alternatives, instance, pointer, depth, false);
        }
        if let Some(alternatives) = schema.get("oneOf").and_then(Value::as_array) {
            self.check_alternatives(schema, alternatives, instance, pointer, depth, true);
        }
        if let Some(excluded) = schema.get("not")
            && self.matches(excluded, instance, pointer, depth)
        {
            self.report(pointer, "must not match the excluded form");
        }
    }

    /// Checks `anyOf` / `oneOf` alternatives: the one a discriminator picks alone (precise problems),
    /// else at least one (`anyOf`) or exactly one (`oneOf`) must match.
    fn check_alternatives(
        &mut self,
        schema: &'a Value,
        alternatives: &'a [Value],
        instance: &'a Value,
        pointer: &mut String,
        depth: usize,
        exactly_one: bool,
    ) {
        match self.discriminated(schema, alternatives, instance) {
            Some(Pick::Schema(chosen)) => return self.check_guarded(chosen, instance, pointer, depth),
            Some(Pick::Unknown(property, names)) => {
                let message = format!("must be one of {}", listing(&names));
                return self.report(&child_pointer(pointer, property), message);
            }
            None => {}
        }
        let mut matching = 0;
        for alternative in alternatives {
            if self.matches(alternative, instance, pointer, depth) {
                matching += 1;
            }
            if matching > 1 || (matching == 1 && !exactly_one) || self.stopped {
                break;
            }
        }
        if matching == 0 {
            self.report(pointer, "does not match any of the allowed forms");
        } else if matching > 1 && exactly_one {
            self.report(pointer, "matches more than one of the allowed forms");
        }
    }

    /// The schema a `discriminator` picks for `instance`, when its property is present as a string:
    /// from `mapping`, else the alternative whose `$ref` ends in that name.
    fn discriminated(
        &self,
        schema: &'a Value,
        alternatives: &'a [Value],
        instance: &Value,
    ) -> Option<Pick<'a>> {
        let discriminator = schema.get("discriminator")?;
        let property = discriminator.get("propertyName")?.as_str()?;
        let name = instance.get(property)?.as_str()?;
        let mapping = discriminator.get("mapping").and_then(Value::as_object);
        let mapped = mapping
            .and_then(|mapping| mapping.get(name))
            .and_then(Value::as_str);
        let chosen = match mapped {
            Some(reference) => self.mapped_schema(reference),
            None => alternatives.iter().find(|alternative| {
                reference_of(alternative).is_some_and(|reference| name_of(reference) == name)
            }),
        };
        Some(match chosen {
            Some(chosen) => Pick::Schema(chosen),
            None => Pick::Unknown(property, discriminator_names(mapping, alternatives)),
        })
    }

    /// The schema a discriminator mapping value names: a reference, or a bare component name.
    fn mapped_schema(&self, reference: &str) -> Option<&'a Value> {
        if reference.starts_with('#') {
            target(self.root, reference)
        } else {
            self.root.get("components")?.get("schemas")?.get(reference)
        }
    }

    /// Whether `instance` matches `schema`, without reporting anything.
    fn matches(
        &mut self,
        schema: &'a Value,
        instance: &'a Value,
        pointer: &mut String,
        depth: usize,
    ) -> bool {
        let outer_problems = std::mem::take(&mut self.problems);
        let outer_limit = std::mem::replace(&mut self.limit, 1);
        self.check(schema, instance, pointer, depth + 1);
        let matched = self.problems.is_empty();
        self.problems = outer_problems;
        self.limit = outer_limit;
        matched
    }
}

/// The values a discriminator accepts: the mapping's keys, then the names of the alternatives'
/// `$ref`s that no mapping entry points at.
fn discriminator_names(mapping: Option<&Map<String, Value>>, alternatives: &[Value]) -> Vec<String> {
    let mapped_targets: Vec<&str> = mapping
        .into_iter()
        .flatten()
        .filter_map(|(_, to)| to.as_str())
        .collect();
    let keys = mapping.into_iter().flatten().map(|(key, _)| key.as_str());
    let implicit = alternatives
        .iter()
        .filter_map(reference_of)
        .filter(|reference| !mapped_targets.contains(reference))
        .map(name_of);
    keys.chain(implicit)
        .take(MAX_LISTED + 1)
        .map(|name| quote(&Value::from(name)))
        .collect()
}
