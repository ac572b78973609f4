"""Stage 3 (pure): Extraction -> RDF triples for the article's named graph and the shared graphs."""

from kg.mapping.article import (
    MappedArticle,
    article_triples,
    entity_triples,
    finding_triples,
    heading_triples,
    map_article,
)
from kg.mapping.prov import RunInfo, article_prov, input_prov, run_prov

__all__ = [
    "MappedArticle", "RunInfo", "article_prov", "article_triples", "entity_triples",
    "finding_triples", "heading_triples", "input_prov", "map_article", "run_prov",
]
