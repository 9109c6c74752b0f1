//! The `type`, `enum` and `const` keywords (with 3.0's `nullable` handled by the walker), and
//! the equality of JSON values they and `uniqueItems` rely on.

use serde_json::Value;

use super::messages::{either, listing, quote, shortened};
use super::{MAX_DEPTH, Validator};

impl Validator<'_> {
    /// Checks `type`; false (after reporting) when the value has the wrong type.
    pub(super) fn check_type(&mut self, schema: &Value, instance: &Value, pointer: &str) -> bool {
        let names: Vec<&str> = match schema.get("type") {
            Some(Value::String(name)) => vec![name.as_str()],
            Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
            _ => return true,
        };
        if names.is_empty() || names.iter().any(|name| has_type(instance, name)) {
            return true;
        }
        let kinds: Vec<String> = names.iter().map(|name| type_phrase(name)).collect();
        self.report(pointer, format!("must be {}", either(&kinds)));
        false
    }

    /// Checks `enum` and `const`.
    pub(super) fn check_values(&mut self, schema: &Value, instance: &Value, pointer: &str) {
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
            && !allowed.iter().any(|option| self.same(option, instance, 0))
        {
            let quoted: Vec<String> = allowed.iter().map(quote).collect();
            self.report(pointer, format!("must be one of {}", listing(&quoted)));
        }
        if let Some(constant) = schema.get("const")
            && !self.same(constant, instance, 0)
        {
            self.report(pointer, format!("must be {}", quote(constant)));
        }
    }

    /// Whether two JSON values are equal (numbers by value: `2` equals `2.0`), paid for out of the
    /// work budget; values nested deeper than the depth cap count as different.
    pub(super) fn same(&mut self, left: &Value, right: &Value, depth: usize) -> bool {
        if depth > MAX_DEPTH || !self.spend(1) {
            return false;
        }
        match (left, right) {
            (Value::Number(left), Value::Number(right)) => left == right || left.as_f64() == right.as_f64(),
            (Value::Array(left), Value::Array(right)) => {
                left.len() == right.len()
                    && left
                        .iter()
                        .zip(right)
                        .all(|(left, right)| self.same(left, right, depth + 1))
            }
            (Value::Object(left), Value::Object(right)) => {
                left.len() == right.len()
                    && left.iter().all(|(key, left)| {
                        right
                            .get(key)
                            .is_some_and(|right| self.same(left, right, depth + 1))
                    })
            }
            _ => left == right,
        }
    }
}

/// Whether `instance` has the JSON Schema type `name` (unknown names accept anything).
fn has_type(instance: &Value, name: &str) -> bool {
    match name {
        "null" => instance.is_null(),
        "boolean" => instance.is_boolean(),
        "object" => instance.is_object(),
        "array" => instance.is_array(),
        "string" => instance.is_string(),
        "number" => instance.is_number(),
        "integer" => is_integer(instance),
        _ => true,
    }
}

/// Whether `instance` is a whole number (`2` and `2.0`, not `2.5`).
fn is_integer(instance: &Value) -> bool {
    match instance {
        Value::Number(number) => {
            number.is_i64()
                || number.is_u64()
                || number
                    .as_f64()
                    .is_some_and(|float| float.is_finite() && float.fract() == 0.0)
        }
        _ => false,
    }
}

/// The phrase for a type in a message (`an integer`, `a string`, `null`).
fn type_phrase(name: &str) -> String {
    match name {
        "null" => "null".to_owned(),
        "object" | "array" | "integer" => format!("an {name}"),
        _ => format!("a {}", shortened(name)),
    }
}
