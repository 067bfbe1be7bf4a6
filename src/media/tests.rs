#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;
use aes::cipher::BlockEncryptMut;
use proptest::prelude::*;

const KAT: &str = include_str!("../../tests/fixtures/vectors/pywa_media_upload_decrypt_kat.json");

fn kat() -> (Vec<u8>, EncryptionMetadata, Vec<u8>) {
    let v: Value = serde_json::from_str(KAT).unwrap();
    let file = STANDARD
        .decode(v["cdn_file_base64"].as_str().unwrap())
        .unwrap();
    let meta = EncryptionMetadata::from_value(&v["encryption_metadata"]).unwrap();
    let plain = STANDARD
        .decode(v["expected_plaintext_base64"].as_str().unwrap())
        .unwrap();
    (file, meta, plain)
}

/// Encrypts like WhatsApp does (test helper; the independent cross-check is the Python suite's
/// `cryptography`-based encryptor).
fn encrypt(
    plain: &[u8],
    key: [u8; 32],
    hmac_key: [u8; 32],
    iv: [u8; 16],
) -> (Vec<u8>, EncryptionMetadata) {
    let enc = cbc::Encryptor::<aes::Aes256>::new(key.as_slice().into(), iv.as_slice().into());
    let mut buf = plain.to_vec();
    buf.resize(plain.len() + 16, 0);
    let ct = enc
        .encrypt_padded_mut::<Pkcs7>(&mut buf, plain.len())
        .unwrap()
        .to_vec();
    let mut mac = <HmacSha256 as Mac>::new_from_slice(&hmac_key).unwrap();
    mac.update(&iv);
    mac.update(&ct);
    let tag = mac.finalize().into_bytes();
    let mut file = ct;
    file.extend_from_slice(&tag[..MAC_LEN]);
    let meta = EncryptionMetadata {
        encryption_key: STANDARD.encode(key),
        hmac_key: STANDARD.encode(hmac_key),
        iv: STANDARD.encode(iv),
        plaintext_hash: STANDARD.encode(Sha256::digest(plain)),
        encrypted_hash: STANDARD.encode(Sha256::digest(&file)),
    };
    (file, meta)
}

#[test]
fn kat_decrypts_byte_exact() {
    let (file, meta, plain) = kat();
    let out = decrypt_media(&file, &meta).unwrap();
    assert_eq!(out, plain);
    assert!(out.starts_with(&[0xff, 0xd8, 0xff])); // a JPEG
}

#[test]
fn every_check_has_its_code() {
    let (file, meta, _) = kat();
    let code = |f: &[u8], m: &EncryptionMetadata| decrypt_media(f, m).unwrap_err().code();

    // Corrupted byte, hash not updated.
    let mut bad = file.clone();
    bad[5] ^= 1;
    assert_eq!(code(&bad, &meta), ErrorCode::MediaEncryptedHashMismatch);

    // Tampered ciphertext with a matching encrypted_hash: the HMAC catches it.
    let mut m2 = meta.clone();
    m2.encrypted_hash = STANDARD.encode(Sha256::digest(&bad));
    assert_eq!(code(&bad, &m2), ErrorCode::MediaHmacMismatch);

    // Wrong hmac key.
    let mut m3 = meta.clone();
    m3.hmac_key = STANDARD.encode([7u8; 32]);
    assert_eq!(code(&file, &m3), ErrorCode::MediaHmacMismatch);

    // Wrong plaintext hash.
    let mut m4 = meta.clone();
    m4.plaintext_hash = STANDARD.encode([0u8; 32]);
    assert_eq!(code(&file, &m4), ErrorCode::MediaPlaintextHashMismatch);

    // Truncations.
    assert_eq!(code(&[], &meta), ErrorCode::MediaTruncated);
    assert_eq!(code(&file[..9], &meta), ErrorCode::MediaTruncated);
    assert_eq!(
        code(&file[..file.len() - 1], &meta),
        ErrorCode::MediaTruncated
    );
    assert_eq!(
        code(&file[..MAC_LEN + 15], &meta),
        ErrorCode::MediaTruncated
    );
}

#[test]
fn wrong_aes_key_is_padding_or_plaintext_hash() {
    // With a valid HMAC but the wrong AES key, decryption yields garbage: either bad padding
    // or (1 in ~256) a plaintext-hash mismatch. Never success, never a panic.
    let plain = b"hello media".to_vec();
    let (file, mut meta) = encrypt(&plain, [1; 32], [2; 32], [3; 16]);
    assert_eq!(decrypt_media(&file, &meta).unwrap(), plain);
    meta.encryption_key = STANDARD.encode([9u8; 32]);
    let c = decrypt_media(&file, &meta).unwrap_err().code();
    assert!(
        matches!(
            c,
            ErrorCode::MediaPaddingInvalid | ErrorCode::MediaPlaintextHashMismatch
        ),
        "{c:?}"
    );
}

#[test]
fn bad_padding_after_valid_hmac() {
    // Ciphertext whose last block decrypts to a zero padding byte.
    let key = [4u8; 32];
    let iv = [5u8; 16];
    let hmac_key = [6u8; 32];
    let mut block = [0u8; 16];
    let enc = cbc::Encryptor::<aes::Aes256>::new(key.as_slice().into(), iv.as_slice().into());
    let ct = enc
        .encrypt_padded_mut::<aes::cipher::block_padding::NoPadding>(&mut block, 16)
        .unwrap()
        .to_vec();
    let mut mac = <HmacSha256 as Mac>::new_from_slice(&hmac_key).unwrap();
    mac.update(&iv);
    mac.update(&ct);
    let mut file = ct;
    file.extend_from_slice(&mac.finalize().into_bytes()[..MAC_LEN]);
    let meta = EncryptionMetadata {
        encryption_key: STANDARD.encode(key),
        hmac_key: STANDARD.encode(hmac_key),
        iv: STANDARD.encode(iv),
        plaintext_hash: STANDARD.encode([0u8; 32]),
        encrypted_hash: STANDARD.encode(Sha256::digest(&file)),
    };
    assert_eq!(
        decrypt_media(&file, &meta).unwrap_err().code(),
        ErrorCode::MediaPaddingInvalid
    );
}

#[test]
fn oversized_file_is_refused_before_hashing() {
    let (_, meta, _) = kat();
    let big = vec![0u8; MAX_CDN_FILE_BYTES + 1];
    assert_eq!(
        decrypt_media(&big, &meta).unwrap_err().code(),
        ErrorCode::MediaTooLarge
    );
}

#[test]
fn metadata_errors_name_the_field() {
    let (file, meta, _) = kat();
    type Case = (fn(&mut EncryptionMetadata), &'static str);
    let cases: Vec<Case> = vec![
        (
            |m| m.encryption_key = STANDARD.encode([0u8; 16]),
            "encryption_key must decode to 32 bytes, got 16",
        ),
        (
            |m| m.hmac_key = "not base64!".into(),
            "hmac_key is not standard base64",
        ),
        (
            |m| m.iv = STANDARD.encode([0u8; 32]),
            "iv must decode to 16 bytes, got 32",
        ),
        (
            |m| m.plaintext_hash = String::new(),
            "plaintext_hash must decode to 32 bytes, got 0",
        ),
        (
            |m| m.encrypted_hash = "A".repeat(10_000),
            "encrypted_hash must decode to 32 bytes, got far more",
        ),
        (|m| m.iv.push_str("=="), "iv has wrong base64 padding"),
    ];
    for (edit, want) in cases {
        let mut m = meta.clone();
        edit(&mut m);
        let e = decrypt_media(&file, &m).unwrap_err();
        assert_eq!(e.code(), ErrorCode::MediaMetadataInvalid);
        assert!(e.message().contains(want), "{} !~ {want}", e.message());
    }
    // Unpadded base64 is accepted.
    let mut m = meta.clone();
    m.iv = m.iv.trim_end_matches('=').to_owned();
    assert!(decrypt_media(&file, &m).is_ok());
}

#[test]
fn metadata_json_is_strict() {
    for bad in [
        &br#"{"encryption_key":"a","hmac_key":"a","iv":"a","plaintext_hash":"a"}"#[..],
        br#"{"encryption_key":"a","hmac_key":"a","iv":"a","plaintext_hash":"a","encrypted_hash":"a","x":1}"#,
        br#"{"encryption_key":1,"hmac_key":"a","iv":"a","plaintext_hash":"a","encrypted_hash":"a"}"#,
        b"[]",
        b"not json",
    ] {
        assert_eq!(
            EncryptionMetadata::from_json(bad).unwrap_err().code(),
            ErrorCode::MediaMetadataInvalid
        );
    }
}

fn media_obj(meta: &EncryptionMetadata, id: &str) -> Value {
    serde_json::json!({
        "file_name": format!("{id}.jpg"), "media_id": id,
        "cdn_url": format!("https://mmg.whatsapp.net/{id}"),
        "encryption_metadata": meta,
    })
}

#[test]
fn uploads_are_found_with_pointers() {
    let (_, meta, _) = kat();
    let doc = serde_json::json!({
        "version": "3.0", "action": "data_exchange", "screen": "UPLOAD", "flow_token": "t",
        "data": {
            "photos": [media_obj(&meta, "p1"), media_obj(&meta, "p2")],
            "name": "x", "n": 3,
            "nested": {"docs": [media_obj(&meta, "d1")]},
        }
    });
    let found = media_uploads(&doc).unwrap();
    let mut got: Vec<(&str, &str)> = found
        .iter()
        .map(|u| (u.pointer.as_str(), u.media_id.as_str()))
        .collect();
    let mut document_order = vec![
        ("/data/photos/0", "p1"),
        ("/data/photos/1", "p2"),
        ("/data/nested/docs/0", "d1"),
    ];
    if !cfg!(feature = "preserve-order") {
        // Without the feature the document's objects come out with their keys sorted.
        got.sort_unstable();
        document_order.sort_unstable();
    }
    assert_eq!(got, document_order);
    let p1 = found.iter().find(|u| u.media_id == "p1").expect("p1");
    assert_eq!(p1.file_name.as_deref(), Some("p1.jpg"));
    assert_eq!(p1.encryption_metadata, meta);
    // The serialised form (the C/Python contract) carries the pointer.
    let j = serde_json::to_value(p1).unwrap();
    assert_eq!(j["pointer"], "/data/photos/0");
    assert_eq!(j["cdn_url"], "https://mmg.whatsapp.net/p1");

    // A completion's response_json text.
    let rj = serde_json::json!({"flow_token": "t", "doc": [media_obj(&meta, "z")]}).to_string();
    let found = media_uploads_json(rj.as_bytes()).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].pointer, "/doc/0");
    assert!(media_uploads_json(br#"{"a":"b"}"#).unwrap().is_empty());
}

#[test]
fn malformed_uploads_are_typed_errors() {
    let (_, meta, _) = kat();
    let mut no_id = media_obj(&meta, "a");
    no_id.as_object_mut().unwrap().remove("media_id");
    let mut extra = media_obj(&meta, "a");
    extra["size"] = 3.into();
    let mut bad_meta = media_obj(&meta, "a");
    bad_meta["encryption_metadata"]["iv"] = "AAAA".into();
    let mut no_meta = media_obj(&meta, "a");
    no_meta
        .as_object_mut()
        .unwrap()
        .remove("encryption_metadata");
    for (doc, code, needle) in [
        (no_id, ErrorCode::MediaReferenceInvalid, "media_id"),
        (extra, ErrorCode::MediaReferenceInvalid, "size"),
        (
            no_meta,
            ErrorCode::MediaReferenceInvalid,
            "encryption_metadata",
        ),
        (bad_meta, ErrorCode::MediaMetadataInvalid, "iv must decode"),
    ] {
        let e = media_uploads(&serde_json::json!({"data": {"photo": [doc]}})).unwrap_err();
        assert_eq!(e.code(), code);
        assert!(e.message().contains("/data/photo/0"), "{}", e.message());
        assert!(e.message().contains(needle), "{}", e.message());
    }
    assert_eq!(
        media_uploads_json(b"[1]").unwrap_err().code(),
        ErrorCode::InvalidPayload
    );
    assert_eq!(
        media_uploads_json(b"{").unwrap_err().code(),
        ErrorCode::InvalidPayload
    );
    let mut deep = Value::Null;
    for _ in 0..40 {
        deep = serde_json::json!({ "a": deep });
    }
    assert_eq!(
        media_uploads(&deep).unwrap_err().code(),
        ErrorCode::LimitExceeded
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn round_trips_and_any_change_is_caught(
        plain in proptest::collection::vec(any::<u8>(), 0..600),
        key in any::<[u8; 32]>(), hk in any::<[u8; 32]>(), iv in any::<[u8; 16]>(),
        flip in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>(),
    ) {
        let (file, meta) = encrypt(&plain, key, hk, iv);
        prop_assert_eq!(decrypt_media(&file, &meta).unwrap(), plain);
        let mut bad = file.clone();
        bad[flip.index(file.len())] ^= 0x40;
        prop_assert!(decrypt_media(&bad, &meta).is_err());
        let n = cut.index(file.len());
        prop_assert!(decrypt_media(&file[..n], &meta).is_err());
    }
}
