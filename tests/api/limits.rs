//! The caps of the README's Limits table, each tested on both sides, and the hostile-input findings of
//! issue 8 item 7 (each test here fails on the code before the fix).
use std::path::PathBuf;

use serde_json::{Value, json};
use waflows::ErrorCode;
use waflows::codec::{self, MAX_BODY_BYTES, PrivateKey, PublicKey, testing};
use waflows::limits::{MAX_ECHO_CHARS, MAX_JSON_DEPTH};
use waflows::relay::{CustomerAnswer, Decision, Inbound, Relay, RelayConfig, ReplyKind, Setup};
use waflows::{ingest, lifecycle, messages, templates, tokens};

const NOW: u64 = 1_764_000_000;
const APP_SECRET: &[u8] = b"test-app-secret";
const FLOW: &[u8] = br#"{"routing_model":{"A":["B"]},"screens":[{"id":"A","data":{}},{"id":"B","terminal":true,"data":{"x":{"type":"string"}}}]}"#;

fn fixture(rel: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn key() -> PrivateKey {
    PrivateKey::from_pem(&fixture("keys/private_pkcs8.pem"), None).unwrap()
}

fn relay(setup: Setup, signed: bool) -> Relay {
    let mut cfg = RelayConfig::new(setup);
    if signed {
        cfg.app_secrets = vec![APP_SECRET.to_vec()];
    }
    Relay::new(FLOW, key(), cfg).unwrap()
}

fn nested(depth: usize) -> String {
    // {"a":{"a":...{"a":1}...}} with `depth` objects.
    format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth))
}

// --- one JSON depth limit ------------------------------------------------------------------

/// Every byte parser of the crate takes 64 levels and refuses 65 with `LimitExceeded`.
#[test]
fn json_depth_limit_is_one_number_for_every_parser() {
    assert_eq!(MAX_JSON_DEPTH, 64);
    assert_eq!(codec::MAX_JSON_DEPTH, MAX_JSON_DEPTH);
    assert_eq!(waflows::relay::MAX_CUSTOMER_JSON_DEPTH, MAX_JSON_DEPTH);
    assert_eq!(waflows::flow_json::MAX_DEPTH, MAX_JSON_DEPTH);
    let at = nested(MAX_JSON_DEPTH);
    let over = nested(MAX_JSON_DEPTH + 1);
    type Parser = fn(&[u8]) -> Option<ErrorCode>;
    let parsers: [(&str, Parser); 7] = [
        ("ingest::extract_json", |b| {
            ingest::extract_json(b, &ingest::Options::default())
                .err()
                .map(|e| e.code())
        }),
        ("ingest::ingest_webhook", |b| {
            ingest::ingest_webhook(b).err().map(|e| e.code())
        }),
        ("ingest::upload_bodies_from_json", |b| {
            ingest::upload_bodies_from_json(b).err().map(|e| e.code())
        }),
        ("templates::Template::from_json", |b| {
            templates::Template::from_json(b).err().map(|e| e.code())
        }),
        ("messages::TemplateSend::from_json", |b| {
            messages::TemplateSend::from_json(b).err().map(|e| e.code())
        }),
        ("messages::FlowMessage::from_json", |b| {
            messages::FlowMessage::from_json(b).err().map(|e| e.code())
        }),
        ("lifecycle::FlowListing::from_json", |b| {
            lifecycle::FlowListing::from_json(b).err().map(|e| e.code())
        }),
    ];
    for (name, parse) in parsers {
        assert_eq!(
            parse(over.as_bytes()),
            Some(ErrorCode::LimitExceeded),
            "{name} at depth 65"
        );
        // At the limit the parser runs (and may reject the shape, but not for depth).
        assert_ne!(
            parse(at.as_bytes()),
            Some(ErrorCode::LimitExceeded),
            "{name} at depth 64"
        );
    }
    // Flow JSON (the structural reader used by the relay and templates).
    let flow_over = format!(r#"{{"screens":[],"x":{}}}"#, nested(MAX_JSON_DEPTH));
    assert_eq!(
        waflows::flow_json::Flow::parse(flow_over.as_bytes())
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::LimitExceeded)
    );
}

/// A decrypted request plaintext: 64 levels accepted, 65 refused (`decrypt_request` turns the
/// refusal into 421 like any unusable plaintext).
#[test]
fn request_plaintext_depth_both_sides() {
    let k = key();
    let public = PublicKey::from_pem(k.public_key_pem().as_bytes()).unwrap();
    let ok = format!(r#"{{"action":"ping","x":{}}}"#, nested(MAX_JSON_DEPTH - 1));
    let phone = testing::encrypt_request(&public, ok.as_bytes()).unwrap();
    assert!(k.decrypt_request(phone.body.as_bytes()).is_ok());
    let bad = format!(r#"{{"action":"ping","x":{}}}"#, nested(MAX_JSON_DEPTH));
    let phone = testing::encrypt_request(&public, bad.as_bytes()).unwrap();
    assert!(k.decrypt_request(phone.body.as_bytes()).is_err());
    // The envelope itself: 400 over the limit.
    let env = format!(r#"{{"x":{}}}"#, nested(MAX_JSON_DEPTH));
    let e = k.decrypt_request(env.as_bytes()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MalformedRequest);
    assert!(e.message().contains("64"), "{e}");
}

/// JWT segments use the same limit (they used a private limit of 16 before): a validly signed
/// `flow_token_signature` whose payload nests 20 levels is checked normally, 65 is refused.
#[test]
fn jwt_payload_depth_uses_the_one_limit() {
    let deep = |d: usize| -> Value {
        let mut v = json!(1);
        for _ in 0..d {
            v = json!({ "n": v });
        }
        v
    };
    let ok = tokens::sign_jwt_hs256(&json!({"flow_token": "t", "x": deep(20)}), APP_SECRET);
    tokens::verify_flow_token_signature(&ok, "t", &[APP_SECRET], NOW).unwrap();
    let bad = tokens::sign_jwt_hs256(&json!({"flow_token": "t", "x": deep(64)}), APP_SECRET);
    let e = tokens::verify_flow_token_signature(&bad, "t", &[APP_SECRET], NOW).unwrap_err();
    assert_eq!(e.code(), ErrorCode::FlowTokenSignatureInvalid);
}

// --- JWT time claims -------------------------------------------------------------------------

/// `exp` / `nbf` that are not non-negative integers are rejected, not ignored.
#[test]
fn jwt_time_claims_must_be_integers() {
    for bad in [
        json!({"flow_token": "t", "exp": "1"}),
        json!({"flow_token": "t", "exp": 1.5e12}),
        json!({"flow_token": "t", "exp": -1}),
        json!({"flow_token": "t", "exp": null}),
        json!({"flow_token": "t", "nbf": "0"}),
        json!({"flow_token": "t", "nbf": [1]}),
        json!({"flow_token": "t", "nbf": 0.5}),
    ] {
        let jwt = tokens::sign_jwt_hs256(&bad, APP_SECRET);
        let e = tokens::verify_flow_token_signature(&jwt, "t", &[APP_SECRET], NOW)
            .expect_err(&bad.to_string());
        assert_eq!(e.code(), ErrorCode::FlowTokenSignatureInvalid, "{bad}");
    }
    // Integers on the right side of `now` pass, on the wrong side fail.
    let ok = json!({"flow_token": "t", "exp": NOW + 3600, "nbf": NOW - 10});
    let jwt = tokens::sign_jwt_hs256(&ok, APP_SECRET);
    tokens::verify_flow_token_signature(&jwt, "t", &[APP_SECRET], NOW).unwrap();
    let late = json!({"flow_token": "t", "exp": NOW - tokens::JWT_LEEWAY_SECS});
    let jwt = tokens::sign_jwt_hs256(&late, APP_SECRET);
    assert!(tokens::verify_flow_token_signature(&jwt, "t", &[APP_SECRET], NOW).is_err());
}

// --- relay: size before HMAC, bounded echoes -------------------------------------------------

/// The body size is checked before the signature: one byte over the limit is 400 (not 432,
/// which meant the HMAC had run over it), and a 200 MB body is refused at once.
#[test]
fn relay_checks_body_size_before_signature() {
    let r = relay(Setup::Platform, true);
    let over = vec![b' '; MAX_BODY_BYTES + 1];
    let sig = codec::sign(&over, APP_SECRET);
    let d = r.handle(Inbound::new(&over, NOW).with_signature(sig.as_str()));
    let Decision::Reply(reply) = d else {
        panic!("expected a reply")
    };
    assert_eq!(reply.status, 400);
    assert_eq!(reply.kind, ReplyKind::Undecryptable);
    assert_eq!(
        reply.error.as_ref().map(waflows::Error::code),
        Some(ErrorCode::MalformedRequest)
    );
    // At the limit the signature check runs (a wrong signature is 432).
    let at = vec![b' '; MAX_BODY_BYTES];
    let sig = codec::sign(b"other", APP_SECRET);
    let Decision::Reply(reply) = r.handle(Inbound::new(&at, NOW).with_signature(sig.as_str()))
    else {
        panic!("expected a reply")
    };
    assert_eq!(reply.status, 432);

    let huge = vec![b'x'; 200 << 20];
    // Before the fix the HMAC ran over all 200 MB and the answer was 432; the size is now
    // checked first, so the answer is 400 whatever the signature.
    let Decision::Reply(reply) = r.handle(Inbound::new(&huge, NOW).with_signature("sha256=00"))
    else {
        panic!("expected a reply")
    };
    assert_eq!(reply.status, 400);
}

fn long_field() -> String {
    // A card number pasted 30,000 times into one field (~500 KB).
    "4111111111111111".repeat(30_000)
}

fn assert_bounded(msg: &str) {
    assert!(
        !msg.contains(&"4111".repeat(30)),
        "echoes the field: {}",
        &msg[..200.min(msg.len())]
    );
    assert!(
        msg.chars().count() < 400,
        "message is {} chars",
        msg.chars().count()
    );
}

/// Screen names and values from the request are cut to 100 characters in relay errors.
#[test]
fn relay_errors_do_not_echo_unbounded_request_text() {
    let r = relay(Setup::Platform, false);
    let public = PublicKey::from_pem(key().public_key_pem().as_bytes()).unwrap();
    let long = long_field();
    let plaintexts = [
        json!({"version":"3.0","action":"data_exchange","screen":"A","flow_token":"t","data":{"next_screen": long}}),
        json!({"version":"3.0","action":"data_exchange","screen": long,"flow_token":"t","data":{"next_screen":"B"}}),
        json!({"version":"3.0","action": long,"screen":"A","flow_token":"t","data":{}}),
        json!({"version":"3.0","action":"data_exchange","screen":"A","flow_token":"t","data":{"error": long, "error_message": long}}),
    ];
    for p in plaintexts {
        let phone = testing::encrypt_request(&public, p.to_string().as_bytes()).unwrap();
        let Decision::Reply(reply) = r.handle(Inbound::new(phone.body.as_bytes(), NOW)) else {
            panic!("expected a reply")
        };
        if let Some(e) = &reply.error {
            assert_bounded(e.message());
        }
        if let Some(n) = &reply.notification {
            assert!(n.error_key.chars().count() <= MAX_ECHO_CHARS);
            assert!(
                n.error_message
                    .as_deref()
                    .is_none_or(|m| m.chars().count() <= MAX_ECHO_CHARS)
            );
        }
        assert!(
            reply.error.is_some() || reply.notification.is_some(),
            "{reply:?}"
        );
    }

    // Customer answers: an unknown 500 KB screen name, and undeclared 500 KB keys.
    let r = relay(Setup::PlatformCustomer, false);
    let p =
        json!({"version":"3.0","action":"data_exchange","screen":"A","flow_token":"t","data":{}});
    for answer in [
        json!({"screen": long, "data": {}}),
        json!({"screen": "B", "data": {"x": "ok", long.clone(): 1}}),
    ] {
        let phone = testing::encrypt_request(&public, p.to_string().as_bytes()).unwrap();
        let Decision::Forward(f) = r.handle(Inbound::new(phone.body.as_bytes(), NOW)) else {
            panic!("expected a forward")
        };
        let body = answer.to_string();
        let reply = f.continuation.resume(CustomerAnswer::Http {
            status: 200,
            body: body.as_bytes(),
        });
        if let Some(e) = &reply.error {
            assert_bounded(e.message());
        }
        for k in &reply.dropped_keys {
            assert!(
                k.chars().count() <= MAX_ECHO_CHARS,
                "dropped key of {} chars",
                k.len()
            );
        }
        assert!(reply.error.is_some() || !reply.dropped_keys.is_empty());
    }
}

// --- to_json never swallows --------------------------------------------------------------------

/// `to_json` returns a `Result` (a failure is an error, not `""`), and the text round-trips.
#[test]
fn to_json_reports_instead_of_returning_empty() {
    let t = templates::Template::from_json(&fixture("templates/stay_feedback.json")).unwrap();
    let report = templates::validate_template(&t, lifecycle::FlowStatus::Published, None);
    let json: Result<String, waflows::Error> = report.to_json();
    let v: Value = serde_json::from_str(&json.unwrap()).unwrap();
    assert!(v.get("ok").is_some());
}

// --- every other cap of the README's Limits table, on both sides ----------------------------------------

/// Request body: `MAX_BODY_BYTES` bytes reach the envelope parser; one more is refused for size.
#[test]
fn request_body_size_both_sides() {
    let k = key();
    let mut at = b"{\"x\":1}".to_vec();
    at.resize(MAX_BODY_BYTES, b' ');
    let e = k.decrypt_request(&at).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MalformedRequest);
    assert!(!e.message().contains("bytes"), "{e}"); // refused for its shape, not its size
    at.push(b' ');
    let e = k.decrypt_request(&at).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MalformedRequest);
    assert!(e.message().contains(&MAX_BODY_BYTES.to_string()), "{e}");
}

/// Key files: `MAX_KEY_FILE_BYTES` loads (text before the PEM block is ignored), one more is
/// `LimitExceeded`, for private and public keys.
#[test]
fn key_file_size_both_sides() {
    use waflows::limits::MAX_KEY_FILE_BYTES;
    let pem = fixture("keys/private_pkcs8.pem");
    let mut at = vec![b'#'; MAX_KEY_FILE_BYTES - pem.len() - 1];
    at.push(b'\n');
    at.extend_from_slice(&pem);
    assert_eq!(at.len(), MAX_KEY_FILE_BYTES);
    PrivateKey::from_pem(&at, None).unwrap();
    at.insert(0, b'#');
    let e = PrivateKey::from_pem(&at, None).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LimitExceeded);
    assert_eq!(
        PublicKey::from_pem(&at).unwrap_err().code(),
        ErrorCode::LimitExceeded
    );
    assert_eq!(
        PrivateKey::from_der(&at).unwrap_err().code(),
        ErrorCode::LimitExceeded
    );
}

/// Key size: RSA-1024 is refused, RSA-2048 loads (the 8192-bit upper bound is checked by the
/// same comparison; generating an 8193-bit key in a test is too slow to be worth it).
#[test]
fn key_bits_both_sides() {
    assert_eq!(
        PrivateKey::from_pem(&fixture("keys/rsa1024_pkcs8.pem"), None)
            .unwrap_err()
            .code(),
        ErrorCode::KeySizeUnsupported
    );
    assert_eq!(key().bits(), codec::MIN_KEY_BITS);
}

/// Flow JSON: a document of exactly `MAX_DOCUMENT_BYTES` is validated, one byte more is
/// `FlowJsonTooLarge`.
#[test]
fn flow_json_size_both_sides() {
    use waflows::flow_json::{MAX_DOCUMENT_BYTES, Options, validate};
    let mut doc = FLOW.to_vec();
    doc.resize(MAX_DOCUMENT_BYTES, b' ');
    validate(&doc, &Options::default()).unwrap();
    doc.push(b' ');
    assert_eq!(
        validate(&doc, &Options::default()).unwrap_err().code(),
        ErrorCode::FlowJsonTooLarge
    );
}

fn screens_flow(n: usize) -> String {
    let screens: Vec<Value> = (0..n)
        .map(|i| {
            json!({"id": format!("S_{}", char::from(b'A' + u8::try_from(i % 26).unwrap())).repeat(1) + &"X".repeat(i / 26 + 1),
                   "terminal": true, "title": "t",
                   "layout": {"type": "SingleColumnLayout", "children": [{"type": "Footer", "label": "Done",
                     "on-click-action": {"name": "complete", "payload": {}}}]}})
        })
        .collect();
    json!({"version": "6.0", "screens": screens}).to_string()
}

/// Screens per flow: 100 pass the count rule, 101 are `MAX_SCREENS_NUMBER`.
#[test]
fn screens_per_flow_both_sides() {
    use waflows::flow_json::{IssueCode, Options, validate};
    let has = |n: usize| {
        let r = validate(screens_flow(n).as_bytes(), &Options::default()).unwrap();
        r.issues()
            .iter()
            .any(|i| i.code == IssueCode::MaxScreensNumber)
    };
    assert!(!has(100));
    assert!(has(101));
}

/// Issues per report: `max_issues` keeps that many and says the report was truncated.
#[test]
fn max_issues_both_sides() {
    use waflows::flow_json::{Options, validate};
    let bad = br#"{"version":"6.0","screens":[{"id":"a"},{"id":"b"},{"id":"c"}]}"#;
    let all = validate(bad, &Options::default()).unwrap();
    let n = all.issues().len();
    assert!(n >= 2, "{all}");
    let opts = |max_issues| Options::default().with_max_issues(max_issues);
    let exact = validate(bad, &opts(n)).unwrap();
    assert_eq!(exact.issues().len(), n);
    assert!(!exact.to_json_value()["truncated"].as_bool().unwrap());
    let cut = validate(bad, &opts(n - 1)).unwrap();
    assert_eq!(cut.issues().len(), n - 1);
    assert!(cut.to_json_value()["truncated"].as_bool().unwrap());
}

/// Upload records: 1000 go in one body, 1001 in two.
#[test]
fn records_per_upload_both_sides() {
    let records = |n: usize| -> Vec<u8> {
        let one = json!({"type": "event", "identity": "919876543210", "ts": 1_764_000_000,
                         "evtName": "Tapped", "evtData": {}});
        serde_json::to_vec(&vec![one; n]).unwrap()
    };
    assert_eq!(
        ingest::upload_bodies_from_json(&records(ingest::MAX_RECORDS_PER_UPLOAD))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        ingest::upload_bodies_from_json(&records(ingest::MAX_RECORDS_PER_UPLOAD + 1))
            .unwrap()
            .len(),
        2
    );
}

/// Completion webhooks: `MAX_WEBHOOK_BYTES` is read, one more byte is `LimitExceeded`.
#[test]
fn webhook_size_both_sides() {
    let mut body = fixture("ingest/mixed_webhook.json");
    body.resize(ingest::MAX_WEBHOOK_BYTES, b' ');
    ingest::ingest_webhook(&body).unwrap();
    body.push(b' ');
    assert_eq!(
        ingest::ingest_webhook(&body).unwrap_err().code(),
        ErrorCode::LimitExceeded
    );
}

/// Customer answers: `MAX_CUSTOMER_BODY_BYTES` is read, one more byte is a fallback that
/// names the limit.
#[test]
fn customer_answer_size_both_sides() {
    let r = relay(Setup::PlatformCustomer, false);
    let public = PublicKey::from_pem(key().public_key_pem().as_bytes()).unwrap();
    let p =
        json!({"version":"3.0","action":"data_exchange","screen":"A","flow_token":"t","data":{}});
    let run = |answer: &[u8]| {
        let phone = testing::encrypt_request(&public, p.to_string().as_bytes()).unwrap();
        let Decision::Forward(f) = r.handle(Inbound::new(phone.body.as_bytes(), NOW)) else {
            panic!("expected a forward")
        };
        f.continuation.resume(CustomerAnswer::Http {
            status: 200,
            body: answer,
        })
    };
    let mut answer = br#"{"screen":"B","data":{"x":"ok"}}"#.to_vec();
    answer.resize(waflows::relay::MAX_CUSTOMER_BODY_BYTES, b' ');
    let ok = run(&answer);
    assert_eq!(ok.kind, ReplyKind::CustomerScreen, "{:?}", ok.error);
    answer.push(b' ');
    let over = run(&answer);
    assert_eq!(over.kind, ReplyKind::Fallback);
    let msg = over.error.unwrap();
    assert!(
        msg.message()
            .contains(&waflows::relay::MAX_CUSTOMER_BODY_BYTES.to_string()),
        "{msg}"
    );
}

/// `flow_token_signature`: a JWT of at most 8192 characters is checked, a longer one is refused
/// for its length.
#[test]
fn jwt_length_both_sides() {
    let jwt = |fill: usize| {
        tokens::sign_jwt_hs256(
            &json!({"flow_token": "t", "f": "x".repeat(fill)}),
            APP_SECRET,
        )
    };
    let mut fill = 6000;
    while jwt(fill + 1).len() <= 8192 {
        fill += 1;
    }
    let under = jwt(fill);
    assert!(under.len() <= 8192 && jwt(fill + 1).len() > 8192);
    tokens::verify_flow_token_signature(&under, "t", &[APP_SECRET], NOW).unwrap();
    let e =
        tokens::verify_flow_token_signature(&jwt(fill + 1), "t", &[APP_SECRET], NOW).unwrap_err();
    assert!(e.message().contains("too long"), "{e}");
}

/// Flow tokens: issued tokens fit in `MAX_TOKEN_LEN`; `verify` looks at up to 512 characters
/// and refuses longer text for its length alone.
#[test]
fn token_length_both_sides() {
    let secret = tokens::TokenSecret::new(b"test-token-secret-0123456789").unwrap();
    let t = tokens::issue(&secret, "919876543210", "flow-1", Some("c-1"), NOW + 60).unwrap();
    assert!(t.len() <= tokens::MAX_TOKEN_LEN, "{}", t.len());
    tokens::verify(&t, std::slice::from_ref(&secret), NOW).unwrap();
    // A token that would not fit is refused when issued, never truncated.
    let id = "9".repeat(tokens::MAX_IDENTITY_LEN);
    let long_id = "f".repeat(tokens::MAX_ID_LEN);
    let e = tokens::issue(&secret, &id, &long_id, Some(&long_id), NOW + 60).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    let at = "w".repeat(512);
    let e = tokens::verify(&at, std::slice::from_ref(&secret), NOW).unwrap_err();
    assert!(!e.message().contains("too long"), "{e}");
    let over = "w".repeat(513);
    let e = tokens::verify(&over, &[secret], NOW).unwrap_err();
    assert!(e.message().contains("too long"), "{e}");
}

/// Media files: a CDN file of exactly `MAX_CDN_FILE_BYTES` passes the size check (and fails on
/// its hash, as a file of zeros must); one more byte is `MediaTooLarge` before any hashing.
#[test]
fn media_file_size_both_sides() {
    use waflows::media::{EncryptionMetadata, MAX_CDN_FILE_BYTES, decrypt_media};
    let meta = EncryptionMetadata::from_json(&fixture("media/kat_metadata.json")).unwrap();
    let mut file = vec![0u8; MAX_CDN_FILE_BYTES];
    assert_eq!(
        decrypt_media(&file, &meta).unwrap_err().code(),
        ErrorCode::MediaEncryptedHashMismatch
    );
    file.push(0);
    assert_eq!(
        decrypt_media(&file, &meta).unwrap_err().code(),
        ErrorCode::MediaTooLarge
    );
}

/// Documents searched for media uploads and metadata JSON: `MAX_MEDIA_JSON_BYTES` is read, one
/// more byte is refused.
#[test]
fn media_json_size_both_sides() {
    use waflows::media::{EncryptionMetadata, MAX_MEDIA_JSON_BYTES, media_uploads_json};
    let mut doc = br#"{"data": {"photos": []}}"#.to_vec();
    doc.resize(MAX_MEDIA_JSON_BYTES, b' ');
    assert!(media_uploads_json(&doc).unwrap().is_empty());
    doc.push(b' ');
    let e = media_uploads_json(&doc).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LimitExceeded, "{e}");

    let mut meta = fixture("media/kat_metadata.json");
    meta.resize(MAX_MEDIA_JSON_BYTES, b' ');
    EncryptionMetadata::from_json(&meta).unwrap();
    meta.push(b' ');
    assert_eq!(
        EncryptionMetadata::from_json(&meta).unwrap_err().code(),
        ErrorCode::MediaMetadataInvalid
    );
}

/// `flows` webhooks: `MAX_FLOWS_WEBHOOK_BYTES` is read, one more byte is refused.
#[test]
fn flows_webhook_size_both_sides() {
    use waflows::webhooks::{MAX_FLOWS_WEBHOOK_BYTES, flows_events};
    let mut body = fixture("webhooks/flows_events.json");
    let n = flows_events(&body).unwrap().len();
    body.resize(MAX_FLOWS_WEBHOOK_BYTES, b' ');
    assert_eq!(flows_events(&body).unwrap().len(), n);
    body.push(b' ');
    assert_eq!(
        flows_events(&body).unwrap_err().code(),
        ErrorCode::LimitExceeded
    );
}

/// Searching a document for media uploads walks 32 levels below the root; a value deeper than
/// that is `LimitExceeded`, not skipped.
#[test]
fn media_walk_depth_both_sides() {
    use waflows::media::media_uploads_json;
    let doc = |n: usize| format!("{}1{}", r#"{"a":"#.repeat(n), "}".repeat(n));
    assert!(media_uploads_json(doc(32).as_bytes()).unwrap().is_empty());
    assert_eq!(
        media_uploads_json(doc(33).as_bytes()).unwrap_err().code(),
        ErrorCode::LimitExceeded
    );
}
