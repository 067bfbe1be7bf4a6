"""The two FastAPI apps benchmarked side by side by endpoint_vs_pywa.py (served by uvicorn):
waflows' ASGI app mounted at /flow/, and pywa's flow handler at /flow/. Same key, same answer;
no signature check on either (pywa's `validate_updates=False`, waflows without app secrets).
The key's PEM path is in WAFLOWS_BENCH_KEY."""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI

PEM = open(os.environ["WAFLOWS_BENCH_KEY"], "rb").read()
ANSWER = {"greeting": "Hello"}


def _endpoint() -> Any:
    import waflows

    endpoint = waflows.FlowEndpoint(private_key=PEM)

    @endpoint.on("data_exchange")
    async def answer(request: waflows.EndpointRequest) -> waflows.NextScreen:
        return waflows.NextScreen("DONE", ANSWER)

    return endpoint


def waflows_app() -> FastAPI:
    """Mounted in FastAPI, as pywa is."""
    app = FastAPI()
    app.mount("/flow", _endpoint().asgi())
    return app


def waflows_bare() -> Any:
    """The ASGI app alone under uvicorn (it answers at the root of its mount: any path is
    mapped to it by a one-line prefix strip, as a mount does)."""
    inner = _endpoint().asgi()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            scope = dict(scope, root_path="/flow")
        await inner(scope, receive, send)

    return app


def pywa_app() -> FastAPI:
    from pywa_async import WhatsApp, types

    app = FastAPI()
    wa = WhatsApp(
        phone_id="1",
        token="not-used",
        server=app,
        verify_token="not-used",
        validate_updates=False,
        business_private_key=PEM.decode(),
    )

    @wa.on_flow_request("/flow/")
    async def answer(_: WhatsApp, req: types.FlowRequest) -> types.FlowResponse:
        return req.respond(screen="DONE", data=ANSWER)

    return app


def waflows_wsgi() -> Any:
    """The WSGI app mounted in Flask, as pywa's Flask integration is."""
    from flask import Flask
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    import waflows

    endpoint = waflows.FlowEndpoint(private_key=PEM)

    @endpoint.on("data_exchange")
    def answer(request: waflows.EndpointRequest) -> waflows.NextScreen:
        return waflows.NextScreen("DONE", ANSWER)

    app = Flask("waflows-bench")
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/flow": endpoint.wsgi()})  # type: ignore[method-assign]
    return app


def pywa_wsgi() -> Any:
    from flask import Flask
    from pywa import WhatsApp, types

    app = Flask("pywa-bench")
    wa = WhatsApp(
        phone_id="1",
        token="not-used",
        server=app,
        verify_token="not-used",
        validate_updates=False,
        business_private_key=PEM.decode(),
    )

    @wa.on_flow_request("/flow/")
    def answer(_: WhatsApp, req: types.FlowRequest) -> types.FlowResponse:
        return req.respond(screen="DONE", data=ANSWER)

    return app
