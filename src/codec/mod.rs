//! Meta's endpoint contract: key loading and generation, request decryption, response
//! encryption, `X-Hub-Signature-256`, and the error → HTTP status mapping.
//!
//! Decryption: RSA-OAEP (SHA-256, MGF1-SHA-256) unwraps a 16-byte AES key; AES-128-GCM with
//! the 16-byte `initial_vector` and the 16-byte tag appended decrypts the JSON. The response
//! uses the same key and the IV with every bit inverted, base64-encoded: the exact HTTP body.
//!
//! HTTP status policy (one place): problems with the envelope itself — not JSON, a missing or
//! non-string field, bad base64, an IV that is not 16 bytes, a body over
//! [`MAX_BODY_BYTES`] — are `MalformedRequest` → **400**. Everything from the RSA step on
//! (unwrap failure, wrong AES key length, GCM tag, plaintext that is not a JSON object) is the
//! one undetailed `DecryptionFailed` → **421**, which makes WhatsApp refresh the public key
//! and retry. A bad signature is **432**; a rejected flow token **427**.
//!
//! This module never does I/O: bodies, keys and secrets are arguments.
//!
//! ```
//! use waflows::codec::{PrivateKey, PublicKey, generate_key_pair, testing};
//!
//! let pair = generate_key_pair(2048, None)?;
//! let key = PrivateKey::from_pem(pair.private_pem.as_bytes(), None)?;
//!
//! // Play WhatsApp: encrypt a request with the public key.
//! let phone = testing::encrypt_request(
//!     &PublicKey::from_pem(pair.public_pem.as_bytes())?,
//!     br#"{"version":"3.0","action":"INIT","flow_token":"T","data":{}}"#,
//! )?;
//!
//! // The endpoint: decrypt, decide, encrypt.
//! let req = key.decrypt_request(phone.body.as_bytes())?;
//! assert_eq!(req.action().as_str(), "INIT");
//! let body = req.respond_next_screen("WELCOME", Default::default(), None)?;
//!
//! // Back on the phone.
//! let answer = phone.decrypt_response(body.as_bytes())?;
//! assert_eq!(serde_json::from_slice::<serde_json::Value>(&answer).unwrap(), serde_json::json!({"screen":"WELCOME","data":{}}));
//! # Ok::<(), waflows::Error>(())
//! ```

mod aead;
mod backend;
mod keys;
mod legacy;
mod pem;
mod request;
pub mod response;
mod signature;
pub mod testing;

pub use aead::{AES_KEY_LEN, IV_LEN, Session, TAG_LEN};
pub use backend::BACKEND;
pub use keys::{KeyPair, MAX_KEY_BITS, MIN_KEY_BITS, PrivateKey, PublicKey, generate_key_pair};
pub use request::{Action, FlowRequest, MAX_BODY_BYTES, MAX_JSON_DEPTH};
pub use signature::{sign, verify_signature};

#[allow(unused_imports)]
pub(crate) use request::parse_json_object;
pub(crate) use signature::hmac_sha256;
