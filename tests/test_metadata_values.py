"""A metadata value kg cannot use costs that value (with a warning), never the article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import XSD

from kg.config import Settings
from kg.pipeline import build

SDO = "https://schema.org/"


def _article(folder: Path, name: str, meta: dict[str, object]) -> None:
    (folder / f"{name}.txt").write_text(
        "Ferry service resumes\n\nThe harbour master said the ferry would sail again on Friday.\n",
        encoding="utf-8",
    )
    (folder / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")


@pytest.mark.parametrize(
    ("value", "datatype"),
    [
        ("2021-10", XSD.gYearMonth),
        ("2021", XSD.gYear),
        ("2021-10-04", XSD.date),
        ("2021-10-04T08:30:00+02:00", XSD.dateTime),
    ],
    ids=["month", "year", "date", "datetime"],
)
def test_a_partial_date_is_kept_at_its_precision(
    tmp_path: Path, value: str, datatype: URIRef
) -> None:
    _article(tmp_path, "a", {"datePublished": value})
    result = build(
        Settings(out_dir=tmp_path / "out", inputs=(tmp_path,), base_iri="https://kg.test/")
    )
    assert result.built == 1 and not result.rejections and not result.warnings
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(tmp_path / "out" / "dumps" / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    dates = [
        q.object
        for q in store.quads_for_pattern(
            ox.NamedNode("https://kg.test/article/a"), ox.NamedNode(SDO + "datePublished"), None
        )
    ]
    assert dates == [ox.Literal(value, datatype=ox.NamedNode(str(datatype)))]


@pytest.mark.parametrize(
    ("meta", "warning"),
    [
        ({"datePublished": "2021-13-40"}, "is not an ISO 8601 date"),
        ({"datePublished": "last Tuesday"}, "is not an ISO 8601 date"),
        ({"authors": [7]}, "'authors' must hold names"),
        ({"url": "ftp://example.org/x"}, "is not an http(s) address"),
        ({"publisher": ["two", "names"]}, "'publisher' must be"),
        ({"mood": "sunny"}, "unknown metadata field 'mood'"),
    ],
    ids=["bad-month", "words", "author-number", "ftp-url", "publisher-list", "unknown-field"],
)
def test_a_bad_metadata_value_costs_the_value_not_the_article(
    tmp_path: Path, meta: dict[str, object], warning: str
) -> None:
    _article(tmp_path, "a", meta)
    result = build(Settings(out_dir=tmp_path / "out", inputs=(tmp_path,)))
    assert result.built == 1 and not result.rejections
    assert {w.article for w in result.warnings} == {"a"}
    assert any(warning in w.reason for w in result.warnings), [w.reason for w in result.warnings]
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert any(warning in w["reason"] for w in report["warnings"])


def test_the_model_and_its_version_are_in_the_provenance_graph(tmp_path: Path) -> None:
    from kg.extract.parse import model_info

    _article(tmp_path, "a", {})
    build(Settings(out_dir=tmp_path / "out", inputs=(tmp_path,)))
    prov = (tmp_path / "out" / "dumps" / "graphs" / "prov.ttl").read_text(encoding="utf-8")
    name, version = model_info()
    assert f'schema:name "{name}"' in prov and f'schema:softwareVersion "{version}"' in prov
    assert version.startswith("3.8")
