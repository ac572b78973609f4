"""kg in front of a remote store: `kg load` into a real Oxigraph server (started here on a free
loopback port, empty and writable), then `kg serve --store` over it.

The endpoint matrix of tests/test_web_protocol.py (protocol forms x query forms x formats,
negotiation, refusals of updates and SERVICE, the time limit with a concurrent ``ASK {}``, the
concurrency cap) runs here on both backends: its tests are imported, and this module's ``live``
fixture (overriding conftest's) is the embedded server or one answering from the Oxigraph server.
Then the row cap and long streamed answers on both, the example queries' rows and every format
through `kg serve --store` (over Virtuoso 7 too, where installed) against the embedded engine's,
pages and service description, the W3C protocol tests, the request to a store that never answers
cancelled at the time limit (with the store's own limit and the credentials on it), the README's
commands, and loads that fail: a graph whose count is not the build's, and a `kg load` killed
mid-load, each leaving the store's graphs as they were.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.config import Settings
from kg.load import STAGING, Endpoints, load
from kg.pipeline import BuildResult
from tests import test_w3c_protocol as w3c
from tests import test_web_protocol as matrix
from tests.conftest import ROOT, LiveServer, require_tool, served_settings
from tests.stores import OxigraphWritable, json_answer
from tests.test_query_portability import _ox_cell

# The matrix of tests/test_web_protocol.py, run here on both backends (this module's ``live``);
# in this order: those whose slow query the Oxigraph server evaluates on after kg gave up last.
client = matrix.client
test_result_formats = matrix.test_result_formats
test_graph_formats = matrix.test_graph_formats
test_default_and_negotiated_formats = matrix.test_default_and_negotiated_formats
test_format_parameter_overrides_accept = matrix.test_format_parameter_overrides_accept
test_problem_shape = matrix.test_problem_shape
test_refused_requests = matrix.test_refused_requests
test_long_get_urls = matrix.test_long_get_urls
test_good_queries = matrix.test_good_queries
test_bad_queries = matrix.test_bad_queries
test_dataset_parameters = matrix.test_dataset_parameters
test_service_never_reaches_the_network = matrix.test_service_never_reaches_the_network
test_from_a_file_reads_nothing = matrix.test_from_a_file_reads_nothing
test_time_limit_stops_the_query_and_others_are_answered = (
    matrix.test_time_limit_stops_the_query_and_others_are_answered)
test_timeout_parameter_only_lowers_the_limit = matrix.test_timeout_parameter_only_lowers_the_limit
test_concurrency_cap_answers_503_with_retry_after = (
    matrix.test_concurrency_cap_answers_503_with_retry_after)

Seed = tuple[Settings, BuildResult]
REMOTE_SECTION = "A remote store: `kg load URL` and `kg serve --store URL`"  # README
MARK = "<urn:kg:test:marker> <urn:kg:test:says> \"loaded before\""


def oxigraph_exe() -> str:
    return require_tool("oxigraph", "pip install -e '.[test]'")


def load_cli(url: str, folder: Path) -> int:
    return main(["load", url, str(folder)])


@pytest.fixture(scope="module")
def remote_store(seed_build: Seed, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[OxigraphWritable]:
    """An Oxigraph server holding the seed build, put there by `kg load`."""
    store = OxigraphWritable(tmp_path_factory.mktemp("remote-store"), oxigraph_exe(), timeout=4)
    try:
        assert load_cli(store.root + "/store", seed_build[0].out_dir) == 0
        yield store
    finally:
        store.close()


def remote_settings(seed: Seed, dest: Path, store: OxigraphWritable, **kw: object) -> Settings:
    return served_settings(seed, dest, store_url=store.url,
                           store_union_param="union-default-graph", **kw)


@pytest.fixture(scope="module")
def remote_live(seed_build: Seed, remote_store: OxigraphWritable,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """`kg serve --store` over the Oxigraph server, with the settings of conftest's ``live``."""
    from kg.web.app import create_app

    settings = remote_settings(seed_build, tmp_path_factory.mktemp("served-remote") / "out",
                               remote_store, query_timeout=3.0, max_concurrent_queries=3,
                               queue_wait=0.5)
    with LiveServer(create_app(settings)) as server:
        server.settings = settings  # type: ignore[attr-defined]
        yield server


@pytest.fixture(scope="module")
def embedded_live(seed_build: Seed, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """`kg serve` on its embedded store, with the settings of conftest's ``live``."""
    from kg.web.app import create_app

    settings = served_settings(seed_build, tmp_path_factory.mktemp("served-embedded") / "out",
                               query_timeout=3.0, max_concurrent_queries=3, queue_wait=0.5)
    with LiveServer(create_app(settings)) as server:
        server.settings = settings  # type: ignore[attr-defined]
        yield server


@pytest.fixture(scope="module", params=["embedded", "remote"])
def live(request: pytest.FixtureRequest) -> Any:
    """The endpoint matrix's server (overriding conftest's): embedded, or `kg serve --store`."""
    return request.getfixturevalue(f"{request.param}_live")


# ---------------------------------------------------------------- the row cap, on both
@pytest.mark.parametrize("backend", ["embedded", "remote"])
def test_row_cap_is_never_a_short_answer(seed_build: Seed, tmp_path: Path, backend: str,
                                         request: pytest.FixtureRequest) -> None:
    from kg.web.app import create_app

    kw: dict[str, object] = {"max_rows": 2000, "max_concurrent_queries": 1}
    if backend == "remote":
        kw["store_url"] = request.getfixturevalue("remote_store").url
        kw["store_union_param"] = "union-default-graph"
    settings = served_settings(seed_build, tmp_path / "out", **kw)
    with LiveServer(create_app(settings)) as server, httpx.Client(timeout=30) as c:
        def get(query: str, **params: str) -> httpx.Response:
            return c.get(server.url + "/sparql", params={"query": query, **params})

        small = get("SELECT * WHERE { ?s ?p ?o } LIMIT 2000")
        assert small.status_code == 200 and len(small.json()["results"]["bindings"]) == 2000
        tiny_rows = get("SELECT ?b WHERE { ?s ?p ?o BIND(1 AS ?b) }", format="csv")
        assert tiny_rows.status_code == 422  # known before the first byte
        assert "2000" in tiny_rows.json()["detail"]
        for query in ("SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"):
            for fmt in ("json", "xml", "tsv") if query.startswith("SELECT") else ("nt", "ttl"):
                with pytest.raises(httpx.RemoteProtocolError):  # cut, never completed
                    get(query, format=fmt)
        graph = get("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2000", format="nt")
        assert graph.status_code == 200 and len(graph.text.splitlines()) == 2000
        assert get("ASK {}").json()["boolean"] is True


@pytest.mark.parametrize("backend", ["embedded", "remote"])
def test_a_long_answer_streams_whole_or_is_cut_at_the_cap(
        seed_build: Seed, tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    """Over 4 MB an answer streams (no length); past the cap once streaming, it is cut."""
    from kg.web.app import create_app

    triples = seed_build[1].triples
    cap = triples * 7 + 10
    kw: dict[str, object] = {"max_rows": cap, "max_concurrent_queries": 1}
    if backend == "remote":
        kw["store_url"] = request.getfixturevalue("remote_store").url
        kw["store_union_param"] = "union-default-graph"
    settings = served_settings(seed_build, tmp_path / "out", **kw)

    def query(copies: int) -> str:
        ks = " ".join(map(str, range(copies)))
        return f"SELECT * WHERE {{ ?s ?p ?o VALUES ?k {{ {ks} }} }}"

    with LiveServer(create_app(settings)) as server, httpx.Client(timeout=60) as c:
        r = c.post(server.url + "/sparql", data={"query": query(7)})
        assert r.status_code == 200 and len(r.content) > 4 * 1024 * 1024
        assert "content-length" not in r.headers  # streamed
        assert len(r.json()["results"]["bindings"]) == triples * 7
        with pytest.raises(httpx.RemoteProtocolError):
            c.post(server.url + "/sparql", data={"query": query(8)})
        assert c.get(server.url + "/sparql", params={"query": "ASK {}"}).status_code == 200


@pytest.mark.parametrize("protocol", ["get", "form", "direct"])
@pytest.mark.parametrize("form", ["select", "ask", "construct", "describe"])
def test_every_format_over_each_store(store_live: Any, client: httpx.Client, protocol: str,
                                      form: str) -> None:
    """Each result format of the form, whatever layout the store writes its answers in."""
    for media in matrix.RESULT_FORMATS if form in ("select", "ask") else matrix.GRAPH_FORMATS:
        r = matrix.ask(client, store_live.url, protocol, matrix.QUERIES[form], media)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].split(";")[0] == media
        if form in ("select", "ask"):
            matrix.check_results(form, media, r.content)
        else:
            assert list(ox.parse(r.content, matrix.GRAPH_FORMATS[media]))


# ---------------------------------------------------------------- rows, pages, self-description
@pytest.fixture(scope="module")
def engine(seed_build: Seed) -> ox.Store:
    """kg's embedded engine on the seed build, in memory."""
    store = ox.Store()
    store.bulk_load(path=str(seed_build[0].dumps_dir / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def virtuoso_live(seed_build: Seed, virtuoso: Any, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[Any]:
    """`kg serve --store` over Virtuoso 7 (loaded by its bulk loader, the README's command),
    given the time left as Virtuoso's own ``timeout``."""
    from kg.web.app import create_app

    settings = served_settings(seed_build, tmp_path_factory.mktemp("served-virtuoso") / "out",
                               store_url=virtuoso.url, store_timeout_param="timeout")
    with LiveServer(create_app(settings)) as server:
        server.settings = settings  # type: ignore[attr-defined]
        yield server


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def store_live(request: pytest.FixtureRequest) -> Any:
    """`kg serve --store` over the Oxigraph server, or over Virtuoso where installed."""
    return request.getfixturevalue("remote_live" if request.param == "oxigraph"
                                   else "virtuoso_live")


@pytest.mark.parametrize("path", sorted((ROOT / "queries").glob("*.rq")), ids=lambda p: p.stem)
def test_example_queries_give_the_embedded_rows(engine: ox.Store, store_live: Any,
                                                path: Path) -> None:
    remote_live = store_live
    query = path.read_text(encoding="utf-8")
    solutions = engine.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    expected = [tuple(_ox_cell(s[n]) for n in names) for s in solutions]
    r = httpx.post(remote_live.url + "/sparql", data={"query": query}, timeout=60,
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    got_names, rows = json_answer(r.json())
    assert got_names == names
    assert Counter(rows) == Counter(expected)
    assert expected, f"{path.name} finds nothing in the seed build: a weak check"


def test_pages_and_self_description_are_the_embedded_ones(embedded_live: Any,
                                                          remote_live: Any) -> None:
    live = embedded_live
    base = live.settings.base_iri
    query = ("PREFIX schema: <https://schema.org/> SELECT ?x WHERE { { ?x a schema:Person } "
             "UNION { ?x a schema:NewsArticle } UNION { ?x a schema:Organization } } "
             "ORDER BY ?x LIMIT 40")
    with httpx.Client(timeout=60) as c:
        iris = [b["x"]["value"] for b in c.get(live.url + "/sparql", params={"query": query})
                .json()["results"]["bindings"]]
        assert iris
        for iri in iris:
            path = "/" + iri[len(base):]
            same = [c.get(s.url + path, params={"format": "nt"}).text for s in (live, remote_live)]
            assert same[0] == same[1] and iri in same[0]
            pages = [c.get(s.url + path, headers={"Accept": "text/html"}) for s in
                     (live, remote_live)]
            assert pages[1].status_code == 200 and "<h1>" in pages[1].text
            assert pages[0].text == pages[1].text  # the same page, whichever store answers
        descriptions = [set(ox.parse(c.get(s.url + "/sparql", headers={"Accept": "text/turtle"})
                                     .content, ox.RdfFormat.TURTLE)) for s in (live, remote_live)]
        names = [{q.object for q in d if q.predicate.value.endswith("#name")}
                 for d in descriptions]
        assert names[0] == names[1] and names[0]
        void = [c.get(s.url + "/.well-known/void", params={"format": "nt"}) for s in
                (live, remote_live)]
        assert void[1].status_code == 200 and len(void[1].text) > 100
        graph = c.get(remote_live.url + "/rdf-graphs", params={"graph": base + "graph/entities"},
                      headers={"Accept": "application/n-triples"})
        assert graph.status_code == 200 and graph.text.count("\n") > 10
        health = c.get(remote_live.url + "/health").json()
        assert health["triples"] == c.get(live.url + "/health").json()["triples"]


def test_the_request_to_the_store_is_cancelled_at_the_time_limit() -> None:
    """A store that never answers: kg's request carries the store's own limit and the basic
    credentials, and its connection is closed at kg's limit (the store sees its end)."""
    import asyncio
    import base64
    import socket
    import threading

    from kg.errors import QueryTimeoutError
    from kg.web.remote_pool import RemotePool
    from kg.web.upstream import Upstream
    from kg.web.workers import Job

    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(30)
    seen: dict[str, Any] = {}

    def store() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(30)
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
            while len(body) < length:
                body += conn.recv(65536)
            seen["request"] = head + b"\r\n\r\n" + body
            seen["end"] = conn.recv(65536) == b""  # blocks until kg closes the connection

    thread = threading.Thread(target=store)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    pool = RemotePool(Upstream(url, ("kg", "s3cret"), "", "timeout"), 2, 1.0)
    job = Job(query="ASK { ?s ?p ?o }", form="ask", fmt="json", union=True)

    async def run() -> None:
        try:
            with pytest.raises(QueryTimeoutError, match="time limit of 1 s"):
                await pool.run(job, 1.0)
        finally:
            await pool.aclose()
            pool.close()

    try:
        asyncio.run(run())
    finally:
        thread.join(30)
        listener.close()
    head = seen["request"].decode()
    assert head.startswith("POST /sparql?timeout=")
    assert 0 < int(head.split("timeout=")[1].split()[0]) <= 1000
    assert "\r\nAuthorization: Basic " + base64.b64encode(b"kg:s3cret").decode() in head
    assert seen["end"] is True


def test_credentials_come_from_the_environment() -> None:
    """Basic auth for the store comes from KG_STORE_USER / KG_STORE_PASSWORD, and is never
    shown with the settings."""
    from kg.web.upstream import Upstream

    settings = Settings.from_env({"KG_STORE_USER": "kg", "KG_STORE_PASSWORD": "s3cret",
                                  "KG_STORE_URL": "http://127.0.0.1:9/query"})
    assert Upstream.of(settings).auth == ("kg", "s3cret")
    assert "s3cret" not in repr(settings)


# ---------------------------------------------------------------- the W3C protocol tests
test_w3c_protocol = w3c.test_w3c_protocol  # run here against kg serve --store


@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The W3C protocol manifest's data files, PUT as named graphs into an Oxigraph server, and
    `kg serve --store` over it (as tests/test_w3c_protocol.py's embedded server)."""
    from rdflib import Graph
    from rdflib.namespace import RDFS

    from kg.web.app import create_app

    if not w3c.CASES:
        pytest.skip("../shared/w3c-sparql11-protocol is not there")
    home = tmp_path_factory.mktemp("w3c-remote")
    store = OxigraphWritable(home / "store", oxigraph_exe(), timeout=10)
    try:
        g = Graph().parse(w3c.W3C / "manifest.ttl", format="turtle")
        for data in set(g.objects(None, w3c.UT.graphData)):
            name, label = g.value(data, w3c.UT.graph), g.value(data, RDFS.label)
            r = httpx.put(store.root + "/store", params={"graph": str(label)},
                          content=(w3c.W3C / Path(str(name)).name).read_bytes(),
                          headers={"Content-Type": "application/n-triples"})
            assert r.status_code in (201, 204), r.text
        (home / "out" / "dumps").mkdir(parents=True)  # VoID and dumps: none here
        settings = Settings(base_iri="https://kg.test/", out_dir=home / "out", query_timeout=5.0,
                            max_concurrent_queries=2, store_url=store.url,
                            store_union_param="union-default-graph", reload_interval=0)
        with LiveServer(create_app(settings)) as server:
            yield server
    finally:
        store.close()


# ---------------------------------------------------------------- loads that fail
def _with_marker(store: OxigraphWritable, graph: str) -> dict[str, int]:
    """The store's graph counts after a triple kg never made was put into ``graph``."""
    store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ {MARK} }} }}")
    return store.graph_counts()


def _graph_order(seed: Seed) -> list[str]:
    graphs = sorted((seed[0].dumps_dir / "graphs").glob("*.ttl.graph"))
    return [p.read_text(encoding="utf-8").strip() for p in graphs]


def _plus_one(t: Any, subjects: set[str | None]) -> ox.Triple:
    """A VoID triple, its void:triples one more if its subject is the graph or the dataset."""
    t = ox.Triple(t.subject, t.predicate, t.object)
    dataset = isinstance(t.subject, ox.NamedNode) and t.subject.value.endswith("/dataset")
    if (t.predicate.value.endswith("#triples") and isinstance(t.object, ox.Literal)
            and (t.subject.value in subjects or dataset)):
        return ox.Triple(t.subject, t.predicate,
                         ox.Literal(str(int(t.object.value) + 1), datatype=t.object.datatype))
    return t


def test_a_load_whose_count_is_wrong_leaves_the_store_as_it_was(
        seed_build: Seed, oxigraph_writable: OxigraphWritable, tmp_path: Path) -> None:
    from kg.errors import StoreError
    from kg.load import void_counts

    store = oxigraph_writable
    assert load_cli(store.root + "/store", seed_build[0].out_dir) == 0
    order = _graph_order(seed_build)
    before = _with_marker(store, order[0])
    # a copy of the build whose VoID gives the last listed graph one triple more than it has
    copy = tmp_path / "dumps"
    import shutil

    shutil.copytree(seed_build[0].dumps_dir.resolve(), copy)
    void = void_counts(copy)
    last = max(void.subsets, key=order.index)
    assert order.index(last) > 0
    n, total = void.subsets[last], void.triples
    assert total is not None
    (copy / "void.ttl").write_bytes(ox.serialize(
        [_plus_one(t, {last}) for t in ox.parse(path=str(copy / "void.ttl"),
                                                          format=ox.RdfFormat.TURTLE)],
        format=ox.RdfFormat.TURTLE) or b"")
    assert void_counts(copy).triples == total + 1
    assert void_counts(copy).subsets[last] == n + 1
    with pytest.raises(StoreError, match="left as they were"):
        load(Endpoints.of(store.root + "/store"), copy)
    assert store.graph_counts() == before  # the marker kept, nothing staged left behind
    assert not any(g.startswith(STAGING) for g in store.graph_counts())
    assert load_cli(store.root + "/store", seed_build[0].out_dir) == 0
    after = store.graph_counts()
    assert after[order[0]] == before[order[0]] - 1  # replaced: the marker is gone


def test_a_killed_load_leaves_the_store_as_it_was(
        seed_build: Seed, oxigraph_writable: OxigraphWritable) -> None:
    store = oxigraph_writable
    assert load_cli(store.root + "/store", seed_build[0].out_dir) == 0
    order = _graph_order(seed_build)
    before = _with_marker(store, order[0])
    env = dict(os.environ, KG_FAULT_POINT="remote-load-staged")
    run = subprocess.run([sys.executable, "-m", "kg", "load", store.root + "/store",
                          str(seed_build[0].out_dir)], env=env, capture_output=True, timeout=300)
    assert run.returncode == -signal.SIGKILL, run.stderr
    counts = store.graph_counts()
    assert {g: c for g, c in counts.items() if not g.startswith(STAGING)} == before
    assert sum(g.startswith(STAGING) for g in counts) == 2  # staged, never moved
    assert load_cli(store.root + "/store", seed_build[0].out_dir) == 0  # drops them, loads
    after = store.graph_counts()
    assert not any(g.startswith(STAGING) for g in after)
    assert after[order[0]] == before[order[0]] - 1
    assert set(after) == set(before)


# ---------------------------------------------------------------- the README's commands
def test_the_readme_commands(seed_build: Seed, tmp_path: Path) -> None:
    """The three lines of the README's remote-store section, run as written (free ports in place
    of 7878 and kg's 8000): the Oxigraph server, `kg load`, `kg serve --store`."""
    import shutil
    import time

    from tests.stores import command_lines, free_port, readme_blocks, stop, wait_for

    oxigraph_exe()
    shutil.copytree(seed_build[0].out_dir, tmp_path / "build", symlinks=True)
    block = readme_blocks(REMOTE_SECTION)[0]
    server, load_line, serve = command_lines(block.replace("7878", str(free_port())))
    port = free_port()
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")

    log = tmp_path / "stderr.log"

    def start(line: str) -> subprocess.Popen[bytes]:
        with log.open("ab") as err:
            return subprocess.Popen(["bash", "-c", "exec env " + line.rstrip("& ")],
                                    cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=err)

    store = start(server)
    kg = None
    try:
        wait_for(server.split("--bind ")[1].split()[0].join(("http://", "/query")), store,
                 "oxigraph serve")
        loaded = subprocess.run(["bash", "-c", load_line], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=300)
        assert loaded.returncode == 0, loaded.stderr
        assert "each graph's count checked" in loaded.stdout
        kg = start(f"{serve} --port {port}")
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            assert kg.poll() is None, log.read_text()
            try:
                health = httpx.get(url + "/health", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "kg serve --store did not start"
                time.sleep(0.2)
        assert health.json()["triples"] == seed_build[1].triples
        r = httpx.post(url + "/sparql", timeout=30, data={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == seed_build[1].triples
    finally:
        if kg is not None:
            stop(kg)
        stop(store)


def test_the_readme_reloads_virtuoso_with_its_bulk_loader(seed_build: Seed, virtuoso: Any) -> None:
    """The README's line that puts a new build into Virtuoso by its bulk loader replaces the
    graphs (a triple kg never made goes) and reports no error."""
    from tests.stores import command_lines, readme_blocks

    [line] = command_lines(readme_blocks(REMOTE_SECTION)[1])
    line = line.replace("isql-vt 1111 ", f"{virtuoso.isql} {virtuoso.sql_port} ", 1)
    order = _graph_order(seed_build)

    def ours() -> dict[str, int]:
        return {g: n for g, n in virtuoso.graph_counts().items() if g in order}

    before = ours()
    assert set(before) == set(order)
    mark = "<urn:kg:test:marker> <urn:kg:test:says> <urn:kg:test:before>"  # no quotes for bash
    virtuoso.bash(f'{virtuoso.isql} {virtuoso.sql_port} dba dba exec="SPARQL INSERT DATA '
                  f'{{ GRAPH <{order[0]}> {{ {mark} }} }};"')
    assert ours()[order[0]] == before[order[0]] + 1
    virtuoso.bash(line)
    assert ours() == before
    assert virtuoso.load_errors() == ""
