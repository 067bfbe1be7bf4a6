//! Headless simulator:
//! - one step (tap the footer: checks, payload, navigate, the new screen's view) on a
//!   generated 10-screen flow: the target is < 50 µs;
//! - a 100-step script over the biggest file of the shared corpus (`../shared/corpus/valid/`
//!   next to the repository, or `CORPUS=dir`; skipped when absent; an endpoint flow of 10 screens and 2.7 MB of base64
//!   images), answered by a callback that routes along the routing model with each screen's
//!   `__example__` data: the target is < 20 ms;
//! - the trace page of that run.
// Benches drive I/O: the core's no-files/no-clock/no-print rules (clippy.toml) do not apply here.
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs
)]
use std::collections::HashMap;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use serde_json::{Map, Value, json};
use waflows::simulator::{Endpoint, Script, SimFlow, Simulation, Step, simulate};

/// Ten screens, each with a form of four inputs, an expression and a footer navigating on.
fn ten_screens() -> Vec<u8> {
    let mut screens = Vec::new();
    for i in 0..10 {
        let id = format!("S{i}");
        let last = i == 9;
        let action = if last {
            json!({"name": "complete", "payload": {"ct-evt": {"evtName": "Done",
                   "evtData": {"name": "${form.name}", "n": "${data.n}"}}}})
        } else {
            json!({"name": "navigate", "next": {"type": "screen", "name": format!("S{}", i + 1)},
                   "payload": {"n": "${form.age}"}})
        };
        screens.push(json!({
            "id": id, "title": format!("Step {i}"), "terminal": last,
            "data": {"n": {"type": "string", "__example__": "1"}},
            "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "TextHeading", "text": "`'Step ' ${data.n} ' of 10'`"},
                {"type": "TextInput", "name": "name", "label": "Name", "required": true},
                {"type": "TextInput", "name": "age", "label": "Age", "input-type": "number",
                 "init-value": "42"},
                {"type": "TextInput", "name": "mail", "label": "Email", "input-type": "email",
                 "init-value": "a@example.com"},
                {"type": "RadioButtonsGroup", "name": "pick", "label": "Pick", "required": true,
                 "init-value": "b",
                 "data-source": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"},
                                 {"id": "c", "title": "C"}]},
                {"type": "If", "condition": "${form.age} > 18",
                 "then": [{"type": "TextCaption", "text": "adult"}],
                 "else": [{"type": "TextCaption", "text": "minor"}]},
                {"type": "Footer", "label": "Next", "on-click-action": action}]}
        }));
    }
    serde_json::to_vec(&json!({"version": "7.2", "screens": screens})).unwrap()
}

fn biggest_corpus_file() -> Option<Vec<u8>> {
    // `CORPUS=dir` points elsewhere (a worktree sits one level deeper than the checkout).
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
    std::fs::read(best?.1).ok()
}

/// Where the callback endpoint goes from each screen: the first target of the routing model,
/// with that screen's `__example__` data.
fn router(flow: &[u8]) -> HashMap<String, Value> {
    let doc: Value = serde_json::from_slice(flow).unwrap();
    let examples = |id: &str| -> Map<String, Value> {
        let s = doc["screens"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap();
        s.get("data")
            .and_then(Value::as_object)
            .map(|d| {
                d.iter()
                    .filter_map(|(k, v)| v.get("__example__").map(|e| (k.clone(), e.clone())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = HashMap::new();
    for (from, to) in doc["routing_model"].as_object().unwrap() {
        if let Some(t) = to
            .as_array()
            .and_then(|a| a.first())
            .and_then(Value::as_str)
        {
            out.insert(
                from.clone(),
                json!({"screen": t, "data": Value::Object(examples(t))}),
            );
        }
        // Staying on the same screen (refresh) answers the same screen's examples.
        out.entry(format!("{from}#self"))
            .or_insert_with(|| json!({"screen": from, "data": Value::Object(examples(from))}));
    }
    out
}

fn answer(routes: &HashMap<String, Value>, req: &Value) -> waflows::Result<Value> {
    let screen = req["screen"].as_str().unwrap_or_default();
    let key = if req["action"] == "BACK" {
        format!("{screen}#self")
    } else {
        screen.to_owned()
    };
    Ok(routes.get(&key).cloned().unwrap())
}

/// A value the phone accepts for an input it shows.
fn value_for(c: &waflows::simulator::ComponentView) -> Option<Value> {
    let first = c.options.iter().find(|o| o.enabled).map(|o| o.id.clone());
    Some(match c.kind.as_str() {
        "RadioButtonsGroup" | "Dropdown" => json!(first?),
        "CheckboxGroup" | "ChipsSelector" => json!([first?]),
        "DatePicker" | "CalendarPicker" => json!("1990-01-01"),
        "OptIn" => json!(true),
        "TextInput" | "TextArea" => json!("ana@example.com"),
        _ => return None,
    })
}

/// Builds a 100-step script by driving the flow: fill every input of each screen (one step
/// per field), tap the footer, and before the terminal screen go back to the start and walk
/// forward again.
fn hundred_steps(flow: &[u8]) -> Script {
    let routes = router(flow);
    let parsed = SimFlow::parse(flow).unwrap();
    let terminal: Vec<String> = parsed
        .model()
        .screens
        .iter()
        .filter(|s| s.terminal)
        .map(|s| s.id.clone())
        .collect();
    let base: Script = serde_json::from_value(json!({"steps": [], "now": 1})).unwrap();
    let mut sim = Simulation::open(
        &parsed,
        &base,
        Endpoint::Callback(Box::new(|r: &Value| answer(&routes, r))),
    )
    .unwrap();
    let mut steps: Vec<Step> = Vec::new();
    let mut depth = 1usize;
    while steps.len() < 100 {
        // One step at a time, decided from what the screen shows now (a selection may change
        // what is visible).
        let view = sim.trace().views.last().unwrap().clone();
        let step = if terminal.contains(&view.id) || depth > 8 {
            depth = depth.saturating_sub(1).max(1);
            Step::Back(true)
        } else if let Some((name, v)) = view.components.iter().find_map(|c| {
            let v = value_for(c)?;
            let name = c.name.clone()?;
            c.value.is_none().then_some((name, v))
        }) {
            let mut m = Map::new();
            m.insert(name, v);
            Step::Fill(m)
        } else {
            depth += 1;
            serde_json::from_value(json!({"tap": "footer"})).unwrap()
        };
        let refused = sim.step(&step).unwrap();
        assert_eq!(refused, None, "the generated step {step:?} is refused");
        steps.push(step);
    }
    let mut script = base;
    script.steps = steps;
    script
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("simulator");

    let flow = ten_screens();
    let parsed = SimFlow::parse(&flow).unwrap();
    let open: Script =
        serde_json::from_value(json!({"steps": [], "start": {"screen": "S5"}})).unwrap();
    let fill: Step = serde_json::from_value(json!({"fill": {"name": "Ana"}})).unwrap();
    let tap: Step = serde_json::from_value(json!({"tap": "footer"})).unwrap();
    g.bench_function("one_step/10_screens", |b| {
        b.iter_batched(
            || {
                let mut sim = Simulation::open(&parsed, &open, Endpoint::None).unwrap();
                sim.step(&fill).unwrap();
                sim
            },
            |mut sim| {
                assert_eq!(sim.step(&tap).unwrap(), None);
                sim
            },
            BatchSize::SmallInput,
        );
    });

    match biggest_corpus_file() {
        Some(big) => {
            let script = hundred_steps(&big);
            let routes = router(&big);
            let run = || {
                simulate(
                    &big,
                    &script,
                    Endpoint::Callback(Box::new(|r: &Value| answer(&routes, r))),
                )
                .unwrap()
            };
            let trace = run();
            assert_eq!(trace.steps_run, 100);
            assert_eq!(trace.refused, None);
            eprintln!(
                "corpus run: {} screens shown, {} requests",
                trace.views.len(),
                trace.requests.len()
            );
            g.sample_size(20);
            g.bench_function("parse/corpus_largest", |b| {
                b.iter(|| SimFlow::parse(&big).unwrap());
            });
            g.bench_function("script_100_steps/corpus_largest", |b| b.iter(run));
            g.bench_function("trace_page/corpus_largest", |b| {
                b.iter(|| waflows::preview::render_trace(&big, &trace).unwrap());
            });
        }
        None => eprintln!("corpus not present: the 100-step benchmark is skipped"),
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
