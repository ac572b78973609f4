"""The provenance graph: the run, the software, each input file with its checksum, each graph.

Timestamps appear here and nowhere else, so every other graph is byte-stable across runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.iris import Iris
from kg.mapping.terms import Triple, text
from kg.namespaces import DCTERMS, NKG, NKGSH, PROV, RDF, SDO, XSD

SHAPES_IRI = URIRef(str(NKGSH).rstrip("#"))


@dataclass(frozen=True)
class RunInfo:
    run: URIRef
    version: str
    started: str  # xsd:dateTime
    ended: str
    model: tuple[str, str] = ("", "")  # the statistical model the extractor used: name, version


def _time(value: str) -> Literal:
    return Literal(value, datatype=XSD.dateTime)


def run_prov(info: RunInfo, iris: Iris, shared_graphs: list[URIRef]) -> Iterator[Triple]:
    software = iris.software(info.version)
    yield info.run, RDF.type, NKG.ExtractionRun
    yield info.run, RDF.type, PROV.Activity
    yield info.run, PROV.startedAtTime, _time(info.started)
    yield info.run, PROV.endedAtTime, _time(info.ended)
    yield info.run, PROV.wasAssociatedWith, software
    yield software, RDF.type, PROV.SoftwareAgent
    yield software, SDO.name, text("kg")
    yield software, SDO.softwareVersion, text(info.version)
    if info.model[0]:
        model = iris.model(*info.model)
        yield (
            info.run,
            PROV.wasInfluencedBy,
            model,
        )  # the statistical model the extractor parsed with
        yield model, RDF.type, PROV.Entity
        yield model, RDF.type, SDO.SoftwareApplication
        yield model, SDO.name, text(info.model[0])
        yield model, SDO.softwareVersion, text(info.model[1])
    for g in shared_graphs:
        yield g, RDF.type, PROV.Entity
        yield g, PROV.wasGeneratedBy, info.run
        yield g, DCTERMS.conformsTo, SHAPES_IRI


def input_prov(run: URIRef, source: str, sha256: str, iris: Iris) -> Iterator[Triple]:
    seed = iris.seed(source)
    yield run, PROV.used, seed
    yield seed, RDF.type, PROV.Entity
    yield seed, SDO.name, text(source)
    yield seed, NKG.contentSha256, text(sha256)


def article_prov(run: URIRef, graph: URIRef, source: str, iris: Iris) -> Iterator[Triple]:
    yield graph, RDF.type, PROV.Entity
    yield graph, PROV.wasGeneratedBy, run
    yield graph, PROV.wasDerivedFrom, iris.seed(source)
    yield graph, DCTERMS.conformsTo, SHAPES_IRI
