//! The integration tests: one binary (one link step), one module per area.
// Tests, benches and examples drive I/O: the core's no-files/no-clock/no-print rules (clippy.toml) do not apply here.
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    clippy::print_stdout,
    clippy::print_stderr
)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api {
    pub mod codec;
    pub mod ffi;
    pub mod flow_json;
    pub mod fuzz_replay;
    pub mod header;
    pub mod ingest;
    pub mod lifecycle;
    pub mod limits;
    pub mod media; // media branch (issue 10)
    pub mod messages;
    pub mod relay;
    pub mod simulator;
    pub mod templates;
    pub mod tokens;
    // shells (issue 8): the core's serde types as the one contract of the three surfaces
    pub mod shells;
}
