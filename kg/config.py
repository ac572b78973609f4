"""Settings: one frozen object holding every tunable of kg, with defaults and help text.

``Settings.from_env()`` is the only place that reads the environment (``KG_<NAME>``, plus the
reproducible-builds variable ``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kg.errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


def asset_dir(name: str) -> Path:
    """Folder of a shipped RDF asset (``ontology``, ``shapes``, ``queries``).

    An installed wheel carries them under ``kg/_assets``; a source checkout has them at the top.
    """
    packaged = PACKAGE_DIR / "_assets" / name
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / name


@dataclass(frozen=True)
class Settings:
    base_iri: str = _setting(
        "https://example.org/newskg/", "Base IRI under which kg mints every data IRI (ends in /)."
    )
    out_dir: Path = _setting(  # noqa: RUF009 (a Path is immutable)
        Path("build"), "Folder that `kg build` writes (dumps, report, store).")
    inputs: tuple[Path, ...] = _setting((Path("seeds"),), "Files or folders `kg build` reads.")
    language: str = _setting("en", "BCP-47 language assumed when an article's metadata has none.")
    model: str = _setting(
        "en_core_web_sm", "spaCy pipeline the extractor parses with (a package name or a path); "
        "its name and version are recorded in the provenance graph."
    )
    include_text: bool = _setting(
        True, "Publish the verbatim article text (nif:isString) in the dumps; off for copyright."
    )
    gzip: bool = _setting(False, "Write the dump files gzip-compressed (name.ext.gz).")
    workers: int = _setting(1, "Processes used by `kg build` for extraction, mapping, validation.")
    executor: str = _setting(
        "local", "Where `kg build` runs the per-file work: local (worker processes here), "
        "local-dask (a Dask LocalCluster of `workers` processes) or dask://HOST:PORT (a Dask "
        "scheduler; needs the distributed extra)."
    )
    publish_partial: bool = _setting(
        False, "Let a build with rejected inputs publish the articles it accepted (never one that "
        "built none); otherwise such a build leaves the previous dumps as they were."
    )
    validator: str = _setting(
        "sparql", "How `kg build` checks the shapes: sparql (compiled to Oxigraph queries) "
        "or pyshacl."
    )
    cache: bool = _setting(
        True, "Keep each input file's result in OUT/cache/ (keyed by its bytes, kg, the model and "
        "the settings that change output), so a rebuild redoes only new and changed files."
    )
    max_file_bytes: int = _setting(
        20_000_000, "Inputs larger than this are rejected as not being an article."
    )
    source_date_epoch: int | None = _setting(
        None, "Fixed build time (seconds since 1970), from SOURCE_DATE_EPOCH, for reproducible "
        "builds."
    )
    host: str = _setting("127.0.0.1", "Address `kg serve` listens on.")
    port: int = _setting(8000, "Port `kg serve` listens on.")
    public_url: str = _setting(
        "", "Public URL of the server if behind a proxy (default: http://HOST:PORT)."
    )
    query_timeout: float = _setting(
        10.0, "Hard time limit of one SPARQL query, in seconds; a request may only lower it."
    )
    max_concurrent_queries: int = _setting(
        min(32, 4 * (os.cpu_count() or 1)),
        "Queries evaluated at once (one worker process each, started as load grows; default 4 "
        "per CPU core, so a cheap query does not wait behind heavy ones); more wait up to "
        "queue_wait."
    )
    query_spare_workers: int = _setting(
        2,
        "Idle query workers kept started beyond the busy ones (about 25 MB each; at least 1), so "
        "a query, and the one after a worker killed at the time limit, never waits for a process "
        "to start; an idle server holds only these."
    )
    query_worker_idle: float = _setting(
        30.0, "Seconds an idle query worker beyond query_spare_workers is kept before it stops."
    )
    query_demote_after: float = _setting(
        0.1, "Seconds after which a running query's CPU priority is lowered (nice +10), so cheap "
        "queries and the server stay fast while heavy ones run (0: never)."
    )
    queue_wait: float = _setting(
        2.0, "Seconds a query waits for a free worker before it gets 503 with Retry-After."
    )
    max_rows: int = _setting(
        100_000, "Result rows (or triples) returned at most; beyond it the answer ends with an "
        "error."
    )
    max_get_url: int = _setting(
        32_768, "Longest GET request target accepted on /sparql (414 beyond).")
    max_query_bytes: int = _setting(
        1_000_000, "Longest SPARQL query accepted, in UTF-8 bytes (400 beyond, before evaluation)."
    )
    max_query_depth: int = _setting(
        1_000, "Deepest nesting of brackets ({ ( [) and unary ! or ^ accepted in a SPARQL query "
        "(400 beyond, before evaluation): the engine's parser recurses; deep nesting crashes it."
    )
    reload_interval: float = _setting(
        5.0, "Seconds between checks of `kg serve` for new dumps to load and serve (0: never)."
    )
    store_url: str = _setting(
        "", "SPARQL 1.1 query endpoint of a remote store that `kg serve` answers from (`--store`), "
        "instead of the embedded store; empty: the embedded store."
    )
    store_union_param: str = _setting(
        "", "URL parameter that makes the remote store read the union of its named graphs as the "
        "default graph, sent with each query that names no graphs (the Oxigraph server: "
        "union-default-graph); empty: the store does so itself."
    )
    store_timeout_param: str = _setting(
        "", "URL parameter that sets the remote store's own time limit of a query, sent with the "
        "time left in milliseconds (Virtuoso: timeout); empty: none (the request to the store is "
        "cancelled at query_timeout in any case)."
    )
    store_user: str = _setting(
        "", "User name for HTTP basic authentication to the remote store (`kg serve --store`, "
        "`kg load`); set it in the environment (KG_STORE_USER)."
    )
    store_password: str = field(default="", repr=False, metadata={"help": (
        "Password for HTTP basic authentication to the remote store; set it in the environment "
        "(KG_STORE_PASSWORD), never on a command line or in a query.")})

    def __post_init__(self) -> None:
        if not self.base_iri.startswith(("http://", "https://")) or not self.base_iri.endswith("/"):
            raise ConfigError(
                f"base_iri: {self.base_iri!r} must be an http(s) IRI ending in '/'"
            )
        if " " in self.base_iri or "#" in self.base_iri:
            raise ConfigError(f"base_iri: {self.base_iri!r} must not contain spaces or '#'")
        if self.validator not in ("sparql", "pyshacl"):
            raise ConfigError(f"validator: must be sparql or pyshacl, got {self.validator!r}")
        if self.executor not in ("local", "local-dask") and not (
                self.executor.startswith("dask://") and len(self.executor) > len("dask://")):
            raise ConfigError(
                f"executor: must be local, local-dask or dask://HOST:PORT, got {self.executor!r}")
        if self.workers < 1:
            raise ConfigError(f"workers: must be at least 1, got {self.workers}")
        if self.query_timeout <= 0:
            raise ConfigError(f"query_timeout: must be positive, got {self.query_timeout}")
        if self.max_concurrent_queries < 1:
            raise ConfigError("max_concurrent_queries: must be at least 1, "
                              f"got {self.max_concurrent_queries}")
        if self.max_rows < 1:
            raise ConfigError(f"max_rows: must be at least 1, got {self.max_rows}")
        if self.query_worker_idle < 0:
            raise ConfigError(
                f"query_worker_idle: must not be negative, got {self.query_worker_idle}")
        if self.query_spare_workers < 0:
            raise ConfigError(
                f"query_spare_workers: must not be negative, got {self.query_spare_workers}")
        if self.query_demote_after < 0:
            raise ConfigError(
                f"query_demote_after: must not be negative, got {self.query_demote_after}")
        if self.max_query_bytes < 1:
            raise ConfigError(f"max_query_bytes: must be at least 1, got {self.max_query_bytes}")
        if self.max_query_depth < 1:
            raise ConfigError(f"max_query_depth: must be at least 1, got {self.max_query_depth}")
        if self.queue_wait < 0:
            raise ConfigError(f"queue_wait: must not be negative, got {self.queue_wait}")
        if self.store_url and not self.store_url.startswith(("http://", "https://")):
            raise ConfigError(f"store_url: {self.store_url!r} must be an http(s) URL")

    @property
    def dumps_dir(self) -> Path:
        return self.out_dir / "dumps"

    @property
    def store_dir(self) -> Path:
        return self.out_dir / "store"

    @property
    def report_path(self) -> Path:
        return self.out_dir / "report.json"

    @property
    def ontology_path(self) -> Path:
        return asset_dir("ontology") / "nkg.ttl"

    @property
    def shapes_path(self) -> Path:
        return asset_dir("shapes") / "nkg-shapes.ttl"

    @property
    def queries_dir(self) -> Path:
        return asset_dir("queries")

    @property
    def store_auth(self) -> tuple[str, str] | None:
        """HTTP basic credentials for the remote store, if a user is set."""
        return (self.store_user, self.store_password) if self.store_user else None

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``KG_*`` variables (and SOURCE_DATE_EPOCH), then explicit overrides."""
        env = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"KG_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _parse(f.name, raw, f.default)
        sde = env.get("SOURCE_DATE_EPOCH")
        if sde is not None and "source_date_epoch" not in values:
            values["source_date_epoch"] = _parse("SOURCE_DATE_EPOCH", sde, 0)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _parse(name: str, raw: str, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if isinstance(default, int) or default is None:
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, Path):
            return Path(raw)
        if isinstance(default, tuple):
            return tuple(Path(p) for p in raw.split(os.pathsep) if p)
        return raw
    except ValueError:
        raise ConfigError(f"{name}: cannot read {raw!r} as {type(default).__name__}") from None


def settings_help() -> dict[str, tuple[Any, str]]:
    """Each setting's default and help text (the README documents every one; a test checks)."""
    return {f.name: (f.default, f.metadata["help"]) for f in fields(Settings)}
