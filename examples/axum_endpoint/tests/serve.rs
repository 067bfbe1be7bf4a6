//! The axum example served on 127.0.0.1 and driven over real HTTP: a flow end to end, and
//! Meta's statuses for a bad signature, a bad body and a huge body.
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use waflows::codec::{self, PrivateKey, PublicKey, testing};
use waflows::endpoint::{Endpoint, EndpointConfig};

const PRIVATE: &[u8] = include_bytes!("../../../tests/fixtures/keys/private_pkcs8.pem");
const PUBLIC: &[u8] = include_bytes!("../../../tests/fixtures/keys/public_spki.pem");
const SECRET: &str = "app-secret";

async fn serve() -> std::net::SocketAddr {
    let mut config = EndpointConfig::from_json(b"{}").unwrap();
    config.app_secrets = vec![SECRET.into()];
    let key = PrivateKey::from_pem(PRIVATE, None).unwrap();
    let endpoint =
        Endpoint::new(Some(waflows_axum_endpoint::FLOW.as_bytes()), key, config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, waflows_axum_endpoint::app(Arc::new(endpoint)))
            .await
            .unwrap();
    });
    addr
}

/// A minimal HTTP/1.1 client: (status, content-type, body).
async fn post(
    addr: std::net::SocketAddr,
    body: &[u8],
    signature: Option<&str>,
) -> (u16, Option<String>, String) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "POST /flows HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(sig) = signature {
        head.push_str(&format!("X-Hub-Signature-256: {sig}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let ctype = head.lines().find_map(|l| {
        l.to_ascii_lowercase()
            .strip_prefix("content-type: ")
            .map(str::to_owned)
    });
    (status, ctype, body.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flow_end_to_end_over_http() {
    let addr = serve().await;
    let public = PublicKey::from_pem(PUBLIC).unwrap();
    let send = |plain: &'static str| {
        let public = &public;
        async move {
            let phone = testing::encrypt_request(public, plain.as_bytes()).unwrap();
            let sig = codec::sign(phone.body.as_bytes(), SECRET.as_bytes());
            let (status, ctype, body) = post(addr, phone.body.as_bytes(), Some(&sig)).await;
            let plain = phone
                .decrypt_response(body.as_bytes())
                // Compared as JSON values: key order depends on waflows' `preserve-order`.
                .map(|p| serde_json::from_slice::<serde_json::Value>(&p).unwrap());
            (status, ctype, plain)
        }
    };
    let (status, ctype, plain) =
        send(r#"{"version":"3.0","action":"INIT","flow_token":"T"}"#).await;
    assert_eq!((status, ctype.as_deref()), (200, Some("text/plain")));
    assert_eq!(
        plain.unwrap(),
        serde_json::from_str::<serde_json::Value>(r#"{"screen":"WELCOME","data":{}}"#).unwrap()
    );
    let (status, _, plain) = send(
        r#"{"version":"3.0","action":"data_exchange","screen":"WELCOME","flow_token":"T","data":{"name":"Asha"}}"#,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        plain.unwrap(),
        serde_json::from_str::<serde_json::Value>(
            r#"{"screen":"DONE","data":{"greeting":"Hello, Asha"}}"#
        )
        .unwrap()
    );
    let (status, _, plain) = send(
        r#"{"version":"3.0","action":"data_exchange","screen":"DONE","flow_token":"T","data":{}}"#,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        plain.unwrap(),
        serde_json::from_str::<serde_json::Value>(r#"{"screen":"SUCCESS","data":{"extension_message_response":{"params":{"done":true,"flow_token":"T"}}}}"#).unwrap()
    );
}

#[tokio::test]
async fn bad_requests_get_metas_statuses() {
    let addr = serve().await;
    let public = PublicKey::from_pem(PUBLIC).unwrap();
    let phone = testing::encrypt_request(&public, br#"{"version":"3.0","action":"ping"}"#).unwrap();
    // No signature, wrong signature: 432 with an empty body.
    let (status, ctype, body) = post(addr, phone.body.as_bytes(), None).await;
    assert_eq!((status, ctype, body.as_str()), (432, None, ""));
    let wrong = codec::sign(phone.body.as_bytes(), b"other");
    assert_eq!(post(addr, phone.body.as_bytes(), Some(&wrong)).await.0, 432);
    // Not the envelope: 400.
    let junk = br#"{"hello":1}"#;
    let sig = codec::sign(junk, SECRET.as_bytes());
    assert_eq!(post(addr, junk, Some(&sig)).await.0, 400);
    // Over the endpoint's 1 MiB: 413 from the endpoint itself.
    let huge = vec![b' '; (1 << 20) + 1];
    assert_eq!(post(addr, &huge, None).await.0, 413);
}
