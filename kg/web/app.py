"""The FastAPI app factory: ``create_app(settings, backend=None)``.

Without a backend, the lifespan makes one: the store for the current dumps (loaded first if
missing or stale), a read-only handle for pages, and the pool of query worker processes. Tests
pass their own backend, or use the lifespan with a built test dataset.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from fastapi import FastAPI, Request
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg import __version__
from kg.config import Settings
from kg.errors import KgError
from kg.store import StoreInfo, current_release, ensure_store, open_read_only
from kg.web import errors
from kg.web.metrics import Metrics
from kg.web.workers import QueryPool

log = logging.getLogger("kg.web")

@dataclass
class Backend:
    settings: Settings
    info: StoreInfo
    store: ox.Store  # read-only handle for pages and health
    pool: QueryPool
    metrics: Metrics = field(default_factory=Metrics)

    def __post_init__(self) -> None:
        self.pool.on_death = self.metrics.worker_died

    def close(self) -> None:
        self.pool.close()

    @property
    def dumps_dir(self) -> Path:
        return self.settings.dumps_dir

    def reload_if_changed(self) -> bool:
        """Serve new dumps if a build replaced them: load a new store, start its workers, swap.

        Queries already running on the old store get ``query_timeout`` to finish; then its
        workers stop and its folder is removed.
        """
        if current_release(self.settings).name == self.info.release:
            return False
        old_pool, old_path = self.pool, self.info.path
        info = ensure_store(self.settings, keep=old_path)
        s = self.settings
        pool = QueryPool(str(info.path), s.max_concurrent_queries, s.queue_wait,
                         s.query_demote_after, s.query_spare_workers)
        pool.start()
        pool.on_death = self.metrics.worker_died
        self.store, self.info, self.pool = open_read_only(info.path), info, pool

        def retire() -> None:
            old_pool.close()
            shutil.rmtree(old_path, ignore_errors=True)

        timer = threading.Timer(self.settings.query_timeout + 1.0, retire)
        timer.daemon = True
        timer.start()
        log.warning("kg serve: now serving build %s (%d quads)", info.release, info.quads)
        return True


def _watch(backend: Backend, stop: threading.Event) -> None:
    interval = backend.settings.reload_interval
    while not stop.wait(interval):
        try:
            backend.reload_if_changed()
        except (KgError, OSError, RuntimeError) as e:  # keep serving the old store
            log.error("kg serve: cannot load the new dumps: %s", e)


def open_backend(settings: Settings) -> Backend:
    info = ensure_store(settings)
    pool = QueryPool(str(info.path), settings.max_concurrent_queries, settings.queue_wait,
                     settings.query_demote_after, settings.query_spare_workers)
    pool.start()
    return Backend(settings, info, open_read_only(info.path), pool)


def get_backend(request: Request) -> Backend:
    backend: Backend = request.app.state.backend
    return backend


def create_app(settings: Settings, backend: Backend | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = backend is None
        app.state.backend = open_backend(settings) if own else backend
        stop = threading.Event()
        if own and settings.reload_interval > 0:
            threading.Thread(target=_watch, args=(app.state.backend, stop), daemon=True,
                             name="kg-dumps-watch").start()
        try:
            yield
        finally:
            stop.set()
            if own:
                app.state.backend.close()

    app = FastAPI(
        title="kg: news knowledge graph",
        version=__version__,
        description="SPARQL 1.1 endpoint and linked-data pages over the graph `kg build` made.",
        lifespan=lifespan,
        redirect_slashes=False,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["Content-Type", "Content-Disposition", "ETag", "Last-Modified", "Vary",
                        "Retry-After", "KG-Build"],
        max_age=86400,
    )
    errors.install(app)
    from kg.web import pages, service, sparql

    app.include_router(sparql.router)
    app.include_router(service.router)
    app.include_router(pages.router)
    app.add_middleware(CountRequests)
    return app


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
                    backend.metrics.requests.labels(scope["method"], str(message["status"])).inc()
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        except Exception as exc:
            if started:
                raise
            log.exception("request %s failed", scope.get("path", ""))
            await errors.unexpected(scope.get("path", ""), exc)(scope, receive, counting_send)
