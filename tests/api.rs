//! The integration tests: one binary, one module per area.

mod api {
    pub mod flow_json;
}
