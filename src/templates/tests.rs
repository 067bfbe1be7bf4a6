use super::*;

const FLOW: &str = r#"{
  "version": "7.3",
  "routing_model": {"WELCOME": ["DETAILS"], "DETAILS": ["DONE"], "DONE": [], "PROMO": ["DETAILS"]},
  "screens": [
    {"id": "WELCOME", "layout": {}},
    {"id": "DETAILS", "layout": {}},
    {"id": "DONE", "terminal": true, "layout": {}},
    {"id": "PROMO", "layout": {}}
  ]
}"#;

const STATIC_FLOW: &str = r#"{"version": "7.3", "screens": [{"id": "FIRST"}, {"id": "SECOND"}]}"#;

fn template() -> Template {
    Template {
        name: "stay_feedback".into(),
        language: "en_US".into(),
        category: "MARKETING".into(),
        header: None,
        body: "Hi {{user.name}}, how was your stay?".into(),
        footer: Some("Reply STOP to opt out".into()),
        button: FlowButton {
            text: "Give feedback".into(),
            flow_id: "1234567890".into(),
            flow_action: "navigate".into(),
            navigate_screen: Some("WELCOME".into()),
            icon: None,
        },
        examples: [("user.name".to_owned(), "Ana".to_owned())]
            .into_iter()
            .collect(),
    }
}

fn codes(r: &TemplateReport) -> Vec<&'static str> {
    r.problems.iter().map(|p| p.code.as_str()).collect()
}

fn check(t: &Template) -> TemplateReport {
    validate_template(t, FlowStatus::Published, Some(FLOW.as_bytes()))
}

#[test]
fn a_good_template_has_no_problems() {
    let r = check(&template());
    assert!(r.ok(), "{r}");
    assert!(r.problems.is_empty(), "{r}");
    assert_eq!(r.to_json().unwrap(), r#"{"ok":true,"problems":[]}"#);
}

#[test]
fn text_limits_on_both_sides() {
    type Set = fn(&mut Template, String);
    let cases: [(Set, usize, &str); 5] = [
        (|t, s| t.name = s, MAX_NAME, "name_too_long"),
        (|t, s| t.body = s, MAX_BODY, "body_too_long"),
        (|t, s| t.footer = Some(s), MAX_FOOTER, "footer_too_long"),
        (
            |t, s| t.button.text = s,
            MAX_BUTTON_TEXT,
            "button_text_too_long",
        ),
        (
            |t, s| {
                t.header = Some(Header {
                    kind: "text".into(),
                    text: Some(s),
                    mime_type: None,
                    size_bytes: None,
                    sample_handle: None,
                })
            },
            MAX_HEADER_TEXT,
            "header_text_too_long",
        ),
    ];
    for (set, max, code) in cases {
        // Multi-byte characters: limits count characters, not bytes.
        let fill = if code == "name_too_long" { "a" } else { "é" };
        let mut t = template();
        set(&mut t, fill.repeat(max));
        let r = check(&t);
        assert!(r.ok(), "{code} at the limit: {r}");
        let mut t = template();
        set(&mut t, fill.repeat(max + 1));
        let r = check(&t);
        assert_eq!(codes(&r), [code], "{code} over the limit");
        assert!(!r.ok());
    }
}

#[test]
fn empty_texts_are_reported() {
    let mut t = template();
    t.name = String::new();
    t.body = "  ".into();
    t.footer = Some(String::new());
    t.button.text = String::new();
    let r = check(&t);
    assert_eq!(
        codes(&r),
        [
            "name_missing",
            "body_missing",
            "footer_empty",
            "button_text_missing"
        ]
    );
}

#[test]
fn name_language_category_and_icon() {
    for (name, ok) in [
        ("order_2", true),
        ("Order", false),
        ("order-2", false),
        ("ordér", false),
    ] {
        let mut t = template();
        t.name = name.into();
        assert_eq!(check(&t).ok(), ok, "{name}");
    }
    for (lang, ok) in [
        ("en", true),
        ("en_US", true),
        ("fil", true),
        ("EN", false),
        ("en_us", false),
        ("en-US", false),
        ("", false),
    ] {
        let mut t = template();
        t.language = lang.into();
        assert_eq!(check(&t).ok(), ok, "{lang}");
    }
    for (cat, ok) in [
        ("MARKETING", true),
        ("Utility", true),
        ("AUTHENTICATION", false),
        ("", false),
    ] {
        let mut t = template();
        t.category = cat.into();
        let r = check(&t);
        assert_eq!(r.ok(), ok, "{cat}");
        assert_eq!(r.has(ProblemCode::CategoryInvalid), !ok);
    }
    for (icon, ok) in [
        ("DOCUMENT", true),
        ("PROMOTION", true),
        ("REVIEW", true),
        ("review", false),
        ("STAR", false),
    ] {
        let mut t = template();
        t.button.icon = Some(icon.into());
        assert_eq!(check(&t).ok(), ok, "{icon}");
    }
}

fn media(kind: &str, mime: &str, size: u64) -> Header {
    Header {
        kind: kind.into(),
        text: None,
        mime_type: Some(mime.into()),
        size_bytes: Some(size),
        sample_handle: Some("4::aW1hZ2U=".into()),
    }
}

#[test]
fn media_headers_on_both_sides_of_each_limit() {
    let cases = [
        ("image", "image/png", MAX_IMAGE_BYTES),
        ("image", "image/jpeg", MAX_IMAGE_BYTES),
        ("image", "image/jpg", MAX_IMAGE_BYTES),
        ("video", "video/mp4", MAX_VIDEO_BYTES),
        ("document", "application/pdf", MAX_DOCUMENT_BYTES),
    ];
    for (kind, mime, max) in cases {
        for (size, ok) in [(1, true), (max, true), (max + 1, false), (0, false)] {
            let mut t = template();
            t.header = Some(media(kind, mime, size));
            let r = check(&t);
            assert_eq!(r.ok(), ok, "{kind} {mime} {size}: {r}");
        }
    }
    assert_eq!(MAX_IMAGE_BYTES, 5_242_880);
    assert_eq!(MAX_VIDEO_BYTES, 16_777_216);
}

#[test]
fn media_types_and_samples() {
    for (kind, mime, ok) in [
        ("image", "IMAGE/PNG", true),
        ("image", "image/png; charset=binary", true),
        ("image", "image/gif", false),
        ("image", "image/webp", false),
        ("video", "video/3gpp", false),
        ("video", "video/quicktime", false),
        ("document", "application/msword", false),
        ("document", "image/png", false),
    ] {
        let mut t = template();
        t.header = Some(media(kind, mime, 100));
        let r = check(&t);
        assert_eq!(r.ok(), ok, "{kind} {mime}");
        assert_eq!(r.has(ProblemCode::MediaTypeUnsupported), !ok);
    }
    let mut t = template();
    let mut h = media("image", "image/png", 100);
    h.sample_handle = None;
    t.header = Some(h);
    assert_eq!(codes(&check(&t)), ["sample_missing"]);
    let mut h = media("video", "video/mp4", 100);
    h.sample_handle = Some(" ".into());
    h.mime_type = None;
    h.size_bytes = None;
    t.header = Some(h);
    assert_eq!(
        codes(&check(&t)),
        [
            "media_type_unsupported",
            "media_size_missing",
            "sample_missing"
        ]
    );
}

#[test]
fn location_and_unknown_headers() {
    let loc = Header {
        kind: "location".into(),
        text: None,
        mime_type: None,
        size_bytes: None,
        sample_handle: None,
    };
    let mut t = template();
    t.header = Some(loc.clone());
    assert!(check(&t).ok());
    t.header = Some(Header {
        size_bytes: Some(3),
        ..loc.clone()
    });
    assert_eq!(codes(&check(&t)), ["header_field_unexpected"]);
    t.header = Some(Header {
        kind: "audio".into(),
        ..loc
    });
    assert_eq!(codes(&check(&t)), ["header_type_invalid"]);
}

#[test]
fn landing_screen_must_be_an_entry_screen() {
    for (screen, want) in [
        (Some("WELCOME"), vec![]),
        (Some("PROMO"), vec![]),
        (Some("DETAILS"), vec!["landing_screen_not_entry"]),
        (Some("DONE"), vec!["landing_screen_not_entry"]),
        (Some("NOPE"), vec!["landing_screen_unknown"]),
        (None, vec!["landing_screen_missing"]),
        (Some(""), vec!["landing_screen_missing"]),
    ] {
        let mut t = template();
        t.button.navigate_screen = screen.map(str::to_owned);
        assert_eq!(codes(&check(&t)), want, "{screen:?}");
    }
    let mut t = template();
    t.button.navigate_screen = Some("DETAILS".into());
    let r = check(&t);
    assert!(r.problems[0].message.contains("PROMO, WELCOME"), "{r}");
}

#[test]
fn without_routing_model_only_the_first_screen_is_an_entry() {
    let mut t = template();
    t.button.navigate_screen = Some("FIRST".into());
    assert!(validate_template(&t, FlowStatus::Published, Some(STATIC_FLOW.as_bytes())).ok());
    t.button.navigate_screen = Some("SECOND".into());
    let r = validate_template(&t, FlowStatus::Published, Some(STATIC_FLOW.as_bytes()));
    assert_eq!(codes(&r), ["landing_screen_not_entry"]);
    let empty_model = r#"{"routing_model": {}, "screens": [{"id": "FIRST"}, {"id": "SECOND"}]}"#;
    let r = validate_template(&t, FlowStatus::Published, Some(empty_model.as_bytes()));
    assert_eq!(codes(&r), ["landing_screen_not_entry"]);
}

#[test]
fn static_flows_take_their_entry_screens_from_navigate_actions() {
    // No routing model: Meta generates it from the navigate actions (A → B, C → B), so A and C
    // are entry screens and B is not.
    let nav = |to: &str| {
        format!(
            r#"{{"type": "SingleColumnLayout", "children": [{{"type": "Footer", "label": "Go",
               "on-click-action": {{"name": "navigate", "next": {{"type": "screen", "name": "{to}"}}}}}}]}}"#
        )
    };
    let flow = format!(
        r#"{{"version": "7.3", "screens": [{{"id": "A", "layout": {}}}, {{"id": "B", "terminal": true}},
            {{"id": "C", "layout": {}}}]}}"#,
        nav("B"),
        nav("B")
    );
    for (screen, want) in [
        ("A", vec![]),
        ("C", vec![]),
        ("B", vec!["landing_screen_not_entry"]),
    ] {
        let mut t = template();
        t.button.navigate_screen = Some(screen.into());
        let r = validate_template(&t, FlowStatus::Published, Some(flow.as_bytes()));
        assert_eq!(codes(&r), want, "{screen}: {r}");
        if screen == "B" {
            assert!(r.problems[0].message.contains("entry screens: A, C"), "{r}");
        }
    }
    // A routing model that lists screens but no route opens on the first screen only.
    let no_routes = r#"{"routing_model": {"FIRST": [], "SECOND": []}, "screens": [{"id": "FIRST"}, {"id": "SECOND"}]}"#;
    let mut t = template();
    t.button.navigate_screen = Some("SECOND".into());
    let r = validate_template(&t, FlowStatus::Published, Some(no_routes.as_bytes()));
    assert_eq!(codes(&r), ["landing_screen_not_entry"]);
}

#[test]
fn unreadable_or_hostile_flow_json_is_a_problem_not_a_panic() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let huge = vec![b' '; MAX_FLOW_JSON_BYTES + 1];
    let inputs: [&[u8]; 8] = [
        b"",
        b"not json",
        b"{\"screens\": 3}",
        b"{\"screens\": []}",
        b"{\"screens\": [{\"id\": 7}]}",
        b"\xff\xfe",
        deep.as_bytes(),
        &huge,
    ];
    for input in inputs {
        let r = validate_template(&template(), FlowStatus::Published, Some(input));
        assert_eq!(
            codes(&r),
            ["flow_json_unreadable"],
            "{:?}",
            String::from_utf8_lossy(&input[..input.len().min(20)])
        );
    }
    // Odd but readable routing models do not panic either.
    let odd = br#"{"routing_model": {"WELCOME": "DETAILS", "X": [1, null]}, "screens": [{"id": "WELCOME"}]}"#;
    assert!(validate_template(&template(), FlowStatus::Published, Some(odd)).ok());
}

#[test]
fn flow_json_size_limit_on_both_sides() {
    let mut at_limit = FLOW.as_bytes().to_vec();
    at_limit.resize(MAX_FLOW_JSON_BYTES, b' ');
    assert!(validate_template(&template(), FlowStatus::Published, Some(&at_limit)).ok());
    at_limit.push(b' ');
    let r = validate_template(&template(), FlowStatus::Published, Some(&at_limit));
    assert_eq!(codes(&r), ["flow_json_unreadable"]);
}

#[test]
fn landing_screen_unchecked_without_flow_json_is_a_warning() {
    let r = validate_template(&template(), FlowStatus::Published, None);
    assert!(r.ok());
    assert_eq!(codes(&r), ["landing_screen_unchecked"]);
    assert_eq!(r.problems[0].severity, Severity::Warning);
}

#[test]
fn data_exchange_buttons_have_no_landing_screen() {
    let mut t = template();
    t.button.flow_action = "data_exchange".into();
    assert_eq!(codes(&check(&t)), ["landing_screen_not_allowed"]);
    t.button.navigate_screen = None;
    assert!(check(&t).problems.is_empty());
    t.button.flow_action = "complete".into();
    assert_eq!(codes(&check(&t)), ["flow_action_invalid"]);
}

#[test]
fn only_published_flows_can_be_attached() {
    for &s in FlowStatus::ALL {
        let r = validate_template(&template(), s, Some(FLOW.as_bytes()));
        assert_eq!(r.ok(), s == FlowStatus::Published, "{s}");
        assert_eq!(
            r.has(ProblemCode::FlowNotPublished),
            s != FlowStatus::Published
        );
    }
    let r = validate_template(&template(), FlowStatus::Deprecated, Some(FLOW.as_bytes()));
    assert!(r.problems[0].message.contains("Deprecated"), "{r}");
    let r = validate_template(&template(), FlowStatus::Draft, Some(FLOW.as_bytes()));
    assert!(r.problems[0].message.contains("publish it"), "{r}");
}

#[test]
fn flow_ids_are_digits() {
    for (id, ok) in [
        ("1", true),
        ("1234567890123456", true),
        ("", false),
        ("12a", false),
        ("-1", false),
        (&"9".repeat(33)[..], false),
    ] {
        let mut t = template();
        t.button.flow_id = id.into();
        assert_eq!(check(&t).ok(), ok, "{id}");
    }
}

#[test]
fn variables_are_checked_everywhere() {
    let mut t = template();
    t.body = "Hi {{user.name}} {{user.city}}".into();
    assert_eq!(codes(&check(&t)), ["variable_example_missing"]);
    t.body = "Hi {{user name}}".into();
    assert_eq!(codes(&check(&t)), ["variable_syntax"]);
    let mut t = template();
    t.footer = Some("Bye {{user.name}}".into());
    t.button.text = "Go {{user.name}}".into();
    let r = check(&t);
    assert!(r.ok(), "{r}");
    assert_eq!(
        codes(&r),
        [
            "variable_not_parameterizable",
            "variable_not_parameterizable"
        ]
    );
    t.header = Some(Header {
        kind: "text".into(),
        text: Some("For {{user.name}}".into()),
        mime_type: None,
        size_bytes: None,
        sample_handle: None,
    });
    let r = check(&t);
    assert!(r.ok(), "{r}");
    assert_eq!(r.problems[0].field, "header.text");
    assert_eq!(r.problems[0].code, ProblemCode::VariableNotParameterizable);
    t.header = None;
    t.footer = Some("Bye {{".into());
    assert_eq!(
        codes(&check(&t)),
        ["variable_syntax", "variable_not_parameterizable"]
    );
}

#[test]
fn report_renders_one_line_per_problem() {
    let mut t = template();
    t.category = "AUTHENTICATION".into();
    t.button.text = String::new();
    let r = check(&t);
    let text = r.to_string();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.starts_with("category: error: "), "{text}");
    assert!(text.contains("[button_text_missing]"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&r.to_json().unwrap()).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["problems"][1]["field"], "button.text");
    assert_eq!(json["problems"][1]["severity"], "error");
}

#[test]
fn template_json_round_trips_and_rejects_bad_shapes() {
    let t = template();
    let json = serde_json::to_vec(&t).unwrap();
    assert_eq!(Template::from_json(&json), Ok(t));
    let minimal =
        br#"{"name":"a","category":"UTILITY","body":"b","button":{"text":"Go","flow_id":"1"}}"#;
    let m = Template::from_json(minimal).unwrap();
    assert_eq!(
        (m.language.as_str(), m.button.flow_action.as_str()),
        ("en_US", "navigate")
    );
    for bad in [&br#"{"name":"a"}"#[..], br#"{"name":"a","category":"UTILITY","body":"b","button":{"text":"Go","flow_id":"1"},"extra":1}"#, b"[]", b""] {
        assert_eq!(Template::from_json(bad).unwrap_err().code(), ErrorCode::InvalidArgument);
    }
}

#[test]
fn campaign_checks_say_what_to_do() {
    assert!(check_sendable(FlowStatus::Published).is_ok());
    for s in [
        FlowStatus::Draft,
        FlowStatus::Deprecated,
        FlowStatus::Throttled,
        FlowStatus::Blocked,
        FlowStatus::Deleted,
    ] {
        let e = check_sendable(s).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TemplateFlowNotPublished, "{s}");
        assert!(e.message().contains("no longer Published"), "{e}");
    }
    assert!(
        check_sendable(FlowStatus::Deprecated)
            .unwrap_err()
            .message()
            .contains("deprecated")
    );
    assert!(require_published_flow([FlowStatus::Draft, FlowStatus::Published]).is_ok());
    let e = require_published_flow([FlowStatus::Draft, FlowStatus::Deprecated]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TemplateNoPublishedFlow);
    assert!(e.message().contains("publish a flow first"), "{e}");
    assert!(require_published_flow([]).is_err());
}

#[test]
fn problem_codes_are_unique() {
    let names: BTreeSet<_> = ProblemCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(names.len(), ProblemCode::ALL.len());
}
