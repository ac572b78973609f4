"""The VoID / DCAT description of a built dataset: graphs, triples, files, vocabularies, shapes.

Its size does not grow with the corpus: the shared graphs (entities, provenance, links) are listed
as subsets with their triple counts, and the article graphs, one per article, are summed up in a
class partition (``void:class schema:NewsArticle``, ``void:entities``) instead of being listed one
by one; ``SELECT DISTINCT ?g WHERE { GRAPH ?g {} }`` on the endpoint lists them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rdflib import Literal, URIRef

from kg.dump import DumpFile
from kg.iris import Iris
from kg.mapping.prov import SHAPES_IRI
from kg.mapping.terms import Triple, integer, text
from kg.namespaces import DCAT, DCTERMS, NIF, NKG, PROV, RDF, SDO, VOID

VOCABULARIES = (SDO, PROV, NIF, NKG)


def void_triples(
    iris: Iris, triples: int, shared: dict[str, int], articles: int, files: Sequence[DumpFile],
    run: URIRef, endpoint: str | None = None,
) -> Iterator[Triple]:
    ds = iris.dataset()
    yield ds, RDF.type, VOID.Dataset
    yield ds, RDF.type, DCAT.Dataset
    yield ds, DCTERMS.title, text("kg news knowledge graph")
    yield ds, DCTERMS.description, text(
        "People, organizations and places mentioned in news articles, direct quotes with their "
        "speakers, reported statements with their sources, and the outlets each article cites."
    )
    yield ds, VOID.triples, integer(triples)
    yield ds, DCTERMS.conformsTo, SHAPES_IRI
    yield ds, PROV.wasGeneratedBy, run
    yield ds, VOID.uriSpace, Literal(iris.base)
    for v in VOCABULARIES:
        yield ds, VOID.vocabulary, URIRef(str(v))
    if endpoint:
        yield ds, VOID.sparqlEndpoint, URIRef(endpoint)
    part = URIRef(f"{ds}#articles")
    yield ds, VOID.classPartition, part
    yield part, RDF.type, VOID.Dataset
    yield part, VOID["class"], SDO.NewsArticle
    yield part, VOID.entities, integer(articles)
    for g, count in sorted(shared.items()):
        sub = URIRef(g)
        yield ds, VOID.subset, sub
        yield sub, RDF.type, VOID.Dataset
        yield sub, VOID.triples, integer(count)
        yield sub, DCTERMS.conformsTo, SHAPES_IRI
    for f in files:
        dist = iris.dump(f.name)
        if f.name.startswith("graphs/"):
            continue
        yield ds, DCAT.distribution, dist
        yield ds, VOID.dataDump, dist
        yield dist, RDF.type, DCAT.Distribution
        yield dist, DCAT.downloadURL, dist
        yield dist, DCAT.mediaType, text(f.media_type)
        yield dist, DCAT.byteSize, integer(f.size)
        yield dist, NKG.contentSha256, text(f.sha256)
