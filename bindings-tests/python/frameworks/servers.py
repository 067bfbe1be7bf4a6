"""Real HTTP servers on 127.0.0.1 (uvicorn for ASGI, waitress for WSGI), each in a thread, and
the apps of every framework with a waflows endpoint mounted under ``/flows/``."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

MOUNT = "/flows"


@contextlib.contextmanager
def uvicorn_server(app: Any) -> Iterator[int]:
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)

    def run() -> None:
        asyncio.run(server.serve(sockets=[sock]))

    t = threading.Thread(target=run, daemon=True)
    t.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not t.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        t.join(30)
        sock.close()


@contextlib.contextmanager
def waitress_server(app: Any) -> Iterator[int]:
    import waitress

    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4, clear_untrusted_proxy_headers=True)
    port = server.effective_port  # type: ignore[union-attr]
    stop = threading.Event()

    def run() -> None:
        # waitress has no stop call that is safe from another thread: poll in short rounds
        # until told to stop, then close everything from the test's thread.
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)  # type: ignore[union-attr]

    t = threading.Thread(target=run, daemon=True)
    t.start()
    try:
        yield port
    finally:
        stop.set()
        t.join(30)
        server.task_dispatcher.shutdown(timeout=30)  # type: ignore[union-attr]
        server.close()
        import waitress.wasyncore

        waitress.wasyncore.close_all(server._map)  # type: ignore[union-attr]


# --- the apps ------------------------------------------------------------------------------


def fastapi_app(endpoint: Any) -> Any:
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"app": "fastapi"}

    app.mount(MOUNT, endpoint.asgi())
    return app


def starlette_app(endpoint: Any) -> Any:
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Mount, Route

    async def health(request: Any) -> Any:
        return JSONResponse({"app": "starlette"})

    return Starlette(routes=[Route("/health", health), Mount(MOUNT, app=endpoint.asgi())])


def flask_app(endpoint: Any) -> Any:
    from flask import Flask
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    app = Flask("waflows-test")

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"app": "flask"}

    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {MOUNT: endpoint.wsgi()})  # type: ignore[method-assign]
    return app


def django_app(endpoint: Any) -> Any:
    """Django's own WSGI application (a view at /health) with the endpoint mounted beside it
    under /flows/ by a path-prefix dispatcher, the usual way to mount a WSGI app in Django."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="waflows-test-not-secret",
            ROOT_URLCONF=__name__,
            ALLOWED_HOSTS=["127.0.0.1"],
            MIDDLEWARE=[],
            INSTALLED_APPS=[],
            USE_TZ=True,
        )
        django.setup()
    from django.core.wsgi import get_wsgi_application

    django_wsgi = get_wsgi_application()
    flows = endpoint.wsgi()

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if path == MOUNT or path.startswith(MOUNT + "/"):
            environ = dict(environ, SCRIPT_NAME=environ.get("SCRIPT_NAME", "") + MOUNT, PATH_INFO=path[len(MOUNT) :])
            return flows(environ, start_response)
        return django_wsgi(environ, start_response)

    return app


def _django_health(request: Any) -> Any:
    from django.http import JsonResponse

    return JsonResponse({"app": "django"})


def __getattr__(name: str) -> Any:  # Django reads ROOT_URLCONF's urlpatterns lazily
    if name == "urlpatterns":
        from django.urls import path

        return [path("health", _django_health)]
    raise AttributeError(name)
