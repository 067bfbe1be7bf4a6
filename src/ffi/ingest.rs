//! C surface of ingestion: JSON in, JSON out (`waflows_bytes`).
use super::{
    config_from, ffi_boundary, ffi_result, need_out, slice_from, waflows_bytes, waflows_result,
    write_bytes, write_json,
};
use crate::ingest;

/// Extracts `ct-evt` / `ct-up` from a payload (`payload`, `payload_len` bytes of JSON: a
/// decrypted request's `data` or a completion's `response_json`). `options_json` is the
/// core's extraction options as JSON, or NULL (length 0) for the defaults:
/// `{"policy": "drop_field" | "drop_record" | "keep_and_warn", "coerce_subscription_booleans":
/// true | false}` (both optional; unknown keys are refused). On success `*result_out` receives
/// JSON `{"event": {"evtName","evtData"} | null, "profile": {...} | null, "problems": [...],
/// "rest": {...}}`; each problem is `{"code","key","pointer","message","outcome","value"?}`.
/// Free it with `waflows_bytes_free`. Errors: `WAFLOWS_RESULT_INVALID_PAYLOAD` (not a JSON
/// object), `WAFLOWS_RESULT_LIMIT_EXCEEDED`, `WAFLOWS_RESULT_INVALID_ARGUMENT` (bad options),
/// `WAFLOWS_RESULT_NULL_PARAMETER`. Thread-safe (no shared state).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_ingest_extract(
    payload: *const u8,
    payload_len: usize,
    options_json: *const u8,
    options_json_len: usize,
    result_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(result_out)?;
        // SAFETY: valid (ptr, len) pairs; the options may be NULL.
        let (bytes, options) = unsafe {
            (
                slice_from(payload, payload_len)?,
                config_from::<ingest::Options>(options_json, options_json_len, "options_json")?,
            )
        };
        let x = ingest::extract_json(bytes, &options)?;
        // SAFETY: checked non-NULL.
        unsafe { write_json(result_out, &x) }
    })
}

/// Ingests a whole messages-webhook body (`body`, `body_len` bytes). `options_json` is the
/// core's webhook options as JSON, or NULL (length 0) for the defaults: `{"policy":
/// "drop_field" | "drop_record" | "keep_and_warn", "coerce_subscription_booleans": true |
/// false, "identity_style": "as_sent" | "plus_prefixed", "fallback_event": "name" | null}`
/// (all optional; unknown keys are refused). On success `*result_out` receives JSON
/// `{"records": [...], "problems": [...], "completions": [{"message_id", "identity", "wa_id",
/// "user_id", "flow_token", "ts", "pointer", "response"}]}` (`response` is the submitted
/// `response_json` without the ingestion keys); free it with `waflows_bytes_free`. Errors:
/// `WAFLOWS_RESULT_INVALID_WEBHOOK`, `WAFLOWS_RESULT_LIMIT_EXCEEDED`,
/// `WAFLOWS_RESULT_INVALID_ARGUMENT` (bad options), `WAFLOWS_RESULT_NULL_PARAMETER`.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_ingest_webhook(
    body: *const u8,
    body_len: usize,
    options_json: *const u8,
    options_json_len: usize,
    result_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(result_out)?;
        // SAFETY: valid (ptr, len) pairs; the options may be NULL.
        let (bytes, opts) = unsafe {
            (
                slice_from(body, body_len)?,
                config_from::<ingest::WebhookOptions>(
                    options_json,
                    options_json_len,
                    "options_json",
                )?,
            )
        };
        let got = ingest::ingest_webhook_with(bytes, &opts)?;
        // SAFETY: checked non-NULL.
        unsafe { write_json(result_out, &got) }
    })
}

/// Splits upload records (`records_json`: a JSON array of record objects, as found in
/// `"records"` above) into CleverTap upload bodies `{"d":[...]}` of at most 1000 records.
/// `*bodies_out` receives the bodies one per line (`\n`-separated compact JSON; empty when
/// there are no records); free it with `waflows_bytes_free`. Errors:
/// `WAFLOWS_RESULT_INVALID_RECORD`, `WAFLOWS_RESULT_LIMIT_EXCEEDED`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_ingest_upload_bodies(
    records_json: *const u8,
    records_json_len: usize,
    bodies_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(bodies_out)?;
        // SAFETY: the caller passes a valid (ptr, len) pair.
        let bytes = unsafe { slice_from(records_json, records_json_len) }?;
        let bodies = ingest::upload_bodies_from_json(bytes)?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(bodies_out, bodies.join("\n")) }
    })
}
