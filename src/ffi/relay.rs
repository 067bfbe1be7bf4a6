//! C surface of the relay: a relay handle (one per flow) and a decision handle (one per
//! request). Configuration and decision details travel as JSON.
use super::{
    Castable, FfiError, OwnedBox, box_handle, ffi_boundary, ffi_result, free_handle, handle_ref,
    need_out, opt_slice, signature_and_identity, slice_from, waflows_bytes, waflows_result,
    write_bytes, write_json, write_out,
};
use crate::Error;
use crate::codec::PrivateKey;
use crate::relay::{CustomerAnswer, DecisionKind, HeldDecision, Inbound, Relay, RelayConfig};

/// The relay for one flow. Create with `waflows_relay_new`, release with `waflows_relay_free`.
/// Immutable: one relay may serve many threads at once.
pub struct waflows_relay {
    _private: [u8; 0],
}

/// The decision for one request. Made by `waflows_relay_handle` / `waflows_decision_resume`,
/// released with `waflows_decision_free`. Use it from one thread at a time.
pub struct waflows_decision {
    _private: [u8; 0],
}

impl Castable for waflows_relay {
    type RustType = Relay;
    type Ownership = OwnedBox;
}
impl Castable for waflows_decision {
    type RustType = HeldDecision;
    type Ownership = OwnedBox;
}

unsafe fn relay_ref<'a>(r: *const waflows_relay) -> Result<&'a Relay, FfiError> {
    // SAFETY: `r` is NULL or a live handle from `waflows_relay_new` (caller contract).
    unsafe { handle_ref(r, "NULL relay") }
}

unsafe fn decision_ref<'a>(d: *const waflows_decision) -> Result<&'a HeldDecision, FfiError> {
    // SAFETY: `d` is NULL or a live handle (caller contract).
    unsafe { handle_ref(d, "NULL decision") }
}

fn decision_handle(d: impl Into<HeldDecision>) -> *mut waflows_decision {
    box_handle(d.into())
}

/// Builds the relay configuration from its JSON: the core's own `Deserialize` for
/// [`RelayConfig`], the reader Python uses too.
fn config_from_json(bytes: &[u8]) -> Result<RelayConfig, Error> {
    crate::config::object_from_json(bytes, "relay configuration")
}

/// Creates a relay for one flow: `flow_json` (its Flow JSON), `pem` (its RSA private key,
/// `password` NULL when unencrypted) and `config_json`, the core's relay configuration as a
/// JSON object (the keys Python's `Relay(...)` takes as keywords):
/// `{"setup": "static" | "platform" | "platform+customer" | "customer", "app_secrets": "s" |
/// [..], "token_secrets": "s" | [..], "flow_id": "..", "policy": "drop_field" | "drop_record"
/// | "keep_and_warn", "coerce_subscription_booleans": true | false, "error_message": "..",
/// "token_error_message": ".."}`. Only `setup` is required; a token secret is a string or
/// `{"id": "k2026", "secret": ".."}` (explicit key id, for rotation); unknown keys are
/// refused. On success `*relay_out` receives a handle to free with `waflows_relay_free`.
/// Errors: `WAFLOWS_RESULT_INVALID_ARGUMENT` (bad configuration, as Python's
/// `InvalidArgument`), `WAFLOWS_RESULT_RELAY_CONFIG_INVALID` (the Flow JSON has no usable
/// screens), `WAFLOWS_RESULT_KEY_*`, `WAFLOWS_RESULT_LIMIT_EXCEEDED`,
/// `WAFLOWS_RESULT_NULL_PARAMETER`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_relay_new(
    flow_json: *const u8,
    flow_json_len: usize,
    pem: *const u8,
    pem_len: usize,
    password: *const u8,
    password_len: usize,
    config_json: *const u8,
    config_json_len: usize,
    relay_out: *mut *mut waflows_relay,
) -> waflows_result {
    ffi_result!({
        need_out(relay_out)?;
        // SAFETY: valid (ptr, len) pairs; password may be NULL.
        let (flow, pem, cfg) = unsafe {
            (
                slice_from(flow_json, flow_json_len)?,
                slice_from(pem, pem_len)?,
                slice_from(config_json, config_json_len)?,
            )
        };
        // SAFETY: NULL or a valid (ptr, len) pair.
        let pw = unsafe { opt_slice(password, password_len) }?;
        let config = config_from_json(cfg)?;
        let key = PrivateKey::from_pem(pem, pw)?;
        let r = Relay::new(flow, key, config)?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(relay_out, box_handle(r)) }
    })
}

/// As `waflows_relay_new`, but with an already loaded key (`waflows_key_from_pem`), shared
/// rather than copied: every relay of a WABA can use one key. The relay holds its own
/// reference, so `key` may be freed before or after the relay.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_relay_new_with_key(
    flow_json: *const u8,
    flow_json_len: usize,
    key: *const super::codec::waflows_key,
    config_json: *const u8,
    config_json_len: usize,
    relay_out: *mut *mut waflows_relay,
) -> waflows_result {
    ffi_result!({
        need_out(relay_out)?;
        // SAFETY: valid (ptr, len) pairs; `key` NULL or live.
        let (flow, cfg, key) = unsafe {
            (
                slice_from(flow_json, flow_json_len)?,
                slice_from(config_json, config_json_len)?,
                super::codec::key_arc(key)?,
            )
        };
        let r = Relay::new(flow, key, config_from_json(cfg)?)?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(relay_out, box_handle(r)) }
    })
}

/// Releases a relay. NULL is ignored. Call once, after every request using it is done.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_relay_free(relay: *mut waflows_relay) {
    ffi_boundary!((), {
        // SAFETY: `relay` came from `waflows_relay_new` and is freed once.
        unsafe { free_handle(relay) }
    })
}

/// Runs one request: `body` exactly as POSTed by Meta, `signature` the `X-Hub-Signature-256`
/// header (NULL when absent), `now` UNIX seconds, `identity` the user's identity when the host
/// knows it (NULL otherwise; a verified flow token's identity wins). Bad input is never an
/// error here: every outcome is a decision. On success `*decision_out` receives a handle to
/// free with `waflows_decision_free`. Thread-safe with respect to `relay`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_relay_handle(
    relay: *const waflows_relay,
    body: *const u8,
    body_len: usize,
    signature: *const u8,
    signature_len: usize,
    now: u64,
    identity: *const u8,
    identity_len: usize,
    decision_out: *mut *mut waflows_decision,
) -> waflows_result {
    ffi_result!({
        need_out(decision_out)?;
        // SAFETY: `relay` NULL or live; valid (ptr, len) pair.
        let (r, b) = unsafe { (relay_ref(relay)?, slice_from(body, body_len)?) };
        // SAFETY: NULL or valid (ptr, len) pairs.
        let (sig, id) =
            unsafe { signature_and_identity(signature, signature_len, identity, identity_len)? };
        let d = r.handle(
            Inbound::new(b, now)
                .with_signature(sig.as_deref())
                .with_identity(id),
        );
        // SAFETY: checked non-NULL.
        unsafe { write_out(decision_out, decision_handle(d)) }
    })
}

/// Releases a decision (and its continuation, zeroizing the request's AES key). NULL is
/// ignored.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_decision_free(decision: *mut waflows_decision) {
    ffi_boundary!((), {
        // SAFETY: `decision` came from this library and is freed once.
        unsafe { free_handle(decision) }
    })
}

/// `WAFLOWS_DECISION_REPLY` or `WAFLOWS_DECISION_FORWARD` (0 when `decision` is NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_decision_kind(decision: *const waflows_decision) -> u32 {
    ffi_boundary!(0, {
        // SAFETY: NULL or live.
        match unsafe { decision_ref(decision) } {
            Ok(d) if d.reply().is_some() => DecisionKind::Reply as u32,
            Ok(_) => DecisionKind::Forward as u32,
            Err(_) => 0,
        }
    })
}

/// The HTTP status to answer with (0 for a forward or a NULL decision).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_decision_status(decision: *const waflows_decision) -> u16 {
    ffi_boundary!(0, {
        // SAFETY: NULL or live.
        unsafe { decision_ref(decision) }
            .ok()
            .and_then(HeldDecision::reply)
            .map_or(0, |r| r.status)
    })
}

/// Copies the HTTP body of a reply (encrypted base64 text, possibly empty; send it as
/// `text/plain`) into `*body_out`; free it with `waflows_bytes_free`. For a forward:
/// `WAFLOWS_RESULT_INVALID_ARGUMENT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_decision_body(
    decision: *const waflows_decision,
    body_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(body_out)?;
        // SAFETY: NULL or live.
        match unsafe { decision_ref(decision) }?.reply() {
            Some(r) => {
                // SAFETY: checked non-NULL.
                unsafe { write_bytes(body_out, r.body.as_str()) }
            }
            None => Err(Error::invalid_argument(
                "a forward decision has no body; see waflows_decision_forward_json",
            )
            .into()),
        }
    })
}

/// Copies the JSON to POST to the customer endpoint (user plaintext: do not log it) into
/// `*json_out`; free it with `waflows_bytes_free`. For a reply:
/// `WAFLOWS_RESULT_INVALID_ARGUMENT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_decision_forward_json(
    decision: *const waflows_decision,
    json_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(json_out)?;
        // SAFETY: NULL or live.
        match unsafe { decision_ref(decision) }?.forward_json() {
            Some(json) => {
                // SAFETY: checked non-NULL.
                unsafe { write_bytes(json_out, json) }
            }
            None => Err(Error::invalid_argument("a reply decision has nothing to forward").into()),
        }
    })
}

/// Describes the decision as JSON, for logs and ingestion (no key, no ciphertext, no forwarded
/// plaintext): the core's serialisation of a decision, `{"kind": "reply" | "forward",
/// "status", "reply_kind", "screen", "records": [...], "problems": [...], "identity", "error":
/// {"code","message"} | null, "notification": {"error_key","error_message","screen"} | null,
/// "dropped_keys": [...]}` (Python's `Decision.to_dict()` gives the same). `records` are the
/// CleverTap upload records (pass them to `waflows_ingest_upload_bodies`). Free with
/// `waflows_bytes_free`. Errors: `WAFLOWS_RESULT_NULL_PARAMETER`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_decision_to_json(
    decision: *const waflows_decision,
    json_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(json_out)?;
        // SAFETY: NULL or live.
        let d = unsafe { decision_ref(decision) }?;
        // SAFETY: checked non-NULL.
        unsafe { write_json(json_out, d) }
    })
}

/// Finishes a forward with the customer endpoint's answer (`status`, `body` bytes). On
/// success `*decision_out` receives a new reply decision (free both). A bad answer is not an
/// error: the reply is then a fallback (see `waflows_decision_to_json`). Errors:
/// `WAFLOWS_RESULT_INVALID_ARGUMENT` (not a forward), `WAFLOWS_RESULT_RELAY_CONTINUATION_USED`
/// (resumed before).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_decision_resume(
    decision: *const waflows_decision,
    status: u16,
    body: *const u8,
    body_len: usize,
    decision_out: *mut *mut waflows_decision,
) -> waflows_result {
    ffi_result!({
        need_out(decision_out)?;
        // SAFETY: NULL or live; valid (ptr, len) pair.
        let (d, b) = unsafe { (decision_ref(decision)?, slice_from(body, body_len)?) };
        let c = d.take_continuation()?;
        let reply = c.resume(CustomerAnswer::Http { status, body: b });
        // SAFETY: checked non-NULL.
        unsafe { write_out(decision_out, decision_handle(reply)) }
    })
}

/// The body of `waflows_decision_timeout` / `_unreachable`: resumes the held forward with an
/// answer that is not the customer's.
///
/// # Safety
/// `decision` is NULL or live; `decision_out` NULL or writable.
unsafe fn finish_without_answer(
    decision: *const waflows_decision,
    answer: CustomerAnswer,
    decision_out: *mut *mut waflows_decision,
) -> waflows_result {
    ffi_result!({
        need_out(decision_out)?;
        // SAFETY: NULL or live.
        let d = unsafe { decision_ref(decision) }?;
        let reply = d.take_continuation()?.resume(answer);
        // SAFETY: checked non-NULL.
        unsafe { write_out(decision_out, decision_handle(reply)) }
    })
}

/// Finishes a forward whose customer endpoint did not answer in time. As
/// `waflows_decision_resume`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_decision_timeout(
    decision: *const waflows_decision,
    decision_out: *mut *mut waflows_decision,
) -> waflows_result {
    // SAFETY: forwarded contract.
    unsafe { finish_without_answer(decision, CustomerAnswer::Timeout, decision_out) }
}

/// Finishes a forward whose customer endpoint could not be reached (connection refused or
/// reset, name resolution, TLS): the fallback reply, whose error is
/// `WAFLOWS_RESULT_RELAY_CUSTOMER_UNREACHABLE` (a timeout is `waflows_decision_timeout`). As
/// `waflows_decision_resume`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_decision_unreachable(
    decision: *const waflows_decision,
    decision_out: *mut *mut waflows_decision,
) -> waflows_result {
    // SAFETY: forwarded contract.
    unsafe { finish_without_answer(decision, CustomerAnswer::Unreachable, decision_out) }
}
