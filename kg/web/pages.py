"""Linked data: every IRI kg mints under the base IRI resolves here.

People get an HTML page (escaped, with outbound and inbound links, and for a quote or claim its
text and source chain); machines get the resource's description (its own triples, those of its
attribution hops, and the triples pointing at it) as Turtle, JSON-LD, N-Triples or RDF/XML.
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
from kg.web.backend import Backend, get_backend

router = APIRouter()
DATA = (conneg.TURTLE, conneg.JSONLD, conneg.NTRIPLES, conneg.RDFXML)  # a resource as data
OFFERS = (*DATA, conneg.HTML)
RESOURCE_KINDS = ("article", "entity", "graph", "run", "software", "seed")
MAX_OUT = 5000
MAX_IN = 2000
LABELS = (SDO.name, SDO.headline, NKG.descriptor, NIF.anchorOf, SDO.text)
RDF_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
              "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}


def N(term: Any) -> ox.NamedNode:
    return ox.NamedNode(str(term))


@router.get("/dataset", include_in_schema=False)
def dataset() -> Response:
    return RedirectResponse("/.well-known/void", status_code=303)


@router.get("/{kind}/{rest:path}", summary="Resolve an IRI kg minted (HTML or RDF)")
def resource(kind: str, rest: str, request: Request, format: str | None = None,
             backend: Backend = Depends(get_backend)) -> Response:
    if kind not in RESOURCE_KINDS:
        raise NotFoundError(f"nothing is published at /{kind}/{rest}")
    iri = ox.NamedNode(f"{backend.settings.base_iri}{kind}/{rest}")
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


def _hops(store: ox.Store, iri: ox.NamedNode) -> list[ox.NamedNode]:
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


def _value(store: ox.Store, s: Any, p: Any) -> Any:
    return next((q.object for q in store.quads_for_pattern(s, N(p), None)), None)


class Page:
    """The HTML page of one resource."""

    def __init__(
        self,
        backend: Backend,
        iri: ox.NamedNode,
        out: list[ox.Quad],
        inbound: list[ox.Quad],
        hops: list[ox.NamedNode],
    ) -> None:
        self.b = backend
        self.store = backend.store
        self.iri = iri
        self.out = out
        self.inbound = inbound
        self.hops = hops
        self.base = backend.settings.base_iri
        self._labels: dict[str, str] = {}

    def label(self, t: Any) -> str:
        if not isinstance(t, ox.NamedNode):
            return str(t.value) if isinstance(t, ox.Literal) else str(t)
        if t.value not in self._labels:
            if len(self._labels) > 2000:
                return self.short(t)
            v = next((x for p in LABELS if (x := _value(self.store, t, p)) is not None), None)
            text = str(v.value) if v is not None else self.short(t)
            self._labels[t.value] = text if len(text) < 120 else text[:117] + "…"
        return self._labels[t.value]

    def short(self, t: ox.NamedNode) -> str:
        for k, ns in PREFIXES.items():
            if t.value.startswith(ns):
                return f"{k}:{t.value[len(ns):]}"
        if t.value.startswith(self.base):
            return t.value[len(self.base):]
        return t.value

    def href(self, t: ox.NamedNode) -> str:
        if t.value.startswith(self.base):
            return "/" + t.value[len(self.base):]
        if t.value.startswith(str(NKG)):
            return "/ns#" + t.value[len(str(NKG)):]
        return t.value

    def link(self, t: Any) -> str:
        if isinstance(t, ox.NamedNode):
            return f'<a href="{html.escape(self.href(t))}">{html.escape(self.label(t))}</a>'
        if isinstance(t, ox.Literal):
            lang = f' <span class="dt">@{html.escape(t.language)}</span>' if t.language else ""
            return f"{html.escape(t.value)}{lang}"
        return html.escape(str(t))

    def render(self) -> str:
        types = [q.object for q in self.out if q.predicate == N(RDF.type)]
        title = self.label(self.iri)
        parts = [f"<h1>{html.escape(title)}</h1>",
                 f'<p class="iri"><code>{html.escape(self.iri.value)}</code></p>',
                 "<p>" + ", ".join(self.link(t) for t in types) + "</p>"]
        if self.store.contains_named_graph(self.iri):
            gsp = html.escape("/rdf-graphs?" + urlencode({"graph": self.iri.value}))
            parts.append(
                f'<p>A named graph: <a href="{gsp}">its triples</a> (Graph Store Protocol).</p>'
            )
        text = _value(self.store, self.iri, SDO.text)
        if text is not None:
            parts.append(f"<blockquote>{html.escape(text.value)}</blockquote>")
        if self.hops:
            parts.append(self.chain())
        parts.append(
            "<h2>Description</h2>"
            + self.table(
                (self.link(q.predicate), self.link(q.object))
                for q in self.out
                if q.predicate != N(RDF.type)
            )
        )
        if self.inbound:
            note = f" (first {MAX_IN})" if len(self.inbound) >= MAX_IN else ""
            parts.append(f"<h2>Links to here{note}</h2>" + self.table(
                (self.link(q.subject), self.link(q.predicate)) for q in self.inbound))
        local = html.escape(self.href(self.iri))
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
        return layout(title, "\n".join(parts), alternates(self.href(self.iri), DATA))

    def chain(self) -> str:
        rows = []
        for n, h in enumerate(self.hops, start=1):

            def get(p: Any, h: ox.NamedNode = h) -> Any:
                return _value(self.store, h, p)

            agent, kind, verb, to, channel, cue = (
                get(NKG.sourcingType if p == "k" else p)
                for p in (
                    PROV.agent,
                    "k",
                    NKG.attributionVerb,
                    NKG.reportedTo,
                    NKG.channel,
                    NKG.cue,
                )
            )
            cells = [str(n), self.link(agent) if agent else "", self.link(kind) if kind else "",
                     self.link(verb) if verb else "", self.link(to) if to else "",
                     self.link(channel) if channel else "",
                     html.escape(_value(self.store, cue, NIF.anchorOf).value) if cue is not None
                     and _value(self.store, cue, NIF.anchorOf) is not None else ""]
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        head = "".join(
            f"<th>{h}</th>" for h in ("Hop", "Who", "Sourcing", "Verb", "Told", "Via", "Cue")
        )
        who = _value(self.store, self.iri, PROV.wasAttributedTo)
        lead = f"<p>Attributed to {self.link(who)}.</p>" if who is not None else ""
        return (f"<h2>Source chain</h2>{lead}<table><thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")

    @staticmethod
    def table(rows: Iterable[tuple[str, str]]) -> str:
        body = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows)
        return f"<table><tbody>{body}</tbody></table>"


CSS = """body{font:16px/1.5 system-ui,sans-serif;max-width:70rem;margin:1rem auto;\
padding:0 1rem;color:#222}
nav a{margin-right:1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top;font-size:14px}
th{background:#f4f4f4}code,pre,textarea{font:13px/1.4 ui-monospace,monospace}
pre{background:#f8f8f8;padding:.5rem;overflow:auto}\
blockquote{border-left:4px solid #888;margin:1rem 0;padding:.25rem 1rem;background:#fafafa}
.iri{color:#555}.dt{color:#777}"""


def layout(title: str, body: str, head: str = "") -> str:
    nav = ('<nav><a href="/">Query</a><a href="/ns">Ontology</a><a href="/shapes">Shapes</a>'
           '<a href="/.well-known/void">VoID</a><a href="/docs">API</a></nav>')
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} · kg</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{CSS}</style>{head}</head>"
        f"<body>{nav}{body}</body></html>"
    )
