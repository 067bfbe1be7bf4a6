//! Replays every committed fuzz input — the seed corpus (`fuzz/corpus/<target>/`), minimized
//! findings (`fuzz/regressions/<target>/`) and any crash cargo-fuzz left in
//! `fuzz/artifacts/<target>/` — through the same `waflows::fuzzing` functions the cargo-fuzz
//! targets call. Stable Rust, no nightly: every past finding stays a regression test.
#![cfg(feature = "fuzzing")]

use std::path::{Path, PathBuf};

use waflows::fuzzing::TARGETS;

fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

/// Every target's corpus and regressions run without a panic or a broken invariant.
#[test]
fn replay_every_committed_fuzz_input() {
    let mut total = 0;
    for (name, run) in TARGETS {
        let mut n = 0;
        for sub in ["corpus", "regressions", "artifacts"] {
            for path in files(&fuzz_dir().join(sub).join(name)) {
                let data = std::fs::read(&path).unwrap();
                let r = std::panic::catch_unwind(|| run(&data));
                assert!(r.is_ok(), "{name}: {} fails", path.display());
                n += 1;
            }
        }
        assert!(n > 0, "target {name} has no committed corpus");
        total += n;
    }
    assert!(total >= TARGETS.len());
}

/// The fuzz crate declares exactly the targets of `waflows::fuzzing::TARGETS` (so no target
/// escapes the replay), each as a one-line wrapper around the function of the same name.
#[test]
fn fuzz_targets_match_the_replayed_functions() {
    let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    let mut declared: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .filter(|n| *n != "waflows-fuzz")
        .collect();
    declared.sort_unstable();
    let mut known: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
    known.sort_unstable();
    assert_eq!(declared, known);
    for name in known {
        let src =
            std::fs::read_to_string(fuzz_dir().join(format!("fuzz_targets/{name}.rs"))).unwrap();
        assert!(
            src.contains(&format!("waflows::fuzzing::{name}(data)")),
            "{name}.rs does not call waflows::fuzzing::{name}"
        );
    }
}
