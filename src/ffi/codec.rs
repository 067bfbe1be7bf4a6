//! C surface of the endpoint codec: keys, request decryption, responses, signatures, and the
//! test client.
use std::ffi::c_char;

use super::{
    Castable, FfiError, OwnedArc, OwnedBox, arc_handle, box_handle, byte_list, clone_arc,
    ffi_boundary, ffi_result, free_handle, handle_ref, need_out, opt_slice, slice_from, str_from,
    waflows_bytes, waflows_result, write_bytes, write_out,
};
use crate::codec::{self, FlowRequest, PrivateKey, PublicKey, testing::EncryptedRequest};
use crate::{Error, ErrorCode};

/// A loaded RSA private key. Create with `waflows_key_from_pem`, release with
/// `waflows_key_free`. Immutable: one key may be used from many threads at once.
pub struct waflows_key {
    _private: [u8; 0],
}

/// A decrypted request: its JSON and the AES key + IV needed to answer it. Create with
/// `waflows_key_decrypt_request`, release with `waflows_request_free`. Not for concurrent
/// use from several threads without your own locking (it is read-only, but keep it simple:
/// one request, one thread).
pub struct waflows_request {
    _private: [u8; 0],
}

/// The client side of one request (what WhatsApp does): made by
/// `waflows_client_encrypt_request`, released with `waflows_client_request_free`.
pub struct waflows_client_request {
    _private: [u8; 0],
}

/// `waflows_request_action` values.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum waflows_action {
    /// `ping` (health check).
    Ping = 1,
    /// `INIT`.
    Init = 2,
    /// `BACK`.
    Back = 3,
    /// `data_exchange`.
    DataExchange = 4,
    /// Any other (or absent) action; read it with `waflows_request_field`.
    Other = 5,
}

/// `waflows_request_field` selectors.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum waflows_field {
    /// `version`.
    Version = 1,
    /// `action`.
    Action = 2,
    /// `screen`.
    Screen = 3,
    /// `flow_token`.
    FlowToken = 4,
    /// `flow_token_signature`.
    FlowTokenSignature = 5,
    /// `data.error` or `data.error_key` of an error notification.
    ErrorKey = 6,
}

impl TryFrom<u32> for waflows_field {
    type Error = Error;
    fn try_from(n: u32) -> Result<Self, Error> {
        const ALL: [waflows_field; 6] = [
            waflows_field::Version,
            waflows_field::Action,
            waflows_field::Screen,
            waflows_field::FlowToken,
            waflows_field::FlowTokenSignature,
            waflows_field::ErrorKey,
        ];
        ALL.into_iter()
            .find(|f| *f as u32 == n)
            .ok_or_else(|| Error::invalid_argument(format!("unknown waflows_field {n}")))
    }
}

impl Castable for waflows_key {
    type RustType = PrivateKey;
    // Shared: relays made with `waflows_relay_new_with_key` hold their own reference.
    type Ownership = OwnedArc;
}
impl Castable for waflows_request {
    type RustType = FlowRequest;
    type Ownership = OwnedBox;
}
impl Castable for waflows_client_request {
    type RustType = EncryptedRequest;
    type Ownership = OwnedBox;
}

unsafe fn key_ref<'a>(k: *const waflows_key) -> Result<&'a PrivateKey, FfiError> {
    // SAFETY: `k` is NULL or a live handle from `waflows_key_from_pem` (caller contract); the
    // `Arc` it came from points at the `PrivateKey` itself.
    unsafe { handle_ref(k, "NULL key") }
}
unsafe fn req_ref<'a>(r: *const waflows_request) -> Result<&'a FlowRequest, FfiError> {
    // SAFETY: `r` is NULL or a live handle from `waflows_key_decrypt_request`.
    unsafe { handle_ref(r, "NULL request") }
}
unsafe fn client_ref<'a>(
    r: *const waflows_client_request,
) -> Result<&'a EncryptedRequest, FfiError> {
    // SAFETY: `r` is NULL or a live handle from `waflows_client_encrypt_request`.
    unsafe { handle_ref(r, "NULL client request") }
}

/// Loads an RSA private key from PEM (`pem`, `pem_len` bytes): PKCS#1, legacy-encrypted
/// PKCS#1 (`DEK-Info`), PKCS#8 or encrypted PKCS#8. `password` may be NULL (no passphrase);
/// it is required for encrypted keys. On success `*key_out` receives a handle to free with
/// `waflows_key_free`. Errors: `WAFLOWS_RESULT_KEY_*`, `WAFLOWS_RESULT_NULL_PARAMETER`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_key_from_pem(
    pem: *const u8,
    pem_len: usize,
    password: *const u8,
    password_len: usize,
    key_out: *mut *mut waflows_key,
) -> waflows_result {
    ffi_result!({
        need_out(key_out)?;
        // SAFETY: caller passes valid (ptr, len) pairs.
        let pem = unsafe { slice_from(pem, pem_len) }?;
        // SAFETY: as above; NULL means "no passphrase".
        let pw = unsafe { opt_slice(password, password_len) }?;
        let key = PrivateKey::from_pem(pem, pw)?;
        // The handle is an `Arc` so that relays can share the key (see `waflows_relay_new_with_key`).
        // SAFETY: checked non-NULL above.
        unsafe { write_out(key_out, arc_handle(std::sync::Arc::new(key))) }
    })
}

/// A new strong reference to the key behind a handle (for relays sharing it).
///
/// # Safety
/// `k` must be NULL or a live handle from `waflows_key_from_pem`.
pub(crate) unsafe fn key_arc(
    k: *const waflows_key,
) -> Result<std::sync::Arc<PrivateKey>, FfiError> {
    // SAFETY: forwarded contract.
    unsafe { clone_arc(k, "NULL key") }
}

/// Releases a key. NULL is ignored. Call once, after every request decrypted with it is done
/// (relays made with `waflows_relay_new_with_key` hold their own reference and may outlive it).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_key_free(key: *mut waflows_key) {
    ffi_boundary!((), {
        // SAFETY: `key` is NULL or came from `waflows_key_from_pem`, and is freed once.
        unsafe { free_handle(key) }
    })
}

/// The key's modulus size in bits (0 when `key` is NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_key_bits(key: *const waflows_key) -> usize {
    // SAFETY: `key` is NULL or live.
    ffi_boundary!(0, { unsafe { key_ref(key) }.map_or(0, PrivateKey::bits) })
}

/// The key's public half as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), the
/// form uploaded to Meta. `*pem_out` receives a buffer to free with `waflows_bytes_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_key_public_pem(
    key: *const waflows_key,
    pem_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(pem_out)?;
        // SAFETY: `key` is NULL or live.
        let k = unsafe { key_ref(key) }?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(pem_out, k.public_key_pem()) }
    })
}

/// Generates an RSA key pair of `bits` (2048, 3072 or 4096). With a non-NULL `password` the
/// private PEM is encrypted PKCS#8 (PBES2, AES-256-CBC); otherwise plain PKCS#8. Both
/// outputs are written only on success; free them with `waflows_bytes_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_generate_key_pair(
    bits: usize,
    password: *const u8,
    password_len: usize,
    private_pem_out: *mut *mut waflows_bytes,
    public_pem_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(private_pem_out)?;
        need_out(public_pem_out)?;
        // SAFETY: caller passes a valid (ptr, len) pair or NULL.
        let pw = unsafe { opt_slice(password, password_len) }?;
        let pair = codec::generate_key_pair(bits, pw)?;
        // SAFETY: both checked non-NULL.
        unsafe {
            write_bytes(private_pem_out, pair.private_pem.to_string())?;
            write_bytes(public_pem_out, pair.public_pem)
        }
    })
}

/// Decrypts a request body (`body`, `body_len` bytes, exactly as POSTed by Meta). On
/// success `*request_out` receives a handle to free with `waflows_request_free`.
/// Errors: `WAFLOWS_RESULT_MALFORMED_REQUEST` (answer HTTP 400),
/// `WAFLOWS_RESULT_DECRYPTION_FAILED` (answer HTTP 421; never any detail).
/// Thread-safe with respect to `key`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_key_decrypt_request(
    key: *const waflows_key,
    body: *const u8,
    body_len: usize,
    request_out: *mut *mut waflows_request,
) -> waflows_result {
    ffi_result!({
        need_out(request_out)?;
        // SAFETY: `key` NULL or live; (body, body_len) valid.
        let (k, b) = unsafe { (key_ref(key)?, slice_from(body, body_len)?) };
        let req = k.decrypt_request(b)?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(request_out, box_handle(req)) }
    })
}

/// Releases a request (its AES key and plaintext are zeroized). NULL is ignored.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_request_free(request: *mut waflows_request) {
    ffi_boundary!((), {
        // SAFETY: from `waflows_key_decrypt_request`, freed once.
        unsafe { free_handle(request) }
    })
}

/// The request's action (`waflows_action` value), or 0 when `request` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_request_action(request: *const waflows_request) -> u32 {
    ffi_boundary!(0, {
        // SAFETY: NULL or live.
        match unsafe { req_ref(request) } {
            Err(_) => 0,
            Ok(r) => {
                (match r.action() {
                    codec::Action::Ping => waflows_action::Ping,
                    codec::Action::Init => waflows_action::Init,
                    codec::Action::Back => waflows_action::Back,
                    codec::Action::DataExchange => waflows_action::DataExchange,
                    _ => waflows_action::Other,
                }) as u32
            }
        }
    })
}

/// `true` when the request is an error notification (`data.error` or `data.error_key`).
/// `false` when `request` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_request_is_error_notification(
    request: *const waflows_request,
) -> bool {
    ffi_boundary!(false, {
        // SAFETY: NULL or live.
        unsafe { req_ref(request) }.is_ok_and(FlowRequest::is_error_notification)
    })
}

/// Borrows a string field of the request (`field` is a `waflows_field` value). On success
/// `*data_out`/`*len_out` point into the request (not NUL-terminated; valid until
/// `waflows_request_free`); an absent or non-string field gives `*data_out = NULL`,
/// `*len_out = 0`. An unknown `field` is `WAFLOWS_RESULT_INVALID_ARGUMENT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_request_field(
    request: *const waflows_request,
    field: u32,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> waflows_result {
    ffi_result!({
        need_out(data_out)?;
        need_out(len_out)?;
        // SAFETY: NULL or live.
        let r = unsafe { req_ref(request) }?;
        let v = match waflows_field::try_from(field)? {
            waflows_field::Version => r.version(),
            waflows_field::Action => Some(r.action().as_str()).filter(|s| !s.is_empty()),
            waflows_field::Screen => r.screen(),
            waflows_field::FlowToken => r.flow_token(),
            waflows_field::FlowTokenSignature => r.flow_token_signature(),
            waflows_field::ErrorKey => r.error_key(),
        };
        let (p, n) = v.map_or((std::ptr::null(), 0), |s| (s.as_ptr(), s.len()));
        // SAFETY: both checked non-NULL.
        unsafe {
            write_out(data_out, p)?;
            write_out(len_out, n)
        }
    })
}

/// Borrows the decrypted request JSON exactly as received (valid until
/// `waflows_request_free`; not NUL-terminated). Treat it as sensitive.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_request_payload(
    request: *const waflows_request,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> waflows_result {
    ffi_result!({
        need_out(data_out)?;
        need_out(len_out)?;
        // SAFETY: NULL or live.
        let r = unsafe { req_ref(request) }?;
        // SAFETY: both checked non-NULL.
        unsafe {
            write_out(data_out, r.raw().as_ptr())?;
            write_out(len_out, r.raw().len())
        }
    })
}

/// Encrypts a response (`json`: one JSON object, UTF-8) with the request's key and flipped
/// IV. `*body_out` receives the exact HTTP body (base64 text; free with
/// `waflows_bytes_free`). Non-object JSON is `WAFLOWS_RESULT_INVALID_ARGUMENT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_request_encrypt_response(
    request: *const waflows_request,
    json: *const u8,
    json_len: usize,
    body_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(body_out)?;
        // SAFETY: NULL or live; valid (ptr, len).
        let (r, j) = unsafe { (req_ref(request)?, slice_from(json, json_len)?) };
        let body = r.encrypt_response_json(j)?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(body_out, body) }
    })
}

/// The encrypted answer to a health check (`{"data":{"status":"active"}}`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_request_respond_health(
    request: *const waflows_request,
    body_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(body_out)?;
        // SAFETY: NULL or live; out checked.
        unsafe { write_bytes(body_out, req_ref(request)?.respond_health()) }
    })
}

/// The encrypted acknowledgement of an error notification (`{"data":{"acknowledged":true}}`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_request_respond_error_ack(
    request: *const waflows_request,
    body_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(body_out)?;
        // SAFETY: NULL or live; out checked.
        unsafe { write_bytes(body_out, req_ref(request)?.respond_error_ack()) }
    })
}

/// The encrypted next-screen answer: `screen` (UTF-8), `data_json` (a JSON object, or NULL
/// for `{}`), and an optional `error_message` (NULL for none).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_request_respond_next_screen(
    request: *const waflows_request,
    screen: *const u8,
    screen_len: usize,
    data_json: *const u8,
    data_json_len: usize,
    error_message: *const u8,
    error_message_len: usize,
    body_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(body_out)?;
        // SAFETY: NULL or live; every (ptr, len) pair valid or NULL where allowed.
        let (r, s, d, m) = unsafe {
            (
                req_ref(request)?,
                str_from(screen, screen_len)?,
                opt_slice(data_json, data_json_len)?,
                opt_slice(error_message, error_message_len)?,
            )
        };
        let data = match d {
            None => serde_json::Map::new(),
            Some(d) => codec::parse_json_object(d, "data")?,
        };
        let msg = m
            .map(std::str::from_utf8)
            .transpose()
            .map_err(|_| Error::invalid_argument("error_message is not UTF-8"))?;
        let body = r.respond_next_screen(s, data, msg)?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(body_out, body) }
    })
}

/// The encrypted answer that closes the flow (`SUCCESS`) with the request's `flow_token`
/// and the extra `params_json` (a JSON object, or NULL for none). A request without
/// `flow_token` is `WAFLOWS_RESULT_INVALID_ARGUMENT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_request_respond_close(
    request: *const waflows_request,
    params_json: *const u8,
    params_json_len: usize,
    body_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(body_out)?;
        // SAFETY: NULL or live; (ptr, len) valid or NULL.
        let (r, p) = unsafe { (req_ref(request)?, opt_slice(params_json, params_json_len)?) };
        let params = match p {
            None => serde_json::Map::new(),
            Some(p) => codec::parse_json_object(p, "params")?,
        };
        let body = r.respond_close(params)?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(body_out, body) }
    })
}

/// The encrypted body of an HTTP 427 answer, `{"error_msg": message}`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_request_respond_token_error(
    request: *const waflows_request,
    message: *const u8,
    message_len: usize,
    body_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(body_out)?;
        // SAFETY: NULL or live; valid (ptr, len).
        let (r, m) = unsafe { (req_ref(request)?, str_from(message, message_len)?) };
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(body_out, r.respond_token_error(m)) }
    })
}

/// Verifies `X-Hub-Signature-256` (`header`, e.g. `sha256=<hex>`) over the raw `body` with
/// any of `n_secrets` app secrets (`secrets[i]`, `secret_lens[i]` bytes; several for
/// rotation). `WAFLOWS_RESULT_OK` on a match, `WAFLOWS_RESULT_INVALID_SIGNATURE` (HTTP 432)
/// otherwise; no secrets is `WAFLOWS_RESULT_INVALID_ARGUMENT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_verify_signature(
    body: *const u8,
    body_len: usize,
    header: *const u8,
    header_len: usize,
    secrets: *const *const u8,
    secret_lens: *const usize,
    n_secrets: usize,
) -> waflows_result {
    ffi_result!({
        // SAFETY: valid (ptr, len) pairs.
        let (b, h) = unsafe { (slice_from(body, body_len)?, slice_from(header, header_len)?) };
        let h = std::str::from_utf8(h)
            .map_err(|_| Error::new(ErrorCode::InvalidSignature, "header is not UTF-8"))?;
        // SAFETY: the caller passes arrays of `n_secrets` valid (ptr, len) entries.
        let list = unsafe { byte_list(secrets, secret_lens, n_secrets) }?;
        Ok(codec::verify_signature(b, h, &list)?)
    })
}

/// Test client: encrypts `payload` (JSON bytes) as WhatsApp would, for the endpoint whose
/// public key is `public_pem` (SPKI or PKCS#1 PEM). `*request_out` receives a handle; read
/// the body to POST with `waflows_client_request_body`, decrypt the answer with
/// `waflows_client_request_decrypt_response`, free with `waflows_client_request_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_client_encrypt_request(
    public_pem: *const u8,
    public_pem_len: usize,
    payload: *const u8,
    payload_len: usize,
    request_out: *mut *mut waflows_client_request,
) -> waflows_result {
    ffi_result!({
        need_out(request_out)?;
        // SAFETY: valid (ptr, len) pairs.
        let (pem, pl) = unsafe {
            (
                slice_from(public_pem, public_pem_len)?,
                slice_from(payload, payload_len)?,
            )
        };
        let pk = PublicKey::from_pem(pem)?;
        let r = codec::testing::encrypt_request(&pk, pl)?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(request_out, box_handle(r)) }
    })
}

/// The JSON body to POST for a client request, NUL-terminated (valid until
/// `waflows_client_request_free`). NULL when `request` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_client_request_body(
    request: *const waflows_client_request,
) -> *const c_char {
    ffi_boundary!(std::ptr::null(), {
        // SAFETY: NULL or live.
        match unsafe { client_ref(request) } {
            Ok(r) => r.body_cstr().as_ptr(),
            Err(_) => std::ptr::null(),
        }
    })
}

/// Decrypts an endpoint's answer (`body`, the base64 text) for this client request.
/// `*plaintext_out` receives the JSON bytes (free with `waflows_bytes_free`).
/// `WAFLOWS_RESULT_INVALID_RESPONSE` when it does not decrypt.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_client_request_decrypt_response(
    request: *const waflows_client_request,
    body: *const u8,
    body_len: usize,
    plaintext_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(plaintext_out)?;
        // SAFETY: NULL or live; valid (ptr, len).
        let (r, b) = unsafe { (client_ref(request)?, slice_from(body, body_len)?) };
        let pt = r.decrypt_response(b)?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(plaintext_out, pt.as_slice()) }
    })
}

/// Releases a client request. NULL is ignored.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_client_request_free(request: *mut waflows_client_request) {
    ffi_boundary!((), {
        // SAFETY: from `waflows_client_encrypt_request`, freed once.
        unsafe { free_handle(request) }
    })
}
