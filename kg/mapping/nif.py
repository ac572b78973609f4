"""A span of an article's text as a NIF offset-based string (shared by article and sourcing)."""

from __future__ import annotations

from collections.abc import Iterator

from kg.iris import Iris
from kg.mapping.terms import Triple, integer, prose
from kg.model import Article, Span
from kg.namespaces import NIF, RDF


def span(a: Article, s: Span, iris: Iris) -> Iterator[Triple]:
    node = iris.span(a.id, s)
    yield node, RDF.type, NIF.OffsetBasedString
    yield node, NIF.referenceContext, iris.text(a.id)
    yield node, NIF.beginIndex, integer(s.begin)
    yield node, NIF.endIndex, integer(s.end)
    yield node, NIF.anchorOf, prose(s.text(a.text), a.language)
