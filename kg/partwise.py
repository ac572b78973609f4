"""An article read in parts (``kg.extract.in_sections``) validated a part at a time, so that no
store holds the whole article's graph (issue 12: memory bounded). Each part's triples go into an
Oxigraph store on disk of their own with the article's shared nodes they point to (the article,
its text and page leftovers, the entities); once every part has passed, the shared nodes are
validated in a store of theirs. A violation counts where its focus node is one the store's own
triples describe.

The report is the whole graph's if the parts are a partition of it, which ``finish`` checks:
every node a part describes (a subject of its triples) other than a shared one is described by
that part alone, or in the same words by every part that describes it (a source read in two
parts); and a part points only to its own nodes, to shared ones, or to nodes no part describes
(the vocabulary's classes and values). A shape's check on a part's node then reads, in that
part's store, all the graph says of the node and of every node it points to or that points to
it; a check on a shared node reads all that is said of it but what parts say of it (a person's
roles), which no shape of kg's reads. Where the parts are no partition, ``finish`` says why and
gives no report, and the caller validates the whole graph (``kg.shacl_sparql.check_on_disk``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import time
from array import array
from collections.abc import Callable, Container, Iterable, Iterator
from itertools import islice
from pathlib import Path

import numpy as np
import pyoxigraph as ox

from kg.dump import LONG_LINE, triple_lines
from kg.errors import ShapesError
from kg.mapping.terms import Triple
from kg.namespaces import NIF, RDF
from kg.shacl_sparql import FOCUS_SLICE, LOAD_LINES, Compiled, check, check_store
from kg.validate import ValidationReport, Violation

_TYPE = str(RDF.type)
_IS_STRING = NIF.isString

_TRIM: Callable[[int], int] | None
try:  # glibc's: give the heap's free pages back to the system
    _TRIM = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
except (OSError, AttributeError):  # another C library
    _TRIM = None


def _give_back() -> None:
    """Return the C heap's free memory to the system once a part is validated: its store and
    queries free much that the next part's allocations, among long-lived ones, never reuse in
    place, and a process's memory grew by about 6 MB a part without (PolNeAR-sized sections of
    200,000 code points of the 5 MB benchmark article: 391 MB after the first part, 541 after
    the 25th; with it, 453 after the fourth and 482 after the 25th)."""
    if _TRIM is not None:
        _TRIM(0)


def _signed(value: int) -> int:
    """A sum of hashes as a signed 64-bit integer (numpy's int64)."""
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >> 63 else value


def _load(store: ox.Store, lines: list[bytes], items: list[ox.Triple],
          present: set[str]) -> None:
    """Load N-Triples ``lines`` (of pyoxigraph triples ``items``) into ``store``, their
    predicates and classes added to ``present``: parsed by Oxigraph, but for lines over
    LONG_LINE (its parser refuses a statement over 16 MB), inserted as terms."""
    store.bulk_load(b"".join(x for x in lines if len(x) <= LONG_LINE),
                    format=ox.RdfFormat.N_TRIPLES)
    _extend(store, [t for line, t in zip(lines, items, strict=True) if len(line) > LONG_LINE])
    _present(items, present)


def _extend(store: ox.Store, triples: list[ox.Triple]) -> None:
    if triples:
        store.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                           for t in triples])


def _present(items: Iterable[ox.Triple], present: set[str]) -> None:
    """Add the predicates and classes of ``items`` to ``present``."""
    for t in items:
        present.add(t.predicate.value)
        if t.predicate.value == _TYPE and isinstance(t.object, ox.NamedNode):
            present.add(t.object.value)


def _line_hashes(lines: Iterable[bytes], into: dict[str, set[int]],
                 only: Container[str] | None = None) -> None:
    """Add the hashes of N-Triples ``lines`` to ``into`` by the node each describes (its
    subject; only those in ``only`` if given): a line said twice counts once."""
    for line in lines:
        node = line[1:line.index(b">")].decode()
        if only is None or node in only:
            into.setdefault(node, set()).add(hash(line))


def _description(hashes: set[int]) -> int:
    """A node's description's hash, from its lines' (``_line_hashes``): the same triples, in
    any order, give the same."""
    return _signed(sum(hashes))


def _text_violations(triples: list[Triple], checks: Compiled) -> set[Violation]:
    """The violations of the text nodes ``triples`` describe, validated in a store of their
    own: a long article's text once, as a term (not as an N-Triples line)."""
    nodes = {str(s) for s, _, _ in triples}
    return {v for v in check(triples, checks).violations if v.focus in nodes}


class _Lines:
    """What a part's N-Triples lines say of its nodes: their subjects, the IRIs they point
    to, and each line's hash by its subject's."""

    def __init__(self) -> None:
        self.subjects: set[bytes] = set()
        self.pointed: set[bytes] = set()
        self.nodes = array("q")
        self.hashes = array("q")

    def add(self, lines: list[bytes]) -> None:
        for line in lines:
            subject, _, rest = line.split(b" ", 2)
            node = subject[1:-1]
            self.subjects.add(node)
            if rest[:1] == b"<":
                self.pointed.add(rest[1:rest.index(b">")])
            self.nodes.append(hash(node))
            self.hashes.append(hash(line))

    def of(self, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The hashes of the lines of ``nodes`` (hashes of subjects), by node, then line."""
        n, h = np.frombuffer(self.nodes, np.int64), np.frombuffer(self.hashes, np.int64)
        keep = np.isin(n, nodes)
        n, h = n[keep], h[keep]
        order = np.lexsort((h, n))
        n, h = n[order], h[order]
        if not len(n):
            return n, h
        once = np.r_[True, (n[1:] != n[:-1]) | (h[1:] != h[:-1])]  # a triple said twice
        return n[once], h[once]


class PartwiseCheck:
    """Validates the parts as they pass (``part``, then ``validate``), then the shared nodes
    (``finish``).
    ``shared(iri)``: whether an IRI is one of the article's shared nodes; ``context(iris)``: the
    triples of the shared nodes a part's store needs, given the IRIs its triples point to and
    do not describe: those of nodes described as they will be in the end (an entity), and
    those of nodes of which a part's store holds less (the article, which a part's store holds
    without the entities it mentions, as no check of a part's node reads them; its text, held
    without its string, which the check of the spans' text reads from ``texts`` instead, by
    the text's IRI: one copy of a long article's text, not one in each part's store)."""

    def __init__(self, checks: Compiled, folder: Path, shared: Callable[[str], bool],
                 context: Callable[[set[str]], tuple[list[Triple], list[Triple]]],
                 texts: dict[str, str]) -> None:
        self.checks, self.folder, self.shared, self.context = checks, folder, shared, context
        self.texts = texts
        self.violations: set[Violation] = set()
        # the descriptions of the shared nodes the parts' stores held in full
        self.held: dict[str, set[int]] = {}
        # for each part, its own nodes' hashes and their descriptions' (a sum of the hashes
        # of their triples), and the hashes of what the parts point to that no part may own
        self.nodes: list[np.ndarray] = []
        self.descriptions: list[np.ndarray] = []
        self.outside: set[int] = set()
        # nodes described otherwise by two parts one after the other, one description holding
        # the other's; the part before's nodes and descriptions, and its triples' hashes
        self.nested: set[int] = set()
        self.last: tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None
        self.seconds = 0.0  # spent validating
        # between ``part`` and ``validate``: the predicates and classes in the part, what its
        # lines say of its nodes, and its triples whose lines are too long for the file
        self.present: set[str] = set()
        self.lines = _Lines()
        self.long: list[ox.Triple] = []
        self.why = ""  # why ``finish`` gave no report

    def part(self, triples: Iterable[Triple]) -> Iterator[Triple]:
        """The part's ``triples``, passed on as their N-Triples lines are written to a file,
        to be loaded into a store and validated by ``validate`` once they have all passed
        (and the caller has let go of what it found: the store's memory and the
        extraction's are not held at once)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.present, self.lines, self.long = set(), _Lines(), []
        source = iter(triples)
        with self._file.open("wb") as f:
            while batch := list(islice(source, LOAD_LINES)):
                t = time.perf_counter()
                lines, items = triple_lines(batch)
                self.lines.add(lines)
                _present(items, self.present)
                f.writelines(x for x in lines if len(x) <= LONG_LINE)
                self.long += [t for x, t in zip(lines, items, strict=True) if len(x) > LONG_LINE]
                del lines, items
                self.seconds += time.perf_counter() - t
                yield from batch

    @property
    def _file(self) -> Path:
        return self.folder / f"part-{len(self.nodes) + 1}.nt"

    def validate(self) -> None:
        """Validate the part ``part`` wrote, then remove its file and store."""
        t = time.perf_counter()
        present, lines, long, file = self.present, self.lines, self.long, self._file
        folder = self.folder / f"part-{len(self.nodes) + 1}"
        self.lines, self.long = _Lines(), []
        store = ox.Store(str(folder))
        try:
            with file.open("rb") as f:
                while data := list(islice(f, LOAD_LINES)):
                    store.bulk_load(b"".join(data), format=ox.RdfFormat.N_TRIPLES)
            _extend(store, long)
            del long
            own = {node.decode() for node in lines.subjects}
            pointed = {iri.decode() for iri in lines.pointed}
            exact, partial = self.context(  # shared nodes it points to or says something of
                {n for n in pointed if n not in own or self.shared(n)})
            held, items = triple_lines(exact)
            lines_of: dict[str, set[int]] = {}
            _line_hashes(held, lines_of)
            for node, hashes in lines_of.items():
                self.held.setdefault(node, set()).add(_description(hashes))
            _load(store, held, items, present)
            _load(store, *triple_lines(partial), present)
            del held, items
            store.optimize()
            try:
                report = check_store(store, self.checks, present, FOCUS_SLICE, self.texts)
            except ShapesError as e:  # the text a part's store leaves out, not read
                self.why = str(e)
                return
            self.violations.update(v for v in report.violations if v.focus in own)
            mine = np.array([hash(node) for node in lines.subjects
                             if not self.shared(node.decode())], np.int64)
            self._compare(*lines.of(mine))
            self.outside.update(hash(iri) for iri in pointed - own if not self.shared(iri))
        finally:
            del store
            shutil.rmtree(folder, ignore_errors=True)
            file.unlink(missing_ok=True)
            _give_back()
            self.seconds += time.perf_counter() - t

    def finish(self, shared: Iterable[Triple]) -> ValidationReport | None:
        """Validate the ``shared`` nodes' triples (the article's own and its entities': taken a
        slice at a time) and give the report of every part's and theirs; None if the parts are
        no partition of the graph (``why`` says how)."""
        t = time.perf_counter()
        try:
            if self.why:
                return None
            if (why := self._no_partition()) is not None:
                self.why = why
                return None
            # the texts (their nodes with their strings) in a store of their own; the rest
            # without the strings, which the spans' check reads from ``texts``
            texts: list[Triple] = []
            held: dict[str, set[int]] = {}  # the lines of the nodes a part's store held
            folder = self.folder / "shared"
            self.folder.mkdir(parents=True, exist_ok=True)
            store = ox.Store(str(folder))
            try:
                present: set[str] = set()
                source = iter(shared)
                while batch := list(islice(source, LOAD_LINES)):
                    texts += (x for x in batch if str(x[0]) in self.texts)
                    lines, items = triple_lines(
                        x for x in batch if x[1] != _IS_STRING or str(x[0]) not in self.texts)
                    _line_hashes(lines, held, self.held)
                    _load(store, lines, items, present)
                    del batch, lines, items
                described = {node: _description(hashes) for node, hashes in held.items()}
                if any(seen != {described.get(node)} for node, seen in self.held.items()):
                    self.why = "a part's store held a shared node otherwise than the article"
                    return None
                store.optimize()
                report = check_store(store, self.checks, present, FOCUS_SLICE, self.texts)
            except ShapesError as e:
                self.why = str(e)
                return None
            finally:
                del store
                shutil.rmtree(folder, ignore_errors=True)
            strings = _text_violations(texts, self.checks)
            del texts
            rest = {v for v in report.violations if v.focus not in self.texts}
            found = sorted(self.violations | rest | strings, key=lambda v: (
                v.focus, v.shape, v.path or "", v.message, v.value or ""))
            return ValidationReport(not found, tuple(found))
        finally:
            self.seconds += time.perf_counter() - t

    def _compare(self, nodes: np.ndarray, triples: np.ndarray) -> None:
        """Keep the part's nodes and their descriptions' hashes; a node the part before
        described otherwise is let pass if one part's description holds the other's (a span
        one part reads as a mention, the next as a source's anchor): validated whole there."""
        starts = np.flatnonzero(np.r_[True, nodes[1:] != nodes[:-1]]) if len(nodes) else nodes
        described = nodes[starts]
        descriptions = np.add.reduceat(triples, starts) if len(nodes) else triples
        if self.last is not None:
            before, before_triples = self.last
            both, here, there = np.intersect1d(described, before[0], return_indices=True)
            for node, i, j in zip(both, here, there, strict=True):
                if descriptions[i] == before[1][j]:
                    continue
                mine = set(triples[starts[i]:starts[i + 1] if i + 1 < len(starts) else None])
                lo, hi = np.searchsorted(before_triples[0], node, side="left"), \
                    np.searchsorted(before_triples[0], node, side="right")
                theirs = set(before_triples[1][lo:hi])
                if mine <= theirs or theirs <= mine:
                    self.nested.add(int(node))
        self.nodes.append(described)
        self.descriptions.append(descriptions)
        self.last = ((described, descriptions), (nodes, triples))

    def _no_partition(self) -> str | None:
        if not self.nodes:
            return "no part was validated"
        nodes, descriptions = np.concatenate(self.nodes), np.concatenate(self.descriptions)
        parts = np.concatenate([np.full(len(n), i) for i, n in enumerate(self.nodes)])
        order = np.lexsort((parts, descriptions, nodes))
        nodes, descriptions, parts = nodes[order], descriptions[order], parts[order]
        twice = nodes[1:] == nodes[:-1]
        for k in np.flatnonzero(twice & (descriptions[1:] != descriptions[:-1])):
            node = nodes[k]
            lo, hi = np.searchsorted(nodes, node, "left"), np.searchsorted(nodes, node, "right")
            # described in two parts one after the other, one holding the other's description
            if hi - lo != 2 or int(node) not in self.nested or abs(parts[lo] - parts[lo + 1]) != 1:
                return "a node is described otherwise by two parts"
        outside = np.fromiter(self.outside, np.int64, len(self.outside))
        if np.any(np.isin(outside, nodes)):
            return "a part points to a node another part describes"
        return None
