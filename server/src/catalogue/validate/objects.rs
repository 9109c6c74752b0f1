//! The object keywords: `required` (minding `readOnly` / `writeOnly`), `minProperties`,
//! `maxProperties`, `properties`, `patternProperties` and `additionalProperties`.

use regex::Regex;
use serde_json::{Map, Value};

use super::messages::count_of;
use super::{Validator, child_pointer};

impl<'a> Validator<'a> {
    /// Checks `required`, `minProperties`, `maxProperties` and each member of an object.
    pub(super) fn check_object(
        &mut self,
        schema: &'a Value,
        members: &'a Map<String, Value>,
        pointer: &mut String,
        depth: usize,
    ) {
        self.check_required(schema, members, pointer);
        let size = u64::try_from(members.len()).unwrap_or(u64::MAX);
        if let Some(fewest) = schema.get("minProperties").and_then(Value::as_u64)
            && size < fewest
        {
            self.report(
                pointer,
                format!("must have at least {}", count_of(fewest, "property")),
            );
        }
        if let Some(most) = schema.get("maxProperties").and_then(Value::as_u64)
            && size > most
        {
            self.report(
                pointer,
                format!("must have at most {}", count_of(most, "property")),
            );
        }
        self.check_members(schema, members, pointer, depth);
    }

    /// Reports each `required` property that is missing and travels in this direction.
    fn check_required(&mut self, schema: &Value, members: &Map<String, Value>, pointer: &str) {
        let Some(required) = schema.get("required").and_then(Value::as_array) else {
            return;
        };
        let properties = schema.get("properties");
        for name in required.iter().filter_map(Value::as_str) {
            if self.is_done() || !self.spend(1) {
                return;
            }
            let omitted = properties
                .and_then(|properties| properties.get(name))
                .is_some_and(|property| self.direction.omits(self.root, property));
            if !members.contains_key(name) && !omitted {
                self.report(&child_pointer(pointer, name), "is required");
            }
        }
    }

    /// Checks each member against `properties`, matching `patternProperties` and otherwise
    /// `additionalProperties`.
    fn check_members(
        &mut self,
        schema: &'a Value,
        members: &'a Map<String, Value>,
        pointer: &mut String,
        depth: usize,
    ) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let patterns = self.compile_patterns(schema);
        let additional = schema.get("additionalProperties");
        let cost_per_member = 1 + patterns.len();
        for (name, value) in members {
            if self.is_done() || !self.spend(cost_per_member) {
                return;
            }
            let mut governed = false;
            if let Some(property) = properties.and_then(|properties| properties.get(name)) {
                governed = true;
                self.check_child(property, value, pointer, name, depth);
            }
            for (regex, property) in &patterns {
                if regex.is_match(name) {
                    governed = true;
                    self.check_child(property, value, pointer, name, depth);
                }
            }
            match additional {
                Some(extra) if !governed => self.check_child(extra, value, pointer, name, depth),
                _ => {}
            }
        }
    }

    /// The compiled `patternProperties` of a schema with their schemas (invalid patterns left out).
    fn compile_patterns(&mut self, schema: &'a Value) -> Vec<(Regex, &'a Value)> {
        let Some(patterns) = schema.get("patternProperties").and_then(Value::as_object) else {
            return Vec::new();
        };
        patterns
            .iter()
            .filter_map(|(pattern, property)| Some((self.compile(pattern)?, property)))
            .collect()
    }
}
