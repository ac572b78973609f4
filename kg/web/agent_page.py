"""The page of a person, an organization or an unnamed source: what they said, who spoke for
them, where they were asked for comment, and the articles that mention them."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

import pyoxigraph as ox

from kg.namespaces import NKG, PROV, SDO
from kg.web import svg
from kg.web.statements import (
    KIND_COLOR,
    MAX_STATEMENTS,
    Statement,
    article_line,
    chain_html,
    statements,
)
from kg.web.view import N, View, esc, ref, select, table, text

AGENT_TYPES = frozenset(str(t) for t in (
    SDO.Person, SDO.Organization, SDO.NewsMediaOrganization, SDO.GovernmentOrganization,
    SDO.Place, NKG.UnnamedSource, NKG.AnonymousSource, NKG.SourceGroup,
    PROV.Agent))
MAX_ARTICLES = 500

BY_AGENT = """{ ?h prov:agent %(e)s BIND (%(e)s AS ?via) }
  UNION { ?via prov:actedOnBehalfOf|schema:affiliation %(e)s . ?h prov:agent ?via }
  UNION { ?via a nkg:SourceGroup ; schema:member %(e)s . ?h prov:agent ?via }
  ?s prov:qualifiedAttribution ?h ."""
GROUPS = """SELECT ?g WHERE { ?g a nkg:SourceGroup ; schema:member %(e)s } LIMIT %(limit)d"""

ARTICLES = """SELECT ?article ?role ?headline ?date ?outlet ?outletName (COUNT(?m) AS ?n) WHERE {
  { ?article schema:mentions %(e)s BIND ("mentions" AS ?role)
    OPTIONAL { ?article nkg:textContext ?ctx .
               ?m itsrdf:taIdentRef %(e)s ; nif:referenceContext ?ctx } }
  UNION { ?article schema:author %(e)s BIND ("author" AS ?role) }
  UNION { ?article a schema:NewsArticle ; schema:publisher %(e)s BIND ("publisher" AS ?role) }
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?date }
  OPTIONAL { ?article schema:publisher ?outlet OPTIONAL { ?outlet schema:name ?outletName } }
} GROUP BY ?article ?role ?headline ?date ?outlet ?outletName
ORDER BY DESC(?date) ?headline LIMIT %(limit)d"""

REQUESTS = """SELECT ?r ?outcome ?asker ?article ?headline ?who WHERE {
  { ?r schema:recipient %(e)s BIND (%(e)s AS ?who) }
  UNION { ?who prov:actedOnBehalfOf %(e)s . ?r schema:recipient ?who }
  ?r a nkg:CommentRequest ; nkg:outcome ?outcome .
  OPTIONAL { ?r schema:agent ?asker }
  OPTIONAL { ?r nkg:anchor/nif:referenceContext ?ctx . ?article nkg:textContext ?ctx
             OPTIONAL { ?article schema:headline ?headline } }
} ORDER BY ?headline ?r LIMIT %(limit)d"""
CREDITS = """{ ?hop nkg:sourcingType nkg:OutletCitation ; prov:agent ?outlet }
    UNION { ?hop nkg:reportedTo ?outlet } UNION { ?hop nkg:channel ?outlet }"""
CITATIONS = """SELECT ?pub ?outlet (COUNT(DISTINCT ?s) AS ?n) WHERE {
  { ?article schema:publisher %(e)s . BIND (%(e)s AS ?pub)
    { ?s schema:appearance ?article } UNION { ?s schema:isPartOf ?article }
    ?s prov:qualifiedAttribution ?hop . %(credits)s
    ?outlet a schema:NewsMediaOrganization . FILTER (?outlet != %(e)s) }
  UNION
  { BIND (%(e)s AS ?outlet) %(credits)s
    ?s prov:qualifiedAttribution ?hop .
    { ?s schema:appearance ?article } UNION { ?s schema:isPartOf ?article }
    ?article schema:publisher ?pub . FILTER (?pub != %(e)s) }
} GROUP BY ?pub ?outlet ORDER BY ?pub ?outlet LIMIT %(limit)d"""


def is_agent(types: list[ox.NamedNode]) -> bool:
    return any(t.value in AGENT_TYPES for t in types)


class AgentPage:
    def __init__(self, view: View, iri: ox.NamedNode) -> None:
        self.v = view
        self.iri = iri
        e = {"e": ref(iri), "limit": MAX_ARTICLES}
        self.statements = statements(view.store, BY_AGENT % e)
        # the groups they are named in ('Ana Ruiz and Bo Lind said'): what those said, they
        # said together with others
        self.groups = {r["g"].value for r in select(view.store, GROUPS % e)}
        self.articles = list(select(view.store, ARTICLES % e))
        self.requests = list(select(view.store, REQUESTS % e))
        self.citations = list(select(view.store, CITATIONS % {**e, "credits": CREDITS}))

    def body(self) -> str:
        own = [s for s in self.statements if s.via == self.iri]
        said = [s for s in own if s.source is not None and s.source.agent == self.iri]
        quotes = [s for s in said if s.kind == "quote"]
        claims = [s for s in said if s.kind == "claim"]
        relayed = [s for s in own if s not in said]
        joint = [s for s in self.statements if s.via is not None and s.via.value in self.groups]
        spoken = [s for s in self.statements if s.via != self.iri and s not in joint]
        mentions = [r for r in self.articles if text(r["role"]) == "mentions"]
        parts = [self.counts(len(quotes), len(claims), len(relayed), spoken, mentions,
                             len(joint))]
        if len(self.statements) >= MAX_STATEMENTS:
            parts.append(f"<p class='meta'>Only the first {MAX_STATEMENTS} statements are "
                         "listed: the query page finds them all.</p>")
        parts.append(self.section("Quotes", quotes, "No direct quotes."))
        parts.append(self.section("Statements attributed to them", claims,
                                  "No reported statements."))
        if relayed:
            parts.append(self.section("Statements reported through them", relayed, ""))
        parts.append(self.section("Said together with others", joint, ""))
        parts.append(self.network())
        parts.append(self.spokespersons(spoken))
        parts.append(self.asked())
        parts.append(self.article_list("Articles that mention them", mentions,
                                       "Mentions in the text"))
        for role, title in (("author", "Articles they wrote"), ("publisher", "Articles published")):
            rows = [r for r in self.articles if text(r["role"]) == role]
            if rows:
                parts.append(self.article_list(title, rows, ""))
        return "\n".join(p for p in parts if p)

    def counts(self, quotes: int, claims: int, relayed: int, spoken: list[Statement],
               mentions: list[dict[str, ox.Literal]], joint: int = 0) -> str:
        n_mentions = sum(int(r["n"].value) for r in mentions)
        speakers = len({s.via.value for s in spoken if s.via is not None})
        items = [(quotes, "quote", "quotes"),
                 (claims, "statement attributed", "statements attributed"),
                 (relayed, "statement reported through them",
                  "statements reported through them"),
                 (len(spoken), "statement", "statements"),
                 (len(self.requests), "request for comment", "requests for comment"),
                 (len(mentions), "article mentions", "articles mention")]
        words = [(n, one if n == 1 else many) for n, one, many in items]
        words[3] = (words[3][0], f"{words[3][1]} by {speakers} spokesperson"
                    f"{'s' if speakers != 1 else ''} or source{'s' if speakers != 1 else ''} "
                    "for them")
        words[5] = (words[5][0], f"{words[5][1]} them ({n_mentions} "
                    f"time{'s' if n_mentions != 1 else ''})")
        for role, one, many in (("author", "article written", "articles written"),
                                ("publisher", "article published", "articles published")):
            n = sum(1 for r in self.articles if text(r["role"]) == role)
            words.append((n, one if n == 1 else many))
        words.append((joint, "statement said together with others" if joint == 1
                      else "statements said together with others"))
        return '<p class="counts">' + " · ".join(
            f"<b>{n}</b> {esc(what)}" for i, (n, what) in enumerate(words) if n or i == 0
        ) + "</p>"

    def section(self, title: str, sts: list[Statement], empty: str) -> str:
        if not sts:
            return f"<h2>{esc(title)}</h2><p class='meta'>{esc(empty)}</p>" if empty else ""
        return f"<h2>{esc(title)} ({len(sts)})</h2>" + self.by_article(sts)

    def by_article(self, sts: list[Statement], who: bool = False) -> str:
        """Statements grouped by article, newest article first, in text order within one."""
        ordered = sorted(sts, key=lambda s: s.article.value)
        groups = [list(g) for _, g in groupby(ordered, key=lambda s: s.article.value)]
        groups.sort(key=lambda g: (g[0].date, g[0].headline), reverse=True)
        out = []
        for g in groups:
            g.sort(key=lambda s: s.begin)
            items = "".join(self.item(s, who) for s in g)
            out.append(f'<h3 class="art">{article_line(self.v, g[0])}</h3>{items}')
        return "".join(out)

    def item(self, s: Statement, who: bool) -> str:
        words = f"<q>{esc(s.text)}</q>" if s.kind == "quote" else esc(s.text)
        lead = (self.v.link(s.via) + ": ") if who and s.via is not None else ""
        return (f'<div class="stm {esc(s.kind)}">{lead}{words} '
                f'{self.v.link(s.iri, "→ " + s.kind, "go")}'
                f'<div class="chain">Source chain: {chain_html(self.v, s)}</div></div>')

    def network(self) -> str:
        """For an outlet: the outlets citing it (left) and those it cites (right)."""
        if not self.citations:
            return ""
        me = svg.Node(self.iri.value, self.v.label(self.iri), KIND_COLOR["outlet"])
        left = {r["pub"].value: r for r in self.citations if r["outlet"] == self.iri}
        right = {r["outlet"].value: r for r in self.citations if r["pub"] == self.iri}
        edges = {(r["pub"].value, r["outlet"].value): int(r["n"].value) for r in self.citations}
        cols = [[svg.Node("L" + k, self.v.label(N(k)), KIND_COLOR["outlet"], self.v.href(k))
                 for k in sorted(left)], [me],
                [svg.Node("R" + k, self.v.label(N(k)), KIND_COLOR["outlet"], self.v.href(k))
                 for k in sorted(right)]]
        keyed = {("L" + a if b == self.iri.value else a, "R" + b if a == self.iri.value else b): n
                 for (a, b), n in edges.items()}
        rows = [(self.v.link(r["pub"]), self.v.link(r["outlet"]), esc(r["n"].value))
                for r in self.citations]
        return ("<h2>Outlet citations</h2><figure>"
                + svg.flow([c for c in cols if c], keyed, "outlets citing it and cited by it")
                + "<figcaption>Left: outlets whose articles credit it; right: outlets its own "
                "articles credit (as the outlet cited, told, or leaked to); thicker lines carry "
                "more statements.</figcaption></figure>"
                + table(("Publisher", "Credits", "Statements"), rows))

    def spokespersons(self, spoken: list[Statement]) -> str:
        if not spoken:
            return ""
        by: dict[str, list[Statement]] = defaultdict(list)
        for s in spoken:
            if s.via is not None:
                by[s.via.value].append(s)
        rows = [(self.v.link(N(k)), str(len(v)),
                 ", ".join(sorted({self.v.link(s.article, s.headline or None) for s in v})))
                for k, v in sorted(by.items())]
        return ("<h2>Who spoke for them</h2>"
                + table(("Spokesperson or source", "Statements", "In"), rows)
                + self.by_article(spoken, who=True))

    def asked(self) -> str:
        if not self.requests:
            return ""
        rows = [(self.v.link(r["article"], text(r.get("headline")) or None)
                 if "article" in r else "",
                 self.v.link(r["asker"]) if "asker" in r else "",
                 self.v.link(r["who"]), self.v.link(r["outcome"]),
                 self.v.link(r["r"], "request")) for r in self.requests]
        return ("<h2>Asked for comment</h2>"
                + table(("Article", "Asked by", "Asked", "Outcome", ""), rows))

    def article_list(self, title: str, rows: list[dict[str, ox.Literal]], count: str) -> str:
        if not rows:
            return f"<h2>{esc(title)}</h2><p class='meta'>None.</p>"
        head = ["Article", "Outlet", "Date"] + ([count] if count else [])
        cells = [[self.v.link(r["article"], text(r.get("headline")) or None),
                  self.v.link(r["outlet"], text(r.get("outletName")) or None)
                  if "outlet" in r else "", esc(text(r.get("date")))]
                 + ([esc(r["n"].value)] if count else []) for r in rows]
        return f"<h2>{esc(title)} ({len(rows)})</h2>" + table(head, cells)
