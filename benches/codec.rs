//! Codec benchmarks: key loading per format, decrypt, encrypt and the round trip, next to the
//! bare RSA-2048 OAEP private operation (the physical floor of a request).
// Tests, benches and examples drive I/O: the core's no-files/no-clock/no-print rules (clippy.toml) do not apply here.
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    clippy::print_stdout,
    clippy::print_stderr
)]
use criterion::{BenchmarkId, Criterion, black_box, criterion_group, criterion_main};
use waflows::codec::{PrivateKey, PublicKey, testing};

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel),
    )
    .expect("fixture")
}

fn key_loading(c: &mut Criterion) {
    let mut g = c.benchmark_group("key_load");
    for (name, file, pw) in [
        ("pkcs1", "keys/private_pkcs1.pem", None),
        ("pkcs8", "keys/private_pkcs8.pem", None),
        (
            "pkcs1_legacy_des3",
            "keys/private_pkcs1_des3.pem",
            Some(&b"waflows-test"[..]),
        ),
        (
            "pkcs8_pbes2_aes256",
            "keys/private_pkcs8_aes256.pem",
            Some(&b"waflows-test"[..]),
        ),
        (
            "pkcs8_pbes2_des3",
            "keys/private_pkcs8_des3.pem",
            Some(&b"waflows-test"[..]),
        ),
    ] {
        let pem = fixture(file);
        g.bench_function(BenchmarkId::new("from_pem", name), |b| {
            b.iter(|| PrivateKey::from_pem(black_box(&pem), pw).expect("loads"));
        });
    }
    g.finish();
}

fn request_cycle(c: &mut Criterion) {
    let key = PrivateKey::from_pem(&fixture("keys/private_pkcs8.pem"), None).expect("key");
    let public = PublicKey::from_pem(&fixture("keys/public_spki.pem")).expect("public");
    let payload = br#"{"version":"3.0","action":"data_exchange","screen":"WELCOME","flow_token":"tok","data":{"city":"London","ct-evt":{"evtName":"City","evtData":{"city":"London"}}}}"#;
    let phone = testing::encrypt_request(&public, payload).expect("encrypt");
    let body = phone.body.as_bytes().to_vec();
    let response =
        serde_json::json!({"screen": "RESULT", "data": {"weather": "Rain expected this morning"}});

    let mut g = c.benchmark_group("codec");
    #[cfg(feature = "aws-lc")]
    {
        use aws_lc_rs::rsa::{
            OAEP_SHA256_MGF1SHA256, OaepPrivateDecryptingKey, PrivateDecryptingKey,
        };
        use base64::Engine as _;
        let pem = String::from_utf8(fixture("keys/private_pkcs8.pem")).expect("utf8");
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("b64");
        let raw =
            OaepPrivateDecryptingKey::new(PrivateDecryptingKey::from_pkcs8(&der).expect("der"))
                .expect("oaep");
        let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
        let wrapped = base64::engine::general_purpose::STANDARD
            .decode(v["encrypted_aes_key"].as_str().expect("key"))
            .expect("b64");
        let mut out = vec![0u8; 256];
        g.bench_function(
            BenchmarkId::new("floor", "rsa2048_oaep_decrypt_aws_lc"),
            |b| {
                b.iter(|| {
                    raw.decrypt(&OAEP_SHA256_MGF1SHA256, black_box(&wrapped), &mut out, None)
                        .map(|s| s.len())
                        .expect("ok")
                });
            },
        );
    }
    g.bench_function(BenchmarkId::new("decrypt_request", "payload_small"), |b| {
        b.iter(|| key.decrypt_request(black_box(&body)).expect("decrypts"));
    });
    let req = key.decrypt_request(&body).expect("decrypts");
    g.bench_function(BenchmarkId::new("encrypt_response", "payload_small"), |b| {
        b.iter(|| {
            req.encrypt_response(black_box(&response))
                .expect("encrypts")
        });
    });
    g.bench_function(BenchmarkId::new("round_trip", "payload_small"), |b| {
        b.iter(|| {
            let r = key.decrypt_request(black_box(&body)).expect("decrypts");
            r.encrypt_response(&response).expect("encrypts")
        });
    });
    g.finish();
}

criterion_group!(benches, key_loading, request_cycle);
criterion_main!(benches);
