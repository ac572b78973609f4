"""Golden cases: each folder under tests/cases holds the expected article graph of the seed
article of the same name (seeds/NAME.txt and its metadata, read from there, not copied); the
built graph must be isomorphic to it. `pytest --update-golden` rewrites the expectations after a
deliberate change."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from kg.pipeline import build
from tests.conftest import make_settings

SEEDS = Path(__file__).parent.parent / "seeds"
CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())


def _dump(g: Graph) -> str:
    return "\n".join(sorted(f"  {s.n3()} {p.n3()} {o.n3()}" for s, p, o in g))  # type: ignore[union-attr]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_article_graph_matches_golden(case: Path, tmp_path: Path, update_golden: bool) -> None:
    settings = make_settings(tmp_path, [SEEDS / f"{case.name}.txt"])
    result = build(settings)
    assert result.built == 1, [r.describe() for r in result.rejections]
    [ttl] = [p for p in (settings.dumps_dir / "graphs").glob("article-*.ttl")]
    actual = Graph().parse(ttl)
    expected_path = case / "expected.ttl"
    if update_golden or not expected_path.exists():
        expected_path.write_bytes(ttl.read_bytes())
        pytest.skip(f"wrote {expected_path}")
    expected = Graph().parse(expected_path)
    iso_a, iso_e = to_isomorphic(actual), to_isomorphic(expected)
    if iso_a != iso_e:
        _, only_expected, only_actual = graph_diff(iso_e, iso_a)
        pytest.fail(
            f"{case.name}: article graph differs from {expected_path.name}\n"
            f"only in expected ({len(only_expected)}):\n{_dump(only_expected)}\n"
            f"only in actual ({len(only_actual)}):\n{_dump(only_actual)}"
        )
