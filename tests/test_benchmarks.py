"""The benchmark command keeps working: run at a tiny size (figures are printed, never asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_benchmark_command_at_a_tiny_size(tmp_path: Path) -> None:
    report = tmp_path / "BENCH.md"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.run",
            "--sizes",
            "8,16",
            "--clients",
            "1,2",
            "--seconds",
            "1",
            "--work",
            str(tmp_path / "work"),
            "--report",
            str(report),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text()
    for section in (
        "## Build",
        "## Validation of one article",
        "## Parse, serialize, load",
        "## Endpoint under load",
    ):
        assert section in text
    for server in ("| kg serve |", "| oxigraph serve-read-only |", "| rdflib-endpoint |"):
        assert server in text
    agree = re.search(r"kg serve (\d+)/(\d+), oxigraph serve-read-only (\d+)/(\d+)", text)
    assert agree is not None and len(set(agree.groups())) == 1, (
        "both servers give every answer alike"
    )
