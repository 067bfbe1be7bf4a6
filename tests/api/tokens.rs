//! Flow tokens: round trips, tampering and rotation, as properties.
use proptest::prelude::*;
use waflows::ErrorCode;
use waflows::tokens::{self, MAX_TOKEN_LEN, TokenSecret};

const NOW: u64 = 1_764_000_000;

fn secret() -> TokenSecret {
    TokenSecret::new(b"integration-secret-0123456789").unwrap()
}

proptest! {
    #[test]
    fn tokens_round_trip_and_stay_under_200_chars(
        identity in "[0-9]{8,15}|US\\.[0-9A-Za-z]{10,24}",
        flow_id in "[0-9]{10,16}",
        campaign in proptest::option::of("[0-9]{1,12}"),
        ttl in 1u64..10_000_000,
    ) {
        let t = tokens::issue(&secret(), &identity, &flow_id, campaign.as_deref(), NOW + ttl).unwrap();
        prop_assert!(t.len() <= MAX_TOKEN_LEN);
        let c = tokens::verify(&t, &[secret()], NOW).unwrap();
        prop_assert_eq!(c.identity, identity);
        prop_assert_eq!(c.flow_id, flow_id);
        prop_assert_eq!(c.campaign_id, campaign);
        prop_assert_eq!(c.expires_at, NOW + ttl);
        prop_assert_eq!(tokens::verify(&t, &[secret()], NOW + ttl).unwrap_err().code(), ErrorCode::FlowTokenExpired);
    }

    #[test]
    fn any_single_character_change_is_rejected(pos in 0usize..200, c in "[A-Za-z0-9_.-]") {
        let t = tokens::issue(&secret(), "919876543210", "1234567890123456", Some("42"), NOW + 60).unwrap();
        let pos = pos % t.len();
        let mut chars: Vec<char> = t.chars().collect();
        let new = c.chars().next().unwrap();
        prop_assume!(chars[pos] != new);
        chars[pos] = new;
        let forged: String = chars.into_iter().collect();
        let e = tokens::verify(&forged, &[secret()], NOW).unwrap_err();
        prop_assert_eq!(e.http_status(), Some(427));
    }

    #[test]
    fn verify_never_panics_on_garbage(s in "\\PC{0,300}") {
        let _ = tokens::verify(&s, &[secret()], NOW);
        let _ = tokens::verify_flow_token_signature(&s, "t", &[b"app"], NOW);
    }
}
