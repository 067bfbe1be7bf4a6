#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;
use serde_json::json;

const FIXTURE: &str = include_str!("../../tests/fixtures/webhooks/flows_events.json");

fn body_with(value: Value) -> Vec<u8> {
    json!({"object": "whatsapp_business_account",
           "entry": [{"id": "1", "time": 5, "changes": [{"field": "flows", "value": value}]}]})
    .to_string()
    .into_bytes()
}

#[test]
fn catalogues_are_well_formed() {
    crate::catalogue::assert_well_formed::<FlowsEventKind>();
    crate::catalogue::assert_well_formed::<AlertState>();
}

#[test]
fn every_kind_in_the_fixture_is_typed() {
    let events = flows_events_strict(FIXTURE.as_bytes()).unwrap();
    let kinds: Vec<_> = events.iter().map(|n| n.event.kind().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            FlowsEventKind::FlowStatusChange,
            FlowsEventKind::FlowStatusChange,
            FlowsEventKind::FlowStatusChange,
            FlowsEventKind::ClientErrorRate,
            FlowsEventKind::EndpointErrorRate,
            FlowsEventKind::EndpointLatency,
            FlowsEventKind::EndpointAvailability,
            FlowsEventKind::FlowVersionExpiryWarning,
        ]
    );
    // Every kind of the catalogue appears.
    for k in FlowsEventKind::ALL {
        assert!(kinds.contains(k), "{k} missing from the fixture");
    }
    assert_eq!(events[0].waba_id.as_deref(), Some("104996122399160"));
    assert_eq!(events[0].time, Some(1_700_000_100));
    assert_eq!(events[3].pointer, "/entry/1/changes/0/value");
    // The lenient parser gives the same for a clean body.
    assert_eq!(flows_events(FIXTURE.as_bytes()).unwrap(), events);

    let FlowsEvent::FlowStatusChange(publish) = &events[0].event else {
        panic!()
    };
    assert_eq!(publish.old_status, Some(FlowStatus::Draft));
    assert_eq!(publish.new_status, FlowStatus::Published);
    assert_eq!(publish.lifecycle_action, None); // the business's own action
    assert_eq!(events[1].event.lifecycle_action(), Some(Action::Throttle));
    let FlowsEvent::FlowStatusChange(created) = &events[2].event else {
        panic!()
    };
    assert_eq!(created.old_status, None);
    assert_eq!(created.lifecycle_action, None);

    let FlowsEvent::ClientErrorRate(c) = &events[3].event else {
        panic!()
    };
    assert_eq!(c.alert_state, AlertState::Activated);
    assert_eq!((c.threshold, c.error_rate), (Some(10.0), Some(12.5)));
    let errs = c.errors.as_ref().unwrap();
    assert_eq!(errs[1].error_type, "PUBLIC_KEY_MISSING");
    assert_eq!(
        (errs[1].error_rate, errs[1].error_count),
        (Some(25.0), Some(250))
    );

    let FlowsEvent::EndpointLatency(l) = &events[5].event else {
        panic!()
    };
    assert_eq!(
        (l.p50_latency, l.p90_latency, l.requests_count, l.threshold),
        (Some(450.0), Some(1300.0), Some(2100), Some(1000.0))
    );
    let FlowsEvent::EndpointAvailability(a) = &events[6].event else {
        panic!()
    };
    assert_eq!(a.alert_state, AlertState::Deactivated);
    assert_eq!(a.availability, Some(97.5));
    let FlowsEvent::FlowVersionExpiryWarning(w) = &events[7].event else {
        panic!()
    };
    assert!(w.warning.as_deref().unwrap().contains("2.1"));
    assert_eq!(events[7].event.flow_id(), Some("2015925505495025"));
}

#[test]
fn status_changes_use_the_lifecycle_mapping() {
    for (old, new) in [
        ("PUBLISHED", "THROTTLED"),
        ("THROTTLED", "BLOCKED"),
        ("PUBLISHED", "BLOCKED"),
        ("BLOCKED", "THROTTLED"),
        ("THROTTLED", "PUBLISHED"),
        ("PUBLISHED", "DEPRECATED"),
        ("DRAFT", "PUBLISHED"),
    ] {
        let body = body_with(json!({"event": "FLOW_STATUS_CHANGE", "flow_id": "1",
                                    "old_status": old, "new_status": new}));
        let got = flows_events_strict(&body).unwrap()[0]
            .event
            .lifecycle_action();
        let want = action_for_status_change(old.parse().unwrap(), new.parse().unwrap());
        assert_eq!(got, want, "{old} -> {new}");
    }
}

#[test]
fn json_form_is_flat_with_event() {
    let events = flows_events(FIXTURE.as_bytes()).unwrap();
    let j = serde_json::to_value(&events[1]).unwrap();
    assert_eq!(
        j,
        json!({"waba_id": "104996122399160", "time": 1_700_000_100,
               "pointer": "/entry/0/changes/1/value", "event": "FLOW_STATUS_CHANGE",
               "flow_id": "2015925505495025",
               "message": "Flow Appointment booking changed status from PUBLISHED to THROTTLED",
               "old_status": "PUBLISHED", "new_status": "THROTTLED",
               "lifecycle_action": "throttle"})
    );
    let j = serde_json::to_value(&events[5]).unwrap();
    assert_eq!(j["event"], "ENDPOINT_LATENCY");
    assert_eq!(j["alert_state"], "ACTIVATED");
    assert_eq!(j["p90_latency"], 1300.0);
}

#[test]
fn unknown_and_bad_changes_keep_raw_data() {
    let cases = [
        (
            json!({"event": "FLOW_QUALITY_SCORE", "flow_id": "1", "score": 3}),
            ErrorCode::FlowsWebhookUnknownEvent,
            "FLOW_QUALITY_SCORE",
        ),
        (
            json!({"event": "ENDPOINT_LATENCY", "flow_id": "1", "alert_state": "ACTIVATED", "p99_latency": 9}),
            ErrorCode::FlowsWebhookUnknownField,
            "p99_latency",
        ),
        (
            json!({"event": "ENDPOINT_LATENCY", "flow_id": "1", "alert_state": "ACTIVATED", "p90_latency": "slow"}),
            ErrorCode::FlowsWebhookInvalidField,
            "invalid type",
        ),
        (
            json!({"event": "ENDPOINT_AVAILABILITY", "flow_id": "1", "alert_state": "FIRING"}),
            ErrorCode::FlowsWebhookInvalidField,
            "FIRING",
        ),
        (
            json!({"event": "FLOW_STATUS_CHANGE", "flow_id": "1", "new_status": "ARCHIVED"}),
            ErrorCode::FlowsWebhookInvalidField,
            "ARCHIVED",
        ),
        (
            json!({"event": "FLOW_STATUS_CHANGE", "new_status": "DRAFT"}),
            ErrorCode::FlowsWebhookInvalidField,
            "flow_id",
        ),
        (
            json!({"flow_id": "1"}),
            ErrorCode::FlowsWebhookInvalidField,
            "no \"event\"",
        ),
        (
            json!({"event": 7}),
            ErrorCode::FlowsWebhookInvalidField,
            "string",
        ),
        (
            json!("not an object"),
            ErrorCode::FlowsWebhookMalformed,
            "object",
        ),
        (
            json!({"event": "CLIENT_ERROR_RATE", "flow_id": "1", "alert_state": "ACTIVATED",
                "errors": [{"error_type": "X", "share": 1}]}),
            ErrorCode::FlowsWebhookUnknownField,
            "share",
        ),
    ];
    for (value, code, needle) in cases {
        let body = body_with(value.clone());
        let events = flows_events(&body).unwrap();
        let FlowsEvent::Unknown(u) = &events[0].event else {
            panic!("{value} was typed")
        };
        assert_eq!(u.code, code, "{value}");
        assert!(u.reason.contains(needle), "{} !~ {needle}", u.reason);
        assert_eq!(u.raw, value);
        assert_eq!(events[0].event.kind(), None);
        let e = flows_events_strict(&body).unwrap_err();
        assert_eq!(e.code(), code);
        assert!(
            e.message().starts_with("/entry/0/changes/0/value: "),
            "{}",
            e.message()
        );
        let j = serde_json::to_value(&events[0]).unwrap();
        assert_eq!(j["event"], "UNKNOWN");
        assert_eq!(j["code"], code.as_str());
        assert_eq!(j["raw"], value);
    }
}

#[test]
fn bad_bodies_are_malformed() {
    for body in [
        &b"not json"[..],
        b"[]",
        b"{}",
        br#"{"entry": {}}"#,
        br#"{"entry": [1]}"#,
        br#"{"entry": [{"id": "1"}]}"#,
    ] {
        assert_eq!(
            flows_events(body).unwrap_err().code(),
            ErrorCode::FlowsWebhookMalformed,
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    // Non-flows changes give nothing, not an error.
    let body = br#"{"entry":[{"changes":[{"field":"messages","value":{}}]}]}"#;
    assert!(flows_events(body).unwrap().is_empty());
    let big = vec![b' '; MAX_FLOWS_WEBHOOK_BYTES + 1];
    assert_eq!(
        flows_events(&big).unwrap_err().code(),
        ErrorCode::LimitExceeded
    );
}
