"""One query worker process: evaluates the jobs ``kg.web.workers.QueryPool`` sends it.

It is started as ``python -I -c BOOT STORE JOB_FD ANSWER_FD DEMOTE_AFTER`` (``BOOT``, in
kg.web.workers, imports this module without running ``kg/__init__``), so it loads only the
standard library and pyoxigraph: a small process that starts in a fraction of a second. It opens
the store read-only and answers one job at a time.

Frames, both ways: a 4-byte big-endian length, then the payload. A job is a JSON object (the
fields of kg.web.workers.Job). An answer is ``W`` + bytes (the whole answer, when it fits in one
frame), or ``D`` + bytes (data) frames, then ``E`` (end) or ``C`` + rows (the row cap cut the
answer short after data was sent); or ``X`` + JSON ``[kind, message]`` (an error, before any
data). The worker says ``R`` once the store is open.

SELECT and ASK answers are serialized by Oxigraph itself. The row cap (``max_rows``) needs a row
count that the native writers do not give, so the bytes are counted instead (``_Sink``): what
begins a row (JSON: ``,{"``; XML: ``<result>``; CSV, TSV: a line end) bounds the rows from
above. An answer is kept whole up to ``NATIVE_BYTES`` and then streams. If the bound passes the
cap before anything was sent, the query is evaluated again by the row-counting writers of
kg.web.results (exact: 422, or the rows up to the cap and a cut); after, the answer is cut there.
The bound is exact but for rare literals (JSON: ending in ``,{`` or ``[{``, or holding ``,{}``,
which a row binding nothing also writes; CSV: holding a line end): such an answer of more than
NATIVE_BYTES may then be cut a little before the cap, never after it. Graph answers always go
through kg.web.results (pyoxigraph's serializer over a counting iterator).

Jobs run in one long-lived thread with a large stack (``STACK_BYTES``: the engine's parser and
planner recurse). The main thread watches it: a job still running after ``demote_after`` seconds
(checked every half of it) gets that thread's nice value raised by 10, and the demoted thread
ends after its job, a fresh one taking the next (lowering a nice value back needs a privilege).
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import sys
import threading
import time
from typing import Any

import pyoxigraph as ox

STACK_BYTES = 256 * 1024 * 1024  # of the evaluating thread (8 MB overflows at ~3,000 levels)
DEMOTE_NICE = 10
CHUNK = 64 * 1024
NATIVE_BYTES = 4 * 1024 * 1024  # a SELECT answer is buffered natively up to this size
HEADER = struct.Struct("!I")
NATIVE_FORMATS = {  # format, what begins a row (at least), how many of those the head holds
    "json": (ox.QueryResultsFormat.JSON, (b'[{"', b',{"', b"[{}", b",{}"), 0),
    "xml": (ox.QueryResultsFormat.XML, (b"<result>", b"<result/>"), 0),
    "csv": (ox.QueryResultsFormat.CSV, (b"\n",), 1),
    "tsv": (ox.QueryResultsFormat.TSV, (b"\n",), 1),
}


class _Unbounded(Exception):
    """The natively written answer may exceed the row cap: write it another way."""


class _Capped(Exception):
    """The row bound went over the cap after data was sent: the answer is cut there."""


class _Sink:
    """A file-like sink for pyoxigraph's writers that bounds the rows written so far.

    Every row begins with one of its format's ``marks`` (JSON: ``[{"`` or ``,{"``, which a
    string holds only at its very end, or ``[{}``, ``,{}`` for a row binding nothing; XML:
    ``<result>``; CSV, TSV: a line end ends it), so their count, less those of the head, bounds
    the rows from above. The answer is kept whole up to NATIVE_BYTES; a longer one streams in
    CHUNK frames.
    """

    def __init__(self, fmt: str, cap: int, send: Any) -> None:
        _, self.marks, head = NATIVE_FORMATS[fmt]
        self.keep = max(map(len, self.marks)) - 1  # a mark may begin in the last write
        self.limit = cap + head
        self.send = send
        self.parts: list[bytes] = []
        self.size = 0
        self.bound = 0
        self.tail = b""
        self.streaming = False

    def write(self, b: Any) -> int:
        data = bytes(b)
        # a mark that begins in the last write's end (too short to hold it whole) and ends here
        self.bound += sum((self.tail[len(self.tail) - len(m) + 1:] + data).count(m)
                          if len(m) > 1 else data.count(m) for m in self.marks)
        if self.keep:
            self.tail = (self.tail + data)[-self.keep:]
        if self.bound > self.limit:
            raise _Capped if self.streaming else _Unbounded
        self.parts.append(data)
        self.size += len(data)
        if self.size > (CHUNK if self.streaming else NATIVE_BYTES):
            self.streaming = True
            self.send(b"D" + b"".join(self.parts))
            self.parts.clear()
            self.size = 0
        return len(data)

    def flush(self) -> None:
        pass


class Channel:
    """Frames over a pair of pipe file descriptors."""

    def __init__(self, rfd: int, wfd: int) -> None:
        self.rfd, self.wfd = rfd, wfd
        self.buf = bytearray()

    def _fill(self, n: int) -> None:
        while len(self.buf) < n:
            b = os.read(self.rfd, max(CHUNK, n - len(self.buf)))
            if not b:
                raise EOFError
            self.buf += b

    def recv(self) -> bytes:
        self._fill(HEADER.size)
        (n,) = HEADER.unpack_from(self.buf)
        self._fill(HEADER.size + n)
        out = bytes(self.buf[HEADER.size:HEADER.size + n])
        del self.buf[:HEADER.size + n]
        return out

    def send(self, payload: bytes) -> None:
        data = memoryview(HEADER.pack(len(payload)) + payload)
        while data:
            data = data[os.write(self.wfd, data):]


def evaluate(store: ox.Store, job: dict[str, Any], send: Any) -> None:
    """Run one job; ``send`` gets the answer's frames."""
    try:
        _answer(store, job, send)
    except SyntaxError as e:
        send(b"X" + json.dumps(["syntax", str(e)]).encode())
    except (OSError, ValueError, TypeError, RuntimeError) as e:
        send(b"X" + json.dumps(["evaluation", str(e)]).encode())
    except Exception as e:
        send(b"X" + json.dumps(["evaluation", repr(e)]).encode())


def _query(store: ox.Store, job: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    if job["default_graphs"] is not None or job["named_graphs"] is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job["default_graphs"] or ()]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"] or ()]
    elif job["union"]:
        kwargs["use_default_graph_as_union"] = True
    return store.query(job["query"], base_iri=job["base_iri"], **kwargs)


def _answer(store: ox.Store, job: dict[str, Any], send: Any) -> None:
    form, fmt, cap = job["form"], job["fmt"], job["max_rows"]
    # (Oxigraph writes an ASK answer in CSV or TSV without the _askResult head kg gives it)
    native_ask = form == "ask" and fmt in ("json", "xml")
    if not (fmt in NATIVE_FORMATS and (form == "select" or native_ask)):
        _stream(store, job, send)
        return
    sink = _Sink(fmt, cap, send)
    try:
        _query(store, job).serialize(sink, NATIVE_FORMATS[fmt][0])
    except (_Unbounded, _Capped, OSError) as e:
        # pyoxigraph reports what the sink raised as an OSError whose context it is
        why = e if isinstance(e, (_Unbounded, _Capped)) else e.__context__
        if isinstance(why, _Unbounded):
            _stream(store, job, send)  # nothing sent yet: the rows counted one by one
        elif isinstance(why, _Capped):
            send(b"D" + b"".join(sink.parts))
            send(b"C" + str(cap).encode())
        else:
            raise
        return
    rest = b"".join(sink.parts)
    if sink.streaming:
        send(b"D" + rest)
        send(b"E")
    else:
        send(b"W" + rest)


def _stream(store: ox.Store, job: dict[str, Any], send: Any) -> None:
    """The row-counting writers of kg.web.results, in chunks of CHUNK bytes."""
    from kg.web.results import RowCapReached, write_boolean, write_graph, write_select

    buf = bytearray()
    sent = False

    def out(b: bytes) -> None:
        nonlocal sent
        buf.extend(b)
        if len(buf) >= CHUNK:
            send(b"D" + bytes(buf))
            buf.clear()
            sent = True

    result = _query(store, job)
    form, fmt, cap = job["form"], job["fmt"], job["max_rows"]
    try:
        if form == "ask":
            write_boolean(bool(result), fmt, out)
        elif form == "select":
            write_select(result, fmt, out, cap)
        else:
            write_graph(result, fmt, out, cap, dict(job["prefixes"]))
    except RowCapReached:
        if not sent:
            send(b"X" + json.dumps(["too-large", f"the answer has more than {cap} rows"]).encode())
            return
        send(b"D" + bytes(buf))
        send(b"C" + str(cap).encode())
        return
    if not sent:
        send(b"W" + bytes(buf))
        return
    if buf:
        send(b"D" + bytes(buf))
    send(b"E")


class _Watch:
    """What the evaluating thread is doing, for the main thread to demote it.

    While jobs come, the main thread looks every ``demote_after / 2`` seconds (no wake-up per
    job); after a quiet second it sleeps until the next job sets ``busy``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.busy = threading.Event()
        self.job = 0  # number of the job running, 0: none
        self.started = 0.0
        self.tid = 0
        self.demoted = False


def _evaluator(store: ox.Store, chan: Channel, watch: _Watch) -> None:
    watch.tid = threading.get_native_id()
    watch.demoted = False
    n = 0
    while True:
        try:
            job = json.loads(chan.recv())
        except EOFError:
            os._exit(0)  # the server closed the pipe: it stopped or let this worker go
        n += 1
        watch.started = time.monotonic()
        watch.job = n
        if not watch.busy.is_set():
            watch.busy.set()
        evaluate(store, job, chan.send)
        with watch.lock:
            watch.job = 0
            if watch.demoted:  # its nice value stays raised: a new thread takes the next job
                _start_evaluator(store, chan, watch)
                return


def _start_evaluator(store: ox.Store, chan: Channel, watch: _Watch) -> None:
    threading.Thread(target=_evaluator, args=(store, chan, watch), daemon=True,
                     name="kg-query").start()


def _demote(tid: int) -> None:
    # OSError: the thread just ended; AttributeError: no nice on this platform
    with contextlib.suppress(OSError, AttributeError):
        nice = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(19, nice + DEMOTE_NICE))


def _watch(watch: _Watch, demote_after: float) -> None:
    """Main thread: lower the priority of any job that runs longer than ``demote_after``."""
    if demote_after <= 0:
        threading.Event().wait()  # never
    while True:
        watch.busy.wait()
        quiet_since = time.monotonic()
        while True:
            time.sleep(demote_after / 2)
            now = time.monotonic()
            with watch.lock:
                if watch.job and not watch.demoted and now - watch.started >= demote_after:
                    _demote(watch.tid)
                    watch.demoted = True
            if watch.job:
                quiet_since = now
            elif now - quiet_since > 1.0:
                watch.busy.clear()
                if not watch.job:  # (a job that started meanwhile saw busy set, or sets it)
                    break
                watch.busy.set()


def main(argv: list[str]) -> None:
    store_path, job_fd, answer_fd, demote_after = argv[0], int(argv[1]), int(argv[2]), argv[3]
    store = ox.Store.read_only(store_path)
    with contextlib.suppress(ValueError, RuntimeError):  # else the platform's default stack
        threading.stack_size(STACK_BYTES)
    chan = Channel(job_fd, answer_fd)
    watch = _Watch()
    _start_evaluator(store, chan, watch)
    chan.send(b"R")
    _watch(watch, float(demote_after))


if __name__ == "__main__":
    main(sys.argv[1:])
