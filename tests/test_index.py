"""The build's on-disk index: duplicates, entities already described, citation links."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kg.index import ArticleIndex


def test_remembers_ids_and_entities(tmp_path: Path) -> None:
    with ArticleIndex(tmp_path) as index:
        assert index.source_of("a1") is None
        index.add("a1", "in/a.txt", "pub:x", [], ["e1"])
        assert index.source_of("a1") == "in/a.txt"
        assert index.new_entities(["e1", "e2"]) == {"e1", "e2"}
        assert index.new_entities(["e2", "e3"]) == {"e3"}
        assert index.path.exists()
    assert not index.path.exists()


def test_the_file_is_removed_when_the_build_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), ArticleIndex(tmp_path) as index:
        index.add("a1", "a.txt", None, [], [])
        raise RuntimeError("a crash mid-build")
    assert list(tmp_path.iterdir()) == []


def _brute_force(articles: list[tuple[str, str | None, set[str], set[str]]],
                 overlap: float) -> set[tuple[str, str]]:
    links = set()
    for aid, _, cited, mine in articles:
        for bid, pub, _, theirs in articles:
            if (bid != aid and pub in cited and mine & theirs
                    and len(mine & theirs) / len(mine | theirs) >= overlap):
                links.add((aid, bid))
    return links


@pytest.mark.parametrize("seed", range(5))
def test_citations_are_the_jaccard_rule(tmp_path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    outlets = [f"outlet{i}" for i in range(4)]
    entities = [f"e{i}" for i in range(12)]
    articles = [(f"a{n}", rnd.choice([*outlets, None]), set(rnd.sample(outlets, rnd.randint(0, 2))),
                 set(rnd.sample(entities, rnd.randint(0, 6)))) for n in range(60)]
    with ArticleIndex(tmp_path) as index:
        for aid, pub, cited, mentioned in articles:
            index.add(aid, f"{aid}.txt", pub, cited, mentioned)
        got = set(index.citations(0.3))
    expected = _brute_force(articles, 0.3)
    assert got == expected and expected  # the random corpus does have links


def test_a_killed_build_leaves_no_index_behind_for_long(tmp_path: Path) -> None:
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f".kg-index-{gone}.sqlite"
    stale.write_bytes(b"left by a killed build")
    with ArticleIndex(tmp_path):
        assert not stale.exists()
