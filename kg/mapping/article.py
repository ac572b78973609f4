"""Map one article's extraction to triples: its named graph, and what it says about shared
entities."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import URIRef

from kg.iris import Iris, web_iri
from kg.mapping import sourcing
from kg.mapping.nif import span
from kg.mapping.terms import ENTITY_CLASS, Triple, confidence, date, integer, prose, text
from kg.model import Article, Boilerplate, Entity, Extraction
from kg.namespaces import ITSRDF, NIF, NKG, RDF, SDO, WD
from kg.text import name_key, sha256_hex

AUTHOR_RULE = "author-metadata"  # an author known only from the metadata (byline, sidecar)


@dataclass(frozen=True)
class MappedArticle:
    article: Article
    graph: URIRef
    triples: tuple[Triple, ...]  # the article's named graph
    entity_triples: tuple[Triple, ...]  # descriptions of the entities it refers to


def map_article(ex: Extraction, iris: Iris) -> MappedArticle:
    a = ex.article
    triples = tuple(dict.fromkeys(article_triples(ex, iris)))
    return MappedArticle(a, iris.article_graph(a.id), triples, tuple(entity_triples(ex, iris)))


def article_triples(ex: Extraction, iris: Iris) -> Iterator[Triple]:
    """The article's named graph, one triple at a time (a span anchoring several things comes
    more than once): ``map_article`` holds them, a very long article's build streams them."""
    yield from heading_triples(ex, iris, {m.entity for m in ex.mentions})
    yield from finding_triples(ex, iris)


def heading_triples(ex: Extraction, iris: Iris, mentioned: Iterable[str]) -> Iterator[Triple]:
    """The article itself, its text and page leftovers; ``mentioned``: the keys of the entities
    it mentions (an article read in parts, ``kg.extract.in_sections``, gives them all here)."""
    a = ex.article
    yield from _article(ex, iris, mentioned)
    yield from _text(a, iris)
    yield from leftover_triples(a, a.boilerplate, iris)


def finding_triples(ex: Extraction, iris: Iris, first_request: int = 1) -> Iterator[Triple]:
    """What the extraction found in the text: mentions, roles, statements and their sources,
    requests for comment (numbered from ``first_request``: an article read in parts numbers
    each part's on from the last's)."""
    yield from _mentions(ex, iris)
    yield from _roles(ex, iris)
    yield from sourcing.sourcing_triples(ex, iris, first_request)


def entity_triples(ex: Extraction, iris: Iris) -> Iterator[Triple]:
    """What the article says about the entities it refers to (for the shared entities graph)."""
    entities = {e.key: e for e in ex.entities}
    if ex.publisher:
        entities[ex.publisher.key] = ex.publisher
    for author in authors(ex):
        entities.setdefault(author.key, author)
    for e in sorted(entities.values(), key=lambda e: e.key):
        yield from entity(e, iris)


def entity(e: Entity, iris: Iris) -> Iterator[Triple]:
    node = iris.entity(e.key)
    yield node, RDF.type, ENTITY_CLASS[e.kind]
    yield node, SDO.name, text(e.name)
    yield node, NKG.method, text(e.rule)
    yield node, NKG.confidence, confidence(e.confidence)
    if e.wikidata:
        yield node, SDO.sameAs, WD[e.wikidata]


def authors(ex: Extraction) -> list[Entity]:
    """Every author of the article as an entity: the one extracted under the same name if the
    text names them too, else a person known from the metadata alone (no mention)."""
    found = {e.key: e for e in ex.entities}
    out: dict[str, Entity] = {}
    for name in ex.article.authors:
        key = name_key(name)
        out.setdefault(key, found.get(key) or Entity(key, name, "person", rule=AUTHOR_RULE))
    return list(out.values())


def _article(ex: Extraction, iris: Iris, mentioned: Iterable[str]) -> Iterator[Triple]:
    a = ex.article
    node = iris.article(a.id)
    yield node, RDF.type, SDO.NewsArticle
    yield node, SDO.headline, prose(a.headline, a.language)
    yield node, SDO.identifier, text(a.id)
    yield node, SDO.inLanguage, text(a.language)
    yield node, SDO.wordCount, integer(a.word_count)
    yield node, NKG.textContext, iris.text(a.id)
    if ex.publisher:
        yield node, SDO.publisher, iris.entity(ex.publisher.key)
    if a.url:
        yield node, SDO.url, web_iri(a.url)
    if a.date_published:
        yield node, SDO.datePublished, date(a.date_published)
    for author in authors(ex):
        yield node, SDO.author, iris.entity(author.key)
    for key in sorted(set(mentioned)):
        yield node, SDO.mentions, iris.entity(key)


def _text(a: Article, iris: Iris) -> Iterator[Triple]:
    node = iris.text(a.id)
    yield node, RDF.type, NIF.Context
    yield node, NIF.isString, prose(a.text, a.language)
    yield node, NIF.beginIndex, integer(0)
    yield node, NIF.endIndex, integer(len(a.text))
    yield node, NKG.contentSha256, text(sha256_hex(a.text))


def leftover_triples(a: Article, leftovers: Iterable[Boilerplate], iris: Iris) -> Iterator[Triple]:
    """The page leftovers ``leftovers`` of article ``a`` (all of them: ``a.boilerplate``)."""
    for b in leftovers:
        yield from span(a, b.span, iris)
        node = iris.span(a.id, b.span)
        yield node, RDF.type, NKG.Boilerplate
        yield node, NKG.boilerplateKind, text(b.kind)
        yield node, NKG.method, text(b.rule)
        yield node, NKG.confidence, confidence(b.confidence)


def _roles(ex: Extraction, iris: Iris) -> Iterator[Triple]:
    """A person's role in an organization (schema.org's Role pattern: the person's
    ``schema:affiliation`` is the role, whose own ``schema:affiliation`` is the organization),
    anchored to the words that say it."""
    a = ex.article
    for r in ex.roles:
        node = iris.role(a.id, r.span)
        yield iris.entity(r.person), SDO.affiliation, node
        yield node, RDF.type, SDO.OrganizationRole
        yield node, SDO.affiliation, iris.entity(r.org)
        yield node, SDO.roleName, prose(r.name, a.language)
        yield node, NKG.anchor, iris.span(a.id, r.span)
        yield from span(a, r.span, iris)
        yield node, NKG.method, text(r.rule)
        yield node, NKG.confidence, confidence(r.confidence)


def _mentions(ex: Extraction, iris: Iris) -> Iterator[Triple]:
    a = ex.article
    for m in ex.mentions:
        node = iris.span(a.id, m.span)
        yield from span(a, m.span, iris)
        yield node, RDF.type, NKG.EntityMention
        yield node, ITSRDF.taIdentRef, iris.entity(m.entity)
        yield node, NKG.method, text(m.rule)
        yield node, NKG.confidence, confidence(m.confidence)
        if m.role:
            yield node, NKG.roleTitle, text(m.role)
