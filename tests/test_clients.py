"""Third-party SPARQL clients against a live ``kg serve``: the same answers as the engine itself.

SPARQLWrapper, with its defaults, asks for ``format=xml`` (and ``output=xml``, ``results=xml``)
whatever the query form, with ``Accept: application/rdf+xml`` for CONSTRUCT and DESCRIBE; with
other return formats it sends ``json``, ``n3``, ``turtle``, ``rdf+xml`` or ``json-ld``.
"""

from __future__ import annotations

import json
import warnings
from typing import Any
from xml.dom.minidom import Document, Element

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from SPARQLWrapper import JSON, JSONLD, N3, RDFXML, TURTLE, XML, SPARQLWrapper

from kg.config import Settings
from kg.pipeline import BuildResult

PREFIX = "PREFIX schema: <https://schema.org/>\nPREFIX nkg: <https://w3id.org/newskg/ns#>\n"
SELECT = PREFIX + """SELECT ?q ?p ?o WHERE {
  ?q a schema:Quotation ; ?p ?o . FILTER (!isBlank(?o))
}"""  # IRIs, language-tagged and typed literals
ASK_TRUE = PREFIX + "ASK { ?q a schema:Quotation ; schema:creator ?who }"
ASK_FALSE = PREFIX + "ASK { ?q a schema:Quotation ; schema:creator ?q }"
CONSTRUCT = PREFIX + """CONSTRUCT { ?q schema:creator ?who ; schema:text ?t . ?who ?p ?o }
WHERE { ?q a schema:Quotation ; schema:creator ?who ; schema:text ?t . ?who ?p ?o }"""
DESCRIBE = PREFIX + "DESCRIBE ?a WHERE { ?a a schema:NewsArticle }"

Term = tuple[str, ...]
# SPARQLWrapper 2.0 reads RDF/XML and JSON-LD answers into an rdflib ConjunctiveGraph, which
# rdflib 7.6 deprecates: its warning, not kg's.
pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def engine(seed_build: tuple[Settings, BuildResult]) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(seed_build[0].dumps_dir / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def direct(store: ox.Store, query: str) -> Any:
    return store.query(query, use_default_graph_as_union=True)


def ox_term(t: Any) -> Term:
    if isinstance(t, ox.NamedNode):
        return ("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return ("bnode",)
    assert isinstance(t, ox.Literal)
    if t.language:
        return ("literal", t.value, "", t.language.lower())
    return ("literal", t.value, t.datatype.value, "")


def direct_rows(store: ox.Store, query: str) -> list[dict[str, Term]]:
    sols = direct(store, query)
    names = [v.value for v in sols.variables]
    return [{n: ox_term(s[n]) for n in names if s[n] is not None} for s in sols]


def direct_graph(store: ox.Store, query: str) -> Graph:
    nt = ox.serialize(list(direct(store, query)), format=ox.RdfFormat.N_TRIPLES)
    assert nt is not None
    return Graph().parse(data=nt.decode(), format="nt")


def xml_rows(doc: Document) -> list[dict[str, Term]]:
    """Rows of a SPARQL XML results document (a DOM, as SPARQLWrapper gives it)."""
    rows = []
    for result in doc.getElementsByTagName("result"):
        row: dict[str, Term] = {}
        for b in result.getElementsByTagName("binding"):
            v = next(c for c in b.childNodes if isinstance(c, Element))
            text = "".join(c.data for c in v.childNodes if c.nodeType == c.TEXT_NODE)
            if v.tagName == "uri":
                row[b.getAttribute("name")] = ("uri", text)
            elif v.tagName == "bnode":
                row[b.getAttribute("name")] = ("bnode",)
            else:
                lang = v.getAttribute("xml:lang").lower()
                dt = "" if lang else (v.getAttribute("datatype")
                                      or "http://www.w3.org/2001/XMLSchema#string")
                row[b.getAttribute("name")] = ("literal", text, dt, lang)
        rows.append(row)
    return rows


def json_rows(data: dict[str, Any]) -> list[dict[str, Term]]:
    rows = []
    for b in data["results"]["bindings"]:
        row: dict[str, Term] = {}
        for name, v in b.items():
            if v["type"] == "uri":
                row[name] = ("uri", v["value"])
            elif v["type"] == "bnode":
                row[name] = ("bnode",)
            else:
                lang = v.get("xml:lang", "").lower()
                dt = "" if lang else v.get("datatype", "http://www.w3.org/2001/XMLSchema#string")
                row[name] = ("literal", v["value"], dt, lang)
        rows.append(row)
    return rows


def canon(rows: list[dict[str, Term]]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


def wrapper(url: str, query: str, return_format: str | None = None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url + "/sparql")
    if return_format is not None:
        sparql.setReturnFormat(return_format)
    sparql.setQuery(query)
    return sparql


def converted(url: str, query: str, return_format: str | None = None) -> Any:
    """What SPARQLWrapper's ``query().convert()`` gives (a DOM, a dict, a Graph or bytes)."""
    return wrapper(url, query, return_format).query().convert()


def test_sparqlwrapper_defaults_select(live: Any, engine: ox.Store) -> None:
    assert SPARQLWrapper(live.url + "/sparql").returnFormat == XML  # the default this tests
    result = wrapper(live.url, SELECT).query()
    assert result.info()["content-type"].startswith("application/sparql-results+xml")
    rows = xml_rows(result.convert())  # type: ignore[arg-type]
    want = direct_rows(engine, SELECT)
    assert want and canon(rows) == canon(want)


@pytest.mark.parametrize("query", [ASK_TRUE, ASK_FALSE], ids=["true", "false"])
def test_sparqlwrapper_defaults_ask(live: Any, engine: ox.Store, query: str) -> None:
    doc = converted(live.url, query)
    (boolean,) = doc.getElementsByTagName("boolean")
    assert boolean.firstChild.data == str(bool(direct(engine, query))).lower()


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_sparqlwrapper_defaults_construct_and_describe(live: Any, engine: ox.Store,
                                                      query: str) -> None:
    result = wrapper(live.url, query).query()  # format=xml: 406 before
    assert result.info()["content-type"].startswith("application/rdf+xml")
    g = result.convert()
    want = direct_graph(engine, query)
    assert len(want) > 0 and isinstance(g, Graph) and isomorphic(g, want)


def test_sparqlwrapper_json_select_and_ask(live: Any, engine: ox.Store) -> None:
    data = converted(live.url, SELECT, JSON)
    assert canon(json_rows(data)) == canon(direct_rows(engine, SELECT))
    for query in (ASK_TRUE, ASK_FALSE):
        assert converted(live.url, query, JSON)["boolean"] is bool(
            direct(engine, query))


@pytest.mark.parametrize("fmt", [RDFXML, TURTLE, N3, JSONLD])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_sparqlwrapper_graph_formats(live: Any, engine: ox.Store, query: str, fmt: str) -> None:
    result = wrapper(live.url, query, fmt).query()
    out = result.convert()
    if isinstance(out, bytes):  # Turtle and N3 come back as the bytes received
        out = Graph().parse(data=out.decode(), format="turtle")
    assert isinstance(out, Graph) and isomorphic(out, direct_graph(engine, query))


@pytest.mark.parametrize(("form", "name", "media"), [
    ("select", "xml", "application/sparql-results+xml"),
    ("select", "json", "application/sparql-results+json"),
    ("ask", "xml", "application/sparql-results+xml"),
    ("ask", "json", "application/sparql-results+json"),
    ("construct", "xml", "application/rdf+xml"),
    ("construct", "rdf+xml", "application/rdf+xml"),
    ("construct", "json", "application/ld+json"),
    ("construct", "n3", "text/turtle"),
    ("construct", "turtle", "text/turtle"),
    ("describe", "xml", "application/rdf+xml"),
    ("describe", "json", "application/ld+json"),
    ("describe", "n3", "text/turtle"),
])
def test_conventional_format_names(live: Any, form: str, name: str, media: str) -> None:
    """``format=`` takes the names Virtuoso and the Oxigraph server take, by query form; it
    still overrides ``Accept`` (here one that would pick something else)."""
    query = {"select": SELECT, "ask": ASK_TRUE, "construct": CONSTRUCT, "describe": DESCRIBE}[form]
    with httpx.Client(timeout=30) as c:
        r = c.get(live.url + "/sparql", params={"query": query, "format": name},
                  headers={"Accept": "text/csv, application/n-triples"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media


def test_unknown_format_names_are_still_refused(live: Any) -> None:
    with httpx.Client(timeout=30) as c:
        for query, name in ((CONSTRUCT, "csv"), (CONSTRUCT, "yaml"), (SELECT, "n3"),
                            (SELECT, "rdf+xml")):
            r = c.get(live.url + "/sparql", params={"query": query, "format": name})
            assert r.status_code == 406, (name, r.status_code)


def test_no_stray_warnings_from_sparqlwrapper(live: Any) -> None:
    """The defaults round-trip without SPARQLWrapper warning that it got another format."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        for q in (SELECT, ASK_TRUE, CONSTRUCT, DESCRIBE):
            wrapper(live.url, q).query().convert()
    assert [str(w.message) for w in caught if w.category is RuntimeWarning] == []
