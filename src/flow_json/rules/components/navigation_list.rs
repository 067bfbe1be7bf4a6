//! NavigationList (6.2): its catalogue row, the keys of its `list-items`, of their
//! `main-content` / `start` / `end` parts and their `tags`, the rules across its items (one
//! badge, no `end` with large media, `on-click-action` on the list or on every item) and the
//! size of start images.

use crate::flow_json::tree::{Node, Obj};

use crate::flow_json::binding::Ty;
use crate::flow_json::issue::{IssueCode as C, Severity};
use crate::flow_json::rules::components::media::image_size;
use crate::flow_json::rules::table::{
    Alone, Comp, CompType, Gate, ItemKey, Items, K, MEDIA_SIZE, NAME, NEVER, Part, Place, Slot,
    StrList, V0, p, v,
};
use crate::flow_json::rules::{CompInfo, Ctx, Lookup, Path, Seg, join, sub};

/// NavigationList.
pub(crate) const NAVIGATION_LIST: Comp = Comp::new(CompType::NavigationList)
    .since(v(6, 2))
    .place(Place::branches(NEVER, NEVER))
    .alone(Alone {
        max: 2,
        beside: Gate::new(&[], &[]),
        code: Gate::new(C::InvalidComponentPlacement, &[]),
    })
    .not_terminal()
    .shape(check)
    .rules(images)
    .input(Ty::Str)
    .props(&[
        NAME,
        p("list-items", K::DataSource(&LIST_ITEMS)).req(),
        p("label", K::Str).chars(80),
        p("description", K::Str).chars(300),
        p("media-size", K::Enum(MEDIA_SIZE)),
        p("on-click-action", K::Action(Slot::ListClick)).fixed(),
    ]);

/// Meta's documented size of an item's `start` image, in KB (every version that has the list).
pub(crate) const START_IMAGE_KB: Gate<usize> = Gate::new(100, &[]);

/// An item's `main-content`: a title, with description and metadata.
const MAIN_CONTENT: Part = Part {
    keys: &[
        ("title", true, 30),
        ("description", false, 20),
        ("metadata", false, 80),
    ],
    min_keys: 0,
};

/// An item's `start`: an image.
const START: Part = Part {
    keys: &[("image", true, 0), ("alt-text", false, 0)],
    min_keys: 0,
};

/// An item's `end`: at least one of title, description, metadata.
const END: Part = Part {
    keys: &[
        ("title", false, 10),
        ("description", false, 10),
        ("metadata", false, 10),
    ],
    min_keys: 1,
};

/// An item's `tags`: 1 to 3 strings of at most 15 characters.
const TAGS: StrList = StrList {
    entry: "tag",
    min: 1,
    max: 3,
    max_chars: 15,
};

/// The items of a NavigationList: 1 to 20.
const LIST_ITEMS: Items = Items {
    keys: NAV_ITEM,
    min: 1,
    max: 20,
    max_with_images: 20,
};

/// NavigationList item keys.
const NAV_ITEM: &[ItemKey] = &[
    ("id", K::Str, V0, true, 0),
    ("main-content", K::Part(&MAIN_CONTENT), V0, true, 0),
    ("start", K::Part(&START), V0, false, 0),
    ("end", K::Part(&END), V0, false, 0),
    ("badge", K::Str, V0, false, 15),
    ("tags", K::StrList(&TAGS), V0, false, 0),
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

/// NavigationList start images within Meta's documented size.
pub(crate) fn images<'a>(ctx: &mut Ctx<'a>, c: &CompInfo<'a>) {
    let Some(items) = c.obj.fget("list-items").and_then(Node::as_array) else {
        return;
    };
    let max_kb = START_IMAGE_KB.at(ctx.ver);
    for (i, it) in items.iter().enumerate() {
        let src = it.fget("start").and_then(|s| s.fget("image"));
        if let Some(src) = src.and_then(Node::as_str) {
            let mut p = sub(&c.path, "list-items");
            p.push(Seg::I(i));
            image_size(ctx, &sub(&sub(&p, "start"), "image"), src, max_kb);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flow_json::{Mode, Options, validate};

    /// The messages of a one-screen flow (7.3) with these children.
    fn messages(children: &str, terminal: bool) -> Vec<String> {
        let doc = format!(
            r#"{{"version": "7.3", "screens": [{{"id": "A", "title": "A", "terminal": {terminal},
              "layout": {{"type": "SingleColumnLayout", "children": [{children}]}}}}]}}"#
        );
        let opts = Options::default().with_mode(Mode::Everything);
        let report = validate(doc.as_bytes(), &opts).unwrap_or_default();
        report.issues().iter().map(|i| i.message.clone()).collect()
    }

    #[test]
    fn alone_on_its_screen_and_never_terminal() {
        let list = r#"{"type": "NavigationList", "name": "n", "list-items": [{"id": "a",
            "main-content": {"title": "A"}, "on-click-action": {"name": "data_exchange", "payload": {}}}]}"#;
        let two = format!("{list}, {}", list.replace(r#""n""#, r#""m""#));
        let three = format!("{two}, {}", list.replace(r#""n""#, r#""o""#));
        let too_many = "a screen can have at most 2 NavigationList";
        let terminal = "NavigationList is not allowed on a terminal screen";
        assert!(!messages(&two, false).iter().any(|m| m == too_many));
        assert!(messages(&three, false).iter().any(|m| m == too_many));
        assert!(!messages(list, false).iter().any(|m| m == terminal));
        assert!(messages(list, true).iter().any(|m| m == terminal));
        let rich = r#"{"type": "RichText", "text": "x"}"#;
        let rich_two = format!("{rich}, {rich}");
        assert!(
            messages(&rich_two, false)
                .iter()
                .any(|m| m == "a screen can have at most 1 RichText")
        );
    }
}
