//! Media uploaded inside a flow (PhotoPicker / DocumentPicker).
//!
//! When a flow has a PhotoPicker or DocumentPicker, the endpoint request (`data_exchange`) or the
//! completion webhook (`nfm_reply.response_json`) carries, for each picker, a list of objects
//!
//! ```json
//! {"media_id": "…", "cdn_url": "https://…", "file_name": "photo.jpg",
//!  "encryption_metadata": {"encryption_key": "…", "hmac_key": "…", "iv": "…",
//!                          "plaintext_hash": "…", "encrypted_hash": "…"}}
//! ```
//!
//! The host downloads `cdn_url` (I/O stays with the caller; the Python package has an `httpx`
//! helper) and hands the bytes to [`decrypt_media`], which checks, in this order:
//!
//! 1. the size cap ([`MAX_CDN_FILE_BYTES`]) and the minimum length;
//! 2. SHA-256 of the whole file against `encrypted_hash`;
//! 3. HMAC-SHA256(`hmac_key`, `iv || ciphertext`), first 10 bytes, against the file's last 10
//!    bytes (constant-time);
//! 4. AES-256-CBC decryption with `encryption_key` and `iv`, PKCS#7 unpadding;
//! 5. SHA-256 of the plaintext against `plaintext_hash`.
//!
//! Each failure has its own [`ErrorCode`] (`media_*`, 900–949). Decryption only starts once the
//! HMAC has been verified, so the padding error is not an oracle.
//!
//! ```
//! use waflows::media::{decrypt_media, EncryptionMetadata};
//!
//! let meta = EncryptionMetadata::from_json(br#"{
//!     "encryption_key": "202pQMDtZoAMwJwZJFVPqQOgdJRBahBmGywwSXz5tAY=",
//!     "hmac_key": "A/72TYylRAHTg/CdXpBtC6T6qcJ2C7Cf2qzZ/hqVASM=",
//!     "iv": "t1MOy02KXLbsH+NYkqkRXQ==",
//!     "plaintext_hash": "ZvSgxwXg5fWL7v7ggGHXtMCZYTf/nVFasOdX0p6kiP4=",
//!     "encrypted_hash": "pDhRHkyevzgkdg5ObY+MfzW5J6/ObZj/OrmAvyUeYA8="
//! }"#).unwrap();
//! // A tampered or truncated file is a typed error, never a panic:
//! // (74 bytes: whole AES blocks plus the 10-byte tag, so the file hash is what fails.)
//! let err = decrypt_media(&[0u8; 74], &meta).unwrap_err();
//! assert_eq!(err.code(), waflows::ErrorCode::MediaEncryptedHashMismatch);
//! ```

use aes::cipher::{BlockDecryptMut, KeyIvInit, block_padding::Pkcs7};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::{Error, ErrorCode, Result};

/// Largest decrypted file accepted: 100 MiB. Meta's pickers cap a file at 25 MiB
/// (`max-file-size-kb` ≤ 25600 in Flow JSON); the cap leaves room for a future raise while
/// bounding memory per call.
pub const MAX_MEDIA_PLAINTEXT_BYTES: usize = 100 << 20;
/// Largest CDN file accepted: [`MAX_MEDIA_PLAINTEXT_BYTES`] plus one padding block and the
/// 10-byte tag. Larger inputs fail with [`ErrorCode::MediaTooLarge`] before any hashing.
pub const MAX_CDN_FILE_BYTES: usize = MAX_MEDIA_PLAINTEXT_BYTES + AES_BLOCK + MAC_LEN;
/// Length of the truncated HMAC-SHA256 tag at the end of the CDN file.
pub const MAC_LEN: usize = 10;
const AES_BLOCK: usize = 16;
/// Largest JSON document [`media_uploads_json`] reads.
pub const MAX_MEDIA_JSON_BYTES: usize = 4 << 20;
/// Deepest nesting [`media_uploads`] walks into.
const MAX_WALK_DEPTH: usize = 32;

type HmacSha256 = Hmac<Sha256>;

/// The `encryption_metadata` object of a PhotoPicker/DocumentPicker value: five standard
/// base64 strings (padding optional). Unknown fields are rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptionMetadata {
    /// AES-256 key (32 bytes).
    pub encryption_key: String,
    /// HMAC-SHA256 key (32 bytes).
    pub hmac_key: String,
    /// AES-CBC IV (16 bytes).
    pub iv: String,
    /// SHA-256 of the decrypted file (32 bytes).
    pub plaintext_hash: String,
    /// SHA-256 of the CDN file (32 bytes).
    pub encrypted_hash: String,
}

impl EncryptionMetadata {
    /// Parses the metadata object from JSON text.
    ///
    /// # Errors
    /// [`ErrorCode::MediaMetadataInvalid`] when it is not a JSON object with exactly the five
    /// string fields (the message names the problem).
    pub fn from_json(json: &[u8]) -> Result<EncryptionMetadata> {
        if json.len() > MAX_MEDIA_JSON_BYTES {
            return Err(Error::new(
                ErrorCode::MediaMetadataInvalid,
                format!("encryption_metadata is {} bytes; far too large", json.len()),
            ));
        }
        serde_json::from_slice(json).map_err(|e| {
            Error::new(
                ErrorCode::MediaMetadataInvalid,
                format!("encryption_metadata: {e}"),
            )
        })
    }

    /// Reads the metadata from an already parsed JSON value.
    ///
    /// # Errors
    /// As [`EncryptionMetadata::from_json`].
    pub fn from_value(v: &Value) -> Result<EncryptionMetadata> {
        EncryptionMetadata::deserialize(v).map_err(|e| {
            Error::new(
                ErrorCode::MediaMetadataInvalid,
                format!("encryption_metadata: {e}"),
            )
        })
    }

    /// Decodes and length-checks every field.
    fn keys(&self) -> Result<Keys> {
        Ok(Keys {
            encryption_key: Zeroizing::new(decode::<32>("encryption_key", &self.encryption_key)?),
            hmac_key: Zeroizing::new(decode::<32>("hmac_key", &self.hmac_key)?),
            iv: decode::<16>("iv", &self.iv)?,
            plaintext_hash: decode::<32>("plaintext_hash", &self.plaintext_hash)?,
            encrypted_hash: decode::<32>("encrypted_hash", &self.encrypted_hash)?,
        })
    }

    /// Checks that every field is base64 of the right length, without decrypting anything.
    ///
    /// # Errors
    /// [`ErrorCode::MediaMetadataInvalid`] naming the first bad field.
    pub fn validate(&self) -> Result<()> {
        self.keys().map(|_| ())
    }
}

struct Keys {
    encryption_key: Zeroizing<[u8; 32]>,
    hmac_key: Zeroizing<[u8; 32]>,
    iv: [u8; 16],
    plaintext_hash: [u8; 32],
    encrypted_hash: [u8; 32],
}

/// Decodes standard base64 (with or without padding) into exactly `N` bytes.
fn decode<const N: usize>(field: &str, text: &str) -> Result<[u8; N]> {
    let t = text.trim_end_matches('=');
    // A value more than twice the expected size cannot be right; don't decode it at all.
    if t.len() > 4 * N + 4 {
        return Err(bad_len(field, N, None));
    }
    let bytes = STANDARD_NO_PAD.decode(t).map_err(|_| {
        Error::new(
            ErrorCode::MediaMetadataInvalid,
            format!("encryption_metadata.{field} is not standard base64"),
        )
    })?;
    // Padding, when present, must be the canonical amount.
    if t.len() != text.len() && STANDARD.encode(&bytes) != text {
        return Err(Error::new(
            ErrorCode::MediaMetadataInvalid,
            format!("encryption_metadata.{field} has wrong base64 padding"),
        ));
    }
    <[u8; N]>::try_from(bytes.as_slice()).map_err(|_| bad_len(field, N, Some(bytes.len())))
}

fn bad_len(field: &str, want: usize, got: Option<usize>) -> Error {
    let got = got.map_or_else(|| "far more".to_owned(), |n| n.to_string());
    Error::new(
        ErrorCode::MediaMetadataInvalid,
        format!("encryption_metadata.{field} must decode to {want} bytes, got {got}"),
    )
}

/// Decrypts a file downloaded from a PhotoPicker/DocumentPicker `cdn_url`.
///
/// Returns the plaintext (the original image or document), verified against both hashes and
/// the HMAC.
///
/// # Errors
/// - [`ErrorCode::MediaMetadataInvalid`]: a metadata field is not base64 of the right length;
/// - [`ErrorCode::MediaTooLarge`]: `cdn_file` is over [`MAX_CDN_FILE_BYTES`];
/// - [`ErrorCode::MediaTruncated`]: shorter than one AES block plus the 10-byte tag, or the
///   ciphertext is not whole 16-byte blocks;
/// - [`ErrorCode::MediaEncryptedHashMismatch`]: SHA-256 of the file is not `encrypted_hash`;
/// - [`ErrorCode::MediaHmacMismatch`]: the tag does not match;
/// - [`ErrorCode::MediaPaddingInvalid`]: PKCS#7 padding is wrong after decryption;
/// - [`ErrorCode::MediaPlaintextHashMismatch`]: SHA-256 of the plaintext is not `plaintext_hash`.
pub fn decrypt_media(cdn_file: &[u8], metadata: &EncryptionMetadata) -> Result<Vec<u8>> {
    let keys = metadata.keys()?;
    if cdn_file.len() > MAX_CDN_FILE_BYTES {
        return Err(Error::new(
            ErrorCode::MediaTooLarge,
            format!(
                "media file is {} bytes; the limit is {MAX_CDN_FILE_BYTES}",
                cdn_file.len()
            ),
        ));
    }
    let Some(ct_len) = cdn_file.len().checked_sub(MAC_LEN) else {
        return Err(truncated(cdn_file.len()));
    };
    if ct_len < AES_BLOCK || ct_len % AES_BLOCK != 0 {
        return Err(truncated(cdn_file.len()));
    }
    let (ct, tag) = cdn_file.split_at(ct_len);

    let digest: [u8; 32] = Sha256::digest(cdn_file).into();
    if !bool::from(digest.ct_eq(&keys.encrypted_hash)) {
        return Err(Error::new(
            ErrorCode::MediaEncryptedHashMismatch,
            "SHA-256 of the media file does not match encrypted_hash",
        ));
    }

    let mut mac = <HmacSha256 as Mac>::new_from_slice(keys.hmac_key.as_slice())
        .map_err(|_| Error::new(ErrorCode::MediaMetadataInvalid, "hmac_key unusable"))?;
    mac.update(&keys.iv);
    mac.update(ct);
    let full = mac.finalize().into_bytes();
    let ok = full
        .get(..MAC_LEN)
        .is_some_and(|t| bool::from(t.ct_eq(tag)));
    if !ok {
        return Err(Error::new(
            ErrorCode::MediaHmacMismatch,
            "the media file's HMAC does not match (tampered file or wrong hmac_key)",
        ));
    }

    let mut buf = ct.to_vec();
    let dec = cbc::Decryptor::<aes::Aes256>::new(
        keys.encryption_key.as_slice().into(),
        keys.iv.as_slice().into(),
    );
    let plain_len = dec
        .decrypt_padded_mut::<Pkcs7>(&mut buf)
        .map_err(|_| {
            Error::new(
                ErrorCode::MediaPaddingInvalid,
                "the decrypted media has invalid PKCS#7 padding (wrong encryption_key or iv)",
            )
        })?
        .len();
    buf.truncate(plain_len);

    let digest: [u8; 32] = Sha256::digest(&buf).into();
    if !bool::from(digest.ct_eq(&keys.plaintext_hash)) {
        return Err(Error::new(
            ErrorCode::MediaPlaintextHashMismatch,
            "SHA-256 of the decrypted media does not match plaintext_hash",
        ));
    }
    Ok(buf)
}

fn truncated(len: usize) -> Error {
    Error::new(
        ErrorCode::MediaTruncated,
        format!(
            "media file is {len} bytes: it must be whole 16-byte AES blocks (at least one) \
             followed by the {MAC_LEN}-byte tag"
        ),
    )
}

/// One file listed by a PhotoPicker/DocumentPicker value.
///
/// Read from Meta's object (`media_id`, `cdn_url`, `file_name`, `encryption_metadata`; unknown
/// fields rejected) and written with one more field, `pointer`: the RFC 6901 location of the
/// object inside the document it was found in (`/data/photos/0`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MediaUpload {
    /// Where the object was found (RFC 6901 pointer). Not read from input.
    #[serde(skip_deserializing)]
    pub pointer: String,
    /// Meta's media id.
    pub media_id: String,
    /// The URL to download the encrypted file from.
    pub cdn_url: String,
    /// The file name the user picked. Meta's examples always carry it; `None` when absent.
    #[serde(default)]
    pub file_name: Option<String>,
    /// Keys and hashes for [`decrypt_media`].
    pub encryption_metadata: EncryptionMetadata,
}

impl MediaUpload {
    /// Decrypts this upload's downloaded CDN file (see [`decrypt_media`]).
    ///
    /// # Errors
    /// As [`decrypt_media`].
    pub fn decrypt(&self, cdn_file: &[u8]) -> Result<Vec<u8>> {
        decrypt_media(cdn_file, &self.encryption_metadata)
    }
}

/// Whether `m` is meant to be a media object: it has one of the keys only media objects have.
fn looks_like_media(m: &serde_json::Map<String, Value>) -> bool {
    m.contains_key("encryption_metadata") || m.contains_key("cdn_url")
}

/// Lists every PhotoPicker/DocumentPicker file in a JSON document: a decrypted endpoint
/// request (its payload or just its `data`), or a completion's parsed `response_json`.
///
/// Any object with a `cdn_url` or `encryption_metadata` key, at any depth, must be a media
/// object; each one is returned, in document order, with its pointer (the order of `doc`'s
/// keys: document order with the `preserve-order` feature, sorted without). Values that are
/// not media are left alone.
///
/// # Errors
/// [`ErrorCode::MediaReferenceInvalid`] when an object that looks like media lacks a field, has
/// an unknown one or a mistyped one (the message gives its pointer);
/// [`ErrorCode::MediaMetadataInvalid`] when its metadata is not base64 of the right lengths;
/// [`ErrorCode::LimitExceeded`] when the document nests deeper than 32 levels.
pub fn media_uploads(doc: &Value) -> Result<Vec<MediaUpload>> {
    let mut out = Vec::new();
    let mut pointer = String::new();
    walk(doc, &mut pointer, 0, &mut out)?;
    Ok(out)
}

/// [`media_uploads`] over JSON text (a decrypted request payload or a completion's
/// `response_json` string).
///
/// # Errors
/// As [`media_uploads`]; [`ErrorCode::InvalidPayload`] when the text is not a JSON object;
/// [`ErrorCode::LimitExceeded`] over [`MAX_MEDIA_JSON_BYTES`].
pub fn media_uploads_json(json: &[u8]) -> Result<Vec<MediaUpload>> {
    if json.len() > MAX_MEDIA_JSON_BYTES {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            format!(
                "document is {} bytes; the limit is {MAX_MEDIA_JSON_BYTES}",
                json.len()
            ),
        ));
    }
    let v: Value = serde_json::from_slice(json).map_err(|e| {
        Error::new(
            ErrorCode::InvalidPayload,
            format!("document is not JSON: {e}"),
        )
    })?;
    if !v.is_object() {
        return Err(Error::new(
            ErrorCode::InvalidPayload,
            "document must be a JSON object",
        ));
    }
    media_uploads(&v)
}

fn walk(v: &Value, pointer: &mut String, depth: usize, out: &mut Vec<MediaUpload>) -> Result<()> {
    if depth > MAX_WALK_DEPTH {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            format!("document nests deeper than {MAX_WALK_DEPTH} levels at {pointer}"),
        ));
    }
    match v {
        Value::Object(m) if looks_like_media(m) => {
            let mut upload = MediaUpload::deserialize(v).map_err(|e| {
                Error::new(
                    ErrorCode::MediaReferenceInvalid,
                    format!("media object at {}: {e}", show(pointer)),
                )
            })?;
            upload.encryption_metadata.validate().map_err(|e| {
                Error::new(
                    e.code(),
                    format!("media object at {}: {}", show(pointer), e.message()),
                )
            })?;
            upload.pointer = pointer.clone();
            out.push(upload);
        }
        Value::Object(m) => {
            for (k, x) in m {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&k.replace('~', "~0").replace('/', "~1"));
                walk(x, pointer, depth + 1, out)?;
                pointer.truncate(len);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                walk(x, pointer, depth + 1, out)?;
                pointer.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

fn show(pointer: &str) -> &str {
    if pointer.is_empty() {
        "the root"
    } else {
        pointer
    }
}

/// The Rust examples of docs/media.md run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/media.md")]
struct Docs;

#[cfg(test)]
mod tests;
