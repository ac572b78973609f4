"""Linked data out of the box: for every kind of resource, the Turtle at its IRI describes that IRI.

``kg serve`` on nothing built builds the seeds with its own URL as base IRI, so each IRI it mints
is a URL it answers: the test fetches the IRI itself (no rewriting) and looks for triples whose
subject is exactly that IRI. The ontology's and shapes' IRIs (under w3id.org) are followed
through the redirect rules in ``ontology/w3id/.htaccess``, applied here as Apache would.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.config import Settings
from kg.pipeline import BuildResult
from tests.conftest import ROOT, SEEDS, TEST_BASE

SCHEMA = "https://schema.org/"
NKG = "https://w3id.org/newskg/ns#"
PROV = "http://www.w3.org/ns/prov#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
OWL_VERSION_IRI = URIRef("http://www.w3.org/2002/07/owl#versionIRI")
W3ID = "https://w3id.org/newskg/"
HTACCESS = ROOT / "ontology" / "w3id" / ".htaccess"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDF_FORMS = {  # the media types a page's <link rel="alternate"> must name, and their parsers
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}

# One resource of each kind kg mints in a seed build (a SPARQL pattern binding ?x).
KINDS = {
    "article": f"?x a <{SCHEMA}NewsArticle>",
    "article text": f"?x a <{NIF}Context>",
    "person": f"?x a <{SCHEMA}Person> ; <{SCHEMA}name> ?n",
    "organization": f"?x a <{SCHEMA}Organization> FILTER NOT EXISTS "
                    f"{{ ?x a <{SCHEMA}NewsMediaOrganization> }}",
    "place": f"?x a <{SCHEMA}Place>",
    "outlet": f"?x a <{SCHEMA}NewsMediaOrganization>",
    "quotation": f"?x a <{SCHEMA}Quotation>",
    "statement": f"?x a <{NKG}ReportedClaim>",
    "attribution": f"?x a <{NKG}Attribution>",
    "outlet citation": f"?x a <{NKG}Attribution> ; <{NKG}sourcingType> <{NKG}OutletCitation>",
    "anonymous source": f"?x a <{NKG}AnonymousSource>",
    "mention": f"?x a <{NKG}EntityMention>",
    "request for comment": f"?x a <{NKG}CommentRequest>",
    "run": f"?x a <{PROV}Activity>",
    "software": f"?x a <{PROV}SoftwareAgent>",
    "input file": f"?x a <{PROV}Entity> FILTER CONTAINS(STR(?x), '/seed/')",
    "named graph": "GRAPH ?x { ?s ?p ?o } FILTER CONTAINS(STR(?x), '/graph/article-')",
    "entities graph": "GRAPH ?x { ?s ?p ?o } FILTER STRENDS(STR(?x), '/graph/entities')",
}


@dataclass
class Served:
    url: str  # ends in "/"
    log: Path  # what kg serve printed on stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _kg_serve(args: list[str], log: Path, **env: str) -> Iterator[Served]:
    """Run ``kg serve ARGS --port P`` as a user would, until it answers /health."""
    port = _free_port()
    environ = {k: v for k, v in os.environ.items()
               if k not in ("KG_BASE_IRI", "KG_PUBLIC_URL", "KG_HOST", "KG_PORT")}
    environ.update(env, SOURCE_DATE_EPOCH="1700000000", KG_RELOAD_INTERVAL="0")
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", *args, "--port", str(port)],
                                env=environ, stderr=err, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 300  # the first start builds the seeds
        while proc.poll() is None:
            try:
                if httpx.get(url + "health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "kg serve did not answer"
            time.sleep(0.5)
        assert proc.poll() is None, log.read_text()
        yield Served(url, log)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``kg serve DIR`` on an empty folder: it builds the seeds, then serves them."""
    tmp = tmp_path_factory.mktemp("linked-data")
    yield from _kg_serve([str(tmp / "out")], tmp / "serve.log", KG_INPUTS=str(SEEDS))


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as c:
        yield c


def one(served: Served, client: httpx.Client, pattern: str) -> str:
    query = f"SELECT ?x WHERE {{ {pattern} }} ORDER BY ?x LIMIT 1"
    rows = client.get(served.url + "sparql", params={"query": query}).json()["results"]["bindings"]
    assert rows, f"the seed build has no {pattern}"
    return str(rows[0]["x"]["value"])


def parsed(data: bytes, media: str) -> Graph:
    """An RDF document read by Oxigraph's strict parsers, as an rdflib graph to compare."""
    quads = list(ox.parse(data, RDF_FORMS[media]))
    nt = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                      format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=(nt or b"").decode(), format="nt")


# ------------------------------------------------------------------ w3id.org's rules, applied
@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    target: str
    status: int


def w3id_rules() -> list[Rule]:
    rules = []
    for line in HTACCESS.read_text().splitlines():
        m = re.fullmatch(r"RewriteRule\s+(\S+)\s+(\S+)\s+\[R=(\d+),L\]", line.strip())
        if m:
            rules.append(Rule(re.compile(m.group(1)), m.group(2), int(m.group(3))))
    return rules


def redirect(iri: str, server: str) -> str:
    """Where w3id.org sends ``iri`` (its fragment dropped, as a client does), with the
    placeholder host of the rules replaced by ``server``."""
    assert iri.startswith(W3ID), iri
    path = iri.split("#", 1)[0][len(W3ID):]
    for rule in w3id_rules():
        m = rule.pattern.fullmatch(path)
        if m:
            assert rule.status in (302, 303)
            target = m.expand(rule.target.replace("$", "\\"))
            return target.replace("https://newskg.example.org/", server)
    raise AssertionError(f"no w3id.org rule for {iri}")


def test_the_rules_are_those_w3id_reads() -> None:
    text = HTACCESS.read_text()
    assert "RewriteEngine on" in text and (HTACCESS.parent / "README.md").is_file()
    assert len(w3id_rules()) == text.count("RewriteRule")  # every rule understood here
    assert redirect(NKG + "ReportedClaim", "http://h/") == "http://h/ns"
    assert redirect(W3ID + "ns.ttl", "http://h/") == "http://h/ns?format=ttl"
    assert redirect(W3ID + "entity/x-y", "http://h/") == "http://h/entity/x-y"
    with pytest.raises(AssertionError, match=r"no w3id\.org rule"):
        redirect(W3ID + "nothing/here", "http://h/")


# ------------------------------------------------------------------ the test the issue asks for
def describes(graph: Graph, iri: str) -> bool:
    return (URIRef(iri), None, None) in graph


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_turtle_at_each_iri_describes_that_iri(served: Served, client: httpx.Client,
                                                   kind: str) -> None:
    iri = one(served, client, KINDS[kind])
    assert iri.startswith(served.url)  # minted under the URL it is served at
    r = client.get(iri, headers={"Accept": "text/turtle"})  # the IRI itself, not a rewrite
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle", publicID=iri)
    assert describes(g, iri), f"{kind}: {iri} is no subject of its own document"


def test_the_dataset_iri_describes_the_dataset(served: Served, client: httpx.Client) -> None:
    iri = served.url + "dataset"
    r = client.get(iri, headers={"Accept": "text/turtle"}, follow_redirects=True)
    assert r.status_code == 200
    assert describes(Graph().parse(data=r.text, format="turtle"), iri)


@pytest.mark.parametrize("term", [NKG + "ReportedClaim", NKG + "sourcingType",
                                  NKG + "OutletCitation", W3ID + "ns",
                                  W3ID + "shapes#Quotation"])
def test_vocabulary_iris_resolve_through_the_w3id_rules(served: Served, client: httpx.Client,
                                                       term: str) -> None:
    r = client.get(redirect(term, served.url), headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert describes(Graph().parse(data=r.text, format="turtle"), term)


def test_the_version_iri_resolves(served: Served, client: httpx.Client) -> None:
    ontology = Graph().parse(ROOT / "ontology" / "nkg.ttl")
    version = ontology.value(URIRef(W3ID + "ns"), OWL_VERSION_IRI)
    assert isinstance(version, URIRef) and str(version).startswith(W3ID + "ns/")
    url = redirect(str(version), served.url)
    r = client.get(url, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(W3ID + "ns"), OWL_VERSION_IRI, version) in g
    assert client.get(url, headers={"Accept": BROWSER}).headers["content-type"].startswith(
        "text/html")
    assert client.get(served.url + "ns/0.0.0-not-a-version").status_code == 404
    for ext, media in (("ttl", "text/turtle"), ("nt", "application/n-triples"),
                       ("jsonld", "application/ld+json"), ("rdf", "application/rdf+xml"),
                       ("owl", "application/rdf+xml")):
        r = client.get(redirect(W3ID + f"ns.{ext}", served.url))
        assert r.headers["content-type"].split(";")[0] == media
        assert isomorphic(parsed(r.content, media), ontology), ext


# ------------------------------------------------------------------ the forms of a page
def alternate_links(page: str) -> dict[str, str]:
    head = page.split("</head>", 1)[0]
    links = re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)">', head)
    return {t: h.replace("&amp;", "&") for t, h in links}


@pytest.mark.parametrize("kind", ["article", "person", "quotation", "run"])
def test_html_pages_link_each_rdf_form(served: Served, client: httpx.Client, kind: str) -> None:
    iri = one(served, client, KINDS[kind])
    page = client.get(iri, headers={"Accept": BROWSER})
    assert page.headers["content-type"].startswith("text/html")
    links = alternate_links(page.text)
    assert set(links) == set(RDF_FORMS)
    turtle = Graph().parse(data=client.get(iri, headers={"Accept": "text/turtle"}).text,
                           format="turtle")
    for media, href in links.items():
        r = client.get(served.url + href.lstrip("/"))
        assert r.headers["content-type"].split(";")[0] == media
        assert isomorphic(parsed(r.content, media), turtle), media


def test_vocabulary_pages_link_each_rdf_form(served: Served, client: httpx.Client) -> None:
    for path in ("ns", "shapes"):
        page = client.get(served.url + path, headers={"Accept": BROWSER}).text
        links = alternate_links(page)
        assert set(RDF_FORMS) <= set(links), path
        for media, href in links.items():
            r = client.get(served.url + href.lstrip("/"))
            assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media


@pytest.mark.parametrize("kind", ["person", "quotation"])
def test_json_ld_is_compact_with_a_context(served: Served, client: httpx.Client,
                                           kind: str) -> None:
    iri = one(served, client, KINDS[kind])
    r = client.get(iri, headers={"Accept": "application/ld+json"})
    doc = json.loads(r.text)
    assert doc["@context"]["@vocab"] == SCHEMA and doc["@context"]["nkg"] == NKG
    node = next(n for n in doc["@graph"] if n["@id"] == iri)
    assert not any(k.startswith("http") for k in node), "terms compacted by the context"
    turtle = client.get(iri, headers={"Accept": "text/turtle"}).content
    assert isomorphic(parsed(r.content, "application/ld+json"),
                      Graph().parse(data=turtle, format="turtle"))
    for path in ("ns", "shapes", ".well-known/void"):
        doc = client.get(served.url + path, headers={"Accept": "application/ld+json"}).json()
        assert doc["@context"]["@vocab"] == SCHEMA, path


# ------------------------------------------------------------------ start and errors
def test_serve_says_with_which_base_iri_it_built(served: Served) -> None:
    log = served.log.read_text()
    assert f"building {SEEDS} with base IRI {served.url}" in log
    assert "was built with base IRI" not in log


def test_a_browser_gets_an_html_error_page(served: Served, client: httpx.Client) -> None:
    for path in ("entity/no-such-person", "nothing/here", "ns/9.9.9"):
        page = client.get(served.url + path, headers={"Accept": BROWSER})
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
        assert "<h1>404 Not found</h1>" in page.text and "<!doctype html>" in page.text
        for accept in ("text/turtle", "application/json", "*/*"):
            r = client.get(served.url + path, headers={"Accept": accept})
            assert r.status_code == 404
            assert r.headers["content-type"] == "application/problem+json", accept


def test_data_built_with_another_base_iri_is_served_by_path(
    seed_build: tuple[Settings, BuildResult], tmp_path: Path
) -> None:
    """A build made elsewhere (here with the tests' base IRI): one line at start names both
    IRIs, and each of its IRIs' paths is answered with a document describing that IRI."""
    import shutil

    out = tmp_path / "out"
    shutil.copytree(seed_build[0].out_dir, out, symlinks=True)
    for served in _kg_serve([str(out)], tmp_path / "serve.log"):
        lines = [x for x in served.log.read_text().splitlines() if "base IRI" in x]
        assert lines == [
            f"kg serve: {out} was built with base IRI {TEST_BASE}, not this server's URL "
            f"{served.url}: {TEST_BASE}entity/... is served at {served.url}entity/... (IRIs "
            f"that resolve need a build with --base-iri {served.url}, or a redirect from "
            f"{TEST_BASE} to here)"]
        with httpx.Client(timeout=30) as c:
            for kind in ("article", "person", "quotation", "run"):
                iri = one(served, c, KINDS[kind])
                assert iri.startswith(TEST_BASE)
                r = c.get(served.url + iri[len(TEST_BASE):], headers={"Accept": "text/turtle"})
                assert describes(Graph().parse(data=r.text, format="turtle"), iri), kind


def test_a_new_build_with_another_base_is_served_under_it(tmp_path: Path) -> None:
    """``kg serve`` picks up a new build made with another base IRI (say a plain ``kg build``
    into the folder it serves): its pages follow, each path answering for the new IRI."""
    from kg.pipeline import build
    from kg.web.app import create_app
    from tests.conftest import LiveServer, make_settings

    first = make_settings(tmp_path / "out", [SEEDS], reload_interval=0)
    build(first)
    app = create_app(first)
    with LiveServer(app) as live, httpx.Client(timeout=30) as c:
        served = Served(live.url + "/", tmp_path / "unused.log")
        iri = one(served, c, KINDS["person"])
        path = iri[len(TEST_BASE):]
        before = Graph().parse(data=c.get(live.url + "/" + path,
                                          headers={"Accept": "text/turtle"}).text)
        assert describes(before, iri)
        other = "https://elsewhere.test/kg/"
        assert build(first.with_(base_iri=other)).published
        assert app.state.backend.reload_if_changed()
        r = c.get(live.url + "/" + path, headers={"Accept": "text/turtle"})
        assert r.status_code == 200
        after = Graph().parse(data=r.text, format="turtle")
        assert describes(after, other + path) and not describes(after, iri)


def test_the_base_iri_of_a_gzipped_build_is_read(tmp_path: Path) -> None:
    from kg.cli import built_base_iri
    from kg.pipeline import build
    from tests.conftest import make_settings

    settings = make_settings(tmp_path / "out", [next(SEEDS.glob("*.txt"))], gzip=True)
    build(settings)
    assert (settings.dumps_dir / "void.ttl.gz").is_file()
    assert not (settings.dumps_dir / "void.ttl").exists()
    assert built_base_iri(settings.dumps_dir) == TEST_BASE


def test_parse_json_ld_from_the_pages_with_oxigraph_too(served: Served,
                                                        client: httpx.Client) -> None:
    iri = one(served, client, KINDS["statement"])
    r = client.get(iri, params={"format": "jsonld"})
    quads = list(ox.parse(r.content, ox.RdfFormat.JSON_LD))
    assert any(q.subject == ox.NamedNode(iri) for q in quads)
