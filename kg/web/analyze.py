"""What a SPARQL request is, read from its tokens before anything is evaluated.

Oxigraph parses and runs the query; this only decides what it must never be given: updates
(403), SERVICE (it would open a network connection) and LOAD. It also finds the query form, so
the response format can be negotiated before evaluation, and whether the query names its own
dataset (FROM / FROM NAMED). Strings, IRIs and comments are skipped, so ``"SERVICE"`` in a
literal or ``ex:service`` is harmless; codepoint escapes (``\\u0053ERVICE``) are decoded first.

It also keeps from the engine what would crash it rather than be refused by it (400, naming the
setting): a query over ``max_query_bytes``, or nested deeper than ``max_query_depth`` (brackets
``{ ( [`` and runs of the unary ``!`` and ``^``; the engine's parser and planner recurse once per
level, and some ten thousand levels overflow a worker's stack). The scan is one pass of a
tokenizer that never backtracks over what it has read: a string never closed is refused here,
as the engine would refuse it, instead of being rescanned from each of its quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from kg.errors import BadRequestError, QueryForbiddenError

Form = Literal["select", "ask", "construct", "describe"]

_TOKEN = re.compile(
    r"""
      (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<open>'''(?:[^'\\]|\\.|'(?!''))*|\"\"\"(?:[^"\\]|\\.|"(?!""))*
              |'(?:[^'\\\n\r]|\\.)*|"(?:[^"\\\n\r]|\\.)*)
    | (?P<comment>\#[^\n\r]*)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<pname>[^\W\d][\w.-]*:[\w.:%\\-]*|:[\w.:%\\-]*|_:[\w.-]+)
    | (?P<word>[^\W\d][\w-]*)
    | (?P<other>\S)
    """,
    re.VERBOSE,
)
_WORD = re.compile(r"[^\W\d][\w-]*")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPEN, _CLOSE, _UNARY = frozenset("({["), frozenset(")}]"), frozenset("!^")

FORMS: tuple[Form, ...] = ("select", "ask", "construct", "describe")
UPDATE_KEYWORDS = {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add",
                   "with", "using"}
DEFAULT_MAX_BYTES = 1_000_000
DEFAULT_MAX_DEPTH = 1_000


class QueryLimitError(BadRequestError):
    """The query is over a size or nesting limit; ``limit`` and ``setting`` name it."""

    title = "Query over a limit"


@dataclass(frozen=True)
class QueryInfo:
    form: Form
    has_dataset: bool  # FROM or FROM NAMED in the query itself


@dataclass(frozen=True)
class _Scan:
    words: list[str]
    depth: int  # deepest nesting of brackets and unary ! / ^
    unclosed: int | None  # offset of a string literal never closed


def _scan(text: str) -> _Scan:
    words: list[str] = []
    depth = deepest = run = 0
    unclosed = None
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "word":
            words.append(m.group().lower())
        elif kind == "other":
            c = m.group()
            if c in _UNARY:
                run += 1
                deepest = max(deepest, depth + run)
                continue
            if c in _OPEN:
                depth += 1
                deepest = max(deepest, depth)
            elif c in _CLOSE:
                depth = max(0, depth - 1)
        elif kind == "open":
            if unclosed is None:
                unclosed = m.start()
            words += [w.lower() for w in _WORD.findall(m.group())]  # cautious: may hide nothing
        run = 0
    return _Scan(words, deepest, unclosed)


def keywords(query: str) -> list[str]:
    """The bare words of a query, lower-cased, outside strings, IRIs, comments and names."""
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    return _scan(text).words


def _where(text: str, offset: int) -> dict[str, int]:
    line = text.count("\n", 0, offset) + 1
    return {"line": line, "column": offset - (text.rfind("\n", 0, offset) + 1) + 1}


def check_size(query: str, max_bytes: int) -> None:
    size = len(query)
    if size * 4 > max_bytes:  # else its UTF-8 cannot be over the limit
        size = len(query.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise QueryLimitError(
            f"the query is {size} bytes, over the limit of {max_bytes} (the max_query_bytes "
            "setting)", limit=max_bytes, setting="max_query_bytes")


def analyze(query: str, max_bytes: int = DEFAULT_MAX_BYTES,
            max_depth: int = DEFAULT_MAX_DEPTH) -> QueryInfo:
    """Classify a query; raise QueryForbiddenError for what kg never runs and QueryLimitError for
    what is too large or too deeply nested to be given to the engine."""
    if not query.strip():
        raise BadRequestError("the query is empty")
    check_size(query, max_bytes)
    raw = _scan(query)
    if raw.unclosed is not None:
        at = _where(query, raw.unclosed)
        raise BadRequestError(
            f"the string literal at line {at['line']}, column {at['column']} is never closed", **at)
    if raw.depth > max_depth:
        raise QueryLimitError(
            f"the query is nested {raw.depth} levels deep (brackets, and runs of ! or ^), over "
            f"the limit of {max_depth} (the max_query_depth setting)",
            limit=max_depth, setting="max_query_depth", depth=raw.depth)
    words = keywords(query) if _ESCAPE.search(query) else raw.words
    update = sorted(UPDATE_KEYWORDS.intersection(words))
    if update:
        raise QueryForbiddenError(
            f"this endpoint is read-only: SPARQL Update ({update[0].upper()}) is not accepted",
            operation=update[0].upper(),
        )
    if "service" in words:
        raise QueryForbiddenError(
            "SERVICE is not allowed: this endpoint never queries other services",
            operation="SERVICE")
    form = next((w for w in words if w in FORMS), None)
    if form is None:
        raise BadRequestError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return QueryInfo(form, "from" in words)
