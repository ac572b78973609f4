"""Stage 5b (I/O): the embedded on-disk Oxigraph store the endpoint reads.

The store is derived from the dumps: ``ensure_store`` bulk-loads the current release's N-Quads
into a fresh folder ``OUT/.stores/<release>`` and swaps the ``OUT/store`` symlink to it in one
step, so a server never sees a half-loaded store. A store that already matches the release is
reused. The server then opens it read-only, once per query worker.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.config import Settings
from kg.dump import open_dump
from kg.errors import StoreError


@dataclass(frozen=True)
class StoreInfo:
    path: Path  # the store folder (resolved, not the symlink)
    release: str  # name of the dumps release it was loaded from (the build id)
    quads: int
    load_seconds: float  # 0.0 when an existing store was reused


def current_release(settings: Settings) -> Path:
    """The dumps release folder the ``dumps`` symlink points to."""
    link = settings.dumps_dir
    if not link.exists():
        raise StoreError(f"{link}: no dumps yet; run `kg build` first")
    return link.resolve()


def _nquads(release: Path) -> Path:
    for name in ("kg.nq", "kg.nq.gz"):
        if (release / name).is_file():
            return release / name
    raise StoreError(f"{release}: no kg.nq dump to load the store from")


def ensure_store(settings: Settings, keep: Path | None = None) -> StoreInfo:
    """Return the store for the current dumps, bulk-loading it first if it is missing or stale.

    Older stores are removed, except ``keep`` (one a running server still reads).
    """
    release = current_release(settings)
    link = settings.store_dir
    if link.is_symlink() and link.resolve().name == release.name and link.resolve().is_dir():
        return StoreInfo(link.resolve(), release.name, count_quads(link.resolve()), 0.0)
    if link.exists() and not link.is_symlink():
        raise StoreError(f"{link} exists and is not a kg store link; move it away")
    stores = settings.out_dir / ".stores"
    stores.mkdir(parents=True, exist_ok=True)
    target = stores / release.name
    staging = stores / f"{release.name}.{os.getpid()}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    t0 = time.perf_counter()
    try:
        quads = load(staging, _nquads(release))
        shutil.rmtree(target, ignore_errors=True)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    seconds = time.perf_counter() - t0
    tmp_link = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    if tmp_link.is_symlink():
        tmp_link.unlink()
    os.symlink(os.path.relpath(target, link.parent), tmp_link)
    os.replace(tmp_link, link)
    for old in stores.iterdir():
        if old not in (target, keep) and not old.name.endswith(".tmp"):
            shutil.rmtree(old, ignore_errors=True)
    return StoreInfo(target, release.name, quads, seconds)


def load(path: Path, nquads: Path) -> int:
    """Bulk-load an N-Quads dump (plain or gzip) into a new store at ``path``; returns quads."""
    store = ox.Store(str(path))
    try:
        with open_dump(nquads) as f:
            store.bulk_load(f, ox.RdfFormat.N_QUADS)
        store.flush()
        store.optimize()
        return len(store)
    except (OSError, SyntaxError) as e:
        raise StoreError(f"{nquads}: cannot load into the store: {e}") from e
    finally:
        del store


def open_read_only(path: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(path))
    except OSError as e:
        raise StoreError(f"{path}: cannot open the store read-only: {e}") from e


def count_quads(path: Path) -> int:
    return len(open_read_only(path))
