//! C surface of the offline preview (`waflows_preview`).
use super::{
    ffi_boundary, ffi_result, need_out, opt_slice, slice_from, waflows_bytes, waflows_result,
    write_bytes,
};
use crate::preview::{self, Options};

/// Renders the offline preview page of a Flow JSON document (`flow_json`, `flow_json_len`
/// bytes): one self-contained UTF-8 HTML page (no script, no remote load) written to
/// `*html_out` (free it with `waflows_bytes_free`).
///
/// `options_json` is NULL (every screen, `__example__` data, storyboard arrows) or the JSON
/// of the options: `{"screen": "ID", "data": {"SCREEN": {"field": value}}, "storyboard": true}`
/// (every key optional; an unknown key is an error).
///
/// Errors: `WAFLOWS_RESULT_NULL_PARAMETER` (NULL `flow_json` with a non-zero length, NULL
/// `html_out`), `WAFLOWS_RESULT_INVALID_ARGUMENT` (options are not that JSON),
/// `WAFLOWS_RESULT_FLOW_JSON_TOO_LARGE`, `WAFLOWS_RESULT_FLOW_JSON_MALFORMED`,
/// `WAFLOWS_RESULT_PREVIEW_SCREEN_UNKNOWN`, `WAFLOWS_RESULT_PREVIEW_DATA_INVALID`,
/// `WAFLOWS_RESULT_PREVIEW_TOO_LARGE`, `WAFLOWS_RESULT_PREVIEW_TOO_DEEP`,
/// `WAFLOWS_RESULT_PANIC`. `*html_out` is written only on success. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_preview(
    flow_json: *const u8,
    flow_json_len: usize,
    options_json: *const u8,
    options_json_len: usize,
    html_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(html_out)?;
        // SAFETY: the caller passes valid (ptr, len) pairs.
        let flow = unsafe { slice_from(flow_json, flow_json_len) }?;
        // SAFETY: as above; NULL means "no options".
        let opts = match unsafe { opt_slice(options_json, options_json_len) }? {
            Some(o) => Options::from_json(o)?,
            None => Options::default(),
        };
        let html = preview::render(flow, &opts)?;
        // SAFETY: checked non-NULL above.
        unsafe { write_bytes(html_out, html) }
    })
}

/// Renders a simulator trace as one offline HTML page (the screens the user saw, in order,
/// with their inputs, the messages shown, then the `complete` payload and CleverTap records).
/// `flow_json` is the simulated flow; `trace_json` the trace JSON `waflows_simulate` returned
/// (every key optional). The page is written to `*html_out` (free it with
/// `waflows_bytes_free`).
///
/// Errors: `WAFLOWS_RESULT_NULL_PARAMETER` (NULL `flow_json` or `trace_json` with a non-zero
/// length, NULL `html_out`), `WAFLOWS_RESULT_INVALID_ARGUMENT` (the trace is not that JSON),
/// `WAFLOWS_RESULT_FLOW_JSON_TOO_LARGE`, `WAFLOWS_RESULT_FLOW_JSON_MALFORMED`,
/// `WAFLOWS_RESULT_PREVIEW_SCREEN_UNKNOWN` (the trace shows a screen the flow does not have),
/// `WAFLOWS_RESULT_PREVIEW_TOO_LARGE`, `WAFLOWS_RESULT_PREVIEW_TOO_DEEP`,
/// `WAFLOWS_RESULT_PANIC`. `*html_out` is written only on success. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_preview_trace(
    flow_json: *const u8,
    flow_json_len: usize,
    trace_json: *const u8,
    trace_json_len: usize,
    html_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(html_out)?;
        // SAFETY: the caller passes valid (ptr, len) pairs.
        let flow = unsafe { slice_from(flow_json, flow_json_len) }?;
        // SAFETY: as above.
        let trace_bytes = unsafe { slice_from(trace_json, trace_json_len) }?;
        let trace: crate::simulator::Trace = serde_json::from_slice(trace_bytes)
            .map_err(|e| crate::Error::invalid_argument(format!("the trace JSON: {e}")))?;
        let html = preview::render_trace(flow, &trace)?;
        // SAFETY: checked non-NULL above.
        unsafe { write_bytes(html_out, html) }
    })
}
