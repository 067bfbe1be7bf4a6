//! C surface of the flow simulator: JSON in, trace JSON out.
use std::ffi::c_void;

use serde_json::Value;

use super::{
    FfiError, ffi_boundary, ffi_result, need_out, opt_str, slice_from, waflows_bytes,
    waflows_result, write_bytes,
};
use crate::relay::Setup;
use crate::simulator::{Endpoint, RelayEndpoint, Script, simulate};
use crate::{Error, ErrorCode};

/// Capacity of the buffer a `waflows_simulate_answer_fn` writes its answer into (1 MiB).
pub const WAFLOWS_SIMULATE_ANSWER_CAPACITY: usize = 1 << 20;

/// Answers one endpoint request during `waflows_simulate_with_callback`. It receives the
/// decrypted request JSON (`request`, `request_len` bytes, not NUL-terminated; behind a relay,
/// the JSON the relay forwards to the customer endpoint) and writes the decrypted answer JSON
/// (e.g. `{"screen":"B","data":{…}}`) into `answer` (capacity `answer_cap` bytes), storing its
/// length in `*answer_len`. Return 0 on success; any other value stops the simulation with
/// `WAFLOWS_RESULT_SIMULATOR_ANSWER_INVALID`. Called on the caller's thread, synchronously.
pub type waflows_simulate_answer_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        request: *const u8,
        request_len: usize,
        answer: *mut u8,
        answer_cap: usize,
        answer_len: *mut usize,
    ) -> i32,
>;

fn parse_script(script: &[u8]) -> Result<Script, Error> {
    serde_json::from_slice(script).map_err(|e| {
        Error::new(
            ErrorCode::SimulatorScriptInvalid,
            format!("the script does not parse: {e}"),
        )
    })
}

fn finish(trace: &crate::simulator::Trace, out: *mut *mut waflows_bytes) -> Result<(), FfiError> {
    let bytes = serde_json::to_vec(trace)
        .map_err(|e| Error::new(ErrorCode::SimulatorLimitExceeded, e.to_string()))?;
    // SAFETY: the caller checked `out` with need_out.
    unsafe { write_bytes(out, bytes) }
}

/// Simulates a flow. `flow` is the Flow JSON, `script` the script JSON
/// (`{"steps":[{"fill":{…}},{"tap":"footer"},{"back":true}], …}`), `answers` (optional: NULL
/// for none) the endpoint answers JSON — a list of answers, or
/// `{"relay":{"setup":"platform"|"platform+customer","customer":[…]}}` to run this library's
/// relay in-process across the real codec. On success `*trace_out` receives the trace JSON
/// (`screens`, `views`, `requests`, `exchanges`, `messages`, `complete`, `records`, `refused`,
/// …); a step the phone refuses is a success with `refused` set. Free it with
/// `waflows_bytes_free`. Errors: `WAFLOWS_RESULT_SIMULATOR_SCRIPT_INVALID`,
/// `WAFLOWS_RESULT_SIMULATOR_ANSWER_INVALID`, `WAFLOWS_RESULT_SIMULATOR_LIMIT_EXCEEDED`,
/// `WAFLOWS_RESULT_SIMULATOR_EXPRESSION_INVALID`, `WAFLOWS_RESULT_SIMULATOR_FLOW_UNSUPPORTED`,
/// `WAFLOWS_RESULT_FLOW_JSON_MALFORMED`, `WAFLOWS_RESULT_FLOW_JSON_TOO_LARGE`,
/// `WAFLOWS_RESULT_INVALID_ARGUMENT` (text not UTF-8), `WAFLOWS_RESULT_NULL_PARAMETER`.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_simulate(
    flow: *const u8,
    flow_len: usize,
    script: *const u8,
    script_len: usize,
    answers: *const u8,
    answers_len: usize,
    trace_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(trace_out)?;
        // SAFETY: the caller passes valid (ptr, len) pairs.
        let flow = unsafe { slice_from(flow, flow_len) }?;
        // SAFETY: as above.
        let script = parse_script(unsafe { slice_from(script, script_len) }?)?;
        // SAFETY: as above (NULL = no answers).
        let answers = unsafe { opt_str(answers, answers_len) }?;
        let endpoint = match answers {
            None => Endpoint::None,
            Some(text) => {
                let v: Value = serde_json::from_str(text).map_err(|e| {
                    Error::new(
                        ErrorCode::SimulatorAnswerInvalid,
                        format!("the answers do not parse: {e}"),
                    )
                })?;
                Endpoint::from_json(flow, v)?
            }
        };
        let trace = simulate(flow, &script, endpoint)?;
        finish(&trace, trace_out)
    })
}

/// As `waflows_simulate`, with answers from `callback` (called with `user_data`). With
/// `relay_setup` NULL the callback is the endpoint itself; with `relay_setup` =
/// `"platform+customer"` (`relay_setup_len` bytes) the requests go through this library's relay
/// in-process and the callback answers as the customer endpoint. Errors: as
/// `waflows_simulate`, plus `WAFLOWS_RESULT_INVALID_ARGUMENT` for an unknown `relay_setup` and
/// `WAFLOWS_RESULT_NULL_PARAMETER` for a NULL `callback`. Thread-safe if the callback is.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_simulate_with_callback(
    flow: *const u8,
    flow_len: usize,
    script: *const u8,
    script_len: usize,
    callback: waflows_simulate_answer_fn,
    user_data: *mut c_void,
    relay_setup: *const u8,
    relay_setup_len: usize,
    trace_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(trace_out)?;
        let Some(cb) = callback else {
            return Err(FfiError::NullParameter("NULL callback"));
        };
        // SAFETY: the caller passes valid (ptr, len) pairs.
        let flow = unsafe { slice_from(flow, flow_len) }?;
        // SAFETY: as above.
        let script = parse_script(unsafe { slice_from(script, script_len) }?)?;
        // SAFETY: as above (NULL = no relay).
        let setup = unsafe { opt_str(relay_setup, relay_setup_len) }?
            .map(|s| s.parse::<Setup>().map_err(Error::from))
            .transpose()?;
        let mut buf = vec![0u8; WAFLOWS_SIMULATE_ANSWER_CAPACITY];
        let answer = move |req: &Value| -> Result<Value, Error> {
            let bad = |m: String| Error::new(ErrorCode::SimulatorAnswerInvalid, m);
            let text = req.to_string();
            let mut len = 0usize;
            // SAFETY: the callback contract: it reads `text` and writes at most `cap` bytes
            // into `buf`, and its length into `len`.
            let rc = unsafe {
                cb(
                    user_data,
                    text.as_ptr(),
                    text.len(),
                    buf.as_mut_ptr(),
                    buf.len(),
                    &raw mut len,
                )
            };
            if rc != 0 {
                return Err(bad(format!("the answer callback returned {rc}")));
            }
            let got = buf
                .get(..len)
                .ok_or_else(|| bad(format!("the answer callback reported {len} bytes")))?;
            serde_json::from_slice(got)
                .map_err(|e| bad(format!("the callback's answer is not JSON: {e}")))
        };
        let endpoint = match setup {
            None => Endpoint::Callback(Box::new(answer)),
            Some(s) => Endpoint::Relay(Box::new(RelayEndpoint::generated(
                flow,
                s,
                Endpoint::Callback(Box::new(answer)),
            )?)),
        };
        let trace = simulate(flow, &script, endpoint)?;
        finish(&trace, trace_out)
    })
}
