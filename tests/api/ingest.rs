//! Ingest: whole webhooks, identity rules, records and upload bodies, hostile input.
use std::path::PathBuf;

use proptest::prelude::*;
use serde_json::{Value, json};
use waflows::ErrorCode;
use waflows::ingest::{
    self, IdentityStyle, Outcome, Policy, ProblemCode, Record, WebhookOptions, ingest_webhook,
    ingest_webhook_with,
};

fn fixture(rel: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn pywa_completion_samples_parse() {
    let v: Value =
        serde_json::from_slice(&fixture("vectors/pywa_flow_completion_webhooks.json")).unwrap();
    let with = ingest_webhook(v["completion"].to_string().as_bytes()).unwrap();
    assert_eq!(with.completions.len(), 1);
    let c = &with.completions[0];
    assert_eq!(c.identity.as_deref(), Some("972987654321"));
    assert_eq!(c.user_id.as_deref(), Some("US.13491208655302741918"));
    assert_eq!(
        c.flow_token.as_deref(),
        Some("AQAAAAACS5FpgQ_cAAAAAD0QI3s.")
    );
    assert_eq!(c.ts, Some(1_702_502_473));
    assert_eq!(c.message_id.as_deref(), Some("wamid.wegrchytvwcggt=="));
    // No ct-* keys: nothing to upload, every field kept in `rest`.
    assert!(with.records.is_empty() && with.problems.is_empty());
    assert_eq!(c.extraction.rest["delivery_rating"], "4");
    let without = ingest_webhook(v["without_flow_token"].to_string().as_bytes()).unwrap();
    assert_eq!(without.completions[0].flow_token, None);
}

#[test]
fn fallback_event_turns_a_plain_completion_into_an_event() {
    let v: Value =
        serde_json::from_slice(&fixture("vectors/pywa_flow_completion_webhooks.json")).unwrap();
    let opts = WebhookOptions::default().with_fallback_event(Some("WAF_Survey_Submitted".into()));
    let got = ingest_webhook_with(v["completion"].to_string().as_bytes(), &opts).unwrap();
    let Record::Event {
        evt_name,
        evt_data,
        ts,
        ..
    } = &got.records[0]
    else {
        panic!("event expected")
    };
    assert_eq!(evt_name, "WAF_Survey_Submitted");
    assert_eq!(*ts, Some(1_702_502_473));
    assert_eq!(evt_data.len(), 5);
    assert!(!evt_data.contains_key("flow_token"));
}

#[test]
fn a_whole_webhook_with_mixed_content() {
    let got = ingest_webhook(&fixture("ingest/mixed_webhook.json")).unwrap();
    // Only the four flow replies are completions (text, button, statuses and flows alerts ignored).
    let ids: Vec<_> = got
        .completions
        .iter()
        .map(|c| c.message_id.as_deref().unwrap())
        .collect();
    assert_eq!(ids, vec!["wamid.hotel", "wamid.bsuid", "wamid.noid"]);
    let json: Vec<Value> = got.records.iter().map(Record::to_json).collect();
    assert_eq!(
        json,
        vec![
            json!({"type": "event", "identity": "919876543210", "ts": 1_764_000_000, "evtName": "Stay Feedback",
                   "evtData": {"rating": "5", "comment": "Room was spotless"}}),
            json!({"type": "profile", "identity": "919876543210", "ts": 1_764_000_000,
                   "profileData": {"Customer Type": "Platinum", "MSG-whatsapp": true}}),
            json!({"type": "profile", "identity": "US.13491208655302741918", "ts": 1_764_000_100,
                   "profileData": {"Name": "Lee", "Email": "lee@example.com"}}),
        ]
    );
    let problems: Vec<_> = got
        .problems
        .iter()
        .map(|p| (p.code, p.pointer.as_str(), p.outcome))
        .collect();
    assert_eq!(
        problems,
        vec![
            (
                ProblemCode::InvalidPhone,
                "/entry/1/changes/0/value/messages/0/interactive/nfm_reply/response_json/ct-up/Phone",
                Outcome::FieldDropped
            ),
            (
                ProblemCode::InvalidMessage,
                "/entry/1/changes/1/value/messages/0/interactive/nfm_reply/response_json",
                Outcome::RecordDropped
            ),
            (
                ProblemCode::MissingIdentity,
                "/entry/1/changes/1/value/messages/1/interactive/nfm_reply/response_json/ct-evt",
                Outcome::RecordDropped
            ),
        ]
    );
    // Nothing is lost: the broken response_json and the orphan event are carried by the problems.
    assert_eq!(got.problems[1].value, Some(json!("{not json")));
    assert_eq!(
        got.problems[2].value,
        Some(json!({"evtName": "Orphan", "evtData": {}}))
    );
    // Upload bodies.
    let bodies = ingest::upload_bodies(&got.records);
    assert_eq!(bodies.len(), 1);
    let parsed: Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(parsed["d"].as_array().unwrap().len(), 3);
}

#[test]
fn identity_style_and_policy_are_the_callers_choice() {
    let opts = WebhookOptions::default()
        .with_identity(IdentityStyle::PlusPrefixed)
        .with_extract(ingest::Options::default().with_policy(Policy::DropRecord));
    let got = ingest_webhook_with(&fixture("ingest/mixed_webhook.json"), &opts).unwrap();
    assert_eq!(got.records[0].identity(), "+919876543210");
    // The BSUID user is not prefixed, and DropRecord drops the whole profile with the bad Phone.
    assert_eq!(
        got.completions[1].identity.as_deref(),
        Some("US.13491208655302741918")
    );
    assert_eq!(got.records.len(), 2);
    assert_eq!(got.problems[0].outcome, Outcome::RecordDropped);
    assert_eq!(got.problems[0].value.as_ref().unwrap()["Name"], "Lee");
}

#[test]
fn records_from_webhook_is_the_short_form() {
    let records = ingest::records_from_webhook(&fixture("ingest/mixed_webhook.json")).unwrap();
    assert_eq!(records.len(), 3);
}

#[test]
fn hostile_webhooks_get_clear_errors() {
    let deep = format!("{{\"entry\":{}{}}}", "[".repeat(5000), "]".repeat(5000));
    let huge = vec![b' '; ingest::MAX_WEBHOOK_BYTES + 1];
    let cases: Vec<(&[u8], ErrorCode)> = vec![
        (b"", ErrorCode::InvalidWebhook),
        (b"not json", ErrorCode::InvalidWebhook),
        (b"[]", ErrorCode::InvalidWebhook),
        (b"{}", ErrorCode::InvalidWebhook),
        (b"{\"entry\":{}}", ErrorCode::InvalidWebhook),
        // Deeper than the crate's one JSON depth limit (64).
        (deep.as_bytes(), ErrorCode::LimitExceeded),
        (&huge, ErrorCode::LimitExceeded),
    ];
    for (body, code) in cases {
        assert_eq!(ingest_webhook(body).unwrap_err().code(), code);
    }
    // Wrong types inside are skipped, not fatal.
    let odd = br#"{"entry":[1,"x",{"changes":5},{"changes":[{"value":[]},{"value":{"messages":{}}},
        {"value":{"contacts":"x","messages":[null,{"type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"response_json":5}}}]}}]}]}"#;
    let got = ingest_webhook(odd).unwrap();
    assert!(got.records.is_empty());
    assert_eq!(got.problems.len(), 1);
    assert_eq!(got.problems[0].code, ProblemCode::InvalidMessage);
}

proptest! {
    /// Whatever JSON-ish payload arrives, extraction never panics and never loses a field:
    /// every ct-evt property is in the event or in a problem.
    #[test]
    fn extraction_accounts_for_every_event_property(
        props in prop::collection::btree_map("[a-z$:]{0,8}", prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "[a-z]{0,600}".prop_map(Value::from),
            prop::collection::vec(any::<u8>().prop_map(Value::from), 0..120).prop_map(Value::from),
        ], 0..130),
        policy in prop_oneof![Just(Policy::DropRecord), Just(Policy::DropField), Just(Policy::KeepAndWarn)],
    ) {
        let data: serde_json::Map<String, Value> = props.into_iter().collect();
        let payload = json!({"ct-evt": {"evtName": "E", "evtData": data.clone()}});
        let opts = ingest::Options::default().with_policy(policy);
        let x = ingest::extract_with(&payload, &opts).unwrap();
        match &x.event {
            Some(ev) => {
                for (k, v) in &data {
                    let in_event = ev.data.get(k) == Some(v);
                    let in_problem = x.problems.iter().any(|p| p.key == *k && p.value.as_ref() == Some(v));
                    prop_assert!(in_event || in_problem, "lost {k}");
                }
            }
            None => {
                prop_assert!(!x.problems.is_empty());
                prop_assert!(x.problems.iter().all(|p| p.value.as_ref() == payload.get("ct-evt")));
            }
        }
    }

    #[test]
    fn webhook_parser_never_panics(body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = ingest_webhook(&body);
    }
}
