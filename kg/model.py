"""Frozen dataclasses passed between the stages. No rdflib here.

Offsets are Unicode code points into ``Article.text``, half-open ``[begin, end)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kg.span import Span as Span  # re-exported: the stages take spans from here
from kg.text import count_words

EntityKind = Literal["person", "organization", "outlet", "place"]
SourceKind = Literal[
    "person", "organization", "outlet", "spokesperson", "anonymous", "group", "document", "unnamed",
    "unidentified",
]
CueClass = Literal["speech", "cognition", "evidence", "according", "quote"]
SourcingKind = Literal[
    "own", "named", "anonymous", "spokesperson", "written", "outlet", "prior", "document", "social",
    "unattributed",
]
Outcome = Literal["declined", "no-response", "confirmed", "provided"]


@dataclass(frozen=True, slots=True)
class Boilerplate:
    span: Span
    kind: str
    rule: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read: verbatim text plus what is known about it, nothing invented."""

    id: str  # IRI-safe, unique in a build: file stem, record id or stem-lineno
    source: str  # the input file's name in the build: its path relative to the input root
    source_sha256: str  # checksum of the input file's bytes
    text: str  # verbatim text; all offsets point into it
    sha256: str  # SHA-256 of text's UTF-8 bytes
    headline: str
    headline_span: Span | None
    language: str
    input_format: Literal["text", "html", "json"]
    url: str | None = None
    publisher: str | None = None
    date_published: str | None = None  # ISO 8601 year, year-month, date or dateTime, if known
    authors: tuple[str, ...] = ()
    record: int | None = None  # line (JSON Lines) or index (JSON array) within the source
    boilerplate: tuple[Boilerplate, ...] = ()
    warnings: tuple[str, ...] = ()  # metadata values left out, and why

    def in_boilerplate(self, span: Span) -> bool:
        return any(span.overlaps(b.span) for b in self.boilerplate)

    @property
    def word_count(self) -> int:
        return count_words(self.text, [b.span for b in self.boilerplate])


@dataclass(frozen=True, slots=True)
class Entity:
    """A real-world entity, shared across articles; ``key`` is its normalised identity."""

    key: str
    name: str
    kind: EntityKind
    wikidata: str | None = None  # only from the registry of verified identifiers
    registry: bool = False
    rule: str = "registry"  # how the entity was recognised (the first article to name it decides)
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Mention:
    span: Span
    entity: str  # Entity.key
    role: str | None = None  # title written with the name ("Rep.", "CEO")
    rule: str = ""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class OrgRole:
    """A person's role in an organization, as the article says it beside the name ('Dana Pell,
    chief executive of Halvorsen Foods'; 'Halvorsen Foods' chief executive, Dana Pell')."""

    person: str  # Entity.key
    org: str  # Entity.key of an organization or outlet
    name: str  # the role's words as written ('chief executive')
    span: Span  # the words that say it: from the role to the organization's name, or back
    rule: str = ""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Source:
    """Who a statement is credited to, article-scoped (anonymous sources never leave the
    article)."""

    id: str  # article-scoped local id (src-<offset>), or the entity key for named sources
    kind: SourceKind
    anchor: Span | None
    entity: str | None = None  # Entity.key for a named person, organization or outlet
    descriptor: str | None = None  # verbatim description of an unnamed source
    acts_for: str | None = None  # Entity.key of the organization a spokesperson/source belongs to
    members: int = 0  # for groups: how many ("two people")
    named: tuple[str, ...] = ()  # for groups of named sources ("Ana Ruiz and Bo Lind"): Entity.keys
    anonymity_reason: str | None = None
    rule: str = ""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Hop:
    source: str  # Source.id
    sourcing: SourcingKind
    verb: str
    cue: Span
    reported_to: str | None = None  # Entity.key of the outlet spoken to
    channel: str | None = None  # Entity.key of an intermediary (leak recipient)
    hedged: bool = False
    quantifier: Literal["all", "one"] | None = None
    negated: bool = False  # 'did not say whether ...': the source is said not to have said it
    source_span: Span | None = None  # the words naming the source in this sentence ("he")
    cue_class: CueClass = "speech"


@dataclass(frozen=True, slots=True)
class Quote:
    span: Span  # text between the quotation marks (the first piece of a split quote)
    hops: tuple[Hop, ...]
    rule: str
    confidence: float
    pieces: tuple[Span, ...] = ()  # every piece's text between its marks (one statement)
    content: tuple[Span, ...] = ()  # what is attributed, marks included, as annotators mark it

    @property
    def texts(self) -> tuple[Span, ...]:
        return self.pieces or (self.span,)


@dataclass(frozen=True, slots=True)
class Claim:
    span: Span  # the reported statement (its first piece)
    hops: tuple[Hop, ...]
    rule: str
    confidence: float
    content: tuple[Span, ...] = ()  # every piece of the content, when it is discontinuous


@dataclass(frozen=True, slots=True)
class CommentRequest:
    span: Span
    recipient: str  # Entity.key or Source.id
    outcome: Outcome
    asked_by: str | None = None  # Entity.key of the outlet; None = the publisher
    rule: str = ""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Extraction:
    article: Article
    publisher: Entity | None = None
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    sources: tuple[Source, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    requests: tuple[CommentRequest, ...] = ()
    cited_outlets: tuple[str, ...] = ()  # Entity.key
    roles: tuple[OrgRole, ...] = ()  # people's roles in organizations
