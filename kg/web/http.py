"""The HTTP/1.1 protocols `kg serve` runs uvicorn with: httptools (a C parser, the fast one) or
h11, but a request that is not HTTP at all (bytes over 0x7F unencoded in its URL, a malformed
request line or header) is refused with a problem+json 400 like every other error, instead of
uvicorn's bare text/plain one.

Use: ``uvicorn.run(app, http=protocol(lookups(app)))`` (kg.web.app.lookups: the lookups the
httptools protocol answers as soon as it has read them).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from kg.web.errors import NOT_HTTP


def protocol(
    lookups: Callable[[dict[str, Any]], tuple[list[tuple[bytes, bytes]], bytes] | None]
    | None = None,
) -> type[asyncio.Protocol]:
    """ProblemHttpToolsProtocol if httptools is installed (answering ``lookups`` itself), else
    ProblemH11Protocol."""
    try:
        from kg.web.http_fast import ProblemHttpToolsProtocol
    except ImportError:
        return ProblemH11Protocol
    return type("KgHttpToolsProtocol", (ProblemHttpToolsProtocol,), {"lookups": lookups})


class ProblemH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        body = NOT_HTTP
        headers = [(b"content-type", b"application/problem+json"),
                   (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
        for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
                      h11.Data(data=body), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()
