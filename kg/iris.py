"""Every IRI kg mints, deterministically, under the configured base IRI. Nothing else mints IRIs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from kg.model import Span
from kg.text import sha256_hex, slug

# What may not stand in an IRI (RFC 3987): controls, space, <>"{}|^`\\; brackets only in a host.
_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')
_UNSAFE_PATH = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f\[\]]')
_AUTHORITY = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)(.*)$", re.DOTALL)


def _percent(m: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in m.group().encode("utf-8"))


def web_iri(url: str) -> URIRef:
    """A URL found in the input as an IRI: what may not stand in an IRI is percent-encoded (a
    space is ``%20``), never rejected; everything else (non-ASCII letters too) is kept."""
    m = _AUTHORITY.match(url)
    head, rest = (m.group(1), m.group(2)) if m else ("", url)
    return URIRef(_UNSAFE.sub(_percent, head) + _UNSAFE_PATH.sub(_percent, rest))


@dataclass(frozen=True)
class Iris:
    base: str

    def article(self, aid: str) -> URIRef:
        return URIRef(f"{self.base}article/{aid}")

    def in_article(self, aid: str, local: str) -> URIRef:
        return URIRef(f"{self.base}article/{aid}/{local}")

    def text(self, aid: str) -> URIRef:
        return self.in_article(aid, "text")

    def span(self, aid: str, span: Span) -> URIRef:
        return self.in_article(aid, f"span-{span.begin}-{span.end}")

    def quote(self, aid: str, span: Span) -> URIRef:
        return self.in_article(aid, f"quote-{span.begin}-{span.end}")

    def claim(self, aid: str, span: Span) -> URIRef:
        return self.in_article(aid, f"claim-{span.begin}-{span.end}")

    def attribution(self, aid: str, kind: str, span: Span, hop: int) -> URIRef:
        return self.in_article(aid, f"att-{kind}-{span.begin}-{span.end}-{hop}")

    def source(self, aid: str, local_id: str) -> URIRef:
        return self.in_article(aid, local_id)

    def role(self, aid: str, span: Span) -> URIRef:
        return self.in_article(aid, f"role-{span.begin}-{span.end}")

    def request(self, aid: str, span: Span, n: int) -> URIRef:
        return self.in_article(aid, f"req-{span.begin}-{n}")

    def entity(self, key: str) -> URIRef:
        return URIRef(f"{self.base}entity/{slug(key)}")

    def graph(self, name: str) -> URIRef:
        return URIRef(f"{self.base}graph/{name}")

    def article_graph(self, aid: str) -> URIRef:
        return self.graph(f"article-{aid}")

    def run(self, key: str) -> URIRef:
        return URIRef(f"{self.base}run/{sha256_hex(key)[:16]}")

    def software(self, version: str) -> URIRef:
        return URIRef(f"{self.base}software/kg-{version}")

    def model(self, name: str, version: str) -> URIRef:
        return URIRef(f"{self.base}software/{slug(name)}-{version}")

    def seed(self, source: str) -> URIRef:
        return URIRef(f"{self.base}seed/{slug(source, 200)}")

    def dataset(self) -> URIRef:
        return URIRef(f"{self.base}dataset")

    def dump(self, filename: str) -> URIRef:
        return URIRef(f"{self.base}dumps/{filename}")
