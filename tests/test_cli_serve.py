"""The README's main command: `kg serve DIR` builds the seeds when nothing is built, then serves."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import KG_IN_FOREGROUND, SEEDS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_builds_first_then_serves_and_reuses_the_store(tmp_path: Path) -> None:
    port = _free_port()
    out = tmp_path / "out"
    env = {**os.environ, "KG_INPUTS": str(SEEDS), "SOURCE_DATE_EPOCH": "1700000000"}
    cmd = [sys.executable, "-m", "kg", "serve", str(out), "--port", str(port)]
    for attempt in range(2):  # the second start finds the build and the store and reuses them
        proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 120
            health = None
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json()
                    break
                except httpx.HTTPError:
                    time.sleep(0.5)
            assert health is not None, (
                proc.stderr.read() if proc.poll() is not None else "no answer"
            )
            assert health["triples"] > 1000
            r = httpx.get(
                f"http://127.0.0.1:{port}/sparql",
                params={"query": "ASK { ?s a <https://schema.org/NewsArticle> }"},
            )
            assert r.json()["boolean"] is True
            # the first build ran in a process of its own: the server never loaded the model
            maps = Path(f"/proc/{proc.pid}/maps")
            if maps.exists():
                assert "/spacy/" not in maps.read_text() and "/thinc/" not in maps.read_text()
        finally:
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=30)
        assert (out / "dumps" / "kg.nq").is_file() and (out / "store").is_symlink()
        assert ("building" in err) is (attempt == 0)


def test_ctrl_c_during_the_first_build_ends_both_processes(tmp_path: Path) -> None:
    """The first build runs in a process of its own (the server never holds the build's model):
    Ctrl-C while it runs ends it and the server, 130, with nothing left running."""
    out = tmp_path / "out"
    env = {**os.environ, "KG_INPUTS": str(SEEDS)}
    cmd = [*KG_IN_FOREGROUND, "serve", str(out), "--port", str(_free_port())]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()
        assert "building" in first, first
        kids = _children(proc.pid)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:  # nothing left running when the test fails
            for pid in [*_children(proc.pid, wait=0), proc.pid]:
                os.kill(pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 130, err
    assert "kg serve: interrupted" in err and "Traceback" not in err
    assert kids, "the build runs in a child process"
    time.sleep(0.5)
    assert not [k for k in kids if Path(f"/proc/{k}").exists()
                and "zombie" not in Path(f"/proc/{k}/status").read_text().lower()]
    assert not (out / "dumps").exists()


def _children(pid: int, wait: float = 10) -> list[int]:
    """The processes ``pid`` has started by now (waits up to ``wait`` s for the first)."""
    deadline = time.monotonic() + wait
    while True:
        kids = [int(c) for t in Path(f"/proc/{pid}/task").iterdir()
                for c in (t / "children").read_text().split()]
        if kids or time.monotonic() >= deadline:
            return kids
        time.sleep(0.05)


def test_ctrl_c_while_the_first_build_starts_waits_for_the_start(tmp_path: Path) -> None:
    """A Ctrl-C that comes while the build's process is being started is acted on once it has
    started (cut short, the start left the child to die reading what it was to run, with a
    traceback): run in a process of its own, which sends itself SIGINT from inside the start."""
    script = f"""
import multiprocessing.context, os, signal, sys
from pathlib import Path
from kg.cli import _first_build
from kg.config import Settings
start = multiprocessing.context.SpawnProcess.start
def start_interrupted(self):
    os.kill(os.getpid(), signal.SIGINT)
    start(self)
    print("started", self.pid, file=sys.stderr, flush=True)
multiprocessing.context.SpawnProcess.start = start_interrupted
settings = Settings(inputs=(Path({str(SEEDS)!r}),), out_dir=Path({str(tmp_path / "out")!r}))
try:
    _first_build(settings)
except KeyboardInterrupt:
    print("interrupted", file=sys.stderr)
    sys.exit(130)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 130, proc.stderr
    assert "started" in proc.stderr and "interrupted" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert not (tmp_path / "out" / "dumps").exists()
