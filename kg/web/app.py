"""The FastAPI app factory: ``create_app(settings, backend=None)``.

Without a backend, the lifespan makes one: the store for the current dumps (loaded first if
missing or stale), a read-only handle for pages, and the pool of query worker processes; or, with
the ``store_url`` setting, a remote SPARQL store asked over HTTP (kg.web.remote). Tests pass their
own backend, or use the lifespan with a built test dataset.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg import __version__
from kg.config import Settings
from kg.errors import KgError
from kg.web import errors, pages, service, sparql
from kg.web.backend import Backend, open_backend
from kg.web.remote import open_remote_backend

log = logging.getLogger("kg.web")


def _watch(backend: Backend, stop: threading.Event) -> None:
    interval = backend.settings.reload_interval
    while not stop.wait(interval):
        try:
            backend.reload_if_changed()
        except (KgError, OSError, RuntimeError) as e:  # keep serving the old store
            log.error("kg serve: cannot load the new dumps: %s", e)


def _open(settings: Settings) -> Backend:
    """The embedded store's backend, or a remote store's (the store_url setting)."""
    return open_remote_backend(settings) if settings.store_url else open_backend(settings)


def create_app(settings: Settings, backend: Backend | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = backend is None
        app.state.backend = _open(settings) if own else backend
        stop = threading.Event()
        if own and settings.reload_interval > 0:
            threading.Thread(target=_watch, args=(app.state.backend, stop), daemon=True,
                             name="kg-dumps-watch").start()
        try:
            yield
        finally:
            stop.set()
            if own:
                await app.state.backend.aclose()

    app = App(
        title="kg: news knowledge graph",
        version=__version__,
        description="SPARQL 1.1 endpoint and linked-data pages over the graph `kg build` made.",
        lifespan=lifespan,
        redirect_slashes=False,
        docs_url=None,  # kg.web.service serves /docs itself, without a CDN
        redoc_url=None,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=list(sparql.EXPOSE_HEADERS),
        max_age=86400,
    )
    errors.install(app)
    app.include_router(sparql.router)
    app.include_router(service.router)
    app.include_router(pages.router)
    app.add_middleware(CountRequests)
    return app


SPARQL_PATHS = frozenset({"/sparql", "/sparql/"})
SPARQL_METHODS = frozenset({"GET", "POST", "HEAD"})


def lookups(app: FastAPI) -> Callable[[Scope], tuple[list[tuple[bytes, bytes]], bytes] | None]:
    """The answer to a request that is a lookup the server answers itself, made as ``App`` and
    kg.web.sparql.direct make it (its headers and body, the request counted), for the HTTP
    protocol to send without starting the app (kg.web.http_fast); None for any other request,
    and when making it fails (the app then answers, and logs what failed)."""

    def answer(scope: Scope) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        backend = getattr(app.state, "backend", None)
        if scope["path"] not in SPARQL_PATHS or backend is None:
            return None
        try:
            quick = sparql.lookup_answer(scope, backend)
        except Exception:
            return None
        if quick is not None:
            backend.metrics.request_done("GET", 200)
        return quick

    return answer


class App(FastAPI):
    """The app; queries on /sparql go straight to kg.web.sparql.direct, ahead of the middleware."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope["path"] in SPARQL_PATHS
                and scope["method"] in SPARQL_METHODS
                and getattr(self.state, "backend", None) is not None):
            scope["app"] = self
            await sparql.direct(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


class CountRequests:
    """Pure ASGI middleware counting responses by status (BaseHTTPMiddleware would buffer and
    complete a response whose stream failed, hiding the failure from the client).

    It also answers an exception no handler took (a bug) with a problem+json 500, if nothing was
    sent yet, instead of Starlette's bare text/plain one; once the answer has started, the
    exception goes on and the connection is dropped, so a cut-short body never looks whole."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def counting_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                backend = getattr(scope["app"].state, "backend", None)
                if backend is not None:
                    backend.metrics.request_done(scope["method"], message["status"])
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        except Exception as exc:
            if started:
                raise
            log.exception("request %s failed", scope.get("path", ""))
            await errors.unexpected(scope.get("path", ""), exc)(scope, receive, counting_send)
