"""Lookups the server answers itself, without a query worker.

A worker process is what lets the time limit stop a query: the engine cannot be interrupted, so
a query that runs too long costs its worker, not the server. Handing a query to a worker and its
answer back costs a few hundred microseconds (waking two processes on the other core), far more
than a lookup takes to evaluate. So the server keeps to itself only queries whose work is bounded
by their form, and evaluates them in its own process:

- SELECT (variables or ``*``) or ASK over a single triple pattern (or none), in the default
  graph (the union of the named graphs), with no dataset named by the request or the query;
- no FILTER, OPTIONAL, UNION, path, blank node, expression, DISTINCT, ORDER BY, GROUP BY, VALUES
  or sub-query: the grammar below accepts nothing else, and a variable only once in the pattern;
- OFFSET at most ``LOOKUP_ROWS``.

Oxigraph answers one triple pattern from one of its indexes, by a range scan that yields a row
at every step (no step skips a non-matching quad), so the work is the rows it writes plus the
OFFSET: a LIMIT bounds it, and without one the server stops writing (and with it evaluating)
once the answer passes ``LOOKUP_ROWS`` rows, ``LOOKUP_SECONDS`` or its native buffer and hands
the query to a worker after all, which answers it as any other (time limit, row cap). Anything
this module does not recognise goes to a worker, as before.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.web.worker import NATIVE_FORMATS, _Sink, _Unbounded

LOOKUP_ROWS = 1_000  # rows (and OFFSET) the server writes itself at most
LOOKUP_SECONDS = 0.005  # then a lookup goes to a worker

_IRI = r"""<[^<>"{}|^`\\\x00-\x20]*>"""
_PNAME = r"(?:[A-Za-z][A-Za-z0-9_-]*)?:[A-Za-z0-9_-]*"
_VAR = r"[?$][A-Za-z_][A-Za-z0-9_]*"
_END = r"(?![A-Za-z0-9_:-])"  # a keyword ends here
_STRING = r"""(?:"(?:[^"\\\n\r]|\\[tbnrf"'\\])*"|'(?:[^'\\\n\r]|\\[tbnrf"'\\])*')"""
_LITERAL = _STRING + r"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:" + _IRI + "|" + _PNAME + "))?"
_TERM = f"(?:{_VAR}|{_IRI}|{_PNAME})"
# the whole of a lookup, in one expression: a prologue, SELECT (variables or *) or ASK, WHERE
# and a group of one triple pattern or none, then LIMIT / OFFSET (checked after)
_LOOKUP = re.compile(
    r"\s*(?:(?i:prefix)" + _END + r"\s*" + _PNAME + r"\s*" + _IRI
    + r"\s*|(?i:base)" + _END + r"\s*" + _IRI + r"\s*)*"
    + r"(?:(?P<select>(?i:select)" + _END + r"\s*(?:\*|(?:" + _VAR + r"\s*)+))|(?i:ask)" + _END
    + r")\s*(?:(?i:where)" + _END + r"\s*)?\{\s*"
    + r"(?:(?P<s>" + _TERM + r")\s*(?P<p>" + _TERM + "|a" + _END + r")\s*(?P<o>" + _TERM + "|"
    + _LITERAL + "|[0-9]+(?![A-Za-z0-9_])|(?i:true|false)" + _END + r")\s*\.?\s*)?\}"
    + r"(?P<modifiers>(?:\s*(?i:limit|offset)" + _END + r"\s*[0-9]+(?![A-Za-z0-9_]))*)\s*",
)
_MODIFIER = re.compile(r"([A-Za-z]+)\s*([0-9]+)")


@dataclass(frozen=True)
class Lookup:
    form: str  # select | ask
    rows: int | None = None  # at most this many rows (ASK: 0; SELECT: its LIMIT, if any)


def lookup(query: str) -> Lookup | None:
    """The query's form if it is a lookup the server may answer itself, else None."""
    m = _LOOKUP.fullmatch(query)
    if m is None:
        return None
    variables = [t[1:] for t in m.group("s", "p", "o") if t is not None and t[:1] in "?$"]
    if len(set(variables)) < len(variables):
        return None  # a variable twice: the scan would skip what does not repeat it
    modifiers = _MODIFIER.findall(m.group("modifiers"))
    words = [w.lower() for w, _ in modifiers]
    if len(set(words)) < len(words) or (words and m.group("select") is None):
        return None
    if any(w == "offset" and int(n) > LOOKUP_ROWS for (_, n), w in zip(modifiers, words,
                                                                        strict=True)):
        return None
    if m.group("select") is None:
        return Lookup("ask", 0)
    limit = next((int(n) for (_, n), w in zip(modifiers, words, strict=True) if w == "limit"),
                 None)
    return Lookup("select", limit)


class _Budget(_Sink):
    """The worker's row-bounding sink, with a clock, that never streams: past LOOKUP_ROWS rows,
    LOOKUP_SECONDS or the native buffer, writing (and evaluating) stops."""

    def __init__(self, fmt: str, rows: int, deadline: float) -> None:
        super().__init__(fmt, rows, self._too_long)
        self.deadline = deadline

    @staticmethod
    def _too_long(_: bytes) -> None:
        raise _Unbounded

    def write(self, b: Any) -> int:
        if time.perf_counter() > self.deadline:
            raise _Unbounded
        return super().write(b)


def answer_here(store: ox.Store, query: str, found: Lookup, fmt: str, max_rows: int,
                base_iri: str | None, seconds: float = LOOKUP_SECONDS) -> bytes | None:
    """The whole answer to a lookup (``found``, from ``lookup``) from ``store``, or None if it
    is longer than the server writes itself (or anything else went wrong): then a worker
    answers it. An ASK, or a SELECT whose LIMIT is within the row cap and LOOKUP_ROWS, is
    written straight to bytes: its work is bounded by its form."""
    if fmt not in NATIVE_FORMATS or (found.form == "ask" and fmt not in ("json", "xml")):
        return None
    bounded = found.rows is not None and found.rows <= min(max_rows, LOOKUP_ROWS)
    sink = None if bounded else _Budget(fmt, min(max_rows, LOOKUP_ROWS),
                                        time.perf_counter() + seconds)
    try:
        results: Any = store.query(query, base_iri=base_iri, use_default_graph_as_union=True)
        if sink is None:
            body: bytes = results.serialize(format=NATIVE_FORMATS[fmt][0])
            return body
        results.serialize(sink, NATIVE_FORMATS[fmt][0])
    except Exception:  # over the budget (pyoxigraph wraps it in an OSError), or anything else
        return None
    return b"".join(sink.parts)
