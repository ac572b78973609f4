"""The README's loading guides, run: each store started here is loaded with its section's
commands (tests/stores.py) and must hold every graph of the seed build under its own IRI with
the triple count kg wrote; the per-graph Turtle files carry their graph IRI in a sidecar."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.dump import read_quads
from kg.pipeline import BuildResult, build
from tests.conftest import TEST_BASE, make_settings
from tests.stores import Answer, JenaTDB2, Store, Virtuoso

STORES = ["oxigraph_server", "jena_tdb2", "virtuoso"]


def graphs_in_nquads(dumps: Path) -> dict[str, int]:
    """Each named graph's triple count, read from kg.nq."""
    counts: Counter[str] = Counter()
    for q in read_quads(dumps / "kg.nq"):
        assert isinstance(q.graph_name, ox.NamedNode), "kg writes every triple in a named graph"
        counts[q.graph_name.value] += 1
    return dict(counts)


def test_each_graph_file_names_its_graph_beside_it(
        seed_build: tuple[Settings, BuildResult]) -> None:
    dumps = seed_build[0].dumps_dir
    per_file: dict[str, int] = {}
    for ttl in sorted((dumps / "graphs").glob("*.ttl")):
        sidecar = ttl.with_name(ttl.name + ".graph")
        iri = sidecar.read_text(encoding="utf-8")
        assert iri == f"{TEST_BASE}graph/{ttl.stem}\n", sidecar.name
        per_file[iri.strip()] = len(read_quads(ttl))
    assert per_file == graphs_in_nquads(dumps)
    assert sorted(p.name for p in (dumps / "graphs").iterdir()) == sorted(
        n for ttl in (dumps / "graphs").glob("*.ttl") for n in (ttl.name, ttl.name + ".graph"))


def test_a_gzipped_graph_file_has_its_graph_file_unzipped_beside_it(tmp_path: Path) -> None:
    """Virtuoso's ld_dir looks for ``X.ttl.graph`` beside ``X.ttl.gz``."""
    settings = make_settings(tmp_path / "out", gzip=True)
    build(settings)
    graphs = settings.dumps_dir / "graphs"
    names = sorted(p.name for p in graphs.iterdir())
    stems = sorted(n[: -len(".ttl.gz")] for n in names if n.endswith(".ttl.gz"))
    assert stems and names == sorted(s + ext for s in stems for ext in (".ttl.gz", ".ttl.graph"))
    assert (graphs / "links.ttl.graph").read_text(encoding="utf-8") == f"{TEST_BASE}graph/links\n"


@pytest.mark.parametrize("fixture", STORES)
def test_every_graph_lands_in_its_named_graph(
        request: pytest.FixtureRequest, seed_build: tuple[Settings, BuildResult],
        fixture: str) -> None:
    store: Store = request.getfixturevalue(fixture)
    expected = graphs_in_nquads(seed_build[0].dumps_dir)
    assert len(expected) == seed_build[1].graphs == 6
    counts = store.graph_counts()
    # a store's own graphs (Virtuoso keeps its system graphs with the data) aside
    assert {g: n for g, n in counts.items() if g.startswith(TEST_BASE)} == expected
    print(f"{store.name}: {len(expected)} graphs, {sum(expected.values())} triples")


def test_virtuoso_bulk_loader_reports_no_error(virtuoso: Virtuoso) -> None:
    assert virtuoso.load_errors() == ""


def union_triples(dumps: Path) -> int:
    return len({(q.subject, q.predicate, q.object) for q in read_quads(dumps / "kg.nq")})


COUNT_DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_jena_union_switch_and_fuseki_configuration(
        jena_tdb2: JenaTDB2, seed_build: tuple[Settings, BuildResult]) -> None:
    """The README's tdbquery line (``--set tdb:unionDefaultGraph=true``) and its Fuseki
    configuration see every triple in the default graph; without the switch it is empty."""
    n = union_triples(seed_build[0].dumps_dir)

    def count(answer: Answer) -> int:
        [(cell,)] = answer[1]
        assert cell is not None
        return int(cell[1])

    assert count(jena_tdb2.select(COUNT_DEFAULT)) == n
    assert count(jena_tdb2.select_with_fuseki_config(COUNT_DEFAULT)) == n
    plain = "tdb2.tdbquery --loc kg-tdb2 --query query.rq"
    assert count(jena_tdb2.select(COUNT_DEFAULT, plain)) == 0


@pytest.mark.parametrize("fixture", ["oxigraph_server", "virtuoso"])
def test_the_default_graph_is_the_union(
        request: pytest.FixtureRequest, seed_build: tuple[Settings, BuildResult],
        fixture: str) -> None:
    store: Store = request.getfixturevalue(fixture)
    query = ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o "
             f"FILTER(STRSTARTS(STR(?s), '{TEST_BASE}')) }}")
    triples = {(q.subject, q.predicate, q.object)
               for q in read_quads(seed_build[0].dumps_dir / "kg.nq")}
    kg = sum(1 for s, _, _ in triples
             if isinstance(s, ox.NamedNode) and s.value.startswith(TEST_BASE))
    [(cell,)] = store.select(query)[1]
    assert cell is not None and int(cell[1]) == kg > 0
