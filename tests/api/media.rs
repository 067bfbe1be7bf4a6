//! Media decryption and the flows webhook through the public API, on the fixture files the C
//! and Python suites also use.

use waflows::ErrorCode;
use waflows::media::{EncryptionMetadata, decrypt_media, media_uploads_json};
use waflows::webhooks::{FlowsEvent, FlowsEventKind, flows_events, flows_events_strict};

fn fixture(rel: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).expect("fixture readable")
}

#[test]
fn media_kat_from_fixture_files() {
    let meta = EncryptionMetadata::from_json(&fixture("media/kat_metadata.json")).unwrap();
    let plain = decrypt_media(&fixture("media/kat.enc"), &meta).unwrap();
    assert_eq!(plain, fixture("media/kat.jpg"));
}

#[test]
fn media_listed_in_a_completion_decrypts() {
    let meta: serde_json::Value =
        serde_json::from_slice(&fixture("media/kat_metadata.json")).unwrap();
    let response_json = serde_json::json!({
        "flow_token": "t",
        "receipt": [{"file_name": "r.jpg", "media_id": "9", "cdn_url": "https://cdn/9",
                     "encryption_metadata": meta}],
    })
    .to_string();
    let ups = media_uploads_json(response_json.as_bytes()).unwrap();
    assert_eq!(ups.len(), 1);
    assert_eq!(
        ups[0].decrypt(&fixture("media/kat.enc")).unwrap(),
        fixture("media/kat.jpg")
    );
    let mut bad = fixture("media/kat.enc");
    bad.truncate(100);
    assert_eq!(
        ups[0].decrypt(&bad).unwrap_err().code(),
        ErrorCode::MediaTruncated
    );
}

#[test]
fn flows_fixture_has_every_kind() {
    let body = fixture("webhooks/flows_events.json");
    let events = flows_events_strict(&body).unwrap();
    for kind in FlowsEventKind::ALL {
        assert!(
            events.iter().any(|e| e.event.kind() == Some(*kind)),
            "{kind}"
        );
    }
    assert!(
        !events
            .iter()
            .any(|e| matches!(e.event, FlowsEvent::Unknown(_)))
    );
    assert_eq!(flows_events(&body).unwrap(), events);
}
