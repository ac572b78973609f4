"""Every example query in queries/ gives kg's rows on every other engine it can start here.

kg's engine (embedded pyoxigraph) is the reference; the others are rdflib (in this process), the
Oxigraph server, Apache Jena TDB2 and Virtuoso 7 (tests/stores.py: started on free loopback ports,
loaded with the README's own commands, stopped at the end; an engine that is not installed is
skipped, or fails the test under KG_REQUIRE_TOOLS). Each reads the same dumps and queries the
union of the named graphs as its default graph (the dumps' own default graph is empty). Rows are
compared as strings (IRIs, literals with their datatype or language tag; blank nodes only as "a
blank node") as multisets; when the query has an ORDER BY, the sort keys must also come in the
same order (rows tied on them may come in any).
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
from tests.stores import Store

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


ENGINES = {"rdflib": None, "oxigraph-server": "oxigraph_server", "jena-tdb2": "jena_tdb2",
           "virtuoso": "virtuoso"}  # name: the session fixture of a store started here


@pytest.fixture(scope="module")
def kg_store(seed_build: tuple[Settings, BuildResult]) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(seed_build[0].dumps_dir / "kg.trig"), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def rdflib_dataset(seed_build: tuple[Settings, BuildResult], kg_store: ox.Store) -> Dataset:
    ds = Dataset(default_union=True)
    with (seed_build[0].dumps_dir / "kg.trig").open("rb") as f, rdflib_quiet():
        ds.parse(f, format="trig")
    assert len(kg_store) == sum(1 for _ in ds.quads((None, None, None, None))) > 0
    return ds


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


def run_engine(request: pytest.FixtureRequest, engine: str,
               query: str) -> tuple[list[str], list[Row]]:
    fixture = ENGINES[engine]
    if fixture is None:
        return run_rdflib(request.getfixturevalue("rdflib_dataset"), query)
    store: Store = request.getfixturevalue(fixture)
    return store.select(query)


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_same_rows_as_kg(request: pytest.FixtureRequest, kg_store: ox.Store, engine: str,
                         path: Path) -> None:
    query = path.read_text(encoding="utf-8")
    kg_names, kg_rows = run_oxigraph(kg_store, query)
    names, rows = run_engine(request, engine, query)
    assert names == kg_names
    assert kg_rows, f"{path.name} returns no rows on the seeds"
    print(f"{path.stem}: kg {len(kg_rows)} rows, {engine} {len(rows)} rows")
    assert Counter(rows) == Counter(kg_rows)
    keys = sort_keys(query)
    if keys:
        assert set(keys) <= set(kg_names), "sort on projected variables, to check the order"
        cols = [kg_names.index(k) for k in keys]
        assert [[r[i] for i in cols] for r in rows] == [[r[i] for i in cols] for r in kg_rows]
