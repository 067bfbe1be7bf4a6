//! Builders for the standard answers of Meta's endpoint contract (plain JSON values; encrypt
//! them with [`super::FlowRequest::encrypt_response`] or the `respond_*` shortcuts).
use serde_json::{Map, Value, json};

use crate::{Error, Result};

/// The reserved screen id that closes a flow.
pub const SUCCESS_SCREEN: &str = "SUCCESS";

/// `{"screen": screen, "data": {..., "error_message": ...}}`.
///
/// # Errors
/// `InvalidArgument` for an empty screen id or `SUCCESS` (use [`close`]).
pub fn next_screen(
    screen: &str,
    mut data: Map<String, Value>,
    error_message: Option<&str>,
) -> Result<Value> {
    if screen.is_empty() {
        return Err(Error::invalid_argument("screen id must not be empty"));
    }
    if screen == SUCCESS_SCREEN {
        return Err(Error::invalid_argument(
            "SUCCESS is reserved: close the flow with response::close",
        ));
    }
    if let Some(msg) = error_message {
        data.insert("error_message".into(), Value::String(msg.to_string()));
    }
    Ok(json!({ "screen": screen, "data": data }))
}

/// `{"screen":"SUCCESS","data":{"extension_message_response":{"params":{"flow_token":..., ...}}}}`.
/// `params` keys reach the chat's completion message; `flow_token` always wins over a
/// `flow_token` key in `params`.
#[must_use]
pub fn close(flow_token: &str, params: Map<String, Value>) -> Value {
    let mut p = Map::with_capacity(params.len() + 1);
    p.insert("flow_token".into(), Value::String(flow_token.to_string()));
    for (k, v) in params {
        if k != "flow_token" {
            p.insert(k, v);
        }
    }
    json!({ "screen": SUCCESS_SCREEN, "data": { "extension_message_response": { "params": p } } })
}

/// The health-check answer `{"data":{"status":"active"}}`.
#[must_use]
pub fn health() -> Value {
    json!({ "data": { "status": "active" } })
}

/// The error-notification acknowledgement `{"data":{"acknowledged":true}}`.
#[must_use]
pub fn error_ack() -> Value {
    json!({ "data": { "acknowledged": true } })
}

/// The body of an HTTP 427 answer `{"error_msg": message}` (sent encrypted, as Meta's client
/// decrypts a non-empty 427 body like a 200 one).
#[must_use]
pub fn token_error(message: &str) -> Value {
    json!({ "error_msg": message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_match_meta() {
        assert_eq!(health().to_string(), r#"{"data":{"status":"active"}}"#);
        assert_eq!(error_ack().to_string(), r#"{"data":{"acknowledged":true}}"#);
        assert_eq!(
            token_error("expired").to_string(),
            r#"{"error_msg":"expired"}"#
        );
        let mut d = Map::new();
        d.insert("a".into(), json!("b"));
        // Compared as values: key order is the `preserve-order` feature's business.
        assert_eq!(
            next_screen("S", d, Some("bad")).expect("ok"),
            json!({"screen": "S", "data": {"a": "b", "error_message": "bad"}})
        );
        assert!(next_screen("SUCCESS", Map::new(), None).is_err());
        assert!(next_screen("", Map::new(), None).is_err());
        let mut p = Map::new();
        p.insert("flow_token".into(), json!("spoofed"));
        p.insert("x".into(), json!(1));
        assert_eq!(
            close("T", p),
            json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {"flow_token": "T", "x": 1}}}})
        );
    }
}
