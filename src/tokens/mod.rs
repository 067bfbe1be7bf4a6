//! Signed flow tokens, and Data API 4.0's `flow_token_signature`.
//!
//! Meta's endpoint request carries no phone number, so the user's identity has to travel in the
//! `flow_token` the business puts in the message. [`issue`] makes a compact, URL-safe token
//! that carries the identity, the flow id, an optional campaign id, an expiry and a key id,
//! authenticated with HMAC-SHA256 under a host secret; [`verify`] checks it against one or more
//! secrets (rotation) at a `now` the caller passes in. A rejected token is
//! `InvalidFlowToken` / `FlowTokenExpired`, both HTTP 427.
//!
//! Format (version `w1`): `w1.<payload>.<mac>` where `payload` is unpadded base64url of
//! `key_id|expires_at|flow_id|campaign_id|identity` and `mac` is unpadded base64url of the first
//! 16 bytes of HMAC-SHA256(secret, `"w1." + payload`). Tokens are at most
//! [`MAX_TOKEN_LEN`] characters; [`issue`] refuses to make a longer one.
//!
//! Never reads a clock: `now` and `expires_at` are UNIX seconds given by the caller.
//!
//! ```
//! use waflows::tokens::{self, TokenSecret};
//! use waflows::ErrorCode;
//!
//! // Rotation: the new secret has an explicit key id; the old one stays accepted meanwhile.
//! let old = TokenSecret::new(b"old-secret-0123456789")?;
//! let new = TokenSecret::with_id("k2026", b"new-secret-0123456789")?;
//! let now = 1_764_000_000;
//! let token = tokens::issue(&new, "919876543210", "flow-1", Some("campaign-7"), now + 3600)?;
//! let claims = tokens::verify(&token, &[old.clone(), new], now)?;
//! assert_eq!((claims.identity.as_str(), claims.key_id.as_str()), ("919876543210", "k2026"));
//! assert_eq!(tokens::verify(&token, &[old], now).unwrap_err().code(), ErrorCode::InvalidFlowToken);
//! # Ok::<(), waflows::Error>(())
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::{Error, ErrorCode, Result};

/// Longest token [`issue`] makes (characters). Meta does not publish a limit; third-party
/// APIs cap flow tokens at 200.
pub const MAX_TOKEN_LEN: usize = 200;
/// Shortest secret accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 16;
/// Longest identity accepted, in bytes.
pub const MAX_IDENTITY_LEN: usize = 128;
/// Longest flow id, campaign id or key id, in bytes.
pub const MAX_ID_LEN: usize = 64;
/// Clock skew tolerated on the `exp` / `nbf` claims of `flow_token_signature`, in seconds.
pub const JWT_LEEWAY_SECS: u64 = 300;

const VERSION: &str = "w1";
const MAC_LEN: usize = 16;
/// Longest token [`verify`] looks at (anything longer is rejected before decoding).
const MAX_VERIFY_LEN: usize = 512;
/// Longest `flow_token_signature` looked at.
const MAX_JWT_LEN: usize = 8192;

fn mac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    crate::codec::hmac_sha256(key, parts)
}

/// A token-signing secret with its key id. `Debug` never shows the secret.
#[derive(Clone)]
pub struct TokenSecret {
    id: String,
    key: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSecret")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl TokenSecret {
    /// A secret whose key id is derived from it (6 base64url characters of
    /// SHA-256(`"waflows-token-kid"` ‖ secret)), so that hosts can pass plain secrets and still
    /// rotate: give `verify` the new and the old secret.
    ///
    /// # Errors
    /// `InvalidArgument` when the secret is shorter than [`MIN_SECRET_LEN`] bytes.
    pub fn new(secret: &[u8]) -> Result<Self> {
        check_secret(secret)?;
        let digest = Sha256::new()
            .chain_update(b"waflows-token-kid")
            .chain_update(secret)
            .finalize();
        let id = URL_SAFE_NO_PAD
            .encode(digest.get(..4).unwrap_or_default())
            .chars()
            .take(6)
            .collect();
        Ok(TokenSecret {
            id,
            key: Zeroizing::new(secret.to_vec()),
        })
    }

    /// A secret with an explicit key id (`[A-Za-z0-9_-]`, 1 to 16 characters).
    ///
    /// # Errors
    /// `InvalidArgument` for a short secret or a bad id.
    pub fn with_id(id: &str, secret: &[u8]) -> Result<Self> {
        check_secret(secret)?;
        if id.is_empty()
            || id.len() > 16
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(Error::invalid_argument(
                "a key id must be 1-16 characters of [A-Za-z0-9_-]",
            ));
        }
        Ok(TokenSecret {
            id: id.to_owned(),
            key: Zeroizing::new(secret.to_vec()),
        })
    }

    /// The key id written into tokens.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }
}

fn check_secret(secret: &[u8]) -> Result<()> {
    if secret.len() < MIN_SECRET_LEN {
        return Err(Error::invalid_argument(format!(
            "a token secret must be at least {MIN_SECRET_LEN} bytes, got {}",
            secret.len()
        )));
    }
    Ok(())
}

/// What a verified token says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Claims {
    /// The user identity (for example the WhatsApp id or a CleverTap identity).
    pub identity: String,
    /// The flow id.
    pub flow_id: String,
    /// The campaign id, if one was given.
    pub campaign_id: Option<String>,
    /// Expiry, UNIX seconds: the token is valid while `now < expires_at`.
    pub expires_at: crate::UnixTime,
    /// The id of the secret that signed it.
    pub key_id: String,
}

fn check_id(what: &str, v: &str, optional: bool) -> Result<()> {
    if v.is_empty() && optional {
        return Ok(());
    }
    if v.is_empty()
        || v.len() > MAX_ID_LEN
        || !v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
    {
        return Err(Error::invalid_argument(format!(
            "{what} must be 1-{MAX_ID_LEN} characters of [A-Za-z0-9_.:-]"
        )));
    }
    Ok(())
}

/// Issues a token for `identity` in flow `flow_id` (and optionally campaign `campaign_id`),
/// valid until `expires_at` (UNIX seconds), signed with `secret`.
///
/// # Errors
/// `InvalidArgument` when an id has characters outside `[A-Za-z0-9_.:-]`, the identity is empty,
/// over [`MAX_IDENTITY_LEN`] bytes or holds control characters, or the token would exceed
/// [`MAX_TOKEN_LEN`] characters.
pub fn issue(
    secret: &TokenSecret,
    identity: &str,
    flow_id: &str,
    campaign_id: Option<&str>,
    expires_at: crate::UnixTime,
) -> Result<String> {
    if identity.is_empty()
        || identity.len() > MAX_IDENTITY_LEN
        || identity.chars().any(char::is_control)
    {
        return Err(Error::invalid_argument(format!(
            "identity must be 1-{MAX_IDENTITY_LEN} bytes without control characters"
        )));
    }
    check_id("flow_id", flow_id, false)?;
    let campaign = campaign_id.unwrap_or("");
    check_id("campaign_id", campaign, true)?;
    let payload = format!("{}|{expires_at}|{flow_id}|{campaign}|{identity}", secret.id);
    let p64 = URL_SAFE_NO_PAD.encode(payload.as_bytes());
    let tag = mac(&secret.key, &[VERSION.as_bytes(), b".", p64.as_bytes()]);
    let token = format!(
        "{VERSION}.{p64}.{}",
        URL_SAFE_NO_PAD.encode(tag.get(..MAC_LEN).unwrap_or_default())
    );
    if token.len() > MAX_TOKEN_LEN {
        return Err(Error::invalid_argument(format!(
            "the token would be {} characters (limit {MAX_TOKEN_LEN}); shorten the identity or ids",
            token.len()
        )));
    }
    Ok(token)
}

fn rejected(msg: &str) -> Error {
    Error::new(ErrorCode::InvalidFlowToken, msg)
}

/// Verifies `token` against `secrets` (any of them, for rotation) at time `now`.
///
/// # Errors
/// `InvalidFlowToken` (HTTP 427) when the token is malformed, signed with an unknown key or
/// does not authenticate; `FlowTokenExpired` (HTTP 427) when it is authentic but
/// `now >= expires_at`; `InvalidArgument` when `secrets` is empty.
pub fn verify(token: &str, secrets: &[TokenSecret], now: crate::UnixTime) -> Result<Claims> {
    if secrets.is_empty() {
        return Err(Error::invalid_argument(
            "at least one token secret is required",
        ));
    }
    if token.len() > MAX_VERIFY_LEN {
        return Err(rejected("flow token is too long to be a waflows token"));
    }
    let mut parts = token.split('.');
    let (Some(ver), Some(p64), Some(m64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(rejected("flow token is not a waflows token"));
    };
    if ver != VERSION {
        return Err(rejected("flow token has an unknown format version"));
    }
    let payload = URL_SAFE_NO_PAD
        .decode(p64)
        .map_err(|_| rejected("flow token payload is not base64url"))?;
    let tag = URL_SAFE_NO_PAD
        .decode(m64)
        .map_err(|_| rejected("flow token tag is not base64url"))?;
    if tag.len() != MAC_LEN {
        return Err(rejected("flow token tag has the wrong length"));
    }
    let payload =
        String::from_utf8(payload).map_err(|_| rejected("flow token payload is not UTF-8"))?;
    let mut fields = payload.splitn(5, '|');
    let (Some(kid), Some(exp), Some(flow_id), Some(campaign), Some(identity)) = (
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
    ) else {
        return Err(rejected("flow token payload is incomplete"));
    };
    // Check the tag under every secret with this key id (constant time per comparison).
    let mut ok = subtle::Choice::from(0u8);
    let mut known = false;
    for s in secrets.iter().filter(|s| s.id == kid) {
        known = true;
        let want = mac(&s.key, &[VERSION.as_bytes(), b".", p64.as_bytes()]);
        ok |= want.get(..MAC_LEN).unwrap_or_default().ct_eq(&tag);
    }
    if !known {
        return Err(rejected("flow token was signed with an unknown key"));
    }
    if !bool::from(ok) {
        return Err(rejected("flow token signature does not match"));
    }
    let expires_at: u64 = exp
        .parse()
        .map_err(|_| rejected("flow token expiry is not a number"))?;
    if now >= expires_at {
        return Err(Error::new(
            ErrorCode::FlowTokenExpired,
            "flow token has expired",
        ));
    }
    Ok(Claims {
        identity: identity.to_owned(),
        flow_id: flow_id.to_owned(),
        campaign_id: (!campaign.is_empty()).then(|| campaign.to_owned()),
        expires_at,
        key_id: kid.to_owned(),
    })
}

fn sig_invalid(msg: &str) -> Error {
    Error::new(ErrorCode::FlowTokenSignatureInvalid, msg)
}

/// Verifies Data API 4.0's `flow_token_signature`: a JWT (HS256) signed by Meta with the app
/// secret, binding the request's `flow_token`.
///
/// UNVERIFIED (Meta does not document the claim names): the binding is accepted when the
/// `flow_token` claim equals `flow_token`, or — failing that claim — when any other top-level
/// string claim equals it; a JWT that names no matching value is rejected. `exp` and `nbf`
/// are checked only when present, with [`JWT_LEEWAY_SECS`] of tolerance. Only `alg: HS256`
/// is accepted (never `none`).
///
/// # Errors
/// `FlowTokenSignatureInvalid` (HTTP 427) for a malformed, unsigned, mis-signed, expired or
/// unbound JWT; `InvalidArgument` when no app secret is given.
pub fn verify_flow_token_signature<S: AsRef<[u8]>>(
    jwt: &str,
    flow_token: &str,
    app_secrets: &[S],
    now: crate::UnixTime,
) -> Result<()> {
    if app_secrets.is_empty() || app_secrets.iter().any(|s| s.as_ref().is_empty()) {
        return Err(Error::invalid_argument(
            "at least one non-empty app secret is required",
        ));
    }
    if jwt.len() > MAX_JWT_LEN {
        return Err(sig_invalid("flow_token_signature is too long"));
    }
    let mut parts = jwt.split('.');
    let (Some(h64), Some(p64), Some(s64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(sig_invalid("flow_token_signature is not a JWT"));
    };
    let header =
        decode_json_object(h64).ok_or_else(|| sig_invalid("JWT header is not base64url JSON"))?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(sig_invalid("JWT alg must be HS256"));
    }
    let sig = URL_SAFE_NO_PAD
        .decode(s64.trim_end_matches('='))
        .map_err(|_| sig_invalid("JWT signature is not base64url"))?;
    if sig.len() != 32 {
        return Err(sig_invalid("JWT signature has the wrong length"));
    }
    let mut ok = subtle::Choice::from(0u8);
    for secret in app_secrets {
        ok |= mac(secret.as_ref(), &[h64.as_bytes(), b".", p64.as_bytes()]).ct_eq(sig.as_slice());
    }
    if !bool::from(ok) {
        return Err(sig_invalid(
            "flow_token_signature does not match any app secret",
        ));
    }
    let claims =
        decode_json_object(p64).ok_or_else(|| sig_invalid("JWT payload is not base64url JSON"))?;
    if let Some(exp) = time_claim(&claims, "exp")? {
        if now >= exp.saturating_add(JWT_LEEWAY_SECS) {
            return Err(sig_invalid("flow_token_signature has expired"));
        }
    }
    if let Some(nbf) = time_claim(&claims, "nbf")? {
        if now.saturating_add(JWT_LEEWAY_SECS) < nbf {
            return Err(sig_invalid("flow_token_signature is not valid yet"));
        }
    }
    let bound = match claims.get("flow_token") {
        Some(Value::String(s)) => s == flow_token,
        _ => claims.values().any(|v| v.as_str() == Some(flow_token)),
    };
    if !bound {
        return Err(sig_invalid(
            "flow_token_signature does not name this flow_token",
        ));
    }
    Ok(())
}

/// A time claim (`exp`, `nbf`): absent is `None`; present, it must be a non-negative integer
/// (seconds since the epoch). Anything else — a string, a fraction, a negative number, `null`
/// — is rejected rather than ignored, so a malformed claim cannot switch a check off.
fn time_claim(claims: &serde_json::Map<String, Value>, name: &str) -> Result<Option<u64>> {
    match claims.get(name) {
        None => Ok(None),
        Some(v) => v.as_u64().map(Some).ok_or_else(|| {
            sig_invalid(&format!(
                "JWT claim {name:?} must be a non-negative integer (seconds since the epoch)"
            ))
        }),
    }
}

fn decode_json_object(b64: &str) -> Option<serde_json::Map<String, Value>> {
    let bytes = URL_SAFE_NO_PAD.decode(b64.trim_end_matches('=')).ok()?;
    if crate::limits::exceeds_depth(&bytes, crate::limits::MAX_JSON_DEPTH) {
        return None;
    }
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}

/// Makes an HS256 JWT (test helper for the `flow_token_signature` path; Meta makes the real
/// ones).
#[doc(hidden)]
#[must_use]
pub fn sign_jwt_hs256(claims: &Value, app_secret: &[u8]) -> String {
    let h64 = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let p64 = URL_SAFE_NO_PAD.encode(claims.to_string().as_bytes());
    let sig = mac(app_secret, &[h64.as_bytes(), b".", p64.as_bytes()]);
    format!("{h64}.{p64}.{}", URL_SAFE_NO_PAD.encode(sig))
}

#[cfg(test)]
mod tests;
