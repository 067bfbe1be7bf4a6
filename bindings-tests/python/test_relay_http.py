"""The relay's HTTP driver (waflows.RelayDriver) against a real customer endpoint on 127.0.0.1
that answers well, badly, slowly and not at all. Requests are built and answers decrypted by
reference.py (`cryptography`)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import reference
import waflows
from conftest import FIXTURES, fixture_bytes

FLOW = (FIXTURES / "relay" / "weather_age.flow.json").read_text()
APP_SECRET = "app-secret"
FORWARD_SECRET = "platform-to-customer"
NOW = 1_764_000_000


class Customer(http.server.BaseHTTPRequestHandler):
    """The customer endpoint: the path picks the behaviour; every request is recorded."""

    seen: list[dict[str, Any]] = []
    release = threading.Event()

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Customer.seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
        if self.path == "/slow":
            Customer.release.wait(10)
        if self.path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.connection.close()
            self.close_connection = True
            return
        status, answer = {
            "/good": (200, {"screen": "WEATHER", "data": {}}),
            "/slow": (200, {"screen": "WEATHER", "data": {}}),
            "/junk": (200, "not json"),
            "/forbidden-route": (200, {"screen": "TODAYS_WEATHER", "data": {}}),
            "/500": (500, {"error": "boom"}),
            "/token": (427, {"error_msg": "Booking expired"}),
        }[self.path]
        out = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)


@pytest.fixture(scope="module")
def customer() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Customer)
    server.daemon_threads = True
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        Customer.release.set()
        server.shutdown()
        server.server_close()
        t.join(10)


@pytest.fixture(scope="module")
def dead_url() -> str:
    """A port nobody listens on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}/"


def relay() -> waflows.Relay:
    return waflows.Relay(
        FLOW, setup="platform+customer", private_key=fixture_bytes("keys/private_pkcs8.pem"), app_secrets=[APP_SECRET]
    )


class Phone:
    def __init__(self, data: dict[str, Any] | None = None) -> None:
        payload = {"version": "3.0", "action": "data_exchange", "screen": "WELCOME", "flow_token": "tok-1"}
        payload["data"] = data if data is not None else {"city": "Pune", "ct-evt": {"evtName": "City Picked", "evtData": {"city": "Pune"}}}
        body, self.key, self.iv = reference.encrypt_request(fixture_bytes("keys/public_spki.pem"), json.dumps(payload).encode())
        self.body = json.dumps(body).encode()
        self.signature = "sha256=" + hmac.new(APP_SECRET.encode(), self.body, hashlib.sha256).hexdigest()

    def read(self, text: str) -> Any:
        return json.loads(reference.decrypt_response(text, self.key, self.iv))


FALLBACK = {"screen": "WELCOME", "data": {"error_message": "Something went wrong. Please try again."}}


def run(driver: waflows.RelayDriver, mode: str, phone: Phone) -> waflows.RelayResult:
    if mode == "sync":
        return driver.handle(phone.body, phone.signature, identity="crm-7")
    return asyncio.run(driver.handle_async(phone.body, phone.signature, identity="crm-7"))


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_good_customer_signed_authenticated_with_identity(customer: str, mode: str) -> None:
    records: list[Any] = []
    driver = waflows.RelayDriver(
        relay(),
        customer + "/good",
        headers={"Authorization": "Bearer customer-token"},
        forward_secret=FORWARD_SECRET,
        forward_identity=True,
        on_records=lambda r, d: records.extend(r),
    )
    phone = Phone()
    result = run(driver, mode, phone)
    assert (result.status, result.failure, result.customer_status) == (200, None, 200)
    assert phone.read(result.body) == {"screen": "WEATHER", "data": {}}
    got = Customer.seen[-1]
    assert got["headers"]["Authorization"] == "Bearer customer-token"
    assert got["headers"]["X-Waflows-Identity"] == "crm-7"
    # The customer checks the platform's signature over the exact body it received.
    waflows.verify_forward_signature(got["body"], got["headers"]["X-Waflows-Signature-256"], [FORWARD_SECRET])
    with pytest.raises(waflows.InvalidSignature):
        waflows.verify_forward_signature(got["body"] + b" ", got["headers"]["X-Waflows-Signature-256"], [FORWARD_SECRET])
    with pytest.raises(waflows.InvalidSignature):
        waflows.verify_forward_signature(got["body"], None, [FORWARD_SECRET])
    forwarded = json.loads(got["body"])
    assert forwarded["data"] == {"city": "Pune"}  # ct-evt stays with the platform
    assert records and records[0]["evtName"] == "City Picked" and records[0]["identity"] == "crm-7"
    assert result.records == records


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("path", "failure", "code"),
    [
        ("/junk", "bad_answer", "relay_customer_answer_invalid"),
        ("/forbidden-route", "bad_answer", "relay_customer_answer_invalid"),
        ("/500", "http_status", "relay_customer_answer_invalid"),
    ],
)
def test_bad_customer_answers_end_in_the_fallback(customer: str, mode: str, path: str, failure: str, code: str) -> None:
    records: list[Any] = []
    driver = waflows.RelayDriver(relay(), customer + path, on_records=lambda r, d: records.extend(r))
    phone = Phone()
    result = run(driver, mode, phone)
    assert (result.status, result.failure) == (200, failure)
    assert result.reply.error_code == code
    assert phone.read(result.body) == FALLBACK
    assert records, "the records were lost"


def test_customer_token_rejection_is_427(customer: str) -> None:
    phone = Phone()
    result = waflows.RelayDriver(relay(), customer + "/token").handle(phone.body, phone.signature)
    assert (result.status, result.failure) == (427, None)
    assert phone.read(result.body) == {"error_msg": "Booking expired"}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_slow_customer_is_a_timeout(customer: str, mode: str) -> None:
    records: list[Any] = []
    Customer.release.clear()
    try:
        driver = waflows.RelayDriver(relay(), customer + "/slow", timeout=0.3, on_records=lambda r, d: records.extend(r))
        phone = Phone()
        result = run(driver, mode, phone)
    finally:
        Customer.release.set()
    assert (result.status, result.failure) == (200, "timeout")
    assert result.reply.error_code == "relay_customer_timeout"
    assert phone.read(result.body) == FALLBACK
    assert records


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("where", ["refused", "reset"])
def test_unreachable_customer_is_told_apart_from_a_timeout(customer: str, dead_url: str, mode: str, where: str) -> None:
    records: list[Any] = []
    url = dead_url if where == "refused" else customer + "/reset"
    driver = waflows.RelayDriver(relay(), url, on_records=lambda r, d: records.extend(r))
    phone = Phone()
    result = run(driver, mode, phone)
    assert (result.status, result.failure) == (200, "unreachable")
    assert result.reply.error_code == "relay_customer_unreachable"
    assert result.detail
    assert phone.read(result.body) == FALLBACK
    assert records


def test_replies_without_the_customer(customer: str) -> None:
    driver = waflows.RelayDriver(relay(), customer + "/good")
    before = len(Customer.seen)
    ping = Phone()
    ping_body, key, iv = reference.encrypt_request(fixture_bytes("keys/public_spki.pem"), b'{"version":"3.0","action":"ping"}')
    raw = json.dumps(ping_body).encode()
    sig = "sha256=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    result = driver.handle(raw, sig)
    assert (result.status, result.forwarded) == (200, False)
    assert json.loads(reference.decrypt_response(result.body, key, iv)) == {"data": {"status": "active"}}
    assert driver.handle(ping.body, None).status == 432
    assert len(Customer.seen) == before


def test_the_driver_serves_asgi_and_wsgi(customer: str) -> None:
    from test_endpoint import call_asgi, call_wsgi

    driver = waflows.RelayDriver(relay(), customer + "/good")
    for app, call in ((driver.asgi(), call_asgi), (driver.wsgi(), call_wsgi)):
        phone = Phone({"city": "Pune"})
        status, body = call(app, "POST", phone.body, {"Content-Type": "application/json", "X-Hub-Signature-256": phone.signature})
        assert status == 200 and phone.read(body.decode()) == {"screen": "WEATHER", "data": {}}
        assert call(app, "PUT", phone.body)[0] == 405


def test_bad_configuration_is_a_typed_error() -> None:
    with pytest.raises(waflows.InvalidArgument):
        waflows.RelayDriver(relay(), "ftp://x")
    with pytest.raises(waflows.InvalidArgument):
        waflows.RelayDriver(relay(), "http://127.0.0.1/", timeout=12)
    with pytest.raises(waflows.InvalidArgument):
        waflows.RelayDriver("not a relay", "http://127.0.0.1/")
