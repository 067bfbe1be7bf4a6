//! NavigationList (6.2): its catalogue row, the keys of its `list-items`, of their
//! `main-content` / `start` / `end` parts and their `tags`, the rules across its items (one
//! badge, no `end` with large media, `on-click-action` on the list or on every item) and the
//! size of start images.

use crate::flow_json::tree::{Node, Obj};

use crate::flow_json::binding::Ty;
use crate::flow_json::issue::{IssueCode as C, Severity};
use crate::flow_json::rules::components::media::image_size;
use crate::flow_json::rules::schema::{str_value, type_err};
use crate::flow_json::rules::table::{
    Comp, CompType, Gate, Items, K, MEDIA_SIZE, NAME, NEVER, Place, Slot, V0, p, v,
};
use crate::flow_json::rules::{CompInfo, Ctx, Lookup, Path, Seg, join, sub};
use crate::flow_json::version::FlowVersion;

/// NavigationList.
pub(crate) const NAVIGATION_LIST: Comp = Comp::new(CompType::NavigationList)
    .since(v(6, 2))
    .place(Place::branches(NEVER, NEVER))
    .input(Ty::Str)
    .props(&[
        NAME,
        p("list-items", K::DataSource(Items::NavList)).req(),
        p("label", K::Str).chars(80),
        p("description", K::Str).chars(300),
        p("media-size", K::Enum(MEDIA_SIZE)),
        p("on-click-action", K::Action(Slot::ListClick)).fixed(),
    ]);

/// Meta's documented size of an item's `start` image, in KB (every version that has the list).
pub(crate) const START_IMAGE_KB: Gate<usize> = Gate::new(100, &[]);

/// NavigationList item keys (`main-content`, `start`, `end` are objects checked separately).
pub(crate) const NAV_ITEM: &[(&str, K, FlowVersion, bool, u16)] = &[
    ("id", K::Str, V0, true, 0),
    ("main-content", K::Str, V0, true, 0),
    ("start", K::Str, V0, false, 0),
    ("end", K::Str, V0, false, 0),
    ("badge", K::Str, V0, false, 15),
    ("tags", K::StrArr, V0, false, 0),
    ("on-click-action", K::Action(Slot::ListClick), V0, false, 0),
    ("enabled", K::Bool, V0, false, 0),
];

/// NavigationList items: one badge, no `end` with large media, `on-click-action` on the list or on every item.
pub(crate) fn check<'a>(ctx: &mut Ctx<'a>, o: &'a Obj<'a>, path: &Path<'a>) {
    let sub = |k: &'a str| join(path, Seg::K(k));
    let media_large = o.fget("media-size").and_then(Node::as_str) == Some("large");
    let comp_action = o.fhas("on-click-action");
    if let Some(items) = o.fget("list-items").and_then(Node::as_array) {
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

/// `main-content`, `start` and `end` of a NavigationList item: closed objects of strings.
pub(crate) fn nav_part<'a>(ctx: &mut Ctx<'a>, path: Path<'a>, part: &str, v: &'a Node<'a>) {
    let Some(o) = v.as_object() else {
        type_err(ctx, &path, part, "object", v);
        return;
    };
    let (keys, required, limits): (&[&str], &[&str], &[u16]) = match part {
        "main-content" => (
            &["title", "description", "metadata"],
            &["title"],
            &[30, 20, 80],
        ),
        "start" => (&["image", "alt-text"], &["image"], &[0, 0]),
        _ => (&["title", "description", "metadata"], &[], &[10, 10, 10]),
    };
    for (k, val) in o {
        let kp = join(&path, Seg::K(k.as_str()));
        match keys.iter().position(|x| x == k) {
            None => ctx.emit_at(
                C::InvalidPropertyKey,
                Severity::Error,
                &kp,
                true,
                format!("property `{k}` is not allowed in `{part}`"),
            ),
            Some(i) => str_value(ctx, &kp, k, val, limits.get(i).copied().unwrap_or(0)),
        }
    }
    for r in required {
        if !o.fhas(r) {
            ctx.err(
                C::MissingRequiredProperty,
                &path,
                format!("required property `{r}` is missing in `{part}`"),
            );
        }
    }
    if part == "end" && o.is_empty() {
        ctx.err(
            C::MinItemsRequired,
            &path,
            "`end` should have at least 1 of title, description, metadata".into(),
        );
    }
}

/// NavigationList start images within Meta's documented size.
pub(crate) fn images<'a>(ctx: &mut Ctx<'a>, c: &CompInfo<'a>) {
    if c.ty == CompType::NavigationList {
        if let Some(items) = c.obj.fget("list-items").and_then(Node::as_array) {
            for (i, it) in items.iter().enumerate() {
                let src = it.fget("start").and_then(|s| s.fget("image"));
                if let Some(src) = src.and_then(Node::as_str) {
                    let mut p = sub(&c.path, "list-items");
                    p.push(Seg::I(i));
                    let max_kb = START_IMAGE_KB.at(ctx.ver);
                    image_size(ctx, &sub(&sub(&p, "start"), "image"), src, max_kb);
                }
            }
        }
    }
}

/// An item's `tags`: 1 to 3 strings of at most 15 characters.
pub(crate) fn tags<'a>(ctx: &mut Ctx<'a>, kp: &Path<'a>, k: &str, val: &'a Node<'a>) {
    let Some(t) = val.as_array() else {
        type_err(ctx, kp, k, "array", val);
        return;
    };
    if t.is_empty() || t.len() > 3 {
        ctx.err(
            C::MaxItemsRequired,
            kp,
            "`tags` should have 1 to 3 items".into(),
        );
    }
    for (j, tag) in t.iter().enumerate() {
        let p = join(kp, Seg::I(j));
        str_value(ctx, &p, "tag", tag, 15);
    }
}
