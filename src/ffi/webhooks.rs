//! C surface of the `flows` webhook (status changes and health alerts).
use super::media::json_of;
use super::{
    ffi_boundary, ffi_result, need_out, slice_from, waflows_bytes, waflows_result, write_bytes,
};
use crate::webhooks;

/// Parses a webhook body and returns its `flows` events as a JSON array in `*json_out`
/// (release with `waflows_bytes_free`; nothing is written on failure).
///
/// Each element is `{"waba_id", "time", "pointer", "event", …}` with the change's fields:
/// `FLOW_STATUS_CHANGE` has `flow_id`, `message`, `old_status` (null on creation),
/// `new_status` and `lifecycle_action` (`"throttle"`, `"block"`, `"recover"` or null; feed it
/// to `waflows_lifecycle_apply`); the alerts have `alert_state` (`"ACTIVATED"` /
/// `"DEACTIVATED"`), `threshold` and their metrics (`error_rate` + `errors`, `p50_latency` +
/// `p90_latency` + `requests_count`, `availability`); `FLOW_VERSION_EXPIRY_WARNING` has
/// `warning`. Absent fields are null. Changes of other fields (`messages`) are skipped.
///
/// With `strict` false a change that cannot be typed is kept as `{"event": "UNKNOWN", "code",
/// "reason", "raw"}` (`raw` is the whole value as sent). With `strict` true it fails the call
/// with its code instead.
///
/// Errors: `WAFLOWS_RESULT_FLOWS_WEBHOOK_MALFORMED` (not JSON, no `entry` list, an entry
/// without `changes`; in strict mode also a non-object value),
/// `WAFLOWS_RESULT_FLOWS_WEBHOOK_UNKNOWN_EVENT`, `WAFLOWS_RESULT_FLOWS_WEBHOOK_UNKNOWN_FIELD`,
/// `WAFLOWS_RESULT_FLOWS_WEBHOOK_INVALID_FIELD` (strict mode only),
/// `WAFLOWS_RESULT_LIMIT_EXCEEDED` (body over 4 MiB), `WAFLOWS_RESULT_NULL_PARAMETER`.
/// Pure and thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_flows_events(
    body: *const u8,
    body_len: usize,
    strict: bool,
    json_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(json_out)?;
        // SAFETY: (ptr, len) per the caller contract.
        let body = unsafe { slice_from(body, body_len)? };
        let events = if strict {
            webhooks::flows_events_strict(body)?
        } else {
            webhooks::flows_events(body)?
        };
        let out = json_of(&events)?;
        // SAFETY: checked non-NULL above.
        unsafe { write_bytes(json_out, out) }
    })
}
