"""An article's page: its text with the quotes and claims marked and linked, who it quotes
grouped by kind of source, a picture of its sourcing, its authors, outlet and date."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pyoxigraph as ox

from kg.namespaces import NIF, NKG, SDO
from kg.web import svg
from kg.web.statements import (
    KIND_COLOR,
    KIND_LABEL,
    KINDS,
    Hop,
    Statement,
    chain_html,
    statements,
)
from kg.web.view import View, esc, ref, select, table, text, value

SPANS = """SELECT ?span ?b ?e ?entity ?bp WHERE {
  ?span nif:referenceContext %s ; nif:beginIndex ?b ; nif:endIndex ?e .
  OPTIONAL { ?span itsrdf:taIdentRef ?entity }
  OPTIONAL { ?span a nkg:Boilerplate BIND (true AS ?bp) }
  FILTER (BOUND(?entity) || BOUND(?bp))
}"""
REQUESTS = """SELECT ?r ?who ?asker ?outcome ?b WHERE {
  ?r a nkg:CommentRequest ; nkg:anchor ?an . ?an nif:referenceContext %s ; nif:beginIndex ?b .
  OPTIONAL { ?r schema:recipient ?who } OPTIONAL { ?r schema:agent ?asker }
  OPTIONAL { ?r nkg:outcome ?outcome }
} ORDER BY ?b"""


@dataclass(frozen=True)
class Mark:
    """A stretch of the text to mark: ``kind`` is quote, claim, cue, entity or bp."""

    begin: int
    end: int
    kind: str
    href: str = ""
    key: str = ""  # the statement's local name (quote and claim)
    tag: str = ""  # its label, Q1 or C1, shown where it starts
    title: str = ""


class ArticlePage:
    def __init__(self, view: View, iri: ox.NamedNode, out: list[ox.Quad]) -> None:
        self.v = view
        self.iri = iri
        self.props: dict[str, list[Any]] = defaultdict(list)
        for q in out:
            self.props[q.predicate.value].append(q.object)
        pattern = f"{{ ?s schema:isPartOf {ref(iri)} }} UNION {{ ?s schema:appearance {ref(iri)} }}"
        self.statements = sorted(statements(view.store, pattern), key=lambda s: s.begin)
        self.tags: dict[str, str] = {}
        n: Counter[str] = Counter()
        for s in self.statements:
            n[s.kind] += 1
            self.tags[s.iri.value] = f"{s.kind[0].upper()}{n[s.kind]}"
        ctx = self.one(NKG.textContext)
        self.context = ctx if isinstance(ctx, ox.NamedNode) else None
        body = value(view.store, ctx, NIF.isString) if self.context is not None else None
        self.text = text(body) if body is not None else None
        self.spans = self.requests = []
        if self.context is not None:
            self.spans = list(select(view.store, SPANS % ref(self.context)))
            self.requests = list(select(view.store, REQUESTS % ref(self.context)))

    def one(self, p: object) -> Any | None:
        vals = self.props.get(str(p))
        return vals[0] if vals else None

    def body(self) -> str:
        parts = [self.byline()]
        if self.text is None:
            parts.append("<p class='meta'>This build leaves the article text out "
                         "(<code>kg build --no-text</code>): the quotes and claims below are "
                         "what the graph holds of it.</p>")
        else:
            parts.append("<h2>Text</h2><p class='meta'>"
                         "<mark class='quote'>quotes</mark> · <mark class='claim'>claims</mark>"
                         " · <span class='cue'>attribution cues</span> · "
                         "<a class='ent' href='#sources'>people and organizations</a> · "
                         "<span class='bp'>page furniture</span></p>"
                         f'<div class="text" id="text">{self.highlighted()}</div>')
        parts += [self.statement_table(), self.sources(), self.picture(), self.asked()]
        return "\n".join(p for p in parts if p)

    def byline(self) -> str:
        bits = []
        authors = [self.v.link(a) for a in self.props.get(str(SDO.author), [])]
        bits.append("By " + ", ".join(authors) if authors
                    else "<span class='meta'>No byline</span>")
        pub = self.one(SDO.publisher)
        if pub is not None:
            bits.append(self.v.link(pub))
        date = self.one(SDO.datePublished)
        bits.append(esc(text(date)) if date is not None else "<span class='meta'>no date</span>")
        url = self.one(SDO.url)
        if isinstance(url, ox.NamedNode):
            bits.append(f'<a href="{esc(url.value)}" rel="nofollow">original</a>')
        words = self.one(SDO.wordCount)
        if words is not None:
            bits.append(f"{esc(text(words))} words")
        counts = Counter(s.kind for s in self.statements)
        bits.append(f"{counts['quote']} quotes, {counts['claim']} claims")
        return '<p class="counts">' + " · ".join(bits) + "</p>"

    def marks(self) -> Iterator[Mark]:
        for s in self.statements:
            tag = self.tags[s.iri.value]
            who = s.source.name if s.source else ""
            for b, e in s.spans:
                yield Mark(b, e, s.kind, self.v.href(s.iri), s.iri.value.rsplit("/", 1)[-1],
                           tag, who)
            for h in s.hops:
                if h.cue is not None:
                    yield Mark(h.cue[0], h.cue[1], "cue", title=h.verb)
        for r in self.spans:
            b, e = int(r["b"].value), int(r["e"].value)
            if "bp" in r:
                yield Mark(b, e, "bp")
            elif isinstance(r.get("entity"), ox.NamedNode):
                ent = r["entity"]
                yield Mark(b, e, "entity", self.v.href(ent), title=self.v.label(ent))

    def highlighted(self) -> str:
        """The text in segments between the marks' ends; each segment inside the marks
        covering it, closed again at its end, so crossing marks still nest."""
        assert self.text is not None
        size = len(self.text)
        marks = [m for m in self.marks() if 0 <= m.begin < m.end <= size]
        starts: dict[int, list[Mark]] = defaultdict(list)
        for m in marks:
            starts[m.begin].append(m)
        points = sorted({0, size, *(m.begin for m in marks), *(m.end for m in marks)})
        active: list[Mark] = []
        out = []
        for p, q in pairwise(points):
            active = [m for m in active if m.end > p]
            new = sorted(starts.get(p, []), key=lambda m: -m.end)
            for m in new:
                if m.tag:
                    out.append(f'<a class="tag {m.kind}" href="{esc(m.href)}" '
                               f'title="{esc(m.title)}">{esc(m.tag)}</a>')
            active += new
            out.append(segment(self.text[p:q], sorted(active, key=lambda m: (m.begin, -m.end))))
        return "".join(out)

    def statement_table(self) -> str:
        if not self.statements:
            return "<h2>Quotes and claims</h2><p class='meta'>None found.</p>"
        rows = [(self.v.link(s.iri, self.tags[s.iri.value], f"tag {s.kind}"),
                 f"<q>{esc(s.text)}</q>" if s.kind == "quote" else esc(s.text),
                 chain_html(self.v, s)) for s in self.statements]
        return ("<h2>Quotes and claims</h2>"
                + table(("", "What", "Source chain (who said it ← who relayed it)"), rows))

    def hops(self) -> Iterator[tuple[Statement, Hop]]:
        for s in self.statements:
            for h in s.hops:
                yield s, h

    def sources(self) -> str:
        by_kind: dict[str, dict[str, list[tuple[Statement, Hop]]]] = defaultdict(dict)
        for s, h in self.hops():
            by_kind[h.kind].setdefault(h.agent.value, []).append((s, h))
        parts = ['<h2 id="sources">Sources</h2>']
        for kind in KINDS:
            agents = by_kind.get(kind)
            if not agents:
                continue
            rows = []
            for items in sorted(agents.values(), key=lambda v: v[0][1].name.lower()):
                h = items[0][1]
                how = sorted({self.v.label(x.sourcing) for _, x in items if x.sourcing})
                tags = " ".join(dict.fromkeys(self.v.link(s.iri, self.tags[s.iri.value],
                                                          f"tag {s.kind}")
                                              for s, _ in items))
                rows.append((self.v.link(h.agent, h.name),
                             self.v.link(h.acts_for) if h.acts_for is not None else "",
                             esc(", ".join(how)), tags))
            swatch = f'<span class="kind" style="background:{KIND_COLOR[kind]}"></span>'
            parts.append(f"<h3>{swatch}{esc(KIND_LABEL[kind])} ({len(rows)})</h3>"
                         + table(("Source", "For", "Sourcing", "Statements"), rows))
        return "".join(parts) if len(parts) > 1 else ""

    def picture(self) -> str:
        """The article, the sources it credits first, and those they relayed, left to right."""
        if not self.statements:
            return ""
        columns: list[list[svg.Node]] = [[svg.Node("article", self.v.label(self.iri), "#333")]]
        seen: set[tuple[int, str]] = set()
        edges: Counter[tuple[str, str]] = Counter()
        for s in self.statements:
            prev = "article"
            for depth, h in enumerate(s.hops, start=1):
                key = f"{depth}:{h.agent.value}"
                if (depth, h.agent.value) not in seen:
                    seen.add((depth, h.agent.value))
                    while len(columns) <= depth:
                        columns.append([])
                    columns[depth].append(svg.Node(key, h.name, KIND_COLOR.get(h.kind, "#999"),
                                                   self.v.href(h.agent)))
                edges[(prev, key)] += 1
                prev = key
        for col in columns[1:]:
            col.sort(key=lambda n: (list(KIND_COLOR.values()).index(n.color), n.label.lower()))
        legend = " ".join(f'<span class="kind" style="background:{c}"></span>{esc(k)}'
                          for k, c in KIND_COLOR.items())
        return ("<h2>Who the article relies on</h2><figure>"
                + svg.flow(columns, dict(edges), "the article's sources, first hop to last")
                + f"<figcaption>Left to right: the article, the sources it credits, and those "
                f"they relayed; thicker lines carry more statements. {legend}</figcaption>"
                "</figure>")

    def asked(self) -> str:
        if not self.requests:
            return ""
        rows = [(self.v.link(r["who"]) if "who" in r else "",
                 self.v.link(r["asker"]) if "asker" in r else "",
                 self.v.link(r["outcome"]) if "outcome" in r else "",
                 self.v.link(r["r"], "request")) for r in self.requests]
        return "<h2>Asked for comment</h2>" + table(("Asked", "By", "Outcome", ""), rows)


def segment(words: str, active: list[Mark]) -> str:
    """One stretch of text inside the marks covering it (at most one entity link)."""
    opened, closed = [], []
    link = next((m for m in active if m.kind == "entity"), None)
    for m in active:
        if m.kind in ("quote", "claim"):
            opened.append(f'<mark class="{m.kind}" data-s="{esc(m.key)}">')
            closed.append("</mark>")
        elif m.kind in ("cue", "bp"):
            t = f' title="{esc(m.title)}"' if m.title else ""
            opened.append(f'<span class="{m.kind}"{t}>')
            closed.append("</span>")
    if link is not None:
        opened.append(f'<a class="ent" href="{esc(link.href)}" title="{esc(link.title)}">')
        closed.append("</a>")
    return "".join(opened) + esc(words) + "".join(reversed(closed))
