//! Offline preview: the whole page (every screen and the storyboard) of
//! - the product document's hotel-feedback flow (2 screens);
//! - the biggest file of the shared corpus (`../shared/corpus/valid/`, when present next to the
//!   repository; 2.7 MB of base64 images): the target is < 50 ms.
// Benches drive I/O: the core's no-files/no-clock/no-print rules (clippy.toml) do not apply here.
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    clippy::print_stdout,
    clippy::print_stderr,
    missing_docs
)]
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use waflows::preview::{self, Options};

fn biggest_corpus_file() -> Option<(String, Vec<u8>)> {
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
    let (_, p) = best?;
    Some(("corpus_largest".into(), std::fs::read(p).ok()?))
}

fn bench(c: &mut Criterion) {
    let hotel = include_bytes!("../tests/fixtures/relay/hotel_feedback.flow.json").to_vec();
    let mut fixtures = vec![("hotel_feedback".to_owned(), hotel)];
    match biggest_corpus_file() {
        Some(f) => fixtures.push(f),
        None => eprintln!("corpus not present: benchmarking the hotel-feedback flow only"),
    }
    let opts = Options::default();
    let mut g = c.benchmark_group("preview");
    for (name, text) in &fixtures {
        let page = preview::render(text, &opts).expect("the fixture previews");
        assert!(page.contains("Content-Security-Policy"));
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("render", name), text, |b, t| {
            b.iter(|| preview::render(t, &opts).expect("renders"));
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
