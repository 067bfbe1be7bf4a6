//! Templates against the fixtures in `tests/fixtures/templates/`.

use std::collections::BTreeMap;

use serde_json::Value;
use waflows::ErrorCode;
use waflows::lifecycle::FlowStatus;
use waflows::templates::variables::{MissingValue, render, variable_names};
use waflows::templates::{Template, check_sendable, require_published_flow, validate_template};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/templates/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_sample_template_is_valid_against_its_flow() {
    let t = Template::from_json(&fixture("stay_feedback.json")).expect("template");
    let flow = fixture("flow.json");
    let r = validate_template(&t, FlowStatus::Published, Some(&flow));
    assert!(r.ok(), "{r}");
    assert!(r.problems.is_empty(), "{r}");
    // The same template attached to a deprecated flow cannot be submitted.
    let r = validate_template(&t, FlowStatus::Deprecated, Some(&flow));
    assert!(!r.ok());
}

#[test]
fn the_broken_template_reports_every_problem_in_field_order() {
    let t = Template::from_json(&fixture("broken.json")).expect("template");
    let r = validate_template(&t, FlowStatus::Draft, Some(&fixture("flow.json")));
    let got: Value = serde_json::from_str(&r.to_json().unwrap()).expect("json");
    let want: Value = serde_json::from_slice(&fixture("broken.expected.json")).expect("json");
    assert_eq!(got["ok"], want["ok"]);
    let strip = |v: &Value| -> Vec<(String, String, String)> {
        v["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .map(|p| {
                assert!(
                    p.get("message")
                        .is_none_or(|m| !m.as_str().unwrap_or("").is_empty())
                );
                (
                    p["code"].to_string(),
                    p["severity"].to_string(),
                    p["field"].to_string(),
                )
            })
            .collect()
    };
    assert_eq!(strip(&got), strip(&want), "{r}");
    // Deterministic: the same input gives byte-identical reports.
    let again = validate_template(&t, FlowStatus::Draft, Some(&fixture("flow.json")));
    assert_eq!(again.to_json().unwrap(), r.to_json().unwrap());
}

#[test]
fn personalization_renders_from_a_profile() {
    let t = Template::from_json(&fixture("stay_feedback.json")).expect("template");
    assert_eq!(
        variable_names(&t.body).expect("syntax"),
        ["user.name", "stay.hotel"]
    );
    let profile: BTreeMap<String, String> = [("user.name".to_owned(), "Rui".to_owned())]
        .into_iter()
        .collect();
    assert_eq!(
        render(&t.body, &profile, MissingValue::Error)
            .unwrap_err()
            .code(),
        ErrorCode::TemplateVariableMissing
    );
    assert_eq!(
        render(&t.body, &profile, MissingValue::Empty).expect("render"),
        "Hi Rui, thanks for staying at . Tell us how it went!"
    );
}

#[test]
fn campaign_checks() {
    assert!(check_sendable(FlowStatus::Published).is_ok());
    let e = check_sendable(FlowStatus::Deprecated).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TemplateFlowNotPublished);
    assert_eq!(
        require_published_flow([FlowStatus::Draft])
            .unwrap_err()
            .code(),
        ErrorCode::TemplateNoPublishedFlow
    );
}

#[test]
fn hostile_templates_never_panic() {
    let flow = fixture("flow.json");
    let texts = [
        String::new(),
        "{{".repeat(10_000),
        "}}".repeat(10_000),
        "{{a}}".repeat(10_000),
        format!("{{{{{}}}}}", "a.".repeat(5_000)),
        "\u{0}\u{FEFF}\u{202E}".repeat(100),
        "é".repeat(100_000),
    ];
    for text in &texts {
        let t = Template {
            name: text.clone(),
            language: text.clone(),
            category: text.clone(),
            header: None,
            body: text.clone(),
            footer: Some(text.clone()),
            button: waflows::templates::FlowButton {
                text: text.clone(),
                flow_id: text.clone(),
                flow_action: text.clone(),
                navigate_screen: Some(text.clone()),
                icon: Some(text.clone()),
            },
            examples: BTreeMap::new(),
        };
        let r = validate_template(&t, FlowStatus::Published, Some(&flow));
        assert!(!r.ok());
        // Messages quote input only in bounded form (64 characters, escaped).
        for p in &r.problems {
            let head: String = p.message.chars().take(120).collect();
            assert!(p.message.len() < 1024, "{}: {head}", p.code);
        }
    }
}

mod properties {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use waflows::lifecycle::FlowStatus;
    use waflows::templates::variables::{MissingValue, render, variables};
    use waflows::templates::{FlowButton, Header, Template, validate_template};

    fn text() -> impl Strategy<Value = String> {
        // Braces, dots and spaces are over-represented so the variable parser gets exercised.
        proptest::string::string_regex("[{}a-z._ 1é\u{1F600}\n]{0,40}").expect("regex")
    }

    proptest! {
        /// The variable parser never panics, and every variable it reports spans `{{…}}`.
        #[test]
        fn variables_never_panic(s in text()) {
            if let Ok(vars) = variables(&s) {
                for v in vars {
                    prop_assert!(s.get(v.start..v.end).is_some_and(|t| t.starts_with("{{") && t.ends_with("}}")));
                }
            }
            let profile: BTreeMap<String, String> = BTreeMap::new();
            let kept = render(&s, &profile, MissingValue::Keep);
            // With the `keep` rule and an empty profile, rendering is the identity.
            if let Ok(k) = kept { prop_assert_eq!(k, s); }
        }

        /// Validation never panics and is deterministic, whatever the fields hold.
        #[test]
        fn validation_never_panics(
            name in text(), body in text(), footer in proptest::option::of(text()),
            button in text(), screen in proptest::option::of(text()), kind in text(),
            size in proptest::option::of(any::<u64>()), flow in proptest::option::of(text()),
            status in proptest::sample::select(FlowStatus::ALL.to_vec()),
        ) {
            let t = Template {
                name, language: "en_US".into(), category: "MARKETING".into(),
                header: Some(Header { kind, text: None, mime_type: Some("image/png".into()), size_bytes: size, sample_handle: None }),
                body, footer,
                button: FlowButton { text: button, flow_id: "1".into(), flow_action: "navigate".into(), navigate_screen: screen, icon: None },
                examples: BTreeMap::new(),
            };
            let a = validate_template(&t, status, flow.as_deref().map(str::as_bytes));
            let b = validate_template(&t, status, flow.as_deref().map(str::as_bytes));
            prop_assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
            prop_assert_eq!(a.ok(), a.problems.iter().all(|p| p.severity == waflows::templates::Severity::Warning));
        }
    }
}
