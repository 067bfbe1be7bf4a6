//! C surface of signed flow tokens.
use serde_json::json;

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
        let v = json!({"identity": c.identity, "flow_id": c.flow_id, "campaign_id": c.campaign_id,
                           "expires_at": c.expires_at, "key_id": c.key_id});
        // SAFETY: checked non-NULL.
        unsafe { write_json(claims_out, &v) }
    })
}
