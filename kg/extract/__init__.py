"""Stage 2 (pure): Article -> Extraction (entities, quotes, sources, attributions, requests).

Rules over a statistical parse (spaCy: sentences, part-of-speech, lemmas, dependencies, named
entities; the model is ``Settings.model``), with every word list in data files:
``kg/data/lexicon.toml`` (titles, cue verbs by class, source descriptors) and
``kg/data/entities.csv`` (the registry of names, aliases, outlets and verified Wikidata ids).
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.attribution import Quotes, attributions, quotations, with_double_marks
from kg.extract.claims import chains_and_requests
from kg.extract.entities import find_entities
from kg.extract.lexicon import load
from kg.extract.parse import DEFAULT_MODEL, NamedEntities, parsed
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


# Unicode spaces the parser would take for words of their own ('"...,"\u00a0he said' parses as a
# space token between the quotation and its speaker): read as plain spaces, one for one, so every
# offset stays the article's
SPACES = str.maketrans(dict.fromkeys("\u00a0\u2002\u2003\u2007\u2009\u200a\u202f", " "))


def extract(
    article: Article, registry: Registry | None = None, model: str = DEFAULT_MODEL
) -> Extraction:
    reg = registry or default_registry()
    lx = load()
    text = article.text
    publisher = publisher_entity(article, reg)
    paras = paragraphs(text)
    marked = Quotes(quotations(with_double_marks(text), paras))
    with parsed(
        [(p.begin, p.text(text).translate(SPACES)) for p in paras],
        model,
        quoted=lambda at: marked.inner(at) is not None,
    ) as parse:
        found_att = attributions(parse.docs, text, paras, quotes=marked)
        sents = [
            Span(off + s.start_char, off + s.end_char)
            for off, s in parse.sentences
            if s.text.strip()
        ]
        found = find_entities(article, reg, lx, NamedEntities(parse.sentences, model))
    if publisher is not None:
        found.entities.setdefault(publisher.key, publisher)
    resolver = Resolver(found, lx, publisher, sents)
    chained, requests = chains_and_requests(resolver)
    taken = [x for c in chained for x in (c.span, *(h.cue for h in c.hops))]
    quotes, claims = statements(resolver, found_att, quotations(text, paras), taken)
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
    )


__all__ = ["extract", "publisher_entity"]
