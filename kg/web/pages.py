"""Linked data: every IRI kg mints under the base IRI resolves here.

People get an HTML page, everything in it escaped: an article's (kg.web.article_page), a person's,
organization's or source's (kg.web.agent_page), or else the resource's description (for a quote
or claim its text, article and source chain first); machines get the resource's description
(its own triples, those of its attribution hops, and the triples pointing at it) as Turtle,
JSON-LD, N-Triples or RDF/XML.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from itertools import islice
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kg.dump import JSONLD_CONTEXT, jsonld_nodes
from kg.errors import NotFoundError
from kg.namespaces import NIF, NKG, PREFIXES, PROV, RDF, SDO
from kg.web import conneg
from kg.web.agent_page import AgentPage, is_agent
from kg.web.article_page import ArticlePage
from kg.web.backend import Backend, ReadStore, get_backend
from kg.web.view import N, View, esc, layout, value

__all__ = ["alternates", "layout", "router", "serialize"]

router = APIRouter()
DATA = (conneg.TURTLE, conneg.JSONLD, conneg.NTRIPLES, conneg.RDFXML)  # a resource as data
OFFERS = (*DATA, conneg.HTML)
RESOURCE_KINDS = ("article", "entity", "graph", "run", "software", "seed")
MAX_OUT = 5000
MAX_IN = 2000
RDF_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
              "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}


@router.get("/dataset", include_in_schema=False)
def dataset() -> Response:
    return RedirectResponse("/.well-known/void", status_code=303)


@router.get("/{kind}/{rest:path}", summary="Resolve an IRI kg minted (HTML or RDF)")
def resource(kind: str, rest: str, request: Request, format: str | None = None,
             backend: Backend = Depends(get_backend)) -> Response:
    if kind not in RESOURCE_KINDS:
        raise NotFoundError(f"nothing is published at /{kind}/{rest}")
    try:
        iri = ox.NamedNode(f"{backend.settings.base_iri}{kind}/{rest}")
    except ValueError:  # not an IRI (a space, a quote, ...): nothing kg minted
        raise NotFoundError(f"nothing is published at /{kind}/{rest}") from None
    store = backend.store
    out = list(islice(store.quads_for_pattern(iri, None, None), MAX_OUT))
    inbound = list(islice(store.quads_for_pattern(None, None, iri), MAX_IN))
    if not out and not inbound:
        if store.contains_named_graph(iri):
            return RedirectResponse(f"/rdf-graphs?graph={iri.value}", status_code=303)
        raise NotFoundError(f"{iri.value} is not in the graph")
    fmt = conneg.negotiate(request.headers.get("accept"), OFFERS, format)
    hops = _hops(store, iri)
    if fmt is conneg.HTML:
        return HTMLResponse(
            Page(backend, iri, out, inbound, hops).render(), headers={"Vary": "Accept"}
        )
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in [*out, *inbound]}
    for h in hops:
        triples.update(ox.Triple(q.subject, q.predicate, q.object)
                       for q in islice(store.quads_for_pattern(h, None, None), MAX_OUT))
    body = serialize(sorted(triples, key=str), fmt)
    headers = {"Vary": "Accept"}
    if len(inbound) >= MAX_IN:
        headers["KG-Inbound-Truncated"] = f"only the first {MAX_IN} inbound triples are included"
    return Response(body, media_type=fmt.content_type, headers=headers)


def serialize(triples: list[ox.Triple], fmt: conneg.Format) -> bytes:
    """Sorted triples in an RDF format: prefixed names in Turtle and RDF/XML, and JSON-LD
    compacted with the context of the ``kg.jsonld`` dump (kg writes no blank nodes)."""
    if fmt is conneg.JSONLD:
        doc = {"@context": JSONLD_CONTEXT, "@graph": jsonld_nodes(triples)}
        return json.dumps(doc, ensure_ascii=False, indent=1).encode()
    body = ox.serialize(triples, format=RDF_FORMAT[fmt.key],
                        prefixes=PREFIXES if fmt.key in ("turtle", "rdfxml") else None)
    assert body is not None
    return body


def alternates(href: str, formats: Iterable[conneg.Format]) -> str:
    """``<link rel="alternate">`` to each RDF form of the page's resource, for the page's head."""
    sep = "&" if "?" in href else "?"
    return "".join(f'<link rel="alternate" type="{f.media}" '
                   f'href="{html.escape(f"{href}{sep}format={f.key}")}">' for f in formats)


def _hops(store: ReadStore, iri: ox.NamedNode) -> list[ox.NamedNode]:
    """The attribution hops of a quote or claim, first hop first (following nkg:via)."""
    hops = [
        q.object
        for q in store.quads_for_pattern(iri, N(PROV.qualifiedAttribution), None)
        if isinstance(q.object, ox.NamedNode)  # kg's attribution hops are IRIs
    ]
    if not hops:
        return []
    after = {
        q.subject: q.object
        for h in hops
        for q in store.quads_for_pattern(h, N(NKG.via), None)
        if isinstance(q.object, ox.NamedNode)
    }
    first = [h for h in hops if h not in set(after.values())]
    chain: list[ox.NamedNode] = []
    node: ox.NamedNode | None = first[0] if first else hops[0]
    while node is not None and node not in chain:
        chain.append(node)
        node = after.get(node)
    return chain + [h for h in hops if h not in chain]


class Page:
    """The HTML page of one resource: an article's or an agent's own page, else its
    description (for a quote or claim, its text and source chain first)."""

    def __init__(
        self,
        backend: Backend,
        iri: ox.NamedNode,
        out: list[ox.Quad],
        inbound: list[ox.Quad],
        hops: list[ox.NamedNode],
    ) -> None:
        self.store = backend.store
        self.v = View(backend.store, backend.settings.base_iri)
        self.iri = iri
        self.out = out
        self.inbound = inbound
        self.hops = hops

    def render(self) -> str:
        types = [q.object for q in self.out if q.predicate == N(RDF.type)]
        named = [t for t in types if isinstance(t, ox.NamedNode)]
        title = self.v.label(self.iri)
        parts = [f"<h1>{esc(title)}</h1>",
                 f'<p class="iri"><code>{esc(self.iri.value)}</code></p>',
                 "<p>" + ", ".join(self.v.link(t) for t in types) + self.same_as() + "</p>"]
        note = f" (first {MAX_IN})" if len(self.inbound) >= MAX_IN else ""
        if any(t.value == str(SDO.NewsArticle) for t in named):
            parts.append(ArticlePage(self.v, self.iri, self.out).body())
            parts.append(self.v.raw_triples(self.out, self.inbound, note))
        elif is_agent(named):
            parts.append(AgentPage(self.v, self.iri).body())
            parts.append(self.v.raw_triples(self.out, self.inbound, note))
        else:
            parts.append(self.description(note))
        local = esc(self.v.href(self.iri))
        parts.append(
            "<p>As data: "
            + ", ".join(
                f'<a href="{local}?format={k}">{n}</a>'
                for k, n in (
                    ("turtle", "Turtle"),
                    ("jsonld", "JSON-LD"),
                    ("nt", "N-Triples"),
                    ("rdfxml", "RDF/XML"),
                )
            )
            + "</p>"
        )
        return layout(title, "\n".join(parts), alternates(self.v.href(self.iri), DATA))

    def same_as(self) -> str:
        links = [q.object for q in self.out if q.predicate == N(SDO.sameAs)]
        return "".join(f' · <a href="{esc(t.value)}">{esc(self.v.short(t))}</a>'
                       for t in links if isinstance(t, ox.NamedNode))

    def description(self, note: str) -> str:
        """A resource's text, source chain, and triples (out and in)."""
        parts = []
        if self.store.contains_named_graph(self.iri):
            gsp = esc("/rdf-graphs?" + urlencode({"graph": self.iri.value}))
            parts.append(
                f'<p>A named graph: <a href="{gsp}">its triples</a> (Graph Store Protocol).</p>'
            )
        text = value(self.store, self.iri, SDO.text)
        if text is not None:
            parts.append(f"<blockquote>{esc(text.value)}</blockquote>")
        where = self.where()
        if where:
            parts.append(where)
        if self.hops:
            parts.append(self.chain())
        parts.append("<h2>Description</h2>" + self.table(
            (self.v.link(q.predicate), self.v.link(q.object))
            for q in self.out if q.predicate != N(RDF.type)))
        if self.inbound:
            parts.append(f"<h2>Links to here{esc(note)}</h2>" + self.table(
                (self.v.link(q.subject), self.v.link(q.predicate)) for q in self.inbound))
        return "\n".join(parts)

    def where(self) -> str:
        """For a quote or claim: the article it is in, its outlet and date."""
        article = value(self.store, self.iri, SDO.isPartOf) or value(
            self.store, self.iri, SDO.appearance)
        if not isinstance(article, ox.NamedNode):
            return ""
        bits = [self.v.link(article)]
        outlet = value(self.store, article, SDO.publisher)
        if outlet is not None:
            bits.append(self.v.link(outlet))
        date = value(self.store, article, SDO.datePublished)
        bits.append(esc(date.value) if date is not None else "<span class='meta'>no date</span>")
        return "<p>In " + " · ".join(bits) + "</p>"

    def chain(self) -> str:
        rows = []
        for n, h in enumerate(self.hops, start=1):

            def get(p: Any, h: ox.NamedNode = h) -> Any:
                return value(self.store, h, p)

            agent, kind, verb, to, channel, cue = (
                get(p) for p in (PROV.agent, NKG.sourcingType, NKG.attributionVerb,
                                 NKG.reportedTo, NKG.channel, NKG.cue)
            )
            anchor = value(self.store, cue, NIF.anchorOf) if cue is not None else None
            cells = [str(n)] + [self.v.link(x) if x is not None else ""
                                for x in (agent, kind, verb, to, channel)]
            cells.append(esc(anchor.value) if anchor is not None else "")
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        head = "".join(
            f"<th>{h}</th>" for h in ("Hop", "Who", "Sourcing", "Verb", "Told", "Via", "Cue")
        )
        who = value(self.store, self.iri, PROV.wasAttributedTo)
        lead = f"<p>Attributed to {self.v.link(who)}.</p>" if who is not None else ""
        return (f"<h2>Source chain</h2>{lead}<table><thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")

    @staticmethod
    def table(rows: Iterable[tuple[str, str]]) -> str:
        body = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows)
        return f"<table><tbody>{body}</tbody></table>"
