//! The integration tests: one binary (one link step), one module per area.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api {
    pub mod codec;
    pub mod ffi;
    pub mod flow_json;
    pub mod header;
    pub mod ingest;
    pub mod lifecycle;
    pub mod messages;
    pub mod relay;
    pub mod simulator;
    pub mod templates;
    pub mod tokens;
}
