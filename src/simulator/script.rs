//! The script format (input) and the trace (output) of a simulation.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Most steps a script may have.
pub const MAX_STEPS: usize = 10_000;
/// Largest script, answers list or trace (serialised) accepted or produced, in bytes.
pub const MAX_OUTPUT_BYTES: usize = 16 << 20;
/// Most endpoint requests one run may send (a loop of `data_exchange` answers ends here).
pub const MAX_REQUESTS: usize = 1_000;
/// Most screens one run may show.
pub const MAX_SCREENS_SHOWN: usize = 10_000;

/// The identity used for ingestion records when a script names none.
pub const DEFAULT_WA_ID: &str = "15550001234";
/// The flow token sent when a script names none.
pub const DEFAULT_FLOW_TOKEN: &str = "simulated-flow-token";

/// A script: how the flow is opened, then the user's steps.
///
/// ```json
/// {"steps": [{"fill": {"name": "Ana", "topics": ["a", "b"]}}, {"tap": "footer"}, {"back": true}]}
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    /// How the flow message opens the flow (default: `navigate` to the first entry screen with
    /// its `__example__` data).
    #[serde(default)]
    pub start: Start,
    /// The user's steps, in order.
    pub steps: Vec<Step>,
    /// The user's WhatsApp id, used as the identity of ingestion records (default
    /// [`DEFAULT_WA_ID`]).
    #[serde(default = "default_wa_id")]
    pub wa_id: String,
    /// The flow token the message carried (default [`DEFAULT_FLOW_TOKEN`]).
    #[serde(default = "default_flow_token")]
    pub flow_token: String,
    /// The time of the run, UNIX seconds: the `ts` of ingestion records and the relay's `now`
    /// (default: none; records then carry no `ts`, and the relay is given 0).
    #[serde(default)]
    pub now: Option<u64>,
}

fn default_wa_id() -> String {
    DEFAULT_WA_ID.to_owned()
}

fn default_flow_token() -> String {
    DEFAULT_FLOW_TOKEN.to_owned()
}

/// The flow message's `flow_action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StartAction {
    /// Open `screen` locally with `data` (Meta's default).
    #[default]
    Navigate,
    /// Ask the endpoint (`INIT`) for the first screen.
    DataExchange,
}

/// How the flow is opened.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Start {
    /// `navigate` (default) or `data_exchange`.
    #[serde(default)]
    pub action: StartAction,
    /// The first screen (`navigate` only; default: the first entry screen).
    #[serde(default)]
    pub screen: Option<String>,
    /// The first screen's data (`flow_action_payload.data`; default: each declared field's
    /// `__example__`).
    #[serde(default)]
    pub data: Option<Map<String, Value>>,
}

/// A tap target that is not a plain name.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TapItem {
    /// The component's `name` (a NavigationList, …).
    pub component: String,
    /// The item `id` inside it.
    pub item: String,
}

/// What a `tap` step taps.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Tap {
    /// `"footer"`, or a component's `name` (or an EmbeddedLink's text).
    Name(String),
    /// An item of a list component.
    Item(TapItem),
}

/// One user step.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// Enter values: text for text inputs, an option id for dropdowns and radio buttons, a
    /// list of ids for checkbox groups and chips, `true`/`false` for opt-ins,
    /// `"YYYY-MM-DD"` for date pickers (`{"start-date":…, "end-date":…}` for a range
    /// CalendarPicker). Selections fire the component's `on-select-action` /
    /// `on-unselect-action`.
    Fill(Map<String, Value>),
    /// Same as `fill` (reads better for choice components).
    Select(Map<String, Value>),
    /// Tap the footer, a named component, or a list item.
    Tap(Tap),
    /// Press the back button (`true`; `false` is a no-op kept for generated scripts).
    Back(bool),
}

/// Where a validation message was shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// The step index (0-based; `null` for the flow's opening).
    pub step: Option<usize>,
    /// The screen id.
    pub screen: String,
    /// The field's name, when the message is about one field.
    pub field: Option<String>,
    /// The text the user would see.
    pub message: String,
}

/// One component as the user saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentView {
    /// The component type (`TextInput`, `Footer`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// `name`, for inputs and named components.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The resolved text (`text`, `label`, …) shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The value entered (masked for `sensitive` fields and password/passcode inputs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// The options of choice components.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<OptionView>,
    /// `required` after bindings.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// `false` when the component is disabled.
    pub enabled: bool,
    /// An error message shown under the field (`error-message`, `error-messages`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One option of a choice component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionView {
    /// The option id (what the form holds).
    pub id: String,
    /// The title shown.
    pub title: String,
    /// `false` when the option cannot be chosen.
    pub enabled: bool,
}

/// A screen as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreenView {
    /// The screen id.
    pub id: String,
    /// The resolved title.
    pub title: String,
    /// Why it was shown: `open`, `navigate`, `endpoint`, `back`, `refresh`, `update_data`.
    pub reason: String,
    /// The step that showed it (`null` for the opening).
    pub step: Option<usize>,
    /// Visible components, in layout order, with their inputs as they were when the user
    /// left the screen (or at the end of the run).
    pub components: Vec<ComponentView>,
    /// The screen's data (`${data.…}`) as shown.
    #[serde(default)]
    pub data: Map<String, Value>,
    /// The screen's form values as they were when the user left it (`sensitive` fields and
    /// password/passcode inputs masked).
    #[serde(default)]
    pub form: Map<String, Value>,
}

/// One request the phone sent, and what came back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// The step that caused it (`null` for `INIT` at the opening).
    pub step: Option<usize>,
    /// The decrypted request exactly as the phone sends it (`version`, `action`, `screen`,
    /// `data`, `flow_token`).
    pub request: Value,
    /// The decrypted answer (`null` when the endpoint answered with an HTTP error).
    pub response: Value,
    /// The HTTP status (200 for scripted and callback answers).
    pub status: u16,
}

/// One ingestion record and what produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordEntry {
    /// `data_exchange` (ingested by the platform endpoint) or `complete` (from the
    /// completion webhook).
    pub source: String,
    /// The screen whose action produced it.
    pub screen: String,
    /// The CleverTap upload record (`{"type":"event","identity",…}`).
    pub record: Value,
}

/// A line of the chat summary WhatsApp posts after completion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryLine {
    /// The screen the field is on.
    pub screen: String,
    /// The field name.
    pub field: String,
    /// Its label.
    pub label: String,
    /// The value as text (`••••` for `sensitive` fields).
    pub value: String,
}

/// What happened in a run.
/// It also deserialises (every field optional, unknown keys refused), so a trace produced by
/// another surface can be rendered with [`crate::preview::render_trace`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Trace {
    /// The ids of the screens shown, in order.
    pub screens: Vec<String>,
    /// Every screen shown, with resolved text and inputs.
    pub views: Vec<ScreenView>,
    /// The decrypted requests the phone sent to the endpoint, in order.
    pub requests: Vec<Value>,
    /// Each request with its answer.
    pub exchanges: Vec<Exchange>,
    /// Every validation or error message the user would have seen.
    pub messages: Vec<Message>,
    /// URLs opened with `open_url`.
    pub opened_urls: Vec<String>,
    /// The completion as the webhook's `nfm_reply.response_json` carries it (the payload plus
    /// `flow_token`), or `null`.
    pub complete: Option<Map<String, Value>>,
    /// The chat summary after completion (`sensitive` fields masked).
    pub summary: Vec<SummaryLine>,
    /// The ingestion records (`ct-evt` / `ct-up`) CleverTap would receive.
    pub records: Vec<RecordEntry>,
    /// Ingestion problems (dropped fields, …), as the ingest module reports them.
    pub ingest_problems: Vec<String>,
    /// Why a step was refused (the text the phone would show), or `null`.
    pub refused: Option<String>,
    /// The index of the refused step.
    pub refused_step: Option<usize>,
    /// How many steps ran (a refused step counts).
    pub steps_run: usize,
    /// Whether the flow ended (`complete`, endpoint `SUCCESS`, or back from the first screen).
    pub closed: bool,
}
