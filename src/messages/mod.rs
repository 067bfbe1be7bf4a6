//! Builders for the WhatsApp Cloud API bodies that carry a flow: the template creation body
//! with its FLOW button, the template send body with the flow button parameter, and the
//! interactive flow message.
//!
//! Each builder checks every documented limit and returns a typed error on a violation
//! ([`ErrorCode::MessageLimitExceeded`] for lengths and counts, [`ErrorCode::MessageInvalidField`]
//! for missing, empty, conflicting or unknown values, [`ErrorCode::TemplateInvalid`] for a
//! template with problems). The result is a `serde_json::Value`; `to_string` gives the HTTP
//! body. Nothing is sent: the host makes the call.
//!
//! Flow tokens are opaque strings here, so a signed token from the token module plugs straight
//! into `flow_token`.
//!
//! ```
//! use waflows::messages::{FlowMessage, flow_message};
//!
//! let m = FlowMessage::from_json(br#"{"to": "15551234567", "body": "Rate your stay",
//!     "flow_id": "1234567890", "flow_cta": "Rate", "flow_token": "stay-42",
//!     "screen": "WELCOME", "data": {"hotel": "Casa Azul"}}"#)?;
//! let body = flow_message(&m)?; // POST to /{phone-number-id}/messages
//! assert_eq!(body["interactive"]["action"]["parameters"]["flow_token"], "stay-42");
//! # Ok::<(), waflows::Error>(())
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::lifecycle::truncate_for_message;
use crate::templates::variables::{self, MissingValue};
use crate::templates::{self, Template, chars, valid_flow_id, valid_language, valid_template_name};
use crate::{Error, ErrorCode, Result};

/// `flow_message_version` of every interactive flow message.
///
/// cbindgen:ignore
pub const FLOW_MESSAGE_VERSION: &str = "3";
/// Longest `flow_cta` (characters). Meta now only *advises* 30; older Meta text and the SDKs
/// enforce 20, so 20 is the safe limit.
///
/// cbindgen:ignore
pub const MAX_FLOW_CTA: usize = 20;
/// Longest interactive header text (characters).
///
/// cbindgen:ignore
pub const MAX_INTERACTIVE_HEADER: usize = 60;
/// Longest interactive body (characters).
///
/// cbindgen:ignore
pub const MAX_INTERACTIVE_BODY: usize = 1024;
/// Longest interactive footer (characters).
///
/// cbindgen:ignore
pub const MAX_INTERACTIVE_FOOTER: usize = 60;
/// Largest template button index (a template has at most 10 buttons).
///
/// cbindgen:ignore
pub const MAX_BUTTON_INDEX: u8 = 9;
/// Longest template body parameter (characters).
///
/// cbindgen:ignore
pub const MAX_BODY_PARAMETER: usize = 1024;

fn invalid(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::MessageInvalidField, msg)
}

fn too_long(field: &str, n: usize, max: usize) -> Error {
    Error::new(
        ErrorCode::MessageLimitExceeded,
        format!("{field} has {n} characters; the limit is {max}"),
    )
}

/// `1..=max` characters, not blank.
fn text(field: &str, value: &str, max: usize) -> Result<()> {
    if value.trim().is_empty() {
        return Err(invalid(format!("{field} is empty")));
    }
    let n = chars(value);
    if n > max {
        Err(too_long(field, n, max))
    } else {
        Ok(())
    }
}

/// Emoji and pictographs (the ranges WhatsApp renders as emoji), plus the joiners and
/// selectors that build emoji sequences.
fn is_emoji(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1FAFF      // mahjong … symbols & pictographs extended-A (incl. flags, emoticons)
        | 0x2600..=0x27BF      // miscellaneous symbols, dingbats
        | 0x2300..=0x23FF      // technical (⌚ ⏰ …)
        | 0x2B00..=0x2BFF      // arrows & stars (⭐ ⬆ …)
        | 0x200D               // zero-width joiner
        | 0xFE0F               // emoji presentation selector
        | 0x20E3               // combining enclosing keycap
        | 0x3030 | 0x303D | 0x3297 | 0x3299
        | 0xE0020..=0xE007F    // tag characters (subdivision flags)
    )
}

fn recipient(to: &str) -> Result<()> {
    if to.is_empty() || to.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid(format!(
            "recipient {:?} must be a WhatsApp id without spaces",
            truncate_for_message(to)
        )));
    }
    Ok(())
}

fn flow_token(token: Option<&str>) -> Result<()> {
    match token {
        Some("") => Err(invalid(
            "flow_token is empty (omit it to let WhatsApp use \"unused\")",
        )),
        Some(t) if t.chars().any(char::is_control) => {
            Err(invalid("flow_token contains control characters"))
        }
        _ => Ok(()),
    }
}

fn non_empty_data(field: &str, data: Option<&Map<String, Value>>) -> Result<()> {
    match data {
        Some(d) if d.is_empty() => Err(invalid(format!(
            "{field} is empty: omit it or give at least one key"
        ))),
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------
// Template creation

/// The template creation body and the order of its body parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateCreation {
    /// The body of `POST /{WABA_ID}/message_templates`.
    pub body: Value,
    /// The personalization variables of the body, in Meta's positional order: the variable
    /// `parameters[i]` became `{{i+1}}`. Fill the send body's `body_parameters` in this order.
    pub parameters: Vec<String>,
}

/// Builds the template creation body (`POST /{WABA_ID}/message_templates`) with its FLOW button
/// (`flow_id`, `flow_action`, `navigate_screen`). Body variables become Meta's positional
/// `{{1}}`, `{{2}}`… with `example.body_text` taken from the template's `examples`.
///
/// Runs the template's structural checks first (everything [`templates::validate_template`]
/// checks except the flow's status and the landing screen against the Flow JSON — validate
/// with those before submitting).
///
/// # Errors
/// [`ErrorCode::TemplateInvalid`] when the template has an error-level problem (the message
/// lists them); [`ErrorCode::MessageInvalidField`] when the header text, footer or button text
/// holds a variable (only body variables become parameters).
pub fn template_creation_body(template: &Template) -> Result<TemplateCreation> {
    let report = templates::validate_structure(template);
    if !report.ok() {
        let list: Vec<String> = report
            .errors()
            .map(|p| format!("{}: {} [{}]", p.field, p.message, p.code))
            .collect();
        return Err(Error::new(
            ErrorCode::TemplateInvalid,
            format!("the template has problems: {}", list.join("; ")),
        ));
    }
    let header_text = template.header.as_ref().and_then(|h| h.text.as_deref());
    for (field, value) in [
        ("header.text", header_text),
        ("footer", template.footer.as_deref()),
        ("button.text", Some(template.button.text.as_str())),
    ] {
        if value.is_some_and(|v| variables::variables(v).is_ok_and(|vs| !vs.is_empty())) {
            return Err(invalid(format!(
                "{field} holds a personalization variable; only body variables become template parameters"
            )));
        }
    }
    let parameters = variables::variable_names(&template.body)?;
    let mut components = Vec::new();
    if let Some(h) = &template.header {
        let kind = h.kind.to_ascii_uppercase();
        let mut header = json!({"type": "HEADER", "format": kind});
        if kind == "TEXT" {
            header["text"] = json!(h.text.as_deref().unwrap_or(""));
        } else if let Some(handle) = &h.sample_handle {
            header["example"] = json!({"header_handle": [handle]});
        }
        components.push(header);
    }
    let mut body =
        json!({"type": "BODY", "text": variables::to_positional(&template.body, &parameters)?});
    if !parameters.is_empty() {
        let samples: Vec<&str> = parameters
            .iter()
            .map(|p| template.examples.get(p).map_or("", String::as_str))
            .collect();
        body["example"] = json!({"body_text": [samples]});
    }
    components.push(body);
    if let Some(f) = &template.footer {
        components.push(json!({"type": "FOOTER", "text": f}));
    }
    let b = &template.button;
    let mut button =
        json!({"type": "FLOW", "text": b.text, "flow_id": b.flow_id, "flow_action": b.flow_action});
    if let Some(screen) = &b.navigate_screen {
        button["navigate_screen"] = json!(screen);
    }
    if let Some(icon) = &b.icon {
        button["icon"] = json!(icon);
    }
    components.push(json!({"type": "BUTTONS", "buttons": [button]}));
    let body = json!({
        "name": template.name,
        "language": template.language,
        "category": template.category.to_ascii_uppercase(),
        "components": components,
    });
    Ok(TemplateCreation { body, parameters })
}

// ---------------------------------------------------------------------------------------------
// Template send

/// What a template send needs. JSON form: the same field names; `button_index` defaults to 0.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateSend {
    /// Recipient WhatsApp id (`wa_id`, or a business-scoped user id).
    pub to: String,
    /// Approved template name.
    pub template_name: String,
    /// Template language code (`en_US`).
    pub language: String,
    /// Zero-based position of the FLOW button among the template's buttons (0–9).
    #[serde(default)]
    pub button_index: u8,
    /// The flow token (omitted: WhatsApp uses `"unused"`).
    #[serde(default)]
    pub flow_token: Option<String>,
    /// Data for the first screen (`flow_action_data`); non-empty when present.
    #[serde(default)]
    pub flow_action_data: Option<Map<String, Value>>,
    /// Body parameter values, in [`TemplateCreation::parameters`] order.
    #[serde(default)]
    pub body_parameters: Vec<String>,
}

impl TemplateSend {
    /// Parses the JSON form.
    ///
    /// # Errors
    /// [`ErrorCode::MessageInvalidField`] when the JSON does not have this shape.
    pub fn from_json(json: &[u8]) -> Result<TemplateSend> {
        crate::limits::check_json_depth(json, "template send")?;
        serde_json::from_slice(json).map_err(|e| invalid(format!("template send: {e}")))
    }

    /// Fills `body_parameters` from a profile (see [`variables`] for the missing-value rule).
    ///
    /// # Errors
    /// [`ErrorCode::TemplateVariableMissing`] when a value is absent and `missing` is `Error`.
    pub fn with_profile(
        mut self,
        parameters: &[String],
        profile: &BTreeMap<String, String>,
        missing: MissingValue,
    ) -> Result<TemplateSend> {
        self.body_parameters = variables::values_for(parameters, profile, missing)?;
        Ok(self)
    }
}

fn body_parameter(i: usize, p: &str) -> Result<()> {
    let field = format!("body_parameters[{i}]");
    text(&field, p, MAX_BODY_PARAMETER)?;
    // Meta rejects parameter text with new lines, tabs or more than 4 consecutive spaces.
    if p.contains(['\n', '\r', '\t']) || p.contains("     ") {
        return Err(invalid(format!(
            "{field} has a new line, a tab or more than 4 consecutive spaces"
        )));
    }
    Ok(())
}

/// Builds the template send body (`POST /{PHONE_NUMBER_ID}/messages`, `type: template`) with the
/// flow button parameter (`flow_token`, `flow_action_data`).
///
/// # Errors
/// [`ErrorCode::MessageInvalidField`] / [`ErrorCode::MessageLimitExceeded`] on a violated rule.
pub fn template_send_body(send: &TemplateSend) -> Result<Value> {
    recipient(&send.to)?;
    if send.template_name.is_empty() || !valid_template_name(&send.template_name) {
        return Err(invalid(format!(
            "template name {:?} may hold only lower-case letters, digits and _",
            truncate_for_message(&send.template_name)
        )));
    }
    if chars(&send.template_name) > templates::MAX_NAME {
        return Err(too_long(
            "template_name",
            chars(&send.template_name),
            templates::MAX_NAME,
        ));
    }
    if !valid_language(&send.language) {
        return Err(invalid(format!(
            "language {:?} is not a code like en or en_US",
            truncate_for_message(&send.language)
        )));
    }
    if send.button_index > MAX_BUTTON_INDEX {
        return Err(Error::new(
            ErrorCode::MessageLimitExceeded,
            format!(
                "button_index {} is out of range: a template has at most 10 buttons (0-9)",
                send.button_index
            ),
        ));
    }
    flow_token(send.flow_token.as_deref())?;
    non_empty_data("flow_action_data", send.flow_action_data.as_ref())?;
    for (i, p) in send.body_parameters.iter().enumerate() {
        body_parameter(i, p)?;
    }
    let mut action = Map::new();
    if let Some(t) = &send.flow_token {
        action.insert("flow_token".into(), json!(t));
    }
    if let Some(d) = &send.flow_action_data {
        action.insert("flow_action_data".into(), Value::Object(d.clone()));
    }
    let mut components = Vec::new();
    if !send.body_parameters.is_empty() {
        let params: Vec<Value> = send
            .body_parameters
            .iter()
            .map(|p| json!({"type": "text", "text": p}))
            .collect();
        components.push(json!({"type": "body", "parameters": params}));
    }
    components.push(json!({
        "type": "button",
        "sub_type": "flow",
        "index": send.button_index.to_string(),
        "parameters": [{"type": "action", "action": action}],
    }));
    Ok(json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": send.to,
        "type": "template",
        "template": {"name": send.template_name, "language": {"code": send.language}, "components": components},
    }))
}

// ---------------------------------------------------------------------------------------------
// Interactive flow message

crate::catalogue! {
    /// `mode` of an interactive flow message.
    #[non_exhaustive]
    pub enum Mode as "flow message mode", unknown = InvalidArgument {
        /// The last published version (default).
        Published = 0 => "published",
        /// The draft version (testing).
        Draft = 1 => "draft",
    }
}

impl Default for Mode {
    /// [`Mode::Published`].
    fn default() -> Self {
        Mode::Published
    }
}

crate::catalogue! {
    /// `flow_action` of an interactive flow message.
    #[non_exhaustive]
    pub enum FlowAction as "flow action", unknown = InvalidArgument {
        /// Open `screen` directly (default).
        Navigate = 0 => "navigate",
        /// Ask the endpoint for the first screen (`INIT`).
        DataExchange = 1 => "data_exchange",
    }
}

impl Default for FlowAction {
    /// [`FlowAction::Navigate`].
    fn default() -> Self {
        FlowAction::Navigate
    }
}

crate::catalogue! {
    /// How `flow_action_payload.data` is written. Meta's current page types it as a JSON object
    /// serialised into a string; older pages, Meta's Postman collection and the SDKs send an
    /// object. Which one Meta enforces is unverified, so both are offered.
    #[non_exhaustive]
    pub enum DataEncoding as "data encoding", unknown = InvalidArgument {
        /// A JSON object (default).
        Object = 0 => "object",
        /// The object serialised into a JSON string.
        String = 1 => "string",
    }
}

impl Default for DataEncoding {
    /// [`DataEncoding::Object`].
    fn default() -> Self {
        DataEncoding::Object
    }
}

/// An interactive flow message. JSON form: the same field names; give exactly one of
/// `flow_id` / `flow_name`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowMessage {
    /// Recipient WhatsApp id.
    pub to: String,
    /// Optional header text (≤ 60 characters).
    #[serde(default)]
    pub header: Option<String>,
    /// Body text (1–1024 characters).
    pub body: String,
    /// Optional footer text (≤ 60 characters).
    #[serde(default)]
    pub footer: Option<String>,
    /// Meta's flow id (exactly one of `flow_id` / `flow_name`).
    #[serde(default)]
    pub flow_id: Option<String>,
    /// The flow's name (Cloud API only; must track renames).
    #[serde(default)]
    pub flow_name: Option<String>,
    /// Button text: 1–20 characters, no emoji.
    pub flow_cta: String,
    /// The flow token (omitted: WhatsApp uses `"unused"`).
    #[serde(default)]
    pub flow_token: Option<String>,
    /// `published` (default) or `draft`.
    #[serde(default)]
    pub mode: Mode,
    /// `navigate` (default) or `data_exchange`.
    #[serde(default)]
    pub flow_action: FlowAction,
    /// Entry screen for `navigate` (omitted: Meta's default, the first entry screen). Not
    /// allowed with `data_exchange`.
    #[serde(default)]
    pub screen: Option<String>,
    /// Data for the entry screen (`navigate` only; non-empty when present).
    #[serde(default)]
    pub data: Option<Map<String, Value>>,
    /// How `data` is written.
    #[serde(default)]
    pub data_encoding: DataEncoding,
}

impl FlowMessage {
    /// Parses the JSON form.
    ///
    /// # Errors
    /// [`ErrorCode::MessageInvalidField`] when the JSON does not have this shape.
    pub fn from_json(json: &[u8]) -> Result<FlowMessage> {
        crate::limits::check_json_depth(json, "flow message")?;
        serde_json::from_slice(json).map_err(|e| invalid(format!("flow message: {e}")))
    }
}

/// Builds the interactive flow message (`POST /{PHONE_NUMBER_ID}/messages`, `type:
/// interactive`, `interactive.type: flow`) with `flow_message_version` `"3"`.
///
/// # Errors
/// [`ErrorCode::MessageInvalidField`] / [`ErrorCode::MessageLimitExceeded`] on a violated rule.
pub fn flow_message(m: &FlowMessage) -> Result<Value> {
    recipient(&m.to)?;
    if let Some(h) = &m.header {
        text("header", h, MAX_INTERACTIVE_HEADER)?;
    }
    text("body", &m.body, MAX_INTERACTIVE_BODY)?;
    if let Some(f) = &m.footer {
        text("footer", f, MAX_INTERACTIVE_FOOTER)?;
    }
    text("flow_cta", &m.flow_cta, MAX_FLOW_CTA)?;
    if m.flow_cta.chars().any(is_emoji) {
        return Err(invalid("flow_cta may not contain emoji"));
    }
    let flow_ref = match (&m.flow_id, &m.flow_name) {
        (Some(id), None) => {
            if !valid_flow_id(id) {
                return Err(invalid(format!(
                    "flow_id {:?} is not a Meta flow id (digits)",
                    truncate_for_message(id)
                )));
            }
            ("flow_id", id)
        }
        (None, Some(name)) => {
            if name.trim().is_empty() {
                return Err(invalid("flow_name is empty"));
            }
            ("flow_name", name)
        }
        (Some(_), Some(_)) => {
            return Err(invalid(
                "give exactly one of flow_id and flow_name, not both",
            ));
        }
        (None, None) => return Err(invalid("give exactly one of flow_id and flow_name")),
    };
    flow_token(m.flow_token.as_deref())?;
    non_empty_data("data", m.data.as_ref())?;
    let mut params = Map::new();
    params.insert("flow_message_version".into(), json!(FLOW_MESSAGE_VERSION));
    if let Some(t) = &m.flow_token {
        params.insert("flow_token".into(), json!(t));
    }
    params.insert(flow_ref.0.into(), json!(flow_ref.1));
    params.insert("flow_cta".into(), json!(m.flow_cta));
    params.insert(
        "mode".into(),
        json!(match m.mode {
            Mode::Published => "published",
            Mode::Draft => "draft",
        }),
    );
    match m.flow_action {
        FlowAction::Navigate => {
            params.insert("flow_action".into(), json!("navigate"));
            let mut payload = Map::new();
            if let Some(screen) = &m.screen {
                if screen.trim().is_empty() {
                    return Err(invalid(
                        "screen is empty (omit it to open the first entry screen)",
                    ));
                }
                if screen == "SUCCESS" {
                    return Err(invalid(
                        "screen \"SUCCESS\" is reserved and cannot be a flow screen",
                    ));
                }
                payload.insert("screen".into(), json!(screen));
            }
            if let Some(d) = &m.data {
                let data = match m.data_encoding {
                    DataEncoding::Object => Value::Object(d.clone()),
                    DataEncoding::String => Value::String(Value::Object(d.clone()).to_string()),
                };
                payload.insert("data".into(), data);
            }
            if !payload.is_empty() {
                params.insert("flow_action_payload".into(), Value::Object(payload));
            }
        }
        FlowAction::DataExchange => {
            if m.screen.is_some() || m.data.is_some() {
                return Err(invalid(
                    "flow_action_payload (screen, data) is only for navigate: with data_exchange the endpoint chooses the first screen",
                ));
            }
            params.insert("flow_action".into(), json!("data_exchange"));
        }
    }
    let mut interactive = Map::new();
    interactive.insert("type".into(), json!("flow"));
    if let Some(h) = &m.header {
        interactive.insert("header".into(), json!({"type": "text", "text": h}));
    }
    interactive.insert("body".into(), json!({"text": m.body}));
    if let Some(f) = &m.footer {
        interactive.insert("footer".into(), json!({"text": f}));
    }
    interactive.insert(
        "action".into(),
        json!({"name": "flow", "parameters": params}),
    );
    Ok(json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": m.to,
        "type": "interactive",
        "interactive": interactive,
    }))
}

#[cfg(test)]
mod tests;
