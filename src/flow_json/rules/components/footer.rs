//! Footer: its catalogue row and its captions (`center-caption` alone, or `left-caption` with
//! `right-caption`). Its row says one per screen; where Footers stand (terminal screens, If and
//! Switch branches) is decided in `semantic.rs`.

use crate::flow_json::tree::Obj;

use crate::flow_json::issue::IssueCode as C;
use crate::flow_json::rules::table::{Comp, CompType, ENABLED, K, PolicyCode, Slot, p};
use crate::flow_json::rules::{Ctx, Lookup, Path, Seg, join};

/// Footer.
pub(crate) const FOOTER: Comp = Comp::new(CompType::Footer)
    .per_screen(1)
    .per_screen_code(PolicyCode::DocsFooter)
    .shape(check)
    .props(&[
        p("label", K::Str).req().chars(35),
        p("on-click-action", K::Action(Slot::FooterClick))
            .req()
            .fixed(),
        p("left-caption", K::Str).chars(15),
        p("right-caption", K::Str).chars(15),
        p("center-caption", K::Str).chars(15),
        ENABLED,
    ]);

/// Footer captions: `center-caption` alone, or `left-caption` with `right-caption`.
pub(crate) fn check<'a>(ctx: &mut Ctx<'a>, o: &'a Obj<'a>, path: &Path<'a>) {
    let sub = |k: &'a str| join(path, Seg::K(k));
    let (l, r, c) = (
        o.fhas("left-caption"),
        o.fhas("right-caption"),
        o.fhas("center-caption"),
    );
    if c && (l || r) {
        ctx.err(
                C::NotKeywordSchemaValidationFailed,
                &sub("center-caption"),
                "properties `center-caption` and `left-caption`/`right-caption` must be present exclusively".into(),
            );
    } else if l != r {
        let (has, missing) = if l {
            ("left-caption", "right-caption")
        } else {
            ("right-caption", "left-caption")
        };
        ctx.err(
            C::InvalidDependencies,
            &sub(has),
            format!("property `{has}` requires property `{missing}`"),
        );
    }
}
