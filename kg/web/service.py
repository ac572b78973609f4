"""What the server says about itself: service description, VoID, dumps, health, metrics, the
ontology and shapes, the example queries and the query page."""

from __future__ import annotations

import email.utils
import hashlib
import html
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from rdflib import Graph, URIRef

from kg.dump import JSONLD_CONTEXT, to_ox_triple
from kg.errors import NotFoundError
from kg.mapping.terms import Triple
from kg.namespaces import NKG, OWL, PREFIXES, RDF, RDFS, VOID
from kg.web import conneg
from kg.web.backend import Backend, get_backend

router = APIRouter()
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RESULT_FORMAT_IRIS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                      "SPARQL_Results_TSV", "Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD",
                      "RDF_XML")
RDF_FORMATS = {f.key: getattr(ox.RdfFormat, n) for f, n in (
    (conneg.TURTLE, "TURTLE"), (conneg.NTRIPLES, "N_TRIPLES"), (conneg.NQUADS, "N_QUADS"),
    (conneg.TRIG, "TRIG"), (conneg.JSONLD, "JSON_LD"), (conneg.RDFXML, "RDF_XML"))}
STATIC = Path(__file__).parent / "static"


def public_base(backend: Backend, request: Request) -> str:
    """The server's own URL: the public_url setting, else what the request came to."""
    return (backend.settings.public_url or str(request.base_url)).rstrip("/") + "/"


def rdf_response(triples: list[Triple], fmt: conneg.Format) -> Response:
    """Serialize rdflib triples (blank nodes allowed) in a negotiated RDF format; JSON-LD
    compacted with the context of the ``kg.jsonld`` dump."""
    if fmt is conneg.JSONLD:
        g = Graph()
        for t in triples:
            g.add(t)
        doc = g.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True)
        return Response(doc.encode(), media_type=fmt.content_type, headers={"Vary": "Accept"})
    quads = fmt.key in ("nquads", "trig")
    items: list[ox.Triple] | list[ox.Quad] = [to_ox_triple(s, p, o, True) for s, p, o in triples]
    if quads:
        items = [ox.Quad(t.subject, t.predicate, t.object) for t in items]
    prefixes = PREFIXES if fmt.key in ("turtle", "trig", "rdfxml") else None
    body = ox.serialize(items, format=RDF_FORMATS[fmt.key], prefixes=prefixes)
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


def service_description(backend: Backend, request: Request, fmt: conneg.Format) -> bytes:
    """SPARQL 1.1 Service Description of this endpoint, with its real URL and its dataset."""
    def sd(term: str) -> ox.NamedNode:
        return ox.NamedNode(SD + term)

    endpoint = ox.NamedNode(public_base(backend, request) + "sparql")
    dataset = ox.NamedNode(backend.settings.base_iri + "dataset")
    default = ox.BlankNode("defaultGraph")
    a = ox.NamedNode(str(RDF.type))
    t = [
        ox.Triple(endpoint, a, sd("Service")),
        ox.Triple(endpoint, sd("endpoint"), endpoint),
        ox.Triple(endpoint, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(endpoint, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(endpoint, sd("defaultEntailmentRegime"),
                  ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(endpoint, sd("defaultDataset"), dataset),
        ox.Triple(dataset, a, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, a, sd("Graph")),
        ox.Triple(default, ox.NamedNode(str(VOID.triples)), ox.Literal(str(backend.info.quads),
                  datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    ]
    t += [
        ox.Triple(endpoint, sd("resultFormat"), ox.NamedNode(FORMATS_NS + n))
        for n in RESULT_FORMAT_IRIS
    ]
    graphs = sorted(str(x.value) for x in backend.store.named_graphs())
    for i, g in enumerate(graphs[:1000]):
        node = ox.BlankNode(f"ng{i}")
        t += [ox.Triple(dataset, sd("namedGraph"), node), ox.Triple(node, a, sd("NamedGraph")),
              ox.Triple(node, sd("name"), ox.NamedNode(g))]
    items: list[Any] = [ox.Quad(x.subject, x.predicate, x.object) for x in t] \
        if fmt.key in ("nquads", "trig") else t
    prefixes = {"sd": SD, "void": str(VOID)} if fmt.key in ("turtle", "trig", "rdfxml") else None
    out = ox.serialize(items, format=RDF_FORMATS[fmt.key], prefixes=prefixes)
    assert out is not None
    return out


@router.get("/.well-known/void", summary="VoID description of the dataset")
def void(
    request: Request, format: str | None = None, backend: Backend = Depends(get_backend)
) -> Response:
    fmt = conneg.negotiate(request.headers.get("accept"), conneg.GRAPHS, format)
    path = backend.dumps_dir / "void.ttl"
    if not path.is_file():
        path = backend.dumps_dir / "void.ttl.gz"
    g = Graph()
    from kg.dump import open_dump

    with open_dump(path) as f:
        g.parse(f, format="turtle")  # type: ignore[arg-type]
    ds = URIRef(backend.settings.base_iri + "dataset")
    g.add((ds, VOID.sparqlEndpoint, URIRef(public_base(backend, request) + "sparql")))
    return rdf_response(list(g), fmt)  # type: ignore[arg-type]


@router.get("/dumps/{name:path}", summary="Download a dump file")
@router.head("/dumps/{name:path}", include_in_schema=False)
def dump_file(name: str, request: Request, backend: Backend = Depends(get_backend)) -> Response:
    root = backend.dumps_dir.resolve()
    path = (root / name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise NotFoundError(f"no dump file named {name!r}")
    st = path.stat()
    digest = hashlib.sha256(f"{root.name}/{name}/{st.st_size}/{st.st_mtime_ns}".encode())
    etag = '"' + digest.hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Last-Modified": email.utils.formatdate(st.st_mtime, usegmt=True),
               "Cache-Control": "public, max-age=60"}
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    media = _dump_media(name)
    return FileResponse(path, media_type=media, headers=headers, filename=Path(name).name)


def _dump_media(name: str) -> str:
    from kg.dump import MEDIA_TYPES

    if name.endswith(".gz"):
        return "application/gzip"
    return MEDIA_TYPES.get(Path(name).suffix, "application/octet-stream")


@router.get("/health", summary="Build id and size of the served dataset")
def health(backend: Backend = Depends(get_backend)) -> JSONResponse:
    return JSONResponse({
        "status": "ok",
        "build": backend.info.release,
        "triples": backend.info.quads,
        "workers": backend.pool.size,
        "workers_busy": backend.pool.busy,
    })


@router.get("/metrics", summary="Prometheus metrics")
def metrics(backend: Backend = Depends(get_backend)) -> Response:
    backend.metrics.triples.set(backend.info.quads)
    backend.metrics.busy.set(backend.pool.busy)
    return Response(backend.metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")


# ---------------------------------------------------------------------------- ontology and shapes
@lru_cache(maxsize=4)
def _asset_graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def _asset(request: Request, path: Path, title: str, format: str | None) -> Response:
    fmt = conneg.negotiate(request.headers.get("accept"), (*conneg.GRAPHS, conneg.HTML), format)
    g = _asset_graph(path)
    if fmt is conneg.HTML:
        return HTMLResponse(
            _vocabulary_page(g, title, path.read_text(encoding="utf-8"), request.url.path),
            headers={"Vary": "Accept"})
    if fmt is conneg.TURTLE:
        return Response(path.read_bytes(), media_type=fmt.content_type, headers={"Vary": "Accept"})
    return rdf_response(list(g), fmt)  # type: ignore[arg-type]


@router.get("/ns", summary="The kg ontology (HTML or RDF)")
def ontology(
    request: Request, format: str | None = None, backend: Backend = Depends(get_backend)
) -> Response:
    return _asset(request, backend.settings.ontology_path, "kg ontology (nkg:)", format)


@router.get("/ns/{version}", summary="One version of the kg ontology, at its owl:versionIRI")
def ontology_version(
    version: str, request: Request, format: str | None = None,
    backend: Backend = Depends(get_backend),
) -> Response:
    path = backend.settings.ontology_path
    if version_path(_asset_graph(path)) != f"ns/{version}":
        raise NotFoundError(f"ontology version {version!r} is not served here (only "
                            f"{version_path(_asset_graph(path))})")
    return _asset(request, path, f"kg ontology (nkg:), version {version}", format)


def version_path(g: Graph) -> str | None:
    """The path of the ontology's ``owl:versionIRI`` under its namespace's base
    (https://w3id.org/newskg/ns/0.1.0 -> ns/0.1.0), the path this server answers it at."""
    ontology = URIRef(str(NKG).rstrip("#/"))
    version = str(g.value(ontology, OWL.versionIRI) or "")
    base = ontology.rsplit("/", 1)[0] + "/"
    return version[len(base):] if version.startswith(base) else None


@router.get("/shapes", summary="The SHACL shapes (HTML or RDF)")
def shapes(
    request: Request, format: str | None = None, backend: Backend = Depends(get_backend)
) -> Response:
    return _asset(request, backend.settings.shapes_path, "kg SHACL shapes", format)


def _vocabulary_page(g: Graph, title: str, source: str, href: str) -> str:
    rows: list[str] = []
    kinds = ((OWL.Class, "Class"), (OWL.ObjectProperty, "Object property"),
             (OWL.DatatypeProperty, "Datatype property"), (OWL.NamedIndividual, "Individual"))
    for cls, label in kinds:
        for s in sorted({s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}):
            name = str(s).replace(str(NKG), "nkg:")
            lab = g.value(s, RDFS.label)
            com = g.value(s, RDFS.comment)
            rows.append(
                f"<tr id='{html.escape(str(s).rsplit('#', 1)[-1])}'>"
                f"<td><code>{html.escape(name)}</code></td><td>{label}</td>"
                f"<td>{html.escape(str(lab or ''))}</td><td>{html.escape(str(com or ''))}</td></tr>"
            )
    table = (
        (
            "<table><thead><tr><th>Term</th><th>Kind</th><th>Label</th><th>Comment</th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )
        if rows
        else ""
    )
    from kg.web.pages import alternates, layout

    return layout(
        title,
        f"<h1>{html.escape(title)}</h1>{table}<h2>Turtle</h2><pre>{html.escape(source)}</pre>"
        "<p>Also as <a href='?format=turtle'>Turtle</a>, <a href='?format=jsonld'>JSON-LD</a>, "
        "<a href='?format=rdfxml'>RDF/XML</a>, <a href='?format=nt'>N-Triples</a>.</p>",
        alternates(href, conneg.GRAPHS),
    )


# ---------------------------------------------------------------------------- the API page
SPARQL_ROW = ("GET, POST", "/sparql", "SPARQL 1.1 Protocol, queries only: query (GET or a form "
              "POST) or a direct POST (application/sparql-query); default-graph-uri, "
              "named-graph-uri, format, timeout (seconds, only lower than the limit)")


@router.get("/docs", include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    """The API reference from the OpenAPI description: a page with no script and nothing from
    elsewhere, so it works offline (FastAPI's own loads Swagger UI from a CDN)."""
    spec = request.app.openapi()
    rows = [SPARQL_ROW]
    for path, ops in sorted(spec["paths"].items()):
        for method, op in ops.items():
            params = ", ".join(p["name"] for p in op.get("parameters", []))
            rows.append((method.upper(), path, op.get("summary", "") + (
                f" ({params})" if params else "")))
    cells = "".join(f"<tr><td><code>{html.escape(m)}</code></td><td><code>{html.escape(p)}"
                    f"</code></td><td>{html.escape(what)}</td></tr>" for m, p, what in rows)
    from kg.web.pages import layout

    return HTMLResponse(layout("API", (
        f"<h1>{html.escape(spec['info']['title'])} {html.escape(spec['info']['version'])}</h1>"
        f"<p>{html.escape(spec['info'].get('description', ''))}</p>"
        "<table><thead><tr><th>Method</th><th>Path</th><th>What</th></tr></thead>"
        f"<tbody>{cells}</tbody></table>"
        "<p>The OpenAPI description: <a href='/openapi.json'>/openapi.json</a>.</p>")))


# ---------------------------------------------------------------------------- the query page
def example_queries(backend: Backend) -> list[dict[str, Any]]:
    out = []
    for p in sorted(backend.settings.queries_dir.glob("*.rq")):
        text = p.read_text(encoding="utf-8")
        comment = " ".join(
            line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")
        )
        out.append({"name": p.stem, "description": comment, "query": text})
    return out


@router.get("/queries", summary="The example queries shipped with kg")
def queries(backend: Backend = Depends(get_backend)) -> JSONResponse:
    return JSONResponse(example_queries(backend))


@router.get("/", response_class=HTMLResponse, summary="The query page")
def index(backend: Backend = Depends(get_backend)) -> HTMLResponse:
    page = (STATIC / "query.html").read_text(encoding="utf-8")
    data = json.dumps(example_queries(backend)).replace("</", "<\\/")
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    base = backend.settings.base_iri
    page = page.replace("/*PREFIXMAP*/{}", json.dumps(PREFIXES).replace("</", "<\\/"))
    page = page.replace("/*BASE*/\"\"", json.dumps(base).replace("</", "<\\/"))
    page = page.replace("/*PREFIXES*/\"\"", json.dumps(prefixes))
    page = page.replace("{{build}}", html.escape(backend.info.release))
    page = page.replace("{{triples}}", str(backend.info.quads))
    page = page.replace("/*EXAMPLES*/[]", data)  # last: the queries' text is not looked into
    return HTMLResponse(page)
