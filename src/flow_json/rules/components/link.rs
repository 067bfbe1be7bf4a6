//! OptIn and EmbeddedLink: the components whose `on-click-action` opens a link or another
//! screen (the link slot). Only their catalogue rows (with their per-screen limits): their
//! actions are checked with every other action in `schema.rs`.

use crate::flow_json::binding::Ty;
use crate::flow_json::rules::table::{
    Comp, CompType, INIT_VALUE, K, NAME, REQUIRED, Slot, VISIBLE, p, v,
};

/// OptIn.
pub(crate) const OPT_IN: Comp = Comp::new(CompType::OptIn)
    .input(Ty::Bool)
    .per_screen(5)
    .form_checked()
    .props(&[
        NAME,
        p("label", K::Str).req().chars(120),
        REQUIRED,
        VISIBLE,
        p("on-click-action", K::Action(Slot::LinkClick)).fixed(),
        p("on-select-action", K::Action(Slot::UpdateOnly))
            .fixed()
            .since(v(6, 0)),
        p("on-unselect-action", K::Action(Slot::UpdateOnly))
            .fixed()
            .since(v(6, 0)),
        INIT_VALUE,
    ]);

/// EmbeddedLink.
pub(crate) const EMBEDDED_LINK: Comp = Comp::new(CompType::EmbeddedLink).per_screen(2).props(&[
    p("text", K::Str).req().chars(25),
    p("on-click-action", K::Action(Slot::LinkClick))
        .req()
        .fixed(),
    VISIBLE,
]);
