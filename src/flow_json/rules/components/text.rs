//! The text components: TextHeading, TextSubheading, TextBody, TextCaption and RichText —
//! their catalogue rows and the shape of a `text` value (a string, or from 5.1 an array of
//! strings; RichText admits no interpolation).

use crate::flow_json::tree::Node;

use crate::flow_json::binding::{is_expression, parse_binding};
use crate::flow_json::issue::{IssueCode, IssueCode as C};
use crate::flow_json::rules::schema::{Site, str_value, type_err};
use crate::flow_json::rules::table::{
    Alone, Comp, CompType, Gate, K, LAYOUT_ONLY, P, VISIBLE, p, v,
};
use crate::flow_json::rules::{Ctx, Seg, join};

const FONT_WEIGHT: &[&str] = &["bold", "italic", "bold_italic", "normal"];

/// Whether a `text` may be an array of strings: from 5.1.
pub(crate) const TEXT_ARRAYS: Gate<bool> = Gate::new(false, &[(v(5, 1), true)]);

/// The properties of TextHeading and TextSubheading.
const HEADING_PROPS: &[P] = &[p("text", K::Str).req().chars(80), VISIBLE];

/// The properties of TextBody and TextCaption.
const BODY_PROPS: &[P] = &[
    p("text", K::Text).req().chars(4096),
    p("font-weight", K::Enum(FONT_WEIGHT)),
    p("strikethrough", K::Bool),
    p("markdown", K::Bool).fixed().since(v(5, 1)),
    VISIBLE,
];

/// TextHeading.
pub(crate) const HEADING: Comp = Comp::new(CompType::TextHeading).props(HEADING_PROPS);

/// TextSubheading.
pub(crate) const SUBHEADING: Comp = Comp::new(CompType::TextSubheading).props(HEADING_PROPS);

/// TextBody.
pub(crate) const BODY: Comp = Comp::new(CompType::TextBody).props(BODY_PROPS);

/// TextCaption.
pub(crate) const CAPTION: Comp = Comp::new(CompType::TextCaption).props(BODY_PROPS);

/// RichText (5.1): alone on its screen (a Footer beside it from 6.3).
pub(crate) const RICH_TEXT: Comp = Comp::new(CompType::RichText)
    .since(v(5, 1))
    .place(LAYOUT_ONLY)
    .alone(Alone {
        max: 1,
        beside: Gate::new(&[], &[(v(6, 3), &[CompType::Footer])]),
        code: Gate::new(
            IssueCode::InvalidRichtextPlacement,
            &[(v(6, 0), IssueCode::InvalidComponentPlacement)],
        ),
    })
    .props(&[p("text", K::Text).req(), VISIBLE]);

/// `text` of TextBody/TextCaption/RichText: a string, or from 5.1 an array of strings.
pub(crate) fn text_value(ctx: &mut Ctx<'_>, site: &Site<'_, '_>) {
    let (name, path, ver) = (site.prop.name, site.path, ctx.ver);
    let rich = site.spec.ty == CompType::RichText;
    match site.v {
        Node::String(s) if rich && s.contains("${") => ctx.err(
            C::InvalidTextDynamicData,
            path,
            "string interpolation is not supported by RichText; use static text or a single binding".into(),
        ),
        Node::String(_) => str_value(ctx, path, name, site.v, site.prop.max_chars),
        Node::Array(a) if TEXT_ARRAYS.at(ver) => {
            for (i, item) in a.iter().enumerate() {
                let p = join(path, Seg::I(i));
                match item.as_str() {
                    None => type_err(ctx, &p, name, "string", item),
                    Some(s)
                        if rich && (parse_binding(s, ver).is_some() || is_expression(s, ver)) =>
                    {
                        ctx.err(
                            C::InvalidTextDynamicData,
                            &p,
                            "items of a RichText `text` array must be static strings".into(),
                        );
                    }
                    Some(_) => str_value(ctx, &p, name, item, 0),
                }
            }
        }
        _ => site.type_err(
            ctx,
            if TEXT_ARRAYS.at(ver) {
                "string or array"
            } else {
                "string"
            },
        ),
    }
}
