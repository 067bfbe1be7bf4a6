//! AES-128-GCM with Meta's 16-byte IV, and the per-request session (key + IV) that the
//! response must be encrypted with.
use aes_gcm::aead::consts::U16;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{AesGcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{Error, ErrorCode, Result};

/// AES-128-GCM taking a 16-byte (128-bit) nonce, as Meta's clients use.
type Aes128Gcm16 = AesGcm<aes::Aes128, U16>;

/// Length of the AES key Meta wraps (AES-128).
pub const AES_KEY_LEN: usize = 16;
/// Length of Meta's GCM IV.
pub const IV_LEN: usize = 16;
/// Length of the GCM tag appended to every ciphertext.
pub const TAG_LEN: usize = 16;

/// The AES key and IV of one request. The response is encrypted with the same key and the
/// bit-flipped IV. Zeroized on drop; `Debug` shows nothing secret.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Session {
    key: [u8; AES_KEY_LEN],
    iv: [u8; IV_LEN],
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Session(..)")
    }
}

impl Session {
    /// Builds a session from a raw AES-128 key and 16-byte IV (tests and the client side).
    #[must_use]
    pub fn new(key: [u8; AES_KEY_LEN], iv: [u8; IV_LEN]) -> Self {
        Session { key, iv }
    }

    /// The IV with every bit inverted: the response IV.
    #[must_use]
    pub fn flipped_iv(&self) -> [u8; IV_LEN] {
        let mut out = self.iv;
        for b in &mut out {
            *b = !*b;
        }
        out
    }

    fn cipher(&self) -> Aes128Gcm16 {
        // The key is exactly 16 bytes by construction.
        Aes128Gcm16::new(&self.key.into())
    }

    /// Encrypts a response plaintext (JSON bytes): AES-128-GCM with the flipped IV, tag
    /// appended, standard base64. The result is the exact HTTP body to send.
    #[must_use]
    pub fn encrypt_response_bytes(&self, plaintext: &[u8]) -> String {
        let iv = self.flipped_iv();
        // Encryption with a valid key/nonce only fails for inputs over 2^36 bytes.
        let ct = self
            .cipher()
            .encrypt(Nonce::<U16>::from_slice(&iv), plaintext)
            .unwrap_or_default();
        STANDARD.encode(ct)
    }

    /// Decrypts `ciphertext || tag` with the request IV (server side of a request).
    pub(crate) fn decrypt_request_bytes(&self, ct: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        if ct.len() < TAG_LEN {
            return Err(Error::decryption_failed());
        }
        self.cipher()
            .decrypt(Nonce::<U16>::from_slice(&self.iv), ct)
            .map(Zeroizing::new)
            .map_err(|_| Error::decryption_failed())
    }

    /// Encrypts a request plaintext with the request IV (client side), returning
    /// `ciphertext || tag`.
    pub(crate) fn encrypt_request_bytes(&self, plaintext: &[u8]) -> Vec<u8> {
        self.cipher()
            .encrypt(Nonce::<U16>::from_slice(&self.iv), plaintext)
            .unwrap_or_default()
    }

    /// Decrypts an endpoint's base64 response body (client side: flipped IV).
    ///
    /// # Errors
    /// `InvalidResponse` when the text is not base64 or the tag does not verify.
    pub fn decrypt_response(&self, body: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        let trimmed = body.trim_ascii();
        let ct = STANDARD.decode(trimmed).map_err(|_| {
            Error::new(
                ErrorCode::InvalidResponse,
                "response body is not standard base64",
            )
        })?;
        if ct.len() < TAG_LEN {
            return Err(Error::new(
                ErrorCode::InvalidResponse,
                "response body is shorter than a GCM tag",
            ));
        }
        let iv = self.flipped_iv();
        self.cipher()
            .decrypt(Nonce::<U16>::from_slice(&iv), ct.as_slice())
            .map(Zeroizing::new)
            .map_err(|_| {
                Error::new(
                    ErrorCode::InvalidResponse,
                    "response does not decrypt under this request's key",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flipped_iv_inverts_every_bit() {
        let s = Session::new(
            [0; 16],
            [
                0x00, 0xff, 0x0f, 0xf0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
            ],
        );
        assert_eq!(s.flipped_iv()[..4], [0xff, 0x00, 0xf0, 0x0f]);
        assert_eq!(s.flipped_iv()[15], !12u8);
    }

    #[test]
    fn short_ciphertext_is_a_decryption_failure() {
        let s = Session::new([1; 16], [2; 16]);
        assert_eq!(
            s.decrypt_request_bytes(&[0; 15]).err().map(|e| e.code()),
            Some(ErrorCode::DecryptionFailed)
        );
        assert_eq!(
            s.decrypt_response(b"AAAA").err().map(|e| e.code()),
            Some(ErrorCode::InvalidResponse)
        );
        assert_eq!(
            s.decrypt_response(b"%%%").err().map(|e| e.code()),
            Some(ErrorCode::InvalidResponse)
        );
    }
}
