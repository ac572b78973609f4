"""The request kg sends a remote SPARQL store (``kg serve --store``), and what its answers mean:
the form body and URL parameters (the dataset, the union switch, the store's own time limit), the
store's refusals as kg's errors, Virtuoso's mark on an answer cut short by its own limit, and a
bound on the rows of a results-JSON or -XML answer read from its bytes (``RowBound``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx

from kg.config import Settings
from kg.errors import QueryError, QuerySyntaxError
from kg.web.workers import Job

MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
         "csv": "text/csv", "tsv": "text/tab-separated-values"}
RELATIVE_IRI = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]*:)[^<>\"{}|^`\\\s]*>")


class StoreUnavailableError(QueryError):
    """The remote store failed or refused kg (not the query): 502."""

    status = 502
    title = "Store error"


# ---------------------------------------------------------------- the request to the store
@dataclass(frozen=True)
class Upstream:
    url: str
    auth: tuple[str, str] | None
    union_param: str
    timeout_param: str

    @classmethod
    def of(cls, settings: Settings) -> Upstream:
        return cls(settings.store_url, settings.store_auth, settings.store_union_param,
                   settings.store_timeout_param)

    def params(self, union: bool, seconds: float) -> dict[str, str]:
        """The URL parameters beside the query: the union switch, the store's own limit."""
        out = {}
        if union and self.union_param:
            out[self.union_param] = ""
        if self.timeout_param:
            out[self.timeout_param] = str(max(1, int(seconds * 1000)))
        return out

    def form(self, job: Job) -> tuple[dict[str, Any], int]:
        """The form body for ``job`` and the lines put before its query (a BASE, when it has a
        relative IRI: the endpoint's URL resolves it, as on the embedded store)."""
        query, shift = job.query, 0
        if job.base_iri and RELATIVE_IRI.search(query):
            query, shift = f"BASE <{job.base_iri}>\n{query}", 1
        data: dict[str, Any] = {"query": query}
        if job.default_graphs is not None or job.named_graphs is not None:
            data["default-graph-uri"] = list(job.default_graphs or ())
            data["named-graph-uri"] = list(job.named_graphs or ())
        return data, shift


def names_dataset(job: Job) -> bool:
    return job.default_graphs is not None or job.named_graphs is not None


def _position(message: str, shift: int) -> dict[str, int]:
    """Oxigraph reports 'error at LINE:COLUMN: ...'."""
    m = re.search(r"\bat (\d+):(\d+)", message)
    return {"line": int(m.group(1)) - shift, "column": int(m.group(2))} if m else {}


def refusal(status: int, text: str, url: str, shift: int = 0) -> QueryError:
    """What the store's error answer means for the client."""
    text = text.strip()[:2000]
    if status == 400:
        return QuerySyntaxError(text or "the store refused the query", **_position(text, shift))
    if status in (401, 403, 407):
        return StoreUnavailableError(f"the store at {url} refused kg (HTTP {status}): check "
                                     "KG_STORE_USER and KG_STORE_PASSWORD")
    return StoreUnavailableError(f"the store at {url} answered HTTP {status}: {text[:500]}")


def cut_short(response: httpx.Response) -> bool:
    """Virtuoso answers 200 with what it had when its own limit stopped the query, marked so."""
    return "x-sql-state" in response.headers


# ---------------------------------------------------------------- the rows in an answer's bytes
ROW_STARTS: dict[str, tuple[re.Pattern[bytes], re.Pattern[bytes], int]] = {
    # format: what begins a row; what may be the beginning of that at a chunk's end; head rows
    "json": (re.compile(rb"[\[,]\s*\{"), re.compile(rb"[\[,]\s*\Z"), 0),
    "xml": (re.compile(rb"<result[\s/>]"), re.compile(rb"<(?:r(?:e(?:s(?:u(?:lt?)?)?)?)?)?\Z"), 0),
}


class RowBound:
    """An upper bound on the rows of a SELECT answer from its bytes so far, in any store's
    layout: each row begins with a match of its format's pattern (JSON: ``{`` after ``[`` or
    ``,``, spaces between allowed; XML: ``<result``), which a literal may also hold (a bound, not
    a count). What may begin a match at a chunk's end is kept for the next one."""

    def __init__(self, fmt: str, cap: int) -> None:
        self.starts, self.partial, head = ROW_STARTS[fmt]
        self.limit = cap + head
        self.bound = 0
        self.carry = b""

    def over(self, data: bytes) -> bool:
        """Count ``data`` in; whether the bound has passed the cap."""
        text = self.carry + data if self.carry else data
        self.bound += len(self.starts.findall(text))
        m = self.partial.search(text, max(0, len(text) - 4096))
        self.carry = text[m.start():] if m else b""
        return self.bound > self.limit
