//! The C ABI called from Rust with hostile input: random bytes, random enum values, NULLs.
//! Every call returns a known result code, writes its output only on success, and never
//! unwinds or aborts.
#![cfg(feature = "ffi")]

use proptest::prelude::*;
use waflows::ErrorCode;
use waflows::ffi::*;

fn known(code: ErrorCode) -> bool {
    ErrorCode::from_number(code as u32) == Some(code) && code != ErrorCode::Panic
}

/// Calls a `(bytes, len, ..., waflows_bytes **out)` export and checks the contract.
fn check_bytes_out(f: impl FnOnce(*mut *mut waflows_bytes) -> ErrorCode) {
    let mut out: *mut waflows_bytes = std::ptr::null_mut();
    let rc = f(&mut out);
    assert!(known(rc), "unexpected result {rc:?}");
    if rc == ErrorCode::Ok {
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
        // SAFETY (every call below): (p, l) is a valid buffer; out-pointers are valid.
        unsafe {
            check_bytes_out(|o| waflows_ingest_extract(p, l, n, o));
            check_bytes_out(|o| waflows_ingest_webhook(p, l, n, o));
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
            prop_assert_eq!(rc == ErrorCode::Ok, !report.is_null());
            waflows_report_free(report);

            let mut key: *mut waflows_key = std::ptr::null_mut();
            let rc = waflows_key_from_pem(bytes.as_ptr(), bytes.len(), bytes.as_ptr(), bytes.len(), &mut key);
            prop_assert!(known(rc) && rc != ErrorCode::Ok);
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
            waflows_ingest_extract(std::ptr::null(), 3, 0, &mut out),
            ErrorCode::NullParameter
        );
        assert_eq!(
            waflows_ingest_extract(b"{}".as_ptr(), 2, 0, std::ptr::null_mut()),
            ErrorCode::NullParameter
        );
        assert_eq!(
            waflows_template_variables(std::ptr::null(), 1, &mut out),
            ErrorCode::NullParameter
        );
        assert!(out.is_null());
        let mut report: *mut waflows_report = std::ptr::null_mut();
        assert_eq!(
            waflows_flow_json_validate(std::ptr::null(), 5, 0, false, &mut report),
            ErrorCode::NullParameter
        );
        assert_eq!(
            waflows_key_decrypt_request(std::ptr::null(), b"{}".as_ptr(), 2, std::ptr::null_mut()),
            ErrorCode::NullParameter
        );
        assert_eq!(waflows_test_panic(), ErrorCode::Panic);
    }
}
