"""The build cache: each input file's outcome kept in ``OUT/cache/``, so a rebuild of a corpus
with a few new or changed articles does their per-article work only.

An entry is one input file's worker outcome (``kg.pipeline.FileOutcome``: its articles' serialized
graphs, entity descriptions, validation reports and rejections), named by a key over everything
that outcome depends on (``BuildKey``):

- the file's bytes and those of its ``.meta.json`` sidecar (or that it has none), its name in the
  build (article ids, provenance) and the path messages show;
- kg: its version, and the content of its build code and data files (lexicons, cue lists, the
  entity registry), so an edited checkout never reuses an outcome of other code;
- the libraries whose output lands in the bytes (spaCy, pyoxigraph, rdflib, ...) and the model's
  name and version;
- the settings that change output: base IRI, language, include_text, validator, max_file_bytes,
  and the content of the shapes and ontology.

Entries a build makes are written to a staging folder of its own (``cache/.new-<pid>``) and moved
into place, one rename each, only when the build runs to its end (also one that published
nothing because it rejected some input: once that input is fixed, the rest is not built again).
A build that published then removes every entry it did not use, so the cache holds one corpus'
worth; one that did not removes nothing (the published build's entries stay). An interrupted or
failed build removes its staging folder and leaves the cache as it was; a killed build's staging
folder is removed by the next build that publishes. An entry is checked before use (a header,
its length and SHA-256): one that is unreadable, truncated or of another format is ignored, named
in the build's notes, and its file built again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from kg import __version__
from kg.config import PACKAGE_DIR, Settings
from kg.dump import os_reason, pid_gone
from kg.ingest import SIDECAR, InputFile, display_path

if TYPE_CHECKING:
    from kg.pipeline import FileOutcome

FORMAT = b"kg-cache 2\n"  # the first line of every entry; a new layout gets a new number
# the libraries whose behaviour shapes an outcome's bytes (parse, HTML text, serialization)
LIBRARIES = ("spacy", "thinc", "numpy", "trafilatura", "lxml", "pyoxigraph", "rdflib", "pyshacl")
_NONE = b"\0none"


# ---------------------------------------------------------------- keys
def _file_digest(h: hashlib._Hash, path: Path) -> None:
    try:
        h.update(path.read_bytes())
    except FileNotFoundError:
        h.update(_NONE)


def build_digest(settings: Settings, model: tuple[str, str]) -> str:
    """What every entry of a build shares: kg, its libraries, the model and the settings that
    change output (see the module docstring)."""
    h = hashlib.sha256(FORMAT + f"kg {__version__}\0".encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name} {metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} -\0".encode())
    h.update(f"{model[0]} {model[1]}\0".encode())
    h.update(repr((settings.base_iri, settings.language, settings.include_text,
                   settings.validator, settings.max_file_bytes)).encode())
    for path in (settings.shapes_path, settings.ontology_path):
        _file_digest(h, path)
    for path in _code_files():
        h.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        _file_digest(h, path)
    return h.hexdigest()


# kg's modules that no build runs: editing them (the server, the command line) keeps the cache
NOT_BUILD_CODE = frozenset({"cli.py", "__main__.py", "store.py", "checks.py", "evaluate.py",
                            "brat.py", "scoring.py", "attribution_scoring.py"})


def _code_files() -> list[Path]:
    """kg's build code and data (not the server's, nor the commands', which no build runs)."""
    web = PACKAGE_DIR / "web"
    found = [p for p in PACKAGE_DIR.rglob("*.py") if web not in p.parents
             and p.relative_to(PACKAGE_DIR).as_posix() not in NOT_BUILD_CODE]
    found += [p for p in (PACKAGE_DIR / "data").rglob("*") if p.is_file()]
    return sorted(found)


@dataclass(frozen=True)
class FileKey:
    key: str  # the entry's name
    sha256: str  # the file's bytes (the articles it yields carry it: ``Article.source_sha256``)
    sidecar: str  # the sidecar's bytes, or of its absence


def sidecar_digest(path: Path) -> str:
    h = hashlib.sha256()
    _file_digest(h, path.with_name(path.stem + SIDECAR))
    return h.hexdigest()


def file_key(shared: str, source: InputFile) -> FileKey | None:
    """The key of ``source``'s outcome, or None when it cannot be read (no entry then)."""
    try:
        sha = hashlib.sha256(source.path.read_bytes()).hexdigest()
    except OSError:
        return None
    side = sidecar_digest(source.path)
    key = hashlib.sha256("\0".join(
        (shared, source.name, display_path(source.path), sha, side)).encode()).hexdigest()
    return FileKey(key, sha, side)


# ---------------------------------------------------------------- entries
def encode(outcome: FileOutcome) -> bytes:
    """An entry: the format line, the SHA-256 and length of the payload, and the payload: the
    pickled outcome, compressed (its graphs in five serializations shrink about 12x, at about
    3 ms per MB)."""
    payload = zlib.compress(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL), 1)
    digest = hashlib.sha256(payload).hexdigest().encode()
    return FORMAT + digest + b" " + str(len(payload)).encode() + b"\n" + payload


class CorruptEntry(Exception):
    """An entry that is not what kg wrote (a reason, for the build's notes)."""


def decode(data: bytes) -> FileOutcome:
    from kg.pipeline import FileOutcome

    if not data.startswith(FORMAT):
        raise CorruptEntry("not a kg cache entry of this format")
    head, _, payload = data[len(FORMAT):].partition(b"\n")
    try:
        digest, size = head.split(b" ")
        length = int(size)
    except ValueError:
        raise CorruptEntry("a damaged header") from None
    if len(payload) != length:
        raise CorruptEntry(f"{len(payload)} bytes where {length} were written")
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        raise CorruptEntry("its checksum does not match")
    try:
        outcome = pickle.loads(zlib.decompress(payload))  # written by kg (its checksum holds)
    except Exception as e:  # an entry of an older kg whose classes changed
        raise CorruptEntry(f"cannot be read back ({type(e).__name__})") from None
    if not isinstance(outcome, FileOutcome):
        raise CorruptEntry(f"holds a {type(outcome).__name__}, not a file's outcome")
    return outcome


def cacheable(outcome: FileOutcome, fk: FileKey, source: InputFile) -> bool:
    """Whether ``outcome`` is the outcome of the bytes ``fk`` was made from: it built articles,
    all from those bytes (a file changed while the build ran is not kept), with its sidecar
    unchanged; no article failed on an internal error (which may not happen again); and no
    graph is in a spool folder (a very long article's, which the dump writer removes)."""
    return (bool(outcome.articles)
            and all(a.mapped.article.source_sha256 == fk.sha256 for a in outcome.articles)
            and all(a.chunk is None or a.chunk.folder is None for a in outcome.articles)
            and not any(r.kind == "internal" for r in outcome.rejections)
            and sidecar_digest(source.path) == fk.sidecar)


# ---------------------------------------------------------------- the cache of one build
@dataclass
class Stats:
    reused: int = 0  # files whose outcome came from the cache
    built: int = 0  # files whose per-article work ran
    articles_built: int = 0  # articles in those files
    notes: list[str] = field(default_factory=list)  # entries ignored, and why


class BuildCache:
    """The cache as one build sees it: which files it holds, their outcomes in input order, and
    the entries this build makes (staged until ``commit``)."""

    def __init__(self, folder: Path, shared: str, files: Iterable[InputFile]) -> None:
        self.folder = folder
        self.staging = folder / f".new-{os.getpid()}"
        self.keys = {f: file_key(shared, f) for f in files}
        # decided once: the files ``misses`` hands to the workers are those ``merged`` awaits
        self.hits = {f for f, fk in self.keys.items()
                     if fk is not None and self.path(fk.key).is_file()}
        self.used: set[str] = set()
        self.stats = Stats()

    @classmethod
    def open(cls, settings: Settings, files: list[InputFile],
             model: tuple[str, str]) -> BuildCache:
        return cls(settings.out_dir / "cache", build_digest(settings, model), files)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def misses(self, files: list[InputFile]) -> list[InputFile]:
        return [f for f in files if f not in self.hits]

    def merged(self, files: list[InputFile], built: Iterator[FileOutcome],
               rebuild: Callable[[InputFile], FileOutcome]) -> Iterator[FileOutcome]:
        """Every file's outcome in input order: from the cache, or the next of ``built`` (the
        outcomes of ``misses(files)``, in order), which is kept. An entry that fails its
        checks is noted and its file built again here, by ``rebuild``."""
        for f in files:
            fk = self.keys.get(f)
            if fk is not None and f in self.hits:
                outcome = self._load(fk)
                if outcome is not None:
                    self.stats.reused += 1
                    self.used.add(fk.key)
                    yield replace(outcome, seconds=())  # no work was done for it
                    continue
                outcome = rebuild(f)
            else:
                outcome = next(built)
            self.stats.built += 1
            self.stats.articles_built += len(outcome.articles)
            if fk is not None and cacheable(outcome, fk, f):
                self._stage(fk.key, outcome)
            yield outcome

    def _load(self, fk: FileKey) -> FileOutcome | None:
        where = self.path(fk.key)
        try:
            return decode(where.read_bytes())
        except (OSError, CorruptEntry) as e:
            why = e.strerror or str(e) if isinstance(e, OSError) else str(e)
            self.stats.notes.append(f"cache entry {display_path(where)} ignored ({why}); "
                                    "its file was built again")
            return None

    def _stage(self, key: str, outcome: FileOutcome) -> None:
        """Keep ``outcome`` for the commit. The cache only saves work: an entry that cannot be
        written (a full disk, a file size limit) is noted and left out, and the build goes on
        (the dumps report such a failure themselves)."""
        entry = self.staging / key
        try:
            self.staging.mkdir(parents=True, exist_ok=True)
            entry.write_bytes(encode(outcome))
        except OSError as e:
            entry.unlink(missing_ok=True)
            self.stats.notes.append(f"cache entry not written ({os_reason(e)})")
            return
        self.used.add(key)

    def commit(self, prune: bool) -> None:
        """Move the staged entries into place (one rename each); with ``prune`` (a build that
        published), then remove every entry this build did not use, and what killed builds
        left."""
        try:
            if self.staging.is_dir():
                for entry in sorted(self.staging.iterdir()):
                    target = self.path(entry.name)
                    target.parent.mkdir(exist_ok=True)
                    os.replace(entry, target)
                self.staging.rmdir()
            if prune:
                self.prune()
        except OSError as e:
            self.stats.notes.append(f"cache not updated ({os_reason(e)})")
            self.abort()

    def prune(self) -> None:
        if not self.folder.is_dir():
            return
        for sub in self.folder.iterdir():
            if sub.name.startswith(".new-"):
                if pid_gone(sub.name) and sub != self.staging:
                    shutil.rmtree(sub, ignore_errors=True)
                continue
            if not sub.is_dir():
                sub.unlink(missing_ok=True)
                continue
            for entry in sub.iterdir():
                if entry.name not in self.used:
                    entry.unlink(missing_ok=True)
            _rmdir_if_empty(sub)

    def abort(self) -> None:
        """Leave the cache as it was: drop this build's staged entries."""
        shutil.rmtree(self.staging, ignore_errors=True)
        _rmdir_if_empty(self.folder)

    def iter_entries(self) -> Iterator[Path]:
        """Every entry in place (for tests and tools)."""
        if self.folder.is_dir():
            for sub in sorted(self.folder.iterdir()):
                if sub.is_dir() and not sub.name.startswith("."):
                    yield from sorted(sub.iterdir())


def _rmdir_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()
