//! A fixed-work driver for instruction-count profiling of the Flow JSON validator
//! (`valgrind --tool=callgrind`), used for the figures in benches/README.md:
//!
//! ```text
//! cargo build --release --example flow_json_profile
//! valgrind --tool=callgrind target/release/examples/flow_json_profile validate flow.json 5
//! valgrind --tool=callgrind target/release/examples/flow_json_profile parse flow.json 5
//! ```
//!
//! `validate` runs `flow_json::validate` (builder mode) `N` times, `parse` runs a
//! `serde_json::Value` parse `N` times, `none` only reads the file (the fixed cost to subtract).
#![allow(clippy::disallowed_methods, clippy::print_stdout, clippy::print_stderr)]

use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(what), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: flow_json_profile validate|parse|none FILE [N]");
        std::process::exit(2);
    };
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5);
    let text = std::fs::read(path).expect("readable file");
    let opts = waflows::flow_json::Options::default();
    let mut issues = 0;
    for _ in 0..n {
        match what.as_str() {
            "validate" => {
                let r =
                    waflows::flow_json::validate(black_box(&text), &opts).expect("under 10 MiB");
                issues = r.issues().len();
                black_box(r);
            }
            "parse" => {
                let v: serde_json::Value = serde_json::from_slice(black_box(&text)).expect("JSON");
                black_box(v);
            }
            _ => {}
        }
    }
    println!("{what} {path} x{n}: {issues} issues");
}
