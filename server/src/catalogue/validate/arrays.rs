//! The array keywords: `minItems`, `maxItems`, `uniqueItems`, `prefixItems` and `items`.

use serde_json::Value;

use super::Validator;
use super::messages::count_of;

impl<'a> Validator<'a> {
    /// Checks `minItems`, `maxItems`, `uniqueItems` and each item against `prefixItems` / `items`.
    pub(super) fn check_array(
        &mut self,
        schema: &'a Value,
        items: &'a [Value],
        pointer: &mut String,
        depth: usize,
    ) {
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
}
