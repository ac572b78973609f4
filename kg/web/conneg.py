"""Content negotiation: one table of formats and one Accept parser, shared by every route.

``negotiate(accept, offers, format_param)`` picks the offered format with the highest q-value
(the most specific matching media range decides a format's q, RFC 9110 §12.5.1); ties go to the
order of ``offers``, whose first entry is the default. ``format=`` (a short name or a media type)
overrides the header, for links a browser follows and for clients that send it with every query
(SPARQLWrapper sends ``xml`` by default, or ``json``, ``n3``, ``rdf+xml``): a name means the
nearest format the query form has, as Virtuoso and the Oxigraph server read it: ``xml`` is
results-XML for SELECT and ASK and RDF/XML for CONSTRUCT and DESCRIBE, ``json`` results-JSON or
JSON-LD, ``n3`` Turtle.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.errors import NotAcceptableError


@dataclass(frozen=True)
class Format:
    key: str
    media: str
    aliases: tuple[str, ...] = ()  # other media types and short names that select it
    ext: str = ""
    text: bool = True  # gets "; charset=utf-8"

    @property
    def content_type(self) -> str:
        return f"{self.media}; charset=utf-8" if self.text else self.media


JSON = Format("json", "application/sparql-results+json", ("application/json",), "srj")
XML = Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), "srx")
CSV = Format("csv", "text/csv", (), "csv")
TSV = Format("tsv", "text/tab-separated-values", (), "tsv")
TURTLE = Format("turtle", "text/turtle", ("ttl", "application/x-turtle", "n3"), "ttl")
NTRIPLES = Format("ntriples", "application/n-triples", ("nt", "text/plain"), "nt")
NQUADS = Format("nquads", "application/n-quads", ("nq",), "nq")
TRIG = Format("trig", "application/trig", (), "trig")
JSONLD = Format("jsonld", "application/ld+json", ("json-ld", "json"), "jsonld")
RDFXML = Format("rdfxml", "application/rdf+xml", ("rdf", "owl", "rdf+xml", "xml"), "rdf")
HTML = Format("html", "text/html", ("application/xhtml+xml",), "html")

# A short name without "/" only selects by format=; results-XML and -JSON, offered beside RDF/XML
# and JSON-LD nowhere, keep "xml" and "json" (by_name takes the first of the offers that matches).
RESULTS = (JSON, XML, CSV, TSV)  # SELECT and ASK
GRAPHS = (TURTLE, NTRIPLES, NQUADS, TRIG, JSONLD, RDFXML)  # CONSTRUCT and DESCRIBE
BOOLEAN = (JSON, XML, CSV, TSV)


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def specificity(self, media: str) -> int:
        """-1 if the range does not match ``media``, else 0 (*/*), 1 (type/*) or 2 (exact)."""
        t, _, s = media.partition("/")
        if self.type == "*":
            return 0
        if self.type != t:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == s else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header leniently: malformed parts are skipped, q defaults to 1."""
    out: list[MediaRange] = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        t, _, s = media.partition("/")
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        out.append(MediaRange(t.strip(), s.strip(), q))
    return out


def _quality(ranges: list[MediaRange], fmt: Format) -> float:
    best = -1
    q = 0.0
    for media in (fmt.media, *[a for a in fmt.aliases if "/" in a]):
        for r in ranges:
            spec = r.specificity(media)
            if spec > best or (spec == best and spec >= 0 and r.q > q):
                best, q = spec, r.q
    return q if best >= 0 else 0.0


def by_name(name: str, offers: tuple[Format, ...]) -> Format | None:
    low = name.strip().lower()
    for f in offers:
        if low in (f.key, f.media, f.ext, *f.aliases):
            return f
    return None


@lru_cache(maxsize=256)  # the same few Accept headers come again and again
def negotiate(
    accept: str | None, offers: tuple[Format, ...], format_param: str | None = None
) -> Format:
    if format_param:
        chosen = by_name(format_param, offers)
        if chosen is None:
            raise NotAcceptableError(
                f"format={format_param!r} is not offered here; use one of "
                + ", ".join(f.key for f in offers),
                supported=[f.media for f in offers],
            )
        return chosen
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    scored = [(_quality(ranges, f), -i, f) for i, f in enumerate(offers)]
    q, _, best = max(scored, key=lambda x: (x[0], x[1]))
    if q > 0:
        return best
    if RDFXML in offers and any(r.specificity(XML.media) == 2 and r.q > 0 for r in ranges):
        return RDFXML  # older clients ask for results-XML whatever the query form
    raise NotAcceptableError(
        f"none of the requested media types ({accept}) is available; supported: "
        + ", ".join(f.media for f in offers),
        supported=[f.media for f in offers],
    )
