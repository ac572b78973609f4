"""Queries run in worker processes, so a time limit really stops the work.

Oxigraph has no query timeout of its own, so each query is evaluated in a worker process (each
holding the store open read-only, kg.web.worker). The server waits for the worker's answer on
its event loop with a deadline; when it passes, or the client goes away mid-stream, the worker is
killed. At most ``size`` queries run at once: a request that finds no free slot within
``queue_wait`` seconds gets QueryBusyError (503 with Retry-After).

The pool is elastic. It keeps ``spares`` workers started and idle, beyond the busy ones (up to
``size`` busy): when a query takes an idle worker, a new one starts in the background, so the
next query, and the one after a worker killed at its time limit, finds a process ready and never
waits for one to start (unless more than ``spares`` queries arrive within the start time of one,
about 0.1 s). Workers idle for ``idle_timeout`` seconds beyond the spares are stopped, so an idle
server holds only its spares.

Heavy queries must not slow the cheap ones down: a job that still runs after ``demote_after``
seconds has its thread's nice value raised by 10 (kg.web.worker), so new queries and the server
get the cores first.

A worker that dies evaluating a query (the engine's parser and planner recurse; queries nested
too deep are refused before, by kg.web.analyze) answers QueryCrashError (500, problem+json).
Every worker stopped other than for idleness is counted by cause (``crash``, ``time_limit``,
``disconnect``, ``died_idle``, ``error``) through ``on_death``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import (
    QueryBusyError,
    QueryError,
    QuerySyntaxError,
    QueryTimeoutError,
    ResultTooLargeError,
)
from kg.web.worker import HEADER

# Imports kg.web.worker without kg/__init__ (rdflib, the pipeline): a stub package `kg`.
BOOT = ("import sys, types; pkg = types.ModuleType('kg'); pkg.__path__ = [sys.argv[1]]; "
        "sys.modules['kg'] = pkg; from kg.web.worker import main; main(sys.argv[2:])")
KG_DIR = str(Path(__file__).resolve().parent.parent)


@dataclass(frozen=True)
class Job:
    query: str
    form: str  # select | ask | construct | describe
    fmt: str  # a key of kg.web.conneg (json, xml, csv, tsv, turtle, ...)
    union: bool  # default graph = union of the named graphs
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int = 100_000
    prefixes: tuple[tuple[str, str], ...] = ()
    base_iri: str | None = None  # resolves relative IRIs in the query (the endpoint's URL)


class QueryCrashError(QueryError):
    status = 500
    title = "Query engine failure"


class QueryAborted(Exception):
    """The answer was cut short after its first bytes were sent; the connection must be dropped."""


@dataclass
class Answer:
    """The first bytes of an answer; ``rest`` streams the others (None: nothing follows)."""

    first: bytes
    rest: AsyncIterator[bytes] | None


class _Worker:
    """One worker process and its two pipes."""

    def __init__(self, store_path: str, demote_after: float) -> None:
        job_r, self.wfd = os.pipe()
        self.rfd, ans_w = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-c", BOOT, KG_DIR, store_path, str(job_r), str(ans_w),
                 str(demote_after)],
                pass_fds=(job_r, ans_w), stdin=subprocess.DEVNULL, close_fds=True)
        finally:
            os.close(job_r)
            os.close(ans_w)
        self.buf = bytearray()
        self.last_used = time.monotonic()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _frame(self) -> bytes | None:
        if len(self.buf) < HEADER.size:
            return None
        (n,) = HEADER.unpack_from(self.buf)
        if len(self.buf) < HEADER.size + n:
            return None
        out = bytes(self.buf[HEADER.size:HEADER.size + n])
        del self.buf[:HEADER.size + n]
        return out

    def wait_ready(self, timeout: float) -> bool:
        """Blocking: the worker's ``R`` within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while (frame := self._frame()) is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.rfd], [], [], remaining)[0]:
                return False
            data = os.read(self.rfd, 65536)
            if not data:
                return False
            self.buf += data
        return frame == b"R"

    async def frame(self, deadline: float) -> bytes:
        """The next answer frame; TimeoutError at ``deadline`` (loop time), EOFError if it died."""
        while (frame := self._frame()) is None:
            loop = asyncio.get_running_loop()
            fut: asyncio.Future[None] = loop.create_future()

            def readable(fut: asyncio.Future[None] = fut) -> None:
                try:
                    data = os.read(self.rfd, 1 << 20)
                except OSError:
                    data = b""
                if not data:
                    if not fut.done():
                        fut.set_exception(EOFError())
                    return
                self.buf += data
                if not fut.done():
                    fut.set_result(None)

            loop.add_reader(self.rfd, readable)
            timer = loop.call_later(max(0.0, deadline - loop.time()), fut.cancel)
            try:
                await fut
            except asyncio.CancelledError:
                if timer.cancelled() or loop.time() < deadline:
                    raise  # the request itself was cancelled
                raise TimeoutError from None
            finally:
                timer.cancel()
                loop.remove_reader(self.rfd)
        return frame

    def send_job(self, job: Job) -> None:
        payload = json.dumps(vars(job)).encode()
        data = memoryview(HEADER.pack(len(payload)) + payload)
        while data:  # the worker reads at once, so this blocks only while it takes a long query
            data = data[os.write(self.wfd, data):]

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        for fd in (self.rfd, self.wfd):
            with contextlib.suppress(OSError):
                os.close(fd)
        threading.Thread(target=self.proc.wait, daemon=True).start()  # reap it

    def stop(self) -> None:
        """Let an idle worker go: it exits when its job pipe closes."""
        for fd in (self.wfd, self.rfd):
            with contextlib.suppress(OSError):
                os.close(fd)
        threading.Thread(target=self.proc.wait, daemon=True).start()


class QueryPool:
    """Worker processes over one read-only store, between ``spares`` idle and ``size`` busy."""

    def __init__(self, store_path: str, size: int, queue_wait: float = 1.0,
                 demote_after: float = 0.0, spares: int = 1, idle_timeout: float = 30.0) -> None:
        self.store_path = store_path
        self.size = size  # queries evaluated at once
        self.spares = max(1, spares)  # idle workers kept started
        self.queue_wait = queue_wait
        self.demote_after = demote_after  # seconds; 0: queries never lose priority
        self.idle_timeout = idle_timeout  # seconds an extra idle worker is kept
        self._idle: list[_Worker] = []  # most recently used last
        self._busy: set[_Worker] = set()
        self._starting = 0
        self._waiters: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[_Worker]]] = deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.killed = 0  # workers replaced: stopped at their time limit or on disconnect, or dead
        self.started = 0  # worker processes started, the first ones included
        self.retired = 0  # idle workers stopped because there were more than the spares
        self.on_death: Callable[[str], None] | None = None  # told the cause of each replacement
        self.closed = False

    # ------------------------------------------------------------------------ life cycle
    def start(self, timeout: float = 60.0) -> None:
        workers = [_Worker(self.store_path, self.demote_after) for _ in range(self.spares)]
        self.started += len(workers)
        deadline = time.monotonic() + timeout
        for w in workers:
            if not w.wait_ready(max(0.0, deadline - time.monotonic())):
                code = w.proc.poll()
                for x in workers:
                    x.kill()
                raise RuntimeError(f"query worker did not start (exit code {code})")
        self._idle.extend(workers)
        threading.Thread(target=self._reaper, daemon=True, name="kg-query-reaper").start()

    def close(self) -> None:
        self.closed = True
        self._stop.set()
        with self._lock:
            workers = [*self._idle, *self._busy]
            self._idle.clear()
            self._busy.clear()
        for w in workers:
            w.kill()

    @property
    def busy(self) -> int:
        return len(self._busy)

    @property
    def idle(self) -> int:
        return len(self._idle)

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in (*self._idle, *self._busy)]

    def _grow(self) -> None:
        """Start workers until ``spares`` are idle or starting (the lock is held)."""
        while (not self.closed and len(self._idle) + self._starting < self.spares
               and len(self._busy) + len(self._idle) + self._starting < self.size + self.spares):
            self._starting += 1
            self.started += 1
            threading.Thread(target=self._spawn, daemon=True, name="kg-query-spawn").start()

    def _spawn(self) -> None:
        try:
            w = _Worker(self.store_path, self.demote_after)
        except OSError:
            with self._lock:
                self._starting -= 1
            return
        ok = w.wait_ready(60.0)
        with self._lock:
            self._starting -= 1
            if not ok or self.closed:
                w.kill()
                return
            self._put(w)

    def _put(self, w: _Worker) -> None:
        """An idle worker: to the first request waiting, else to the idle list (lock held)."""
        while self._waiters and len(self._busy) < self.size:
            loop, fut = self._waiters.popleft()
            if fut.done():
                continue
            self._busy.add(w)
            loop.call_soon_threadsafe(_deliver, fut, w, self)
            return
        self._idle.append(w)

    def _reaper(self) -> None:
        """Stop the idle workers beyond the spares that have not been used for a while."""
        interval = max(0.05, min(5.0, self.idle_timeout / 4))
        while not self._stop.wait(interval):
            now = time.monotonic()
            with self._lock:
                old = [w for w in self._idle[: max(0, len(self._idle) - self.spares)]
                       if now - w.last_used >= self.idle_timeout]
                for w in old:
                    self._idle.remove(w)
                self.retired += len(old)
            for w in old:
                w.stop()

    # ------------------------------------------------------------------------ taking a worker
    async def _take(self) -> _Worker:
        while True:
            with self._lock:
                w = self._idle.pop() if self._idle and len(self._busy) < self.size else None
                if w is not None:
                    self._busy.add(w)
                self._grow()
                if w is None:
                    loop = asyncio.get_running_loop()
                    fut: asyncio.Future[_Worker] = loop.create_future()
                    self._waiters.append((loop, fut))
            if w is None:
                try:
                    w = await asyncio.wait_for(fut, self.queue_wait)
                except TimeoutError:
                    raise QueryBusyError(
                        f"all {self.size} query workers are busy; retry shortly", retry_after=1
                    ) from None
            if w.proc.poll() is None:
                return w
            self._discard(w, "died_idle")

    def _release(self, w: _Worker) -> None:
        w.last_used = time.monotonic()
        with self._lock:
            if w in self._busy:
                self._busy.discard(w)
                self._put(w)

    def _discard(self, w: _Worker, cause: str) -> None:
        w.kill()
        with self._lock:
            self._busy.discard(w)
            self.killed += 1
            self._grow()
        if self.on_death is not None:
            self.on_death(cause)

    # ------------------------------------------------------------------------ running a job
    async def run(self, job: Job, timeout: float) -> Answer:
        """Run a job; returns once its first chunk (or its error) is in, within ``timeout``.

        Errors known before the first byte raise QueryError subclasses; afterwards, a time limit
        or row cap raises QueryAborted from ``rest``, to be turned into a dropped connection.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        w = await self._take()
        try:
            w.send_job(job)
            first = await w.frame(deadline)
        except TimeoutError:
            self._discard(w, "time_limit")
            raise QueryTimeoutError(f"the query was stopped at its time limit of {timeout:g} s",
                                    limit=timeout) from None
        except (EOFError, OSError):
            code = await _exit_code(w)
            self._discard(w, "crash")
            raise QueryCrashError(
                f"the query worker evaluating this query died ({_exit(code)}): the engine could "
                "not cope with this query; the worker was replaced", exit_code=code) from None
        except BaseException:
            self._discard(w, "error")
            raise
        kind = first[:1]
        if kind == b"W":  # the whole answer in one frame (the usual case)
            self._release(w)
            return Answer(first[1:], None)
        if kind == b"X":
            self._release(w)
            _raise(json.loads(first[1:]))
        if kind == b"E":
            self._release(w)
            return Answer(b"", None)
        return Answer(first[1:], self._stream(w, deadline, timeout))

    async def _stream(self, w: _Worker, deadline: float, timeout: float) -> AsyncIterator[bytes]:
        done = False
        cause = "disconnect"  # the generator is closed early when the client goes away
        try:
            while True:
                try:
                    msg = await w.frame(deadline)
                except TimeoutError:
                    cause = "time_limit"
                    raise QueryAborted(
                        f"the query was stopped at its time limit of {timeout:g} s") from None
                except (EOFError, OSError):
                    cause = "crash"
                    raise QueryAborted("the query worker died while sending the answer") from None
                kind = msg[:1]
                if kind == b"D":
                    yield msg[1:]
                elif kind == b"E":
                    done = True
                    return
                elif kind == b"C":
                    done = True
                    raise QueryAborted(f"the answer has more than {int(msg[1:])} rows (max_rows)")
                else:
                    done = True
                    raise QueryAborted(str(json.loads(msg[1:])[1]))
        finally:
            if done:
                self._release(w)
            else:
                self._discard(w, cause)


def _deliver(fut: asyncio.Future[_Worker], w: _Worker, pool: QueryPool) -> None:
    if fut.done():  # the request gave up meanwhile: the worker goes back
        pool._release(w)
    else:
        fut.set_result(w)


async def _exit_code(w: _Worker) -> int | None:
    for _ in range(40):  # its pipe closed: it is ending
        if (code := w.proc.poll()) is not None:
            return code
        await asyncio.sleep(0.05)
    return None


def _exit(code: int | None) -> str:
    if code is None:
        return "its pipe closed"
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _raise(msg: list[str]) -> None:
    kind, text = msg
    if kind == "syntax":
        raise QuerySyntaxError(text, **_position(text))
    if kind == "too-large":
        raise ResultTooLargeError(f"{text}; add LIMIT and OFFSET to page through it")
    raise QueryError(f"the query could not be evaluated: {text}")


def _position(message: str) -> dict[str, int]:
    """Oxigraph reports 'error at LINE:COLUMN: ...'."""
    import re

    m = re.search(r"\bat (\d+):(\d+)", message)
    return {"line": int(m.group(1)), "column": int(m.group(2))} if m else {}
