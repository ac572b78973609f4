"""The W3C SPARQL 1.1 Protocol test manifest, run against kg's endpoint over real HTTP.

Each mf:ProtocolTest's requests are replayed as written (path, method, headers, body) against a
store holding the manifest's data files as named graphs. The expected status class and boolean
are checked. kg is read-only by design: where the manifest expects an update to succeed, kg must
answer 403 instead, and the requests that would check the update's effect are not replayed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from kg.config import Settings
from kg.store import StoreInfo, open_read_only
from tests.conftest import SHARED, LiveServer

W3C = SHARED / "w3c-sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"


def _cases() -> list[tuple[str, list[dict[str, Any]]]]:
    if not (W3C / "manifest.ttl").is_file():
        return []
    g = Graph().parse(W3C / "manifest.ttl", format="turtle")
    out = []
    for test in g.subjects(RDF.type, MF.ProtocolTest):
        action = g.value(test, MF.action)
        reqs = []
        for req in Collection(g, g.value(action, HT.requests)):
            headers = {}
            hl = g.value(req, HT.headers)
            if hl is not None:
                for h in Collection(g, hl):
                    headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            body = g.value(req, HT.body)
            resp = g.value(req, HT.resp)
            reqs.append(
                {
                    "path": str(g.value(req, HT.absolutePath)),
                    "method": str(g.value(req, HT.methodName)),
                    "headers": headers,
                    "body": None
                    if body is None
                    else (
                        str(g.value(body, CNT.chars)),
                        str(g.value(body, CNT.characterEncoding) or "UTF-8"),
                    ),
                    "status": sorted(
                        str(s)[len(HTS) :] for s in g.objects(resp, MF.expectedStatus)
                    ),
                    "boolean": g.value(resp, MF.expectedBoolean),
                }
            )
        out.append((str(test).rsplit("#", 1)[-1], reqs))
    return sorted(out)


CASES = _cases()


@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from kg.web.app import create_app
    from kg.web.backend import Backend
    from kg.web.workers import QueryPool

    if not CASES:
        pytest.skip("../shared/w3c-sparql11-protocol is not there")
    g = Graph().parse(W3C / "manifest.ttl", format="turtle")
    path = tmp_path_factory.mktemp("w3c") / "store"
    store = ox.Store(str(path))
    for data in set(g.objects(None, UT.graphData)):
        name, label = g.value(data, UT.graph), g.value(data, RDFS.label)
        file = W3C / Path(str(name)).name
        store.load(path=str(file), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(label)))
    store.flush()
    del store
    settings = Settings(base_iri="https://kg.test/", out_dir=path.parent, query_timeout=5.0,
                        max_concurrent_queries=2)
    pool = QueryPool(str(path), 2)
    pool.start()
    info = StoreInfo(path, "w3c", len(open_read_only(path)), 0.0)
    backend = Backend(settings, info, open_read_only(path), pool)
    with LiveServer(create_app(settings, backend)) as server:
        yield server
    pool.close()


def _is_update(req: dict[str, Any]) -> bool:
    ctype = req["headers"].get("content-type", "")
    body = req["body"][0] if req["body"] else ""
    return "sparql-update" in ctype or "update=" in req["path"] or body.startswith("update=")


@pytest.mark.parametrize(("name", "requests"), CASES, ids=[c[0] for c in CASES])
def test_w3c_protocol(w3c_server: Any, name: str, requests: list[dict[str, Any]]) -> None:
    with httpx.Client(timeout=30) as client:
        for req in requests:
            content = None
            if req["body"] is not None:
                chars, encoding = req["body"]
                content = chars.encode("utf-16" if encoding.upper() == "UTF-16" else "utf-8")
            r = client.request(req["method"], w3c_server.url + req["path"], headers=req["headers"],
                               content=content)
            if _is_update(req) and "2xx" in req["status"]:
                assert r.status_code == 403, (
                    f"{name}: an update must be refused, got {r.status_code}"
                )
                return  # kg is read-only: what would check the update's effect is not replayed
            assert f"{r.status_code // 100}xx" in req["status"], (
                f"{name}: {r.status_code} {r.text[:300]}"
            )
            if req["boolean"] is not None:
                assert r.json()["boolean"] is req["boolean"].toPython(), name
