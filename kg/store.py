"""Stage 5b (I/O): the embedded on-disk Oxigraph store the endpoint reads.

The store is derived from the dumps: ``ensure_store`` makes the current release's store in a
fresh folder ``OUT/.stores/<release>`` and swaps the ``OUT/store`` symlink to it in one step, so a
server never sees a half-loaded store. A store that already matches the release is reused. The
server then opens it read-only, once per query worker.

Each store keeps, in ``kg-graphs.json`` beside its data, the SHA-256 of every graph file it was
loaded from. A store for a newer release starts as a copy of the current one (a RocksDB
checkpoint: hard links, no copying) in which only the graphs whose file changed are dropped and
loaded again, and those gone are dropped; its quads must then number what the release's VoID
says, or it is bulk-loaded whole from ``kg.nq`` (as is a store with no such list).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

from kg.config import Settings
from kg.dump import fault_injected, fault_point, open_dump, os_reason, pid_gone
from kg.errors import StoreError
from kg.namespaces import NKG


@dataclass(frozen=True)
class StoreInfo:
    path: Path  # the store folder (resolved, not the symlink)
    release: str  # name of the dumps release it was loaded from (the build id)
    quads: int
    load_seconds: float  # 0.0 when an existing store was reused
    graphs_loaded: int | None = None  # graphs (re)loaded into a copy of the previous store;
    # None when the store was loaded whole (or reused)


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
    stores = settings.out_dir / ".stores"
    if link.is_symlink() and link.resolve().name == release.name and link.resolve().is_dir():
        # (what a load killed after its swap left is removed here)
        _remove_old(stores, link.resolve(), keep)
        return StoreInfo(link.resolve(), release.name, count_quads(link.resolve()), 0.0)
    if link.exists() and not link.is_symlink():
        raise StoreError(f"{link} exists and is not a kg store link; move it away")
    target = stores / release.name
    staging = stores / f"{release.name}.{os.getpid()}.tmp"
    tmp_link = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    t0 = time.perf_counter()
    try:
        stores.mkdir(parents=True, exist_ok=True)
        _remove_stale(link, stores)
        shutil.rmtree(staging, ignore_errors=True)
        graphs = graph_digests(release)
        followed = follow(link, staging, release, graphs)
        quads, loaded = followed if followed else (load(staging, _nquads(release)), None)
        (staging / MANIFEST).write_text(json.dumps(graphs, indent=1, sort_keys=True) + "\n",
                                        encoding="utf-8")
        fault_point("store-loaded")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(staging, target)
        fault_point("store-renamed")  # a whole store, not yet linked
        if tmp_link.is_symlink():
            tmp_link.unlink()
        os.symlink(os.path.relpath(target, link.parent), tmp_link)
        fault_point("store-link-made")  # during the swap: the new link made, not yet renamed
        os.replace(tmp_link, link)
    except OSError as e:
        _drop(staging, tmp_link)
        raise StoreError(f"cannot write the store in {settings.out_dir}: {os_reason(e)}") from None
    except BaseException:
        _drop(staging, tmp_link)
        raise
    seconds = time.perf_counter() - t0
    fault_point("store-swapped")  # the new store in use; the older ones not yet removed
    _remove_old(stores, target, keep)
    return StoreInfo(target, release.name, quads, seconds, loaded)


def _remove_old(stores: Path, current: Path, keep: Path | None) -> None:
    """Stores of older releases, except ``keep`` (one a running server still reads); staging
    stores are left to ``_remove_stale``, which knows whether their load still runs."""
    if not stores.is_dir():
        return
    # compared resolved: with a relative output folder ("build", kg serve's default) the link
    # resolves to an absolute path and every store listed is relative
    spared = {current.resolve()} | ({keep.resolve()} if keep is not None else set())
    for old in stores.iterdir():
        if old.resolve() not in spared and not old.name.endswith(".tmp"):
            shutil.rmtree(old, ignore_errors=True)


def _drop(staging: Path, tmp_link: Path) -> None:
    """What a failed load had made: its staging store and its temporary link."""
    shutil.rmtree(staging, ignore_errors=True)
    with contextlib.suppress(OSError):
        tmp_link.unlink(missing_ok=True)


def _remove_stale(link: Path, stores: Path) -> None:
    """What loads that were killed (their process is gone) left behind: staging stores
    (``<release>.<pid>.tmp``) and temporary links (``.store.<pid>.tmp``)."""
    for d in stores.glob("*.tmp"):
        if pid_gone(d.name[:-4], "."):
            shutil.rmtree(d, ignore_errors=True)
    for tmp in link.parent.glob(f".{link.name}.*.tmp"):
        if tmp.is_symlink() and pid_gone(tmp.name[:-4], "."):
            tmp.unlink(missing_ok=True)


class _KillMidway:
    """A dump reader that SIGKILLs its process on its second read: mid bulk load (the test hook
    KG_FAULT_POINT=store-mid-load, see kg.dump.fault_point)."""

    def __init__(self, f: io.BufferedIOBase) -> None:
        self.f, self.reads = f, 0

    def read(self, n: int = -1) -> bytes:
        self.reads += 1
        if self.reads == 2:
            fault_point("store-mid-load")
        return self.f.read(min(n, 4096) if n > 0 else 4096)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.f, name)


def load(path: Path, nquads: Path) -> int:
    """Bulk-load an N-Quads dump (plain or gzip) into a new store at ``path``; returns quads."""
    store = ox.Store(str(path))
    fault_point("store-created")
    try:
        with open_dump(nquads) as f:
            reader: Any = _KillMidway(f) if fault_injected("store-mid-load") else f
            store.bulk_load(reader, ox.RdfFormat.N_QUADS)
        store.flush()
        store.optimize()
        return len(store)
    except (OSError, SyntaxError) as e:
        raise StoreError(f"{nquads}: cannot load into the store: {e}") from e
    finally:
        del store


# ---------------------------------------------------------------- only the changed graphs
MANIFEST = "kg-graphs.json"  # in a store's folder: graph IRI -> [file, SHA-256] it was loaded from


def graph_digests(release: Path) -> dict[str, list[str]]:
    """Each named graph of a release (from ``graphs/<name>.ttl.graph``): its file's name and the
    SHA-256 of its bytes."""
    out: dict[str, list[str]] = {}
    for sidecar in sorted((release / "graphs").glob("*.ttl.graph")):
        iri = sidecar.read_text(encoding="utf-8").strip()
        data = sidecar.with_name(sidecar.name[: -len(".graph")])
        if not data.exists():
            data = data.with_name(data.name + ".gz")
        h = hashlib.sha256()
        with data.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        out[iri] = [data.name, h.hexdigest()]
    return out


def follow(link: Path, staging: Path, release: Path,
           graphs: dict[str, list[str]]) -> tuple[int, int] | None:
    """Make ``staging`` the store of ``release`` from the store ``link`` points to, reloading
    only the graphs whose file changed: (quads, graphs loaded), or None (and no ``staging``)
    when there is no previous store with its list of graphs, or the result does not have the
    release's number of quads."""
    try:
        previous = link.resolve(strict=True) if link.is_symlink() else None
        before = json.loads((previous / MANIFEST).read_text(encoding="utf-8")) if previous else None
    except (OSError, ValueError):
        return None
    expected = _void_triples(release)
    if (previous is None or not isinstance(before, dict) or expected is None
            or not _as_described(release)):
        return None
    changed = [g for g in graphs if before.get(g) != graphs[g]]
    gone = [g for g in before if g not in graphs]
    try:
        ox.Store.read_only(str(previous)).backup(str(staging))
        quads = _reload(staging, release, graphs, changed, gone)
    except (OSError, SyntaxError, ValueError):
        quads = -1
    if quads != expected:
        shutil.rmtree(staging, ignore_errors=True)
        return None
    return quads, len(changed)


def _reload(staging: Path, release: Path, graphs: dict[str, list[str]], changed: list[str],
            gone: list[str]) -> int:
    store = ox.Store(str(staging))
    fault_point("store-created")
    try:
        for i, iri in enumerate([*gone, *changed]):
            store.remove_graph(ox.NamedNode(iri))
            if iri in graphs:
                with open_dump(release / "graphs" / graphs[iri][0]) as f:
                    store.bulk_load(cast(IO[bytes], f), ox.RdfFormat.TURTLE,
                                    to_graph=ox.NamedNode(iri))
            if i == 0:
                fault_point("store-mid-load")
        store.flush()
        store.optimize()
        return len(store)
    finally:
        del store


_VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
_URI_SPACE = "http://rdfs.org/ns/void#uriSpace"
_SHA256 = str(NKG.contentSha256)


def _void(release: Path) -> list[ox.Quad]:
    for name in ("void.ttl", "void.ttl.gz"):
        if (release / name).is_file():
            try:
                with open_dump(release / name) as f:
                    return list(ox.parse(cast(IO[bytes], f), format=ox.RdfFormat.TURTLE))
            except (OSError, SyntaxError):
                return []
    return []


def _void_triples(release: Path) -> int | None:
    """The dataset's triples (so the store's quads) as the release's VoID says, if it says."""
    quads = _void(release)
    dataset = {q.subject for q in quads if q.predicate.value == _URI_SPACE}
    counts = [q.object.value for q in quads if isinstance(q.object, ox.Literal)
              and q.subject in dataset and q.predicate.value == _VOID_TRIPLES]
    return int(counts[0]) if len(counts) == 1 else None


def _as_described(release: Path) -> bool:
    """Whether the release's kg.nq is the one its VoID describes (its SHA-256): a release
    changed by hand after its build is loaded whole, from kg.nq."""
    try:
        nquads = _nquads(release)
    except StoreError:
        return False
    listed = {q.object.value for q in _void(release) if q.predicate.value == _SHA256
              and isinstance(q.object, ox.Literal) and isinstance(q.subject, ox.NamedNode)
              and q.subject.value.endswith("/" + nquads.name)}
    h = hashlib.sha256()
    with nquads.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return listed == {h.hexdigest()}


def open_read_only(path: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(path))
    except OSError as e:
        raise StoreError(f"{path}: cannot open the store read-only: {e}") from e


def count_quads(path: Path) -> int:
    return len(open_read_only(path))
