//! A complete, sans-I/O WhatsApp Flows endpoint: Meta's contract is handled here, the host only
//! writes the business logic.
//!
//! [`Endpoint::handle`] runs the checks in Meta's documented order and either answers at once
//! ([`Step::Reply`]) or hands the host a typed [`Request`] ([`Step::Ask`]); the host then gives a
//! typed [`Answer`] to [`Pending::answer`] and gets the [`Response`] to send. [`Endpoint::serve`]
//! does both with a closure.
//!
//! Order of checks:
//! 1. body size ([`EndpointConfig::max_body_bytes`]) → 413;
//! 2. signature (when app secrets are configured) → 432;
//! 3. envelope → 400; decryption → 421;
//! 4. `ping` → `{"data":{"status":"active"}}`;
//! 5. error notification (`data.error`) → `{"data":{"acknowledged":true}}`, reported in
//!    [`Response::notification`];
//! 6. flow token (when token secrets are configured) and Data API 4.0 `flow_token_signature`
//!    (when present and app secrets are configured) → 427;
//! 7. ingestion of `ct-evt` / `ct-up` (`data_exchange` only) into CleverTap records, exactly as
//!    the relay does ([`crate::relay`]);
//! 8. the host's answer, checked.
//!
//! # Answers are checked
//! Every answer goes through the relay's checks for a customer's answer (the same code): the
//! screen exists, the `routing_model` allows the move (an `INIT` lands on an entry screen), the
//! data fits the screen's declared model (undeclared keys are left out and listed in
//! [`Response::dropped_keys`]), a close carries the flow token. Without a Flow JSON only the
//! shape is checked (a non-empty screen name, a flow token to close with). A bad answer never
//! reaches the phone as it is: a `data_exchange` from a known screen gets that screen with
//! [`EndpointConfig::error_message`], anything else HTTP 500 with an empty body; the
//! [`Response::error`] says why (`endpoint_answer_invalid`).
//!
//! # Example
//! ```
//! use waflows::codec::{generate_key_pair, testing, PrivateKey, PublicKey};
//! use waflows::endpoint::{Answer, Endpoint, EndpointConfig, ResponseKind};
//! use waflows::relay::Inbound;
//!
//! let pair = generate_key_pair(2048, None)?;
//! let flow = br#"{"version":"7.0","routing_model":{"WELCOME":["DONE"]},"screens":[
//!   {"id":"WELCOME","data":{"name":{"type":"string"}}},
//!   {"id":"DONE","terminal":true,"data":{"greeting":{"type":"string"}}}]}"#;
//! let key = PrivateKey::from_pem(pair.private_pem.as_bytes(), None)?;
//! let endpoint = Endpoint::new(Some(flow), key, EndpointConfig::default())?;
//!
//! // What the phone sends.
//! let public = PublicKey::from_pem(pair.public_pem.as_bytes())?;
//! let phone = testing::encrypt_request(&public, br#"{"version":"3.0","action":"data_exchange",
//!   "screen":"WELCOME","flow_token":"T1","data":{"name":"Asha"}}"#)?;
//!
//! let inbound = Inbound::new(phone.body.as_bytes(), 1_764_000_000);
//! let response = endpoint.serve(inbound, |request| {
//!     let name = request.data.get("name").and_then(|v| v.as_str()).unwrap_or("there");
//!     Answer::next_screen("DONE", serde_json::json!({"greeting": format!("Hello, {name}")}))
//! });
//! assert_eq!((response.status, response.kind), (200, ResponseKind::NextScreen));
//! let plain = phone.decrypt_response(response.body.as_bytes())?;
//! assert_eq!(serde_json::from_slice::<serde_json::Value>(&plain).unwrap(), serde_json::json!({"screen":"DONE","data":{"greeting":"Hello, Asha"}}));
//! # Ok::<(), waflows::Error>(())
//! ```

use std::sync::Arc;

mod config;
#[cfg(feature = "http")]
pub mod http;

pub use config::EndpointConfig;

/// The header Meta signs every request body with (`sha256=<hex>`); with the `http` feature,
/// `http::SIGNATURE_HEADER_NAME` is the same name as an `http::HeaderName`.
pub const SIGNATURE_HEADER: &str = "X-Hub-Signature-256";

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::codec::{MAX_BODY_BYTES, PrivateKey, response};
use crate::ingest::{self, Problem, Record};
use crate::relay::{Continuation, Inbound, Relay, RelayConfig, Reply, ReplyKind, Setup};
use crate::{Error, ErrorCode, Result};

/// The request the host answers: the decrypted payload, checked and with `ct-evt` / `ct-up`
/// taken out (they are in [`Pending::records`]).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Request {
    /// `"INIT"`, `"BACK"`, `"data_exchange"` (or whatever else the phone sent).
    pub action: String,
    /// The screen the request comes from, when it names one.
    pub screen: Option<String>,
    /// The data the screen sent (`{}` when none).
    pub data: Map<String, Value>,
    /// The flow token, when there is one.
    pub flow_token: Option<String>,
    /// The payload's `version`.
    pub version: Option<String>,
    /// The user's identity: the verified token's, or [`Inbound::identity`].
    pub identity: Option<String>,
}

/// The host's answer to a [`Request`]. JSON form (C, Python): internally tagged by `"type"`:
/// `{"type":"next_screen","screen":"X","data":{…}}`, `{"type":"close","params":{…}}`,
/// `{"type":"error_message","message":"…"}`, `{"type":"token_no_longer_valid","message":"…"}`,
/// `{"type":"failed","reason":"…"}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Answer {
    /// Show `screen` with `data`.
    NextScreen {
        /// The screen id.
        screen: String,
        /// The screen's data (default `{}`).
        #[serde(default)]
        data: Map<String, Value>,
    },
    /// Close the flow (`SUCCESS`); the flow token is added to `params`.
    Close {
        /// The parameters the completion message carries (default `{}`).
        #[serde(default)]
        params: Map<String, Value>,
    },
    /// Stay on the current screen and show `message` (its `error_message`).
    ErrorMessage {
        /// The text shown.
        message: String,
    },
    /// HTTP 427: the flow token is no longer valid; WhatsApp shows `message` and ends the flow.
    TokenNoLongerValid {
        /// The text shown (default [`EndpointConfig::token_error_message`]).
        #[serde(default)]
        message: Option<String>,
    },
    /// The host could not answer (its handler failed): HTTP 500, empty body.
    Failed {
        /// Why, for the logs (never sent to the phone).
        #[serde(default)]
        reason: Option<String>,
    },
}

impl Answer {
    /// [`Answer::NextScreen`]; `data` must be a JSON object (anything else gives `{}`, which the
    /// screen's model then sees as missing keys).
    #[must_use]
    pub fn next_screen(screen: impl Into<String>, data: Value) -> Answer {
        Answer::NextScreen {
            screen: screen.into(),
            data: match data {
                Value::Object(m) => m,
                _ => Map::new(),
            },
        }
    }

    /// [`Answer::Close`]; `params` must be a JSON object (anything else gives `{}`).
    #[must_use]
    pub fn close(params: Value) -> Answer {
        Answer::Close {
            params: match params {
                Value::Object(m) => m,
                _ => Map::new(),
            },
        }
    }

    /// [`Answer::ErrorMessage`].
    #[must_use]
    pub fn error_message(message: impl Into<String>) -> Answer {
        Answer::ErrorMessage {
            message: message.into(),
        }
    }

    /// [`Answer::TokenNoLongerValid`].
    #[must_use]
    pub fn token_no_longer_valid(message: impl Into<String>) -> Answer {
        Answer::TokenNoLongerValid {
            message: Some(message.into()),
        }
    }

    /// Reads an answer from its JSON form.
    ///
    /// # Errors
    /// `EndpointAnswerInvalid` when the JSON is not an answer.
    pub fn from_json(json: &[u8]) -> Result<Answer> {
        serde_json::from_slice(json).map_err(|e| {
            Error::new(
                ErrorCode::EndpointAnswerInvalid,
                format!("not an endpoint answer: {e}"),
            )
        })
    }
}

/// What a [`Response`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ResponseKind {
    /// 413: the body is over [`EndpointConfig::max_body_bytes`].
    BodyTooLarge,
    /// 432: the signature is missing or wrong.
    SignatureRejected,
    /// 400 / 421: the body is not the envelope, or does not decrypt.
    Undecryptable,
    /// 200: health check answered.
    Health,
    /// 200: error notification acknowledged (see [`Response::notification`]).
    ErrorAcknowledged,
    /// 427: the flow token (or its Data API 4.0 signature) was rejected before the host saw it.
    TokenRejected,
    /// 200: the host's next screen.
    NextScreen,
    /// 200: the host closed the flow (`SUCCESS`).
    Close,
    /// 200: the host's error message on the current screen.
    ErrorMessage,
    /// 427: the host said the token is no longer valid.
    TokenNoLongerValid,
    /// The host's answer was rejected and replaced (see the module documentation).
    AnswerReplaced,
    /// 500: the host's handler failed.
    HandlerFailed,
}

impl ResponseKind {
    /// Stable snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ResponseKind::BodyTooLarge => "body_too_large",
            ResponseKind::SignatureRejected => "signature_rejected",
            ResponseKind::Undecryptable => "undecryptable",
            ResponseKind::Health => "health",
            ResponseKind::ErrorAcknowledged => "error_acknowledged",
            ResponseKind::TokenRejected => "token_rejected",
            ResponseKind::NextScreen => "next_screen",
            ResponseKind::Close => "close",
            ResponseKind::ErrorMessage => "error_message",
            ResponseKind::TokenNoLongerValid => "token_no_longer_valid",
            ResponseKind::AnswerReplaced => "answer_replaced",
            ResponseKind::HandlerFailed => "handler_failed",
        }
    }
}

/// Why a request or an answer was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// The error code's name (`"invalid_signature"`, `"endpoint_answer_invalid"`, …).
    pub code: &'static str,
    /// Its number (the C `waflows_result`).
    pub number: u32,
    /// What was wrong (never key material or plaintext).
    pub message: String,
}

impl From<&Error> for Rejection {
    fn from(e: &Error) -> Self {
        Rejection {
            code: e.code().as_str(),
            number: e.code() as u32,
            message: e.message().to_owned(),
        }
    }
}

/// An error notification the phone sent about a previous answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    /// `data.error` (e.g. `invalid-screen-transition`).
    pub error_key: String,
    /// `data.error_message`, if any.
    pub error_message: Option<String>,
    /// The screen the bad answer was for.
    pub screen: Option<String>,
}

/// The answer to send to Meta, and what the host should know about it.
#[derive(Clone, Serialize)]
#[non_exhaustive]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The HTTP body: encrypted base64 text (send as `text/plain`), or empty.
    pub body: String,
    /// What this answer is.
    pub kind: ResponseKind,
    /// The screen answered (`"SUCCESS"` for closes), when there is one.
    pub screen: Option<String>,
    /// CleverTap upload records from `ct-evt` / `ct-up`.
    #[serde(serialize_with = "records_json")]
    pub records: Vec<Record>,
    /// Ingestion problems.
    pub problems: Vec<Problem>,
    /// Why the request or the answer was rejected, when it was.
    pub error: Option<Rejection>,
    /// The error notification, for [`ResponseKind::ErrorAcknowledged`].
    pub notification: Option<Notification>,
    /// Data keys left out of the answer because the screen does not declare them.
    pub dropped_keys: Vec<String>,
    /// The identity the request was attributed to.
    pub identity: Option<String>,
}

fn records_json<S: serde::Serializer>(rs: &[Record], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(rs.iter().map(Record::to_json))
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("kind", &self.kind)
            .field("screen", &self.screen)
            .field("body_len", &self.body.len())
            .field("records", &self.records.len())
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl Response {
    fn from_reply(r: Reply, kind: ResponseKind) -> Response {
        Response {
            status: r.status,
            body: r.body,
            kind,
            screen: r.screen,
            records: r.records,
            problems: r.problems,
            error: r.error.as_ref().map(Rejection::from),
            notification: r.notification.map(|n| Notification {
                error_key: n.error_key,
                error_message: n.error_message,
                screen: n.screen,
            }),
            dropped_keys: r.dropped_keys,
            identity: r.identity,
        }
    }

    /// A reply given before the host was asked.
    fn early(r: Reply) -> Response {
        let kind = match r.kind {
            ReplyKind::SignatureRejected => ResponseKind::SignatureRejected,
            ReplyKind::Undecryptable => ResponseKind::Undecryptable,
            ReplyKind::Health => ResponseKind::Health,
            ReplyKind::ErrorAcknowledged => ResponseKind::ErrorAcknowledged,
            ReplyKind::TokenRejected => ResponseKind::TokenRejected,
            // The endpoint's relay is built with a platform endpoint and never routes itself,
            // so nothing else comes back early; map defensively to a server error.
            _ => ResponseKind::HandlerFailed,
        };
        Response::from_reply(r, kind)
    }

    /// The body's `Content-Type` (`text/plain` when there is a body).
    #[must_use]
    pub fn content_type(&self) -> Option<&'static str> {
        (!self.body.is_empty()).then_some("text/plain")
    }

    /// The response as JSON (the C and Python form).
    #[must_use]
    pub fn to_json(&self) -> String {
        // A Response is strings, numbers and JSON values: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A request waiting for the host's [`Answer`]. Holds the request's AES session (zeroized on
/// drop, never shown by `Debug`).
pub struct Pending {
    request: Request,
    /// CleverTap upload records from `ct-evt` / `ct-up` (also repeated in the [`Response`]).
    pub records: Vec<Record>,
    /// Ingestion problems.
    pub problems: Vec<Problem>,
    continuation: Continuation,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("action", &self.request.action)
            .field("screen", &self.request.screen)
            .field("records", &self.records.len())
            .finish_non_exhaustive()
    }
}

/// What the host is shown of a pending request, the one JSON form every surface uses:
/// `{"request": {...}, "records": [...], "problems": [...]}` (records in CleverTap's upload
/// shape, as [`Record::to_json`] writes them). The AES session is never serialised.
impl Serialize for Pending {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("Pending", 3)?;
        m.serialize_field("request", &self.request)?;
        let records: Vec<Value> = self.records.iter().map(Record::to_json).collect();
        m.serialize_field("records", &records)?;
        m.serialize_field("problems", &self.problems)?;
        m.end()
    }
}

fn answer_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::EndpointAnswerInvalid, msg)
}

impl Pending {
    /// The request to answer.
    #[must_use]
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// Checks the host's answer and encrypts it. Never fails: a bad answer becomes
    /// [`ResponseKind::AnswerReplaced`] (see the module documentation).
    #[must_use]
    pub fn answer(self, answer: Answer) -> Response {
        let Pending {
            records,
            problems,
            continuation: c,
            ..
        } = self;
        let (reply, ok_kind) = match answer {
            Answer::NextScreen { screen, data } => {
                if screen == response::SUCCESS_SCREEN {
                    (
                        c.replace(answer_error(
                            "answer Close(params) to end the flow, not NextScreen(\"SUCCESS\")",
                        )),
                        ResponseKind::NextScreen,
                    )
                } else {
                    (
                        c.check(&screen, &data, ErrorCode::EndpointAnswerInvalid),
                        ResponseKind::NextScreen,
                    )
                }
            }
            Answer::Close { mut params } => match c.flow_token().map(str::to_owned) {
                Some(t) => {
                    params.insert("flow_token".into(), Value::String(t));
                    let mut data = Map::new();
                    data.insert(
                        "extension_message_response".into(),
                        serde_json::json!({ "params": params }),
                    );
                    (
                        c.check(
                            response::SUCCESS_SCREEN,
                            &data,
                            ErrorCode::EndpointAnswerInvalid,
                        ),
                        ResponseKind::Close,
                    )
                }
                None => (
                    c.replace(answer_error(
                        "cannot close the flow: the request has no flow_token",
                    )),
                    ResponseKind::Close,
                ),
            },
            Answer::ErrorMessage { message } => match c.screen().map(str::to_owned) {
                Some(screen) => {
                    let mut data = Map::new();
                    data.insert("error_message".into(), Value::String(message));
                    (
                        c.check(&screen, &data, ErrorCode::EndpointAnswerInvalid),
                        ResponseKind::ErrorMessage,
                    )
                }
                None => (
                    c.replace(answer_error(
                        "ErrorMessage needs a current screen; this request names none",
                    )),
                    ResponseKind::ErrorMessage,
                ),
            },
            Answer::TokenNoLongerValid { message } => (
                c.reject_token(
                    message.as_deref(),
                    "the endpoint's handler said the flow token is no longer valid",
                ),
                ResponseKind::TokenNoLongerValid,
            ),
            Answer::Failed { reason } => (
                c.fail(Error::new(
                    ErrorCode::EndpointHandlerFailed,
                    reason.unwrap_or_else(|| "the endpoint's handler failed".into()),
                )),
                ResponseKind::HandlerFailed,
            ),
        };
        let kind = match reply.kind {
            ReplyKind::Fallback if ok_kind != ResponseKind::HandlerFailed => {
                ResponseKind::AnswerReplaced
            }
            _ => ok_kind,
        };
        let mut r = Response::from_reply(reply, kind);
        r.records = records;
        r.problems = problems;
        r
    }
}

/// The endpoint's first step for one request.
#[derive(Debug)]
pub enum Step {
    /// Answer now (size, signature, decryption, ping, error notification, token).
    Reply(Response),
    /// Ask the host, then [`Pending::answer`].
    Ask(Pending),
}

/// A complete endpoint for one flow (or one key, without a Flow JSON). Immutable and
/// `Send + Sync`: build it once, share it between request threads.
pub struct Endpoint {
    relay: Relay,
    max_body_bytes: usize,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("relay", &self.relay)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

impl Endpoint {
    /// Builds an endpoint from the flow's Flow JSON (optional: without it answers are only
    /// checked for shape), its private key (owned, or an `Arc<PrivateKey>` shared with other
    /// endpoints) and its configuration.
    ///
    /// # Errors
    /// `EndpointConfigInvalid` for an empty app secret or `max_body_bytes` of 0 or over 1 MiB;
    /// `RelayConfigInvalid` / `LimitExceeded` when the Flow JSON is not usable (as for the relay).
    pub fn new(
        flow_json: Option<&[u8]>,
        key: impl Into<Arc<PrivateKey>>,
        config: EndpointConfig,
    ) -> Result<Endpoint> {
        if config.max_body_bytes == 0 || config.max_body_bytes > MAX_BODY_BYTES {
            return Err(Error::new(
                ErrorCode::EndpointConfigInvalid,
                format!("max_body_bytes must be between 1 and {MAX_BODY_BYTES}"),
            ));
        }
        if config.app_secrets.iter().any(Vec::is_empty) {
            return Err(Error::new(
                ErrorCode::EndpointConfigInvalid,
                "app secrets must not be empty",
            ));
        }
        let max_body_bytes = config.max_body_bytes;
        let mut rc = RelayConfig::new(Setup::PlatformCustomer);
        rc.app_secrets = config.app_secrets;
        rc.token_secrets = config.token_secrets;
        rc.flow_id = config.flow_id;
        rc.ingest = config.ingest;
        rc.error_message = config.error_message;
        rc.token_error_message = config.token_error_message;
        let view = match flow_json {
            Some(j) => crate::relay::flow_view_parse(j)?,
            None => crate::relay::flow_view_open(),
        };
        Ok(Endpoint {
            relay: Relay::from_view(view, key.into(), rc)?,
            max_body_bytes,
        })
    }

    /// Runs the checks (see the module documentation) and either answers or asks the host.
    #[must_use]
    pub fn handle(&self, inbound: Inbound<'_>) -> Step {
        if inbound.body.len() > self.max_body_bytes {
            let mut r = Response::from_reply(
                crate::relay::reply_rejected(
                    413,
                    Error::new(
                        ErrorCode::EndpointBodyTooLarge,
                        format!(
                            "the request body is {} bytes; the limit is {}",
                            inbound.body.len(),
                            self.max_body_bytes
                        ),
                    ),
                ),
                ResponseKind::BodyTooLarge,
            );
            r.identity = None;
            return Step::Reply(r);
        }
        let p = match self.relay.prepare(inbound) {
            Ok(p) => p,
            Err(r) => return Step::Reply(Response::early(r)),
        };
        let mut data = p.req.data().cloned().unwrap_or_default();
        data.remove(ingest::EVENT_KEY);
        data.remove(ingest::PROFILE_KEY);
        let request = Request {
            action: p.req.action().as_str().to_owned(),
            screen: p.req.screen().filter(|s| !s.is_empty()).map(str::to_owned),
            data,
            flow_token: p.req.flow_token().map(str::to_owned),
            version: p.req.version().map(str::to_owned),
            identity: p.identity.clone(),
        };
        let continuation = self.relay.continuation(&p.req, p.identity);
        Step::Ask(Pending {
            request,
            records: p.records,
            problems: p.problems,
            continuation,
        })
    }

    /// [`Endpoint::handle`], then `business` answers the request when the host is asked.
    #[must_use]
    pub fn serve<F>(&self, inbound: Inbound<'_>, business: F) -> Response
    where
        F: FnOnce(&Request) -> Answer,
    {
        match self.handle(inbound) {
            Step::Reply(r) => r,
            Step::Ask(p) => {
                let a = business(p.request());
                p.answer(a)
            }
        }
    }
}

#[cfg(test)]
mod tests;
