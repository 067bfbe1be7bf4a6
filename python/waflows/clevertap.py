"""Delivering upload records to CleverTap (``POST https://<region>.api.clevertap.com/1/upload``).

    up = waflows.clevertap.Uploader(account_id, passcode, "in1")
    result = up.upload(records)          # records from waflows.ingest
    for f in result.failed:              # nothing is dropped silently
        store_for_retry(f.record, f.reason)

Records are split into bodies of at most 1000 by :func:`waflows.ingest.upload_bodies` (records
it refuses are returned as failed, ``outcome="invalid"``). Each body is posted with the
``X-CleverTap-Account-Id``, ``X-CleverTap-Passcode`` and ``Content-Type`` headers; HTTP 429 and
5xx answers and network errors are retried with exponential backoff (the ``sleep`` function is
injectable). The reply's ``processed`` / ``unprocessed`` are read, and every record that was not
accepted comes back in :attr:`UploadResult.failed` with its reason:

* ``outcome="rejected"``: CleverTap refused the record (``code`` is its per-record error code,
  e.g. 509, 523); fix the record before sending it again (555 is a server error: retry).
* ``outcome="not_sent"``: the body was never accepted (network error, HTTP 4xx/5xx after the
  retries); safe to send again.
* ``outcome="unknown"``: the reply could not be read (not JSON, or it does not say which records
  failed), or the last attempt failed after the request may have reached CleverTap (a read
  timeout); the record may or may not have been stored.
* ``outcome="invalid"``: not an upload record; it was not sent.

Needs the optional ``httpx`` dependency (``pip install waflows[http]``).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import InvalidArgument, WaflowsError
from .ingest import upload_bodies

if TYPE_CHECKING:
    import httpx

__all__ = ["REGIONS", "FailedRecord", "UploadResult", "Uploader", "AsyncUploader"]

#: Regions seen in CleverTap's documentation; each maps to ``https://<region>.api.clevertap.com``.
REGIONS: frozenset[str] = frozenset({"in1", "us1", "eu1", "sg1", "aps3", "mec1", "sk1"})

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_SERVER_ERROR_CODE = 555


@dataclass(frozen=True)
class FailedRecord:
    """One record CleverTap did not accept, and why."""

    record: Any
    """The record as given (a dict, unless an ``invalid`` one was something else)."""
    outcome: str
    """``rejected``, ``not_sent``, ``unknown`` or ``invalid`` (see the module doc)."""
    reason: str
    code: int | None = None
    """CleverTap's per-record error code (``rejected`` only)."""
    http_status: int | None = None
    """The last HTTP status of the body's POST, or ``None`` (network error, not sent)."""

    @property
    def retryable(self) -> bool:
        """Whether sending the same record again can succeed."""
        if self.outcome == "rejected":
            return self.code == _SERVER_ERROR_CODE
        return self.outcome in ("not_sent", "unknown")


@dataclass
class UploadResult:
    """What happened to one :meth:`Uploader.upload` call's records."""

    processed: int = 0
    """The sum of CleverTap's ``processed`` counts."""
    failed: list[FailedRecord] = field(default_factory=list)
    bodies: int = 0
    """How many upload bodies were posted."""
    attempts: int = 0
    """How many HTTP requests were made (retries included)."""

    @property
    def ok(self) -> bool:
        """``True`` when every record was accepted."""
        return not self.failed


def _host(region: str | None) -> str:
    if region is None or region == "":
        return "https://api.clevertap.com"
    if not isinstance(region, str) or region not in REGIONS:
        raise InvalidArgument(f"unknown CleverTap region {region!r}; expected one of {sorted(REGIONS)}")
    return f"https://{region}.api.clevertap.com"


def _split(records: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[FailedRecord]]:
    """The ingest module's batching; records it refuses are returned instead of raised."""
    if isinstance(records, (str, bytes, bytearray, memoryview, Mapping)):
        raise InvalidArgument("records must be a list of record dicts")
    try:
        items: list[Any] = list(records)
    except TypeError as e:
        raise InvalidArgument(f"records must be a list of record dicts: {e}") from e
    try:
        return upload_bodies(items), []
    except (WaflowsError, TypeError, ValueError):
        pass
    good: list[Any] = []
    bad: list[FailedRecord] = []
    for r in items:
        try:
            upload_bodies([r])
        except (WaflowsError, TypeError, ValueError) as e:
            bad.append(FailedRecord(r, "invalid", str(e)))
        else:
            good.append(r)
    return upload_bodies(good), bad


def _reply_failures(batch: list[dict[str, Any]], status: int, text: bytes) -> tuple[int, list[FailedRecord]]:
    """Reads an HTTP 200 reply: ``(processed, failed records)``."""

    def unknown(why: str) -> list[FailedRecord]:
        return [FailedRecord(r, "unknown", why, http_status=status) for r in batch]

    try:
        reply = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return 0, unknown(f"CleverTap's reply is not JSON: {text[:200]!r}")
    if not isinstance(reply, dict):
        return 0, unknown(f"CleverTap's reply is not a JSON object: {text[:200]!r}")
    processed = reply.get("processed")
    unprocessed = reply.get("unprocessed", [])
    if not isinstance(processed, int) or isinstance(processed, bool) or not isinstance(unprocessed, list):
        return 0, unknown(f"CleverTap's reply has no usable processed/unprocessed: {text[:200]!r}")

    failed: list[FailedRecord] = []
    matched: set[int] = set()
    orphans: list[str] = []
    for entry in unprocessed:
        e = entry if isinstance(entry, dict) else {"error": entry}
        code = e.get("code") if isinstance(e.get("code"), int) else None
        why = str(e.get("error") or e.get("status") or "unprocessed")
        echoed = e.get("record")
        idx = next((i for i, r in enumerate(batch) if i not in matched and r == echoed), None)
        if idx is None:
            orphans.append(f"{code}: {why}" if code is not None else why)
            continue
        matched.add(idx)
        failed.append(FailedRecord(batch[idx], "rejected", why, code=code, http_status=status))

    unaccounted = len(batch) - processed - len(unprocessed)
    if orphans or unaccounted > 0:
        # The reply does not say which of the remaining records failed: report them all.
        why = (
            f"CleverTap processed {processed} of {len(batch)} records and did not say which failed"
            + (f" ({'; '.join(orphans[:5])})" if orphans else "")
            + "; this record may or may not have been stored"
        )
        failed += [FailedRecord(r, "unknown", why, http_status=status) for i, r in enumerate(batch) if i not in matched]
    return processed, failed


class _Base:
    def __init__(
        self,
        account_id: str,
        passcode: str,
        region: str | None,
        *,
        base_url: str | None = None,
        max_attempts: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        timeout: float = 30.0,
    ) -> None:
        if not isinstance(account_id, str) or not account_id:
            raise InvalidArgument("account_id must be a non-empty string")
        if not isinstance(passcode, str) or not passcode:
            raise InvalidArgument("passcode must be a non-empty string")
        if not isinstance(max_attempts, int) or isinstance(max_attempts, bool) or max_attempts < 1:
            raise InvalidArgument("max_attempts must be an int >= 1")
        host = _host(region) if base_url is None else base_url.rstrip("/")
        self.url = f"{host}/1/upload"
        self.headers = {
            "X-CleverTap-Account-Id": account_id,
            "X-CleverTap-Passcode": passcode,
            "Content-Type": "application/json; charset=utf-8",
        }
        self.max_attempts = max_attempts
        self.backoff = float(backoff)
        self.max_backoff = float(max_backoff)
        self.timeout = float(timeout)

    def _plan(
        self, records: Iterable[Mapping[str, Any]], result: UploadResult
    ) -> _Plan:
        """The upload as steps, shared by the blocking and the ``asyncio`` client: yields a
        :class:`_Body` to post (the driver sends back the response or the ``httpx`` error) or a
        delay in seconds to sleep before the next attempt; fills ``result`` as it goes."""
        bodies, invalid = _split(records)
        result.failed += invalid
        for text in bodies:
            result.bodies += 1
            b = _Body(text)
            for attempt in range(1, self.max_attempts + 1):
                result.attempts += 1
                answer = yield b
                if isinstance(answer, Exception):
                    b.on_error(answer)
                elif answer is not None and b.on_response(
                    result, answer.status_code, answer.content, answer.headers.get("Retry-After")
                ):
                    break
                if attempt == self.max_attempts:
                    b.give_up(result, attempt)
                else:
                    yield self._delay(attempt, b.retry_after)

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None and retry_after.strip().isdigit():
            return min(float(retry_after.strip()), self.max_backoff)
        delay: float = self.backoff * 2.0 ** (attempt - 1)
        return min(delay, self.max_backoff)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.url!r}, account_id={self.headers['X-CleverTap-Account-Id']!r})"


_Plan = Generator["_Body | float", "httpx.Response | httpx.HTTPError | None", None]


def _send(plan: _Plan, value: httpx.Response | httpx.HTTPError | None) -> _Body | float | None:
    """The plan's next step after ``value`` (``None`` when it is finished)."""
    try:
        return plan.send(value)
    except StopIteration:
        return None


def _not_sent(batch: list[dict[str, Any]], why: str, status: int | None) -> list[FailedRecord]:
    return [FailedRecord(r, "not_sent", why, http_status=status) for r in batch]


def _require_httpx() -> None:
    try:
        import httpx  # noqa: F401
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise WaflowsError("the CleverTap client needs httpx: pip install 'waflows[http]'", "missing_dependency") from e


class _Body:
    """One upload body's delivery state across attempts."""

    def __init__(self, body: str) -> None:
        self.body = body.encode()
        self.batch: list[dict[str, Any]] = json.loads(body)["d"]
        self.status: int | None = None
        self.why = ""
        self.maybe_delivered = False
        self.retry_after: str | None = None

    def on_error(self, e: Exception) -> None:
        """A transport error: retry. Only a failed connection proves nothing was delivered."""
        import httpx

        self.status, self.why, self.retry_after = None, f"network error: {e!r}", None
        self.maybe_delivered = not isinstance(e, (httpx.ConnectError, httpx.ConnectTimeout))

    def on_response(self, result: UploadResult, status: int, content: bytes, retry_after: str | None) -> bool:
        """Handles an answer; ``True`` when the body is finished (no retry)."""
        self.status, self.retry_after, self.maybe_delivered = status, retry_after, False
        if status == 200:
            n, failed = _reply_failures(self.batch, status, content)
            result.processed += n
            result.failed += failed
            return True
        self.why = f"HTTP {status}: {content[:200]!r}"
        if status not in _RETRY_STATUSES:
            result.failed += _not_sent(self.batch, self.why, status)
            return True
        return False

    def give_up(self, result: UploadResult, attempts: int) -> None:
        why = f"{self.why} (after {attempts} attempts)"
        if self.maybe_delivered:
            result.failed += [
                FailedRecord(r, "unknown", why + "; the request may have reached CleverTap", http_status=None)
                for r in self.batch
            ]
        else:
            result.failed += _not_sent(self.batch, why, self.status)


class Uploader(_Base):
    """Blocking CleverTap upload client on ``httpx.Client``.

    ``region`` is one of :data:`REGIONS` (``None`` or ``""``: the legacy ``api.clevertap.com``);
    ``base_url`` overrides the host (tests, proxies). ``sleep`` is called between retries with
    the delay in seconds (default ``time.sleep``). The passcode is never printed by ``repr``.
    """

    def __init__(
        self,
        account_id: str,
        passcode: str,
        region: str | None,
        *,
        base_url: str | None = None,
        client: httpx.Client | None = None,
        max_attempts: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(
            account_id, passcode, region, base_url=base_url, max_attempts=max_attempts,
            backoff=backoff, max_backoff=max_backoff, timeout=timeout,
        )
        self._client = client
        self._sleep = sleep

    def upload(self, records: Iterable[Mapping[str, Any]]) -> UploadResult:
        """Sends every record; returns the counts and every record not accepted."""
        _require_httpx()
        import httpx

        result = UploadResult()
        own = self._client is None
        client = self._client if self._client is not None else httpx.Client(timeout=self.timeout)
        try:
            plan = self._plan(records, result)
            step = _send(plan, None)
            while step is not None:
                if isinstance(step, _Body):
                    try:
                        r = client.post(self.url, content=step.body, headers=self.headers)
                    except httpx.HTTPError as e:
                        step = _send(plan, e)
                    else:
                        step = _send(plan, r)
                else:
                    self._sleep(step)
                    step = _send(plan, None)
        finally:
            if own:
                client.close()
        return result


class AsyncUploader(_Base):
    """The ``asyncio`` twin of :class:`Uploader`, on ``httpx.AsyncClient``; ``sleep`` defaults
    to ``asyncio.sleep``."""

    def __init__(
        self,
        account_id: str,
        passcode: str,
        region: str | None,
        *,
        base_url: str | None = None,
        client: httpx.AsyncClient | None = None,
        max_attempts: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        timeout: float = 30.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(
            account_id, passcode, region, base_url=base_url, max_attempts=max_attempts,
            backoff=backoff, max_backoff=max_backoff, timeout=timeout,
        )
        self._client = client
        self._sleep = sleep

    async def upload(self, records: Iterable[Mapping[str, Any]]) -> UploadResult:
        """Sends every record; returns the counts and every record not accepted."""
        _require_httpx()
        import httpx

        result = UploadResult()
        own = self._client is None
        client = self._client if self._client is not None else httpx.AsyncClient(timeout=self.timeout)
        try:
            plan = self._plan(records, result)
            step = _send(plan, None)
            while step is not None:
                if isinstance(step, _Body):
                    try:
                        r = await client.post(self.url, content=step.body, headers=self.headers)
                    except httpx.HTTPError as e:
                        step = _send(plan, e)
                    else:
                        step = _send(plan, r)
                else:
                    await self._sleep(step)
                    step = _send(plan, None)
        finally:
            if own:
                await client.aclose()
        return result
