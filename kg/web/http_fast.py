"""uvicorn's httptools protocol, refusing what is not HTTP with problem+json (as kg.web.http), and
sending each answer in one write.

uvicorn writes an answer's head and its body with two calls, so a small answer costs two system
calls and two TCP segments, and wakes the client twice. Here the writes made in one turn of the
event loop are joined and sent together at the end of that turn (``_Corked``).

Its own module because httptools is optional: kg.web.http.protocol imports it only if it can.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

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


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        corked = _Corked(cast(asyncio.Transport, transport), self.loop)
        super().connection_made(cast(asyncio.Transport, corked))

    def send_400_response(self, msg: str) -> None:
        length = str(len(NOT_HTTP)).encode()
        head = (b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/problem+json\r\n"
                b"content-length: " + length + b"\r\nconnection: close\r\n\r\n")
        self.transport.write(head + NOT_HTTP)
        self.transport.close()
