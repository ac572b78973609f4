"""SPARQL 1.1 Protocol requests: GET, POST form-encoded and POST direct, read into one object.

Pure: ``read_request`` takes what the HTTP layer saw and returns a ``SparqlRequest`` or raises a
QueryError subclass naming the parameter at fault.

Text is UTF-8 or refused (400): the URL's query string and a form body are split and
percent-decoded as bytes, then each name and value decoded strictly, so no invalid byte is ever
replaced by U+FFFD and a different query run. An update is refused (403) only once its text has
been read, so an update that is not UTF-8 is told about its encoding.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from starlette.types import Message

from kg.errors import (
    BadRequestError,
    QueryError,
    QueryForbiddenError,
    UnsupportedMediaTypeError,
    UriTooLongError,
)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
DRAIN_AT_MOST = 256 * 1024 * 1024  # bytes of a refused body read and dropped before hanging up
MAX_FIELDS = 10_000  # parameters in a URL or form body (the protocol has five kinds)


class RequestTooLargeError(QueryError):
    status = 413
    title = "Request too large"


async def read_body(receive: Callable[[], Awaitable[Message]], content_length: str | None,
                    cap: int, limit: int) -> bytes:
    """The request body, refused (413) once it is over ``cap`` bytes, without reading it all.

    ``limit`` (max_query_bytes) is named in the refusal: the cap leaves room for the form's
    percent-encoding and other parameters.
    """
    def refuse() -> RequestTooLargeError:
        return RequestTooLargeError(
            f"the request body is over {cap} bytes; a query may be at most {limit} bytes "
            "(the max_query_bytes setting)", limit=limit, setting="max_query_bytes")

    body = bytearray()
    length = (content_length or "").strip()
    over = length.isdigit() and int(length) > cap
    seen = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        seen += len(chunk)
        if seen > cap:
            over = True
        if over:  # read on, keeping nothing, so the client gets the answer instead of a reset
            body.clear()
            if seen > DRAIN_AT_MOST:
                break
        else:
            body += chunk
        if not message.get("more_body", False):
            break
    if over:
        raise refuse()
    return bytes(body)


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


def _charset(charset: str | None, what: str) -> None:
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaTypeError(f"{what} must be UTF-8 encoded, not {charset}")


def _decode(body: bytes, charset: str | None, what: str) -> str:
    _charset(charset, what)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = body[e.start:e.end].hex(" ").upper()
        raise BadRequestError(f"{what} is not valid UTF-8 (byte {e.start}: 0x{bad}); "
                              "send it UTF-8 encoded") from None


def parse_fields(raw: bytes, what: str) -> list[tuple[str, str]]:
    """``name=value&...`` (a URL's query string or a form body), strictly UTF-8 after decoding."""
    if raw.count(b"&") >= MAX_FIELDS:
        raise BadRequestError(f"{what} has more than {MAX_FIELDS} parameters")
    out = []
    for part in raw.split(b"&"):
        if not part:
            continue
        name, _, value = part.partition(b"=")
        key = _field_text(unquote_to_bytes(name.replace(b"+", b" ")), what, None)
        out.append((key, _field_text(unquote_to_bytes(value.replace(b"+", b" ")), what, key)))
    return out


def _field_text(b: bytes, what: str, name: str | None) -> str:
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError as e:
        where = f"the {name!r} parameter" if name is not None else "a parameter name"
        bad = b[e.start:e.end].hex(" ").upper()
        extra = {"parameter": name} if name is not None else {}
        raise BadRequestError(
            f"{where} in {what} is not valid UTF-8 (byte {e.start} after percent-decoding: "
            f"0x{bad}); send the text as UTF-8, percent-encoded", **extra) from None


def read_request(
    method: str,
    query_string: bytes,
    content_type: str | None,
    body: bytes,
    target_length: int,
    max_get_url: int,
) -> SparqlRequest:
    """``query_string`` is the URL's, undecoded; ``target_length`` the request target's length."""
    if method == "GET" and target_length > max_get_url:
        raise UriTooLongError(
            f"the request URL is {target_length} bytes, over the {max_get_url}-byte limit; "
            "send the query with POST instead", limit=max_get_url)
    fields = parse_fields(query_string, "the URL")
    query: str | None = None
    if method == "POST":
        media, charset = _media(content_type)
        if media == FORM:
            _charset(charset, "the form body")
            fields += parse_fields(body, "the form body")
        elif media == DIRECT:
            query = _decode(body, charset, "the query")
        elif media == UPDATE:
            _decode(body, charset, "the update")
            raise QueryForbiddenError("this endpoint is read-only: SPARQL Update is not accepted")
        else:
            raise UnsupportedMediaTypeError(
                f"POST a query as {FORM} (query=...) or as {DIRECT}, "
                f"not {media or 'no content type'}")
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
        raise BadRequestError(f"timeout={raw!r} is not a number of seconds",
                              parameter="timeout") from None
    if not t > 0:
        raise BadRequestError(f"timeout={raw!r} must be positive", parameter="timeout")
    return t
