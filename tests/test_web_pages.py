"""Linked data pages, self-description, dumps, health and metrics, and the row cap."""

from __future__ import annotations

import html
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from tests.conftest import LiveServer, served_settings

SCHEMA = "https://schema.org/"
NKG = "https://w3id.org/newskg/ns#"
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
    for path in ("/entity/no-such-person", "/article/nope/quote-1-2", "/nothing/here"):
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
