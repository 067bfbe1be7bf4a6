"""A complete WhatsApp Flows endpoint in a few lines: per-action and per-screen handlers, sync or
``async def``, served as an ASGI 3 or a WSGI application with no web framework dependency.

    import waflows

    endpoint = waflows.FlowEndpoint(private_key=pem, app_secrets=["app-secret"], flow_json=flow)

    @endpoint.on("INIT")
    def start(request):
        return waflows.NextScreen("WELCOME", {"name": "there"})

    @endpoint.on("data_exchange", screen="WELCOME")
    async def welcome(request):
        return waflows.Close({"chosen": request.data.get("choice")})

    app = endpoint.asgi()      # or endpoint.wsgi()

Meta's contract (size, signature 432, envelope 400, decryption 421, ping, error notifications,
flow token 427, ingestion of ``ct-evt`` / ``ct-up``) is handled by the Rust core before a
handler runs; every answer is checked against the Flow JSON (when given) before it is encrypted.
The same apps serve the webhook (``GET`` verification, signed ``POST`` with completions and
``flows`` events) when ``verify_token`` is set.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn, Union
from urllib.parse import parse_qs

from . import _waflows
from .errors import WaflowsError

__all__ = [
    "Close",
    "EndpointRequest",
    "ErrorMessage",
    "FlowEndpoint",
    "FlowTokenNoLongerValid",
    "NextScreen",
    "WebhookEvent",
]

log = logging.getLogger("waflows.endpoint")

#: Largest webhook body accepted, in bytes (Meta's webhooks are a few KiB).
MAX_WEBHOOK_BYTES = 4 << 20


@dataclass(frozen=True)
class NextScreen:
    """Show ``screen`` with ``data``."""

    screen: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def _answer(self) -> dict[str, Any]:
        return {"type": "next_screen", "screen": self.screen, "data": dict(self.data)}


@dataclass(frozen=True)
class Close:
    """Close the flow (``SUCCESS``); the flow token is added to ``params``."""

    params: Mapping[str, Any] = field(default_factory=dict)

    def _answer(self) -> dict[str, Any]:
        return {"type": "close", "params": dict(self.params)}


@dataclass(frozen=True)
class ErrorMessage:
    """Stay on the current screen and show ``text`` (its ``error_message``)."""

    text: str

    def _answer(self) -> dict[str, Any]:
        return {"type": "error_message", "message": self.text}


class FlowTokenNoLongerValid(Exception):
    """Raise it from a handler: HTTP 427, WhatsApp shows ``message`` and ends the flow."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "")
        self.message = message


Answer = Union[NextScreen, Close, ErrorMessage]


@dataclass(frozen=True)
class EndpointRequest:
    """What a handler sees: the decrypted request, checked (``ct-evt`` / ``ct-up`` are taken out
    and turned into ``records``)."""

    action: str
    screen: str | None
    data: dict[str, Any]
    flow_token: str | None
    version: str | None
    identity: str | None
    records: list[dict[str, Any]]


@dataclass(frozen=True)
class WebhookEvent:
    """One signed webhook POST, as handed to ``on_webhook``: ``completions`` (flow
    completions, ``nfm_reply``), ``records`` (their CleverTap records), ``problems``,
    ``flows_events`` (every ``flows`` field change, as :class:`waflows.FlowsEvent`) and the
    parsed ``body``."""

    completions: list[dict[str, Any]]
    records: list[dict[str, Any]]
    problems: list[Any]
    flows_events: list[Any]
    body: dict[str, Any]


Handler = Callable[[EndpointRequest], Union[Answer, Awaitable[Answer]]]


class _Outcome:
    """The HTTP answer for one request, plus the core's response dict (None for webhooks)."""

    __slots__ = ("status", "body", "content_type", "response")

    def __init__(
        self, status: int, body: bytes, content_type: str = "text/plain", response: dict[str, Any] | None = None
    ) -> None:
        self.status = status
        self.body = body
        self.content_type = content_type
        self.response = response


_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    411: "Length Required",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    421: "Misdirected Request",
    427: "Flow Token No Longer Valid",
    432: "Signature Mismatch",
    500: "Internal Server Error",
}


def _plain(status: int, text: str = "") -> _Outcome:
    return _Outcome(status, text.encode())


class _HttpApps:
    """The HTTP side shared by :class:`FlowEndpoint` and the relay's driver: method, size and
    content-type checks, webhook verification and signed webhook POSTs, and the ASGI / WSGI
    applications. Subclasses give ``_handle_sync`` / ``_handle_async`` for data requests."""

    max_body_bytes: int
    verify_token: str | None
    _app_secrets: tuple[str | bytes, ...]
    _webhook_options: dict[str, Any]
    on_records: Callable[..., Any] | None
    on_webhook: Callable[..., Any] | None
    on_completion: Callable[..., Any] | None
    on_flows_event: Callable[..., Any] | None

    def _handle_sync(self, body: bytes, signature: str | None) -> _Outcome:
        raise NotImplementedError

    async def _handle_async(self, body: bytes, signature: str | None) -> _Outcome:
        raise NotImplementedError

    # --- the webhook ---------------------------------------------------------------------

    def _verify(self, query: str) -> _Outcome:
        q = parse_qs(query, keep_blank_values=True)

        def one(k: str) -> str | None:
            v = q.get(k)
            return v[0] if v and len(v) == 1 else None

        mode, token, challenge = one("hub.mode"), one("hub.verify_token"), one("hub.challenge")
        if mode is None and token is None and challenge is None:
            return _plain(405, "POST the Flows endpoint requests here")
        if self.verify_token is None:
            return _plain(403, "webhook verification is not configured")
        if mode != "subscribe" or challenge is None or token is None:
            return _plain(400, "hub.mode=subscribe, hub.verify_token and hub.challenge are required")
        if not _same(token, self.verify_token):
            return _plain(403, "wrong hub.verify_token")
        return _Outcome(200, challenge.encode(), "text/plain")

    def _webhook(self, doc: dict[str, Any], body: bytes, signature: str | None) -> tuple[_Outcome, WebhookEvent | None]:
        if not self._app_secrets:
            return _plain(403, "webhook POSTs need app_secrets to check X-Hub-Signature-256"), None
        if signature is None:
            return _plain(401, "X-Hub-Signature-256 is missing"), None
        try:
            _waflows.verify_signature(body, signature, self._app_secrets)
        except WaflowsError:
            return _plain(401, "X-Hub-Signature-256 does not match"), None
        try:
            ingested = _waflows.ingest_webhook(body, **self._webhook_options)
            completions, records, problems = ingested.completions, ingested.records, ingested.problems
        except WaflowsError as e:
            log.warning("waflows webhook: not a messages webhook (%s); acknowledged", e)
            completions, records, problems = [], [], []
        try:
            flows = _waflows.flows_events(body)
        except WaflowsError as e:
            log.warning("waflows webhook: flows changes not readable (%s); acknowledged", e)
            flows = []
        event = WebhookEvent(completions, records, problems, flows, doc)
        return _Outcome(200, b"", "text/plain"), event

    def _webhook_callbacks(self, event: WebhookEvent) -> list[Any]:
        pending: list[Any] = []
        if self.on_webhook is not None:
            pending.extend(_call_safely(self.on_webhook, event))
        if self.on_records is not None and event.records:
            pending.extend(_call_safely(self.on_records, event.records, None))
        if self.on_completion is not None:
            for c in event.completions:
                pending.extend(_call_safely(self.on_completion, c))
        if self.on_flows_event is not None:
            for f in event.flows_events:
                pending.extend(_call_safely(self.on_flows_event, f))
        return pending

    def _classify(self, body: bytes) -> dict[str, Any] | None:
        """A webhook body (a JSON object with ``object`` and ``entry``), or None for a data
        request. Cheap for data requests: they never contain ``"entry"``."""
        if b'"entry"' not in body:
            return None
        try:
            doc = json.loads(body)
        except ValueError:
            return None
        if isinstance(doc, dict) and "entry" in doc and "encrypted_flow_data" not in doc:
            return doc
        return None

    # --- HTTP, framework-free ------------------------------------------------------------

    def _precheck(
        self, method: str, content_type: str | None, content_length: str | None
    ) -> tuple[_Outcome | None, int | None]:
        """The checks made before any body is read, for both apps: (an early answer or None,
        the declared body length or None)."""
        length = _int(content_length)
        if length is None and content_length:
            return _plain(400, "Content-Length is not a number"), None
        if method not in ("POST", "GET", "HEAD"):
            return _plain(405, "only POST (and GET for webhook verification)"), length
        if method == "POST":
            if length is not None and length > max(self.max_body_bytes, MAX_WEBHOOK_BYTES):
                return _plain(413, "request body too large"), length
            if content_type is not None:
                ct = content_type.split(";", 1)[0].strip().lower()
                if ct and ct != "application/json" and ct != "text/plain":
                    return _plain(415, "expected application/json"), length
        return None, length

    def asgi(self) -> Callable[..., Awaitable[None]]:
        """An ASGI 3 application: ``POST`` at its root is the data endpoint (and signed
        webhooks), ``GET`` the webhook verification. Mount it anywhere."""
        limit = max(self.max_body_bytes, MAX_WEBHOOK_BYTES)

        async def app(scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
            if scope["type"] == "lifespan":
                while True:
                    msg = await receive()
                    if msg["type"] == "lifespan.startup":
                        await send({"type": "lifespan.startup.complete"})
                    elif msg["type"] == "lifespan.shutdown":
                        await send({"type": "lifespan.shutdown.complete"})
                        return
            if scope["type"] != "http":
                return
            outcome = await self._asgi_outcome(scope, receive, limit)
            headers = [(b"content-type", outcome.content_type.encode()), (b"content-length", str(len(outcome.body)).encode())]
            await send({"type": "http.response.start", "status": outcome.status, "headers": headers})
            await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else outcome.body})

        return app

    async def _asgi_outcome(self, scope: dict[str, Any], receive: Callable[..., Any], limit: int) -> _Outcome:
        try:
            method = scope["method"]
            path, root = scope.get("path", "/"), scope.get("root_path", "")
            if _below_root(path[len(root) :] if root and path.startswith(root) else path):
                return _plain(404, "the endpoint answers at the root of its mount")
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
            early, length = self._precheck(method, headers.get("content-type"), headers.get("content-length"))
            if early is not None:
                return early
            if method in ("GET", "HEAD"):
                return self._verify(scope.get("query_string", b"").decode("latin-1"))
            chunks: list[bytes] = []
            size = 0
            while True:
                msg = await receive()
                if msg["type"] == "http.disconnect":
                    return _plain(400, "client disconnected")
                chunk = msg.get("body", b"")
                size += len(chunk)
                if size > limit:
                    return _plain(413, "request body too large")
                chunks.append(chunk)
                if not msg.get("more_body", False):
                    break
            body = b"".join(chunks)
            if not body:
                return _plain(400, "empty body")
            signature = headers.get("x-hub-signature-256")
            doc = self._classify(body)
            if doc is not None:
                outcome, event = self._webhook(doc, body, signature)
                if event is not None:
                    await _await_all(self._webhook_callbacks(event))
                return outcome
            return await self._handle_async(body, signature)
        except Exception:  # noqa: BLE001 - never a traceback to Meta
            log.exception("waflows endpoint: internal error; answering 500")
            return _plain(500)

    def wsgi(self) -> Callable[..., Iterable[bytes]]:
        """A WSGI application with the same behaviour as :meth:`asgi`."""
        limit = max(self.max_body_bytes, MAX_WEBHOOK_BYTES)

        def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            outcome = self._wsgi_outcome(environ, limit)
            start_response(
                f"{outcome.status} {_REASONS.get(outcome.status, 'Status')}",
                [("Content-Type", outcome.content_type), ("Content-Length", str(len(outcome.body)))],
            )
            return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else outcome.body]

        return app

    def _wsgi_outcome(self, environ: dict[str, Any], limit: int) -> _Outcome:
        try:
            method = environ.get("REQUEST_METHOD", "GET")
            if _below_root(environ.get("PATH_INFO", "")):
                return _plain(404, "the endpoint answers at the root of its mount")
            early, length = self._precheck(method, environ.get("CONTENT_TYPE"), environ.get("CONTENT_LENGTH"))
            if early is not None:
                return early
            if method in ("GET", "HEAD"):
                return self._verify(environ.get("QUERY_STRING", ""))
            stream = environ["wsgi.input"]
            if length is None:
                if environ.get("HTTP_TRANSFER_ENCODING", "").lower() != "chunked" and not environ.get(
                    "wsgi.input_terminated"
                ):
                    return _plain(411, "Content-Length is required")
                body = stream.read(limit + 1)
            else:
                body = stream.read(length)
            if len(body) > limit:
                return _plain(413, "request body too large")
            if not body:
                return _plain(400, "empty body")
            signature = environ.get("HTTP_X_HUB_SIGNATURE_256")
            doc = self._classify(body)
            if doc is not None:
                outcome, event = self._webhook(doc, body, signature)
                if event is not None:
                    _run_all(self._webhook_callbacks(event))
                return outcome
            return self._handle_sync(body, signature)
        except Exception:  # noqa: BLE001
            log.exception("waflows endpoint: internal error; answering 500")
            return _plain(500)


class FlowEndpoint(_HttpApps):
    """A complete flow endpoint.

    ``FlowEndpoint(private_key=..., app_secrets=..., flow_json=None, token_secrets=None, *,
    password=None, flow_id=None, policy=None, coerce_subscription_booleans=None,
    error_message=None, token_error_message=None, max_body_bytes=None, identity_style=None,
    fallback_event=None, verify_token=None, on_records=None, on_response=None,
    on_notification=None, on_webhook=None, on_completion=None, on_flows_event=None,
    clock=time.time)``.

    - ``private_key``: a ``waflows.PrivateKey`` or its PEM; ``app_secrets``: Meta app secrets
      (signatures are checked when given — give them in production); ``token_secrets``: flow
      token secrets, each text or ``{"id": ..., "secret": ...}`` (tokens are checked when
      given); ``flow_json``: the flow (answers are checked against it when given).
    - ``app_secrets`` … ``token_error_message`` are the keys of :class:`waflows.Relay`'s
      configuration (same names, types and defaults; None = the default), plus
      ``max_body_bytes``. ``policy`` and ``coerce_subscription_booleans`` apply to the
      ``ct-evt`` / ``ct-up`` of data requests and to the webhook; ``identity_style`` and
      ``fallback_event`` are :func:`waflows.ingest.ingest_webhook`'s, for the webhook.
    - ``on_records(records, request)``: CleverTap upload records from ``ct-evt`` / ``ct-up``
      (called before the handler, so nothing is lost if it fails).
    - ``on_response(response)``: the core's response dict for every data request (status,
      kind, error, dropped keys …), for logs and metrics.
    - ``on_notification(notification)``: error notifications the phone sent.
    - Webhook (needs ``verify_token`` for ``GET`` and ``app_secrets`` for ``POST``):
      ``on_webhook(WebhookEvent)``, ``on_completion(completion)`` per completion,
      ``on_flows_event(event)`` per ``flows`` field change (a :class:`waflows.FlowsEvent`).

    Callbacks may be plain functions or ``async def`` (the ASGI app awaits them; the WSGI app
    and :meth:`handle` run coroutines with ``asyncio.run``).
    """

    def __init__(
        self,
        *,
        private_key: Any,
        app_secrets: Iterable[str | bytes] | str | bytes | None = None,
        flow_json: Any = None,
        token_secrets: Any = None,
        password: bytes | str | None = None,
        flow_id: str | None = None,
        policy: str | None = None,
        coerce_subscription_booleans: bool | None = None,
        error_message: str | None = None,
        token_error_message: str | None = None,
        max_body_bytes: int | None = None,
        identity_style: str | None = None,
        fallback_event: str | None = None,
        verify_token: str | None = None,
        on_records: Callable[..., Any] | None = None,
        on_response: Callable[..., Any] | None = None,
        on_notification: Callable[..., Any] | None = None,
        on_webhook: Callable[..., Any] | None = None,
        on_completion: Callable[..., Any] | None = None,
        on_flows_event: Callable[..., Any] | None = None,
        clock: Callable[[], float] = time.time,
        **renamed: NoReturn,
    ) -> None:
        _refuse_renamed("FlowEndpoint", renamed)
        self._app_secrets = _secrets(app_secrets, "app_secrets")
        # The core reads these keys exactly as the relay reads its own (None = the default).
        config = {
            "app_secrets": self._app_secrets or None,
            "token_secrets": token_secrets,
            "flow_id": flow_id,
            "policy": policy,
            "coerce_subscription_booleans": coerce_subscription_booleans,
            "error_message": error_message,
            "token_error_message": token_error_message,
            "max_body_bytes": max_body_bytes,
        }
        self._core = _waflows.Endpoint(private_key, flow_json=flow_json, password=password, config=config)
        self.max_body_bytes: int = max_body_bytes if max_body_bytes is not None else 1 << 20
        self.verify_token = verify_token
        self._routes: dict[tuple[str, str | None], Handler] = {}
        self._default: Handler | None = None
        self.on_records = on_records
        self.on_response = on_response
        self.on_notification = on_notification
        self.on_webhook = on_webhook
        self.on_completion = on_completion
        self.on_flows_event = on_flows_event
        self._clock = clock
        self._webhook_options = _webhook_options(policy, coerce_subscription_booleans, identity_style, fallback_event)
        _check_http_options(
            "FlowEndpoint",
            verify_token,
            clock,
            on_records=on_records,
            on_response=on_response,
            on_notification=on_notification,
            on_webhook=on_webhook,
            on_completion=on_completion,
            on_flows_event=on_flows_event,
        )

    # --- routing -------------------------------------------------------------------------

    def on(self, action: str, screen: str | None = None) -> Callable[[Handler], Handler]:
        """Registers a handler for ``action`` (``"INIT"``, ``"BACK"``, ``"data_exchange"``),
        optionally for one ``screen`` only. A screen-specific handler wins over an action-wide
        one; ``"*"`` (or :meth:`default`) handles whatever nothing else does."""
        if not isinstance(action, str) or not action:
            raise _invalid("action must be a non-empty string")
        if screen is not None and (not isinstance(screen, str) or not screen):
            raise _invalid("screen must be a non-empty string or None")

        def register(fn: Handler) -> Handler:
            if not callable(fn):
                raise _invalid("a handler must be callable")
            if action == "*":
                self._default = fn
            else:
                self._routes[(action, screen)] = fn
            return fn

        return register

    def default(self, fn: Handler) -> Handler:
        """Registers the handler for requests no other handler takes."""
        return self.on("*")(fn)

    def _route(self, request: EndpointRequest) -> Handler | None:
        return (
            self._routes.get((request.action, request.screen))
            or self._routes.get((request.action, None))
            or self._default
        )

    # --- the data endpoint ---------------------------------------------------------------

    def _start(self, body: bytes, signature: str | None) -> tuple[Any, _Outcome | None]:
        """Runs the core's checks (GIL released during the RSA work)."""
        step = self._core.handle(body, signature, now=int(self._clock()))
        if isinstance(step, dict):
            return None, self._finish(step)
        return step, None

    def _finish(self, response: dict[str, Any]) -> _Outcome:
        return _Outcome(int(response["status"]), response["body"].encode("ascii"), "text/plain", response)

    @staticmethod
    def _request_of(pending: Any) -> EndpointRequest:
        r = pending.request
        return EndpointRequest(
            action=r["action"],
            screen=r["screen"],
            data=r["data"],
            flow_token=r["flow_token"],
            version=r["version"],
            identity=r["identity"],
            records=pending.records,
        )

    def _answer(self, pending: Any, handler: Handler | None, result: Any, error: BaseException | None) -> _Outcome:
        if handler is None:
            log.error("waflows endpoint: no handler for this request; answering 500")
            return self._finish(pending.fail("no handler is registered for this request"))
        if isinstance(error, FlowTokenNoLongerValid):
            return self._finish(pending.answer({"type": "token_no_longer_valid", "message": error.message}))
        if error is not None:
            log.error("waflows endpoint: the handler raised; answering 500", exc_info=error)
            return self._finish(pending.fail(f"the handler raised {type(error).__name__}"))
        if isinstance(result, (NextScreen, Close, ErrorMessage)):
            try:
                return self._finish(pending.answer(result._answer()))
            except WaflowsError as e:  # data that is not JSON (a set, an object …)
                log.error("waflows endpoint: the handler's answer is not JSON data (%s); answering 500", e)
                return self._finish(pending.fail(f"the handler's answer is not JSON data: {e}"))
        log.error(
            "waflows endpoint: the handler returned %s, not NextScreen, Close or ErrorMessage; answering 500",
            type(result).__name__,
        )
        return self._finish(pending.fail(f"the handler returned {type(result).__name__}"))

    def _notify(self, outcome: _Outcome) -> list[Any]:
        """Calls on_response / on_notification; returns coroutines to await (ASGI)."""
        pending: list[Any] = []
        r = outcome.response
        if r is None:
            return pending
        for cb, arg in ((self.on_response, r), (self.on_notification, r.get("notification"))):
            if cb is not None and arg is not None:
                pending.extend(_call_safely(cb, arg))
        return pending

    def handle(self, body: bytes, signature: str | None = None) -> tuple[int, bytes, dict[str, Any] | None]:
        """Runs one data-endpoint request synchronously: ``(status, body, response)``. An
        ``async def`` handler is run with ``asyncio.run`` (use :meth:`handle_async` inside an
        event loop)."""
        outcome = self._handle_sync(bytes(body), signature)
        return outcome.status, outcome.body, outcome.response

    def _handle_sync(self, body: bytes, signature: str | None) -> _Outcome:
        pending, early = self._start(body, signature)
        if early is not None:
            _run_all(self._notify(early))
            return early
        request = self._request_of(pending)
        if request.records and self.on_records is not None:
            _run_all(_call_safely(self.on_records, request.records, request))
        handler = self._route(request)
        result: Any = None
        error: BaseException | None = None
        if handler is not None:
            try:
                result = handler(request)
                if inspect.isawaitable(result):
                    result = _run_coroutine(result)
            except Exception as e:  # noqa: BLE001 - a handler's failure is a 500, never a traceback
                error = e
        outcome = self._answer(pending, handler, result, error)
        _run_all(self._notify(outcome))
        return outcome

    async def handle_async(self, body: bytes, signature: str | None = None) -> tuple[int, bytes, dict[str, Any] | None]:
        """:meth:`handle` for an event loop: the core's work (≈0.4 ms, GIL released) runs on
        the loop; ``async def`` handlers are awaited on it; plain handlers run in a worker
        thread so a slow one never stalls other requests."""
        outcome = await self._handle_async(bytes(body), signature)
        return outcome.status, outcome.body, outcome.response

    async def _handle_async(self, body: bytes, signature: str | None) -> _Outcome:
        pending, early = self._start(body, signature)
        if early is not None:
            await _await_all(self._notify(early))
            return early
        request = self._request_of(pending)
        if request.records and self.on_records is not None:
            await _await_all(_call_safely(self.on_records, request.records, request))
        handler = self._route(request)
        result: Any = None
        error: BaseException | None = None
        if handler is not None:
            try:
                if _is_async(handler):
                    result = await handler(request)  # type: ignore[misc]
                else:
                    result = await asyncio.get_running_loop().run_in_executor(None, handler, request)
                    if inspect.isawaitable(result):
                        result = await result
            except Exception as e:  # noqa: BLE001
                error = e
        outcome = self._answer(pending, handler, result, error)
        await _await_all(self._notify(outcome))
        return outcome

# --- helpers -----------------------------------------------------------------------------


#: Keyword arguments that were renamed, and their new names (pre-1.0: refused, no alias).
_RENAMED = {"ingest_policy": "policy"}


def _refuse_renamed(owner: str, kwargs: Mapping[str, Any]) -> None:
    """Refuses keywords the signature does not have, naming the new one for a renamed one.
    (An ``InvalidArgument`` is a ``TypeError`` too, as Python's own refusal would be.)"""
    for name in kwargs:
        new = _RENAMED.get(name)
        if new is not None:
            raise _invalid(f"{owner}: {name}= was renamed {new}= (the relay's name for it)")
        raise _invalid(f"{owner}: unexpected keyword argument {name!r}")


def _check_http_options(owner: str, verify_token: Any, clock: Any, **callbacks: Any) -> None:
    """Refuses now what would otherwise fail on every request (a 500 each time)."""
    if verify_token is not None and (not isinstance(verify_token, str) or not verify_token):
        raise _invalid(f"{owner}: verify_token must be a non-empty str or None")
    if not callable(clock):
        raise _invalid(f"{owner}: clock must be callable (returning UNIX seconds)")
    for name, fn in callbacks.items():
        if fn is not None and not callable(fn):
            raise _invalid(f"{owner}: {name} must be callable or None")


def _webhook_options(
    policy: str | None, coerce_subscription_booleans: bool | None, identity_style: str | None, fallback_event: str | None
) -> dict[str, Any]:
    """The keywords of :func:`waflows.ingest.ingest_webhook` for the webhook POSTs, checked now
    (a bad one must not surface only when a webhook arrives, losing its records)."""
    options: dict[str, Any] = {
        k: v
        for k, v in (
            ("policy", policy),
            ("coerce_subscription_booleans", coerce_subscription_booleans),
            ("identity_style", identity_style),
            ("fallback_event", fallback_event),
        )
        if v is not None
    }
    _waflows.ingest_webhook(b'{"object":"whatsapp_business_account","entry":[]}', **options)
    return options


def _invalid(message: str) -> WaflowsError:
    from .errors import InvalidArgument

    return InvalidArgument(message, "invalid_argument")


def _secrets(values: Any, name: str) -> tuple[str | bytes, ...]:
    """App secrets as the relay takes them: one secret or an iterable of them, each text or
    bytes (any bytes: a secret need not be UTF-8), none empty."""
    if values is None:
        return ()
    if isinstance(values, (str, bytes, bytearray, memoryview)):
        values = [values]
    try:
        items = list(values)
    except TypeError:
        raise _invalid(f"{name} must be a secret (str or bytes) or a list of them") from None
    out: list[str | bytes] = []
    for v in items:
        if isinstance(v, (bytearray, memoryview)):
            v = bytes(v)
        if not isinstance(v, (str, bytes)) or not v:
            raise _invalid(f"{name} must be non-empty str or bytes")
        out.append(v)
    return tuple(out)


def _below_root(rel: str) -> bool:
    """Whether a path relative to the mount point names something under it (not its root)."""
    return rel not in ("", "/")


def _int(v: str | None) -> int | None:
    """A Content-Length: ASCII digits only (``int()`` would also take ``+5``, ``-0``, ``1_0``
    and other scripts' digits); None when absent or malformed."""
    v = (v or "").strip(" \t")
    if not v or not v.isascii() or not v.isdigit():
        return None
    return int(v)


def _same(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


def _is_async(fn: Callable[..., Any]) -> bool:
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(getattr(fn, "__call__", None))


def _call_safely(cb: Callable[..., Any], *args: Any) -> list[Any]:
    """Calls a host callback; its failure is logged, never raised. Returns the coroutine to
    await, if it made one."""
    try:
        r = cb(*args)
    except Exception:  # noqa: BLE001
        log.exception("waflows endpoint: callback %r raised", cb)
        return []
    return [r] if inspect.isawaitable(r) else []


async def _await_all(aws: list[Any]) -> None:
    for a in aws:
        try:
            await a
        except Exception:  # noqa: BLE001
            log.exception("waflows endpoint: callback raised")


def _run_coroutine(aw: Any) -> Any:
    async def wrap() -> Any:
        return await aw

    return asyncio.run(wrap())


def _run_all(aws: list[Any]) -> None:
    if aws:
        _run_coroutine(_await_all(aws))
