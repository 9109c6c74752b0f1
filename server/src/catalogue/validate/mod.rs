//! Checking a JSON value (a Try It request body, a received response) against an OpenAPI 3.0 / 3.1
//! schema, reporting each problem with a JSON pointer into the value and a plain-English message.
//! Schemas and values are untrusted: depth, `$ref` hops, work and the number of problems are all
//! capped, and validation stops silently once a cap is reached (returning what was found so far).
//!
//! This file holds the entry point, the budget and work accounting and the walker that visits a
//! schema's keywords; each family of keywords is checked in its own module: `types` (`type`,
//! `enum`, `const`), `strings`, `numbers`, `objects`, `arrays` and `composition`
//! (`allOf`, `anyOf`, `oneOf`, `not`, `discriminator`), with `messages` phrasing the problems.

mod arrays;
mod composition;
mod messages;
mod numbers;
mod objects;
mod strings;
mod types;

use regex::{Regex, RegexBuilder};
#[cfg(test)]
use serde_json::Map;
use serde_json::Value;

use super::examples::Direction;
use super::refs::{escape, reference_of, target};

/// How many problems are reported at most.
const MAX_PROBLEMS: usize = 50;
/// How deep schemas nest (counting `$ref`s, combinators and properties) before checks stop.
const MAX_DEPTH: usize = 96;
/// How many `$ref`s are followed along one path before checks stop.
const MAX_REFERENCES: usize = 32;
/// How much work (schema visits, comparisons, pattern compilations) one validation does at most.
const MAX_WORK: usize = 100_000;
/// What compiling one pattern costs out of the work budget.
const PATTERN_COST: usize = 20;
/// The most memory one compiled pattern may take; larger patterns are skipped.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// One way the value breaks the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// A JSON pointer to the offending part of the value (`""` for the value itself, `/items/0/name`).
    pub pointer: String,
    /// What is wrong, in plain English (`is required`, `must be an integer`).
    pub message: String,
}

/// The problems of `instance` against `schema` (found in the document `root`) for a body travelling in
/// `direction`: `readOnly` properties are not required in requests, `writeOnly` ones not in responses.
pub fn validate(root: &Value, schema: &Value, instance: &Value, direction: Direction) -> Vec<Problem> {
    let mut validator = Validator {
        root,
        direction,
        problems: Vec::new(),
        limit: MAX_PROBLEMS,
        work: 0,
        stopped: false,
        references: Vec::new(),
    };
    validator.check(schema, instance, &mut String::new(), 0);
    validator.problems
}

/// The state of one validation.
struct Validator<'a> {
    root: &'a Value,
    direction: Direction,
    problems: Vec<Problem>,
    /// How many problems end the current check (1 while only asking whether a schema matches).
    limit: usize,
    work: usize,
    stopped: bool,
    /// The `$ref` targets being checked, with the value each is checked against (to stop cycles).
    references: Vec<(&'a Value, &'a Value)>,
}

impl<'a> Validator<'a> {
    /// Checks `instance` (at `pointer`) against `schema`.
    fn check(&mut self, schema: &'a Value, instance: &'a Value, pointer: &mut String, depth: usize) {
        if self.is_done() || depth > MAX_DEPTH || !self.spend(1) {
            return;
        }
        match schema {
            Value::Bool(false) => self.report(pointer, "is not allowed"),
            Value::Object(_) => self.check_keywords(schema, instance, pointer, depth),
            _ => {}
        }
    }

    /// Checks every keyword of an object schema.
    fn check_keywords(&mut self, schema: &'a Value, instance: &'a Value, pointer: &mut String, depth: usize) {
        if instance.is_null() && schema.get("nullable").and_then(Value::as_bool) == Some(true) {
            return;
        }
        if let Some(reference) = reference_of(schema) {
            self.check_reference(reference, instance, pointer, depth);
        }
        if !self.check_type(schema, instance, pointer) {
            return;
        }
        self.check_values(schema, instance, pointer);
        match instance {
            Value::String(text) => self.check_string(schema, text, pointer),
            Value::Number(_) => self.check_number(schema, instance, pointer),
            Value::Object(members) => self.check_object(schema, members, pointer, depth),
            Value::Array(items) => self.check_array(schema, items, pointer, depth),
            _ => {}
        }
        self.check_combinations(schema, instance, pointer, depth);
    }

    /// Checks `instance` against the target of an internal `$ref` (broken references are skipped).
    fn check_reference(&mut self, reference: &str, instance: &'a Value, pointer: &mut String, depth: usize) {
        if let Some(resolved) = target(self.root, reference) {
            self.check_guarded(resolved, instance, pointer, depth);
        }
    }

    /// Checks a referenced schema unless the same schema is already being checked against the same
    /// value (a cycle) or too many references are open.
    fn check_guarded(&mut self, schema: &'a Value, instance: &'a Value, pointer: &mut String, depth: usize) {
        let is_cycle = self.references.iter().any(|(open_schema, open_instance)| {
            std::ptr::eq(*open_schema, schema) && std::ptr::eq(*open_instance, instance)
        });
        if is_cycle || self.references.len() >= MAX_REFERENCES {
            return;
        }
        self.references.push((schema, instance));
        self.check(schema, instance, pointer, depth + 1);
        self.references.pop();
    }

    /// Checks the member or item `token` of the value at `pointer`.
    fn check_child(
        &mut self,
        schema: &'a Value,
        instance: &'a Value,
        pointer: &mut String,
        token: &str,
        depth: usize,
    ) {
        let parent_length = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape(token));
        self.check(schema, instance, pointer, depth + 1);
        pointer.truncate(parent_length);
    }

    /// `pattern` compiled within the size limit, or `None` when it is invalid or too large.
    fn compile(&mut self, pattern: &str) -> Option<Regex> {
        if !self.spend(PATTERN_COST) {
            return None;
        }
        RegexBuilder::new(pattern)
            .size_limit(PATTERN_SIZE_LIMIT)
            .dfa_size_limit(PATTERN_SIZE_LIMIT)
            .build()
            .ok()
    }

    /// Takes `cost` out of the work budget; false (and validation stops) once it is spent.
    fn spend(&mut self, cost: usize) -> bool {
        self.work = self.work.saturating_add(cost);
        if self.work > MAX_WORK {
            self.stopped = true;
        }
        !self.stopped
    }

    /// Whether checking should stop: the budget is spent or enough problems are found.
    fn is_done(&self) -> bool {
        self.stopped || self.problems.len() >= self.limit
    }

    /// Records a problem at `pointer` (unless checking has stopped).
    fn report(&mut self, pointer: &str, message: impl Into<String>) {
        if !self.is_done() {
            self.problems.push(Problem {
                pointer: pointer.to_owned(),
                message: message.into(),
            });
        }
    }
}

/// The pointer to member or item `token` of the value at `pointer`.
fn child_pointer(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape(token))
}

#[cfg(test)]
mod tests;
