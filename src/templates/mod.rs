//! WhatsApp templates with a Flow button: checked before they are submitted to Meta, and before
//! a campaign sends them.
//!
//! [`validate_template`] never fails on a bad template: it returns a [`TemplateReport`] listing
//! every problem (a stable [`ProblemCode`], the field and a message), in a fixed order. The
//! campaign checks ([`check_sendable`], [`require_published_flow`]) return errors whose
//! messages say what to do. Personalization variables live in [`variables`].
//!
//! Limits checked (characters are Unicode scalar values; 1 MB = 1 048 576 bytes):
//!
//! | Field | Rule |
//! | --- | --- |
//! | `name` | 1–512 characters, lower-case ASCII letters, digits and `_` |
//! | `language` | `ll` or `ll_CC` (e.g. `en_US`) |
//! | `category` | `MARKETING` or `UTILITY` (any case) |
//! | header `text` | 1–60 characters |
//! | header `image` | `image/png`, `image/jpeg` (or `image/jpg`), 1 byte – 5 MB, sample required |
//! | header `video` | `video/mp4`, 1 byte – 16 MB, sample required |
//! | header `document` | `application/pdf`, 1 byte – 16 MB, sample required |
//! | header `location` | no media |
//! | `body` | 1–1024 characters, required |
//! | `footer` | 1–60 characters when present |
//! | button `text` | 1–25 characters |
//! | button `flow_id` | Meta flow id (digits) |
//! | button `flow_action` | `navigate` (landing screen required, must exist and be an entry screen) or `data_exchange` (no landing screen) |
//! | button `icon` | `DOCUMENT`, `PROMOTION` or `REVIEW` when present |
//! | flow | must be Published |
//!
//! ```
//! use waflows::lifecycle::FlowStatus;
//! use waflows::templates::{Template, validate_template};
//!
//! let template = Template::from_json(br#"{"name": "stay_feedback", "category": "UTILITY",
//!     "body": "Hi {{user.name}}", "examples": {"user.name": "Ana"},
//!     "button": {"text": "Rate", "flow_id": "1234567890", "navigate_screen": "WELCOME"}}"#)?;
//! let flow = br#"{"screens": [{"id": "WELCOME"}]}"#;
//! assert!(validate_template(&template, FlowStatus::Published, Some(flow)).ok());
//! // The flow must be published before a campaign sends the template.
//! assert!(!validate_template(&template, FlowStatus::Draft, Some(flow)).ok());
//! # Ok::<(), waflows::Error>(())
//! ```

pub mod variables;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::flow_json::Flow;
use crate::lifecycle::{FlowStatus, truncate_for_message};
use crate::{Error, ErrorCode, Result};

/// Longest template name (characters).
///
/// cbindgen:ignore
pub const MAX_NAME: usize = 512;
/// Longest text header (characters).
///
/// cbindgen:ignore
pub const MAX_HEADER_TEXT: usize = 60;
/// Longest body (characters).
///
/// cbindgen:ignore
pub const MAX_BODY: usize = 1024;
/// Longest footer (characters).
///
/// cbindgen:ignore
pub const MAX_FOOTER: usize = 60;
/// Longest button text (characters).
///
/// cbindgen:ignore
pub const MAX_BUTTON_TEXT: usize = 25;
/// Largest header image (bytes): 5 MB.
///
/// cbindgen:ignore
pub const MAX_IMAGE_BYTES: u64 = 5 * 1024 * 1024;
/// Largest header video (bytes): 16 MB.
///
/// cbindgen:ignore
pub const MAX_VIDEO_BYTES: u64 = 16 * 1024 * 1024;
/// Largest header document (bytes): 16 MB.
///
/// cbindgen:ignore
pub const MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;
/// Largest Flow JSON read for the landing-screen check (bytes).
///
/// cbindgen:ignore
pub const MAX_FLOW_JSON_BYTES: usize = crate::flow_json::MAX_DOCUMENT_BYTES;

/// A template definition with one FLOW button, as the host's template editor produces it.
///
/// The JSON form uses the same field names. Enumerated fields (`category`, header `type`,
/// `flow_action`, `icon`) are plain strings so that a wrong value is a report problem, not a
/// parse failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Template name (lower-case letters, digits, `_`).
    pub name: String,
    /// Language code (`en_US`).
    #[serde(default = "default_language")]
    pub language: String,
    /// `MARKETING` or `UTILITY`.
    pub category: String,
    /// Optional header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Header>,
    /// Message body; may hold `{{user.name}}`-style variables.
    pub body: String,
    /// Optional footer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    /// The FLOW button.
    pub button: FlowButton,
    /// Sample values for the body's variables (Meta reviews templates with examples), keyed
    /// by variable name (`"user.name": "Ana"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub examples: BTreeMap<String, String>,
}

fn default_language() -> String {
    "en_US".to_owned()
}

fn default_flow_action() -> String {
    "navigate".to_owned()
}

/// A template header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// `text`, `image`, `video`, `document` or `location`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The text of a `text` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// MIME type of the media file (`image/png`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Size of the media file in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
    /// Handle of the sample media uploaded for Meta's review (`example.header_handle`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_handle: Option<String>,
}

/// The FLOW button of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowButton {
    /// Button text.
    pub text: String,
    /// Meta's flow id (templates store the id, so renaming the flow does not break them).
    pub flow_id: String,
    /// `navigate` (default) or `data_exchange`.
    #[serde(default = "default_flow_action")]
    pub flow_action: String,
    /// Landing screen for `navigate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub navigate_screen: Option<String>,
    /// Optional icon: `DOCUMENT`, `PROMOTION` or `REVIEW`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
}

impl Template {
    /// Parses a template definition from JSON.
    ///
    /// # Errors
    /// [`ErrorCode::InvalidArgument`] when the JSON does not have the template's shape
    /// (unknown field, wrong type, missing `name`/`category`/`body`/`button`).
    pub fn from_json(json: &[u8]) -> Result<Template> {
        crate::limits::check_json_depth(json, "template")?;
        serde_json::from_slice(json).map_err(|e| Error::invalid_argument(format!("template: {e}")))
    }
}

crate::catalogue! {
    /// Stable codes of template problems (`as_str` gives the snake_case name).
    #[non_exhaustive]
    pub enum ProblemCode as "template problem code", unknown = InvalidArgument {
        /// `name` is empty.
        NameMissing = 0 => "name_missing",
        /// `name` is longer than 512 characters.
        NameTooLong = 1 => "name_too_long",
        /// `name` has characters other than lower-case letters, digits and `_`.
        NameInvalid = 2 => "name_invalid",
        /// `language` is not `ll` / `ll_CC`.
        LanguageInvalid = 3 => "language_invalid",
        /// `category` is not Marketing or Utility.
        CategoryInvalid = 4 => "category_invalid",
        /// The header `type` is unknown.
        HeaderTypeInvalid = 5 => "header_type_invalid",
        /// A text header has no text.
        HeaderTextMissing = 6 => "header_text_missing",
        /// A text header is longer than 60 characters.
        HeaderTextTooLong = 7 => "header_text_too_long",
        /// A media header has no MIME type, or one its kind does not accept.
        MediaTypeUnsupported = 8 => "media_type_unsupported",
        /// A media header has no size, or size 0.
        MediaSizeMissing = 9 => "media_size_missing",
        /// A media file is over its size limit.
        MediaTooLarge = 10 => "media_too_large",
        /// A media header has no sample file for Meta's review.
        SampleMissing = 11 => "sample_missing",
        /// A field that only media headers take was given to another header.
        HeaderFieldUnexpected = 12 => "header_field_unexpected",
        /// The body is empty.
        BodyMissing = 13 => "body_missing",
        /// The body is longer than 1024 characters.
        BodyTooLong = 14 => "body_too_long",
        /// The footer is present but empty.
        FooterEmpty = 15 => "footer_empty",
        /// The footer is longer than 60 characters.
        FooterTooLong = 16 => "footer_too_long",
        /// The button text is empty.
        ButtonTextMissing = 17 => "button_text_missing",
        /// The button text is longer than 25 characters.
        ButtonTextTooLong = 18 => "button_text_too_long",
        /// `flow_id` is empty or not a Meta id (digits).
        FlowIdInvalid = 19 => "flow_id_invalid",
        /// `flow_action` is not `navigate` or `data_exchange`.
        FlowActionInvalid = 20 => "flow_action_invalid",
        /// The icon is not DOCUMENT, PROMOTION or REVIEW.
        IconInvalid = 21 => "icon_invalid",
        /// A Navigation button has no landing screen.
        LandingScreenMissing = 22 => "landing_screen_missing",
        /// The landing screen is not a screen of the flow.
        LandingScreenUnknown = 23 => "landing_screen_unknown",
        /// The landing screen exists but is not an entry screen of the flow's routing.
        LandingScreenNotEntry = 24 => "landing_screen_not_entry",
        /// A Data Exchange button has a landing screen (the endpoint chooses the first screen).
        LandingScreenNotAllowed = 25 => "landing_screen_not_allowed",
        /// Warning: no Flow JSON was given, so the landing screen could not be checked.
        LandingScreenUnchecked = 26 => "landing_screen_unchecked",
        /// The Flow JSON given for the landing-screen check cannot be read.
        FlowJsonUnreadable = 27 => "flow_json_unreadable",
        /// The flow is not Published, so it cannot be attached.
        FlowNotPublished = 28 => "flow_not_published",
        /// A `{{…}}` variable is malformed.
        VariableSyntax = 29 => "variable_syntax",
        /// A body variable has no entry in `examples`.
        VariableExampleMissing = 30 => "variable_example_missing",
        /// Warning: a variable in the header text, footer or button text cannot be filled per
        /// recipient (Meta takes no parameters in the footer or button text; waflows fills only
        /// body parameters).
        VariableNotParameterizable = 31 => "variable_not_parameterizable",
    }
}

crate::catalogue! {
    /// How serious a problem is.
    #[non_exhaustive]
    pub enum Severity as "template problem severity", unknown = InvalidArgument {
        /// Meta would reject the template (or the flow cannot be attached).
        Error = 0 => "error",
        /// Worth a look; does not make the report fail.
        Warning = 1 => "warning",
    }
}

/// One problem of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Stable code.
    pub code: ProblemCode,
    /// Error or warning.
    pub severity: Severity,
    /// The field, as a dotted path (`"button.text"`, `"header.size_bytes"`).
    pub field: &'static str,
    /// Human-readable explanation.
    pub message: String,
}

/// The result of [`validate_template`]: every problem, in field order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct TemplateReport {
    ok: bool,
    /// The problems.
    pub problems: Vec<Problem>,
}

impl TemplateReport {
    /// `true` when no problem is an error.
    #[must_use]
    pub fn ok(&self) -> bool {
        self.ok
    }

    /// The problems that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    /// Whether a problem with `code` was reported.
    #[must_use]
    pub fn has(&self, code: ProblemCode) -> bool {
        self.problems.iter().any(|p| p.code == code)
    }

    /// The JSON form: `{"ok": bool, "problems": [{"code", "severity", "field", "message"}]}`.
    ///
    /// # Errors
    /// `InvalidArgument` if serialisation fails (it does not for reports the crate builds; the
    /// error is reported, never turned into an empty string).
    pub fn to_json(&self) -> Result<String> {
        crate::limits::to_json_string(self, "template report")
    }
}

impl fmt::Display for TemplateReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.problems.is_empty() {
            return f.write_str("template ok");
        }
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            let sev = match p.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            write!(f, "{}: {sev}: {} [{}]", p.field, p.message, p.code)?;
        }
        Ok(())
    }
}

struct Collector(Vec<Problem>);

impl Collector {
    fn error(&mut self, code: ProblemCode, field: &'static str, message: impl Into<String>) {
        self.0.push(Problem {
            code,
            severity: Severity::Error,
            field,
            message: message.into(),
        });
    }
    fn warning(&mut self, code: ProblemCode, field: &'static str, message: impl Into<String>) {
        self.0.push(Problem {
            code,
            severity: Severity::Warning,
            field,
            message: message.into(),
        });
    }
}

pub(crate) fn chars(s: &str) -> usize {
    s.chars().count()
}

pub(crate) fn valid_template_name(name: &str) -> bool {
    name.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

pub(crate) fn valid_language(code: &str) -> bool {
    let b = code.as_bytes();
    let lang_ok = |s: &[u8]| (2..=3).contains(&s.len()) && s.iter().all(u8::is_ascii_lowercase);
    match code.split_once('_') {
        None => lang_ok(b),
        Some((l, c)) => {
            lang_ok(l.as_bytes()) && c.len() == 2 && c.bytes().all(|x| x.is_ascii_uppercase())
        }
    }
}

pub(crate) fn valid_flow_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 32 && id.bytes().all(|b| b.is_ascii_digit())
}

/// Checks text length (`1..=max` characters) and variable syntax.
fn check_text(
    c: &mut Collector,
    field: &'static str,
    text: &str,
    max: usize,
    (empty_code, long_code): (ProblemCode, ProblemCode),
) -> Vec<String> {
    let n = chars(text);
    if text.trim().is_empty() {
        c.error(empty_code, field, format!("{field} is empty"));
    } else if n > max {
        c.error(
            long_code,
            field,
            format!("{field} has {n} characters; the limit is {max}"),
        );
    }
    match variables::variable_names(text) {
        Ok(names) => names,
        Err(e) => {
            c.error(ProblemCode::VariableSyntax, field, e.message().to_owned());
            Vec::new()
        }
    }
}

fn check_header(c: &mut Collector, h: &Header) {
    let kind = h.kind.to_ascii_lowercase();
    let media = |c: &mut Collector, accepted: &[&str], max: u64, label: &str| {
        let mime = h.mime_type.as_deref().map(|m| {
            let base = m.split(';').next().unwrap_or("");
            base.trim().to_ascii_lowercase()
        });
        match mime.as_deref() {
            Some(m) if accepted.contains(&m) => {}
            Some(m) => c.error(
                ProblemCode::MediaTypeUnsupported,
                "header.mime_type",
                format!(
                    "{label} headers accept {}; got {:?}",
                    accepted.join(", "),
                    truncate_for_message(m)
                ),
            ),
            None => c.error(
                ProblemCode::MediaTypeUnsupported,
                "header.mime_type",
                format!(
                    "{label} header needs the file's MIME type ({})",
                    accepted.join(", ")
                ),
            ),
        }
        match h.size_bytes {
            None | Some(0) => c.error(
                ProblemCode::MediaSizeMissing,
                "header.size_bytes",
                format!("{label} header needs the file's size in bytes (at least 1)"),
            ),
            Some(n) if n > max => c.error(
                ProblemCode::MediaTooLarge,
                "header.size_bytes",
                format!(
                    "{label} is {n} bytes; the limit is {max} bytes ({} MB)",
                    max / (1024 * 1024)
                ),
            ),
            Some(_) => {}
        }
        if h.sample_handle
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
        {
            c.error(
                ProblemCode::SampleMissing,
                "header.sample_handle",
                format!("{label} header needs a sample media file for Meta's review"),
            );
        }
        if h.text.is_some() {
            c.error(
                ProblemCode::HeaderFieldUnexpected,
                "header.text",
                format!("{label} headers have no text"),
            );
        }
    };
    match kind.as_str() {
        "text" => {
            match h.text.as_deref() {
                None => c.error(
                    ProblemCode::HeaderTextMissing,
                    "header.text",
                    "text header has no text",
                ),
                Some(t) => {
                    let names = check_text(
                        c,
                        "header.text",
                        t,
                        MAX_HEADER_TEXT,
                        (
                            ProblemCode::HeaderTextMissing,
                            ProblemCode::HeaderTextTooLong,
                        ),
                    );
                    if !names.is_empty() {
                        c.warning(
                            ProblemCode::VariableNotParameterizable,
                            "header.text",
                            "waflows fills variables only in the body: a header variable cannot change per recipient",
                        );
                    }
                }
            }
            if h.mime_type.is_some() || h.size_bytes.is_some() || h.sample_handle.is_some() {
                c.error(
                    ProblemCode::HeaderFieldUnexpected,
                    "header",
                    "text headers take no media fields",
                );
            }
        }
        "image" => media(
            c,
            &["image/png", "image/jpeg", "image/jpg"],
            MAX_IMAGE_BYTES,
            "image",
        ),
        "video" => media(c, &["video/mp4"], MAX_VIDEO_BYTES, "video"),
        "document" => media(c, &["application/pdf"], MAX_DOCUMENT_BYTES, "document"),
        "location" => {
            if h.text.is_some()
                || h.mime_type.is_some()
                || h.size_bytes.is_some()
                || h.sample_handle.is_some()
            {
                c.error(
                    ProblemCode::HeaderFieldUnexpected,
                    "header",
                    "location headers take no text or media fields",
                );
            }
        }
        _ => c.error(
            ProblemCode::HeaderTypeInvalid,
            "header.type",
            format!(
                "header type {:?} is not text, image, video, document or location",
                truncate_for_message(&h.kind)
            ),
        ),
    }
}

/// The screens of a flow (document order) and the ones a user can land on, read through the
/// Flow JSON model ([`crate::flow_json::Flow`]).
///
/// Entry screens are the model's [`Flow::entry_screens`]: the screens no route targets, where
/// routes come from the `routing_model` or, without one, from the `navigate` actions (Meta's
/// generated routing model for static flows). A flow whose routing has no route at all (no or
/// an empty routing model and no navigate action) opens on its first screen only.
fn flow_screens(flow_json: &[u8]) -> std::result::Result<(Vec<String>, BTreeSet<String>), String> {
    let flow = Flow::parse(flow_json)
        .map_err(|e| format!("the Flow JSON cannot be read: {}", e.message()))?;
    let ids: Vec<String> = flow.screens.iter().map(|s| s.id.clone()).collect();
    let Some(first) = ids.first() else {
        return Err("the Flow JSON has no screens".to_owned());
    };
    let has_routes = flow.routing_model().edges.values().any(|to| !to.is_empty());
    let entries = if has_routes {
        flow.entry_screens()
            .into_iter()
            .map(str::to_owned)
            .collect()
    } else {
        BTreeSet::from([first.clone()])
    };
    Ok((ids, entries))
}

fn check_button(c: &mut Collector, b: &FlowButton, flow_json: Option<&[u8]>) {
    let names = check_text(
        c,
        "button.text",
        &b.text,
        MAX_BUTTON_TEXT,
        (
            ProblemCode::ButtonTextMissing,
            ProblemCode::ButtonTextTooLong,
        ),
    );
    if !names.is_empty() {
        c.warning(
            ProblemCode::VariableNotParameterizable,
            "button.text",
            "Meta templates take no parameters in button text: the variable cannot change per recipient",
        );
    }
    if !valid_flow_id(&b.flow_id) {
        c.error(
            ProblemCode::FlowIdInvalid,
            "button.flow_id",
            format!(
                "flow id {:?} is not a Meta flow id (digits)",
                truncate_for_message(&b.flow_id)
            ),
        );
    }
    if let Some(icon) = &b.icon {
        if !["DOCUMENT", "PROMOTION", "REVIEW"].contains(&icon.as_str()) {
            c.error(
                ProblemCode::IconInvalid,
                "button.icon",
                format!(
                    "icon {:?} is not DOCUMENT, PROMOTION or REVIEW",
                    truncate_for_message(icon)
                ),
            );
        }
    }
    match b.flow_action.as_str() {
        "navigate" => match b.navigate_screen.as_deref() {
            None | Some("") => c.error(
                ProblemCode::LandingScreenMissing,
                "button.navigate_screen",
                "a Navigation button needs a landing screen",
            ),
            Some(screen) => match flow_json.map(flow_screens) {
                None => c.warning(
                    ProblemCode::LandingScreenUnchecked,
                    "button.navigate_screen",
                    "no Flow JSON given: the landing screen was not checked",
                ),
                Some(Err(why)) => c.error(ProblemCode::FlowJsonUnreadable, "flow_json", why),
                Some(Ok((ids, entries))) => {
                    if !ids.iter().any(|i| i == screen) {
                        c.error(
                            ProblemCode::LandingScreenUnknown,
                            "button.navigate_screen",
                            format!(
                                "landing screen {:?} is not a screen of the flow",
                                truncate_for_message(screen)
                            ),
                        );
                    } else if !entries.contains(screen) {
                        let list: Vec<&str> = entries.iter().map(String::as_str).collect();
                        c.error(
                            ProblemCode::LandingScreenNotEntry,
                            "button.navigate_screen",
                            format!("landing screen {screen:?} is not an entry screen of the flow's routing (entry screens: {})", list.join(", ")),
                        );
                    }
                }
            },
        },
        "data_exchange" => {
            if b.navigate_screen.is_some() {
                c.error(
                    ProblemCode::LandingScreenNotAllowed,
                    "button.navigate_screen",
                    "a Data Exchange button has no landing screen: the endpoint chooses the first screen",
                );
            }
        }
        other => c.error(
            ProblemCode::FlowActionInvalid,
            "button.flow_action",
            format!(
                "flow action {:?} is not navigate or data_exchange",
                truncate_for_message(other)
            ),
        ),
    }
}

fn flow_status_message(status: FlowStatus) -> Option<String> {
    match status {
        FlowStatus::Published => None,
        FlowStatus::Draft => {
            Some("the flow is a Draft: publish it before attaching it to a template".to_owned())
        }
        FlowStatus::Deprecated => {
            Some("the flow is Deprecated: deprecated flows cannot be used in templates".to_owned())
        }
        FlowStatus::Throttled | FlowStatus::Blocked => Some(format!(
            "the flow is {}: only a Published flow can be attached to a template",
            status.display_name()
        )),
        FlowStatus::Deleted => Some("the flow was deleted".to_owned()),
    }
}

/// The checks that need neither the flow's status nor its Flow JSON (used by the builders).
fn structure(t: &Template, c: &mut Collector) {
    let n = chars(&t.name);
    if t.name.is_empty() {
        c.error(ProblemCode::NameMissing, "name", "name is empty");
    } else if n > MAX_NAME {
        c.error(
            ProblemCode::NameTooLong,
            "name",
            format!("name has {n} characters; the limit is {MAX_NAME}"),
        );
    } else if !valid_template_name(&t.name) {
        c.error(
            ProblemCode::NameInvalid,
            "name",
            "name may hold only lower-case letters, digits and _",
        );
    }
    if !valid_language(&t.language) {
        c.error(
            ProblemCode::LanguageInvalid,
            "language",
            format!(
                "language {:?} is not a code like en or en_US",
                truncate_for_message(&t.language)
            ),
        );
    }
    if !t.category.eq_ignore_ascii_case("marketing") && !t.category.eq_ignore_ascii_case("utility")
    {
        c.error(
            ProblemCode::CategoryInvalid,
            "category",
            format!(
                "category {:?} cannot carry a Flow button: use Marketing or Utility",
                truncate_for_message(&t.category)
            ),
        );
    }
    if let Some(h) = &t.header {
        check_header(c, h);
    }
    let body_vars = check_text(
        c,
        "body",
        &t.body,
        MAX_BODY,
        (ProblemCode::BodyMissing, ProblemCode::BodyTooLong),
    );
    for v in &body_vars {
        if !t.examples.contains_key(v) {
            c.error(
                ProblemCode::VariableExampleMissing,
                "examples",
                format!(
                    "body variable {{{{{v}}}}} needs a sample value in examples for Meta's review"
                ),
            );
        }
    }
    if let Some(f) = &t.footer {
        let names = check_text(
            c,
            "footer",
            f,
            MAX_FOOTER,
            (ProblemCode::FooterEmpty, ProblemCode::FooterTooLong),
        );
        if !names.is_empty() {
            c.warning(
                ProblemCode::VariableNotParameterizable,
                "footer",
                "Meta templates take no parameters in the footer: the variable cannot change per recipient",
            );
        }
    }
}

/// Validates a template before it is submitted to Meta.
///
/// `flow_status` is the status of the flow the button opens; `flow_json` (optional) is its Flow
/// JSON, used to check the landing screen. Never fails: every problem is in the report.
#[must_use]
pub fn validate_template(
    template: &Template,
    flow_status: FlowStatus,
    flow_json: Option<&[u8]>,
) -> TemplateReport {
    let mut c = Collector(Vec::new());
    structure(template, &mut c);
    check_button(&mut c, &template.button, flow_json);
    if let Some(msg) = flow_status_message(flow_status) {
        c.error(ProblemCode::FlowNotPublished, "button.flow_id", msg);
    }
    report(c)
}

fn report(c: Collector) -> TemplateReport {
    let ok = c.0.iter().all(|p| p.severity != Severity::Error);
    TemplateReport { ok, problems: c.0 }
}

/// The structural checks alone (no flow status, no landing screen): what the template
/// creation builder requires.
pub(crate) fn validate_structure(template: &Template) -> TemplateReport {
    let mut c = Collector(Vec::new());
    structure(template, &mut c);
    let mut b = Collector(Vec::new());
    check_button(&mut b, &template.button, None);
    c.0.extend(
        b.0.into_iter()
            .filter(|p| p.code != ProblemCode::LandingScreenUnchecked),
    );
    report(c)
}

/// Campaign check: can a template whose flow is in `flow_status` be sent now?
///
/// # Errors
/// [`ErrorCode::TemplateFlowNotPublished`] unless the flow is Published; the message says
/// what the status means (a Throttled flow takes at most 10 new messages per hour, which a
/// campaign would exceed).
pub fn check_sendable(flow_status: FlowStatus) -> Result<()> {
    let why = match flow_status {
        FlowStatus::Published => return Ok(()),
        FlowStatus::Draft => "is a Draft: publish it first",
        FlowStatus::Deprecated => {
            "was deprecated: deprecated flows cannot be used in campaigns; attach a published flow to a new template"
        }
        FlowStatus::Throttled => {
            "is throttled by Meta (at most 10 new flow messages per hour): wait for it to recover"
        }
        FlowStatus::Blocked => "is blocked by Meta: it cannot be sent until it recovers",
        FlowStatus::Deleted => "was deleted",
    };
    Err(Error::new(
        ErrorCode::TemplateFlowNotPublished,
        format!("the template cannot be sent: its flow is no longer Published; the flow {why}"),
    ))
}

/// Template-editor check: is there at least one Published flow to attach?
///
/// # Errors
/// [`ErrorCode::TemplateNoPublishedFlow`] when none of `statuses` is Published.
pub fn require_published_flow<I: IntoIterator<Item = FlowStatus>>(statuses: I) -> Result<()> {
    if statuses.into_iter().any(|s| s == FlowStatus::Published) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::TemplateNoPublishedFlow,
            "no Published flow exists: publish a flow first, then attach it to the template",
        ))
    }
}

#[cfg(test)]
mod tests;
