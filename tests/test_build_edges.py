"""Sharp edges of a build (issue 12): article ids from the path relative to the input root,
provenance without local paths, authors, language tags, IRI-safe URLs, skipped files named,
usage errors in one line. Every article here is written in tmp_path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.ingest import InputFile, article_id, discover, read_file
from kg.model import Article
from kg.pipeline import build
from tests.conftest import TEST_BASE, make_settings

STORY = (
    "Harbour council approves new ferry pier\n\n"
    "The Harbour council approved a new ferry pier on Tuesday. "
    '"It will carry two thousand people a day," said Wilma Quist, the council chair.\n'
)
OTHER = (
    "Bakery on Mill Lane closes after forty years\n\n"
    "The bakery on Mill Lane closed its doors on Friday. "
    '"We baked our last loaf," said Otto Brandt, its owner.\n'
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def site(root: Path) -> Path:
    """Two saved pages named index.txt in two folders, and one article at the top."""
    write(root / "a" / "index.txt", STORY)
    write(root / "b" / "index.txt", OTHER)
    write(root / "top.txt", STORY.replace("ferry pier", "ferry dock"))
    return root


def articles(source: InputFile | Path) -> list[Article]:
    out = [a for a in read_file(source) if isinstance(a, Article)]
    assert out
    return out


def dump_bytes(out: Path) -> dict[str, bytes]:
    dumps = (out / "dumps").resolve()
    return {p.relative_to(dumps).as_posix(): p.read_bytes()
            for p in sorted(dumps.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- item 4: article ids
def test_two_index_files_in_two_folders_are_two_articles(tmp_path: Path) -> None:
    result = build(make_settings(tmp_path / "out", [site(tmp_path / "site")]))
    assert result.rejections == [] and result.built == 3
    graphs = sorted(p.name for p in (tmp_path / "out" / "dumps" / "graphs").glob("article-*"))
    assert graphs == ["article-a-index.ttl", "article-b-index.ttl", "article-top.ttl"]


def test_a_file_at_the_top_of_the_input_root_keeps_its_stem_as_id(tmp_path: Path) -> None:
    root = site(tmp_path / "site")
    files, _, _ = discover([root])
    assert [f.name for f in files] == ["top.txt", "a/index.txt", "b/index.txt"]
    assert [articles(f)[0].id for f in files] == ["top", "a-index", "b-index"]
    # a file given directly is named by its file name, wherever it lies
    (given,), _, _ = discover([root / "a" / "index.txt"])
    assert given.name == "index.txt" and articles(given)[0].id == "index"
    assert articles(root / "top.txt")[0].id == "top"


def test_nested_ids_are_made_iri_safe_by_the_safe_id_rule() -> None:
    assert article_id("news/2024 05/Ölpreis (neu).html") == "news-2024-05-lpreis-neu"
    assert article_id("feed/items.jsonl", record=3) == "feed-items-3"
    assert article_id("feed/items.jsonl", "urn:x/42", 3) == "urn-x-42"


def test_a_record_id_decides_the_article_id(tmp_path: Path) -> None:
    rec = {"id": "story 7", "title": "Harbour council approves new ferry pier", "text": STORY}
    path = write(tmp_path / "deep" / "er" / "one.json", json.dumps(rec))
    (f,), _, _ = discover([tmp_path])
    assert f.name == "deep/er/one.json" and articles(f)[0].id == "story-7"
    assert articles(path)[0].id == "story-7"


def test_a_rebuild_from_another_folder_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = site(tmp_path / "one" / "site")
    write(first / "a" / "index.meta.json", json.dumps({"url": "https://news.test/a"}))
    second = tmp_path / "elsewhere" / "copy"
    shutil.copytree(first, second)
    monkeypatch.chdir(tmp_path / "one")  # the first from a relative path, the second absolute
    r1 = build(make_settings(tmp_path / "out1", [Path("site")]))
    r2 = build(make_settings(tmp_path / "out2", [second]))
    assert r1.built == r2.built == 3 and r1.run == r2.run
    b1, b2 = dump_bytes(tmp_path / "out1"), dump_bytes(tmp_path / "out2")
    assert b1.keys() == b2.keys() and all(b1[k] == b2[k] for k in b1), [
        k for k in b1 if b1[k] != b2.get(k)]


# ---------------------------------------------------------------- item 5: provenance, skipped
def test_provenance_names_inputs_relative_to_the_input_root(tmp_path: Path) -> None:
    root = site(tmp_path / "site")
    build(make_settings(tmp_path / "out", [root]))
    prov = (tmp_path / "out" / "dumps" / "graphs" / "prov.ttl").read_text(encoding="utf-8")
    assert str(tmp_path) not in prov
    assert '"a/index.txt"' in prov and '"top.txt"' in prov
    assert f"<{TEST_BASE}seed/a-index-txt>" in prov or "seed/a-index-txt" in prov


def test_every_skipped_file_is_named_in_the_report_with_why(tmp_path: Path) -> None:
    root = site(tmp_path / "site")
    write(root / "notes.md", "not an article")
    write(root / "README", "no extension")
    write(root / ".draft.txt", STORY)
    write(root / ".git" / "config", "[core]")
    write(root / "a" / "index.meta.json", "{}")
    settings = make_settings(tmp_path / "out", [root])
    result = build(settings)
    assert result.skipped == 5 and result.built == 3
    report = json.loads(settings.report_path.read_text(encoding="utf-8"))
    why = {Path(s["path"]).name: s["why"] for s in report["skipped_files"]}
    assert set(why) == {"notes.md", "README", ".draft.txt", ".git", "index.meta.json"}
    assert why["notes.md"].startswith("unknown extension '.md'")
    assert why["README"].startswith("no file extension")
    assert why[".draft.txt"] == "hidden file" and why[".git"] == "hidden folder"
    assert why["index.meta.json"].startswith("metadata sidecar")


def test_the_build_summary_says_where_the_skipped_files_are_listed(tmp_path: Path) -> None:
    from kg.cli import summary

    root = site(tmp_path / "site")
    write(root / "notes.md", "not an article")
    settings = make_settings(tmp_path / "out", [root])
    line = summary(build(settings), settings.report_path).splitlines()[0]
    assert f"(1 skipped, listed with why in {settings.report_path})" in line
