"""SPARQL 1.1 Protocol requests: GET, POST form-encoded and POST direct, read into one object.

Pure: ``read_request`` takes what the HTTP layer saw and returns a ``SparqlRequest`` or raises a
QueryError subclass naming the parameter at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from kg.errors import (
    BadRequestError,
    QueryForbiddenError,
    UnsupportedMediaTypeError,
    UriTooLongError,
)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class SparqlRequest:
    query: str | None  # None: a GET without a query asks for the service description
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    timeout: float | None = None
    format: str | None = None

    @property
    def names_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def _media(content_type: str | None) -> tuple[str, str | None]:
    parts = [p.strip() for p in (content_type or "").split(";")]
    charset = None
    for p in parts[1:]:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip('"').lower()
    return parts[0].lower(), charset


def _decode(body: bytes, charset: str | None, what: str) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaTypeError(f"{what} must be UTF-8 encoded, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadRequestError(f"{what} is not valid UTF-8 (byte {e.start})") from None


def read_request(
    method: str,
    params: list[tuple[str, str]],
    content_type: str | None,
    body: bytes,
    target_length: int,
    max_get_url: int,
) -> SparqlRequest:
    """``params`` are the URL's query parameters; ``target_length`` the request target's length."""
    if method == "GET" and target_length > max_get_url:
        raise UriTooLongError(
            f"the request URL is {target_length} bytes, over the {max_get_url}-byte limit; "
            "send the query with POST instead", limit=max_get_url)
    fields = list(params)
    query: str | None = None
    if method == "POST":
        media, charset = _media(content_type)
        if media == FORM:
            fields += parse_qsl(_decode(body, charset, "the form body"), keep_blank_values=True)
        elif media == DIRECT:
            query = _decode(body, charset, "the query")
        elif media == UPDATE:
            raise QueryForbiddenError("this endpoint is read-only: SPARQL Update is not accepted")
        else:
            raise UnsupportedMediaTypeError(
                f"POST a query as {FORM} (query=...) or as {DIRECT}, not {media or 'no content type'}")
    names = [k for k, _ in fields]
    if "update" in names:
        raise QueryForbiddenError("this endpoint is read-only: SPARQL Update is not accepted")
    if names.count("query") > 1 or (query is not None and "query" in names):
        raise BadRequestError("more than one query in the request", parameter="query")
    if query is None:
        query = next((v for k, v in fields if k == "query"), None)
        if query is None and method == "POST":
            raise BadRequestError("the request has no query parameter", parameter="query")
    return SparqlRequest(
        query=query,
        default_graphs=tuple(v for k, v in fields if k == "default-graph-uri"),
        named_graphs=tuple(v for k, v in fields if k == "named-graph-uri"),
        timeout=_timeout(next((v for k, v in fields if k == "timeout"), None)),
        format=next((v for k, v in fields if k == "format"), None),
    )


def _timeout(raw: str | None) -> float | None:
    if raw is None or raw == "":
        return None
    try:
        t = float(raw)
    except ValueError:
        raise BadRequestError(f"timeout={raw!r} is not a number of seconds", parameter="timeout") from None
    if not t > 0:
        raise BadRequestError(f"timeout={raw!r} must be positive", parameter="timeout")
    return t
