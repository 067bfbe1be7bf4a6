//! The items of a data source (`data-source`, `list-items`), walked from the [`Items`] table of
//! the component's row: how many items, the keys an item may hold and their kinds, and the
//! kinds only items use (a closed object of strings, a list of strings, a colour).

use crate::flow_json::tree::Node;

use super::formats::is_hex_color;
use super::schema::{action, is_prop_dynamic, key_name, str_value, type_err};
use super::table::{Comp, Items, K, Part, StrList};
use super::{Ctx, Lookup, Path, ScreenInfo, Seg, join};
use crate::flow_json::issue::{IssueCode as C, Severity};

/// A data source: an array of items as `items` describes them.
pub(crate) fn data_source<'a>(
    ctx: &mut Ctx<'a>,
    si: &mut ScreenInfo<'a>,
    spec: &'static Comp,
    items: &'static Items,
    path: Path<'a>,
    v: &'a Node<'a>,
    in_form: bool,
) {
    let name = key_name(&path);
    let Some(a) = v.as_array() else {
        if v.is_string() {
            ctx.err(
                C::PatternMismatch,
                &path,
                format!("`{name}` should be of type array or have the `${{data.…}}` format"),
            );
        } else {
            type_err(ctx, &path, name, "array", v);
        }
        return;
    };
    item_count(ctx, items, &path, a);
    for (i, item) in a.iter().enumerate() {
        let ip = join(&path, Seg::I(i));
        let Some(o) = item.as_object() else {
            type_err(ctx, &ip, "item", "object", item);
            continue;
        };
        for (k, val) in o {
            let k = k.as_str();
            let kp = join(&ip, Seg::K(k));
            let Some((_, kind, _, _, max_chars)) = items
                .keys
                .iter()
                .find(|(n, _, since, _, _)| *n == k && *since <= ctx.ver)
            else {
                ctx.emit_at(
                    C::InvalidPropertyKey,
                    Severity::Error,
                    &kp,
                    true,
                    format!("property `{k}` is not allowed in a {name} item"),
                );
                continue;
            };
            match kind {
                K::Action(slot) => action(ctx, si, spec.ty, *slot, kp, val, in_form),
                K::Bool => {
                    if !(val.is_boolean()
                        || val.as_str().is_some_and(|s| is_prop_dynamic(s, ctx.ver)))
                    {
                        type_err(ctx, &kp, k, "boolean", val);
                    }
                }
                K::Part(part) => part_value(ctx, kp, k, part, val),
                K::StrList(list) => str_list_value(ctx, &kp, k, list, val),
                K::Color => color_value(ctx, &kp, k, val, *max_chars),
                _ => str_value(ctx, &kp, k, val, *max_chars),
            }
        }
        for (k, _, since, req, _) in items.keys {
            if *req && *since <= ctx.ver && !o.fhas(k) {
                ctx.err(
                    C::MissingRequiredProperty,
                    &ip,
                    format!("required property `{k}` is missing in a {name} item"),
                );
            }
        }
    }
}

/// The item count: `min` to `max` (`max_with_images` when an item has an `image`).
fn item_count(ctx: &mut Ctx<'_>, items: &Items, path: &[Seg<'_>], a: &[Node<'_>]) {
    let name = key_name(path);
    let has_image = a.iter().any(|i| i.fget("image").is_some());
    let (min, max) = if has_image {
        (items.min, items.max_with_images)
    } else {
        (items.min, items.max)
    };
    if a.len() < min {
        ctx.err(
            C::MinItemsRequired,
            path,
            format!(
                "`{name}` should have at least {min} item{}",
                if min == 1 { "" } else { "s" }
            ),
        );
    } else if a.len() > max {
        ctx.err(
            C::MaxItemsRequired,
            path,
            format!("`{name}` should have at most {max} items"),
        );
    }
}

/// A closed object of strings (`part` names its keys).
pub(crate) fn part_value<'a>(
    ctx: &mut Ctx<'a>,
    path: Path<'a>,
    name: &str,
    part: &Part,
    v: &'a Node<'a>,
) {
    let Some(o) = v.as_object() else {
        type_err(ctx, &path, name, "object", v);
        return;
    };
    for (k, val) in o {
        let kp = join(&path, Seg::K(k.as_str()));
        match part.keys.iter().find(|(x, _, _)| x == k) {
            None => ctx.emit_at(
                C::InvalidPropertyKey,
                Severity::Error,
                &kp,
                true,
                format!("property `{k}` is not allowed in `{name}`"),
            ),
            Some((_, _, max_chars)) => str_value(ctx, &kp, k, val, *max_chars),
        }
    }
    for (r, _, _) in part.keys.iter().filter(|(_, req, _)| *req) {
        if !o.fhas(r) {
            ctx.err(
                C::MissingRequiredProperty,
                &path,
                format!("required property `{r}` is missing in `{name}`"),
            );
        }
    }
    if o.keys().len() < part.min_keys {
        let keys: Vec<&str> = part.keys.iter().map(|(k, _, _)| *k).collect();
        ctx.err(
            C::MinItemsRequired,
            &path,
            format!(
                "`{name}` should have at least {} of {}",
                part.min_keys,
                keys.join(", ")
            ),
        );
    }
}

/// An array of `list.min` to `list.max` strings. Both ends are reported as
/// `MAX_ITEMS_REQUIRED`, with one message naming the range.
pub(crate) fn str_list_value<'a>(
    ctx: &mut Ctx<'a>,
    path: &Path<'a>,
    name: &str,
    list: &StrList,
    v: &'a Node<'a>,
) {
    let Some(a) = v.as_array() else {
        type_err(ctx, path, name, "array", v);
        return;
    };
    // minItems / maxItems of Meta's schema: each has its own code (as for a data source's
    // item count).
    if a.len() < list.min {
        ctx.err(
            C::MinItemsRequired,
            path,
            format!("`{name}` should have {} to {} items", list.min, list.max),
        );
    } else if a.len() > list.max {
        ctx.err(
            C::MaxItemsRequired,
            path,
            format!("`{name}` should have {} to {} items", list.min, list.max),
        );
    }
    for (j, entry) in a.iter().enumerate() {
        let p = join(path, Seg::I(j));
        str_value(ctx, &p, list.entry, entry, list.max_chars);
    }
}

/// A colour: a string (with the string rules) that is `#` and six hex digits.
pub(crate) fn color_value(ctx: &mut Ctx<'_>, path: &[Seg<'_>], name: &str, v: &Node<'_>, max: u16) {
    str_value(ctx, path, name, v, max);
    let Some(c) = v.as_str() else { return };
    if !is_hex_color(c) {
        ctx.err(
            C::PatternMismatch,
            path,
            format!("`{name}` \"{c}\" should match ^#[A-Fa-f0-9]{{6}}$"),
        );
    }
}
