"""Every example query in queries/ gives the same rows on kg's engine (pyoxigraph) and on rdflib.

Both engines load the same dump and query the union of its named graphs as the default graph
(the dumps' own default graph is empty). Rows are compared as strings (IRIs, literals with their
datatype or language tag; blank nodes only as "a blank node") as multisets; when the query has
an ORDER BY, the sort keys must also come in the same order (rows tied on them may come in any).
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.query import Result

from kg.config import Settings
from kg.pipeline import BuildResult
from tests.conftest import ROOT

QUERIES = sorted((ROOT / "queries").glob("*.rq"))
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Cell = tuple[str, ...] | None
Row = tuple[Cell, ...]


def _ox_cell(t: object) -> Cell:
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return ("iri", t.value)
    if isinstance(t, ox.BlankNode):
        return ("bnode",)
    if isinstance(t, ox.Literal):
        lang = t.language or ""
        return ("literal", t.value, LANG_STRING if lang else t.datatype.value, lang.lower())
    raise TypeError(f"unexpected term {t!r}")


def _rdflib_cell(t: object) -> Cell:
    if t is None:
        return None
    if isinstance(t, URIRef):
        return ("iri", str(t))
    if isinstance(t, BNode):
        return ("bnode",)
    if isinstance(t, Literal):
        lang = t.language or ""
        dt = LANG_STRING if lang else str(t.datatype or XSD_STRING)
        return ("literal", str(t), dt, lang.lower())
    raise TypeError(f"unexpected term {t!r}")


@contextmanager
def rdflib_quiet() -> Iterator[None]:
    """rdflib 7.6's own TriG parser and SPARQL engine still use what it deprecates."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"(ConjunctiveGraph|Dataset\.default_context) is "
                                "deprecated", DeprecationWarning)
        yield


@pytest.fixture(scope="module")
def engines(seed_build: tuple[Settings, BuildResult]) -> tuple[ox.Store, Dataset]:
    dump = seed_build[0].dumps_dir / "kg.trig"
    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.TRIG)
    ds = Dataset(default_union=True)
    with dump.open("rb") as f, rdflib_quiet():
        ds.parse(f, format="trig")
    assert len(store) == sum(1 for _ in ds.quads((None, None, None, None))) > 0
    return store, ds


def run_oxigraph(store: ox.Store, query: str) -> tuple[list[str], list[Row]]:
    sols = store.query(query, use_default_graph_as_union=True)
    assert isinstance(sols, ox.QuerySolutions)
    names = [v.value for v in sols.variables]
    return names, [tuple(_ox_cell(s[n]) for n in names) for s in sols]


def run_rdflib(ds: Dataset, query: str) -> tuple[list[str], list[Row]]:
    with rdflib_quiet():
        res: Result = ds.query(query)
        assert res.type == "SELECT" and res.vars is not None
        names = [str(v) for v in res.vars]
        return names, [tuple(_rdflib_cell(row[i]) for i in range(len(names)))  # type: ignore[index]
                       for row in res]


def sort_keys(query: str) -> list[str]:
    """The variables of the outermost ORDER BY (none without one)."""
    body = re.sub(r"#[^\n]*", "", query)  # comments aside
    m = re.search(r"\bORDER\s+BY\b([^}]*)$", body, re.IGNORECASE)
    return re.findall(r"\?(\w+)", m.group(1)) if m else []


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_same_rows_on_oxigraph_and_rdflib(engines: tuple[ox.Store, Dataset], path: Path) -> None:
    store, ds = engines
    query = path.read_text(encoding="utf-8")
    ox_names, ox_rows = run_oxigraph(store, query)
    rl_names, rl_rows = run_rdflib(ds, query)
    assert ox_names == rl_names
    assert ox_rows, f"{path.name} returns no rows on the seeds"
    print(f"{path.stem}: oxigraph {len(ox_rows)} rows, rdflib {len(rl_rows)} rows")
    assert Counter(ox_rows) == Counter(rl_rows)
    keys = sort_keys(query)
    if keys:
        assert set(keys) <= set(ox_names), "sort on projected variables, to check the order"
        cols = [ox_names.index(k) for k in keys]
        assert [[r[i] for i in cols] for r in ox_rows] == [[r[i] for i in cols] for r in rl_rows]
