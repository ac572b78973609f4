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

_LEX = re.compile(
    r"""\s*(?:
      (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<string>"(?:[^"\\\n\r]|\\[tbnrf"'\\])*"|'(?:[^'\\\n\r]|\\[tbnrf"'\\])*')
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<dt>\^\^)
    | (?P<var>[?$][A-Za-z_][A-Za-z0-9_]*)
    | (?P<pname>[A-Za-z][A-Za-z0-9_-]*:[A-Za-z0-9_-]*|:[A-Za-z0-9_-]*)
    | (?P<int>[0-9]+)
    | (?P<word>[A-Za-z]+)
    | (?P<punct>[{}.*])
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Lookup:
    form: str  # select | ask


def lookup(query: str) -> Lookup | None:
    """The query's form if it is a lookup the server may answer itself, else None."""
    tokens = _tokens(query)
    if tokens is None:
        return None
    t = _Reader(tokens)
    while t.word_in("prefix", "base"):
        if t.last == "prefix" and not t.take("pname"):
            return None
        if not t.take("iri"):
            return None
    if t.word_in("select"):
        form = "select"
        if not t.take("punct", "*"):
            if not t.take("var"):
                return None
            while t.take("var"):
                pass
    elif t.word_in("ask"):
        form = "ask"
    else:
        return None
    t.word_in("where")
    if not t.take("punct", "{"):
        return None
    if not t.take("punct", "}"):  # else the empty group
        if not _pattern(t):
            return None
        t.take("punct", ".")
        if not t.take("punct", "}"):
            return None
    seen: set[str] = set()
    while form == "select" and t.word_in("limit", "offset"):
        word = t.last
        if word in seen or not t.take("int"):
            return None
        seen.add(word)
        if word == "offset" and int(t.last) > LOOKUP_ROWS:
            return None
    return Lookup(form) if t.done() else None


def _tokens(query: str) -> list[tuple[str, str]] | None:
    out: list[tuple[str, str]] = []
    at, end = 0, len(query)
    while True:
        while at < end and query[at].isspace():
            at += 1
        if at == end:
            return out
        m = _LEX.match(query, at)
        if m is None or m.lastgroup is None:
            return None
        out.append((m.lastgroup, m.group(m.lastgroup)))
        at = m.end()


class _Reader:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.at = 0
        self.last = ""

    def take(self, kind: str, text: str | None = None) -> bool:
        if self.at < len(self.tokens):
            k, v = self.tokens[self.at]
            if k == kind and (text is None or v == text):
                self.at += 1
                self.last = v
                return True
        return False

    def word_in(self, *words: str) -> bool:
        if self.at < len(self.tokens):
            k, v = self.tokens[self.at]
            if k == "word" and v.lower() in words:
                self.at += 1
                self.last = v.lower()
                return True
        return False

    def done(self) -> bool:
        return self.at == len(self.tokens)


def _pattern(t: _Reader) -> bool:
    """One triple pattern: subject, predicate, object; no variable twice."""
    variables: list[str] = []
    for position in ("subject", "predicate", "object"):
        if t.take("var"):
            variables.append(t.last[1:])
        elif t.take("iri") or t.take("pname") or (position == "predicate" and t.word_in("a")):
            pass
        elif position == "object" and t.take("string"):
            if t.take("dt"):
                if not (t.take("iri") or t.take("pname")):
                    return False
            else:
                t.take("lang")
        elif position == "object" and (t.take("int") or t.word_in("true", "false")):
            pass
        else:
            return False
    return len(set(variables)) == len(variables)


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


def answer_here(store: ox.Store, query: str, form: str, fmt: str, max_rows: int,
                base_iri: str | None, seconds: float = LOOKUP_SECONDS) -> bytes | None:
    """The whole answer to a lookup (see ``lookup``) from ``store``, or None if it is longer
    than the server writes itself (or anything else went wrong): then a worker answers it."""
    if fmt not in NATIVE_FORMATS or (form == "ask" and fmt not in ("json", "xml")):
        return None
    sink = _Budget(fmt, min(max_rows, LOOKUP_ROWS), time.perf_counter() + seconds)
    try:
        results: Any = store.query(query, base_iri=base_iri, use_default_graph_as_union=True)
        results.serialize(sink, NATIVE_FORMATS[fmt][0])
    except Exception:  # over the budget (pyoxigraph wraps it in an OSError), or anything else
        return None
    return b"".join(sink.parts)
