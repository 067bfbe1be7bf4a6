//! A headless WhatsApp Flow simulator: runs a Flow JSON document from a script of user steps,
//! as the WhatsApp client would, and records what the user saw, what the phone sent and what
//! CleverTap would ingest.

pub mod eval;

pub use eval::{Scope, ScreenScope};
