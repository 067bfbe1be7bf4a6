use super::*;
use crate::codec::{PublicKey, testing};

const PEM: &[u8] = include_bytes!("../../tests/fixtures/keys/private_pkcs8.pem");

const FLOW: &str = r#"{
  "version": "7.2",
  "routing_model": {"A": ["B"], "B": ["C"]},
  "screens": [
    {"id": "A", "data": {}},
    {"id": "B", "data": {"x": {"type": "string"}}},
    {"id": "C", "terminal": true, "data": {}}
  ]
}"#;

fn relay(setup: Setup) -> (Relay, PublicKey) {
    let key = PrivateKey::from_pem(PEM, None).unwrap();
    let public = PublicKey::from_pem(key.public_key_pem().as_bytes()).unwrap();
    (
        Relay::new(FLOW.as_bytes(), key, RelayConfig::new(setup)).unwrap(),
        public,
    )
}

fn run(
    relay: &Relay,
    public: &PublicKey,
    plaintext: &Value,
) -> (Decision, testing::EncryptedRequest) {
    let req = testing::encrypt_request(public, plaintext.to_string().as_bytes()).unwrap();
    let d = relay.handle(Inbound::new(req.body.as_bytes(), 1_000).with_identity("u1"));
    (d, req)
}

fn open(req: &testing::EncryptedRequest, body: &str) -> Value {
    serde_json::from_slice(&req.decrypt_response(body.as_bytes()).unwrap()).unwrap()
}

#[test]
fn setup_names_round_trip() {
    for s in [
        Setup::Static,
        Setup::Platform,
        Setup::PlatformCustomer,
        Setup::Customer,
    ] {
        assert_eq!(s.as_str().parse::<Setup>().unwrap(), s);
    }
    assert_eq!(
        "cleverTap".parse::<Setup>().unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
}

#[test]
fn relay_is_shareable_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Relay>();
    assert_send_sync::<Decision>();
}

#[test]
fn forward_strips_helper_keys_only() {
    let (relay, public) = relay(Setup::PlatformCustomer);
    let (d, _) = run(
        &relay,
        &public,
        &json!({"version": "3.0", "action": "data_exchange", "screen": "A", "flow_token": "T",
                "data": {"x": "1", "next_screen": "B", "ct-evt": {"evtName": "E"}, "ct-up": {"Name": "N"}, "empty": ""}}),
    );
    let Decision::Forward(f) = d else {
        panic!("expected a forward")
    };
    let sent: Value = serde_json::from_str(f.json()).unwrap();
    assert_eq!(
        sent,
        json!({"version": "3.0", "action": "data_exchange", "screen": "A", "flow_token": "T", "data": {"x": "1", "empty": ""}})
    );
    assert_eq!(f.records.len(), 2);
    assert!(
        !format!("{f:?}").contains("\"x\""),
        "Debug must not show plaintext"
    );
}

#[test]
fn static_answer_follows_next_screen_and_drops_undeclared_keys() {
    let (relay, public) = relay(Setup::Platform);
    let (d, req) = run(
        &relay,
        &public,
        &json!({"version": "3.0", "action": "data_exchange", "screen": "A", "flow_token": "T",
                "data": {"x": "1", "y": "2", "next_screen": "B"}}),
    );
    let Decision::Reply(r) = d else {
        panic!("expected a reply")
    };
    assert_eq!((r.status, r.kind), (200, ReplyKind::Screen));
    assert_eq!(
        open(&req, &r.body),
        json!({"screen": "B", "data": {"x": "1"}})
    );
    assert_eq!(r.dropped_keys, vec!["y".to_string()]);
}

#[test]
fn resume_twice_is_impossible_by_construction() {
    // `resume` takes `self`: the continuation is consumed (checked by the type system).
    let (relay, public) = relay(Setup::PlatformCustomer);
    let (d, req) = run(
        &relay,
        &public,
        &json!({"action": "INIT", "version": "3.0", "flow_token": "T"}),
    );
    let Decision::Forward(f) = d else {
        panic!("expected a forward")
    };
    let r = f.continuation.resume(CustomerAnswer::Http {
        status: 200,
        body: br#"{"screen":"A","data":{}}"#,
    });
    assert_eq!(r.kind, ReplyKind::CustomerScreen);
    assert_eq!(open(&req, &r.body), json!({"screen": "A", "data": {}}));
}
