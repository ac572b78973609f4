"""Strict protocol and hostile queries: text that is not UTF-8, queries nested or sized to break
the engine, and a fuzz test that throws generated hostile queries at a live server.

Every refusal is problem+json; nothing a client sends may cost a query worker when it could have
been refused before the engine saw it; a worker that still dies answers problem+json, is counted
in /metrics, and is replaced, so the next query is answered.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.config import Settings
from kg.pipeline import BuildResult
from kg.web.http import ProblemH11Protocol, protocol
from tests.conftest import LiveServer, served_settings

PROBLEM = "application/problem+json"
DIRECT = {"Content-Type": "application/sparql-query"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=60) as c:
        yield c


def deaths(client: httpx.Client, url: str, cause: str = "crash") -> float:
    """kg_query_worker_deaths_total{cause=...} from /metrics (0 when never counted)."""
    text = client.get(url + "/metrics").text
    m = re.search(r'^kg_query_worker_deaths_total\{cause="' + cause + r'"\} (\S+)$', text, re.M)
    return float(m.group(1)) if m else 0.0


def is_problem(r: httpx.Response, status: int | None = None) -> dict[str, Any]:
    assert r.headers.get("content-type") == PROBLEM, (r.status_code, r.headers, r.text[:300])
    body: dict[str, Any] = r.json()
    assert body["status"] == r.status_code
    if status is not None:
        assert r.status_code == status, body
    return body


def answers_ask(client: httpx.Client, url: str) -> None:
    r = client.get(url + "/sparql", params={"query": "ASK {}"}, timeout=30)
    assert r.status_code == 200 and r.json()["boolean"] is True, r.text


# ---------------------------------------------------------------------------- not UTF-8
# (how it is sent, raw request kwargs); 0xFF and a lone continuation byte are never UTF-8, and a
# Latin-1 'é' (0xE9) is the common mistake.
SPARQL = "application/sparql-query"
NOT_UTF8: list[tuple[str, dict[str, Any]]] = [
    ("get percent-encoded", {"method": "GET", "url": "/sparql?query=ASK%20%7B%7D%20%23%FF"}),
    ("get percent-encoded latin-1",
     {"method": "GET", "url": "/sparql?query=ASK%20%7B%20FILTER(%22caf%E9%22)%20%7D"}),
    ("form percent-encoded",
     {"method": "POST", "content": b"query=ASK%20%7B%7D%20%23%FF", "headers": FORM}),
    ("form raw bytes", {"method": "POST", "content": b"query=ASK {} #\xe9t\xe9", "headers": FORM}),
    ("form second field",
     {"method": "POST", "content": b"query=ASK%20%7B%7D&default-graph-uri=%C3", "headers": FORM}),
    ("direct raw bytes",
     {"method": "POST", "content": b"ASK { FILTER(\"caf\xe9\") }", "headers": DIRECT}),
    ("direct charset utf-8", {"method": "POST", "content": b"ASK {} #\x80",
                              "headers": {"Content-Type": SPARQL + "; charset=utf-8"}}),
    ("update form",
     {"method": "POST", "content": b"update=INSERT%20DATA%20%7B%7D%20%23%FF", "headers": FORM}),
    ("update direct", {"method": "POST", "content": b"INSERT DATA {} #\xff",
                       "headers": {"Content-Type": "application/sparql-update"}}),
    ("update get", {"method": "GET", "url": "/sparql?update=INSERT%20DATA%20%7B%7D%23%FF"}),
]


@pytest.mark.parametrize(("how", "kw"), NOT_UTF8, ids=[n for n, _ in NOT_UTF8])
def test_text_that_is_not_utf8_is_refused_with_400(live: Any, client: httpx.Client, how: str,
                                                   kw: dict[str, Any]) -> None:
    kw = dict(kw)
    r = client.request(url=live.url + kw.pop("url", "/sparql"), **kw)
    body = is_problem(r, 400)
    assert "UTF-8" in body["detail"], body
    assert "\ufffd" not in r.text


def test_raw_bytes_in_a_get_url_are_refused(each_protocol: LiveServer) -> None:
    """Bytes over 0x7F unencoded in a request target are not HTTP (RFC 9112): refused as such,
    by the HTTP protocol `kg serve` runs (kg.web.http), before the app sees the request."""
    host, port = each_protocol.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(b"GET /sparql?query=ASK%20%7B%7D%20%23\xff\xfe HTTP/1.1\r\nHost: x\r\n"
                  b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), answer
    assert b"content-type: application/problem+json" in head.lower(), answer
    assert b"UTF-8" in body or b"ASCII" in body, answer


def test_valid_utf8_in_every_protocol_form_is_kept(live: Any, client: httpx.Client) -> None:
    q = 'SELECT ?x WHERE { BIND("caf\u00e9 \u2014 \U0001f600" AS ?x) }'
    for r in (client.get(live.url + "/sparql", params={"query": q}),
              client.post(live.url + "/sparql", data={"query": q}),
              client.post(live.url + "/sparql", content=q.encode(), headers=DIRECT)):
        assert r.status_code == 200, r.text
        assert r.json()["results"]["bindings"][0]["x"]["value"] == "caf\u00e9 \u2014 \U0001f600"


# ---------------------------------------------------------------------------- limits
DEPTH = 10_000
DEEP = {
    "braces": "SELECT * WHERE " + "{" * DEPTH + "}" * DEPTH,
    "parentheses": "ASK { FILTER(" + "(" * DEPTH + "1" + ")" * DEPTH + ") }",
    "functions": "ASK { FILTER(" + "COALESCE(" * DEPTH + "1" + ")" * DEPTH + ") }",
    "not": "ASK { FILTER(" + "!" * (10 * DEPTH) + "true) }",
    "paths": "ASK { ?s " + "^(" * DEPTH + "<p:p>" + ")" * DEPTH + " ?o }",
    "blank nodes": "ASK { ?s <p:p> " + "[ <p:p> " * DEPTH + "1" + " ]" * DEPTH + " }",
}


@pytest.mark.parametrize("how", ["form", "direct"])
@pytest.mark.parametrize("kind", list(DEEP))
def test_deep_nesting_is_refused_before_the_engine(live: Any, client: httpx.Client, kind: str,
                                                   how: str) -> None:
    pool = live.server.config.app.state.backend.pool
    killed, crashed = pool.killed, deaths(client, live.url)
    q = DEEP[kind]
    r = (client.post(live.url + "/sparql", data={"query": q}) if how == "form"
         else client.post(live.url + "/sparql", content=q.encode(), headers=DIRECT))
    body = is_problem(r, 400)
    assert body["setting"] == "max_query_depth" and body["limit"] == live.settings.max_query_depth
    assert "nested" in body["detail"]
    assert pool.killed == killed and deaths(client, live.url) == crashed
    answers_ask(client, live.url)


def test_brackets_in_strings_iris_and_comments_do_not_count(live: Any,
                                                            client: httpx.Client) -> None:
    deep = "(" * 5000
    q = f'SELECT ?x WHERE {{ BIND("{deep}" AS ?x) }} # {deep}\n'
    r = client.post(live.url + "/sparql", data={"query": q})
    assert r.status_code == 200, r.text


def test_nesting_up_to_the_limit_is_answered(live: Any, client: httpx.Client) -> None:
    d = live.settings.max_query_depth - 2  # the FILTER( and the group's { count too
    for q in ("SELECT * WHERE " + "{" * (d + 1) + "}" * (d + 1),
              "ASK { FILTER(" + "COALESCE(" * d + "1" + ")" * d + ") }",
              "ASK { " + "FILTER EXISTS { " * d + "}" * d + " }"):
        r = client.post(live.url + "/sparql", data={"query": q})
        assert r.status_code == 200, r.text[:300]
    answers_ask(client, live.url)


def test_a_query_over_the_size_limit_is_refused(live: Any, client: httpx.Client) -> None:
    limit = live.settings.max_query_bytes
    q = 'ASK { FILTER("' + "a" * limit + '") }'
    for r in (client.post(live.url + "/sparql", data={"query": q}),
              client.post(live.url + "/sparql", content=q.encode(), headers=DIRECT)):
        body = is_problem(r, 400)
        assert body["setting"] == "max_query_bytes" and body["limit"] == limit
    fits = 'ASK { FILTER("' + "a" * (limit - 100) + '") }'
    r = client.post(live.url + "/sparql", content=fits.encode(), headers=DIRECT)
    assert r.status_code == 200, r.text[:300]


def test_a_huge_body_is_refused_without_being_read_whole(live: Any, client: httpx.Client) -> None:
    limit = live.settings.max_query_bytes
    r = client.post(live.url + "/sparql", content=b"#" * (4 * limit + 100_000), headers=DIRECT)
    body = is_problem(r, 413)
    assert body["setting"] == "max_query_bytes"

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked
        for _ in range(5 * limit // 65536 + 2):
            yield b"#" * 65536

    r = client.post(live.url + "/sparql", content=chunks(), headers=DIRECT)
    is_problem(r, 413)
    answers_ask(client, live.url)


def test_a_flood_of_parameters_is_refused(live: Any, client: httpx.Client) -> None:
    r = client.post(live.url + "/sparql", content=b"query=ASK%20%7B%7D" + b"&a" * 20_000,
                    headers=FORM)
    assert "parameters" in is_problem(r, 400)["detail"]


def test_unterminated_strings_are_refused_in_linear_time(live: Any, client: httpx.Client) -> None:
    # '"\' repeated, never closed: a backtracking tokenizer rescans to the end at each quote
    q = "ASK {} " + '"\\' * 200_000
    r = client.post(live.url + "/sparql", content=q.encode(), headers=DIRECT, timeout=30)
    body = is_problem(r, 400)
    assert "string" in body["detail"]
    answers_ask(client, live.url)


# ---------------------------------------------------------------------------- a worker that dies
@pytest.fixture(scope="module")
def unbounded(seed_build: tuple[Settings, BuildResult],
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server whose limits let everything through to the engine."""
    from kg.web.app import create_app

    s = served_settings(seed_build, tmp_path_factory.mktemp("unbounded") / "out", query_timeout=5.0,
                        max_concurrent_queries=2, query_spare_workers=1, queue_wait=5.0,
                        max_query_depth=10_000_000, max_query_bytes=10_000_000, reload_interval=0.0)
    with LiveServer(create_app(s)) as server:
        yield server


def test_a_worker_that_dies_answers_problem_json_is_counted_and_replaced(
        unbounded: LiveServer, client: httpx.Client) -> None:
    url = unbounded.url
    before = deaths(client, url)
    killer = "SELECT * WHERE " + "{" * 300_000 + "}" * 300_000
    for _ in range(3):  # more than the workers and spares: each must be replaced
        r = client.post(url + "/sparql", content=killer.encode(), headers=DIRECT)
        body = is_problem(r, 500)
        assert "worker" in body["detail"]
        answers_ask(client, url)
    assert deaths(client, url) == before + 3
    health = client.get(url + "/health").json()
    assert health["status"] == "ok" and health["workers_busy"] == 0


def test_an_unexpected_failure_is_problem_json_too(fuzzed: LiveServer, client: httpx.Client,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.web.sparql

    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(kg.web.sparql, "analyze", broken)
    r = client.get(fuzzed.url + "/sparql", params={"query": "ASK { ?s ?p ?o . ?o ?q ?r }"})
    body = is_problem(r, 500)
    assert "RuntimeError" in body["detail"] and "a bug" not in body["detail"]
    # and in the path of a lookup the server answers itself (kg.web.bounded)
    monkeypatch.setattr(kg.web.sparql, "answer_here", broken)
    r = client.get(fuzzed.url + "/sparql", params={"query": "ASK {}"})
    body = is_problem(r, 500)
    assert "RuntimeError" in body["detail"] and "a bug" not in body["detail"]
    monkeypatch.undo()
    metrics = client.get(fuzzed.url + "/metrics").text
    assert 'kg_http_requests_total{method="GET",status="500"}' in metrics
    answers_ask(client, fuzzed.url)


# ---------------------------------------------------------------------------- fuzz
KEYWORDS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FILTER", "OPTIONAL", "UNION",
            "MINUS", "GRAPH", "BIND", "VALUES", "EXISTS", "NOT", "IN", "AS", "FROM", "NAMED",
            "PREFIX", "BASE",
            "ORDER", "BY", "GROUP", "HAVING", "LIMIT", "OFFSET", "DISTINCT", "REDUCED", "SERVICE",
            "SILENT", "INSERT", "DELETE", "DATA", "LOAD", "CLEAR", "DROP", "a", "UNDEF", "COALESCE",
            "IF", "REGEX", "STR", "COUNT", "SUM", "GROUP_CONCAT", "SEPARATOR", "true", "false"]
ATOMS = ["?s", "?p", "?o", "$x", "<p:p>", "<http://example.org/a>", "_:b", "[]", "1", "-2.5e3",
         '"x"', "'y'@en", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>', "*", ".", ";", ",",
         "{", "}", "(", ")", "[", "]", "!", "^", "/", "|", "+", "-", "&&", "||", "=", "<", ">",
         "#c\n", "\\u0053", "\"\"\"", "'", "\"", "\n", " "]
OPENERS = [("{", "}"), ("(", ")"), ("[", "]"), ("FILTER(", ")"), ("{ OPTIONAL {", "} }"),
           ("COALESCE(", ")"), ("EXISTS {", "}"), ("^(", ")"), ("{ SELECT * WHERE {", "} }"),
           ("!", "")]


class Hostile(bytes):
    """A generated query, shown by its start and length (a repr of 1 MB helps nobody)."""

    def __repr__(self) -> str:
        return f"<{len(self)} bytes: {bytes(self[:60])!r}...{bytes(self[-20:])!r}>"


@st.composite
def hostile(draw: st.DrawFn) -> Hostile:
    kind = draw(st.sampled_from(["nest", "literal", "path", "keywords", "bytes", "chain"]))
    if kind == "nest":
        opener, closer = draw(st.sampled_from(OPENERS))
        depth = draw(st.sampled_from([50, 900, 1_100, 10_000, 100_000]))
        inner = draw(st.sampled_from(["", "1", "?s ?p ?o", "true"]))
        balanced = draw(st.booleans())
        q = "ASK { FILTER(" * draw(st.integers(0, 1)) + opener * depth + inner
        q += closer * (depth if balanced else depth // 2)
    elif kind == "literal":
        size = draw(st.sampled_from([10_000, 500_000, 1_100_000]))
        quote = draw(st.sampled_from(['"', "'", '"""', "'''", "<"]))
        close = {"<": ">"}.get(quote, quote) if draw(st.booleans()) else ""
        unit = draw(st.sampled_from(["a", "\\", "\\u00e9", "é", "\"\\"]))
        q = "SELECT * WHERE { BIND(" + quote + unit * size
        q += close + " AS ?x) }"
    elif kind == "path":
        n = draw(st.sampled_from([10, 200, 5_000, 50_000]))
        op = draw(st.sampled_from(["/", "|", "/^", "|!"]))
        q = "ASK { ?s " + op.join(["<p:p>"] * n) + draw(st.sampled_from(["", "*", "+", "?"]))
        q += " ?o }"
    elif kind == "chain":
        item = draw(st.sampled_from(["OPTIONAL { ?a ?b ?c } ", "BIND(1 AS ?x) ", "MINUS {} ",
                                     "FILTER(true) ", "{} UNION ", "?a <p:p> ?b . "]))
        q = "ASK { " + item * draw(st.sampled_from([10, 1_000, 20_000])) + "}"
    elif kind == "keywords":
        words = draw(st.lists(st.sampled_from(KEYWORDS + ATOMS), min_size=1, max_size=60))
        q = " ".join(words)
    else:
        return Hostile(draw(st.binary(min_size=0, max_size=2_000)))
    return Hostile(q.encode())


@pytest.fixture(scope="module")
def fuzzed(seed_build: tuple[Settings, BuildResult],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from kg.web.app import create_app

    s = served_settings(seed_build, tmp_path_factory.mktemp("fuzzed") / "out", query_timeout=2.0,
                        max_concurrent_queries=2, query_spare_workers=2, queue_wait=10.0,
                        reload_interval=0.0)
    server = LiveServer(create_app(s))
    server.server.config.http = protocol()  # as `kg serve` runs it
    with server:
        yield server


@pytest.fixture(scope="module", params=["h11", "httptools"])
def each_protocol(request: pytest.FixtureRequest, seed_build: tuple[Settings, BuildResult],
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server on each HTTP protocol kg serve may run (httptools if installed, else h11)."""
    from kg.web.app import create_app

    s = served_settings(seed_build, tmp_path_factory.mktemp("proto") / "out", reload_interval=0.0)
    server = LiveServer(create_app(s))
    server.server.config.http = ProblemH11Protocol if request.param == "h11" else protocol()
    with server:
        yield server


@settings(max_examples=120, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=hostile(), how=st.sampled_from(["get", "form", "direct"]))
def test_fuzz_hostile_queries(fuzzed: LiveServer, client: httpx.Client, data: bytes,
                              how: str) -> None:
    url = fuzzed.url
    crashed = deaths(client, url)
    if how == "get":
        r = client.get(url + "/sparql?query=" + _quote(data[:10_000]).decode())
    elif how == "form":
        r = client.post(url + "/sparql", content=b"query=" + _quote(data), headers=FORM)
    else:
        r = client.post(url + "/sparql", content=data, headers=DIRECT)
    assert r.status_code != 500 or r.headers.get("content-type") == PROBLEM, r.text[:300]
    assert r.status_code < 500 or r.status_code == 503, r.text[:300]  # 503: the time limit only
    if r.status_code >= 400:
        is_problem(r)
    assert deaths(client, url) == crashed  # nothing here may kill a worker: it is refused first
    answers_ask(client, url)


def _quote(b: bytes) -> bytes:
    from urllib.parse import quote_from_bytes

    return quote_from_bytes(b, safe="").encode()


def test_fuzz_leaves_a_server_that_answers_at_once(fuzzed: LiveServer,
                                                   client: httpx.Client) -> None:
    answers_ask(client, fuzzed.url)
    app: Any = fuzzed.server.config.app
    pool = app.state.backend.pool
    assert pool.busy == 0 and pool.idle >= 1  # no worker lost, one ready

