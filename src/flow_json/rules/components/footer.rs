//! Footer captions: `center-caption` alone, or `left-caption` with `right-caption`.

use serde_json::{Map, Value};

use crate::flow_json::issue::IssueCode as C;
use crate::flow_json::rules::{Ctx, Lookup, Path, Seg, join};

/// Footer captions: `center-caption` alone, or `left-caption` with `right-caption`.
pub(crate) fn check<'a>(ctx: &mut Ctx<'a>, o: &'a Map<String, Value>, path: &Path<'a>) {
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
