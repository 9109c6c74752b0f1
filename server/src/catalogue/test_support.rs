//! Helpers the catalogue's unit tests share.

use serde_json::Value;

/// Takes a deeply nested value apart level by level (the recursive drop could overflow the stack).
pub fn drop_deep(value: Value) {
    let mut pending = vec![value];
    while let Some(mut next) = pending.pop() {
        match &mut next {
            Value::Object(members) => pending.extend(std::mem::take(members).into_iter().map(|(_, v)| v)),
            Value::Array(items) => pending.append(items),
            _ => {}
        }
    }
}
