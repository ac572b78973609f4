"""`kg validate`: read any dump (file or dumps folder) strictly and validate it against the
shapes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from kg.config import Settings
from kg.dump import DATASET_FILES, from_ox, read_quads
from kg.errors import DumpError
from kg.validate import ValidationReport, load_shapes, validate


def dump_paths(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            whole = [p / n for n in ("kg.nq", "kg.nq.gz") if (p / n).exists()]
            out += whole or sorted(x for x in p.rglob("*") if x.is_file() and x.name != "void.ttl"
                                   and not x.name.endswith(".graph"))  # graph IRI sidecars
        elif p.exists():
            out.append(p)
        else:
            raise DumpError(f"{p}: no such file or folder")
    return out


def load_union(paths: Sequence[Path]) -> Graph:
    g = Graph()
    for p in dump_paths(paths):
        for q in read_quads(p):
            g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g


def validate_dumps(paths: Sequence[Path], settings: Settings) -> tuple[ValidationReport, int]:
    g = load_union(paths)
    shapes = load_shapes(settings.shapes_path, settings.ontology_path)
    return validate(g, shapes), len(g)


__all__ = ["DATASET_FILES", "dump_paths", "load_union", "validate_dumps"]
