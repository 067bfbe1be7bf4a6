//! C surface of signed flow tokens.
use super::{
    byte_list, ffi_boundary, ffi_result, need_out, opt_str, slice_from, str_from, waflows_bytes,
    waflows_result, write_bytes, write_json,
};
use crate::tokens::{self, TokenSecret};
use crate::{Error, ErrorCode};

/// Issues a flow token for `identity` in flow `flow_id` (and campaign `campaign_id`, which may
/// be NULL), valid until `expires_at` (UNIX seconds), signed with `secret` (at least 16
/// bytes). `*token_out` receives the token text (under 200 characters); free it with
/// `waflows_bytes_free`. Errors: `WAFLOWS_RESULT_INVALID_ARGUMENT`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_token_issue(
    secret: *const u8,
    secret_len: usize,
    identity: *const u8,
    identity_len: usize,
    flow_id: *const u8,
    flow_id_len: usize,
    campaign_id: *const u8,
    campaign_id_len: usize,
    expires_at: u64,
    token_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(token_out)?;
        // SAFETY: valid (ptr, len) pairs; campaign may be NULL.
        let (s, id, flow) = unsafe {
            (
                slice_from(secret, secret_len)?,
                str_from(identity, identity_len)?,
                str_from(flow_id, flow_id_len)?,
            )
        };
        // SAFETY: NULL or a valid (ptr, len) pair.
        let campaign = unsafe { opt_str(campaign_id, campaign_id_len) }?;
        let t = tokens::issue(&TokenSecret::new(s)?, id, flow, campaign, expires_at)?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(token_out, t) }
    })
}

/// Verifies a flow token against any of `n_secrets` secrets (`secrets[i]`, `secret_lens[i]`
/// bytes; several during rotation) at time `now` (UNIX seconds). On success `*claims_out`
/// receives JSON `{"identity","flow_id","campaign_id","expires_at","key_id"}`; free it with
/// `waflows_bytes_free`. Errors: `WAFLOWS_RESULT_INVALID_FLOW_TOKEN` /
/// `WAFLOWS_RESULT_FLOW_TOKEN_EXPIRED` (both HTTP 427), `WAFLOWS_RESULT_INVALID_ARGUMENT`.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_token_verify(
    token: *const u8,
    token_len: usize,
    secrets: *const *const u8,
    secret_lens: *const usize,
    n_secrets: usize,
    now: u64,
    claims_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(claims_out)?;
        // SAFETY: valid (ptr, len) pair and arrays of `n_secrets` entries.
        let (t, list) = unsafe {
            (
                slice_from(token, token_len)?,
                byte_list(secrets, secret_lens, n_secrets)?,
            )
        };
        let t = std::str::from_utf8(t)
            .map_err(|_| Error::new(ErrorCode::InvalidFlowToken, "token is not UTF-8"))?;
        let keys = list
            .iter()
            .map(|s| TokenSecret::new(s))
            .collect::<Result<Vec<_>, _>>()?;
        let c = tokens::verify(t, &keys, now)?;
        // SAFETY: checked non-NULL.
        unsafe { write_json(claims_out, &c) }
    })
}

/// As `waflows_token_issue`, with the secret as JSON (`secret_json`), the form Python's
/// `tokens.issue` and the relay's `"token_secrets"` take: a string (key id derived from the
/// secret) or `{"id": "k2026", "secret": ".."}` (explicit key id, for rotation: the token
/// carries that id and `waflows_token_verify_json` picks the secret by it). Errors:
/// `WAFLOWS_RESULT_INVALID_ARGUMENT` (bad secret JSON, id or argument),
/// `WAFLOWS_RESULT_LIMIT_EXCEEDED`, `WAFLOWS_RESULT_NULL_PARAMETER`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_token_issue_json(
    secret_json: *const u8,
    secret_json_len: usize,
    identity: *const u8,
    identity_len: usize,
    flow_id: *const u8,
    flow_id_len: usize,
    campaign_id: *const u8,
    campaign_id_len: usize,
    expires_at: u64,
    token_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(token_out)?;
        // SAFETY: valid (ptr, len) pairs; campaign may be NULL.
        let (s, id, flow) = unsafe {
            (
                slice_from(secret_json, secret_json_len)?,
                str_from(identity, identity_len)?,
                str_from(flow_id, flow_id_len)?,
            )
        };
        // SAFETY: NULL or a valid (ptr, len) pair.
        let campaign = unsafe { opt_str(campaign_id, campaign_id_len) }?;
        let secret: TokenSecret = crate::config::from_json(s, "secret_json")?;
        let t = tokens::issue(&secret, id, flow, campaign, expires_at)?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(token_out, t) }
    })
}

/// As `waflows_token_verify`, with the secrets as JSON (`secrets_json`): one secret or a list
/// (rotation), each a string or `{"id": "k2026", "secret": ".."}` (the form of the relay's
/// `"token_secrets"` and Python's `tokens.verify`). On success `*claims_out` receives JSON
/// `{"identity","flow_id","campaign_id","expires_at","key_id"}`. Errors:
/// `WAFLOWS_RESULT_INVALID_FLOW_TOKEN` / `WAFLOWS_RESULT_FLOW_TOKEN_EXPIRED` (both HTTP 427),
/// `WAFLOWS_RESULT_INVALID_ARGUMENT` (bad secrets JSON), `WAFLOWS_RESULT_LIMIT_EXCEEDED`,
/// `WAFLOWS_RESULT_NULL_PARAMETER`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_token_verify_json(
    token: *const u8,
    token_len: usize,
    secrets_json: *const u8,
    secrets_json_len: usize,
    now: u64,
    claims_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(claims_out)?;
        // SAFETY: valid (ptr, len) pairs.
        let (t, s) = unsafe {
            (
                slice_from(token, token_len)?,
                slice_from(secrets_json, secrets_json_len)?,
            )
        };
        let t = std::str::from_utf8(t)
            .map_err(|_| Error::new(ErrorCode::InvalidFlowToken, "token is not UTF-8"))?;
        let keys: crate::config::TokenSecretList = crate::config::from_json(s, "secrets_json")?;
        let c = tokens::verify(t, &keys.0, now)?;
        // SAFETY: checked non-NULL.
        unsafe { write_json(claims_out, &c) }
    })
}
