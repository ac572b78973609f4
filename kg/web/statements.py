"""Quotes and claims as the pages show them: text, article, outlet, date and source chain.

Two SPARQL queries, whatever the number of statements: one for the statements a page lists
(chosen by a graph pattern binding ``?s``), one for the attribution hops of all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.web.view import View, esc, ref, select, text

if TYPE_CHECKING:
    from kg.web.backend import ReadStore

MAX_STATEMENTS = 1000
KINDS = ("named", "spokesperson", "anonymous", "outlet", "unnamed", "none")  # of a source
KIND_LABEL = {"named": "Named sources", "spokesperson": "Spokespersons",
              "anonymous": "Anonymous sources", "outlet": "Outlets",
              "unnamed": "Other unnamed sources (documents, posts)",
              "none": "No source given"}
KIND_COLOR = {"named": "#2e7d32", "spokesperson": "#8e44ad", "anonymous": "#616161",
              "outlet": "#c0392b", "unnamed": "#b9770e", "none": "#9e9e9e"}


@dataclass
class Hop:
    iri: ox.NamedNode
    agent: ox.NamedNode
    name: str
    kind: str  # one of KINDS
    sourcing: ox.NamedNode | None = None
    verb: str = ""
    told: ox.NamedNode | None = None
    acts_for: ox.NamedNode | None = None
    cue: tuple[int, int] | None = None
    next: ox.NamedNode | None = None


@dataclass
class Statement:
    iri: ox.NamedNode
    kind: str  # "quote" or "claim"
    text: str
    article: ox.NamedNode
    headline: str = ""
    date: str = ""
    outlet: ox.NamedNode | None = None
    outlet_name: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    via: ox.NamedNode | None = None  # the agent by which a page found it
    hops: list[Hop] = field(default_factory=list)

    @property
    def begin(self) -> int:
        return min((b for b, _ in self.spans), default=-1)

    @property
    def source(self) -> Hop | None:
        """The last hop: who the statement comes from."""
        return self.hops[-1] if self.hops else None


STATEMENTS = """SELECT ?s ?kind ?text ?article ?headline ?date ?outlet ?outletName ?b ?e ?via
WHERE {
  %s
  { ?s a schema:Quotation ; schema:isPartOf ?article BIND ("quote" AS ?kind) }
  UNION { ?s a nkg:ReportedClaim ; schema:appearance ?article BIND ("claim" AS ?kind) }
  ?s schema:text ?text .
  OPTIONAL { ?s nkg:anchor ?anchor . ?anchor nif:beginIndex ?b ; nif:endIndex ?e }
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?date }
  OPTIONAL { ?article schema:publisher ?outlet OPTIONAL { ?outlet schema:name ?outletName } }
} LIMIT %d"""

HOPS = """SELECT ?s ?hop ?agent ?name ?descriptor ?sourcing ?verb ?told ?for ?cb ?ce ?next ?kind
WHERE {
  VALUES ?s { %s }
  ?s prov:qualifiedAttribution ?hop . ?hop prov:agent ?agent .
  OPTIONAL { ?hop nkg:sourcingType ?sourcing }
  OPTIONAL { ?hop nkg:attributionVerb ?verb }
  OPTIONAL { ?hop nkg:reportedTo ?told }
  OPTIONAL { ?hop nkg:via ?next }
  OPTIONAL { ?hop nkg:cue ?cue . ?cue nif:beginIndex ?cb ; nif:endIndex ?ce }
  OPTIONAL { ?agent schema:name ?name }
  OPTIONAL { ?agent nkg:descriptor ?descriptor }
  OPTIONAL { ?agent prov:actedOnBehalfOf|schema:affiliation|schema:author ?for }
  BIND (IF(EXISTS { ?agent a schema:NewsMediaOrganization }, "outlet",
        IF(EXISTS { ?agent a nkg:AnonymousSource } || EXISTS { ?agent a nkg:SourceGroup
               FILTER NOT EXISTS { ?agent schema:member/schema:name ?n } }, "anonymous",
        IF(EXISTS { ?agent prov:actedOnBehalfOf ?x }, "spokesperson",
        IF(EXISTS { ?agent a nkg:UnidentifiedSource }, "none",
        IF(EXISTS { ?agent schema:name ?y } || EXISTS { ?agent a nkg:SourceGroup }, "named",
           "unnamed"))))) AS ?kind)
}"""


def statements(store: ReadStore, pattern: str) -> list[Statement]:
    """The statements ``pattern`` binds to ``?s`` (and the agent it found them by to ``?via``),
    each once, with their anchors and their hops in chain order, in article and text order."""
    found: dict[str, Statement] = {}
    for r in select(store, STATEMENTS % (pattern, MAX_STATEMENTS * 4)):
        st = found.get(r["s"].value)
        if st is None:
            if len(found) >= MAX_STATEMENTS:
                continue
            st = found[r["s"].value] = Statement(
                r["s"], text(r["kind"]), text(r["text"]), r["article"], text(r.get("headline")),
                text(r.get("date")), r.get("outlet"), text(r.get("outletName")),
                via=r.get("via"))
        if "b" in r and "e" in r:
            span = (int(r["b"].value), int(r["e"].value))
            if span not in st.spans:
                st.spans.append(span)
    out = sorted(found.values(), key=lambda s: (s.date, s.headline, s.article.value, s.begin))
    add_hops(store, out)
    return out


def add_hops(store: ReadStore, sts: list[Statement]) -> None:
    if not sts:
        return
    by_iri = {s.iri.value: s for s in sts}
    hops: dict[str, dict[str, Hop]] = {}
    for r in select(store, HOPS % " ".join(ref(s.iri) for s in sts)):
        mine = hops.setdefault(r["s"].value, {})
        if r["hop"].value in mine:
            continue
        name = text(r.get("name")) or text(r.get("descriptor")) or r["agent"].value
        cue = (int(r["cb"].value), int(r["ce"].value)) if "cb" in r and "ce" in r else None
        mine[r["hop"].value] = Hop(r["hop"], r["agent"], name, text(r["kind"]),
                                   r.get("sourcing"), text(r.get("verb")), r.get("told"),
                                   r.get("for"), cue, r.get("next"))
    for iri, hs in hops.items():
        by_iri[iri].hops = chain(list(hs.values()))


def chain(hops: list[Hop]) -> list[Hop]:
    """Hops first to last, following nkg:via (hops outside the chain at the end)."""
    after = {h.iri.value: h.next.value for h in hops if h.next is not None}
    by_iri = {h.iri.value: h for h in hops}
    firsts = [h for h in hops if h.iri.value not in after.values()]
    out: list[Hop] = []
    node = firsts[0].iri.value if firsts else (hops[0].iri.value if hops else None)
    while node is not None and node in by_iri and by_iri[node] not in out:
        out.append(by_iri[node])
        node = after.get(node)
    return out + sorted((h for h in hops if h not in out), key=lambda h: h.iri.value)


def chain_html(view: View, st: Statement) -> str:
    """"Acme spokesperson (spokesperson statement, to The Ledger) ← The Ledger"
    read as: the last hop said it, each earlier hop relayed it."""
    parts = []
    for h in reversed(st.hops):
        how = [view.label(h.sourcing)] if h.sourcing is not None else []
        if h.verb:
            how.insert(0, f"“{h.verb}”")
        if h.told is not None:
            how.append("to " + view.label(h.told))
        if h.acts_for is not None and h.kind in ("spokesperson", "anonymous", "unnamed"):
            how.append("for " + view.label(h.acts_for))
        detail = f' <span class="meta">({esc(", ".join(how))})</span>' if how else ""
        parts.append(view.link(h.agent, h.name) + detail)
    return " ← ".join(parts)


def article_line(view: View, st: Statement) -> str:
    """The article a statement is in, with its outlet and date."""
    bits = [view.link(st.article, st.headline or None)]
    if st.outlet is not None:
        bits.append(view.link(st.outlet, st.outlet_name or None))
    bits.append(esc(st.date) if st.date else '<span class="meta">no date</span>')
    return " · ".join(bits)
