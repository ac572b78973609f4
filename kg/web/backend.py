"""The state one server process answers from: the store, its query workers, the metrics.

``create_app`` (kg.web.app) puts a Backend on ``app.state``; the routers get it with
``Depends(get_backend)``. The web layer sees two things of the engine: ``pool``, which runs a
query (a kg.web.workers.Job) within a time limit (``QueryEngine``), and ``store``, which the pages
and the Graph Store Protocol look triples up in (``ReadStore``). The embedded store gives them as
a pool of worker processes and a read-only pyoxigraph Store; a remote SPARQL store
(``kg serve --store URL``, kg.web.remote) as HTTP requests to it.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from fastapi import Request

from kg.config import Settings
from kg.store import StoreInfo, current_release, ensure_store, open_read_only
from kg.web.metrics import Metrics
from kg.web.workers import Answer, Job, QueryPool

log = logging.getLogger("kg.web")


class ReadStore(Protocol):
    """What pages read of the store: a read-only pyoxigraph Store has it all."""

    def quads_for_pattern(self, subject: Any, predicate: Any, object: Any,
                          graph_name: Any = None) -> Iterator[ox.Quad]: ...

    def contains_named_graph(self, graph_name: Any) -> bool: ...

    def named_graphs(self) -> Iterator[Any]: ...

    def query(self, query: str, *, use_default_graph_as_union: bool = False) -> Any: ...


class QueryEngine(Protocol):
    """What /sparql asks of the engine (kg.web.workers.QueryPool, kg.web.remote.RemotePool)."""

    size: int  # queries evaluated at once
    on_death: Callable[[str], None] | None

    @property
    def busy(self) -> int: ...

    async def run(self, job: Job, timeout: float) -> Answer: ...

    def close(self) -> None: ...


@dataclass
class Backend:
    settings: Settings
    info: StoreInfo
    store: ReadStore  # read-only handle for pages and health
    pool: QueryEngine
    metrics: Metrics = field(default_factory=Metrics)

    def __post_init__(self) -> None:
        self.pool.on_death = self.metrics.worker_died

    def close(self) -> None:
        self.pool.close()

    async def aclose(self) -> None:
        """Close, from the event loop (a remote backend also closes its connections there)."""
        self.close()

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
        pool = new_pool(self.settings, info.path)
        pool.on_death = self.metrics.worker_died
        settings = built_settings(self.settings)  # the new build's base IRI, if another
        self.store, self.info, self.pool = open_read_only(info.path), info, pool
        self.settings = settings

        def retire() -> None:
            old_pool.close()
            shutil.rmtree(old_path, ignore_errors=True)

        timer = threading.Timer(self.settings.query_timeout + 1.0, retire)
        timer.daemon = True
        timer.start()
        log.warning("kg serve: now serving build %s (%d quads)", info.release, info.quads)
        return True


def open_backend(settings: Settings) -> Backend:
    info = ensure_store(settings)
    return Backend(built_settings(settings), info, open_read_only(info.path),
                   new_pool(settings, info.path))


def built_settings(settings: Settings) -> Settings:
    """The settings under the base IRI the served build was made with (its VoID
    ``void:uriSpace``), so that its IRIs' paths resolve whatever base was configured, also after
    a new build made with another base is picked up while serving."""
    from kg.cli import built_base_iri

    built = built_base_iri(settings.dumps_dir)
    if built is None or built == settings.base_iri:
        return settings
    log.warning("kg serve: serving a build made with base IRI %s (not %s): its IRIs' paths",
                built, settings.base_iri)
    return settings.with_(base_iri=built)


def new_pool(settings: Settings, store: Path) -> QueryPool:
    """The query workers over ``store``, started (its spares ready)."""
    pool = QueryPool(str(store), settings.max_concurrent_queries, settings.queue_wait,
                     settings.query_demote_after, settings.query_spare_workers,
                     settings.query_worker_idle)
    pool.start()
    return pool


async def get_backend(request: Request) -> Backend:  # async: no thread per request
    backend: Backend = request.app.state.backend
    return backend
