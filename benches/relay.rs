//! Relay benchmarks: the relay's full decision (signature, decryption, token, ingestion,
//! routing, data-model check, encryption) next to the bare codec round trip on the same
//! request. The difference is the relay's added cost per request.
// Tests, benches and examples drive I/O: the core's no-files/no-clock/no-print rules (clippy.toml) do not apply here.
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    clippy::print_stdout,
    clippy::print_stderr
)]
use criterion::{BenchmarkId, Criterion, black_box, criterion_group, criterion_main};
use waflows::codec::{self, PrivateKey, PublicKey, testing};
use waflows::relay::{CustomerAnswer, Decision, Inbound, Relay, RelayConfig, Setup};
use waflows::tokens::{self, TokenSecret};

const NOW: u64 = 1_764_000_000;
const APP: &[u8] = b"bench-app-secret";

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel),
    )
    .expect("fixture")
}

fn relay(flow: &str, setup: Setup, secret: &TokenSecret) -> Relay {
    let mut cfg = RelayConfig::new(setup);
    cfg.app_secrets = vec![APP.to_vec()];
    cfg.token_secrets = vec![secret.clone()];
    let key = PrivateKey::from_pem(&fixture("keys/private_pkcs8.pem"), None).expect("key");
    Relay::new(&fixture(&format!("relay/{flow}.flow.json")), key, cfg).expect("relay")
}

fn relay_vs_codec(c: &mut Criterion) {
    let key = PrivateKey::from_pem(&fixture("keys/private_pkcs8.pem"), None).expect("key");
    let public = PublicKey::from_pem(&fixture("keys/public_spki.pem")).expect("public");
    let secret = TokenSecret::new(b"bench-token-secret-0123456789").expect("secret");
    let token = tokens::issue(
        &secret,
        "919876543210",
        "bus_booking",
        Some("c1"),
        NOW + 3600,
    )
    .expect("token");
    // The bus-booking step with the "Date Selected" event (platform setup).
    let payload = serde_json::json!({
        "version": "3.0", "action": "data_exchange", "screen": "welcome_screen", "flow_token": token,
        "data": {"next_screen": "seat_selection", "depart_from": "Pune", "arrive_in": "Mumbai",
                 "depart_date": "2025-06-01", "return_date": "",
                 "ct-evt": {"evtName": "Date Selected", "evtData": {"depart_from": "Pune", "arrive_in": "Mumbai",
                            "depart_date": "2025-06-01", "return_date": ""}}}
    })
    .to_string();
    let phone = testing::encrypt_request(&public, payload.as_bytes()).expect("encrypt");
    let body = phone.body.as_bytes().to_vec();
    let sig = codec::sign(&body, APP);
    let answer = serde_json::json!({"screen": "seat_selection", "data": {"depart_from": "Pune", "arrive_in": "Mumbai",
                                    "depart_date": "2025-06-01", "return_date": ""}});

    let platform = relay("bus_booking", Setup::Platform, &secret);
    let customer = relay("bus_booking", Setup::PlatformCustomer, &secret);
    let customer_answer = answer.to_string().into_bytes();

    let mut g = c.benchmark_group("relay");
    g.bench_function(
        BenchmarkId::new("codec_round_trip", "bus_booking_step"),
        |b| {
            b.iter(|| {
                let r = key.decrypt_request(black_box(&body)).expect("decrypts");
                r.encrypt_response(&answer).expect("encrypts")
            });
        },
    );
    g.bench_function(
        BenchmarkId::new("handle_platform", "bus_booking_step"),
        |b| {
            b.iter(|| {
                let d = platform
                    .handle(Inbound::new(black_box(&body), NOW).with_signature(sig.as_str()));
                assert!(
                    matches!(&d, Decision::Reply(r) if r.status == 200 && r.records.len() == 1)
                );
                d
            });
        },
    );
    g.bench_function(
        BenchmarkId::new("handle_forward_resume", "bus_booking_step"),
        |b| {
            b.iter(|| {
                let d = customer
                    .handle(Inbound::new(black_box(&body), NOW).with_signature(sig.as_str()));
                let Decision::Forward(f) = d else {
                    panic!("forward expected")
                };
                let r = f.continuation.resume(CustomerAnswer::Http {
                    status: 200,
                    body: &customer_answer,
                });
                assert_eq!(r.status, 200);
                r
            });
        },
    );
    g.finish();
}

criterion_group!(benches, relay_vs_codec);
criterion_main!(benches);
