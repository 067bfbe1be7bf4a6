"""waflows.clevertap against a local fake CleverTap upload server on 127.0.0.1: headers,
batching (<= 1000), success, partial `unprocessed`, 429 and 500 retries with an injected sleep,
garbage replies, auth errors and network errors. Every record not accepted comes back."""

from __future__ import annotations

import asyncio
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import waflows
from waflows import clevertap


def rec(i: int, **kw: Any) -> dict[str, Any]:
    r: dict[str, Any] = {"type": "event", "identity": f"u{i}", "ts": 1700000000 + i,
                         "evtName": "Flow Submitted", "evtData": {"i": i}}
    r.update(kw)
    return r


class FakeCleverTap:
    """Answers POST /1/upload from a script of replies (one per request; the last repeats)."""

    def __init__(self) -> None:
        self.script: list[Any] = []
        self.requests: list[tuple[dict[str, str], Any]] = []
        fake = self

        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                n = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(n)
                fake.requests.append(({k: v for k, v in self.headers.items()}, json.loads(raw)))
                step = fake.script[min(len(fake.requests) - 1, len(fake.script) - 1)]
                status, body = step(json.loads(raw)["d"]) if callable(step) else step
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.srv.server_address[1]}"
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()


@pytest.fixture()
def fake() -> Iterator[FakeCleverTap]:
    f = FakeCleverTap()
    try:
        yield f
    finally:
        f.srv.shutdown()
        f.srv.server_close()


def success(batch: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    return 200, {"status": "success", "processed": len(batch), "unprocessed": []}


def uploader(fake: FakeCleverTap, sleeps: list[float] | None = None, **kw: Any) -> clevertap.Uploader:
    s = sleeps if sleeps is not None else []
    return clevertap.Uploader("ACC-1", "secret-pass", "in1", base_url=fake.url, sleep=s.append, **kw)


def test_success_headers_and_batching(fake: FakeCleverTap) -> None:
    fake.script = [success]
    records = [rec(i) for i in range(2500)]
    res = uploader(fake).upload(records)
    assert res.ok and res.failed == []
    assert (res.processed, res.bodies, res.attempts) == (2500, 3, 3)
    assert [len(body["d"]) for _, body in fake.requests] == [1000, 1000, 500]
    assert [r for _, body in fake.requests for r in body["d"]] == records  # order kept, nothing lost
    headers = fake.requests[0][0]
    assert headers["X-CleverTap-Account-Id"] == "ACC-1"
    assert headers["X-CleverTap-Passcode"] == "secret-pass"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert "secret-pass" not in repr(uploader(fake))


def test_region_host() -> None:
    assert clevertap.Uploader("a", "p", "eu1").url == "https://eu1.api.clevertap.com/1/upload"
    assert clevertap.Uploader("a", "p", None).url == "https://api.clevertap.com/1/upload"
    for bad in ("mars1", 5):
        with pytest.raises(waflows.InvalidArgument):
            clevertap.Uploader("a", "p", bad)  # type: ignore[arg-type]
    with pytest.raises(waflows.InvalidArgument):
        clevertap.Uploader("", "p", "in1")
    with pytest.raises(waflows.InvalidArgument):
        clevertap.Uploader("a", "p", "in1", max_attempts=0)


def test_partial_unprocessed_with_record_echo(fake: FakeCleverTap) -> None:
    def partial(batch: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
        return 200, {"status": "partial", "processed": len(batch) - 2, "unprocessed": [
            {"status": "fail", "code": 523, "error": "Identity not found", "record": batch[1]},
            {"status": "fail", "code": 555, "error": "Server error", "record": batch[3]},
        ]}

    fake.script = [partial]
    records = [rec(i) for i in range(5)]
    res = uploader(fake).upload(records)
    assert res.processed == 3
    assert [(f.record, f.outcome, f.code, f.retryable) for f in res.failed] == [
        (records[1], "rejected", 523, False), (records[3], "rejected", 555, True)]
    assert res.failed[0].reason == "Identity not found"


def test_unprocessed_without_echo_reports_every_candidate(fake: FakeCleverTap) -> None:
    fake.script = [(200, {"status": "partial", "processed": 2, "unprocessed": [{"code": 509, "error": "Event name is mandatory"}]})]
    records = [rec(i) for i in range(3)]
    res = uploader(fake).upload(records)
    assert res.processed == 2
    assert [f.record for f in res.failed] == records
    assert {f.outcome for f in res.failed} == {"unknown"}
    assert "509: Event name is mandatory" in res.failed[0].reason


def test_429_and_500_are_retried_with_backoff(fake: FakeCleverTap) -> None:
    fake.script = [(429, {"error": "slow down"}), (500, b"oops"), (503, b""), success]
    sleeps: list[float] = []
    res = uploader(fake, sleeps, backoff=0.5).upload([rec(1), rec(2)])
    assert res.ok and res.processed == 2 and res.attempts == 4
    assert sleeps == [0.5, 1.0, 2.0]


def test_retries_exhausted_return_every_record(fake: FakeCleverTap) -> None:
    fake.script = [(500, b"down")]
    sleeps: list[float] = []
    records = [rec(i) for i in range(3)]
    res = uploader(fake, sleeps, max_attempts=3, backoff=1, max_backoff=1.5).upload(records)
    assert res.attempts == 3 and sleeps == [1.0, 1.5]
    assert [f.record for f in res.failed] == records
    assert all(f.outcome == "not_sent" and f.http_status == 500 and f.retryable for f in res.failed)
    assert "after 3 attempts" in res.failed[0].reason


def test_auth_error_is_not_retried(fake: FakeCleverTap) -> None:
    fake.script = [(401, {"status": "fail", "error": "Invalid Credentials"})]
    sleeps: list[float] = []
    res = uploader(fake, sleeps).upload([rec(1)])
    assert res.attempts == 1 and sleeps == []
    (f,) = res.failed
    assert (f.outcome, f.http_status) == ("not_sent", 401)
    assert "Invalid Credentials" in f.reason


@pytest.mark.parametrize("reply", [b"<html>bad gateway</html>", b"[1,2]", b'{"status":"success"}', b'{"processed":"3"}'])
def test_garbage_reply_loses_nothing(fake: FakeCleverTap, reply: bytes) -> None:
    fake.script = [(200, reply)]
    records = [rec(1), rec(2)]
    res = uploader(fake).upload(records)
    assert [f.record for f in res.failed] == records
    assert all(f.outcome == "unknown" and f.retryable for f in res.failed)


def test_network_error_returns_records() -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nobody listens there: connection refused
    sleeps: list[float] = []
    up = clevertap.Uploader("a", "p", None, base_url=f"http://127.0.0.1:{port}", sleep=sleeps.append, max_attempts=2)
    records = [rec(1)]
    res = up.upload(records)
    (f,) = res.failed
    assert f.record == records[0] and f.outcome == "not_sent" and f.http_status is None
    assert "network error" in f.reason and len(sleeps) == 1


def test_invalid_records_are_returned_not_sent(fake: FakeCleverTap) -> None:
    fake.script = [success]
    good = [rec(1), rec(2)]
    bad = {"type": "event", "evtName": "x"}  # no identity
    res = uploader(fake).upload([good[0], bad, good[1]])
    assert res.processed == 2
    assert fake.requests[0][1]["d"] == good
    (f,) = res.failed
    assert f.record == bad and f.outcome == "invalid" and not f.retryable
    with pytest.raises(waflows.InvalidArgument):
        uploader(fake).upload("not a list")  # type: ignore[arg-type]


def test_records_from_ingest_flow_through(fake: FakeCleverTap) -> None:
    from conftest import fixture_bytes

    fake.script = [success]
    records = waflows.ingest.records_from_webhook(fixture_bytes("ingest/mixed_webhook.json"))
    assert records
    res = uploader(fake).upload(records)
    assert res.ok and res.processed == len(records)


def test_async_uploader(fake: FakeCleverTap) -> None:
    fake.script = [(429, b""), (200, {"status": "partial", "processed": 1, "unprocessed": [
        {"status": "fail", "code": 525, "error": "ts invalid", "record": rec(2)}]})]
    sleeps: list[float] = []

    async def sleep(d: float) -> None:
        sleeps.append(d)

    up = clevertap.AsyncUploader("ACC-1", "pw", "us1", base_url=fake.url, sleep=sleep)
    res = asyncio.run(up.upload([rec(1), rec(2)]))
    assert sleeps == [0.5]
    assert res.processed == 1
    (f,) = res.failed
    assert (f.record, f.code, f.outcome) == (rec(2), 525, "rejected")
    assert fake.requests[-1][0]["X-CleverTap-Account-Id"] == "ACC-1"
