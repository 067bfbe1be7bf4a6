use super::*;
use crate::templates::{FlowButton, Header};

fn template() -> Template {
    Template {
        name: "stay_feedback".into(),
        language: "en_US".into(),
        category: "Marketing".into(),
        header: Some(Header {
            kind: "image".into(),
            text: None,
            mime_type: Some("image/png".into()),
            size_bytes: Some(1000),
            sample_handle: Some("4::aGFuZGxl".into()),
        }),
        body: "Hi {{user.name}}, how was {{ stay.hotel }}? Thanks {{user.name}}!".into(),
        footer: Some("Reply STOP to opt out".into()),
        button: FlowButton {
            text: "Give feedback".into(),
            flow_id: "1234567890".into(),
            flow_action: "navigate".into(),
            navigate_screen: Some("WELCOME".into()),
            icon: Some("REVIEW".into()),
        },
        examples: [("user.name", "Ana"), ("stay.hotel", "Casa Azul")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    }
}

#[test]
fn creation_body_has_the_flow_button_and_positional_body() {
    let c = template_creation_body(&template()).unwrap();
    assert_eq!(c.parameters, ["user.name", "stay.hotel"]);
    assert_eq!(
        c.body,
        json!({
            "name": "stay_feedback",
            "language": "en_US",
            "category": "MARKETING",
            "components": [
                {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["4::aGFuZGxl"]}},
                {"type": "BODY", "text": "Hi {{1}}, how was {{2}}? Thanks {{1}}!", "example": {"body_text": [["Ana", "Casa Azul"]]}},
                {"type": "FOOTER", "text": "Reply STOP to opt out"},
                {"type": "BUTTONS", "buttons": [{
                    "type": "FLOW", "text": "Give feedback", "flow_id": "1234567890",
                    "flow_action": "navigate", "navigate_screen": "WELCOME", "icon": "REVIEW"
                }]}
            ]
        })
    );
}

#[test]
fn creation_body_for_data_exchange_and_plain_text() {
    let mut t = template();
    t.header = Some(Header {
        kind: "location".into(),
        text: None,
        mime_type: None,
        size_bytes: None,
        sample_handle: None,
    });
    t.body = "Plain body".into();
    t.footer = None;
    t.button.flow_action = "data_exchange".into();
    t.button.navigate_screen = None;
    t.button.icon = None;
    let c = template_creation_body(&t).unwrap();
    assert!(c.parameters.is_empty());
    let comps = c.body["components"].as_array().unwrap();
    assert_eq!(comps[0], json!({"type": "HEADER", "format": "LOCATION"}));
    assert_eq!(comps[1], json!({"type": "BODY", "text": "Plain body"}));
    assert_eq!(
        comps[2]["buttons"][0],
        json!({"type": "FLOW", "text": "Give feedback", "flow_id": "1234567890", "flow_action": "data_exchange"})
    );
}

#[test]
fn creation_body_refuses_bad_templates() {
    let mut t = template();
    t.button.text = "x".repeat(26);
    t.category = "AUTHENTICATION".into();
    let e = template_creation_body(&t).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TemplateInvalid);
    assert!(
        e.message().contains("button_text_too_long") && e.message().contains("category_invalid"),
        "{e}"
    );
    let mut t = template();
    t.footer = Some("Bye {{user.name}}".into());
    assert_eq!(
        template_creation_body(&t).unwrap_err().code(),
        ErrorCode::MessageInvalidField
    );
    let mut t = template();
    t.header = Some(Header {
        kind: "text".into(),
        text: Some("For {{user.name}}".into()),
        mime_type: None,
        size_bytes: None,
        sample_handle: None,
    });
    assert_eq!(
        template_creation_body(&t).unwrap_err().code(),
        ErrorCode::MessageInvalidField
    );
    t.header = Some(Header {
        kind: "text".into(),
        text: Some("Your stay".into()),
        mime_type: None,
        size_bytes: None,
        sample_handle: None,
    });
    assert_eq!(
        template_creation_body(&t).unwrap().body["components"][0],
        json!({"type": "HEADER", "format": "TEXT", "text": "Your stay"})
    );
    let mut t = template();
    t.examples.clear();
    assert_eq!(
        template_creation_body(&t).unwrap_err().code(),
        ErrorCode::TemplateInvalid
    );
}

fn send() -> TemplateSend {
    TemplateSend {
        to: "15551234567".into(),
        template_name: "stay_feedback".into(),
        language: "en_US".into(),
        button_index: 0,
        flow_token: Some("tok-123".into()),
        flow_action_data: Some([("city".to_owned(), json!("Lisbon"))].into_iter().collect()),
        body_parameters: vec!["Ana".into(), "Casa Azul".into()],
    }
}

#[test]
fn send_body_matches_the_cloud_api_shape() {
    let v = template_send_body(&send()).unwrap();
    assert_eq!(
        v,
        json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "15551234567",
            "type": "template",
            "template": {
                "name": "stay_feedback",
                "language": {"code": "en_US"},
                "components": [
                    {"type": "body", "parameters": [{"type": "text", "text": "Ana"}, {"type": "text", "text": "Casa Azul"}]},
                    {"type": "button", "sub_type": "flow", "index": "0", "parameters": [
                        {"type": "action", "action": {"flow_token": "tok-123", "flow_action_data": {"city": "Lisbon"}}}
                    ]}
                ]
            }
        })
    );
    let bare = TemplateSend {
        flow_token: None,
        flow_action_data: None,
        body_parameters: vec![],
        button_index: 9,
        ..send()
    };
    let v = template_send_body(&bare).unwrap();
    assert_eq!(
        v["template"]["components"],
        json!([{"type": "button", "sub_type": "flow", "index": "9", "parameters": [{"type": "action", "action": {}}]}])
    );
}

#[test]
fn send_body_limits() {
    let code = |s: TemplateSend| template_send_body(&s).map(|_| ()).map_err(|e| e.code());
    assert_eq!(
        code(TemplateSend {
            button_index: 10,
            ..send()
        }),
        Err(ErrorCode::MessageLimitExceeded)
    );
    assert_eq!(
        code(TemplateSend {
            to: String::new(),
            ..send()
        }),
        Err(ErrorCode::MessageInvalidField)
    );
    assert_eq!(
        code(TemplateSend {
            to: "1555 123".into(),
            ..send()
        }),
        Err(ErrorCode::MessageInvalidField)
    );
    assert_eq!(
        code(TemplateSend {
            to: "US.13491208655302741918".into(),
            ..send()
        }),
        Ok(())
    );
    assert_eq!(
        code(TemplateSend {
            template_name: "Bad".into(),
            ..send()
        }),
        Err(ErrorCode::MessageInvalidField)
    );
    assert_eq!(
        code(TemplateSend {
            template_name: "a".repeat(512),
            ..send()
        }),
        Ok(())
    );
    assert_eq!(
        code(TemplateSend {
            template_name: "a".repeat(513),
            ..send()
        }),
        Err(ErrorCode::MessageLimitExceeded)
    );
    assert_eq!(
        code(TemplateSend {
            language: "english".into(),
            ..send()
        }),
        Err(ErrorCode::MessageInvalidField)
    );
    assert_eq!(
        code(TemplateSend {
            flow_token: Some(String::new()),
            ..send()
        }),
        Err(ErrorCode::MessageInvalidField)
    );
    assert_eq!(
        code(TemplateSend {
            flow_token: Some("a\nb".into()),
            ..send()
        }),
        Err(ErrorCode::MessageInvalidField)
    );
    assert_eq!(
        code(TemplateSend {
            flow_action_data: Some(Map::new()),
            ..send()
        }),
        Err(ErrorCode::MessageInvalidField)
    );
    for (p, want) in [
        ("x".repeat(MAX_BODY_PARAMETER), Ok(())),
        (
            "x".repeat(MAX_BODY_PARAMETER + 1),
            Err(ErrorCode::MessageLimitExceeded),
        ),
        (String::new(), Err(ErrorCode::MessageInvalidField)),
        ("a\nb".into(), Err(ErrorCode::MessageInvalidField)),
        ("a\tb".into(), Err(ErrorCode::MessageInvalidField)),
        ("a    b".into(), Ok(())),
        ("a     b".into(), Err(ErrorCode::MessageInvalidField)),
    ] {
        assert_eq!(
            code(TemplateSend {
                body_parameters: vec![p.clone()],
                ..send()
            }),
            want,
            "{p:?}"
        );
    }
}

#[test]
fn send_parameters_come_from_the_profile() {
    let c = template_creation_body(&template()).unwrap();
    let profile: BTreeMap<String, String> = [("user.name", "Rui"), ("stay.hotel", "Solar")]
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    let s = TemplateSend {
        body_parameters: vec![],
        ..send()
    }
    .with_profile(&c.parameters, &profile, MissingValue::Error)
    .unwrap();
    assert_eq!(s.body_parameters, ["Rui", "Solar"]);
    let partial: BTreeMap<String, String> = [("user.name".to_owned(), "Rui".to_owned())]
        .into_iter()
        .collect();
    let e = send()
        .with_profile(&c.parameters, &partial, MissingValue::Error)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::TemplateVariableMissing);
}

#[test]
fn send_json_form_parses() {
    let s = TemplateSend::from_json(br#"{"to":"1","template_name":"t","language":"en"}"#).unwrap();
    assert_eq!((s.button_index, s.flow_token), (0, None));
    for bad in [
        &br#"{"to":"1"}"#[..],
        br#"{"to":"1","template_name":"t","language":"en","button_index":300}"#,
        br#"{"to":"1","template_name":"t","language":"en","x":1}"#,
    ] {
        assert_eq!(
            TemplateSend::from_json(bad).unwrap_err().code(),
            ErrorCode::MessageInvalidField
        );
    }
}

fn message() -> FlowMessage {
    FlowMessage {
        to: "15551234567".into(),
        header: Some("Your stay".into()),
        body: "Tell us how it went".into(),
        footer: Some("Takes 1 minute".into()),
        flow_id: Some("1234567890".into()),
        flow_cta: "Give feedback".into(),
        flow_token: Some("tok-123".into()),
        screen: Some("WELCOME".into()),
        data: Some([("name".to_owned(), json!("Ana"))].into_iter().collect()),
        ..FlowMessage::default()
    }
}

#[test]
fn flow_message_matches_the_cloud_api_shape() {
    let v = flow_message(&message()).unwrap();
    assert_eq!(
        v,
        json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "15551234567",
            "type": "interactive",
            "interactive": {
                "type": "flow",
                "header": {"type": "text", "text": "Your stay"},
                "body": {"text": "Tell us how it went"},
                "footer": {"text": "Takes 1 minute"},
                "action": {"name": "flow", "parameters": {
                    "flow_message_version": "3",
                    "flow_token": "tok-123",
                    "flow_id": "1234567890",
                    "flow_cta": "Give feedback",
                    "mode": "published",
                    "flow_action": "navigate",
                    "flow_action_payload": {"screen": "WELCOME", "data": {"name": "Ana"}}
                }}
            }
        })
    );
    let s = flow_message(&FlowMessage {
        data_encoding: DataEncoding::String,
        ..message()
    })
    .unwrap();
    assert_eq!(
        s["interactive"]["action"]["parameters"]["flow_action_payload"]["data"],
        json!("{\"name\":\"Ana\"}")
    );
}

#[test]
fn flow_message_variants() {
    let m = FlowMessage {
        header: None,
        footer: None,
        flow_id: None,
        flow_name: Some("stay feedback".into()),
        flow_token: None,
        mode: Mode::Draft,
        flow_action: FlowAction::DataExchange,
        screen: None,
        data: None,
        ..message()
    };
    let v = flow_message(&m).unwrap();
    assert_eq!(
        v["interactive"],
        json!({
            "type": "flow",
            "body": {"text": "Tell us how it went"},
            "action": {"name": "flow", "parameters": {
                "flow_message_version": "3", "flow_name": "stay feedback", "flow_cta": "Give feedback",
                "mode": "draft", "flow_action": "data_exchange"
            }}
        })
    );
    let nav = flow_message(&FlowMessage {
        screen: None,
        data: None,
        ..message()
    })
    .unwrap();
    assert!(
        nav["interactive"]["action"]["parameters"]
            .get("flow_action_payload")
            .is_none()
    );
}

#[test]
fn flow_message_limits_on_both_sides() {
    let code = |m: FlowMessage| flow_message(&m).map(|_| ()).map_err(|e| e.code());
    let lim = ErrorCode::MessageLimitExceeded;
    let inv = ErrorCode::MessageInvalidField;
    assert_eq!(
        code(FlowMessage {
            flow_cta: "é".repeat(20),
            ..message()
        }),
        Ok(())
    );
    assert_eq!(
        code(FlowMessage {
            flow_cta: "é".repeat(21),
            ..message()
        }),
        Err(lim)
    );
    assert_eq!(
        code(FlowMessage {
            flow_cta: String::new(),
            ..message()
        }),
        Err(inv)
    );
    assert_eq!(
        code(FlowMessage {
            flow_cta: " ".into(),
            ..message()
        }),
        Err(inv)
    );
    for emoji in ["Book 📅", "Go 👍🏽", "⭐ Rate", "🇵🇹", "Call ☎️", "1️⃣"] {
        assert_eq!(
            code(FlowMessage {
                flow_cta: emoji.into(),
                ..message()
            }),
            Err(inv),
            "{emoji}"
        );
    }
    for fine in ["Réserver", "予約する", "Book (2) - now!", "© Shop"] {
        assert_eq!(
            code(FlowMessage {
                flow_cta: fine.into(),
                ..message()
            }),
            Ok(()),
            "{fine}"
        );
    }
    assert_eq!(
        code(FlowMessage {
            header: Some("h".repeat(60)),
            ..message()
        }),
        Ok(())
    );
    assert_eq!(
        code(FlowMessage {
            header: Some("h".repeat(61)),
            ..message()
        }),
        Err(lim)
    );
    assert_eq!(
        code(FlowMessage {
            body: "b".repeat(1024),
            ..message()
        }),
        Ok(())
    );
    assert_eq!(
        code(FlowMessage {
            body: "b".repeat(1025),
            ..message()
        }),
        Err(lim)
    );
    assert_eq!(
        code(FlowMessage {
            body: String::new(),
            ..message()
        }),
        Err(inv)
    );
    assert_eq!(
        code(FlowMessage {
            footer: Some("f".repeat(60)),
            ..message()
        }),
        Ok(())
    );
    assert_eq!(
        code(FlowMessage {
            footer: Some("f".repeat(61)),
            ..message()
        }),
        Err(lim)
    );
    assert_eq!(
        code(FlowMessage {
            footer: Some(String::new()),
            ..message()
        }),
        Err(inv)
    );
}

#[test]
fn flow_message_field_rules() {
    let code = |m: FlowMessage| flow_message(&m).map(|_| ()).map_err(|e| e.code());
    let inv = Err(ErrorCode::MessageInvalidField);
    assert_eq!(
        code(FlowMessage {
            flow_name: Some("x".into()),
            ..message()
        }),
        inv
    );
    assert_eq!(
        code(FlowMessage {
            flow_id: None,
            ..message()
        }),
        inv
    );
    assert_eq!(
        code(FlowMessage {
            flow_id: Some("abc".into()),
            ..message()
        }),
        inv
    );
    assert_eq!(
        code(FlowMessage {
            flow_id: None,
            flow_name: Some(" ".into()),
            ..message()
        }),
        inv
    );
    assert_eq!(
        code(FlowMessage {
            flow_token: Some(String::new()),
            ..message()
        }),
        inv
    );
    assert_eq!(
        code(FlowMessage {
            data: Some(Map::new()),
            ..message()
        }),
        inv
    );
    assert_eq!(
        code(FlowMessage {
            screen: Some(String::new()),
            ..message()
        }),
        inv
    );
    assert_eq!(
        code(FlowMessage {
            screen: Some("SUCCESS".into()),
            ..message()
        }),
        inv
    );
    assert_eq!(
        code(FlowMessage {
            flow_action: FlowAction::DataExchange,
            ..message()
        }),
        inv
    );
    assert_eq!(
        code(FlowMessage {
            flow_action: FlowAction::DataExchange,
            screen: None,
            ..message()
        }),
        inv
    );
    assert_eq!(
        code(FlowMessage {
            to: "a b".into(),
            ..message()
        }),
        inv
    );
}

#[test]
fn flow_message_json_form() {
    let m = FlowMessage::from_json(
        br#"{"to":"1","body":"b","flow_id":"2","flow_cta":"Go","mode":"draft","flow_action":"navigate","screen":"A","data":{"k":1},"data_encoding":"string"}"#,
    )
    .unwrap();
    assert_eq!(
        (m.mode, m.data_encoding),
        (Mode::Draft, DataEncoding::String)
    );
    for bad in [
        &br#"{"to":"1","body":"b","flow_cta":"Go","mode":"live"}"#[..],
        br#"{"to":"1","body":"b","flow_cta":"Go","flow_action":"complete"}"#,
        br#"{"to":"1","body":"b","flow_cta":"Go","extra":true}"#,
        br#"{"to":"1","body":"b","flow_cta":"Go","data":[1]}"#,
        b"null",
    ] {
        assert_eq!(
            FlowMessage::from_json(bad).unwrap_err().code(),
            ErrorCode::MessageInvalidField
        );
    }
}
