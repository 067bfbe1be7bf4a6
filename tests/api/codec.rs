//! Codec: known-answer vectors, every key form, every failure path.
use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use proptest::prelude::*;
use serde_json::{Value, json};
use waflows::ErrorCode;
use waflows::codec::{self, PrivateKey, PublicKey, testing};

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}
fn read(rel: &str) -> Vec<u8> {
    std::fs::read(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
fn json_fixture(rel: &str) -> Value {
    serde_json::from_slice(&read(rel)).unwrap()
}
const PASS: &[u8] = b"waflows-test";

fn test_key() -> &'static PrivateKey {
    static KEY: std::sync::OnceLock<PrivateKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| PrivateKey::from_pem(&read("keys/private_pkcs8.pem"), None).unwrap())
}

#[test]
fn published_pywa_vector_decrypts_and_encrypts_byte_for_byte() {
    let v = json_fixture("vectors/pywa_flow_endpoint_kat.json");
    let key = PrivateKey::from_pem(
        v["private_key_pem"].as_str().unwrap().as_bytes(),
        Some(b"pywa"),
    )
    .unwrap();
    let body = serde_json::to_vec(&v["request_body"]).unwrap();
    let req = key.decrypt_request(&body).unwrap();
    assert_eq!(
        req.raw(),
        v["expected_request_plaintext_utf8"]
            .as_str()
            .unwrap()
            .as_bytes()
    );
    assert_eq!(req.action().as_str(), "INIT");
    assert_eq!(req.flow_token(), Some("my_flow_token"));
    assert_eq!(req.screen(), Some(""));
    assert_eq!(req.version(), Some("3.0"));
    assert_eq!(
        req.session().flipped_iv().to_vec(),
        hex::decode(v["intermediate_values"]["flipped_iv_hex"].as_str().unwrap()).unwrap()
    );
    for (pt, ct) in [
        ("response_plaintext_utf8", "expected_response_body_base64"),
        (
            "alt_compact_response_plaintext_utf8",
            "alt_compact_expected_response_body_base64",
        ),
    ] {
        let out = req
            .encrypt_response_json(v[pt].as_str().unwrap().as_bytes())
            .unwrap();
        assert_eq!(out, v[ct].as_str().unwrap(), "{pt}");
    }
    // serde serialisation of the same object is the compact form: byte-exact too (a `Value`
    // keeps the vector's key order only with the `preserve-order` feature; the bytes above are
    // encrypted as given either way).
    #[cfg(feature = "preserve-order")]
    {
        let obj: Value =
            serde_json::from_str(v["alt_compact_response_plaintext_utf8"].as_str().unwrap())
                .unwrap();
        assert_eq!(
            req.encrypt_response(&obj).unwrap(),
            v["alt_compact_expected_response_body_base64"]
                .as_str()
                .unwrap()
        );
    }
}

const KEY_FILES: &[(&str, bool)] = &[
    ("keys/private_pkcs1.pem", false),
    ("keys/private_pkcs1_des3.pem", true),
    ("keys/private_pkcs1_aes128.pem", true),
    ("keys/private_pkcs1_aes256.pem", true),
    ("keys/private_pkcs8.pem", false),
    ("keys/private_pkcs8_aes256.pem", true),
    ("keys/private_pkcs8_aes128.pem", true),
    ("keys/private_pkcs8_des3.pem", true),
    ("keys/private_pkcs8_des3_sha1prf.pem", true),
];

#[test]
fn every_key_form_loads_and_decrypts_every_generated_case() {
    let v = json_fixture("vectors/waflows_generated_vectors.json");
    let spki = String::from_utf8(read("keys/public_spki.pem")).unwrap();
    for (file, encrypted) in KEY_FILES {
        let key = PrivateKey::from_pem(&read(file), encrypted.then_some(PASS))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(key.bits(), 2048);
        assert_eq!(key.public_key_pem().trim(), spki.trim(), "{file}");
        for case in v["cases"].as_array().unwrap() {
            let name = case["name"].as_str().unwrap();
            let body = serde_json::to_vec(&case["request_body"]).unwrap();
            let req = key
                .decrypt_request(&body)
                .unwrap_or_else(|e| panic!("{file} {name}: {e}"));
            assert_eq!(
                req.raw(),
                case["expected_request_plaintext_utf8"]
                    .as_str()
                    .unwrap()
                    .as_bytes(),
                "{name}"
            );
            assert_eq!(
                req.session().flipped_iv().to_vec(),
                hex::decode(case["flipped_iv_hex"].as_str().unwrap()).unwrap()
            );
            let out = req
                .encrypt_response_json(case["response_plaintext_utf8"].as_str().unwrap().as_bytes())
                .unwrap();
            assert_eq!(
                out,
                case["expected_response_body_base64"].as_str().unwrap(),
                "{file} {name}"
            );
        }
    }
}

#[test]
fn generated_cases_are_recognised() {
    let v = json_fixture("vectors/waflows_generated_vectors.json");
    let key = test_key();
    let by_name = |n: &str| {
        let c = v["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == n)
            .unwrap();
        key.decrypt_request(&serde_json::to_vec(&c["request_body"]).unwrap())
            .unwrap()
    };
    let ping = by_name("health_check_ping");
    assert!(ping.is_ping() && !ping.is_error_notification());
    let body = ping.respond_health();
    let expected = v["cases"][0]["expected_response_body_base64"]
        .as_str()
        .unwrap();
    assert_eq!(
        body, expected,
        "respond_health must give Meta's exact health answer"
    );
    let err = by_name("error_notification");
    assert!(err.is_error_notification());
    assert!(err.error_key().is_some());
    assert_eq!(by_name("back").action(), &codec::Action::Back);
    assert_eq!(
        by_name("data_exchange_with_ct_keys").action(),
        &codec::Action::DataExchange
    );
    assert_eq!(by_name("init").action(), &codec::Action::Init);
}

#[test]
fn negative_vectors_all_give_the_same_421() {
    let v = json_fixture("vectors/waflows_generated_vectors.json");
    for case in v["negative_cases"].as_array().unwrap() {
        let body = serde_json::to_vec(&case["request_body"]).unwrap();
        let e = test_key().decrypt_request(&body).unwrap_err();
        assert_eq!(e.code(), ErrorCode::DecryptionFailed, "{}", case["name"]);
        assert_eq!(e.http_status(), Some(421));
        assert_eq!(e, waflows::Error::decryption_failed(), "no detail may leak");
    }
}

#[test]
fn signature_vectors_verify_and_tampering_fails() {
    let v = json_fixture("vectors/waflows_generated_vectors.json");
    let mut cases: Vec<Value> = v["signature_cases"].as_array().unwrap().clone();
    cases.push(json_fixture("vectors/pywa_x_hub_signature_kat.json"));
    for c in &cases {
        let body = c["raw_body_utf8"].as_str().unwrap().as_bytes();
        let secret = c["app_secret"].as_str().unwrap().as_bytes();
        let header = c["x_hub_signature_256"].as_str().unwrap();
        assert_eq!(codec::sign(body, secret), header);
        codec::verify_signature(body, header, &[secret]).unwrap();
        codec::verify_signature(body, header, &[b"rotated-out".as_slice(), secret]).unwrap();
        let mut tampered = body.to_vec();
        tampered.push(b' ');
        let e = codec::verify_signature(&tampered, header, &[secret]).unwrap_err();
        assert_eq!(e.http_status(), Some(432));
    }
}

#[test]
fn key_errors_are_distinct() {
    let cases: &[(&str, Option<&[u8]>, ErrorCode)] = &[
        (
            "keys/private_pkcs1_des3.pem",
            None,
            ErrorCode::KeyPasswordRequired,
        ),
        (
            "keys/private_pkcs8_aes256.pem",
            None,
            ErrorCode::KeyPasswordRequired,
        ),
        (
            "keys/private_pkcs1_des3.pem",
            Some(b"wrong"),
            ErrorCode::KeyPasswordWrong,
        ),
        (
            "keys/private_pkcs1_aes128.pem",
            Some(b"wrong"),
            ErrorCode::KeyPasswordWrong,
        ),
        (
            "keys/private_pkcs1_aes256.pem",
            Some(b""),
            ErrorCode::KeyPasswordWrong,
        ),
        (
            "keys/private_pkcs8_aes256.pem",
            Some(b"wrong"),
            ErrorCode::KeyPasswordWrong,
        ),
        (
            "keys/private_pkcs8_des3.pem",
            Some(b"Waflows-test"),
            ErrorCode::KeyPasswordWrong,
        ),
        ("keys/public_spki.pem", None, ErrorCode::KeyIsPublic),
        ("keys/public_pkcs1.pem", None, ErrorCode::KeyIsPublic),
        ("keys/certificate.pem", None, ErrorCode::KeyIsPublic),
        (
            "keys/rsa1024_pkcs8.pem",
            None,
            ErrorCode::KeySizeUnsupported,
        ),
        ("keys/ec_p256_pkcs8.pem", None, ErrorCode::KeyUnsupported),
        (
            "keys/private_pkcs8_pbes1.pem",
            Some(PASS),
            ErrorCode::KeyUnsupported,
        ),
    ];
    for (file, pw, code) in cases {
        let e = PrivateKey::from_pem(&read(file), *pw).unwrap_err();
        assert_eq!(e.code(), *code, "{file}: {e}");
        assert!(!e.message().is_empty());
    }
    for garbage in [
        &b""[..],
        b"garbage",
        b"\x00\x01\x02",
        b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    ] {
        assert_eq!(
            PrivateKey::from_pem(garbage, None).unwrap_err().code(),
            ErrorCode::KeyMalformed
        );
    }
    // A plain key ignores a passphrase.
    PrivateKey::from_pem(&read("keys/private_pkcs8.pem"), Some(b"unused")).unwrap();
    // DER forms.
    let pem8 = String::from_utf8(read("keys/private_pkcs8.pem")).unwrap();
    let b64: String = pem8.lines().filter(|l| !l.starts_with("-----")).collect();
    PrivateKey::from_der(&STANDARD.decode(b64).unwrap()).unwrap();
    assert_eq!(
        PrivateKey::from_der(b"nope").unwrap_err().code(),
        ErrorCode::KeyMalformed
    );
}

#[test]
fn generated_keys_load_back_with_and_without_passphrase() {
    let plain = codec::generate_key_pair(2048, None).unwrap();
    assert!(
        plain
            .private_pem
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
    let k = PrivateKey::from_pem(plain.private_pem.as_bytes(), None).unwrap();
    assert_eq!(k.public_key_pem(), plain.public_pem);
    assert!(plain.public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));

    let enc = codec::generate_key_pair(2048, Some(b"s3cret")).unwrap();
    assert!(
        enc.private_pem
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
    );
    assert_eq!(
        PrivateKey::from_pem(enc.private_pem.as_bytes(), None)
            .unwrap_err()
            .code(),
        ErrorCode::KeyPasswordRequired
    );
    assert_eq!(
        PrivateKey::from_pem(enc.private_pem.as_bytes(), Some(b"x"))
            .unwrap_err()
            .code(),
        ErrorCode::KeyPasswordWrong
    );
    let k = PrivateKey::from_pem(enc.private_pem.as_bytes(), Some(b"s3cret")).unwrap();
    assert_eq!(k.public_key_pem(), enc.public_pem);

    assert_eq!(
        codec::generate_key_pair(1024, None).unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        codec::generate_key_pair(2048, Some(b""))
            .unwrap_err()
            .code(),
        ErrorCode::InvalidArgument
    );
    assert!(
        !format!("{:?}", enc).contains("PRIVATE"),
        "Debug must not print the private key"
    );
}

#[test]
fn public_key_forms_and_client_round_trip() {
    for f in ["keys/public_spki.pem", "keys/public_pkcs1.pem"] {
        let pk = PublicKey::from_pem(&read(f)).unwrap();
        let phone = testing::encrypt_request(&pk, br#"{"action":"ping","version":"3.0"}"#).unwrap();
        let req = test_key().decrypt_request(phone.body.as_bytes()).unwrap();
        assert!(req.is_ping());
        let answer = phone
            .decrypt_response(req.respond_health().as_bytes())
            .unwrap();
        assert_eq!(&answer[..], br#"{"data":{"status":"active"}}"#);
    }
    assert_eq!(
        PublicKey::from_pem(&read("keys/private_pkcs8.pem"))
            .unwrap_err()
            .code(),
        ErrorCode::KeyMalformed
    );
    assert_eq!(
        PublicKey::from_pem(b"junk").unwrap_err().code(),
        ErrorCode::KeyMalformed
    );
}

#[test]
fn standard_answers_round_trip_through_the_client() {
    let pk = PublicKey::from_pem(&read("keys/public_spki.pem")).unwrap();
    let phone = testing::encrypt_request(
        &pk,
        br#"{"version":"3.0","action":"data_exchange","screen":"A","flow_token":"tok","data":{"x":"1"},"extra":true}"#,
    )
    .unwrap();
    let req = test_key().decrypt_request(phone.body.as_bytes()).unwrap();
    assert_eq!(
        req.payload()["extra"],
        json!(true),
        "unknown fields are kept"
    );
    assert_eq!(req.data().unwrap()["x"], json!("1"));
    let dec = |s: String| -> Value {
        serde_json::from_slice(&phone.decrypt_response(s.as_bytes()).unwrap()).unwrap()
    };
    let mut data = serde_json::Map::new();
    data.insert("k".into(), json!("v"));
    assert_eq!(
        dec(req.respond_next_screen("B", data, Some("oops")).unwrap()),
        json!({"screen":"B","data":{"k":"v","error_message":"oops"}})
    );
    let mut params = serde_json::Map::new();
    params.insert("order".into(), json!("42"));
    assert_eq!(
        dec(req.respond_close(params).unwrap()),
        json!({"screen":"SUCCESS","data":{"extension_message_response":{"params":{"flow_token":"tok","order":"42"}}}})
    );
    assert_eq!(
        dec(req.respond_error_ack()),
        json!({"data":{"acknowledged":true}})
    );
    assert_eq!(
        dec(req.respond_token_error("expired")),
        json!({"error_msg":"expired"})
    );
    assert_eq!(
        req.encrypt_response(&json!([1])).unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        req.encrypt_response_json(b"{bad").unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
    // A response encrypted for another request does not decrypt.
    let other = testing::encrypt_request(&pk, b"{}").unwrap();
    assert_eq!(
        other
            .decrypt_response(req.respond_error_ack().as_bytes())
            .unwrap_err()
            .code(),
        ErrorCode::InvalidResponse
    );
}

#[test]
fn hostile_plaintexts_are_421() {
    let pk = PublicKey::from_pem(&read("keys/public_spki.pem")).unwrap();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    for pt in [
        &b"not json"[..],
        b"[1,2]",
        b"\xff\xfe",
        b"",
        deep.as_bytes(),
        b"{\"a\":1} trailing",
    ] {
        let phone = testing::encrypt_request(&pk, pt).unwrap();
        let e = test_key()
            .decrypt_request(phone.body.as_bytes())
            .unwrap_err();
        assert_eq!(e, waflows::Error::decryption_failed());
    }
    // A wrapped key that is not 16 bytes long.
    let mut body: Value =
        serde_json::from_str(&testing::encrypt_request(&pk, b"{}").unwrap().body).unwrap();
    let wrapped = {
        let phone32 = testing::encrypt_request(&pk, b"{}").unwrap();
        let _ = phone32;
        // Re-wrap 32 bytes with the client's RSA to simulate AES-256 keys.
        let k = codec::PublicKey::from_pem(&read("keys/public_spki.pem")).unwrap();
        let r = testing::encrypt_request_with(&k, b"{}", [7; 16], [9; 16]).unwrap();
        let v: Value = serde_json::from_str(&r.body).unwrap();
        v["encrypted_aes_key"].clone()
    };
    body["encrypted_aes_key"] = wrapped; // right key length, wrong key for this flow data
    assert_eq!(
        test_key()
            .decrypt_request(body.to_string().as_bytes())
            .unwrap_err()
            .code(),
        ErrorCode::DecryptionFailed
    );
    // Truncated wrapped key (wrong length for the modulus).
    body["encrypted_aes_key"] = json!(STANDARD.encode([1u8; 255]));
    assert_eq!(
        test_key()
            .decrypt_request(body.to_string().as_bytes())
            .unwrap_err()
            .code(),
        ErrorCode::DecryptionFailed
    );
}

#[cfg(all(feature = "aws-lc", feature = "pure-rust"))]
#[test]
fn cross_backend_rsa_crate_wraps_aws_lc_unwraps() {
    use rsa::pkcs8::DecodePublicKey;
    let pk = rsa::RsaPublicKey::from_public_key_pem(
        std::str::from_utf8(&read("keys/public_spki.pem")).unwrap(),
    )
    .unwrap();
    let aes = [0x42u8; 16];
    let wrapped = pk
        .encrypt(
            &mut rand_core::OsRng,
            rsa::Oaep::new::<sha2::Sha256>(),
            &aes,
        )
        .unwrap();
    let session_body = testing::encrypt_request_with(
        &PublicKey::from_pem(&read("keys/public_spki.pem")).unwrap(),
        b"{\"action\":\"ping\"}",
        aes,
        [1; 16],
    )
    .unwrap();
    let mut v: Value = serde_json::from_str(&session_body.body).unwrap();
    v["encrypted_aes_key"] = json!(STANDARD.encode(wrapped));
    assert!(
        test_key()
            .decrypt_request(v.to_string().as_bytes())
            .unwrap()
            .is_ping()
    );
}

fn flip_bit(b64: &str, bit: usize) -> String {
    let mut raw = STANDARD.decode(b64).unwrap();
    let n = raw.len() * 8;
    let i = bit % n;
    raw[i / 8] ^= 1 << (i % 8);
    STANDARD.encode(raw)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_single_flipped_bit_gives_the_same_421(field in 0usize..3, bit in 0usize..100_000) {
        let v = json_fixture("vectors/waflows_generated_vectors.json");
        let mut body = v["cases"][1]["request_body"].clone();
        let name = ["encrypted_flow_data", "encrypted_aes_key", "initial_vector"][field];
        let flipped = flip_bit(body[name].as_str().unwrap(), bit);
        body[name] = json!(flipped);
        let e = test_key().decrypt_request(&serde_json::to_vec(&body).unwrap()).unwrap_err();
        prop_assert_eq!(e, waflows::Error::decryption_failed());
    }

    #[test]
    fn response_round_trip(screen in "[A-Z_]{1,12}", value in ".{0,200}", key in any::<[u8; 16]>(), iv in any::<[u8; 16]>()) {
        let pk = PublicKey::from_pem(&read("keys/public_spki.pem")).unwrap();
        let req_json = json!({"action": "data_exchange", "screen": screen, "data": {"v": value}}).to_string();
        let phone = testing::encrypt_request_with(&pk, req_json.as_bytes(), key, iv).unwrap();
        let req = test_key().decrypt_request(phone.body.as_bytes()).unwrap();
        prop_assert_eq!(req.screen(), Some(screen.as_str()));
        prop_assert_eq!(req.data().unwrap()["v"].as_str(), Some(value.as_str()));
        let mut data = serde_json::Map::new();
        data.insert("echo".into(), json!(value));
        let body = req.respond_next_screen(&screen, data, None).unwrap();
        let back: Value = serde_json::from_slice(&phone.decrypt_response(body.as_bytes()).unwrap()).unwrap();
        prop_assert_eq!(&back["data"]["echo"], &json!(value));
    }

    #[test]
    fn arbitrary_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..600)) {
        let e = test_key().decrypt_request(&body).unwrap_err();
        prop_assert!(matches!(e.code(), ErrorCode::MalformedRequest | ErrorCode::DecryptionFailed));
    }
}
