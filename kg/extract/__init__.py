"""Stage 2 (pure): Article -> Extraction (entities, quotes, sources, attributions, requests).

Rules over real linguistic structure (spaCy's blank English tokenizer and sentencizer), with every
word list in data files: ``kg/data/lexicon.toml`` (titles, cue verbs, source descriptors) and
``kg/data/entities.csv`` (the registry of names, aliases, outlets and verified Wikidata ids).
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.claims import find_claims
from kg.extract.entities import find_entities
from kg.extract.lexicon import load
from kg.extract.quotes import find_quotes
from kg.extract.sentences import paragraphs, sentences
from kg.extract.sources import Resolver
from kg.model import Article, Entity, Extraction
from kg.registry import Registry, default_registry
from kg.text import name_key


def publisher_entity(article: Article, registry: Registry) -> Entity | None:
    if not article.publisher:
        return None
    entry = registry.lookup(article.publisher)
    if entry is not None:
        e = entry.entity
        return e if e.kind == "outlet" else replace(e, kind="outlet")
    return Entity(name_key(article.publisher), article.publisher, "outlet", rule="publisher-metadata")


def extract(article: Article, registry: Registry | None = None) -> Extraction:
    reg = registry or default_registry()
    lx = load()
    publisher = publisher_entity(article, reg)
    found = find_entities(article, reg, lx)
    if publisher is not None:
        found.entities.setdefault(publisher.key, publisher)
    paras = [p for p in paragraphs(article.text) if not _is_headline(article, p)]
    resolver = Resolver(found, lx, publisher, sentences(article.text, paras))
    quotes = find_quotes(resolver, paras)
    claims, requests = find_claims(resolver, [q.span for q in quotes])
    cited = tuple(dict.fromkeys(k for k in resolver.cited if k != (publisher.key if publisher else None)))
    return Extraction(
        article=article,
        publisher=publisher,
        entities=tuple(sorted(found.entities.values(), key=lambda e: e.key)),
        mentions=tuple(found.mentions),
        sources=tuple(sorted(resolver.sources.values(), key=lambda s: s.id)),
        quotes=tuple(quotes),
        claims=tuple(claims),
        requests=tuple(requests),
        cited_outlets=cited,
    )


def _is_headline(article: Article, p: object) -> bool:
    return article.headline_span is not None and p == article.headline_span


__all__ = ["extract", "publisher_entity"]
