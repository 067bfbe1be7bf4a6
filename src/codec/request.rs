//! Decrypting a data-exchange request and answering it.
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::aead::{AES_KEY_LEN, IV_LEN, Session};
use super::keys::PrivateKey;
use super::response;
use crate::{Error, ErrorCode, Result};

/// Largest request body accepted (bytes). Meta's requests are a few KiB; media arrives by
/// CDN reference, never inline.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Deepest JSON nesting accepted in a decrypted request or a response object (the crate's one
/// JSON depth limit, [`crate::limits::MAX_JSON_DEPTH`]).
pub const MAX_JSON_DEPTH: usize = crate::limits::MAX_JSON_DEPTH;

/// The request's `action`. Unknown values are kept, not rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action {
    /// `ping`: WhatsApp's health check.
    Ping,
    /// `INIT`: the flow was opened with `flow_action = data_exchange`.
    Init,
    /// `BACK`: the back button on a screen with `refresh_on_back`.
    Back,
    /// `data_exchange`: a component's `data_exchange` action.
    DataExchange,
    /// Any other value (kept verbatim), or `""` when absent.
    Other(String),
}

impl Action {
    fn parse(s: Option<&str>) -> Action {
        match s {
            Some("ping") => Action::Ping,
            Some("INIT") => Action::Init,
            Some("BACK") => Action::Back,
            Some("data_exchange") => Action::DataExchange,
            Some(other) => Action::Other(other.to_string()),
            None => Action::Other(String::new()),
        }
    }

    /// The wire spelling (`"ping"`, `"INIT"`, `"BACK"`, `"data_exchange"`, or the unknown value).
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Action::Ping => "ping",
            Action::Init => "INIT",
            Action::Back => "BACK",
            Action::DataExchange => "data_exchange",
            Action::Other(s) => s,
        }
    }
}

/// The three base64 fields of the body Meta POSTs.
struct Envelope {
    flow_data: Vec<u8>,
    aes_key: Vec<u8>,
    iv: [u8; IV_LEN],
}

fn malformed(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::MalformedRequest, msg)
}

impl Envelope {
    /// Parses and base64-decodes the envelope. Everything here happens before any key work,
    /// so problems are `MalformedRequest` (HTTP 400).
    fn parse(body: &[u8]) -> Result<Envelope> {
        if body.len() > MAX_BODY_BYTES {
            return Err(malformed(format!(
                "request body is over {MAX_BODY_BYTES} bytes"
            )));
        }
        #[derive(serde::Deserialize)]
        struct Raw<'a> {
            #[serde(borrow)]
            encrypted_flow_data: Option<std::borrow::Cow<'a, str>>,
            #[serde(borrow)]
            encrypted_aes_key: Option<std::borrow::Cow<'a, str>>,
            #[serde(borrow)]
            initial_vector: Option<std::borrow::Cow<'a, str>>,
        }
        if crate::limits::exceeds_depth(body, MAX_JSON_DEPTH) {
            return Err(malformed(format!(
                "request body nests deeper than {MAX_JSON_DEPTH} levels"
            )));
        }
        let raw: Raw<'_> = serde_json::from_slice(body).map_err(|e| {
            malformed(format!(
                "request body is not a JSON object with string fields encrypted_flow_data, encrypted_aes_key, initial_vector ({})",
                crate::limits::truncate(&e.to_string())
            ))
        })?;
        let field = |v: Option<std::borrow::Cow<'_, str>>, name: &str| -> Result<Vec<u8>> {
            let s = v.ok_or_else(|| malformed(format!("request body has no '{name}'")))?;
            STANDARD
                .decode(s.trim().as_bytes())
                .map_err(|_| malformed(format!("'{name}' is not standard base64")))
        };
        let flow_data = field(raw.encrypted_flow_data, "encrypted_flow_data")?;
        let aes_key = field(raw.encrypted_aes_key, "encrypted_aes_key")?;
        let iv_vec = field(raw.initial_vector, "initial_vector")?;
        let iv: [u8; IV_LEN] = iv_vec.as_slice().try_into().map_err(|_| {
            malformed(format!(
                "'initial_vector' must be {IV_LEN} bytes, got {}",
                iv_vec.len()
            ))
        })?;
        Ok(Envelope {
            flow_data,
            aes_key,
            iv,
        })
    }
}

/// A decrypted request. Holds the AES key and IV (zeroized on drop) so that the response can
/// only be encrypted with the right ones.
pub struct FlowRequest {
    payload: Map<String, Value>,
    raw: Zeroizing<Vec<u8>>,
    action: Action,
    session: Session,
}

impl std::fmt::Debug for FlowRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FlowRequest")
            .field("action", &self.action)
            .field("screen", &self.screen())
            .finish_non_exhaustive()
    }
}

impl PrivateKey {
    /// Decrypts the body Meta POSTs to the endpoint.
    ///
    /// # Errors
    /// `MalformedRequest` (HTTP 400) when the body is not the envelope (not JSON, missing or
    /// non-string field, bad base64, IV not 16 bytes, over [`MAX_BODY_BYTES`]);
    /// `DecryptionFailed` (HTTP 421, never any detail) for everything from the RSA step on:
    /// unwrap failure, AES key not 16 bytes, GCM tag mismatch, plaintext not a UTF-8 JSON
    /// object.
    pub fn decrypt_request(&self, body: &[u8]) -> Result<FlowRequest> {
        let env = Envelope::parse(body)?;
        if env.aes_key.len() != self.modulus_len() {
            return Err(Error::decryption_failed());
        }
        let key_bytes = self
            .oaep_decrypt(&env.aes_key)
            .map_err(|()| Error::decryption_failed())?;
        let key: [u8; AES_KEY_LEN] = key_bytes
            .as_slice()
            .try_into()
            .map_err(|_| Error::decryption_failed())?;
        let session = Session::new(key, env.iv);
        let raw = session.decrypt_request_bytes(&env.flow_data)?;
        FlowRequest::from_plaintext(raw, session).map_err(|_| Error::decryption_failed())
    }
}

impl FlowRequest {
    /// Builds a request from a decrypted plaintext and its session (also used by tests that
    /// already hold the plaintext).
    ///
    /// # Errors
    /// `InvalidArgument` when the plaintext is not a JSON object (or nests too deeply).
    pub fn from_plaintext(raw: Zeroizing<Vec<u8>>, session: Session) -> Result<FlowRequest> {
        let value = parse_json_object(&raw, "request plaintext")?;
        let action = Action::parse(value.get("action").and_then(Value::as_str));
        Ok(FlowRequest {
            payload: value,
            raw,
            action,
            session,
        })
    }

    fn str_field(&self, name: &str) -> Option<&str> {
        self.payload.get(name).and_then(Value::as_str)
    }

    /// The whole decrypted JSON object (unknown fields kept).
    #[must_use]
    pub fn payload(&self) -> &Map<String, Value> {
        &self.payload
    }
    /// The decrypted plaintext bytes, exactly as received.
    #[must_use]
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }
    /// `action`.
    #[must_use]
    pub fn action(&self) -> &Action {
        &self.action
    }
    /// `version` (the Data API version, e.g. `"3.0"`).
    #[must_use]
    pub fn version(&self) -> Option<&str> {
        self.str_field("version")
    }
    /// `screen` (absent or `""` for `INIT`, `BACK` and `ping`).
    #[must_use]
    pub fn screen(&self) -> Option<&str> {
        self.str_field("screen")
    }
    /// `data` when it is an object.
    #[must_use]
    pub fn data(&self) -> Option<&Map<String, Value>> {
        self.payload.get("data").and_then(Value::as_object)
    }
    /// `flow_token` (some iOS clients omit it).
    #[must_use]
    pub fn flow_token(&self) -> Option<&str> {
        self.str_field("flow_token")
    }
    /// `flow_token_signature` (Data API 4.0 with Flow JSON ≥ 7.3 only).
    #[must_use]
    pub fn flow_token_signature(&self) -> Option<&str> {
        self.str_field("flow_token_signature")
    }
    /// `true` for WhatsApp's health check.
    #[must_use]
    pub fn is_ping(&self) -> bool {
        self.action == Action::Ping
    }
    /// `true` when the client reports that the previous answer was invalid: `data` holds
    /// `error` or `error_key` (Meta's table and samples disagree, so both are accepted).
    #[must_use]
    pub fn is_error_notification(&self) -> bool {
        self.error_key().is_some()
    }
    /// The error key of an error notification (`data.error`, else `data.error_key`).
    #[must_use]
    pub fn error_key(&self) -> Option<&str> {
        let d = self.data()?;
        d.get("error")
            .or_else(|| d.get("error_key"))
            .and_then(Value::as_str)
    }
    /// The session (AES key + IV) of this request.
    #[must_use]
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Encrypts a response object with this request's key and flipped IV; the result is the
    /// exact HTTP body (standard base64).
    ///
    /// # Errors
    /// `InvalidArgument` when `response` is not a JSON object.
    pub fn encrypt_response(&self, response: &Value) -> Result<String> {
        if !response.is_object() {
            return Err(Error::invalid_argument("a response must be a JSON object"));
        }
        let bytes =
            serde_json::to_vec(response).map_err(|e| Error::invalid_argument(e.to_string()))?;
        Ok(self.session.encrypt_response_bytes(&bytes))
    }

    /// Encrypts a response given as JSON text (checked to be one JSON object).
    ///
    /// # Errors
    /// `InvalidArgument` when `json` is not a JSON object.
    pub fn encrypt_response_json(&self, json: &[u8]) -> Result<String> {
        parse_json_object(json, "response")?;
        Ok(self.session.encrypt_response_bytes(json))
    }

    /// The encrypted health-check answer `{"data":{"status":"active"}}`.
    #[must_use]
    pub fn respond_health(&self) -> String {
        self.encrypt_value(&response::health())
    }

    /// The encrypted acknowledgement of an error notification `{"data":{"acknowledged":true}}`.
    #[must_use]
    pub fn respond_error_ack(&self) -> String {
        self.encrypt_value(&response::error_ack())
    }

    /// The encrypted next-screen answer (`data.error_message` added when given).
    ///
    /// # Errors
    /// `InvalidArgument` for an empty screen id or the reserved id `SUCCESS`.
    pub fn respond_next_screen(
        &self,
        screen: &str,
        data: Map<String, Value>,
        error_message: Option<&str>,
    ) -> Result<String> {
        Ok(self.encrypt_value(&response::next_screen(screen, data, error_message)?))
    }

    /// The encrypted answer that closes the flow (`SUCCESS` with
    /// `extension_message_response.params`), carrying this request's `flow_token`.
    ///
    /// # Errors
    /// `InvalidArgument` when the request has no `flow_token`.
    pub fn respond_close(&self, params: Map<String, Value>) -> Result<String> {
        let token = self.flow_token().ok_or_else(|| {
            Error::invalid_argument("the request has no flow_token; use response::close with one")
        })?;
        Ok(self.encrypt_value(&response::close(token, params)))
    }

    /// The encrypted body of an HTTP 427 answer: `{"error_msg": message}`.
    #[must_use]
    pub fn respond_token_error(&self, message: &str) -> String {
        self.encrypt_value(&response::token_error(message))
    }

    fn encrypt_value(&self, v: &Value) -> String {
        // Values built by `response` always serialise.
        self.session
            .encrypt_response_bytes(v.to_string().as_bytes())
    }
}

/// Parses `bytes` as one JSON object, with a nesting limit.
pub(crate) fn parse_json_object(bytes: &[u8], what: &str) -> Result<Map<String, Value>> {
    crate::limits::check_json_depth(bytes, what)?;
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(Error::invalid_argument(format!(
            "{what} must be a JSON object"
        ))),
        Err(e) => Err(Error::invalid_argument(format!(
            "{what} is not valid JSON: {}",
            crate::limits::truncate(&e.to_string())
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_problems_are_400() {
        let cases: &[&[u8]] = &[
            b"",
            b"not json",
            b"[]",
            br#"{"encrypted_aes_key":"AA==","initial_vector":"AAAAAAAAAAAAAAAAAAAAAA=="}"#,
            br#"{"encrypted_flow_data":"AA==","encrypted_aes_key":"AA==","initial_vector":"AAAA"}"#,
            br#"{"encrypted_flow_data":"@@","encrypted_aes_key":"AA==","initial_vector":"AAAAAAAAAAAAAAAAAAAAAA=="}"#,
            br#"{"encrypted_flow_data":5,"encrypted_aes_key":"AA==","initial_vector":"AAAAAAAAAAAAAAAAAAAAAA=="}"#,
        ];
        for c in cases {
            let e = Envelope::parse(c).err().expect("must fail");
            assert_eq!(
                e.code(),
                ErrorCode::MalformedRequest,
                "{}",
                String::from_utf8_lossy(c)
            );
            assert_eq!(e.http_status(), Some(400));
        }
        let huge = vec![b' '; MAX_BODY_BYTES + 1];
        assert_eq!(
            Envelope::parse(&huge).err().map(|e| e.code()),
            Some(ErrorCode::MalformedRequest)
        );
    }

    #[test]
    fn actions_are_recognised_and_unknown_kept() {
        assert_eq!(Action::parse(Some("ping")), Action::Ping);
        assert_eq!(Action::parse(Some("INIT")), Action::Init);
        assert_eq!(Action::parse(Some("BACK")), Action::Back);
        assert_eq!(Action::parse(Some("data_exchange")), Action::DataExchange);
        assert_eq!(Action::parse(Some("init")).as_str(), "init");
        assert_eq!(Action::parse(None).as_str(), "");
    }
}
