"""Paragraphs and sentences with their offsets (spaCy's blank English tokenizer and sentencizer)."""

from __future__ import annotations

from functools import cache
from typing import Any

from kg.model import Span
from kg.text import lines, trim

OPENING = "“\"‘"


@cache
def _nlp() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def paragraphs(text: str) -> list[Span]:
    return lines(text)


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
