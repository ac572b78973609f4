"""Small text helpers shared by the stages (pure functions)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, TypeVar

from kg.span import Span

V = TypeVar("V")

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def sha256_hex(data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def count_words(text: str, skip: Iterable[Span] = ()) -> int:
    """Words of ``text`` that do not start inside one of the ``skip`` spans."""
    spans = sorted(skip)
    begins = [s.begin for s in spans]
    reach = list(accumulate((s.end for s in spans), max))  # furthest end of the spans so far
    count = 0
    for m in _WORD.finditer(text):
        i = bisect_right(begins, m.start())
        if not (i and reach[i - 1] > m.start()):
            count += 1
    return count


class SpanIndex(Generic[V]):
    """Spans with a value each, for "which of them overlap this one?" in time that grows with
    the answer, not with the number of spans: every span is filed under the cells of
    ``2**SHIFT`` code points it covers (a long article asks this once per name, cue and quote)."""

    SHIFT = 9

    def __init__(self, items: Iterable[tuple[Span, V]] = ()) -> None:
        self._cells: dict[int, list[tuple[int, Span, V]]] = {}
        self._all: list[tuple[int, Span, V]] = []
        for span, value in items:
            self.add(span, value)

    def __len__(self) -> int:
        return len(self._all)

    def add(self, span: Span, value: V) -> None:
        entry = (len(self._all), span, value)
        self._all.append(entry)
        for c in range(span.begin >> self.SHIFT, ((span.end - 1) >> self.SHIFT) + 1):
            self._cells.setdefault(c, []).append(entry)

    def _near(self, span: Span) -> Iterable[tuple[int, Span, V]]:
        first, last = span.begin >> self.SHIFT, (span.end - 1) >> self.SHIFT
        if last - first + 1 >= len(self._all):  # a long span: fewer spans than cells to look at
            yield from self._all
            return
        for c in range(first, last + 1):
            yield from self._cells.get(c, ())

    def overlaps(self, span: Span) -> bool:
        """Whether any span in the index overlaps ``span``."""
        return any(s.begin < span.end and span.begin < s.end for _, s, _ in self._near(span))

    def overlapping(self, span: Span) -> list[V]:
        """The values of the spans overlapping ``span``, in the order they were added."""
        found = {n: v for n, s, v in self._near(span) if s.begin < span.end and span.begin < s.end}
        return [found[n] for n in sorted(found)]


def slug(name: str, max_len: int = 80) -> str:
    """ASCII, lower-case, hyphenated: 'Maria Lopez' -> 'maria-lopez'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return s[:max_len].rstrip("-") or "x"


def name_key(name: str) -> str:
    """Normalised identity key of a name (case, accents, punctuation, leading 'the' ignored)."""
    s = unicodedata.normalize("NFKC", name).replace("\u2019", "'")
    s = re.sub(r"^(the|a|an)\s+", "", s.strip(), flags=re.IGNORECASE)
    s = re.sub(r"'s$", "", s)
    return slug(s)


def trim(text: str, begin: int, end: int) -> tuple[int, int]:
    """[begin, end) without leading and trailing white space."""
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return begin, end


def lines(text: str) -> list[Span]:
    """Non-blank lines, trimmed (the paragraphs of plain-text articles)."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        b, e = trim(text, m.start(), m.end())
        if b < e:
            out.append(Span(b, e))
    return out
