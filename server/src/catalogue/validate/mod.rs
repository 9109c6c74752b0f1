//! Checking a JSON value (a Try It request body, a received response) against an OpenAPI 3.0 / 3.1
//! schema, reporting each problem with a JSON pointer into the value and a plain-English message.
//! Schemas and values are untrusted: depth, `$ref` hops, work and the number of problems are all
//! capped, and validation stops silently once a cap is reached (returning what was found so far).

use regex::{Regex, RegexBuilder};
use serde_json::{Map, Value};

use super::examples::{Bound, Direction, Side, bound};
use super::refs::{escape, name_of, reference_of, target};

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
/// How many values a message lists before eliding the rest.
const MAX_LISTED: usize = 10;
/// How many characters of a value or pattern a message quotes.
const MAX_QUOTED_CHARS: usize = 60;

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

/// The schema a discriminator picks for a value.
enum Pick<'a> {
    /// The named schema.
    Schema(&'a Value),
    /// The value names no schema: the discriminating property and the names allowed.
    Unknown(&'a str, Vec<String>),
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

    /// Checks `type`; false (after reporting) when the value has the wrong type.
    fn check_type(&mut self, schema: &Value, instance: &Value, pointer: &str) -> bool {
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
    fn check_values(&mut self, schema: &Value, instance: &Value, pointer: &str) {
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

    /// Checks `minLength`, `maxLength`, `pattern` and `format` on a string.
    fn check_string(&mut self, schema: &Value, text: &str, pointer: &str) {
        let length = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
        if let Some(shortest) = schema.get("minLength").and_then(Value::as_u64)
            && length < shortest
        {
            self.report(
                pointer,
                format!("must be at least {}", count_of(shortest, "character")),
            );
        }
        if let Some(longest) = schema.get("maxLength").and_then(Value::as_u64)
            && length > longest
        {
            self.report(
                pointer,
                format!("must be at most {}", count_of(longest, "character")),
            );
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
            && let Some(regex) = self.compile(pattern)
            && !regex.is_match(text)
        {
            self.report(pointer, format!("must match the pattern {}", shortened(pattern)));
        }
        if let Some(format) = schema.get("format").and_then(Value::as_str)
            && !has_format(text, format)
        {
            self.report(pointer, format!("must be a valid {}", shortened(format)));
        }
    }

    /// Checks `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` and `multipleOf`.
    fn check_number(&mut self, schema: &Value, instance: &Value, pointer: &str) {
        let Some(number) = instance.as_f64() else {
            return;
        };
        if let Some(lower) = bound(schema, Side::Lower)
            && !is_above(number, lower)
        {
            let relation = if lower.exclusive {
                "greater than"
            } else {
                "at least"
            };
            self.report(
                pointer,
                format!("must be {relation} {}", show_number(lower.value)),
            );
        }
        if let Some(upper) = bound(schema, Side::Upper)
            && !is_below(number, upper)
        {
            let relation = if upper.exclusive { "less than" } else { "at most" };
            self.report(
                pointer,
                format!("must be {relation} {}", show_number(upper.value)),
            );
        }
        if let Some(step) = schema.get("multipleOf").and_then(Value::as_f64)
            && step > 0.0
            && !is_multiple(number, step)
        {
            self.report(pointer, format!("must be a multiple of {}", show_number(step)));
        }
    }

    /// Checks `required`, `minProperties`, `maxProperties` and each member of an object.
    fn check_object(
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

    /// Checks `minItems`, `maxItems`, `uniqueItems` and each item against `prefixItems` / `items`.
    fn check_array(&mut self, schema: &'a Value, items: &'a [Value], pointer: &mut String, depth: usize) {
        let size = u64::try_from(items.len()).unwrap_or(u64::MAX);
        if let Some(fewest) = schema.get("minItems").and_then(Value::as_u64)
            && size < fewest
        {
            self.report(
                pointer,
                format!("must have at least {}", count_of(fewest, "item")),
            );
        }
        if let Some(most) = schema.get("maxItems").and_then(Value::as_u64)
            && size > most
        {
            self.report(pointer, format!("must have at most {}", count_of(most, "item")));
        }
        if schema.get("uniqueItems").and_then(Value::as_bool) == Some(true) && self.has_duplicates(items) {
            self.report(pointer, "must not contain duplicate items");
        }
        self.check_items(schema, items, pointer, depth);
    }

    /// Checks each item against its `prefixItems` schema (or a 3.0-era `items` array), else `items`.
    fn check_items(&mut self, schema: &'a Value, items: &'a [Value], pointer: &mut String, depth: usize) {
        let tuple = schema
            .get("prefixItems")
            .or_else(|| schema.get("items"))
            .and_then(Value::as_array);
        let rest = schema.get("items").filter(|items| !items.is_array());
        for (index, item) in items.iter().enumerate() {
            if self.is_done() {
                return;
            }
            let item_schema = tuple.and_then(|tuple| tuple.get(index)).or(rest);
            if let Some(item_schema) = item_schema {
                self.check_child(item_schema, item, pointer, &index.to_string(), depth);
            }
        }
    }

    /// Whether two items of `items` are equal (pairwise, paid for out of the work budget).
    fn has_duplicates(&mut self, items: &[Value]) -> bool {
        for (index, item) in items.iter().enumerate() {
            for earlier in items.iter().take(index) {
                if self.stopped {
                    return false;
                }
                if self.same(earlier, item, 0) {
                    return true;
                }
            }
        }
        false
    }

    /// Checks `allOf`, `anyOf`, `oneOf` (with a `discriminator` when it names a schema) and `not`.
    fn check_combinations(
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

    /// Whether two JSON values are equal (numbers by value: `2` equals `2.0`), paid for out of the
    /// work budget; values nested deeper than the depth cap count as different.
    fn same(&mut self, left: &Value, right: &Value, depth: usize) -> bool {
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

/// The pointer to member or item `token` of the value at `pointer`.
fn child_pointer(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape(token))
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

/// `count` with `noun`, plural when needed (`1 character`, `3 properties`).
fn count_of(count: u64, noun: &str) -> String {
    match (count, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{count} {stem}ies"),
        (_, None) => format!("{count} {noun}s"),
    }
}

/// Phrases joined as alternatives (`a string or null`, `a, b or c`), the list capped.
fn either(phrases: &[String]) -> String {
    let listed = phrases.get(..phrases.len().min(MAX_LISTED)).unwrap_or_default();
    match listed.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Values joined by commas (`"available", "sold"`), eliding the rest after ten.
fn listing(quoted: &[String]) -> String {
    let mut listed = quoted
        .get(..quoted.len().min(MAX_LISTED))
        .unwrap_or_default()
        .join(", ");
    if quoted.len() > MAX_LISTED {
        listed.push_str(", …");
    }
    listed
}

/// A value as a message quotes it: scalars as JSON (long strings cut), containers as `[…]` / `{…}`.
fn quote(value: &Value) -> String {
    match value {
        Value::String(text) => format!("\"{}\"", shortened(text)),
        Value::Array(_) => "[…]".to_owned(),
        Value::Object(_) => "{…}".to_owned(),
        scalar => scalar.to_string(),
    }
}

/// `text` cut to 60 characters (with `…` when cut).
fn shortened(text: &str) -> String {
    let mut cut: String = text.chars().take(MAX_QUOTED_CHARS).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

/// A bound as a message shows it (`10`, `0.5`).
fn show_number(number: f64) -> String {
    let shown = serde_json::Number::from_f64(number).map(|number| number.to_string());
    let shown = shown.unwrap_or_else(|| number.to_string());
    shown
        .strip_suffix(".0")
        .map_or_else(|| shown.clone(), str::to_owned)
}

/// Whether `number` is within a lower bound.
fn is_above(number: f64, lower: Bound) -> bool {
    if lower.exclusive {
        number > lower.value
    } else {
        number >= lower.value
    }
}

/// Whether `number` is within an upper bound.
fn is_below(number: f64, upper: Bound) -> bool {
    if upper.exclusive {
        number < upper.value
    } else {
        number <= upper.value
    }
}

/// Whether `number` is a multiple of `step`, allowing for floating-point error (`0.3` of `0.1`).
fn is_multiple(number: f64, step: f64) -> bool {
    let quotient = number / step;
    if !quotient.is_finite() {
        return false;
    }
    (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
}

/// Whether `text` has `format` (only date-time, date, email, uuid, ipv4, ipv6 and uri are checked).
fn has_format(text: &str, format: &str) -> bool {
    match format {
        "date-time" => is_date_time(text),
        "date" => is_date(text),
        "email" => is_email(text),
        "uuid" => is_uuid(text),
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        "uri" => is_uri(text),
        _ => true,
    }
}

/// Whether `text` is an RFC 3339 date-time (`2024-01-01T00:00:00Z`, `…T10:30:00.5+02:00`).
fn is_date_time(text: &str) -> bool {
    let separated = matches!(text.as_bytes().get(10), Some(b'T' | b't' | b' '));
    separated && text.get(..10).is_some_and(is_date) && text.get(11..).is_some_and(is_time)
}

/// Whether `text` is an RFC 3339 full-date (`2024-02-29`) naming a real day.
fn is_date(text: &str) -> bool {
    let dashes = text.len() == 10 && text.get(4..5) == Some("-") && text.get(7..8) == Some("-");
    let (Some(year), Some(month), Some(day)) = (digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10))
    else {
        return false;
    };
    dashes && (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day)
}

/// Whether `text` is an RFC 3339 full-time (`23:59:60`, fraction optional, offset required).
fn is_time(text: &str) -> bool {
    let colons = text.get(2..3) == Some(":") && text.get(5..6) == Some(":");
    let (Some(hour), Some(minute), Some(second)) =
        (digits(text, 0, 2), digits(text, 3, 5), digits(text, 6, 8))
    else {
        return false;
    };
    let rest = text.get(8..).unwrap_or_default();
    let offset = match rest.strip_prefix('.') {
        Some(fraction) => fraction.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    let fraction_ok = !rest.starts_with('.') || offset.len() + 1 < rest.len();
    colons && hour <= 23 && minute <= 59 && second <= 60 && fraction_ok && is_offset(offset)
}

/// Whether `text` is a time offset: `Z` or `±HH:MM`.
fn is_offset(text: &str) -> bool {
    if text.eq_ignore_ascii_case("z") {
        return true;
    }
    let signed = text.starts_with(['+', '-']) && text.len() == 6 && text.get(3..4) == Some(":");
    signed
        && digits(text, 1, 3).is_some_and(|hours| hours <= 23)
        && digits(text, 4, 6).is_some_and(|m| m <= 59)
}

/// The number written by the ASCII digits `text[start..end]`, if they are all digits.
fn digits(text: &str, start: usize, end: usize) -> Option<u32> {
    let part = text.get(start..end)?;
    if part.bytes().all(|byte| byte.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

/// How many days `month` has in `year` (Gregorian).
fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `text` looks like an email address: one `@`, a non-empty local part and a dotted domain.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let labels_ok = domain.contains('.') && domain.split('.').all(|label| !label.is_empty());
    !local.is_empty() && !domain.contains('@') && labels_ok && !text.chars().any(char::is_whitespace)
}

/// Whether `text` is a UUID in its hyphenated form (`3fa85f64-5717-4562-b3fc-2c963f66afa6`).
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(index, character)| match index {
            8 | 13 | 18 | 23 => character == '-',
            _ => character.is_ascii_hexdigit(),
        })
}

/// Whether `text` looks like an absolute URI: a scheme, `:`, something after it and no spaces.
fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut scheme_characters = scheme.chars();
    let scheme_ok = scheme_characters
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && scheme_characters.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let rest_ok = !rest.is_empty() && !rest.chars().any(|c| c.is_whitespace() || c.is_control());
    scheme_ok && rest_ok
}

#[cfg(test)]
mod tests;
