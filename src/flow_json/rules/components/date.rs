//! The date components: DatePicker and CalendarPicker (6.1) — their catalogue rows, the
//! CalendarPicker properties whose shape follows `mode` (single or range), and the date-range
//! rules of the semantic phase.

use crate::flow_json::tree::{Node, Obj};

use crate::flow_json::binding::Ty;
use crate::flow_json::issue::{IssueCode as C, Severity};
use crate::flow_json::rules::formats::{DATE_FORMAT, DateFormat, is_date};
use crate::flow_json::rules::schema::{Site, str_value};
use crate::flow_json::rules::table::{
    Comp, CompType, CompType as T, ENABLED, ERROR_MESSAGE, K, NAME, REQUIRED, Slot, VISIBLE, p, v,
};
use crate::flow_json::rules::{CompInfo, Ctx, Lookup, Path, Seg, join, sub};

const CAL_MODE: &[&str] = &["single", "range"];
const DAYS: &[&str] = &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// DatePicker.
pub(crate) const DATE_PICKER: Comp = Comp::new(CompType::DatePicker)
    .input(Ty::Str)
    .rules(dates)
    .form_checked()
    .props(&[
        NAME,
        p("label", K::Str).req().chars(40),
        p("helper-text", K::Str).chars(80),
        p("min-date", K::Date),
        p("max-date", K::Date),
        p("unavailable-dates", K::DateArr),
        REQUIRED,
        ENABLED,
        VISIBLE,
        p("on-select-action", K::Action(Slot::DateSelect)).fixed(),
        // A date, in the format of its version (`formats::DATE_FORMAT`).
        p("init-value", K::Date).since(v(4, 0)),
        ERROR_MESSAGE.chars(80),
    ]);

/// CalendarPicker.
pub(crate) const CALENDAR_PICKER: Comp = Comp::new(CompType::CalendarPicker)
    .since(v(6, 1))
    .input(Ty::Any)
    .value_by("mode", &[("range", Ty::Obj)], Ty::Str)
    .shape(check)
    .rules(dates)
    .bounds(&[("min-days", "max-days")])
    .bounds_code(C::InvalidMinMaxDays)
    .props(&[
        NAME,
        p("mode", K::Enum(CAL_MODE)),
        p("label", K::StrOrRange).req().chars(40),
        p("title", K::Str).chars(80),
        p("description", K::Str).chars(300),
        p("helper-text", K::StrOrRange).chars(80),
        p("required", K::BoolOrRange),
        ENABLED,
        VISIBLE,
        p("min-date", K::Date),
        p("max-date", K::Date),
        p("unavailable-dates", K::DateArr),
        p("include-days", K::EnumArr(DAYS)),
        p("min-days", K::Int),
        p("max-days", K::Int),
        p("on-select-action", K::Action(Slot::DateSelect)).fixed(),
        p("init-value", K::StrOrRange),
        p("error-message", K::StrOrRange).chars(80),
    ]);

/// CalendarPicker properties whose shape follows `mode`, and picker `error-message`.
pub(crate) fn mode_value(ctx: &mut Ctx<'_>, site: &Site<'_, '_>) {
    let (prop, name, path, v) = (site.prop, site.prop.name, site.path, site.v);
    let scalar_ok = match prop.k {
        K::BoolOrRange => v.is_boolean(),
        _ => v.is_string(),
    };
    if v.is_object() {
        if prop.k != K::StrOrObj && !site.range_mode {
            ctx.err(
                C::InvalidType,
                path,
                format!("`{name}` can be an object only when mode is range"),
            );
        }
    } else if !scalar_ok {
        let want = if prop.k == K::BoolOrRange {
            "boolean"
        } else {
            "string"
        };
        site.type_err(ctx, want);
    } else if let Some(s) = v.as_str() {
        str_value(ctx, path, name, v, prop.max_chars);
        if site.spec.ty == T::CalendarPicker
            && name == "init-value"
            && !site.range_mode
            && !is_date(s)
        {
            ctx.err(
                C::InvalidDateSingleInitValueFormat,
                path,
                "the single-mode `init-value` must be a date in format YYYY-MM-DD".into(),
            );
        }
    }
}

/// CalendarPicker: which properties single and range mode admit, and the shape of range objects.
pub(crate) fn check<'a>(ctx: &mut Ctx<'a>, o: &'a Obj<'a>, path: &Path<'a>) {
    let sub = |k: &'a str| join(path, Seg::K(k));
    let range_mode = o.fget("mode").and_then(Node::as_str) == Some("range");
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
            let Some(Node::Object(m)) = o.get(k) else {
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

/// `min-date` ≤ `max-date`, and unavailable dates and `init-value` between them (where dates
/// are `YYYY-MM-DD`, from 5.0: [`DATE_FORMAT`]).
pub(crate) fn dates<'a>(ctx: &mut Ctx<'a>, c: &CompInfo<'a>) {
    if DATE_FORMAT.at(ctx.ver) != DateFormat::Iso {
        return;
    }
    let get = |k: &str| c.obj.get(k).and_then(Node::as_str).filter(|s| is_date(s));
    let min = get("min-date");
    let max = get("max-date");
    if let (Some(a), Some(b)) = (min, max) {
        if a > b {
            ctx.err(
                C::InvalidDateRange,
                &sub(&c.path, "min-date"),
                format!("`min-date` {a} is after `max-date` {b}"),
            );
            return;
        }
    }
    let lo = min.unwrap_or("1900-01-01");
    let hi = max.unwrap_or("2100-12-31");
    let outside = |d: &str| d < lo || d > hi;
    if let Some(a) = c.obj.fget("unavailable-dates").and_then(Node::as_array) {
        for (i, d) in a.iter().enumerate() {
            if let Some(d) = d.as_str().filter(|s| is_date(s)) {
                if outside(d) {
                    let mut p = sub(&c.path, "unavailable-dates");
                    p.push(Seg::I(i));
                    ctx.err(
                        C::InvalidDateRange,
                        &p,
                        format!("unavailable date {d} is outside [{lo}, {hi}]"),
                    );
                }
            }
        }
    }
    if let Some(d) = get("init-value") {
        if outside(d) {
            ctx.err(
                C::InvalidDateRange,
                &sub(&c.path, "init-value"),
                format!("`init-value` {d} is outside [{lo}, {hi}]"),
            );
        }
    }
}
