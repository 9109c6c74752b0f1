//! The number keywords: `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` (in both
//! the 3.0 and the 3.1 style) and `multipleOf`.

use serde_json::Value;

use super::Validator;
use super::messages::show_number;
use crate::catalogue::examples::{Bound, Side, bound};

impl Validator<'_> {
    /// Checks `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` and `multipleOf`.
    pub(super) fn check_number(&mut self, schema: &Value, instance: &Value, pointer: &str) {
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
