//! The relay engine: a sans-I/O state machine that runs one WhatsApp Flows endpoint request.
//!
//! [`Relay::handle`] takes the raw request (body bytes, `X-Hub-Signature-256` header) and `now`,
//! and returns a [`Decision`]:
//! - [`Decision::Reply`]: answer now, with this HTTP status and (already encrypted) body; or
//! - [`Decision::Forward`]: POST [`Forward::json`] to the customer endpoint, then call
//!   [`Continuation::resume`] with its HTTP status and body (or a timeout) to get the reply.
//!
//! The host only moves bytes. Order of checks (Meta's recommended sequence, after a size check
//! that refuses a body over [`crate::codec::MAX_BODY_BYTES`] with HTTP 400 before any work):
//! 1. signature (when app secrets are configured) → 432;
//! 2. decryption → 400 (not the envelope) / 421 (undecryptable);
//! 3. `ping` → `{"data":{"status":"active"}}`, answered locally for every setup;
//! 4. error notification (`data.error` / `data.error_key`) → `{"data":{"acknowledged":true}}`,
//!    reported in [`Reply::notification`];
//! 5. setups without a platform endpoint (`static`, `customer`) → 500 `relay_no_endpoint`;
//! 6. flow token (when token secrets are configured) and Data API 4.0
//!    `flow_token_signature` (when present and app secrets are configured) → 427 with the
//!    encrypted `{"error_msg": …}`;
//! 7. ingestion of `ct-evt` / `ct-up`, for `data_exchange` only (never `INIT`, `BACK`;
//!    `navigate` never reaches an endpoint; `complete` arrives by webhook, see
//!    [`crate::ingest::ingest_webhook`]);
//! 8. routing: `platform` answers from the payload's `next_screen` (static navigation);
//!    `platform+customer` forwards.
//!
//! # What reaches the phone when something is wrong
//! A bad static route (`next_screen` missing, unknown or not allowed by the `routing_model`),
//! a bad customer answer (status other than 200/427, not JSON, no or unknown `screen`, a
//! transition the `routing_model` forbids, data of the wrong type for the target screen, a
//! `SUCCESS` without `params.flow_token`) and a customer timeout never reach the phone as they
//! are. Instead, when the request came from a known screen (`data_exchange`), the phone gets
//! HTTP 200 with that same screen and `data.error_message` = [`RelayConfig::error_message`]
//! (the user sees the message and can retry); otherwise (`INIT`, `BACK`) HTTP 500 with an
//! empty body (WhatsApp shows its generic error). Either way [`Reply::kind`] is
//! [`ReplyKind::Fallback`] and [`Reply::error`] says why, for the host's logs and alerts.
//! Keys a screen does not declare are left out of the answer and listed in
//! [`Reply::dropped_keys`]. A customer HTTP 427 becomes a 427 with the encrypted
//! `{"error_msg": …}` (the customer's `error_msg` when its body has one).
//!
//! # Example
//! ```
//! use waflows::codec::{generate_key_pair, sign, testing, PrivateKey, PublicKey};
//! use waflows::relay::{CustomerAnswer, Decision, Inbound, Relay, RelayConfig, Setup};
//! use waflows::tokens::{self, TokenSecret};
//!
//! let pair = generate_key_pair(2048, None)?;
//! let flow = br#"{"routing_model":{"A":["B"]},"screens":[{"id":"A","data":{}},{"id":"B","terminal":true,"data":{"x":{"type":"string"}}}]}"#;
//! let secret = TokenSecret::new(b"token-secret-0123456789")?;
//! let mut config = RelayConfig::new(Setup::PlatformCustomer);
//! config.app_secrets = vec![b"app-secret".to_vec()];
//! config.token_secrets = vec![secret.clone()];
//! let relay = Relay::new(flow, PrivateKey::from_pem(pair.private_pem.as_bytes(), None)?, config)?;
//!
//! let token = tokens::issue(&secret, "919876543210", "flow-1", None, 2_000_000_000)?;
//! let payload = format!(r#"{{"version":"3.0","action":"data_exchange","screen":"A","flow_token":"{token}","data":{{"ct-evt":{{"evtName":"Tapped"}}}}}}"#);
//! let phone = testing::encrypt_request(&PublicKey::from_pem(pair.public_pem.as_bytes())?, payload.as_bytes())?;
//! let signature = sign(phone.body.as_bytes(), b"app-secret");
//!
//! let decision = relay.handle(Inbound::new(phone.body.as_bytes(), 1_764_000_000).with_signature(signature.as_str()));
//! let Decision::Forward(forward) = decision else { panic!("expected a forward") };
//! assert_eq!(forward.records.len(), 1);                       // the "Tapped" event
//! // POST forward.json() to the customer endpoint, then:
//! let reply = forward.continuation.resume(CustomerAnswer::Http { status: 200, body: br#"{"screen":"B","data":{"x":"hi"}}"# });
//! assert_eq!(reply.status, 200);
//! assert_eq!(serde_json::from_slice::<serde_json::Value>(&phone.decrypt_response(reply.body.as_bytes())?).unwrap(), serde_json::json!({"screen":"B","data":{"x":"hi"}}));
//! # Ok::<(), waflows::Error>(())
//! ```
//!
//! Decisions are plain values. Their `Debug` output holds no key, no plaintext and no record
//! content; the plaintext to forward is only reachable through [`Forward::json`].

mod flow_view;
#[cfg(any(feature = "ffi", feature = "python"))]
mod held;

pub(crate) use flow_view::FlowView;

use std::sync::Arc;

use serde_json::{Map, Value, json};

use crate::codec::{Action, FlowRequest, PrivateKey, Session, response};
use crate::ingest::{self, Problem, Record};
use crate::limits::quote;
use crate::tokens::{self, TokenSecret};
use crate::{Error, ErrorCode, Result};
#[cfg(any(feature = "ffi", feature = "python"))]
pub(crate) use held::HeldDecision;

/// Largest customer answer accepted, in bytes.
pub const MAX_CUSTOMER_BODY_BYTES: usize = 1 << 20;
/// Deepest nesting accepted in a customer answer (the crate's one JSON depth limit,
/// [`crate::limits::MAX_JSON_DEPTH`]).
pub const MAX_CUSTOMER_JSON_DEPTH: usize = crate::limits::MAX_JSON_DEPTH;
/// Default text shown on the current screen when the answer had to be replaced.
pub const DEFAULT_ERROR_MESSAGE: &str = "Something went wrong. Please try again.";
/// Default `error_msg` of a 427 answer.
pub const DEFAULT_TOKEN_ERROR_MESSAGE: &str = "This link has expired. Please request a new one.";

/// The payload key naming the next screen in `platform` (static navigation) flows.
pub const NEXT_SCREEN_KEY: &str = "next_screen";

crate::catalogue! {
    /// How a flow is wired (the four setups of the product documentation).
    #[non_exhaustive]
    pub enum Setup as "relay setup", unknown = InvalidArgument {
        /// No endpoint: screens change with `navigate`, the flow ends with `complete`; ingestion
        /// comes from the completion webhook.
        Static = 0 => "static",
        /// The platform is the endpoint and there is no customer endpoint: the next screen is the
        /// payload's `next_screen`, the other payload fields are its data.
        Platform = 1 => "platform",
        /// The platform is the endpoint and relays each request to the customer endpoint.
        PlatformCustomer = 2 => "platform+customer",
        /// The customer registered its own endpoint with Meta; the platform only sees what the
        /// customer forwards (typically the completion webhook).
        Customer = 3 => "customer",
    }
}

impl Setup {
    /// Whether Meta calls the platform's endpoint for this setup.
    #[must_use]
    pub const fn has_platform_endpoint(self) -> bool {
        matches!(self, Setup::Platform | Setup::PlatformCustomer)
    }
}

/// The relay's configuration for one flow (besides the Flow JSON and the private key).
#[derive(Clone)]
#[non_exhaustive]
pub struct RelayConfig {
    /// The setup.
    pub setup: Setup,
    /// Meta app secrets (several during rotation). Empty: signatures are not checked.
    pub app_secrets: Vec<Vec<u8>>,
    /// Flow-token secrets (several during rotation). Empty: tokens are not checked and the
    /// identity comes from [`Inbound::identity`].
    pub token_secrets: Vec<TokenSecret>,
    /// When set, a verified token must name this flow id.
    pub flow_id: Option<String>,
    /// Ingestion options.
    pub ingest: ingest::Options,
    /// Text shown on the current screen when an answer had to be replaced.
    pub error_message: String,
    /// `error_msg` of 427 answers.
    pub token_error_message: String,
}

impl std::fmt::Debug for RelayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelayConfig")
            .field("setup", &self.setup)
            .field("app_secrets", &self.app_secrets.len())
            .field("token_secrets", &self.token_secrets)
            .field("flow_id", &self.flow_id)
            .finish_non_exhaustive()
    }
}

impl RelayConfig {
    /// A configuration with no secrets and the default messages.
    #[must_use]
    pub fn new(setup: Setup) -> Self {
        RelayConfig {
            setup,
            app_secrets: Vec::new(),
            token_secrets: Vec::new(),
            flow_id: None,
            ingest: ingest::Options::default(),
            error_message: DEFAULT_ERROR_MESSAGE.to_owned(),
            token_error_message: DEFAULT_TOKEN_ERROR_MESSAGE.to_owned(),
        }
    }
}

/// One inbound request: build it with [`Inbound::new`] and the `with_*` methods (it is
/// `#[non_exhaustive]`, so a struct literal outside waflows does not compile and a new
/// field is not a breaking change).
///
/// ```
/// use waflows::relay::Inbound;
///
/// let header = "sha256=…"; // the X-Hub-Signature-256 header, if the request had one
/// let inbound = Inbound::new(b"{}", 1_764_000_000).with_signature(header).with_identity(None);
/// assert_eq!((inbound.signature, inbound.identity), (Some(header), None));
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Inbound<'a> {
    /// The raw HTTP body, exactly as received.
    pub body: &'a [u8],
    /// The `X-Hub-Signature-256` header, if any.
    pub signature: Option<&'a str>,
    /// Current time, UNIX seconds (token expiry, record `ts`).
    pub now: crate::UnixTime,
    /// The user's identity when the host knows it some other way (used when no token secret is
    /// configured; a verified token's identity wins).
    pub identity: Option<&'a str>,
}

impl<'a> Inbound<'a> {
    /// A request with this raw body (exactly as received), read at `now` (UNIX seconds), with
    /// no signature header and no identity.
    #[must_use]
    pub fn new(body: &'a [u8], now: crate::UnixTime) -> Self {
        Inbound {
            body,
            signature: None,
            now,
            identity: None,
        }
    }

    /// The `X-Hub-Signature-256` header (`&str`, or an `Option` when the header may be absent).
    #[must_use]
    pub fn with_signature(mut self, header: impl Into<Option<&'a str>>) -> Self {
        self.signature = header.into();
        self
    }

    /// The user's identity when the host knows it some other way (`&str` or an `Option`).
    #[must_use]
    pub fn with_identity(mut self, identity: impl Into<Option<&'a str>>) -> Self {
        self.identity = identity.into();
        self
    }
}

crate::catalogue! {
    /// What kind of answer a [`Reply`] is.
    #[non_exhaustive]
    pub enum ReplyKind as "reply kind", unknown = InvalidArgument {
        /// 432: the signature is missing or wrong.
        SignatureRejected = 0 => "signature_rejected",
        /// 400 / 421: the body is not the envelope, or does not decrypt.
        Undecryptable = 1 => "undecryptable",
        /// 200: health check answered.
        Health = 2 => "health",
        /// 200: error notification acknowledged (see [`Reply::notification`]).
        ErrorAcknowledged = 3 => "error_acknowledged",
        /// 500: the flow's setup has no platform endpoint.
        NoEndpoint = 4 => "no_endpoint",
        /// 427: the flow token (or its Data API 4.0 signature) was rejected.
        TokenRejected = 5 => "token_rejected",
        /// 200: the next screen, from the payload (`platform` setup).
        Screen = 6 => "screen",
        /// 200: the flow closes (`SUCCESS`), from the payload (`platform` setup).
        Close = 7 => "close",
        /// 200: the customer's next screen, checked.
        CustomerScreen = 8 => "customer_screen",
        /// 200: the customer closed the flow (`SUCCESS`), checked.
        CustomerClose = 9 => "customer_close",
        /// 427: the customer rejected the flow token.
        CustomerTokenRejected = 10 => "customer_token_rejected",
        /// The answer had to be replaced (bad route, bad customer answer, timeout): 200 with
        /// `error_message` on the current screen, or 500.
        Fallback = 11 => "fallback",
    }
}

/// An error notification the phone sent about a previous answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorNotification {
    /// `data.error` / `data.error_key` (e.g. `invalid-screen-transition`). Like every field
    /// here, cut to [`crate::limits::MAX_ECHO_CHARS`] characters (a cut value ends with `…`).
    pub error_key: String,
    /// `data.error_message`, if any.
    pub error_message: Option<String>,
    /// The screen the bad answer was for.
    pub screen: Option<String>,
}

/// Answer now.
#[derive(Clone)]
#[non_exhaustive]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The HTTP body: encrypted base64 text (`text/plain`), or empty.
    pub body: String,
    /// What this answer is.
    pub kind: ReplyKind,
    /// The screen answered (`"SUCCESS"` for closes), when there is one.
    pub screen: Option<String>,
    /// Upload records to send to CleverTap (see [`crate::ingest::upload_bodies`]).
    pub records: Vec<Record>,
    /// Ingestion problems.
    pub problems: Vec<Problem>,
    /// Why the request or an answer was rejected, when it was.
    pub error: Option<Error>,
    /// The error notification, for [`ReplyKind::ErrorAcknowledged`].
    pub notification: Option<ErrorNotification>,
    /// Data keys left out of the answer because the screen does not declare them.
    pub dropped_keys: Vec<String>,
    /// The identity the request was attributed to.
    pub identity: Option<String>,
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("kind", &self.kind)
            .field("screen", &self.screen)
            .field("body_len", &self.body.len())
            .field("records", &self.records.len())
            .field("problems", &self.problems.len())
            .field("error", &self.error)
            .field("notification", &self.notification)
            .field("dropped_keys", &self.dropped_keys)
            .finish_non_exhaustive()
    }
}

impl Reply {
    fn new(status: u16, kind: ReplyKind) -> Self {
        Reply {
            status,
            body: String::new(),
            kind,
            screen: None,
            records: Vec::new(),
            problems: Vec::new(),
            error: None,
            notification: None,
            dropped_keys: Vec::new(),
            identity: None,
        }
    }

    fn rejected(status: u16, kind: ReplyKind, e: Error) -> Self {
        let mut r = Reply::new(status, kind);
        r.error = Some(e);
        r
    }
}

/// Ask the customer endpoint.
#[non_exhaustive]
pub struct Forward {
    json: String,
    /// Upload records (ingestion happens before relaying; they are not repeated on resume).
    pub records: Vec<Record>,
    /// Ingestion problems.
    pub problems: Vec<Problem>,
    /// The identity the request was attributed to.
    pub identity: Option<String>,
    /// Resumes with the customer's answer.
    pub continuation: Continuation,
}

impl std::fmt::Debug for Forward {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forward")
            .field("json_len", &self.json.len())
            .field("records", &self.records.len())
            .field("problems", &self.problems.len())
            .field("continuation", &self.continuation)
            .finish_non_exhaustive()
    }
}

impl Forward {
    /// The JSON to POST (`Content-Type: application/json`) to the customer endpoint: the
    /// decrypted request with `ct-evt`, `ct-up` and `next_screen` removed from `data`, its keys
    /// in the phone's order with the `preserve-order` feature (sorted without it).
    /// This is user plaintext: send it over TLS only and do not log it.
    #[must_use]
    pub fn json(&self) -> &str {
        &self.json
    }
}

/// The customer endpoint's answer.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum CustomerAnswer<'a> {
    /// It answered with this HTTP status and body.
    Http {
        /// HTTP status.
        status: u16,
        /// Body (plain JSON).
        body: &'a [u8],
    },
    /// It did not answer in the host's time budget (keep it well under Meta's 10 s).
    Timeout,
    /// It could not be reached at all (connection refused or reset, name resolution, TLS):
    /// the host's transport failed before any answer. Answered like a timeout, but the reply's
    /// error says which (`RelayCustomerUnreachable`).
    Unreachable,
}

/// What the relay needs to finish a forwarded request. Holds the request's AES session
/// (zeroized on drop; never shown by `Debug`).
pub struct Continuation {
    session: Session,
    flow: Arc<FlowView>,
    action: Action,
    screen: Option<String>,
    flow_token: Option<String>,
    identity: Option<String>,
    error_message: Arc<str>,
    token_error_message: Arc<str>,
}

impl std::fmt::Debug for Continuation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Continuation")
            .field("action", &self.action.as_str())
            .field("screen", &self.screen)
            .finish_non_exhaustive()
    }
}

crate::catalogue! {
    /// What a [`Decision`] asks the host to do (its variant, without the data).
    #[non_exhaustive]
    pub enum DecisionKind as "decision kind", unknown = InvalidArgument {
        /// Answer now ([`Decision::Reply`]).
        Reply = 1 => "reply",
        /// Ask the customer endpoint first, then resume ([`Decision::Forward`]).
        Forward = 2 => "forward",
    }
}

/// The relay's decision for one request.
#[derive(Debug)]
#[non_exhaustive]
pub enum Decision {
    /// Answer now.
    Reply(Reply),
    /// Ask the customer endpoint first.
    Forward(Forward),
}

impl Decision {
    /// Which kind of decision this is.
    #[must_use]
    pub fn kind(&self) -> DecisionKind {
        match self {
            Decision::Reply(_) => DecisionKind::Reply,
            Decision::Forward(_) => DecisionKind::Forward,
        }
    }

    /// The reply, if this is one.
    #[must_use]
    pub fn as_reply(&self) -> Option<&Reply> {
        match self {
            Decision::Reply(r) => Some(r),
            Decision::Forward(_) => None,
        }
    }

    /// The records to upload, whatever the kind.
    #[must_use]
    pub fn records(&self) -> &[Record] {
        match self {
            Decision::Reply(r) => &r.records,
            Decision::Forward(f) => &f.records,
        }
    }
}

/// The relay for one flow. Immutable and `Send + Sync`: build it once, share it between
/// request threads.
pub struct Relay {
    flow: Arc<FlowView>,
    key: Arc<PrivateKey>,
    config: RelayConfig,
    error_message: Arc<str>,
    token_error_message: Arc<str>,
}

impl std::fmt::Debug for Relay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relay")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The relay's view of a Flow JSON (for the endpoint).
pub(crate) fn flow_view_parse(flow_json: &[u8]) -> Result<FlowView> {
    FlowView::parse(flow_json)
}

/// The view without a Flow JSON (for the endpoint): see `FlowView::open`.
pub(crate) fn flow_view_open() -> FlowView {
    FlowView::open()
}

/// A rejection reply with no body (for the endpoint's size check).
pub(crate) fn reply_rejected(status: u16, e: Error) -> Reply {
    Reply::rejected(status, ReplyKind::Fallback, e)
}

/// A request that passed steps 1 to 7 (see [`Relay::prepare`]).
pub(crate) struct Prepared {
    pub(crate) req: FlowRequest,
    pub(crate) identity: Option<String>,
    pub(crate) records: Vec<Record>,
    pub(crate) problems: Vec<Problem>,
}

/// State shared by the answer builders of one request.
struct Ctx<'a> {
    session: &'a Session,
    flow: &'a FlowView,
    action: &'a Action,
    screen: Option<&'a str>,
    error_message: &'a str,
}

impl Relay {
    /// Builds a relay from the flow's Flow JSON, its private key (owned, or an
    /// `Arc<PrivateKey>` shared with other relays of the same WABA) and its configuration.
    ///
    /// # Errors
    /// `RelayConfigInvalid` when the Flow JSON has no usable screens; `LimitExceeded` when it
    /// is too large or too deep; `InvalidArgument` for an empty app secret.
    pub fn new(
        flow_json: &[u8],
        key: impl Into<Arc<PrivateKey>>,
        config: RelayConfig,
    ) -> Result<Relay> {
        let flow = FlowView::parse(flow_json)?;
        Relay::from_view(flow, key.into(), config)
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &RelayConfig {
        &self.config
    }

    /// Runs one request: see the module documentation for the order of checks.
    #[must_use]
    pub fn handle(&self, inbound: Inbound<'_>) -> Decision {
        let req = match self.decrypt(inbound) {
            Ok(req) => req,
            Err(r) => return Decision::Reply(r),
        };
        self.handle_request(req, inbound)
    }

    /// Steps 3 to 8 of [`Relay::handle`] for an already decrypted request (the fuzzing seam
    /// that skips RSA: the engine after decryption is the same code).
    pub(crate) fn handle_request(&self, req: FlowRequest, inbound: Inbound<'_>) -> Decision {
        let p = match self.prepare_request(req, inbound) {
            Ok(p) => p,
            Err(r) => return Decision::Reply(r),
        };
        let Prepared {
            req,
            identity,
            records,
            problems,
        } = p;
        // 8. Route.
        let screen = req.screen().filter(|s| !s.is_empty());
        if self.config.setup == Setup::PlatformCustomer {
            let continuation = self.continuation(&req, identity.clone());
            return Decision::Forward(Forward {
                json: forward_json(&req),
                records,
                problems,
                identity,
                continuation,
            });
        }
        let ctx = Ctx {
            session: req.session(),
            flow: &self.flow,
            action: req.action(),
            screen,
            error_message: &self.error_message,
        };
        let mut r = static_answer(&ctx, &req);
        r.records = records;
        r.problems = problems;
        r.identity = identity;
        Decision::Reply(r)
    }

    /// Builds a relay from an already checked flow view (the endpoint's way in, where the Flow
    /// JSON is optional).
    pub(crate) fn from_view(
        flow: FlowView,
        key: Arc<PrivateKey>,
        config: RelayConfig,
    ) -> Result<Relay> {
        if config.app_secrets.iter().any(Vec::is_empty) {
            return Err(Error::invalid_argument("app secrets must not be empty"));
        }
        let error_message = Arc::from(config.error_message.as_str());
        let token_error_message = Arc::from(config.token_error_message.as_str());
        Ok(Relay {
            flow: Arc::new(flow),
            key,
            config,
            error_message,
            token_error_message,
        })
    }

    /// The continuation that checks the answer to `req`.
    pub(crate) fn continuation(&self, req: &FlowRequest, identity: Option<String>) -> Continuation {
        Continuation {
            session: req.session().clone(),
            flow: Arc::clone(&self.flow),
            action: req.action().clone(),
            screen: req.screen().filter(|s| !s.is_empty()).map(str::to_owned),
            flow_token: req.flow_token().map(str::to_owned),
            identity,
            error_message: Arc::clone(&self.error_message),
            token_error_message: Arc::clone(&self.token_error_message),
        }
    }

    /// Steps 1 to 7 of the module documentation: everything before routing. `Err` is the
    /// reply to send at once (400 size, 432, 400/421, health, error acknowledgement, no endpoint,
    /// 427).
    // The `Err` is the reply to send at once, moved straight into a `Decision`: no boxing.
    #[allow(clippy::result_large_err)]
    pub(crate) fn prepare(&self, inbound: Inbound<'_>) -> std::result::Result<Prepared, Reply> {
        let req = self.decrypt(inbound)?;
        self.prepare_request(req, inbound)
    }

    /// The size check, steps 1 and 2: the decrypted request, or the reply to send at once.
    // The `Err` is the reply to send at once, moved straight into a `Decision`: no boxing.
    #[allow(clippy::result_large_err)]
    fn decrypt(&self, inbound: Inbound<'_>) -> std::result::Result<FlowRequest, Reply> {
        // 0. Size, before any work (the signature HMAC reads the whole body).
        if inbound.body.len() > crate::codec::MAX_BODY_BYTES {
            return Err(Reply::rejected(
                400,
                ReplyKind::Undecryptable,
                Error::new(
                    ErrorCode::MalformedRequest,
                    format!(
                        "request body is {} bytes; the limit is {}",
                        inbound.body.len(),
                        crate::codec::MAX_BODY_BYTES
                    ),
                ),
            ));
        }
        // 1. Signature.
        if !self.config.app_secrets.is_empty() {
            let checked = match inbound.signature {
                None => Err(Error::new(
                    ErrorCode::InvalidSignature,
                    "X-Hub-Signature-256 is missing",
                )),
                Some(h) => {
                    crate::codec::verify_signature(inbound.body, h, &self.config.app_secrets)
                }
            };
            if let Err(e) = checked {
                return Err(Reply::rejected(432, ReplyKind::SignatureRejected, e));
            }
        }
        // 2. Decryption.
        let req = match self.key.decrypt_request(inbound.body) {
            Ok(r) => r,
            Err(e) => {
                let status = e.http_status().unwrap_or(421);
                return Err(Reply::rejected(status, ReplyKind::Undecryptable, e));
            }
        };
        Ok(req)
    }

    /// Steps 3 to 7 for a decrypted request.
    // The `Err` is the reply to send at once, moved straight into a `Decision`: no boxing.
    #[allow(clippy::result_large_err)]
    fn prepare_request(
        &self,
        req: FlowRequest,
        inbound: Inbound<'_>,
    ) -> std::result::Result<Prepared, Reply> {
        // 3. Health check.
        if req.is_ping() {
            let mut r = Reply::new(200, ReplyKind::Health);
            r.body = req.respond_health();
            return Err(r);
        }
        // 4. Error notification.
        if let Some(key) = req.error_key() {
            let mut r = Reply::new(200, ReplyKind::ErrorAcknowledged);
            // Request text, cut to MAX_ECHO_CHARS (decisions end up in logs).
            let cut = |s: &str| crate::limits::truncate(s).into_owned();
            r.notification = Some(ErrorNotification {
                error_key: cut(key),
                error_message: req
                    .data()
                    .and_then(|d| d.get("error_message"))
                    .and_then(Value::as_str)
                    .map(cut),
                screen: req.screen().filter(|s| !s.is_empty()).map(cut),
            });
            r.body = req.respond_error_ack();
            return Err(r);
        }
        // 5. No platform endpoint for this setup.
        if !self.config.setup.has_platform_endpoint() {
            return Err(Reply::rejected(
                500,
                ReplyKind::NoEndpoint,
                Error::new(
                    ErrorCode::RelayNoEndpoint,
                    format!(
                        "setup {:?} has no platform endpoint",
                        self.config.setup.as_str()
                    ),
                ),
            ));
        }
        // 6. Tokens.
        let identity = match self.check_tokens(&req, inbound) {
            Ok(id) => id,
            Err(e) => {
                let mut r = Reply::rejected(427, ReplyKind::TokenRejected, e);
                r.body = req.respond_token_error(&self.token_error_message);
                return Err(r);
            }
        };
        // 7. Ingestion (data_exchange only).
        let (records, problems) = if *req.action() == Action::DataExchange {
            let empty = Map::new();
            let data = req.data().unwrap_or(&empty);
            let x = ingest::extract_map(data, &self.config.ingest);
            let ts = Some(inbound.now);
            let (records, missing) = x.records(identity.as_deref(), ts);
            let mut problems = x.problems;
            problems.extend(missing);
            (records, problems)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Prepared {
            req,
            identity,
            records,
            problems,
        })
    }

    /// Verifies the flow token and `flow_token_signature`; returns the identity to use.
    fn check_tokens(&self, req: &FlowRequest, inbound: Inbound<'_>) -> Result<Option<String>> {
        let mut identity = inbound.identity.map(str::to_owned);
        if !self.config.token_secrets.is_empty() {
            let token = req.flow_token().ok_or_else(|| {
                Error::new(ErrorCode::InvalidFlowToken, "the request has no flow_token")
            })?;
            let claims = tokens::verify(token, &self.config.token_secrets, inbound.now)?;
            if let Some(want) = &self.config.flow_id {
                if &claims.flow_id != want {
                    return Err(Error::new(
                        ErrorCode::InvalidFlowToken,
                        "the flow token was issued for another flow",
                    ));
                }
            }
            identity = Some(claims.identity);
        }
        if let (Some(sig), false) = (
            req.flow_token_signature(),
            self.config.app_secrets.is_empty(),
        ) {
            tokens::verify_flow_token_signature(
                sig,
                req.flow_token().unwrap_or(""),
                &self.config.app_secrets,
                inbound.now,
            )?;
        }
        Ok(identity)
    }
}

/// The decrypted request with `ct-evt`, `ct-up` and `next_screen` removed from `data`.
fn forward_json(req: &FlowRequest) -> String {
    let mut payload = req.payload().clone();
    if let Some(Value::Object(data)) = payload.get_mut("data") {
        data.remove(ingest::EVENT_KEY);
        data.remove(ingest::PROFILE_KEY);
        data.remove(NEXT_SCREEN_KEY);
    }
    Value::Object(payload).to_string()
}

fn encrypt(session: &Session, v: &Value) -> String {
    session.encrypt_response_bytes(v.to_string().as_bytes())
}

/// The replacement answer: `error_message` on the current screen for a `data_exchange` from a
/// known screen, otherwise HTTP 500.
fn fallback(ctx: &Ctx<'_>, e: Error) -> Reply {
    let on_screen = match ctx.action {
        Action::DataExchange | Action::Other(_) => ctx.screen.filter(|s| ctx.flow.has_screen(s)),
        _ => None,
    };
    match on_screen {
        Some(s) => {
            let mut r = Reply::rejected(200, ReplyKind::Fallback, e);
            r.body = encrypt(
                ctx.session,
                &json!({"screen": s, "data": {"error_message": ctx.error_message}}),
            );
            r.screen = Some(s.to_owned());
            r
        }
        None => Reply::rejected(500, ReplyKind::Fallback, e),
    }
}

fn route_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::RelayStaticRouteInvalid, msg)
}

/// Builds the next-screen reply after checking `data` against the screen's model.
fn screen_reply(
    ctx: &Ctx<'_>,
    kind: ReplyKind,
    target: &str,
    data: &Map<String, Value>,
    code: ErrorCode,
) -> Reply {
    match ctx.flow.fit_data(target, data) {
        Ok(fit) => {
            let mut r = Reply::new(200, kind);
            r.body = encrypt(ctx.session, &json!({"screen": target, "data": fit.kept}));
            r.screen = Some(target.to_owned());
            // Key names come from the request or the customer: cut, like every echo.
            r.dropped_keys = fit
                .undeclared
                .iter()
                .map(|k| crate::limits::truncate(k).into_owned())
                .collect();
            r
        }
        Err(why) => fallback(ctx, Error::new(code, why)),
    }
}

/// `platform` setup: the answer comes from the Flow JSON and the payload.
fn static_answer(ctx: &Ctx<'_>, req: &FlowRequest) -> Reply {
    let mut rest = req.data().cloned().unwrap_or_default();
    rest.remove(ingest::EVENT_KEY);
    rest.remove(ingest::PROFILE_KEY);
    let next = rest.remove(NEXT_SCREEN_KEY);
    match ctx.action {
        Action::Init => match ctx.flow.entry_screen() {
            Some(entry) => screen_reply(
                ctx,
                ReplyKind::Screen,
                entry,
                &rest,
                ErrorCode::RelayStaticRouteInvalid,
            ),
            None => fallback(ctx, route_error("the flow has no entry screen")),
        },
        Action::Back => {
            let target = ctx
                .screen
                .filter(|s| ctx.flow.has_screen(s))
                .or(ctx.flow.entry_screen());
            match target {
                Some(t) => screen_reply(
                    ctx,
                    ReplyKind::Screen,
                    t,
                    &Map::new(),
                    ErrorCode::RelayStaticRouteInvalid,
                ),
                None => fallback(ctx, route_error("BACK names no known screen")),
            }
        }
        Action::DataExchange => {
            let terminal = ctx.screen.is_some_and(|s| ctx.flow.is_terminal(s));
            match next {
                Some(Value::String(s)) if s == response::SUCCESS_SCREEN => {
                    close_reply(ctx, req, rest)
                }
                None if terminal => close_reply(ctx, req, rest),
                Some(Value::String(s)) => {
                    let allowed = match ctx.screen {
                        Some(cur) => ctx.flow.transition_allowed(cur, &s),
                        None => ctx.flow.has_screen(&s),
                    };
                    if allowed {
                        screen_reply(
                            ctx,
                            ReplyKind::Screen,
                            &s,
                            &rest,
                            ErrorCode::RelayStaticRouteInvalid,
                        )
                    } else if ctx.flow.has_screen(&s) {
                        fallback(
                            ctx,
                            route_error(format!(
                                "the routing_model does not allow {} → {}",
                                quote(ctx.screen.unwrap_or("")),
                                quote(&s)
                            )),
                        )
                    } else {
                        fallback(
                            ctx,
                            route_error(format!(
                                "next_screen {} is not a screen of this flow",
                                quote(&s)
                            )),
                        )
                    }
                }
                Some(other) => fallback(
                    ctx,
                    route_error(format!(
                        "next_screen must be a string, got {}",
                        ingest::type_name(&other)
                    )),
                ),
                None => fallback(
                    ctx,
                    route_error("the payload has no next_screen and the screen is not terminal"),
                ),
            }
        }
        _ => fallback(
            ctx,
            route_error(format!(
                "action {} cannot be answered statically",
                quote(ctx.action.as_str())
            )),
        ),
    }
}

fn close_reply(ctx: &Ctx<'_>, req: &FlowRequest, params: Map<String, Value>) -> Reply {
    match req.flow_token() {
        Some(t) if !t.is_empty() => {
            let mut r = Reply::new(200, ReplyKind::Close);
            r.body = encrypt(ctx.session, &response::close(t, params));
            r.screen = Some(response::SUCCESS_SCREEN.to_owned());
            r
        }
        _ => fallback(
            ctx,
            route_error("cannot close the flow: the request has no flow_token"),
        ),
    }
}

fn answer_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::RelayCustomerAnswerInvalid, msg)
}

impl Continuation {
    /// The customer's answer → the reply for Meta. Never fails: a bad answer becomes a
    /// [`ReplyKind::Fallback`] reply (see the module documentation).
    #[must_use]
    pub fn resume(self, answer: CustomerAnswer<'_>) -> Reply {
        let ctx = self.ctx();
        let mut r = self.answer(&ctx, answer);
        r.identity.clone_from(&self.identity);
        r
    }

    fn answer(&self, ctx: &Ctx<'_>, answer: CustomerAnswer<'_>) -> Reply {
        let (status, body) = match answer {
            CustomerAnswer::Timeout => {
                return fallback(
                    ctx,
                    Error::new(
                        ErrorCode::RelayCustomerTimeout,
                        "the customer endpoint timed out",
                    ),
                );
            }
            CustomerAnswer::Unreachable => {
                return fallback(
                    ctx,
                    Error::new(
                        ErrorCode::RelayCustomerUnreachable,
                        "the customer endpoint could not be reached",
                    ),
                );
            }
            CustomerAnswer::Http { status, body } => (status, body),
        };
        if status == 427 {
            let msg = parse_object(body).ok().and_then(|m| {
                m.get("error_msg")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
            return self.token_rejected(
                ctx,
                msg.as_deref(),
                ReplyKind::CustomerTokenRejected,
                "the customer endpoint rejected the flow token",
            );
        }
        if status != 200 {
            return fallback(
                ctx,
                answer_error(format!("the customer endpoint answered HTTP {status}")),
            );
        }
        let obj = match parse_object(body) {
            Ok(o) => o,
            Err(why) => return fallback(ctx, answer_error(why)),
        };
        let Some(Value::String(target)) = obj.get("screen") else {
            return fallback(
                ctx,
                answer_error("the customer answer has no string \"screen\""),
            );
        };
        let empty = Map::new();
        let data = match obj.get("data") {
            None => &empty,
            Some(Value::Object(d)) => d,
            Some(other) => {
                return fallback(
                    ctx,
                    answer_error(format!(
                        "\"data\" must be an object, got {}",
                        ingest::type_name(other)
                    )),
                );
            }
        };
        check_answer(ctx, target, data, ErrorCode::RelayCustomerAnswerInvalid)
    }

    /// A 427 with `{"error_msg": message}` (the configured text when `message` is missing,
    /// empty or over 1024 bytes).
    fn token_rejected(
        &self,
        ctx: &Ctx<'_>,
        message: Option<&str>,
        kind: ReplyKind,
        why: &str,
    ) -> Reply {
        let msg = message
            .filter(|m| !m.is_empty() && m.len() <= 1024)
            .unwrap_or(&self.token_error_message);
        let mut r = Reply::rejected(427, kind, Error::new(ErrorCode::InvalidFlowToken, why));
        r.body = encrypt(ctx.session, &response::token_error(msg));
        r
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            session: &self.session,
            flow: &self.flow,
            action: &self.action,
            screen: self.screen.as_deref(),
            error_message: &self.error_message,
        }
    }

    /// The request's flow token, when it has a non-empty one.
    pub(crate) fn flow_token(&self) -> Option<&str> {
        self.flow_token.as_deref().filter(|t| !t.is_empty())
    }

    /// The request's screen, when it named one.
    pub(crate) fn screen(&self) -> Option<&str> {
        self.screen.as_deref()
    }

    /// Checks an answer `{"screen": target, "data": data}` exactly as a customer's answer is
    /// checked (see the module documentation); a bad one becomes a [`ReplyKind::Fallback`]
    /// with an error of `code`. Kinds: `CustomerScreen`, `CustomerClose`, `Fallback`.
    pub(crate) fn check(self, target: &str, data: &Map<String, Value>, code: ErrorCode) -> Reply {
        let mut r = check_answer(&self.ctx(), target, data, code);
        r.identity.clone_from(&self.identity);
        r
    }

    /// A 427 answer (kind `CustomerTokenRejected`).
    pub(crate) fn reject_token(self, message: Option<&str>, why: &str) -> Reply {
        let mut r =
            self.token_rejected(&self.ctx(), message, ReplyKind::CustomerTokenRejected, why);
        r.identity.clone_from(&self.identity);
        r
    }

    /// The replacement answer for error `e` (`Fallback`: `error_message` on the current screen
    /// of a `data_exchange`, otherwise 500).
    pub(crate) fn replace(self, e: Error) -> Reply {
        let mut r = fallback(&self.ctx(), e);
        r.identity.clone_from(&self.identity);
        r
    }

    /// HTTP 500 with an empty body, kind `Fallback`, whatever the action (the host failed).
    pub(crate) fn fail(self, e: Error) -> Reply {
        let mut r = Reply::rejected(500, ReplyKind::Fallback, e);
        r.identity.clone_from(&self.identity);
        r
    }
}

/// The checks shared by every answer (customer or endpoint host): `SUCCESS` carries
/// `extension_message_response.params.flow_token`; other screens exist, are reachable under the
/// routing model (an entry screen for `INIT`) and get data that fits their declared model.
fn check_answer(ctx: &Ctx<'_>, target: &str, data: &Map<String, Value>, code: ErrorCode) -> Reply {
    let err = |m: String| Error::new(code, m);
    if target == response::SUCCESS_SCREEN {
        let params = data
            .get("extension_message_response")
            .and_then(|e| e.get("params"))
            .and_then(Value::as_object);
        let Some(params) = params else {
            return fallback(
                ctx,
                err("SUCCESS needs data.extension_message_response.params".into()),
            );
        };
        match params.get("flow_token") {
            Some(Value::String(t)) if !t.is_empty() => {}
            _ => {
                return fallback(ctx, err("SUCCESS params must carry the flow_token".into()));
            }
        }
        let mut r = Reply::new(200, ReplyKind::CustomerClose);
        r.body = encrypt(
            ctx.session,
            &json!({"screen": target, "data": {"extension_message_response": {"params": params}}}),
        );
        r.screen = Some(target.to_owned());
        return r;
    }
    let allowed = match ctx.action {
        Action::Init => ctx.flow.is_entry(target),
        Action::Back => ctx.flow.has_screen(target),
        _ => match ctx.screen {
            Some(cur) => ctx.flow.transition_allowed(cur, target),
            None => ctx.flow.has_screen(target),
        },
    };
    if !ctx.flow.has_screen(target) {
        return fallback(
            ctx,
            err(format!(
                "screen {} is not a screen of this flow",
                quote(target)
            )),
        );
    }
    if !allowed {
        let why = if matches!(ctx.action, Action::Init) {
            format!(
                "an INIT must open an entry screen of the routing_model, and {} is not one",
                quote(target)
            )
        } else {
            format!(
                "the routing_model does not allow {} → {} ({})",
                quote(ctx.screen.unwrap_or("")),
                quote(target),
                crate::limits::truncate(ctx.action.as_str())
            )
        };
        return fallback(ctx, err(why));
    }
    screen_reply(ctx, ReplyKind::CustomerScreen, target, data, code)
}

fn parse_object(body: &[u8]) -> std::result::Result<Map<String, Value>, String> {
    if body.len() > MAX_CUSTOMER_BODY_BYTES {
        return Err(format!(
            "the customer answer is over {MAX_CUSTOMER_BODY_BYTES} bytes"
        ));
    }
    if crate::limits::exceeds_depth(body, MAX_CUSTOMER_JSON_DEPTH) {
        return Err(format!(
            "the customer answer nests deeper than {MAX_CUSTOMER_JSON_DEPTH} levels"
        ));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(other) => Err(format!(
            "the customer answer is {}, not a JSON object",
            ingest::type_name(&other)
        )),
        Err(e) => Err(format!("the customer answer is not JSON: {e}")),
    }
}

#[cfg(test)]
mod tests;
