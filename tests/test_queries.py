"""The example queries in queries/ run on the seed graph and answer their questions."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import Settings, settings_help
from kg.evaluate import run_query
from kg.pipeline import BuildResult
from tests.conftest import ROOT

QUERIES = sorted((ROOT / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def store(seed_build: tuple[Settings, BuildResult]) -> ox.Store:
    s = ox.Store()
    s.bulk_load(path=str(seed_build[0].dumps_dir / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    return s


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_every_example_query_returns_rows(store: ox.Store, query: Path) -> None:
    assert run_query(store, ROOT / "queries", query.stem)


def test_quotes_with_speaker_and_article(store: ox.Store) -> None:
    rows = run_query(store, ROOT / "queries", "quotes")
    assert all(r.get("speaker") and r.get("id") for r in rows)
    # one row per quote (a speaker with two types, schema:Person and nkg:UnnamedSource, gave two)
    assert len({(r["id"], r["quote"]) for r in rows}) == len(rows)
    spox = [r for r in rows if r["sourcing"].endswith("#SpokespersonStatement")]
    assert spox and all(r["speakerType"].endswith("#UnnamedSource") for r in spox
                        if "spokesperson" in r["speaker"].lower())
    # a named speaker's organization is the one the text gives a role in ('Twitter CEO Jack
    # Dorsey'), through the schema:OrganizationRole
    dorsey = [r for r in rows if r["speaker"] == "Jack Dorsey"]
    assert dorsey and all(r.get("speakerOrg") == "Twitter" for r in dorsey), dorsey


def test_claims_resting_only_on_anonymous_sources(store: ox.Store) -> None:
    rows = run_query(store, ROOT / "queries", "anonymous-claims")
    assert {r["descriptor"] for r in rows} >= {
        "a person familiar with the conversation",
        "a source",
    }
    assert all(r.get("grantedBy") for r in rows)


def test_what_an_anonymous_source_did_not_say_is_no_claim_resting_on_it(tmp_path: Path) -> None:
    from kg.pipeline import build
    from tests.conftest import make_settings

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Depot talks\n\nTwo aides, who spoke on condition of anonymity, said the depot would "
        "close in May. One aide, who spoke on condition of anonymity, would not say whether the "
        "mayor knew.\n", encoding="utf-8")
    settings = make_settings(tmp_path / "out", [tmp_path / "in"])
    assert build(settings).published
    s = ox.Store()
    s.bulk_load(path=str(settings.dumps_dir / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    claims = {r["claim"] for r in run_query(s, ROOT / "queries", "anonymous-claims")}
    assert claims == {"the depot would close in May"}, claims


def test_which_outlet_cites_which(store: ox.Store) -> None:
    rows = run_query(store, ROOT / "queries", "outlet-citations")
    pairs = {(r["publisher"], r["cited"]) for r in rows}
    assert ("The Hill", "The Washington Post") in pairs
    assert ("Business Insider", "Motherboard") in pairs


def test_a_statement_quoted_by_several_outlets(store: ox.Store) -> None:
    rows = run_query(store, ROOT / "queries", "shared-statements")
    assert {(r["publisher1"], r["publisher2"]) for r in rows} >= {
        ("The Hill", "The Washington Post")
    }


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in settings_help():
        assert f"`{name}`" in readme and f"KG_{name.upper()}" in readme, name
