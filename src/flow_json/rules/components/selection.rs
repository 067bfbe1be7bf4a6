//! The selection components: CheckboxGroup, RadioButtonsGroup, Dropdown and ChipsSelector —
//! their catalogue rows, the keys of their `data-source` items and an item's `color`, how many
//! items a data source holds, and the item rules of the semantic phase (image sizes, images
//! or colours, actions at one level only).

use crate::flow_json::tree::Node;

use crate::flow_json::binding::Ty;
use crate::flow_json::issue::{IssueCode as C, Severity};
use crate::flow_json::rules::components::media::image_size;
use crate::flow_json::rules::table::{
    Comp, CompType, ENABLED, ERROR_MESSAGE, Gate, INIT_VALUE, ItemKey, Items, K, MEDIA_SIZE, NAME,
    Place, PolicyMin, REQUIRED, Slot, V0, VISIBLE, p, v,
};
use crate::flow_json::rules::{CompInfo, Ctx, Lookup, Seg, sub};

/// CheckboxGroup.
pub(crate) const CHECKBOX_GROUP: Comp = Comp::new(CompType::CheckboxGroup)
    .rules(items)
    .input(Ty::Arr)
    .form_checked()
    .bounds(&[("min-selected-items", "max-selected-items")])
    .props(&[
        NAME,
        p("data-source", K::DataSource(&SELECTION_ITEMS)).req(),
        p("label", K::Str).req_since(v(4, 0)).chars(30),
        p("description", K::Str).since(v(4, 0)),
        REQUIRED,
        p("min-selected-items", K::IntRange(0, i64::MAX)),
        // 1 in the docs, 2 in Flow Builder: the policy decides (`policy.rs` row 7).
        p("max-selected-items", K::IntRange(1, i64::MAX)).min_by(PolicyMin::CheckboxMaxSelected),
        ENABLED,
        VISIBLE,
        p("media-size", K::Enum(MEDIA_SIZE)).since(v(5, 0)),
        p("on-select-action", K::Action(Slot::SelectionSelect)).fixed(),
        p("on-unselect-action", K::Action(Slot::UpdateOnly))
            .fixed()
            .since(v(6, 0)),
        INIT_VALUE,
        ERROR_MESSAGE,
    ]);

/// RadioButtonsGroup.
pub(crate) const RADIO_BUTTONS_GROUP: Comp = Comp::new(CompType::RadioButtonsGroup)
    .rules(items)
    .input(Ty::Str)
    .form_checked()
    .props(&[
        NAME,
        p("data-source", K::DataSource(&SELECTION_ITEMS)).req(),
        p("label", K::Str).req_since(v(4, 0)).chars(30),
        p("description", K::Str).since(v(4, 0)),
        REQUIRED,
        ENABLED,
        VISIBLE,
        p("media-size", K::Enum(MEDIA_SIZE)).since(v(5, 0)),
        p("on-select-action", K::Action(Slot::SelectionSelect)).fixed(),
        p("on-unselect-action", K::Action(Slot::UpdateOnly))
            .fixed()
            .since(v(6, 0)),
        INIT_VALUE,
        ERROR_MESSAGE,
    ]);

/// Dropdown.
pub(crate) const DROPDOWN: Comp = Comp::new(CompType::Dropdown)
    .rules(items)
    .input(Ty::Str)
    .form_checked()
    .props(&[
        NAME,
        p("label", K::Str).req().chars(20),
        p("data-source", K::DataSource(&DROPDOWN_ITEMS)).req(),
        REQUIRED,
        ENABLED,
        VISIBLE,
        p("on-select-action", K::Action(Slot::SelectionSelect)).fixed(),
        p("on-unselect-action", K::Action(Slot::UpdateOnly))
            .fixed()
            .since(v(6, 0)),
        INIT_VALUE,
        ERROR_MESSAGE,
    ]);

/// ChipsSelector (6.3).
pub(crate) const CHIPS_SELECTOR: Comp = Comp::new(CompType::ChipsSelector)
    .rules(items)
    .since(v(6, 3))
    .place(Place::branches(v(7, 1), v(7, 1)))
    .input(Ty::Arr)
    .bounds(&[("min-selected-items", "max-selected-items")])
    .props(&[
        NAME,
        p("label", K::Str).req().chars(80),
        p("data-source", K::DataSource(&CHIPS_ITEMS)).req(),
        p("description", K::Str).chars(300),
        p("min-selected-items", K::IntRange(0, i64::MAX)),
        p("max-selected-items", K::IntRange(1, i64::MAX)),
        REQUIRED,
        ENABLED,
        VISIBLE,
        p("on-select-action", K::Action(Slot::SelectionSelect))
            .fixed()
            .since(v(7, 1)),
        p("on-unselect-action", K::Action(Slot::UpdateOnly))
            .fixed()
            .since(v(7, 1)),
        INIT_VALUE,
        ERROR_MESSAGE,
    ]);

/// Meta's documented size of a data-source item `image`, in KB: 300, then 100 from 6.0.
pub(crate) const ITEM_IMAGE_KB: Gate<usize> = Gate::new(300, &[(v(6, 0), 100)]);

/// The items of a CheckboxGroup or RadioButtonsGroup: 1 to 20.
const SELECTION_ITEMS: Items = Items {
    keys: SELECTION_ITEM,
    min: 1,
    max: 20,
    max_with_images: 20,
};

/// The items of a Dropdown: up to 200, 100 when they have images.
const DROPDOWN_ITEMS: Items = Items {
    keys: SELECTION_ITEM,
    min: 1,
    max: 200,
    max_with_images: 100,
};

/// The items of a ChipsSelector: 2 to 20.
const CHIPS_ITEMS: Items = Items {
    keys: CHIPS_ITEM,
    min: 2,
    max: 20,
    max_with_images: 20,
};

/// Data-source item keys: (key, kind, since, required, display limit).
const SELECTION_ITEM: &[ItemKey] = &[
    ("id", K::Str, V0, true, 0),
    ("title", K::Str, V0, true, 30),
    ("description", K::Str, V0, false, 300),
    ("metadata", K::Str, V0, false, 20),
    ("enabled", K::Bool, V0, false, 0),
    ("image", K::Str, v(5, 0), false, 0),
    ("alt-text", K::Str, v(5, 0), false, 0),
    ("color", K::Color, v(5, 0), false, 0),
    (
        "on-select-action",
        K::Action(Slot::UpdateOnly),
        v(6, 0),
        false,
        0,
    ),
    (
        "on-unselect-action",
        K::Action(Slot::UpdateOnly),
        v(6, 0),
        false,
        0,
    ),
];

/// ChipsSelector item keys.
const CHIPS_ITEM: &[ItemKey] = &[
    ("id", K::Str, V0, true, 0),
    ("title", K::Str, V0, true, 0),
    ("enabled", K::Bool, V0, false, 0),
    (
        "on-select-action",
        K::Action(Slot::UpdateOnly),
        V0,
        false,
        0,
    ),
    (
        "on-unselect-action",
        K::Action(Slot::UpdateOnly),
        V0,
        false,
        0,
    ),
];

/// Selection components' data-source items: image sizes, image/colour mix, actions at both
/// levels.
pub(crate) fn items<'a>(ctx: &mut Ctx<'a>, c: &CompInfo<'a>) {
    let Some(items) = c.obj.fget("data-source").and_then(Node::as_array) else {
        return;
    };
    let max_kb = ITEM_IMAGE_KB.at(ctx.ver);
    for (i, it) in items.iter().enumerate() {
        if let Some(src) = it.fget("image").and_then(Node::as_str) {
            let mut p = sub(&c.path, "data-source");
            p.push(Seg::I(i));
            image_size(ctx, &sub(&p, "image"), src, max_kb);
        }
    }
    let img = items.iter().any(|i| i.fget("image").is_some());
    let col = items.iter().any(|i| i.fget("color").is_some());
    if img && col {
        ctx.err(
            C::DataSourceItemsHaveBothImageAndColor,
            &sub(&c.path, "data-source"),
            "data-source items may use images or colors, not both".into(),
        );
    }
    for slot in ["on-select-action", "on-unselect-action"] {
        if c.obj.fhas(slot) {
            if let Some(i) = items.iter().position(|i| i.get(slot).is_some()) {
                let mut p = sub(&c.path, "data-source");
                p.push(Seg::I(i));
                ctx.emit_at(
                    C::InvalidUpdateDataActionPayload,
                    Severity::Error,
                    &sub(&p, slot),
                    true,
                    format!("`{slot}` cannot be used at both the component and the item level"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flow_json::{IssueCode, Mode, Options, validate};

    /// The `MINIMUM_VALUE_REQUIRED` pointers of a one-screen flow holding `component`.
    fn minimum_issues(component: &str, strict: bool) -> Vec<String> {
        let doc = format!(
            r#"{{"version": "7.3", "screens": [{{"id": "A", "title": "A", "terminal": true,
              "layout": {{"type": "SingleColumnLayout", "children": [{component},
              {{"type": "Footer", "label": "Done", "on-click-action": {{"name": "complete", "payload": {{}}}}}}]}}}}]}}"#
        );
        let opts = Options::default()
            .with_mode(Mode::Everything)
            .with_strict(strict);
        let report = validate(doc.as_bytes(), &opts).unwrap_or_default();
        report
            .issues()
            .iter()
            .filter(|i| i.code == IssueCode::MinimumValueRequired)
            .map(|i| i.pointer())
            .collect()
    }

    #[test]
    fn the_policy_decides_the_checkbox_max_selected_minimum() {
        let items = r#""data-source": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]"#;
        let checkbox = format!(
            r#"{{"type": "CheckboxGroup", "name": "c", "label": "C", {items}, "max-selected-items": 1}}"#
        );
        let at = "/screens/0/layout/children/0/max-selected-items";
        assert!(minimum_issues(&checkbox, false).is_empty());
        assert_eq!(minimum_issues(&checkbox, true), [at]);
        let zero = checkbox.replace(r#""max-selected-items": 1"#, r#""max-selected-items": 0"#);
        assert_eq!(minimum_issues(&zero, false), [at]);
        // Only the CheckboxGroup row names the policy's minimum.
        let chips = format!(
            r#"{{"type": "ChipsSelector", "name": "c", "label": "C", {items}, "max-selected-items": 1}}"#
        );
        assert!(minimum_issues(&chips, true).is_empty());
    }
}
