"""Code, ontology and shapes agree; every schema.org term used exists in the 30.0 release."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SDO

from kg.config import asset_dir
from kg.namespaces import NKG
from tests.conftest import ROOT, SHARED

NS = str(NKG)
ONTOLOGY = asset_dir("ontology") / "nkg.ttl"
SHAPES = asset_dir("shapes") / "nkg-shapes.ttl"


def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


def test_code_namespace_equals_ontology_terms() -> None:
    in_code = {str(NKG[t]) for t in NKG.__annotations__}
    in_onto = {str(s) for s in ontology().subjects() if str(s).startswith(NS)}
    assert in_code == in_onto, (sorted(in_code - in_onto), sorted(in_onto - in_code))


def test_unknown_term_is_an_error() -> None:
    with pytest.raises(AttributeError):
        NKG.notATerm  # noqa: B018


def test_every_term_is_labelled_commented_and_versioned() -> None:
    g = ontology()
    for s in {s for s in g.subjects() if str(s).startswith(NS)}:
        assert g.value(s, RDFS.label), f"{s} has no rdfs:label"
        assert g.value(s, RDFS.comment), f"{s} has no rdfs:comment"
    onto = URIRef(NS.rstrip("#"))
    assert (onto, RDF.type, OWL.Ontology) in g
    assert str(g.value(onto, OWL.versionIRI)).startswith("https://w3id.org/newskg/ns/")


def test_classes_are_aligned_to_prov_or_schema() -> None:
    g = ontology()
    for c in g.subjects(RDF.type, OWL.Class):
        supers = [str(o) for o in g.objects(c, RDFS.subClassOf)]
        assert supers, f"{c} has no superclass"


def _schema_release() -> set[str]:
    path = SHARED / "vocab" / "schemaorg-current-https.ttl"
    if not path.exists():
        pytest.skip("../shared/vocab is not beside the project")
    g = Graph().parse(path)
    return {str(s) for s in g.subjects() if str(s).startswith(str(SDO))}


def _schema_terms_in_code() -> set[str]:
    terms = set()
    for py in (ROOT / "kg").rglob("*.py"):
        terms |= {str(SDO) + t for t in re.findall(r"\bSDO\.(\w+)", py.read_text())}
    for rdf in [SHAPES, ONTOLOGY, *Path(asset_dir("queries")).glob("*.rq")]:
        terms |= {str(SDO) + t for t in re.findall(r"\bschema:(\w+)", rdf.read_text())}
    return terms


def test_schema_terms_exist_in_release(seed_build) -> None:  # type: ignore[no-untyped-def]
    release = _schema_release()
    used = _schema_terms_in_code()
    settings, _ = seed_build
    from kg.checks import load_union

    for t in load_union([settings.dumps_dir / "kg.nq"]):
        for term in t:
            if isinstance(term, URIRef) and str(term).startswith(str(SDO)):
                used.add(str(term))
    assert used, "no schema.org terms found: the scan is broken"
    assert sorted(used - release) == []
