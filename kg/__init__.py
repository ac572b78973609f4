"""kg: news articles to a linked-data knowledge graph."""

__version__ = "0.1.0"

from kg.config import Settings
from kg.errors import KgError
from kg.pipeline import BuildResult, build

__all__ = ["BuildResult", "KgError", "Settings", "__version__", "build"]
