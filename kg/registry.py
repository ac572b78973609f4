"""The entity registry: known names, aliases, kinds, news-outlet domains and verified Wikidata ids.

Data lives in ``kg/data/entities.csv`` (one row an entity; a Wikidata id only with its evidence).
Entities not in the registry still get nodes; they just get no ``sameAs``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import ConfigError
from kg.model import Entity, EntityKind
from kg.text import name_key

DATA_DIR = Path(__file__).resolve().parent / "data"
_QID = re.compile(r"^Q[1-9][0-9]*$")
_KINDS = {"person", "organization", "outlet", "place"}


@dataclass(frozen=True)
class RegistryEntry:
    entity: Entity
    aliases: tuple[str, ...]
    domains: tuple[str, ...]

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.entity.name, *self.aliases)


class Registry:
    """Lookup by any surface form (normalised) or by a URL's domain."""

    def __init__(self, entries: list[RegistryEntry]) -> None:
        self.entries = entries
        self._by_key: dict[str, RegistryEntry] = {}
        self._by_domain: dict[str, RegistryEntry] = {}
        for e in entries:
            for form in e.surface_forms:
                self._by_key.setdefault(name_key(form), e)
            for d in e.domains:
                self._by_domain[d.lower()] = e

    def lookup(self, name: str) -> RegistryEntry | None:
        return self._by_key.get(name_key(name))

    def by_url(self, url: str) -> RegistryEntry | None:
        host = (urlsplit(url).hostname or "").lower()
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            host = host.partition(".")[2]
        return None

    def outlets(self) -> list[RegistryEntry]:
        return [e for e in self.entries if e.entity.kind == "outlet"]

    @classmethod
    def load(cls, path: Path) -> Registry:
        entries = []
        with path.open(encoding="utf-8", newline="") as f:
            for lineno, row in enumerate(csv.DictReader(f), start=2):
                entries.append(_entry(path, lineno, row))
        return cls(entries)


def _entry(path: Path, lineno: int, row: dict[str, str]) -> RegistryEntry:
    kind = (row.get("kind") or "").strip()
    name = (row.get("name") or "").strip()
    qid = (row.get("wikidata") or "").strip() or None
    if not name or kind not in _KINDS:
        raise ConfigError(f"{path}:{lineno}: needs a name and a kind in {sorted(_KINDS)}")
    if qid and (not _QID.match(qid) or not (row.get("evidence") or "").strip()):
        raise ConfigError(f"{path}:{lineno}: a Wikidata id must look like Q123 and cite evidence")
    ekind: EntityKind = kind  # type: ignore[assignment]
    entity = Entity(key=name_key(name), name=name, kind=ekind, wikidata=qid, registry=True)

    def split(s: str | None) -> tuple[str, ...]:
        return tuple(x.strip() for x in (s or "").split("|") if x.strip())

    return RegistryEntry(entity, split(row.get("aliases", "")), split(row.get("domains", "")))


@cache
def default_registry() -> Registry:
    """``entities.csv``, then the places of ``places.csv`` (the countries of ISO 3166-1 by their
    common names and the states of the United States, from pycountry's data, without the names
    that are as often a person's or a word: Jordan, Chad, Jersey, ...) not named there."""
    known = Registry.load(DATA_DIR / "entities.csv")
    places = Registry.load(DATA_DIR / "places.csv")
    return Registry([*known.entries, *(e for e in places.entries
                                       if known.lookup(e.entity.name) is None)])
