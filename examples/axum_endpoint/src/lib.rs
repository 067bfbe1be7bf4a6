//! A WhatsApp Flows endpoint on axum with waflows: the whole glue is the handler below.
//!
//! The RSA work (≈0.35 ms per request) runs inline on the async runtime, not in
//! `spawn_blocking`: `src/bin/placement.rs` measures both on this machine class and the hop to
//! the blocking pool costs more CPU than it saves (numbers in docs/endpoint.md). Move it off the
//! runtime only if your business closure itself blocks for long.
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::routing::post;
use serde_json::json;
use waflows::endpoint::http::signature;
use waflows::endpoint::{Answer, Endpoint, Request, Response};
use waflows::relay::Inbound;

/// The router: `POST /flows` is the data endpoint.
pub fn app(endpoint: Arc<Endpoint>) -> Router {
    Router::new()
        .route("/flows", post(flows))
        // The endpoint refuses bodies over its own limit (1 MiB by default) with 413; let
        // axum read slightly more so that the endpoint is the one answering.
        .layer(DefaultBodyLimit::max(2 << 20))
        .with_state(endpoint)
}

// The host reads the clock; the library never does (its clippy.toml forbids it in src/).
#[allow(clippy::disallowed_methods)]
async fn flows(State(endpoint): State<Arc<Endpoint>>, headers: HeaderMap, body: Bytes) -> Response {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let inbound = Inbound::new(&body, now).with_signature(signature(&headers));
    // `Response` implements axum's `IntoResponse` (feature `axum`).
    endpoint.serve(inbound, business)
}

/// The business logic: one screen asks a name, the next greets.
pub fn business(request: &Request) -> Answer {
    match (request.action.as_str(), request.screen.as_deref()) {
        ("INIT", _) => Answer::next_screen("WELCOME", json!({})),
        ("data_exchange", Some("WELCOME")) => {
            let name = request
                .data
                .get("name")
                .and_then(|v| v.as_str())
                .unwrap_or("there");
            Answer::next_screen("DONE", json!({"greeting": format!("Hello, {name}")}))
        }
        ("data_exchange", Some("DONE")) => Answer::close(json!({"done": true})),
        _ => Answer::error_message("Please start again."),
    }
}

/// The example's Flow JSON.
pub const FLOW: &str = r#"{"version":"7.0","routing_model":{"WELCOME":["DONE"],"DONE":[]},"screens":[
  {"id":"WELCOME","data":{}},
  {"id":"DONE","terminal":true,"data":{"greeting":{"type":"string"}}}]}"#;
