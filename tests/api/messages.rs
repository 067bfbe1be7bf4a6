//! Payload builders against the fixtures in `tests/fixtures/templates/`.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use waflows::ErrorCode;
use waflows::messages::{
    FlowMessage, TemplateSend, flow_message, template_creation_body, template_send_body,
};
use waflows::templates::Template;
use waflows::templates::variables::MissingValue;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/templates/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json_fixture(name: &str) -> Value {
    serde_json::from_slice(&fixture(name)).expect("fixture is JSON")
}

#[test]
fn creation_then_send_for_the_sample_template() {
    let t = Template::from_json(&fixture("stay_feedback.json")).expect("template");
    let created = template_creation_body(&t).expect("creation body");
    assert_eq!(created.body, json_fixture("stay_feedback.creation.json"));
    let profile: BTreeMap<String, String> = [("user.name", "Rui"), ("stay.hotel", "Solar do Mar")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let send = TemplateSend::from_json(
        br#"{"to": "15551234567", "template_name": "stay_feedback", "language": "en_US",
             "flow_token": "stay-42", "flow_action_data": {"booking_id": "B-1001"}}"#,
    )
    .expect("send")
    .with_profile(&created.parameters, &profile, MissingValue::Error)
    .expect("profile");
    assert_eq!(
        template_send_body(&send).expect("send body"),
        json_fixture("stay_feedback.send.json")
    );
}

#[test]
fn interactive_message_from_json() {
    let m = FlowMessage::from_json(
        br#"{"to": "15551234567", "body": "Rate your stay", "flow_id": "1234567890", "flow_cta": "Rate",
             "flow_token": "stay-42", "screen": "WELCOME", "data": {"hotel": "Casa Azul"}}"#,
    )
    .expect("message");
    let v = flow_message(&m).expect("body");
    assert_eq!(
        v["interactive"]["action"]["parameters"]["flow_message_version"],
        json!("3")
    );
    assert_eq!(
        v["interactive"]["action"]["parameters"]["flow_action_payload"],
        json!({"screen": "WELCOME", "data": {"hotel": "Casa Azul"}})
    );
}

#[test]
fn hostile_message_input_gives_typed_errors() {
    let inputs: [&[u8]; 6] = [
        b"",
        b"\xff",
        b"{\"to\": 1}",
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        b"{\"to\":\"1\",\"body\":\"b\",\"flow_cta\":\"c\",\"flow_id\":\"1\",\"data\":{\"a\":[[[[[[[[[]]]]]]]]]}}",
        b"{\"to\":\"1\",\"body\":\"b\",\"flow_cta\":\"c\",\"flow_id\":\"1\",\"flow_id\":\"2\"}",
    ];
    for input in inputs {
        match FlowMessage::from_json(input) {
            // Shape errors are MessageInvalidField; nesting over the crate's one JSON depth
            // limit is LimitExceeded, as for every parser.
            Err(e) => assert!(
                matches!(
                    e.code(),
                    ErrorCode::MessageInvalidField | ErrorCode::LimitExceeded
                ),
                "{e}"
            ),
            Ok(m) => {
                let _ = flow_message(&m);
            }
        }
        if let Err(e) = TemplateSend::from_json(input) {
            assert!(
                matches!(
                    e.code(),
                    ErrorCode::MessageInvalidField | ErrorCode::LimitExceeded
                ),
                "{e}"
            );
        }
    }
}

mod properties {
    use proptest::prelude::*;
    use waflows::ErrorCode;
    use waflows::messages::{FlowMessage, flow_message};

    proptest! {
        /// The builder never panics; it either succeeds with version "3" or names the rule.
        #[test]
        fn flow_message_never_panics(
            to in ".{0,12}", body in ".{0,30}", cta in ".{0,25}", screen in proptest::option::of(".{0,10}"),
        ) {
            let m = FlowMessage { to, body, flow_cta: cta, screen, flow_id: Some("1".into()), ..FlowMessage::default() };
            match flow_message(&m) {
                Ok(v) => prop_assert_eq!(&v["interactive"]["action"]["parameters"]["flow_message_version"], "3"),
                Err(e) => prop_assert!(matches!(e.code(), ErrorCode::MessageInvalidField | ErrorCode::MessageLimitExceeded)),
            }
        }

        /// Arbitrary bytes as the JSON form give a typed error or a message, never a panic.
        #[test]
        fn json_form_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(m) = FlowMessage::from_json(&bytes) {
                let _ = flow_message(&m);
            }
        }
    }
}
