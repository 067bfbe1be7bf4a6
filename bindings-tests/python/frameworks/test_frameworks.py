"""The endpoint's ASGI / WSGI apps mounted in FastAPI, Starlette, Flask and Django, served by a
real server on 127.0.0.1 (uvicorn; waitress), driven over HTTP by an independent client: the
requests are encrypted with the public key and the answers decrypted with the flipped IV by
reference.py (`cryptography`), sent with the standard library's http.client."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import reference
import servers
import waflows
from conftest import FIXTURES, fixture_bytes

FLOW = json.loads((FIXTURES / "relay" / "weather_age.flow.json").read_text())
APP_SECRET = "app-secret"
VERIFY_TOKEN = "verify-me"
PATH = servers.MOUNT + "/"

FRAMEWORKS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "fastapi+uvicorn": (servers.fastapi_app, servers.uvicorn_server),
    "starlette+uvicorn": (servers.starlette_app, servers.uvicorn_server),
    "flask+waitress": (servers.flask_app, servers.waitress_server),
    "django+waitress": (servers.django_app, servers.waitress_server),
}


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def request(port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body if method != "GET" else None, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


class Phone:
    def __init__(self, payload: dict[str, Any]) -> None:
        body, self.key, self.iv = reference.encrypt_request(
            fixture_bytes("keys/public_spki.pem"), json.dumps(payload).encode()
        )
        self.body = json.dumps(body).encode()

    def send(self, port: int, secret: str = APP_SECRET) -> tuple[int, Any]:
        status, text = request(
            port,
            "POST",
            PATH,
            self.body,
            {"Content-Type": "application/json", "X-Hub-Signature-256": sign(self.body, secret)},
        )
        if not text:
            return status, None
        return status, json.loads(reference.decrypt_response(text.decode(), self.key, self.iv))


class Recorder:
    def __init__(self) -> None:
        self.completions: list[Any] = []
        self.records: list[Any] = []
        self.release = threading.Event()
        self.slow_started = threading.Event()


@pytest.fixture(scope="module", params=list(FRAMEWORKS))
def served(request: pytest.FixtureRequest) -> Iterator[tuple[str, int, Recorder]]:
    rec = Recorder()
    ep = waflows.FlowEndpoint(
        private_key=fixture_bytes("keys/private_pkcs8.pem"),
        app_secrets=[APP_SECRET],
        flow_json=FLOW,
        verify_token=VERIFY_TOKEN,
        on_completion=rec.completions.append,
        on_records=lambda records, req: rec.records.extend(records),
    )

    @ep.on("INIT")
    async def init(req: waflows.EndpointRequest) -> waflows.NextScreen:
        return waflows.NextScreen("WELCOME", {"name": "Jay"})

    @ep.on("data_exchange", screen="WELCOME")
    def welcome(req: waflows.EndpointRequest) -> waflows.Close:
        return waflows.Close({"age": req.data.get("age")})

    @ep.on("data_exchange", screen="WEATHER")
    def slow(req: waflows.EndpointRequest) -> waflows.NextScreen:
        # A slow business handler (a plain def): it blocks until the test releases it.
        rec.slow_started.set()
        rec.release.wait(30)
        return waflows.NextScreen("TODAYS_WEATHER", {})

    build, serve = FRAMEWORKS[request.param]
    with serve(build(ep)) as port:
        yield request.param, port, rec


def test_the_framework_still_serves_its_own_routes(served: tuple[str, int, Recorder]) -> None:
    name, port, _ = served
    status, body = request(port, "GET", "/health")
    assert status == 200 and json.loads(body) == {"app": name.split("+")[0]}


def test_flow_end_to_end(served: tuple[str, int, Recorder]) -> None:
    _, port, _ = served
    assert Phone({"version": "3.0", "action": "ping"}).send(port) == (200, {"data": {"status": "active"}})
    assert Phone({"version": "3.0", "action": "INIT", "flow_token": "tok-9"}).send(port) == (
        200,
        {"screen": "WELCOME", "data": {"name": "Jay"}},
    )
    exchange = {"version": "3.0", "action": "data_exchange", "screen": "WELCOME", "flow_token": "tok-9", "data": {"age": "31"}}
    assert Phone(exchange).send(port) == (
        200,
        {"screen": "SUCCESS", "data": {"extension_message_response": {"params": {"age": "31", "flow_token": "tok-9"}}}},
    )
    # Signed by someone else: 432, nothing decrypted.
    assert Phone(exchange).send(port, secret="not-the-app-secret") == (432, None)


def test_a_slow_handler_does_not_stall_other_requests(served: tuple[str, int, Recorder]) -> None:
    _, port, rec = served
    rec.release.clear()
    rec.slow_started.clear()
    slow_result: list[Any] = []
    slow = Phone({"version": "3.0", "action": "data_exchange", "screen": "WEATHER", "flow_token": "t", "data": {}})
    t = threading.Thread(target=lambda: slow_result.append(slow.send(port)))
    t.start()
    try:
        assert rec.slow_started.wait(30), "the slow handler never started"
        # While it is blocked, other requests are answered.
        for _ in range(3):
            status, _answer = Phone({"version": "3.0", "action": "INIT", "flow_token": "t"}).send(port)
            assert status == 200
        assert not slow_result, "the slow request finished before it was released"
    finally:
        rec.release.set()
        t.join(30)
    assert slow_result == [(200, {"screen": "TODAYS_WEATHER", "data": {}})]


def test_malformed_http(served: tuple[str, int, Recorder]) -> None:
    name, port, _ = served
    ok_body = Phone({"version": "3.0", "action": "ping"}).body
    assert request(port, "PUT", PATH, ok_body)[0] == 405
    assert request(port, "DELETE", PATH)[0] == 405
    assert request(port, "POST", PATH, b"", {"Content-Type": "application/json"})[0] == 400
    assert request(port, "POST", PATH, ok_body, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 415
    bad = b'{"encrypted_flow_data": '
    assert request(port, "POST", PATH, bad, {"Content-Type": "application/json", "X-Hub-Signature-256": sign(bad)})[0] == 400
    assert request(port, "POST", PATH, ok_body, {"Content-Type": "application/json"})[0] == 432
    assert request(port, "POST", PATH + "elsewhere", ok_body)[0] == 404
    assert request(port, "GET", PATH)[0] == 405
    q = f"{PATH}?hub.mode=subscribe&hub.challenge=424242&hub.verify_token="
    assert request(port, "GET", q + "wrong")[0] == 403
    assert request(port, "GET", q + VERIFY_TOKEN) == (200, b"424242")
    assert huge_body_status(port, waitress="waitress" in name) == 413


def huge_body_status(port: int, waitress: bool) -> int:
    """A body over every limit. Under uvicorn the app refuses it from the Content-Length
    before reading it, so only the headers are sent; waitress reads a body before calling the
    app, so it gets the whole body."""
    size = waflows.endpoint.MAX_WEBHOOK_BYTES + 1
    head = f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(head.encode())
        if waitress:
            s.sendall(b"x" * size)
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    return int(data.split(b" ", 2)[1])


def test_webhook_completion_reaches_the_callback(served: tuple[str, int, Recorder]) -> None:
    _, port, rec = served
    before = len(rec.completions)
    body = fixture_bytes("ingest/mixed_webhook.json")
    assert request(port, "POST", PATH, body, {"Content-Type": "application/json"})[0] == 401
    assert len(rec.completions) == before
    status, _ = request(port, "POST", PATH, body, {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)})
    assert status == 200
    assert len(rec.completions) > before
    assert rec.completions[-1]["flow_token"] in {c["flow_token"] for c in rec.completions[before:]}
    assert any(r.get("evtName") == "Stay Feedback" for r in rec.records)
