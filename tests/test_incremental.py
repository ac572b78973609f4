"""Incremental builds (issue 14, item 3): a rebuild does the work of new and changed files only,
from the outcomes kept in OUT/cache/, and publishes the same bytes as a full build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks.corpus import write
from kg.cache import BuildCache, FileKey, cacheable, decode
from kg.pipeline import BuildResult, build
from kg.store import ensure_store, load, open_read_only
from tests.conftest import ROOT, TEST_BASE, make_settings
from tests.test_build_safety import tree

# benchmarks.corpus.write(30): 18 plain-text articles with sidecars, 6 HTML pages and one JSON
# Lines file of 6 records (25 files); write(32) adds two plain-text articles to the same files
FILES, ARTICLES = 25, 30


def _dumps(out: Path) -> dict[str, bytes]:
    d = (out / "dumps").resolve()
    return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*"))
            if p.is_file()}


def _change(src: Path, *ids: int) -> None:
    """Edit the text of plain-text articles (one sentence each)."""
    for i in ids:
        path = src / "0000" / f"bench-{i:07d}.txt"
        text = path.read_text(encoding="utf-8")
        assert "on Tuesday" in text
        path.write_text(text.replace("on Tuesday", "on Thursday"), encoding="utf-8")


def _built(result: BuildResult) -> tuple[int, int, int]:
    assert result.cache is not None
    return result.cache.built, result.cache.articles_built, result.cache.reused


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus built once (its cache filled), and the same corpus with two articles changed
    and two added (not yet built)."""
    root = tmp_path_factory.mktemp("incremental")
    src = root / "src"
    write(30, src)
    first = build(make_settings(root / "out", [src]))
    assert first.exit_code == 0 and first.built == ARTICLES
    assert _built(first) == (FILES, ARTICLES, 0)
    assert len(list(BuildCache(root / "out" / "cache", "", []).iter_entries())) == FILES
    write(32, src)
    _change(src, 1, 3)
    return root, src


def _copy(root: Path, name: str) -> Path:
    import shutil

    out = root / name
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(root / "out", out, symlinks=True)
    return out


def test_a_rebuild_builds_only_new_and_changed_files_and_gives_a_full_builds_bytes(
        corpus: tuple[Path, Path]) -> None:
    root, src = corpus
    out = _copy(root, "again")
    again = build(make_settings(out, [src]))
    assert again.exit_code == 0 and again.built == ARTICLES + 2
    assert _built(again) == (4, 4, FILES - 2)  # 2 changed, 2 added; the rest reused
    report = json.loads((out / "report.json").read_text())
    assert report["cache"]["built"] == 4 and report["cache"]["reused"] == FILES - 2
    assert set(report["seconds"]) >= {"worker_extract"}  # the 4 files' work only
    full = build(make_settings(root / "full", [src], cache=False))
    assert full.cache is None and full.files_built == FILES + 2
    assert not (root / "full" / "cache").exists()
    assert _dumps(out) == _dumps(root / "full")
    # the entries of the two changed files' old bytes are gone; the new ones are in
    assert len(list(BuildCache(out / "cache", "", []).iter_entries())) == FILES + 2


def test_with_workers_the_rebuild_gives_the_same_bytes(corpus: tuple[Path, Path]) -> None:
    root, src = corpus
    out = _copy(root, "workers")
    again = build(make_settings(out, [src], workers=2))
    assert _built(again) == (4, 4, FILES - 2)
    ref = root / "reference-workers"
    build(make_settings(ref, [src], cache=False))
    assert _dumps(out) == _dumps(ref)


def test_a_rebuild_of_the_same_corpus_builds_nothing(corpus: tuple[Path, Path]) -> None:
    root, src = corpus
    out = _copy(root, "same")
    build(make_settings(out, [src]))
    before = _dumps(out)
    again = build(make_settings(out, [src]))
    assert _built(again) == (0, 0, FILES + 2)
    assert again.stage_seconds == {}  # no worker ran
    assert _dumps(out) == before


def test_a_setting_that_changes_output_builds_everything_again(
        corpus: tuple[Path, Path]) -> None:
    root, src = corpus
    out = _copy(root, "no-text")
    again = build(make_settings(out, [src], include_text=False))
    assert _built(again) == (FILES + 2, ARTICLES + 2, 0)
    ref = root / "reference-no-text"
    build(make_settings(ref, [src], include_text=False, cache=False))
    assert _dumps(out) == _dumps(ref)
    other = build(make_settings(out, [src], include_text=False).with_(
        base_iri="https://kg.test/b/"))
    assert _built(other)[2] == 0  # another base IRI: nothing reused


def test_a_changed_sidecar_rebuilds_its_article(corpus: tuple[Path, Path]) -> None:
    root, src = corpus
    out = _copy(root, "sidecar")
    build(make_settings(out, [src]))
    meta = src / "0000" / "bench-0000002.meta.json"
    original = meta.read_text(encoding="utf-8")
    try:
        data = json.loads(original)
        meta.write_text(json.dumps(data | {"publisher": "The Other Paper"}), encoding="utf-8")
        again = build(make_settings(out, [src]))
        assert _built(again) == (1, 1, FILES + 1)
        ref = root / "reference-sidecar"
        build(make_settings(ref, [src], cache=False))
        assert _dumps(out) == _dumps(ref)
    finally:
        meta.write_text(original, encoding="utf-8")


def test_bad_entries_are_ignored_with_a_note_and_built_again(corpus: tuple[Path, Path]) -> None:
    root, src = corpus
    out = _copy(root, "corrupt")
    build(make_settings(out, [src]))
    reference = _dumps(out)
    entries = list(BuildCache(out / "cache", "", []).iter_entries())
    truncated, garbage, foreign = entries[0], entries[5], entries[9]
    # the entries are named by a digest of the code too, so which files these are (and how
    # many articles they hold: a JSON Lines file holds several) changes with every commit
    articles = sum(len(decode(e.read_bytes()).articles) for e in (truncated, garbage, foreign))
    truncated.write_bytes(truncated.read_bytes()[:-100])
    garbage.write_bytes(b"\x00" * 64)
    data = bytearray(foreign.read_bytes())
    data[-10] ^= 0xFF  # one bit flipped in the pickle: the checksum no longer holds
    foreign.write_bytes(bytes(data))
    again = build(make_settings(out, [src]))
    assert again.exit_code == 0
    assert _built(again) == (3, articles, FILES - 1)
    assert again.cache is not None
    notes = "\n".join(again.cache.notes)
    assert len(again.cache.notes) == 3 and "ignored" in notes and "checksum" in notes
    assert "where" in notes  # the truncated one: fewer bytes than its header says
    assert _dumps(out) == reference
    for entry in (truncated, garbage, foreign):  # rewritten whole
        decode(entry.read_bytes())


def test_a_failed_build_leaves_the_cache_as_it_was(corpus: tuple[Path, Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.dump

    root, src = corpus
    out = _copy(root, "failed")
    before = tree(out)
    calls = 0
    real = kg.dump.DumpWriter.write_chunk

    def failing(self: kg.dump.DumpWriter, name: str, chunk: kg.dump.Chunk,
                shared: bool) -> None:
        nonlocal calls
        calls += 1
        if calls == 40:  # after the first changed file was built and staged
            assert list((out / "cache").glob(".new-*/*"))
            raise KeyboardInterrupt
        real(self, name, chunk, shared)

    monkeypatch.setattr(kg.dump.DumpWriter, "write_chunk", failing)
    with pytest.raises(KeyboardInterrupt):
        build(make_settings(out, [src]))
    assert calls == 40
    assert tree(out) == before  # no staged entry, no entry pruned, dumps untouched


def test_a_killed_builds_staging_folder_is_removed_by_the_next(
        corpus: tuple[Path, Path]) -> None:
    root, src = corpus
    out = _copy(root, "killed")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process id that no longer runs, as a killed build's
    stale = out / "cache" / f".new-{gone.pid}"
    stale.mkdir()
    (stale / ("0" * 64)).write_bytes(b"half an entry")
    build(make_settings(out, [src]))
    assert not stale.exists()


def test_the_cache_holds_only_what_the_latest_build_used(corpus: tuple[Path, Path]) -> None:
    root, src = corpus
    out = _copy(root, "pruned")
    one = src / "0000" / "bench-0000000.txt"
    result = build(make_settings(out, [one]))
    assert _built(result) == (1, 1, 0)  # another name in the build (so another article id)
    assert len(list(BuildCache(out / "cache", "", []).iter_entries())) == 1


def test_an_outcome_of_other_bytes_is_not_kept(corpus: tuple[Path, Path]) -> None:
    root, _ = corpus
    from kg.ingest import InputFile

    entry = next(BuildCache(root / "out" / "cache", "", []).iter_entries())
    outcome = decode(entry.read_bytes())
    a = outcome.articles[0].mapped.article
    path = root / "src" / a.source
    source = InputFile(path, a.source)
    from kg.cache import sidecar_digest

    side = sidecar_digest(path)
    assert cacheable(outcome, FileKey(entry.name, a.source_sha256, side), source)
    assert not cacheable(outcome, FileKey(entry.name, "0" * 64, side), source)
    assert not cacheable(outcome, FileKey(entry.name, a.source_sha256, "0" * 64), source)


def test_no_cache_option(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write(3, src)
    out = tmp_path / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    cmd = [sys.executable, "-m", "kg", "build", str(src), "-o", str(out), "--base-iri", TEST_BASE,
           "-q"]
    done = subprocess.run([*cmd, "--no-cache"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not (out / "cache").exists()
    assert json.loads((out / "report.json").read_text())["cache"] is None
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "3 files built, 0 from the cache" in done.stdout
    done = subprocess.run(cmd, cwd=ROOT, env=env | {"KG_CACHE": "0"}, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0 and "from the cache" not in done.stdout
    kept = [p for p in (out / "cache").rglob("*") if p.is_file()]
    assert len(kept) == 3  # the setting kept the cache as it was


# ---------------------------------------------------------------- the store follows
def _quads(path: Path) -> set[ox.Quad]:
    store = open_read_only(path)
    try:
        return set(store.quads_for_pattern(None, None, None, None))
    finally:
        del store


def test_the_store_reloads_only_the_changed_graphs(corpus: tuple[Path, Path]) -> None:
    root, src = corpus
    out = _copy(root, "store")
    settings = make_settings(out, [src])
    first = ensure_store(settings)
    assert first.graphs_loaded is None  # no store before: loaded whole from kg.nq
    build(settings)
    again = ensure_store(settings)
    # the two changed articles, the two new ones, and the shared graphs whose files changed
    # (prov names the new run); the other 28 article graphs stay as they were
    assert again.graphs_loaded is not None and 4 <= again.graphs_loaded <= 7
    assert again.path != first.path and not first.path.exists()
    whole = out / "whole"
    load(whole, settings.dumps_dir / "kg.nq")
    assert again.quads == len(_quads(whole)) and _quads(again.path) == _quads(whole)


def test_a_store_without_its_list_of_graphs_is_loaded_whole(corpus: tuple[Path, Path]) -> None:
    root, src = corpus
    out = _copy(root, "store-no-list")
    settings = make_settings(out, [src])
    first = ensure_store(settings)
    (first.path / "kg-graphs.json").unlink()
    build(settings)
    again = ensure_store(settings)
    assert again.graphs_loaded is None
    whole = out / "whole"
    load(whole, settings.dumps_dir / "kg.nq")
    assert _quads(again.path) == _quads(whole)


def test_a_build_that_publishes_nothing_keeps_the_entries_and_adds_its_own(
        corpus: tuple[Path, Path]) -> None:
    root, src = corpus
    out = _copy(root, "unpublished")
    build(make_settings(out, [src]))
    before = {p.name for p in BuildCache(out / "cache", "", []).iter_entries()}
    bad = src / "0000" / "broken.txt"
    bad.write_bytes(b"\x00\x01")  # rejected: the build publishes nothing
    new = src / "0000" / "bench-0000001.txt"
    original = new.read_text(encoding="utf-8")
    try:
        new.write_text(original.replace("on Thursday", "on Friday"), encoding="utf-8")
        failed = build(make_settings(out, [src]))
        assert failed.exit_code == 1 and not failed.published and _built(failed)[0] == 2
        after = {p.name for p in BuildCache(out / "cache", "", []).iter_entries()}
        assert after > before and len(after - before) == 1  # the edited article's entry
        bad.unlink()
        fixed = build(make_settings(out, [src]))
        assert fixed.published and _built(fixed) == (0, 0, FILES + 2)
        pruned = {p.name for p in BuildCache(out / "cache", "", []).iter_entries()}
        assert len(pruned) == FILES + 2 and pruned < after
    finally:
        bad.unlink(missing_ok=True)
        new.write_text(original, encoding="utf-8")


@pytest.mark.slow
def test_the_incremental_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    """benchmarks/incremental.py keeps working (figures printed, never asserted)."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.incremental", "--size", "12", "--changed", "2",
         "--added", "2", "--workers", "1", "--work", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "dumps byte-identical: True" in done.stdout
    row = next(x for x in done.stdout.splitlines() if "incremental |" in x)
    assert row.split("|")[4:7] == [" 4 ", " 4 ", " 9 "]  # files and articles built, reused
