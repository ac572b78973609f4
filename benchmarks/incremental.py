"""The incremental rebuild against a full build (issue 14, item 3).

    python -m benchmarks.incremental --size 1000 --changed 10 --added 10 --workers 2

Generates ``size + added`` synthetic articles (``benchmarks/corpus.py``) and keeps ``added``
plain-text ones aside; builds the rest with ``kg build`` (the cache filled), loads the store;
then edits ``changed`` articles' text, puts the ``added`` ones in, and:

  incremental  rebuilds into the same folder (files built and reused, from report.json), then
               makes the store follow (graphs reloaded);
  full         builds the same corpus into a fresh folder with ``--no-cache``, and loads its
               store whole;

and checks that the two publish byte-identical dumps (SOURCE_DATE_EPOCH pinned, as the tests
do). Prints a Markdown table: wall seconds (the process, with its start-up), the seconds the
workers spent (the work done: read, extract, map, validate, serialize), files and articles built.
Nothing is asserted but the identity; the figures are what this run measured.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import write
from benchmarks.run import machine, table

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"


def corpus(work: Path, size: int, added: int) -> tuple[Path, list[Path]]:
    """``size`` articles in ``work/src``; ``added`` more plain-text ones (with their sidecars)
    in ``work/later``, to be put in after the first build."""
    src, later = work / "src", work / "later"
    shutil.rmtree(src, ignore_errors=True)
    shutil.rmtree(later, ignore_errors=True)
    write(size + added, src)
    later.mkdir()
    texts = sorted(src.rglob("*.txt"))[-added:] if added else []
    for t in texts:
        for f in (t, t.with_name(t.stem + ".meta.json")):
            target = later / f.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            f.rename(target)
    return src, texts


def change(src: Path, n: int) -> list[Path]:
    """Edit one sentence of the first ``n`` plain-text articles."""
    changed: list[Path] = []
    for t in sorted(src.rglob("*.txt")):
        if len(changed) == n:
            break
        text = t.read_text(encoding="utf-8")
        if "on Tuesday" in text:
            t.write_text(text.replace("on Tuesday", "on Thursday"), encoding="utf-8")
            changed.append(t)
    assert len(changed) == n, f"only {len(changed)} articles to change"
    return changed


def kg_build(src: Path, out: Path, workers: int, *extra: str) -> dict[str, Any]:
    """``kg build``; its wall seconds and its report."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "build", str(src), "-o", str(out), "-q",
                    "--workers", str(workers), *extra], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    report: dict[str, Any] = json.loads((out / "report.json").read_text())
    report["wall"] = wall
    return report


def load_store(out: Path) -> tuple[float, int | None]:
    from kg.config import Settings
    from kg.store import ensure_store

    t0 = time.perf_counter()
    info = ensure_store(Settings(out_dir=out))
    return time.perf_counter() - t0, info.graphs_loaded


def dumps(out: Path) -> dict[str, bytes]:
    d = (out / "dumps").resolve()
    return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*"))
            if p.is_file()}


def worker_seconds(report: dict[str, Any]) -> float:
    return float(sum(v for k, v in report["seconds"].items() if k.startswith("worker_")))


def run(size: int, changed: int, added: int, workers: int, work: Path) -> str:
    src, texts = corpus(work, size, added)
    inc, full = work / "incremental", work / "full"
    shutil.rmtree(inc, ignore_errors=True)
    shutil.rmtree(full, ignore_errors=True)
    first = kg_build(src, inc, workers)
    first_store, _ = load_store(inc)
    change(src, changed)
    for t in texts:
        for f in (t, t.with_name(t.stem + ".meta.json")):
            (work / "later" / f.relative_to(src)).rename(f)
    again = kg_build(src, inc, workers)
    again_store, graphs = load_store(inc)
    whole = kg_build(src, full, workers, "--no-cache")
    whole_store, _ = load_store(full)
    filled = work / "filled"
    shutil.rmtree(filled, ignore_errors=True)
    filling = kg_build(src, filled, workers)  # the same, filling an empty cache
    same = dumps(inc) == dumps(full) == dumps(filled)
    if not same:
        raise SystemExit("the incremental rebuild's dumps differ from the full build's")
    rows = []
    for what, r, store, loaded in (
            (f"first build of {size:,} (cache filled)", first, first_store, "whole (kg.nq)"),
            (f"rebuild, {changed} changed + {added} added, incremental", again, again_store,
             f"{graphs} graphs"),
            ("the same corpus, full build (--no-cache)", whole, whole_store, "whole (kg.nq)"),
            ("the same corpus, full build filling an empty cache", filling, None, "")):
        c = r["cache"] or {}
        rows.append([what, f"{r['wall']:.1f}", f"{worker_seconds(r):.1f}",
                     c.get("built", r["files"]), c.get("articles_built", r["articles_read"]),
                     c.get("reused", 0), r["built"], "" if store is None else f"{store:.1f}",
                     loaded])
    head = ["build", "wall s", "worker s", "files built", "articles built", "files reused",
            "articles published", "store s", "store loaded"]
    stages = sorted(k for k in whole["seconds"] if k.startswith("worker_"))
    per_stage = ", ".join(f"{k[len('worker_'):]} {again['seconds'].get(k, 0):.2f} / "
                          f"{whole['seconds'][k]:.2f}" for k in stages)
    ratio = worker_seconds(again) / max(worker_seconds(whole), 1e-9)
    size_mb = sum(p.stat().st_size for p in (inc / "cache").rglob("*") if p.is_file()) / 1e6
    dumps_mb = sum(len(b) for b in dumps(full).values()) / 1e6
    return "\n".join([
        table(head, rows), "",
        f"Incremental rebuild: {again['wall']:.1f} s against {whole['wall']:.1f} s for the full "
        f"build ({again['wall'] / whole['wall']:.2f}x); worker time {ratio:.3f}x "
        f"(the work of {again['cache']['articles_built']} articles of "
        f"{whole['articles_read']}); dumps byte-identical: {same}.",
        f"Worker seconds per stage, incremental / full: {per_stage} (each worker's first "
        "article also loads the model, in extract).",
        f"Cache: {size_mb:.0f} MB for {whole['files']} files (the dumps: {dumps_mb:.0f} MB).",
        "", f"Machine: {machine()}; kg build --workers {workers}."])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=int, default=1000, help="articles in the first build")
    p.add_argument("--changed", type=int, default=10, help="articles edited before the rebuild")
    p.add_argument("--added", type=int, default=10, help="articles added before the rebuild")
    p.add_argument("--workers", type=int, default=2, help="kg build --workers")
    p.add_argument("--work", type=Path, default=Path("bench-work/incremental"),
                   help="scratch folder")
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print(run(args.size, args.changed, args.added, args.workers, args.work))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
