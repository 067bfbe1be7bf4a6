//! waflows from Rust: decrypt a recorded request, answer it, read the answer back.
//! `cargo run --example demo` (from the repository root).
// Tests, benches and examples drive I/O: the core's no-files/no-clock/no-print rules (clippy.toml) do not apply here.
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    clippy::print_stdout,
    clippy::print_stderr
)]
use waflows::codec::{PrivateKey, PublicKey, testing};

fn main() -> Result<(), waflows::Error> {
    let pem = std::fs::read("tests/fixtures/keys/private_pkcs8_aes256.pem")
        .expect("run from the repository root");
    let key = PrivateKey::from_pem(&pem, Some(b"waflows-test"))?;
    let public = PublicKey::from_pem(key.public_key_pem().as_bytes())?;

    let phone = testing::encrypt_request(&public, br#"{"version":"3.0","action":"ping"}"#)?;
    let req = key.decrypt_request(phone.body.as_bytes())?;
    let body = if req.is_ping() {
        req.respond_health()
    } else {
        req.respond_error_ack()
    };
    let answer = phone.decrypt_response(body.as_bytes())?;
    println!(
        "Rust endpoint: {} -> {}",
        req.action().as_str(),
        String::from_utf8_lossy(&answer)
    );
    Ok(())
}
