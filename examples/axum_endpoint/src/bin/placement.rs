//! Where should the endpoint's RSA work run on a tokio runtime: inline in the request's task,
//! or in `spawn_blocking`? Runs the same pre-encrypted requests through `Endpoint::serve` both
//! ways on a 2-worker runtime with 64 requests in flight, and prints requests/s and process CPU
//! per request (from /proc/self/stat), next to the RSA-OAEP unwrap alone.
//!
//! `cargo run --release --bin placement [requests]` (or `make bench-endpoint-placement`).
// A benchmark reads clocks and /proc; the library itself never does (its clippy.toml).
#![allow(clippy::disallowed_methods)]

use std::sync::Arc;
use std::time::Instant;

use waflows::codec::{PrivateKey, PublicKey, testing};
use waflows::endpoint::{Endpoint, EndpointConfig};
use waflows::relay::Inbound;

const PRIVATE: &[u8] = include_bytes!("../../../../tests/fixtures/keys/private_pkcs8.pem");
const PUBLIC: &[u8] = include_bytes!("../../../../tests/fixtures/keys/public_spki.pem");
const IN_FLIGHT: usize = 64;

/// User + system CPU time of this process, in seconds (Linux).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let f: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 of stat(5) (utime, stime) are the 12th and 13th after the name.
    let ticks: f64 = f.get(11).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    ticks / 100.0
}

fn serve_one(endpoint: &Endpoint, body: &[u8]) -> u16 {
    let inbound = Inbound::new(body, 1_764_000_000);
    endpoint
        .serve(inbound, waflows_axum_endpoint::business)
        .status
}

fn run(mode: &str, endpoint: &Arc<Endpoint>, bodies: &Arc<Vec<Vec<u8>>>) -> (f64, f64) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (cpu0, t0) = (cpu_seconds(), Instant::now());
    rt.block_on(async {
        let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..IN_FLIGHT {
            let (endpoint, bodies, next) =
                (Arc::clone(endpoint), Arc::clone(bodies), Arc::clone(&next));
            let blocking = mode == "spawn_blocking";
            tasks.push(tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= bodies.len() {
                        break;
                    }
                    let status = if blocking {
                        let (e, b) = (Arc::clone(&endpoint), Arc::clone(&bodies));
                        tokio::task::spawn_blocking(move || serve_one(&e, &b[i]))
                            .await
                            .unwrap()
                    } else {
                        serve_one(&endpoint, &bodies[i])
                    };
                    assert_eq!(status, 200);
                    tokio::task::yield_now().await;
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
    });
    let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
    let n = bodies.len() as f64;
    (n / wall, cpu / n * 1e6)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4000);
    let key = Arc::new(PrivateKey::from_pem(PRIVATE, None).unwrap());
    let public = PublicKey::from_pem(PUBLIC).unwrap();
    let flow = waflows_axum_endpoint::FLOW.as_bytes();
    let endpoint = Arc::new(
        Endpoint::new(
            Some(flow),
            Arc::clone(&key),
            EndpointConfig::from_json(b"{}").unwrap(),
        )
        .unwrap(),
    );
    let plain = br#"{"version":"3.0","action":"data_exchange","screen":"WELCOME","flow_token":"T","data":{"name":"Asha"}}"#;
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new(
        (0..n)
            .map(|_| {
                testing::encrypt_request(&public, plain)
                    .unwrap()
                    .body
                    .into_bytes()
            })
            .collect(),
    );
    // The RSA-OAEP unwrap + AES-GCM alone, one thread.
    let (cpu0, t0) = (cpu_seconds(), Instant::now());
    for b in bodies.iter().take(n / 4) {
        let _ = key.decrypt_request(b).unwrap();
    }
    let decrypt_us = t0.elapsed().as_secs_f64() / (n / 4) as f64 * 1e6;
    let decrypt_cpu_us = (cpu_seconds() - cpu0) / (n / 4) as f64 * 1e6;
    println!(
        "requests: {n}, in flight: {IN_FLIGHT}, runtime workers: 2, RSA backend: {}",
        waflows::codec::BACKEND
    );
    println!(
        "decrypt_request alone (1 thread): {decrypt_us:.0} µs wall, {decrypt_cpu_us:.0} µs CPU per request"
    );
    for round in 0..2 {
        for mode in ["inline", "spawn_blocking"] {
            let (rps, cpu_us) = run(mode, &endpoint, &bodies);
            println!(
                "round {round} {mode:>15}: {rps:>7.0} req/s, {cpu_us:>5.0} µs CPU per request"
            );
        }
    }
}
