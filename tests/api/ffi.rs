//! The C ABI called from Rust with hostile input: random bytes, random enum values, NULLs.
//! Every call returns a known result code, writes its output only on success, and never
//! unwinds or aborts.
#![cfg(feature = "ffi")]
#![allow(unsafe_code)] // the C ABI is called from Rust here, with raw pointers

use proptest::prelude::*;
use waflows::ErrorCode;
use waflows::catalogue::Catalogue;
use waflows::ffi::*;

fn known(code: waflows_result) -> bool {
    <waflows_result as Catalogue>::from_number(code.number()) == Some(code)
        && code != waflows_result::PANIC
}

/// Calls a `(bytes, len, ..., waflows_bytes **out)` export and checks the contract.
fn check_bytes_out(f: impl FnOnce(*mut *mut waflows_bytes) -> waflows_result) {
    let mut out: *mut waflows_bytes = std::ptr::null_mut();
    let rc = f(&mut out);
    assert!(known(rc), "unexpected result {rc:?}");
    if rc == waflows_result::OK {
        assert!(!out.is_null());
        // SAFETY: a live handle from the library, freed once.
        unsafe { waflows_bytes_free(out) };
    } else {
        assert!(out.is_null(), "output written on failure ({rc:?})");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn json_in_json_out_exports_survive_garbage(bytes in proptest::collection::vec(any::<u8>(), 0..300), n in any::<u32>()) {
        let (p, l) = (bytes.as_ptr(), bytes.len());
        // SAFETY: (every call below) (p, l) is a valid buffer; out-pointers are valid.
        unsafe {
            // The same garbage as the payload and as the options JSON.
            check_bytes_out(|o| waflows_ingest_extract(p, l, p, l, o));
            check_bytes_out(|o| waflows_ingest_webhook(p, l, p, l, o));
            check_bytes_out(|o| waflows_ingest_extract(b"{}".as_ptr(), 2, p, l, o));
            check_bytes_out(|o| waflows_ingest_webhook(p, l, std::ptr::null(), 0, o));
            check_bytes_out(|o| waflows_token_verify_json(p, l, p, l, u64::from(n), o));
            check_bytes_out(|o| waflows_token_issue_json(p, l, p, l, p, l, p, l, u64::from(n), o));
            check_bytes_out(|o| waflows_ingest_upload_bodies(p, l, o));
            check_bytes_out(|o| waflows_messages_template_creation(p, l, o));
            check_bytes_out(|o| waflows_messages_template_send(p, l, o));
            check_bytes_out(|o| waflows_messages_flow_message(p, l, o));
            check_bytes_out(|o| waflows_template_validate(p, l, n, p, l, o));
            check_bytes_out(|o| waflows_template_variables(p, l, o));
            check_bytes_out(|o| waflows_template_render(p, l, p, l, n, o));
            let secret = b"0123456789abcdef0123456789abcdef";
            let secrets = [secret.as_ptr()];
            let lens = [secret.len()];
            check_bytes_out(|o| waflows_token_verify(p, l, secrets.as_ptr(), lens.as_ptr(), 1, u64::from(n), o));
        }
    }

    #[test]
    fn validation_and_key_loading_survive_garbage(bytes in proptest::collection::vec(any::<u8>(), 0..300), mode in any::<u32>()) {
        // SAFETY: valid buffers and out-pointers; handles freed once.
        unsafe {
            let mut report: *mut waflows_report = std::ptr::null_mut();
            let rc = waflows_flow_json_validate(bytes.as_ptr(), bytes.len(), mode, mode % 2 == 0, &mut report);
            prop_assert!(known(rc));
            prop_assert_eq!(rc == waflows_result::OK, !report.is_null());
            waflows_report_free(report);
            let mut report: *mut waflows_report = std::ptr::null_mut();
            let rc = waflows_flow_json_validate_with(bytes.as_ptr(), bytes.len(), bytes.as_ptr(), bytes.len(), &mut report);
            prop_assert!(known(rc));
            prop_assert_eq!(rc == waflows_result::OK, !report.is_null());
            waflows_report_free(report);

            let mut key: *mut waflows_key = std::ptr::null_mut();
            let rc = waflows_key_from_pem(bytes.as_ptr(), bytes.len(), bytes.as_ptr(), bytes.len(), &mut key);
            prop_assert!(known(rc) && rc != waflows_result::OK);
            prop_assert!(key.is_null());
        }
    }
}

#[test]
fn null_pointers_are_null_parameter_not_crashes() {
    // SAFETY: exercising the documented NULL behaviour.
    unsafe {
        let mut out: *mut waflows_bytes = std::ptr::null_mut();
        assert_eq!(
            waflows_ingest_extract(std::ptr::null(), 3, std::ptr::null(), 0, &mut out),
            waflows_result::NULL_PARAMETER
        );
        assert_eq!(
            waflows_ingest_extract(b"{}".as_ptr(), 2, std::ptr::null(), 0, std::ptr::null_mut()),
            waflows_result::NULL_PARAMETER
        );
        assert_eq!(
            waflows_template_variables(std::ptr::null(), 1, &mut out),
            waflows_result::NULL_PARAMETER
        );
        assert!(out.is_null());
        let mut report: *mut waflows_report = std::ptr::null_mut();
        assert_eq!(
            waflows_flow_json_validate(std::ptr::null(), 5, 0, false, &mut report),
            waflows_result::NULL_PARAMETER
        );
        assert_eq!(
            waflows_key_decrypt_request(std::ptr::null(), b"{}".as_ptr(), 2, std::ptr::null_mut()),
            waflows_result::NULL_PARAMETER
        );
        #[cfg(feature = "ffi-test")]
        assert_eq!(waflows_test_panic(), waflows_result::PANIC);
    }
}

/// A panic caught at the C boundary is reported as `WAFLOWS_RESULT_PANIC` and prints nothing
/// on the host's stderr (no "panicked at", no backtrace), while a panic outside the boundary
/// still reaches the host's own hook. Runs itself in a child process to see its stderr.
#[cfg(feature = "ffi-test")]
#[test]
fn caught_panic_prints_nothing_on_stderr() {
    const CHILD: &str = "WAFLOWS_PANIC_CHILD";
    if std::env::var_os(CHILD).is_some() {
        assert_eq!(waflows_test_panic(), waflows_result::PANIC);
        assert_eq!(waflows_test_panic(), waflows_result::PANIC);
        eprint!("child done");
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "api::ffi::caught_panic_prints_nothing_on_stderr",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child failed: {stderr}");
    assert!(
        stderr.contains("child done"),
        "the child did not run: {stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "a caught panic printed: {stderr}"
    );
    assert!(
        !stderr.contains("backtrace"),
        "a caught panic printed: {stderr}"
    );
}

/// Lengths and counts above the documented bounds are `INVALID_ARGUMENT` before any byte is
/// read: the pointers below point at a few bytes only, so reading `len` bytes would be UB
/// (the old code built the slice with `slice::from_raw_parts` unchecked).
#[test]
fn oversized_lengths_and_counts_are_invalid_arguments() {
    let tiny = b"x";
    let huge = [
        WAFLOWS_MAX_INPUT_LEN + 1,
        isize::MAX as usize + 1,
        usize::MAX,
    ];
    for len in huge {
        // SAFETY: the length is refused before the pointer is read.
        let rc = unsafe {
            waflows_verify_signature(
                tiny.as_ptr(),
                len,
                b"sha256=00".as_ptr(),
                9,
                [tiny.as_ptr()].as_ptr(),
                [1].as_ptr(),
                1,
            )
        };
        assert_eq!(rc, ErrorCode::InvalidArgument, "body length {len}");
        // SAFETY: as above (one secret whose length is huge).
        let rc = unsafe {
            waflows_verify_signature(
                tiny.as_ptr(),
                1,
                b"sha256=00".as_ptr(),
                9,
                [tiny.as_ptr()].as_ptr(),
                [len].as_ptr(),
                1,
            )
        };
        assert_eq!(rc, ErrorCode::InvalidArgument, "secret length {len}");
        let mut key: *mut waflows_key = std::ptr::null_mut();
        // SAFETY: as above.
        let rc =
            unsafe { waflows_key_from_pem(tiny.as_ptr(), len, std::ptr::null(), 0, &raw mut key) };
        assert_eq!(rc, ErrorCode::InvalidArgument, "pem length {len}");
        assert!(key.is_null());
    }
    // A secrets count far above the list limit: the arrays hold one entry only.
    for n in [WAFLOWS_MAX_LIST_LEN + 1, usize::MAX] {
        // SAFETY: the count is refused before the arrays are read.
        let rc = unsafe {
            waflows_verify_signature(
                tiny.as_ptr(),
                1,
                b"sha256=00".as_ptr(),
                9,
                [tiny.as_ptr()].as_ptr(),
                [1].as_ptr(),
                n,
            )
        };
        assert_eq!(rc, ErrorCode::InvalidArgument, "{n} secrets");
        let mut claims: *mut waflows_bytes = std::ptr::null_mut();
        // SAFETY: as above.
        let rc = unsafe {
            waflows_token_verify(
                tiny.as_ptr(),
                1,
                [tiny.as_ptr()].as_ptr(),
                [1].as_ptr(),
                n,
                0,
                &raw mut claims,
            )
        };
        assert_eq!(rc, ErrorCode::InvalidArgument, "{n} token secrets");
        assert!(claims.is_null());
    }
}

/// `password = NULL` with a non-zero length is `NULL_PARAMETER`, like every other input (the
/// old code treated it as "no passphrase").
#[test]
fn null_password_with_a_length_is_a_null_parameter() {
    let pem = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/keys/private_pkcs8.pem"),
    )
    .unwrap();
    let mut key: *mut waflows_key = std::ptr::null_mut();
    // SAFETY: valid PEM; NULL password with length 5.
    let rc =
        unsafe { waflows_key_from_pem(pem.as_ptr(), pem.len(), std::ptr::null(), 5, &raw mut key) };
    assert_eq!(rc, waflows_result::NULL_PARAMETER);
    assert!(key.is_null());
    // SAFETY: as above with length 0: no passphrase, which this unencrypted key accepts.
    let rc =
        unsafe { waflows_key_from_pem(pem.as_ptr(), pem.len(), std::ptr::null(), 0, &raw mut key) };
    assert_eq!(rc, waflows_result::OK);
    // SAFETY: a live handle, freed once.
    unsafe { waflows_key_free(key) };
}
