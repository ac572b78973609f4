"""kg: news articles to a linked-data knowledge graph."""

__version__ = "0.1.0"

from kg.config import Settings  # noqa: E402
from kg.errors import KgError  # noqa: E402
from kg.pipeline import BuildResult, build  # noqa: E402

__all__ = ["BuildResult", "KgError", "Settings", "__version__", "build"]
