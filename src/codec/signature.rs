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
    hmac_sha256(secret, &[body])
}

/// HMAC-SHA256 of the concatenation of `parts` under `key` — the crate's one HMAC helper.
///
/// Infallible by construction, with no fallback value: RFC 2104 first replaces a key longer
/// than the block (64 bytes) by its SHA-256 digest, then pads it with zeros to the block size;
/// doing that here gives a fixed-size block key, which `KeyInit::new` takes without a length
/// check (the result is the same MAC as with the raw key; the RFC 4231 vectors in the tests
/// pin it, both for short keys and for a 131-byte key).
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::digest::KeyInit;
    use sha2::Digest;
    let mut block = zeroize::Zeroizing::new([0u8; 64]);
    if key.len() > block.len() {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut mac = <Hmac<Sha256> as KeyInit>::new(&(*block).into());
    for p in parts {
        mac.update(p);
    }
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

    /// RFC 4231 test cases 1, 2, 6 and 7 (HMAC-SHA-256): a 20-byte key, a short key, and two
    /// 131-byte keys (longer than the block, so hashed first).
    #[test]
    fn hmac_helper_matches_rfc_4231() {
        let long_key = [0xaau8; 131];
        let cases: [(&[u8], &[u8], &str); 4] = [
            (&[0x0b; 20], b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (b"Jefe", b"what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            (&long_key, b"Test Using Larger Than Block-Size Key - Hash Key First", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            (&long_key, b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.", "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ];
        for (key, data, want) in cases {
            let got = hmac_sha256(key, &[data]);
            assert_eq!(hex::encode(got), want);
            // Split input gives the same MAC, and a MAC is never the all-zero fallback.
            let (a, b) = data.split_at(data.len() / 2);
            assert_eq!(hmac_sha256(key, &[a, b]), got);
            assert_ne!(got, [0u8; 32]);
        }
        // The empty key is valid HMAC (RFC 2104): not zeros either.
        assert_ne!(hmac_sha256(b"", &[b"x"]), [0u8; 32]);
    }

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
