"""``RemotePool``: queries answered by a remote SPARQL store, as kg.web.workers.QueryPool answers
them from worker processes (kg.web.backend.QueryEngine); the overview is in kg.web.remote."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pyoxigraph as ox

from kg.errors import QueryBusyError, QueryTimeoutError, ResultTooLargeError
from kg.web.remote_rows import convert
from kg.web.results import RowCapReached, write_boolean, write_graph
from kg.web.upstream import (
    MEDIA,
    RowBound,
    StoreUnavailableError,
    Upstream,
    cut_short,
    names_dataset,
    refusal,
)
from kg.web.worker import CHUNK, NATIVE_BYTES
from kg.web.workers import Answer, Job, QueryAborted

PASSED = ("json", "xml")  # SELECT formats passed through as the store writes them (standard in
# every store tried; Virtuoso's CSV and TSV are not SPARQL's: its TSV holds raw tabs and newlines)
NTRIPLES = "application/n-triples"
MAX_GRAPH_BYTES = 512 * 1024 * 1024  # a graph answer in another syntax than asked is read whole


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
        self.sync = httpx.Client(auth=upstream.auth)  # for convert's threads

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
            params=self.upstream.params(self.job.union and not names_dataset(self.job), left))
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
        if cut_short(response):
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
        in the negotiated format by kg.web.results, in a thread (``convert``), whose frames are
        read here as a query worker's are."""
        loop = asyncio.get_running_loop()
        frames: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        stop = threading.Event()

        def send(kind: str, item: Any = None) -> None:
            loop.call_soon_threadsafe(frames.put_nowait, (kind, item))

        data, shift = self.upstream.form(self.job)
        params = self.upstream.params(self.job.union and not names_dataset(self.job),
                                      self.deadline - loop.time())
        threading.Thread(target=convert, daemon=True, name="kg-store-rows", args=(
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


async def _aborted(why: str) -> AsyncIterator[bytes]:
    raise QueryAborted(why)
    yield b""  # (a generator)
