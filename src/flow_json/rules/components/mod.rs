//! One module per component or family: its catalogue rows (the `Comp` consts `table.rs`
//! assembles), its item tables and version gates, the shapes its row cannot express and its
//! own semantic rules, named by its rows (`Comp::shape`, `Comp::rules`). This module is the
//! two calls into them: [`check`] (schema phase, rules across several properties of one
//! component) and [`semantic`] (semantic phase, one component of a screen). Rules that span a
//! screen (counts, placement, read from the rows) or the flow (routing) are in `semantic.rs`
//! and `routing.rs`.

use crate::flow_json::tree::{Node, Obj};

use super::table::Comp;
use super::{CompInfo, Ctx, Path, sub};

pub(crate) mod containers;
pub(crate) mod date;
pub(crate) mod footer;
pub(crate) mod link;
pub(crate) mod media;
pub(crate) mod navigation_list;
pub(crate) mod selection;
pub(crate) mod text;
pub(crate) mod text_input;

/// The component-specific shape rules of `spec` (its row's `shape`).
pub(crate) fn check<'a>(ctx: &mut Ctx<'a>, spec: &Comp, o: &'a Obj<'a>, path: &Path<'a>) {
    if let Some(rule) = spec.shape {
        rule(ctx, o, path);
    }
}

/// The component-specific rules of the semantic phase for one component of a screen: the
/// row's `bounds`, then its `rules`.
pub(crate) fn semantic<'a>(ctx: &mut Ctx<'a>, c: &CompInfo<'a>) {
    min_max(ctx, c);
    if let Some(rule) = c.ty.spec().rules {
        rule(ctx, c);
    }
}

/// The catalogue's `bounds` of a component: `min-…` not above `max-…`.
fn min_max<'a>(ctx: &mut Ctx<'a>, c: &CompInfo<'a>) {
    let spec = c.ty.spec();
    for (lo, hi) in spec.bounds {
        let (Some(a), Some(b)) = (
            c.obj.get(lo).and_then(Node::as_i64),
            c.obj.get(hi).and_then(Node::as_i64),
        ) else {
            continue;
        };
        if a > b {
            ctx.err(
                spec.bounds_code,
                &sub(&c.path, lo),
                format!("`{lo}` ({a}) is greater than `{hi}` ({b})"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{containers, navigation_list, selection, text};
    use crate::flow_json::rules::formats::DATE_FORMAT;
    use crate::flow_json::rules::table::Slot;
    use crate::flow_json::version::FlowVersion;

    #[test]
    fn version_gates_are_ordered_and_read_by_version() {
        assert!(DATE_FORMAT.is_ordered());
        assert!(selection::ITEM_IMAGE_KB.is_ordered());
        assert!(navigation_list::START_IMAGE_KB.is_ordered());
        assert!(text::TEXT_ARRAYS.is_ordered());
        assert!(containers::BOOLEAN_CONDITIONS.is_ordered());
        assert!(containers::TYPED_FORM_MAPS.is_ordered());
        for slot in [
            Slot::FooterClick,
            Slot::LinkClick,
            Slot::ListClick,
            Slot::SelectionSelect,
            Slot::DateSelect,
            Slot::UpdateOnly,
        ] {
            assert!(slot.actions().is_ordered(), "{slot:?}");
        }
        let at = |major, minor| FlowVersion::new(major, minor);
        assert_eq!(selection::ITEM_IMAGE_KB.at(at(5, 1)), 300);
        assert_eq!(selection::ITEM_IMAGE_KB.at(at(6, 0)), 100);
        assert_eq!(selection::ITEM_IMAGE_KB.at(at(7, 3)), 100);
        assert!(!text::TEXT_ARRAYS.at(at(5, 0)) && text::TEXT_ARRAYS.at(at(5, 1)));
        assert!(
            !containers::TYPED_FORM_MAPS.at(at(6, 3)) && containers::TYPED_FORM_MAPS.at(at(7, 0))
        );
    }
}
