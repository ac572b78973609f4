"""Paragraphs and sentences with their offsets (spaCy's blank English tokenizer and sentencizer)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from kg.model import Span
from kg.text import lines, trim

OPENING = "“\"‘"
# The longest paragraph handed to the parser, in code points: a longer line is parsed in pieces
# cut at the last sentence end before the limit (else at a space, else at the limit). spaCy
# refuses a text longer than its ``max_length`` (1,000,000), and it parses a batch of texts at
# once, so that one long line held the parser's working memory for all of it (3 GB for a line
# of 1 MB; 1.4 GB in pieces of this length, as for the same text in news paragraphs). Longer than
# nearly every news paragraph (2 of the 33,000 lines of PolNeAR train); a longer line is mostly
# text whose paragraph breaks were lost.
MAX_PARAGRAPH = 2_000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
_SPACE = re.compile(r"\s+")


@cache
def _nlp() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def paragraphs(text: str, limit: int | None = None) -> list[Span]:
    """Non-blank lines, a line longer than ``limit`` (``MAX_PARAGRAPH``) cut in pieces."""
    most = limit or MAX_PARAGRAPH
    out: list[Span] = []
    for line in lines(text):
        b = line.begin
        while line.end - b > most:
            cut = _cut(text, b, b + most)
            piece = trim(text, b, cut)
            if piece[0] < piece[1]:
                out.append(Span(*piece))
            b = cut
        rest = trim(text, b, line.end)
        if rest[0] < rest[1]:
            out.append(Span(*rest))
    return out


def _cut(text: str, begin: int, end: int) -> int:
    """Where to end a piece of ``text[begin:end]``: after its last sentence end (in its second
    half), else at its last white space, else at ``end``."""
    half = begin + (end - begin) // 2
    last = None
    for last in _SENTENCE_END.finditer(text, half, end):  # noqa: B007
        pass
    if last is not None:
        return last.end()
    for last in _SPACE.finditer(text, half, end):  # noqa: B007
        pass
    return last.end() if last is not None else end


def sentences(text: str, paras: list[Span] | None = None) -> list[Span]:
    """Sentences, never crossing a paragraph; an opening quote mark stays with its sentence."""
    nlp = _nlp()
    out: list[Span] = []
    paras = paras if paras is not None else paragraphs(text)
    # Only offsets leave this block: the memory zone frees the strings and lexemes spaCy would
    # otherwise keep for every new word, which made a long build's workers grow with the corpus.
    with nlp.memory_zone():
        per_para = [[(p.begin + s.start_char, p.begin + s.end_char) for s in doc.sents]
                    for p, doc in zip(paras, nlp.pipe(p.text(text) for p in paras), strict=True)]
    for bounds in per_para:
        fixed: list[list[int]] = []
        for b, e in bounds:
            if fixed and text[fixed[-1][1] - 1] in OPENING and fixed[-1][1] - 1 > fixed[-1][0]:
                fixed[-1][1] -= 1
                b = fixed[-1][1]
            fixed.append([b, e])
        for b0, e0 in fixed:
            b, e = trim(text, b0, e0)
            if b < e:
                out.append(Span(b, e))
    return out
