//! Integration tests: one binary, one module per area (`tests/api/<area>.rs`).

#[path = "api/lifecycle.rs"]
mod lifecycle;
#[path = "api/messages.rs"]
mod messages;
#[path = "api/templates.rs"]
mod templates;
