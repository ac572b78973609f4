"""Fault injection (issue 12): a build or a store load killed at any moment, a full disk, or an
output folder kg cannot write to leaves the previous dumps and store exactly as they were, and
the next build publishes and removes whatever the dead one left behind.

Named points are reached through the test hook ``KG_FAULT_POINT`` (``kg.dump.fault_point``): the
process kills itself with SIGKILL there. Other kills come at a spread of moments while the build
writes its release.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.pipeline import build
from kg.store import ensure_store, open_read_only
from tests.conftest import ROOT, TEST_BASE, make_settings
from tests.test_build_safety import tree, write_corpus

EPOCH = "1700000000"  # the tests' SOURCE_DATE_EPOCH (make_settings): byte-identical builds


# ---------------------------------------------------------------- what "as they were" means
def dumps_state(out: Path) -> tuple[str, dict[str, object]]:
    """The dumps link's target and every entry of the release it points to, byte for byte."""
    link = out / "dumps"
    return os.readlink(link), tree(link.resolve())


def store_state(out: Path) -> tuple[str, dict[str, object]]:
    link = out / "store"
    return os.readlink(link), tree(link.resolve())


def release_files(dumps: Path) -> dict[str, object]:
    return tree(dumps.resolve())


def store_quads(out: Path) -> int:
    """The store answers a query (opened read-only, as a query worker opens it)."""
    store = open_read_only((out / "store").resolve())
    try:
        rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(rows, ox.QuerySolutions)
        [row] = list(rows)
        n = row["n"]
        assert isinstance(n, ox.Literal)
        return int(n.value)
    finally:
        del store


def assert_clean(out: Path) -> None:
    """Nothing left but one release, one store, their links and the report: no staging folder,
    temporary link or build index of a dead build."""
    assert sorted(p.name for p in out.iterdir()) == [
        ".releases", ".stores", "cache", "dumps", "report.json", "store"]
    assert not list((out / "cache").glob(".new-*"))  # no entries staged by a dead build
    assert [p.name for p in (out / ".releases").iterdir()] == [(out / "dumps").resolve().name]
    assert [p.name for p in (out / ".stores").iterdir()] == [(out / "store").resolve().name]


@dataclass(frozen=True)
class Origin:
    good: Path  # an output folder with a good build of two articles and its store
    stale: Path  # the same, then a build of `new` published: its store not yet reloaded
    new: Path  # a corpus of three other articles
    reference: dict[str, object]  # the release a build of `new` publishes
    new_quads: int
    good_quads: int


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Origin:
    root = tmp_path_factory.mktemp("faults")
    good = make_settings(root / "good", [root / "good-corpus"])
    write_corpus(root / "good-corpus", 2)
    new = root / "new-corpus"
    write_corpus(new, 3, seed=99)
    assert build(good).exit_code == 0
    good_quads = ensure_store(good).quads
    reference = make_settings(root / "reference", [new])
    assert build(reference).exit_code == 0
    new_quads = ensure_store(reference).quads
    shutil.copytree(good.out_dir, root / "stale", symlinks=True)
    assert build(make_settings(root / "stale", [new])).exit_code == 0
    return Origin(good.out_dir, root / "stale", new, release_files(reference.dumps_dir),
                  new_quads, good_quads)


def copy_of(folder: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(folder, out, symlinks=True)
    return out


def kg_build(out: Path, src: Path, fault: str | None = None, *extra: str,
             **popen: object) -> subprocess.Popen[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    env.pop("KG_FAULT_POINT", None)
    if fault:
        env["KG_FAULT_POINT"] = fault
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "kg", "build", str(src), "-o", str(out), "--base-iri", TEST_BASE,
         "--workers", "1", "-q", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
        start_new_session=True, **popen)


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    return proc.returncode, err


def next_build_publishes(out: Path, origin: Origin) -> None:
    """A normal build after the kill publishes the new corpus, byte for byte as a build into a
    fresh folder does, and the store follows; nothing the dead process left survives."""
    settings = make_settings(out, [origin.new])
    assert build(settings).exit_code == 0
    assert release_files(settings.dumps_dir) == origin.reference
    assert ensure_store(settings).quads == origin.new_quads
    assert store_quads(out) == origin.new_quads
    assert_clean(out)


# ---------------------------------------------------------------- SIGKILL at named points
BEFORE_SWAP = ["index-open", "dump-staging", "dump-article", "dump-streams-closed",
               "dump-before-rename", "dump-renamed", "dump-link-made"]


@pytest.mark.slow
@pytest.mark.parametrize("point", [*BEFORE_SWAP, "dump-swapped"])
def test_a_build_killed_at_any_point_leaves_the_dumps_whole(
        origin: Origin, tmp_path: Path, point: str) -> None:
    out = copy_of(origin.good, tmp_path)
    dumps, store = dumps_state(out), store_state(out)
    code, err = finish(kg_build(out, origin.new, point))
    assert code == -signal.SIGKILL, f"the build never reached {point}: {err}"
    if point in BEFORE_SWAP:
        assert dumps_state(out) == dumps  # the same link, every file byte for byte
    else:  # killed once the new release was linked: it is whole
        assert os.readlink(out / "dumps") != dumps[0]
        assert release_files(out / "dumps") == origin.reference
    assert store_state(out) == store  # a build never touches the store
    assert store_quads(out) == origin.good_quads
    next_build_publishes(out, origin)


@pytest.mark.slow
def test_what_a_killed_build_leaves_behind_is_removed_by_the_next(
        origin: Origin, tmp_path: Path) -> None:
    """A build killed while writing leaves its staging release and its build index; one killed
    during the swap, a whole release never linked and its temporary link. The next build (even
    one killed in turn) removes them."""
    out = copy_of(origin.good, tmp_path)
    dumps = dumps_state(out)

    def left() -> set[str]:
        names = {p.name for p in out.iterdir()} | {p.name for p in (out / ".releases").iterdir()}
        return names - {".releases", ".stores", "dumps", "store", "report.json", "cache",
                        Path(dumps[0]).name}

    proc = kg_build(out, origin.new, "dump-article")
    assert finish(proc)[0] == -signal.SIGKILL
    assert left() == {f".kg-index-{proc.pid}.sqlite", *(p.name for p in (out / ".releases").glob(
        f"*-{proc.pid}.tmp"))} and len(left()) == 2, left()
    proc = kg_build(out, origin.new, "dump-link-made")
    assert finish(proc)[0] == -signal.SIGKILL
    assert left() == {f".dumps.{proc.pid}.tmp", *(p.name for p in (out / ".releases").glob(
        f"*-{proc.pid}"))} and len(left()) == 2, left()
    assert dumps_state(out) == dumps
    next_build_publishes(out, origin)


# ---------------------------------------------------------------- SIGKILL at moments in time
@pytest.mark.slow
def test_a_build_killed_at_a_spread_of_moments_leaves_the_dumps_whole(
        origin: Origin, tmp_path: Path) -> None:
    """Kills spread over the time the build writes its release (from its first article graph
    to its exit, timed on a build left to finish), each followed by the next build."""

    def first_article(out: Path, proc: subprocess.Popen[str]) -> float:
        deadline = time.monotonic() + 120
        while not list(out.glob(".releases/*.tmp/graphs/article-*")):
            assert proc.poll() is None and time.monotonic() < deadline, "no article written"
            time.sleep(0.002)
        return time.monotonic()

    out = copy_of(origin.good, tmp_path)
    proc = kg_build(out, origin.new)
    t = first_article(out, proc)
    assert finish(proc)[0] == 0
    span = time.monotonic() - t
    outcomes = []
    for i, fraction in enumerate((0.0, 0.25, 0.5, 0.75, 0.95)):
        out = copy_of(origin.good, tmp_path / str(i))
        dumps = dumps_state(out)
        proc = kg_build(out, origin.new)
        t = first_article(out, proc)
        time.sleep(max(0.0, t + fraction * span - time.monotonic()))
        proc.send_signal(signal.SIGKILL)
        code, err = finish(proc)
        if code == 0:  # it ended first: published
            assert release_files(out / "dumps") == origin.reference, err
            outcomes.append("finished")
        elif os.readlink(out / "dumps") == dumps[0]:
            assert dumps_state(out) == dumps
            outcomes.append("kept")
        else:  # killed after the swap
            assert release_files(out / "dumps") == origin.reference
            outcomes.append("swapped")
        next_build_publishes(out, origin)
    assert outcomes[0] == "kept", outcomes  # the first kill comes while articles are written


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_build_with_workers_killed_leaves_the_dumps_whole_and_no_process(
        origin: Origin, tmp_path: Path) -> None:
    """SIGKILL reaches the build process only: its workers see it gone and exit."""
    from tests.test_build_safety import _session

    out = copy_of(origin.good, tmp_path)
    dumps, store = dumps_state(out), store_state(out)
    proc = kg_build(out, origin.new, None, "--workers", "2")
    deadline = time.monotonic() + 120
    while not list(out.glob(".releases/*.tmp/graphs/article-*")):
        assert proc.poll() is None and time.monotonic() < deadline, "no article written"
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    assert finish(proc)[0] == -signal.SIGKILL
    sent = time.monotonic()
    try:
        while _session(proc.pid) and time.monotonic() - sent < 5:
            time.sleep(0.05)
        assert _session(proc.pid) == [], "a worker outlived the killed build by 5 s"
    finally:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert dumps_state(out) == dumps and store_state(out) == store
    next_build_publishes(out, origin)


# ---------------------------------------------------------------- SIGKILL while loading the store
STORE_POINTS = ["store-created", "store-mid-load", "store-loaded", "store-renamed",
                "store-link-made", "store-swapped"]
LOAD = ("import sys; from pathlib import Path; from kg.config import Settings; "
        "from kg.store import ensure_store; "
        "ensure_store(Settings.from_env(out_dir=Path(sys.argv[1])))")


@pytest.mark.parametrize("point", STORE_POINTS)
def test_a_store_load_killed_at_any_point_leaves_the_store_whole(
        origin: Origin, tmp_path: Path, point: str) -> None:
    out = copy_of(origin.stale, tmp_path)  # new dumps, the store still of the previous ones
    dumps, store = dumps_state(out), store_state(out)
    env = {**os.environ, "KG_FAULT_POINT": point}
    done = subprocess.run([sys.executable, "-c", LOAD, str(out)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)
    assert done.returncode == -signal.SIGKILL, f"the load never reached {point}: {done.stderr}"
    assert dumps_state(out) == dumps
    if point != "store-swapped":
        assert store_state(out) == store
        assert store_quads(out) == origin.good_quads
    else:  # killed once the new store was linked: it is whole
        assert store_quads(out) == origin.new_quads
    assert point == "store-created" or any((out / ".stores").glob("*.tmp")) or point in (
        "store-renamed", "store-link-made", "store-swapped")
    # the next load (as `kg serve` makes it) loads the new dumps and removes what was left
    assert ensure_store(make_settings(out, [origin.new])).quads == origin.new_quads
    assert store_quads(out) == origin.new_quads
    assert_clean(out)


# ---------------------------------------------------------------- a full disk
def one_error_line(err: str, out: Path, *reasons: str) -> str:
    assert "Traceback" not in err, err
    [line] = [x for x in err.splitlines() if x.strip()]
    assert line.startswith("kg build: ") and str(out) in line, line
    assert any(r in line.lower() for r in reasons), line
    return line


def _limit_file_size(limit: int) -> None:
    """In the child: writes past ``limit`` bytes fail with EFBIG instead of killing it."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.parametrize("limit", [4_096, 60_000], ids=["at-once", "mid-build"])
def test_a_file_size_limit_ends_the_build_with_one_line_and_the_dumps_whole(
        origin: Origin, tmp_path: Path, limit: int) -> None:
    out = copy_of(origin.good, tmp_path)
    before = {k: v for k, v in tree(out).items() if k != "report.json"}
    code, err = finish(kg_build(out, origin.new, None,
                                preexec_fn=lambda: _limit_file_size(limit)))
    assert code == 2, err
    line = one_error_line(err, out, "file too large")
    if limit > 4_096:  # past the build index (SQLite, whose errors say less): in the dumps
        assert "the previous dumps are left as they were" in line
    assert {k: v for k, v in tree(out).items() if k != "report.json"} == before
    next_build_publishes(out, origin)


@contextmanager
def mounted(target: Path, *steps: list[str]) -> Iterator[None]:
    """``mount STEP... TARGET`` for each step, unmounted after the test; or a skip saying why
    it cannot be (mounting needs root and a kernel that lets this container mount)."""
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    for i, args in enumerate(steps):
        done = subprocess.run(["mount", *args, str(target)], capture_output=True, text=True)
        if done.returncode != 0:
            if i:
                subprocess.run(["umount", str(target)], capture_output=True, check=True)
            pytest.skip(f"cannot mount ({done.stderr.strip() or done.returncode})")
    try:
        yield
    finally:
        subprocess.run(["umount", str(target)], capture_output=True, check=True)


def test_a_full_disk_ends_the_build_with_one_line_and_the_dumps_whole(
        origin: Origin, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    with mounted(disk, ["-t", "tmpfs", "-o", "size=16m", "tmpfs"]):
        out = copy_of(origin.good, disk)
        before = {k: v for k, v in tree(out).items() if k != "report.json"}
        filler = disk / "filler"
        with filler.open("wb") as f:  # fill the disk to its last byte
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        code, err = finish(kg_build(out, origin.new))
        assert code == 2, err
        one_error_line(err, out, "no space left", "disk is full")
        assert {k: v for k, v in tree(out).items() if k != "report.json"} == before
        filler.unlink()
        next_build_publishes(out, origin)


# ---------------------------------------------------------------- an output folder kg cannot use
@contextmanager
def immutable(folder: Path) -> Iterator[None]:
    if shutil.which("chattr") is None:
        pytest.skip("no chattr command")
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i not supported here ({done.stderr.strip()})")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True, check=True)


@pytest.mark.parametrize("how", ["read-only-mount", "immutable"])
def test_a_read_only_output_folder_ends_the_build_with_one_line_and_the_dumps_whole(
        origin: Origin, tmp_path: Path, how: str) -> None:
    """As root, chmod does not stop a write: a read-only bind mount of the output folder, or
    the folder made immutable (chattr +i: nothing can be added to it, its subfolders stay
    writable, so the build gets further before it fails)."""
    out = copy_of(origin.good, tmp_path)
    before = {k: v for k, v in tree(out).items() if k != "report.json"}
    if how == "read-only-mount":
        with mounted(out, ["--bind", str(out)], ["-o", "remount,ro,bind"]):
            code, err = finish(kg_build(out, origin.new))
    else:
        with immutable(out):
            code, err = finish(kg_build(out, origin.new))
    assert code == 2, err
    one_error_line(err, out, "read-only file system", "operation not permitted")
    assert {k: v for k, v in tree(out).items() if k != "report.json"} == before
    next_build_publishes(out, origin)


@pytest.mark.parametrize("where", ["a regular file", "under /proc"])
def test_an_output_path_kg_cannot_make_a_folder_of_is_one_line_and_exit_2(
        origin: Origin, tmp_path: Path, where: str) -> None:
    if where == "a regular file":
        out = tmp_path / "out"
        out.write_text("not a folder\n")
    else:
        if not Path("/proc/self").is_dir():
            pytest.skip("needs Linux /proc")
        out = Path("/proc/kg-fault-injection/out")
    code, err = finish(kg_build(out, origin.new))
    assert code == 2, err
    assert "Traceback" not in err, err
    [line] = [x for x in err.splitlines() if x.strip()]
    assert line.startswith("kg build: ") and str(out) in line, line
    if where == "a regular file":
        assert out.read_text() == "not a folder\n"
