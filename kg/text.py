"""Small text helpers shared by the stages (pure functions)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from kg.model import Span

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def sha256_hex(data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def count_words(text: str, skip: Iterable[Span] = ()) -> int:
    spans = sorted(skip)
    count = 0
    for m in _WORD.finditer(text):
        if not any(s.begin <= m.start() < s.end for s in spans):
            count += 1
    return count


def slug(name: str, max_len: int = 80) -> str:
    """ASCII, lower-case, hyphenated: 'Maria Lopez' -> 'maria-lopez'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return s[:max_len].rstrip("-") or "x"


def name_key(name: str) -> str:
    """Normalised identity key of a name (case, accents, punctuation, leading 'the' ignored)."""
    s = unicodedata.normalize("NFKC", name).replace("’", "'")
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
