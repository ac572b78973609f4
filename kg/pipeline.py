"""build(settings) -> BuildResult: read, extract, map, validate and dump, one file at a time.

Each input file is processed on its own (in worker processes with ``workers > 1``); results come
back in input order, so output is deterministic. An article whose graph does not conform to the
shapes is left out and reported (file, node, path, why).

The previous dumps are replaced only by a build that published everything it was asked to: one
that built nothing, or rejected any input, leaves them as they were, unless ``publish_partial``
lets it publish the articles it accepted (never none). An interrupted build stops its workers at
once and leaves the previous dumps, and no file of its own, behind.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing.context as mpc
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from itertools import chain, islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from kg import __version__
from kg.cache import BuildCache, Stats
from kg.config import Settings
from kg.dump import Chunk, DumpWriter, serialize, serialize_chunk, sorted_triples, spool_chunk
from kg.errors import ConfigError, InputError, KgError
from kg.extract import Part, extract, in_sections
from kg.extract.parse import model_info
from kg.index import ArticleIndex
from kg.ingest import InputFile, Options, Skipped, discover, display_path, read_file
from kg.iris import Iris
from kg.mapping import (
    MappedArticle,
    RunInfo,
    article_prov,
    entity_triples,
    finding_triples,
    heading_triples,
    input_prov,
    map_article,
    run_prov,
)
from kg.mapping.article import authors, entity, leftover_triples
from kg.mapping.terms import Triple
from kg.mapping.void import void_triples
from kg.model import Article, Entity, Extraction, Source
from kg.namespaces import NIF, RDF
from kg.partwise import PartwiseCheck
from kg.registry import default_registry
from kg.validate import ValidationReport, load_shapes, validate_triples


@dataclass(frozen=True)
class Rejection:
    source: str
    reason: str
    kind: str
    line: int | None = None
    article: str | None = None
    violations: tuple[str, ...] = ()

    def describe(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        head = f"{where}: {self.reason}"
        return "\n".join([head, *(f"    {v}" for v in self.violations)])


@dataclass(frozen=True)
class ArticleOutcome:
    mapped: MappedArticle
    report: ValidationReport
    publisher: str | None = None
    cited: frozenset[str] = frozenset()
    mentioned: frozenset[str] = frozenset()
    chunk: Chunk | None = None  # the article graph serialized for the dumps (when it conforms)


@dataclass(frozen=True)
class FileOutcome:
    path: str  # where the user finds the file (for messages)
    name: str  # its name in the build, relative to the input root (for the graph)
    articles: tuple[ArticleOutcome, ...]
    rejections: tuple[Rejection, ...]
    seconds: tuple[tuple[str, float], ...] = ()  # time per stage in the worker (read, extract, ...)


@dataclass
class BuildResult:
    files: int = 0
    skipped: int = 0
    skipped_files: list[Skipped] = field(default_factory=list)
    articles_read: int = 0
    built: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    triples: int = 0
    graphs: int = 0
    seconds: float = 0.0
    dumps: Path | None = None
    run: str = ""
    stage_seconds: dict[str, float] = field(default_factory=dict)  # summed over workers
    warnings: list[Rejection] = field(default_factory=list)  # values left out of built articles
    cache: Stats | None = None  # files reused from the cache and built (None: no cache)

    @property
    def files_built(self) -> int:
        """Files whose per-article work ran in this build (the rest came from the cache)."""
        return self.files if self.cache is None else self.cache.built

    @property
    def published(self) -> bool:
        """Whether this build replaced the dumps (see ``publishable``)."""
        return self.dumps is not None

    @property
    def exit_code(self) -> int:
        """0: everything published; 1: some input rejected (the rest published only with
        ``publish_partial``); 2: nothing built, so nothing published."""
        if self.built == 0:
            return 2
        return 1 if self.rejections else 0


# ---------------------------------------------------------------- per-file work (pure of output)
CHUNK_FILES = 4  # files handed to a worker at a time
WORKER_FILES = 4000  # files a worker handles before a fresh one takes its place (about 2 s)
_STATE: dict[str, object] = {}


def _init_worker(settings: Settings, announce: bool = False, spool: Path | None = None) -> None:
    """A worker process's initializer. Ctrl-C reaches the whole process group, and a service
    manager may send SIGTERM to every process: only the build process acts on them. A worker
    that died on its own, half-way through a task or holding a queue's lock, could make the
    pool wait forever; the build ends its workers itself, with SIGKILL (``_SpawnContext``)."""
    for sig in _WORKER_IGNORES:
        signal.signal(sig, signal.SIG_IGN)  # also drops one that came while it started
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _WORKER_IGNORES)
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    _STATE["worker"] = True
    try:
        _load(settings, announce, spool)
    except Exception as e:
        # an initializer that raises ends its worker, and the pool starts another in its
        # place, which fails the same way, for ever: the build would hang without a word.
        # The first file this worker takes raises the error instead, and the build ends on it.
        _STATE["failed"] = e


# A worker allocates fast (tokens, spans, terms) and frees almost all of it by reference count:
# the cyclic collector's young generation, run every 700 allocations by default, found little
# and cost 6.6 ms an article of PolNeAR (timed with gc.callbacks); 2.6 with the model frozen
# (``_settled``), 0.7 with these thresholds as well.
WORKER_GC_THRESHOLDS = (10_000, 20, 20)


def _settled() -> None:
    """In a worker process, once its first article has loaded the model: what is there by now
    (the model, the libraries) lives as long as the process, so it goes out of the cyclic
    collector's sight, which otherwise walks it at every full collection. Not in the build's
    own process (``--workers 1``), whose objects are the caller's."""
    if _STATE.get("worker") and not _STATE.get("settled"):
        _STATE["settled"] = True
        gc.collect()
        gc.freeze()


def _load(settings: Settings, announce: bool = False, spool: Path | None = None) -> None:
    _STATE["settings"] = settings
    _STATE["announce"] = announce
    _STATE["spool"] = spool  # where a very long article's graph goes (``_in_windows``)
    shapes = load_shapes(settings.shapes_path, settings.ontology_path)
    _STATE["shapes"] = shapes
    if settings.validator == "sparql":
        from kg.shacl_sparql import compile_shapes

        _STATE["checks"] = compile_shapes(shapes)  # prepared once per worker
    _STATE["registry"] = default_registry()


_TYPE = str(RDF.type)


def _validate(mapped: MappedArticle, chunk: Chunk, withheld: list[Triple]) -> ValidationReport:
    """The article's triples and its entities' against the shapes: ``chunk`` (what the dumps
    carry) and ``withheld`` (what they leave out) are the article graph."""
    if "checks" not in _STATE:
        return validate_triples([*mapped.triples, *mapped.entity_triples],
                                _STATE["shapes"])  # type: ignore[arg-type]
    from kg.shacl_sparql import check_ntriples

    rest = [*mapped.entity_triples, *withheld]
    present = _present((*mapped.triples, *mapped.entity_triples))
    data = chunk.nt + (serialize(rest, ox.RdfFormat.N_TRIPLES, prefixes=False) if rest else b"")
    return check_ntriples(data, present, _STATE["checks"])  # type: ignore[arg-type]


# A file at least this large has its stages announced on stderr as it goes (unless ``-q``):
# one article of several megabytes takes minutes, and a bar over the files would not move.
LONG_FILE_BYTES = 1_000_000


def _announcer(source: InputFile) -> Callable[[str], None]:
    try:
        size = source.path.stat().st_size
    except OSError:
        size = 0
    if not _STATE.get("announce") or size < LONG_FILE_BYTES:
        return lambda stage: None
    began = time.perf_counter()

    def say(stage: str) -> None:
        import sys

        seconds = time.perf_counter() - began
        print(f"kg build: {display_path(source.path)} ({size / 1e6:.1f} MB): {stage} "
              f"({seconds:.0f} s)", file=sys.stderr, flush=True)

    return say


def _whole(ex: Extraction, iris: Iris, clock: dict[str, float],
           say: Callable[[str], None]) -> tuple[MappedArticle, Chunk, ValidationReport]:
    """Map, serialize and validate an article's graph held whole in memory."""
    settings: Settings = _STATE["settings"]  # type: ignore[assignment]
    t = time.perf_counter()
    say("mapping")
    mapped = map_article(ex, iris)
    t, clock["map"] = time.perf_counter(), clock["map"] + time.perf_counter() - t
    # written once for the dumps; the validator reads the same N-Triples
    say("serializing")
    public, withheld = _published(settings, mapped)
    made = serialize_chunk(mapped.graph, public)
    t, clock["serialize"] = time.perf_counter(), clock["serialize"] + time.perf_counter() - t
    say("validating")
    report = _validate(mapped, made, withheld)
    clock["validate"] += time.perf_counter() - t
    return replace(mapped, triples=()), made, report  # the writer needs the chunk, not the triples


# An article at least this long (code points) has its graph mapped, serialized and validated
# without being held whole (``_in_windows``): the same bytes, in memory bounded by a window.
WINDOWED_CHARACTERS = 250_000


def _in_windows(article: Article, iris: Iris, clock: dict[str, float],
                say: Callable[[str], None],
                spare: Callable[[], None]) -> tuple[MappedArticle, Chunk, ValidationReport,
                                                   Extraction, frozenset[str]]:
    """``_whole`` for a very long article, extracted too: read in parts (``in_sections``: its
    sections, each made once the one before is mapped), its triples streamed from the mapping
    into a chunk on disk (``spool_chunk``: sorted in windows, merged) in the build's spool
    folder, and validated in an Oxigraph store on disk. Also gives the article's extraction
    without its findings (its publisher, entities and cited outlets) and the keys of the
    entities it mentions, for the build's index.
    ``spare`` is called once the first part is made. The chunk is the writer's to remove."""
    from kg.shacl_sparql import check_on_disk

    settings: Settings = _STATE["settings"]  # type: ignore[assignment]
    folder: Path = _STATE["spool"]  # type: ignore[assignment]
    spool = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=folder))
    try:
        t, spent = time.perf_counter(), clock["map"] + clock["extract"] + clock["validate"]
        parts = _Parts(article, in_sections(article, _STATE["registry"],  # type: ignore[arg-type]
                                            settings.model), iris, clock, say, spare,
                       spool / "parts")
        withheld: list[Triple] = []
        present: set[str] = set()
        triples = _streamed(iter(parts), settings, present, withheld, clock, say)
        made = spool_chunk(iris.article_graph(article.id), triples, spool, say=say)
        clock["serialize"] += time.perf_counter() - t - (
            clock["map"] + clock["extract"] + clock["validate"] - spent)
        ex = parts.whole
        mapped = MappedArticle(article, iris.article_graph(article.id), (),
                               tuple(entity_triples(ex, iris)))
        _present(mapped.entity_triples, present)
        t = time.perf_counter()
        report = None
        if parts.check is not None:  # read in parts: validated a part at a time
            say("validating the article's own nodes")
            report = parts.check.finish(
                chain(heading_triples(ex, iris, parts.mentioned), mapped.entity_triples))
            if report is None:
                say(f"validating the whole graph ({parts.check.why})")
        if report is None:
            say("validating")
            report = check_on_disk(spool, [*mapped.entity_triples, *withheld], present,
                                   _STATE["checks"], spool / "store", say)  # type: ignore[arg-type]
        clock["validate"] += time.perf_counter() - t
    except BaseException:
        shutil.rmtree(spool, ignore_errors=True)
        raise
    if not report.conforms:
        shutil.rmtree(spool, ignore_errors=True)
    return mapped, made, report, ex, frozenset(parts.mentioned)


class _Parts:
    """The triples of an article's parts (``in_sections``), each part extracted (timed as
    ``extract``) only once the one before is mapped, then the article's own triples; what the
    parts found together is kept as they pass: the entities (the first part naming one
    decides, as between articles), the keys of those mentioned, the outlets cited. An article
    of more than one part has each part validated as it passes (``check``: a
    ``PartwiseCheck`` with its stores in ``folder``), timed as ``validate``."""

    def __init__(self, article: Article, parts: Iterator[Part], iris: Iris,
                 clock: dict[str, float], say: Callable[[str], None],
                 spare: Callable[[], None], folder: Path) -> None:
        self.parts, self.iris, self.clock, self.say, self.spare = parts, iris, clock, say, spare
        self.folder = folder
        self.entities: dict[str, Entity] = {}
        self.mentioned: set[str] = set()
        self.cited: dict[str, None] = {}
        # the article's extraction without its findings, once every part has passed
        self.whole = Extraction(article)
        # a source read in two parts (one named, or one anchored where two parts' texts
        # meet) is described once, as the first part read it: a named one for the whole
        # article, an anchored one while a later part's text can still reach back to it
        self.named: dict[str, Source] = {}
        self.anchored: dict[str, Source] = {}
        self.check: PartwiseCheck | None = None
        # for ``check``: the article's own triples a part's store holds (all but the
        # entities it mentions), the nodes they describe, and the entities by IRI
        self.heading: list[Triple] = []
        self.heading_nodes: set[str] = set()
        self.by_iri: dict[str, Entity] = {}
        self.fixed: set[str] = set()
        self.window: tuple[int, int | None] = (0, None)  # the text read for the part at hand

    def __iter__(self) -> Iterator[Triple]:
        requests = 1
        self.say("extracting")
        while True:
            t = time.perf_counter()
            part = next(self.parts, None)
            self.clock["extract"] += time.perf_counter() - t
            if part is None:
                break
            ex = part.extraction
            if part.number == 1:
                self.whole = replace(self.whole, publisher=ex.publisher)
                self.spare()
                self.say("mapping and serializing")
                if part.parts > 1:
                    self._checked()
            self.anchored = {k: s for k, s in self.anchored.items()
                             if s.anchor is not None and s.anchor.begin >= part.read_from}
            ex = replace(ex, sources=tuple(map(self._first, ex.sources)))
            for e in ex.entities:
                if self.entities.setdefault(e.key, e) is e:
                    self.by_iri[str(self.iris.entity(e.key))] = e
            self.mentioned.update(m.entity for m in ex.mentions)
            self.cited.update(dict.fromkeys(ex.cited_outlets))
            found = finding_triples(ex, self.iris, requests)
            requests += len(ex.requests)
            number, parts = part.number, part.parts
            self.window = (part.read_from, part.read_to)
            del ex, part
            spent = self.check.seconds if self.check else 0.0
            yield from (found if self.check is None else self.check.part(found))
            del found  # the part's findings let go of before it is validated
            if self.check is not None:
                self.say(f"validating part {number} of {parts}")
                self.check.validate()
                self.clock["validate"] += self.check.seconds - spent
            if number < parts:
                self.say(f"extracting, part {number + 1} of {parts}")
        self.whole = replace(self.whole, cited_outlets=tuple(self.cited), entities=tuple(
            sorted(self.entities.values(), key=lambda e: e.key)))
        yield from heading_triples(self.whole, self.iris, self.mentioned)

    def _first(self, s: Source) -> Source:
        return (self.named if s.anchor is None else self.anchored).setdefault(s.id, s)

    def _checked(self) -> None:
        """Validate each part as it passes: the article's own triples but the entities it
        mentions (those only the last part knows) are in each part's store."""
        article = self.whole.article
        self.heading = [t for t in heading_triples(  # the text's string: ``check``'s ``texts``
            replace(self.whole, article=replace(article, boilerplate=())), self.iris, ())
            if t[1] != NIF.isString]
        self.heading_nodes = {str(s) for s, _, _ in self.heading} | {
            str(self.iris.span(article.id, b.span)) for b in article.boilerplate}
        self.fixed = {str(self.iris.entity(e.key)) for e in  # the publisher, the authors
                      ([self.whole.publisher] if self.whole.publisher else [])
                      + authors(self.whole)}
        self.check = PartwiseCheck(_STATE["checks"], self.folder,  # type: ignore[arg-type]
                                   self._shared, self._context,
                                   {str(self.iris.text(article.id)): article.text})

    def _entities(self) -> dict[str, Entity]:
        """The entities known so far by IRI, as ``entity_triples`` will describe them."""
        out = dict(self.by_iri)
        if self.whole.publisher:
            out[str(self.iris.entity(self.whole.publisher.key))] = self.whole.publisher
        for author in authors(replace(self.whole, entities=tuple(self.entities.values()))):
            out.setdefault(str(self.iris.entity(author.key)), author)
        return out

    def _shared(self, iri: str) -> bool:
        return iri in self.heading_nodes or iri in self.by_iri or iri in self.fixed

    def _context(self, pointed: set[str]) -> tuple[list[Triple], list[Triple]]:
        """The shared triples a part's store holds: the article's own (its node, without the
        entities it mentions; its text, without its string; the page leftovers in the text the
        part read) and the entities they or the part's triples point to."""
        known = self._entities()
        article = self.whole.article
        partial = {self.iris.article(article.id), self.iris.text(article.id)}
        wanted = pointed | {str(o) for _, _, o in self.heading if isinstance(o, URIRef)}
        exact = [t for t in self.heading if t[0] not in partial]
        exact += [t for iri in sorted(wanted & known.keys()) for t in entity(known[iri], self.iris)]
        # the page leftovers the part's text holds (in its headline or its window): those
        # its mentions could lie in
        head = article.headline_span.end if article.headline_span else 0
        lo, hi = self.window
        exact += leftover_triples(article, (
            b for b in article.boilerplate if b.span.begin < head
            or (b.span.end > lo and (hi is None or b.span.begin < hi))), self.iris)
        return exact, [t for t in self.heading if t[0] in partial]


@contextmanager
def _collector_spared(active: bool) -> Iterator[Callable[[], None]]:
    """For a very long article (``active``), the cyclic collector kept from walking it again
    and again: its young generation collected every 10,000 allocations rather than 700
    (WORKER_GC_THRESHOLDS, as in the workers), and the function given frozen out of its sight
    what exists when it is called (the extraction, the model) until the article is done. The
    mapping, the merge and the queries allocate fast and free nearly everything by reference
    count, while the extraction they read stays alive: every full collection walked it, and
    they came more often the longer the article (gc.callbacks, 1 MB: 13.6 of 70.8 CPU s; 2 MB:
    31.0 of 150). In a worker, what it froze stays frozen (``_settled`` freezes the same)."""
    if not active:
        yield lambda: None
        return
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()

    def spare() -> None:
        gc.collect()
        gc.freeze()

    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    try:
        yield spare
    finally:
        gc.set_threshold(*thresholds)
        if not frozen and not _STATE.get("worker"):
            gc.unfreeze()


def _present(triples: Iterable[Triple], present: set[str] | None = None) -> set[str]:
    """The predicates and classes in ``triples`` (added to ``present``)."""
    out = set() if present is None else present
    for _, p, o in triples:
        ps = str(p)
        out.add(ps)
        if ps == _TYPE:
            out.add(str(o))
    return out


def _streamed(triples: Iterator[Triple], settings: Settings, present: set[str],
              withheld: list[Triple], clock: dict[str, float],
              say: Callable[[str], None]) -> Iterator[Triple]:
    """The triples the dumps carry, taken from the mapping a batch at a time (timed as
    ``map``); those they leave out go to ``withheld``, every predicate and class to ``present``.
    Says how many it has taken every million."""
    taken = 0
    while True:
        t, apart = time.perf_counter(), clock["extract"] + clock["validate"]
        batch = list(islice(triples, 10_000))  # parts extracted, validated on the way: timed apart
        clock["map"] += time.perf_counter() - t - (clock["extract"] + clock["validate"] - apart)
        if not batch:
            return
        taken += len(batch)
        if taken % 1_000_000 < len(batch):
            say(f"mapping and serializing, {taken:,} triples so far")
        _present(batch, present)
        for triple in batch:
            if not settings.include_text and triple[1] == NIF.isString:
                withheld.append(triple)
            else:
                yield triple


def process_file(source: InputFile) -> FileOutcome:
    if "failed" in _STATE:  # this worker could not load what it works with (_init_worker)
        raise _STATE["failed"]  # type: ignore[misc]
    settings: Settings = _STATE["settings"]  # type: ignore[assignment]
    iris = Iris(settings.base_iri)
    options = Options(settings.language, settings.max_file_bytes)
    articles: list[ArticleOutcome] = []
    rejections: list[Rejection] = []
    clock = dict.fromkeys(("read", "extract", "map", "validate", "serialize"), 0.0)
    say = _announcer(source)
    t = time.perf_counter()
    for item in read_file(source, options, _STATE["registry"]):  # type: ignore[arg-type]
        clock["read"] += time.perf_counter() - t
        if isinstance(item, InputError):
            rejections.append(Rejection(item.path, item.reason, item.kind, item.line))
            t = time.perf_counter()
            continue
        windowed = (len(item.text) >= WINDOWED_CHARACTERS and "checks" in _STATE
                    and _STATE.get("spool") is not None)
        try:
            with _collector_spared(windowed) as spare:
                if windowed:
                    def settle() -> None:
                        _settled()
                        spare()

                    mapped, made, report, ex, mentioned = _in_windows(item, iris, clock, say,
                                                                      settle)
                else:
                    t = time.perf_counter()
                    say("extracting")
                    ex = extract(item, _STATE["registry"], settings.model)  # type: ignore[arg-type]
                    _settled()
                    clock["extract"] += time.perf_counter() - t
                    mapped, made, report = _whole(ex, iris, clock, say)
                    mentioned = frozenset(m.entity for m in ex.mentions)
            say("done")
        except KgError:
            raise
        except Exception as e:  # one article's failure must not cost the others their output
            rejections.append(Rejection(display_path(source.path), f"internal error: {e!r}",
                                        "internal", item.record, item.id))
            continue
        chunk = made if report.conforms else None
        articles.append(ArticleOutcome(
            mapped, report,
            ex.publisher.key if ex.publisher else None, frozenset(ex.cited_outlets),
            mentioned, chunk))
        t = time.perf_counter()
    return FileOutcome(display_path(source.path), source.name, tuple(articles), tuple(rejections),
                       tuple(clock.items()))


def _outcomes(settings: Settings, files: list[InputFile], announce: bool = False,
              spool: Path | None = None) -> Generator[FileOutcome, None, None]:
    """Each file's outcome, in input order. Closing this generator (or an exception inside it)
    terminates the worker processes at once: nothing waits for the work still queued."""
    if settings.executor != "local" and files:  # Dask distributed (kg/distributed.py)
        from kg.distributed import outcomes

        yield from outcomes(settings, files, spool)
        return
    if settings.workers == 1 or len(files) < 2:
        _load(settings, announce, spool)
        yield from map(process_file, files)
        return
    # Workers are spawned (a fresh interpreter each), not forked from this process: a worker that
    # replaces a retired one must not inherit (and count again) whatever the writer holds by
    # then. Not from a fork server either: a SIGTERM sent to the whole process group would end
    # it, and the pool would then take every worker for dead and fail to start new ones.
    ctx = _SpawnContext()
    # At most this many files are in flight: results wait in memory only until the writer takes
    # them, so a writer slower than the workers cannot make memory grow with the corpus.
    slots = threading.BoundedSemaphore(settings.workers * 16)
    stop = threading.Event()

    def feed() -> Iterator[InputFile]:  # runs in the pool's task thread
        for f in files:
            while not slots.acquire(timeout=0.1):
                if stop.is_set():  # the pool is being terminated: it joins this thread
                    return
            if stop.is_set():
                return
            yield f

    # a worker is replaced after WORKER_FILES files: what it accumulates (caches filling up, a
    # fragmented heap) is then bounded by that, not by the size of the corpus
    pool = ctx.Pool(settings.workers, initializer=_init_worker,
                    initargs=(settings, announce, spool),
                    maxtasksperchild=WORKER_FILES // CHUNK_FILES)
    try:
        for outcome in pool.imap(process_file, feed(), chunksize=CHUNK_FILES):
            slots.release()
            yield outcome
    finally:
        # interrupted (or done): no queued file is waited for; terminate() kills the workers
        # and joins the pool's threads, which return at once once the feed stops
        stop.set()
        pool.terminate()


_WORKER_IGNORES = {signal.SIGINT, signal.SIGTERM}


class _SpawnWorker(mpc.SpawnProcess):
    def start(self) -> None:
        # the new process inherits this thread's signal mask: a Ctrl-C while it starts up
        # waits, blocked, until _init_worker ignores it (rather than a traceback from an import)
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _WORKER_IGNORES)
        try:
            super().start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    def terminate(self) -> None:  # the workers ignore SIGTERM (see _init_worker)
        self.kill()


class _SpawnContext(mpc.SpawnContext):
    """Spawns workers that ``Pool.terminate`` ends with SIGKILL (it would send SIGTERM)."""

    Process = _SpawnWorker


def _in_process(settings: Settings, announce: bool,
                spool: Path) -> Callable[[InputFile], FileOutcome]:
    """``process_file`` in this process (for the rare file whose cache entry turned out bad)."""

    def run(source: InputFile) -> FileOutcome:
        if _STATE.get("settings") is not settings:
            _load(settings, announce, spool)
        return process_file(source)

    return run


# ---------------------------------------------------------------- the build
def run_key(settings: Settings, files: Iterable[InputFile]) -> str:
    """The run's identity: settings that shape the graph, and each input's name in the build
    (not its local path) and bytes."""
    h = hashlib.sha256(f"kg {__version__} {settings.base_iri} {settings.include_text} "
                       f"{settings.model}".encode())
    for f in files:
        h.update(f.name.encode() + b"\0")
        try:
            h.update(hashlib.sha256(f.path.read_bytes()).digest())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


def _timestamp(settings: Settings) -> str:
    if settings.source_date_epoch is not None:
        t = datetime.fromtimestamp(settings.source_date_epoch, UTC)
    else:
        t = datetime.now(UTC).replace(microsecond=0)
    return t.isoformat().replace("+00:00", "Z")


def build(
    settings: Settings,
    progress: Callable[[Iterable[FileOutcome], int], Iterable[FileOutcome]] | None = None,
) -> BuildResult:
    t0 = time.perf_counter()
    check_out_dir(settings.out_dir)  # a usage error, before any work
    iris = Iris(settings.base_iri)
    files, skipped, missing = discover(settings.inputs)
    result = BuildResult(files=len(files), skipped=len(skipped), skipped_files=skipped)
    result.rejections += [Rejection(e.path, e.reason, e.kind) for e in missing]
    run = iris.run(run_key(settings, files))
    result.run = str(run)
    started = _timestamp(settings)
    model = model_info(settings.model)  # a missing model is a usage error before any work
    settings.out_dir.mkdir(parents=True, exist_ok=True)
    cache = BuildCache.open(settings, files, model) if settings.cache else None
    writer = DumpWriter(settings.dumps_dir, settings.gzip)
    announce = progress is not None
    todo = files if cache is None else cache.misses(files)
    work = _outcomes(settings, todo, announce=announce, spool=writer.spool)
    try:
        outcomes: Iterable[FileOutcome] = work
        if cache is not None:
            outcomes = cache.merged(files, work, _in_process(settings, announce, writer.spool))
            result.cache = cache.stats
        if progress is not None:
            outcomes = progress(outcomes, len(files))
        with ArticleIndex(settings.out_dir) as index:
            _publish(iris, run, outcomes, writer, result, index)
            links = citation_links(iris, index)
        writer.write_graph(iris.graph("links"), "links", links, shared=True)
        info = RunInfo(run, __version__, started, _timestamp(settings), model)
        shared = [g for g in (iris.graph("entities"), iris.graph("prov"), iris.graph("links"))
                  if str(g) in writer.triple_counts or g == iris.graph("prov")]
        writer.write_graph(iris.graph("prov"), "prov", run_prov(info, iris, shared), shared=True)
        dump_files = writer.finish_streams()
        result.triples = writer.total_triples
        result.graphs = writer.total_graphs
        void = sorted_triples(void_triples(
            iris, result.triples, writer.triple_counts, result.built, dump_files, run))
        from pyoxigraph import RdfFormat

        writer.write_file("void.ttl", serialize(void, RdfFormat.TURTLE))
        if publishable(settings, result):
            writer.commit()
            result.dumps = settings.dumps_dir
        else:
            writer.abort()  # the previous dumps (and so the store) stay exactly as they were
    except BaseException:  # an error, Ctrl-C, or SIGTERM (kg.errors.Terminated)
        work.close()  # the workers go first: nothing may write while the staging folder goes
        writer.abort()
        if cache is not None:
            cache.abort()  # the cache as it was: none of this build's entries
        raise
    if cache is not None:
        cache.commit(prune=result.published)
    result.seconds = time.perf_counter() - t0
    write_report(settings.report_path, result)
    return result


def check_out_dir(out: Path) -> None:
    """Raise ConfigError ("output folder DIR: why") unless kg can create and write ``out``."""
    where = f"output folder {display_path(out)}"
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{where}: is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".kg-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        why = (e.strerror or str(e)).lower()
        raise ConfigError(f"{where}: {why}") from None


def publishable(settings: Settings, result: BuildResult) -> bool:
    """A build replaces the dumps only if it built something and rejected nothing (or, with
    ``publish_partial``, if it built something)."""
    return result.built > 0 and (not result.rejections or settings.publish_partial)


def _publish(
    iris: Iris, run: URIRef, outcomes: Iterable[FileOutcome], writer: DumpWriter,
    result: BuildResult, index: ArticleIndex,
) -> None:
    for fo in outcomes:
        for stage, sec in fo.seconds:
            result.stage_seconds[stage] = result.stage_seconds.get(stage, 0.0) + sec
        result.rejections += fo.rejections
        result.articles_read += len(fo.articles)
        if fo.articles:
            sha = fo.articles[0].mapped.article.source_sha256
            used = input_prov(run, fo.name, sha, iris)
            writer.write_graph(iris.graph("prov"), "prov", used, shared=True)
        for ao in fo.articles:
            a = ao.mapped.article
            result.warnings += [Rejection(fo.path, w, "metadata", a.record, a.id)
                                for w in a.warnings]
            first = index.source_of(a.id)
            if first is not None:
                result.rejections.append(Rejection(
                    fo.path, f"duplicate article id {a.id!r} (also read from {first})",
                    "duplicate", a.record, a.id))
                continue
            if not ao.report.conforms:
                result.rejections.append(Rejection(
                    fo.path, f"article {a.id!r} does not conform to the shapes", "invalid",
                    a.record, a.id, tuple(v.describe() for v in ao.report.violations)))
                continue
            assert ao.chunk is not None
            writer.write_chunk(f"article-{a.id}", ao.chunk, shared=False)
            fresh = index.new_entities({str(t[0]) for t in ao.mapped.entity_triples})
            new = [t for t in ao.mapped.entity_triples if str(t[0]) in fresh]
            writer.write_graph(iris.graph("entities"), "entities", new, shared=True)
            prov = article_prov(run, ao.mapped.graph, a.source, iris)
            writer.write_graph(iris.graph("prov"), "prov", prov, shared=True)
            result.built += 1
            index.add(a.id, fo.path, ao.publisher, ao.cited, ao.mentioned)


def citation_links(iris: Iris, index: ArticleIndex, overlap: float = 0.3) -> list[Triple]:
    """A schema:citation from an article to the cited outlet's own article on the same story
    (publisher = the cited outlet, and the two mention mostly the same entities)."""
    from kg.namespaces import SDO

    # the links graph is sorted when it is written
    return [(iris.article(a), SDO.citation, iris.article(b)) for a, b in index.citations(overlap)]


def _published(settings: Settings, mapped: MappedArticle) -> tuple[list[Triple], list[Triple]]:
    """The article graph's triples the dumps carry, and those they leave out (its text, without
    ``include_text``)."""
    if settings.include_text:
        return list(mapped.triples), []
    from kg.namespaces import NIF

    withheld = [t for t in mapped.triples if t[1] == NIF.isString]
    return [t for t in mapped.triples if t[1] != NIF.isString], withheld


def write_report(path: Path, result: BuildResult) -> None:
    data = {
        "files": result.files, "skipped": result.skipped, "articles_read": result.articles_read,
        "skipped_files": [{"path": display_path(s.path), "why": s.why}
                          for s in result.skipped_files],
        "built": result.built, "triples": result.triples, "graphs": result.graphs,
        "published": result.published,
        "run": result.run, "rejections": [asdict(r) for r in result.rejections],
        "warnings": [asdict(w) for w in result.warnings],
        "cache": None if result.cache is None else asdict(result.cache),
        "seconds": {"total": round(result.seconds, 3)}
        | {f"worker_{k}": round(v, 3) for k, v in sorted(result.stage_seconds.items())},
    }
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)
