//! C surface of media decryption (PhotoPicker / DocumentPicker uploads).
use super::{
    ffi_boundary, ffi_result, need_out, slice_from, waflows_bytes, waflows_result, write_bytes,
};
use crate::Error;
use crate::media::{self, EncryptionMetadata};

/// Largest CDN file `waflows_media_decrypt` accepts, in bytes (100 MiB of plaintext plus one
/// padding block and the 10-byte tag); larger files fail with `WAFLOWS_RESULT_MEDIA_TOO_LARGE`.
pub const WAFLOWS_MEDIA_MAX_CDN_FILE_BYTES: usize = 104_857_626;
const _: () = assert!(WAFLOWS_MEDIA_MAX_CDN_FILE_BYTES == media::MAX_CDN_FILE_BYTES);

/// Serialises a core output type to its JSON form (the serde derive is the contract).
pub(crate) fn json_of<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, Error> {
    // A serialisation failure is an error of its own, never reported as a panic.
    serde_json::to_vec(v).map_err(|e| {
        Error::invalid_argument(format!("the result could not be written as JSON: {e}"))
    })
}

/// Decrypts a file downloaded from a PhotoPicker/DocumentPicker `cdn_url`.
///
/// `cdn_file` is the downloaded body (at most 100 MiB + 26 bytes); `metadata_json` is the
/// value's `encryption_metadata` object as JSON text (`{"encryption_key", "hmac_key", "iv",
/// "plaintext_hash", "encrypted_hash"}`, base64). On success writes the verified plaintext to
/// `*plaintext_out` (release with `waflows_bytes_free`); nothing is written on failure.
///
/// Errors: `WAFLOWS_RESULT_MEDIA_METADATA_INVALID` (not that JSON object, bad base64, wrong
/// length), `WAFLOWS_RESULT_MEDIA_TOO_LARGE`, `WAFLOWS_RESULT_MEDIA_TRUNCATED`,
/// `WAFLOWS_RESULT_MEDIA_ENCRYPTED_HASH_MISMATCH`, `WAFLOWS_RESULT_MEDIA_HMAC_MISMATCH`,
/// `WAFLOWS_RESULT_MEDIA_PADDING_INVALID`, `WAFLOWS_RESULT_MEDIA_PLAINTEXT_HASH_MISMATCH`,
/// `WAFLOWS_RESULT_NULL_PARAMETER` (NULL out-parameter, or NULL buffer with a non-zero length).
/// Pure and thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_media_decrypt(
    cdn_file: *const u8,
    cdn_file_len: usize,
    metadata_json: *const u8,
    metadata_json_len: usize,
    plaintext_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(plaintext_out)?;
        // SAFETY: (ptr, len) pairs per the caller contract.
        let (file, meta) = unsafe {
            (
                slice_from(cdn_file, cdn_file_len)?,
                slice_from(metadata_json, metadata_json_len)?,
            )
        };
        let meta = EncryptionMetadata::from_json(meta)?;
        let plain = media::decrypt_media(file, &meta)?;
        // SAFETY: checked non-NULL above.
        unsafe { write_bytes(plaintext_out, plain) }
    })
}

/// Lists the PhotoPicker/DocumentPicker files in a JSON document: a decrypted request's payload
/// (`waflows_request_payload`) or its `data`, or a completion's `response_json` text.
///
/// On success writes a JSON array to `*json_out`, one object per file in document order:
/// `{"pointer": "/data/photos/0", "media_id", "cdn_url", "file_name" (string or null),
/// "encryption_metadata": {…}}`; pass `encryption_metadata` (re-serialised) and the downloaded
/// file to `waflows_media_decrypt`. Nothing is written on failure.
///
/// Errors: `WAFLOWS_RESULT_INVALID_PAYLOAD` (not a JSON object),
/// `WAFLOWS_RESULT_MEDIA_REFERENCE_INVALID` (a media object lacks a field, has an unknown or
/// mistyped one), `WAFLOWS_RESULT_MEDIA_METADATA_INVALID` (its metadata is not base64 of the
/// right lengths), `WAFLOWS_RESULT_LIMIT_EXCEEDED` (over 4 MiB or nested deeper than 32 levels),
/// `WAFLOWS_RESULT_NULL_PARAMETER`. Pure and thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_media_uploads(
    json: *const u8,
    json_len: usize,
    json_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(json_out)?;
        // SAFETY: (ptr, len) per the caller contract.
        let doc = unsafe { slice_from(json, json_len)? };
        let found = media::media_uploads_json(doc)?;
        let out = json_of(&found)?;
        // SAFETY: checked non-NULL above.
        unsafe { write_bytes(json_out, out) }
    })
}
