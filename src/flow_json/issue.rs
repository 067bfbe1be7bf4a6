//! Issues (problems found in a document) and the issue-code catalogue.
//!
//! Codes that Meta defines keep Meta's spelling (`INVALID_PROPERTY_KEY`). Checks that Meta does
//! not make (the platform's own payload keys, display limits, frozen versions) use codes that
//! start with `WAFLOWS_`, so the two can never be confused.

use std::fmt;

use super::version::FlowVersion;

/// How bad an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document would be rejected (or would misbehave).
    Error,
    /// Worth fixing, but Meta accepts it.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Declares the issue codes through the crate's one catalogue mechanism (`crate::catalogue!`:
/// stable number and name, `ALL`, `FromStr`, serde, static C string) and adds what only issue
/// codes have: a one-line description and the Flow JSON versions the code applies to.
macro_rules! issue_codes {
    ($( $(#[$doc:meta])* $v:ident = $n:literal => $s:literal, $desc:literal, $since:expr, $until:expr; )*) => {
        crate::catalogue! {
            /// The catalogue of issue codes the validator can emit.
            #[non_exhaustive]
            pub enum IssueCode as "issue code", unknown = InvalidArgument {
                $( #[doc = $desc] $v = $n => $s, )*
            }
        }

        impl IssueCode {
            /// One line describing when the code is raised.
            #[must_use]
            pub const fn description(self) -> &'static str {
                match self { $(IssueCode::$v => $desc,)* }
            }

            /// [`IssueCode::description`] as a static NUL-terminated C string.
            #[must_use]
            pub const fn description_c_str(self) -> &'static ::std::ffi::CStr {
                match self { $(IssueCode::$v => {
                    const C: &::std::ffi::CStr = $crate::catalogue::c_str(concat!($desc, "\0"));
                    C
                })* }
            }

            /// The first and last Flow JSON version the code can be raised for (`None` = open).
            #[must_use]
            pub fn versions(self) -> (Option<FlowVersion>, Option<FlowVersion>) {
                match self { $(IssueCode::$v => ($since, $until),)* }
            }
        }
    };
}

const fn v(major: u16, minor: u16) -> Option<FlowVersion> {
    Some(FlowVersion::new(major, minor))
}

issue_codes! {
    InvalidFlowJson = 1 => "INVALID_FLOW_JSON", "the text is not JSON, not an object, too deeply nested, or has a forbidden top-level key", None, None;
    MissingFlowJsonVersion = 2 => "MISSING_FLOW_JSON_VERSION", "the document has no `version`", None, None;
    InvalidFlowJsonVersion = 3 => "INVALID_FLOW_JSON_VERSION", "`version` is not a string naming a known, accepted Flow JSON version", None, None;
    InvalidDataApiVersion = 4 => "INVALID_DATA_API_VERSION", "`data_api_version` is not allowed for this Flow JSON version", None, None;
    MaxScreensNumber = 5 => "MAX_SCREENS_NUMBER", "more than 100 screens", None, None;
    InvalidPropertyKey = 6 => "INVALID_PROPERTY_KEY", "a key is not allowed here (unknown, not in this version, or not allowed in this context)", None, None;
    InvalidPropertyValue = 7 => "INVALID_PROPERTY_VALUE", "a value is not allowed here (component type, layout type, If condition, …)", None, None;
    InvalidPropertyValueFormat = 8 => "INVALID_PROPERTY_VALUE_FORMAT", "a value does not have the required format (URI, date)", None, None;
    InvalidPropertyType = 9 => "INVALID_PROPERTY_TYPE", "a value has the wrong JSON type", None, None;
    MissingRequiredProperty = 10 => "MISSING_REQUIRED_PROPERTY", "a required key is missing", None, None;
    MinItemsRequired = 11 => "MIN_ITEMS_REQUIRED", "an array has too few items", None, None;
    MaxItemsRequired = 12 => "MAX_ITEMS_REQUIRED", "an array has too many items", None, None;
    MinCharsRequired = 13 => "MIN_CHARS_REQUIRED", "a string is too short (empty)", None, None;
    MinimumValueRequired = 14 => "MINIMUM_VALUE_REQUIRED", "a number is below its minimum", None, None;
    MaximumValueRequired = 15 => "MAXIMUM_VALUE_REQUIRED", "a number is above its maximum", None, None;
    PatternMismatch = 16 => "PATTERN_MISMATCH", "a string does not match its pattern (screen id, blank string, not a binding where one is needed)", None, None;
    InvalidEnumValue = 17 => "INVALID_ENUM_VALUE", "a value is not one of the allowed values", None, None;
    PropertyNameMismatch = 18 => "PROPERTY_NAME_MISMATCH", "a key does not match its pattern (Switch case names)", v(4, 0), None;
    InvalidDependencies = 19 => "INVALID_DEPENDENCIES", "properties that must appear together (Footer captions) do not", None, None;
    NotKeywordSchemaValidationFailed = 20 => "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED", "a property appears where it must not (`success` on a non-terminal screen, `next` on a non-navigate action, exclusive captions)", None, None;
    MissingRequiredTypeProperty = 21 => "MISSING_REQUIRED_TYPE_PROPERTY", "a component has no `type`", None, None;
    InvalidTypePropertyValue = 22 => "INVALID_TYPE_PROPERTY_VALUE", "a component `type` names no known component", None, None;
    KeywordOneOf = 23 => "KEYWORD_ONE_OF", "an input component sits outside a Form (before 4.0)", None, v(3, 1);
    ScreenIdIsReservedKeyword = 24 => "SCREEN_ID_IS_RESERVED_KEYWORD", "a screen id is the reserved `SUCCESS`", None, None;
    DuplicateScreenIds = 25 => "DUPLICATE_SCREEN_IDS", "two screens share an id", None, None;
    MissingTerminalScreen = 26 => "MISSING_TERMINAL_SCREEN", "no screen has `terminal: true`", None, None;
    MissingFooterOnTerminalScreen = 27 => "MISSING_FOOTER_ON_TERMINAL_SCREEN", "terminal screens without a Footer", None, None;
    DuplicateFormComponentNames = 28 => "DUPLICATE_FORM_COMPONENT_NAMES", "two components on one screen share a `name`", None, None;
    ComponentsOutsideForm = 29 => "COMPONENTS_OUTSIDE_FORM", "a screen has a Form but input components outside it", v(4, 0), None;
    InvalidFooterPayloadOutsideForm = 30 => "INVALID_FOOTER_PAYLOAD_OUTSIDE_FORM", "a Footer outside the Form reads `${form.…}` (before 4.0)", None, v(3, 1);
    MaxAllowedComponentsPerScreen = 31 => "MAX_ALLOWED_COMPONENTS_PER_SCREEN", "too many components on one screen", None, None;
    ComponentTypeMaxNumberPerScreen = 32 => "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN", "a per-screen (or per-flow) limit for a component type is exceeded", None, None;
    MoreThanOneFooter = 33 => "MORE_THAN_ONE_FOOTER", "more than one Footer on a screen, counting If/Switch branches as alternatives (the docs' code; strict mode only, Flow Builder reports COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN)", None, None;
    InvalidRichtextPlacement = 34 => "INVALID_RICHTEXT_PLACEMENT", "RichText is not alone on its screen (5.1)", v(5, 1), v(5, 1);
    InvalidComponentPlacement = 35 => "INVALID_COMPONENT_PLACEMENT", "a lone component (RichText, NavigationList) shares its screen, or NavigationList is on a terminal screen", v(6, 0), None;
    MissingFooterInIfElseBranches = 36 => "MISSING_FOOTER_IN_IF_ELSE_BRANCHES", "one If branch has a Footer and the other does not", v(4, 0), None;
    MissingFooterInSwitchBranches = 37 => "MISSING_FOOTER_IN_SWITCH_BRANCHES", "some Switch cases have a Footer and others do not", v(4, 0), None;
    EmptySwitchCases = 38 => "EMPTY_SWITCH_CASES", "Switch `cases` is empty", v(4, 0), None;
    MaximumIfNesting = 39 => "MAXIMUM_IF_NESTING", "If nested more than 3 levels", v(4, 0), None;
    NativeComponentInFormInitValues = 40 => "NATIVE_COMPONENT_IN_FORM_INIT_VALUES", "Form `init-values` names a PhotoPicker or DocumentPicker", v(4, 0), None;
    DataSourceItemsHaveBothImageAndColor = 41 => "DATA_SOURCE_ITEMS_HAVE_BOTH_IMAGE_AND_COLOR", "a data-source mixes `image` and `color` items", v(5, 0), None;
    MinValueGreaterThanMax = 42 => "MIN_VALUE_GREATER_THAN_MAX", "a min-* property is greater than its max-*", None, None;
    InvalidDateRange = 43 => "INVALID_DATE_RANGE", "min-date after max-date, or a date outside the range", v(5, 0), None;
    InvalidMinMaxDays = 44 => "INVALID_MIN_MAX_DAYS", "CalendarPicker `min-days` greater than `max-days`", v(6, 1), None;
    InvalidDateSingleInitValueFormat = 45 => "INVALID_DATE_SINGLE_INIT_VALUE_FORMAT", "CalendarPicker single-mode `init-value` is not YYYY-MM-DD", v(6, 1), None;
    MissingCalendarPickerRangeModeProp = 46 => "MISSING_CALENDAR_PICKER_RANGE_MODE_PROP", "a CalendarPicker range-mode object lacks `start-date`/`end-date`", v(6, 1), None;
    UnexpectedCalendarPickerRangeModeProp = 47 => "UNEXPECTED_CALENDAR_PICKER_RANGE_MODE_PROP", "a CalendarPicker range-mode object has keys other than `start-date`/`end-date`", v(6, 1), None;
    InvalidPropertyNameForCondition = 48 => "INVALID_PROPERTY_NAME_FOR_CONDITION", "a CalendarPicker property is not allowed in single mode", v(6, 1), None;
    InvalidType = 49 => "INVALID_TYPE", "a CalendarPicker property has the wrong shape for its mode", v(6, 1), None;
    InvalidSensitiveField = 50 => "INVALID_SENSITIVE_FIELD", "`sensitive` names no component of the screen", v(5, 1), None;
    InvalidScreenData = 51 => "INVALID_SCREEN_DATA", "a malformed data model (missing `type`/`__example__`/`items`, nested `__example__`, bad field name, example not matching)", None, None;
    InvalidScreenDynamicData = 52 => "INVALID_SCREEN_DYNAMIC_DATA", "a binding that does not resolve or has the wrong type", None, None;
    InvalidTextDynamicData = 53 => "INVALID_TEXT_DYNAMIC_DATA", "a RichText `text` array item is a binding", v(5, 1), None;
    InvalidCompleteAction = 54 => "INVALID_COMPLETE_ACTION", "`complete` on a non-terminal screen", None, None;
    InvalidOnClickActionPayload = 55 => "INVALID_ON_CLICK_ACTION_PAYLOAD", "an action payload binding does not resolve, or media values are misused", None, None;
    InvalidNavigateActionPayload = 56 => "INVALID_NAVIGATE_ACTION_PAYLOAD", "a navigate payload does not match the next screen's data model", None, None;
    InvalidNavigateActionStaticData = 57 => "INVALID_NAVIGATE_ACTION_STATIC_DATA", "a static navigate payload value does not fit the next screen's data model", None, None;
    MissingNavigationActionPayload = 58 => "MISSING_NAVIGATION_ACTION_PAYLOAD", "navigate without `payload` to a screen with a data model", None, None;
    InvalidNavigateActionNextScreenName = 59 => "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME", "navigate to an unknown screen or to the same screen", None, None;
    InvalidUpdateDataActionPayload = 60 => "INVALID_UPDATE_DATA_ACTION_PAYLOAD", "update_data key not in the data model, wrong type or self-assignment", v(6, 0), None;
    InvalidRoutingModel = 61 => "INVALID_ROUTING_MODEL", "a routing-model rule is broken (explicit or derived)", None, None;
    WaflowsFrozenVersion = 62 => "WAFLOWS_FROZEN_VERSION", "the Flow JSON version is frozen: it can be sent but not published", None, None;
    WaflowsDuplicateItemId = 63 => "WAFLOWS_DUPLICATE_ITEM_ID", "two items of one data-source or list-items share an `id` (Meta states no rule; the selection becomes ambiguous)", None, None;
    WaflowsTextTooLong = 64 => "WAFLOWS_TEXT_TOO_LONG", "a string is longer than Meta's documented display limit", None, None;
    WaflowsImageTooLarge = 65 => "WAFLOWS_IMAGE_TOO_LARGE", "a base64 image is larger than Meta's documented limit (data-source items 300 KB before 6.0, 100 KB from 6.0; NavigationList start images 100 KB)", v(5, 0), None;
    WaflowsInvalidPattern = 66 => "WAFLOWS_INVALID_PATTERN", "a TextInput `pattern` is surely not a valid JavaScript regular expression (unbalanced brackets, nothing to repeat)", v(6, 2), None;
    WaflowsIngestionKeyInNavigate = 67 => "WAFLOWS_INGESTION_KEY_IN_NAVIGATE", "`ct-evt`/`ct-up` in a navigate payload is never ingested", None, None;
    WaflowsInvalidCtEvt = 68 => "WAFLOWS_INVALID_CT_EVT", "`ct-evt` is not an object with a string `evtName` (and an object `evtData`)", None, None;
    WaflowsInvalidIngestionValue = 69 => "WAFLOWS_INVALID_INGESTION_VALUE", "an `evtData`/`ct-up` value is not a string or binding", None, None;
    WaflowsUnresolvedIngestionBinding = 70 => "WAFLOWS_UNRESOLVED_INGESTION_BINDING", "a binding inside `ct-evt`/`ct-up` does not resolve", None, None;
    WaflowsUnknownNextScreen = 71 => "WAFLOWS_UNKNOWN_NEXT_SCREEN", "`next_screen` names no screen of the flow", None, None;
    WaflowsNextScreenNotRouted = 72 => "WAFLOWS_NEXT_SCREEN_NOT_ROUTED", "`next_screen` names a screen the routing model does not allow from here", None, None;
}

impl IssueCode {
    /// Looks a code up by its exact string (see also `FromStr`, which ignores ASCII case).
    #[must_use]
    pub fn from_name(s: &str) -> Option<IssueCode> {
        IssueCode::ALL.iter().copied().find(|c| c.as_str() == s)
    }

    /// The severity the code has under the default options (display-limit and frozen-version
    /// codes are errors in strict / publish mode).
    #[must_use]
    pub fn default_severity(self) -> Severity {
        match self {
            IssueCode::WaflowsFrozenVersion
            | IssueCode::WaflowsTextTooLong
            | IssueCode::WaflowsImageTooLarge
            | IssueCode::WaflowsIngestionKeyInNavigate
            | IssueCode::WaflowsDuplicateItemId => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Whether the code is one of waflows' own (not Meta's).
    #[must_use]
    pub fn is_platform(self) -> bool {
        self.as_str().starts_with("WAFLOWS_")
    }
}

/// One step of a location inside the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathSeg {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// A location in the document: its path and its position in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The path from the root.
    pub path: Vec<PathSeg>,
    /// Whether the location is the *key* of the last segment (e.g. an unknown property) rather
    /// than its value.
    pub at_key: bool,
    /// 1-based line of the first character.
    pub line: u32,
    /// 1-based column (in characters) of the first character.
    pub column: u32,
    /// 1-based line of the last character.
    pub end_line: u32,
    /// 1-based column (in characters) of the last character.
    pub end_column: u32,
    /// Byte range `[start, end)` in the text.
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Location {
    pub(crate) fn new(path: Vec<PathSeg>, at_key: bool) -> Location {
        Location {
            path,
            at_key,
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            start: 0,
            end: 0,
        }
    }

    /// The RFC 6901 JSON Pointer (`/screens/1/layout`).
    #[must_use]
    pub fn pointer(&self) -> String {
        pointer_of(&self.path)
    }

    /// Meta's dotted path (`screens[1].layout.children[2]`).
    #[must_use]
    pub fn meta_path(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            match seg {
                PathSeg::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                PathSeg::Index(i) => {
                    s.push('[');
                    s.push_str(&i.to_string());
                    s.push(']');
                }
            }
        }
        s
    }
}

/// The RFC 6901 pointer of a path.
pub(crate) fn pointer_of(path: &[PathSeg]) -> String {
    let mut s = String::new();
    for seg in path {
        s.push('/');
        match seg {
            PathSeg::Key(k) => {
                for ch in k.chars() {
                    match ch {
                        '~' => s.push_str("~0"),
                        '/' => s.push_str("~1"),
                        c => s.push(c),
                    }
                }
            }
            PathSeg::Index(i) => s.push_str(&i.to_string()),
        }
    }
    s
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The code.
    pub code: IssueCode,
    /// Error or warning.
    pub severity: Severity,
    /// A human-readable message (lowercase, no trailing period).
    pub message: String,
    /// Where it is (the first location when several identical issues were merged).
    pub location: Location,
    /// Further locations of the same (code, message) issue, merged as Meta merges them.
    pub also: Vec<Location>,
}

impl Issue {
    /// The code string.
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.code.as_str()
    }

    /// The RFC 6901 JSON Pointer.
    #[must_use]
    pub fn pointer(&self) -> String {
        self.location.pointer()
    }

    /// Meta's dotted path.
    #[must_use]
    pub fn meta_path(&self) -> String {
        self.location.meta_path()
    }

    /// The path segments.
    #[must_use]
    pub fn path(&self) -> &[PathSeg] {
        &self.location.path
    }

    /// 1-based start line.
    #[must_use]
    pub fn line(&self) -> u32 {
        self.location.line
    }

    /// 1-based start column.
    #[must_use]
    pub fn column(&self) -> u32 {
        self.location.column
    }

    /// 1-based end line (inclusive).
    #[must_use]
    pub fn end_line(&self) -> u32 {
        self.location.end_line
    }

    /// 1-based end column (inclusive).
    #[must_use]
    pub fn end_column(&self) -> u32 {
        self.location.end_column
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.pointer();
        write!(
            f,
            "{}:{}: {}[{}] {}: {}",
            self.location.line,
            self.location.column,
            self.severity.as_str(),
            self.code.as_str(),
            if p.is_empty() { "/" } else { &p },
            self.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_names_are_unique_and_round_trip() {
        // The crate-wide catalogue invariants (numbers, names, FromStr, serde, C strings).
        crate::catalogue::assert_well_formed::<IssueCode>();
        assert_eq!(IssueCode::from_number(1), Some(IssueCode::InvalidFlowJson));
        assert_eq!(
            "waflows_frozen_version".parse::<IssueCode>(),
            Ok(IssueCode::WaflowsFrozenVersion)
        );
        assert_eq!(
            "NOPE"
                .parse::<IssueCode>()
                .map_err(|e| crate::Error::from(e).code()),
            Err(crate::ErrorCode::InvalidArgument)
        );
        let mut seen = std::collections::HashSet::new();
        for c in IssueCode::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {c}");
            assert_eq!(IssueCode::from_name(c.as_str()), Some(*c));
            assert!(!c.description().is_empty());
            assert_eq!(c.is_platform(), c.as_str().starts_with("WAFLOWS_"));
        }
        assert_eq!(IssueCode::from_name("NOPE"), None);
    }

    #[test]
    fn pointer_and_meta_path_forms() {
        let l = Location::new(
            vec![
                PathSeg::Key("screens".into()),
                PathSeg::Index(1),
                PathSeg::Key("a/b~c".into()),
            ],
            false,
        );
        assert_eq!(l.pointer(), "/screens/1/a~1b~0c");
        assert_eq!(l.meta_path(), "screens[1].a/b~c");
        assert_eq!(Location::new(vec![], false).pointer(), "");
    }
}
