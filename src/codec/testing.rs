//! The client side, for tests: encrypt a request exactly as WhatsApp does (fresh AES-128 key,
//! 16-byte IV, RSA-OAEP-SHA256 wrap with the business's public key), then decrypt the
//! endpoint's answer. Use it to test your own endpoint.
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use super::aead::{AES_KEY_LEN, IV_LEN, Session};
use super::keys::{PublicKey, random_bytes};
use crate::Result;

/// A request encrypted as WhatsApp would send it.
#[derive(Debug)]
pub struct EncryptedRequest {
    /// The JSON body to POST (`encrypted_flow_data`, `encrypted_aes_key`, `initial_vector`).
    pub body: String,
    #[cfg(feature = "ffi")]
    body_c: std::ffi::CString,
    session: Session,
}

impl EncryptedRequest {
    /// Decrypts the endpoint's response body (base64 text) with this request's key and the
    /// flipped IV; returns the plaintext JSON bytes.
    ///
    /// # Errors
    /// `InvalidResponse` when it is not base64 or does not decrypt.
    pub fn decrypt_response(&self, body: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        self.session.decrypt_response(body)
    }

    /// The body as a NUL-terminated string (for the C ABI).
    #[cfg(feature = "ffi")]
    pub(crate) fn body_cstr(&self) -> &std::ffi::CStr {
        &self.body_c
    }

    /// The session (AES key and IV) used.
    #[must_use]
    pub fn session(&self) -> &Session {
        &self.session
    }
}

/// Encrypts `payload` (JSON bytes) for the endpoint whose public key is `public_key`, with a
/// fresh random AES key and IV.
///
/// # Errors
/// `KeyGenerationFailed` when the system random source fails, `InvalidArgument` when RSA
/// encryption fails.
pub fn encrypt_request(public_key: &PublicKey, payload: &[u8]) -> Result<EncryptedRequest> {
    let mut key = Zeroizing::new([0u8; AES_KEY_LEN]);
    let mut iv = [0u8; IV_LEN];
    random_bytes(key.as_mut_slice())?;
    random_bytes(&mut iv)?;
    encrypt_request_with(public_key, payload, *key, iv)
}

/// As [`encrypt_request`] with a chosen AES key and IV (known-answer tests).
///
/// # Errors
/// `InvalidArgument` when RSA encryption fails.
pub fn encrypt_request_with(
    public_key: &PublicKey,
    payload: &[u8],
    aes_key: [u8; AES_KEY_LEN],
    iv: [u8; IV_LEN],
) -> Result<EncryptedRequest> {
    let session = Session::new(aes_key, iv);
    let wrapped = public_key.oaep_encrypt(&aes_key)?;
    let ct = session.encrypt_request_bytes(payload);
    let body = serde_json::json!({
        "encrypted_flow_data": STANDARD.encode(ct),
        "encrypted_aes_key": STANDARD.encode(wrapped),
        "initial_vector": STANDARD.encode(iv),
    })
    .to_string();
    // JSON text never contains a raw NUL byte (it would be escaped).
    #[cfg(feature = "ffi")]
    let body_c = std::ffi::CString::new(body.clone()).unwrap_or_default();
    Ok(EncryptedRequest {
        body,
        #[cfg(feature = "ffi")]
        body_c,
        session,
    })
}
