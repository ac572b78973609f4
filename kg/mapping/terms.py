"""Small converters from plain values to RDF terms."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.namespaces import NKG, SDO, XSD

Triple = tuple[URIRef, URIRef, Node]

ENTITY_CLASS = {
    "person": SDO.Person,
    "organization": SDO.Organization,
    "outlet": SDO.NewsMediaOrganization,
    "place": SDO.Place,
}

SOURCING = {
    "own": NKG.OwnReporting,
    "named": NKG.NamedSource,
    "anonymous": NKG.AnonymousSourcing,
    "spokesperson": NKG.SpokespersonStatement,
    "written": NKG.WrittenStatement,
    "outlet": NKG.OutletCitation,
    "prior": NKG.PriorReporting,
    "document": NKG.DocumentSource,
    "social": NKG.SocialMediaPost,
    "unattributed": NKG.Unattributed,
}

OUTCOME = {
    "declined": NKG.Declined,
    "no-response": NKG.NoResponse,
    "confirmed": NKG.Confirmed,
    "provided": NKG.Provided,
}

QUANTIFIER = {"all": NKG.AllMembers, "one": NKG.OneMember}


LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")  # as the inLanguage shape


# The literals that repeat (offsets, confidences, method names, labels) are made once each:
# rdflib builds a literal slowly, and the dump writer converts a literal it has seen before by
# its identity (kg.dump._ox_triples). Literals are immutable, so sharing them is safe.
@lru_cache(maxsize=4096)
def text(value: str) -> Literal:
    """A plain xsd:string literal: names, identifiers, method names, checksums, labels kg chose."""
    return Literal(value)


def prose(value: str, language: str) -> Literal:
    """Words of the article (its text, headline, spans, what it quotes) in its language: tagged
    with it, a plain string when the language is not a language tag."""
    if LANGUAGE_TAG.match(language):
        return Literal(value, lang=language)
    return Literal(value)


@lru_cache(maxsize=16384)
def integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


@lru_cache(maxsize=256)
def confidence(value: float) -> Literal:
    return Literal(Decimal(str(round(value, 2))), datatype=XSD.decimal)


def boolean(value: bool) -> Literal:
    return Literal(value)


def date(value: str) -> Literal:
    """An ISO 8601 date at the precision it is known: year, year-month, date or date-time."""
    kind = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}.get(len(value), XSD.dateTime)
    return Literal(value, datatype=kind)
