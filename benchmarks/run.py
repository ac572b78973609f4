"""One benchmark command: build, validate, parse/serialize/load and serve, each beside the
alternatives, on the same generated data; prints Markdown tables and writes a report.

    python -m benchmarks.run --sizes 1000,10000 --workers 2 --report BENCHMARKS.md

Stages (each reported with the exact numbers measured in this run, nothing asserted):
  build      kg build --workers N on a generated corpus per size: articles/s, peak RSS of the
             whole process tree, and the share of worker time spent per stage (validation too);
  validate   one article graph: pySHACL (core only, and with SHACL-SPARQL) against kg's compiled
             checks on Oxigraph;
  rdf        on kg's own dump (kg.nq of the largest size): parse with pyoxigraph, rdflib's
             in-memory store and rdflib over oxrdflib; serialize with pyoxigraph and rdflib; bulk
             load into the on-disk Oxigraph store (rdflib runs on a slice when the dump is large);
  endpoint   kg serve, `oxigraph serve-read-only` and rdflib-endpoint over the same dump, a fixed
             mix of the repository's example queries plus cheap lookups, 1/8/32 concurrent
             clients for a fixed time each on loopback; every answer is first checked to be the
             same on all three. Then cheap lookups (10-row SELECT, ASK, one article) from
             --cheap-clients clients on keep-alive connections, the same client against kg and
             Oxigraph, with kg's throughput as a ratio of Oxigraph's; cheap lookups from one client
             beside heavy queries from the others; and each server's footprint
             (processes, total RSS) at idle, at its peak under the mix, and idle again after.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = "https://schema.org/"
START_LIMIT = 1800.0  # seconds a server may take to load the dump and answer


# ---------------------------------------------------------------------------- helpers
def table(headers: list[str], rows: list[list[Any]]) -> str:
    def cell(x: Any) -> str:
        if isinstance(x, float):
            return f"{x:,.3f}" if x < 10 else f"{x:,.1f}"
        if isinstance(x, int):
            return f"{x:,}"
        return str(x)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(x) for x in r) + " |" for r in rows]
    return "\n".join(lines)


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(
                next(ln.split()[1] for ln in status.splitlines() if ln.startswith("VmRSS:"))
            )
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Run a command; wall seconds, peak RSS (KB) of its process tree, and its stderr."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kb(proc.pid))
        time.sleep(0.1)
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    return time.perf_counter() - t0, peak, err


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, seconds: float, proc: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.args}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError(f"no answer from {url} within {seconds} s")


# ---------------------------------------------------------------------------- build
def corpus(size: int, work: Path) -> Path:
    from benchmarks.corpus import write

    folder = work / f"corpus-{size}"
    if not (folder / ".done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        write(size, folder, seed=1)
        (folder / ".done").write_text("")
    return folder


def real_corpus(folder: Path, n: int, work: Path) -> Path:
    """The first ``n`` articles of a folder of real news (``.txt``), linked into a scratch
    folder."""
    out = work / f"real-{n}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for f in sorted(folder.glob("*.txt"))[:n]:
        (out / f.name).symlink_to(f.resolve())
    return out


def bench_build(sizes: list[int], workers: int, work: Path,
                real: Path | None = None) -> tuple[str, dict[int, Path]]:
    """``kg build`` of the synthetic corpus at each size, or of real articles from ``real``."""
    rows, outs = [], {}
    for n in sizes:
        src = real_corpus(real, n, work) if real else corpus(n, work)
        out = work / (f"build-real-{n}" if real else f"build-{n}")
        shutil.rmtree(out, ignore_errors=True)
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
        cmd = [
            sys.executable,
            "-m",
            "kg",
            "build",
            str(src),
            "-o",
            str(out),
            "--workers",
            str(workers),
            "-q",
        ]
        wall, peak, _ = run_measured(cmd, env)
        report = json.loads((out / "report.json").read_text())
        sec = report["seconds"]
        worker_total = sum(v for k, v in sec.items() if k.startswith("worker_")) or 1.0
        share = {k[7:]: v / worker_total for k, v in sec.items() if k.startswith("worker_")}
        texts = [f.read_text(encoding="utf-8") for f in src.rglob("*.txt")]
        words = round(sum(len(t.split()) for t in texts) / len(texts)) if texts else "n/a"
        rows.append([n, report["built"], words, report["triples"], wall, n / wall, peak // 1024,
                     f"{share.get('validate', 0):.0%}", f"{share.get('extract', 0):.0%}",
                     f"{share.get('serialize', 0):.0%}"])
        outs[n] = out
    base = rows[0][6] or 1
    for r in rows:
        r.append(f"{r[6] / base:.2f}x")
    return table(
        [
            "articles",
            "built",
            "words/article",
            "triples",
            "wall s",
            "articles/s",
            "peak RSS MB",
            "validate share",
            "extract share",
            "serialize share",
            "RSS vs smallest",
        ],
        rows,
    ), outs


# ---------------------------------------------------------------------------- validation
def bench_validate(work: Path) -> str:
    import pyshacl
    from rdflib import Graph

    from kg.config import Settings
    from kg.extract import extract
    from kg.ingest import Options, read_file
    from kg.iris import Iris
    from kg.mapping.article import map_article
    from kg.namespaces import SH
    from kg.registry import default_registry
    from kg.shacl_sparql import check, compile_shapes
    from kg.validate import load_shapes, validate

    s = Settings()
    reg = default_registry()
    shapes = load_shapes(s.shapes_path, s.ontology_path)
    src = next(iter(sorted((corpus(10, work) / "0000").glob("*.txt"))))
    art = next(a for a in read_file(src, Options("en", 10**7), reg) if not isinstance(a, Exception))
    m = map_article(extract(art, reg), Iris(s.base_iri))  # type: ignore[arg-type]
    triples = [*m.triples, *m.entity_triples]
    g = Graph()
    for t in triples:
        g.add(t)  # type: ignore[arg-type]
    core = Graph()
    for t in shapes.graph:
        if t[1] != SH.sparql:
            core.add(t)

    def timed(fn: Callable[[], Any], repeat: int) -> float:
        t0 = time.perf_counter()
        for _ in range(repeat):
            fn()
        return (time.perf_counter() - t0) / repeat

    t0 = time.perf_counter()
    checks = compile_shapes(shapes)
    compile_s = time.perf_counter() - t0
    rows = [
        [
            "pySHACL, core constraints only",
            timed(
                lambda: pyshacl.validate(
                    g, shacl_graph=core, ont_graph=shapes.axioms, advanced=True
                ),
                3,
            ),
        ],
        ["pySHACL, core + SHACL-SPARQL (rdflib engine)", timed(lambda: validate(g, shapes), 2)],
        [
            "kg compiled checks on Oxigraph (all constraints)",
            timed(lambda: check(triples, checks), 20),
        ],
    ]
    for r in rows:
        r.append(rows[1][1] / r[1])
    return (
        f"One article graph of {len(g)} triples; compiling the shapes once per worker takes "
        f"{compile_s * 1000:.0f} ms ({len(checks.checks)} exact queries, "
        f"{len(checks.screens)} screens).\n\n"
        + table(["validator", "seconds per article", "speed-up vs pySHACL+SPARQL"], rows)
    )


# ------------------------------------------------------------------- parse / serialize / load
def bench_rdf(build: Path, work: Path, rdflib_max: int) -> str:
    import pyoxigraph as ox
    from rdflib import Dataset

    from kg.store import load

    nq = build / "dumps" / "kg.nq"
    data = nq.read_bytes()
    n = data.count(b"\n")
    lines = data.split(b"\n")
    sliced = b"\n".join(lines[:rdflib_max]) + b"\n" if n > rdflib_max else data
    m = min(n, rdflib_max)
    rows = []

    t0 = time.perf_counter()
    quads = list(ox.parse(data, ox.RdfFormat.N_QUADS))
    t = time.perf_counter() - t0
    rows.append(["parse N-Quads", "pyoxigraph", n, t, n / t])
    t0 = time.perf_counter()
    ds = Dataset()
    ds.parse(data=sliced, format="nquads")
    t = time.perf_counter() - t0
    rows.append(["parse N-Quads", "rdflib (in-memory store)", m, t, m / t])
    t0 = time.perf_counter()
    dso = Dataset(store="Oxigraph")
    dso.parse(data=sliced, format="ox-nquads")
    t = time.perf_counter() - t0
    rows.append(["parse N-Quads", "rdflib + oxrdflib", m, t, m / t])

    for fmt, rfmt, name in (
        (ox.RdfFormat.N_QUADS, "nquads", "N-Quads"),
        (ox.RdfFormat.TRIG, "trig", "TriG"),
    ):
        t0 = time.perf_counter()
        ox.serialize(quads, format=fmt)
        t = time.perf_counter() - t0
        rows.append([f"serialize {name}", "pyoxigraph", n, t, n / t])
        t0 = time.perf_counter()
        ds.serialize(format=rfmt)
        t = time.perf_counter() - t0
        rows.append([f"serialize {name}", "rdflib (in-memory store)", m, t, m / t])

    report = json.loads((build / "report.json").read_text())
    kg_ser = report["seconds"].get("worker_serialize", 0.0)
    t0 = time.perf_counter()
    for fmt in (
        ox.RdfFormat.TURTLE,
        ox.RdfFormat.TRIG,
        ox.RdfFormat.N_QUADS,
        ox.RdfFormat.N_TRIPLES,
        ox.RdfFormat.JSON_LD,
    ):
        ox.serialize(quads if fmt not in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES)
                     else [ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=fmt)
    ox_all = time.perf_counter() - t0
    rows.append(
        [
            "write all dump formats",
            "kg build (worker time, summed)",
            n,
            kg_ser,
            n / max(kg_ser, 1e-9),
        ]
    )
    rows.append(
        [
            "write all dump formats",
            "pyoxigraph alone (ttl, trig, nq, nt, jsonld)",
            n,
            ox_all,
            n / ox_all,
        ]
    )

    target = work / "load-store"
    shutil.rmtree(target, ignore_errors=True)
    t0 = time.perf_counter()
    count = load(target, nq)
    t = time.perf_counter() - t0
    rows.append(
        ["bulk load on-disk store", "pyoxigraph Store.bulk_load (kg serve)", count, t, count / t]
    )
    shutil.rmtree(target, ignore_errors=True)
    note = (
        f"On `kg.nq` of {n:,} quads. rdflib runs on the first {m:,} lines when the dump is larger "
        "(its rate is per quad, so the rates compare)."
    )
    return note + "\n\n" + table(["stage", "tool", "quads", "seconds", "quads/s"], rows)


# ---------------------------------------------------------------------------- endpoint
QUADRATIC = {"shared-statements"}  # compares every pair of quotes: an analysis, not a serving query


def query_mix() -> list[tuple[str, str]]:
    mix = [
        (p.stem, p.read_text())
        for p in sorted((ROOT / "queries").glob("*.rq"))
        if p.stem not in QUADRATIC
    ]
    mix += [
        ("cheap: ASK", "ASK { ?s a <https://schema.org/NewsArticle> }"),
        (
            "cheap: name lookup",
            f"SELECT ?e ?n WHERE {{ ?e a <{SCHEMA}Person> ; <{SCHEMA}name> ?n }} LIMIT 10",
        ),
        (
            "cheap: one article",
            f'SELECT ?p ?o WHERE {{ ?a <{SCHEMA}identifier> "bench-0000000" ; ?p ?o }}',
        ),
    ]
    return mix


def _norm(body: dict[str, Any]) -> Any:
    if "boolean" in body:
        return body["boolean"]
    xsd_string = "http://www.w3.org/2001/XMLSchema#string"
    out = []
    for b in body["results"]["bindings"]:
        row = []
        for k in sorted(b):
            v = b[k]
            dt = v.get("datatype")
            row.append((k, "uri" if v["type"] == "uri" else v["type"], v["value"],
                        None if dt == xsd_string else dt, v.get("xml:lang")))
        out.append(tuple(row))
    return sorted(out, key=repr)


def _servers(build: Path, rdflib_max_triples: int, timeout: float, kg_workers: list[int | None],
             worker_idle: float, baseline: Path | None = None,
             ) -> list[tuple[str, list[str], dict[str, str], str]]:
    store = (build / "store").resolve()
    triples = json.loads((build / "report.json").read_text())["triples"]
    out = []
    for n in kg_workers:  # None: kg's default number of query workers
        p = free_port()
        env = {
            "KG_QUERY_TIMEOUT": str(timeout),
            "KG_QUEUE_WAIT": str(timeout),
            "KG_RELOAD_INTERVAL": "0",
            "KG_QUERY_WORKER_IDLE": str(worker_idle),
        }
        if n is not None:
            env["KG_MAX_CONCURRENT_QUERIES"] = str(n)
        out.append(("kg serve" if n is None else f"kg serve ({n} workers)",
                    [sys.executable, "-m", "kg", "serve", str(build), "--port", str(p)], env,
                    f"http://127.0.0.1:{p}/sparql"))
    if baseline is not None:  # another kg's source tree (say, an earlier commit's), same settings
        p = free_port()
        boot = (f"import sys; sys.path.insert(0, {str(baseline.resolve())!r}); "
                "from kg.cli import main; sys.exit(main(sys.argv[1:]))")
        out.append((f"kg serve ({baseline.name})",
                    [sys.executable, "-c", boot, "serve", str(build), "--port", str(p)],
                    out[0][2], f"http://127.0.0.1:{p}/sparql"))
    oxigraph = shutil.which("oxigraph")
    if oxigraph:
        p = free_port()
        out.append(
            (
                "oxigraph serve-read-only",
                [
                    oxigraph,
                    "serve-read-only",
                    "--location",
                    str(store),
                    "--bind",
                    f"127.0.0.1:{p}",
                    "--union-default-graph",
                    "--timeout-s",
                    str(int(timeout)),
                ],
                {},
                f"http://127.0.0.1:{p}/query",
            )
        )
    if triples <= rdflib_max_triples:
        p = free_port()
        out.append(("rdflib-endpoint", [sys.executable, "-m", "benchmarks.rdflib_server",
                                        str(build / "dumps" / "kg.nq"), str(p)], {},
                    f"http://127.0.0.1:{p}/sparql"))
    return out


def _load(
    url: str, mix: list[tuple[str, str]], clients: int, seconds: float, timeout: float
) -> dict[str, Any]:
    lat: dict[str, list[float]] = {name: [] for name, _ in mix}
    errors = [0]
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        with httpx.Client(timeout=timeout + 5) as c:
            k = i
            while time.monotonic() < stop:
                name, q = mix[k % len(mix)]
                k += 1
                t0 = time.perf_counter()
                try:
                    r = c.post(
                        url,
                        data={"query": q},
                        headers={"Accept": "application/sparql-results+json"},
                    )
                    r.raise_for_status()
                    r.json()  # a 200 whose body was cut off (a server's time limit) is no answer
                    lat[name].append(time.perf_counter() - t0)
                except (httpx.HTTPError, ValueError):
                    errors[0] += 1

    wall = _run_all([threading.Thread(target=client, args=(i,)) for i in range(clients)])
    every = [x for v in lat.values() for x in v]
    cheap = [x for k, v in lat.items() if k.startswith("cheap") for x in v]

    def pct(xs: list[float], q: float) -> float:
        return (
            statistics.quantiles(xs, n=100)[q - 1] * 1000
            if len(xs) >= 2
            else (xs[0] * 1000 if xs else float("nan"))
        )

    return {"qps": len(every) / wall, "p50": pct(every, 50), "p99": pct(every, 99),
            "cheap_p99": pct(cheap, 99), "errors": errors[0], "done": len(every)}


def cheap_queries(article: str) -> list[tuple[str, str]]:
    """Lookups of the kind linked-data pages, crawlers and query pages send."""
    return [
        ("10-row SELECT", "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"),
        ("ASK", f"ASK {{ ?s a <{SCHEMA}NewsArticle> }}"),
        ("one article", f"SELECT ?p ?o WHERE {{ <{article}> ?p ?o }}"),
    ]


def an_article(store: Path) -> str:
    import pyoxigraph as ox

    q = f"SELECT ?a WHERE {{ ?a a <{SCHEMA}NewsArticle> }} LIMIT 1"
    row = next(iter(ox.Store.read_only(str(store)).query(q, use_default_graph_as_union=True)))
    return str(row["a"].value)


def _get_loop(url: str, query: str, stop: float, lat: list[float], errors: list[int]) -> None:
    """One client: GET requests on one keep-alive connection, read with as little work as it
    takes (a Python HTTP client would cost more per request than a cheap query does)."""
    from urllib.parse import urlencode, urlsplit

    u = urlsplit(url)
    request = (f"GET {u.path}?{urlencode({'query': query})} HTTP/1.1\r\nHost: {u.netloc}\r\n"
               "Accept: application/sparql-results+json\r\n\r\n").encode()
    with socket.create_connection((u.hostname, u.port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        f = sock.makefile("rb")
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            sock.sendall(request)
            status = f.readline()
            length, chunked = None, False
            while (line := f.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
                elif name.strip().lower() == b"transfer-encoding":
                    chunked = b"chunked" in value.lower()
            body = b""
            if chunked:
                while (n := int(f.readline().split(b";")[0], 16)) > 0:
                    body += f.read(n)
                    f.readline()
                f.readline()
            elif length is not None:
                body = f.read(length)
            try:
                json.loads(body)
                ok = b" 200 " in status
            except ValueError:
                ok = False
            if ok:
                lat.append(time.perf_counter() - t0)
            else:
                errors[0] += 1


def _client(url: str, query: str, stop: float, lat: list[float], errors: list[int]) -> None:
    while time.monotonic() < stop:  # a connection the server closed counts as an error
        try:
            _get_loop(url, query, stop, lat, errors)
        except OSError:
            errors[0] += 1


def _run_all(threads: list[threading.Thread]) -> float:
    """Start the client threads together and wait for all: the wall seconds they took."""
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def cheap_load(url: str, query: str, clients: int, seconds: float) -> dict[str, float]:
    lat: list[float] = []
    errors = [0]
    stop = time.monotonic() + seconds
    wall = _run_all([threading.Thread(target=_client, args=(url, query, stop, lat, errors))
                     for _ in range(clients)])
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [float("nan")] * 99
    return {"rps": len(lat) / wall, "p50": q[49] * 1000, "p99": q[98] * 1000,
            "errors": errors[0]}


def cheap_beside_heavy(url: str, mix: list[tuple[str, str]], cheap: list[tuple[str, str]],
                       clients: int, seconds: float, timeout: float) -> dict[str, float]:
    """One client sends the cheap lookups in turn (50 ms apart) while ``clients - 1`` others run
    the heavy example queries: the cheap ones' latency, from many answers, not a handful."""
    heavy = [(n, q) for n, q in mix if not n.startswith("cheap")]
    stop = time.monotonic() + seconds
    lat: list[float] = []
    errors = [0]

    def heavy_client(i: int) -> None:
        with httpx.Client(timeout=timeout + 5) as c:
            k = i
            while time.monotonic() < stop:
                with contextlib.suppress(httpx.HTTPError):
                    c.post(url, data={"query": heavy[k % len(heavy)][1]},
                           headers={"Accept": "application/sparql-results+json"})
                k += 1

    def cheap_client() -> None:
        with httpx.Client(timeout=timeout + 5) as c:
            time.sleep(min(2.0, seconds / 10))  # the heavy queries first
            k = 0
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                try:
                    r = c.get(url, params={"query": cheap[k % len(cheap)][1]},
                              headers={"Accept": "application/sparql-results+json"})
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    lat.append(time.perf_counter() - t0)
                else:
                    errors[0] += 1
                k += 1
                time.sleep(0.05)

    threads = [threading.Thread(target=heavy_client, args=(i,)) for i in range(clients - 1)]
    threads.append(threading.Thread(target=cheap_client))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [float("nan")] * 99
    return {"n": len(lat), "p50": q[49] * 1000, "p99": q[98] * 1000,
            "max": max(lat, default=float("nan")) * 1000, "errors": errors[0]}


def tree_processes(pid: int) -> int:
    n, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
            n += 1
        except OSError:
            continue
    return n


class Footprint:
    """Processes and total RSS of a server's process tree, sampled in the background."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_rss = self.peak_procs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def now(self) -> tuple[int, float]:
        return tree_processes(self.pid), tree_rss_kb(self.pid) / 1024

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            procs, rss = self.now()
            self.peak_procs = max(self.peak_procs, procs)
            self.peak_rss = max(self.peak_rss, int(rss))

    def __enter__(self) -> Footprint:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _cheap_on_oxigraph(cmd: list[str], cheap: list[tuple[str, str]], clients: int,
                       seconds: float) -> dict[str, dict[str, float]]:
    """The cheap loads on an Oxigraph server of their own, started without --timeout-s: with it,
    the server starts a thread per query and, after some tens of thousands of queries in a few
    seconds, aborts ("failed to set up alternative stack guard page": 0.5.13, seen here), which
    would also end the mix. Without it, it is also at its fastest."""
    i = cmd.index("--timeout-s")
    port = free_port()
    bind = cmd.index("--bind")
    cmd = [*cmd[:i], *cmd[i + 2:]]
    cmd[bind + 1] = f"127.0.0.1:{port}"
    url = f"http://127.0.0.1:{port}/query"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http(url.rsplit("/", 1)[0] + "/", START_LIMIT, proc)
        return {q: cheap_load(url, text, clients, seconds) for q, text in cheap}
    finally:
        proc.terminate()
        proc.wait(30)


def bench_endpoint(build: Path, clients: list[int], seconds: float, rdflib_max_triples: int,
                   timeout: float, kg_workers: list[int | None] | None = None,
                   cheap_clients: int = 8, cheap_seconds: float = 10.0,
                   worker_idle: float = 30.0, baseline: Path | None = None) -> str:
    from kg.config import Settings
    from kg.store import ensure_store

    info = ensure_store(Settings(out_dir=build))
    mix = query_mix()
    servers = _servers(build, rdflib_max_triples, timeout, kg_workers or [None], worker_idle,
                       baseline)
    cheap = cheap_queries(an_article(info.path))
    cheap_rows: dict[str, dict[str, dict[str, float]]] = {}
    foot_rows = []
    beside_rows = []
    answers: dict[str, dict[str, Any]] = {}
    broken: list[str] = []
    rows = []
    for name, cmd, env, url in servers:
        proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            try:
                wait_http(url.rsplit("/", 1)[0] + "/", START_LIMIT, proc)
            except RuntimeError as e:  # recorded, so the other servers' figures are kept
                rows.append(
                    [
                        name,
                        "-",
                        0,
                        0.0,
                        float("nan"),
                        float("nan"),
                        float("nan"),
                        f"did not start: {e}",
                    ]
                )
                continue
            idle_procs, idle_rss = Footprint(proc.pid).now()
            answers[name] = {}
            stuck = False
            for qname, q in mix:
                if stuck:
                    # a server that let one query run past the client's limit is still busy with
                    # it (rdflib-endpoint cannot stop a query): every later check would wait too
                    answers[name][qname] = "not asked (the server was still busy)"
                    continue
                try:
                    r = httpx.post(
                        url,
                        data={"query": q},
                        headers={"Accept": "application/sparql-results+json"},
                        timeout=timeout + 5,
                    )
                except httpx.HTTPError as e:
                    answers[name][qname] = f"no answer ({type(e).__name__})"
                    stuck = True
                    continue
                try:
                    answers[name][qname] = (
                        _norm(r.json()) if r.status_code == 200 else f"HTTP {r.status_code}"
                    )
                except ValueError:  # a 200 whose body is not JSON: a cut-off answer
                    answers[name][qname] = f"HTTP {r.status_code} with a broken body"
                    broken.append(f"{name}: {qname}")
            if name.startswith("kg serve"):
                cheap_rows[name] = {q: cheap_load(url, text, cheap_clients, cheap_seconds)
                                    for q, text in cheap}
            elif name.startswith("oxigraph"):
                cheap_rows[name] = _cheap_on_oxigraph(cmd, cheap, cheap_clients, cheap_seconds)
            if name != "rdflib-endpoint":
                b = cheap_beside_heavy(url, mix, cheap, cheap_clients, seconds, timeout)
                beside_rows.append([name, cheap_clients - 1, b["n"], b["p50"], b["p99"], b["max"],
                                    b["errors"]])
            for c in clients:
                with Footprint(proc.pid) as fp:
                    res = _load(url, mix, c, seconds, timeout)
                if c == max(clients):
                    if name.startswith("kg serve"):
                        # kg stops its extra workers after worker_idle s (looked at every 5 s)
                        time.sleep(worker_idle + 8.0)
                    foot_rows.append([name, idle_procs, round(idle_rss), c, fp.peak_procs,
                                      fp.peak_rss, *map(round, Footprint(proc.pid).now())])
                rows.append(
                    [
                        name,
                        c,
                        res["done"],
                        res["qps"],
                        res["p50"],
                        res["p99"],
                        res["cheap_p99"],
                        res["errors"],
                    ]
                )
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    ref = answers.get(servers[0][0], {})
    same = {n: sum(1 for q in ref if a.get(q) == ref[q]) for n, a in answers.items()}
    note = (
        f"Answers equal to {servers[0][0]}'s, per server: "
        + ", ".join(f"{n} {same[n]}/{len(mix)}" for n in answers)
        + ".\n\nQuery mix: "
        + ", ".join(q for q, _ in mix)
        + f" (left out: {', '.join(sorted(QUADRATIC))}, which compares every pair of quotes)."
    )
    if broken:
        note += "\n\nAnswered 200 with a body that is not valid JSON: " + "; ".join(broken) + "."
    if not any(n == "rdflib-endpoint" for n, *_ in servers):
        note += (f"\n\nrdflib-endpoint not run: the dump is over {rdflib_max_triples:,} triples, "
                 "which rdflib holds in memory.")
    mix_table = table(["server", "clients", "answers", "queries/s", "p50 ms", "p99 ms",
                       "p99 ms (cheap)", "errors"], rows)
    beside = table(["server", "heavy clients", "cheap answers", "cheap p50 ms", "cheap p99 ms",
                    "cheap max ms", "errors"], beside_rows)
    return "\n\n".join([note, mix_table, _ratios(rows, cheap_rows, cheap_clients), beside,
                         table(["server", "idle: processes", "idle: RSS MB", "under clients",
                                "peak processes", "peak RSS MB", "after: processes",
                                "after: RSS MB"], foot_rows)])


def _ratios(rows: list[list[Any]], cheap: dict[str, dict[str, dict[str, float]]],
            clients: int) -> str:
    """kg's throughput over the Oxigraph server's: each cheap query, and the mix per clients."""
    ox = "oxigraph serve-read-only"
    out = []
    for name, per in cheap.items():
        for q, r in per.items():
            ref = cheap.get(ox, {}).get(q, {}).get("rps", float("nan"))
            out.append([name, f"cheap: {q}", clients, r["rps"], r["p50"], r["p99"], r["errors"],
                        f"{r['rps'] / ref:.2f}x" if ref == ref and ref else "-"])
    mix = {(r[0], r[1]): r[3] for r in rows}
    for (name, c), qps in mix.items():
        ref = mix.get((ox, c), float("nan"))
        out.append([name, "example-query mix", c, qps, float("nan"), float("nan"), "",
                    f"{qps / ref:.2f}x" if ref == ref and ref else "-"])
    return table(["server", "load", "clients", "queries/s", "p50 ms", "p99 ms", "errors",
                  "vs Oxigraph"], out)


# ---------------------------------------------------------------------------- main
def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next(
        (
            int(ln.split()[1]) // 1024 // 1024
            for ln in Path("/proc/meminfo").read_text().splitlines()
            if ln.startswith("MemTotal")
        ),
        0,
    )
    import pyoxigraph
    import pyshacl
    import rdflib

    return (
        f"{os.cpu_count()} cores ({cpu}), {mem} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
        f"rdflib {rdflib.__version__}, pySHACL {pyshacl.__version__}"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="kg benchmarks, with the alternatives, in one run")
    p.add_argument("--sizes", default="1000,10000", help="corpus sizes to build (comma-separated)")
    p.add_argument("--workers", type=int, default=2, help="kg build --workers")
    p.add_argument("--clients", default="1,8,32", help="concurrent clients for the endpoint")
    p.add_argument(
        "--seconds", type=float, default=10.0, help="duration of each endpoint load step"
    )
    p.add_argument(
        "--endpoint-size", type=int, help="size whose build is served (default: smallest)"
    )
    p.add_argument(
        "--rdflib-max", type=int, default=200_000, help="rdflib parses at most this many quads"
    )
    p.add_argument("--rdflib-endpoint-max", type=int, default=600_000,
                   help="rdflib-endpoint runs only on dumps up to this many triples")
    p.add_argument("--timeout", type=float, default=30.0, help="query time limit on every server")
    p.add_argument(
        "--kg-workers",
        default="",
        help="serve with each of these numbers of query workers, e.g. 4,16 (default: kg's own)",
    )
    p.add_argument("--cheap-clients", type=int, default=8,
                   help="concurrent clients for each cheap query (kg and Oxigraph alike)")
    p.add_argument("--cheap-seconds", type=float,
                   help="duration of each cheap-query load step (default: --seconds)")
    p.add_argument("--worker-idle", type=float, default=30.0,
                   help="kg serve's query_worker_idle in the run (the footprint after the load "
                   "is taken this long plus 8 s after it)")
    p.add_argument("--kg-baseline", type=Path, metavar="SRC",
                   help="also serve with the kg package found in SRC (e.g. an earlier commit, "
                   "`git archive COMMIT kg | tar -x -C SRC`), in the same run")
    p.add_argument("--work", type=Path, default=Path("bench-work"), help="scratch folder")
    p.add_argument("--report", type=Path, help="write the Markdown report here")
    p.add_argument("--stages", default="build,validate,rdf,endpoint",
                   help="which stages to run (comma-separated)")
    p.add_argument(
        "--real",
        type=Path,
        metavar="DIR",
        help="also build the first N of these real articles (.txt) for each --real-sizes N",
    )
    p.add_argument("--real-sizes", default="200,840", help="real corpus sizes (comma-separated)")
    p.add_argument("--endpoint-only", type=Path, metavar="BUILD",
                   help="only the endpoint stage, on a folder an earlier run built")
    a = p.parse_args(argv)
    sizes = [int(x) for x in a.sizes.split(",")]
    a.work.mkdir(parents=True, exist_ok=True)
    parts = [
        f"Machine: {machine()}.",
        f"Command: `python -m benchmarks.run "
        f"{' '.join(argv if argv is not None else sys.argv[1:])}`",
    ]

    def section(title: str, body: str) -> None:
        text = f"## {title}\n\n{body}\n"
        print(text, flush=True)
        parts.append(text)

    kg_workers: list[int | None] = [int(n) for n in a.kg_workers.split(",") if n] or [None]
    clients = [int(c) for c in a.clients.split(",")]

    def endpoint(build: Path) -> str:
        return bench_endpoint(
            build, clients, a.seconds, a.rdflib_endpoint_max, a.timeout, kg_workers,
            a.cheap_clients, a.cheap_seconds or a.seconds, a.worker_idle, a.kg_baseline,
        )

    if a.endpoint_only:
        section("Endpoint under load", endpoint(a.endpoint_only))
    else:
        stages = set(a.stages.split(","))
        t_build, outs = bench_build(sizes, a.workers, a.work)
        section(f"Build (kg build --workers {a.workers})", t_build)
        if a.real:
            real_sizes = [int(x) for x in a.real_sizes.split(",")]
            t_real, _ = bench_build(real_sizes, a.workers, a.work, a.real)
            section(f"Build of real news ({a.real.name}, kg build --workers {a.workers})", t_real)
        if "validate" in stages:
            section("Validation of one article", bench_validate(a.work))
        if "rdf" in stages:
            section("Parse, serialize, load", bench_rdf(outs[max(sizes)], a.work, a.rdflib_max))
        served = outs[a.endpoint_size or min(sizes)]
        if "endpoint" in stages:
            built = json.loads((served / "report.json").read_text())["built"]
            section(
                f"Endpoint under load ({built:,} articles, {a.seconds:g} s per step)",
                endpoint(served),
            )
    if a.report:
        a.report.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
