"""uvicorn's httptools protocol, refusing what is not HTTP with problem+json (as kg.web.http),
sending each answer in one write, and answering a lookup (kg.web.bounded) as soon as its request
is read.

uvicorn writes an answer's head and its body with two calls, so a small answer costs two system
calls and two TCP segments, and wakes the client twice. Here the writes made in one turn of the
event loop are joined and sent together at the end of that turn (``_Corked``).

A lookup is a query the server answers itself in well under a millisecond; the app would answer
it the same, but through a task, the ASGI messages and uvicorn's header checks, which cost as much
as the lookup. The protocol asks ``lookups`` (kg.web.app.lookups: the answer the app would send,
byte for byte but the date) before it starts the app's task; None (anything else, a lookup too
long for the server) goes to the app as always. The hook is uvicorn's ``_start_asgi_task``; a
uvicorn without it never calls it, and every request goes to the app.

Its own module because httptools is optional: kg.web.http.protocol imports it only if it can.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, ClassVar, cast

from uvicorn.protocols.http.httptools_impl import (
    STATUS_LINE,
    HttpToolsProtocol,
    RequestResponseCycle,
)
from uvicorn.protocols.utils import get_client_addr, get_path_with_query_string

from kg.web.errors import NOT_HTTP


class _Corked:
    """A transport whose writes within one loop turn go out as one."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._pending:
            self._loop.call_soon(self._flush)
        self._pending.append(bytes(data))

    def _flush(self) -> None:
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            if not self._transport.is_closing():
                self._transport.write(data)

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


Lookups = Callable[[dict[str, Any]], tuple[list[tuple[bytes, bytes]], bytes] | None]


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    lookups: ClassVar[Lookups | None] = None

    def _start_asgi_task(self, cycle: RequestResponseCycle, app: Any) -> None:
        answer = self._answered_here(cycle, app)
        if answer is None:
            super()._start_asgi_task(cycle, app)
            return
        headers, body = answer
        if self.access_log:  # as uvicorn logs an answer
            self.access_logger.info('%s - "%s %s HTTP/%s" %d', get_client_addr(cycle.scope),
                                    "GET", get_path_with_query_string(cycle.scope),
                                    cycle.scope["http_version"], 200)
        head = [STATUS_LINE[200]]
        for name, value in (*self.server_state.default_headers, *headers):
            head += [name, b": ", value, b"\r\n"]
        head.append(b"\r\n")
        cycle.response_started = cycle.response_complete = True
        self.transport.write(b"".join(head) + body)
        self.on_response_complete()

    def _answered_here(self, cycle: RequestResponseCycle,
                       app: Any) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        """A lookup's answer, if the request is one on a kept-alive connection, the app's to
        answer (not a 503 for too many requests), with nothing that uvicorn's proxy headers
        would change in its scope."""
        lookups = type(self).lookups
        if (lookups is None or app is not self.app or not cycle.keep_alive
                or cycle.scope["method"] != "GET" or self.flow.write_paused
                or any(k.startswith(b"x-forwarded-") for k, _ in cycle.scope["headers"])):
            return None
        return lookups(cast(dict[str, Any], cycle.scope))

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        corked = _Corked(cast(asyncio.Transport, transport), self.loop)
        super().connection_made(cast(asyncio.Transport, corked))

    def send_400_response(self, msg: str) -> None:
        length = str(len(NOT_HTTP)).encode()
        head = (b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/problem+json\r\n"
                b"content-length: " + length + b"\r\nconnection: close\r\n\r\n")
        self.transport.write(head + NOT_HTTP)
        self.transport.close()
