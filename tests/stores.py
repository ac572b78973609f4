"""Third-party triple stores started here, loaded with the README's own commands.

Each store is loaded with the commands of its section under "Loading into a triple store" in the
README (read from there, so the guide and the test cannot drift apart), in a folder of its own
that holds ``build/dumps`` (a link to the seed build's dumps) and ``queries/``; a server listens on
a free loopback port. ``select(query)`` answers a SELECT as (variables, rows) with the cells
normalized as in tests/test_query_portability.py; ``graph_counts()`` gives each named graph's
triple count.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
START_WAIT = 120.0  # seconds a store may take to start (a slow machine), not a measured figure

Cell = tuple[str, ...] | None
Row = tuple[Cell, ...]
Answer = tuple[list[str], list[Row]]


# ---------------------------------------------------------------- the README's commands
def readme_blocks(heading: str, lang: str = "sh") -> list[str]:
    """The fenced ``lang`` blocks of the README section under ``### heading``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"^### {re.escape(heading)}\n(.*?)(?=^##)", text, re.MULTILINE | re.DOTALL)
    assert m, f"README has no section '### {heading}'"
    return re.findall(rf"^```{lang}\n(.*?)^```", m.group(1), re.MULTILINE | re.DOTALL)


def command_lines(block: str) -> list[str]:
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def one_line(lines: list[str], start: str) -> str:
    [line] = [x for x in lines if x.startswith(start)]
    return line


# ---------------------------------------------------------------- results
def json_cell(b: dict[str, str] | None) -> Cell:
    """A SPARQL JSON results term (also Virtuoso's SPARQL 1.0 "typed-literal")."""
    if b is None:
        return None
    kind = b["type"]
    if kind == "uri":
        return ("iri", b["value"])
    if kind == "bnode":
        return ("bnode",)
    lang = b.get("xml:lang", "")
    dt = LANG_STRING if lang else b.get("datatype", XSD_STRING)
    return ("literal", b["value"], dt, lang.lower())


def json_answer(data: dict[str, Any]) -> Answer:
    names: list[str] = data["head"]["vars"]
    rows = [tuple(json_cell(b.get(n)) for n in names) for b in data["results"]["bindings"]]
    return names, rows


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_select(url: str, query: str) -> Answer:
    req = urllib.request.Request(
        url, data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json",
                 "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json_answer(json.load(r))


def wait_for(url: str, proc: subprocess.Popen[bytes], what: str) -> None:
    """Until ``url`` answers a query (any HTTP answer), or the process has died."""
    deadline = time.monotonic() + START_WAIT
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode} while starting")
        try:
            with urllib.request.urlopen(probe, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer at {url}")
        time.sleep(0.2)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Store:
    """A folder holding ``build/dumps`` and ``queries/``, where the README's commands run."""

    name = "store"

    def __init__(self, home: Path, dumps: Path) -> None:
        self.home = home
        (home / "build").mkdir(parents=True)
        (home / "build" / "dumps").symlink_to(dumps.resolve())
        shutil.copytree(ROOT / "queries", home / "queries")
        self.env = dict(os.environ, HOME=str(home),
                        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")

    def bash(self, script: str) -> str:
        out = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=self.home,
                             env=self.env, capture_output=True, text=True)
        if out.returncode:
            raise RuntimeError(f"{self.name}: `{script}` failed ({out.returncode}):\n"
                               f"{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
        return out.stdout

    def select(self, query: str) -> Answer:
        raise NotImplementedError

    def graph_counts(self) -> dict[str, int]:
        names, rows = self.select(GRAPH_COUNTS)
        assert names == ["g", "n"]
        return {g[1]: int(n[1]) for g, n in rows if g and n}

    def close(self) -> None:
        pass


# ---------------------------------------------------------------- Oxigraph server
class OxigraphServer(Store):
    name = "oxigraph-server"

    def __init__(self, home: Path, dumps: Path) -> None:
        super().__init__(home, dumps)
        lines = command_lines(readme_blocks("Oxigraph server")[0])
        serve = one_line(lines, "oxigraph serve ")
        self.bash("\n".join(x for x in lines if x != serve))
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/query"
        self.proc = subprocess.Popen(
            ["bash", "-c", f"exec {serve} --bind 127.0.0.1:{port}"], cwd=home, env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(self.url, self.proc, self.name)
        except BaseException:
            stop(self.proc)
            raise

    def select(self, query: str) -> Answer:
        return http_select(self.url, query)

    def close(self) -> None:
        stop(self.proc)


# ---------------------------------------------------------------- Apache Jena TDB2
class JenaTDB2(Store):
    """Jena's commands: its distribution's scripts if on PATH, else Debian's classes through the
    README's definitions for them."""

    name = "jena-tdb2"

    def __init__(self, home: Path, dumps: Path, debian: bool) -> None:
        super().__init__(home, dumps)
        blocks = readme_blocks("Apache Jena: TDB2 and Fuseki")
        self.setup = blocks[1] if debian else ""
        lines = command_lines(blocks[0])
        self.query_line = one_line(lines, "tdb2.tdbquery ")
        self.jena("\n".join(x for x in lines if x != self.query_line))
        [config] = readme_blocks("Apache Jena: TDB2 and Fuseki", "turtle")
        (home / "kg-fuseki.ttl").write_text(config, encoding="utf-8")

    def jena(self, script: str) -> str:
        return self.bash(self.setup + "\n" + script)

    def select(self, query: str, line: str | None = None) -> Answer:
        """The README's tdbquery line on ``query`` (in a file), with JSON results."""
        (self.home / "query.rq").write_text(query, encoding="utf-8")
        line = re.sub(r"--query \S+", "--query query.rq", line or self.query_line)
        return json_answer(json.loads(self.jena(line + " --results=json")))

    def select_with_fuseki_config(self, query: str) -> Answer:
        """The dataset of the README's Fuseki configuration (its union switch), by tdbquery."""
        return self.select(query, "tdb2.tdbquery --tdb kg-fuseki.ttl --query query.rq")


# ---------------------------------------------------------------- Virtuoso 7
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {home}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
"""


class Virtuoso(Store):
    name = "virtuoso"

    def __init__(self, home: Path, dumps: Path, server: str, isql: str) -> None:
        super().__init__(home, dumps)
        db = home / "virtuoso"
        db.mkdir()
        self.sql_port, http_port = free_port(), free_port()
        ini = db / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(d=db, home=home, sql=self.sql_port, http=http_port),
                       encoding="utf-8")
        self.url = f"http://127.0.0.1:{http_port}/sparql"
        self.proc = subprocess.Popen([server, "+foreground", "+configfile", str(ini)], cwd=db,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(self.url, self.proc, self.name)
            [line] = command_lines(readme_blocks("Virtuoso 7")[0])
            line = line.replace("isql-vt 1111 ", f"{isql} {self.sql_port} ", 1)
            self.bash(line)
        except BaseException:
            stop(self.proc)
            raise
        self.isql = isql

    def load_errors(self) -> str:
        """The bulk loader's list of files with an error ('' when there are none)."""
        out = self.bash(f"{self.isql} {self.sql_port} dba dba exec=\"SELECT ll_file, ll_error "
                        "FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;\"")
        return "" if re.search(r"^0 Rows\.", out, re.MULTILINE) else out

    def select(self, query: str) -> Answer:
        return http_select(self.url, query)

    def close(self) -> None:
        stop(self.proc)


# ---------------------------------------------------------------- a writable Oxigraph server
class OxigraphWritable:
    """An empty Oxigraph server of its own, read-write, for `kg load` and `kg serve --store`:
    the graph store at ``root/store``, queries at ``url`` (``root/query``; the union of its
    graphs is the default graph of a query sent with ``union-default-graph``: started with
    ``--union-default-graph``, 0.5.13 ignores a query's FROM), updates at ``root/update``; a query
    it still evaluates after ``timeout`` seconds (one whose client kg cut off) is stopped."""

    def __init__(self, home: Path, exe: str, timeout: int = 30) -> None:
        home.mkdir(parents=True, exist_ok=True)
        port = free_port()
        self.root = f"http://127.0.0.1:{port}"
        self.url = self.root + "/query"
        self.proc = subprocess.Popen(
            [exe, "serve", "--location", str(home / "data"), "--bind", f"127.0.0.1:{port}",
             "--timeout-s", str(timeout)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(self.url, self.proc, "oxigraph serve")
        except BaseException:
            stop(self.proc)
            raise

    def select(self, query: str) -> Answer:
        return http_select(self.url + "?union-default-graph", query)

    def graph_counts(self) -> dict[str, int]:
        _, rows = self.select(GRAPH_COUNTS)
        return {g[1]: int(n[1]) for g, n in rows if g and n}

    def update(self, update: str) -> None:
        req = urllib.request.Request(self.root + "/update", data=update.encode(),
                                     headers={"Content-Type": "application/sparql-update"})
        with urllib.request.urlopen(req, timeout=120):
            pass

    def close(self) -> None:
        stop(self.proc)
