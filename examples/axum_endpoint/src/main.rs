//! `WAFLOWS_PRIVATE_KEY=key.pem WAFLOWS_APP_SECRET=... cargo run` serves the example on
//! 127.0.0.1:8080.
use std::sync::Arc;

use waflows::codec::PrivateKey;
use waflows::endpoint::{Endpoint, EndpointConfig};

#[tokio::main]
#[allow(clippy::disallowed_methods)] // the host reads files; the library never does
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pem = std::fs::read(std::env::var("WAFLOWS_PRIVATE_KEY")?)?;
    let key = PrivateKey::from_pem(&pem, None)?;
    let mut config = EndpointConfig::from_json(b"{}")?;
    config.app_secrets = std::env::var("WAFLOWS_APP_SECRET")
        .into_iter()
        .map(String::into_bytes)
        .collect();
    let endpoint = Endpoint::new(Some(waflows_axum_endpoint::FLOW.as_bytes()), key, config)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
    axum::serve(listener, waflows_axum_endpoint::app(Arc::new(endpoint))).await?;
    Ok(())
}
