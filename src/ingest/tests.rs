use super::*;
use serde_json::json;

fn with(policy: Policy) -> Options {
    Options {
        policy,
        ..Options::default()
    }
}

fn codes(x: &Extraction) -> Vec<(&'static str, &str, Outcome)> {
    x.problems
        .iter()
        .map(|p| (p.code.as_str(), p.key.as_str(), p.outcome))
        .collect()
}

#[test]
fn extracts_event_profile_and_rest() {
    let payload = json!({
        "next_screen": "RATE",
        "ct-evt": {"evtName": "Stay Feedback", "evtData": {"rating": "5", "n": 3, "ok": true}},
        "ct-up": {"Name": "Jack", "Email": "jack@example.com", "Phone": "+14155551234", "Gender": "M"},
        "comment": "spotless"
    });
    let x = extract(&payload).unwrap();
    let ev = x.event.as_ref().unwrap();
    assert_eq!(ev.name, "Stay Feedback");
    assert_eq!(
        Value::Object(ev.data.clone()),
        json!({"rating": "5", "n": 3, "ok": true})
    );
    assert_eq!(x.profile.as_ref().unwrap().len(), 4);
    assert!(x.problems.is_empty(), "{:?}", x.problems);
    assert_eq!(
        Value::Object(x.rest.clone()),
        json!({"next_screen": "RATE", "comment": "spotless"})
    );
}

#[test]
fn accepts_blocks_given_as_json_strings() {
    let payload = json!({
        "ct-evt": "{\"evtName\":\"Signed Up\",\"evtData\":\"{\\\"plan\\\":\\\"gold\\\"}\"}",
        "ct-up": "{\"Customer Type\":\"Platinum\"}"
    });
    let x = extract(&payload).unwrap();
    assert_eq!(x.event.as_ref().unwrap().name, "Signed Up");
    assert_eq!(
        x.event.as_ref().unwrap().data.get("plan"),
        Some(&json!("gold"))
    );
    assert_eq!(
        x.profile.as_ref().unwrap().get("Customer Type"),
        Some(&json!("Platinum"))
    );
}

#[test]
fn rejects_non_object_payloads() {
    for v in [json!([]), json!("x"), json!(null), json!(1)] {
        let e = extract(&v).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidPayload);
    }
    assert_eq!(
        extract_json(b"{", &Options::default()).unwrap_err().code(),
        ErrorCode::InvalidPayload
    );
}

#[test]
fn record_level_problems_drop_the_record_with_its_content() {
    let cases: Vec<(Value, ProblemCode)> = vec![
        (
            json!({"ct-evt": {"evtData": {"a": "1"}}}),
            ProblemCode::EventNameMissing,
        ),
        (
            json!({"ct-evt": {"evtName": "  "}}),
            ProblemCode::EventNameMissing,
        ),
        (
            json!({"ct-evt": {"evtName": 5}}),
            ProblemCode::EventNameMissing,
        ),
        (
            json!({"ct-evt": {"evtName": "App Launched"}}),
            ProblemCode::EventNameRestricted,
        ),
        (
            json!({"ct-evt": {"evtName": "a.b"}}),
            ProblemCode::EventNameInvalidChars,
        ),
        (
            json!({"ct-evt": {"evtName": "x".repeat(513)}}),
            ProblemCode::EventNameTooLong,
        ),
        (
            json!({"ct-evt": ["evtName"]}),
            ProblemCode::InvalidStructure,
        ),
        (json!({"ct-evt": 7}), ProblemCode::InvalidStructure),
        (json!({"ct-evt": "not json"}), ProblemCode::InvalidJson),
        (json!({"ct-evt": "[1]"}), ProblemCode::InvalidStructure),
        (json!({"ct-up": true}), ProblemCode::InvalidStructure),
        (json!({"ct-up": "{bad"}), ProblemCode::InvalidJson),
    ];
    for (payload, code) in cases {
        let x = extract(&payload).unwrap();
        assert!(x.event.is_none() && x.profile.is_none(), "{payload}");
        assert_eq!(x.problems.len(), 1, "{payload}: {:?}", x.problems);
        let p = &x.problems[0];
        assert_eq!(p.code, code, "{payload}");
        assert_eq!(p.outcome, Outcome::RecordDropped);
        let block = payload
            .get("ct-evt")
            .or_else(|| payload.get("ct-up"))
            .unwrap();
        assert_eq!(
            p.value.as_ref(),
            Some(block),
            "the dropped block is carried"
        );
    }
}

#[test]
fn keep_and_warn_keeps_a_restricted_name_but_not_a_missing_one() {
    let x = extract_with(
        &json!({"ct-evt": {"evtName": "Stayed"}}),
        &with(Policy::KeepAndWarn),
    )
    .unwrap();
    assert_eq!(x.event.unwrap().name, "Stayed");
    assert_eq!(x.problems[0].outcome, Outcome::Kept);
    let x = extract_with(
        &json!({"ct-evt": {"evtData": {}}}),
        &with(Policy::KeepAndWarn),
    )
    .unwrap();
    assert!(x.event.is_none());
    assert_eq!(x.problems[0].outcome, Outcome::RecordDropped);
}

#[test]
fn field_problems_follow_the_policy() {
    let long = "v".repeat(513);
    let payload =
        json!({"ct-evt": {"evtName": "E", "evtData": {"good": "1", "bad": long, "n": null}}});
    // Default: drop the field.
    let x = extract(&payload).unwrap();
    let ev = x.event.as_ref().unwrap();
    assert_eq!(Value::Object(ev.data.clone()), json!({"good": "1"}));
    assert_eq!(
        codes(&x),
        vec![
            ("value_too_long", "bad", Outcome::FieldDropped),
            ("value_null", "n", Outcome::FieldDropped)
        ]
    );
    assert_eq!(x.problems[0].value, Some(json!(long)));
    assert_eq!(x.problems[0].pointer, "/ct-evt/evtData/bad");
    // Drop record.
    let x = extract_with(&payload, &with(Policy::DropRecord)).unwrap();
    assert!(x.event.is_none());
    assert!(
        x.problems
            .iter()
            .all(|p| p.outcome == Outcome::RecordDropped)
    );
    assert_eq!(x.problems[0].value.as_ref(), payload.get("ct-evt"));
    // Keep and warn.
    let x = extract_with(&payload, &with(Policy::KeepAndWarn)).unwrap();
    assert_eq!(x.event.as_ref().unwrap().data.len(), 3);
    assert!(
        x.problems
            .iter()
            .all(|p| p.outcome == Outcome::Kept && p.value.is_none())
    );
}

#[test]
fn key_and_value_limits() {
    let k121 = "k".repeat(121);
    let k120 = "k".repeat(120);
    let cases: Vec<(Value, Option<ProblemCode>)> = vec![
        (json!({k120.clone(): "x"}), None),
        (json!({k121.clone(): "x"}), Some(ProblemCode::KeyTooLong)),
        (json!({"": "x"}), Some(ProblemCode::KeyEmpty)),
        (json!({"a$b": "x"}), Some(ProblemCode::KeyInvalidChars)),
        (json!({"a": "é".repeat(256)}), None),
        (
            json!({"a": "é".repeat(257)}),
            Some(ProblemCode::ValueTooLong),
        ),
        (json!({"a": [1, 2, 3]}), None),
        (json!({"a": {"b": {"c": [1]}}}), None),
        (json!({"a": {"b": {"c": {"d": 1}}}}), None),
        (
            json!({"a": {"b": {"c": {"d": {"e": 1}}}}}),
            Some(ProblemCode::ValueUnsupported),
        ),
        (
            json!({"a": vec![1; 101]}),
            Some(ProblemCode::ValueUnsupported),
        ),
        (
            json!({"a": [{"s": "x".repeat(600)}]}),
            Some(ProblemCode::ValueTooLong),
        ),
    ];
    for (data, want) in cases {
        let x = extract(&json!({"ct-evt": {"evtName": "E", "evtData": data}})).unwrap();
        assert_eq!(x.problems.first().map(|p| p.code), want, "{data}");
        assert!(x.event.is_some());
    }
}

#[test]
fn more_than_100_properties_drops_the_excess() {
    let mut data = Map::new();
    for i in 0..105 {
        data.insert(format!("p{i:03}"), json!(i));
    }
    let x = extract(&json!({"ct-evt": {"evtName": "E", "evtData": data}})).unwrap();
    let ev = x.event.unwrap();
    assert_eq!(ev.data.len(), 100);
    assert_eq!(x.problems.len(), 5);
    assert!(
        x.problems
            .iter()
            .all(|p| p.code == ProblemCode::TooManyProperties)
    );
    assert_eq!(x.problems[0].key, "p100");
}

#[test]
fn profile_rules() {
    let cases: Vec<(&str, Value, Option<ProblemCode>)> = vec![
        ("Phone", json!("+14155551234"), None),
        (
            "Phone",
            json!("14155551234"),
            Some(ProblemCode::InvalidPhone),
        ),
        (
            "Phone",
            json!("+0123456789"),
            Some(ProblemCode::InvalidPhone),
        ),
        (
            "Phone",
            json!("+1 415 555"),
            Some(ProblemCode::InvalidPhone),
        ),
        (
            "Phone",
            json!(14155551234_i64),
            Some(ProblemCode::InvalidPhone),
        ),
        ("Gender", json!("F"), None),
        ("Gender", json!("female"), Some(ProblemCode::InvalidGender)),
        ("Email", json!("a@b.co"), None),
        ("Email", json!("a@b"), Some(ProblemCode::InvalidEmail)),
        ("Email", json!("a b@c.d"), Some(ProblemCode::InvalidEmail)),
        ("Email", json!(""), Some(ProblemCode::InvalidEmail)),
        (
            "Name",
            json!(["a"]),
            Some(ProblemCode::ReservedKeyNotScalar),
        ),
        (
            "Age",
            json!({"y": 1}),
            Some(ProblemCode::ReservedKeyNotScalar),
        ),
        ("Hobbies", json!(["chess", "go"]), None),
        (
            "Hobbies",
            json!(["chess", 1]),
            Some(ProblemCode::ValueUnsupported),
        ),
        (
            "Prefs",
            json!({"a": 1}),
            Some(ProblemCode::ValueUnsupported),
        ),
        ("Score", json!(9.5), None),
        ("Score", json!(null), Some(ProblemCode::ValueNull)),
    ];
    for (k, v, want) in cases {
        let x = extract(&json!({"ct-up": {k: v.clone(), "Keep": "me"}})).unwrap();
        assert_eq!(x.problems.first().map(|p| p.code), want, "{k}={v}");
        let profile = x.profile.unwrap();
        assert_eq!(profile.contains_key(k), want.is_none(), "{k}={v}");
        assert_eq!(profile.get("Keep"), Some(&json!("me")));
        if want.is_some() {
            assert_eq!(x.problems[0].value.as_ref(), Some(&v));
            assert_eq!(x.problems[0].outcome, Outcome::FieldDropped);
        }
    }
}

#[test]
fn subscription_strings_become_booleans_unless_disabled() {
    let p = json!({"ct-up": {"MSG-whatsapp": "True", "MSG-email": "false", "MSG-sms": "maybe"}});
    let x = extract(&p).unwrap();
    let prof = x.profile.unwrap();
    assert_eq!(prof.get("MSG-whatsapp"), Some(&json!(true)));
    assert_eq!(prof.get("MSG-email"), Some(&json!(false)));
    assert_eq!(prof.get("MSG-sms"), Some(&json!("maybe")));
    let opts = Options {
        coerce_subscription_booleans: false,
        ..Options::default()
    };
    let x = extract_with(&p, &opts).unwrap();
    assert_eq!(x.profile.unwrap().get("MSG-whatsapp"), Some(&json!("True")));
}

#[test]
fn unknown_ct_evt_keys_are_reported_not_lost() {
    for policy in [Policy::DropField, Policy::KeepAndWarn] {
        let x = extract_with(
            &json!({"ct-evt": {"evtName": "E", "extra": 1}}),
            &with(policy),
        )
        .unwrap();
        assert!(x.event.is_some());
        assert_eq!(x.problems[0].code, ProblemCode::UnknownKey);
        assert_eq!(x.problems[0].outcome, Outcome::FieldDropped);
        assert_eq!(x.problems[0].value, Some(json!(1)));
    }
}

#[test]
fn bad_evt_data_keeps_the_event_without_properties() {
    let x = extract(&json!({"ct-evt": {"evtName": "E", "evtData": [1]}})).unwrap();
    assert!(x.event.unwrap().data.is_empty());
    assert_eq!(x.problems[0].code, ProblemCode::InvalidStructure);
    assert_eq!(x.problems[0].outcome, Outcome::FieldDropped);
    assert_eq!(x.problems[0].value, Some(json!([1])));
}

#[test]
fn empty_profile_gives_no_record() {
    let x = extract(&json!({"ct-up": {}})).unwrap();
    assert!(x.is_empty());
}

#[test]
fn records_need_an_identity() {
    let x = extract(&json!({"ct-evt": {"evtName": "E"}, "ct-up": {"Name": "N"}})).unwrap();
    let (r, p) = x.records(Some("u1"), Some(1_700_000_000));
    assert_eq!(r.len(), 2);
    assert_eq!(
        r[0].to_json(),
        json!({"type": "event", "identity": "u1", "ts": 1_700_000_000, "evtName": "E", "evtData": {}})
    );
    assert_eq!(
        r[1].to_json(),
        json!({"type": "profile", "identity": "u1", "ts": 1_700_000_000, "profileData": {"Name": "N"}})
    );
    assert!(p.is_empty());
    for id in [None, Some(""), Some("  ")] {
        let (r, p) = x.records(id, None);
        assert!(r.is_empty());
        assert_eq!(p.len(), 2);
        assert!(
            p.iter()
                .all(|p| p.code == ProblemCode::MissingIdentity && p.value.is_some())
        );
    }
}

#[test]
fn upload_bodies_hold_at_most_1000_records() {
    let rec = Record::Event {
        identity: "u".into(),
        ts: None,
        evt_name: "E".into(),
        evt_data: Map::new(),
    };
    assert!(upload_bodies(&[]).is_empty());
    let bodies = upload_bodies(&vec![rec; 2501]);
    let sizes: Vec<usize> = bodies
        .iter()
        .map(|b| {
            serde_json::from_str::<Value>(b).unwrap()["d"]
                .as_array()
                .unwrap()
                .len()
        })
        .collect();
    assert_eq!(sizes, vec![1000, 1000, 501]);
}

#[test]
fn upload_bodies_from_json_checks_records() {
    let ok = br#"[{"type":"event","identity":"u","evtName":"E","evtData":{}},{"type":"profile","objectId":"o","profileData":{}}]"#;
    let b = upload_bodies_from_json(ok).unwrap();
    assert_eq!(b.len(), 1);
    assert!(b[0].starts_with("{\"d\":["));
    for bad in [
        &b"{}"[..],
        b"[1]",
        br#"[{"type":"event","evtName":"E"}]"#,
        br#"[{"type":"other","identity":"u"}]"#,
        br#"[{"type":"profile","identity":"u"}]"#,
        b"nope",
    ] {
        assert_eq!(
            upload_bodies_from_json(bad).unwrap_err().code(),
            ErrorCode::InvalidRecord
        );
    }
}

#[test]
fn policy_names_round_trip() {
    for p in [Policy::DropRecord, Policy::DropField, Policy::KeepAndWarn] {
        assert_eq!(Policy::parse(p.as_str()).unwrap(), p);
    }
    assert_eq!(
        Policy::parse("x").unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
}

#[test]
fn problem_catalogue_names_are_unique() {
    let names: std::collections::HashSet<_> = ProblemCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(names.len(), ProblemCode::ALL.len());
    assert_eq!(ProblemCode::InvalidPhone.clevertap_code(), Some(516));
}

#[test]
fn hostile_nesting_is_an_error_or_a_problem_never_a_panic() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(extract_json(deep.as_bytes(), &Options::default()).is_err());
    let inner = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let payload = json!({"ct-evt": inner.clone(), "ct-up": inner});
    let x = extract(&payload).unwrap();
    assert_eq!(x.problems.len(), 2);
    assert!(
        x.problems
            .iter()
            .all(|p| p.code == ProblemCode::InvalidJson)
    );
}
