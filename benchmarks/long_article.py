"""One long plain-text article for the length benchmark (issue 12: cost linear in the length).

``python -m benchmarks.long_article MB OUT [--seed S] [--one-paragraph]`` writes a headline line
and then paragraphs of the synthetic corpus's articles (names, quotes split around their cue,
pronoun speakers, anonymous sources, outlets citing outlets, requests for comment), one after
another until the text is about MB megabytes; ``--one-paragraph`` joins them with spaces into a
single paragraph without a line break. Deterministic from the seed; nothing is repeated verbatim
for long (every block of paragraphs names its own people).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from benchmarks.corpus import article, world


def long_text(n_bytes: int, seed: int = 1, one_paragraph: bool = False) -> str:
    """A headline and paragraphs until the UTF-8 text is about ``n_bytes`` long."""
    rng = random.Random(seed)
    w = world(rng, 2000)
    headline = "A long day of hearings, statements and denials across the county"
    sep = " " if one_paragraph else "\n\n"
    parts: list[str] = []
    size = len(headline.encode("utf-8")) + 1
    n = 0
    while size < n_bytes:
        body = str(article(rng, w, n)["text"]).split("\n\n", 1)[1]
        chunk = body.replace("\n\n", sep)
        parts.append(chunk)
        size += len(chunk.encode("utf-8")) + len(sep)
        n += 1
    return headline + "\n" + sep.join(parts) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("mb", type=float, help="size in megabytes (10^6 bytes)")
    p.add_argument("out", type=Path, help="file to write (.txt)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--one-paragraph", action="store_true")
    a = p.parse_args()
    text = long_text(int(a.mb * 1_000_000), a.seed, a.one_paragraph)
    a.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(text.encode('utf-8')):,} bytes to {a.out}")


if __name__ == "__main__":
    main()
