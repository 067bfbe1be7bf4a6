"""The Python surface as a new user meets it (issue 8, item 8): every failure is a typed
WaflowsError naming the Python API and the offending path; times, statuses and JSON values are
taken in the forms Python code has at hand. Each test here failed on the code before the fix."""

from __future__ import annotations

import datetime
import decimal
import json
import textwrap
import time
import uuid

import pytest

import waflows
from waflows import ingest, tokens
from waflows.testing import encrypt_request

from conftest import fixture_bytes

NOW = 1_764_000_000
TOKEN_SECRET = b"py-token-secret-0123456789"


@pytest.fixture
def phone_and_request(key, public_pem):
    def make(payload):
        phone = encrypt_request(public_pem, payload)
        return phone, key.decrypt_request(phone.body)

    return make


@pytest.fixture
def req(phone_and_request):
    return phone_and_request({"version": "3.0", "action": "data_exchange", "screen": "A", "flow_token": "T", "data": {}})[1]


NOT_JSON = [
    (decimal.Decimal("1.5"), "Decimal"),
    (datetime.datetime(2026, 1, 1), "datetime"),
    (uuid.UUID(int=1), "UUID"),
    (b"raw", "bytes"),
    ({1, 2}, "set"),
    (float("nan"), "NaN"),
    (float("inf"), "inf"),
    (2**64, "64-bit"),
    (-(2**63) - 1, "64-bit"),
]


@pytest.mark.parametrize(("value", "named"), NOT_JSON)
def test_encrypt_response_names_the_path_of_a_value_that_is_not_json(req, value, named):
    with pytest.raises(waflows.InvalidArgument) as e:
        req.encrypt_response({"screen": "B", "data": {"when": [0, value]}})
    assert "response['data']['when'][1]" in str(e.value)
    assert named in str(e.value)
    # The same through every respond_* helper that takes JSON values.
    with pytest.raises(waflows.InvalidArgument, match=r"data\['x'\]"):
        req.respond_next_screen("B", {"x": value})
    with pytest.raises(waflows.InvalidArgument, match=r"params\['x'\]"):
        req.respond_close({"x": value})


def test_non_string_keys_are_invalid_argument(req):
    with pytest.raises(waflows.InvalidArgument, match=r"response\['data'\]: key 1 is a int"):
        req.encrypt_response({"screen": "B", "data": {1: "x"}})
    with pytest.raises(waflows.InvalidArgument, match=r"key \('a',\) is a tuple"):
        req.respond_close({("a",): 1})


def test_default_hook_replaces_values_that_are_not_json(phone_and_request):
    phone, req = phone_and_request({"version": "3.0", "action": "INIT", "flow_token": "T"})
    when = datetime.datetime(2026, 5, 1, 12, 0)
    body = req.encrypt_response(
        {"screen": "B", "data": {"when": when, "amount": decimal.Decimal("9.99"), "tags": {"x"}}},
        default=lambda o: sorted(o) if isinstance(o, set) else str(o),
    )
    assert phone.decrypt_response(body) == {
        "screen": "B",
        "data": {"when": "2026-05-01 12:00:00", "amount": "9.99", "tags": ["x"]},
    }
    body = req.respond_close({"amount": decimal.Decimal("1")}, default=str)
    assert phone.decrypt_response(body)["data"]["extension_message_response"]["params"] == {
        "flow_token": "T",
        "amount": "1",
    }

    def refuse(o: object) -> object:
        raise TypeError(f"cannot serialise {type(o).__name__}")

    with pytest.raises(waflows.InvalidArgument, match=r"response\['x'\]: default\(\) raised"):
        req.encrypt_response({"x": object()}, default=refuse)
    # A hook that never converges hits the depth limit, not a RecursionError.
    with pytest.raises(waflows.LimitExceeded):
        req.encrypt_response({"x": object()}, default=lambda o: [o])


def test_dict_and_text_inputs_share_one_depth_limit_and_exception(req):
    deep: object = "leaf"
    for _ in range(70):
        deep = [deep]
    with pytest.raises(waflows.LimitExceeded) as from_dict:
        req.encrypt_response({"data": deep})
    with pytest.raises(waflows.LimitExceeded) as from_text:
        req.encrypt_response(json.dumps({"data": deep}))
    assert "64" in str(from_dict.value) and "64" in str(from_text.value)
    ok: object = "leaf"
    for _ in range(60):
        ok = [ok]
    req.encrypt_response({"data": ok})


def test_now_accepts_int_and_float_and_refuses_negative_times():
    tok = tokens.issue(TOKEN_SECRET, identity="u", flow_id="f", expires_at=time.time() + 60.5)
    assert tokens.verify(tok, TOKEN_SECRET, now=time.time()).identity == "u"
    assert tokens.verify(tok, TOKEN_SECRET, now=int(time.time())).identity == "u"
    for bad in (-1, -0.5, float("nan"), float("inf"), 2**64, "now", True):
        with pytest.raises(waflows.InvalidArgument, match="now must be UNIX seconds"):
            tokens.verify(tok, TOKEN_SECRET, now=bad)
    with pytest.raises(waflows.InvalidArgument, match="expires_at"):
        tokens.issue(TOKEN_SECRET, identity="u", flow_id="f", expires_at=-5)


def weather_relay(**kw):
    return waflows.Relay(
        fixture_bytes("relay/weather_age.flow.json"),
        setup="platform+customer",
        private_key=fixture_bytes("keys/private_pkcs8.pem"),
        **kw,
    )


def forward(relay, public_pem, payload, now: float = NOW):
    phone = encrypt_request(public_pem, payload)
    d = relay.handle(phone.body, now=now)
    assert isinstance(d, waflows.Forward), d
    return phone, d


def test_relay_handle_now_float_and_resume_with_a_dict(public_pem):
    relay = weather_relay()
    phone, d = forward(relay, public_pem, {"version": "3.0", "action": "data_exchange", "screen": "WELCOME", "data": {}}, now=NOW + 0.25)
    r = d.resume(200, {"screen": "YOUR_AGE", "data": {"name": "Jay", "age": "20", "toDisplay": "20!"}})
    assert isinstance(r, waflows.Reply) and isinstance(r, waflows.Decision)
    assert (r.status, r.reply_kind) == (200, "customer_screen")
    assert phone.decrypt_response(r.body)["screen"] == "YOUR_AGE"


@pytest.mark.parametrize("status", [-1, 70_000, 2**64, 99, 1000, "200", 200.0])
def test_out_of_range_statuses_are_invalid_argument(public_pem, status):
    _, d = forward(weather_relay(), public_pem, {"version": "3.0", "action": "data_exchange", "screen": "WELCOME", "data": {}})
    with pytest.raises(waflows.InvalidArgument, match="customer_status must be an int from 100 to 999"):
        d.resume(status, b"{}")
    # The continuation is still there: the bad call consumed nothing.
    assert d.timeout().error_code == "relay_customer_timeout"


def test_relay_handle_refuses_negative_now(public_pem):
    phone = encrypt_request(public_pem, {"version": "3.0", "action": "ping"})
    with pytest.raises(waflows.InvalidArgument, match="now must be UNIX seconds"):
        weather_relay().handle(phone.body, now=-1)


def test_init_answered_with_a_screen_that_is_not_an_entry_screen_says_so(public_pem):
    _, d = forward(weather_relay(), public_pem, {"version": "3.0", "action": "INIT", "flow_token": "T"})
    r = d.resume(200, {"screen": "YOUR_AGE", "data": {"name": "Jay", "age": "20", "toDisplay": "20!"}})
    assert (r.status, r.reply_kind) == (500, "fallback")
    assert r.error_message is not None and "entry screen" in r.error_message and "YOUR_AGE" in r.error_message


def test_messages_name_the_python_api_not_rust_paths(phone_and_request):
    _, no_token = phone_and_request({"version": "3.0", "action": "data_exchange", "screen": "A", "data": {}})
    with pytest.raises(waflows.InvalidArgument) as e:
        no_token.respond_next_screen("SUCCESS")
    assert "respond_close" in str(e.value) and "::" not in str(e.value)
    with pytest.raises(waflows.InvalidArgument) as e:
        no_token.respond_close({})
    assert "params={'flow_token'" in str(e.value) and "::" not in str(e.value)
    with pytest.raises(waflows.InvalidArgument, match="^Relay: unknown relay setup"):
        waflows.Relay(b"{}", setup="nope", private_key=b"")


def test_respond_close_without_a_request_token_takes_it_from_params(phone_and_request):
    phone, req = phone_and_request({"version": "3.0", "action": "data_exchange", "screen": "A", "data": {}})
    assert req.flow_token is None
    body = req.respond_close({"flow_token": "from-params", "ok": True})
    assert phone.decrypt_response(body) == {
        "screen": "SUCCESS",
        "data": {"extension_message_response": {"params": {"flow_token": "from-params", "ok": True}}},
    }
    with pytest.raises(waflows.InvalidArgument, match="non-empty str"):
        req.respond_close({"flow_token": 7})


def test_verify_signature_skips_an_empty_slot_in_a_rotation_list():
    body = b'{"x":1}'
    waflows.verify_signature(body, waflows.sign(body, b"s"), ["", "s"])
    waflows.verify_signature(body, waflows.sign(body, b"s"), ("s", b""))
    with pytest.raises(waflows.InvalidSignature):
        waflows.verify_signature(body, waflows.sign(body, b"t"), ["", "s"])
    with pytest.raises(waflows.InvalidArgument):
        waflows.verify_signature(body, waflows.sign(body, b"s"), ["", b""])


def test_flow_request_exposes_the_error_notification_message(phone_and_request):
    _, req = phone_and_request(
        {
            "version": "3.0",
            "action": "data_exchange",
            "screen": "A",
            "flow_token": "T",
            "data": {"error": "invalid-screen-transition", "error_message": "B cannot follow A"},
        }
    )
    assert req.is_error_notification
    assert (req.error_key, req.error_message) == ("invalid-screen-transition", "B cannot follow A")
    _, plain = phone_and_request({"version": "3.0", "action": "data_exchange", "screen": "A", "data": {"error_message": "x"}})
    assert plain.error_message is None  # not a notification: a screen's own field


def test_repr_shows_python_values(phone_and_request, public_pem):
    _, req = phone_and_request({"version": "3.0", "action": "INIT", "screen": "A"})
    assert repr(req) == "<FlowRequest action='INIT' screen='A'>"
    _, req = phone_and_request({"version": "3.0", "action": "ping"})
    assert repr(req) == "<FlowRequest action='ping' screen=None>"
    _, d = forward(weather_relay(), public_pem, {"version": "3.0", "action": "data_exchange", "screen": "WELCOME", "data": {}})
    r = d.timeout()
    assert repr(r) == "<Reply status=200 reply_kind='fallback' screen='WELCOME' error_code='relay_customer_timeout'>"
    assert repr(weather_relay()) == "<Relay setup='platform+customer'>"


def test_validate_flow_json_accepts_a_dict_like_the_rest_of_the_api():
    doc = json.loads(fixture_bytes("relay/weather_age.flow.json"))
    from_dict = waflows.validate_flow_json(doc, mode="everything")
    from_text = waflows.validate_flow_json(json.dumps(doc), mode="everything")
    assert [i.code for i in from_dict.issues] == [i.code for i in from_text.issues]
    with pytest.raises(waflows.InvalidArgument, match="validate_flow_json: mode"):
        waflows.validate_flow_json(doc, mode="nope")
    with pytest.raises(waflows.InvalidArgument, match="max_issues"):
        waflows.validate_flow_json(doc, max_issues=-1)


def test_token_key_ids_are_reachable_for_rotation(public_pem):
    old = {"id": "k2025", "secret": b"old-secret-0123456789"}
    new = {"id": "k2026", "secret": "new-secret-0123456789"}
    tok = tokens.issue(old, identity="919876543210", flow_id="weather_age", expires_at=NOW + 60)
    claims = tokens.verify(tok, [new, old], now=NOW)
    assert claims.key_id == "k2025"
    with pytest.raises(waflows.InvalidArgument, match="key id"):
        tokens.issue({"id": "bad id!", "secret": b"0123456789abcdef"}, identity="u", flow_id="f", expires_at=NOW)
    # The relay reads the same form.
    relay = weather_relay(token_secrets=[new, old], flow_id="weather_age")
    _, d = forward(relay, public_pem, {"version": "3.0", "action": "data_exchange", "screen": "WELCOME", "flow_token": tok, "data": {}})
    assert d.identity == "919876543210"


def test_relay_configuration_is_read_by_the_core_reader():
    with pytest.raises(waflows.InvalidArgument, match="Relay: unknown ingest policy"):
        weather_relay(policy="drop_everything")
    with pytest.raises(waflows.InvalidArgument, match="Relay: coerce_subscription_booleans must be a bool"):
        weather_relay(coerce_subscription_booleans="no")
    with pytest.raises(waflows.InvalidArgument, match="extract: coerce_subscription_booleans must be a bool"):
        ingest.extract({}, coerce_subscription_booleans=0)
    with pytest.raises(waflows.InvalidArgument, match="Relay: .*token secret must be at least 16 bytes"):
        weather_relay(token_secrets="short")


def test_webhook_completions_are_the_core_serialisation():
    webhook = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "contacts": [{"wa_id": "919876543210", "profile": {"name": "J"}}],
                            "messages": [
                                {
                                    "from": "919876543210",
                                    "id": "wamid.1",
                                    "timestamp": "1764000000",
                                    "type": "interactive",
                                    "interactive": {
                                        "type": "nfm_reply",
                                        "nfm_reply": {
                                            "name": "flow",
                                            "body": "Sent",
                                            "response_json": json.dumps(
                                                {"flow_token": "T", "age": "20", "ct-evt": {"evtName": "Done"}}
                                            ),
                                        },
                                    },
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
    got = ingest.ingest_webhook(webhook, identity_style="plus_prefixed", coerce_subscription_booleans=False)
    (c,) = got.completions
    assert c == {
        "message_id": "wamid.1",
        "identity": "+919876543210",
        "wa_id": "919876543210",
        "user_id": None,
        "flow_token": "T",
        "ts": 1764000000,
        "pointer": "/entry/0/changes/0/value/messages/0",
        "response": {"flow_token": "T", "age": "20"},
    }
    with pytest.raises(waflows.InvalidArgument, match="ingest_webhook: unknown identity style"):
        ingest.ingest_webhook(webhook, identity_style="e164")


MYPY_SNIPPET = """
import waflows

def answer(relay: waflows.Relay, body: bytes, customer: bytes) -> tuple[int, str]:
    d = relay.handle(body, now=1.5)
    if isinstance(d, waflows.Forward):
        d = d.resume(200, customer)
    return d.status, d.body

def by_kind(relay: waflows.Relay, body: bytes) -> int:
    d = relay.handle(body, now=2)
    if d.kind == "forward":
        return d.timeout().status
    return d.status
"""


def test_decision_types_satisfy_mypy_strict_without_casts(tmp_path):
    mypy = pytest.importorskip("mypy.api")
    f = tmp_path / "use_relay.py"
    f.write_text(textwrap.dedent(MYPY_SNIPPET))
    out, err, code = mypy.run(["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(f)])
    assert code == 0, out + err
