//! A light HTTP/1.1 load client for the endpoint benchmarks (benches/python/endpoint_workers.py).
//!
//! A Python client costs 100 µs (raw asyncio) to 1 ms (httpx) of CPU per request, as much as
//! the server it drives on the same two cores; this one costs ~30–50 µs including its thread
//! switches (one write, one read, one AES-GCM decryption per request), so a second server worker
//! gets most of the CPU it needs.
//!
//! ```text
//! cargo run --release --example load_client -- --port 8000 --public-key public.pem \
//!     [--path /flow/] [--seconds 8] [--connections 32] [--requests 256]
//! ```
//!
//! Requests are encrypted once, before the clock starts, each with its own AES key and IV
//! (known to the client); every answer must be HTTP 200 and decrypt — with `aes-gcm` directly,
//! the flipped IV and the request's key — to `{"screen":"DONE","data":{"greeting":"Hello"}}`.
//! Keep-alive connections, one thread each; bounded: it stops by itself after `--seconds`.
//! Prints one JSON line: requests, requests/s, p50/p99 latency, errors, the client's own CPU
//! per request.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)] // an I/O driver: sockets, files, clock, threads
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aes_gcm::aead::consts::U16;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{AesGcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use waflows::codec::PublicKey;
use waflows::codec::testing::encrypt_request_with;

const PAYLOAD: &[u8] = br#"{"version":"3.0","action":"data_exchange","screen":"START","flow_token":"T","data":{"n":1}}"#;
const EXPECTED: &str = r#"{"screen":"DONE","data":{"greeting":"Hello"}}"#;

/// AES-128-GCM with Meta's 16-byte IV.
type Aes128Gcm16 = AesGcm<aes::Aes128, U16>;

struct Prepared {
    raw: Vec<u8>,
    key: [u8; 16],
    flipped_iv: [u8; 16],
}

struct Args {
    port: u16,
    path: String,
    public_key: String,
    seconds: f64,
    connections: usize,
    requests: usize,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        port: 0,
        path: "/flow/".into(),
        public_key: String::new(),
        seconds: 8.0,
        connections: 32,
        requests: 256,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().ok_or_else(|| format!("{k} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{k} {v}: {e}");
        match k.as_str() {
            "--port" => a.port = v.parse().map_err(|e| bad(&e))?,
            "--path" => a.path = v,
            "--public-key" => a.public_key = v,
            "--seconds" => a.seconds = v.parse().map_err(|e| bad(&e))?,
            "--connections" => a.connections = v.parse().map_err(|e| bad(&e))?,
            "--requests" => a.requests = v.parse().map_err(|e| bad(&e))?,
            _ => return Err(format!("unknown option {k}")),
        }
    }
    if a.port == 0 || a.public_key.is_empty() {
        return Err("--port and --public-key are required".into());
    }
    if !(0.1..=600.0).contains(&a.seconds) || a.connections == 0 || a.connections > 1024 {
        return Err("--seconds in 0.1..=600, --connections in 1..=1024".into());
    }
    Ok(a)
}

/// A different AES key and IV per request, without a random source: a splitmix64 stream.
fn bytes16(seed: &mut u64) -> [u8; 16] {
    let mut out = [0u8; 16];
    for half in out.chunks_mut(8) {
        *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        half.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out
}

fn prepare(a: &Args) -> Result<Vec<Prepared>, String> {
    let pem = std::fs::read(&a.public_key).map_err(|e| format!("{}: {e}", a.public_key))?;
    let public = PublicKey::from_pem(&pem).map_err(|e| e.to_string())?;
    let mut seed = 0x5EED_u64 ^ u64::from(a.port);
    (0..a.requests.max(1))
        .map(|_| {
            let (key, iv) = (bytes16(&mut seed), bytes16(&mut seed));
            let req = encrypt_request_with(&public, PAYLOAD, key, iv).map_err(|e| e.to_string())?;
            let mut raw = format!(
                "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                a.path,
                req.body.len()
            )
            .into_bytes();
            raw.extend_from_slice(req.body.as_bytes());
            Ok(Prepared {
                raw,
                key,
                flipped_iv: iv.map(|b| !b),
            })
        })
        .collect()
}

/// Checks one answer: 200 and the expected plaintext.
fn check(p: &Prepared, status: u16, body: &[u8]) -> Result<(), String> {
    let show = || String::from_utf8_lossy(&body[..body.len().min(120)]).into_owned();
    if status != 200 {
        return Err(format!("HTTP {status}: {}", show()));
    }
    let ct = STANDARD
        .decode(body)
        .map_err(|e| format!("not base64 ({e}): {}", show()))?;
    let plain = Aes128Gcm16::new_from_slice(&p.key)
        .map_err(|e| e.to_string())?
        .decrypt(Nonce::<U16>::from_slice(&p.flipped_iv), ct.as_slice())
        .map_err(|_| format!("does not decrypt: {}", show()))?;
    if plain != EXPECTED.as_bytes() {
        return Err(format!(
            "unexpected answer {}",
            String::from_utf8_lossy(&plain)
        ));
    }
    Ok(())
}

struct Outcome {
    latencies_us: Vec<u32>,
    errors: usize,
    first_error: Option<String>,
}

fn run_connection(port: u16, reqs: &[Prepared], offset: usize, deadline: Instant) -> Outcome {
    let mut out = Outcome {
        latencies_us: Vec::with_capacity(4096),
        errors: 0,
        first_error: None,
    };
    let fail = |out: &mut Outcome, e: String| {
        out.errors += 1;
        out.first_error.get_or_insert(e);
    };
    let mut i = offset;
    'reconnect: while Instant::now() < deadline {
        let stream = match TcpStream::connect(("127.0.0.1", port)) {
            Ok(s) => s,
            Err(e) => {
                fail(&mut out, format!("connect: {e}"));
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let mut writer = match stream.try_clone() {
            Ok(w) => w,
            Err(e) => {
                fail(&mut out, format!("socket: {e}"));
                return out;
            }
        };
        let mut reader = BufReader::with_capacity(16 << 10, stream);
        let mut line = String::new();
        let mut body = Vec::with_capacity(1024);
        while Instant::now() < deadline {
            let p = &reqs[i % reqs.len()];
            i += 1;
            let t0 = Instant::now();
            if let Err(e) = writer.write_all(&p.raw) {
                fail(&mut out, format!("write: {e}"));
                continue 'reconnect;
            }
            // Status line, then headers up to the blank line.
            let mut status = 0u16;
            let mut length: Option<usize> = None;
            let mut close = false;
            let mut first = true;
            loop {
                line.clear();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => {
                        fail(&mut out, "connection closed mid-answer".into());
                        continue 'reconnect;
                    }
                    Ok(_) => {}
                }
                let l = line.trim_end();
                if first {
                    status = l
                        .split(' ')
                        .nth(1)
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0);
                    first = false;
                } else if l.is_empty() {
                    break;
                } else if let Some((name, value)) = l.split_once(':') {
                    let value = value.trim();
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.parse().ok();
                    } else if name.eq_ignore_ascii_case("connection") {
                        close = value.eq_ignore_ascii_case("close");
                    }
                }
            }
            let Some(n) = length else {
                fail(&mut out, "answer without Content-Length".into());
                continue 'reconnect;
            };
            body.resize(n, 0);
            if reader.read_exact(&mut body).is_err() {
                fail(&mut out, "connection closed mid-body".into());
                continue 'reconnect;
            }
            let us = u32::try_from(t0.elapsed().as_micros()).unwrap_or(u32::MAX);
            match check(p, status, &body) {
                Ok(()) => out.latencies_us.push(us),
                Err(e) => fail(&mut out, e),
            }
            if close {
                continue 'reconnect;
            }
        }
        break;
    }
    out
}

/// utime + stime of this process, in seconds.
fn own_cpu() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |k: usize| f.get(k).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
    // Linux reports in clock ticks of 100 Hz (USER_HZ) on every common architecture.
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("load_client: {e}");
            std::process::exit(2);
        }
    };
    let reqs = match prepare(&a) {
        Ok(r) => Arc::new(r),
        Err(e) => {
            eprintln!("load_client: {e}");
            std::process::exit(2);
        }
    };
    let cpu0 = own_cpu();
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(a.seconds);
    let threads: Vec<_> = (0..a.connections)
        .map(|k| {
            let reqs = Arc::clone(&reqs);
            let port = a.port;
            std::thread::spawn(move || run_connection(port, &reqs, k * 7, deadline))
        })
        .collect();
    let mut lat = Vec::new();
    let mut errors = 0;
    let mut first_error = None;
    for t in threads {
        let o = t.join().unwrap_or_else(|_| Outcome {
            latencies_us: Vec::new(),
            errors: 1,
            first_error: Some("client thread panicked".into()),
        });
        lat.extend(o.latencies_us);
        errors += o.errors;
        first_error = first_error.or(o.first_error);
    }
    let elapsed = start.elapsed().as_secs_f64();
    let cpu = own_cpu() - cpu0;
    lat.sort_unstable();
    let n = lat.len();
    let pct = |q: f64| {
        if n == 0 {
            0.0
        } else {
            // Index of the q-quantile, rounded down; n ≥ 1 here.
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            let k = ((n as f64) * q) as usize;
            f64::from(lat[k.min(n - 1)]) / 1000.0
        }
    };
    #[allow(clippy::cast_precision_loss)]
    let (rps, cpu_us) = (
        n as f64 / elapsed,
        if n == 0 { 0.0 } else { cpu / n as f64 * 1e6 },
    );
    println!(
        "{}",
        serde_json::json!({
            "requests": n,
            "seconds": elapsed,
            "rps": rps,
            "p50_ms": pct(0.50),
            "p99_ms": pct(0.99),
            "errors": errors,
            "first_error": first_error,
            "client_cpu_us_per_req": cpu_us,
        })
    );
}
