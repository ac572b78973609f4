"""Stage 2 (pure): Article -> Extraction (entities, quotes, sources, attributions)."""

from __future__ import annotations

from kg.model import Article, Entity, Extraction
from kg.registry import Registry, default_registry
from kg.text import name_key


def publisher_entity(article: Article, registry: Registry) -> Entity | None:
    if not article.publisher:
        return None
    entry = registry.lookup(article.publisher)
    if entry is not None:
        e = entry.entity
        return e if e.kind == "outlet" else Entity(e.key, e.name, "outlet", e.wikidata, True)
    return Entity(name_key(article.publisher), article.publisher, "outlet")


def extract(article: Article, registry: Registry | None = None) -> Extraction:
    reg = registry or default_registry()
    return Extraction(article=article, publisher=publisher_entity(article, reg))


__all__ = ["extract", "publisher_entity"]
