//! Flow JSON validator: the shared corpus of real flows, the data-driven fixture suite, and
//! property tests.

use std::path::{Path, PathBuf};

use waflows::flow_json::{self, IssueCode, Mode, Options};

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file in `../shared/corpus/valid/` (beside the checkout) validates with zero errors.
#[test]
#[allow(clippy::print_stderr, clippy::disallowed_methods)]
fn corpus_of_valid_flows_has_no_errors() {
    let dir = crate_root().join("../shared/corpus/valid");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIPPED: corpus folder {} is not present", dir.display());
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "corpus folder is empty");
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read(f).unwrap();
        for mode in [Mode::Builder, Mode::Everything] {
            let r = flow_json::validate(&text, &Options::default().with_mode(mode)).unwrap();
            if !r.ok() {
                failures.push(format!("{} ({mode:?}):\n{r}", name_of(f)));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} corpus failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("corpus: {} files validated with zero errors", files.len());
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
#[ignore = "diagnostic: prints every corpus report"]
#[allow(clippy::print_stderr, clippy::disallowed_methods)]
fn dump_corpus_reports() {
    let dir = crate_root().join("../shared/corpus/valid");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    for f in files {
        let text = std::fs::read(&f).unwrap();
        let r =
            flow_json::validate(&text, &Options::default().with_mode(Mode::Everything)).unwrap();
        eprintln!("== {}\n{r}", name_of(&f));
    }
}

/// One fixture case: `cases/<name>/{flow.json, expected.json}`.
struct Case {
    name: String,
    text: Vec<u8>,
    expected: serde_json::Value,
}

#[allow(clippy::disallowed_methods)]
fn load_cases() -> Vec<Case> {
    let dir = crate_root().join("tests/fixtures/flow_json/cases");
    let mut out: Vec<Case> = std::fs::read_dir(&dir)
        .expect("fixture folder tests/fixtures/flow_json/cases")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .map(|p| Case {
            name: name_of(&p),
            text: std::fs::read(p.join("flow.json")).unwrap(),
            expected: serde_json::from_slice(&std::fs::read(p.join("expected.json")).unwrap())
                .unwrap(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn options_of(exp: &serde_json::Value) -> Options {
    let o = &exp["options"];
    let mode = o["mode"]
        .as_str()
        .and_then(Mode::from_name)
        .unwrap_or(Mode::Everything);
    Options::default()
        .with_mode(mode)
        .with_for_publish(o["for_publish"].as_bool().unwrap_or(false))
        .with_strict(o["strict"].as_bool().unwrap_or(false))
}

/// Every fail fixture reports its code at its pointer; every pass neighbour is free of the
/// code and of any error.
#[test]
fn fixture_suite() {
    let cases = load_cases();
    assert!(cases.len() > 100, "only {} fixture cases", cases.len());
    let mut problems = Vec::new();
    for c in &cases {
        let report = flow_json::validate(&c.text, &options_of(&c.expected)).unwrap();
        for e in c.expected["expect"].as_array().into_iter().flatten() {
            let found = report.issues().iter().any(|i| {
                let at = std::iter::once(&i.location).chain(i.also.iter());
                i.code.as_str() == e["code"]
                    && i.severity.as_str() == e["severity"]
                    && at.clone().any(|l| {
                        l.pointer() == e["pointer"]
                            && e["line"].as_u64().is_none_or(|n| u64::from(l.line) == n)
                            && e["column"]
                                .as_u64()
                                .is_none_or(|n| u64::from(l.column) == n)
                    })
            });
            if !found {
                problems.push(format!("{}: expected {e} but got:\n{report}", c.name));
            }
        }
        for code in c.expected["absent"].as_array().into_iter().flatten() {
            if report.issues().iter().any(|i| i.code.as_str() == code) {
                problems.push(format!("{}: {code} must be absent:\n{report}", c.name));
            }
        }
        if c.expected.get("absent").is_some() && !report.ok() {
            problems.push(format!(
                "{}: the passing neighbour has errors:\n{report}",
                c.name
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} fixture problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Every code the validator can emit has a failing fixture and a passing neighbour.
#[test]
fn every_issue_code_has_fixtures() {
    let cases = load_cases();
    let mut missing = Vec::new();
    for code in IssueCode::ALL {
        let fail = cases.iter().any(|c| {
            c.expected["expect"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|e| e["code"] == code.as_str())
        });
        let pass = cases.iter().any(|c| {
            c.expected["absent"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|e| e == code.as_str())
        });
        if !fail || !pass {
            missing.push(code.as_str());
        }
    }
    assert!(
        missing.is_empty(),
        "codes without a fail+pass fixture pair: {missing:?}"
    );
}

mod props {
    use proptest::prelude::*;
    use serde_json::{Value, json};
    use waflows::flow_json::{self, Mode, Options, Report};

    const KEYS: &[&str] = &[
        "type",
        "name",
        "label",
        "text",
        "visible",
        "children",
        "then",
        "else",
        "cases",
        "value",
        "condition",
        "on-click-action",
        "on-select-action",
        "payload",
        "next",
        "data",
        "__example__",
        "items",
        "properties",
        "terminal",
        "id",
        "title",
        "layout",
        "data-source",
        "init-values",
        "ct-evt",
        "ct-up",
        "evtName",
        "evtData",
        "next_screen",
        "routing_model",
        "mode",
        "min-date",
        "max-date",
        "sensitive",
        "success",
    ];
    const STRS: &[&str] = &[
        "Footer",
        "Form",
        "If",
        "Switch",
        "TextInput",
        "TextBody",
        "RichText",
        "NavigationList",
        "CalendarPicker",
        "navigate",
        "complete",
        "data_exchange",
        "update_data",
        "open_url",
        "screen",
        "FIRST",
        "LAST",
        "${data.name}",
        "${form.first_name}",
        "${screen.LAST.data.name}",
        "`${form.a} + 1`",
        "${data.x} == 'a'",
        "(",
        "",
        " ",
        "2025-01-01",
        "range",
        "é€𝄞",
    ];

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            (-1e9f64..1e9).prop_map(|f| json!(f)),
            proptest::sample::select(STRS).prop_map(|s| json!(s)),
            "[a-zA-Z_${}.` ]{0,12}".prop_map(Value::String),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..6).prop_map(
                    |kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
                ),
            ]
        })
    }

    fn base() -> Value {
        serde_json::from_slice(include_bytes!(
            "../fixtures/flow_json/cases/INVALID_FLOW_JSON--syntax--pass/flow.json"
        ))
        .unwrap()
    }

    /// Inserts `v` under `key` (or appends it) in a container chosen by walking `choices`.
    fn graft(doc: &mut Value, choices: &[usize], key: &str, v: Value) {
        let mut pointer = String::new();
        let mut cur: &Value = doc;
        for c in choices {
            let (seg, next) = match cur {
                Value::Object(o) if !o.is_empty() => {
                    let Some((k, n)) = o.iter().nth(c % o.len()) else {
                        break;
                    };
                    (k.replace('~', "~0").replace('/', "~1"), n)
                }
                Value::Array(a) if !a.is_empty() => {
                    let Some(n) = a.get(c % a.len()) else { break };
                    ((c % a.len()).to_string(), n)
                }
                _ => break,
            };
            if !(next.is_object() || next.is_array()) {
                break;
            }
            pointer.push('/');
            pointer.push_str(&seg);
            cur = next;
        }
        match doc.pointer_mut(&pointer) {
            Some(Value::Object(o)) => {
                o.insert(key.to_owned(), v);
            }
            Some(Value::Array(a)) => a.push(v),
            _ => {}
        }
    }

    /// Removes the member or element reached by walking `choices`.
    fn prune(doc: &mut Value, choices: &[usize]) {
        let mut cur = doc;
        for (n, c) in choices.iter().enumerate() {
            let last = n + 1 == choices.len();
            let next = match cur {
                Value::Object(o) if !o.is_empty() => {
                    let k = o.keys().nth(c % o.len()).cloned().unwrap_or_default();
                    if last || !o.get(&k).is_some_and(|v| v.is_object() || v.is_array()) {
                        o.retain(|key, _| *key != k); // keeps order with or without preserve-order
                        return;
                    }
                    o.get_mut(&k)
                }
                Value::Array(a) if !a.is_empty() => {
                    let i = c % a.len();
                    if last || !a.get(i).is_some_and(|v| v.is_object() || v.is_array()) {
                        a.remove(i);
                        return;
                    }
                    a.get_mut(i)
                }
                _ => return,
            };
            match next {
                Some(n) => cur = n,
                None => return,
            }
        }
    }

    fn check_positions(text: &[u8], r: &Report) -> Result<(), TestCaseError> {
        let s = String::from_utf8_lossy(text);
        let lines: Vec<usize> = s.split_inclusive('\n').map(|l| l.chars().count()).collect();
        let nlines = lines.len().max(1);
        for i in r.issues() {
            for l in std::iter::once(&i.location).chain(i.also.iter()) {
                for (line, col) in [(l.line, l.column), (l.end_line, l.end_column)] {
                    let line = line as usize;
                    prop_assert!(line >= 1 && line <= nlines, "line {line} of {nlines}: {i}");
                    let width = lines.get(line - 1).copied().unwrap_or(0).max(1);
                    prop_assert!(
                        col >= 1 && (col as usize) <= width,
                        "column {col} of {width} on line {line}: {i}"
                    );
                }
                prop_assert!(
                    (l.line, l.column) <= (l.end_line, l.end_column),
                    "start after end: {i}"
                );
            }
        }
        Ok(())
    }

    fn both_modes(text: &[u8]) -> Result<(), TestCaseError> {
        for mode in [Mode::Builder, Mode::Everything] {
            let opts = Options::default().with_mode(mode);
            let a = flow_json::validate(text, &opts).unwrap();
            let b = flow_json::validate(text, &opts).unwrap();
            prop_assert_eq!(a.to_json(), b.to_json(), "not deterministic");
            check_positions(text, &a)?;
            // Every code is raised only for versions its catalogue entry names.
            if let Some(v) = a.version().and_then(flow_json::FlowVersion::parse) {
                for i in a.issues() {
                    let (since, until) = i.code.versions();
                    prop_assert!(
                        since.is_none_or(|s| v >= s) && until.is_none_or(|u| v <= u),
                        "{} at {}",
                        i,
                        v
                    );
                }
            }
        }
        Ok(())
    }

    proptest! {
        // 256 cases by default; PROPTEST_CASES raises it for a longer run.
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256),
            .. ProptestConfig::default()
        })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            both_modes(&bytes)?;
        }

        #[test]
        fn mutated_flows_never_panic(
            choices in proptest::collection::vec(0usize..64, 0..10),
            key in proptest::sample::select(KEYS),
            v in value(),
            pretty in any::<bool>(),
            version in proptest::sample::select(flow_json::version::VERSIONS),
        ) {
            let mut doc = base();
            doc["version"] = json!(version.version.to_string());
            graft(&mut doc, &choices, key, v);
            let text = if pretty { serde_json::to_vec_pretty(&doc) } else { serde_json::to_vec(&doc) }.unwrap();
            both_modes(&text)?;
        }

        #[test]
        fn pruned_flows_never_panic(
            choices in proptest::collection::vec(0usize..64, 1..10),
            version in proptest::sample::select(flow_json::version::VERSIONS),
            endpoint in any::<bool>(),
        ) {
            let mut doc = base();
            doc["version"] = json!(version.version.to_string());
            if endpoint {
                doc["data_api_version"] = json!("3.0");
                doc["routing_model"] = json!({"FIRST": ["LAST"], "LAST": []});
            }
            prune(&mut doc, &choices);
            both_modes(&serde_json::to_vec_pretty(&doc).unwrap())?;
        }

        #[test]
        fn truncated_flows_report_positions_inside(cut in 0usize..2000) {
            let text = serde_json::to_vec_pretty(&base()).unwrap();
            let cut = cut.min(text.len());
            both_modes(&text[..cut])?;
        }
    }
}

/// The issue-code catalogue is snapshotted: any change shows up as a diff of
/// `tests/fixtures/flow_json/issue_codes.txt` (`CODE since until`, one per line).
#[test]
fn issue_code_catalogue_matches_snapshot() {
    let mut lines = String::new();
    for c in IssueCode::ALL {
        let (a, b) = c.versions();
        let v = |x: Option<flow_json::FlowVersion>| x.map_or("-".to_owned(), |v| v.to_string());
        lines.push_str(&format!("{} {} {}\n", c.as_str(), v(a), v(b)));
    }
    let path = crate_root().join("tests/fixtures/flow_json/issue_codes.txt");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &lines).unwrap();
    }
    let snapshot = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        snapshot, lines,
        "issue code catalogue changed; rerun with UPDATE_EXPECT=1 and review the diff"
    );
}

/// The JSON export has stable field names, the Meta export has Meta's shape, and Display is
/// one line per issue; identical (code, message) issues are merged with all their pointers.
#[test]
fn exports_and_merging() {
    let doc = br#"{"version": "7.3", "screens": [
      {"id": "A", "title": "a", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "TextBody", "text": "x"}]}},
      {"id": "B", "title": "b", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "TextBody", "text": "y"}]}}]}"#;
    let r = flow_json::validate(doc, &Options::default().with_mode(Mode::Everything)).unwrap();
    let merged: Vec<_> = r
        .issues()
        .iter()
        .filter(|i| i.code == IssueCode::MissingFooterOnTerminalScreen)
        .collect();
    assert_eq!(merged.len(), 1, "{r}");
    assert_eq!(merged[0].pointer(), "/screens/0");
    assert_eq!(merged[0].also.len(), 1);
    assert_eq!(merged[0].also[0].pointer(), "/screens/1");
    assert_eq!((merged[0].line(), merged[0].also[0].line), (2, 4));

    // The report's key order, read from its text (the first match of each key is the
    // top-level one). The report is written through a `Value`, so without the
    // `preserve-order` feature its keys come out sorted instead.
    let text = r.to_json();
    let top = [
        "ok",
        "version",
        "error_count",
        "warning_count",
        "truncated",
        "semantic_skipped",
        "issues",
    ];
    let at: Vec<usize> = top
        .iter()
        .map(|k| text.find(&format!("\"{k}\":")).unwrap())
        .collect();
    if cfg!(feature = "preserve-order") {
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
    }
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v.as_object().unwrap().len(), top.len(), "{text}");
    let issue_keys: std::collections::BTreeSet<&str> = v["issues"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "code",
        "severity",
        "message",
        "pointer",
        "path",
        "meta_path",
        "line",
        "column",
        "end_line",
        "end_column",
        "also",
    ] {
        assert!(issue_keys.contains(k), "missing {k}");
    }
    let meta = r.to_meta_validation_errors();
    let m = meta
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["error"] == "MISSING_FOOTER_ON_TERMINAL_SCREEN")
        .unwrap();
    assert_eq!(m["error_type"], "FLOW_JSON_ERROR");
    assert_eq!(m["pointers"].as_array().unwrap().len(), 2);
    assert_eq!(m["pointers"][1]["path"], "screens[1]");
    assert_eq!(m["line_start"], m["pointers"][0]["line_start"]);
    assert_eq!(r.to_string().lines().count(), r.issues().len());
    assert!(r.errors().all(|i| i.severity == flow_json::Severity::Error));
}
