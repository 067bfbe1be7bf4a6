//! NavigationList items: one badge, no `end` with large media, `on-click-action` on the list or on every item.

use serde_json::{Map, Value};

use crate::flow_json::issue::{IssueCode as C, Severity};
use crate::flow_json::rules::{Ctx, Lookup, Path, Seg, join};

/// NavigationList items: one badge, no `end` with large media, `on-click-action` on the list or on every item.
pub(crate) fn check<'a>(ctx: &mut Ctx<'a>, o: &'a Map<String, Value>, path: &Path<'a>) {
    let sub = |k: &'a str| join(path, Seg::K(k));
    let media_large = o.fget("media-size").and_then(Value::as_str) == Some("large");
    let comp_action = o.fhas("on-click-action");
    if let Some(items) = o.fget("list-items").and_then(Value::as_array) {
        let mut badges = 0;
        for (i, it) in items.iter().enumerate() {
            let Some(io) = it.as_object() else { continue };
            let mut ip = sub("list-items");
            ip.push(Seg::I(i));
            if io.fhas("badge") {
                badges += 1;
                if badges == 2 {
                    let p = join(&ip, Seg::K("badge"));
                    ctx.err(
                        C::InvalidPropertyValue,
                        &p,
                        "at most one item of a NavigationList may have a `badge`".into(),
                    );
                }
            }
            if media_large && io.fhas("end") {
                let p = join(&ip, Seg::K("end"));
                ctx.emit_at(
                    C::NotKeywordSchemaValidationFailed,
                    Severity::Error,
                    &p,
                    true,
                    "`end` cannot be used when `media-size` is large".into(),
                );
            }
            match (comp_action, io.fhas("on-click-action")) {
                (true, true) => {
                    let p = join(&ip, Seg::K("on-click-action"));
                    ctx.emit_at(
                            C::NotKeywordSchemaValidationFailed,
                            Severity::Error,
                            &p,
                            true,
                            "`on-click-action` cannot be used both on the NavigationList and on its items".into(),
                        );
                }
                (false, false) => ctx.err(
                    C::MissingRequiredProperty,
                    &ip,
                    "every item needs an `on-click-action` when the NavigationList has none".into(),
                ),
                _ => {}
            }
        }
    }
}
