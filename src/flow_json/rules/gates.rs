//! The version gates of the generic rules (`schema.rs`, `semantic.rs`, `routing.rs`), declared
//! as data in one place: each is a [`Gate`] read with `.at(ctx.ver)`, so a Flow JSON version
//! that changes one is a new row. A component's own gates live in its module
//! (`components/<family>.rs`), a property's or component's first version on its row.

use super::table::{Gate, v};

/// Properties take bindings of every source (`${form.…}`, `${screen.…}`); before 4.0 only the
/// screen's own `${data.…}`.
pub(crate) const ALL_BINDINGS_IN_PROPERTIES: Gate<bool> = Gate::new(false, &[(v(4, 0), true)]);

/// Inputs may stand outside a Form (and a screen with a Form keeps them in it,
/// `COMPONENTS_OUTSIDE_FORM`): from 4.0. Before, a Footer outside the Form cannot read it.
pub(crate) const INPUTS_WITHOUT_FORM: Gate<bool> = Gate::new(false, &[(v(4, 0), true)]);

/// `data_channel_uri` is gone (the endpoint is configured through the Flows API): from 3.0.
/// Before, an endpoint flow needs it.
pub(crate) const NO_DATA_CHANNEL_URI: Gate<bool> = Gate::new(false, &[(v(3, 0), true)]);

/// A screen `title` must not be blank: from 5.0.
pub(crate) const BLANK_TITLE_REFUSED: Gate<bool> = Gate::new(false, &[(v(5, 0), true)]);

/// A screen's `sensitive` fields are checked against its components: from 5.1 (the key's
/// version).
pub(crate) const SENSITIVE_FIELDS: Gate<bool> = Gate::new(false, &[(v(5, 1), true)]);

/// A string property must not be blank (empty or whitespace): from 6.0.
pub(crate) const BLANK_STRINGS_REFUSED: Gate<bool> = Gate::new(false, &[(v(6, 0), true)]);

/// A component `name` is static (no binding, no backticks): from 6.0.
pub(crate) const STATIC_NAMES: Gate<bool> = Gate::new(false, &[(v(6, 0), true)]);

/// Bindings in a Form's `init-values` / `error-messages` are checked: before 6.0.
pub(crate) const FORM_MAP_BINDINGS_CHECKED: Gate<bool> = Gate::new(true, &[(v(6, 0), false)]);

/// Screen ids made only of underscores may be refused (by the strict policy): from 7.0.
pub(crate) const UNDERSCORE_IDS_REFUSABLE: Gate<bool> = Gate::new(false, &[(v(7, 0), true)]);

/// Backtick expressions in action payloads are checked: from 7.2.
pub(crate) const PAYLOAD_EXPRESSIONS: Gate<bool> = Gate::new(false, &[(v(7, 2), true)]);

/// A terminal screen's Footer using navigate is an error (before, a warning unless the policy
/// says otherwise): from 7.3.
pub(crate) const TERMINAL_NAVIGATE_REFUSED: Gate<bool> = Gate::new(false, &[(v(7, 3), true)]);

/// A navigate payload carries exactly the fields of the target's data model, with their types:
/// before 6.0 and again from 7.3.
pub(crate) const EXACT_NAVIGATE_PAYLOADS: Gate<bool> =
    Gate::new(true, &[(v(6, 0), false), (v(7, 3), true)]);

/// Navigate actions count as inbound routes when looking for the entry screen: from 7.3.
pub(crate) const NAVIGATE_ROUTES_INBOUND: Gate<bool> = Gate::new(false, &[(v(7, 3), true)]);

/// NavigationList navigations need no routing-model edge, and a flow with a NavigationList
/// skips the derived routing checks: from 6.2.
pub(crate) const LIST_NAVIGATION_UNROUTED: Gate<bool> = Gate::new(false, &[(v(6, 2), true)]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow_json::version::FlowVersion;

    #[test]
    fn gates_are_ordered_and_read_by_version() {
        for g in [
            ALL_BINDINGS_IN_PROPERTIES,
            INPUTS_WITHOUT_FORM,
            NO_DATA_CHANNEL_URI,
            BLANK_TITLE_REFUSED,
            SENSITIVE_FIELDS,
            BLANK_STRINGS_REFUSED,
            STATIC_NAMES,
            FORM_MAP_BINDINGS_CHECKED,
            UNDERSCORE_IDS_REFUSABLE,
            PAYLOAD_EXPRESSIONS,
            TERMINAL_NAVIGATE_REFUSED,
            EXACT_NAVIGATE_PAYLOADS,
            NAVIGATE_ROUTES_INBOUND,
            LIST_NAVIGATION_UNROUTED,
        ] {
            assert!(g.is_ordered());
        }
        let at = |major, minor| EXACT_NAVIGATE_PAYLOADS.at(FlowVersion::new(major, minor));
        assert!(at(5, 1) && !at(6, 0) && !at(7, 2) && at(7, 3) && at(7, 4));
        assert!(!BLANK_STRINGS_REFUSED.at(FlowVersion::new(5, 1)));
        assert!(BLANK_STRINGS_REFUSED.at(FlowVersion::new(6, 0)));
    }
}
