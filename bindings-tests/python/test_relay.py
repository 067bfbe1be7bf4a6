"""waflows.Relay: the four setups, the product document's flows, failure paths."""

from __future__ import annotations

import json

import pytest

import waflows
from waflows import tokens
from waflows.testing import encrypt_request

from conftest import fixture_bytes

NOW = 1_764_000_000
APP = b"py-app-secret"
TOKEN_SECRET = b"py-token-secret-0123456789"
USER = "919876543210"
DEFAULT_ERROR = "Something went wrong. Please try again."


def make_relay(flow: str, setup: str, **kw) -> waflows.Relay:
    return waflows.Relay(
        fixture_bytes(f"relay/{flow}.flow.json"),
        setup=setup,
        private_key=fixture_bytes("keys/private_pkcs8.pem"),
        app_secrets=[APP],
        token_secrets=[TOKEN_SECRET],
        flow_id=flow,
        **kw,
    )


def token(flow: str, expires_at: int = NOW + 3600) -> str:
    return tokens.issue(TOKEN_SECRET, identity=USER, flow_id=flow, expires_at=expires_at)


def send(relay, public_pem, payload, *, sign=True):
    phone = encrypt_request(public_pem, payload)
    sig = waflows.sign(phone.body, APP) if sign else None
    return phone, relay.handle(phone.body, sig, now=NOW)


def exchange(flow, screen, data):
    return {"version": "3.0", "action": "data_exchange", "screen": screen, "flow_token": token(flow), "data": data}


def test_platform_bus_booking(public_pem):
    relay = make_relay("bus_booking", "platform")
    assert relay.setup == "platform"
    phone, d = send(
        relay,
        public_pem,
        exchange(
            "bus_booking",
            "welcome_screen",
            {
                "next_screen": "seat_selection",
                "depart_from": "Pune",
                "arrive_in": "Goa",
                "depart_date": "2025-06-01",
                "return_date": "",
                "ct-evt": {"evtName": "Date Selected", "evtData": {"depart_from": "Pune"}},
            },
        ),
    )
    assert (d.kind, d.status, d.reply_kind) == ("reply", 200, "screen")
    assert phone.decrypt_response(d.body) == {
        "screen": "seat_selection",
        "data": {"depart_from": "Pune", "arrive_in": "Goa", "depart_date": "2025-06-01", "return_date": ""},
    }
    assert d.records == [
        {"type": "event", "identity": USER, "ts": NOW, "evtName": "Date Selected", "evtData": {"depart_from": "Pune"}}
    ]
    assert d.identity == USER and d.forward_json is None
    with pytest.raises(waflows.InvalidArgument):
        d.resume(200, b"{}")


def test_platform_customer_weather(public_pem):
    relay = make_relay("weather_age", "platform+customer")
    tok = token("weather_age")
    payload = {
        "data": {"option": "1_Check_my_age", "next_screen": "WEATHER", "ct-up": {"Name": "Jay"}},
        "flow_token": tok,
        "screen": "WELCOME",
        "action": "data_exchange",
        "version": "3.0",
    }
    phone, d = send(relay, public_pem, payload)
    assert (d.kind, d.status, d.body) == ("forward", None, "")
    assert json.loads(d.forward_json) == {
        "data": {"option": "1_Check_my_age"},
        "flow_token": tok,
        "screen": "WELCOME",
        "action": "data_exchange",
        "version": "3.0",
    }
    assert d.records[0]["profileData"] == {"Name": "Jay"}
    r = d.resume(200, json.dumps({"screen": "YOUR_AGE", "data": {"name": "Jay", "age": "20", "toDisplay": "20!"}}))
    assert (r.kind, r.status, r.reply_kind) == ("reply", 200, "customer_screen")
    assert phone.decrypt_response(r.body)["screen"] == "YOUR_AGE"
    with pytest.raises(waflows.RelayError) as e:
        d.resume(200, b"{}")
    assert e.value.code == "relay_continuation_used"


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (200, b'{"screen":"TODAYS_WEATHER","data":{}}', "relay_customer_answer_invalid"),
        (200, b'{"screen":"YOUR_AGE","data":{"age":20}}', "relay_customer_answer_invalid"),
        (200, b"<html>", "relay_customer_answer_invalid"),
        (503, b"", "relay_customer_answer_invalid"),
        (None, None, "relay_customer_timeout"),
    ],
)
def test_bad_customer_answers_show_an_error_on_the_current_screen(public_pem, status, body, code):
    relay = make_relay("weather_age", "platform+customer", error_message="Please retry")
    phone, d = send(relay, public_pem, exchange("weather_age", "WELCOME", {"option": "x"}))
    r = d.resume(status, body)
    assert (r.status, r.reply_kind, r.error_code) == (200, "fallback", code)
    assert phone.decrypt_response(r.body) == {"screen": "WELCOME", "data": {"error_message": "Please retry"}}


def test_timeout_helper_and_customer_427(public_pem):
    relay = make_relay("weather_age", "platform+customer")
    _, d = send(relay, public_pem, exchange("weather_age", "WELCOME", {}))
    assert d.timeout().error_code == "relay_customer_timeout"
    phone, d = send(relay, public_pem, exchange("weather_age", "WELCOME", {}))
    r = d.resume(427, b'{"error_msg":"Session over"}')
    assert (r.status, r.reply_kind) == (427, "customer_token_rejected")
    assert phone.decrypt_response(r.body) == {"error_msg": "Session over"}


@pytest.mark.parametrize("setup", ["static", "customer"])
def test_setups_without_a_platform_endpoint(public_pem, setup):
    relay = make_relay("hotel_feedback", setup)
    phone, d = send(relay, public_pem, {"version": "3.0", "action": "ping"})
    assert phone.decrypt_response(d.body) == {"data": {"status": "active"}}
    _, d = send(relay, public_pem, exchange("hotel_feedback", "RATE", {}))
    assert (d.status, d.reply_kind, d.error_code) == (500, "no_endpoint", "relay_no_endpoint")


def test_failure_paths(public_pem):
    relay = make_relay("weather_age", "platform+customer")
    # 432
    _, d = send(relay, public_pem, {"action": "ping"}, sign=False)
    assert (d.status, d.reply_kind, d.body) == (432, "signature_rejected", "")
    # 400 / 421
    d = relay.handle(b"{}", waflows.sign(b"{}", APP), now=NOW)
    assert d.status == 400
    other_pub = waflows.generate_key_pair()[1]
    phone = encrypt_request(other_pub, {"action": "ping"})
    d = relay.handle(phone.body, waflows.sign(phone.body, APP), now=NOW)
    assert (d.status, d.reply_kind, d.error_code) == (421, "undecryptable", "decryption_failed")
    # 427: expired, and issued for another flow.
    for tok in (token("weather_age", NOW), token("bus_booking")):
        phone, d = send(relay, public_pem, {"action": "data_exchange", "screen": "WELCOME", "flow_token": tok, "data": {}})
        assert (d.status, d.reply_kind) == (427, "token_rejected")
        assert "error_msg" in phone.decrypt_response(d.body)
    # Error notification.
    phone, d = send(
        relay,
        public_pem,
        {"action": "data_exchange", "screen": "WELCOME", "flow_token": "x", "data": {"error": "payload-schema-error"}},
    )
    assert d.reply_kind == "error_acknowledged"
    assert d.notification == {"error_key": "payload-schema-error", "error_message": None, "screen": "WELCOME"}
    assert phone.decrypt_response(d.body) == {"data": {"acknowledged": True}}


def test_constructor_errors():
    pem = fixture_bytes("keys/private_pkcs8.pem")
    with pytest.raises(waflows.InvalidArgument):
        waflows.Relay(b"{}", setup="cloud", private_key=pem)
    with pytest.raises(waflows.RelayError) as e:
        waflows.Relay(b'{"screens": []}', setup="platform", private_key=pem)
    assert e.value.code == "relay_config_invalid"
    with pytest.raises(waflows.InvalidKey):
        waflows.Relay(fixture_bytes("relay/bus_booking.flow.json"), setup="platform", private_key=b"nope")
    # A dict Flow JSON works too.
    flow = json.loads(fixture_bytes("relay/bus_booking.flow.json"))
    assert waflows.Relay(flow, setup="platform", private_key=pem.decode()).setup == "platform"


def test_relay_shares_a_loaded_private_key(key, public_pem):
    flow = fixture_bytes("relay/bus_booking.flow.json")
    relays = [waflows.Relay(flow, setup="platform", private_key=key) for _ in range(3)]
    phone = encrypt_request(public_pem, {"version": "3.0", "action": "ping"})
    for relay in relays:
        d = relay.handle(phone.body, None, now=1764000000)
        assert d.status == 200
        assert phone.decrypt_response(d.body) == {"data": {"status": "active"}}
    with pytest.raises(waflows.InvalidArgument):
        waflows.Relay(flow, setup="platform", private_key=12)
