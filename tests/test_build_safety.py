"""A build never leaves the published dumps worse off (issue 12).

A build that publishes nothing, or less than it was asked to, leaves the dumps and the store
exactly as they were (unless --publish-partial); Ctrl-C or SIGTERM during a build with workers
ends within seconds, with no traceback, no process and no temporary file left behind.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.config import Settings
from kg.pipeline import build
from kg.store import ensure_store
from tests.conftest import KG_IN_FOREGROUND, ROOT, TEST_BASE, make_settings

# ---------------------------------------------------------------- a corpus written here
PEOPLE = [("Maria Lindqvist", "the mayor of Northfield"), ("Tomas Okafor", "a harbor engineer"),
          ("Helen Brandt", "the finance minister"), ("Ravi Menon", "a spokesman for the council"),
          ("Agnes Kowalczyk", "a retired teacher"), ("Samuel Achebe", "the union leader")]
ORGS = ["the Northfield Council", "the Harbor Authority", "the Ministry of Finance",
        "the Teachers Union", "the Regional Transport Board"]
TOPICS = ["the new bridge", "the school budget", "the ferry timetable", "the water tax",
          "the flood barrier", "the night bus service"]
SENTENCES = [
    '"We will finish {topic} before winter," said {name}, {role}.',
    '{name}, {role}, said {org} had not been told about {topic}.',
    'An official who spoke on condition of anonymity said {topic} would cost more than planned.',
    '{org} declined to comment on {topic} when asked on Tuesday.',
    '"Nobody asked the people who live here," {name} told reporters.',
    'According to {org}, {topic} was discussed at a meeting last week.',
    'Residents gathered outside the town hall to talk about {topic}.',
    'The plan for {topic} was first announced in the spring.',
]


def write_corpus(folder: Path, n: int, seed: int = 12) -> list[Path]:
    """``n`` short news articles (plain text: headline, blank line, paragraphs)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        topic = rng.choice(TOPICS)
        lines = [f"Council debates {topic} in session {i}", ""]
        for _ in range(3):
            paragraph = []
            for _ in range(4):
                name, role = rng.choice(PEOPLE)
                paragraph.append(rng.choice(SENTENCES).format(
                    name=name, role=role, org=rng.choice(ORGS), topic=rng.choice(TOPICS)))
            lines += [" ".join(paragraph), ""]
        path = folder / f"story-{i:04d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- what "as they were" means
def tree(folder: Path) -> dict[str, object]:
    """Every entry under ``folder``, symlinks not followed: a file's bytes, a link's target,
    a folder as such (so a stray empty staging folder counts too)."""
    out: dict[str, object] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = Path(root) / name
            rel = p.relative_to(folder).as_posix()
            if p.is_symlink():
                out[rel] = ("link", os.readlink(p))
            elif p.is_dir():
                out[rel] = ("dir",)
            else:
                out[rel] = p.read_bytes()
    return out


def published_tree(folder: Path) -> dict[str, object]:
    """The tree without report.json, which every finished build rewrites to describe itself, and
    the build cache, to which a finished build adds its entries even when it publishes nothing
    (tests/test_incremental.py: it never removes the published build's)."""
    return {k: v for k, v in tree(folder).items()
            if k != "report.json" and k.split("/")[0] != "cache"}


@pytest.fixture
def published(tmp_path: Path) -> Settings:
    """An output folder holding a good build of two articles and the store loaded from it."""
    settings = make_settings(tmp_path / "out", write_corpus(tmp_path / "good", 2))
    assert build(settings).exit_code == 0
    ensure_store(settings)
    return settings


def kg(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **(env or {})})


# ---------------------------------------------------------------- failed builds publish nothing
@pytest.mark.parametrize("case", ["empty folder", "mistyped path", "only bad input"])
def test_a_build_of_nothing_leaves_the_previous_dumps_and_store_as_they_were(
        published: Settings, tmp_path: Path, case: str) -> None:
    before = published_tree(published.out_dir)
    target = tmp_path / "input"
    if case == "empty folder":
        target.mkdir()
    elif case == "only bad input":
        target.mkdir()
        (target / "empty.txt").write_bytes(b"")
        (target / "binary.txt").write_bytes(b"\x00\x01\x02")
    # a build of no article never publishes, not even with --publish-partial
    for extra in ([], ["--publish-partial"]):
        done = kg("build", target, "-o", published.out_dir, "--base-iri", TEST_BASE, "-q", *extra)
        assert done.returncode == 2, done.stderr
        assert published_tree(published.out_dir) == before
        [line] = [x for x in done.stderr.splitlines() if "left as they were" in x]
        assert line.startswith("kg build: ") and str(published.dumps_dir) in line
        report = json.loads(published.report_path.read_text())  # describes the failed build
        assert report["built"] == 0 and report["published"] is False
        assert len(report["rejections"]) == (0 if case == "empty folder" else
                                             1 if case == "mistyped path" else 2)


def test_a_partly_bad_build_publishes_only_with_publish_partial(
        published: Settings, tmp_path: Path) -> None:
    before = published_tree(published.out_dir)
    src = tmp_path / "mixed"
    write_corpus(src, 3, seed=5)
    (src / "empty.txt").write_bytes(b"")
    done = kg("build", src, "-o", published.out_dir, "--base-iri", TEST_BASE, "-q")
    assert done.returncode == 1, done.stderr
    assert published_tree(published.out_dir) == before
    assert (f"kg build: 1 rejected; previous dumps in {published.dumps_dir} left as they were; "
            "use --publish-partial to publish the rest") in done.stderr
    report = json.loads(published.report_path.read_text())
    assert report["built"] == 3 and report["published"] is False

    done = kg("build", src, "-o", published.out_dir, "--base-iri", TEST_BASE, "-q",
              "--publish-partial")
    assert done.returncode == 1 and "left as they were" not in done.stderr, done.stderr
    assert os.readlink(published.dumps_dir) != before["dumps"][1]  # type: ignore[index]
    nq = (published.dumps_dir / "kg.nq").read_text()
    assert "article/story-0002>" in nq and "article/empty>" not in nq
    assert json.loads(published.report_path.read_text())["published"] is True


def test_the_publish_partial_setting_is_read_from_the_environment(tmp_path: Path) -> None:
    assert Settings.from_env({"KG_PUBLISH_PARTIAL": "1"}).publish_partial is True
    assert Settings.from_env({}).publish_partial is False
    src = tmp_path / "mixed"
    write_corpus(src, 1)
    (src / "empty.txt").write_bytes(b"")
    settings = make_settings(tmp_path / "out", [src])
    assert build(settings).published is False and not settings.dumps_dir.exists()
    result = build(settings.with_(publish_partial=True))
    assert result.published and result.exit_code == 1 and settings.dumps_dir.is_dir()


def test_staging_left_by_a_killed_build_is_removed_by_the_next(published: Settings) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process id that no longer runs, as a killed build's
    stale = published.out_dir / ".releases" / f"{time.time_ns()}-{gone.pid}.tmp"
    (stale / "graphs").mkdir(parents=True)
    (stale / "kg.nq").write_bytes(b"half a dump")
    assert build(published).exit_code == 0
    assert not stale.exists()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_worker_that_cannot_load_the_shapes_ends_the_build_with_the_reason(
        published: Settings, tmp_path: Path, workers: str) -> None:
    """A source checkout whose shapes file a user broke while editing it: a worker's start-up
    fails. The pool used to start a new worker in its place, failing the same way, for ever."""
    import shutil

    checkout = tmp_path / "checkout"
    for part in ("kg", "ontology", "shapes"):
        shutil.copytree(ROOT / part, checkout / part,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (checkout / "shapes" / "nkg-shapes.ttl").write_text("@prefix sh: <broken\n")
    before = published_tree(published.out_dir)
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(write_corpus(tmp_path / "in", 6)[0].parent),
         "-o", str(published.out_dir), "--base-iri", TEST_BASE, "--workers", workers,
         "--no-cache", "-q"],
        capture_output=True, text=True, cwd=checkout, timeout=60,
        env={**os.environ, "PYTHONPATH": str(checkout)})
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "cannot read shapes or ontology" in done.stderr.splitlines()[0]
    assert published_tree(published.out_dir) == before


# ---------------------------------------------------------------- interruption
def _session(sid: int) -> list[tuple[int, str]]:
    """Processes (pid, state) of a session that have not exited; a zombie has exited and only
    waits for init to collect its status."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append((int(entry.name), fields[0]))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(("sig", "code", "to", "workers"), [
    # Ctrl-C in a terminal: the build and its workers get it
    pytest.param(signal.SIGINT, 130, "group", 2, id="ctrl-c-2-workers"),
    pytest.param(signal.SIGINT, 130, "group", 1, id="ctrl-c-1-worker"),
    pytest.param(signal.SIGTERM, 143, "process", 2, id="kill-pid-2-workers"),
    # a service manager stopping the whole process group
    pytest.param(signal.SIGTERM, 143, "group", 2, id="sigterm-group-2-workers"),
])
def test_an_interrupted_build_ends_fast_and_leaves_nothing_behind(
        published: Settings, tmp_path: Path, sig: signal.Signals, code: int, to: str,
        workers: int) -> None:
    src = tmp_path / "corpus"
    write_corpus(src, 400)
    before = tree(published.out_dir)  # report.json too: an interrupted build writes none
    tmp = tmp_path / "tmp"  # multiprocessing's own temporary files go here
    tmp.mkdir()
    proc = subprocess.Popen(
        [*KG_IN_FOREGROUND, "build", str(src), "-o", str(published.out_dir),
         "--base-iri", TEST_BASE, "--workers", str(workers), "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp)}, start_new_session=True)
    try:
        # mid-build: articles are being written into the staging release
        deadline = time.monotonic() + 120
        while len(list(published.out_dir.glob(".releases/*.tmp/graphs/article-*"))) < 10:
            assert proc.poll() is None, f"the build ended before it was interrupted: {proc.stderr}"
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.05)
        assert len(_session(proc.pid)) >= (1 if workers == 1 else 1 + workers)
        sent = time.monotonic()
        (os.killpg if to == "group" else os.kill)(proc.pid, sig)
        _, err = proc.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == code, err
    assert took < 5, f"{took:.1f} s to stop"
    assert "Traceback" not in err, err
    assert "left as they were" in err
    while _session(proc.pid) and time.monotonic() - sent < 5:  # orphans see the parent go
        time.sleep(0.05)
    assert _session(proc.pid) == [], "a process of the build survived it"
    assert tree(published.out_dir) == before  # no staging release, index or link left
    assert list(tmp.iterdir()) == []
