"""Linked data pages, self-description, dumps, health and metrics, and the row cap."""

from __future__ import annotations

import html
from collections import defaultdict
from html.parser import HTMLParser
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from tests.conftest import LiveServer, served_settings

SCHEMA = "https://schema.org/"
NKG = "https://w3id.org/newskg/ns#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
KINDS = {
    "article": f"?x a <{SCHEMA}NewsArticle>",
    "person": f"?x a <{SCHEMA}Person> ; <{SCHEMA}name> ?n",
    "organization": f"?x a <{SCHEMA}Organization> ; <{SCHEMA}name> ?n",
    "outlet": f"?x a <{SCHEMA}NewsMediaOrganization>",
    "quote": f"?x a <{SCHEMA}Quotation>",
    "claim": f"?x a <{NKG}ReportedClaim>",
    "anonymous source": f"?x a <{NKG}AnonymousSource>",
    "attribution": f"?x a <{NKG}Attribution>",
    "span": f"?x a <{NKG}EntityMention>",
    "run": "?x a <http://www.w3.org/ns/prov#Activity>",
}


@pytest.fixture(scope="module")
def client() -> httpx.Client:
    with httpx.Client(timeout=30) as c:
        yield c  # type: ignore[misc]


def one(live: Any, client: httpx.Client, pattern: str) -> str:
    r = client.get(
        live.url + "/sparql",
        params={"query": f"SELECT ?x WHERE {{ {pattern} }} ORDER BY ?x LIMIT 1"},
    )
    rows = r.json()["results"]["bindings"]
    assert rows, pattern
    return str(rows[0]["x"]["value"])


def local(live: Any, iri: str) -> str:
    base = live.settings.base_iri
    assert iri.startswith(base)
    return live.url + "/" + iri[len(base):]


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_of_resource_resolves(live: Any, client: httpx.Client, kind: str) -> None:
    iri = one(live, client, KINDS[kind])
    page = client.get(
        local(live, iri), headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
    )
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert html.escape(iri) in page.text
    data = client.get(local(live, iri), headers={"Accept": "text/turtle"})
    assert data.status_code == 200 and data.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=data.text, format="turtle")
    assert (URIRef(iri), None, None) in g or (None, None, URIRef(iri)) in g
    for fmt, parser in (("jsonld", ox.RdfFormat.JSON_LD), ("nt", ox.RdfFormat.N_TRIPLES),
                        ("rdfxml", ox.RdfFormat.RDF_XML)):
        r = client.get(local(live, iri), params={"format": fmt})
        assert len(list(ox.parse(r.content, parser))) == len(g), fmt


def test_quote_page_shows_text_and_source_chain(live: Any, client: httpx.Client) -> None:
    iri = one(
        live, client, f"?x a <{SCHEMA}Quotation> ; <{SCHEMA}creator> ?c . ?c <{SCHEMA}name> ?n"
    )
    page = client.get(local(live, iri), headers={"Accept": "text/html"}).text
    assert "<blockquote>" in page and "Source chain" in page and "Attributed to" in page


def test_outlet_citing_claim_page_lists_both_hops(live: Any, client: httpx.Client) -> None:
    iri = one(
        live,
        client,
        f"?x a <{NKG}ReportedClaim> ; "
        f"<http://www.w3.org/ns/prov#qualifiedAttribution>/<{NKG}via> ?h",
    )
    page = client.get(local(live, iri), headers={"Accept": "text/html"}).text
    chain = page.split("Source chain", 1)[1].split("</table>", 1)[0]
    assert chain.count("<tr>") == 3  # header and two hops
    assert "OutletCitation" in chain


def test_pages_escape_content(live: Any, client: httpx.Client) -> None:
    iri = one(live, client, f"?x a <{SCHEMA}Quotation>")
    page = client.get(local(live, iri), headers={"Accept": "text/html"}).text
    body = page.split("<body>", 1)[1]
    assert "<script" not in body


def test_unknown_iris_get_404_problems(live: Any, client: httpx.Client) -> None:
    for path in ("/entity/no-such-person", "/article/nope/quote-1-2", "/nothing/here",
                 "/entity/not%3Ean%20iri"):
        r = client.get(live.url + path, headers={"Accept": "text/turtle"})
        assert r.status_code == 404
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["status"] == 404


def test_service_description(live: Any, client: httpx.Client) -> None:
    r = client.get(live.url + "/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    endpoint = URIRef(live.url + "/sparql")
    assert (endpoint, URIRef(SD + "endpoint"), endpoint) in g
    assert (endpoint, RDF.type, URIRef(SD + "Service")) in g
    assert len(list(g.objects(endpoint, URIRef(SD + "resultFormat")))) == 10
    assert len(list(g.subject_objects(URIRef(SD + "name")))) >= 4
    jsonld = client.get(live.url + "/sparql", headers={"Accept": "application/ld+json"})
    assert len(list(ox.parse(jsonld.content, ox.RdfFormat.JSON_LD))) == len(g)
    browser = client.get(
        live.url + "/sparql", headers={"Accept": "text/html"}, follow_redirects=False
    )
    assert browser.status_code == 303 and browser.headers["location"] == "/"


def test_void(live: Any, client: httpx.Client) -> None:
    r = client.get(live.url + "/.well-known/void", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    ds = URIRef(live.settings.base_iri + "dataset")
    assert (ds, URIRef(VOID + "sparqlEndpoint"), URIRef(live.url + "/sparql")) in g
    assert list(g.objects(ds, URIRef(VOID + "dataDump")))
    assert list(g.objects(ds, URIRef(VOID + "vocabulary")))
    assert int(g.value(ds, URIRef(VOID + "triples"))) > 0  # type: ignore[arg-type]
    assert len(list(g.objects(ds, URIRef(VOID + "subset")))) == 3  # entities, prov, links


def test_dumps_have_validators_and_304(live: Any, client: httpx.Client) -> None:
    r = client.get(live.url + "/dumps/kg.nq")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-quads")
    assert r.headers["etag"] and r.headers["last-modified"]
    again = client.get(live.url + "/dumps/kg.nq", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    for bad in ("/dumps/../report.json", "/dumps/%2e%2e/report.json", "/dumps/nope.ttl"):
        assert client.get(live.url + bad).status_code == 404


def test_graph_store_get(live: Any, client: httpx.Client) -> None:
    g = live.settings.base_iri + "graph/entities"
    r = client.get(
        live.url + "/rdf-graphs", params={"graph": g}, headers={"Accept": "application/n-triples"}
    )
    assert r.status_code == 200 and len(Graph().parse(data=r.text, format="nt")) > 10
    assert client.get(live.url + "/rdf-graphs", params={"graph": g + "x"}).status_code == 404
    assert client.put(live.url + "/rdf-graphs", params={"graph": g}, content=b"").status_code == 405
    graph_page = client.get(local(live, g), headers={"Accept": "text/html"})
    assert graph_page.status_code == 200 and "/rdf-graphs?graph=" in graph_page.text


def test_ontology_and_shapes(live: Any, client: httpx.Client) -> None:
    for path in ("/ns", "/shapes"):
        page = client.get(live.url + path, headers={"Accept": "text/html"})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        ttl = client.get(live.url + path, headers={"Accept": "text/turtle"})
        assert len(Graph().parse(data=ttl.text, format="turtle")) > 50
    assert "nkg:ReportedClaim" in client.get(live.url + "/ns", headers={"Accept": "text/html"}).text


def test_health_metrics_and_openapi(live: Any, client: httpx.Client) -> None:
    health = client.get(live.url + "/health").json()
    count = client.get(live.url + "/sparql", params={
        "query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}).json()
    assert health["triples"] == int(count["results"]["bindings"][0]["n"]["value"])
    assert health["build"]
    metrics = client.get(live.url + "/metrics").text
    assert "kg_sparql_queries_total" in metrics and "kg_http_requests_total" in metrics
    paths = client.get(live.url + "/openapi.json").json()["paths"]
    assert {"/rdf-graphs", "/.well-known/void", "/health", "/metrics"} <= set(paths)
    assert client.get(live.url + "/docs").status_code == 200


def test_the_api_page_works_offline(live: Any, client: httpx.Client) -> None:
    """/docs lists the API from the OpenAPI description with nothing loaded from elsewhere
    (FastAPI's own page loads Swagger UI from a CDN)."""
    import re

    r = client.get(live.url + "/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<script" not in r.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", r.text), "nothing from elsewhere"
    for path in ("/sparql", "/rdf-graphs", "/.well-known/void", "/health"):
        assert f"<code>{path}</code>" in r.text
    assert client.get(live.url + "/redoc").status_code == 404


def test_query_page_is_self_contained(live: Any, client: httpx.Client) -> None:
    import re

    page = client.get(live.url + "/").text
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', page)  # nothing loaded from elsewhere
    assert "@import" not in page and "url(" not in page
    assert "outlet-citations" in page and 'id="run"' in page


def test_row_cap_is_never_a_short_answer(seed_build: Any, tmp_path: Any) -> None:
    from kg.web.app import create_app

    settings = served_settings(
        seed_build, tmp_path / "out", max_rows=2000, max_concurrent_queries=1
    )
    with LiveServer(create_app(settings)) as live, httpx.Client(timeout=30) as c:
        small = c.get(
            live.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2000"}
        )
        assert small.status_code == 200 and len(small.json()["results"]["bindings"]) == 2000
        tiny_rows = c.get(live.url + "/sparql", params={
            "query": "SELECT ?b WHERE { ?s ?p ?o BIND(1 AS ?b) }", "format": "csv"})
        assert tiny_rows.status_code == 422
        assert "2000" in tiny_rows.json()["detail"]
        with pytest.raises(httpx.RemoteProtocolError):  # the body is cut, never completed
            c.get(live.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert c.get(live.url + "/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def test_readme_query_gives_the_readme_output(live: Any, client: httpx.Client) -> None:
    import re

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    query = re.search(r"--data-urlencode 'query=([^']+)'", readme)
    shown = re.search(r"```\n(speaker,quotes\n.*?)```", readme, re.S)
    assert query and shown
    r = client.post(
        live.url + "/sparql", data={"query": query.group(1)}, headers={"Accept": "text/csv"}
    )
    assert r.text.replace("\r\n", "\n") == shown.group(1)


# ------------------------------------------------------------------ pages a journalist reads
def rows(live: Any, client: httpx.Client, query: str) -> list[dict[str, str]]:
    r = client.get(live.url + "/sparql", params={"query": query})
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def path_of(live: Any, iri: str) -> str:
    return "/" + iri[len(live.settings.base_iri):]


class Marked(HTMLParser):
    """The text of an article page's text block: all of it (tags aside), and what each
    statement's marks cover, by the statement's local name."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str, str]] = []  # tag, data-s, class
        self.text: list[str] = []
        self.marked: dict[str, str] = defaultdict(str)
        self.tag_links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.open.append((tag, a.get("data-s") or "", a.get("class") or ""))
        if tag == "a" and "tag" in (a.get("class") or "").split():
            self.tag_links.append(a.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1][0] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if any(t == "a" and "tag" in c.split() for t, _, c in self.open):
            return
        self.text.append(data)
        for t, key, _ in self.open:
            if t == "mark":
                self.marked[key] += data


def text_block(page: str) -> Marked:
    block = page.split('<div class="text" id="text">', 1)[1].split("</div>", 1)[0]
    parser = Marked()
    parser.feed(block)
    parser.close()
    return parser


def test_person_page_lists_each_quote_once_grouped_by_article(live: Any,
                                                              client: httpx.Client) -> None:
    person = rows(live, client, f"""SELECT ?x (COUNT(?q) AS ?n) WHERE {{
        ?x a <{SCHEMA}Person> . ?q a <{SCHEMA}Quotation> ; <{SCHEMA}creator> ?x }}
        GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1""")[0]["x"]
    quotes = rows(live, client, f"""SELECT ?q ?article WHERE {{
        ?q a <{SCHEMA}Quotation> ; <{SCHEMA}creator> <{person}> ; <{SCHEMA}isPartOf> ?article }}""")
    assert len(quotes) >= 2
    page = client.get(local(live, person), headers={"Accept": "text/html"}).text
    shown, raw = page.split('<details class="raw">', 1)
    section = shown.split("<h2>Quotes", 1)[1].split("<h2>", 1)[0]
    blocks = section.split('<h3 class="art">')[1:]
    assert len(blocks) == len({r["article"] for r in quotes})  # one heading per article
    for r in quotes:
        href = f'href="{html.escape(path_of(live, r["q"]))}"'
        assert shown.count(href) == 1, r["q"]  # once, not once per property pointing at it
        block = next(b for b in blocks if href in b)
        assert f'href="{html.escape(path_of(live, r["article"]))}"' in block.split("</h3>")[0]
    assert f"<b>{len(quotes)}</b> quotes ·" in shown
    # the mentions are counted per article, and their triples only in the folded raw part
    assert "taIdentRef" not in shown and "itsrdf:taIdentRef" in raw
    mentions = rows(live, client,
                    f"SELECT DISTINCT ?a WHERE {{ ?a <{SCHEMA}mentions> <{person}> }}")
    listed = shown.split("<h2>Articles that mention them", 1)[1].split("</table>", 1)[0]
    assert listed.count("<tr>") == len(mentions) + 1  # a header row and one per article


def test_article_page_marks_and_links_each_quote_and_claim(live: Any,
                                                          client: httpx.Client) -> None:
    article = one(live, client, f"?x a <{SCHEMA}NewsArticle> ; <{NKG}textContext> ?c")
    spans = rows(live, client, f"""PREFIX nif: <{NIF}> SELECT ?s ?b ?t WHERE {{
        {{ ?s <{SCHEMA}isPartOf> <{article}> }} UNION {{ ?s <{SCHEMA}appearance> <{article}> }}
        ?s <{NKG}anchor> ?a . ?a nif:beginIndex ?b ; nif:anchorOf ?t }}""")
    body = rows(live, client, f"""PREFIX nif: <{NIF}> SELECT ?t WHERE {{
        <{article}> <{NKG}textContext>/nif:isString ?t }}""")[0]["t"]
    page = client.get(local(live, article), headers={"Accept": "text/html"}).text
    marked = text_block(page)
    assert "".join(marked.text) == body  # the whole text, once, in order
    expected: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in spans:
        expected[r["s"]].append((int(r["b"]), r["t"]))
    assert any("/quote-" in s for s in expected) and any("/claim-" in s for s in expected)
    for s, pieces in expected.items():
        key = s.rsplit("/", 1)[-1]
        assert marked.marked[key] == "".join(t for _, t in sorted(pieces)), key
        assert path_of(live, s) in marked.tag_links, key
    assert '<details class="raw">' in page and "Sources" in page and "<svg" in page


def test_outlet_page_draws_who_cites_it(live: Any, client: httpx.Client) -> None:
    cited = rows(live, client, f"""SELECT ?outlet ?pub WHERE {{
        ?h <{NKG}sourcingType> <{NKG}OutletCitation> ; <http://www.w3.org/ns/prov#agent> ?outlet .
        ?outlet a <{SCHEMA}NewsMediaOrganization> .
        ?s <http://www.w3.org/ns/prov#qualifiedAttribution> ?h ;
           <{SCHEMA}appearance>/<{SCHEMA}publisher> ?pub . FILTER (?pub != ?outlet)
    }} ORDER BY ?outlet LIMIT 1""")[0]
    page = client.get(local(live, cited["outlet"]), headers={"Accept": "text/html"}).text
    picture = page.split("<h2>Outlet citations</h2>", 1)[1].split("</svg>", 1)[0]
    assert f'<a href="{path_of(live, cited["pub"])}">' in picture


HOSTILE = """Pier <script>alert(1)</script> & park get the council's go-ahead

The council approved the pier on Monday.

"We will build the <b>pier</b> & the park together," said Mayor Elena Vargas.
"""


@pytest.mark.parametrize("with_text", [True, False], ids=["text", "no-text"])
def test_article_page_of_hostile_text_with_and_without_the_text(tmp_path: Any,
                                                                with_text: bool) -> None:
    from kg.pipeline import build
    from kg.web.app import create_app
    from tests.conftest import make_settings

    src = tmp_path / "in"
    src.mkdir()
    (src / "pier.txt").write_text(HOSTILE, encoding="utf-8")
    settings = make_settings(tmp_path / "out", inputs=[src], include_text=with_text,
                             max_concurrent_queries=1, reload_interval=0)
    build(settings)
    with LiveServer(create_app(settings)) as server, httpx.Client(timeout=30) as c:
        page = c.get(server.url + "/article/pier", headers={"Accept": "text/html"}).text
        person = c.get(server.url + "/entity/elena-vargas", headers={"Accept": "text/html"}).text
    for p in (page, person):
        body = p.split("<body>", 1)[1]
        assert "<script" not in body and "<b>pier" not in body
    assert "&lt;b&gt;pier&lt;/b&gt; &amp; the park" in person  # the quote, escaped
    assert 'href="/article/pier/quote-' in page
    if with_text:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text_block_html(page)
    else:
        assert '<div class="text"' not in page and "--no-text" in page


def text_block_html(page: str) -> str:
    return page.split('<div class="text" id="text">', 1)[1].split("</div>", 1)[0]


JOINT = """Council splits on the harbour levy

Councillors Ana Ruiz and Bo Lind said the harbour levy would double next year.

Ana Ruiz said she would vote against it.
"""


def test_a_persons_page_lists_what_they_said_together_with_others(tmp_path: Any) -> None:
    """'Ana Ruiz and Bo Lind said ...': a group whose members are the two; each one's page
    lists the statement under 'Said together with others', apart from their own."""
    from kg.pipeline import build
    from kg.web.app import create_app
    from tests.conftest import make_settings

    src = tmp_path / "in"
    src.mkdir()
    (src / "levy.txt").write_text(JOINT, encoding="utf-8")
    settings = make_settings(tmp_path / "out", inputs=[src], max_concurrent_queries=1,
                             reload_interval=0)
    assert build(settings).built == 1
    with LiveServer(create_app(settings)) as server, httpx.Client(timeout=30) as c:
        pages = {who: c.get(f"{server.url}/entity/{who}", headers={"Accept": "text/html"}).text
                 for who in ("ana-ruiz", "bo-lind")}
    for who, page in pages.items():
        joint = page.split("<h2>Said together with others (1)</h2>", 1)[1].split("<h2>", 1)[0]
        assert "the harbour levy would double next year" in joint, who
        assert "<b>1</b> statement said together with others" in page, who
    assert "she would vote against it" in pages["ana-ruiz"]
    assert "she would vote against it" not in pages["bo-lind"]
