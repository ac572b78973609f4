"""What a SPARQL request is, read from its tokens before anything is evaluated.

Oxigraph parses and runs the query; this only decides what it must never be given: updates
(403), SERVICE (it would open a network connection) and LOAD. It also finds the query form, so
the response format can be negotiated before evaluation, and whether the query names its own
dataset (FROM / FROM NAMED). Strings, IRIs and comments are skipped, so ``"SERVICE"`` in a
literal or ``ex:service`` is harmless; codepoint escapes (``\\u0053ERVICE``) are decoded first.
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
    | (?P<comment>\#[^\n\r]*)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<pname>[^\W\d][\w.-]*:[\w.:%\\-]*|:[\w.:%\\-]*|_:[\w.-]+)
    | (?P<word>[^\W\d][\w-]*)
    | (?P<other>\S)
    """,
    re.VERBOSE,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

FORMS: tuple[Form, ...] = ("select", "ask", "construct", "describe")
UPDATE_KEYWORDS = {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add",
                   "with", "using"}


@dataclass(frozen=True)
class QueryInfo:
    form: Form
    has_dataset: bool  # FROM or FROM NAMED in the query itself


def keywords(query: str) -> list[str]:
    """The bare words of a query, lower-cased, outside strings, IRIs, comments and names."""
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    return [m.group().lower() for m in _TOKEN.finditer(text) if m.lastgroup == "word"]


def analyze(query: str) -> QueryInfo:
    """Classify a query; raise QueryForbiddenError for what kg never runs."""
    if not query.strip():
        raise BadRequestError("the query is empty")
    words = keywords(query)
    update = sorted(UPDATE_KEYWORDS.intersection(words))
    if update:
        raise QueryForbiddenError(
            f"this endpoint is read-only: SPARQL Update ({update[0].upper()}) is not accepted",
            operation=update[0].upper(),
        )
    if "service" in words:
        raise QueryForbiddenError(
            "SERVICE is not allowed: this endpoint never queries other services", operation="SERVICE"
        )
    form = next((w for w in words if w in FORMS), None)
    if form is None:
        raise BadRequestError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return QueryInfo(form, "from" in words)  # type: ignore[arg-type]
