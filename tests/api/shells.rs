//! The core's serde types are the contract of the C and Python shells (issue 8): configuration
//! read from JSON drives the core exactly as the typed Rust API does, and outputs serialise to
//! the documented shapes.
use serde_json::json;
use waflows::codec::{self, PrivateKey, PublicKey, testing};
use waflows::flow_json::{self, Mode, Options};
use waflows::ingest::{self, IdentityStyle, Policy, WebhookOptions};
use waflows::relay::{Decision, Inbound, Relay, RelayConfig};
use waflows::tokens::{self, TokenSecret};

const NOW: u64 = 1_764_000_000;

fn fixture(rel: &str) -> Vec<u8> {
    let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn key() -> PrivateKey {
    PrivateKey::from_pem(&fixture("keys/private_pkcs8.pem"), None).unwrap()
}

#[test]
fn relay_configuration_from_json_drives_the_relay_and_the_decision_serialises_whole() {
    let cfg: RelayConfig = serde_json::from_value(json!({
        "setup": "platform",
        "app_secrets": ["app-secret"],
        "token_secrets": ["old-token-secret-0123456789",
                          {"id": "k2026", "secret": "new-token-secret-0123456789"}],
        "flow_id": "bus_booking",
        "policy": "keep_and_warn",
        "coerce_subscription_booleans": false,
    }))
    .unwrap();
    let relay = Relay::new(&fixture("relay/bus_booking.flow.json"), key(), cfg).unwrap();
    // A token signed under the rotated key id.
    let secret = TokenSecret::with_id("k2026", b"new-token-secret-0123456789").unwrap();
    let token = tokens::issue(&secret, "u-42", "bus_booking", None, NOW + 60).unwrap();
    let public = PublicKey::from_pem(key().public_key_pem().as_bytes()).unwrap();
    let plain = json!({"version": "3.0", "action": "data_exchange", "screen": "welcome_screen",
        "flow_token": token, "data": {"next_screen": "seat_selection", "depart_from": "Pune",
        "ct-up": {"MSG-sms": "false", "Phone": "12"}}});
    let phone = testing::encrypt_request(&public, plain.to_string().as_bytes()).unwrap();
    let sig = codec::sign(phone.body.as_bytes(), b"app-secret");
    let d = relay.handle(
        Inbound::new(phone.body.as_bytes(), NOW)
            .with_signature(sig.as_str())
            .with_identity("host-id"),
    );
    assert!(matches!(d, Decision::Reply(_)), "{d:?}");
    let v = serde_json::to_value(&d).unwrap();
    // keep_and_warn keeps the bad phone with a problem; coercion off keeps "false" as text.
    assert_eq!(v["problems"][0]["outcome"], "kept", "{v}");
    assert_eq!(v["problems"][0]["code"], "invalid_phone", "{v}");
    let problems = v["problems"].clone();
    assert_eq!(
        v,
        json!({
            "kind": "reply", "status": 200, "reply_kind": "screen", "screen": "seat_selection",
            "records": [{"type": "profile", "identity": "u-42", "ts": NOW,
                         "profileData": {"MSG-sms": "false", "Phone": "12"}}],
            "problems": problems,
            "identity": "u-42", "error": null, "notification": null, "dropped_keys": [],
        })
    );
    // The serialisation carries neither the body (ciphertext) nor the key.
    assert!(!v.to_string().contains(&phone.body));
}

#[test]
fn a_rejected_request_serialises_its_error_as_code_and_message() {
    let cfg: RelayConfig =
        serde_json::from_str(r#"{"setup":"platform","app_secrets":"s"}"#).unwrap();
    let relay = Relay::new(&fixture("relay/bus_booking.flow.json"), key(), cfg).unwrap();
    let d = relay.handle(Inbound::new(b"{}", NOW));
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["status"], 432);
    assert_eq!(v["reply_kind"], "signature_rejected");
    assert_eq!(v["error"]["code"], "invalid_signature");
    assert!(v["error"]["message"].as_str().unwrap().len() > 5);
}

#[test]
fn configuration_readers_refuse_unknown_keys_and_wrong_types() {
    for bad in [
        json!({"setup": "platform", "policy_code": 1}),
        json!({"setup": "platform", "policy": 1}),
        json!({"setup": "platform", "token_secrets": [{"id": "k1"}]}),
        json!({"setup": "platform", "coerce_subscription_booleans": "no"}),
        json!({"app_secrets": []}),
    ] {
        assert!(
            serde_json::from_value::<RelayConfig>(bad.clone()).is_err(),
            "{bad}"
        );
    }
    assert!(serde_json::from_value::<WebhookOptions>(json!({"identity_style": "e164"})).is_err());
    assert!(serde_json::from_value::<WebhookOptions>(json!({"identityStyle": "as_sent"})).is_err());
    assert!(serde_json::from_value::<Options>(json!({"mode": "fast"})).is_err());
    assert!(serde_json::from_value::<Options>(json!({"max_issues": -1})).is_err());
    assert!(serde_json::from_value::<Options>(json!({"strict": "yes"})).is_err());
}

#[test]
fn options_read_from_json_equal_the_typed_builders() {
    assert_eq!(
        serde_json::from_value::<Options>(json!({})).unwrap(),
        Options::default()
    );
    assert_eq!(
        serde_json::from_value::<Options>(
            json!({"mode": "everything", "for_publish": true, "strict": true, "max_issues": 3})
        )
        .unwrap(),
        Options::default()
            .with_mode(Mode::Everything)
            .with_for_publish(true)
            .with_strict(true)
            .with_max_issues(3)
    );
    let w: WebhookOptions = serde_json::from_value(json!({
        "policy": "drop_record", "coerce_subscription_booleans": false,
        "identity_style": "plus_prefixed", "fallback_event": "Done"}))
    .unwrap();
    assert_eq!(w.extract.policy, Policy::DropRecord);
    assert!(!w.extract.coerce_subscription_booleans);
    assert_eq!(w.identity, IdentityStyle::PlusPrefixed);
    assert_eq!(w.fallback_event.as_deref(), Some("Done"));
    let o: ingest::Options = serde_json::from_value(json!({})).unwrap();
    assert_eq!(o, ingest::Options::default());
    // max_issues from JSON takes effect.
    let r = flow_json::validate(
        br#"{"version": "7.3", "screens": [], "x": 1}"#,
        &serde_json::from_value(json!({"mode": "everything", "max_issues": 1})).unwrap(),
    )
    .unwrap();
    assert_eq!(r.issues().len(), 1);
    // The report serialises to its documented JSON export.
    assert_eq!(serde_json::to_value(&r).unwrap(), r.to_json_value());
    assert_eq!(serde_json::to_value(&r).unwrap()["truncated"], true);
}

#[test]
fn ingestion_outputs_serialise_to_the_documented_shapes() {
    let x = ingest::extract(&json!({"a": 1, "ct-evt": {"evtName": "E", "evtData": {"k": "v"}}}))
        .unwrap();
    assert_eq!(
        serde_json::to_value(&x).unwrap(),
        json!({"event": {"evtName": "E", "evtData": {"k": "v"}}, "profile": null,
               "problems": [], "rest": {"a": 1}})
    );
    let body = json!({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages",
        "value": {"messages": [{"from": "919876543210", "id": "wamid.1", "timestamp": "1764000000",
        "type": "interactive", "interactive": {"type": "nfm_reply", "nfm_reply": {"response_json":
        "{\"flow_token\":\"T\",\"rating\":\"5\",\"ct-evt\":{\"evtName\":\"Rated\",\"evtData\":{}}}"}}}]}}]}]});
    let got = ingest::ingest_webhook(body.to_string().as_bytes()).unwrap();
    let v = serde_json::to_value(&got).unwrap();
    assert_eq!(
        v["completions"][0],
        json!({"message_id": "wamid.1", "identity": "919876543210", "wa_id": "919876543210",
               "user_id": null, "flow_token": "T", "ts": 1_764_000_000,
               "pointer": "/entry/0/changes/0/value/messages/0",
               "response": {"flow_token": "T", "rating": "5"}})
    );
    assert_eq!(v["records"][0]["evtName"], "Rated");
    assert_eq!(v["problems"], json!([]));
}

#[test]
fn claims_serialise_with_the_key_id() {
    let s = TokenSecret::with_id("k1", b"0123456789abcdef0123").unwrap();
    let t = tokens::issue(&s, "u", "f", Some("c"), NOW + 1).unwrap();
    let c = tokens::verify(&t, &[s], NOW).unwrap();
    assert_eq!(
        serde_json::to_value(&c).unwrap(),
        json!({"identity": "u", "flow_id": "f", "campaign_id": "c", "expires_at": NOW + 1, "key_id": "k1"})
    );
}
