#![no_main]
// Thin wrapper: the target's code is `waflows::fuzzing::json_tree` (replayed by `cargo test`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| waflows::fuzzing::json_tree(data));
