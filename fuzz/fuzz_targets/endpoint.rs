#![no_main]
// Thin wrapper: the target's code is `waflows::fuzzing::endpoint` (replayed by `cargo test`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| waflows::fuzzing::endpoint(data));
