//! The free-text inputs: TextInput and TextArea — their catalogue rows and the TextInput
//! `pattern` rules (a JavaScript regular expression, with `helper-text`, for text-like input
//! types).

use crate::flow_json::tree::{Node, Obj};

use crate::flow_json::binding::Ty;
use crate::flow_json::issue::IssueCode as C;
use crate::flow_json::rules::schema::is_prop_dynamic;
use crate::flow_json::rules::table::{
    Comp, CompType, ENABLED, ERROR_MESSAGE, INIT_VALUE, K, NAME, P, REQUIRED, VISIBLE, p, v,
};
use crate::flow_json::rules::{Ctx, Lookup, Path, Seg, join};

const INPUT_TYPES: &[&str] = &["text", "number", "email", "password", "passcode", "phone"];
const LARGE: &[&str] = &["large"];
/// `label-variant` of TextInput and TextArea (7.0).
const LABEL_VARIANT: P = p("label-variant", K::Enum(LARGE)).fixed().since(v(7, 0));

/// TextInput.
pub(crate) const TEXT_INPUT: Comp = Comp::new(CompType::TextInput)
    .input(Ty::Str)
    .shape(check)
    .value_by(
        "input-type",
        &[("number", Ty::Num), ("passcode", Ty::Num)],
        Ty::Str,
    )
    .form_checked()
    .bounds(&[("min-chars", "max-chars")])
    .props(&[
        NAME,
        p("label", K::Str).req().chars(20),
        p("input-type", K::Enum(INPUT_TYPES)),
        REQUIRED,
        p("min-chars", K::Int),
        p("max-chars", K::Int),
        p("helper-text", K::Str).chars(80),
        p("pattern", K::Str).since(v(6, 2)),
        ENABLED,
        VISIBLE,
        LABEL_VARIANT,
        INIT_VALUE,
        ERROR_MESSAGE.chars(30),
    ]);

/// TextArea.
pub(crate) const TEXT_AREA: Comp = Comp::new(CompType::TextArea)
    .input(Ty::Str)
    .form_checked()
    .props(&[
        NAME,
        p("label", K::Str).req().chars(20),
        REQUIRED,
        p("max-length", K::Int),
        p("helper-text", K::Str).chars(80),
        ENABLED,
        VISIBLE,
        LABEL_VARIANT,
        INIT_VALUE,
        ERROR_MESSAGE,
    ]);

/// TextInput `pattern`: a JavaScript regular expression, with `helper-text`, for text-like input types.
pub(crate) fn check<'a>(ctx: &mut Ctx<'a>, o: &'a Obj<'a>, path: &Path<'a>) {
    if !o.fhas("pattern") {
        return;
    }
    let sub = |k: &'a str| join(path, Seg::K(k));
    if let Some(pat) = o.fget("pattern").and_then(Node::as_str) {
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
    if let Some(t) = o.fget("input-type").and_then(Node::as_str) {
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
