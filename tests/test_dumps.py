"""The dump chunks: the TriG and N-Quads that kg derives from pyoxigraph's Turtle and N-Triples are
byte for byte what pyoxigraph writes itself (so a pyoxigraph release that changes its layout is
caught here, not in a user's triple store)."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg.config import Settings
from kg.dump import (
    _serialize,
    from_ox,
    read_quads,
    serialize_chunk,
    sorted_lines,
    strip_prefixes,
)
from kg.namespaces import RDF, SDO, XSD
from kg.pipeline import BuildResult

EX = "https://kg.test/"
AWKWARD = [  # literals that could trip up a line-based derivation
    "two\nlines", "ends with a dot .\n", 'quoted " .\n<x> .', "tab\there", '"""triple"""',
    "a\r\nb", "unicode “quotes” \u2013 é 中文", "", " .", "back\\slash", "{ braces }",
]


def _pyoxigraph_own(triples: list, graph: URIRef) -> tuple[bytes, bytes]:
    items = [t for _, t in sorted_lines(triples)]
    return (strip_prefixes(_serialize(items, ox.RdfFormat.TRIG, graph)),
            _serialize(items, ox.RdfFormat.N_QUADS, graph, prefixes=False))


def _check(triples: list, graph: URIRef) -> None:
    chunk = serialize_chunk(graph, triples)
    trig, nq = _pyoxigraph_own(triples, graph)
    assert chunk.trig == trig
    assert chunk.nq == nq


def test_chunks_of_every_seed_graph(seed_build: tuple[Settings, BuildResult]) -> None:
    settings, _ = seed_build
    graphs: dict[str, list] = defaultdict(list)
    for q in read_quads(settings.dumps_dir / "kg.nq"):
        graphs[q.graph_name.value].append(
            (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
        )
    assert len(graphs) >= 5
    for name, triples in graphs.items():
        _check(triples, URIRef(name))


@pytest.mark.parametrize("text", AWKWARD)
def test_chunks_with_awkward_literals(text: str) -> None:
    s = URIRef(EX + "thing/1")
    triples = [(s, RDF.type, SDO.Thing), (s, SDO.name, Literal(text)),
               (s, SDO.description, Literal(text, lang="en")),
               (s, SDO.text, Literal(text, datatype=XSD.token)),
               (URIRef(EX + "thing/2"), SDO.about, s)]
    _check(triples, URIRef(EX + "graph/x"))


def test_an_empty_graph_gives_empty_chunks() -> None:
    chunk = serialize_chunk(URIRef(EX + "graph/empty"), [])
    assert chunk.count == 0 and chunk.trig == b"" and chunk.nq == b"" and chunk.nt == b""
