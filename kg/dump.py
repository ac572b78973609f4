"""Stage 5a (I/O): deterministic dumps, streamed per graph and written atomically.

Layout of ``OUT/dumps`` (a symlink to a complete release folder, swapped in one rename):

    graphs/<graph>.ttl    one Turtle file per named graph (Turtle cannot carry graphs)
    graphs/<graph>.ttl.graph  that graph's IRI, one line: where a bulk loader puts the file
                          (Virtuoso's ld_dir reads it; also beside a .ttl.gz)
    kg.trig, kg.nq        the whole dataset, with its graphs
    kg.nt                 the union of the graphs as N-Triples
    kg.jsonld             the whole dataset as JSON-LD with a schema.org context
    void.ttl              VoID / DCAT description: graphs, triples, files, shapes

Each chunk (one article's graph, or a slice of a shared graph) is serialized by pyoxigraph from
sorted triples and appended to every file, so memory does not grow with the corpus. Nothing is
visible until the release is complete; a crash leaves the previous dumps whole.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import io
import itertools
import json
import os
import pickle
import shutil
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import DumpError
from kg.namespaces import PREFIXES, RDF, XSD

Triple = tuple[URIRef, URIRef, Node]

MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".trig": "application/trig",
    ".nq": "application/n-quads",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".graph": "text/plain",
}
DATASET_FILES = ("kg.trig", "kg.nq", "kg.nt", "kg.jsonld")
JSONLD_CONTEXT: dict[str, Any] = {"@vocab": PREFIXES["schema"]} | {
    k: v for k, v in PREFIXES.items() if k != "schema"
}


# ---------------------------------------------------------------- term conversion and sorting
# looked up once: each namespace attribute lookup is a Python call, and these are per triple
_TYPE, _XSD_STRING, _SCHEMA = RDF.type, XSD.string, PREFIXES["schema"]


def to_ox(term: Node, blank_nodes: bool = False) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term. kg's own output has no blank nodes, so they are an
    error unless ``blank_nodes`` (data from elsewhere: shapes, fixtures, the ontology)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype and term.datatype != _XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        if blank_nodes:
            return ox.BlankNode(str(term))
        raise DumpError(f"blank node {term} in kg output: every node must have an IRI")
    raise DumpError(f"cannot serialize {term!r}")




def sort_key(t: Triple) -> tuple[str, bool, str, str]:
    """Subject, rdf:type first, predicate, then the object as N3 (an IRI is ``<iri>``): the
    order of small graphs kg writes from rdflib terms (VoID, provenance)."""
    s, p, o = t
    return (str(s), p != _TYPE, str(p), f"<{o}>" if type(o) is URIRef else o.n3())


def sorted_triples(triples: Iterable[Triple]) -> list[Triple]:
    return sorted(set(triples), key=sort_key)


_TYPE_NT = f"<{_TYPE}>".encode()


def line_key(line: bytes) -> tuple[bytes, bool, bytes, bytes]:
    """An N-Triples line's place in a chunk: subject, rdf:type first, predicate, object (as
    written). Subjects and predicates are IRIs, which hold no space."""
    s, p, o = line.split(b" ", 2)
    return (s, p != _TYPE_NT, p, o)


def sorted_lines(triples: Iterable[Triple]) -> list[tuple[bytes, ox.Triple]]:
    """The triples' N-Triples lines, duplicates dropped, in ``line_key`` order, each with its
    pyoxigraph triple. pyoxigraph writes every line at once (newlines in literals escaped), and
    the lines sort as bytes: faster than sorting rdflib terms by their Python strings."""
    unique = dict(zip(*triple_lines(triples), strict=True))
    return [(line, unique[line]) for line in sorted(unique, key=line_key)]


def triple_lines(triples: Iterable[Triple]) -> tuple[list[bytes], list[ox.Triple]]:
    """The triples' N-Triples lines, in their order, and their pyoxigraph triples."""
    items = _ox_triples(list(triples))
    if not items:
        return [], []
    lines = _serialize(items, ox.RdfFormat.N_TRIPLES, prefixes=False).splitlines(keepends=True)
    assert len(lines) == len(items)
    return lines, items


def serialize(triples: list[Triple], fmt: ox.RdfFormat, graph: URIRef | None = None,
              prefixes: bool = True) -> bytes:
    return _serialize(_ox_triples(triples), fmt, graph, prefixes)


def _ox_triples(triples: list[Triple]) -> list[ox.Triple]:
    # IRIs repeat within a graph and are cheap to look up. rdflib literals are not (their
    # equality test is slow), but the mapping makes one object of each common literal
    # (kg.mapping.terms), so a literal seen before is found by identity: the list holds it
    iris: dict[str, ox.NamedNode] = {}
    literals: dict[int, Any] = {}

    def conv(t: Node) -> Any:
        if type(t) is not URIRef:
            x = literals.get(id(t))
            if x is None:
                x = literals[id(t)] = to_ox(t)
            return x
        x = iris.get(t)
        if x is None:
            x = iris[t] = ox.NamedNode(t)
        return x

    return [ox.Triple(conv(s), conv(p), conv(o)) for s, p, o in triples]


def _serialize(items: list[ox.Triple], fmt: ox.RdfFormat, graph: URIRef | None = None,
               prefixes: bool = True) -> bytes:
    if graph is not None:
        g = ox.NamedNode(str(graph))
        data: list[Any] = [ox.Quad(t.subject, t.predicate, t.object, g) for t in items]
    else:
        data = items
    out = ox.serialize(data, format=fmt, prefixes=PREFIXES if prefixes else None)
    assert out is not None
    return out


@dataclass(frozen=True)
class Chunk:
    """One graph's triples serialized for every dump file (made in a build worker). It holds
    the Turtle, N-Triples and JSON-LD; the TriG and N-Quads are made from those when the
    writer asks (``trig_from_turtle``, ``nquads_from_ntriples``: the same lines, changed a
    little), so what goes from a worker to the writer, and into the build cache, is half the
    bytes. A graph too large to hold (``spool_chunk``) is in files instead:
    ``folder``/chunk.ttl, .trig, ..., and its bytes here are empty."""

    graph: str
    count: int
    ttl: bytes  # without @prefix lines
    nt: bytes
    jsonld: bytes
    folder: Path | None = None

    @property
    def trig(self) -> bytes:  # without @prefix lines
        return trig_from_turtle(self.ttl, self.graph)

    @property
    def nq(self) -> bytes:
        return nquads_from_ntriples(self.nt, self.graph)

    def parts(self) -> Iterator[tuple[str, bytes]]:
        """Each dump file's share (ttl, trig, nq, nt, jsonld), a piece at a time."""
        for part in ("ttl", "trig", "nq", "nt", "jsonld"):
            if self.folder is None:
                yield part, getattr(self, part)
                continue
            with (self.folder / f"chunk.{part}").open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    yield part, block


def serialize_chunk(graph: URIRef, triples: Iterable[Triple]) -> Chunk:
    """The graph's N-Triples come sorted from ``sorted_lines``; pyoxigraph writes its Turtle
    from the same sorted terms; the TriG and N-Quads are made from those (``Chunk.trig``,
    ``Chunk.nq``) rather than by building a quad object per triple, which would cost more
    than the serializing."""
    chunk = sorted_lines(triples)
    items = [t for _, t in chunk]
    ttl = strip_prefixes(_serialize(items, ox.RdfFormat.TURTLE)) if items else b""
    nt = b"".join(line for line, _ in chunk)
    return Chunk(
        graph=str(graph), count=len(chunk), ttl=ttl, nt=nt,
        jsonld=json.dumps({"@id": str(graph), "@graph": jsonld_nodes(items)}, sort_keys=True,
                          ensure_ascii=False).encode(),
    )


# ---------------------------------------------------------------- one graph too large to hold
SPOOL_WINDOW = 100_000  # triples sorted in memory at a time (a run of the external sort)
_BLOCK = 1_000  # records per pickled block of a run file: what the merge holds per run
_FLUSH = 20_000  # sorted triples serialized at a time (at a subject boundary)
# An N-Triples line longer than this keeps its triple beside it: pyoxigraph's parsers refuse a
# statement over 16 MB (their buffer), and an article's text is one literal (tested at 17 MB).
LONG_LINE = 1 << 20
Record = tuple[tuple[bytes, bool, bytes, bytes], bytes, ox.Triple | None]


def spool_chunk(graph: URIRef, triples: Iterable[Triple], folder: Path,
                window: int | None = None,
                say: Callable[[str], None] = lambda stage: None) -> Chunk:
    """``serialize_chunk``'s bytes, written to files in ``folder`` rather than held: the
    triples are sorted a window at a time into runs on disk (each triple's sort key and its
    N-Triples line), the runs merged (duplicates dropped), and the merged triples serialized a
    few thousand at a time, cut between subjects. The files are byte for byte the whole
    chunk's (tests/test_windowed_build.py), and memory is bounded by the window. The triples
    of lines over LONG_LINE are also kept, pickled, in ``chunk.long`` (for ``check_on_disk``).
    ``window``: SPOOL_WINDOW unless given; ``say`` is told how far the merge is (every
    million triples written)."""
    folder.mkdir(parents=True, exist_ok=True)
    runs = _sorted_runs(triples, folder, window or SPOOL_WINDOW)
    if len(runs) > 1:
        say(f"serializing, merging {len(runs)} sorted runs")
    out = _SpoolWriter(graph, folder)
    try:
        batch: list[Record] = []
        last: tuple[bytes, bool, bytes, bytes] | None = None
        # by key alone: a triple in two runs ties on its key and line, and has no order beyond
        for record in heapq.merge(*map(_read_run, runs), key=_record_key):
            key = record[0]
            if key == last:
                continue
            if len(batch) >= _FLUSH and last is not None and key[0] != last[0]:
                written = out.count
                out.add(batch)
                batch = []
                if out.count // 1_000_000 > written // 1_000_000:
                    say(f"serializing, {out.count:,} triples written")
            batch.append(record)
            last = key
        if batch:
            out.add(batch)
    finally:
        out.close()
        for run in runs:
            run.unlink()
    return Chunk(str(graph), out.count, b"", b"", b"", folder)


def _sorted_runs(triples: Iterable[Triple], folder: Path, window: int) -> list[Path]:
    runs: list[Path] = []
    source = iter(triples)
    while batch := list(itertools.islice(source, window)):
        items = sorted_lines(batch)
        del batch
        run = folder / f"run-{len(runs)}"
        with run.open("wb") as f:
            for i in range(0, len(items), _BLOCK):
                block = [(line_key(line), line, term if len(line) > LONG_LINE else None)
                         for line, term in items[i:i + _BLOCK]]
                pickle.dump(block, f, protocol=pickle.HIGHEST_PROTOCOL)
        runs.append(run)
    return runs


def _record_key(record: Record) -> tuple[bytes, bool, bytes, bytes]:
    return record[0]


def _read_run(run: Path) -> Iterator[Record]:
    with run.open("rb") as f:
        while True:
            try:
                block = pickle.load(f)  # written by _sorted_runs, in this process
            except EOFError:
                return
            yield from block


class _SpoolWriter:
    """A chunk's five files, written a batch of sorted N-Triples lines at a time: the same
    bytes as ``serialize_chunk`` when every batch ends at a subject's end."""

    def __init__(self, graph: URIRef, folder: Path) -> None:
        self.graph = graph
        self.folder = folder
        self.count = 0
        self.files = {part: (folder / f"chunk.{part}").open("wb")
                      for part in ("ttl", "trig", "nq", "nt", "jsonld")}
        self.files["trig"].write(b"<" + graph.encode() + b"> {\n")
        self.files["jsonld"].write(b'{"@graph": [')
        self.long: list[ox.Triple] = []

    def add(self, records: list[Record]) -> None:
        nt = b"".join(line for _, line, _ in records)
        items: list[ox.Triple] = []
        short: list[bytes] = []
        longs: list[int] = []  # where the long lines' triples are in ``items``
        for _, line, term in records:
            if term is None:
                short.append(line)
                continue
            items += _parsed(short)
            short = []
            longs.append(len(items))
            items.append(term)
            self.long.append(term)
        items += _parsed(short)
        # each form written and let go before the next is made: a batch may hold a long
        # article's text, which every form copies
        f = self.files
        f["nt"].write(nt)
        f["nq"].write(nquads_from_ntriples(nt, self.graph))
        del nt
        ttl = strip_prefixes(_serialize(items, ox.RdfFormat.TURTLE))
        f["ttl"].write(ttl)
        lines = ttl.split(b"\n")
        del ttl
        for i, line in enumerate(lines):  # trig_from_turtle's lines, written one by one
            if i:
                f["trig"].write(b"\n")
            if line:
                f["trig"].write(b"\t")
                f["trig"].write(line)
        del lines
        # a long literal is marked in the JSON-LD nodes, its value written a slice at a time
        marked: dict[str, ox.Literal] = {}
        for at in longs:
            t = items[at]
            if isinstance(t.object, ox.Literal):
                mark = f"\x00kg:long literal:{len(marked)}\x00"
                marked[mark] = t.object
                items[at] = ox.Triple(t.subject, t.predicate, _marked(mark, t.object))
        for i, node in enumerate(jsonld_nodes(items)):
            if self.count or i:
                f["jsonld"].write(b", ")
            _write_json(f["jsonld"], json.dumps(node, sort_keys=True, ensure_ascii=False),
                        marked)
        self.count += len(records)

    def close(self) -> None:
        self.files["trig"].write(b"}\n")
        self.files["jsonld"].write(
            b'], "@id": ' + json.dumps(str(self.graph), ensure_ascii=False).encode() + b"}")
        for f in self.files.values():
            f.close()
        with (self.folder / "chunk.long").open("wb") as f:
            pickle.dump(self.long, f, protocol=pickle.HIGHEST_PROTOCOL)


def _marked(mark: str, o: ox.Literal) -> ox.Literal:
    """A literal of ``o``'s datatype or language whose value is ``mark``."""
    if o.language:
        return ox.Literal(mark, language=o.language)
    return ox.Literal(mark, datatype=o.datatype)


def _write_json(f: IO[bytes], text: str, marked: dict[str, ox.Literal]) -> None:
    """``text`` (JSON) to ``f``, each mark of ``marked`` in it (a JSON string's content)
    written as the escaped value of its literal, a slice at a time: JSON escapes each
    character alone, so the slices' escapes are the whole value's."""
    if not marked:
        f.write(text.encode())
        return
    found = sorted((text.find(shown), shown, o) for shown, o in (
        (json.dumps(mark)[1:-1], o) for mark, o in marked.items()) if shown in text)
    at = 0
    for i, shown, o in found:
        f.write(text[at:i].encode())
        value = o.value
        for j in range(0, len(value), _JSON_SLICE):
            f.write(json.dumps(value[j:j + _JSON_SLICE], ensure_ascii=False)[1:-1].encode())
        del value
        at = i + len(shown)
    f.write(text[at:].encode())


_JSON_SLICE = 1 << 20


def _parsed(lines: list[bytes]) -> list[ox.Triple]:
    if not lines:
        return []
    return [q.triple for q in ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)]


def trig_from_turtle(body: bytes, graph: str) -> bytes:
    """pyoxigraph's TriG for one named graph, from its Turtle (without @prefix lines): the
    statements indented one tab inside ``<graph> { ... }``. Its Turtle writes every literal on
    one line (newlines escaped), so indenting lines never touches a literal's value;
    tests/test_dumps.py checks the result byte for byte against pyoxigraph's own TriG."""
    if not body:
        return b""
    lines = b"\n".join(b"\t" + line if line else line for line in body.split(b"\n"))
    return b"<" + graph.encode() + b"> {\n" + lines + b"}\n"


def nquads_from_ntriples(nt: bytes, graph: str) -> bytes:
    """N-Quads of one named graph from its N-Triples: a raw newline only ever ends a statement
    (newlines in literals are escaped), so each ``" .\\n"`` is a statement's end."""
    return nt.replace(b" .\n", b" <" + graph.encode() + b"> .\n")


def strip_prefixes(data: bytes) -> bytes:
    """A Turtle/TriG chunk without its @prefix header (the file's header declares them once)."""
    i = 0  # (not split into lines: ``data`` may hold a long text, as one line)
    while data.startswith(b"@prefix ", i):
        end = data.find(b"\n", i)
        if end < 0:
            return b""
        i = end + 1
    return data[i:]


def prefix_header() -> bytes:
    return "".join(f"@prefix {k}: <{v}> .\n" for k, v in PREFIXES.items()).encode()


# ---------------------------------------------------------------- JSON-LD
@lru_cache(maxsize=8192)  # vocabulary and entity IRIs repeat; per-article IRIs do not
def _compact(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and prefix != "schema":
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "_-." for c in local):
                return f"{prefix}:{local}"
    return iri


_XSD_STRING_IRI = str(XSD.string)


def _jsonld_value(o: ox.NamedNode | ox.Literal) -> Any:
    if isinstance(o, ox.NamedNode):
        return {"@id": _compact(o.value)}
    if o.language:
        return {"@value": o.value, "@language": o.language}
    datatype = o.datatype.value
    if datatype != _XSD_STRING_IRI:
        return {"@value": o.value, "@type": _compact(datatype)}
    return o.value


def jsonld_nodes(triples: list[ox.Triple]) -> list[dict[str, Any]]:
    """Node objects for sorted, blank-node-free triples, compacted against JSONLD_CONTEXT.
    Read from pyoxigraph's terms, which give their parts faster than rdflib's. A predicate's
    key is worked out once per call (predicates repeat within a graph)."""
    nodes: list[dict[str, Any]] = []
    type_iri, schema = str(_TYPE), str(_SCHEMA)
    keys: dict[str, str] = {}
    node: dict[str, Any] = {}
    sid = None
    for t in triples:
        s = cast(ox.NamedNode, t.subject).value  # kg writes no blank nodes
        if s != sid:
            sid = s
            node = {"@id": _compact(s)}
            nodes.append(node)
        ps, o = t.predicate.value, cast(ox.NamedNode | ox.Literal, t.object)
        if type(o) is ox.NamedNode:
            ov = o.value
            if ps == type_iri:
                node.setdefault("@type", []).append(
                    ov[len(schema):] if ov.startswith(schema) else _compact(ov)
                )
                continue
            value: Any = {"@id": _compact(ov)}
        else:
            value = _jsonld_value(o)
        key = keys.get(ps)
        if key is None:
            key = ps[len(schema):] if ps.startswith(schema) else _compact(ps)
            if ":" not in key and not key.isidentifier():
                key = ps
            keys[ps] = key
        node.setdefault(key, []).append(value)
    return nodes


# ---------------------------------------------------------------- fault injection (a test hook)
# KG_FAULT_POINT=<name> makes the process kill itself with SIGKILL when it reaches the point of
# that name (``fault_point`` calls here, in kg.store and in kg.index), so that
# tests/test_fault_injection.py can show that a crash exactly there leaves the previous dumps and
# store whole. A test hook, not a setting: read once at import; unset, a point costs a call and
# one comparison, and the points are per build or per article, never per triple.
_FAULT_POINT = os.environ.get("KG_FAULT_POINT") or None


def fault_point(name: str) -> None:
    if _FAULT_POINT is not None and name == _FAULT_POINT:
        os.kill(os.getpid(), signal.SIGKILL)


def fault_injected(name: str) -> bool:
    """Whether KG_FAULT_POINT names ``name`` (for points that need more than a call)."""
    return _FAULT_POINT is not None and name == _FAULT_POINT


def os_reason(e: OSError) -> str:
    """The reason of an OS error as the end of a sentence: 'no space left on device'."""
    reason = e.strerror or str(e)
    return reason[:1].lower() + reason[1:]


def pid_gone(name: str, sep: str = "-") -> bool:
    """Whether the process whose id ends ``name`` (after the last ``sep``) is gone: what it
    left is a killed run's. False when the name holds no id, or the process is another user's."""
    try:
        os.kill(int(name.rsplit(sep, 1)[1]), 0)
    except ProcessLookupError:
        return True
    except (ValueError, IndexError, PermissionError, OverflowError):
        return False
    return False


# ---------------------------------------------------------------- the writer
@dataclass(frozen=True)
class DumpFile:
    name: str  # relative to the dumps folder
    size: int
    sha256: str
    media_type: str


class _Sink:
    """One output file in the staging folder: hashed, optionally gzipped, closed atomically."""

    def __init__(self, path: Path, compress: bool) -> None:
        self.path = path.with_name(path.name + ".gz") if compress else path
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._raw: IO[bytes] = open(self.path, "wb")  # noqa: SIM115
        self._out: IO[bytes] = (
            cast(IO[bytes], gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0))
            if compress else self._raw
        )

    def write(self, data: bytes) -> None:
        self._out.write(data)

    def close(self) -> None:
        if self._out is not self._raw:
            self._out.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()


class DumpWriter:
    """Streams graphs into a staging release; ``commit()`` swaps it in, ``abort()`` drops it."""

    def __init__(self, dumps_link: Path, compress: bool = False) -> None:
        self.link = dumps_link
        self.compress = compress
        releases = dumps_link.parent / ".releases"
        self.release = releases / f"{time.time_ns()}-{os.getpid()}"
        self.staging = releases / (self.release.name + ".tmp")
        self._whole: dict[str, _Sink] = {}
        self._shared: dict[str, _Sink] = {}
        self.triple_counts: dict[str, int] = {}  # per shared graph
        self.single_graphs = 0  # graphs written once, whole (one per article): counted, not listed
        self.single_triples = 0
        self._jsonld_first = True
        # where a build's workers put what they cannot hold (``spool_chunk``, a store to
        # validate on disk): inside the staging folder, so it goes wherever that goes
        self.spool = self.staging / ".spool"
        try:
            with self._writing():
                releases.mkdir(parents=True, exist_ok=True)
                _remove_stale(dumps_link, releases)
                self.staging.mkdir()
                self.spool.mkdir()
                self._whole = {name: _Sink(self.staging / name, compress) for name in DATASET_FILES}
                self._whole["kg.trig"].write(prefix_header())
                self._whole["kg.jsonld"].write(
                    b'{"@context": ' + json.dumps(JSONLD_CONTEXT, sort_keys=True).encode()
                    + b',\n "@graph": [\n')
        except BaseException:
            self.abort()
            raise
        fault_point("dump-staging")

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """An OS error while writing (a full disk, a file size limit, a read-only or vanished
        folder) as one DumpError naming the output folder and the reason."""
        try:
            yield
        except OSError as e:
            kept = ("the previous dumps are left as they were" if self.link.is_symlink()
                    else "nothing published")
            raise DumpError(f"cannot write the dumps in {self.link.parent}: {os_reason(e)}"
                            f"{f' ({e.filename})' if e.filename else ''}; {kept}") from None

    def write_graph(self, graph: URIRef, name: str, triples: Iterable[Triple],
                    shared: bool) -> None:
        """Append triples to graph ``name``. A non-shared graph is written once, whole."""
        self.write_chunk(name, serialize_chunk(graph, triples), shared)

    def write_chunk(self, name: str, chunk: Chunk, shared: bool) -> None:
        """Append a serialized chunk to graph ``name`` and to every dataset file."""
        if not chunk.count:
            return
        with self._writing():
            self._write_chunk(name, chunk, shared)
        if not shared and self.single_graphs == 1:
            fault_point("dump-article")  # one article written, the dataset files half-written

    def _write_chunk(self, name: str, chunk: Chunk, shared: bool) -> None:
        if shared:
            self.triple_counts[chunk.graph] = self.triple_counts.get(chunk.graph, 0) + chunk.count
            sink = self._shared.get(name)
            if sink is None:
                sink = self._graph_file(name, chunk.graph)
                self._shared[name] = sink
        else:
            self.single_graphs += 1
            self.single_triples += chunk.count
            sink = self._graph_file(name, chunk.graph)
        if not self._jsonld_first:
            self._whole["kg.jsonld"].write(b",\n")
        self._jsonld_first = False
        for part, data in chunk.parts():
            if part == "ttl":
                sink.write(data)
            else:
                self._whole[f"kg.{part}"].write(data)
        if not shared:
            sink.close()
        if chunk.folder is not None:
            shutil.rmtree(chunk.folder, ignore_errors=True)

    def _graph_file(self, name: str, graph: str) -> _Sink:
        """``graphs/<name>.ttl`` opened with its prefixes, and beside it ``<name>.ttl.graph``
        holding the graph's IRI (never gzipped: Virtuoso's ``ld_dir`` reads ``x.ttl.graph`` for
        ``x.ttl`` and for ``x.ttl.gz``)."""
        sidecar = _Sink(self.staging / "graphs" / f"{name}.ttl.graph", compress=False)
        sidecar.write(graph.encode() + b"\n")
        sidecar.close()
        sink = _Sink(self.staging / "graphs" / f"{name}.ttl", self.compress)
        sink.write(prefix_header())
        return sink

    def write_file(self, name: str, data: bytes) -> None:
        with self._writing():
            sink = _Sink(self.staging / name, self.compress)
            sink.write(data)
            sink.close()

    def finish_streams(self) -> list[DumpFile]:
        """Close every stream; returns the files written so far (for the VoID description)."""
        with self._writing():
            shutil.rmtree(self.spool, ignore_errors=True)  # chunks never written (rejected)
            self._whole["kg.jsonld"].write(b"\n]}\n")
            for sink in [*self._whole.values(), *self._shared.values()]:
                sink.close()
            files = self.files()
        fault_point("dump-streams-closed")
        return files

    @property
    def total_triples(self) -> int:
        return sum(self.triple_counts.values()) + self.single_triples

    @property
    def total_graphs(self) -> int:
        return len(self.triple_counts) + self.single_graphs

    def files(self) -> list[DumpFile]:
        out = []
        for p in sorted(self.staging.rglob("*")):
            if p.is_file():
                rel = p.relative_to(self.staging).as_posix()
                base = rel[:-3] if rel.endswith(".gz") else rel
                media = MEDIA_TYPES.get(Path(base).suffix, "application/octet-stream")
                out.append(DumpFile(rel, p.stat().st_size, _file_sha256(p), media))
        return out

    def commit(self) -> Path:
        """Make the release visible in one atomic step, then remove older releases."""
        if self.link.exists() and not self.link.is_symlink():
            raise DumpError(f"{self.link} exists and is not a kg dumps link; move it away")
        fault_point("dump-before-rename")
        with self._writing():
            os.replace(self.staging, self.release)
            fault_point("dump-renamed")  # a whole release, not yet linked
            tmp_link = self.link.with_name(f".{self.link.name}.{os.getpid()}.tmp")
            if tmp_link.is_symlink() or tmp_link.exists():
                tmp_link.unlink()
            os.symlink(os.path.relpath(self.release, self.link.parent), tmp_link)
            fault_point("dump-link-made")  # during the swap: the new link made, not yet renamed
            os.replace(tmp_link, self.link)
        fault_point("dump-swapped")  # published; the older releases not yet removed
        for old in self.release.parent.iterdir():
            if old != self.release and not old.name.endswith(".tmp"):
                shutil.rmtree(old, ignore_errors=True)
        return self.release

    def abort(self) -> None:
        """Drop this release: the dumps link keeps pointing where it pointed (also when a
        commit was interrupted before its swap)."""
        for sink in [*self._whole.values(), *self._shared.values()]:
            with suppress(OSError, ValueError):
                sink.close()
        shutil.rmtree(self.staging, ignore_errors=True)
        with suppress(OSError):
            self.link.with_name(f".{self.link.name}.{os.getpid()}.tmp").unlink(missing_ok=True)
        if self.release.exists() and self.link.resolve() != self.release.resolve():
            shutil.rmtree(self.release, ignore_errors=True)


def _remove_stale(link: Path, releases: Path) -> None:
    """What builds that were killed (their process is gone) left behind: staging folders
    (``<time>-<pid>.tmp``), releases renamed but never linked (``<time>-<pid>``) and temporary
    links (``.dumps.<pid>.tmp``). The release the dumps link points to is never touched."""
    current = link.resolve() if link.is_symlink() else None
    for d in releases.iterdir():
        name = d.name[:-4] if d.name.endswith(".tmp") else d.name
        if d.resolve() != current and pid_gone(name):
            shutil.rmtree(d, ignore_errors=True)
    for tmp in link.parent.glob(f".{link.name}.*.tmp"):
        if tmp.is_symlink() and pid_gone(tmp.name[:-4], "."):
            tmp.unlink(missing_ok=True)


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def open_dump(path: Path) -> io.BufferedIOBase:
    """A dump file for reading, gunzipped if its name ends in .gz."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


# ---------------------------------------------------------------- reading dumps back
FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
}


def dump_format(path: Path) -> ox.RdfFormat:
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    fmt = FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        raise DumpError(f"{path}: unknown RDF format (expected one of {', '.join(FORMATS)})")
    return fmt


def read_quads(path: Path) -> list[ox.Quad]:
    """Every quad of a dump file, parsed strictly by pyoxigraph; errors name the file and line."""
    fmt = dump_format(path)
    try:
        with open_dump(path) as f:
            return list(ox.parse(cast(IO[bytes], f), format=fmt))
    except (SyntaxError, ValueError) as e:
        raise DumpError(f"{path}: {e}") from None
    except OSError as e:
        raise DumpError(f"{path}: cannot read: {e}") from None


def to_ox_triple(s: Node, p: Node, o: Node, blank_nodes: bool = False) -> ox.Triple:
    """An rdflib triple as a pyoxigraph triple (subject an IRI or blank node, predicate an IRI)."""
    subject, predicate = to_ox(s, blank_nodes), to_ox(p, blank_nodes)
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        raise DumpError(f"not an RDF triple: {s!r} {p!r} {o!r}")
    return ox.Triple(subject, predicate, to_ox(o, blank_nodes))


def from_ox(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == str(XSD.string) else URIRef(dt))
    raise DumpError(f"unsupported term {term!r}")
