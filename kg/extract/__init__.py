"""Stage 2 (pure): Article -> Extraction (entities, quotes, sources, attributions, requests).

Rules over a statistical parse (spaCy: sentences, part-of-speech, lemmas, dependencies, named
entities; the model is ``Settings.model``), with every word list in data files:
``kg/data/lexicon.toml`` (titles, cue verbs by class, source descriptors) and
``kg/data/entities.csv`` (the registry of names, aliases, outlets and verified Wikidata ids).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Any

from kg.extract.attribution import Quotes, Reading, cue_lexicon, quotations, with_double_marks
from kg.extract.claims import chains_and_requests, declined_requests
from kg.extract.entities import find_entities
from kg.extract.lexicon import load
from kg.extract.parse import DEFAULT_MODEL, NamedEntities, Retokenized, load_model, parsed
from kg.extract.roles import find_roles
from kg.extract.sentences import paragraphs
from kg.extract.sources import Resolver
from kg.extract.statements import statements
from kg.model import Article, Entity, Extraction, Span
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
) -> Extraction:
    """The extraction of ``article``. Its paragraphs are parsed ``window`` code points at a time
    (a window's parse gone before the next is made), so an article's parse, a hundred bytes a
    code point, is never held whole; a shorter article is one window. The output is the same
    whatever the window: each paragraph is parsed on its own, and what a rule reads across
    paragraphs (quotations, sentences, names and the recognizer's labels) is read after the
    parse, from the text and offsets."""
    reg = registry or default_registry()
    lx = load()
    text = article.text
    publisher = publisher_entity(article, reg)
    paras = paragraphs(text)
    marked_text = with_double_marks(text)
    marked = Quotes(quotations(marked_text, paras))
    inputs = [(p.begin, p.text(text).translate(SPACES)) for p in paras]
    reading = Reading()
    sents: list[Span] = []

    def quoted(at: int) -> bool:
        return marked.inner(at) is not None

    groups = windows(inputs, window)
    if len(groups) == 1:
        with parsed(inputs, model, quoted=quoted) as parse:
            reading.read(parse.docs, marked_text, marked, cue_lexicon())
            sents = _spans(parse.sentences)
            found = find_entities(article, reg, lx, NamedEntities(parse.sentences, model))
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
            found = find_entities(article, reg, lx, ner)
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


__all__ = ["extract", "publisher_entity"]
