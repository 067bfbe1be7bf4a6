"""waflows.FlowEndpoint: routing, answers, failures, and its ASGI / WSGI apps driven in process
(the framework-mounted apps under real servers are in frameworks/). Requests are built and
answers decrypted by reference.py, an independent implementation on `cryptography`."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import json
import logging
from typing import Any

import pytest
import reference
import waflows
from conftest import FIXTURES, fixture_bytes

FLOW = json.loads((FIXTURES / "relay" / "weather_age.flow.json").read_text())
APP_SECRET = "app-secret"
NOW = 1_764_000_000


@pytest.fixture(scope="module")
def pem() -> bytes:
    return fixture_bytes("keys/private_pkcs8.pem")


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Phone:
    """One encrypted request and the means to read its answer (reference.py)."""

    def __init__(self, public_pem: bytes, payload: dict[str, Any]) -> None:
        body, self.key, self.iv = reference.encrypt_request(public_pem, json.dumps(payload).encode())
        self.body = json.dumps(body).encode()

    def read(self, text: bytes) -> Any:
        return json.loads(reference.decrypt_response(text.decode(), self.key, self.iv))


def call_asgi(app: Any, method: str, body: bytes = b"", headers: dict[str, str] | None = None, query: str = "") -> tuple[int, bytes]:
    """Drives an ASGI 3 app in process (the body in two chunks, as servers may send it)."""
    hdrs = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    messages = [
        {"type": "http.request", "body": body[: len(body) // 2], "more_body": True},
        {"type": "http.request", "body": body[len(body) // 2 :], "more_body": False},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(msg: dict[str, Any]) -> None:
        sent.append(msg)

    scope = {"type": "http", "method": method, "path": "/", "headers": hdrs, "query_string": query.encode()}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["type"] == "http.response.start"
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def call_wsgi(app: Any, method: str, body: bytes = b"", headers: dict[str, str] | None = None, query: str = "") -> tuple[int, bytes]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": "/",
        "QUERY_STRING": query,
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)) if method == "POST" else "",
    }
    for k, v in (headers or {}).items():
        k = k.upper().replace("-", "_")
        if k in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            environ[k] = v
        else:
            environ["HTTP_" + k] = v
    status: list[str] = []

    def start_response(s: str, _headers: list[tuple[str, str]]) -> None:
        status.append(s)

    out = b"".join(app(environ, start_response))
    return int(status[0].split()[0]), out


CALLERS = {"asgi": call_asgi, "wsgi": call_wsgi}


def make(pem: bytes, **kw: Any) -> waflows.FlowEndpoint:
    kw.setdefault("flow_json", FLOW)
    kw.setdefault("app_secrets", [APP_SECRET])
    kw.setdefault("clock", lambda: NOW)
    return waflows.FlowEndpoint(private_key=pem, **kw)


def post(ep: waflows.FlowEndpoint, public_pem: bytes, payload: dict[str, Any], kind: str = "asgi") -> tuple[int, Any]:
    phone = Phone(public_pem, payload)
    app = ep.asgi() if kind == "asgi" else ep.wsgi()
    status, body = CALLERS[kind](
        app, "POST", phone.body, {"Content-Type": "application/json", "X-Hub-Signature-256": sign(phone.body)}
    )
    return status, (phone.read(body) if body else None)


def exchange(screen: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"version": "3.0", "action": "data_exchange", "screen": screen, "flow_token": "tok-1", "data": data or {}}


INIT = {"version": "3.0", "action": "INIT", "flow_token": "tok-1"}


# --- routing and answers ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_routes_by_action_and_screen(pem: bytes, public_pem: bytes, kind: str) -> None:
    ep = make(pem)
    seen: list[tuple[str, str | None]] = []

    @ep.on("INIT")
    def init(request: waflows.EndpointRequest) -> waflows.NextScreen:
        seen.append((request.action, request.screen))
        return waflows.NextScreen("WELCOME", {"name": "Jay", "city": "Pune", "not_declared": 1})

    @ep.on("data_exchange")
    def any_screen(request: waflows.EndpointRequest) -> waflows.ErrorMessage:
        seen.append(("any", request.screen))
        return waflows.ErrorMessage("try again")

    @ep.on("data_exchange", screen="WELCOME")
    async def welcome(request: waflows.EndpointRequest) -> waflows.NextScreen:
        seen.append(("welcome", request.data.get("pick")))
        await asyncio.sleep(0)
        return waflows.NextScreen("WEATHER", {})

    @ep.on("BACK")
    def back(request: waflows.EndpointRequest) -> waflows.NextScreen:
        return waflows.NextScreen("WELCOME", {"name": "again"})

    assert post(ep, public_pem, INIT, kind) == (200, {"screen": "WELCOME", "data": {"name": "Jay", "city": "Pune"}})
    assert post(ep, public_pem, exchange("WELCOME", {"pick": "w"}), kind) == (200, {"screen": "WEATHER", "data": {}})
    assert post(ep, public_pem, exchange("WEATHER"), kind) == (
        200,
        {"screen": "WEATHER", "data": {"error_message": "try again"}},
    )
    back_req = {"version": "3.0", "action": "BACK", "screen": "WEATHER", "flow_token": "tok-1"}
    assert post(ep, public_pem, back_req, kind) == (200, {"screen": "WELCOME", "data": {"name": "again"}})
    assert seen == [("INIT", None), ("welcome", "w"), ("any", "WEATHER")]


def test_default_handler_and_missing_handler(pem: bytes, public_pem: bytes, caplog: pytest.LogCaptureFixture) -> None:
    ep = make(pem)
    assert post(ep, public_pem, INIT) == (500, None)
    assert "no handler" in caplog.text

    @ep.default
    def fallback(request: waflows.EndpointRequest) -> waflows.NextScreen:
        return waflows.NextScreen("WELCOME", {"name": request.action})

    assert post(ep, public_pem, INIT) == (200, {"screen": "WELCOME", "data": {"name": "INIT"}})


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_close_carries_the_flow_token(pem: bytes, public_pem: bytes, kind: str) -> None:
    ep = make(pem)
    ep.on("data_exchange")(lambda r: waflows.Close({"order": 7}))
    status, answer = post(ep, public_pem, exchange("WELCOME"), kind)
    assert status == 200
    assert answer == {
        "screen": "SUCCESS",
        "data": {"extension_message_response": {"params": {"order": 7, "flow_token": "tok-1"}}},
    }


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_token_no_longer_valid_is_427(pem: bytes, public_pem: bytes, kind: str) -> None:
    ep = make(pem)

    @ep.on("INIT")
    async def init(request: waflows.EndpointRequest) -> waflows.NextScreen:
        raise waflows.FlowTokenNoLongerValid("This booking expired")

    status, answer = post(ep, public_pem, INIT, kind)
    assert status == 427
    assert answer == {"error_msg": "This booking expired"}


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_handler_exception_is_a_logged_500_without_traceback(
    pem: bytes, public_pem: bytes, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    ep = make(pem)
    responses: list[dict[str, Any]] = []
    ep.on_response = responses.append

    @ep.on("INIT")
    def init(request: waflows.EndpointRequest) -> waflows.NextScreen:
        raise RuntimeError("database is down: secret-detail")

    phone = Phone(public_pem, INIT)
    app = ep.asgi() if kind == "asgi" else ep.wsgi()
    with caplog.at_level(logging.ERROR, logger="waflows.endpoint"):
        status, body = CALLERS[kind](app, "POST", phone.body, {"X-Hub-Signature-256": sign(phone.body)})
    assert status == 500
    assert body == b""
    assert "the handler raised" in caplog.text
    assert responses and responses[0]["status"] == 500
    assert responses[0]["error"]["code"] == "endpoint_handler_failed"
    # The reason reaching the core names the exception type only, never its text.
    assert "secret-detail" not in json.dumps(responses[0])


def test_handler_returning_something_else_is_500(pem: bytes, public_pem: bytes, caplog: pytest.LogCaptureFixture) -> None:
    ep = make(pem)
    ep.on("INIT")(lambda r: {"screen": "WELCOME"})
    assert post(ep, public_pem, INIT) == (500, None)
    assert "not NextScreen, Close or ErrorMessage" in caplog.text
    ep.on("INIT")(lambda r: waflows.NextScreen("WELCOME", {"name": {1, 2}}))
    assert post(ep, public_pem, INIT) == (500, None)
    assert "not JSON data" in caplog.text


def test_bad_answers_never_reach_the_phone(pem: bytes, public_pem: bytes) -> None:
    ep = make(pem)
    responses: list[dict[str, Any]] = []
    ep.on_response = responses.append
    # WEATHER → WELCOME is not in the routing_model: the current screen gets the error text.
    ep.on("data_exchange")(lambda r: waflows.NextScreen("WELCOME", {}))
    assert post(ep, public_pem, exchange("WEATHER")) == (
        200,
        {"screen": "WEATHER", "data": {"error_message": "Something went wrong. Please try again."}},
    )
    assert responses[-1]["kind"] == "answer_replaced"
    assert responses[-1]["error"]["code"] == "endpoint_answer_invalid"
    # An INIT must land on an entry screen.
    ep.on("INIT")(lambda r: waflows.NextScreen("TODAYS_WEATHER", {}))
    status, _ = post(ep, public_pem, INIT)
    assert status == 500
    assert "entry screen" in responses[-1]["error"]["message"]


def test_records_are_handed_over_before_the_handler_runs(pem: bytes, public_pem: bytes) -> None:
    got: list[Any] = []
    # Records need an identity: here it comes from a verified flow token.
    ep = make(pem, token_secrets=["token-secret-0123456789"], on_records=lambda records, request: got.append((records, request.screen)))
    token = waflows.tokens.issue("token-secret-0123456789", identity="crm-42", flow_id="F1", expires_at=NOW + 600)

    @ep.on("data_exchange")
    def boom(request: waflows.EndpointRequest) -> waflows.NextScreen:
        assert "ct-evt" not in request.data
        raise ValueError("after the records")

    payload = exchange("WELCOME", {"age": "20", "ct-evt": {"evtName": "Age Given", "evtData": {"age": "20"}}})
    payload["flow_token"] = token
    status, _ = post(ep, public_pem, payload)
    assert status == 500
    (records, screen), = got
    assert screen == "WELCOME"
    assert records[0]["type"] == "event" and records[0]["evtName"] == "Age Given"
    assert records[0]["identity"] == "crm-42"


# --- Meta's contract before the handler --------------------------------------------------


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_contract_statuses(pem: bytes, public_pem: bytes, kind: str) -> None:
    ep = make(pem)
    ep.default(lambda r: waflows.NextScreen("WELCOME", {}))
    app = ep.asgi() if kind == "asgi" else ep.wsgi()
    call = CALLERS[kind]
    ping = Phone(public_pem, {"version": "3.0", "action": "ping"})
    status, body = call(app, "POST", ping.body, {"X-Hub-Signature-256": sign(ping.body)})
    assert (status, ping.read(body)) == (200, {"data": {"status": "active"}})
    # No signature, wrong signature: 432.
    assert call(app, "POST", ping.body)[0] == 432
    assert call(app, "POST", ping.body, {"X-Hub-Signature-256": sign(ping.body, "other")})[0] == 432
    # Not the envelope: 400; not decryptable with our key: 421.
    junk = b'{"hello": 1}'
    assert call(app, "POST", junk, {"X-Hub-Signature-256": sign(junk)})[0] == 400
    bad_json = b"{not json"
    assert call(app, "POST", bad_json, {"X-Hub-Signature-256": sign(bad_json)})[0] == 400
    envelope = json.loads(ping.body)
    envelope["encrypted_aes_key"] = envelope["encrypted_aes_key"][:-8] + "AAAAAAA="
    tampered = json.dumps(envelope).encode()
    assert call(app, "POST", tampered, {"X-Hub-Signature-256": sign(tampered)})[0] == 421


def test_token_secrets_reject_foreign_tokens(pem: bytes, public_pem: bytes) -> None:
    ep = make(pem, token_secrets=["token-secret-0123456789"])
    ep.default(lambda r: waflows.NextScreen("WELCOME", {"name": r.identity}))
    status, answer = post(ep, public_pem, INIT)
    assert status == 427
    assert "error_msg" in answer
    token = waflows.tokens.issue("token-secret-0123456789", identity="crm-42", flow_id="F1", expires_at=NOW + 600)
    status, answer = post(ep, public_pem, {**INIT, "flow_token": token})
    assert (status, answer) == (200, {"screen": "WELCOME", "data": {"name": "crm-42"}})


# --- malformed HTTP --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_malformed_http_gets_a_plain_4xx(pem: bytes, kind: str) -> None:
    ep = make(pem, verify_token="vt", max_body_bytes=64 << 10)
    app = ep.asgi() if kind == "asgi" else ep.wsgi()
    call = CALLERS[kind]
    assert call(app, "PUT", b"x")[0] == 405
    assert call(app, "DELETE")[0] == 405
    assert call(app, "POST", b"")[0] == 400
    assert call(app, "POST", b"x" * (5 << 20))[0] == 413
    assert call(app, "POST", b"{}", {"Content-Type": "multipart/form-data; boundary=x"})[0] == 415
    assert call(app, "POST", b'{"a":', {"Content-Type": "application/json"})[0] in (400, 432)
    # GET without the hub parameters is not a verification.
    assert call(app, "GET")[0] == 405
    assert call(app, "GET", query="hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1")[0] == 403
    assert call(app, "GET", query="hub.mode=subscribe&hub.challenge=1")[0] == 400
    assert call(app, "GET", query="hub.mode=subscribe&hub.verify_token=vt&hub.challenge=98765") == (200, b"98765")


def test_wsgi_without_content_length_is_411(pem: bytes) -> None:
    app = make(pem).wsgi()
    environ = {"REQUEST_METHOD": "POST", "wsgi.input": io.BytesIO(b"abc"), "QUERY_STRING": ""}
    status: list[str] = []
    out = b"".join(app(environ, lambda s, h: status.append(s)))
    assert status[0].startswith("411") and out


# --- the webhook -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_webhook_completions_records_and_flows_events(pem: bytes, kind: str) -> None:
    completions: list[Any] = []
    records: list[Any] = []
    flows: list[Any] = []
    events: list[waflows.WebhookEvent] = []

    async def on_completion(c: dict[str, Any]) -> None:  # async callbacks work on both apps
        completions.append(c)

    ep = make(
        pem,
        verify_token="vt",
        on_completion=on_completion,
        on_records=lambda r, request: records.extend(r),
        on_flows_event=flows.append,
        on_webhook=events.append,
    )
    app = ep.asgi() if kind == "asgi" else ep.wsgi()
    call = CALLERS[kind]
    body = fixture_bytes("ingest/mixed_webhook.json")
    assert call(app, "POST", body, {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)}) == (200, b"")
    assert completions and completions[0]["flow_token"] == "tok-1"
    assert any(r.get("evtName") == "Stay Feedback" for r in records)
    assert len(events) == 1 and events[0].completions == completions
    # Flows events.
    fbody = fixture_bytes("webhooks/flows_events.json")
    del flows[:]
    assert call(app, "POST", fbody, {"X-Hub-Signature-256": sign(fbody)})[0] == 200
    assert len(flows) == 8 and all(isinstance(f, waflows.FlowsEvent) for f in flows)
    assert flows[0].event == "FLOW_STATUS_CHANGE" and flows[0].new_status == "PUBLISHED"
    assert flows[-1].event == "FLOW_VERSION_EXPIRY_WARNING"
    # Unsigned or wrongly signed: refused, nothing handed over.
    before = (len(completions), len(events))
    assert call(app, "POST", body)[0] == 401
    assert call(app, "POST", body, {"X-Hub-Signature-256": sign(body, "nope")})[0] == 401
    assert (len(completions), len(events)) == before


def test_failing_callback_does_not_fail_the_request(pem: bytes, caplog: pytest.LogCaptureFixture) -> None:
    def broken(c: Any) -> None:
        raise RuntimeError("callback bug")

    ep = make(pem, on_completion=broken)
    body = fixture_bytes("ingest/mixed_webhook.json")
    assert call_asgi(ep.asgi(), "POST", body, {"X-Hub-Signature-256": sign(body)}) == (200, b"")
    assert "callback" in caplog.text


# --- the core binding ------------------------------------------------------------------------


def test_core_two_steps(pem: bytes, public_pem: bytes) -> None:
    core = waflows._waflows.Endpoint(pem, flow_json=FLOW)
    phone = Phone(public_pem, exchange("WELCOME", {"x": 1}))
    pending = core.handle(phone.body, None, now=NOW, identity="crm-1")
    assert isinstance(pending, waflows._waflows.PendingRequest)
    assert pending.request["identity"] == "crm-1"
    assert pending.request["data"] == {"x": 1}
    r = pending.answer({"type": "next_screen", "screen": "WEATHER", "data": {}})
    assert r["status"] == 200 and phone.read(r["body"].encode()) == {"screen": "WEATHER", "data": {}}
    with pytest.raises(waflows.EndpointError) as e:
        pending.answer({"type": "next_screen", "screen": "WEATHER", "data": {}})
    assert e.value.code == "endpoint_already_answered"
    p2 = core.handle(Phone(public_pem, INIT).body, None, now=NOW)
    with pytest.raises(waflows.EndpointError) as e:
        p2.answer({"type": "teleport"})
    assert e.value.code == "endpoint_answer_invalid"
    assert p2.fail("db down")["status"] == 500
    with pytest.raises(waflows.WaflowsError):
        waflows._waflows.Endpoint(pem, config={"no_such_option": 1})
    # A bad clock is a typed error, never a plain OverflowError / TypeError.
    for bad_now in (-1, "now", float("nan")):
        with pytest.raises(waflows.InvalidArgument):
            core.handle(phone.body, None, now=bad_now)


# --- one configuration contract with the relay -------------------------------------------------


def test_configuration_keywords_are_the_relays(pem: bytes) -> None:
    import inspect

    relay_keys = [k for k in waflows._waflows._config_fields("relay") if k != "setup"]
    endpoint_keys = waflows._waflows._config_fields("endpoint")
    assert endpoint_keys == relay_keys + ["max_body_bytes"]
    params = inspect.signature(waflows.FlowEndpoint).parameters
    relay_params = inspect.signature(waflows.Relay).parameters
    for key in relay_keys:
        assert key in params and key in relay_params, key
    # The webhook side takes ingest_webhook's keywords, with the same names.
    for key in inspect.signature(waflows.ingest.ingest_webhook).parameters:
        if key != "body":
            assert key in params and key in inspect.signature(waflows.RelayDriver).parameters, key


@pytest.mark.parametrize("owner", ["FlowEndpoint", "RelayDriver"])
def test_the_old_keyword_is_refused_naming_the_new_one(pem: bytes, owner: str) -> None:
    with pytest.raises(waflows.InvalidArgument, match=r"ingest_policy= was renamed policy="):
        if owner == "FlowEndpoint":
            make(pem, ingest_policy="drop_field")
        else:
            relay = waflows.Relay(FLOW, setup="platform+customer", private_key=pem)
            waflows.RelayDriver(relay, "http://127.0.0.1:9", ingest_policy="drop_field")  # type: ignore[arg-type]
    with pytest.raises(waflows.InvalidArgument, match="unexpected keyword argument 'polcy'"):
        make(pem, polcy="drop_field")
    # The core binding's dict names it too.
    with pytest.raises(waflows.EndpointError, match="`ingest_policy` was renamed `policy`") as e:
        waflows._waflows.Endpoint(pem, config={"ingest_policy": "drop_field"})
    assert e.value.code == "endpoint_config_invalid"


def test_relay_style_secrets_and_bad_values_are_typed(pem: bytes, public_pem: bytes) -> None:
    # Token secrets with key ids, as the relay takes them; bytes secrets in the core dict.
    secret = {"id": "k2026", "secret": "token-secret-0123456789"}
    ep = make(pem, token_secrets=[secret])
    ep.default(lambda r: waflows.NextScreen("WELCOME", {"name": r.identity}))
    token = waflows.tokens.issue(secret, identity="crm-7", flow_id="F1", expires_at=NOW + 600)
    assert post(ep, public_pem, {**INIT, "flow_token": token}) == (200, {"screen": "WELCOME", "data": {"name": "crm-7"}})
    waflows._waflows.Endpoint(pem, config={"app_secrets": [b"raw-bytes"], "token_secrets": b"token-secret-0123456789"})
    for bad, word in (
        ({"coerce_subscription_booleans": "no"}, "bool"),
        ({"policy": "nope"}, "nope"),
        ({"token_secrets": ["short"]}, "token"),
        ({"max_body_bytes": -1}, "max_body_bytes"),
    ):
        with pytest.raises(waflows.EndpointError, match=word) as e:
            waflows._waflows.Endpoint(pem, config=bad)
        assert e.value.code == "endpoint_config_invalid"
    with pytest.raises(waflows.WaflowsError, match="bool"):
        make(pem, coerce_subscription_booleans="no")
    # Webhook options are checked when the endpoint is built, not when a webhook arrives.
    with pytest.raises(waflows.InvalidArgument, match="identity style"):
        make(pem, identity_style="with_plus")


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_ingestion_options_reach_data_requests_and_the_webhook(pem: bytes, public_pem: bytes, kind: str) -> None:
    def records_of(**kw: Any) -> tuple[list[Any], list[Any]]:
        data_records: list[Any] = []
        hook_records: list[Any] = []
        ep = make(
            pem,
            token_secrets="token-secret-0123456789",
            on_records=lambda r, request: (data_records if request is not None else hook_records).extend(r),
            **kw,
        )
        ep.default(lambda r: waflows.NextScreen("WELCOME", {}))
        token = waflows.tokens.issue("token-secret-0123456789", identity="crm-9", flow_id="F1", expires_at=NOW + 600)
        payload = {**exchange("WELCOME", {"ct-up": {"MSG-email": "false", "Name": "N"}}), "flow_token": token}
        assert post(ep, public_pem, payload, kind)[0] == 200
        body = fixture_bytes("ingest/mixed_webhook.json")
        app = ep.asgi() if kind == "asgi" else ep.wsgi()
        assert CALLERS[kind](app, "POST", body, {"X-Hub-Signature-256": sign(body)}) == (200, b"")
        return data_records, hook_records

    data, hook = records_of()
    profile = next(r for r in data if r["type"] == "profile")
    assert profile["profileData"]["MSG-email"] is False
    assert hook and not any(r["identity"].startswith("+") for r in hook)
    data, hook = records_of(coerce_subscription_booleans=False, identity_style="plus_prefixed")
    profile = next(r for r in data if r["type"] == "profile")
    assert profile["profileData"]["MSG-email"] == "false"
    assert any(r["identity"].startswith("+") for r in hook)  # phone numbers only, not BSUIDs


# --- bad input the malformed-HTTP test above does not reach ------------------------------------


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
@pytest.mark.parametrize("length", ["abc", "-1", "+5", "1_0", "٣", "1e3", " "])
def test_malformed_content_length_is_400(pem: bytes, kind: str, length: str) -> None:
    app = make(pem).asgi() if kind == "asgi" else make(pem).wsgi()
    status, body = CALLERS[kind](app, "POST", b'{"a":1}', {"Content-Length": length})
    assert (status, body) == (400, b"Content-Length is not a number")


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_content_type_and_method_variants(pem: bytes, public_pem: bytes, kind: str) -> None:
    ep = make(pem, verify_token="vt")
    ep.default(lambda r: waflows.NextScreen("WELCOME", {}))
    app = ep.asgi() if kind == "asgi" else ep.wsgi()
    call = CALLERS[kind]
    for content_type in ("application/json; charset=utf-8", "APPLICATION/JSON", "text/plain"):
        ping = Phone(public_pem, {"version": "3.0", "action": "ping"})
        status, body = call(app, "POST", ping.body, {"Content-Type": content_type, "X-Hub-Signature-256": sign(ping.body)})
        assert (status, ping.read(body)) == (200, {"data": {"status": "active"}}), content_type
    for content_type in ("application/xml", "text/html; charset=utf-8", "application/jsonx"):
        assert call(app, "POST", b"{}", {"Content-Type": content_type})[0] == 415, content_type
    # HEAD answers as GET does, without a body.
    assert call(app, "HEAD", query="hub.mode=subscribe&hub.verify_token=vt&hub.challenge=7") == (200, b"")
    assert call(app, "PATCH", b"{}")[0] == 405
    assert call(app, "OPTIONS")[0] == 405


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_signed_bodies_that_are_not_the_envelope_are_400(pem: bytes, kind: str) -> None:
    app = make(pem).asgi() if kind == "asgi" else make(pem).wsgi()
    for body in (b"[]", b'"text"', b"null", b"1", b'{"encrypted_flow_data": 1}', b"\xff\xfe", b'{"a":1}' * 3):
        assert CALLERS[kind](app, "POST", body, {"X-Hub-Signature-256": sign(body)})[0] == 400, body


def test_declared_length_over_the_limit_is_refused_before_reading(pem: bytes) -> None:
    app = make(pem).asgi()
    read: list[int] = []

    async def receive() -> dict[str, Any]:
        read.append(1)
        return {"type": "http.request", "body": b"x", "more_body": False}

    sent: list[dict[str, Any]] = []

    async def send(msg: dict[str, Any]) -> None:
        sent.append(msg)

    size = waflows.endpoint.MAX_WEBHOOK_BYTES + 1
    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-length", str(size).encode())], "query_string": b""}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413 and not read


def test_asgi_client_gone_mid_body_is_400_and_nothing_reaches_a_handler(pem: bytes, public_pem: bytes) -> None:
    ep = make(pem)
    called: list[Any] = []
    ep.default(lambda r: called.append(r) or waflows.NextScreen("WELCOME", {}))
    phone = Phone(public_pem, INIT)
    messages = [{"type": "http.request", "body": phone.body[:50], "more_body": True}, {"type": "http.disconnect"}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    sent: list[dict[str, Any]] = []

    async def send(msg: dict[str, Any]) -> None:
        sent.append(msg)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"x-hub-signature-256", sign(phone.body).encode())], "query_string": b""}
    asyncio.run(ep.asgi()(scope, receive, send))
    assert sent[0]["status"] == 400 and not called


def test_wsgi_chunked_bodies_are_read_up_to_the_limit(pem: bytes, public_pem: bytes) -> None:
    ep = make(pem, max_body_bytes=64 << 10)
    ep.default(lambda r: waflows.NextScreen("WELCOME", {}))
    app = ep.wsgi()

    def chunked(body: bytes, terminated: bool) -> tuple[int, bytes]:
        environ: dict[str, Any] = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/",
            "QUERY_STRING": "",
            "wsgi.input": io.BytesIO(body),
            "HTTP_X_HUB_SIGNATURE_256": sign(body),
        }
        if terminated:
            environ["wsgi.input_terminated"] = True
        else:
            environ["HTTP_TRANSFER_ENCODING"] = "chunked"
        status: list[str] = []
        out = b"".join(app(environ, lambda s, h: status.append(s)))
        return int(status[0].split()[0]), out

    for terminated in (False, True):
        phone = Phone(public_pem, {"version": "3.0", "action": "ping"})
        status, body = chunked(phone.body, terminated)
        assert (status, phone.read(body)) == (200, {"data": {"status": "active"}})
        assert chunked(b"x" * (waflows.endpoint.MAX_WEBHOOK_BYTES + 1), terminated)[0] == 413


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_webhooks_without_app_secrets_or_not_about_messages(pem: bytes, kind: str) -> None:
    body = fixture_bytes("ingest/mixed_webhook.json")
    completions: list[Any] = []
    ep = waflows.FlowEndpoint(private_key=pem, on_completion=completions.append)
    app = ep.asgi() if kind == "asgi" else ep.wsgi()
    # Without app secrets a webhook cannot be authenticated: refused, nothing handed over.
    assert CALLERS[kind](app, "POST", body, {"X-Hub-Signature-256": sign(body)})[0] == 403
    assert completions == []
    # Signed, shaped like a webhook but about something else: acknowledged (Meta retries a
    # non-2xx), nothing handed over, no traceback.
    ep = make(pem, on_completion=completions.append)
    app = ep.asgi() if kind == "asgi" else ep.wsgi()
    for other in (b'{"object": "page", "entry": []}', b'{"object": "whatsapp_business_account", "entry": [{"changes": "x"}]}'):
        assert CALLERS[kind](app, "POST", other, {"X-Hub-Signature-256": sign(other)}) == (200, b""), other
    assert completions == []


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_app_secrets_are_text_or_any_bytes_as_for_the_relay(pem: bytes, public_pem: bytes, kind: str) -> None:
    raw = b"\xff\xfe-not-utf-8"
    ep = make(pem, app_secrets=raw)
    ep.default(lambda r: waflows.NextScreen("WELCOME", {}))
    app = ep.asgi() if kind == "asgi" else ep.wsgi()
    ping = Phone(public_pem, {"version": "3.0", "action": "ping"})
    signature = "sha256=" + hmac.new(raw, ping.body, hashlib.sha256).hexdigest()
    status, body = CALLERS[kind](app, "POST", ping.body, {"X-Hub-Signature-256": signature})
    assert (status, ping.read(body)) == (200, {"data": {"status": "active"}})
    assert CALLERS[kind](app, "POST", ping.body, {"X-Hub-Signature-256": sign(ping.body)})[0] == 432
    hook = fixture_bytes("ingest/mixed_webhook.json")
    hook_signature = "sha256=" + hmac.new(raw, hook, hashlib.sha256).hexdigest()
    assert CALLERS[kind](app, "POST", hook, {"X-Hub-Signature-256": hook_signature}) == (200, b"")


@pytest.mark.parametrize("bad", [[""], [b""], [3], 3, [None]])
def test_bad_app_secrets_are_typed_errors(pem: bytes, bad: Any) -> None:
    with pytest.raises(waflows.InvalidArgument, match="app_secrets"):
        make(pem, app_secrets=bad)
    relay = waflows.Relay(FLOW, setup="platform+customer", private_key=pem)
    with pytest.raises(waflows.InvalidArgument, match="app_secrets"):
        waflows.RelayDriver(relay, "http://127.0.0.1:9", app_secrets=bad)


@pytest.mark.parametrize(
    "bad",
    [
        {"verify_token": 5},
        {"verify_token": ""},
        {"clock": 5},
        {"on_records": 3},
        {"on_completion": "print"},
        {"on_webhook": object()},
    ],
)
def test_options_that_would_fail_every_request_are_refused_when_built(pem: bytes, bad: dict[str, Any]) -> None:
    with pytest.raises(waflows.InvalidArgument):
        make(pem, **bad)
    relay = waflows.Relay(FLOW, setup="platform+customer", private_key=pem)
    with pytest.raises(waflows.InvalidArgument):
        waflows.RelayDriver(relay, "http://127.0.0.1:9", **bad)


@pytest.mark.parametrize("size", [0, -1, True, "1024", 2 << 20])
def test_relay_driver_body_limit_is_checked(pem: bytes, size: Any) -> None:
    relay = waflows.Relay(FLOW, setup="platform+customer", private_key=pem)
    with pytest.raises(waflows.InvalidArgument, match="max_body_bytes"):
        waflows.RelayDriver(relay, "http://127.0.0.1:9", max_body_bytes=size)
