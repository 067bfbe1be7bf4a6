//! `X-Hub-Signature-256`: `sha256=<hex HMAC-SHA256(app secret, raw body)>`.
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::{Error, ErrorCode, Result};

const PREFIX: &str = "sha256=";

fn invalid(msg: &str) -> Error {
    Error::new(ErrorCode::InvalidSignature, msg)
}

fn hmac(secret: &[u8], body: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    mac.update(body);
    mac.finalize().into_bytes().into()
}

/// The header value for `body` under `app_secret` (`sha256=` + lower-case hex).
#[must_use]
pub fn sign(body: &[u8], app_secret: &[u8]) -> String {
    let mut s = String::with_capacity(PREFIX.len() + 64);
    s.push_str(PREFIX);
    for b in hmac(app_secret, body) {
        s.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        s.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    s
}

/// Verifies `X-Hub-Signature-256` over the exact received body bytes. Several secrets may be
/// given (app-secret rotation): the header must match one of them. Comparison is constant-time
/// and every secret is tried.
///
/// # Errors
/// `InvalidSignature` (HTTP 432) when the header is missing its `sha256=` prefix, is not 64
/// hex digits, or matches no secret; `InvalidArgument` when no (or an empty) secret is given.
pub fn verify_signature<S: AsRef<[u8]>>(
    body: &[u8],
    header: &str,
    app_secrets: &[S],
) -> Result<()> {
    if app_secrets.is_empty() || app_secrets.iter().any(|s| s.as_ref().is_empty()) {
        return Err(Error::invalid_argument(
            "at least one non-empty app secret is required",
        ));
    }
    let header = header.trim();
    let hex = header
        .get(..PREFIX.len())
        .filter(|p| p.eq_ignore_ascii_case(PREFIX))
        .and_then(|_| header.get(PREFIX.len()..))
        .ok_or_else(|| invalid("X-Hub-Signature-256 must start with 'sha256='"))?;
    let expected = decode_hex32(hex)
        .ok_or_else(|| invalid("X-Hub-Signature-256 must be sha256= and 64 hex digits"))?;
    let mut ok = subtle::Choice::from(0u8);
    for secret in app_secrets {
        ok |= hmac(secret.as_ref(), body).ct_eq(&expected);
    }
    if bool::from(ok) {
        Ok(())
    } else {
        Err(invalid("X-Hub-Signature-256 does not match the body"))
    }
}

fn decode_hex32(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let nib = |c: u8| -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    };
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = (nib(*b.get(2 * i)?)? << 4) | nib(*b.get(2 * i + 1)?)?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_then_verify_with_rotation() {
        let body = b"{\"a\":1}";
        let h = sign(body, b"new");
        assert!(verify_signature(body, &h, &[b"old".as_slice(), b"new".as_slice()]).is_ok());
        assert!(
            verify_signature(
                body,
                &h.to_uppercase().replace("SHA256=", "sha256="),
                &[b"new"]
            )
            .is_ok()
        );
        let e = verify_signature(body, &h, &[b"old"]).expect_err("mismatch");
        assert_eq!(e.code(), ErrorCode::InvalidSignature);
        assert_eq!(e.http_status(), Some(432));
    }

    #[test]
    fn malformed_headers_are_432_and_misuse_is_invalid_argument() {
        for h in [
            "",
            "sha256=",
            "sha1=abcd",
            "sha256=zz",
            &"sha256=".repeat(20),
            &format!("sha256={}", "a".repeat(63)),
            "sha256=é",
        ] {
            assert_eq!(
                verify_signature(b"x", h, &[b"s"]).err().map(|e| e.code()),
                Some(ErrorCode::InvalidSignature),
                "{h}"
            );
        }
        let none: [&[u8]; 0] = [];
        assert_eq!(
            verify_signature(b"x", "sha256=", &none)
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::InvalidArgument)
        );
        assert_eq!(
            verify_signature(b"x", "sha256=", &[b""])
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::InvalidArgument)
        );
    }
}
