"""The relay's HTTP driver: the platform endpoint of a ``platform+customer`` flow, forwarding
each request to the customer endpoint with ``httpx`` (``AsyncClient`` under ASGI, ``Client``
under WSGI) and finishing it with the customer's answer.

    relay = waflows.Relay(flow, setup="platform+customer", private_key=pem, app_secrets=[secret])
    driver = waflows.RelayDriver(
        relay,
        "https://customer.example/flows",
        timeout=8.0,                                   # under Meta's 10 s
        headers={"Authorization": "Bearer …"},         # the customer's auth
        forward_secret="shared-with-the-customer",     # X-Waflows-Signature-256
        forward_identity=True,                         # X-Waflows-Identity
        on_records=lambda records, result: upload(records),
    )
    app = driver.asgi()   # or driver.wsgi()

The customer checks the platform's signature with :func:`verify_forward_signature`. A
customer that times out, cannot be reached, or answers badly gets the fallback answer (the
current screen with the error text, or HTTP 500): the result says which
(``failure``: ``"timeout"``, ``"unreachable"``, ``"http_status"``, ``"bad_answer"``). Records
are handed over before the customer is called, so no network failure can lose them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from . import _waflows
from .endpoint import (
    _await_all,
    _call_safely,
    _check_http_options,
    _HttpApps,
    _Outcome,
    _refuse_renamed,
    _run_all,
    _secrets,
    _webhook_options,
)

__all__ = ["FORWARD_SIGNATURE_HEADER", "IDENTITY_HEADER", "RelayDriver", "RelayResult", "verify_forward_signature"]

log = logging.getLogger("waflows.relay")

#: The header carrying the HMAC-SHA256 of the forwarded body (``sha256=<hex>``).
FORWARD_SIGNATURE_HEADER = "X-Waflows-Signature-256"
#: The header carrying the user's identity, when ``forward_identity=True``.
IDENTITY_HEADER = "X-Waflows-Identity"
#: Default time budget for the customer, in seconds (Meta gives the endpoint 10 s).
DEFAULT_TIMEOUT = 8.0
#: Largest customer answer read, in bytes (the core refuses larger ones anyway).
MAX_CUSTOMER_BODY_BYTES = 1 << 20


def verify_forward_signature(body: bytes | bytearray | memoryview | str, header: str | bytes | None, secrets: Any) -> None:
    """For the customer's side: checks ``X-Waflows-Signature-256`` (``sha256=<hex>``, the
    HMAC-SHA256 of the exact body with the shared secret; several secrets during rotation).
    Raises ``waflows.InvalidSignature`` when it is missing or does not match."""
    _waflows.verify_signature(body, header, secrets)


@dataclass
class RelayResult:
    """One relayed request: what was answered and why.

    ``status`` / ``body`` are what Meta got; ``reply`` is the core's final decision (its
    ``reply_kind``, ``error_code``, ``records`` …); ``forwarded`` whether the customer was
    called; ``failure`` ``None`` or ``"timeout"``, ``"unreachable"``, ``"http_status"``,
    ``"bad_answer"``; ``customer_status`` the customer's HTTP status when it answered;
    ``detail`` the transport error's text."""

    status: int
    body: str
    reply: Any
    forwarded: bool = False
    failure: str | None = None
    customer_status: int | None = None
    detail: str | None = None
    records: list[dict[str, Any]] = field(default_factory=list)


class RelayDriver(_HttpApps):
    """Drives a :class:`waflows.Relay` over HTTP. See the module documentation.

    ``RelayDriver(relay, customer_url, *, timeout=8.0, headers=None, forward_secret=None,
    forward_identity=False, client=None, async_client=None, on_records=None, on_result=None,
    app_secrets=None, verify_token=None, on_webhook=None, on_completion=None,
    on_flows_event=None, policy=None, coerce_subscription_booleans=None, identity_style=None,
    fallback_event=None, max_body_bytes=1 MiB, clock=time.time)``

    ``app_secrets`` / ``verify_token`` and the webhook callbacks serve Meta's webhook from the
    same apps, as :class:`waflows.FlowEndpoint` does (give the relay the same app secrets).
    ``policy`` … ``fallback_event`` are :func:`waflows.ingest.ingest_webhook`'s options for
    those webhook POSTs (data requests follow the relay's own configuration), with the same
    names as the relay's and the endpoint's keys.
    """

    def __init__(
        self,
        relay: Any,
        customer_url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        forward_secret: str | bytes | None = None,
        forward_identity: bool = False,
        client: Any = None,
        async_client: Any = None,
        on_records: Callable[..., Any] | None = None,
        on_result: Callable[..., Any] | None = None,
        app_secrets: Iterable[str | bytes] | str | bytes | None = None,
        verify_token: str | None = None,
        on_webhook: Callable[..., Any] | None = None,
        on_completion: Callable[..., Any] | None = None,
        on_flows_event: Callable[..., Any] | None = None,
        policy: str | None = None,
        coerce_subscription_booleans: bool | None = None,
        identity_style: str | None = None,
        fallback_event: str | None = None,
        max_body_bytes: int = 1 << 20,
        clock: Callable[[], float] = time.time,
        **renamed: NoReturn,
    ) -> None:
        from .errors import InvalidArgument

        _refuse_renamed("RelayDriver", renamed)
        if not isinstance(relay, _waflows.Relay):
            raise InvalidArgument("relay must be a waflows.Relay", "invalid_argument")
        if not isinstance(customer_url, str) or not customer_url.startswith(("http://", "https://")):
            raise InvalidArgument("customer_url must be an http:// or https:// URL", "invalid_argument")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < 10:
            raise InvalidArgument("timeout must be a number of seconds in (0, 10): Meta waits 10 s", "invalid_argument")
        self.relay = relay
        self.customer_url = customer_url
        self.timeout = float(timeout)
        self.headers = {str(k): str(v) for k, v in (headers or {}).items()}
        if isinstance(forward_secret, str):
            forward_secret = forward_secret.encode()
        if forward_secret is not None and not forward_secret:
            raise InvalidArgument("forward_secret must not be empty", "invalid_argument")
        self.forward_secret = forward_secret
        self.forward_identity = bool(forward_identity)
        self._client = client
        self._async_clients: dict[int, Any] = {}
        if async_client is not None:
            self._async_clients[-1] = async_client
        self.on_records = on_records
        self.on_result = on_result
        self._app_secrets = _secrets(app_secrets, "app_secrets")
        self.verify_token = verify_token
        self.on_webhook = on_webhook
        self.on_completion = on_completion
        self.on_flows_event = on_flows_event
        self._webhook_options = _webhook_options(policy, coerce_subscription_booleans, identity_style, fallback_event)
        if isinstance(max_body_bytes, bool) or not isinstance(max_body_bytes, int) or not 0 < max_body_bytes <= 1 << 20:
            raise InvalidArgument("max_body_bytes must be an int from 1 to 1 MiB (the codec's limit)", "invalid_argument")
        self.max_body_bytes = max_body_bytes
        self._clock = clock
        _check_http_options(
            "RelayDriver",
            verify_token,
            clock,
            on_records=on_records,
            on_result=on_result,
            on_webhook=on_webhook,
            on_completion=on_completion,
            on_flows_event=on_flows_event,
        )

    # --- the forward ---------------------------------------------------------------------

    def _forward_headers(self, forward: Any, body: bytes) -> dict[str, str]:
        h = {"Content-Type": "application/json", **self.headers}
        if self.forward_secret is not None:
            h[FORWARD_SIGNATURE_HEADER] = _waflows.sign(body, self.forward_secret)
        if self.forward_identity and forward.identity is not None:
            h[IDENTITY_HEADER] = forward.identity
        return h

    def _finish(self, forward: Any, status: int | None, body: bytes | None, failure: str | None, detail: str | None) -> RelayResult:
        if failure == "timeout":
            reply = forward.timeout()
        elif failure == "unreachable":
            reply = forward.unreachable()
        else:
            assert status is not None
            reply = forward.resume(status, body or b"")
            if reply.reply_kind == "fallback":
                failure = "http_status" if status not in (200, 427) else "bad_answer"
        if failure is not None:
            log.warning(
                "waflows relay: customer %s (%s); answered %s with the fallback",
                failure,
                detail or reply.error_message,
                reply.status,
            )
        return RelayResult(
            status=reply.status,
            body=reply.body,
            reply=reply,
            forwarded=True,
            failure=failure,
            customer_status=status,
            detail=detail,
            records=forward.records,
        )

    @staticmethod
    def _reply_result(reply: Any) -> RelayResult:
        return RelayResult(status=reply.status, body=reply.body, reply=reply, records=reply.records)

    def handle(self, body: bytes, signature: str | None = None, *, identity: str | None = None) -> RelayResult:
        """One request, synchronously (``httpx.Client``)."""
        return self._handle_result_sync(bytes(body), signature, identity)

    async def handle_async(self, body: bytes, signature: str | None = None, *, identity: str | None = None) -> RelayResult:
        """One request on an event loop (``httpx.AsyncClient``)."""
        return await self._handle_result_async(bytes(body), signature, identity)

    def _decide(self, body: bytes, signature: str | None, identity: str | None) -> Any:
        return self.relay.handle(body, signature, now=self._clock(), identity=identity)

    def _handle_result_sync(self, body: bytes, signature: str | None, identity: str | None) -> RelayResult:
        import httpx

        decision = self._decide(body, signature, identity)
        if decision.kind == "reply":
            result = self._reply_result(decision)
        else:
            if decision.records and self.on_records is not None:
                _run_all(_call_safely(self.on_records, decision.records, decision))
            payload = decision.forward_json.encode()
            headers = self._forward_headers(decision, payload)
            deadline = time.monotonic() + self.timeout
            try:
                client = self._sync_client()
                with client.stream(
                    "POST", self.customer_url, content=payload, headers=headers, timeout=httpx.Timeout(self.timeout)
                ) as r:
                    data = _read_capped(r.iter_bytes(), deadline)
                result = self._finish(decision, r.status_code, data, None, None)
            except (httpx.TimeoutException, _Deadline) as e:
                result = self._finish(decision, None, None, "timeout", _describe(e))
            except Exception as e:  # noqa: BLE001 - any transport failure ends in the fallback
                result = self._finish(decision, None, None, "unreachable", _describe(e))
        _run_all(_call_safely(self.on_result, result) if self.on_result else [])
        return result

    async def _handle_result_async(self, body: bytes, signature: str | None, identity: str | None) -> RelayResult:
        import httpx

        decision = self._decide(body, signature, identity)
        if decision.kind == "reply":
            result = self._reply_result(decision)
        else:
            if decision.records and self.on_records is not None:
                await _await_all(_call_safely(self.on_records, decision.records, decision))
            payload = decision.forward_json.encode()
            headers = self._forward_headers(decision, payload)
            client = self._async_client()

            async def call() -> tuple[int, bytes]:
                async with client.stream(
                    "POST", self.customer_url, content=payload, headers=headers, timeout=httpx.Timeout(self.timeout)
                ) as r:
                    chunks = bytearray()
                    async for chunk in r.aiter_bytes():
                        chunks += chunk
                        if len(chunks) > MAX_CUSTOMER_BODY_BYTES:
                            break
                    return r.status_code, bytes(chunks)

            try:
                status, data = await asyncio.wait_for(call(), self.timeout)
                result = self._finish(decision, status, data, None, None)
            except (httpx.TimeoutException, asyncio.TimeoutError) as e:
                result = self._finish(decision, None, None, "timeout", _describe(e))
            except Exception as e:  # noqa: BLE001
                result = self._finish(decision, None, None, "unreachable", _describe(e))
        await _await_all(_call_safely(self.on_result, result) if self.on_result else [])
        return result

    def _sync_client(self) -> Any:
        if self._client is None:
            import httpx

            self._client = httpx.Client(follow_redirects=False)
        return self._client

    def _async_client(self) -> Any:
        given = self._async_clients.get(-1)
        if given is not None:
            return given
        import httpx

        # An AsyncClient belongs to the event loop that made it.
        key = id(asyncio.get_running_loop())
        c = self._async_clients.get(key)
        if c is None:
            c = self._async_clients[key] = httpx.AsyncClient(follow_redirects=False)
        return c

    def close(self) -> None:
        """Closes the HTTP client the driver made for the WSGI side (not one given to it)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    async def aclose(self) -> None:
        """Closes the ``AsyncClient`` the driver made for the running event loop."""
        c = self._async_clients.pop(id(asyncio.get_running_loop()), None)
        if c is not None:
            await c.aclose()

    # --- _HttpApps -----------------------------------------------------------------------

    def _handle_sync(self, body: bytes, signature: str | None) -> _Outcome:
        r = self._handle_result_sync(body, signature, None)
        return _Outcome(r.status, r.body.encode("ascii"))

    async def _handle_async(self, body: bytes, signature: str | None) -> _Outcome:
        r = await self._handle_result_async(body, signature, None)
        return _Outcome(r.status, r.body.encode("ascii"))


class _Deadline(Exception):
    """The customer's answer did not arrive within the driver's whole time budget."""


def _read_capped(chunks: Iterable[bytes], deadline: float) -> bytes:
    out = bytearray()
    for chunk in chunks:
        out += chunk
        if len(out) > MAX_CUSTOMER_BODY_BYTES:
            break
        if time.monotonic() > deadline:
            raise _Deadline("the customer's answer took longer than the time budget")
    return bytes(out)


def _describe(e: BaseException) -> str:
    text = str(e)
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
