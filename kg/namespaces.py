"""The vocabularies kg writes, as closed namespaces: an unknown term is an error at import time.

``NKG`` mirrors ``ontology/nkg.ttl`` (a test checks both agree); ``SDO`` is rdflib's schema.org
namespace (https), checked by a test against the schema.org 30.0 release.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    VOID,
    XSD,
    DefinedNamespace,
)

__all__ = [
    "DCAT", "DCTERMS", "ITSRDF", "NIF", "NKG", "NKGSH", "OWL", "PREFIXES", "PROV", "RDF", "RDFS",
    "SDO", "SH", "SKOS", "VOID", "WD", "XSD",
]


class NKG(DefinedNamespace):
    """kg's sourcing ontology, https://w3id.org/newskg/ns#."""

    _NS = Namespace("https://w3id.org/newskg/ns#")
    _fail = True

    # classes
    ReportedClaim: URIRef
    Attribution: URIRef
    UnnamedSource: URIRef
    UnidentifiedSource: URIRef
    AnonymousSource: URIRef
    SourceGroup: URIRef
    CommentRequest: URIRef
    ExtractionRun: URIRef
    Boilerplate: URIRef
    EntityMention: URIRef
    SourcingType: URIRef
    CommentOutcome: URIRef
    GroupQuantifier: URIRef
    # object properties
    textContext: URIRef
    anchor: URIRef
    cue: URIRef
    contentSpan: URIRef
    sourceSpan: URIRef
    cueClass: URIRef
    sourcingType: URIRef
    via: URIRef
    channel: URIRef
    reportedTo: URIRef
    ultimateSource: URIRef
    groupQuantifier: URIRef
    anonymityGrantedBy: URIRef
    possiblySameAs: URIRef
    outcome: URIRef
    # datatype properties
    contentSha256: URIRef
    groupSize: URIRef
    descriptor: URIRef
    anonymityReason: URIRef
    attributionVerb: URIRef
    hedged: URIRef
    negated: URIRef
    confidence: URIRef
    method: URIRef
    boilerplateKind: URIRef
    roleTitle: URIRef
    # controlled values
    OwnReporting: URIRef
    NamedSource: URIRef
    AnonymousSourcing: URIRef
    SpokespersonStatement: URIRef
    WrittenStatement: URIRef
    OutletCitation: URIRef
    PriorReporting: URIRef
    DocumentSource: URIRef
    SocialMediaPost: URIRef
    Unattributed: URIRef
    Declined: URIRef
    NoResponse: URIRef
    Confirmed: URIRef
    Provided: URIRef
    AllMembers: URIRef
    OneMember: URIRef
    SpokespersonRole: URIRef


class NIF(DefinedNamespace):
    """The NIF 2.1 core terms kg uses."""

    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    Context: URIRef
    OffsetBasedString: URIRef
    Phrase: URIRef
    isString: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef


class ITSRDF(DefinedNamespace):
    """The ITS 2.0 RDF terms kg uses (entity linking of spans)."""

    _NS = Namespace("http://www.w3.org/2005/11/its/rdf#")
    _fail = True

    taIdentRef: URIRef


NKGSH = Namespace("https://w3id.org/newskg/shapes#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "schema": str(SDO),
    "prov": str(PROV),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "nkg": str(NKG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "sh": str(SH),
    "wd": str(WD),
}
