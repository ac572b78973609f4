"""``/sparql``: the SPARQL 1.1 Protocol (query only), answered by the worker pool.

The request waits for its worker on the event loop (no thread per request); an answer the worker
sent whole (the usual case) goes out with its length, a longer one streams.

A GET without a query returns the service description. Every answer carries ``Vary: Accept``.
A failure known before the first byte is a problem+json error with the right status; one that
happens later (time limit, row cap) drops the connection before the final chunk, so no client
can take a cut-short body for a whole answer.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import Receive, Scope, Send

from kg.errors import KgError, MethodNotAllowedError, QueryError
from kg.namespaces import PREFIXES
from kg.web import conneg, errors
from kg.web.analyze import analyze
from kg.web.backend import Backend, get_backend
from kg.web.protocol import SparqlRequest, read_body, read_request
from kg.web.workers import Job, QueryAborted

router = APIRouter()
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
    query_string: bytes = request.scope.get("query_string", b"")
    target = request.url.path + ("?" + request.url.query if request.url.query else "")
    req = read_request(
        "GET" if request.method == "HEAD" else request.method,
        query_string,
        request.headers.get("content-type"),
        body,
        len(target.encode()),
        backend.settings.max_get_url,
    )
    accept = request.headers.get("accept")
    if req.query is None:
        from kg.web.service import service_description

        fmt = conneg.negotiate(accept, (*conneg.GRAPHS, conneg.HTML), req.format)
        if fmt is conneg.HTML:
            return RedirectResponse("/", status_code=303, headers=VARY)
        return Response(service_description(backend, request, fmt), media_type=fmt.content_type,
                        headers=VARY)
    return await run_query(backend, req, accept, str(request.base_url))


async def run_query(backend: Backend, req: SparqlRequest, accept: str | None,
                    base_url: str) -> Response:
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
        prefixes=tuple(PREFIXES.items()),
        base_iri=(settings.public_url or base_url).rstrip("/") + "/sparql",
    )
    t0 = time.perf_counter()
    m.busy.inc()
    try:
        answer = await backend.pool.run(job, limit)
    except QueryError as e:
        m.queries.labels(info.form, type(e).__name__).inc()
        raise
    finally:
        m.busy.dec()
    m.seconds.observe(time.perf_counter() - t0)
    m.queries.labels(info.form, "ok").inc()
    headers = {**VARY, "KG-Build": backend.info.release, "KG-Max-Rows": str(settings.max_rows)}
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
    """/sparql answered as a plain ASGI app: without the framework's routing, dependencies and
    thread hops, which cost more than a cheap query itself. Errors take the same shapes."""
    request = Request(scope, receive)
    backend: Backend = scope["app"].state.backend
    try:
        response = await answer(request, backend)
    except QueryError as e:
        response = errors.query_error(request, e)
    except KgError as e:
        response = errors.kg_error(request, e)
    await response(scope, receive, send)


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
def not_allowed() -> Response:
    raise MethodNotAllowedError("use GET or POST for SPARQL queries; this endpoint is read-only")
