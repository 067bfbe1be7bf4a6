//! Where the answers to the phone's endpoint requests come from.

use std::collections::VecDeque;
use std::sync::Arc;

use serde_json::Value;

use crate::codec::{PrivateKey, PublicKey, generate_key_pair, sign, testing};
use crate::ingest::Record;
use crate::relay::{CustomerAnswer, Decision, Inbound, Relay, RelayConfig, Setup};
use crate::{Error, ErrorCode, Result};

fn answer_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::SimulatorAnswerInvalid, msg)
}

/// A callback answering one request: it gets the decrypted request (or, behind a relay, the
/// JSON the relay forwards to the customer endpoint) and returns the decrypted answer.
pub type AnswerFn<'a> = Box<dyn FnMut(&Value) -> Result<Value> + 'a>;

/// The source of endpoint answers.
#[non_exhaustive]
pub enum Endpoint<'a> {
    /// No endpoint: a `data_exchange`, `INIT` or refreshing `BACK` ends the run with
    /// [`ErrorCode::SimulatorAnswerInvalid`].
    None,
    /// Answers in order (`{"screen": …, "data": {…}}` each, as the endpoint would encrypt
    /// them).
    Scripted(VecDeque<Value>),
    /// A callback.
    Callback(AnswerFn<'a>),
    /// This project's relay, in-process: each request is encrypted with the flow's public key
    /// exactly as WhatsApp does, handled by the relay, and its answer decrypted.
    Relay(Box<RelayEndpoint<'a>>),
}

impl std::fmt::Debug for Endpoint<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Endpoint::None => f.write_str("Endpoint::None"),
            Endpoint::Scripted(q) => write!(f, "Endpoint::Scripted({} answers)", q.len()),
            Endpoint::Callback(_) => f.write_str("Endpoint::Callback"),
            Endpoint::Relay(_) => f.write_str("Endpoint::Relay"),
        }
    }
}

/// The relay and what the phone needs to talk to it.
pub struct RelayEndpoint<'a> {
    /// The relay (its Flow JSON should be the simulated flow).
    pub relay: Arc<Relay>,
    /// The public key matching the relay's private key (what WhatsApp encrypts with).
    pub public_key: PublicKey,
    /// The app secret to sign requests with, when the relay checks signatures.
    pub app_secret: Option<Vec<u8>>,
    /// Answers of the customer endpoint, for `platform+customer` relays (`Scripted` or
    /// `Callback`; the callback receives the JSON the relay forwards).
    pub customer: Endpoint<'a>,
}

impl<'a> RelayEndpoint<'a> {
    /// A relay for `flow_json` with `setup`, on a fresh 2048-bit key pair (no app secret, no
    /// token secret), answering customer requests from `customer`.
    ///
    /// # Errors
    /// Key generation or relay construction failures.
    pub fn generated(flow_json: &[u8], setup: Setup, customer: Endpoint<'a>) -> Result<Self> {
        let pair = generate_key_pair(2048, None)?;
        let key = PrivateKey::from_pem(pair.private_pem.as_bytes(), None)?;
        let public_key = PublicKey::from_pem(pair.public_pem.as_bytes())?;
        let relay = Relay::new(flow_json, key, RelayConfig::new(setup))?;
        Ok(RelayEndpoint {
            relay: Arc::new(relay),
            public_key,
            app_secret: None,
            customer,
        })
    }
}

/// What one request produced.
pub(crate) struct Answer {
    pub status: u16,
    pub body: Value,
    /// Records the relay ingested (`None` when no relay was involved).
    pub records: Option<Vec<Record>>,
}

impl Endpoint<'_> {
    /// Parses the JSON form of an answer source: a list of answers, or
    /// `{"relay": {"setup": "platform" | "platform+customer", "customer": [answers…]}}`.
    ///
    /// # Errors
    /// [`ErrorCode::SimulatorAnswerInvalid`] for any other shape.
    pub fn from_json(flow_json: &[u8], v: Value) -> Result<Endpoint<'static>> {
        match v {
            Value::Null => Ok(Endpoint::None),
            Value::Array(a) => Ok(Endpoint::Scripted(a.into())),
            Value::Object(mut o) => {
                let Some(Value::Object(mut r)) = o.remove("relay") else {
                    return Err(answer_err(
                        "answers must be a list, or an object {\"relay\": {\"setup\": …, \"customer\": […]}}",
                    ));
                };
                if let Some(k) = o.keys().next() {
                    return Err(answer_err(format!("unknown answers key {k:?}")));
                }
                let setup = match r.remove("setup") {
                    Some(Value::String(s)) => s
                        .parse::<Setup>()
                        .map_err(|e| answer_err(format!("relay.setup: {e}")))?,
                    None => Setup::Platform,
                    Some(_) => return Err(answer_err("relay.setup must be a string")),
                };
                let customer = match r.remove("customer") {
                    None | Some(Value::Null) => Endpoint::None,
                    Some(Value::Array(a)) => Endpoint::Scripted(a.into()),
                    Some(_) => return Err(answer_err("relay.customer must be a list of answers")),
                };
                if let Some(k) = r.keys().next() {
                    return Err(answer_err(format!("unknown relay key {k:?}")));
                }
                Ok(Endpoint::Relay(Box::new(RelayEndpoint::generated(
                    flow_json, setup, customer,
                )?)))
            }
            other => Err(answer_err(format!(
                "answers must be a list or an object, not {}",
                crate::flow_json::model::json_type_name(&other)
            ))),
        }
    }

    /// Answers directly (no relay): scripted or callback.
    fn direct(&mut self, request: &Value, what: &str) -> Result<Value> {
        match self {
            Endpoint::None | Endpoint::Relay(_) => Err(answer_err(format!(
                "the phone sent a request ({what}) and no endpoint answers were given"
            ))),
            Endpoint::Scripted(q) => q.pop_front().ok_or_else(|| {
                answer_err(format!(
                    "the phone sent a request ({what}) and the scripted answers ran out"
                ))
            }),
            Endpoint::Callback(f) => f(request),
        }
    }

    /// Sends one request.
    pub(crate) fn ask(&mut self, request: &Value, now: u64, identity: &str) -> Result<Answer> {
        let what = request
            .get("action")
            .and_then(Value::as_str)
            .unwrap_or("request")
            .to_owned();
        let Endpoint::Relay(r) = self else {
            let body = self.direct(request, &what)?;
            return Ok(Answer {
                status: 200,
                body,
                records: None,
            });
        };
        let plain = serde_json::to_vec(request)
            .map_err(|e| answer_err(format!("request does not serialise: {e}")))?;
        let phone = testing::encrypt_request(&r.public_key, &plain)?;
        let signature = r
            .app_secret
            .as_deref()
            .map(|s| sign(phone.body.as_bytes(), s));
        let decision = r.relay.handle(
            Inbound::new(phone.body.as_bytes(), now)
                .with_signature(signature.as_deref())
                .with_identity(identity),
        );
        let reply = match decision {
            Decision::Reply(reply) => reply,
            Decision::Forward(fwd) => {
                let forwarded: Value = serde_json::from_str(fwd.json())
                    .map_err(|e| answer_err(format!("relay forward is not JSON: {e}")))?;
                let answer = r.customer.direct(&forwarded, "forwarded to the customer")?;
                let bytes = serde_json::to_vec(&answer)
                    .map_err(|e| answer_err(format!("customer answer does not serialise: {e}")))?;
                let mut records = fwd.records;
                let mut reply = fwd.continuation.resume(CustomerAnswer::Http {
                    status: 200,
                    body: &bytes,
                });
                records.append(&mut reply.records);
                reply.records = records;
                reply
            }
        };
        let body = if reply.body.is_empty() {
            Value::Null
        } else {
            let plain = phone.decrypt_response(reply.body.as_bytes())?;
            serde_json::from_slice(&plain)
                .map_err(|e| answer_err(format!("decrypted answer is not JSON: {e}")))?
        };
        Ok(Answer {
            status: reply.status,
            body,
            records: Some(reply.records),
        })
    }
}
