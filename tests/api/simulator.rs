//! The simulator: the product document's three flows run to completion from scripts, the
//! phone's refusals, and hostile inputs.

use std::cell::RefCell;
use std::collections::VecDeque;

use serde_json::{Value, json};
use waflows::ErrorCode;
use waflows::relay::Setup;
use waflows::simulator::{Endpoint, RelayEndpoint, Script, SimFlow, Simulation, Step, simulate};

const HOTEL: &[u8] = include_bytes!("../fixtures/relay/hotel_feedback.flow.json");
const BUS: &[u8] = include_bytes!("../fixtures/relay/bus_booking.flow.json");
const WEATHER: &[u8] = include_bytes!("../fixtures/relay/weather_age.flow.json");

fn script(v: Value) -> Script {
    serde_json::from_value(v).unwrap()
}

fn hotel_script() -> Script {
    script(json!({
        "wa_id": "919876543210",
        "now": 1_764_000_000,
        "steps": [
            {"fill": {"recommend": "0_Yes", "comment": "Room was spotless"}},
            {"tap": "footer"},
            {"select": {"Stay_Experience_f2b4e8": "0_★★★★★_•_Excellent_(5/5)",
                        "Food_Experience_bf1842": "1_★★★★☆_•_Good_(4/5)",
                        "Customer_service": "0_Excellent"}},
            {"tap": "footer"}
        ]
    }))
}

#[test]
fn hotel_feedback_runs_to_completion_and_ingests_the_stay_feedback_event() {
    let t = simulate(HOTEL, &hotel_script(), Endpoint::None).unwrap();
    assert_eq!(t.refused, None);
    assert_eq!(t.screens, ["RECOMMEND", "RATE"]);
    assert!(
        t.requests.is_empty(),
        "a static flow never calls an endpoint"
    );
    let complete = t.complete.clone().unwrap();
    assert_eq!(complete["flow_token"], "simulated-flow-token");
    assert_eq!(
        complete["ct-evt"],
        json!({"evtName": "Stay Feedback", "evtData": {
            "stay_experience": "0_★★★★★_•_Excellent_(5/5)",
            "food_experience": "1_★★★★☆_•_Good_(4/5)",
            "customer_service_experience": "0_Excellent",
            "recommend": "0_Yes",
            "comment": "Room was spotless"}})
    );
    // One event record, from the completion webhook, for the user's wa_id at `now`.
    assert_eq!(t.records.len(), 1);
    let r = &t.records[0];
    assert_eq!(r.source, "complete");
    assert_eq!(r.screen, "RATE");
    assert_eq!(
        r.record,
        json!({"type": "event", "identity": "919876543210", "ts": 1_764_000_000,
               "evtName": "Stay Feedback", "evtData": complete["ct-evt"]["evtData"]})
    );
    // The views show resolved text and the entered values.
    let rate = &t.views[1];
    assert_eq!(rate.title, "Feedback 2 of 2");
    let dd = rate
        .components
        .iter()
        .find(|c| c.name.as_deref() == Some("Customer_service"))
        .unwrap();
    assert_eq!(dd.value, Some(json!("0_Excellent")));
    assert_eq!(dd.options.len(), 5);
    assert!(t.closed);
    assert_eq!(t.summary.len(), 5, "{:?}", t.summary);
}

#[test]
fn hotel_feedback_refuses_an_empty_required_field_with_the_phones_message() {
    let s =
        script(json!({"steps": [{"fill": {"comment": "meh"}}, {"tap": "footer"}, {"back": true}]}));
    let t = simulate(HOTEL, &s, Endpoint::None).unwrap();
    assert_eq!(t.refused.as_deref(), Some("Choose one is required"));
    assert_eq!(t.refused_step, Some(1));
    assert_eq!(t.steps_run, 2, "nothing runs after a refusal");
    assert_eq!(t.messages[0].field.as_deref(), Some("recommend"));
    assert_eq!(t.complete, None);
    assert!(t.records.is_empty());
}

#[test]
fn back_keeps_the_form_and_optional_fields_are_left_out_of_payloads() {
    let s = script(json!({"steps": [
        {"fill": {"recommend": "1_No"}}, {"tap": "footer"}, {"back": true},
        {"tap": "footer"},
        {"fill": {"Stay_Experience_f2b4e8": "2_★★★☆☆_•_Average_(3/5)",
                  "Food_Experience_bf1842": "2_★★★☆☆_•_Average_(3/5)", "Customer_service": "2_Average"}},
        {"tap": "footer"}]}));
    let t = simulate(HOTEL, &s, Endpoint::None).unwrap();
    assert_eq!(t.refused, None, "{:?}", t.messages);
    assert_eq!(t.screens, ["RECOMMEND", "RATE", "RECOMMEND", "RATE"]);
    let data = &t.complete.unwrap()["ct-evt"]["evtData"];
    assert_eq!(data["recommend"], "1_No");
    assert!(data.get("comment").is_none(), "{data}");
}

fn bus_script() -> Script {
    script(json!({
        "wa_id": "919000000001",
        "now": 1_764_000_000,
        "flow_token": "bus-token-1",
        "steps": [
            {"fill": {"depart_from": "Pune", "arrive_in": "Mumbai", "depart_date": "2025-06-01"}},
            {"tap": "footer"},
            {"select": {"left_seats": "2A", "right_seats": "4C"}},
            {"tap": "footer"},
            {"tap": "footer"}
        ]
    }))
}

#[test]
fn bus_booking_runs_through_the_relay_in_process_across_the_codec() {
    let relay = RelayEndpoint::generated(BUS, Setup::Platform, Endpoint::None).unwrap();
    let t = simulate(BUS, &bus_script(), Endpoint::Relay(Box::new(relay))).unwrap();
    assert_eq!(t.refused, None, "{:?}", t.messages);
    assert_eq!(
        t.screens,
        ["welcome_screen", "seat_selection", "booking_confirmation"]
    );
    // The exact decrypted requests.
    assert_eq!(t.requests.len(), 2);
    assert_eq!(
        t.requests[0],
        json!({"data": {"next_screen": "seat_selection", "depart_from": "Pune",
            "arrive_in": "Mumbai", "depart_date": "2025-06-01",
            "ct-evt": {"evtName": "Date Selected", "evtData": {"depart_from": "Pune",
                "arrive_in": "Mumbai", "depart_date": "2025-06-01"}}},
            "flow_token": "bus-token-1", "screen": "welcome_screen",
            "action": "data_exchange", "version": "3.0"})
    );
    assert_eq!(t.requests[1]["screen"], "seat_selection");
    assert_eq!(t.requests[1]["data"]["selected_left_seat"], "2A");
    // The relay answered statically from next_screen (decrypted answers are in exchanges).
    assert_eq!(t.exchanges[0].response["screen"], "seat_selection");
    assert_eq!(t.exchanges[0].response["data"]["depart_from"], "Pune");
    // Three events: two ingested by the relay on data_exchange, one from the completion.
    let names: Vec<(&str, &str)> = t
        .records
        .iter()
        .map(|r| (r.source.as_str(), r.record["evtName"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            ("data_exchange", "Date Selected"),
            ("data_exchange", "Seat Selected"),
            ("complete", "Bus booking Done")
        ]
    );
    assert_eq!(
        t.records[2].record["evtData"],
        json!({"depart_from": "Pune", "arrive_in": "Mumbai", "depart_date": "2025-06-01",
               "selected_left_seat": "2A", "selected_right_seat": "4C"})
    );
    assert!(
        t.records
            .iter()
            .all(|r| r.record["identity"] == "919000000001")
    );
    assert_eq!(t.complete.unwrap()["flow_token"], "bus-token-1");
    // The confirmation screen shows the data the relay passed on.
    let conf = &t.views[2];
    assert!(
        conf.components
            .iter()
            .any(|c| c.text.as_deref() == Some("2A"))
    );
}

#[test]
fn bus_booking_refuses_dates_out_of_bounds_and_disabled_seats() {
    let s = script(json!({"steps": [{"fill": {"depart_date": "2027-01-01"}}]}));
    let relay = RelayEndpoint::generated(BUS, Setup::Platform, Endpoint::None).unwrap();
    let t = simulate(BUS, &s, Endpoint::Relay(Box::new(relay))).unwrap();
    assert_eq!(
        t.refused.as_deref(),
        Some("Depart date: 2027-01-01 is after the latest date allowed")
    );
    let s = script(json!({"steps": [
        {"fill": {"depart_from": "A", "arrive_in": "B", "depart_date": "2025-06-01"}},
        {"tap": "footer"}, {"select": {"left_seats": "3A"}}]}));
    let relay = RelayEndpoint::generated(BUS, Setup::Platform, Endpoint::None).unwrap();
    let t = simulate(BUS, &s, Endpoint::Relay(Box::new(relay))).unwrap();
    assert_eq!(
        t.refused.as_deref(),
        Some("Left Seats: option \"Seat 3A\" is not available")
    );
}

fn weather_customer() -> Endpoint<'static> {
    Endpoint::Scripted(VecDeque::from([
        json!({"screen": "WELCOME", "data": {"name": "Jay", "city": "Pune", "age": "30",
               "next_screen": "WELCOME", "toDisplay": "What would you like to know?"}}),
        json!({"screen": "YOUR_AGE", "data": {"name": "Jay", "age": "30",
               "toDisplay": "You are 30"}}),
    ]))
}

#[test]
fn weather_age_runs_with_a_scripted_customer_behind_the_relay() {
    let s = script(json!({
        "start": {"action": "data_exchange"},
        "wa_id": "919000000002",
        "flow_token": "1_2388541_2388541_1655455488_4393817507571773_1761636502",
        "steps": [{"select": {"What_would_you_like_24dfd1": "1_Check_my_age"}}, {"tap": "footer"},
                  {"tap": "footer"}]
    }));
    let seen = RefCell::new(Vec::new());
    let mut answers = match weather_customer() {
        Endpoint::Scripted(q) => q,
        _ => unreachable!(),
    };
    let customer = Endpoint::Callback(Box::new(|forwarded: &Value| {
        seen.borrow_mut().push(forwarded.clone());
        Ok(answers.pop_front().unwrap())
    }));
    let relay = RelayEndpoint::generated(WEATHER, Setup::PlatformCustomer, customer).unwrap();
    let t = simulate(WEATHER, &s, Endpoint::Relay(Box::new(relay))).unwrap();
    assert_eq!(t.refused, None, "{:?}", t.messages);
    assert_eq!(t.screens, ["WELCOME", "YOUR_AGE"]);
    assert_eq!(t.views[0].title, "What would you like to know?");
    // What the customer endpoint received: the product document's forwarded payload
    // (next_screen removed by the relay).
    let seen = seen.into_inner();
    assert_eq!(seen[0]["action"], "INIT");
    assert_eq!(
        seen[1],
        json!({"data": {"option": "1_Check_my_age", "name": "Jay"},
               "flow_token": "1_2388541_2388541_1655455488_4393817507571773_1761636502",
               "screen": "WELCOME", "action": "data_exchange", "version": "3.0"})
    );
    assert_eq!(t.views[1].components[0].text.as_deref(), Some("You are 30"));
    let complete = t.complete.unwrap();
    assert_eq!(
        Value::Object(complete),
        json!({"flow_token": "1_2388541_2388541_1655455488_4393817507571773_1761636502",
               "age": "30", "name": "Jay"})
    );
    assert!(t.records.is_empty(), "this flow has no ct-evt / ct-up");
}

#[test]

fn scripted_answers_without_a_relay_and_their_errors() {
    let s = script(json!({"start": {"action": "data_exchange"}, "steps": [
        {"select": {"What_would_you_like_24dfd1": "0_Check_weather_of_the_city"}}, {"tap": "footer"},
        {"fill": {"Mumbai_c78cb7": "London"}}, {"tap": "footer"}, {"tap": "footer"}]}));
    let answers = vec![
        json!({"screen": "WELCOME", "data": {"name": "Jay", "toDisplay": "Hi"}}),
        json!({"screen": "WEATHER", "data": {"name": "Jay"}}),
        json!({"screen": "TODAYS_WEATHER", "data": {"name": "Jay", "city": "London",
               "weather": "Rain expected this morning", "toDisplay": "Rain expected this morning"}}),
    ];
    let t = simulate(WEATHER, &s, Endpoint::Scripted(answers.into())).unwrap();
    assert_eq!(t.refused, None, "{:?}", t.messages);
    assert_eq!(
        t.requests[2]["data"],
        json!({"city": "London", "name": "Jay"})
    );
    assert_eq!(t.complete.unwrap()["weather"], "Rain expected this morning");

    // Ran out of answers, and answers the phone would reject.
    let e = simulate(WEATHER, &s, Endpoint::Scripted(VecDeque::new())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::SimulatorAnswerInvalid);
    let bad = vec![json!({"screen": "TODAYS_WEATHER", "data": {}})];
    let e = simulate(WEATHER, &s, Endpoint::Scripted(bad.into())).unwrap_err();
    assert!(e.message().contains("invalid-screen-transition"), "{e}");
    let bad = vec![json!({"screen": "WELCOME", "data": {"name": 3}})];
    let e = simulate(WEATHER, &s, Endpoint::Scripted(bad.into())).unwrap_err();
    assert!(e.message().contains("payload-schema-error"), "{e}");
}

const CHECKS: &str = r#"{"version": "7.2", "screens": [{"id": "A", "terminal": true,
  "sensitive": ["pin"],
  "layout": {"type": "SingleColumnLayout", "children": [
    {"type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "required": true},
    {"type": "TextInput", "name": "pin", "label": "PIN", "input-type": "passcode", "min-chars": 4, "max-chars": 6},
    {"type": "CheckboxGroup", "name": "topics", "label": "Topics", "min-selected-items": 2, "max-selected-items": 3,
     "data-source": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}, {"id": "c", "title": "C"}, {"id": "d", "title": "D"}]},
    {"type": "CalendarPicker", "name": "day", "label": "Day", "min-date": "2026-01-01", "max-date": "2026-12-31",
     "unavailable-dates": ["2026-03-03"]},
    {"type": "OptIn", "name": "news", "label": "News", "visible": "${form.email}"},
    {"type": "Footer", "label": "Send", "on-click-action": {"name": "complete",
     "payload": {"email": "${form.email}", "pin": "${form.pin}", "topics": "${form.topics}",
                 "ct-up": {"Email": "${form.email}"}}}}]}}]}"#;

fn run_checks(steps: Value) -> waflows::simulator::Trace {
    simulate(
        CHECKS.as_bytes(),
        &script(json!({ "steps": steps })),
        Endpoint::None,
    )
    .unwrap()
}

#[test]
fn the_phone_refuses_what_it_would_not_accept() {
    let cases = [
        (
            json!([{"fill": {"email": "not-an-email", "topics": ["a", "b"]}}, {"tap": "footer"}]),
            "Email: Enter a valid email address",
        ),
        (
            json!([{"fill": {"topics": ["a", "b", "c", "d"]}}]),
            "Topics: select at most 3 (tried 4)",
        ),
        (
            json!([{"fill": {"email": "a@b.co", "topics": ["a"]}}, {"tap": "footer"}]),
            "Topics: select at least 2",
        ),
        (
            json!([{"fill": {"email": "a@b.co", "pin": "12", "topics": ["a", "b"]}}, {"tap": "footer"}]),
            "PIN: at least 4 characters",
        ),
        (
            json!([{"fill": {"pin": "1234567"}}]),
            "PIN: at most 6 characters",
        ),
        (
            json!([{"fill": {"day": "2026-03-03"}}]),
            "Day: 2026-03-03 is not available",
        ),
        (
            json!([{"fill": {"day": "2025-12-31"}}]),
            "Day: 2025-12-31 is before the earliest date allowed",
        ),
        (
            json!([{"fill": {"news": true}}]),
            "screen A shows no field named \"news\"",
        ),
        (
            json!([{"tap": "Send me"}]),
            "screen A shows nothing named \"Send me\" to tap",
        ),
    ];
    for (steps, want) in cases {
        let t = run_checks(steps.clone());
        assert_eq!(t.refused.as_deref(), Some(want), "{steps}");
        assert!(t.complete.is_none());
    }
}

#[test]
fn a_good_run_masks_sensitive_fields_in_the_summary_only() {
    let t = run_checks(json!([
        {"fill": {"email": "ana@example.com", "pin": "1234", "topics": ["a", "c"], "day": "2026-05-05"}},
        {"fill": {"news": true}},
        {"tap": "footer"}]));
    assert_eq!(t.refused, None, "{:?}", t.messages);
    let c = t.complete.unwrap();
    assert_eq!(c["pin"], "1234", "the response carries the real value");
    assert_eq!(c["topics"], json!(["a", "c"]));
    let pin = t.summary.iter().find(|l| l.field == "pin").unwrap();
    assert_eq!(pin.value, "••••");
    let topics = t.summary.iter().find(|l| l.field == "topics").unwrap();
    assert_eq!(topics.value, "a, c");
    let view_pin = t.views[0]
        .components
        .iter()
        .find(|c| c.name.as_deref() == Some("pin"))
        .unwrap();
    assert_eq!(view_pin.value, Some(json!("••••")));
    assert_eq!(
        t.records[0].record["profileData"],
        json!({"Email": "ana@example.com"})
    );
}

const DYNAMIC: &str = r#"{"version": "7.1", "screens": [
 {"id": "A", "data": {"price": {"type": "number", "__example__": 10}},
  "layout": {"type": "SingleColumnLayout", "children": [
   {"type": "TextInput", "name": "qty", "label": "Quantity", "input-type": "number", "init-value": "1"},
   {"type": "TextBody", "text": "`'Total: ' (${data.price} * ${form.qty})`"},
   {"type": "If", "condition": "${form.qty} > 5", "then": [{"type": "TextCaption", "text": "Bulk order"}],
    "else": [{"type": "TextCaption", "text": "Small order"}]},
   {"type": "Switch", "value": "${form.size}", "cases": {"L": [{"type": "TextBody", "text": "Large"}]}},
   {"type": "RadioButtonsGroup", "name": "size", "label": "Size",
    "data-source": [{"id": "S", "title": "Small"}, {"id": "L", "title": "Large"}],
    "on-select-action": {"name": "update_data", "payload": {"price": 20}}},
   {"type": "EmbeddedLink", "text": "Terms", "on-click-action": {"name": "open_url", "url": "https://example.com/terms"}},
   {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "B"},
     "payload": {"total": "`${data.price} * ${form.qty}`"}}}]}},
 {"id": "B", "terminal": true, "data": {"total": {"type": "number", "__example__": 1}},
  "layout": {"type": "SingleColumnLayout", "children": [
   {"type": "TextBody", "text": "`'You pay ' ${data.total} ' (qty ' ${screen.A.form.qty} ')'`"},
   {"type": "Footer", "label": "Pay", "on-click-action": {"name": "complete", "payload": {"total": "${data.total}"}}}]}}]}"#;

#[test]

fn expressions_conditionals_update_data_and_open_url() {
    let flow = SimFlow::parse(DYNAMIC.as_bytes()).unwrap();
    let s = script(json!({"steps": []}));
    let mut sim = Simulation::open(&flow, &s, Endpoint::None).unwrap();
    let text = |sim: &Simulation<'_, '_>| -> Vec<String> {
        let v = sim.trace().views.last().unwrap();
        v.components.iter().filter_map(|c| c.text.clone()).collect()
    };
    assert!(
        text(&sim).contains(&"Total: 10".to_owned()),
        "{:?}",
        text(&sim)
    );
    assert!(text(&sim).contains(&"Small order".to_owned()));
    let step = |v: Value| -> Step { serde_json::from_value(v).unwrap() };
    assert_eq!(
        sim.step(&step(json!({"fill": {"qty": "7"}}))).unwrap(),
        None
    );
    assert!(text(&sim).contains(&"Bulk order".to_owned()));
    assert_eq!(
        sim.step(&step(json!({"select": {"size": "L"}}))).unwrap(),
        None
    );
    assert!(text(&sim).contains(&"Large".to_owned()));
    assert!(
        text(&sim).contains(&"Total: 140".to_owned()),
        "update_data set price 20"
    );
    assert_eq!(sim.step(&step(json!({"tap": "Terms"}))).unwrap(), None);
    assert_eq!(sim.step(&step(json!({"tap": "footer"}))).unwrap(), None);
    assert!(
        text(&sim).contains(&"You pay 140 (qty 7)".to_owned()),
        "{:?}",
        text(&sim)
    );
    assert_eq!(sim.step(&step(json!({"tap": "footer"}))).unwrap(), None);
    assert_eq!(
        sim.step(&step(json!({"back": true}))).unwrap().as_deref(),
        Some("the flow is closed")
    );
    let t = sim.finish().unwrap();
    assert_eq!(t.opened_urls, ["https://example.com/terms"]);
    assert_eq!(t.complete.unwrap()["total"], 140);
}

#[test]
fn hostile_inputs_end_with_typed_errors() {
    // Unknown version, bad script shapes, caps.
    let e = simulate(
        br#"{"version": "1.0", "screens": [{"id": "A"}]}"#,
        &script(json!({"steps": []})),
        Endpoint::None,
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::SimulatorFlowUnsupported);
    assert!(serde_json::from_value::<Script>(json!({"steps": [{"jump": 1}]})).is_err());
    let e = simulate(
        HOTEL,
        &script(json!({"steps": [{"fill": {"recommend": 3}}]})),
        Endpoint::None,
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::SimulatorScriptInvalid);
    let many = vec![json!({"back": false}); waflows::simulator::MAX_STEPS + 1];
    let e = simulate(HOTEL, &script(json!({"steps": many})), Endpoint::None).unwrap_err();
    assert_eq!(e.code(), ErrorCode::SimulatorLimitExceeded);
    // A data_exchange loop against an endpoint that always answers the same screen ends at the
    // request cap, not in a hang.
    let looping = br#"{"version": "7.2", "data_api_version": "3.0", "routing_model": {"A": []}, "screens": [{"id": "A",
      "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "Footer", "label": "x", "on-click-action": {"name": "data_exchange", "payload": {}}}]}}]}"#;
    let taps = vec![json!({"tap": "footer"}); 2000];
    let e = simulate(
        looping,
        &script(json!({ "steps": taps })),
        Endpoint::Callback(Box::new(|_| Ok(json!({"screen": "A", "data": {}})))),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::SimulatorLimitExceeded);
    // Deeply nested If components.
    let mut layout = json!([{"type": "TextBody", "text": "x"}]);
    for _ in 0..40 {
        layout = json!([{"type": "If", "condition": "!${form.a}", "then": layout, "else": []}]);
    }
    let deep = json!({"version": "7.2", "screens": [{"id": "A", "layout": {"type": "SingleColumnLayout", "children": layout}}]});
    let e = simulate(
        deep.to_string().as_bytes(),
        &script(json!({"steps": []})),
        Endpoint::None,
    )
    .unwrap_err();
    // Each If adds two JSON levels: the crate-wide JSON depth limit (64) refuses the flow when
    // it is read, before the simulator's own layout depth cap.
    assert_eq!(e.code(), ErrorCode::LimitExceeded);
}

#[test]
fn answers_json_forms() {
    assert!(matches!(
        Endpoint::from_json(BUS, json!([])).unwrap(),
        Endpoint::Scripted(_)
    ));
    assert!(matches!(
        Endpoint::from_json(BUS, Value::Null).unwrap(),
        Endpoint::None
    ));
    for bad in [
        json!({"relay": {"setup": "nope"}}),
        json!({"x": 1}),
        json!(3),
        json!({"relay": {"setup": "platform", "extra": 1}}),
    ] {
        let e = Endpoint::from_json(BUS, bad.clone()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::SimulatorAnswerInvalid, "{bad}");
    }
    let ep = Endpoint::from_json(BUS, json!({"relay": {"setup": "platform"}})).unwrap();
    let t = simulate(BUS, &bus_script(), ep).unwrap();
    assert_eq!(t.refused, None);
    assert_eq!(t.records.len(), 3);
}

#[test]
fn a_trace_renders_as_an_offline_page_with_the_inputs_the_user_gave() {
    let t = simulate(HOTEL, &hotel_script(), Endpoint::None).unwrap();
    let html = waflows::preview::render_trace(HOTEL, &t).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("default-src 'none'"));
    // Both screens in order, labelled with their step, the entered comment shown.
    let a = html.find("data-screen=\"RECOMMEND\"").unwrap();
    let b = html.find("data-screen=\"RATE\"").unwrap();
    assert!(a < b);
    assert!(html.contains("1. open"), "{html}");
    assert!(html.contains("2. step 2 · navigate"));
    assert!(html.contains("Room was spotless"));
    assert!(html.contains("CleverTap records"));
    assert!(html.contains("Stay Feedback"));
    assert!(!html.contains("<script"));

    // The trace's JSON read back renders the same page (what C and Python pass in).
    let back: waflows::simulator::Trace =
        serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
    assert_eq!(waflows::preview::render_trace(HOTEL, &back).unwrap(), html);

    // Refusals and their messages; hostile text stays inert; sensitive values stay masked.
    let r = run_checks(json!([
        {"fill": {"email": "<script>alert(1)</script>", "pin": "1234", "topics": ["a", "b"]}},
        {"tap": "footer"}]));
    let html = waflows::preview::render_trace(CHECKS.as_bytes(), &r).unwrap();
    assert!(html.contains("Refused: Email: Enter a valid email address"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("1234"), "the passcode is masked in the page");
    assert_eq!(r.views[0].form["pin"], json!("••••"));

    // A trace of another flow, and a trace too long to draw, are typed errors.
    let e = waflows::preview::render_trace(BUS, &t).unwrap_err();
    assert_eq!(e.code(), ErrorCode::PreviewScreenUnknown);
    let mut long = t.clone();
    long.views = vec![t.views[0].clone(); waflows::preview::MAX_TRACE_VIEWS];
    assert!(waflows::preview::render_trace(HOTEL, &long).is_ok());
    long.views.push(t.views[0].clone());
    let e = waflows::preview::render_trace(HOTEL, &long).unwrap_err();
    assert_eq!(e.code(), ErrorCode::PreviewTooLarge);
}

const EVERYTHING: &str = r#"{"version": "7.2", "data_api_version": "3.0",
 "routing_model": {"A": ["B"], "B": ["C"], "C": []},
 "screens": [
 {"id": "A", "title": "A", "data": {
    "nick": {"type": "string", "__example__": "Jay"},
    "note": {"type": "string", "__example__": "none"},
    "allow": {"type": "boolean", "__example__": false}},
  "layout": {"type": "SingleColumnLayout", "children": [
   {"type": "Form", "name": "f", "init-values": {"nick": "${data.nick}"},
    "error-messages": {"nick": "Taken"}, "children": [
     {"type": "TextInput", "name": "nick", "label": "Nick"},
     {"type": "TextInput", "name": "phone", "label": "Phone", "input-type": "phone", "required": true},
     {"type": "TextInput", "name": "age", "label": "Age", "input-type": "number"},
     {"type": "TextInput", "name": "secret", "label": "Secret", "enabled": "${data.allow}"},
     {"type": "ChipsSelector", "name": "chips", "label": "Chips", "max-selected-items": 2,
      "data-source": [{"id": "x", "title": "X"}, {"id": "y", "title": "Y"}, {"id": "z", "title": "Z"}],
      "on-select-action": {"name": "update_data", "payload": {"note": "picked"}},
      "on-unselect-action": {"name": "update_data", "payload": {"note": "cleared"}}},
     {"type": "TextBody", "text": "${data.note}"},
     {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate",
      "next": {"type": "screen", "name": "B"}, "payload": {"age": "${form.age}"}}}]}]}},
 {"id": "B", "title": "B", "refresh_on_back": true,
  "data": {"age": {"type": "string", "__example__": "1"}},
  "layout": {"type": "SingleColumnLayout", "children": [
   {"type": "TextBody", "text": "${data.age}"},
   {"type": "NavigationList", "name": "menu", "list-items": [
     {"id": "c", "main-content": {"title": "Go to C"},
      "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "C"},
                          "payload": {"from": "menu"}}}]}]}},
 {"id": "C", "title": "C", "terminal": true,
  "data": {"from": {"type": "string", "__example__": "x"}},
  "layout": {"type": "SingleColumnLayout", "children": [
   {"type": "TextBody", "text": "${data.from}"},
   {"type": "Footer", "label": "Send", "on-click-action": {"name": "data_exchange",
    "payload": {"from": "${data.from}", "age": "${screen.B.data.age}"}}}]}}]}"#;

#[test]
fn form_init_values_error_messages_unselect_navigation_lists_back_refresh_and_success() {
    let s = script(json!({"flow_token": "t", "steps": [
        {"fill": {"phone": "+91 98765 43210", "age": "42", "chips": ["x", "y"]}},
        {"fill": {"chips": []}},
        {"tap": "footer"},
        {"tap": {"component": "menu", "item": "c"}},
        {"tap": "footer"},
        {"back": true},
        {"tap": {"component": "menu", "item": "c"}},
        {"tap": "footer"}]}));
    let answers = vec![
        json!({"screen": "C", "data": {"from": "menu", "error_message": "Try again"}}),
        json!({"screen": "B", "data": {"age": "43"}}),
        json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {"ok": "yes"}}}}),
    ];
    let t = simulate(
        EVERYTHING.as_bytes(),
        &s,
        Endpoint::Scripted(answers.into()),
    )
    .unwrap();
    assert_eq!(t.refused, None, "{:?}", t.messages);
    // Back to B shows B, then B refreshed with the BACK answer's data.
    assert_eq!(t.screens, ["A", "B", "C", "C", "B", "B", "C"]);
    let reasons: Vec<&str> = t.views.iter().map(|v| v.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "open", "navigate", "navigate", "refresh", "back", "refresh", "navigate"
        ]
    );
    // Screen A: the Form's init-values and error-messages, a disabled field, and the
    // on-select / on-unselect update_data of the chips (last one wins: cleared).
    let a = &t.views[0];
    let comp = |name: &str| {
        a.components
            .iter()
            .find(|c| c.name.as_deref() == Some(name))
            .unwrap()
    };
    assert_eq!(comp("nick").value, Some(json!("Jay")));
    assert_eq!(comp("nick").error.as_deref(), Some("Taken"));
    assert!(!comp("secret").enabled);
    assert_eq!(comp("chips").value, Some(json!([])));
    assert!(
        a.components
            .iter()
            .any(|c| c.text.as_deref() == Some("cleared"))
    );
    assert_eq!(a.data["note"], "cleared");
    // The navigate payload, then the NavigationList item's payload.
    assert_eq!(t.views[1].data["age"], "42");
    assert_eq!(t.views[2].data["from"], "menu");
    // data_exchange with a global reference, error_message shown, BACK sent for
    // refresh_on_back, SUCCESS closes the flow with its params.
    assert_eq!(
        t.requests[0],
        json!({"data": {"from": "menu", "age": "42"}, "flow_token": "t", "screen": "C",
               "action": "data_exchange", "version": "3.0"})
    );
    assert_eq!(t.messages[0].message, "Try again");
    assert_eq!(
        t.requests[1],
        json!({"data": {}, "flow_token": "t", "screen": "B", "action": "BACK", "version": "3.0"})
    );
    assert_eq!(t.views[4].data["age"], "42");
    assert_eq!(t.views[5].data["age"], "43");
    assert_eq!(t.requests[2]["data"]["age"], "43");
    assert_eq!(
        t.complete.unwrap(),
        serde_json::from_value::<serde_json::Map<String, Value>>(
            json!({"flow_token": "t", "ok": "yes"})
        )
        .unwrap()
    );
    assert!(t.closed);
}

#[test]
fn input_types_chips_and_disabled_fields_are_enforced() {
    let cases = [
        (
            json!([{"fill": {"phone": "call me"}}, {"tap": "footer"}]),
            "Phone: Enter a valid phone number",
        ),
        (
            json!([{"fill": {"phone": "12345", "age": "forty"}}, {"tap": "footer"}]),
            "Age: Enter a number",
        ),
        (
            json!([{"fill": {"chips": ["x", "y", "z"]}}]),
            "Chips: select at most 2 (tried 3)",
        ),
        (
            json!([{"fill": {"chips": ["w"]}}]),
            "Chips has no option \"w\"",
        ),
        (json!([{"fill": {"secret": "s"}}]), "Secret is disabled"),
        (json!([{"tap": "footer"}]), "Phone is required"),
        (
            json!([{"fill": {"phone": "12345"}}, {"tap": "footer"}, {"tap": {"component": "menu", "item": "q"}}]),
            "\"menu\" has no item \"q\"",
        ),
    ];
    for (steps, want) in cases {
        let t = simulate(
            EVERYTHING.as_bytes(),
            &script(json!({ "steps": steps })),
            Endpoint::None,
        )
        .unwrap();
        assert_eq!(t.refused.as_deref(), Some(want), "{steps}");
    }
}

/// Each cap of a run on both sides: at the cap the run ends normally, one past it ends with
/// `simulator_limit_exceeded` (never a hang or a panic).
#[test]
fn run_caps_hold_on_both_sides() {
    use waflows::simulator::{MAX_OUTPUT_BYTES, MAX_REQUESTS, MAX_SCREENS_SHOWN, MAX_STEPS};
    let run = |flow: &[u8], steps: Vec<Value>, ep: Endpoint<'static>| {
        simulate(flow, &script(json!({ "steps": steps })), ep)
    };
    let code = |r: waflows::Result<waflows::simulator::Trace>| r.unwrap_err().code();

    // Steps.
    let t = run(
        HOTEL,
        vec![json!({"back": false}); MAX_STEPS],
        Endpoint::None,
    )
    .unwrap();
    assert_eq!(t.steps_run, MAX_STEPS);
    assert_eq!(
        code(run(
            HOTEL,
            vec![json!({"back": false}); MAX_STEPS + 1],
            Endpoint::None
        )),
        ErrorCode::SimulatorLimitExceeded
    );

    // Endpoint requests: a screen that asks the endpoint again and again.
    let looping = br#"{"version": "7.2", "data_api_version": "3.0", "routing_model": {"A": []}, "screens": [{"id": "A",
      "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "Footer", "label": "x", "on-click-action": {"name": "data_exchange", "payload": {}}}]}}]}"#;
    let same = || Endpoint::Callback(Box::new(|_: &Value| Ok(json!({"screen": "A", "data": {}}))));
    let t = run(
        looping,
        vec![json!({"tap": "footer"}); MAX_REQUESTS],
        same(),
    )
    .unwrap();
    assert_eq!(t.requests.len(), MAX_REQUESTS);
    assert_eq!(
        code(run(
            looping,
            vec![json!({"tap": "footer"}); MAX_REQUESTS + 1],
            same()
        )),
        ErrorCode::SimulatorLimitExceeded
    );

    // Screens shown: two screens navigating to each other (the opening is one view).
    let ping = br#"{"version": "7.2", "screens": [
      {"id": "A", "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "Footer", "label": "x", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "B"}}}]}},
      {"id": "B", "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "Footer", "label": "x", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "A"}}}]}}]}"#;
    let t = run(
        ping,
        vec![json!({"tap": "footer"}); MAX_SCREENS_SHOWN - 1],
        Endpoint::None,
    )
    .unwrap();
    assert_eq!(t.views.len(), MAX_SCREENS_SHOWN);
    assert_eq!(
        code(run(
            ping,
            vec![json!({"tap": "footer"}); MAX_SCREENS_SHOWN],
            Endpoint::None
        )),
        ErrorCode::SimulatorLimitExceeded
    );

    // Output size: every view of a screen showing 1 MiB of data counts it twice (its text and
    // its data), so a few views fit and a few more exceed the 16 MiB cap.
    let big = "x".repeat(1 << 20);
    let heavy = json!({"version": "7.2", "screens": [
      {"id": "A", "data": {"big": {"type": "string", "__example__": big}},
       "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "TextBody", "text": "${data.big}"},
        {"type": "Footer", "label": "x", "on-click-action": {"name": "navigate",
         "next": {"type": "screen", "name": "A"}, "payload": {"big": "${data.big}"}}}]}}]})
    .to_string();
    let per_view = 2 << 20;
    let fits = MAX_OUTPUT_BYTES / per_view - 2;
    let t = run(
        heavy.as_bytes(),
        vec![json!({"tap": "footer"}); fits - 1],
        Endpoint::None,
    )
    .unwrap();
    assert_eq!(t.views.len(), fits);
    assert_eq!(
        code(run(
            heavy.as_bytes(),
            vec![json!({"tap": "footer"}); fits + 4],
            Endpoint::None
        )),
        ErrorCode::SimulatorLimitExceeded
    );
    // A view is counted once however many steps it stays on screen: a hundred steps on a
    // screen with 1 MiB of text stay far below the cap.
    let stay = json!({"version": "7.2", "screens": [
      {"id": "A", "data": {"big": {"type": "string", "__example__": big}},
       "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "TextBody", "text": "${data.big}"},
        {"type": "TextInput", "name": "n", "label": "N"}]}}]})
    .to_string();
    let fills: Vec<Value> = (0..100)
        .map(|i| json!({"fill": {"n": i.to_string()}}))
        .collect();
    let t = run(stay.as_bytes(), fills, Endpoint::None).unwrap();
    assert_eq!(t.steps_run, 100);
    assert_eq!(t.views[0].components[1].value, Some(json!("99")));
}

#[test]
fn calendar_ranges_and_weekdays_are_enforced() {
    let flow = br#"{"version": "7.2", "screens": [{"id": "A", "terminal": true,
      "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "CalendarPicker", "name": "stay", "mode": "range", "label": {"start-date": "In", "end-date": "Out"},
         "title": "Stay", "min-days": 2, "max-days": 5, "include-days": ["Mon", "Tue", "Wed", "Thu", "Fri"],
         "min-date": "2026-05-01", "max-date": "2026-12-31"},
        {"type": "Footer", "label": "Book", "on-click-action": {"name": "complete", "payload": {"stay": "${form.stay}"}}}]}}]}"#;
    let run = |v: Value| {
        simulate(
            flow,
            &script(json!({"steps": [{"fill": {"stay": v}}, {"tap": "footer"}]})),
            Endpoint::None,
        )
        .unwrap()
    };
    // 2026-05-04 is a Monday.
    let t = run(json!({"start-date": "2026-05-04", "end-date": "2026-05-06"}));
    assert_eq!(t.refused, None, "{:?}", t.messages);
    assert_eq!(
        t.complete.unwrap()["stay"],
        json!({"start-date": "2026-05-04", "end-date": "2026-05-06"})
    );
    for (v, want) in [
        (
            json!({"start-date": "2026-05-04", "end-date": "2026-05-04"}),
            "Stay: choose at least 2 days",
        ),
        (
            json!({"start-date": "2026-05-04", "end-date": "2026-05-14"}),
            "Stay: choose at most 5 days",
        ),
        (
            json!({"start-date": "2026-05-06", "end-date": "2026-05-04"}),
            "Stay: the range ends before it starts",
        ),
        (
            json!({"start-date": "2026-05-02", "end-date": "2026-05-04"}),
            "Stay: 2026-05-02 is a Sat, which cannot be chosen",
        ),
        (
            json!({"start-date": "2026-04-30", "end-date": "2026-05-04"}),
            "Stay: 2026-04-30 is before the earliest date allowed",
        ),
    ] {
        assert_eq!(run(v.clone()).refused.as_deref(), Some(want), "{v}");
    }
    // A value of the wrong shape is a script error, not a refusal.
    let e = simulate(
        flow,
        &script(json!({"steps": [{"fill": {"stay": {"start-date": "x"}}}]})),
        Endpoint::None,
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::SimulatorScriptInvalid);
}
