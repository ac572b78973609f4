"""The per-file work of a build on Dask distributed (``kg build --executor``), for a corpus that
outgrows one machine's cores. Only the per-file work moves: each file's outcome comes back to the
build process in input order, where the cross-article merge (duplicates, entities, provenance,
citation links, the dumps) runs unchanged, so the bytes are those of a local build.

``local-dask``: a LocalCluster of ``workers`` processes on this machine (one thread each), made
and closed by the build. ``dask://HOST:PORT``: an existing scheduler (``dask scheduler`` with
``dask worker`` processes); its workers must have kg, the same model and the same versions
installed, and read the input files at the paths the build names (a shared file system).
A very long article is held whole in memory there (the spool folder of ``kg/pipeline.py`` is on
the build's machine).

Needs the ``distributed`` extra: ``pip install -e '.[distributed]'``.
"""

from __future__ import annotations

import importlib
import logging
from collections import deque
from collections.abc import Generator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from kg.config import Settings
from kg.errors import ConfigError
from kg.ingest import InputFile

LOCAL = "local-dask"
SCHEME = "dask://"
IN_FLIGHT = 16  # files submitted ahead per worker: results wait only until the merge takes them


def _client(settings: Settings, stack: ExitStack) -> Any:
    try:
        dd: Any = importlib.import_module("dask.distributed")  # untyped
        Client, LocalCluster = dd.Client, dd.LocalCluster
    except ImportError:
        raise ConfigError(f"executor {settings.executor}: Dask distributed is not installed; "
                          "pip install -e '.[distributed]'") from None
    if settings.executor == LOCAL:
        cluster = stack.enter_context(LocalCluster(
            n_workers=settings.workers, threads_per_worker=1, processes=True,
            dashboard_address=None, silence_logs=logging.ERROR))
        return stack.enter_context(Client(cluster))
    address = "tcp://" + settings.executor.removeprefix(SCHEME)
    try:
        return stack.enter_context(Client(address, timeout=30))
    except OSError as e:
        raise ConfigError(
            f"executor {settings.executor}: cannot reach the scheduler: {e}") from None


def process_on_worker(settings: Settings, spool: Path | None, source: InputFile) -> Any:
    """One file's outcome in a Dask worker (its state loaded on first use, as a pool worker's)."""
    from kg import pipeline

    if pipeline._STATE.get("settings") != settings:
        pipeline._load(settings, False, spool)
    return pipeline.process_file(source)


def outcomes(settings: Settings, files: list[InputFile],
             spool: Path | None) -> Generator[Any, None, None]:
    """Each file's outcome (``kg.pipeline.FileOutcome``), in input order, computed on Dask.
    Closing this generator cancels what is still queued and closes the client (and a local
    cluster)."""
    with ExitStack() as stack:
        client = _client(settings, stack)
        # a local cluster's workers share this machine's disk; a remote one's do not
        where = spool if settings.executor == LOCAL else None
        ahead = IN_FLIGHT * max(1, len(client.scheduler_info().get("workers", {})))
        queued: deque[Any] = deque()
        todo = iter(files)
        try:
            while True:
                while len(queued) < ahead and (f := next(todo, None)) is not None:
                    queued.append(client.submit(process_on_worker, settings, where, f,
                                                pure=False))
                if not queued:
                    return
                yield queued.popleft().result()
        finally:
            for future in queued:
                future.cancel()
