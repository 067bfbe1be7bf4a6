//! A headless WhatsApp Flow simulator: runs a Flow JSON document from a script of user steps,
//! as the WhatsApp client would, and records what the user saw, what the phone sent and what
//! CleverTap would ingest.
//!
//! - [`eval`]: the expression evaluator (bindings, `${screen.…}` references, nested
//!   expressions), shared with the offline preview;
//! - [`Script`] / [`Step`]: the input (`{"steps": [{"fill": {…}}, {"tap": "footer"},
//!   {"back": true}]}`);
//! - [`Endpoint`]: where endpoint answers come from (scripted list, callback, or this
//!   project's [`crate::relay::Relay`] in-process, across the real codec);
//! - [`Trace`]: the output (screens, requests, messages, `complete`, records, `refused`).
//!
//! ```
//! use waflows::simulator::{simulate, Endpoint, Script};
//!
//! let flow = br#"{"version": "7.2", "screens": [{"id": "A", "terminal": true, "layout": {
//!   "type": "SingleColumnLayout", "children": [
//!     {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "required": true},
//!     {"type": "Footer", "label": "Send", "on-click-action": {"name": "complete",
//!      "payload": {"ct-up": {"Email": "${form.email}"}}}}]}}]}"#;
//! let script: Script = serde_json::from_str(
//!     r#"{"steps": [{"fill": {"email": "ana@example.com"}}, {"tap": "footer"}], "now": 1764000000}"#,
//! ).unwrap();
//! let trace = simulate(flow, &script, Endpoint::None)?;
//! assert_eq!(trace.refused, None);
//! assert_eq!(trace.complete.unwrap()["ct-up"]["Email"], "ana@example.com");
//! assert_eq!(trace.records[0].record["type"], "profile");
//! # Ok::<(), waflows::Error>(())
//! ```

mod checks;
mod endpoint;
pub mod eval;
mod run;
mod script;

pub use endpoint::{AnswerFn, Endpoint, RelayEndpoint};
pub use eval::{Scope, ScreenScope};
pub use run::{MASK, SimFlow, Simulation, simulate};
pub use script::{
    ComponentView, DEFAULT_FLOW_TOKEN, DEFAULT_WA_ID, Exchange, MAX_OUTPUT_BYTES, MAX_REQUESTS,
    MAX_SCREENS_SHOWN, MAX_STEPS, Message, OptionView, RecordEntry, ScreenView, Script, Start,
    StartAction, Step, SummaryLine, Tap, TapItem, Trace,
};
