"""Every shape has a conforming fixture (base.ttl) and a violating one (a named mutation of it),
and the test asserts that the named shape is the one that fired."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.config import Settings
from kg.validate import Shapes, load_shapes, validate

HERE = Path(__file__).parent / "shapes"
MUTATIONS = tomllib.loads((HERE / "mutations.toml").read_text())
PREFIXES = """
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX nkg: <https://w3id.org/newskg/ns#>
PREFIX ent: <https://kg.test/entity/>
PREFIX ex: <https://kg.test/article/t1/>
PREFIX art: <https://kg.test/article/>
"""
SHAPES_NS = "https://w3id.org/newskg/shapes#"


@pytest.fixture(scope="module")
def shapes() -> Shapes:
    s = Settings()
    return load_shapes(s.shapes_path, s.ontology_path)


def base() -> Graph:
    return Graph().parse(HERE / "base.ttl")


def test_base_fixture_conforms(shapes: Shapes) -> None:
    report = validate(base(), shapes)
    assert report.conforms, [v.describe() for v in report.violations]


# a group of named sources ('Ann Lee and Acme said ...'), whose members are entities
NAMED_GROUP = (
    "INSERT DATA { ex:grp-2 a nkg:SourceGroup ; nkg:descriptor 'Ann Lee and Acme' ; "
    "nkg:anchor ex:span-41-53 ; schema:member ent:ann-lee, ent:acme ; nkg:method 'source-named' ; "
    "nkg:confidence 0.9 }"
)


def test_a_group_of_named_sources_conforms_beside_an_anonymous_group(shapes: Shapes) -> None:
    """pySHACL (rdflib) once flagged every anonymous group's hop as soon as any group in the
    data had a named member (a UNION inside NOT EXISTS, with $this bound); the constraint is
    written so that it does not."""
    g = base()
    g.update(PREFIXES + NAMED_GROUP)
    report = validate(g, shapes)
    assert report.conforms, [v.describe() for v in report.violations]


def test_an_anonymous_hop_to_a_group_of_named_sources_violates(shapes: Shapes) -> None:
    g = base()
    g.update(PREFIXES + NAMED_GROUP)
    g.update(PREFIXES + "DELETE { ex:att-c-1 prov:agent ?a } INSERT { ex:att-c-1 prov:agent "
             "ex:grp-2 } WHERE { ex:att-c-1 prov:agent ?a }")
    assert "nkgsh:Attribution-anonymousAgent" in validate(g, shapes).shapes_fired()


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_violating_fixture_fires_its_shape(shapes: Shapes, name: str) -> None:
    g = base()
    before = set(g)
    g.update(PREFIXES + MUTATIONS[name]["update"])
    assert set(g) != before, "the mutation changed nothing"
    report = validate(g, shapes)
    assert not report.conforms
    fired = report.shapes_fired()
    assert f"nkgsh:{name}" in fired, f"expected nkgsh:{name}, fired: {sorted(fired)}"


def test_every_node_shape_and_sparql_constraint_has_a_violating_fixture(shapes: Shapes) -> None:
    named = {f"{SHAPES_NS}{n}" for n in MUTATIONS}
    covered_node_shapes = {
        str(shapes.parent[URIRef(n)]) for n in named if URIRef(n) in shapes.parent
    }
    node_shapes = {str(s) for s in shapes.graph.subjects(RDF.type, SH.NodeShape)}
    constraints = {str(o) for o in shapes.graph.objects(None, SH.sparql)}
    assert sorted(node_shapes - covered_node_shapes - named) == []
    assert sorted(constraints - named) == []


def test_every_node_shape_has_a_focus_node_in_the_base_fixture(shapes: Shapes) -> None:
    """The conforming fixture is not vacuous: each node shape targets something in it."""
    g = base()
    for shape in shapes.graph.subjects(RDF.type, SH.NodeShape):
        focus: set[object] = set()
        for c in shapes.graph.objects(shape, SH.targetClass):
            focus |= set(g.subjects(RDF.type, c))
        for p in shapes.graph.objects(shape, SH.targetSubjectsOf):
            focus |= set(g.subjects(p, None))
        for p in shapes.graph.objects(shape, SH.targetObjectsOf):
            focus |= set(g.objects(None, p))
        assert focus, f"{shape} has no focus node in base.ttl"
