//! The ONE place where the validator decides what to do about points on which Meta's sources
//! disagree (the digest's discrepancy list). Each field is a decision; [`Policy::default`] is
//! the documented default and [`Policy::strict`] takes the stricter reading everywhere.
//!
//! | # | Question | Default | Strict |
//! |---|---|---|---|
//! | 1 | screen `title` missing | warning (docs: optional) | error (Builder ≥6.0 requires it) |
//! | 2 | reserved screen id | `SUCCESS` and `success` rejected | any casing rejected |
//! | 3 | comma in screen ids | rejected (the Builder pattern's `,` is a bug) | rejected, and ids made only of `_` rejected from 7.0 |
//! | 4 | components per screen | 100 (Builder constant) | 50 (docs) |
//! | 5 | display character limits | warnings (`WAFLOWS_TEXT_TOO_LONG`), docs figures | errors |
//! | 5b | documented image sizes (list items, NavigationList start images) | warnings (`WAFLOWS_IMAGE_TOO_LARGE`) | errors |
//! | 6 | Footer on terminal screens | required in every version | same |
//! | 7 | CheckboxGroup `max-selected-items` minimum | 1 | 2 (Builder) |
//! | 8 | ChipsSelector component-level `on-select-action` | from 7.1 (changelog, Builder) | same |
//! | 9 | Footer count code | `COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN` (Builder) | `MORE_THAN_ONE_FOOTER` (docs) |
//! | 10 | If/Switch children | Builder allow-lists | same |
//! | 11 | routing branch limit | 10 per screen | same |
//! | 12 | longer cycles | accepted | same |
//! | 13 | 7.4, data API 4.0 | 7.4 unknown; data API 4.0 only with 7.3 | same |
//! | 14 | `*` and `!` in expressions | accepted | same |
//! | 16 | `"Hi ${data.x}"` outside RichText | accepted as static text | same |
//! | 19 | pickers in `complete` payloads | 10 files / 100 MiB aggregate | also a warning when `max-uploaded-*` > 1 |
//! | 20 | navigate payload codes | keys and bindings: `INVALID_NAVIGATE_ACTION_PAYLOAD`; static values that do not fit the schema: `INVALID_NAVIGATE_ACTION_STATIC_DATA` | same |
//! | — | terminal Footer using `navigate` before 7.3 | warning | error |
//! | 21 | a `${…}` binding of type number or boolean in a string property | error `INVALID_SCREEN_DYNAMIC_DATA` (Meta's reference; Flow Builder compares the types) | same |
//! | 22 | a backtick expression computing a number or boolean in a string property | accepted (Meta's examples show arithmetic results as text; concatenation turns numbers into text) | error `INVALID_SCREEN_DYNAMIC_DATA` |
//! | 23 | a version Meta no longer supports | `INVALID_FLOW_JSON_VERSION` for the never-public versions (Builder; the digest's guidance); the docs-only `UNSUPPORTED_FLOW_JSON_VERSION` would fit an *expired* version, and none is expired yet, so the catalogue does not carry it | same |
//! | 24 | per-type limits per screen | `COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN` (Builder's one code; older docs samples used per-type codes such as `MAX_EMBEDDED_LINK_PER_SCREEN`, which the Builder enum does not have) | same (the Footer keeps row 9) |
//! | 25 | a bad key or value inside an action payload | `INVALID_ON_CLICK_ACTION_PAYLOAD` / `INVALID_NAVIGATE_ACTION_PAYLOAD` / `INVALID_UPDATE_DATA_ACTION_PAYLOAD` as the Builder emits them; the docs-only `INVALID_ACTION_PAYLOAD_PROPERTY` has no documented trigger, so the catalogue does not carry it | same |

/// Decisions on the digest's discrepancies. See the module table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// A missing screen `title` is an error (else a warning).
    pub title_required: bool,
    /// Reserved screen ids compare case-insensitively.
    pub reserved_id_any_case: bool,
    /// From 7.0, reject screen ids made only of underscores.
    pub reject_underscore_only_ids: bool,
    /// Maximum components per screen.
    pub max_components_per_screen: usize,
    /// Display character limits are errors (else warnings).
    pub char_limits_are_errors: bool,
    /// Documented image size limits are errors (else warnings).
    pub image_limits_are_errors: bool,
    /// Minimum for CheckboxGroup `max-selected-items`.
    pub checkbox_max_selected_minimum: i64,
    /// Warn when a picker in a `complete` payload allows more than one file.
    pub warn_picker_max_over_one_in_complete: bool,
    /// A terminal Footer using `navigate` before 7.3 is an error (else a warning).
    pub terminal_navigate_is_error: bool,
    /// Report a second Footer with the docs' `MORE_THAN_ONE_FOOTER` (else Flow Builder's
    /// `COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN`).
    pub docs_footer_code: bool,
    /// A backtick expression must compute exactly the property's type (else a number or
    /// boolean result may fill a string property).
    pub strict_expression_types: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            title_required: false,
            reserved_id_any_case: false,
            reject_underscore_only_ids: false,
            max_components_per_screen: 100,
            char_limits_are_errors: false,
            image_limits_are_errors: false,
            checkbox_max_selected_minimum: 1,
            warn_picker_max_over_one_in_complete: false,
            terminal_navigate_is_error: false,
            docs_footer_code: false,
            strict_expression_types: false,
        }
    }
}

impl Policy {
    /// The strict reading of every discrepancy.
    #[must_use]
    pub fn strict() -> Policy {
        Policy {
            title_required: true,
            reserved_id_any_case: true,
            reject_underscore_only_ids: true,
            max_components_per_screen: 50,
            char_limits_are_errors: true,
            image_limits_are_errors: true,
            checkbox_max_selected_minimum: 2,
            warn_picker_max_over_one_in_complete: true,
            terminal_navigate_is_error: true,
            docs_footer_code: true,
            strict_expression_types: true,
        }
    }
}
