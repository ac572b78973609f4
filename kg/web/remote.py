"""A remote SPARQL 1.1 store as the query engine: ``kg serve --store URL``.

The web layer sees what it sees of the embedded store (kg.web.backend): ``RemotePool`` runs a
Job within its time limit and answers its first bytes (as kg.web.workers.QueryPool does), and
``RemoteStore`` gives the pages their triples (as a read-only pyoxigraph Store does). A query
reaches the store only after kg.web.analyze let it through (no update, SERVICE or LOAD) and is
sent as a form POST to the store's query URL, with the dataset of the request and, for a query
that names no graphs, ``store_union_param`` (the store must read the union of the named graphs as
its default graph, as kg's engine does). Credentials (``store_user``, ``store_password``, from
the environment) go as HTTP basic authentication; nothing in a request reaches them.

Each answer:

- SELECT in results-JSON or -XML: the store's own bytes, passed through. Their rows are bounded
  from above on the bytes (``RowBound``: what begins a row), as a query worker does: kept whole up
  to NATIVE_BYTES, then streamed; past ``max_rows`` while streaming, the connection is dropped.
- SELECT in CSV or TSV (which stores write in their own ways: Virtuoso's TSV holds raw tabs and
  line ends), and a SELECT whose bound passed the cap before anything was sent (asked again):
  the store's results-JSON, parsed as it comes in a thread and written by kg.web.results, its rows
  counted exactly (``_convert``): whole, or 422, or the rows up to the cap and a cut, as on the
  embedded store.
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

import asyncio
import io
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pyoxigraph as ox

from kg.config import Settings
from kg.errors import (
    ConfigError,
    QueryBusyError,
    QueryError,
    QuerySyntaxError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreError,
)
from kg.store import StoreInfo, current_release
from kg.web.backend import Backend, built_settings
from kg.web.results import RowCapReached, write_boolean, write_graph, write_select
from kg.web.worker import CHUNK, NATIVE_BYTES
from kg.web.workers import Answer, Job, QueryAborted

log = logging.getLogger("kg.web")
MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
         "csv": "text/csv", "tsv": "text/tab-separated-values"}
PASSED = ("json", "xml")  # SELECT formats passed through as the store writes them (standard in
# every store tried; Virtuoso's CSV and TSV are not SPARQL's: its TSV holds raw tabs and newlines)
NTRIPLES = "application/n-triples"
MAX_GRAPH_BYTES = 512 * 1024 * 1024  # a graph answer in another syntax than asked is read whole
PATTERN_LIMIT = 10_000  # triples a page's lookup of one pattern reads at most
GRAPHS_TTL = 30.0  # seconds the list of named graphs is kept
DESCRIPTION_TTL = 5.0  # seconds a subject's triples are kept for the pages
DESCRIPTIONS = 2000  # subjects kept at most
RELATIVE_IRI = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]*:)[^<>\"{}|^`\\\s]*>")


class StoreUnavailableError(QueryError):
    """The remote store failed or refused kg (not the query): 502."""

    status = 502
    title = "Store error"


# ---------------------------------------------------------------- the request to the store
@dataclass(frozen=True)
class Upstream:
    url: str
    auth: tuple[str, str] | None
    union_param: str
    timeout_param: str

    @classmethod
    def of(cls, settings: Settings) -> Upstream:
        return cls(settings.store_url, settings.store_auth, settings.store_union_param,
                   settings.store_timeout_param)

    def params(self, union: bool, seconds: float) -> dict[str, str]:
        """The URL parameters beside the query: the union switch, the store's own limit."""
        out = {}
        if union and self.union_param:
            out[self.union_param] = ""
        if self.timeout_param:
            out[self.timeout_param] = str(max(1, int(seconds * 1000)))
        return out

    def form(self, job: Job) -> tuple[dict[str, Any], int]:
        """The form body for ``job`` and the lines put before its query (a BASE, when it has a
        relative IRI: the endpoint's URL resolves it, as on the embedded store)."""
        query, shift = job.query, 0
        if job.base_iri and RELATIVE_IRI.search(query):
            query, shift = f"BASE <{job.base_iri}>\n{query}", 1
        data: dict[str, Any] = {"query": query}
        if job.default_graphs is not None or job.named_graphs is not None:
            data["default-graph-uri"] = list(job.default_graphs or ())
            data["named-graph-uri"] = list(job.named_graphs or ())
        return data, shift


def _names_dataset(job: Job) -> bool:
    return job.default_graphs is not None or job.named_graphs is not None


def _position(message: str, shift: int) -> dict[str, int]:
    """Oxigraph reports 'error at LINE:COLUMN: ...'."""
    m = re.search(r"\bat (\d+):(\d+)", message)
    return {"line": int(m.group(1)) - shift, "column": int(m.group(2))} if m else {}


def refusal(status: int, text: str, url: str, shift: int = 0) -> QueryError:
    """What the store's error answer means for the client."""
    text = text.strip()[:2000]
    if status == 400:
        return QuerySyntaxError(text or "the store refused the query", **_position(text, shift))
    if status in (401, 403, 407):
        return StoreUnavailableError(f"the store at {url} refused kg (HTTP {status}): check "
                                     "KG_STORE_USER and KG_STORE_PASSWORD")
    return StoreUnavailableError(f"the store at {url} answered HTTP {status}: {text[:500]}")


def _cut_short(response: httpx.Response) -> bool:
    """Virtuoso answers 200 with what it had when its own limit stopped the query, marked so."""
    return "x-sql-state" in response.headers


# ---------------------------------------------------------------- the rows in an answer's bytes
ROW_STARTS: dict[str, tuple[re.Pattern[bytes], re.Pattern[bytes], int]] = {
    # format: what begins a row; what may be the beginning of that at a chunk's end; head rows
    "json": (re.compile(rb"[\[,]\s*\{"), re.compile(rb"[\[,]\s*\Z"), 0),
    "xml": (re.compile(rb"<result[\s/>]"), re.compile(rb"<(?:r(?:e(?:s(?:u(?:lt?)?)?)?)?)?\Z"), 0),
}


class RowBound:
    """An upper bound on the rows of a SELECT answer from its bytes so far, in any store's
    layout: each row begins with a match of its format's pattern (JSON: ``{`` after ``[`` or
    ``,``, spaces between allowed; XML: ``<result``), which a literal may also hold (a bound, not
    a count). What may begin a match at a chunk's end is kept for the next one."""

    def __init__(self, fmt: str, cap: int) -> None:
        self.starts, self.partial, head = ROW_STARTS[fmt]
        self.limit = cap + head
        self.bound = 0
        self.carry = b""

    def over(self, data: bytes) -> bool:
        """Count ``data`` in; whether the bound has passed the cap."""
        text = self.carry + data if self.carry else data
        self.bound += len(self.starts.findall(text))
        m = self.partial.search(text, max(0, len(text) - 4096))
        self.carry = text[m.start():] if m else b""
        return self.bound > self.limit


# ---------------------------------------------------------------- the pool: /sparql
class _Slot:
    def __init__(self, pool: RemotePool, slots: asyncio.Semaphore) -> None:
        self.pool, self.slots, self.held = pool, slots, True

    def release(self) -> None:
        if self.held:
            self.held = False
            self.pool.busy -= 1
            self.slots.release()


class RemotePool:
    """Queries run by the remote store, at most ``size`` at once (kg.web.backend.QueryEngine)."""

    def __init__(self, upstream: Upstream, size: int, queue_wait: float) -> None:
        self.upstream = upstream
        self.size = size
        self.queue_wait = queue_wait
        self.busy = 0
        self.on_death: Callable[[str], None] | None = None  # (no workers die here)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots = asyncio.Semaphore(size)
        self._client: httpx.AsyncClient | None = None
        self.sync = httpx.Client(auth=upstream.auth)  # for _convert's threads

    def _ready(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:  # first query, or another loop
            self._loop = loop
            self._slots = asyncio.Semaphore(self.size)
            self._client = httpx.AsyncClient(
                auth=self.upstream.auth, timeout=None,
                limits=httpx.Limits(max_connections=self.size + 4,
                                    max_keepalive_connections=self.size + 4))
        return self._client

    def close(self) -> None:
        self.sync.close()  # aclose() closes the others, from the event loop

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def run(self, job: Job, timeout: float) -> Answer:
        """Answer ``job`` within ``timeout`` seconds, as kg.web.workers.QueryPool.run does."""
        client = self._ready()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            if self._slots.locked():
                await asyncio.wait_for(self._slots.acquire(), self.queue_wait)
            else:
                await self._slots.acquire()  # at once
        except TimeoutError:
            raise QueryBusyError(f"all {self.size} queries to the store are running; retry "
                                 "shortly", retry_after=1) from None
        self.busy += 1
        slot = _Slot(self, self._slots)
        try:
            answer = await _Call(self, client, job, deadline, timeout, slot).answer()
        except BaseException:
            slot.release()
            raise
        if answer.rest is None:
            slot.release()
        return answer


class _Call:
    """One query to the store, from the request to the last byte of its answer."""

    def __init__(self, pool: RemotePool, client: httpx.AsyncClient, job: Job, deadline: float,
                 timeout: float, slot: _Slot) -> None:
        self.upstream, self.sync, self.client, self.job = pool.upstream, pool.sync, client, job
        self.deadline, self.timeout, self.slot = deadline, timeout, slot

    def _time_limit(self) -> QueryTimeoutError:
        return QueryTimeoutError(
            f"the query was stopped at its time limit of {self.timeout:g} s", limit=self.timeout)

    async def answer(self) -> Answer:
        form = self.job.form
        if form == "select":
            return await self._select()
        if form == "ask":
            body, _ = await self._whole(MEDIA["json"], None)
            try:
                verdict = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
            except SyntaxError as e:
                raise StoreUnavailableError(f"the store's answer is not results-JSON: {e}"
                                            ) from None
            out = bytearray()
            write_boolean(bool(verdict), self.job.fmt, out.extend)
            return Answer(bytes(out), None)
        return await self._graph()

    async def _open(self, accept: str) -> httpx.Response:
        loop = asyncio.get_running_loop()
        left = self.deadline - loop.time()
        data, shift = self.upstream.form(self.job)
        request = self.client.build_request(
            "POST", self.upstream.url, data=data, headers={"Accept": accept},
            params=self.upstream.params(self.job.union and not _names_dataset(self.job), left))
        try:
            async with asyncio.timeout_at(self.deadline):
                response = await self.client.send(request, stream=True)
                if response.status_code != 200:
                    text = (await response.aread()).decode("utf-8", "replace")
                    await response.aclose()
                    raise refusal(response.status_code, text, self.upstream.url, shift)
        except TimeoutError:
            raise self._time_limit() from None
        except httpx.HTTPError as e:
            raise StoreUnavailableError(
                f"the store at {self.upstream.url} failed: {e or type(e).__name__}") from None
        if _cut_short(response):
            await response.aclose()
            raise QueryTimeoutError(
                "the store stopped the query at its own time limit "
                f"({response.headers['x-sql-state']}); its partial answer is not passed on",
                limit=self.timeout)
        return response

    async def _next(self, it: AsyncIterator[bytes]) -> bytes | None:
        """The next chunk of the answer, None at its end; TimeoutError at the deadline."""
        async with asyncio.timeout_at(self.deadline):
            try:
                return await anext(it)
            except StopAsyncIteration:
                return None

    async def _whole(self, accept: str, stop: Callable[[bytes], bool] | None
                     ) -> tuple[bytes, str]:
        """The answer's bytes (until ``stop`` says enough) and its media type."""
        response = await self._open(accept)
        parts: list[bytes] = []
        try:
            it = response.aiter_bytes()
            while (chunk := await self._next(it)) is not None:
                parts.append(chunk)
                if stop is not None and stop(chunk):
                    break
        except TimeoutError:
            raise self._time_limit() from None
        except httpx.HTTPError as e:
            raise StoreUnavailableError(f"the store broke off its answer: {e}") from None
        finally:
            await response.aclose()
        return b"".join(parts), response.headers.get("content-type", "")

    # ------------------------------------------------------------ SELECT
    async def _select(self) -> Answer:
        job = self.job
        if job.fmt not in PASSED:
            return await self._converted()
        response = await self._open(MEDIA[job.fmt])
        bound = RowBound(job.fmt, job.max_rows)
        parts: list[bytes] = []
        size = 0
        it = response.aiter_bytes()
        streaming = False
        try:
            while (chunk := await self._next(it)) is not None:
                if bound.over(chunk):
                    await response.aclose()
                    return await self._converted()
                parts.append(chunk)
                size += len(chunk)
                if size > NATIVE_BYTES:
                    streaming = True
                    break
        except TimeoutError:
            raise self._time_limit() from None
        except httpx.HTTPError as e:
            raise StoreUnavailableError(f"the store broke off its answer: {e}") from None
        finally:
            if not streaming:
                await response.aclose()
        if not streaming:
            return Answer(b"".join(parts), None)
        return Answer(b"".join(parts), self._passed(response, it, bound))

    async def _passed(self, response: httpx.Response, it: AsyncIterator[bytes],
                      bound: RowBound) -> AsyncIterator[bytes]:
        """The rest of a long SELECT answer as the store sends it, cut at the row cap."""
        try:
            while (chunk := await self._next(it)) is not None:
                if bound.over(chunk):
                    raise QueryAborted(
                        f"the answer has more than {self.job.max_rows} rows (max_rows)")
                yield chunk
        except TimeoutError:
            raise QueryAborted(
                f"the query was stopped at its time limit of {self.timeout:g} s") from None
        except httpx.HTTPError as e:
            raise QueryAborted(f"the store broke off its answer: {e}") from None
        finally:
            await response.aclose()
            self.slot.release()

    async def _converted(self) -> Answer:
        """The rows counted one by one: the store's results-JSON parsed as it comes and written
        in the negotiated format by kg.web.results, in a thread (``_convert``), whose frames are
        read here as a query worker's are."""
        loop = asyncio.get_running_loop()
        frames: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        stop = threading.Event()

        def send(kind: str, item: Any = None) -> None:
            loop.call_soon_threadsafe(frames.put_nowait, (kind, item))

        data, shift = self.upstream.form(self.job)
        params = self.upstream.params(self.job.union and not _names_dataset(self.job),
                                      self.deadline - loop.time())
        threading.Thread(target=_convert, daemon=True, name="kg-store-rows", args=(
            self.sync, self.upstream.url, (data, params, self.timeout), shift, self.job, send,
            stop)).start()
        try:
            async with asyncio.timeout_at(self.deadline):
                kind, item = await frames.get()
        except TimeoutError:
            stop.set()
            raise self._time_limit() from None
        except BaseException:
            stop.set()
            raise
        if kind == "W":
            return Answer(item, None)
        if kind == "X":
            raise item
        return Answer(item, self._rest(frames, stop))

    async def _rest(self, frames: asyncio.Queue[tuple[str, Any]], stop: threading.Event
                    ) -> AsyncIterator[bytes]:
        try:
            while True:
                async with asyncio.timeout_at(self.deadline):
                    kind, item = await frames.get()
                if kind == "D":
                    yield item
                elif kind == "E":
                    return
                elif kind == "C":
                    raise QueryAborted(
                        f"the answer has more than {self.job.max_rows} rows (max_rows)")
                else:
                    raise QueryAborted(f"the store broke off its answer: {item}")
        except TimeoutError:
            raise QueryAborted(
                f"the query was stopped at its time limit of {self.timeout:g} s") from None
        finally:
            stop.set()
            self.slot.release()

    def _capped(self, written: bytes) -> Answer:
        """More rows than the cap, known before anything was sent: 422, or (as a worker's
        writers would have sent a chunk by then) the rows up to the cap and a cut."""
        cap = self.job.max_rows
        self.slot.release()  # the store's answer is read: nothing more to ask of it
        if len(written) < CHUNK:
            raise ResultTooLargeError(f"the answer has more than {cap} rows; add LIMIT and "
                                      "OFFSET to page through it")
        return Answer(written, _aborted(f"the answer has more than {cap} rows (max_rows)"))

    # ------------------------------------------------------------ CONSTRUCT, DESCRIBE
    async def _graph(self) -> Answer:
        cap = self.job.max_rows
        lines = 0
        size = 0

        def enough(chunk: bytes) -> bool:
            nonlocal lines, size
            lines += chunk.count(b"\n")
            size += len(chunk)
            if size > MAX_GRAPH_BYTES:
                raise ResultTooLargeError(f"the store's answer is over {MAX_GRAPH_BYTES} bytes")
            return lines > cap

        body, media = await self._whole(NTRIPLES, enough)
        fmt = ox.RdfFormat.from_media_type(media.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
        if fmt == ox.RdfFormat.N_TRIPLES:
            body = b"\n".join(body.split(b"\n", cap + 1)[:cap + 1]) + b"\n"
        try:
            triples = [q.triple for q in ox.parse(body, fmt)]
        except SyntaxError as e:
            raise StoreUnavailableError(
                f"the store's answer is not valid {fmt.name}: {e}") from None
        out = bytearray()
        try:
            write_graph(triples, self.job.fmt, out.extend, cap, dict(self.job.prefixes))
        except RowCapReached:
            return self._capped(bytes(out))
        return Answer(bytes(out), None)


class _Chunks(io.RawIOBase):
    """A file over the chunks of an answer, for pyoxigraph's parser; stops when told to."""

    def __init__(self, chunks: Iterator[bytes], stop: threading.Event) -> None:
        self.chunks, self.stop, self.buf = chunks, stop, b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self.stop.is_set():
            raise OSError("the query was given up")
        while not self.buf:
            self.buf = next(self.chunks, b"")
            if not self.buf:
                return 0
        n = min(len(b), len(self.buf))
        b[:n] = self.buf[:n]
        self.buf = self.buf[n:]
        return n


def _convert(client: httpx.Client, url: str,
             request: tuple[dict[str, Any], dict[str, str], float], shift: int, job: Job,
             send: Callable[..., None], stop: threading.Event) -> None:
    """In a thread: ask the store for results-JSON and write its rows in ``job.fmt`` up to the
    cap, sending frames as a worker does (kg.web.worker): W whole, D data then E (end) or C (cut
    at the cap), X an error before any data."""
    buf = bytearray()
    sent = False

    def out(b: bytes) -> None:
        nonlocal sent
        buf.extend(b)
        if len(buf) >= CHUNK:
            send("D", bytes(buf))
            buf.clear()
            sent = True

    data, params, seconds = request
    try:
        with client.stream("POST", url, data=data, params=params, timeout=seconds,
                           headers={"Accept": MEDIA["json"]}) as r:
            if r.status_code != 200:
                send("X", refusal(r.status_code, r.read().decode("utf-8", "replace"), url, shift))
                return
            if _cut_short(r):
                send("X", QueryTimeoutError("the store stopped the query at its own time limit; "
                                            "its partial answer is not passed on"))
                return
            solutions = ox.parse_query_results(
                io.BufferedReader(_Chunks(r.iter_bytes(), stop), CHUNK),
                ox.QueryResultsFormat.JSON)
            assert isinstance(solutions, ox.QuerySolutions)
            write_select(solutions, job.fmt, out, job.max_rows)
    except RowCapReached:
        if not sent:
            send("X", ResultTooLargeError(f"the answer has more than {job.max_rows} rows; add "
                                          "LIMIT and OFFSET to page through it"))
            return
        send("D", bytes(buf))
        send("C")
        return
    except (httpx.HTTPError, OSError, SyntaxError, ValueError) as e:
        if sent:
            send("F", e)
        else:
            send("X", StoreUnavailableError(
                f"the store's answer could not be read: {e or type(e).__name__}"))
        return
    if not sent:
        send("W", bytes(buf))
        return
    send("D", bytes(buf))
    send("E")


async def _aborted(why: str) -> AsyncIterator[bytes]:
    raise QueryAborted(why)
    yield b""  # (a generator)


# ---------------------------------------------------------------- the store: pages
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
        if _cut_short(r):
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
