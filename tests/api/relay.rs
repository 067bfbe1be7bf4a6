//! Relay: the four setups of the product documentation, its three example flows, every failure
//! path and hostile input.
use std::path::PathBuf;

use serde_json::{Value, json};
use waflows::ErrorCode;
use waflows::codec::{self, PrivateKey, PublicKey, testing};
use waflows::ingest::{self, ProblemCode, Record};
use waflows::relay::{
    CustomerAnswer, Decision, Forward, Inbound, Relay, RelayConfig, Reply, ReplyKind, Setup,
};
use waflows::tokens::{self, TokenSecret};

const NOW: u64 = 1_764_000_000;
const APP_SECRET: &[u8] = b"test-app-secret";
const TOKEN_SECRET: &[u8] = b"test-token-secret-0123456789";
const USER: &str = "919876543210";

fn fixture(rel: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn key() -> PrivateKey {
    PrivateKey::from_pem(&fixture("keys/private_pkcs8.pem"), None).unwrap()
}

fn public() -> PublicKey {
    PublicKey::from_pem(key().public_key_pem().as_bytes()).unwrap()
}

fn secret() -> TokenSecret {
    TokenSecret::new(TOKEN_SECRET).unwrap()
}

fn token(flow_id: &str, expires_at: u64) -> String {
    tokens::issue(&secret(), USER, flow_id, Some("campaign-1"), expires_at).unwrap()
}

/// A relay with app-secret and token checks on.
fn relay(flow: &str, setup: Setup) -> Relay {
    let mut cfg = RelayConfig::new(setup);
    cfg.app_secrets = vec![APP_SECRET.to_vec()];
    cfg.token_secrets = vec![secret()];
    cfg.flow_id = Some(flow.to_owned());
    Relay::new(&fixture(&format!("relay/{flow}.flow.json")), key(), cfg).unwrap()
}

/// What the phone sent and the decision.
struct Run {
    phone: testing::EncryptedRequest,
    decision: Decision,
}

impl Run {
    fn reply(self) -> (Reply, testing::EncryptedRequest) {
        match self.decision {
            Decision::Reply(r) => (r, self.phone),
            other => panic!("expected a reply, got {other:?}"),
        }
    }
    fn forward(self) -> (Forward, testing::EncryptedRequest) {
        match self.decision {
            Decision::Forward(f) => (f, self.phone),
            other => panic!("expected a forward, got {other:?}"),
        }
    }
}

fn send(relay: &Relay, plaintext: &Value) -> Run {
    let phone = testing::encrypt_request(&public(), plaintext.to_string().as_bytes()).unwrap();
    let sig = codec::sign(phone.body.as_bytes(), APP_SECRET);
    let decision =
        relay.handle(Inbound::new(phone.body.as_bytes(), NOW).with_signature(sig.as_str()));
    Run { phone, decision }
}

fn open(phone: &testing::EncryptedRequest, body: &str) -> Value {
    serde_json::from_slice(&phone.decrypt_response(body.as_bytes()).unwrap()).unwrap()
}

fn exchange(flow: &str, screen: &str, data: Value) -> Value {
    json!({"version": "3.0", "action": "data_exchange", "screen": screen, "flow_token": token(flow, NOW + 3600), "data": data})
}

fn event(r: &Record) -> (&str, &serde_json::Map<String, Value>) {
    match r {
        Record::Event {
            evt_name,
            evt_data,
            identity,
            ts,
        } => {
            assert_eq!(identity, USER);
            assert_eq!(*ts, Some(NOW));
            (evt_name.as_str(), evt_data)
        }
        _ => panic!("expected an event"),
    }
}

// ---------------------------------------------------------------------------------------------
// Setup 1: static / no endpoint (hotel feedback). Ingestion comes from the completion webhook.

fn completion_webhook(from: &str, response: &Value) -> Vec<u8> {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "contacts": [{"profile": {"name": "Guest"}, "wa_id": from}],
        "messages": [{"from": from, "id": "wamid.X", "timestamp": "1764000000", "type": "interactive",
            "interactive": {"type": "nfm_reply", "nfm_reply": {"name": "flow", "body": "Sent",
                "response_json": response.to_string()}}}]}}]}]})
    .to_string()
    .into_bytes()
}

#[test]
fn static_hotel_feedback_is_ingested_from_the_completion_webhook() {
    // The `complete` payload of the RATE screen, as the phone resolves it.
    let response = json!({
        "flow_token": "hotel-token",
        "ct-evt": {"evtName": "Stay Feedback", "evtData": {
            "stay_experience": "0_★★★★★_•_Excellent_(5/5)",
            "food_experience": "1_★★★★☆_•_Good_(4/5)",
            "customer_service_experience": "0_Excellent",
            "recommend": "0_Yes",
            "comment": "Room was spotless"}}
    });
    let got = ingest::ingest_webhook(&completion_webhook(USER, &response)).unwrap();
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    assert_eq!(got.records.len(), 1);
    let (name, data) = event(&got.records[0]);
    assert_eq!(name, "Stay Feedback");
    assert_eq!(data.len(), 5);
    assert_eq!(data["comment"], "Room was spotless");
    assert_eq!(
        got.completions[0].flow_token.as_deref(),
        Some("hotel-token")
    );
    let bodies = ingest::upload_bodies(&got.records);
    assert_eq!(bodies.len(), 1);
    let d: Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(d["d"][0]["type"], "event");
    assert_eq!(d["d"][0]["evtName"], "Stay Feedback");
}

#[test]
fn static_setup_answers_health_but_no_screens() {
    let r = relay("hotel_feedback", Setup::Static);
    let (reply, phone) = send(&r, &json!({"version": "3.0", "action": "ping"})).reply();
    assert_eq!((reply.status, reply.kind), (200, ReplyKind::Health));
    assert_eq!(
        open(&phone, &reply.body),
        json!({"data": {"status": "active"}})
    );
    let (reply, _) = send(&r, &exchange("hotel_feedback", "RATE", json!({}))).reply();
    assert_eq!((reply.status, reply.kind), (500, ReplyKind::NoEndpoint));
    assert_eq!(reply.error.unwrap().code(), ErrorCode::RelayNoEndpoint);
    assert!(reply.body.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Setup 2: platform endpoint only (bus booking, static navigation with next_screen).

#[test]
fn bus_booking_runs_on_the_platform_endpoint_alone() {
    let r = relay("bus_booking", Setup::Platform);
    // welcome_screen → seat_selection, with the "Date Selected" event.
    let (reply, phone) = send(
        &r,
        &exchange("bus_booking", "welcome_screen", json!({
            "next_screen": "seat_selection",
            "depart_from": "Pune", "arrive_in": "Mumbai", "depart_date": "2025-06-01", "return_date": "",
            "ct-evt": {"evtName": "Date Selected", "evtData": {
                "depart_from": "Pune", "arrive_in": "Mumbai", "depart_date": "2025-06-01", "return_date": ""}}
        })),
    )
    .reply();
    assert_eq!(
        (reply.status, reply.kind),
        (200, ReplyKind::Screen),
        "{reply:?}"
    );
    assert_eq!(
        open(&phone, &reply.body),
        json!({"screen": "seat_selection", "data": {
            "depart_from": "Pune", "arrive_in": "Mumbai", "depart_date": "2025-06-01", "return_date": ""}})
    );
    assert_eq!(reply.records.len(), 1);
    let (name, data) = event(&reply.records[0]);
    assert_eq!(name, "Date Selected");
    assert_eq!(data["arrive_in"], "Mumbai");
    assert_eq!(reply.identity.as_deref(), Some(USER));

    // seat_selection → booking_confirmation, with "Seat Selected".
    let (reply, phone) = send(
        &r,
        &exchange("bus_booking", "seat_selection", json!({
            "next_screen": "booking_confirmation",
            "ct-evt": {"evtName": "Seat Selected", "evtData": {"selected_left_seat": "1A", "selected_right_seat": "2B"}},
            "depart_from": "Pune", "arrive_in": "Mumbai", "depart_date": "2025-06-01", "return_date": "",
            "selected_left_seat": "1A", "selected_right_seat": "2B"
        })),
    )
    .reply();
    assert_eq!(reply.kind, ReplyKind::Screen);
    let shown = open(&phone, &reply.body);
    assert_eq!(shown["screen"], "booking_confirmation");
    assert_eq!(shown["data"]["selected_left_seat"], "1A");
    assert_eq!(event(&reply.records[0]).0, "Seat Selected");

    // "Bus booking Done" is a `complete`: it arrives through the webhook.
    let got = ingest::ingest_webhook(&completion_webhook(USER, &json!({"flow_token": "t", "ct-evt": {
        "evtName": "Bus booking Done", "evtData": {"depart_from": "Pune", "selected_left_seat": "1A"}}})))
    .unwrap();
    assert_eq!(event(&got.records[0]).0, "Bus booking Done");
}

#[test]
fn bus_booking_static_routes_are_checked() {
    let r = relay("bus_booking", Setup::Platform);
    let cases = [
        // Not allowed by the routing model from welcome_screen.
        json!({"next_screen": "booking_confirmation"}),
        // Not a screen.
        json!({"next_screen": "nowhere"}),
        // Missing, on a non-terminal screen.
        json!({"depart_from": "Pune"}),
        // Wrong type.
        json!({"next_screen": 3}),
        // Declared data of the wrong type (selected_seats is an object).
        json!({"next_screen": "seat_selection", "selected_seats": "1A"}),
    ];
    for data in cases {
        let (reply, phone) =
            send(&r, &exchange("bus_booking", "welcome_screen", data.clone())).reply();
        assert_eq!(
            (reply.status, reply.kind),
            (200, ReplyKind::Fallback),
            "{data}"
        );
        assert_eq!(
            reply.error.as_ref().unwrap().code(),
            ErrorCode::RelayStaticRouteInvalid,
            "{data}"
        );
        assert_eq!(
            open(&phone, &reply.body),
            json!({"screen": "welcome_screen", "data": {"error_message": "Something went wrong. Please try again."}})
        );
    }
}

#[test]
fn platform_closes_the_flow_from_a_terminal_screen_or_on_success() {
    let r = relay("bus_booking", Setup::Platform);
    for data in [
        json!({"seat": "1A"}),
        json!({"next_screen": "SUCCESS", "seat": "1A"}),
    ] {
        let plain = exchange("bus_booking", "booking_confirmation", data);
        let flow_token = plain["flow_token"].as_str().unwrap().to_owned();
        let (reply, phone) = send(&r, &plain).reply();
        assert_eq!(reply.kind, ReplyKind::Close);
        assert_eq!(
            open(&phone, &reply.body),
            json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {"flow_token": flow_token, "seat": "1A"}}}})
        );
    }
}

#[test]
fn platform_init_answers_the_entry_screen_and_does_not_ingest() {
    let r = relay("bus_booking", Setup::Platform);
    let (reply, phone) = send(
        &r,
        &json!({"version": "3.0", "action": "INIT", "flow_token": token("bus_booking", NOW + 60),
                "data": {"ct-evt": {"evtName": "Opened"}}}),
    )
    .reply();
    assert_eq!(
        open(&phone, &reply.body),
        json!({"screen": "welcome_screen", "data": {}})
    );
    assert!(reply.records.is_empty() && reply.problems.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Setup 3: platform + customer endpoint (weather / age).

#[test]
fn weather_flow_forwards_clean_json_and_relays_the_customer_screen() {
    let r = relay("weather_age", Setup::PlatformCustomer);
    let tok = token("weather_age", NOW + 3600);
    let plain = json!({"data": {"option": "1_Check_my_age", "next_screen": "WEATHER",
                                "ct-evt": {"evtName": "Option Chosen", "evtData": {"option": "1_Check_my_age"}}},
                       "flow_token": tok, "screen": "WELCOME", "action": "data_exchange", "version": "3.0"});
    let (fwd, phone) = send(&r, &plain).forward();
    // The product document's forwarded payload, with our token.
    let sent: Value = serde_json::from_str(fwd.json()).unwrap();
    assert_eq!(
        sent,
        json!({"data": {"option": "1_Check_my_age"}, "flow_token": tok, "screen": "WELCOME", "action": "data_exchange", "version": "3.0"})
    );
    if cfg!(feature = "preserve-order") {
        assert_eq!(fwd.json().find("\"data\""), Some(1), "key order is kept");
    }
    assert_eq!(event(&fwd.records[0]).0, "Option Chosen");
    // The customer predicts the age.
    let answer =
        br#"{"screen":"YOUR_AGE","data":{"name":"Jay","age":"20","toDisplay":"You are 20"}}"#;
    let reply = fwd.continuation.resume(CustomerAnswer::Http {
        status: 200,
        body: answer,
    });
    assert_eq!((reply.status, reply.kind), (200, ReplyKind::CustomerScreen));
    assert_eq!(
        open(&phone, &reply.body),
        json!({"screen": "YOUR_AGE", "data": {"name": "Jay", "age": "20", "toDisplay": "You are 20"}})
    );
    assert!(
        reply.records.is_empty(),
        "records come once, with the forward"
    );
}

fn weather_forward(screen: &str, action: &str) -> (Forward, testing::EncryptedRequest) {
    let r = relay("weather_age", Setup::PlatformCustomer);
    let mut plain = exchange(
        "weather_age",
        screen,
        json!({"option": "0_Check_weather_of_the_city"}),
    );
    plain["action"] = json!(action);
    send(&r, &plain).forward()
}

#[test]
fn bad_customer_answers_never_reach_the_phone() {
    let deep = format!("{}{}", "[".repeat(500), "]".repeat(500));
    let huge = format!(
        r#"{{"screen":"WEATHER","data":{{"name":"{}"}}}}"#,
        "x".repeat(2 << 20)
    );
    let cases: Vec<(u16, Vec<u8>, ErrorCode)> = vec![
        (
            500,
            br#"{"screen":"WEATHER","data":{}}"#.to_vec(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
        (302, Vec::new(), ErrorCode::RelayCustomerAnswerInvalid),
        (
            200,
            b"not json".to_vec(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
        (
            200,
            b"[1,2]".to_vec(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
        (
            200,
            br#"{"data":{}}"#.to_vec(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
        (
            200,
            br#"{"screen":7}"#.to_vec(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
        (
            200,
            br#"{"screen":"MOON","data":{}}"#.to_vec(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
        // Not allowed by the routing model from WELCOME.
        (
            200,
            br#"{"screen":"TODAYS_WEATHER","data":{}}"#.to_vec(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
        // Declared string, got a number.
        (
            200,
            br#"{"screen":"YOUR_AGE","data":{"age":20}}"#.to_vec(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
        (
            200,
            br#"{"screen":"YOUR_AGE","data":[]}"#.to_vec(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
        (
            200,
            br#"{"screen":"YOUR_AGE","data":{"error_message":{}}}"#.to_vec(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
        // SUCCESS without the flow token.
        (
            200,
            br#"{"screen":"SUCCESS","data":{"extension_message_response":{"params":{"a":"b"}}}}"#
                .to_vec(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
        (
            200,
            br#"{"screen":"SUCCESS","data":{}}"#.to_vec(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
        (
            200,
            deep.into_bytes(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
        (
            200,
            huge.into_bytes(),
            ErrorCode::RelayCustomerAnswerInvalid,
        ),
    ];
    for (status, body, code) in cases {
        let (fwd, phone) = weather_forward("WELCOME", "data_exchange");
        let reply = fwd.continuation.resume(CustomerAnswer::Http {
            status,
            body: &body,
        });
        let shown = String::from_utf8_lossy(&body[..body.len().min(80)]).into_owned();
        assert_eq!(
            (reply.status, reply.kind),
            (200, ReplyKind::Fallback),
            "{status} {shown}"
        );
        assert_eq!(reply.error.as_ref().unwrap().code(), code, "{shown}");
        assert_eq!(
            open(&phone, &reply.body),
            json!({"screen": "WELCOME", "data": {"error_message": "Something went wrong. Please try again."}}),
            "{shown}"
        );
    }
}

#[test]
fn customer_timeout_shows_the_error_on_the_current_screen() {
    let (fwd, phone) = weather_forward("WELCOME", "data_exchange");
    let reply = fwd.continuation.resume(CustomerAnswer::Timeout);
    assert_eq!(reply.error.unwrap().code(), ErrorCode::RelayCustomerTimeout);
    assert_eq!(open(&phone, &reply.body)["screen"], "WELCOME");
}

#[test]
fn unreachable_customer_is_told_apart_from_a_timeout() {
    let (fwd, phone) = weather_forward("WELCOME", "data_exchange");
    let reply = fwd.continuation.resume(CustomerAnswer::Unreachable);
    assert_eq!((reply.status, reply.kind), (200, ReplyKind::Fallback));
    assert_eq!(
        reply.error.unwrap().code(),
        ErrorCode::RelayCustomerUnreachable
    );
    assert_eq!(
        open(&phone, &reply.body),
        json!({"screen": "WELCOME", "data": {"error_message": "Something went wrong. Please try again."}})
    );
}

#[test]
fn bad_answer_to_init_is_an_error_status() {
    let (fwd, _) = weather_forward("", "INIT");
    let reply = fwd.continuation.resume(CustomerAnswer::Http {
        status: 200,
        body: br#"{"screen":"YOUR_AGE","data":{}}"#,
    });
    // YOUR_AGE is not an entry screen, and the error says so.
    assert_eq!((reply.status, reply.kind), (500, ReplyKind::Fallback));
    let why = reply
        .error
        .as_ref()
        .map(|e| e.message().to_owned())
        .unwrap_or_default();
    assert!(
        why.contains("entry screen") && why.contains("YOUR_AGE"),
        "{why}"
    );
    assert!(reply.body.is_empty());
    let (fwd, phone) = weather_forward("", "INIT");
    let reply = fwd.continuation.resume(CustomerAnswer::Http {
        status: 200,
        body: br#"{"screen":"WELCOME","data":{"name":"Jay"}}"#,
    });
    assert_eq!(reply.kind, ReplyKind::CustomerScreen);
    assert_eq!(
        open(&phone, &reply.body),
        json!({"screen": "WELCOME", "data": {"name": "Jay"}})
    );
}

#[test]
fn customer_close_and_token_rejection_are_relayed() {
    let (fwd, phone) = weather_forward("YOUR_AGE", "data_exchange");
    let body = br#"{"screen":"SUCCESS","data":{"extension_message_response":{"params":{"flow_token":"T","age":"20"}}}}"#;
    let reply = fwd
        .continuation
        .resume(CustomerAnswer::Http { status: 200, body });
    assert_eq!(reply.kind, ReplyKind::CustomerClose);
    assert_eq!(
        open(&phone, &reply.body),
        json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {"flow_token": "T", "age": "20"}}}})
    );
    for (body, shown) in [
        (
            &br#"{"error_msg":"Your session ended"}"#[..],
            "Your session ended",
        ),
        (
            &b"oops"[..],
            "This link has expired. Please request a new one.",
        ),
    ] {
        let (fwd, phone) = weather_forward("WELCOME", "data_exchange");
        let reply = fwd
            .continuation
            .resume(CustomerAnswer::Http { status: 427, body });
        assert_eq!(
            (reply.status, reply.kind),
            (427, ReplyKind::CustomerTokenRejected)
        );
        assert_eq!(open(&phone, &reply.body), json!({"error_msg": shown}));
    }
}

#[test]
fn undeclared_customer_keys_are_left_out_and_listed() {
    let (fwd, phone) = weather_forward("WELCOME", "data_exchange");
    let body = br#"{"screen":"WEATHER","data":{"name":"Jay","secret_internal_id":"42","error_message":"Try London"}}"#;
    let reply = fwd
        .continuation
        .resume(CustomerAnswer::Http { status: 200, body });
    assert_eq!(reply.dropped_keys, vec!["secret_internal_id".to_string()]);
    assert_eq!(
        open(&phone, &reply.body),
        json!({"screen": "WEATHER", "data": {"name": "Jay", "error_message": "Try London"}})
    );
}

// ---------------------------------------------------------------------------------------------
// Setup 4 (table row "customer endpoint only") and profile ingestion.

#[test]
fn customer_only_setup_ingests_what_the_webhook_brings() {
    let r = relay("bus_booking", Setup::Customer);
    let (reply, _) = send(
        &r,
        &exchange(
            "bus_booking",
            "welcome_screen",
            json!({"next_screen": "seat_selection"}),
        ),
    )
    .reply();
    assert_eq!(reply.kind, ReplyKind::NoEndpoint);
    let got = ingest::ingest_webhook(&completion_webhook(USER, &json!({"ct-evt": {"evtName": "Bus booking Done",
        "evtData": {"depart_from": "Pune", "arrive_in": "Goa", "depart_date": "2025-06-01", "return_date": "",
                    "selected_left_seat": "1A", "selected_right_seat": "2B"}}})))
    .unwrap();
    let (name, data) = event(&got.records[0]);
    assert_eq!((name, data.len()), ("Bus booking Done", 6));
}

#[test]
fn profile_ingestion_through_data_exchange() {
    let r = relay("bus_booking", Setup::Platform);
    let (reply, _) = send(
        &r,
        &exchange("bus_booking", "welcome_screen", json!({
            "next_screen": "seat_selection",
            "ct-up": {"Name": "Jay", "Email": "jay@example.com", "Phone": "9876543210", "Gender": "M"}
        })),
    )
    .reply();
    assert_eq!(reply.kind, ReplyKind::Screen);
    let Record::Profile {
        identity,
        profile_data,
        ..
    } = &reply.records[0]
    else {
        panic!("profile expected")
    };
    assert_eq!(identity, USER);
    assert_eq!(
        Value::Object(profile_data.clone()),
        json!({"Name": "Jay", "Email": "jay@example.com", "Gender": "M"})
    );
    assert_eq!(reply.problems.len(), 1);
    assert_eq!(reply.problems[0].code, ProblemCode::InvalidPhone);
    assert_eq!(reply.problems[0].key, "Phone");
    assert_eq!(reply.problems[0].value, Some(json!("9876543210")));
}

// ---------------------------------------------------------------------------------------------
// Failure paths.

#[test]
fn signature_failures_are_432_before_any_decryption() {
    let r = relay("weather_age", Setup::PlatformCustomer);
    let phone =
        testing::encrypt_request(&public(), br#"{"action":"ping","version":"3.0"}"#).unwrap();
    let good = codec::sign(phone.body.as_bytes(), APP_SECRET);
    let other = codec::sign(phone.body.as_bytes(), b"another-secret");
    for sig in [
        None,
        Some("sha256=00"),
        Some("md5=abc"),
        Some(other.as_str()),
        Some(""),
    ] {
        let d = r.handle(Inbound::new(phone.body.as_bytes(), NOW).with_signature(sig));
        let reply = d.as_reply().unwrap();
        assert_eq!(
            (reply.status, reply.kind),
            (432, ReplyKind::SignatureRejected),
            "{sig:?}"
        );
        assert!(reply.body.is_empty());
    }
    let d = r.handle(Inbound::new(phone.body.as_bytes(), NOW).with_signature(good.as_str()));
    assert_eq!(d.as_reply().unwrap().kind, ReplyKind::Health);
}

#[test]
fn undecryptable_requests_are_421_and_bad_envelopes_400() {
    let r = relay("weather_age", Setup::PlatformCustomer);
    let other_key = codec::generate_key_pair(2048, None).unwrap();
    let other_pub = PublicKey::from_pem(other_key.public_pem.as_bytes()).unwrap();
    let wrong_key = testing::encrypt_request(&other_pub, br#"{"action":"ping"}"#)
        .unwrap()
        .body;
    let mut tampered: Value = serde_json::from_str(
        &testing::encrypt_request(&public(), br#"{"action":"ping"}"#)
            .unwrap()
            .body,
    )
    .unwrap();
    let data = tampered["encrypted_flow_data"].as_str().unwrap().to_owned();
    tampered["encrypted_flow_data"] = json!(format!("AAAA{}", &data[4..]));
    let cases: Vec<(Vec<u8>, u16)> = vec![
        (wrong_key.into_bytes(), 421),
        (tampered.to_string().into_bytes(), 421),
        (b"{}".to_vec(), 400),
        (b"not json".to_vec(), 400),
        (vec![b' '; 2 << 20], 400),
    ];
    for (body, status) in cases {
        let sig = codec::sign(&body, APP_SECRET);
        let d = r.handle(Inbound::new(&body, NOW).with_signature(sig.as_str()));
        let reply = d.as_reply().unwrap();
        assert_eq!(
            (reply.status, reply.kind),
            (status, ReplyKind::Undecryptable)
        );
        assert!(reply.body.is_empty());
    }
}

#[test]
fn rejected_tokens_are_427_with_an_encrypted_error_msg() {
    let r = relay("weather_age", Setup::PlatformCustomer);
    let foreign = TokenSecret::new(b"some-other-secret-0123").unwrap();
    let cases: Vec<(Option<String>, ErrorCode)> = vec![
        (Some(token("weather_age", NOW)), ErrorCode::FlowTokenExpired),
        (
            Some(token("bus_booking", NOW + 60)),
            ErrorCode::InvalidFlowToken,
        ),
        (
            Some(tokens::issue(&foreign, USER, "weather_age", None, NOW + 60).unwrap()),
            ErrorCode::InvalidFlowToken,
        ),
        (
            Some("1_2388541_2388541_1655455488_4393817507571773_1761636502".into()),
            ErrorCode::InvalidFlowToken,
        ),
        (None, ErrorCode::InvalidFlowToken),
    ];
    for (tok, code) in cases {
        let mut plain = json!({"version": "3.0", "action": "data_exchange", "screen": "WELCOME",
                               "data": {"ct-evt": {"evtName": "E"}}});
        if let Some(t) = &tok {
            plain["flow_token"] = json!(t);
        }
        let (reply, phone) = send(&r, &plain).reply();
        assert_eq!(
            (reply.status, reply.kind),
            (427, ReplyKind::TokenRejected),
            "{tok:?}"
        );
        assert_eq!(reply.error.as_ref().unwrap().code(), code, "{tok:?}");
        assert_eq!(
            open(&phone, &reply.body),
            json!({"error_msg": "This link has expired. Please request a new one."})
        );
        assert!(
            reply.records.is_empty(),
            "no ingestion for a rejected token"
        );
    }
}

#[test]
fn flow_token_signature_is_checked_when_present() {
    let r = relay("weather_age", Setup::PlatformCustomer);
    let tok = token("weather_age", NOW + 60);
    let good = tokens::sign_jwt_hs256(&json!({"flow_token": tok}), APP_SECRET);
    let bad = tokens::sign_jwt_hs256(&json!({"flow_token": "other"}), APP_SECRET);
    let mut plain = json!({"version": "4.0", "action": "data_exchange", "screen": "WELCOME", "flow_token": tok, "data": {}});
    plain["flow_token_signature"] = json!(good);
    send(&r, &plain).forward();
    plain["flow_token_signature"] = json!(bad);
    let (reply, _) = send(&r, &plain).reply();
    assert_eq!(reply.status, 427);
    assert_eq!(
        reply.error.unwrap().code(),
        ErrorCode::FlowTokenSignatureInvalid
    );
}

#[test]
fn error_notifications_are_acknowledged_and_reported() {
    let r = relay("weather_age", Setup::PlatformCustomer);
    for key in ["error", "error_key"] {
        let plain = json!({"version": "3.0", "action": "data_exchange", "screen": "YOUR_AGE", "flow_token": "whatever",
                           "data": {key: "invalid-screen-transition", "error_message": "bad route"}});
        let (reply, phone) = send(&r, &plain).reply();
        assert_eq!(
            (reply.status, reply.kind),
            (200, ReplyKind::ErrorAcknowledged)
        );
        let n = reply.notification.unwrap();
        assert_eq!(n.error_key, "invalid-screen-transition");
        assert_eq!(n.error_message.as_deref(), Some("bad route"));
        assert_eq!(n.screen.as_deref(), Some("YOUR_AGE"));
        assert_eq!(
            open(&phone, &reply.body),
            json!({"data": {"acknowledged": true}})
        );
    }
}

#[test]
fn without_token_secrets_the_host_identity_is_used() {
    let cfg = RelayConfig::new(Setup::Platform);
    let r = Relay::new(&fixture("relay/bus_booking.flow.json"), key(), cfg).unwrap();
    let plain = json!({"version": "3.0", "action": "data_exchange", "screen": "welcome_screen", "flow_token": "opaque",
                       "data": {"next_screen": "seat_selection", "ct-evt": {"evtName": "E"}}});
    let phone = testing::encrypt_request(&public(), plain.to_string().as_bytes()).unwrap();
    let d = r.handle(Inbound::new(phone.body.as_bytes(), NOW).with_identity("crm-42"));
    assert_eq!(d.records()[0].identity(), "crm-42");
    // No identity at all: the event is reported, not lost.
    let d = r.handle(Inbound::new(phone.body.as_bytes(), NOW));
    let reply = d.as_reply().unwrap();
    assert_eq!(reply.kind, ReplyKind::Screen);
    assert!(reply.records.is_empty());
    assert_eq!(reply.problems[0].code, ProblemCode::MissingIdentity);
}

// ---------------------------------------------------------------------------------------------
// Hostile input.

#[test]
fn hostile_payloads_get_clear_answers() {
    let r = relay("weather_age", Setup::PlatformCustomer);
    let tok = token("weather_age", NOW + 60);
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    // (plaintext, expected status of a reply or None for a forward, expected problem codes)
    let cases: Vec<(String, Option<u16>, Vec<ProblemCode>)> = vec![
        // Deep nesting in the encrypted payload: rejected by the codec, undetailed 421.
        (
            format!(r#"{{"action":"data_exchange","flow_token":"{tok}","data":{{"x":{deep}}}}}"#),
            Some(421),
            vec![],
        ),
        // Wrong types: no screen, data not an object → forwarded as is, nothing ingested.
        (
            format!(r#"{{"action":"data_exchange","flow_token":"{tok}","screen":5,"data":[1,2]}}"#),
            None,
            vec![],
        ),
        (
            format!(r#"{{"action":7,"flow_token":"{tok}"}}"#),
            None,
            vec![],
        ),
        (
            format!(
                r#"{{"action":"data_exchange","flow_token":"{tok}","screen":"WELCOME","data":{{"ct-evt":"{{\"evtName\":[1]}}","ct-up":12}}}}"#
            ),
            None,
            vec![ProblemCode::EventNameMissing, ProblemCode::InvalidStructure],
        ),
        // Big (under the 1 MiB envelope limit): the oversized value is reported.
        (
            format!(
                r#"{{"action":"data_exchange","flow_token":"{tok}","screen":"WELCOME","data":{{"ct-evt":{{"evtName":"E","evtData":{{"big":"{}"}}}}}}}}"#,
                "x".repeat(500_000)
            ),
            None,
            vec![ProblemCode::ValueTooLong],
        ),
    ];
    for (plain, status, problems) in cases {
        let phone = testing::encrypt_request(&public(), plain.as_bytes()).unwrap();
        let sig = codec::sign(phone.body.as_bytes(), APP_SECRET);
        let d = r.handle(Inbound::new(phone.body.as_bytes(), NOW).with_signature(sig.as_str()));
        match (d, status) {
            (Decision::Reply(reply), Some(want)) => assert_eq!(reply.status, want),
            (Decision::Forward(f), None) => {
                let got: Vec<ProblemCode> = f.problems.iter().map(|p| p.code).collect();
                assert_eq!(got, problems);
                let v: Value = serde_json::from_str(f.json()).unwrap();
                assert!(v.is_object());
                let reply = f.continuation.resume(CustomerAnswer::Timeout);
                assert_eq!(reply.kind, ReplyKind::Fallback);
            }
            (d, _) => panic!(
                "unexpected decision {d:?} for {}",
                &plain[..plain.len().min(100)]
            ),
        }
    }
}

#[test]
fn relay_config_errors_are_clear() {
    for (doc, code) in [
        (&b"{"[..], ErrorCode::RelayConfigInvalid),
        (b"{\"screens\":[]}", ErrorCode::RelayConfigInvalid),
        (b"[]", ErrorCode::RelayConfigInvalid),
    ] {
        let e = Relay::new(doc, key(), RelayConfig::new(Setup::Platform)).unwrap_err();
        assert_eq!(e.code(), code);
    }
    let mut cfg = RelayConfig::new(Setup::Platform);
    cfg.app_secrets = vec![Vec::new()];
    let e = Relay::new(&fixture("relay/bus_booking.flow.json"), key(), cfg).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i32>().prop_map(Value::from),
            "[A-Za-z_ -]{0,12}".prop_map(Value::from),
            prop_oneof![
                Just("WELCOME"),
                Just("WEATHER"),
                Just("YOUR_AGE"),
                Just("SUCCESS"),
                Just("ct-evt")
            ]
            .prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map(
                    prop_oneof![
                        Just("screen".to_string()),
                        Just("data".to_string()),
                        Just("ct-evt".to_string()),
                        Just("ct-up".to_string()),
                        Just("evtName".to_string()),
                        Just("next_screen".to_string()),
                        Just("extension_message_response".to_string()),
                        "[a-z]{1,6}"
                    ],
                    inner,
                    0..5
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Random decrypted payloads and random customer answers: always a decision, never a
        /// panic; replies are one of the statuses of the contract.
        #[test]
        fn any_payload_and_any_customer_answer(
            action in prop_oneof![Just("data_exchange"), Just("INIT"), Just("BACK"), Just("ping"), Just("other")],
            screen in prop_oneof![Just("WELCOME"), Just("WEATHER"), Just(""), Just("NOPE")],
            data in json_value(),
            answer in json_value(),
            status in prop_oneof![Just(200u16), Just(427u16), Just(500u16), any::<u16>()],
        ) {
            let r = relay("weather_age", Setup::PlatformCustomer);
            let plain = json!({"version": "3.0", "action": action, "screen": screen,
                               "flow_token": token("weather_age", NOW + 60), "data": data});
            let Run { decision, .. } = send(&r, &plain);
            let reply = match decision {
                Decision::Reply(reply) => reply,
                Decision::Forward(f) => {
                    let body = answer.to_string();
                    f.continuation.resume(CustomerAnswer::Http { status, body: body.as_bytes() })
                }
                other => panic!("unexpected decision {other:?}"),
            };
            prop_assert!(matches!(reply.status, 200 | 427 | 500), "{reply:?}");
        }
    }
}

#[test]
fn weather_path_welcome_weather_todays_weather() {
    let r = relay("weather_age", Setup::PlatformCustomer);
    // WELCOME → WEATHER (customer picks the weather branch).
    let (fwd, phone) = send(
        &r,
        &exchange(
            "weather_age",
            "WELCOME",
            json!({"option": "0_Check_weather_of_the_city", "next_screen": "WEATHER"}),
        ),
    )
    .forward();
    let reply = fwd.continuation.resume(CustomerAnswer::Http {
        status: 200,
        body: br#"{"screen":"WEATHER","data":{"name":"Jay","toDisplay":"Which city?"}}"#,
    });
    assert_eq!(
        open(&phone, &reply.body),
        json!({"screen": "WEATHER", "data": {"name": "Jay", "toDisplay": "Which city?"}})
    );
    // WEATHER → TODAYS_WEATHER with the city the user typed ("London" → rain).
    let (fwd, phone) = send(
        &r,
        &exchange(
            "weather_age",
            "WEATHER",
            json!({"city": "London", "name": "Jay"}),
        ),
    )
    .forward();
    let sent: Value = serde_json::from_str(fwd.json()).unwrap();
    assert_eq!(sent["data"], json!({"city": "London", "name": "Jay"}));
    let reply = fwd.continuation.resume(CustomerAnswer::Http {
        status: 200,
        body: br#"{"screen":"TODAYS_WEATHER","data":{"name":"Jay","city":"London","weather":"Rain expected this morning","toDisplay":"Rain expected this morning"}}"#,
    });
    assert_eq!(reply.kind, ReplyKind::CustomerScreen);
    assert_eq!(
        open(&phone, &reply.body)["data"]["weather"],
        "Rain expected this morning"
    );
    // YOUR_AGE is not reachable from WEATHER.
    let (fwd, _) = send(
        &r,
        &exchange("weather_age", "WEATHER", json!({"city": "London"})),
    )
    .forward();
    let reply = fwd.continuation.resume(CustomerAnswer::Http {
        status: 200,
        body: br#"{"screen":"YOUR_AGE","data":{}}"#,
    });
    assert_eq!(reply.kind, ReplyKind::Fallback);
}

#[test]
fn hotel_feedback_without_ct_evt_can_use_a_named_default_event() {
    // The product document's "ingested data example": the submitted answers as one event.
    let response = json!({"flow_token": "t", "rating": "5", "comments": "Room was spotless", "flow_id": "hotel_feedback"});
    let opts = ingest::WebhookOptions::default()
        .with_fallback_event(Some("WAF_HotelFeedback_Submitted".into()));
    let got = ingest::ingest_webhook_with(&completion_webhook(USER, &response), &opts).unwrap();
    assert_eq!(
        got.records[0].to_json(),
        json!({"type": "event", "identity": USER, "ts": 1_764_000_000, "evtName": "WAF_HotelFeedback_Submitted",
               "evtData": {"rating": "5", "comments": "Room was spotless", "flow_id": "hotel_feedback"}})
    );
}
