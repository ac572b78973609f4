"""Direct quotes: curly and straight marks, quotes split around their cue, quotes running over
paragraphs, partial quotes inside sentences; each with its speaker and cue."""

from __future__ import annotations

from kg.extract.cues import Cue, after_cue, before_cue, hops_for
from kg.extract.sources import Resolver
from kg.model import Quote, Span

MIN_WORDS = 4
OPEN_CONTEXT = " \t\u00a0([{—–-/"


def quote_spans(text: str, paragraphs: list[Span]) -> list[tuple[Span, int, int]]:
    """(inner span, opening mark offset, closing mark offset or paragraph end) per quote."""
    out = []
    for p in paragraphs:
        open_at = None
        for i in range(p.begin, p.end):
            ch = text[i]
            if ch == "“" or (ch == '"' and open_at is None and (i == p.begin or text[i - 1] in OPEN_CONTEXT)):
                if open_at is None:
                    open_at = i
            elif ch in "”\"" and open_at is not None:
                out.append((open_at, i))
                open_at = None
        if open_at is not None:
            out.append((open_at, p.end))
    spans = []
    for o, c in out:
        b, e = o + 1, c
        while b < e and text[b].isspace():
            b += 1
        while e > b and text[e - 1].isspace():
            e -= 1
        if b < e:
            spans.append((Span(b, e), o, c))
    return spans


def find_quotes(r: Resolver, paragraphs: list[Span]) -> list[Quote]:
    text = r.found.article.text
    quotes: list[Quote] = []
    raw = [q for q in quote_spans(text, paragraphs) if not r.found.article.in_boilerplate(q[0])]
    seen_text: set[str] = set()
    prev: tuple[Quote, Span] | None = None
    for i, (span, o, c) in enumerate(raw):
        if len(span.text(text).split()) < MIN_WORDS:
            continue
        sent = _sentence_of(r, o)
        close_sent = _sentence_of(r, min(c, len(text) - 1))
        start = sent.begin
        stop = close_sent.end
        if i + 1 < len(raw) and raw[i + 1][1] < stop:
            stop = raw[i + 1][1]
        cue: Cue | None = after_cue(r, c + 1, stop) if c < len(text) else None
        rule, conf = "quote-cue-after", 0.9
        if cue is None:
            cue = before_cue(r, start, o)
            rule, conf = "quote-cue-before", 0.85
        para = _para_of(paragraphs, o)
        if cue is not None:
            hops = hops_for(r, cue)
        elif prev is not None and _near(paragraphs, prev[1], para):
            hops, rule, conf = prev[0].hops, "quote-continuation", 0.6
        else:
            continue
        key = " ".join(span.text(text).split()).lower()
        if key in seen_text:
            continue
        seen_text.add(key)
        q = Quote(span, hops, rule, conf)
        quotes.append(q)
        prev = (q, para)
    return quotes


def _sentence_of(r: Resolver, offset: int) -> Span:
    for s in r.sentences:
        if s.begin <= offset < s.end:
            return s
    return Span(offset, offset + 1)


def _para_of(paragraphs: list[Span], offset: int) -> Span:
    for p in paragraphs:
        if p.begin <= offset < p.end:
            return p
    return paragraphs[-1]


def _near(paragraphs: list[Span], a: Span, b: Span) -> bool:
    ia, ib = paragraphs.index(a), paragraphs.index(b)
    return 0 <= ib - ia <= 1
