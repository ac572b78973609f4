"""A remote SPARQL 1.1 store as the query engine: ``kg serve --store URL``.

The web layer sees what it sees of the embedded store (kg.web.backend): ``RemotePool``
(kg.web.remote_pool) runs a Job within its time limit and answers its first bytes (as
kg.web.workers.QueryPool does), and ``RemoteStore`` (here) gives the pages their triples (as a
read-only pyoxigraph Store does); kg.web.upstream makes the requests and reads the answers' errors.
A query reaches the store only after kg.web.analyze let it through (no update, SERVICE or LOAD) and
is sent as a form POST to the store's query URL, with the dataset of the request and, for a query
that names no graphs, ``store_union_param`` (the store must read the union of the named graphs as
its default graph, as kg's engine does). Credentials (``store_user``, ``store_password``, from the
environment) go as HTTP basic authentication; nothing in a request reaches them.

Each answer:

- SELECT in results-JSON or -XML: the store's own bytes, passed through. Their rows are bounded
  from above on the bytes (kg.web.upstream.RowBound: what begins a row), as a query worker does:
  kept whole up to NATIVE_BYTES, then streamed; past ``max_rows`` while streaming, the connection
  is dropped.
- SELECT in CSV or TSV (which stores write in their own ways: Virtuoso's TSV holds raw tabs and
  line ends), and a SELECT whose bound passed the cap before anything was sent (asked again): the
  store's results-JSON, parsed as it comes in a thread and written by kg.web.results, its rows
  counted exactly (kg.web.remote_rows): whole, or 422, or the rows up to the cap and a cut, as on
  the embedded store.
- ASK: asked as results-JSON, written in the negotiated format by kg.web.results.
- CONSTRUCT, DESCRIBE: asked as N-Triples (one triple a line), read up to ``max_rows`` + 1
  triples, then written by kg.web.results (prefixes, JSON-LD, the row cap).

Time limit: the request to the store is cancelled (its connection closed) at ``query_timeout``,
or the lower ``timeout=`` of the request: 503 if nothing was sent yet, else a dropped connection.
A store that keeps evaluating a query whose client left is told the limit itself through
``store_timeout_param`` (milliseconds; Virtuoso: ``timeout``). An answer Virtuoso marks as cut
short by its own limit (``X-SQL-State``) is never passed on as whole: it is a 503 too. At most
``max_concurrent_queries`` requests are open to the store at once; beyond, a query waits up to
``queue_wait`` and then gets 503 with Retry-After.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import httpx
import pyoxigraph as ox

from kg.config import Settings
from kg.errors import ConfigError, QueryError, QueryTimeoutError, StoreError
from kg.store import StoreInfo, current_release
from kg.web.backend import Backend, built_settings
from kg.web.remote_pool import RemotePool
from kg.web.upstream import MEDIA, StoreUnavailableError, Upstream, cut_short, refusal

log = logging.getLogger("kg.web")
PATTERN_LIMIT = 10_000  # triples a page's lookup of one pattern reads at most
GRAPHS_TTL = 30.0  # seconds the list of named graphs is kept
DESCRIPTION_TTL = 5.0  # seconds a subject's triples are kept for the pages
DESCRIPTIONS = 2000  # subjects kept at most


def _term(t: Any, var: str) -> str | None:
    """A pattern's term in SPARQL (None: it cannot match anything kg stores)."""
    if t is None:
        return var
    if isinstance(t, (ox.NamedNode, ox.Literal)):
        return str(t)  # N-Triples syntax, which SPARQL reads
    return None


class RemoteStore:
    """What the pages read of the store (kg.web.backend.ReadStore), each call one SPARQL query
    to the remote store, answered as results-JSON within the query time limit.

    A page looks up many properties of one resource (its label among several, each hop's agent,
    verb, channel...): a lookup by subject fetches all of the subject's triples at once and keeps
    them ``DESCRIPTION_TTL`` seconds (at most ``DESCRIPTIONS`` subjects), so the next lookups of
    that subject cost no request; a page may then show a description some seconds older than a
    load that just replaced it."""

    def __init__(self, upstream: Upstream, timeout: float) -> None:
        self.upstream = upstream
        self.timeout = timeout
        self.client = httpx.Client(auth=upstream.auth, timeout=timeout)
        self._graphs: tuple[float, list[ox.NamedNode]] = (-GRAPHS_TTL, [])
        self._described: OrderedDict[str, tuple[float, list[ox.Quad]]] = OrderedDict()
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def query(self, query: str, *, use_default_graph_as_union: bool = False) -> Any:
        try:
            r = self.client.post(
                self.upstream.url, data={"query": query}, headers={"Accept": MEDIA["json"]},
                params=self.upstream.params(use_default_graph_as_union, self.timeout))
        except httpx.TimeoutException:
            raise QueryTimeoutError(f"the store did not answer within {self.timeout:g} s",
                                    limit=self.timeout) from None
        except httpx.HTTPError as e:
            raise StoreUnavailableError(
                f"the store at {self.upstream.url} failed: {e or type(e).__name__}") from None
        if r.status_code != 200:
            raise refusal(r.status_code, r.text, self.upstream.url)
        if cut_short(r):
            raise QueryTimeoutError("the store stopped a query of this page at its time limit",
                                    limit=self.timeout)
        return ox.parse_query_results(r.content, ox.QueryResultsFormat.JSON)

    def _solutions(self, query: str) -> ox.QuerySolutions:
        solutions = self.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        return solutions

    def quads_for_pattern(self, subject: Any, predicate: Any, object: Any,
                          graph_name: Any = None) -> Iterator[ox.Quad]:
        if isinstance(subject, ox.NamedNode) and object is None and graph_name is None:
            return iter([q for q in self._description(subject)
                         if predicate is None or q.predicate == predicate])
        return self._matching(subject, predicate, object, graph_name)

    def _description(self, subject: ox.NamedNode) -> list[ox.Quad]:
        """The subject's quads (at most PATTERN_LIMIT), kept for DESCRIPTION_TTL seconds."""
        now = time.monotonic()
        with self._lock:
            kept = self._described.get(subject.value)
        if kept is not None and now - kept[0] < DESCRIPTION_TTL:
            return kept[1]
        quads = list(self._matching(subject, None, None, None))
        with self._lock:
            self._described[subject.value] = (now, quads)
            self._described.move_to_end(subject.value)
            while len(self._described) > DESCRIPTIONS:
                self._described.popitem(last=False)
        return quads

    def _matching(self, subject: Any, predicate: Any, object: Any,
                  graph_name: Any) -> Iterator[ox.Quad]:
        s, p, o = _term(subject, "?s"), _term(predicate, "?p"), _term(object, "?o")
        g = _term(graph_name, "?g")
        if s is None or p is None or o is None or g is None:
            return
        for row in self._solutions(f"SELECT * WHERE {{ GRAPH {g} {{ {s} {p} {o} }} }} "
                                   f"LIMIT {PATTERN_LIMIT}"):
            yield ox.Quad(row["s"] if subject is None else subject,
                          row["p"] if predicate is None else predicate,
                          row["o"] if object is None else object,
                          row["g"] if graph_name is None else graph_name)

    def contains_named_graph(self, graph_name: Any) -> bool:
        g = _term(graph_name, "?g")
        return g is not None and bool(self.query(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}"))

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        at, graphs = self._graphs
        if time.monotonic() - at >= GRAPHS_TTL:
            graphs = [row["g"] for row in self._solutions(
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
                if isinstance(row["g"], ox.NamedNode)]
            self._graphs = (time.monotonic(), graphs)
        return iter(graphs)


# ---------------------------------------------------------------- the backend
class RemoteBackend(Backend):
    """The state of a server answering from a remote store. The build's dumps folder gives
    its VoID, its dump files and its base IRI; the store holds what `kg load` put there."""

    def reload_if_changed(self) -> bool:
        """A new build in the dumps folder: its VoID and base IRI (`kg load` updates the
        store)."""
        if current_release(self.settings).name == self.info.release:
            return False
        self.info = remote_info(self.settings)
        self.settings = built_settings(self.settings)
        log.warning("kg serve: now describing build %s (%d triples); load it into the store "
                    "with `kg load`", self.info.release, self.info.quads)
        return True

    def close(self) -> None:
        self.pool.close()
        if isinstance(self.store, RemoteStore):
            self.store.close()

    async def aclose(self) -> None:
        self.close()
        if isinstance(self.pool, RemotePool):
            await self.pool.aclose()


def remote_info(settings: Settings) -> StoreInfo:
    from kg.load import void_counts

    release = current_release(settings)
    return StoreInfo(release, release.name, void_counts(release).triples or 0, 0.0)


def open_remote_backend(settings: Settings) -> RemoteBackend:
    """The backend over ``settings.store_url``, once the store has answered."""
    if not settings.dumps_dir.exists():
        raise ConfigError(f"kg serve --store needs the build's dumps in {settings.dumps_dir} "
                          "(its VoID, dump files and base IRI); `kg load` puts the same build "
                          "into the store")
    upstream = Upstream.of(settings)
    store = RemoteStore(upstream, settings.query_timeout)
    try:
        _check_store(store)
    except BaseException:
        store.close()
        raise
    pool = RemotePool(upstream, settings.max_concurrent_queries, settings.queue_wait)
    return RemoteBackend(built_settings(settings), remote_info(settings), store, pool)


def probe(settings: Settings) -> None:
    """StoreError in one line if the store does not answer (`kg serve` checks before it starts)."""
    store = RemoteStore(Upstream.of(settings), settings.query_timeout)
    try:
        _check_store(store)
    finally:
        store.close()


def _check_store(store: RemoteStore) -> None:
    """The store answers; a warning if its default graph is not the union of its graphs."""
    try:
        store.query("ASK {}")
        union = bool(store.query("ASK { ?s ?p ?o }", use_default_graph_as_union=True))
        named = bool(store.query("ASK { GRAPH ?g { ?s ?p ?o } }"))
    except QueryError as e:
        raise StoreError(f"the store at {store.upstream.url} does not answer queries: "
                         f"{e.detail}") from None
    if named and not union:
        log.warning("kg serve: the store at %s has named graphs but an empty default graph: "
                    "queries without GRAPH find nothing; start it so that its default graph is "
                    "the union of its graphs (oxigraph serve --union-default-graph), or set "
                    "store_union_param", store.upstream.url)
