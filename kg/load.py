"""`kg load URL [DIR]`: a build's graphs into a remote store, replacing what it held of them in one
step, or leaving it as it was.

Over the SPARQL 1.1 Graph Store Protocol and SPARQL Update, as the Oxigraph server (and Fuseki)
lay them out: ``URL`` is the graph store (``http://host:7878/store``), queries go to its sibling
``query`` and updates to ``update`` unless given. Each named graph of the build
(``graphs/<name>.ttl``, its IRI in ``<name>.ttl.graph``) is PUT, one at a time, into a staging
graph of its own (``urn:kg:staging:<load>/<n>``); then the triples of each are counted in the
store (one query): the count must be what the build's VoID says of that graph (its
``void:subset``), or for an article graph what the file holds, and the counts must add up to the
VoID's ``void:triples``. Only then does one SPARQL Update request MOVE every staging graph onto
its target graph and DROP the build's graphs that the new build no longer has (those under
``BASE/graph/``); in the Oxigraph server one request is one transaction, so a query sees the old
graphs or the new ones. A load that fails drops its
staging graphs and leaves the target graphs as they were; staging graphs left by a load that was
killed are dropped by the next one (so two loads must not run into one store at once). Afterwards
the target graphs are counted again.

Credentials come from the settings ``store_user`` and ``store_password`` (KG_STORE_USER,
KG_STORE_PASSWORD in the environment), as HTTP basic authentication.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox

from kg.dump import fault_point, open_dump
from kg.errors import StoreError

STAGING = "urn:kg:staging:"
VOID = "http://rdfs.org/ns/void#"
JSON = "application/sparql-results+json"
BLOCK = 1 << 20


@dataclass(frozen=True)
class Endpoints:
    store: str  # Graph Store Protocol
    query: str
    update: str

    @classmethod
    def of(cls, url: str, query: str | None = None, update: str | None = None) -> Endpoints:
        """The graph store at ``url`` (a server's root means its ``/store``), queries and
        updates at its siblings ``query`` and ``update`` unless given."""
        store = url.rstrip("/")
        if urlsplit(url).path in ("", "/"):
            store += "/store"
        parent = store.rsplit("/", 1)[0]
        return cls(store, query or parent + "/query", update or parent + "/update")


@dataclass(frozen=True)
class Graph:
    iri: str
    path: Path
    expected: int  # triples


@dataclass(frozen=True)
class LoadResult:
    graphs: int
    triples: int
    dropped: int  # graphs of an older build the new one no longer has
    seconds: float


# ---------------------------------------------------------------- what the build says
@dataclass(frozen=True)
class VoidCounts:
    triples: int | None  # the dataset's void:triples
    base: str | None  # its void:uriSpace
    subsets: dict[str, int]  # graph IRI -> void:triples of its void:subset


def void_counts(release: Path) -> VoidCounts:
    """The triple counts a release's ``void.ttl`` gives: the dataset's and each listed graph's."""
    quads: list[ox.Quad] = []
    for name in ("void.ttl", "void.ttl.gz"):
        if (release / name).is_file():
            with open_dump(release / name) as f:
                quads = list(ox.parse(cast(IO[bytes], f), format=ox.RdfFormat.TURTLE))
            break
    bases = {q.subject: q.object.value for q in quads
             if q.predicate.value == VOID + "uriSpace" and isinstance(q.object, ox.Literal)}
    counts = {q.subject: int(q.object.value) for q in quads
              if q.predicate.value == VOID + "triples" and isinstance(q.object, ox.Literal)}
    subsets = {q.object for q in quads if q.predicate.value == VOID + "subset"}
    ds = next(iter(bases), None)
    return VoidCounts(
        counts.get(ds) if ds is not None else None,
        bases[ds] if ds is not None else None,
        {s.value: counts[s] for s in subsets if isinstance(s, ox.NamedNode) and s in counts})


def release_dir(folder: Path) -> Path:
    """The dumps release in ``folder``: a build's output folder (its ``dumps``) or the dumps."""
    dumps = folder / "dumps" if (folder / "dumps").exists() else folder
    if not dumps.is_dir() or not (dumps / "graphs").is_dir():
        raise StoreError(f"{folder}: no dumps with a graphs/ folder; run `kg build` first")
    return dumps.resolve()


def build_graphs(release: Path, void: VoidCounts) -> list[Graph]:
    """Each named graph of the release with the triples it must have in the store."""
    out = []
    for sidecar in sorted((release / "graphs").glob("*.ttl.graph")):
        iri = sidecar.read_text(encoding="utf-8").strip()
        data = sidecar.with_name(sidecar.name[: -len(".graph")])
        if not data.exists():
            data = data.with_name(data.name + ".gz")
        expected = void.subsets.get(iri)
        if expected is None:
            with open_dump(data) as f:
                expected = sum(1 for _ in ox.parse(cast(IO[bytes], f),
                                                   format=ox.RdfFormat.TURTLE))
        out.append(Graph(iri, data, expected))
    if not out:
        raise StoreError(f"{release}/graphs: no graph files (X.ttl with X.ttl.graph)")
    total = sum(g.expected for g in out)
    if void.triples is not None and total != void.triples:
        raise StoreError(f"{release}: its graphs hold {total} triples, its VoID says "
                         f"{void.triples}; nothing was loaded")
    return out


# ---------------------------------------------------------------- the store
def _check(r: httpx.Response, what: str) -> httpx.Response:
    if r.status_code >= 300:
        hint = (" (set KG_STORE_USER and KG_STORE_PASSWORD)" if r.status_code in (401, 403)
                else "")
        raise StoreError(f"{what}: the store answered HTTP {r.status_code}{hint}: "
                         f"{r.text[:500].strip()}")
    return r


class Store:
    """The remote store's three endpoints, through one HTTP client."""

    def __init__(self, endpoints: Endpoints, client: httpx.Client) -> None:
        self.at = endpoints
        self.client = client

    def select(self, query: str) -> list[dict[str, str]]:
        r = _check(self.client.post(self.at.query, data={"query": query},
                                    headers={"Accept": JSON}), f"query at {self.at.query}")
        return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]

    def update(self, update: str) -> None:
        _check(self.client.post(self.at.update, content=update.encode(),
                                headers={"Content-Type": "application/sparql-update"}),
               f"update at {self.at.update}")

    def put(self, graph: str, path: Path) -> None:
        _check(self.client.put(self.at.store, params={"graph": graph}, content=_blocks(path),
                               headers={"Content-Type": "text/turtle"}),
               f"PUT {path.name} at {self.at.store}")

    def count(self, graph: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"])

    def counts(self, prefix: str) -> dict[str, int]:
        """Triples of each named graph whose IRI starts with ``prefix``."""
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{_string(prefix)}")) }} GROUP BY ?g')
        return {r["g"]: int(r["n"]) for r in rows}

    def drop(self, graphs: list[str]) -> None:
        if graphs:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))


def _blocks(path: Path) -> Iterator[bytes]:
    with open_dump(path) as f:
        yield from iter(lambda: f.read(BLOCK), b"")


def _string(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


def load(endpoints: Endpoints, folder: Path, auth: tuple[str, str] | None = None,
         timeout: float = 600.0) -> LoadResult:
    """Put the build in ``folder`` into the store; on any failure leave its graphs as they were."""
    t0 = time.perf_counter()
    release = release_dir(folder)
    void = void_counts(release)
    graphs = build_graphs(release, void)
    try:
        with httpx.Client(auth=auth, timeout=timeout) as client:
            return _load(Store(endpoints, client), graphs, void, t0)
    except httpx.HTTPError as e:
        raise StoreError(f"the store at {endpoints.store} failed: {e or type(e).__name__}; its "
                         "graphs were left as they were") from None


def _load(store: Store, graphs: list[Graph], void: VoidCounts, t0: float) -> LoadResult:
    store.drop(list(store.counts(STAGING)))  # what a killed load left
    ours = f"{void.base}graph/" if void.base else None
    gone = sorted(set(store.counts(ours)) - {g.iri for g in graphs}) if ours else []
    staged = _stage(store, graphs)
    try:
        store.update(" ;\n".join(
            [f"MOVE SILENT GRAPH <{s}> TO GRAPH <{g.iri}>"
             for s, g in zip(staged, graphs, strict=True)]
            + [f"DROP SILENT GRAPH <{g}>" for g in gone]))
    except BaseException:
        _drop_quietly(store, staged)
        raise
    _verify(store, graphs, ours)
    return LoadResult(len(graphs), sum(g.expected for g in graphs), len(gone),
                      time.perf_counter() - t0)


def _stage(store: Store, graphs: list[Graph]) -> list[str]:
    """Each graph PUT into a staging graph of its own, then all counted there (one query); on
    failure the staging graphs are dropped and the error raised."""
    load_id = secrets.token_hex(6)
    staged: list[str] = []
    try:
        for n, g in enumerate(graphs):
            staged.append(f"{STAGING}{load_id}/{n}")
            store.put(staged[-1], g.path)
            if n == 1:
                fault_point("remote-load-staged")  # test hook: killed mid-load
        counts = store.counts(f"{STAGING}{load_id}/")
        for staging, g in zip(staged, graphs, strict=True):
            if counts.get(staging, 0) != g.expected:
                raise StoreError(f"{g.iri}: the store holds {counts.get(staging, 0)} triples of "
                                 f"{g.path.name}, the build says {g.expected}; the store's "
                                 "graphs were left as they were")
    except BaseException:
        _drop_quietly(store, staged)
        raise
    return staged


def _drop_quietly(store: Store, staged: list[str]) -> None:
    with contextlib.suppress(StoreError, httpx.HTTPError):  # else the next load drops them
        store.drop(staged)


def _verify(store: Store, graphs: list[Graph], ours: str | None) -> None:
    got = store.counts(ours) if ours else {g.iri: store.count(g.iri) for g in graphs}
    wrong = [f"{g.iri}: {got.get(g.iri, 0)} (not {g.expected})" for g in graphs
             if got.get(g.iri, 0) != g.expected]
    if wrong:
        raise StoreError(f"after the load the store's counts differ from the build's: "
                         f"{'; '.join(wrong[:5])}")
