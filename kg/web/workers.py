"""Queries run in worker processes, so a time limit really stops the work.

Oxigraph has no query timeout of its own, so each query is evaluated in one of a fixed set of
worker processes (each holding the store open read-only). The server waits on the worker's pipe
with a deadline; when it passes, or the client goes away mid-stream, the worker is killed and a
fresh one takes its slot. The number of workers is the cap on concurrent queries: a request that
finds none free within ``queue_wait`` seconds gets QueryBusyError (503 with Retry-After).

Heavy queries must not slow the cheap ones down. A worker evaluates each job in a thread of its
own; if the job still runs after ``demote_after`` seconds, that thread's nice value is raised by
10 (Linux keeps nice per thread), so newly started queries and the server itself get the cores
first. The thread ends with its job, so the worker's next job starts at normal priority again;
no privilege is needed for any of this.

A worker killed at its time limit (or when its client goes away) is replaced at once by a spare
that was started ahead, so the next query does not wait for a process to start; a new spare is
then started in the background. Heavy queries started together tend to hit the limit together,
so there are several spares.

The engine's parser and planner recurse, so a query nested deep enough overflows the stack of
the thread that evaluates it, and the process dies (SIGSEGV). Such queries are refused before
they get here (kg.web.analyze: max_query_depth, max_query_bytes); to leave a wide margin, each job
runs in a thread with a large stack (STACK_BYTES, address space only: pages are touched as the
recursion goes). A worker that dies anyway is replaced like a killed one, its query answers
QueryCrashError (500, problem+json), and every replaced worker is counted by cause (``crash``,
``time_limit``, ``disconnect``, ``died_idle``, ``error``) through ``on_death``.

Worker protocol (one pipe per worker): the server sends a Job; the worker answers
``("data", bytes)`` chunks then ``("end", rows)``, or ``("error", kind, message)`` first, or
``("capped", rows)`` after data when the row cap cut the answer short.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from kg.errors import (
    QueryBusyError,
    QueryError,
    QuerySyntaxError,
    QueryTimeoutError,
    ResultTooLargeError,
)

CHUNK = 64 * 1024
STACK_BYTES = 256 * 1024 * 1024  # of the thread evaluating a job (8 MB overflows at ~3,000 levels)
DEMOTE_NICE = 10  # added to the nice value of a query that has run demote_after seconds


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


# ---------------------------------------------------------------------------- in the worker
def _worker_main(conn: Connection, store_path: str, demote_after: float = 0.0) -> None:
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    with contextlib.suppress(ValueError, RuntimeError):  # else the platform's default stack
        threading.stack_size(STACK_BYTES)
    conn.send(("ready",))
    while True:
        try:
            job: Job = conn.recv()
        except EOFError:
            return
        tid: list[int] = []
        thread = threading.Thread(target=_evaluate, args=(store, job, conn, tid), daemon=True)
        thread.start()
        if demote_after <= 0:
            thread.join()
            continue
        thread.join(demote_after)
        while thread.is_alive() and not tid:  # on a loaded machine it may not have run yet
            thread.join(0.01)
        if thread.is_alive():
            _demote(tid[0])
            thread.join()


def _demote(tid: int) -> None:
    try:
        nice = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(19, nice + DEMOTE_NICE))
    except (OSError, AttributeError):  # the thread just ended, or no nice on this platform
        pass


def _evaluate(store: Any, job: Job, conn: Connection, tid: list[int] | None = None) -> None:
    """Run one job and send its answer (data chunks, then end / capped / error)."""
    import pyoxigraph as ox

    from kg.web.results import RowCapReached, write_boolean, write_graph, write_select

    if tid is not None:
        tid.append(threading.get_native_id())
    buf = bytearray()
    sent = [False]

    def out(b: bytes) -> None:
        buf.extend(b)
        if len(buf) >= CHUNK:
            conn.send(("data", bytes(buf)))
            buf.clear()
            sent[0] = True

    try:
        kwargs: dict[str, Any] = {}
        if job.default_graphs is not None or job.named_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()]
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
        elif job.union:
            kwargs["use_default_graph_as_union"] = True
        result = store.query(job.query, base_iri=job.base_iri, **kwargs)
        prefixes = dict(job.prefixes)
        if job.form == "ask":
            write_boolean(bool(result), job.fmt, out)
            rows = 1
        elif job.form == "select":
            rows = write_select(result, job.fmt, out, job.max_rows)
        else:
            rows = write_graph(result, job.fmt, out, job.max_rows, prefixes)
        if buf:
            conn.send(("data", bytes(buf)))
        conn.send(("end", rows))
    except RowCapReached:
        if sent[0]:
            if buf:
                conn.send(("data", bytes(buf)))
            conn.send(("capped", job.max_rows))
        else:
            conn.send(("error", "too-large", f"the answer has more than {job.max_rows} rows"))
    except SyntaxError as e:
        conn.send(("error", "syntax", str(e)))
    except (OSError, ValueError, TypeError, RuntimeError) as e:
        conn.send(("error", "evaluation", str(e)))
    except Exception as e:
        conn.send(("error", "evaluation", repr(e)))


# ---------------------------------------------------------------------------- in the server
class _Worker:
    def __init__(self, ctx: Any, store_path: str, demote_after: float) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, store_path, demote_after),
                                daemon=True, name="kg-query-worker")
        self.proc.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> bool:
        if not self.ready and self.conn.poll(timeout):
            msg = self.conn.recv()
            self.ready = msg == ("ready",)
        return self.ready

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class QueryPool:
    """A fixed number of query worker processes over one read-only store."""

    def __init__(self, store_path: str, size: int, queue_wait: float = 1.0,
                 demote_after: float = 0.0, spares: int = 1) -> None:
        self.store_path = store_path
        self.size = size
        self.spares = spares  # started and ready to take a killed worker's place at once
        self.queue_wait = queue_wait
        self.demote_after = demote_after  # seconds; 0: queries never lose priority
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._spares: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.killed = 0  # workers replaced: stopped at their time limit or on disconnect, or dead
        self.on_death: Callable[[str], None] | None = None  # told the cause of each replacement
        self.closed = False

    def start(self, timeout: float = 60.0) -> None:
        workers = [self._spawn() for _ in range(self.size + self.spares)]
        deadline = time.monotonic() + timeout
        for n, w in enumerate(workers):
            if not w.wait_ready(max(0.0, deadline - time.monotonic())):
                self.close()
                raise RuntimeError(f"query worker did not start (exit code {w.proc.exitcode})")
            (self._idle if n < self.size else self._spares).put(w)

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.store_path, self.demote_after)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, dead: _Worker, cause: str) -> int | None:
        """Stop ``dead`` and fill its slot; returns its exit code if it had ended by itself."""
        with self._lock:
            self._all.discard(dead)
        code = None
        if cause in ("crash", "died_idle"):
            dead.proc.join(2.0)
            code = dead.proc.exitcode
        dead.kill()
        self.killed += 1
        if self.on_death is not None:
            self.on_death(cause)
        if self.closed:
            return code
        try:  # a spare takes the slot now; the new process becomes the next spare
            self._idle.put(self._spares.get_nowait())
            target = self._spares
        except queue.Empty:
            target = self._idle

        def respawn() -> None:
            w = self._spawn()
            if w.wait_ready(60.0) and not self.closed:
                target.put(w)
            else:
                w.kill()

        threading.Thread(target=respawn, daemon=True).start()
        return code

    @property
    def busy(self) -> int:
        return self.size - self._idle.qsize()

    def close(self) -> None:
        self.closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()

    def run(self, job: Job, timeout: float) -> Iterator[bytes]:
        """Start a job; returns once its first chunk (or its error) is in, within ``timeout``.

        Errors known before the first byte raise QueryError subclasses; afterwards, a time limit
        or row cap raises QueryAborted from the iterator, to be turned into a dropped connection.
        """
        deadline = time.monotonic() + timeout
        w = self._take()
        try:
            w.conn.send(job)
            first = self._recv(w, deadline, timeout)
        except QueryTimeoutError:
            self._replace(w, "time_limit")
            raise
        except (EOFError, OSError):
            code = self._replace(w, "crash")
            raise QueryCrashError(
                f"the query worker evaluating this query died ({_exit(code)}): the engine could "
                "not cope with this query; the worker was replaced", exit_code=code) from None
        except BaseException:
            self._replace(w, "error")
            raise
        if first[0] == "error":
            self._idle.put(w)
            _raise(first)
        if first[0] == "end":
            self._idle.put(w)
            return iter(())
        return self._stream(w, first[1], deadline, timeout)

    def _take(self) -> _Worker:
        """An idle worker that is alive (one that died idle is replaced and skipped)."""
        while True:
            try:
                w = self._idle.get(timeout=self.queue_wait)
            except queue.Empty:
                raise QueryBusyError(
                    f"all {self.size} query workers are busy; retry shortly", retry_after=1
                ) from None
            if w.proc.is_alive():
                return w
            self._replace(w, "died_idle")

    def _recv(self, w: _Worker, deadline: float, timeout: float) -> tuple[Any, ...]:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not w.conn.poll(remaining):
            raise QueryTimeoutError(f"the query was stopped at its time limit of {timeout:g} s",
                                    limit=timeout)
        msg: tuple[Any, ...] = w.conn.recv()
        return msg

    def _stream(self, w: _Worker, first: bytes, deadline: float, timeout: float) -> Iterator[bytes]:
        done = False
        cause = "disconnect"  # the generator is closed early when the client goes away
        try:
            yield first
            while True:
                try:
                    msg = self._recv(w, deadline, timeout)
                except QueryTimeoutError as e:
                    cause = "time_limit"
                    raise QueryAborted(str(e)) from None
                except (EOFError, OSError):
                    cause = "crash"
                    raise QueryAborted("the query worker died while sending the answer") from None
                if msg[0] == "data":
                    yield msg[1]
                elif msg[0] == "end":
                    done = True
                    return
                elif msg[0] == "capped":
                    done = True
                    raise QueryAborted(f"the answer has more than {msg[1]} rows (max_rows)")
                else:
                    done = True
                    raise QueryAborted(str(msg[2]))
        finally:
            if done:
                self._idle.put(w)
            else:
                self._replace(w, cause)


def _exit(code: int | None) -> str:
    if code is None:
        return "its pipe closed"
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _raise(msg: tuple[Any, ...]) -> None:
    kind, text = msg[1], msg[2]
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
