//! CalendarPicker: which properties single and range mode admit, and the shape of range objects.

use serde_json::{Map, Value};

use crate::flow_json::issue::{IssueCode as C, Severity};
use crate::flow_json::rules::{Ctx, Lookup, Path, Seg, join};

/// CalendarPicker: which properties single and range mode admit, and the shape of range objects.
pub(crate) fn check<'a>(
    ctx: &mut Ctx<'a>,
    o: &'a Map<String, Value>,
    path: &Path<'a>,
    range_mode: bool,
) {
    let sub = |k: &'a str| join(path, Seg::K(k));
    if !range_mode {
        for k in ["title", "description", "min-days", "max-days"] {
            if o.fhas(k) {
                ctx.emit_at(
                    C::InvalidPropertyNameForCondition,
                    Severity::Error,
                    &sub(k),
                    true,
                    format!("cannot set `{k}` when mode is single"),
                );
            }
        }
    } else {
        for k in [
            "label",
            "helper-text",
            "required",
            "init-value",
            "error-message",
        ] {
            let Some(Value::Object(m)) = o.get(k) else {
                continue;
            };
            let kp = sub(k);
            for key in m.keys() {
                if key != "start-date" && key != "end-date" {
                    let p = join(&kp, Seg::K(key.as_str()));
                    ctx.emit_at(
                        C::UnexpectedCalendarPickerRangeModeProp,
                        Severity::Error,
                        &p,
                        true,
                        format!("`{k}` may only contain `start-date` and `end-date`, not `{key}`"),
                    );
                }
            }
            if matches!(k, "label" | "init-value") {
                for need in ["start-date", "end-date"] {
                    if !m.fhas(need) {
                        ctx.err(
                            C::MissingCalendarPickerRangeModeProp,
                            &kp,
                            format!("`{k}` in range mode needs `{need}`"),
                        );
                    }
                }
            }
        }
    }
}
