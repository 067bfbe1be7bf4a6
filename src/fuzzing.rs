//! Entry points for the fuzz targets (`fuzz/`) and for the stable corpus replay test
//! (`tests/api/fuzz_replay.rs`): each function takes the raw fuzzer bytes, drives one public
//! entry point that reads outside input, and checks invariants with `assert!` (a broken
//! invariant is a finding, like a panic). The cargo-fuzz targets are one-line wrappers around
//! these, so `cargo test` replays every committed corpus and crash file through the same code
//! without a nightly toolchain.
//!
//! Not an API: hidden from the docs, behind the `fuzzing` feature, may change at any time.
#![allow(
    missing_docs,
    clippy::missing_panics_doc,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::sync::{Arc, OnceLock};

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

use crate::codec::{self, FlowRequest, PrivateKey, PublicKey, Session};
use crate::relay::{CustomerAnswer, Decision, Inbound, Relay, RelayConfig, Reply, Setup};
use crate::tokens::{self, TokenSecret};
use crate::{
    ErrorCode, flow_json, ingest, lifecycle, media, messages, preview as pv, simulator as sim,
    templates, webhooks,
};

/// A fuzz target's code: takes the fuzzer's bytes, panics on a finding.
pub type Target = fn(&[u8]);

/// Every target, by name (the fuzz crate's `[[bin]]` names and the corpus folders).
pub const TARGETS: &[(&str, Target)] = &[
    ("request_decrypt", request_decrypt),
    ("request_plaintext", request_plaintext),
    ("key_load", key_load),
    ("signature", signature),
    ("tokens", tokens),
    ("ingest", ingest),
    ("relay", relay),
    ("relay_rsa", relay_rsa),
    ("flow_json", flow_json),
    ("templates", templates),
    ("messages", messages),
    ("lifecycle", lifecycle),
    ("media", media),
    ("flows_webhook", flows_webhook),
    ("preview", preview),
    ("simulator", simulator),
    ("endpoint", endpoint),
    ("json_tree", json_tree),
];

/// The throw-away test key of `tests/fixtures/keys` (RSA-2048, never used outside tests).
const TEST_KEY_PEM: &[u8] = include_bytes!("../tests/fixtures/keys/private_pkcs8.pem");
/// The Flow JSONs the relay target runs (the fixtures of `tests/fixtures/relay` and a small
/// one with a terminal screen).
const FLOWS: &[&[u8]] = &[
    include_bytes!("../tests/fixtures/relay/weather_age.flow.json"),
    include_bytes!("../tests/fixtures/relay/bus_booking.flow.json"),
    include_bytes!("../tests/fixtures/relay/hotel_feedback.flow.json"),
    br#"{"routing_model":{"A":["B"]},"screens":[{"id":"A","data":{}},{"id":"B","terminal":true,"data":{"x":{"type":"string"},"n":{"type":"number"},"o":{"type":"object","properties":{"k":{"type":"array","items":{"type":"string"}}}}}}]}"#,
];
const APP_SECRET: &[u8] = b"fuzz-app-secret";
const TOKEN_SECRET: &[u8] = b"fuzz-token-secret-0123456789";
const NOW: u64 = 1_764_000_000;
/// Longest error message any entry point may produce for any input
/// ([`crate::limits::MAX_ERROR_MESSAGE_CHARS`]; request text quoted by our own messages is cut
/// to [`crate::limits::MAX_ECHO_CHARS`]).
const MAX_MESSAGE_CHARS: usize = crate::limits::MAX_ERROR_MESSAGE_CHARS;

fn key() -> &'static PrivateKey {
    static KEY: OnceLock<Arc<PrivateKey>> = OnceLock::new();
    KEY.get_or_init(key_clone)
}

fn public() -> &'static PublicKey {
    static PUBLIC: OnceLock<PublicKey> = OnceLock::new();
    PUBLIC.get_or_init(|| PublicKey::from_pem(key().public_key_pem().as_bytes()).expect("public"))
}

fn check_error(e: &crate::Error) {
    assert!(
        e.message().chars().count() <= MAX_MESSAGE_CHARS,
        "{:?} message of {} chars",
        e.code(),
        e.message().chars().count()
    );
}

fn session() -> Session {
    Session::new([7; codec::AES_KEY_LEN], [9; codec::IV_LEN])
}

/// Decrypts an encrypted response body with `s` and parses it as one JSON object.
fn open(s: &Session, body: &str) -> Map<String, Value> {
    let plain = s
        .decrypt_response(body.as_bytes())
        .expect("own response decrypts");
    match serde_json::from_slice(&plain) {
        Ok(Value::Object(m)) => m,
        other => panic!("response is not a JSON object: {other:?}"),
    }
}

// --- codec -------------------------------------------------------------------------------------

/// The raw HTTP body through the real RSA-OAEP + AES-GCM path.
pub fn request_decrypt(data: &[u8]) {
    match key().decrypt_request(data) {
        Ok(req) => exercise_request(&req),
        Err(e) => {
            check_error(&e);
            assert!(matches!(e.http_status(), Some(400 | 421)), "{e:?}");
        }
    }
}

/// The stages after RSA (the seam that skips it): the bytes are the decrypted plaintext of a
/// request; every accessor and every `respond_*` builder runs, and every answer decrypts.
pub fn request_plaintext(data: &[u8]) {
    match FlowRequest::from_plaintext(Zeroizing::new(data.to_vec()), session()) {
        Ok(req) => exercise_request(&req),
        Err(e) => check_error(&e),
    }
}

fn exercise_request(req: &FlowRequest) {
    let s = req.session();
    let _ = (
        req.version(),
        req.flow_token_signature(),
        req.is_error_notification(),
    );
    assert!(!req.raw().is_empty());
    assert_eq!(
        open(s, &req.respond_health()),
        *json!({"data":{"status":"active"}}).as_object().unwrap()
    );
    open(s, &req.respond_error_ack());
    let msg = req.screen().unwrap_or("message");
    let m = open(s, &req.respond_token_error(msg));
    assert_eq!(m.get("error_msg").and_then(Value::as_str), Some(msg));
    let data = req.data().cloned().unwrap_or_default();
    match req.respond_next_screen(req.screen().unwrap_or(""), data.clone(), req.error_key()) {
        Ok(body) => {
            let m = open(s, &body);
            assert_eq!(m.get("screen").and_then(Value::as_str), req.screen());
        }
        Err(e) => {
            check_error(&e);
            assert_eq!(e.code(), ErrorCode::InvalidArgument);
        }
    }
    match req.respond_close(data) {
        Ok(body) => {
            open(s, &body);
        }
        Err(e) => assert!(req.flow_token().is_none(), "{e:?}"),
    }
    let payload = Value::Object(req.payload().clone());
    let body = req.encrypt_response(&payload).expect("an object encrypts");
    assert_eq!(Value::Object(open(s, &body)), payload);
    match req.encrypt_response_json(req.raw()) {
        Ok(body) => {
            open(s, &body);
        }
        Err(e) => check_error(&e),
    }
}

/// PEM and DER key loading, with and without a passphrase. The first byte picks the form.
pub fn key_load(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let loaded = match mode % 4 {
        0 => PrivateKey::from_pem(rest, None),
        1 => {
            // passphrase NUL pem
            let (pw, pem) = match rest.iter().position(|&b| b == 0) {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (&b"waflows-test"[..], rest),
            };
            PrivateKey::from_pem(pem, Some(pw))
        }
        2 => PrivateKey::from_der(rest),
        _ => {
            match PublicKey::from_pem(rest) {
                Ok(k) => assert!((codec::MIN_KEY_BITS..=codec::MAX_KEY_BITS).contains(&k.bits())),
                Err(e) => check_error(&e),
            }
            return;
        }
    };
    match loaded {
        Ok(k) => {
            assert!((codec::MIN_KEY_BITS..=codec::MAX_KEY_BITS).contains(&k.bits()));
            let public =
                PublicKey::from_pem(k.public_key_pem().as_bytes()).expect("own public key");
            assert_eq!(public.bits(), k.bits());
        }
        Err(e) => {
            check_error(&e);
            let c = e.code() as u32;
            assert!(
                (200..300).contains(&c) || e.code() == ErrorCode::LimitExceeded,
                "key loading failed with {e:?}"
            );
        }
    }
}

#[derive(Arbitrary, Debug)]
struct SignatureCase<'a> {
    secrets: Vec<&'a [u8]>,
    header: &'a str,
    body: &'a [u8],
}

/// `X-Hub-Signature-256` verification with arbitrary secrets, headers and bodies.
pub fn signature(data: &[u8]) {
    let Ok(c) = SignatureCase::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let secrets: Vec<&[u8]> = c.secrets.iter().take(8).copied().collect();
    match codec::verify_signature(c.body, c.header, &secrets) {
        Ok(()) => assert!(!secrets.is_empty()),
        Err(e) => {
            check_error(&e);
            assert!(matches!(
                e.code(),
                ErrorCode::InvalidSignature | ErrorCode::InvalidArgument
            ));
        }
    }
    if let Some(s) = secrets.iter().find(|s| !s.is_empty()) {
        let good: Vec<&[u8]> = secrets.iter().copied().filter(|s| !s.is_empty()).collect();
        codec::verify_signature(c.body, &codec::sign(c.body, s), &good).expect("own signature");
    }
}

// --- tokens ------------------------------------------------------------------------------------

#[derive(Arbitrary, Debug)]
struct TokenCase<'a> {
    token: &'a str,
    jwt: &'a str,
    flow_token: &'a str,
    now: u64,
    identity: &'a str,
    flow_id: &'a str,
    campaign: Option<&'a str>,
    expires_at: u64,
    claims: &'a str,
}

/// Flow tokens (issue/verify) and Data API 4.0's `flow_token_signature` JWT.
pub fn tokens(data: &[u8]) {
    let Ok(c) = TokenCase::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let secret = TokenSecret::new(TOKEN_SECRET).unwrap();
    let secrets = [secret.clone()];
    if let Err(e) = tokens::verify(c.token, &secrets, c.now) {
        check_error(&e);
    }
    if let Err(e) = tokens::verify_flow_token_signature(c.jwt, c.flow_token, &[APP_SECRET], c.now) {
        check_error(&e);
        assert!(matches!(
            e.code(),
            ErrorCode::FlowTokenSignatureInvalid | ErrorCode::InvalidArgument
        ));
    }
    // A JWT we sign over arbitrary claims: verification never panics, and a bound, unexpired
    // one verifies.
    if let Ok(Value::Object(claims)) = serde_json::from_str::<Value>(c.claims) {
        let jwt = tokens::sign_jwt_hs256(&Value::Object(claims.clone()), APP_SECRET);
        let r = tokens::verify_flow_token_signature(&jwt, c.flow_token, &[APP_SECRET], c.now);
        let bound = claims.get("flow_token").and_then(Value::as_str) == Some(c.flow_token);
        let timeless = !claims.contains_key("exp") && !claims.contains_key("nbf");
        let shallow = !crate::limits::exceeds_depth(c.claims.as_bytes(), 64);
        if bound && timeless && shallow && jwt.len() <= 8192 {
            r.expect("a bound JWT without time claims verifies");
        }
    }
    // Round trip: an issued token verifies before it expires, with the same claims.
    if let Ok(t) = tokens::issue(&secret, c.identity, c.flow_id, c.campaign, c.expires_at) {
        assert!(
            t.len() <= tokens::MAX_TOKEN_LEN,
            "token of {} bytes",
            t.len()
        );
        if c.now < c.expires_at {
            let claims = tokens::verify(&t, &secrets, c.now).expect("own token verifies");
            assert_eq!(claims.flow_id, c.flow_id);
        } else {
            assert!(tokens::verify(&t, &secrets, c.now).is_err());
        }
    }
}

// --- ingestion ---------------------------------------------------------------------------------

/// Ingestion from request payloads, completion webhooks and record lists.
pub fn ingest(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 3 {
        0 => match ingest::extract_json(rest, &ingest::Options::default()) {
            Ok(x) => {
                let (records, _) = x.records(Some("919876543210"), Some(1_764_000_000));
                for body in ingest::upload_bodies(&records) {
                    serde_json::from_str::<Value>(&body).expect("upload body is JSON");
                }
            }
            Err(e) => check_error(&e),
        },
        1 => match ingest::ingest_webhook(rest) {
            Ok(w) => {
                for body in ingest::upload_bodies(&w.records) {
                    serde_json::from_str::<Value>(&body).expect("upload body is JSON");
                }
            }
            Err(e) => check_error(&e),
        },
        _ => match ingest::upload_bodies_from_json(rest) {
            Ok(bodies) => {
                for body in bodies {
                    serde_json::from_str::<Value>(&body).expect("upload body is JSON");
                }
            }
            Err(e) => check_error(&e),
        },
    }
}

// --- relay -------------------------------------------------------------------------------------

#[derive(Arbitrary, Debug)]
enum Pick<'a> {
    /// One of the flow's screens (index modulo the count).
    Screen(u8),
    Success,
    Missing,
    Text(&'a str),
}

#[derive(Arbitrary, Debug)]
enum Token<'a> {
    Valid,
    Expired,
    OtherFlow,
    Missing,
    Text(&'a str),
}

#[derive(Arbitrary, Debug)]
struct RelayCase<'a> {
    setup: u8,
    flow: u8,
    app_secret: bool,
    token_secret: bool,
    flow_id: bool,
    custom_messages: Option<(&'a str, &'a str)>,
    action: u8,
    action_text: &'a str,
    screen: Pick<'a>,
    next_screen: Pick<'a>,
    token: Token<'a>,
    jwt: Option<&'a str>,
    /// Extra `data` members as JSON text (used when it parses as an object).
    data_json: &'a str,
    error_key: Option<&'a str>,
    identity: Option<&'a str>,
    now: u64,
    answer: Option<Answer<'a>>,
    /// When set, this text replaces the structured plaintext.
    raw_plaintext: Option<&'a [u8]>,
}

#[derive(Arbitrary, Debug)]
enum Answer<'a> {
    Timeout,
    Raw {
        status: u16,
        body: &'a [u8],
    },
    Screen {
        status: u16,
        screen: Pick<'a>,
        data_json: &'a str,
        error_msg: Option<&'a str>,
    },
}

fn pick(p: &Pick<'_>, screens: &[String]) -> Option<String> {
    match p {
        Pick::Screen(i) if !screens.is_empty() => {
            Some(screens[usize::from(*i) % screens.len()].clone())
        }
        Pick::Screen(_) | Pick::Missing => None,
        Pick::Success => Some("SUCCESS".to_owned()),
        Pick::Text(s) => Some((*s).to_owned()),
    }
}

fn json_object(text: &str) -> Map<String, Value> {
    match serde_json::from_str(text) {
        Ok(Value::Object(m)) if !crate::limits::exceeds_depth(text.as_bytes(), 64) => m,
        _ => Map::new(),
    }
}

struct Built {
    relay: Arc<Relay>,
    screens: Arc<Vec<String>>,
}

/// Relays already built, by configuration: building one parses and checks its Flow JSON, which
/// would otherwise dominate each execution. Bounded (custom messages make keys unbounded).
type RelayCache =
    std::sync::Mutex<std::collections::HashMap<Vec<u8>, (Arc<Relay>, Arc<Vec<String>>)>>;
const RELAY_CACHE_MAX: usize = 4096;

fn build_relay(c: &RelayCase<'_>) -> Built {
    static CACHE: OnceLock<RelayCache> = OnceLock::new();
    let flow_index = usize::from(c.flow) % FLOWS.len();
    let mut key = vec![c.setup % 4, u8::try_from(flow_index).unwrap()];
    key.extend([
        u8::from(c.app_secret),
        u8::from(c.token_secret),
        u8::from(c.flow_id),
    ]);
    if let Some((m, t)) = c.custom_messages {
        key.extend_from_slice(m.as_bytes());
        key.push(0xff); // not UTF-8: separates the two texts unambiguously
        key.extend_from_slice(t.as_bytes());
    }
    let cache = CACHE.get_or_init(Default::default);
    if let Some((relay, screens)) = cache.lock().unwrap().get(&key) {
        return Built {
            relay: Arc::clone(relay),
            screens: Arc::clone(screens),
        };
    }
    let setup = [
        Setup::Static,
        Setup::Platform,
        Setup::PlatformCustomer,
        Setup::Customer,
    ][usize::from(c.setup % 4)];
    let flow = FLOWS[flow_index];
    let mut cfg = RelayConfig::new(setup);
    if c.app_secret {
        cfg.app_secrets = vec![APP_SECRET.to_vec(), b"old-app-secret".to_vec()];
    }
    if c.token_secret {
        cfg.token_secrets = vec![TokenSecret::new(TOKEN_SECRET).unwrap()];
    }
    if c.flow_id {
        cfg.flow_id = Some("flow-1".to_owned());
    }
    if let Some((m, t)) = c.custom_messages {
        cfg.error_message = m.to_owned();
        cfg.token_error_message = t.to_owned();
    }
    let screens: Vec<String> = flow_json::Flow::parse(flow)
        .map(|f| f.screens.into_iter().map(|s| s.id).collect())
        .unwrap_or_default();
    let relay = Arc::new(Relay::new(flow, key_clone(), cfg).expect("fixture flows load"));
    let screens = Arc::new(screens);
    let mut map = cache.lock().unwrap();
    if map.len() < RELAY_CACHE_MAX {
        map.insert(key, (Arc::clone(&relay), Arc::clone(&screens)));
    }
    Built { relay, screens }
}

/// The shared test key (loaded once; relays take an `Arc`).
fn key_clone() -> Arc<PrivateKey> {
    static KEY: OnceLock<Arc<PrivateKey>> = OnceLock::new();
    Arc::clone(
        KEY.get_or_init(|| Arc::new(PrivateKey::from_pem(TEST_KEY_PEM, None).expect("test key"))),
    )
}

fn plaintext(c: &RelayCase<'_>, screens: &[String]) -> Vec<u8> {
    if let Some(raw) = c.raw_plaintext {
        return raw.to_vec();
    }
    let action = match c.action % 6 {
        0 => "INIT",
        1 => "BACK",
        2 | 3 => "data_exchange",
        4 => "ping",
        _ => c.action_text,
    };
    let mut data = json_object(c.data_json);
    if let Some(n) = pick(&c.next_screen, screens) {
        data.insert("next_screen".into(), Value::String(n));
    }
    if let Some(k) = c.error_key {
        data.insert("error".into(), Value::String(k.to_owned()));
    }
    let mut p = Map::new();
    p.insert("version".into(), json!("3.0"));
    p.insert("action".into(), json!(action));
    if let Some(s) = pick(&c.screen, screens) {
        p.insert("screen".into(), Value::String(s));
    }
    let secret = TokenSecret::new(TOKEN_SECRET).unwrap();
    let token = match c.token {
        Token::Valid => tokens::issue(&secret, "919876543210", "flow-1", None, NOW + 3600).ok(),
        Token::Expired => tokens::issue(&secret, "919876543210", "flow-1", None, NOW - 1).ok(),
        Token::OtherFlow => tokens::issue(&secret, "919876543210", "flow-2", None, NOW + 3600).ok(),
        Token::Missing => None,
        Token::Text(t) => Some(t.to_owned()),
    };
    if let Some(t) = &token {
        p.insert("flow_token".into(), Value::String(t.clone()));
    }
    if let Some(j) = c.jwt {
        let jwt = if j.is_empty() {
            tokens::sign_jwt_hs256(&json!({ "flow_token": token }), APP_SECRET)
        } else {
            j.to_owned()
        };
        p.insert("flow_token_signature".into(), Value::String(jwt));
    }
    p.insert("data".into(), Value::Object(data));
    Value::Object(p).to_string().into_bytes()
}

fn check_reply(r: &Reply, session: Option<&Session>) {
    assert!(
        matches!(r.status, 200 | 400 | 421 | 427 | 432 | 500),
        "status {}",
        r.status
    );
    if let Some(e) = &r.error {
        check_error(e);
    }
    for k in &r.dropped_keys {
        assert!(k.chars().count() <= crate::limits::MAX_ECHO_CHARS);
    }
    if let Some(n) = &r.notification {
        assert!(n.error_key.chars().count() <= crate::limits::MAX_ECHO_CHARS);
    }
    if let (Some(s), false) = (session, r.body.is_empty()) {
        open(s, &r.body);
    }
}

fn answer_bytes(a: &Answer<'_>, screens: &[String]) -> Option<(u16, Vec<u8>)> {
    match a {
        Answer::Timeout => None,
        Answer::Raw { status, body } => Some((*status, body.to_vec())),
        Answer::Screen {
            status,
            screen,
            data_json,
            error_msg,
        } => {
            let mut o = Map::new();
            if let Some(s) = pick(screen, screens) {
                o.insert("screen".into(), Value::String(s));
            }
            o.insert("data".into(), Value::Object(json_object(data_json)));
            if let Some(m) = error_msg {
                o.insert("error_msg".into(), json!(m));
            }
            Some((*status, Value::Object(o).to_string().into_bytes()))
        }
    }
}

fn drive(
    relay: &Relay,
    screens: &[String],
    d: Decision,
    answer: Option<&Answer<'_>>,
    s: Option<&Session>,
) {
    match d {
        Decision::Reply(r) => check_reply(&r, s),
        Decision::Forward(f) => {
            serde_json::from_str::<Value>(f.json()).expect("forward JSON");
            let reply = match answer.and_then(|a| answer_bytes(a, screens)) {
                None => f.continuation.resume(CustomerAnswer::Timeout),
                Some((status, body)) => f.continuation.resume(CustomerAnswer::Http {
                    status,
                    body: &body,
                }),
            };
            check_reply(&reply, s);
        }
    }
    let _ = relay.config();
}

/// The relay with every setup and configuration, arbitrary requests and arbitrary customer
/// answers or timeouts, after decryption (the seam that skips RSA).
pub fn relay(data: &[u8]) {
    let Ok(c) = RelayCase::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let b = build_relay(&c);
    let plain = plaintext(&c, &b.screens);
    let Ok(req) = FlowRequest::from_plaintext(Zeroizing::new(plain), session()) else {
        return;
    };
    let now = if c.now % 2 == 0 { NOW } else { c.now };
    let sig = codec::sign(b"", APP_SECRET);
    let d = b.relay.handle_request(
        req,
        Inbound::new(b"", now)
            .with_signature(sig.as_str())
            .with_identity(c.identity),
    );
    let s = session();
    drive(&b.relay, &b.screens, d, c.answer.as_ref(), Some(&s));
}

/// The relay through real RSA: the structured case is encrypted for the test key (or, with
/// `raw_plaintext`, its bytes are sent as the raw HTTP body), signed or not.
pub fn relay_rsa(data: &[u8]) {
    let Ok(c) = RelayCase::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let b = build_relay(&c);
    let (body, phone) = match c.raw_plaintext {
        Some(raw) if c.action % 2 == 0 => (raw.to_vec(), None),
        _ => {
            let plain = plaintext(&c, &b.screens);
            let phone = codec::testing::encrypt_request(public(), &plain).expect("encrypts");
            (phone.body.clone().into_bytes(), Some(phone))
        }
    };
    let sig = if c.flow_id {
        codec::sign(&body, APP_SECRET)
    } else {
        c.action_text.to_owned()
    };
    let d = b.relay.handle(
        Inbound::new(&body, NOW)
            .with_signature(sig.as_str())
            .with_identity(c.identity),
    );
    match d {
        Decision::Reply(r) => {
            check_reply(&r, None);
            if let (Some(p), false) = (&phone, r.body.is_empty()) {
                let plain = p
                    .decrypt_response(r.body.as_bytes())
                    .expect("reply decrypts");
                serde_json::from_slice::<Value>(&plain).expect("reply is JSON");
            }
        }
        d @ Decision::Forward(_) => drive(&b.relay, &b.screens, d, c.answer.as_ref(), None),
    }
}

// --- Flow JSON, templates, messages, lifecycle -------------------------------------------------

/// Flow JSON validation (both modes, strict or not), the structural reader and the relay's view.
// Options are set field by field so that options the validator adds later keep their defaults.
#[allow(clippy::field_reassign_with_default)]
pub fn flow_json(data: &[u8]) {
    let Some((&mode, text)) = data.split_first() else {
        return;
    };
    let mut opts = flow_json::Options::default();
    opts.mode = if mode & 1 == 0 {
        flow_json::Mode::Builder
    } else {
        flow_json::Mode::Everything
    };
    opts.for_publish = mode & 2 != 0;
    opts.strict = mode & 4 != 0;
    opts.max_issues = if mode & 8 != 0 { 3 } else { 1000 };
    match flow_json::validate(text, &opts) {
        Ok(report) => {
            let v: Value = serde_json::from_str(&report.to_json()).expect("report JSON");
            assert!(v.get("ok").is_some());
            assert!(report.issues.len() <= opts.max_issues);
        }
        Err(e) => check_error(&e),
    }
    if mode & 16 != 0 {
        match flow_json::Flow::parse(text) {
            Ok(_) => {
                if let Err(e) = Relay::new(text, key_clone(), RelayConfig::new(Setup::Platform)) {
                    check_error(&e);
                }
            }
            Err(e) => check_error(&e),
        }
    }
}

/// The validator's document tree against `serde_json::Value` (an independent parse): the
/// same value with the same key order, or the same error at the same position.
pub fn json_tree(data: &[u8]) {
    if let Err(e) = flow_json::tree::differential(data) {
        panic!(
            "tree and serde_json disagree on {:?}:\n{e}",
            String::from_utf8_lossy(data)
        );
    }
}

/// Template JSON: parsing, validation against each flow status, the creation body.
pub fn templates(data: &[u8]) {
    let Some((&mode, text)) = data.split_first() else {
        return;
    };
    let Ok(t) = templates::Template::from_json(text) else {
        return;
    };
    let status = lifecycle::FlowStatus::ALL[usize::from(mode) % lifecycle::FlowStatus::ALL.len()];
    let flow = (mode & 0x80 != 0).then_some(FLOWS[usize::from(mode) % FLOWS.len()]);
    let report = templates::validate_template(&t, status, flow);
    let json = report.to_json().expect("report serialises");
    serde_json::from_str::<Value>(&json).expect("report JSON");
    match messages::template_creation_body(&t) {
        Ok(_) => {}
        Err(e) => check_error(&e),
    }
}

/// Send payloads: template sends and interactive flow messages.
pub fn messages(data: &[u8]) {
    let Some((&mode, text)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        if let Ok(s) = messages::TemplateSend::from_json(text) {
            if let Err(e) = messages::template_send_body(&s) {
                check_error(&e);
            }
        }
    } else if let Ok(m) = messages::FlowMessage::from_json(text) {
        if let Err(e) = messages::flow_message(&m) {
            check_error(&e);
        }
    }
}

#[derive(Arbitrary, Debug)]
struct LifecycleCase<'a> {
    status: u32,
    action: u32,
    endpoint: u32,
    flags: u8,
    status_text: &'a str,
    action_text: &'a str,
    new_status: u32,
    row: &'a [u8],
}

/// Lifecycle inputs: statuses and actions by number and by name, transitions, listing rows.
pub fn lifecycle(data: &[u8]) {
    let Ok(c) = LifecycleCase::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let _ = c.status_text.parse::<lifecycle::FlowStatus>();
    let _ = c.action_text.parse::<lifecycle::Action>();
    let _ = c.action_text.parse::<lifecycle::EndpointKind>();
    if let (Some(status), Some(action), Some(endpoint)) = (
        lifecycle::FlowStatus::from_number(c.status),
        lifecycle::Action::from_number(c.action),
        lifecycle::EndpointKind::from_number(c.endpoint),
    ) {
        let ctx = lifecycle::Context {
            endpoint,
            has_validation_errors: c.flags & 1 != 0,
            uses_endpoint: c.flags & 2 != 0,
            endpoint_configured: c.flags & 4 != 0,
            published_edits: c.flags & 8 != 0,
        };
        let allowed = lifecycle::allowed_actions(status, endpoint);
        match lifecycle::apply(status, action, &ctx) {
            // `allowed_actions` is the product's status table: the business's actions only
            // (Meta's own — throttle, block, recover — may apply without being listed), and no
            // JSON edit once published (`published_edits` opts into Meta's newer behaviour).
            Ok(_) => assert!(
                action.is_meta()
                    || allowed.contains(&action)
                    || (ctx.published_edits
                        && status == lifecycle::FlowStatus::Published
                        && action == lifecycle::Action::UpdateJson),
                "{status:?} {action:?}"
            ),
            Err(e) => check_error(&e),
        }
        if let Some(new) = lifecycle::FlowStatus::from_number(c.new_status) {
            let _ = lifecycle::action_for_status_change(status, new);
        }
    }
    if let Ok(row) = lifecycle::FlowListing::from_json(c.row) {
        let json = row.to_json().expect("row serialises");
        let again = lifecycle::FlowListing::from_json(json.as_bytes()).expect("row round trip");
        assert_eq!(again.to_json().unwrap(), json);
    }
}

// --- media, flows webhook, preview, simulator ---------------------------------------------------

/// Splits `data` at its first NUL byte (the second part empty when there is none).
fn split_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

const MEDIA_KEY: [u8; 32] = [3; 32];
const MEDIA_HMAC_KEY: [u8; 32] = [5; 32];
const MEDIA_IV: [u8; 16] = [11; 16];

/// Appends the tag WhatsApp puts after the ciphertext: the first 10 bytes of
/// HMAC-SHA256(hmac_key, iv || ciphertext).
fn media_tagged(ciphertext: &[u8]) -> Vec<u8> {
    use hmac::Mac;
    let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&MEDIA_HMAC_KEY).unwrap();
    mac.update(&MEDIA_IV);
    mac.update(ciphertext);
    let mut file = ciphertext.to_vec();
    file.extend_from_slice(&mac.finalize().into_bytes()[..media::MAC_LEN]);
    file
}

fn media_metadata(file: &[u8], plain: &[u8]) -> media::EncryptionMetadata {
    use base64::Engine as _;
    use sha2::Digest as _;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let json = json!({
        "encryption_key": b64(&MEDIA_KEY),
        "hmac_key": b64(&MEDIA_HMAC_KEY),
        "iv": b64(&MEDIA_IV),
        "plaintext_hash": b64(&sha2::Sha256::digest(plain)),
        "encrypted_hash": b64(&sha2::Sha256::digest(file)),
    });
    media::EncryptionMetadata::from_value(&json).expect("own metadata")
}

/// PhotoPicker/DocumentPicker media. Input: `mode`, `flip_at` (2 bytes, LE), `flip_with`, then
/// `text` NUL `file`.
///
/// - even `mode`: a valid CDN file is built from `file` as WhatsApp builds it (AES-256-CBC,
///   PKCS#7, truncated HMAC), one byte is corrupted, and — when `mode & 2` — the tag and the
///   file hash are recomputed after the corruption, so decryption reaches the padding and
///   plaintext-hash checks. Only an uncorrupted file may decrypt, and to the original bytes.
/// - odd `mode`: `text` as metadata JSON then `file` decrypted with it (`mode & 2` clear), or
///   `text` searched for uploads, each decrypting `file`.
pub fn media(data: &[u8]) {
    use aes::cipher::{BlockEncryptMut, KeyIvInit, block_padding::Pkcs7};
    let Some((head, rest)) = data.split_first_chunk::<4>() else {
        return;
    };
    let (mode, flip_with) = (head[0], head[3]);
    let flip_at = usize::from(u16::from_le_bytes([head[1], head[2]]));
    let (text, file) = split_nul(rest);
    if mode & 1 == 0 {
        let plain = file;
        let mut ct = vec![0; (plain.len() / 16 + 1) * 16];
        ct[..plain.len()].copy_from_slice(plain);
        let n = cbc::Encryptor::<aes::Aes256>::new(&MEDIA_KEY.into(), &MEDIA_IV.into())
            .encrypt_padded_mut::<Pkcs7>(&mut ct, plain.len())
            .expect("room for the padding")
            .len();
        ct.truncate(n);
        let (cdn, meta) = if mode & 2 == 0 {
            let mut cdn = media_tagged(&ct);
            let meta = media_metadata(&cdn, plain);
            let at = flip_at % cdn.len();
            cdn[at] ^= flip_with;
            (cdn, meta)
        } else {
            let at = flip_at % ct.len();
            ct[at] ^= flip_with;
            let cdn = media_tagged(&ct);
            let meta = media_metadata(&cdn, plain);
            (cdn, meta)
        };
        match media::decrypt_media(&cdn, &meta) {
            Ok(out) => {
                assert_eq!(flip_with, 0, "a corrupted file decrypted");
                assert_eq!(out, plain);
            }
            Err(e) => {
                assert_ne!(flip_with, 0, "a valid file failed: {e}");
                check_error(&e);
                assert!((900..950).contains(&e.code().number()), "{:?}", e.code());
            }
        }
    } else if mode & 2 == 0 {
        match media::EncryptionMetadata::from_json(text) {
            Ok(meta) => {
                if let Err(e) = media::decrypt_media(file, &meta) {
                    check_error(&e);
                }
            }
            Err(e) => check_error(&e),
        }
    } else {
        match media::media_uploads_json(text) {
            Ok(uploads) => {
                for u in uploads {
                    assert!(u.pointer.is_empty() || u.pointer.starts_with('/'));
                    if let Err(e) = u.decrypt(file) {
                        check_error(&e);
                    }
                }
            }
            Err(e) => check_error(&e),
        }
    }
}

/// The `flows` webhook (status changes, alerts): lenient and strict readers agree on what they
/// both accept.
pub fn flows_webhook(data: &[u8]) {
    let lenient = webhooks::flows_events(data);
    if let Err(e) = &lenient {
        check_error(e);
    }
    match webhooks::flows_events_strict(data) {
        Ok(strict) => {
            let lenient = lenient.expect("strict accepted what lenient refused");
            assert_eq!(strict.len(), lenient.len());
        }
        Err(e) => check_error(&e),
    }
}

/// The offline preview: any Flow JSON, any screen, any data; the page never carries a script or
/// a `javascript:` link, whatever the flow says.
pub fn preview(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    // An optional data document after the first NUL byte.
    let (flow, extra) = split_nul(rest);
    let mut opts = pv::Options::new().storyboard(mode & 1 != 0);
    if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(extra) {
        opts = opts.data(m);
    }
    if mode & 2 != 0 {
        opts = opts.screen(String::from_utf8_lossy(&[b'A' + (mode >> 2) % 4]).into_owned());
    }
    match pv::render(flow, &opts) {
        Ok(html) => assert_inert(&html),
        Err(e) => check_error(&e),
    }
}

/// A page from untrusted text carries no script, `javascript:` URL or event-handler attribute.
fn assert_inert(html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "a script element in the page");
    assert!(
        !lower.contains("javascript:"),
        "a javascript: URL in the page"
    );
    assert!(!lower.contains(" onerror=") && !lower.contains(" onclick="));
}

/// The simulator: any flow, any script, any scripted answers; it ends with a trace or a typed
/// error, never a panic or a hang (steps, requests and output are capped).
///
/// Input: a byte choosing the flow, then `script` NUL `answers` NUL `flow` (the flow is one of
/// the relay fixtures when the first byte is even, else the input's own; bit 7 renders the
/// trace page too).
pub fn simulator(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let (script, rest) = split_nul(rest);
    let (answers, own) = split_nul(rest);
    let flow: &[u8] = if pick & 1 == 1 {
        own
    } else {
        FLOWS[usize::from(pick >> 1) % FLOWS.len()]
    };
    let Ok(script) = serde_json::from_slice::<sim::Script>(script) else {
        return;
    };
    let answers = match serde_json::from_slice::<Value>(answers) {
        Ok(Value::Array(a)) => a.into_iter().collect(),
        _ => std::collections::VecDeque::new(),
    };
    match sim::simulate(flow, &script, sim::Endpoint::Scripted(answers)) {
        Ok(trace) => {
            assert!(trace.steps_run <= script.steps.len());
            assert!(trace.screens.len() <= sim::MAX_SCREENS_SHOWN);
            assert!(trace.requests.len() <= sim::MAX_REQUESTS);
            // A refused step names its reason; a refusal at the opening (the endpoint's answer
            // to INIT) has a reason but no step.
            assert!(trace.refused_step.is_none() || trace.refused.is_some());
            serde_json::to_string(&trace).expect("trace serialises");
            // Bit 7 also renders the trace as a page (bits 1–2 pick the fixture).
            if pick & 0x80 != 0 {
                match pv::render_trace(flow, &trace) {
                    Ok(html) => assert_inert(&html),
                    Err(e) => check_error(&e),
                }
            }
        }
        Err(e) => check_error(&e),
    }
}

// --- endpoint -----------------------------------------------------------------------------------

/// Endpoints already built, by configuration (as for the relay: building one parses the flow).
type EndpointCache = std::sync::Mutex<
    std::collections::HashMap<u8, (Arc<crate::endpoint::Endpoint>, Arc<Vec<String>>)>,
>;

fn build_endpoint(c: &RelayCase<'_>) -> (Arc<crate::endpoint::Endpoint>, Arc<Vec<String>>) {
    static CACHE: OnceLock<EndpointCache> = OnceLock::new();
    let flow_index = usize::from(c.flow) % FLOWS.len();
    let with_flow = c.setup & 1 == 1;
    let key = u8::try_from(flow_index).unwrap()
        | u8::from(with_flow) << 3
        | u8::from(c.app_secret) << 4
        | u8::from(c.token_secret) << 5
        | u8::from(c.flow_id) << 6;
    let cache = CACHE.get_or_init(Default::default);
    let mut map = cache.lock().unwrap();
    let (ep, screens) = map.entry(key).or_insert_with(|| {
        let mut cfg = crate::endpoint::EndpointConfig::default();
        if c.app_secret {
            cfg.app_secrets = vec![APP_SECRET.to_vec()];
        }
        if c.token_secret {
            cfg.token_secrets = vec![TokenSecret::new(TOKEN_SECRET).unwrap()];
        }
        if c.flow_id {
            cfg.flow_id = Some("flow-1".to_owned());
        }
        let flow = with_flow.then_some(FLOWS[flow_index]);
        let ep =
            crate::endpoint::Endpoint::new(flow, key_clone(), cfg).expect("fixture flows load");
        let screens: Vec<String> = flow_json::Flow::parse(FLOWS[flow_index])
            .map(|f| f.screens.into_iter().map(|s| s.id).collect())
            .unwrap_or_default();
        (Arc::new(ep), Arc::new(screens))
    });
    (Arc::clone(ep), Arc::clone(screens))
}

fn check_response(r: &crate::endpoint::Response, phone: &codec::testing::EncryptedRequest) {
    assert!(
        matches!(r.status, 200 | 400 | 413 | 421 | 427 | 432 | 500),
        "status {}",
        r.status
    );
    if let Some(e) = &r.error {
        assert!(e.message.chars().count() <= MAX_MESSAGE_CHARS);
    }
    for k in &r.dropped_keys {
        assert!(k.chars().count() <= crate::limits::MAX_ECHO_CHARS);
    }
    if !r.body.is_empty() {
        let plain = phone
            .decrypt_response(r.body.as_bytes())
            .expect("answer decrypts");
        match serde_json::from_slice(&plain) {
            Ok(Value::Object(_)) => {}
            other => panic!("answer is not a JSON object: {other:?}"),
        }
    }
    serde_json::from_str::<Value>(&r.to_json()).expect("response JSON");
}

/// The complete endpoint through real RSA: Meta's order of checks on an encrypted, signed (or
/// not) request, then the host's answer — structured (a screen of the flow or any text, any
/// data, an error message) or any JSON read by `Answer::from_json` — checked against the flow
/// when the endpoint has one. Every answer decrypts to a JSON object.
pub fn endpoint(data: &[u8]) {
    let Ok(c) = RelayCase::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let (ep, screens) = build_endpoint(&c);
    let plain = plaintext(&c, &screens);
    let phone = codec::testing::encrypt_request(public(), &plain).expect("encrypts");
    let body = phone.body.as_bytes();
    let sig = if c.flow_id {
        codec::sign(body, APP_SECRET)
    } else {
        c.action_text.to_owned()
    };
    let step = ep.handle(
        Inbound::new(body, NOW)
            .with_signature(sig.as_str())
            .with_identity(c.identity),
    );
    match step {
        crate::endpoint::Step::Reply(r) => check_response(&r, &phone),
        crate::endpoint::Step::Ask(pending) => {
            let answer = match &c.answer {
                None | Some(Answer::Timeout) => {
                    crate::endpoint::Answer::error_message(c.action_text)
                }
                Some(Answer::Raw { body, .. }) => match crate::endpoint::Answer::from_json(body) {
                    Ok(a) => a,
                    Err(e) => {
                        check_error(&e);
                        crate::endpoint::Answer::close(json!({"k": c.now}))
                    }
                },
                Some(Answer::Screen {
                    screen,
                    data_json,
                    error_msg,
                    ..
                }) => match (pick(screen, &screens), error_msg) {
                    (_, Some(m)) => crate::endpoint::Answer::token_no_longer_valid(*m),
                    (Some(s), None) => crate::endpoint::Answer::next_screen(
                        s,
                        Value::Object(json_object(data_json)),
                    ),
                    (None, None) => {
                        crate::endpoint::Answer::close(Value::Object(json_object(data_json)))
                    }
                },
            };
            check_response(&pending.answer(answer), &phone);
        }
    }
}
