//! C surface of signed flow tokens.
use super::FfiError;
use super::{
    byte_list, ffi_boundary, ffi_result, need_out, opt_str, slice_from, str_from, waflows_bytes,
    waflows_result, write_bytes, write_json,
};
use crate::tokens::{self, TokenSecret};
use crate::{Error, ErrorCode};

/// A `(ptr, len)` argument pair.
type Buf = (*const u8, usize);

/// What the two issue functions share: reads the identity, the flow id and the optional
/// campaign id (`texts`, in that order), builds the secret from its bytes with `secret_of`,
/// issues and writes the token, all inside the panic boundary.
///
/// # Safety
/// Every pair is a valid (ptr, len) pair (the campaign may be NULL with length 0); `token_out`
/// is NULL or writable.
unsafe fn issue_with(
    secret: Buf,
    texts: [Buf; 3],
    expires_at: u64,
    token_out: *mut *mut waflows_bytes,
    secret_of: impl FnOnce(&[u8]) -> Result<TokenSecret, Error>,
) -> waflows_result {
    ffi_result!({
        need_out(token_out)?;
        let [identity, flow_id, campaign_id] = texts;
        // SAFETY: valid (ptr, len) pairs; campaign may be NULL (caller contract).
        let (s, id, flow, campaign) = unsafe {
            (
                slice_from(secret.0, secret.1)?,
                str_from(identity.0, identity.1)?,
                str_from(flow_id.0, flow_id.1)?,
                opt_str(campaign_id.0, campaign_id.1)?,
            )
        };
        let t = tokens::issue(&secret_of(s)?, id, flow, campaign, expires_at)?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(token_out, t) }
    })
}

/// What the two verify functions share: reads the token, gets the secrets from `keys_of`,
/// verifies at `now` and writes the claims JSON, all inside the panic boundary. A token that
/// is not UTF-8 is `InvalidFlowToken`.
///
/// # Safety
/// `token` is a valid (ptr, len) pair; `claims_out` is NULL or writable.
unsafe fn verify_with(
    token: Buf,
    now: u64,
    claims_out: *mut *mut waflows_bytes,
    keys_of: impl FnOnce() -> Result<Vec<TokenSecret>, FfiError>,
) -> waflows_result {
    ffi_result!({
        need_out(claims_out)?;
        // SAFETY: a valid (ptr, len) pair (caller contract).
        let t = unsafe { slice_from(token.0, token.1) }?;
        let keys = keys_of()?;
        let t = std::str::from_utf8(t)
            .map_err(|_| Error::new(ErrorCode::InvalidFlowToken, "token is not UTF-8"))?;
        let c = tokens::verify(t, &keys, now)?;
        // SAFETY: checked non-NULL.
        unsafe { write_json(claims_out, &c) }
    })
}

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
    // SAFETY: forwarded contract (valid (ptr, len) pairs; campaign may be NULL).
    unsafe {
        issue_with(
            (secret, secret_len),
            [
                (identity, identity_len),
                (flow_id, flow_id_len),
                (campaign_id, campaign_id_len),
            ],
            expires_at,
            token_out,
            TokenSecret::new,
        )
    }
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
    let keys_of = || {
        // SAFETY: arrays of `n_secrets` valid (ptr, len) entries (caller contract).
        let list = unsafe { byte_list(secrets, secret_lens, n_secrets) }?;
        Ok(list
            .iter()
            .map(|s| TokenSecret::new(s))
            .collect::<Result<Vec<_>, _>>()?)
    };
    // SAFETY: forwarded contract (a valid (ptr, len) pair).
    unsafe { verify_with((token, token_len), now, claims_out, keys_of) }
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
    // SAFETY: forwarded contract (valid (ptr, len) pairs; campaign may be NULL).
    unsafe {
        issue_with(
            (secret_json, secret_json_len),
            [
                (identity, identity_len),
                (flow_id, flow_id_len),
                (campaign_id, campaign_id_len),
            ],
            expires_at,
            token_out,
            |s| crate::config::from_json(s, "secret_json"),
        )
    }
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
    let keys_of = || {
        // SAFETY: a valid (ptr, len) pair (caller contract).
        let s = unsafe { slice_from(secrets_json, secrets_json_len) }?;
        let keys: crate::config::TokenSecretList = crate::config::from_json(s, "secrets_json")?;
        Ok(keys.0)
    };
    // SAFETY: forwarded contract (a valid (ptr, len) pair).
    unsafe { verify_with((token, token_len), now, claims_out, keys_of) }
}
