"""Paragraphs and sentences with their offsets (spaCy's blank English tokenizer and sentencizer)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from kg.model import Span

OPENING = "“\"‘"


@cache
def _nlp() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def paragraphs(text: str) -> list[Span]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        b, e = m.start(), m.end()
        while b < e and text[b].isspace():
            b += 1
        while e > b and text[e - 1].isspace():
            e -= 1
        if b < e:
            out.append(Span(b, e))
    return out


def sentences(text: str, paras: list[Span] | None = None) -> list[Span]:
    """Sentences, never crossing a paragraph; an opening quote mark stays with its sentence."""
    nlp = _nlp()
    out: list[Span] = []
    for p in paras if paras is not None else paragraphs(text):
        doc = nlp(p.text(text))
        bounds = [(p.begin + s.start_char, p.begin + s.end_char) for s in doc.sents]
        fixed: list[list[int]] = []
        for b, e in bounds:
            if fixed and text[fixed[-1][1] - 1] in OPENING and fixed[-1][1] - 1 > fixed[-1][0]:
                fixed[-1][1] -= 1
                b = fixed[-1][1]
            fixed.append([b, e])
        for b, e in fixed:
            while b < e and text[b].isspace():
                b += 1
            while e > b and text[e - 1].isspace():
                e -= 1
            if b < e:
                out.append(Span(b, e))
    return out
