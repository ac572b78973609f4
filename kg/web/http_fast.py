"""uvicorn's httptools protocol, refusing what is not HTTP with problem+json (kg.web.http).

Its own module because httptools is optional: kg.web.http imports it only if it can.
"""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kg.web.http import BODY


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    def send_400_response(self, msg: str) -> None:
        head = (b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/problem+json\r\n"
                b"content-length: " + str(len(BODY)).encode() + b"\r\nconnection: close\r\n\r\n")
        self.transport.write(head + BODY)
        self.transport.close()
