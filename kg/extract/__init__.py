"""Stage 2 (pure): Article -> Extraction (entities, quotes, sources, attributions, requests).

Rules over a statistical parse (spaCy: sentences, part-of-speech, lemmas, dependencies, named
entities; the model is ``Settings.model``), with every word list in data files:
``kg/data/lexicon.toml`` (titles, cue verbs by class, source descriptors) and
``kg/data/entities.csv`` (the registry of names, aliases, outlets and verified Wikidata ids).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from itertools import pairwise
from typing import Any

from kg.extract.attribution import Quotes, Reading, cue_lexicon, quotations, with_double_marks
from kg.extract.claims import chains_and_requests, declined_requests
from kg.extract.entities import find_entities
from kg.extract.lexicon import load
from kg.extract.parse import (
    DEFAULT_MODEL,
    NamedEntities,
    Retokenized,
    load_model,
    parsed,
    sentence_case,
)
from kg.extract.roles import find_roles
from kg.extract.sentences import paragraphs
from kg.extract.sources import LOCAL_ID, Resolver
from kg.extract.statements import statements
from kg.model import Article, Entity, Extraction, Source, Span
from kg.registry import Registry, default_registry
from kg.text import name_key


def publisher_entity(article: Article, registry: Registry) -> Entity | None:
    if not article.publisher:
        return None
    entry = registry.lookup(article.publisher)
    if entry is not None:
        e = entry.entity
        return e if e.kind == "outlet" else replace(e, kind="outlet")
    return Entity(
        name_key(article.publisher), article.publisher, "outlet", rule="publisher-metadata"
    )


# An article's paragraphs are parsed this many code points at a time (``extract``): a longer
# article never holds its whole parse (about 100 bytes a code point), a window a few tens of MB.
PARSE_WINDOW = 200_000


def windows(paragraphs: list[tuple[int, str]], size: int) -> list[list[tuple[int, str]]]:
    """``paragraphs`` ((offset, text)) in consecutive groups of at most ``size`` code points
    each (a longer paragraph alone)."""
    groups: list[list[tuple[int, str]]] = [[]]
    length = 0
    for p in paragraphs:
        if groups[-1] and length + len(p[1]) > size:
            groups.append([])
            length = 0
        groups[-1].append(p)
        length += len(p[1])
    return groups


def _spans(sentences: list[tuple[int, Any]]) -> list[Span]:
    return [Span(off + s.start_char, off + s.end_char) for off, s in sentences if s.text.strip()]


# Unicode spaces the parser would take for words of their own ('"...,"\u00a0he said' parses as a
# space token between the quotation and its speaker): read as plain spaces, one for one, so every
# offset stays the article's
SPACES = str.maketrans(dict.fromkeys("\u00a0\u2002\u2003\u2007\u2009\u200a\u202f", " "))


def extract(
    article: Article,
    registry: Registry | None = None,
    model: str = DEFAULT_MODEL,
    window: int = PARSE_WINDOW,
    known: Mapping[str, Entity] | None = None,
) -> Extraction:
    """The extraction of ``article``. Its paragraphs are parsed ``window`` code points at a time
    (a window's parse gone before the next is made), so an article's parse, a hundred bytes a
    code point, is never held whole; a shorter article is one window. The output is the same
    whatever the window: each paragraph is parsed on its own, and what a rule reads across
    paragraphs (quotations, sentences, names and the recognizer's labels) is read after the
    parse, from the text and offsets. ``known``: entities as an earlier part of the same
    article read them (``in_sections``), known to this part as if named before it."""
    reg = registry or default_registry()
    lx = load()
    text = article.text
    publisher = publisher_entity(article, reg)
    paras = paragraphs(text)
    marked_text = with_double_marks(text)
    marked = Quotes(quotations(marked_text, paras))
    inputs = [(p.begin, p.text(text).translate(SPACES)) for p in paras]
    head = article.headline_span
    if head is not None and inputs and inputs[0][0] == head.begin:
        # a headline in title case parses as a run of names: read in sentence case
        inputs[0] = (head.begin, sentence_case(inputs[0][1], text[head.end :], model))
    reading = Reading()
    sents: list[Span] = []

    def quoted(at: int) -> bool:
        return marked.inner(at) is not None

    groups = windows(inputs, window)
    if len(groups) == 1:
        with parsed(inputs, model, quoted=quoted) as parse:
            reading.read(parse.docs, marked_text, marked, cue_lexicon())
            sents = _spans(parse.sentences)
            found = find_entities(article, reg, lx, NamedEntities(parse.sentences, model),
                                  known)
    else:
        begins = [off for off, _ in inputs]
        held: list[tuple[int, int, int]] = []  # every sentence: (paragraph, begin, end)
        for group in groups:
            with parsed(group, model, quoted=quoted) as parse:
                reading.read(parse.docs, marked_text, marked, cue_lexicon())
                sents += _spans(parse.sentences)
                for off, s in parse.sentences:
                    held.append((bisect_right(begins, off + s.start_char) - 1,
                                 off + s.start_char, off + s.end_char))
        with load_model(model).memory_zone():
            ner = NamedEntities(Retokenized(model, inputs, held), model)
            found = find_entities(article, reg, lx, ner, known)
    found_att = reading.settled(marked_text, paras, marked)
    if publisher is not None:
        found.entities.setdefault(publisher.key, publisher)
    resolver = Resolver(found, lx, publisher, sents, quoted=quoted)
    chained, requests = chains_and_requests(resolver)
    taken = [x for c in chained for x in (c.span, *(h.cue for h in c.hops))]
    quotes, claims = statements(resolver, found_att, quotations(text, paras), taken)
    requests = sorted([*requests, *declined_requests(resolver, claims)],
                      key=lambda q: q.span.begin)  # in text order, as they are numbered
    own = publisher.key if publisher else None
    cited = tuple(dict.fromkeys(k for k in resolver.cited if k != own))
    hops = [h for q in quotes for h in q.hops] + [h for c in (*claims, *chained) for h in c.hops]
    used = {h.source for h in hops} | {q.recipient for q in requests}
    return Extraction(
        article=article,
        publisher=publisher,
        entities=tuple(sorted(found.entities.values(), key=lambda e: e.key)),
        mentions=tuple(found.mentions),
        sources=tuple(
            sorted((s for s in resolver.sources.values() if s.id in used), key=lambda s: s.id)
        ),
        quotes=tuple(quotes),
        claims=tuple(sorted([*claims, *chained], key=lambda c: c.span)),
        requests=tuple(requests),
        cited_outlets=cited,
        roles=tuple(find_roles(found, lx)),
    )


# An article longer than this (code points) is read a section at a time (``in_sections``), each
# with this much of the text either side of it for context: what the extraction holds until the
# mapping, about 50 bytes a code point (BENCHMARKS.md, AB), is then a section's, whatever the
# article's length.
SECTION_CHARACTERS = 500_000
SECTION_CONTEXT = 25_000


@dataclass(frozen=True)
class Part:
    """A part of an article read in sections (``in_sections``): what it found, and where the
    text read for it began (no later part reads anything before) and ended (None: at the
    article's end); the headline is read for every part."""

    extraction: Extraction
    read_from: int
    number: int = 1  # of ``parts``, from 1
    parts: int = 1
    read_to: int | None = None


def in_sections(
    article: Article,
    registry: Registry | None = None,
    model: str = DEFAULT_MODEL,
    section: int | None = None,
    context: int | None = None,
) -> Iterator[Part]:
    """The extraction of ``article`` in parts that together are what it says, one part made
    only once the one before has been taken: an article of at most ``section`` code points
    (``SECTION_CHARACTERS`` unless given) is one part, ``extract``'s. A longer one is cut at
    paragraph beginnings into sections of about ``section`` code points; each is read with its
    headline and the paragraphs within ``context`` (``SECTION_CONTEXT``) code points either
    side of it, as a text of its own (``_excerpt``: the cost of a part is its section's,
    whatever the article's length; every offset made the article's again), and its part keeps
    what begins inside it: mentions, roles, statements and requests, with the sources and
    entities they refer to. The entities earlier parts read are known to the later ones
    (``find_entities``' ``known``: one key, one entity, throughout the article; a surname alone
    can be a person named in full parts before); a pronoun or a quotation is read from its
    context, so one whose speaker is named only more than ``context`` code points before is
    left without one. A source read in several parts comes in each (the mapping describes it
    as the first part read it, ``kg.pipeline``), and requests are numbered on from part to part."""
    text = article.text
    section = section or SECTION_CHARACTERS
    context = SECTION_CONTEXT if context is None else context
    if len(text) <= section:
        yield Part(extract(article, registry, model), 0)
        return
    paras = paragraphs(text)
    begins, ends = [p.begin for p in paras], [p.end for p in paras]
    del paras
    cuts = [0]
    for b in begins:
        if b - cuts[-1] >= section:
            cuts.append(b)
    cuts.append(len(text))
    head = article.headline_span.end if article.headline_span else 0
    known: dict[str, Entity] = {}  # every entity as the first part to read it read it
    for n, (lo, hi) in enumerate(pairwise(cuts), start=1):
        first = bisect_left(begins, lo - context)
        last = bisect_left(begins, hi + context) - 1
        window = (max(begins[first], head), ends[last])
        # made by a call, so that this generator holds nothing of a part it has given
        yield _section(article, registry, model, known, head, window, (lo, hi),
                       (n, len(cuts) - 1))


def _section(article: Article, registry: Registry | None, model: str, known: dict[str, Entity],
             head: int, window: tuple[int, int], section: tuple[int, int],
             numbering: tuple[int, int]) -> Part:
    """``in_sections``' part of ``section`` (number and count in ``numbering``), read from
    its excerpt of ``window``; the entities it reads first added to ``known``."""
    part = extract(_excerpt(article, head, window), registry, model, known=known)
    for e in part.entities:
        known.setdefault(e.key, e)
    moved = _Moved(head + len(_GAP), window[0] - head - len(_GAP), part.sources)
    return Part(_within(moved(part), article, *section), window[0], *numbering, window[1])


_GAP = "\n\n"  # between the headline and the window of an excerpt


def _excerpt(article: Article, head: int, window: tuple[int, int]) -> Article:
    """``article`` cut to its first ``head`` code points (its headline) and ``window``, a
    paragraph break between: a text of the section's length, whatever the article's (its
    offsets ``_Moved`` back), with the page leftovers in what is kept."""
    lo, hi = window
    shift = lo - head - len(_GAP)
    kept = tuple(replace(b, span=Span(b.span.begin - shift, b.span.end - shift))
                 if b.span.begin >= lo else b for b in article.boilerplate
                 if b.span.end <= head or (lo <= b.span.begin and b.span.end <= hi))
    return replace(article, text=article.text[:head] + _GAP + article.text[lo:hi],
                   boilerplate=kept)


class _Moved:
    """An excerpt's extraction with every offset the article's again: those from ``cut`` on
    moved by ``shift``, also in the ids of sources that carry the offset where they are
    described ('src-1234', ``kg.extract.sources.LOCAL_ID``); entities and the article are
    left as they are."""

    def __init__(self, cut: int, shift: int, sources: tuple[Source, ...]) -> None:
        self.cut, self.shift = cut, shift
        self.ids = {s.id: self._id(s.id) for s in sources if s.id != s.entity}

    def _at(self, offset: int) -> int:
        return offset + self.shift if offset >= self.cut else offset

    def _id(self, local: str) -> str:
        m = LOCAL_ID.fullmatch(local)
        return f"{m.group(1)}-{self._at(int(m.group(2)))}" if m else local

    def __call__(self, x: Any) -> Any:
        if isinstance(x, Span):
            return Span(self._at(x.begin), self._at(x.end))
        if isinstance(x, tuple):
            return tuple(map(self, x))
        if isinstance(x, str):
            return self.ids.get(x, x)
        if is_dataclass(x) and not isinstance(x, Article | Entity | type):
            return replace(x, **{f.name: self(getattr(x, f.name)) for f in fields(x)})
        return x


def _within(ex: Extraction, article: Article, lo: int, hi: int) -> Extraction:
    """The part of ``ex`` (read from an excerpt of ``article``) that begins at an offset in
    ``[lo, hi)``, and what it refers to."""

    def inside(span: Span) -> bool:
        return lo <= span.begin < hi

    mentions = tuple(m for m in ex.mentions if inside(m.span))
    quotes = tuple(q for q in ex.quotes if inside(q.span))
    claims = tuple(c for c in ex.claims if inside(c.span))
    requests = tuple(r for r in ex.requests if inside(r.span))
    roles = tuple(r for r in ex.roles if inside(r.span))
    hops = [h for q in quotes for h in q.hops] + [h for c in claims for h in c.hops]
    used = {h.source for h in hops} | {r.recipient for r in requests}
    sources = tuple(s for s in ex.sources if s.id in used)
    keys = {m.entity for m in mentions} | {r.recipient for r in requests} | {
        k for r in requests if (k := r.asked_by)} | {k for r in roles for k in (r.person, r.org)}
    keys |= {k for h in hops for k in (h.reported_to, h.channel) if k}
    keys |= {k for s in sources for k in (s.entity, s.acts_for, *s.named) if k}
    if ex.publisher:
        keys.add(ex.publisher.key)
    return Extraction(
        article=article,
        publisher=ex.publisher,
        entities=tuple(e for e in ex.entities if e.key in keys),
        mentions=mentions,
        sources=sources,
        quotes=quotes,
        claims=claims,
        requests=requests,
        cited_outlets=tuple(k for k in ex.cited_outlets if k in keys),
        roles=roles,
    )


__all__ = ["Part", "extract", "in_sections", "publisher_entity"]
