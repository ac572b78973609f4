"""What reading a very long article in sections costs the graph, measured on real news.

``python -m benchmarks.sections GOLD --mode sections|whole --work DIR [--section N]`` joins
the texts of a folder of BRAT-annotated articles (PolNeAR's ``train``, say: 3.9 MB) into one
plain-text article in ``DIR`` (a headline line, then each text as paragraphs, a blank line
between texts), builds it with ``kg build`` in this process, either in sections as the build
reads an article that long (``kg.extract.in_sections``; ``--section`` code points each, kg's
own length unless given) or whole (one section as long as the text), and scores the
attributions it found against each text's own annotations, every span shifted back to its text
(``kg evaluate``'s table, lenient and exact). It prints the build's seconds and peak memory.
The joined text is the benchmark's input only, written under ``DIR``; run each mode in its own
process for its memory. Nothing is timed in the tests.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from bisect import bisect_right
from pathlib import Path

import pyoxigraph as ox

import kg.extract
from kg import attribution_scoring as ats
from kg.brat import ROLES, Attribution, GoldDocument, read_corpus
from kg.config import Settings
from kg.evaluate import attribution_spans, text_checksums
from kg.pipeline import build
from kg.text import sha256_hex

HEADLINE = "Many reports of one season, read as one text"


def joined(docs: list[GoldDocument]) -> tuple[str, list[int]]:
    """The texts of ``docs`` as one article, and where each text begins in it."""
    parts, begins, at = [HEADLINE, "\n\n"], [], len(HEADLINE) + 2
    for doc in docs:
        body = doc.text.removeprefix("\ufeff")
        begins.append(at)
        parts += [body, "\n\n"]
        at += len(body) + 2
    return "".join(parts), begins


def per_text(spans: list[Attribution], docs: list[GoldDocument],
             begins: list[int]) -> list[list[Attribution]]:
    """The attributions found in the joined text, each given to the text its content begins in
    with its offsets made that text's (one reaching into another text is left out)."""
    out: list[list[Attribution]] = [[] for _ in docs]
    for a in spans:
        segs = [s for role in ROLES for s in a.role(role)]
        if not a.content:
            continue
        i = bisect_right(begins, a.content[0][0]) - 1
        if i < 0:
            continue
        bom = 1 if docs[i].text.startswith("\ufeff") else 0
        lo, hi = begins[i], begins[i] + len(docs[i].text) - bom
        if any(b < lo or e > hi for b, e in segs):
            continue
        shift = bom - lo
        out[i].append(Attribution("", *(tuple((b + shift, e + shift) for b, e in a.role(r))
                                            for r in ROLES)))
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("gold", type=Path, help="a folder of NAME.txt + NAME.ann")
    p.add_argument("--mode", choices=("sections", "whole"), default="sections")
    p.add_argument("--work", type=Path, required=True, help="folder for the text and the build")
    p.add_argument("--section", type=int, help="code points a section (default: kg's own, "
                   f"{kg.extract.SECTION_CHARACTERS:,})")
    a = p.parse_args()
    problems: list[str] = []
    docs = read_corpus(a.gold, problems)
    text, begins = joined(docs)
    a.work.mkdir(parents=True, exist_ok=True)
    src = a.work / "joined.txt"
    src.write_text(text, encoding="utf-8")
    if a.section:
        kg.extract.SECTION_CHARACTERS = a.section
    if a.mode == "whole":
        kg.extract.SECTION_CHARACTERS = len(text) + 1
    out = a.work / f"build-{a.mode}"
    settings = Settings(out_dir=out, inputs=(src,), workers=1, source_date_epoch=1700000000)
    t = time.perf_counter()
    result = build(settings)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    if result.built != 1:
        sys.exit(f"the joined text was not built: {result.rejections}")
    store = ox.Store()
    store.bulk_load(path=str(settings.dumps_dir / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    (found,) = attribution_spans(store, settings.queries_dir).values()
    if list(text_checksums(store).values()) != [sha256_hex(text)]:
        sys.exit("kg read another text than the one written; offsets would not match")
    scores = [ats.score_document(doc, atts)
              for doc, atts in zip(docs, per_text(found, docs, begins), strict=True)]
    sections = -(-len(text) // kg.extract.SECTION_CHARACTERS)
    print(f"{a.mode}: {len(docs)} texts joined, {len(text):,} code points, about {sections} "
          f"section(s); build {seconds:.0f} s, peak RSS {peak:,} MB, {result.triples:,} triples")
    print(ats.report(scores))


if __name__ == "__main__":
    main()
