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

macro_rules! issue_codes {
    ($( $(#[$doc:meta])* $v:ident = $s:literal, $desc:literal, $since:expr, $until:expr; )*) => {
        /// The catalogue of issue codes the validator can emit.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum IssueCode {
            $( $(#[$doc])* #[doc = $desc] $v, )*
        }

        impl IssueCode {
            /// Every code, in catalogue order.
            pub const ALL: &'static [IssueCode] = &[$(IssueCode::$v,)*];

            /// The stable code string (Meta's spelling, or `WAFLOWS_…`).
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $(IssueCode::$v => $s,)* }
            }

            /// One line describing when the code is raised.
            #[must_use]
            pub const fn description(self) -> &'static str {
                match self { $(IssueCode::$v => $desc,)* }
            }

            /// [`IssueCode::as_str`] as a static NUL-terminated C string (built at compile time).
            #[must_use]
            pub const fn as_c_str(self) -> &'static ::std::ffi::CStr {
                match self { $(IssueCode::$v => {
                    const C: &::std::ffi::CStr = $crate::catalogue::c_str(concat!($s, "\0"));
                    C
                })* }
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
    InvalidFlowJson = "INVALID_FLOW_JSON", "the text is not JSON, not an object, too deeply nested, or has a forbidden top-level key", None, None;
    MissingFlowJsonVersion = "MISSING_FLOW_JSON_VERSION", "the document has no `version`", None, None;
    InvalidFlowJsonVersion = "INVALID_FLOW_JSON_VERSION", "`version` is not a string naming a known, accepted Flow JSON version", None, None;
    InvalidDataApiVersion = "INVALID_DATA_API_VERSION", "`data_api_version` is not allowed for this Flow JSON version", None, None;
    MaxScreensNumber = "MAX_SCREENS_NUMBER", "more than 100 screens", None, None;
    InvalidPropertyKey = "INVALID_PROPERTY_KEY", "a key is not allowed here (unknown, not in this version, or not allowed in this context)", None, None;
    InvalidPropertyValue = "INVALID_PROPERTY_VALUE", "a value is not allowed here (component type, layout type, If condition, …)", None, None;
    InvalidPropertyValueFormat = "INVALID_PROPERTY_VALUE_FORMAT", "a value does not have the required format (URI, date)", None, None;
    InvalidPropertyType = "INVALID_PROPERTY_TYPE", "a value has the wrong JSON type", None, None;
    MissingRequiredProperty = "MISSING_REQUIRED_PROPERTY", "a required key is missing", None, None;
    MinItemsRequired = "MIN_ITEMS_REQUIRED", "an array has too few items", None, None;
    MaxItemsRequired = "MAX_ITEMS_REQUIRED", "an array has too many items", None, None;
    MinCharsRequired = "MIN_CHARS_REQUIRED", "a string is too short (empty)", None, None;
    MinimumValueRequired = "MINIMUM_VALUE_REQUIRED", "a number is below its minimum", None, None;
    MaximumValueRequired = "MAXIMUM_VALUE_REQUIRED", "a number is above its maximum", None, None;
    PatternMismatch = "PATTERN_MISMATCH", "a string does not match its pattern (screen id, blank string, not a binding where one is needed)", None, None;
    InvalidEnumValue = "INVALID_ENUM_VALUE", "a value is not one of the allowed values", None, None;
    PropertyNameMismatch = "PROPERTY_NAME_MISMATCH", "a key does not match its pattern (Switch case names)", v(4, 0), None;
    InvalidDependencies = "INVALID_DEPENDENCIES", "properties that must appear together (Footer captions) do not", None, None;
    NotKeywordSchemaValidationFailed = "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED", "a property appears where it must not (`success` on a non-terminal screen, `next` on a non-navigate action, exclusive captions)", None, None;
    MissingRequiredTypeProperty = "MISSING_REQUIRED_TYPE_PROPERTY", "a component has no `type`", None, None;
    InvalidTypePropertyValue = "INVALID_TYPE_PROPERTY_VALUE", "a component `type` names no known component", None, None;
    KeywordOneOf = "KEYWORD_ONE_OF", "an input component sits outside a Form (before 4.0)", None, v(3, 1);
    ScreenIdIsReservedKeyword = "SCREEN_ID_IS_RESERVED_KEYWORD", "a screen id is the reserved `SUCCESS`", None, None;
    DuplicateScreenIds = "DUPLICATE_SCREEN_IDS", "two screens share an id", None, None;
    MissingTerminalScreen = "MISSING_TERMINAL_SCREEN", "no screen has `terminal: true`", None, None;
    MissingFooterOnTerminalScreen = "MISSING_FOOTER_ON_TERMINAL_SCREEN", "terminal screens without a Footer", None, None;
    DuplicateFormComponentNames = "DUPLICATE_FORM_COMPONENT_NAMES", "two components on one screen share a `name`", None, None;
    ComponentsOutsideForm = "COMPONENTS_OUTSIDE_FORM", "a screen has a Form but input components outside it", v(4, 0), None;
    InvalidFooterPayloadOutsideForm = "INVALID_FOOTER_PAYLOAD_OUTSIDE_FORM", "a Footer outside the Form reads `${form.…}` (before 4.0)", None, v(3, 1);
    MaxAllowedComponentsPerScreen = "MAX_ALLOWED_COMPONENTS_PER_SCREEN", "too many components on one screen", None, None;
    ComponentTypeMaxNumberPerScreen = "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN", "a per-screen (or per-flow) limit for a component type is exceeded", None, None;
    MoreThanOneFooter = "MORE_THAN_ONE_FOOTER", "more than one Footer on a screen, counting If/Switch branches as alternatives (the docs' code; strict mode only, Flow Builder reports COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN)", None, None;
    InvalidRichtextPlacement = "INVALID_RICHTEXT_PLACEMENT", "RichText is not alone on its screen (5.1)", v(5, 1), v(5, 1);
    InvalidComponentPlacement = "INVALID_COMPONENT_PLACEMENT", "a lone component (RichText, NavigationList) shares its screen, or NavigationList is on a terminal screen", v(6, 0), None;
    MissingFooterInIfElseBranches = "MISSING_FOOTER_IN_IF_ELSE_BRANCHES", "one If branch has a Footer and the other does not", v(4, 0), None;
    MissingFooterInSwitchBranches = "MISSING_FOOTER_IN_SWITCH_BRANCHES", "some Switch cases have a Footer and others do not", v(4, 0), None;
    EmptySwitchCases = "EMPTY_SWITCH_CASES", "Switch `cases` is empty", v(4, 0), None;
    MaximumIfNesting = "MAXIMUM_IF_NESTING", "If nested more than 3 levels", v(4, 0), None;
    NativeComponentInFormInitValues = "NATIVE_COMPONENT_IN_FORM_INIT_VALUES", "Form `init-values` names a PhotoPicker or DocumentPicker", v(4, 0), None;
    DataSourceItemsHaveBothImageAndColor = "DATA_SOURCE_ITEMS_HAVE_BOTH_IMAGE_AND_COLOR", "a data-source mixes `image` and `color` items", v(5, 0), None;
    MinValueGreaterThanMax = "MIN_VALUE_GREATER_THAN_MAX", "a min-* property is greater than its max-*", None, None;
    InvalidDateRange = "INVALID_DATE_RANGE", "min-date after max-date, or a date outside the range", v(5, 0), None;
    InvalidMinMaxDays = "INVALID_MIN_MAX_DAYS", "CalendarPicker `min-days` greater than `max-days`", v(6, 1), None;
    InvalidDateSingleInitValueFormat = "INVALID_DATE_SINGLE_INIT_VALUE_FORMAT", "CalendarPicker single-mode `init-value` is not YYYY-MM-DD", v(6, 1), None;
    MissingCalendarPickerRangeModeProp = "MISSING_CALENDAR_PICKER_RANGE_MODE_PROP", "a CalendarPicker range-mode object lacks `start-date`/`end-date`", v(6, 1), None;
    UnexpectedCalendarPickerRangeModeProp = "UNEXPECTED_CALENDAR_PICKER_RANGE_MODE_PROP", "a CalendarPicker range-mode object has keys other than `start-date`/`end-date`", v(6, 1), None;
    InvalidPropertyNameForCondition = "INVALID_PROPERTY_NAME_FOR_CONDITION", "a CalendarPicker property is not allowed in single mode", v(6, 1), None;
    InvalidType = "INVALID_TYPE", "a CalendarPicker property has the wrong shape for its mode", v(6, 1), None;
    InvalidSensitiveField = "INVALID_SENSITIVE_FIELD", "`sensitive` names no component of the screen", v(5, 1), None;
    InvalidScreenData = "INVALID_SCREEN_DATA", "a malformed data model (missing `type`/`__example__`/`items`, nested `__example__`, bad field name, example not matching)", None, None;
    InvalidScreenDynamicData = "INVALID_SCREEN_DYNAMIC_DATA", "a binding that does not resolve or has the wrong type", None, None;
    InvalidTextDynamicData = "INVALID_TEXT_DYNAMIC_DATA", "a RichText `text` array item is a binding", v(5, 1), None;
    InvalidCompleteAction = "INVALID_COMPLETE_ACTION", "`complete` on a non-terminal screen", None, None;
    InvalidOnClickActionPayload = "INVALID_ON_CLICK_ACTION_PAYLOAD", "an action payload binding does not resolve, or media values are misused", None, None;
    InvalidNavigateActionPayload = "INVALID_NAVIGATE_ACTION_PAYLOAD", "a navigate payload does not match the next screen's data model", None, None;
    InvalidNavigateActionStaticData = "INVALID_NAVIGATE_ACTION_STATIC_DATA", "a static navigate payload value does not fit the next screen's data model", None, None;
    MissingNavigationActionPayload = "MISSING_NAVIGATION_ACTION_PAYLOAD", "navigate without `payload` to a screen with a data model", None, None;
    InvalidNavigateActionNextScreenName = "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME", "navigate to an unknown screen or to the same screen", None, None;
    InvalidUpdateDataActionPayload = "INVALID_UPDATE_DATA_ACTION_PAYLOAD", "update_data key not in the data model, wrong type or self-assignment", v(6, 0), None;
    InvalidRoutingModel = "INVALID_ROUTING_MODEL", "a routing-model rule is broken (explicit or derived)", None, None;
    WaflowsFrozenVersion = "WAFLOWS_FROZEN_VERSION", "the Flow JSON version is frozen: it can be sent but not published", None, None;
    WaflowsDuplicateItemId = "WAFLOWS_DUPLICATE_ITEM_ID", "two items of one data-source or list-items share an `id` (Meta states no rule; the selection becomes ambiguous)", None, None;
    WaflowsTextTooLong = "WAFLOWS_TEXT_TOO_LONG", "a string is longer than Meta's documented display limit", None, None;
    WaflowsImageTooLarge = "WAFLOWS_IMAGE_TOO_LARGE", "a base64 image is larger than Meta's documented limit (data-source items 300 KB before 6.0, 100 KB from 6.0; NavigationList start images 100 KB)", v(5, 0), None;
    WaflowsInvalidPattern = "WAFLOWS_INVALID_PATTERN", "a TextInput `pattern` is surely not a valid JavaScript regular expression (unbalanced brackets, nothing to repeat)", v(6, 2), None;
    WaflowsIngestionKeyInNavigate = "WAFLOWS_INGESTION_KEY_IN_NAVIGATE", "`ct-evt`/`ct-up` in a navigate payload is never ingested", None, None;
    WaflowsInvalidCtEvt = "WAFLOWS_INVALID_CT_EVT", "`ct-evt` is not an object with a string `evtName` (and an object `evtData`)", None, None;
    WaflowsInvalidIngestionValue = "WAFLOWS_INVALID_INGESTION_VALUE", "an `evtData`/`ct-up` value is not a string or binding", None, None;
    WaflowsUnresolvedIngestionBinding = "WAFLOWS_UNRESOLVED_INGESTION_BINDING", "a binding inside `ct-evt`/`ct-up` does not resolve", None, None;
    WaflowsUnknownNextScreen = "WAFLOWS_UNKNOWN_NEXT_SCREEN", "`next_screen` names no screen of the flow", None, None;
    WaflowsNextScreenNotRouted = "WAFLOWS_NEXT_SCREEN_NOT_ROUTED", "`next_screen` names a screen the routing model does not allow from here", None, None;
}

impl fmt::Display for IssueCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl IssueCode {
    /// Looks a code up by its string.
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
