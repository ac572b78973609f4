"""Lookups the server answers itself (kg.web.bounded): which queries qualify, that the answer is
the worker's byte for byte, that a long answer still goes to a worker, and over HTTP."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.web.bounded import LOOKUP_ROWS, answer_here, lookup
from kg.web.worker import _answer

EX = "http://example.org/"

# (query, answered by the server itself?)
QUERIES = [
    ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10", True),
    ("select * where { ?s ?p ?o } limit 5 offset 3", True),
    ("SELECT * { ?s ?p ?o } OFFSET 2 LIMIT 3", True),
    (f"ASK {{ ?s a <{EX}Reporter> }}", True),
    ("ASK {}", True),
    ("ASK WHERE { }", True),
    (f"SELECT ?p ?o WHERE {{ <{EX}ada> ?p ?o }}", True),
    (f"PREFIX ex: <{EX}>\nSELECT ?who WHERE {{ ?who ex:name \"Ada Quill\"@en . }}", True),
    (f"BASE <{EX}> SELECT ?p WHERE {{ <ada> ?p ?o }}", True),
    (f'SELECT ?s WHERE {{ ?s ?p "3"^^<{EX}type> }}', True),
    ("SELECT ?s WHERE { ?s ?p 42 }", True),
    ("SELECT ?s WHERE { ?s ?p true }", True),
    # not a lookup: more than one pattern, or work not bounded by the rows written
    ("SELECT ?s WHERE { ?s ?p ?s }", False),  # a variable twice: a filter in disguise
    ("SELECT ?s WHERE { ?s ?p $s }", False),  # $s is ?s
    ("SELECT ?s WHERE { ?s ?p ?o FILTER(?o = 1) }", False),
    ("SELECT ?s WHERE { ?s ?p ?o . ?o ?q ?r }", False),
    (f"SELECT ?s WHERE {{ ?s a <{EX}Reporter> ; ?p ?o }}", False),
    (f"SELECT ?s WHERE {{ ?s <{EX}knows>/<{EX}knows> ?o }}", False),
    (f"SELECT ?s WHERE {{ ?s <{EX}knows>* ?o }}", False),
    ("SELECT DISTINCT ?s WHERE { ?s ?p ?o }", False),
    ("SELECT REDUCED ?s WHERE { ?s ?p ?o }", False),
    ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 1", False),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", False),
    ("SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s", False),
    (f"SELECT ?s WHERE {{ ?s ?p ?o }} OFFSET {LOOKUP_ROWS + 1} LIMIT 1", False),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 LIMIT 2", False),
    ("SELECT ?s WHERE { OPTIONAL { ?s ?p ?o } }", False),
    ("SELECT ?s WHERE { { ?s ?p ?o } UNION { ?o ?p ?s } }", False),
    ("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", False),
    (f"SELECT ?s FROM <{EX}g> WHERE {{ ?s ?p ?o }}", False),
    ("SELECT ?s WHERE { ?s ?p [] }", False),
    ("SELECT ?s WHERE { _:b ?p ?s }", False),
    ("SELECT ?s WHERE { ?s ?p ?o VALUES ?s { 1 } }", False),
    ("SELECT ?s WHERE { ?s ?p ?o BIND(1 AS ?b) }", False),
    ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", False),
    ("SELECT ?s WHERE { ?s ?p 1.5 }", False),
    ('SELECT ?s WHERE { ?s ?p "\\u0041" }', False),  # escapes: left to the engine's parser
    ('SELECT ?s WHERE { ?s ?p """x""" }', False),
    ("SELECT ?s WHERE { ?s ?p ?o } # a comment", False),
    ("\\u0053ELECT ?s WHERE { ?s ?p ?o }", False),
    ("CONSTRUCT WHERE { ?s ?p ?o }", False),
    ("DESCRIBE <http://example.org/ada>", False),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT", False),
    ("SELECT WHERE { ?s ?p ?o }", False),
    ("ASK { ?s ?p }", False),
    ("ASK { ?s ?p ?o ?x }", False),
    ("ASK { ?s ?p ?o } LIMIT 1", False),
    ("SELECTX ?s WHERE { ?s ?p ?o }", False),
    ("SELECT ?s WHERE { ?s ?p truex }", False),
    ("SELECT ?s WHERE { ?s ?p 1e5 }", False),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMITS 1", False),
    (f"PREFIX a: <{EX}> sElEcT ?s wHeRe {{ ?s a:name ?o }} LiMiT 1", True),
    ("SELECT ?s ?o WHERE { ?s ?p ?o. } LIMIT 5", True),
]


@pytest.mark.parametrize(("query", "here"), QUERIES)
def test_which_queries_the_server_answers_itself(query: str, here: bool) -> None:
    assert (lookup(query) is not None) is here


WORDS = ["SELECT", "ASK", "WHERE", "PREFIX", "BASE", "LIMIT", "OFFSET", "FILTER", "OPTIONAL",
         "UNION", "GRAPH", "DISTINCT", "ORDER", "BY", "VALUES", "BIND", "AS", "a", "true", "*",
         "{", "}", "(", ")", ".", ";", ",", "/", "|", "^", "!", "+", "?s", "?p", "?o", "$s",
         "<http://example.org/p>", "ex:p", ":q", '"x"', '"y"@en', "'z'^^ex:t", "1", "2000",
         "_:b", "[]", "1.5", "PREFIX ex: <http://example.org/>"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14))
def test_what_lookup_accepts_is_one_pattern_by_another_parser(words: list[str]) -> None:
    """Whatever ``lookup`` takes, rdflib's own SPARQL parser reads as the projection of at most
    one triple pattern, at most sliced, with OFFSET at most LOOKUP_ROWS: no filter, join,
    path, distinct, order or group. (Queries rdflib refuses are left to Oxigraph's parser:
    answer_here gives them to a worker.)"""
    from rdflib.plugins.sparql import prepareQuery

    query = " ".join(words)
    found = lookup(query)
    if found is None:
        return
    try:
        algebra = prepareQuery(query).algebra
    except Exception:
        return
    node = algebra.p
    if node.name == "Slice":
        assert (node.start or 0) <= LOOKUP_ROWS
        node = node.p
    assert node.name == "Project"
    assert node.p.name == "BGP" and len(node.p.triples) <= 1, query
    assert algebra.name == ("SelectQuery" if found.form == "select" else "AskQuery")


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    ex = ox.NamedNode
    quads = []
    for i in range(LOOKUP_ROWS + 50):
        person = ex(f"{EX}p{i}")
        graph = ex(f"{EX}g{i % 7}")
        quads += [
            ox.Quad(person, ex(f"{EX}name"), ox.Literal(f"Reporter {i}", language="en"), graph),
            ox.Quad(person, ex(f"{EX}age"), ox.Literal(str(i % 90),
                    datatype=ex("http://www.w3.org/2001/XMLSchema#integer")), graph),
        ]
    quads.append(ox.Quad(ex(f"{EX}ada"), ex("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                         ex(f"{EX}Reporter"), ex(f"{EX}g0")))
    quads.append(ox.Quad(ex(f"{EX}ada"), ex(f"{EX}name"), ox.Literal("Ada Quill", language="en"),
                         ex(f"{EX}g0")))
    s.extend(quads)
    return s


def _worker(store: ox.Store, query: str, form: str, fmt: str, max_rows: int) -> bytes:
    frames: list[bytes] = []
    job = {"query": query, "form": form, "fmt": fmt, "union": True, "default_graphs": None,
           "named_graphs": None, "max_rows": max_rows, "prefixes": [], "base_iri": EX}
    _answer(store, job, frames.append)
    assert frames[0][:1] == b"W", frames[0][:80]  # the whole answer in one frame
    return frames[0][1:]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize(("query", "here"), [q for q in QUERIES if q[1]])
def test_the_servers_answer_is_the_workers(store: ox.Store, query: str, here: bool,
                                           fmt: str) -> None:
    found = lookup(query)
    assert found is not None
    if found.form == "ask" and fmt in ("csv", "tsv"):
        assert answer_here(store, query, found, fmt, 10_000, EX) is None  # kg's own writer
        return
    mine = answer_here(store, query, found, fmt, 10_000, EX)
    assert mine is not None
    assert mine == _worker(store, query, found.form, fmt, 10_000)


def _here(store: ox.Store, query: str, fmt: str, max_rows: int,
          seconds: float | None = None) -> bytes | None:
    found = lookup(query)
    assert found is not None
    if seconds is None:
        return answer_here(store, query, found, fmt, max_rows, EX)
    return answer_here(store, query, found, fmt, max_rows, EX, seconds)


def test_a_long_answer_goes_to_a_worker(store: ox.Store) -> None:
    every = "SELECT ?s ?o WHERE { ?s <http://example.org/name> ?o }"  # LOOKUP_ROWS + 51 rows
    assert _here(store, every, "json", 100_000) is None
    assert _here(store, every + f" LIMIT {LOOKUP_ROWS}", "json", 100_000) is not None
    assert _here(store, every + f" LIMIT {LOOKUP_ROWS + 1}", "json", 100_000) is None


def test_an_answer_over_the_row_cap_goes_to_a_worker(store: ox.Store) -> None:
    """The worker decides between 422 and a cut answer; the server never writes past the cap."""
    ten = "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
    assert _here(store, ten, "csv", 9) is None  # a LIMIT over the cap: counted, and over it
    body = _here(store, ten, "csv", 10)
    assert body is not None and body.count(b"\n") == 11
    few = "SELECT * WHERE { <http://example.org/ada> ?p ?o }"  # 2 rows, no LIMIT: counted
    assert _here(store, few, "csv", 1) is None
    body = _here(store, few, "csv", 2)
    assert body is not None and body.count(b"\n") == 3


def test_a_lookup_past_its_time_goes_to_a_worker(store: ox.Store) -> None:
    """Without a LIMIT the server writes against a clock; with one, its work is bounded."""
    q = "SELECT * WHERE { <http://example.org/ada> ?p ?o }"
    assert _here(store, q, "json", 10_000, seconds=0.0) is None
    assert _here(store, q, "json", 10_000) is not None
    assert _here(store, q + " LIMIT 5", "json", 10_000, seconds=0.0) is not None


def test_an_engine_error_goes_to_a_worker(store: ox.Store) -> None:
    """The server never answers an error itself: the worker's answer names it."""
    bad = "SELECT ?s WHERE { ?s undeclared:p ?o }"  # a prefix never declared
    assert _here(store, bad, "json", 10) is None
    assert _here(store, bad + " LIMIT 1", "json", 10) is None


def _lookups(url: str) -> float:
    text = httpx.get(url + "/metrics", timeout=30).text
    m = re.search(r"^kg_sparql_lookups_in_server_total (\S+)$", text, re.M)
    assert m is not None
    return float(m.group(1))


def test_over_http_lookups_skip_the_workers(live: Any) -> None:
    before = _lookups(live.url)
    with httpx.Client(timeout=30) as c:
        r = c.get(live.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"},
                  headers={"accept": "application/sparql-results+json"})
        assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 3
        assert r.headers["kg-build"] and r.headers["vary"].startswith("Accept")
        assert _lookups(live.url) == before + 1
        r = c.get(live.url + "/sparql",
                  params={"query": "SELECT * WHERE { ?s ?p ?o . ?o ?q ?r } LIMIT 3"})
        assert r.status_code == 200 and _lookups(live.url) == before + 1  # a worker's
        # a long answer: begun here, then a worker's (the same rows as asked)
        r = c.get(live.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                  headers={"accept": "text/csv"})
        assert r.status_code == 200 and _lookups(live.url) == before + 1
        assert r.text.count("\n") - 1 > LOOKUP_ROWS


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv",
                                    "application/sparql-results+xml", None])
def test_a_lookup_answers_as_the_full_path_does(live: Any, accept: str | None) -> None:
    """GET takes the server's short path for a lookup (``kg.web.sparql.lookup_answer``); a form POST
    of the same query goes through ``answer`` and ``run_query`` (the request and response
    objects), also without a worker: the same body and headers."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 4"
    headers = {"origin": "https://example.org"} | ({"accept": accept} if accept else {})
    before = _lookups(live.url)
    with httpx.Client(timeout=30) as c:
        short = c.get(live.url + "/sparql", params={"query": query}, headers=headers)
        full = c.post(live.url + "/sparql", data={"query": query}, headers=headers)
    assert _lookups(live.url) == before + 2
    assert short.status_code == full.status_code == 200
    assert short.content == full.content
    for name in ("content-type", "vary", "kg-build", "kg-max-rows",
                 "access-control-allow-origin", "access-control-expose-headers"):
        assert short.headers.get(name) == full.headers.get(name), name


def test_a_long_lookup_is_tried_in_the_server_once(live: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A GET lookup found too long by the short path goes to a worker, not to a second try."""
    import kg.web.sparql

    calls: list[str] = []
    real = kg.web.sparql.answer_here

    def counted(*args: Any, **kw: Any) -> bytes | None:
        calls.append(args[1])
        return real(*args, **kw)

    monkeypatch.setattr(kg.web.sparql, "answer_here", counted)
    r = httpx.get(live.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                  headers={"accept": "text/csv"}, timeout=30)
    assert r.status_code == 200 and r.text.count("\n") - 1 > LOOKUP_ROWS
    assert len(calls) == 1


# ------------------------------------------------------------ lookups answered by the protocol
@pytest.fixture(scope="module")
def fast(seed_build: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A server on the httptools protocol, as `kg serve` runs it, answering lookups itself;
    ``fast.answered`` records, for each request it was asked about, whether it answered."""
    pytest.importorskip("httptools")
    from kg.web.app import create_app, lookups
    from kg.web.http import protocol
    from tests.conftest import LiveServer, served_settings

    app = create_app(served_settings(seed_build, tmp_path_factory.mktemp("fast") / "out",
                                     reload_interval=0.0))
    inner = lookups(app)
    answered: list[bool] = []

    def counted(scope: dict[str, Any]) -> Any:
        out = inner(scope)
        answered.append(out is not None)
        return out

    server = LiveServer(app)
    server.server.config.http = protocol(counted)
    with server:
        server.answered = answered  # type: ignore[attr-defined]
        yield server


def _raw(url: str, requests: bytes, answers: int) -> list[tuple[bytes, dict[bytes, bytes], bytes]]:
    """``requests`` written at once on one connection; the first ``answers`` answers read back
    (status line, headers, body by content-length), and the connection then closed."""
    import socket

    host, port = url.removeprefix("http://").split(":")
    out = []
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(requests)
        buf = b""
        for _ in range(answers):
            while b"\r\n\r\n" not in buf:
                chunk = s.recv(65536)
                assert chunk, "connection closed before the answer"
                buf += chunk
            head, buf = buf.split(b"\r\n\r\n", 1)
            status, *lines = head.split(b"\r\n")
            headers = dict(line.lower().split(b": ", 1) for line in lines)
            n = int(headers[b"content-length"])
            while len(buf) < n:
                buf += s.recv(65536)
            out.append((status, headers, buf[:n]))
            buf = buf[n:]
    return out


def _get(query: str, *extra: str) -> bytes:
    from urllib.parse import quote

    lines = [f"GET /sparql?query={quote(query)} HTTP/1.1", "host: 127.0.0.1",
             "accept: application/sparql-results+json", *extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_the_protocol_answers_a_lookup_as_the_app_does(fast: Any) -> None:
    """The same lookup answered by the protocol and by the app (a proxy's header sends it
    there): the same status, body and headers but the date."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 4"
    fast.answered.clear()
    (here,) = _raw(fast.url, _get(query, "origin: https://example.org"), 1)
    (app,) = _raw(fast.url, _get(query, "origin: https://example.org",
                                 "x-forwarded-for: 127.0.0.1"), 1)
    assert fast.answered == [True]  # the second was never asked
    assert here[0] == app[0] == b"HTTP/1.1 200 OK"
    assert here[2] == app[2] and len(json.loads(here[2])["results"]["bindings"]) == 4
    here[1].pop(b"date"), app[1].pop(b"date")
    assert here[1] == app[1]


def test_lookups_and_other_requests_share_a_kept_alive_connection(fast: Any) -> None:
    """Pipelined on one connection: a lookup, a query for a worker, a lookup, an ASK: four
    answers in order; the connection stays open for more."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?o ?q ?r }"
    fast.answered.clear()
    answers = _raw(fast.url, b"".join([_get("SELECT * WHERE { ?s ?p ?o } LIMIT 2"), _get(count),
                                       _get("SELECT * WHERE { ?s ?p ?o } LIMIT 1"),
                                       _get("ASK { ?s ?p ?o }")]), 4)
    assert [a[0] for a in answers] == [b"HTTP/1.1 200 OK"] * 4
    rows = [len(json.loads(a[2])["results"]["bindings"]) for a in answers[:3]]
    assert rows == [2, 1, 1] and json.loads(answers[3][2])["boolean"] is True
    assert True in fast.answered and False in fast.answered  # the count went to the app


def test_a_lookup_asking_to_close_is_the_apps(fast: Any) -> None:
    fast.answered.clear()
    (a,) = _raw(fast.url, _get("ASK {}", "connection: close"), 1)
    assert a[0] == b"HTTP/1.1 200 OK" and a[1][b"connection"] == b"close"
    assert fast.answered == []


def test_lookups_the_protocol_answers_are_counted(fast: Any) -> None:
    def served() -> float:
        text = httpx.get(fast.url + "/metrics", timeout=30).text
        m = re.search(r'^kg_http_requests_total\{method="GET",status="200"\} (\S+)$', text, re.M)
        assert m is not None, text[:2000]
        return float(m.group(1))

    before = served()
    fast.answered.clear()
    _raw(fast.url, _get("ASK {}") * 3, 3)
    assert fast.answered == [True] * 3
    assert served() == before + 4  # and the first /metrics
