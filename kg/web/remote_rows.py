"""A SELECT answer's rows counted one by one: the store's results-JSON parsed as it comes, in a
thread, and written in the negotiated format by kg.web.results (for CSV and TSV, which stores write
in their own ways, and for an answer whose row bound passed the cap before anything was sent).
The thread sends frames as a query worker does (kg.web.worker); kg.web.remote_pool reads them."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pyoxigraph as ox

from kg.errors import QueryTimeoutError, ResultTooLargeError
from kg.web.results import RowCapReached, write_select
from kg.web.upstream import MEDIA, StoreUnavailableError, cut_short, refusal
from kg.web.worker import CHUNK
from kg.web.workers import Job


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


def convert(client: httpx.Client, url: str,
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
            if cut_short(r):
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
