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
