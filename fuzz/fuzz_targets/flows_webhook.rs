#![no_main]
// Thin wrapper: the target's code is `waflows::fuzzing::flows_webhook` (replayed by `cargo test`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| waflows::fuzzing::flows_webhook(data));
