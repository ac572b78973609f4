"""What the build remembers across articles, kept on disk so memory stays flat with the corpus.

The writer needs three things from every article it has published: its id (a second article with
the same id is a duplicate), the entities whose description is already in the entities graph, and
for the citation links, each article's publisher, the outlets it cites and the entities it
mentions. At 100,000 articles that is tens of megabytes of small Python objects; here it is a
SQLite file next to the build output with a bounded page cache, deleted when the build ends.
"""

from __future__ import annotations

import os
import resource
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType

from kg.dump import fault_point, os_reason, pid_gone
from kg.errors import DumpError

_SCHEMA = """
CREATE TABLE article (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL,
                      publisher TEXT, mentions INTEGER NOT NULL);
CREATE TABLE mention (n INTEGER NOT NULL, entity TEXT NOT NULL, publisher TEXT,
                      PRIMARY KEY (n, entity)) WITHOUT ROWID;
CREATE TABLE cites (n INTEGER NOT NULL, outlet TEXT NOT NULL,
                    PRIMARY KEY (n, outlet)) WITHOUT ROWID;
CREATE TABLE entity (iri TEXT PRIMARY KEY) WITHOUT ROWID;
"""
CACHE_KB = 16 * 1024  # SQLite's page cache: the most this index holds in memory


class ArticleIndex:
    """Per-article bookkeeping of one build, in a temporary SQLite file in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / f".kg-index-{os.getpid()}.sqlite"
        self.count = 0
        with self._writing():
            _remove_stale(folder)
            self.path.write_bytes(b"")  # a folder kg cannot write to fails here, with its reason
            self.db = sqlite3.connect(self.path, isolation_level=None)
            try:
                for pragma in ("journal_mode = OFF", "synchronous = OFF",
                               f"cache_size = -{CACHE_KB}", "temp_store = FILE"):
                    self.db.execute(f"PRAGMA {pragma}")
                self.db.executescript(_SCHEMA)
                self.db.execute("BEGIN")
            except BaseException:
                self.close()
                raise
        fault_point("index-open")

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A full disk (or a size limit, a read-only folder) as one DumpError naming the folder."""
        try:
            yield
        except OSError as e:
            raise DumpError(
                f"cannot write the build index in {self.folder}: {os_reason(e)}") from None
        except sqlite3.Error as e:  # "database or disk is full", "disk I/O error"
            raise DumpError(
                f"cannot write the build index in {self.folder}: {self._reason(e)}") from None

    def _reason(self, e: sqlite3.Error) -> str:
        """SQLite does not say why a write failed: the likely causes, when they hold."""
        soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
        if soft != resource.RLIM_INFINITY and isinstance(e, sqlite3.OperationalError):
            return f"file too large (files are limited to {soft} bytes): {e}"
        try:
            if os.statvfs(self.folder).f_bavail == 0:
                return f"no space left on device: {e}"
        except OSError:
            pass
        return str(e)

    def source_of(self, article_id: str) -> str | None:
        """Where an article with this id was read from, if one has been added."""
        row = self.db.execute("SELECT source FROM article WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else str(row[0])

    def add(self, article_id: str, source: str, publisher: str | None, cited: Iterable[str],
            mentioned: Iterable[str]) -> None:
        mentioned = set(mentioned)
        n = self.count
        with self._writing():
            self.db.execute("INSERT INTO article VALUES (?, ?, ?, ?, ?)",
                            (n, article_id, source, publisher, len(mentioned)))
            self.db.executemany("INSERT INTO mention VALUES (?, ?, ?)",
                                [(n, e, publisher) for e in mentioned])
            self.db.executemany("INSERT OR IGNORE INTO cites VALUES (?, ?)",
                                [(n, o) for o in cited])
        self.count += 1

    def new_entities(self, iris: Iterable[str]) -> set[str]:
        """The IRIs not seen before (now marked as seen)."""
        new = set()
        with self._writing():
            for iri in iris:
                if self.db.execute("INSERT OR IGNORE INTO entity VALUES (?)", (iri,)).rowcount == 1:
                    new.add(iri)
        return new

    def citations(self, overlap: float) -> Iterator[tuple[str, str]]:
        """(citing id, cited id): an article citing an outlet, and that outlet's own article on
        the same story (their mentioned entities overlap by at least ``overlap``, Jaccard)."""
        with self._writing():  # sorting may spill to temporary files
            self.db.execute("CREATE INDEX mention_by_publisher ON mention (publisher, entity)")
            rows = self.db.execute("""
                SELECT a.id, b.id, s.shared, a.mentions, b.mentions
                FROM (SELECT c.n AS citing, m2.n AS cited, COUNT(*) AS shared
                      FROM cites c
                      JOIN mention m1 ON m1.n = c.n
                      JOIN mention m2 ON m2.publisher = c.outlet AND m2.entity = m1.entity
                      WHERE m2.n != c.n
                      GROUP BY c.n, m2.n) s
                JOIN article a ON a.n = s.citing
                JOIN article b ON b.n = s.cited""")
            for citing, cited, shared, mine, theirs in rows:
                if shared / (mine + theirs - shared) >= overlap:
                    yield citing, cited

    def close(self) -> None:
        if hasattr(self, "db"):
            self.db.close()
        with suppress(OSError):
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> ArticleIndex:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _remove_stale(folder: Path) -> None:
    """Index files left by a build that was killed (its process is gone)."""
    for f in folder.glob(".kg-index-*.sqlite"):
        if pid_gone(f.stem):
            f.unlink(missing_ok=True)
