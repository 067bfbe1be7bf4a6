//! C surface of the endpoint: an endpoint handle (one per flow or key) and an exchange handle
//! (one per request). Two calls: `waflows_flow_endpoint_handle` (checks, decrypts, ingests) and,
//! when the host is asked, `waflows_exchange_answer` (checks and encrypts the host's answer).
//! Configuration, request, answer and response travel as the JSON the Rust types define.
use std::ffi::c_void;
use std::sync::Mutex;

use super::{
    Castable, FfiError, OwnedBox, box_handle, ffi_boundary, ffi_result, free_handle, handle_ref,
    need_out, opt_slice, signature_and_identity, slice_from, waflows_bytes, waflows_result,
    write_bytes, write_out,
};
use crate::endpoint::{Answer, Endpoint, EndpointConfig, Pending, Response, Step};
use crate::relay::Inbound;
use crate::{Error, ErrorCode};

/// A complete flow endpoint. Create with `waflows_flow_endpoint_new`, release with
/// `waflows_flow_endpoint_free`. Immutable: one endpoint may serve many threads at once.
pub struct waflows_flow_endpoint {
    _private: [u8; 0],
}

/// One request through the endpoint. Made by `waflows_flow_endpoint_handle`, released with
/// `waflows_exchange_free`. Use it from one thread at a time.
pub struct waflows_exchange {
    _private: [u8; 0],
}

impl Castable for waflows_flow_endpoint {
    type RustType = Endpoint;
    type Ownership = OwnedBox;
}

impl Castable for waflows_exchange {
    type RustType = Exchange;
    type Ownership = OwnedBox;
}

/// `waflows_exchange_state`: the response is ready (`waflows_exchange_status`,
/// `waflows_exchange_body`, `waflows_exchange_response_json`).
pub const WAFLOWS_EXCHANGE_RESPONSE: u32 = 1;
/// `waflows_exchange_state`: the host must answer: read `waflows_exchange_request_json`, then
/// call `waflows_exchange_answer`.
pub const WAFLOWS_EXCHANGE_ASK: u32 = 2;

enum State {
    Response(Response),
    Ask { pending: Pending, request: String },
    Gone,
}

pub(crate) struct Exchange(Mutex<State>);

impl Exchange {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        match self.0.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }
}

unsafe fn endpoint_ref<'a>(e: *const waflows_flow_endpoint) -> Result<&'a Endpoint, FfiError> {
    // SAFETY: `e` is NULL or a live handle from `waflows_flow_endpoint_new` (caller contract).
    unsafe { handle_ref(e, "NULL endpoint") }
}

unsafe fn exchange_ref<'a>(x: *const waflows_exchange) -> Result<&'a Exchange, FfiError> {
    // SAFETY: `x` is NULL or a live handle (caller contract).
    unsafe { handle_ref(x, "NULL exchange") }
}

/// Creates an endpoint: `flow_json` its Flow JSON (NULL: answers are checked for shape only),
/// `key` a loaded key (`waflows_key_from_pem`; shared, the endpoint holds its own reference)
/// and `config_json` the configuration, a JSON object (NULL or `{}` for the defaults):
/// `{"app_secrets": ".." | [".."], "token_secrets": ".." | [".." | {"id": "..", "secret":
/// ".."}], "flow_id": "..", "policy": "drop_field" | "drop_record" | "keep_and_warn",
/// "coerce_subscription_booleans": true | false, "error_message": "..",
/// "token_error_message": "..", "max_body_bytes": 1048576}` — the keys, types and defaults of
/// the relay's configuration (`waflows_relay_new`) without `setup`, plus `max_body_bytes`;
/// unknown keys are rejected (the old `ingest_policy` too: it is now `policy`).
/// On success `*endpoint_out` receives a handle to free with `waflows_flow_endpoint_free`.
/// Errors: `WAFLOWS_RESULT_NULL_PARAMETER`, `WAFLOWS_RESULT_ENDPOINT_CONFIG_INVALID`,
/// `WAFLOWS_RESULT_RELAY_CONFIG_INVALID` (unusable Flow JSON), `WAFLOWS_RESULT_LIMIT_EXCEEDED`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_flow_endpoint_new(
    flow_json: *const u8,
    flow_json_len: usize,
    key: *const super::codec::waflows_key,
    config_json: *const u8,
    config_json_len: usize,
    endpoint_out: *mut *mut waflows_flow_endpoint,
) -> waflows_result {
    ffi_result!({
        need_out(endpoint_out)?;
        // SAFETY: NULL or valid (ptr, len) pairs; `key` NULL or live.
        let (flow, cfg, key) = unsafe {
            (
                opt_slice(flow_json, flow_json_len)?,
                opt_slice(config_json, config_json_len)?,
                super::codec::key_arc(key)?,
            )
        };
        let config = match cfg {
            Some(c) => EndpointConfig::from_json(c)?,
            None => EndpointConfig::default(),
        };
        let e = Endpoint::new(flow, key, config)?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(endpoint_out, box_handle::<waflows_flow_endpoint>(e)) }
    })
}

/// Releases an endpoint. NULL is ignored. Call once, after every exchange using it is done.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_flow_endpoint_free(endpoint: *mut waflows_flow_endpoint) {
    ffi_boundary!((), {
        // SAFETY: `endpoint` came from `waflows_flow_endpoint_new` and is freed once.
        unsafe { free_handle(endpoint) }
    })
}

/// Runs the checks on one request: `body` exactly as POSTed by Meta, `signature` the
/// `X-Hub-Signature-256` header (NULL when absent), `now` UNIX seconds, `identity` the user's
/// identity when the host knows it (NULL otherwise). Bad input is never an error here: every
/// outcome is an exchange, either with its response ready or asking the host. On success
/// `*exchange_out` receives a handle to free with `waflows_exchange_free`. Thread-safe with
/// respect to `endpoint`. Errors: `WAFLOWS_RESULT_NULL_PARAMETER`,
/// `WAFLOWS_RESULT_INVALID_ARGUMENT` (identity not UTF-8).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_flow_endpoint_handle(
    endpoint: *const waflows_flow_endpoint,
    body: *const u8,
    body_len: usize,
    signature: *const u8,
    signature_len: usize,
    now: u64,
    identity: *const u8,
    identity_len: usize,
    exchange_out: *mut *mut waflows_exchange,
) -> waflows_result {
    ffi_result!({
        need_out(exchange_out)?;
        // SAFETY: forwarded contract (NULL or live handle, valid (ptr, len) pairs).
        let state = unsafe {
            first_state(
                endpoint,
                (body, body_len),
                now,
                (signature, signature_len),
                (identity, identity_len),
            )?
        };
        // SAFETY: checked non-NULL.
        unsafe {
            write_out(
                exchange_out,
                box_handle::<waflows_exchange>(Exchange(Mutex::new(state))),
            )
        }
    })
}

/// Runs the endpoint's checks on the C arguments of `waflows_flow_endpoint_handle` /
/// `_serve` and makes the exchange's first state.
///
/// # Safety
/// `endpoint` is NULL or a live handle; each (ptr, len) pair is NULL or valid.
unsafe fn first_state(
    endpoint: *const waflows_flow_endpoint,
    (body, body_len): (*const u8, usize),
    now: u64,
    (signature, signature_len): (*const u8, usize),
    (identity, identity_len): (*const u8, usize),
) -> Result<State, FfiError> {
    // SAFETY: `endpoint` NULL or live; valid (ptr, len) pairs (caller contract).
    let (e, b) = unsafe { (endpoint_ref(endpoint)?, slice_from(body, body_len)?) };
    // SAFETY: NULL or valid (ptr, len) pairs.
    let (sig, id) =
        unsafe { signature_and_identity(signature, signature_len, identity, identity_len)? };
    let inbound = Inbound::new(b, now)
        .with_signature(sig.as_deref())
        .with_identity(id);
    Ok(match e.handle(inbound) {
        Step::Reply(r) => State::Response(r),
        Step::Ask(p) => {
            let request = serde_json::to_string(&p).map_err(|e| {
                Error::invalid_argument(format!("the request could not be written as JSON: {e}"))
            })?;
            State::Ask {
                pending: p,
                request,
            }
        }
    })
}

/// Answers one request during `waflows_flow_endpoint_serve`: it receives the request JSON (as
/// `waflows_exchange_request_json` gives it; `request_json_len` bytes, not NUL-terminated) and
/// the exchange, and answers by calling `waflows_exchange_answer(exchange, ...)` before it
/// returns (it must not free the exchange). Return 0 on success. Called synchronously on the
/// caller's thread.
pub type waflows_flow_endpoint_answer_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        request_json: *const u8,
        request_json_len: usize,
        exchange: *const waflows_exchange,
    ) -> i32,
>;

/// `waflows_flow_endpoint_handle` with the business logic as a callback: when the host must
/// answer, `answer_fn(user_data, request_json, len, exchange)` is called once and answers with
/// `waflows_exchange_answer`. If it returns non-zero, or returns without a valid answer, the
/// request is answered as failed (HTTP 500, `endpoint_handler_failed`), so the exchange always
/// comes back with its response ready. On success `*exchange_out` receives it (free with
/// `waflows_exchange_free`). Errors: `WAFLOWS_RESULT_NULL_PARAMETER` (also for a NULL
/// `answer_fn`), `WAFLOWS_RESULT_INVALID_ARGUMENT` (identity not UTF-8).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_flow_endpoint_serve(
    endpoint: *const waflows_flow_endpoint,
    body: *const u8,
    body_len: usize,
    signature: *const u8,
    signature_len: usize,
    now: u64,
    identity: *const u8,
    identity_len: usize,
    answer_fn: waflows_flow_endpoint_answer_fn,
    user_data: *mut c_void,
    exchange_out: *mut *mut waflows_exchange,
) -> waflows_result {
    ffi_result!({
        need_out(exchange_out)?;
        let Some(answer_fn) = answer_fn else {
            return Err(FfiError::NullParameter("NULL answer_fn"));
        };
        // SAFETY: forwarded contract (NULL or live handle, valid (ptr, len) pairs).
        let state = unsafe {
            first_state(
                endpoint,
                (body, body_len),
                now,
                (signature, signature_len),
                (identity, identity_len),
            )?
        };
        let request = match &state {
            State::Ask { request, .. } => Some(request.clone()),
            _ => None,
        };
        let x = box_handle::<waflows_exchange>(Exchange(Mutex::new(state)));
        if let Some(request) = request {
            // SAFETY: a C function pointer given by the caller; `request` and `x` are alive
            // for the call; the lock is not held, so the callback may answer.
            let rc = unsafe { answer_fn(user_data, request.as_ptr(), request.len(), x) };
            // SAFETY: `x` is the live handle made above (the callback must not free it).
            let ex = unsafe { exchange_ref(x) }?;
            let mut g = ex.lock();
            if let State::Ask { .. } = &*g {
                if let State::Ask { pending, .. } = std::mem::replace(&mut *g, State::Gone) {
                    let reason = if rc == 0 {
                        "the answer callback returned without answering".to_owned()
                    } else {
                        format!("the answer callback failed ({rc})")
                    };
                    *g = State::Response(pending.answer(Answer::Failed {
                        reason: Some(reason),
                    }));
                }
            }
        }
        // SAFETY: checked non-NULL.
        unsafe { write_out(exchange_out, x) }
    })
}

/// Releases an exchange (zeroizing the request's AES key). NULL is ignored.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_exchange_free(exchange: *mut waflows_exchange) {
    ffi_boundary!((), {
        // SAFETY: `exchange` came from this library and is freed once.
        unsafe { free_handle(exchange) }
    })
}

/// `WAFLOWS_EXCHANGE_RESPONSE` or `WAFLOWS_EXCHANGE_ASK` (0 when `exchange` is NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_exchange_state(exchange: *const waflows_exchange) -> u32 {
    ffi_boundary!(0, {
        // SAFETY: NULL or live.
        match unsafe { exchange_ref(exchange) } {
            Ok(x) => match &*x.lock() {
                State::Response(_) => WAFLOWS_EXCHANGE_RESPONSE,
                State::Ask { .. } => WAFLOWS_EXCHANGE_ASK,
                State::Gone => 0,
            },
            Err(_) => 0,
        }
    })
}

/// Copies the request the host must answer, as JSON: `{"request": {"action", "screen",
/// "data", "flow_token", "version", "identity"}, "records": [..], "problems": [..]}`
/// (user plaintext: do not log it). Free with `waflows_bytes_free`. Errors:
/// `WAFLOWS_RESULT_NULL_PARAMETER`; `WAFLOWS_RESULT_INVALID_ARGUMENT` when the exchange is not
/// asking (its response is ready).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_exchange_request_json(
    exchange: *const waflows_exchange,
    json_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(json_out)?;
        // SAFETY: NULL or live.
        let x = unsafe { exchange_ref(exchange) }?;
        match &*x.lock() {
            // SAFETY: checked non-NULL.
            State::Ask { request, .. } => unsafe { write_bytes(json_out, request.as_str()) },
            _ => Err(Error::invalid_argument("this exchange is not waiting for an answer").into()),
        }
    })
}

/// Gives the host's answer, a JSON object: `{"type": "next_screen", "screen": "..", "data":
/// {..}}`, `{"type": "close", "params": {..}}`, `{"type": "error_message", "message": ".."}`,
/// `{"type": "token_no_longer_valid", "message": ".."}` or `{"type": "failed", "reason":
/// ".."}` (the handler failed: HTTP 500). The answer is checked against the Flow JSON and
/// encrypted; a bad one is replaced (not an error: see the response's `kind` and `error`).
/// Afterwards the exchange's response is ready. Errors: `WAFLOWS_RESULT_NULL_PARAMETER`;
/// `WAFLOWS_RESULT_ENDPOINT_ANSWER_INVALID` when `answer_json` is not an answer (the exchange
/// still waits: answer again, or with `{"type":"failed"}`);
/// `WAFLOWS_RESULT_ENDPOINT_ALREADY_ANSWERED` when the exchange is not asking.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_exchange_answer(
    exchange: *const waflows_exchange,
    answer_json: *const u8,
    answer_json_len: usize,
) -> waflows_result {
    ffi_result!({
        // SAFETY: NULL or live; valid (ptr, len) pair.
        let (x, a) = unsafe {
            (
                exchange_ref(exchange)?,
                slice_from(answer_json, answer_json_len)?,
            )
        };
        let answer = Answer::from_json(a)?;
        let mut g = x.lock();
        match std::mem::replace(&mut *g, State::Gone) {
            State::Ask { pending, .. } => {
                *g = State::Response(pending.answer(answer));
                Ok(())
            }
            other => {
                *g = other;
                Err(Error::new(
                    ErrorCode::EndpointAlreadyAnswered,
                    "this exchange is not waiting for an answer",
                )
                .into())
            }
        }
    })
}

/// The HTTP status to answer with (0 while the exchange is asking, or for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_exchange_status(exchange: *const waflows_exchange) -> u16 {
    ffi_boundary!(0, {
        // SAFETY: NULL or live.
        match unsafe { exchange_ref(exchange) } {
            Ok(x) => match &*x.lock() {
                State::Response(r) => r.status,
                _ => 0,
            },
            Err(_) => 0,
        }
    })
}

fn with_response<T>(
    x: &Exchange,
    f: impl FnOnce(&Response) -> Result<T, FfiError>,
) -> Result<T, FfiError> {
    match &*x.lock() {
        State::Response(r) => f(r),
        _ => {
            Err(Error::invalid_argument("the exchange has no response yet; answer it first").into())
        }
    }
}

/// Copies the HTTP body (encrypted base64 text, possibly empty; send it as `text/plain`) into
/// `*body_out`; free it with `waflows_bytes_free`. Errors: `WAFLOWS_RESULT_NULL_PARAMETER`;
/// `WAFLOWS_RESULT_INVALID_ARGUMENT` while the exchange is asking.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_exchange_body(
    exchange: *const waflows_exchange,
    body_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(body_out)?;
        // SAFETY: NULL or live.
        let x = unsafe { exchange_ref(exchange) }?;
        // SAFETY: checked non-NULL.
        with_response(x, |r| unsafe { write_bytes(body_out, r.body.as_str()) })
    })
}

/// Describes the response as JSON, for logs and ingestion (no key, no plaintext): `{"status",
/// "body", "kind", "screen", "records": [..], "problems": [..], "error": {"code", "number",
/// "message"} | null, "notification": {..} | null, "dropped_keys": [..], "identity"}`. The
/// records are the CleverTap upload records. Free with `waflows_bytes_free`. Errors:
/// `WAFLOWS_RESULT_NULL_PARAMETER`; `WAFLOWS_RESULT_INVALID_ARGUMENT` while asking.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_exchange_response_json(
    exchange: *const waflows_exchange,
    json_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(json_out)?;
        // SAFETY: NULL or live.
        let x = unsafe { exchange_ref(exchange) }?;
        // SAFETY: checked non-NULL.
        with_response(x, |r| unsafe { write_bytes(json_out, r.to_json()) })
    })
}
