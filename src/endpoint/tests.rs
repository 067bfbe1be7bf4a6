use super::*;
use crate::codec::{PublicKey, sign, testing};
use crate::tokens::{self, TokenSecret};
use serde_json::json;

const PEM: &[u8] = include_bytes!("../../tests/fixtures/keys/private_pkcs8.pem");

const FLOW: &str = r#"{
  "version": "7.2",
  "data_api_version": "3.0",
  "routing_model": {"A": ["B"], "B": ["C"], "C": []},
  "screens": [
    {"id": "A", "data": {}},
    {"id": "B", "data": {"x": {"type": "string"}, "n": {"type": "integer"}}},
    {"id": "C", "terminal": true, "data": {}}
  ]
}"#;

fn endpoint(flow: Option<&str>, config: EndpointConfig) -> (Endpoint, PublicKey) {
    let key = PrivateKey::from_pem(PEM, None).unwrap();
    let public = PublicKey::from_pem(key.public_key_pem().as_bytes()).unwrap();
    (
        Endpoint::new(flow.map(str::as_bytes), key, config).unwrap(),
        public,
    )
}

fn phone(public: &PublicKey, v: &Value) -> testing::EncryptedRequest {
    testing::encrypt_request(public, v.to_string().as_bytes()).unwrap()
}

fn inbound(body: &[u8]) -> Inbound<'_> {
    Inbound {
        body,
        signature: None,
        now: 1_000,
        identity: Some("u1"),
    }
}

fn open(req: &testing::EncryptedRequest, r: &Response) -> Value {
    serde_json::from_slice(&req.decrypt_response(r.body.as_bytes()).unwrap()).unwrap()
}

fn ask(e: &Endpoint, public: &PublicKey, v: &Value) -> (Pending, testing::EncryptedRequest) {
    let req = phone(public, v);
    match e.handle(inbound(req.body.as_bytes())) {
        Step::Ask(p) => (p, req),
        Step::Reply(r) => panic!("expected a request for the host, got {r:?}"),
    }
}

fn exchange(screen: &str, data: Value) -> Value {
    json!({"version": "3.0", "action": "data_exchange", "screen": screen, "flow_token": "T", "data": data})
}

#[test]
fn endpoint_is_shareable_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Endpoint>();
    assert_send_sync::<Pending>();
}

#[test]
fn request_is_typed_and_ingestion_happens_first() {
    let (e, public) = endpoint(Some(FLOW), EndpointConfig::default());
    let (p, _) = ask(
        &e,
        &public,
        &exchange(
            "A",
            json!({"x": "1", "ct-evt": {"evtName": "Tapped"}, "ct-up": {"Name": "N"}}),
        ),
    );
    let r = p.request();
    assert_eq!(r.action, "data_exchange");
    assert_eq!(r.screen.as_deref(), Some("A"));
    assert_eq!(Value::Object(r.data.clone()), json!({"x": "1"}));
    assert_eq!(r.flow_token.as_deref(), Some("T"));
    assert_eq!(r.identity.as_deref(), Some("u1"));
    assert_eq!(p.records.len(), 2);
    let resp = p.answer(Answer::next_screen("B", json!({"x": "y"})));
    // The records travel with the final response too: nothing is lost.
    assert_eq!(resp.records.len(), 2);
    let j: Value = serde_json::from_str(&resp.to_json()).unwrap();
    assert_eq!(j["records"][0]["evtName"], "Tapped");
    assert_eq!(j["kind"], "next_screen");
}

#[test]
fn each_answer_kind_reaches_the_phone_encrypted() {
    let (e, public) = endpoint(Some(FLOW), EndpointConfig::default());
    // Next screen, with an undeclared key dropped.
    let (p, req) = ask(&e, &public, &exchange("A", json!({})));
    let r = p.answer(Answer::next_screen("B", json!({"x": "s", "zz": 1})));
    assert_eq!((r.status, r.kind), (200, ResponseKind::NextScreen));
    assert_eq!(open(&req, &r), json!({"screen": "B", "data": {"x": "s"}}));
    assert_eq!(r.dropped_keys, vec!["zz".to_string()]);
    // Close: the flow token is added to the params.
    let (p, req) = ask(&e, &public, &exchange("C", json!({})));
    let r = p.answer(Answer::close(json!({"order": 7})));
    assert_eq!((r.status, r.kind), (200, ResponseKind::Close));
    assert_eq!(
        open(&req, &r),
        json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {"order": 7, "flow_token": "T"}}}})
    );
    // Error message on the current screen.
    let (p, req) = ask(&e, &public, &exchange("B", json!({})));
    let r = p.answer(Answer::error_message("Card declined"));
    assert_eq!((r.status, r.kind), (200, ResponseKind::ErrorMessage));
    assert_eq!(
        open(&req, &r),
        json!({"screen": "B", "data": {"error_message": "Card declined"}})
    );
    // Token no longer valid.
    let (p, req) = ask(&e, &public, &exchange("B", json!({})));
    let r = p.answer(Answer::token_no_longer_valid("Expired, ask again"));
    assert_eq!((r.status, r.kind), (427, ResponseKind::TokenNoLongerValid));
    assert_eq!(open(&req, &r), json!({"error_msg": "Expired, ask again"}));
    // The handler failed.
    let (p, _) = ask(&e, &public, &exchange("B", json!({})));
    let r = p.answer(Answer::Failed { reason: None });
    assert_eq!(
        (r.status, r.kind, r.body.as_str()),
        (500, ResponseKind::HandlerFailed, "")
    );
    assert_eq!(r.error.unwrap().code, "endpoint_handler_failed");
}

#[test]
fn bad_answers_never_reach_the_phone() {
    let (e, public) = endpoint(Some(FLOW), EndpointConfig::default());
    // (request, answer, expected status, what the phone sees or None for an empty body)
    let init = json!({"version": "3.0", "action": "INIT", "flow_token": "T"});
    let cases: Vec<(Value, Answer, u16, Option<Value>)> = vec![
        // Unknown screen → error_message on the current screen.
        (
            exchange("A", json!({})),
            Answer::next_screen("Z", json!({})),
            200,
            Some(
                json!({"screen": "A", "data": {"error_message": crate::relay::DEFAULT_ERROR_MESSAGE}}),
            ),
        ),
        // Routing forbids A → C.
        (
            exchange("A", json!({})),
            Answer::next_screen("C", json!({})),
            200,
            Some(
                json!({"screen": "A", "data": {"error_message": crate::relay::DEFAULT_ERROR_MESSAGE}}),
            ),
        ),
        // Data does not fit B's model.
        (
            exchange("A", json!({})),
            Answer::next_screen("B", json!({"n": "1"})),
            200,
            Some(
                json!({"screen": "A", "data": {"error_message": crate::relay::DEFAULT_ERROR_MESSAGE}}),
            ),
        ),
        // SUCCESS must be a Close.
        (
            exchange("C", json!({})),
            Answer::next_screen("SUCCESS", json!({})),
            200,
            Some(
                json!({"screen": "C", "data": {"error_message": crate::relay::DEFAULT_ERROR_MESSAGE}}),
            ),
        ),
        // INIT must land on an entry screen; there is no current screen → 500.
        (init.clone(), Answer::next_screen("B", json!({})), 500, None),
        // INIT cannot show an error message: no current screen.
        (init, Answer::error_message("x"), 500, None),
        // Close without a flow token.
        (
            json!({"version": "3.0", "action": "data_exchange", "screen": "C", "data": {}}),
            Answer::close(json!({})),
            200,
            Some(
                json!({"screen": "C", "data": {"error_message": crate::relay::DEFAULT_ERROR_MESSAGE}}),
            ),
        ),
    ];
    for (i, (request, answer, status, seen)) in cases.into_iter().enumerate() {
        let (p, req) = ask(&e, &public, &request);
        let r = p.answer(answer);
        assert_eq!(r.status, status, "case {i}");
        assert_eq!(r.kind, ResponseKind::AnswerReplaced, "case {i}");
        assert_eq!(
            r.error.as_ref().unwrap().code,
            "endpoint_answer_invalid",
            "case {i}"
        );
        match seen {
            Some(v) => assert_eq!(open(&req, &r), v, "case {i}"),
            None => assert!(r.body.is_empty(), "case {i}"),
        }
    }
}

#[test]
fn init_lands_on_an_entry_screen() {
    let (e, public) = endpoint(Some(FLOW), EndpointConfig::default());
    let (p, req) = ask(
        &e,
        &public,
        &json!({"version": "3.0", "action": "INIT", "flow_token": "T"}),
    );
    let r = p.answer(Answer::next_screen("A", json!({})));
    assert_eq!((r.status, r.kind), (200, ResponseKind::NextScreen));
    assert_eq!(open(&req, &r), json!({"screen": "A", "data": {}}));
}

#[test]
fn without_a_flow_json_only_the_shape_is_checked() {
    let (e, public) = endpoint(None, EndpointConfig::default());
    let (p, req) = ask(&e, &public, &exchange("ANY", json!({})));
    let r = p.answer(Answer::next_screen("ELSEWHERE", json!({"k": [1]})));
    assert_eq!(
        open(&req, &r),
        json!({"screen": "ELSEWHERE", "data": {"k": [1]}})
    );
    let (p, _) = ask(&e, &public, &exchange("ANY", json!({})));
    let r = p.answer(Answer::next_screen("", json!({})));
    assert_eq!(r.kind, ResponseKind::AnswerReplaced);
    let (p, _) = ask(&e, &public, &exchange("ANY", json!({})));
    let r = p.answer(Answer::next_screen("X", json!({"error_message": 3})));
    assert_eq!(r.kind, ResponseKind::AnswerReplaced);
}

#[test]
fn checks_run_in_meta_order() {
    let config = EndpointConfig {
        app_secrets: vec![b"app-secret".to_vec()],
        token_secrets: vec![TokenSecret::new(b"token-secret-0123456789").unwrap()],
        max_body_bytes: 4096,
        ..EndpointConfig::default()
    };
    let (e, public) = endpoint(Some(FLOW), config);
    let secret = TokenSecret::new(b"token-secret-0123456789").unwrap();
    let token = tokens::issue(&secret, "919876543210", "flow-1", None, 10_000).unwrap();
    let step = |body: &[u8], sig: Option<&str>| {
        e.handle(Inbound {
            body,
            signature: sig,
            now: 1_000,
            identity: None,
        })
    };
    let reply = |s: Step| match s {
        Step::Reply(r) => r,
        Step::Ask(p) => panic!("unexpected ask {p:?}"),
    };
    // 1. Size before anything (even with no signature).
    let big = vec![b'x'; 4097];
    let r = reply(step(&big, None));
    assert_eq!((r.status, r.kind), (413, ResponseKind::BodyTooLarge));
    // 2. Signature: missing, wrong.
    let ping = phone(&public, &json!({"version": "3.0", "action": "ping"}));
    let r = reply(step(ping.body.as_bytes(), None));
    assert_eq!((r.status, r.kind), (432, ResponseKind::SignatureRejected));
    let r = reply(step(
        ping.body.as_bytes(),
        Some(&sign(ping.body.as_bytes(), b"other")),
    ));
    assert_eq!(r.status, 432);
    // 3. Envelope, then decryption.
    let r = reply(step(b"{}", Some(&sign(b"{}", b"app-secret"))));
    assert_eq!((r.status, r.kind), (400, ResponseKind::Undecryptable));
    let mut env: Value = serde_json::from_str(&ping.body).unwrap();
    {
        use base64::Engine as _;
        env["encrypted_aes_key"] =
            Value::String(base64::engine::general_purpose::STANDARD.encode([7u8; 256]));
    }
    let tampered = env.to_string();
    let r = reply(step(
        tampered.as_bytes(),
        Some(&sign(tampered.as_bytes(), b"app-secret")),
    ));
    assert_eq!((r.status, r.kind), (421, ResponseKind::Undecryptable));
    // 4. Ping is answered without a token.
    let r = reply(step(
        ping.body.as_bytes(),
        Some(&sign(ping.body.as_bytes(), b"app-secret")),
    ));
    assert_eq!((r.status, r.kind), (200, ResponseKind::Health));
    assert_eq!(open(&ping, &r), json!({"data": {"status": "active"}}));
    // 5. Error notification, acknowledged and reported.
    let note = phone(
        &public,
        &exchange(
            "B",
            json!({"error": "invalid-screen-transition", "error_message": "m"}),
        ),
    );
    let r = reply(step(
        note.body.as_bytes(),
        Some(&sign(note.body.as_bytes(), b"app-secret")),
    ));
    assert_eq!((r.status, r.kind), (200, ResponseKind::ErrorAcknowledged));
    assert_eq!(
        r.notification.as_ref().unwrap().error_key,
        "invalid-screen-transition"
    );
    // 6. Flow token: "T" is not a token we issued.
    let bad = phone(&public, &exchange("A", json!({})));
    let r = reply(step(
        bad.body.as_bytes(),
        Some(&sign(bad.body.as_bytes(), b"app-secret")),
    ));
    assert_eq!((r.status, r.kind), (427, ResponseKind::TokenRejected));
    assert!(open(&bad, &r)["error_msg"].is_string());
    // A good token reaches the host with the token's identity.
    let good = phone(
        &public,
        &json!({"version": "3.0", "action": "data_exchange", "screen": "A", "flow_token": token, "data": {}}),
    );
    match step(
        good.body.as_bytes(),
        Some(&sign(good.body.as_bytes(), b"app-secret")),
    ) {
        Step::Ask(p) => assert_eq!(p.request().identity.as_deref(), Some("919876543210")),
        Step::Reply(r) => panic!("unexpected reply {r:?}"),
    }
}

#[test]
fn serve_runs_the_closure_only_when_asked() {
    let (e, public) = endpoint(Some(FLOW), EndpointConfig::default());
    let ping = phone(&public, &json!({"version": "3.0", "action": "ping"}));
    let mut called = false;
    let r = e.serve(inbound(ping.body.as_bytes()), |_| {
        called = true;
        Answer::Failed { reason: None }
    });
    assert_eq!(r.kind, ResponseKind::Health);
    assert!(!called);
}

#[test]
fn config_and_answer_json_are_strict() {
    let c = EndpointConfig::from_json(br#"{"app_secrets":["s"],"max_body_bytes":100}"#).unwrap();
    assert_eq!((c.app_secrets.len(), c.max_body_bytes), (1, 100));
    assert_eq!(
        EndpointConfig::from_json(b"{}").unwrap().max_body_bytes,
        MAX_BODY_BYTES
    );
    // One secret may be given without a list, as for the relay.
    let c = EndpointConfig::from_json(br#"{"app_secrets":"s"}"#).unwrap();
    assert_eq!(c.app_secrets, vec![b"s".to_vec()]);
    for bad in [
        &br#"{"app_secret":["s"]}"#[..],
        b"[]",
        b"{\"app_secrets\":3}",
    ] {
        assert_eq!(
            EndpointConfig::from_json(bad).unwrap_err().code(),
            ErrorCode::EndpointConfigInvalid
        );
    }
    assert_eq!(
        Answer::from_json(br#"{"type":"next_screen","screen":"B","data":{"x":"1"}}"#).unwrap(),
        Answer::next_screen("B", json!({"x": "1"}))
    );
    assert_eq!(
        Answer::from_json(br#"{"type":"close"}"#).unwrap(),
        Answer::close(json!({}))
    );
    for bad in [
        &br#"{"type":"next_screen"}"#[..],
        br#"{"type":"nope"}"#,
        br#"{"type":"close","params":{},"extra":1}"#,
        b"null",
    ] {
        assert_eq!(
            Answer::from_json(bad).unwrap_err().code(),
            ErrorCode::EndpointAnswerInvalid,
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
    let key = || PrivateKey::from_pem(PEM, None).unwrap();
    let c = EndpointConfig {
        max_body_bytes: 0,
        ..EndpointConfig::default()
    };
    assert_eq!(
        Endpoint::new(None, key(), c).unwrap_err().code(),
        ErrorCode::EndpointConfigInvalid
    );
    let c = EndpointConfig {
        app_secrets: vec![Vec::new()],
        ..EndpointConfig::default()
    };
    assert_eq!(
        Endpoint::new(None, key(), c).unwrap_err().code(),
        ErrorCode::EndpointConfigInvalid
    );
    // Bad values are refused by the reader, with the key named.
    for (bad, key) in [
        (&br#"{"token_secrets":"short"}"#[..], "token"),
        (br#"{"policy":"nope"}"#, "nope"),
        (br#"{"coerce_subscription_booleans":"yes"}"#, "bool"),
        (br#"{"app_secrets":[""]}"#, "app secret"),
    ] {
        let e = EndpointConfig::from_json(bad);
        // An empty app secret passes the reader (as for the relay) and is refused by new().
        if let Ok(c) = e {
            assert_eq!(
                Endpoint::new(None, PrivateKey::from_pem(PEM, None).unwrap(), c)
                    .unwrap_err()
                    .code(),
                ErrorCode::EndpointConfigInvalid
            );
            continue;
        }
        let e = e.unwrap_err();
        assert_eq!(e.code(), ErrorCode::EndpointConfigInvalid);
        assert!(e.message().contains(key), "{}", e.message());
    }
    assert_eq!(
        Endpoint::new(Some(b"{\"screens\":[]}"), key(), EndpointConfig::default())
            .unwrap_err()
            .code(),
        ErrorCode::RelayConfigInvalid
    );
}

#[test]
fn the_endpoint_reads_the_relay_configuration_keys() {
    use crate::config::field_names;
    // One contract: the relay's keys without `setup`, in the same order, plus `max_body_bytes`.
    let relay = field_names::<RelayConfig>();
    let endpoint = field_names::<EndpointConfig>();
    assert_eq!(relay[0], "setup");
    assert_eq!(&endpoint[..endpoint.len() - 1], &relay[1..]);
    assert_eq!(endpoint.last(), Some(&"max_body_bytes"));
    // The same values read the same way by both.
    let common = json!({"app_secrets": ["a", "b"], "token_secrets": [
        {"id": "k1", "secret": "token-secret-0123456789"}, "token-secret-9876543210"],
        "flow_id": "f", "policy": "drop_record", "coerce_subscription_booleans": false,
        "error_message": "e", "token_error_message": "t"});
    let e: EndpointConfig = serde_json::from_value(common.clone()).unwrap();
    let mut with_setup = common;
    with_setup["setup"] = json!("platform+customer");
    let r: RelayConfig = serde_json::from_value(with_setup).unwrap();
    assert_eq!(e.app_secrets, r.app_secrets);
    let ids = |t: &[TokenSecret]| t.iter().map(|s| s.id().to_owned()).collect::<Vec<_>>();
    assert_eq!(ids(&e.token_secrets), ids(&r.token_secrets));
    assert_eq!(e.ingest, r.ingest);
    assert_eq!(e.ingest.policy, ingest::Policy::DropRecord);
    assert!(!e.ingest.coerce_subscription_booleans);
    assert_eq!(
        (&e.flow_id, &e.error_message, &e.token_error_message),
        (&r.flow_id, &r.error_message, &r.token_error_message)
    );
    // Defaults are the relay's.
    let d = EndpointConfig::from_json(b"{}").unwrap();
    let rd = RelayConfig::new(Setup::PlatformCustomer);
    assert_eq!(d.ingest, rd.ingest);
    assert_eq!(
        (&d.error_message, &d.token_error_message),
        (&rd.error_message, &rd.token_error_message)
    );
}

#[test]
fn the_old_key_name_is_refused_naming_the_new_one() {
    let e = EndpointConfig::from_json(br#"{"ingest_policy":"drop_field"}"#).unwrap_err();
    assert_eq!(e.code(), ErrorCode::EndpointConfigInvalid);
    assert!(
        e.message().contains("`ingest_policy` was renamed `policy`"),
        "{}",
        e.message()
    );
    // Other unknown keys keep serde's plain message.
    let e = EndpointConfig::from_json(br#"{"polcy":"drop_field"}"#).unwrap_err();
    assert!(
        e.message().contains("unknown field `polcy`"),
        "{}",
        e.message()
    );
    assert!(!e.message().contains("renamed"));
}

#[test]
fn ingestion_options_reach_the_records() {
    // `ct-up` with a subscription flag as text: coerced to a boolean by default, kept as text
    // when `coerce_subscription_booleans` is off; `policy` decides what a bad field costs.
    let payload = exchange(
        "A",
        json!({"ct-up": {"MSG-email": "false", "Name": "N"}, "ct-evt": {"evtName": "E", "evtData": {"bad": null, "ok": 1}}}),
    );
    let profile = |config: EndpointConfig| {
        let (e, public) = endpoint(Some(FLOW), config);
        let (p, _) = ask(&e, &public, &payload);
        p.records.iter().map(Record::to_json).collect::<Vec<_>>()
    };
    let default = profile(EndpointConfig::default());
    let up = default.iter().find(|r| r["type"] == "profile").unwrap();
    assert_eq!(up["profileData"]["MSG-email"], json!(false));
    let event = default.iter().find(|r| r["type"] == "event").unwrap();
    assert!(event["evtData"].get("bad").is_none(), "{event}");

    let off = EndpointConfig::from_json(
        br#"{"coerce_subscription_booleans": false, "policy": "drop_record"}"#,
    )
    .unwrap();
    let records = profile(off);
    let up = records.iter().find(|r| r["type"] == "profile").unwrap();
    assert_eq!(up["profileData"]["MSG-email"], json!("false"));
    // drop_record: the event with a bad field is not uploaded at all.
    assert!(records.iter().all(|r| r["type"] != "event"), "{records:?}");
}
