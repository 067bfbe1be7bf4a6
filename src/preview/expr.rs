//! Expression evaluation for the preview (If conditions, backtick expressions).
//!
//! Interim: only a lone binding or a boolean literal is decided; anything else is undecided
//! (`None`) and the preview shows the expression's source. Replaced by the simulator's
//! evaluator once it lands.
use serde_json::Value;

use super::bind::{Scope, whole_binding};

/// Evaluates `src` (the text inside backticks, or an `If` condition) in `scope`.
pub(crate) fn evaluate(src: &str, scope: &Scope<'_>) -> Option<Value> {
    let t = src.trim();
    match t {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    whole_binding(t).and_then(|p| scope.lookup(p)).cloned()
}
