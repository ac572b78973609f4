"""Map quotes, reported claims, their sources and attribution chains, and comment requests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rdflib import URIRef

from kg.iris import Iris
from kg.mapping.nif import span
from kg.mapping.terms import (
    OUTCOME,
    QUANTIFIER,
    SOURCING,
    Triple,
    boolean,
    confidence,
    integer,
    prose,
    text,
)
from kg.model import Extraction, Hop, Source, Span
from kg.namespaces import NKG, PROV, RDF, SDO

NAMED = {"person", "organization", "outlet"}
SPLIT = " … "  # joins the pieces of a split quote in its schema:text


def sourcing_triples(ex: Extraction, iris: Iris, first_request: int = 1) -> Iterator[Triple]:
    """The statements of ``ex``, their sources and attributions, and its requests for comment,
    numbered from ``first_request``."""
    a = ex.article
    nodes = {s.id: source_node(ex, s, iris) for s in ex.sources}
    for s in ex.sources:
        yield from _source(ex, s, nodes[s.id], iris)
        if s.anchor:
            yield from span(a, s.anchor, iris)
    for q in ex.quotes:
        node = iris.quote(a.id, q.span)
        yield node, RDF.type, SDO.Quotation
        yield node, SDO.isPartOf, iris.article(a.id)
        yield node, SDO.creator, nodes[q.hops[-1].source]
        yield from _statement(
            ex, node, "q", q.texts, q.content, q.hops, q.rule, q.confidence, nodes, iris
        )
    for c in ex.claims:
        node = iris.claim(a.id, c.span)
        yield node, RDF.type, NKG.ReportedClaim
        yield node, SDO.appearance, iris.article(a.id)
        # the text is the content's, but for a claim whose own first piece reaches back before
        # it ('X declined to comment': "declined to comment", its content "to comment")
        texts = ((c.span, *c.content[1:]) if c.content and c.span.begin < c.content[0].begin
                 else c.content or (c.span,))
        yield from _statement(ex, node, "c", texts, c.content, c.hops, c.rule, c.confidence,
                              nodes, iris)
    for n, r in enumerate(ex.requests, start=first_request):
        node = iris.request(a.id, r.span, n)
        yield node, RDF.type, NKG.CommentRequest
        asker = r.asked_by or (ex.publisher.key if ex.publisher else None)
        if asker:
            yield node, SDO.agent, iris.entity(asker)
        yield node, SDO.recipient, nodes.get(r.recipient) or iris.entity(r.recipient)
        yield node, NKG.outcome, OUTCOME[r.outcome]
        yield node, NKG.method, text(r.rule)
        yield node, NKG.confidence, confidence(r.confidence)
        yield node, NKG.anchor, iris.span(a.id, r.span)
        yield from span(a, r.span, iris)


def source_node(ex: Extraction, s: Source, iris: Iris) -> URIRef:
    if s.entity and s.kind in NAMED | {"spokesperson"}:
        return iris.entity(s.entity)
    return iris.source(ex.article.id, s.id)


def _source(ex: Extraction, s: Source, node: URIRef, iris: Iris) -> Iterator[Triple]:
    a = ex.article
    if s.kind in NAMED:
        return
    if s.kind == "spokesperson" and s.entity:
        if s.acts_for:
            yield node, PROV.actedOnBehalfOf, iris.entity(s.acts_for)
        return
    if s.anchor:
        yield node, NKG.anchor, iris.span(a.id, s.anchor)
    if s.descriptor:
        yield node, NKG.descriptor, prose(s.descriptor, ex.article.language)
    yield node, NKG.method, text(s.rule)
    yield node, NKG.confidence, confidence(s.confidence)
    if s.kind == "unidentified":
        yield node, RDF.type, NKG.UnidentifiedSource
        yield node, RDF.type, PROV.Agent
    elif s.kind == "unnamed":
        yield node, RDF.type, NKG.UnnamedSource
        yield node, RDF.type, PROV.Agent
        if s.acts_for:  # 'the Acme CEO'
            yield node, PROV.actedOnBehalfOf, iris.entity(s.acts_for)
    elif s.kind == "spokesperson":
        yield node, RDF.type, NKG.UnnamedSource
        yield node, RDF.type, SDO.Person
        if s.acts_for:
            yield node, PROV.actedOnBehalfOf, iris.entity(s.acts_for)
    elif s.kind == "anonymous":
        yield from _anonymous(ex, s, node, iris)
    elif s.kind == "group" and s.named:  # 'Ana Ruiz and Bo Lind'
        yield node, RDF.type, NKG.SourceGroup
        for key in s.named:
            yield node, SDO.member, iris.entity(key)
    elif s.kind == "group":
        yield node, RDF.type, NKG.SourceGroup
        if s.members > GROUP_MEMBERS:  # 'some 300 protesters': the size, ten members listed
            yield node, NKG.groupSize, integer(s.members)
        for i in range(1, min(max(2, s.members), GROUP_MEMBERS) + 1):
            member = iris.source(a.id, f"{s.id}-m{i}")
            yield node, SDO.member, member
            yield member, NKG.method, text(s.rule)
            yield member, NKG.confidence, confidence(s.confidence)
            yield from _anonymous(ex, s, member, iris)
    elif s.kind == "document":
        yield node, RDF.type, NKG.UnnamedSource
        yield node, RDF.type, SDO.CreativeWork
        if s.acts_for:
            yield node, SDO.author, iris.entity(s.acts_for)


# The most members a group of people described lists, each an anonymous source: a group the text
# says is larger ('300 protesters said') has its size in nkg:groupSize, not a node per member.
GROUP_MEMBERS = 10


def _anonymous(ex: Extraction, s: Source, node: URIRef, iris: Iris) -> Iterator[Triple]:
    yield node, RDF.type, NKG.AnonymousSource
    yield node, RDF.type, SDO.Person
    if s.anchor:
        yield node, NKG.anchor, iris.span(ex.article.id, s.anchor)
    if s.descriptor:
        yield node, NKG.descriptor, prose(s.descriptor, ex.article.language)
    if ex.publisher:
        yield node, NKG.anonymityGrantedBy, iris.entity(ex.publisher.key)
    if s.acts_for:
        yield node, SDO.affiliation, iris.entity(s.acts_for)
    if s.anonymity_reason:
        yield node, NKG.anonymityReason, text(s.anonymity_reason)


def _statement(
    ex: Extraction, node: URIRef, kind: str, texts: Sequence[Span], content: Sequence[Span],
    hops: Sequence[Hop], rule: str, conf: float, nodes: dict[str, URIRef], iris: Iris,
) -> Iterator[Triple]:
    """A statement: its text (the pieces of a split quote joined by an ellipsis), an anchor per
    piece, the content as annotators mark it, and its chain of attribution hops."""
    a = ex.article
    s = texts[0]
    yield node, SDO.text, prose(SPLIT.join(t.text(a.text) for t in texts), a.language)
    for t in texts:
        yield node, NKG.anchor, iris.span(a.id, t)
        yield from span(a, t, iris)
    for c in content:
        yield node, NKG.contentSpan, iris.span(a.id, c)
        yield from span(a, c, iris)
    yield node, NKG.method, text(rule)
    yield node, NKG.confidence, confidence(conf)
    yield node, PROV.wasAttributedTo, nodes[hops[0].source]
    yield node, NKG.ultimateSource, nodes[hops[-1].source]
    atts = [iris.attribution(a.id, kind, s, i) for i in range(1, len(hops) + 1)]
    for i, (hop, att) in enumerate(zip(hops, atts, strict=True)):
        yield node, PROV.qualifiedAttribution, att
        yield att, RDF.type, NKG.Attribution
        yield att, NKG.method, text(rule)
        yield att, NKG.confidence, confidence(conf)
        yield att, PROV.agent, nodes[hop.source]
        yield att, NKG.sourcingType, SOURCING[hop.sourcing]
        yield att, NKG.attributionVerb, text(hop.verb)
        yield att, NKG.cue, iris.span(a.id, hop.cue)
        yield from span(a, hop.cue, iris)
        if hop.source_span is not None:
            yield att, NKG.sourceSpan, iris.span(a.id, hop.source_span)
            yield from span(a, hop.source_span, iris)
        yield att, NKG.cueClass, text(hop.cue_class)
        if hop.sourcing == "spokesperson":
            yield att, PROV.hadRole, NKG.SpokespersonRole
        if hop.reported_to:
            yield att, NKG.reportedTo, iris.entity(hop.reported_to)
        if hop.channel:
            yield att, NKG.channel, iris.entity(hop.channel)
        if hop.hedged:
            yield att, NKG.hedged, boolean(True)
        if hop.negated:
            yield att, NKG.negated, boolean(True)
        if hop.quantifier:
            yield att, NKG.groupQuantifier, QUANTIFIER[hop.quantifier]
        if i + 1 < len(atts):
            yield att, NKG.via, atts[i + 1]
