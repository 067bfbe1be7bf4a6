use super::*;
use serde_json::json;

const NOW: u64 = 1_764_000_000;

fn secret(s: &str) -> TokenSecret {
    TokenSecret::new(s.as_bytes()).unwrap()
}

#[test]
fn round_trips_and_stays_short() {
    let s = secret("0123456789abcdef-new");
    let t = issue(
        &s,
        "919876543210",
        "1234567890123456",
        Some("camp-77"),
        NOW + 3600,
    )
    .unwrap();
    assert!(t.len() < MAX_TOKEN_LEN, "{}", t.len());
    assert!(
        t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    );
    let c = verify(&t, std::slice::from_ref(&s), NOW).unwrap();
    assert_eq!(
        c,
        Claims {
            identity: "919876543210".into(),
            flow_id: "1234567890123456".into(),
            campaign_id: Some("camp-77".into()),
            expires_at: NOW + 3600,
            key_id: s.id().into(),
        }
    );
    // A BSUID-style identity with a pipe in it is still carried verbatim.
    let t = issue(&s, "US.1349|x", "f", None, NOW + 1).unwrap();
    assert_eq!(verify(&t, &[s], NOW).unwrap().identity, "US.1349|x");
}

#[test]
fn rotation_accepts_old_and_new_secrets() {
    let old = secret("old-secret-0123456789");
    let new = secret("new-secret-0123456789");
    assert_ne!(old.id(), new.id());
    let t_old = issue(&old, "u", "f", None, NOW + 10).unwrap();
    let t_new = issue(&new, "u", "f", None, NOW + 10).unwrap();
    let both = [new.clone(), old.clone()];
    assert!(verify(&t_old, &both, NOW).is_ok());
    assert!(verify(&t_new, &both, NOW).is_ok());
    assert_eq!(
        verify(&t_old, &[new], NOW).unwrap_err().code(),
        ErrorCode::InvalidFlowToken
    );
}

#[test]
fn expiry_is_checked_against_the_given_now() {
    let s = secret("0123456789abcdef");
    let t = issue(&s, "u", "f", None, NOW).unwrap();
    assert!(verify(&t, std::slice::from_ref(&s), NOW - 1).is_ok());
    let e = verify(&t, std::slice::from_ref(&s), NOW).unwrap_err();
    assert_eq!(e.code(), ErrorCode::FlowTokenExpired);
    assert_eq!(e.http_status(), Some(427));
}

#[test]
fn tampering_is_rejected() {
    let s = secret("0123456789abcdef");
    let t = issue(&s, "alice", "f", None, NOW + 100).unwrap();
    let parts: Vec<&str> = t.split('.').collect();
    // Re-encode a payload that names someone else, keeping the old tag.
    let forged_payload = URL_SAFE_NO_PAD.encode(format!("{}|{}|f||mallory", s.id(), NOW + 100));
    let forged = format!("w1.{forged_payload}.{}", parts[2]);
    let mut flipped = t.clone().into_bytes();
    let last = flipped.len() - 1;
    flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    let long = "w".repeat(600);
    for bad in [
        forged.as_str(),
        flipped.as_str(),
        "",
        "w1",
        "w1..",
        "w2.abc.def",
        "w1.!!!.AAAAAAAAAAAAAAAAAAAAAA",
        "w1.YQ.AAAAAAAAAAAAAAAAAAAAAA",
        "1_2388541_2388541_1655455488_4393817507571773_1761636502",
        long.as_str(),
    ] {
        let e = verify(bad, std::slice::from_ref(&s), NOW).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidFlowToken, "{bad:?}");
        assert_eq!(e.http_status(), Some(427));
    }
}

#[test]
fn issue_rejects_bad_arguments() {
    let s = secret("0123456789abcdef");
    let long_identity = "9".repeat(129);
    for (identity, flow, campaign) in [
        ("", "f", None),
        ("u\n", "f", None),
        (long_identity.as_str(), "f", None),
        ("u", "", None),
        ("u", "f|g", None),
        ("u", "f", Some("c d")),
    ] {
        assert_eq!(
            issue(&s, identity, flow, campaign, NOW).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }
    // Too long as a whole.
    let id = "9".repeat(120);
    let e = issue(&s, &id, &"f".repeat(60), Some(&"c".repeat(60)), NOW).unwrap_err();
    assert!(e.message().contains("characters"), "{e}");
    assert!(TokenSecret::new(b"short").is_err());
    assert!(TokenSecret::with_id("bad id", b"0123456789abcdef").is_err());
    assert_eq!(
        TokenSecret::with_id("k2", b"0123456789abcdef")
            .unwrap()
            .id(),
        "k2"
    );
    assert!(verify("x", &[], NOW).is_err());
}

#[test]
fn debug_never_shows_the_secret() {
    let s = secret("super-secret-value-123");
    assert!(!format!("{s:?}").contains("super"));
}

#[test]
fn flow_token_signature_verifies() {
    let app = b"app-secret";
    let good = sign_jwt_hs256(
        &json!({"flow_token": "T1", "iat": NOW, "exp": NOW + 600}),
        app,
    );
    assert!(verify_flow_token_signature(&good, "T1", &[app], NOW).is_ok());
    // Rotation.
    assert!(verify_flow_token_signature(&good, "T1", &[&b"other"[..], app], NOW).is_ok());
    // Other claim name carrying the token.
    let sub = sign_jwt_hs256(&json!({"sub": "T1"}), app);
    assert!(verify_flow_token_signature(&sub, "T1", &[app], NOW).is_ok());

    let cases: Vec<(String, &str, u64)> = vec![
        (good.clone(), "T2", NOW),                         // other token
        (good.clone(), "T1", NOW + 600 + JWT_LEEWAY_SECS), // expired
        (
            sign_jwt_hs256(&json!({"flow_token": "T1"}), b"wrong"),
            "T1",
            NOW,
        ), // wrong secret
        (
            sign_jwt_hs256(&json!({"flow_token": "X", "sub": "T1"}), app),
            "T1",
            NOW,
        ), // claim wins
        (
            sign_jwt_hs256(&json!({"nbf": NOW + 10_000, "flow_token": "T1"}), app),
            "T1",
            NOW,
        ),
        ("a.b".into(), "T1", NOW),
        ("!!.!!.!!".into(), "T1", NOW),
        (
            format!(
                "{}.{}.",
                URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
                URL_SAFE_NO_PAD.encode(r#"{"flow_token":"T1"}"#)
            ),
            "T1",
            NOW,
        ),
        ("x".repeat(9000), "T1", NOW),
    ];
    for (jwt, token, now) in cases {
        let e = verify_flow_token_signature(&jwt, token, &[app], now).unwrap_err();
        assert_eq!(e.code(), ErrorCode::FlowTokenSignatureInvalid, "{jwt}");
        assert_eq!(e.http_status(), Some(427));
    }
    let none: [&[u8]; 0] = [];
    assert_eq!(
        verify_flow_token_signature(&good, "T1", &none, NOW)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidArgument
    );
}
