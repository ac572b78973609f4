"""The query worker pool: it grows with load up to its cap, keeps spares ready, shrinks back
when idle, and its workers answer natively within the row cap (behaviour only, nothing timed)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg.config import Settings
from kg.errors import QueryBusyError, QueryTimeoutError, ResultTooLargeError
from kg.pipeline import BuildResult
from kg.store import ensure_store
from kg.web.workers import Job, QueryPool

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def store(seed_build: tuple[Settings, BuildResult]) -> Path:
    return ensure_store(seed_build[0]).path


@pytest.fixture
def make_pool(store: Path) -> Iterator[Callable[..., QueryPool]]:
    pools: list[QueryPool] = []

    def make(**kw: object) -> QueryPool:
        pool = QueryPool(str(store), **kw)  # type: ignore[arg-type]
        pool.start()
        pools.append(pool)
        return pool

    yield make
    for p in pools:
        p.close()


def wait_until(cond: Callable[[], bool], what: str) -> None:
    """Wait for a state the pool reaches by itself (a process starting or stopping)."""
    deadline = time.monotonic() + 60
    while not cond():
        if time.monotonic() > deadline:
            pytest.fail(f"never happened: {what}")
        time.sleep(0.02)


def alive(pids: list[int]) -> list[int]:
    out = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.append(pid)
    return out


def job(query: str, fmt: str = "json", max_rows: int = 100, form: str = "select") -> Job:
    return Job(query=query, form=form, fmt=fmt, union=True, max_rows=max_rows)


def test_an_idle_pool_holds_only_its_spares(make_pool: Callable[..., QueryPool]) -> None:
    pool = make_pool(size=8, spares=2)
    assert pool.idle == 2 and pool.busy == 0 and len(alive(pool.pids)) == 2


def test_it_grows_with_load_keeping_spares_ready_then_shrinks_back(
        make_pool: Callable[..., QueryPool]) -> None:
    pool = make_pool(size=4, spares=2, idle_timeout=0.2)

    async def take_four() -> list[object]:
        taken = []
        for n in range(4):
            wait_until(lambda: pool.idle >= 2, "two spares ready")
            taken.append(await pool._take())
            assert pool.busy == n + 1
        return taken

    taken = asyncio.run(take_four())
    wait_until(lambda: pool.idle == 2, "spares beside the four busy workers")
    assert len(alive(pool.pids)) == 6  # four busy, two ready: the cap plus the spares
    grown = pool.pids
    for w in taken:
        pool._release(w)  # type: ignore[arg-type]
    assert pool.idle == 6
    wait_until(lambda: pool.idle == 2, "the extra idle workers stopped")
    wait_until(lambda: len(alive(grown)) == 2, "their processes gone")
    assert pool.retired == 4 and pool.killed == 0


def test_the_cap_holds_even_with_spares_idle(make_pool: Callable[..., QueryPool]) -> None:
    pool = make_pool(size=1, spares=2, queue_wait=0.2)

    async def over_the_cap() -> None:
        w = await pool._take()
        wait_until(lambda: pool.idle == 2, "spares ready")
        with pytest.raises(QueryBusyError):
            await pool._take()
        pool._release(w)
        pool._release(await pool._take())  # a slot again

    asyncio.run(over_the_cap())


def test_a_worker_stopped_at_its_time_limit_leaves_a_spare_ready(
        make_pool: Callable[..., QueryPool]) -> None:
    pool = make_pool(size=2, spares=1)
    deaths: list[str] = []
    pool.on_death = deaths.append
    killed = pool.pids[0]

    async def slow_then_cheap() -> bytes:
        with pytest.raises(QueryTimeoutError):
            await pool.run(job(SLOW), 0.5)
        assert pool.idle >= 1  # the spare started when the slow query began
        answer = await pool.run(job("ASK {}", form="ask"), 10)
        return answer.first

    assert json.loads(asyncio.run(slow_then_cheap()))["boolean"] is True
    assert deaths == ["time_limit"] and pool.killed == 1
    wait_until(lambda: killed not in alive([killed]), "the stopped worker's process gone")


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_an_answer_over_the_row_cap_is_refused_and_one_within_is_whole(
        make_pool: Callable[..., QueryPool], fmt: str) -> None:
    pool = make_pool(size=2, spares=1)
    three = "SELECT ?x WHERE { VALUES ?x { 1 2 3 } }"

    async def both() -> bytes:
        with pytest.raises(ResultTooLargeError):
            await pool.run(job(three, fmt, max_rows=2), 10)
        answer = await pool.run(job(three, fmt, max_rows=3), 10)
        assert answer.rest is None  # small: sent whole
        return answer.first

    body = asyncio.run(both())
    rows = {"json": lambda: len(json.loads(body)["results"]["bindings"]),
            "xml": lambda: body.count(b"<result>"),
            "csv": lambda: len(body.splitlines()) - 1, "tsv": lambda: len(body.splitlines()) - 1}
    assert rows[fmt]() == 3


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_a_long_answer_within_the_cap_streams_whole(make_pool: Callable[..., QueryPool],
                                                    fmt: str) -> None:
    pool = make_pool(size=2, spares=1)
    rows = 30_000  # several MB: more than the worker keeps whole
    big = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o . ?a ?b ?c }} LIMIT {rows}"

    async def run() -> bytes:
        answer = await pool.run(job(big, fmt, max_rows=rows), 60)
        assert answer.rest is not None
        parts = [answer.first]
        async for chunk in answer.rest:
            parts.append(chunk)
        return b"".join(parts)

    body = asyncio.run(run())
    count = {"json": lambda: len(json.loads(body)["results"]["bindings"]),
             "xml": lambda: body.count(b"<result>"), "tsv": lambda: len(body.splitlines()) - 1}
    assert count[fmt]() == rows and pool.busy == 0


def test_an_empty_row_counts_against_the_cap(make_pool: Callable[..., QueryPool]) -> None:
    pool = make_pool(size=2, spares=1)
    rows = "SELECT ?nothing WHERE { VALUES ?x { 1 2 3 } }"  # three rows binding nothing

    async def run() -> None:
        with pytest.raises(ResultTooLargeError):
            await pool.run(job(rows, max_rows=2), 10)
        answer = await pool.run(job(rows, max_rows=3), 10)
        assert len(json.loads(answer.first)["results"]["bindings"]) == 3

    asyncio.run(run())


def test_a_long_answer_streams_and_stops_at_the_cap(make_pool: Callable[..., QueryPool]) -> None:
    pool = make_pool(size=2, spares=1)
    from kg.web.workers import QueryAborted

    big = "SELECT ?s ?p ?o WHERE { ?s ?p ?o . ?a ?b ?c }"  # far more than 60,000 rows

    async def run() -> int:
        answer = await pool.run(job(big, "tsv", max_rows=60_000), 30)
        assert answer.rest is not None  # over 4 MB: streamed
        size = len(answer.first)
        with pytest.raises(QueryAborted):
            async for chunk in answer.rest:
                size += len(chunk)
        return size

    assert asyncio.run(run()) > 0
    assert pool.busy == 0


@pytest.mark.parametrize("step", [1, 2, 3, 7, 1 << 20])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_the_row_bound_counts_rows_however_the_writes_are_cut(fmt: str, step: int) -> None:
    """The bound a worker keeps on a natively written answer is its row count (here, with no
    literal that could look like a row), whatever the sizes of the writer's writes."""
    import pyoxigraph as ox

    from kg.web.worker import NATIVE_FORMATS, _Sink

    q = ('SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 "a,{\\"b\\"}[{ x") (UNDEF UNDEF) '
         '("<result>"@en <http://e/>) } }')
    body = ox.Store().query(q).serialize(format=NATIVE_FORMATS[fmt][0])
    sink = _Sink(fmt, 100, lambda _: None)
    for i in range(0, len(body), step):
        sink.write(body[i:i + step])
    assert sink.bound - NATIVE_FORMATS[fmt][2] == 3
