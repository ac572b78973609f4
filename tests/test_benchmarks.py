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


def test_the_sections_benchmark_gives_each_text_its_own_attributions() -> None:
    """``benchmarks.sections`` joins texts into one article and hands each attribution found
    in it back to its text, at that text's offsets (a byte-order mark counted as the reader
    of the gold counts it); one reaching across two texts is left out."""
    from benchmarks.sections import joined, per_text
    from kg.brat import Attribution, GoldDocument

    docs = [GoldDocument("a", "Ana said it rained.", ()),
            GoldDocument("b", "\ufeffBo said it snowed.", ())]
    text, begins = joined(docs)
    assert [text[b:b + 3] for b in begins] == ["Ana", "Bo "]
    said = text.index("it snowed")
    found = [Attribution("", ((begins[1], begins[1] + 2),), ((said - 5, said - 1),),
                         ((said, said + 9),)),
             Attribution("", (), (), ((begins[0] + 9, said),))]  # across the two texts
    (a, b) = per_text(found, docs, begins)
    assert a == [] and len(b) == 1
    (att,) = b
    assert docs[1].text[slice(*att.content[0])] == "it snowed"
    assert docs[1].text[slice(*att.source[0])] == "Bo"
