//! Example values built from schemas: a plausible JSON value for an OpenAPI 3.0 / 3.1 schema object,
//! used to pre-fill Try It request bodies and to show a response when the document gives no example.
//! Explicit examples in the document win; otherwise the value is shaped from the schema's keywords.
//! Every build is bounded (nesting depth, number of nodes), so huge or hostile schemas stay cheap.

use serde_json::{Map, Number, Value};

use super::refs::{deref, reference_of};

/// How deep an example nests before the rest is left as an empty placeholder.
const MAX_DEPTH: usize = 12;
/// How many values one example holds at most; once reached, further properties and items are left out.
const MAX_NODES: usize = 2_000;
/// How many items an example array holds at most (even when `minItems` asks for more).
const MAX_ARRAY_ITEMS: u64 = 3;
/// How long a string padded up to `minLength` grows at most.
const MAX_STRING_CHARS: u64 = 1_024;
/// The key used for an example of `additionalProperties`.
const ADDITIONAL_KEY: &str = "key";

/// Which way a value travels, which decides the properties it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Sent by the client: `readOnly` properties are left out (and not required).
    Request,
    /// Sent by the server: `writeOnly` properties are left out (and not required).
    Response,
}

impl Direction {
    /// Whether a property with `schema` is absent in this direction: `readOnly` in a request,
    /// `writeOnly` in a response (looking through the property's `$ref`s too).
    pub(super) fn omits(self, root: &Value, schema: &Value) -> bool {
        let flag = match self {
            Direction::Request => "readOnly",
            Direction::Response => "writeOnly",
        };
        let is_set = |schema: &Value| schema.get(flag).and_then(Value::as_bool) == Some(true);
        is_set(schema) || is_set(deref(root, schema))
    }
}

/// An example value for `schema` (found in the document `root`), for a body travelling in `direction`.
pub fn example(root: &Value, schema: &Value, direction: Direction) -> Value {
    let mut builder = Builder {
        root,
        direction,
        nodes: 0,
        path: Vec::new(),
    };
    builder.build(schema, 0).unwrap_or(Value::Null)
}

/// An example for an OpenAPI Media Type Object: its `example`, else the `value` of the first entry of
/// its `examples` map (following `$ref`s to `#/components/examples/…`), else one built from its `schema`.
pub fn media_example(root: &Value, media: &Value, direction: Direction) -> Option<Value> {
    if let Some(given) = media.get("example") {
        return Some(given.clone());
    }
    if let Some(named) = first_named_example(root, media) {
        return Some(named);
    }
    media.get("schema").map(|schema| example(root, schema, direction))
}

/// The `value` of the first entry of a media type's `examples` map that has one.
fn first_named_example(root: &Value, media: &Value) -> Option<Value> {
    let entries = media.get("examples")?.as_object()?;
    entries
        .values()
        .find_map(|entry| deref(root, entry).get("value").cloned())
}

/// The example a schema states itself: `example`, the first of `examples`, `const`, `default` or the
/// first `enum` value, in that order.
fn given_example(schema: &Value) -> Option<&Value> {
    schema
        .get("example")
        .or_else(|| first_of(schema, "examples"))
        .or_else(|| schema.get("const"))
        .or_else(|| schema.get("default"))
        .or_else(|| first_of(schema, "enum"))
}

/// The first element of the array under `keyword`.
fn first_of<'a>(schema: &'a Value, keyword: &str) -> Option<&'a Value> {
    schema.get(keyword)?.as_array()?.first()
}

/// The state of one example build: the budget spent and the schemas being built (to stop cycles).
struct Builder<'a> {
    root: &'a Value,
    direction: Direction,
    nodes: usize,
    path: Vec<&'a Value>,
}

impl<'a> Builder<'a> {
    /// The example for `schema` at `depth`, or `None` once the node budget is spent.
    fn build(&mut self, schema: &'a Value, depth: usize) -> Option<Value> {
        if self.nodes >= MAX_NODES {
            return None;
        }
        let resolved = deref(self.root, schema);
        if let Some(given) = given_example(schema).or_else(|| given_example(resolved)) {
            self.nodes += weight(given);
            return Some(given.clone());
        }
        self.nodes += 1;
        if reference_of(resolved).is_some() {
            return Some(Value::Null);
        }
        if depth >= MAX_DEPTH || self.is_on_path(resolved) {
            return Some(placeholder(resolved));
        }
        self.path.push(resolved);
        let value = self.compose(resolved, depth);
        self.path.pop();
        Some(value)
    }

    /// Whether `schema` is already being built further up (a recursive schema).
    fn is_on_path(&self, schema: &Value) -> bool {
        self.path.iter().any(|ancestor| std::ptr::eq(*ancestor, schema))
    }

    /// The example for a resolved schema: its `allOf` parts, first `oneOf` / `anyOf` alternative and
    /// own keywords, merged when they are objects (later pieces win), else the first of them.
    fn compose(&mut self, schema: &'a Value, depth: usize) -> Value {
        let mut pieces = Vec::new();
        for part in combined_parts(schema) {
            if let Some(piece) = self.build(part, depth + 1) {
                pieces.push(piece);
            }
        }
        if pieces.is_empty() || schema_type(schema).is_some() {
            pieces.push(self.shaped(schema, depth));
        }
        merge(pieces)
    }

    /// The example for a schema's own type keywords.
    fn shaped(&mut self, schema: &'a Value, depth: usize) -> Value {
        match schema_type(schema) {
            Some("object") => self.object(schema, depth),
            Some("array") => self.array(schema, depth),
            Some("string") => string_example(schema),
            Some("integer") => integer_example(schema),
            Some("number") => number_example(schema),
            Some("boolean") => Value::Bool(true),
            _ => Value::Null,
        }
    }

    /// An object with every property (in document order) that travels in this direction, or one
    /// `additionalProperties` entry when there are no properties.
    fn object(&mut self, schema: &'a Value, depth: usize) -> Value {
        let mut members = Map::new();
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, property) in properties.into_iter().flatten() {
            if self.nodes >= MAX_NODES {
                break;
            }
            if self.direction.omits(self.root, property) {
                continue;
            }
            if let Some(value) = self.build(property, depth + 1) {
                members.insert(name.clone(), value);
            }
        }
        let additional = schema
            .get("additionalProperties")
            .filter(|extra| extra.is_object());
        if let (None, Some(extra)) = (properties, additional)
            && let Some(value) = self.build(extra, depth + 1)
        {
            members.insert(ADDITIONAL_KEY.to_owned(), value);
        }
        Value::Object(members)
    }

    /// An array: one item per `prefixItems` schema, else `minItems` (1 to 3) items of the `items`
    /// schema; empty when the item schema is recursive (already being built).
    fn array(&mut self, schema: &'a Value, depth: usize) -> Value {
        let tuple = schema
            .get("prefixItems")
            .or_else(|| schema.get("items"))
            .and_then(Value::as_array);
        if let Some(item_schemas) = tuple {
            return Value::Array(self.items_of(item_schemas.iter(), depth));
        }
        let Some(item_schema) = schema.get("items").filter(|items| !items.is_array()) else {
            return Value::Array(Vec::new());
        };
        if self.is_on_path(deref(self.root, item_schema)) {
            return Value::Array(Vec::new());
        }
        let count = item_count(schema);
        Value::Array(self.items_of(std::iter::repeat_n(item_schema, count), depth))
    }

    /// The examples of `item_schemas`, as many as the node budget allows.
    fn items_of(&mut self, item_schemas: impl Iterator<Item = &'a Value>, depth: usize) -> Vec<Value> {
        item_schemas
            .map_while(|item_schema| self.build(item_schema, depth + 1))
            .collect()
    }
}

/// The schemas combined into one: every `allOf` part, then the first `oneOf` and `anyOf` alternative.
fn combined_parts(schema: &Value) -> impl Iterator<Item = &Value> {
    let all_of = schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    all_of
        .chain(first_of(schema, "oneOf"))
        .chain(first_of(schema, "anyOf"))
}

/// Object pieces merged into one (later keys win); otherwise the first piece that is not null.
fn merge(pieces: Vec<Value>) -> Value {
    if !pieces.iter().any(Value::is_object) {
        let first_set = pieces.iter().position(|piece| !piece.is_null()).unwrap_or(0);
        return pieces.into_iter().nth(first_set).unwrap_or(Value::Null);
    }
    let mut merged = Map::new();
    for piece in pieces {
        if let Value::Object(members) = piece {
            merged.extend(members);
        }
    }
    Value::Object(merged)
}

/// How many items an example array gets: `minItems`, at least 1 and at most 3, never over `maxItems`.
fn item_count(schema: &Value) -> usize {
    let minimum = schema.get("minItems").and_then(Value::as_u64).unwrap_or(1);
    let maximum = schema
        .get("maxItems")
        .and_then(Value::as_u64)
        .unwrap_or(MAX_ARRAY_ITEMS);
    let count = minimum.clamp(1, MAX_ARRAY_ITEMS).min(maximum);
    usize::try_from(count).unwrap_or(1)
}

/// The value standing in for a schema that is recursive or too deep: `{}`, `[]` or `null`.
fn placeholder(schema: &Value) -> Value {
    match schema_type(schema) {
        Some("object") => Value::Object(Map::new()),
        Some("array") => Value::Array(Vec::new()),
        _ => Value::Null,
    }
}

/// The type a schema describes: its `type` (the first that is not `"null"` of a 3.1 type array),
/// else what its keywords imply.
fn schema_type(schema: &Value) -> Option<&str> {
    match schema.get("type") {
        Some(Value::String(name)) => Some(name),
        Some(Value::Array(names)) => {
            let mut named = names.iter().filter_map(Value::as_str);
            named
                .clone()
                .find(|name| *name != "null")
                .or_else(|| named.next())
        }
        _ => implied_type(schema),
    }
}

/// The type a schema without `type` implies through its keywords.
fn implied_type(schema: &Value) -> Option<&'static str> {
    let has = |keywords: &[&str]| keywords.iter().any(|keyword| schema.get(keyword).is_some());
    let format = schema.get("format").and_then(Value::as_str);
    if has(&[
        "properties",
        "additionalProperties",
        "patternProperties",
        "required",
    ]) {
        Some("object")
    } else if has(&["items", "prefixItems"]) {
        Some("array")
    } else if matches!(format, Some("int32" | "int64")) {
        Some("integer")
    } else if has(&["minLength", "maxLength", "pattern", "format"]) {
        Some("string")
    } else if has(&[
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ]) {
        Some("number")
    } else {
        None
    }
}

/// How many values `value` holds (itself included), counted without recursion and capped.
fn weight(value: &Value) -> usize {
    let mut pending = vec![value];
    let mut count = 0;
    while let Some(next) = pending.pop() {
        count += 1;
        if count > MAX_NODES {
            break;
        }
        match next {
            Value::Array(items) => pending.extend(items),
            Value::Object(members) => pending.extend(members.values()),
            _ => {}
        }
    }
    count
}

/// A string example: the sample for its `format` (else `"string"`) fitted to `minLength` / `maxLength`.
fn string_example(schema: &Value) -> Value {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or_default();
    let sample = format_sample(format).unwrap_or("string");
    let shortest = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    let longest = schema.get("maxLength").and_then(Value::as_u64);
    Value::String(fit_length(sample, shortest, longest))
}

/// The sample string for a `format`, if it is one with a sample.
fn format_sample(format: &str) -> Option<&'static str> {
    let sample = match format {
        "date-time" => "2024-01-01T00:00:00Z",
        "date" => "2024-01-01",
        "time" => "12:00:00Z",
        "email" | "idn-email" => "user@example.com",
        "uri" | "url" | "uri-reference" | "iri" | "iri-reference" => "https://example.com",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "hostname" | "idn-hostname" => "example.com",
        "byte" => "ZXhhbXBsZQ==",
        "binary" => "",
        _ => return None,
    };
    Some(sample)
}

/// `sample` cut to `longest` characters, or padded with `x` up to `shortest` (at most 1,024).
fn fit_length(sample: &str, shortest: u64, longest: Option<u64>) -> String {
    let longest = longest.unwrap_or(u64::MAX);
    let wanted = shortest.min(longest).min(MAX_STRING_CHARS);
    let mut fitted: String = sample
        .chars()
        .take(usize::try_from(longest).unwrap_or(usize::MAX))
        .collect();
    let length = u64::try_from(fitted.chars().count()).unwrap_or(u64::MAX);
    let padding = usize::try_from(wanted.saturating_sub(length)).unwrap_or(0);
    fitted.extend(std::iter::repeat_n('x', padding));
    fitted
}

/// Which end of a numeric range a bound is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// `minimum` / `exclusiveMinimum`.
    Lower,
    /// `maximum` / `exclusiveMaximum`.
    Upper,
}

/// One end of a numeric range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Bound {
    /// The limit itself.
    pub(super) value: f64,
    /// Whether the limit itself is outside the range.
    pub(super) exclusive: bool,
}

/// The tighter bound a schema puts on `side`, reading both the 3.0 style (`minimum` with
/// `exclusiveMinimum: true`) and the 3.1 style (`exclusiveMinimum: 5`).
pub(super) fn bound(schema: &Value, side: Side) -> Option<Bound> {
    let (inclusive_key, exclusive_key) = match side {
        Side::Lower => ("minimum", "exclusiveMinimum"),
        Side::Upper => ("maximum", "exclusiveMaximum"),
    };
    let flagged = schema.get(exclusive_key).and_then(Value::as_bool) == Some(true);
    let finite = |key: &str| {
        schema
            .get(key)
            .and_then(Value::as_f64)
            .filter(|limit| limit.is_finite())
    };
    let inclusive = finite(inclusive_key).map(|value| Bound {
        value,
        exclusive: flagged,
    });
    let exclusive = finite(exclusive_key).map(|value| Bound {
        value,
        exclusive: true,
    });
    match (inclusive, exclusive) {
        (Some(plain), Some(strict)) => Some(tighter(plain, strict, side)),
        (plain, strict) => plain.or(strict),
    }
}

/// The stricter of an inclusive and an exclusive bound on the same side.
fn tighter(plain: Bound, strict: Bound, side: Side) -> Bound {
    let strict_wins = match side {
        Side::Lower => strict.value >= plain.value,
        Side::Upper => strict.value <= plain.value,
    };
    if strict_wins { strict } else { plain }
}

/// An integer example: 0, or the smallest allowed value (the largest, with only a maximum below 0),
/// moved to a multiple of `multipleOf` when that stays in range.
fn integer_example(schema: &Value) -> Value {
    let lowest = bound(schema, Side::Lower).map(|lower| {
        if lower.exclusive {
            lower.value.floor() + 1.0
        } else {
            lower.value.ceil()
        }
    });
    let highest = bound(schema, Side::Upper).map(|upper| {
        if upper.exclusive {
            upper.value.ceil() - 1.0
        } else {
            upper.value.floor()
        }
    });
    let start = match (lowest, highest) {
        (Some(low), _) => low,
        (None, Some(high)) => high.min(0.0),
        (None, None) => 0.0,
    };
    number_value(to_multiple(schema, start, lowest.is_some(), highest))
}

/// A number example: 0, or the lowest allowed value (one above an exclusive minimum, or the middle of
/// a range too narrow for that), moved to a multiple of `multipleOf` when that stays in range.
fn number_example(schema: &Value) -> Value {
    let lower = bound(schema, Side::Lower);
    let upper = bound(schema, Side::Upper);
    let start = match (lower, upper) {
        (Some(low), Some(high)) if low.exclusive && !allows_above(low.value + 1.0, high) => {
            low.value / 2.0 + high.value / 2.0
        }
        (Some(low), _) if low.exclusive => low.value + 1.0,
        (Some(low), _) => low.value,
        (None, Some(high)) if allows_above(0.0, high) => 0.0,
        (None, Some(high)) if high.exclusive => high.value - 1.0,
        (None, Some(high)) => high.value,
        (None, None) => 0.0,
    };
    let highest = upper.map(|high| high.value);
    number_value(to_multiple(schema, start, lower.is_some(), highest))
}

/// Whether `value` is within an upper bound.
fn allows_above(value: f64, upper: Bound) -> bool {
    if upper.exclusive {
        value < upper.value
    } else {
        value <= upper.value
    }
}

/// `start` moved to a multiple of the schema's `multipleOf` (up when there is a lower bound, else
/// down), unless that leaves the range.
fn to_multiple(schema: &Value, start: f64, rounds_up: bool, highest: Option<f64>) -> f64 {
    let Some(step) = schema
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|step| *step > 0.0)
    else {
        return start;
    };
    let steps = start / step;
    let moved = if rounds_up {
        steps.ceil() * step
    } else {
        steps.floor() * step
    };
    let in_range = moved.is_finite() && highest.is_none_or(|high| moved <= high);
    if in_range { moved } else { start }
}

/// `number` as JSON: an integer when it is whole and exact, else a float (0 when not finite).
fn number_value(number: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if number.fract() == 0.0 && number.abs() < EXACT {
        #[allow(clippy::cast_possible_truncation)]
        return Value::from(number as i64);
    }
    Number::from_f64(number).map_or(Value::from(0), Value::Number)
}

#[cfg(test)]
mod tests;
