"""Third-party SPARQL clients against a live ``kg serve``: the same answers as the engine itself.

SPARQLWrapper, with its defaults, asks for ``format=xml`` (and ``output=xml``, ``results=xml``)
whatever the query form, with ``Accept: application/rdf+xml`` for CONSTRUCT and DESCRIBE; with
other return formats it sends ``json``, ``n3``, ``turtle``, ``rdf+xml`` or ``json-ld``.

rdflib's SPARQLStore (a Graph or Dataset over the endpoint) and its SPARQLConnector (each method,
each results format) are in the test dependencies. Comunica (``comunica-sparql``, npm) and YASGUI
(``@triply/yasgui``, npm, in headless Chromium from another origin) run where they are installed
(``npm install -g @comunica/query-sparql@3.3.0 @triply/yasgui@4.2.28``; Comunica 4.5 reads
no language tag from any endpoint's JSON results: its sparqljson-parse and rdf-data-factory differ
in API), else those tests skip, also under ``KG_REQUIRE_TOOLS`` (CI does not install them yet).
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import threading
import warnings
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.dom.minidom import Document, Element

import httpx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlconnector import SPARQLConnector
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, JSONLD, N3, RDFXML, TURTLE, XML, SPARQLWrapper

from kg.config import Settings
from kg.pipeline import BuildResult
from tests.conftest import ROOT, headless_chromium

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


# ------------------------------------------------------- rdflib: SPARQLStore, SPARQLConnector
EXAMPLES = sorted((ROOT / "queries").glob("*.rq"))
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(t: Any) -> Term:
    if isinstance(t, URIRef):
        return ("uri", str(t))
    if isinstance(t, BNode):
        return ("bnode",)
    assert isinstance(t, Literal)
    if t.language:
        return ("literal", str(t), "", t.language.lower())
    return ("literal", str(t), str(t.datatype or XSD_STRING), "")


def rdflib_rows(result: Any) -> list[dict[str, Term]]:
    names = [str(v) for v in result.vars]
    return [{n: rdflib_term(row[n]) for n in names if row[n] is not None} for row in result]


def sparqlstore_graph(live: Any) -> Graph:
    """A Graph over the endpoint, as rdflib's docs open one (GET, results-XML by default)."""
    return Graph(store=SPARQLStore(live.url + "/sparql"))


def test_rdflib_sparqlstore_select_ask_construct_describe(live: Any, engine: ox.Store) -> None:
    g = sparqlstore_graph(live)
    rows = rdflib_rows(g.query(SELECT))
    assert rows and canon(rows) == canon(direct_rows(engine, SELECT))
    for query in (ASK_TRUE, ASK_FALSE):
        assert g.query(query).askAnswer is bool(direct(engine, query))
    for query in (CONSTRUCT, DESCRIBE):
        got = g.query(query).graph
        assert got is not None and len(got) > 0 and isomorphic(got, direct_graph(engine, query))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_rdflib_sparqlstore_example_queries(live: Any, engine: ox.Store, path: Path) -> None:
    query = path.read_text(encoding="utf-8")
    want = direct_rows(engine, query)
    assert want, f"{path.name} gives no rows on the seeds: nothing compared"
    assert canon(rdflib_rows(sparqlstore_graph(live).query(query))) == canon(want)


def test_rdflib_sparqlstore_graph_and_dataset_api(live: Any, engine: ox.Store) -> None:
    """What a Graph or Dataset over the endpoint offers besides query(): len, triples, contexts,
    and a named graph's own triples."""
    g = sparqlstore_graph(live)
    union = {(q.subject, q.predicate, q.object) for q in engine.quads_for_pattern(None, None, None)}
    assert len(g) == len(union)
    article = next(iter(direct(engine, "SELECT ?a WHERE { ?a a <https://schema.org/NewsArticle> }"
                                       " ORDER BY ?a LIMIT 1")))["a"]
    got = {(str(s), str(p), str(o)) for s, p, o in g.triples((URIRef(article.value), None, None))}
    want = {(t[0].value, t[1].value, t[2].value) for t in union if t[0] == article}
    assert got and got == want
    ds = Dataset(store=SPARQLStore(live.url + "/sparql"))
    names = {str(c) for c in ds.store.contexts()}  # type: ignore[attr-defined]
    assert names == {n.value for n in engine.named_graphs()}
    entities = next(n for n in sorted(names) if n.endswith("/graph/entities"))
    in_graph = Graph(store=SPARQLStore(live.url + "/sparql"), identifier=URIRef(entities))
    assert len(in_graph) == len(list(engine.quads_for_pattern(None, None, None,
                                                              ox.NamedNode(entities))))


@pytest.mark.parametrize("fmt", ["xml", "json", "csv"])
@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlconnector_select(live: Any, engine: ox.Store, method: str,
                                       fmt: str) -> None:
    connector = SPARQLConnector(query_endpoint=live.url + "/sparql", method=method,
                                returnFormat=fmt)
    result = connector.query(SELECT)
    want = direct_rows(engine, SELECT)
    if fmt == "csv":  # CSV carries no term types: the values alone
        got = sorted(json.dumps(sorted((str(n), str(row[n])) for n in result.vars or ()))
                     for row in result)
        assert got == sorted(json.dumps(sorted((n, t[1]) for n, t in r.items())) for r in want)
    else:
        assert canon(rdflib_rows(result)) == canon(want)


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlconnector_ask_and_construct(live: Any, engine: ox.Store,
                                                  method: str) -> None:
    """The connector's Accept follows its returnFormat whatever the query form: for CONSTRUCT
    and DESCRIBE only its default, ``xml``, can work (kg answers RDF/XML to a client asking for
    results-XML, as Virtuoso does); rdflib reads results-JSON and CSV as rows only."""
    for fmt in ("xml", "json"):
        connector = SPARQLConnector(query_endpoint=live.url + "/sparql", method=method,
                                    returnFormat=fmt)
        for query in (ASK_TRUE, ASK_FALSE):
            assert connector.query(query).askAnswer is bool(direct(engine, query)), fmt
    connector = SPARQLConnector(query_endpoint=live.url + "/sparql", method=method)
    for query in (CONSTRUCT, DESCRIBE):
        graph = connector.query(query).graph
        assert graph is not None and isomorphic(graph, direct_graph(engine, query))


# ---------------------------------------------------------------- Comunica (npm), where installed
NPM_CLIENTS = "npm install -g @comunica/query-sparql@3.3.0 @triply/yasgui@4.2.28"


def npm_tool(name: str) -> str:
    """A client installed from npm, or a skip saying how to install it."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed ({NPM_CLIENTS})")
    return path


def comunica(live: Any, query: str, media: str) -> bytes:
    tool = npm_tool("comunica-sparql")
    out = subprocess.run([tool, f"sparql@{live.url}/sparql", "-q", query, "-t", media],
                         capture_output=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    return out.stdout


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_comunica_example_queries(live: Any, engine: ox.Store, path: Path) -> None:
    query = path.read_text(encoding="utf-8")
    data = json.loads(comunica(live, query, "application/sparql-results+json"))
    want = direct_rows(engine, query)
    assert want and canon(json_rows(data)) == canon(want)


def test_comunica_select_ask_construct(live: Any, engine: ox.Store) -> None:
    data = json.loads(comunica(live, SELECT, "application/sparql-results+json"))
    assert canon(json_rows(data)) == canon(direct_rows(engine, SELECT))
    for query in (ASK_TRUE, ASK_FALSE):
        answer = json.loads(comunica(live, query, "application/sparql-results+json"))
        assert answer["boolean"] is bool(direct(engine, query))
    nt = comunica(live, CONSTRUCT, "application/n-triples").decode()
    assert isomorphic(Graph().parse(data=nt, format="nt"), direct_graph(engine, CONSTRUCT))


# ---------------------------------------------------------------- YASGUI, from another origin
YASGUI_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>YASGUI</title>
<link rel="stylesheet" href="yasgui.min.css"><script src="yasgui.min.js"></script></head>
<body><div id="yasgui"></div></body></html>"""
RUN_IN_YASGUI = """
const [endpoint, query] = arguments;
window.kgAnswer = null;
const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: {endpoint: endpoint, method: "POST"}, persistenceId: null,
  copyEndpointOnNewTab: false});
const tab = yasgui.getTab();
tab.setQuery(query);
tab.query().then(() => {
  const results = tab.getYasr().results;
  window.kgAnswer = {error: results.getError(), text: results.getOriginalResponseAsString()};
}, (e) => { window.kgAnswer = {error: String(e), text: ""}; });
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def yasgui_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A page with YASGUI (the npm package's bundle), served from an origin of its own."""
    npm = npm_tool("npm")
    root = Path(subprocess.run([npm, "root", "-g"], capture_output=True, text=True,
                               timeout=60, check=True).stdout.strip())
    build = root / "@triply" / "yasgui" / "build"
    if not (build / "yasgui.min.js").is_file():
        pytest.skip(f"YASGUI is not installed ({NPM_CLIENTS})")
    site = tmp_path_factory.mktemp("yasgui")
    for name in ("yasgui.min.js", "yasgui.min.css"):
        shutil.copy(build / name, site / name)
    (site / "index.html").write_text(YASGUI_PAGE)
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with headless_chromium() as driver:
        yield driver


@pytest.mark.parametrize("name", ["quotes", "outlet-citations"])
def test_yasgui_in_chromium_from_another_origin(live: Any, engine: ox.Store, yasgui_origin: str,
                                                chromium: Any, name: str) -> None:
    """YASGUI as users run it: a page on another origin POSTs the query form to kg's /sparql
    (a cross-origin request the browser lets through only with kg's CORS headers), reads the
    results and draws its table."""
    assert yasgui_origin.rsplit(":", 1)[1] != live.url.rsplit(":", 1)[1]  # another origin
    chromium.get(yasgui_origin + "/index.html")
    query = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    chromium.execute_script(RUN_IN_YASGUI, live.url + "/sparql", query)
    from selenium.webdriver.support.ui import WebDriverWait

    out = WebDriverWait(chromium, 60).until(lambda d: d.execute_script("return window.kgAnswer"))
    assert out["error"] is None, out["error"]
    want = direct_rows(engine, query)
    assert want and canon(json_rows(json.loads(out["text"]))) == canon(want)
    shown = WebDriverWait(chromium, 30).until(  # YASR draws the rows
        lambda d: len(d.find_elements("css selector", ".yasr tbody tr")))
    assert shown > 0


def test_cross_origin_preflight_and_form_post_by_httpx(live: Any, engine: ox.Store) -> None:
    """The requests a browser page on another origin sends (what YASGUI does), by httpx: the
    CORS preflight a non-simple request needs, then the form POST with its Origin."""
    origin = "http://yasgui.example"
    with httpx.Client(timeout=30) as c:
        pre = c.options(live.url + "/sparql", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept"})
        assert pre.status_code == 200
        assert pre.headers["access-control-allow-origin"] in ("*", origin)
        assert "POST" in pre.headers["access-control-allow-methods"]
        assert "access-control-allow-credentials" not in pre.headers
        r = c.post(live.url + "/sparql", data={"query": SELECT}, headers={
            "Origin": origin, "Accept": "application/sparql-results+json,*/*;q=0.9"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    assert canon(json_rows(r.json())) == canon(direct_rows(engine, SELECT))
