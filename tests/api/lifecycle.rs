//! The lifecycle matrix (`tests/fixtures/lifecycle.json`) and lifecycle invariants.

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::Value;
use waflows::lifecycle::{Action, Context, EndpointKind, FlowStatus, allowed_actions, apply};

fn matrix() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/lifecycle.json");
    let text = std::fs::read_to_string(path).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn context_of(v: &Value) -> Context {
    let flag = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
    let endpoint = v
        .get("endpoint")
        .and_then(Value::as_str)
        .unwrap_or("platform");
    Context::default()
        .with_endpoint(endpoint.parse().expect("endpoint kind"))
        .with_validation_errors(flag("has_validation_errors"))
        .with_uses_endpoint(flag("uses_endpoint"))
        .with_endpoint_configured(flag("endpoint_configured"))
        .with_published_edits(flag("published_edits"))
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_str().expect("string").to_owned())
        .collect()
}

#[test]
fn every_matrix_case_matches() {
    let m = matrix();
    let cases = m["cases"].as_array().expect("cases");
    for (i, c) in cases.iter().enumerate() {
        let status: FlowStatus = c["status"]
            .as_str()
            .expect("status")
            .parse()
            .expect("status");
        let action: Action = c["action"]
            .as_str()
            .expect("action")
            .parse()
            .expect("action");
        let ctx = context_of(&c["context"]);
        let got = apply(status, action, &ctx);
        match (c.get("error"), c.get("result")) {
            (Some(code), None) => {
                let e = got.expect_err(&format!("case {i} {c}: expected an error"));
                assert_eq!(
                    e.code().as_str(),
                    code.as_str().expect("code"),
                    "case {i} {c}: {e}"
                );
                assert!(!e.message().is_empty());
            }
            (None, Some(r)) => {
                let t = got.unwrap_or_else(|e| panic!("case {i} {c}: unexpected error {e}"));
                assert_eq!(
                    t.status.as_str(),
                    r["status"].as_str().expect("status"),
                    "case {i} {c}"
                );
                let effects: Vec<String> =
                    t.effects.iter().map(|e| e.as_str().to_owned()).collect();
                assert_eq!(effects, strs(&r["effects"]), "case {i} {c}");
            }
            _ => panic!("case {i} must have exactly one of error/result"),
        }
    }
}

#[test]
fn matrix_covers_every_pair_with_the_default_context() {
    let m = matrix();
    let statuses = strs(&m["statuses"]);
    let actions = strs(&m["actions"]);
    assert_eq!(
        statuses,
        FlowStatus::ALL
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        actions,
        Action::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>()
    );
    let mut seen = BTreeSet::new();
    for c in m["cases"].as_array().expect("cases") {
        if c["context"]
            .as_object()
            .is_some_and(serde_json::Map::is_empty)
        {
            let pair = (
                c["status"].as_str().expect("s").to_owned(),
                c["action"].as_str().expect("a").to_owned(),
            );
            assert!(seen.insert(pair.clone()), "duplicate default case {pair:?}");
        }
    }
    assert_eq!(seen.len(), statuses.len() * actions.len());
}

#[test]
fn allowed_actions_match_the_matrix() {
    let m = matrix();
    for (kind, table) in m["allowed"].as_object().expect("allowed") {
        let endpoint: EndpointKind = kind.parse().expect("kind");
        for (status, want) in table.as_object().expect("table") {
            let status: FlowStatus = status.parse().expect("status");
            let got: Vec<&str> = allowed_actions(status, endpoint)
                .iter()
                .map(|a| a.as_str())
                .collect();
            let want = strs(want);
            assert_eq!(got, want, "{status} {kind}");
        }
    }
}

fn any_status() -> impl Strategy<Value = FlowStatus> {
    proptest::sample::select(FlowStatus::ALL.to_vec())
}
fn any_action() -> impl Strategy<Value = Action> {
    proptest::sample::select(Action::ALL.to_vec())
}
fn any_context() -> impl Strategy<Value = Context> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(c, e, u, k, p)| {
            Context::default()
                .with_endpoint(if c {
                    EndpointKind::Custom
                } else {
                    EndpointKind::Platform
                })
                .with_validation_errors(e)
                .with_uses_endpoint(u)
                .with_endpoint_configured(k)
                .with_published_edits(p)
        })
}

proptest! {
    /// Random event sequences keep the lifecycle's invariants.
    #[test]
    fn random_sequences_keep_invariants(
        start in any_status(),
        steps in proptest::collection::vec((any_action(), any_context()), 0..40),
    ) {
        let mut status = start;
        let mut left_deprecated = false;
        for (action, ctx) in steps {
            let before = status;
            if let Ok(t) = apply(status, action, &ctx) {
                status = t.status;
                let removes = t.effects.contains(&waflows::lifecycle::Effect::RemoveFromTemplates);
                // Templates lose the flow exactly when it becomes deprecated.
                prop_assert_eq!(removes, before != FlowStatus::Deprecated && status == FlowStatus::Deprecated);
                // Only a draft can be deleted; only Meta's actions move between restricted states.
                if status == FlowStatus::Deleted { prop_assert_eq!(before, FlowStatus::Draft); }
                if status == FlowStatus::Published && before != FlowStatus::Published {
                    prop_assert!(before == FlowStatus::Draft || action.is_meta());
                    if before == FlowStatus::Draft { prop_assert!(!ctx.has_validation_errors); }
                }
                if before == FlowStatus::Deprecated && status != FlowStatus::Deprecated { left_deprecated = true; }
            }
            prop_assert!(before != FlowStatus::Deleted || status == FlowStatus::Deleted);
        }
        prop_assert!(!left_deprecated, "deprecation is irreversible");
    }
}
