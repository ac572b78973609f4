"""``/sparql``: the SPARQL 1.1 Protocol (query only), answered by the worker pool; and
``/rdf-graphs``, the Graph Store Protocol (read-only), through the same path.

The request waits for its worker on the event loop (no thread per request); an answer the worker
sent whole (the usual case) goes out with its length, a longer one streams.

A GET without a query returns the service description. Every answer carries ``Vary: Accept``.
A failure known before the first byte is a problem+json error with the right status; one that
happens later (time limit, row cap) drops the connection before the final chunk, so no client
can take a cut-short body for a whole answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import Message, Receive, Scope, Send

from kg.errors import BadRequestError, KgError, MethodNotAllowedError, NotFoundError, QueryError
from kg.namespaces import PREFIXES
from kg.web import conneg, errors
from kg.web.analyze import analyze, check_size
from kg.web.backend import Backend, get_backend
from kg.web.bounded import LOOKUP_SECONDS, answer_here, lookup
from kg.web.protocol import SparqlRequest, read_body, read_request
from kg.web.service import service_description
from kg.web.workers import Job, QueryAborted

router = APIRouter()
log = logging.getLogger("kg.web")
EXPOSE_HEADERS = ("Content-Type", "Content-Disposition", "ETag", "Last-Modified", "Vary",
                  "Retry-After", "KG-Build")
VARY = {"Vary": "Accept"}
INLINE_ANALYSIS = 65_536  # characters; a longer query is scanned in a thread


@router.api_route("/sparql", methods=["GET", "POST", "HEAD"], include_in_schema=False)
@router.api_route("/sparql/", methods=["GET", "POST", "HEAD"], include_in_schema=False)
async def sparql(request: Request, backend: Backend = Depends(get_backend)) -> Response:
    return await answer(request, backend)


async def answer(request: Request, backend: Backend) -> Response:
    """A GET, POST or HEAD on /sparql (reached through the route above or, for speed, straight
    from the app's front middleware, kg.web.app.Front)."""
    limit = backend.settings.max_query_bytes
    body = await read_body(request.receive, request.headers.get("content-length"),
                           3 * limit + 65_536, limit) if request.method == "POST" else b""
    scope = request.scope
    query_string: bytes = scope.get("query_string", b"")
    path: bytes = scope.get("raw_path") or scope["path"].encode()
    req = read_request(
        "GET" if request.method == "HEAD" else request.method,
        query_string,
        request.headers.get("content-type"),
        body,
        len(path) + (1 + len(query_string) if query_string else 0),  # the request target
        backend.settings.max_get_url,
    )
    accept = request.headers.get("accept")
    if req.query is None:
        fmt = conneg.negotiate(accept, (*conneg.GRAPHS, conneg.HTML), req.format)
        if fmt is conneg.HTML:
            return RedirectResponse("/", status_code=303, headers=VARY)
        return Response(service_description(backend, request, fmt), media_type=fmt.content_type,
                        headers=VARY)
    # a lookup the short path tried and found too long goes straight to a worker
    here = not scope.get("kg.lookup_tried", False)
    return await run_query(backend, req, accept, _base_url(request), here)


def _base_url(request: Request) -> str:
    """What ``request.base_url`` gives, without building URL objects when the Host is known."""
    host = request.headers.get("host")
    if host is None:
        return str(request.base_url)
    return f"{request.scope.get('scheme', 'http')}://{host}{request.scope.get('root_path', '')}/"


async def run_query(backend: Backend, req: SparqlRequest, accept: str | None,
                    base_url: str, here: bool = True) -> Response:
    assert req.query is not None
    settings = backend.settings
    m = backend.metrics
    try:
        if len(req.query) < INLINE_ANALYSIS:
            info = analyze(req.query, settings.max_query_bytes, settings.max_query_depth)
        else:  # a long query's scan takes a while: off the event loop
            info = await run_in_threadpool(analyze, req.query, settings.max_query_bytes,
                                           settings.max_query_depth)
    except QueryError as e:
        m.queries.labels("unknown", type(e).__name__).inc()
        raise
    offers = conneg.GRAPHS if info.form in ("construct", "describe") else conneg.RESULTS
    fmt = conneg.negotiate(accept, offers, req.format)
    limit = min(settings.query_timeout, req.timeout or settings.query_timeout)
    job = Job(
        query=req.query,
        form=info.form,
        fmt=fmt.key,
        union=not info.has_dataset,
        default_graphs=req.default_graphs if req.names_dataset else None,
        named_graphs=req.named_graphs if req.names_dataset else None,
        max_rows=settings.max_rows,
        prefixes=tuple(PREFIXES.items()) if info.form in ("construct", "describe") else (),
        base_iri=(settings.public_url or base_url).rstrip("/") + "/sparql",
    )
    t0 = time.perf_counter()
    headers = {**VARY, "KG-Build": backend.info.release, "KG-Max-Rows": str(settings.max_rows)}
    found = lookup(job.query) if (here and job.union and not req.names_dataset
                                  and job.form in ("select", "ask")) else None
    if found is not None and isinstance(backend.store, ox.Store):
        body = answer_here(backend.store, job.query, found, job.fmt, job.max_rows,
                           job.base_iri, min(LOOKUP_SECONDS, limit))
        if body is not None:  # else longer than the server writes itself: a worker answers
            m.seconds.observe(time.perf_counter() - t0)
            m.query_done(info.form)
            m.in_server.inc()
            return Response(body, media_type=fmt.content_type, headers=headers)
    try:
        answer = await backend.pool.run(job, limit)
    except QueryError as e:
        m.queries.labels(info.form, type(e).__name__).inc()
        raise
    m.seconds.observe(time.perf_counter() - t0)
    m.query_done(info.form)
    if answer.rest is None:
        return Response(answer.first, media_type=fmt.content_type, headers=headers)
    return StreamingResponse(_guarded(answer.first, answer.rest), media_type=fmt.content_type,
                             headers=headers)


async def _guarded(first: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    try:
        yield first
        async for chunk in rest:
            yield chunk
    except QueryAborted as e:
        # Headers are gone already: raising drops the connection without the final chunk.
        raise ConnectionAbortedError(f"answer cut short: {e}") from None


async def direct(scope: Scope, receive: Receive, send: Send) -> None:
    """/sparql answered as a plain ASGI app, ahead of the framework's middleware, routing,
    dependencies and thread hops, which cost more than a cheap query itself (kg.web.app.App
    sends GET, POST and HEAD here). It does what those layers do for /sparql: errors as
    problem+json (a bug's too, logged), CORS headers, the request counter."""
    backend: Backend = scope["app"].state.backend
    request = Request(scope, receive)
    try:
        try:
            quick = lookup_answer(scope, backend) if scope["method"] == "GET" else None
            if quick is not None:
                headers, body = quick
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                backend.metrics.request_done("GET", 200)
                return
            response = await answer(request, backend)
        except QueryError as e:
            response = errors.query_error(request, e)
        except KgError as e:
            response = errors.kg_error(request, e)
    except Exception as exc:
        log.exception("request %s failed", scope["path"])
        response = errors.unexpected(scope["path"], exc)
    cors = b"origin" in dict(scope["headers"])
    method = scope["method"]

    async def send_marked(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*_vary_origin(message["headers"]), *(CORS if cors else ())]
            backend.metrics.request_done(method, message["status"])
        await send(message)

    await response(scope, receive, send_marked)


def lookup_answer(scope: Scope, backend: Backend) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
    """The headers and body of the answer to a GET that is a lookup the server answers itself
    (kg.web.bounded), made with no more than it takes: what ``answer`` and ``run_query`` do for
    it, the same answer and headers, without their objects. None for anything else, an error
    included (``answer`` then makes it)."""
    query_string: bytes = scope.get("query_string", b"")
    store = backend.store
    if not query_string or not isinstance(store, ox.Store):
        return None
    t0 = time.perf_counter()
    settings = backend.settings
    path: bytes = scope.get("raw_path") or scope["path"].encode()
    try:
        req = read_request("GET", query_string, None, b"", len(path) + 1 + len(query_string),
                           settings.max_get_url)
        query = req.query
        found = None if query is None or req.names_dataset else lookup(query)
        if query is None or found is None:
            return None
        check_size(query, settings.max_query_bytes)
        headers: dict[bytes, bytes] = {}
        for k, v in scope["headers"]:
            headers.setdefault(k, v)  # the first, as Starlette's Headers.get
        accept = headers.get(b"accept")
        fmt = conneg.negotiate(None if accept is None else accept.decode("latin-1"),
                               conneg.RESULTS, req.format)
    except (KgError, UnicodeDecodeError):
        return None
    host = headers.get(b"host")
    base = settings.public_url or (
        f"{scope.get('scheme', 'http')}://{host.decode('latin-1')}{scope.get('root_path', '')}"
        if host is not None else None)
    if base is None:
        return None
    limit = min(settings.query_timeout, req.timeout or settings.query_timeout)
    body = answer_here(store, query, found, fmt.key, settings.max_rows,
                       base.rstrip("/") + "/sparql", min(LOOKUP_SECONDS, limit))
    if body is None:
        scope["kg.lookup_tried"] = True  # too long for the server: not tried a second time
        return None
    m = backend.metrics
    m.seconds.observe(time.perf_counter() - t0)
    m.query_done(found.form)
    m.in_server.inc()
    out = [(b"content-type", fmt.content_type.encode()),
           (b"content-length", str(len(body)).encode()),
           (b"vary", b"Accept, Origin"),
           (b"kg-build", backend.info.release.encode()),
           (b"kg-max-rows", str(settings.max_rows).encode())]
    return ([*out, *CORS] if b"origin" in headers else out), body


def _vary_origin(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Vary gains Origin, as CORSMiddleware does to every answer."""
    return [(k, v + b", Origin") if k == b"vary" else (k, v) for k, v in headers]


CORS = ((b"access-control-allow-origin", b"*"),
        (b"access-control-expose-headers", ", ".join(EXPOSE_HEADERS).encode()))


@router.get("/rdf-graphs", summary="Graph Store Protocol (read-only): one named graph")
async def graph_store(
    request: Request,
    graph: str | None = None,
    default: str | None = None,
    format: str | None = None,
    backend: Backend = Depends(get_backend),
) -> Response:
    if (graph is None) == (default is None):
        raise BadRequestError("give exactly one of graph=IRI or default", parameter="graph")
    if graph is not None:
        if not backend.store.contains_named_graph(ox.NamedNode(graph)):
            raise NotFoundError(f"no named graph {graph}")
        q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    else:
        q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    return await run_query(backend, SparqlRequest(q, format=format), request.headers.get("accept"),
                           str(request.base_url))


@router.api_route(
    "/rdf-graphs", methods=["PUT", "POST", "DELETE", "PATCH"], include_in_schema=False
)
def graph_store_write() -> Response:
    raise MethodNotAllowedError("the graph store is read-only: only GET is allowed")


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
def not_allowed() -> Response:
    raise MethodNotAllowedError("use GET or POST for SPARQL queries; this endpoint is read-only")
