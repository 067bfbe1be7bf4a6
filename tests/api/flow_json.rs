//! Flow JSON validator: the shared corpus of real flows, the data-driven fixture suite, and
//! property tests.

use std::path::{Path, PathBuf};

use waflows::flow_json::{self, IssueCode, Mode, Options, Severity};

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
