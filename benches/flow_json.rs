//! Flow JSON validation next to a plain `serde_json` parse of the same text.
//!
//! Fixtures: the biggest file of the shared corpus (`../shared/corpus/valid/`, when present
//! beside the checkout, or the folder named by `CORPUS`) and generated flows of 1, 10, 100 and 1,000 screens, valid and with
//! one issue per screen (the same shape as benches/python/bench_flow_json.py).
// Tests, benches and examples drive I/O: the core's no-files/no-clock/no-print rules (clippy.toml) do not apply here.
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    clippy::print_stdout,
    clippy::print_stderr
)]
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use serde_json::{Value, json};
use waflows::flow_json::{self, Mode, Options};

/// A static flow of `n` screens chained by navigate actions, each with a Form, inputs, a
/// data model and bindings.
fn generated(n: usize, issues: bool) -> Vec<u8> {
    let id = |i: usize| {
        format!(
            "S{}{}",
            (b'A' + (i / 26) as u8) as char,
            (b'A' + (i % 26) as u8) as char
        )
    };
    let screens: Vec<Value> = (0..n)
        .map(|i| {
            let last = i + 1 == n;
            let action = if last {
                json!({"name": "complete", "payload": {"who": "${form.name}", "from": "${data.prev}"}})
            } else {
                json!({"name": "navigate", "next": {"type": "screen", "name": id(i + 1)},
                       "payload": {"prev": "${form.name}"}})
            };
            let mut s = json!({
                "id": id(i),
                "title": format!("Step {i}"),
                "layout": {"type": "SingleColumnLayout", "children": [
                    {"type": "TextHeading", "text": "Tell us more"},
                    {"type": "TextBody", "text": if issues { "${data.missing}" } else { "${data.prev}" }},
                    {"type": "Form", "name": "form", "children": [
                        {"type": "TextInput", "name": "name", "label": "Name", "required": true},
                        {"type": "Dropdown", "name": "pick", "label": "Pick", "data-source": [
                            {"id": "a", "title": "Alpha"}, {"id": "b", "title": "Beta"}]},
                        {"type": "OptIn", "name": "ok", "label": "I agree"},
                        {"type": "Footer", "label": "Next", "on-click-action": action}]}]}
            });
            s["data"] = json!({"prev": {"type": "string", "__example__": "x"}});
            if last {
                s["terminal"] = json!(true);
            }
            s
        })
        .collect();
    serde_json::to_vec_pretty(&json!({"version": "7.3", "screens": screens})).unwrap()
}

fn biggest_corpus_file() -> Option<(String, Vec<u8>)> {
    // CORPUS overrides the folder (as for benches/simulator.rs).
    let dir = std::env::var_os("CORPUS").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/valid"),
        std::path::PathBuf::from,
    );
    let mut best: Option<(u64, std::path::PathBuf)> = None;
    for e in std::fs::read_dir(dir).ok()?.flatten() {
        let len = e.metadata().ok()?.len();
        if best.as_ref().is_none_or(|(l, _)| len > *l) {
            best = Some((len, e.path()));
        }
    }
    let (_, p) = best?;
    Some(("flow_corpus_largest".into(), std::fs::read(p).ok()?))
}

fn bench(c: &mut Criterion) {
    let mut fixtures: Vec<(String, Vec<u8>, bool)> = Vec::new();
    for n in [1, 10, 100, 1000] {
        fixtures.push((format!("flow_{n}_screens"), generated(n, false), n <= 100));
        fixtures.push((
            format!("flow_{n}_screens_issues"),
            generated(n, true),
            false,
        ));
    }
    match biggest_corpus_file() {
        Some((name, text)) => fixtures.push((name, text, true)),
        None => eprintln!("corpus not present: benchmarking the generated flows only"),
    }
    let mut g = c.benchmark_group("flow_json");
    for (name, text, valid) in &fixtures {
        let report = flow_json::validate(text, &Options::default()).unwrap();
        if report.ok() != *valid {
            eprintln!("{name}: expected ok() == {valid}:\n{report}");
        }
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("serde_json_value", name), text, |b, t| {
            b.iter(|| serde_json::from_slice::<Value>(black_box(t)).unwrap());
        });
        for (label, mode) in [
            ("validate_builder", Mode::Builder),
            ("validate_everything", Mode::Everything),
        ] {
            let opts = Options::default().with_mode(mode);
            g.bench_with_input(BenchmarkId::new(label, name), text, |b, t| {
                b.iter(|| flow_json::validate(black_box(t), &opts).unwrap());
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
