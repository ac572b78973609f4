"""The one place exceptions become HTTP: every error is ``application/problem+json`` (RFC 9457).

Shape: ``{"type", "title", "status", "detail", "instance"}`` plus extras such as ``line`` and
``column`` for a syntax error or ``supported`` for a 406. A test pins it. A browser (an Accept
that prefers HTML to JSON) gets the same status, title and detail as an HTML page instead.
"""

from __future__ import annotations

import html
import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from kg.errors import KgError, NotAcceptableError, QueryBusyError, QueryError
from kg.web import conneg

PROBLEM = "application/problem+json"
log = logging.getLogger("kg.web")
NOT_HTTP = json.dumps({
    "type": "about:blank", "title": "Bad request", "status": 400,
    "detail": "the request is not valid HTTP/1.1 and was not read: its request line or a header "
              "is malformed (a URL must be ASCII: percent-encode the UTF-8 bytes of a query)",
}).encode()  # what kg.web.http's protocols answer a request the HTTP parser refuses


PROBLEM_JSON = conneg.Format("problem", PROBLEM, ("application/json",), text=False)


def wants_html(accept: str | None) -> bool:
    """Whether the client prefers an HTML page to problem+json (a browser does)."""
    try:
        return conneg.negotiate(accept, (PROBLEM_JSON, conneg.HTML)) is conneg.HTML
    except NotAcceptableError:
        return False


def problem(status: int, title: str, detail: str, instance: str = "", **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank" if not extra.get("type") else extra.pop("type"),
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    headers = {}
    if "retry_after" in extra:
        headers["Retry-After"] = str(extra.pop("retry_after"))
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def for_client(request: Request, response: JSONResponse) -> Response:
    """``response`` itself, or for a browser an HTML page with its status, title and detail."""
    if not wants_html(request.headers.get("accept")):
        return response
    from kg.web.pages import layout

    body = json.loads(bytes(response.body))
    page = layout(f"{body['status']} {body['title']}",
                  f"<h1>{body['status']} {html.escape(body['title'])}</h1>"
                  f"<p>{html.escape(str(body['detail']))}</p>"
                  '<p>Back to <a href="/">the query page</a>.</p>')
    headers = {k: v for k, v in response.headers.items()
               if k.lower() not in ("content-type", "content-length")}
    headers["Vary"] = "Accept"
    return HTMLResponse(page, status_code=response.status_code, headers=headers)


def query_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, QueryError)
    extra = dict(exc.extra)
    if isinstance(exc, QueryBusyError):
        extra.setdefault("retry_after", 1)
    return for_client(request, problem(exc.status, exc.title, exc.detail, request.url.path,
                                       **extra))


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    titles = {404: "Not found", 405: "Method not allowed"}
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404:
        detail = f"nothing is published at {request.url.path}"
    response = problem(exc.status_code, titles.get(exc.status_code, "HTTP error"), detail,
                       request.url.path)
    for k, v in (exc.headers or {}).items():
        response.headers[k] = v
    return for_client(request, response)


def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    where = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
    return for_client(request, problem(400, "Bad request", where, request.url.path))


def kg_error(request: Request, exc: Exception) -> Response:
    log.error("request %s failed: %s", request.url.path, exc)
    return for_client(request, problem(500, "Internal error", str(exc), request.url.path))


def unexpected(path: str, exc: Exception) -> JSONResponse:
    """Anything else (a bug): still problem+json, never Starlette's bare text/plain 500.
    Sent by the app's outer middleware (kg.web.app.CountRequests), which logs the exception."""
    return problem(500, "Internal error",
                   f"the server failed on this request ({type(exc).__name__}); it is logged", path)


def install(app: FastAPI) -> None:
    app.add_exception_handler(QueryError, query_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(KgError, kg_error)
