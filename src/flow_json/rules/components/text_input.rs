//! TextInput `pattern`: a JavaScript regular expression, with `helper-text`, for text-like input types.

use serde_json::{Map, Value};

use crate::flow_json::issue::IssueCode as C;
use crate::flow_json::rules::schema::is_prop_dynamic;
use crate::flow_json::rules::{Ctx, Lookup, Path, Seg, join};

/// TextInput `pattern`: a JavaScript regular expression, with `helper-text`, for text-like input types.
pub(crate) fn check<'a>(ctx: &mut Ctx<'a>, o: &'a Map<String, Value>, path: &Path<'a>) {
    let sub = |k: &'a str| join(path, Seg::K(k));
    if let Some(pat) = o.fget("pattern").and_then(Value::as_str) {
        if !is_prop_dynamic(pat, ctx.ver) {
            if let Some(m) = crate::flow_json::rules::jsregex::problem(pat) {
                ctx.err(
                    C::WaflowsInvalidPattern,
                    &sub("pattern"),
                    format!("`pattern` is not a valid regular expression: {m}"),
                );
            }
        }
    }
    if !o.fhas("helper-text") {
        ctx.err(
            C::MissingRequiredProperty,
            path,
            "property `helper-text` is required when `pattern` is set".into(),
        );
    }
    if let Some(t) = o.fget("input-type").and_then(Value::as_str) {
        if !matches!(t, "text" | "number" | "password" | "passcode") && !is_prop_dynamic(t, ctx.ver)
        {
            ctx.err(
                C::InvalidPropertyValue,
                &sub("pattern"),
                format!("`pattern` cannot be used with input-type \"{t}\""),
            );
        }
    }
}
