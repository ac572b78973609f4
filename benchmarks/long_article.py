"""One long plain-text article for the length benchmark (issue 12: cost linear in the length).

``python -m benchmarks.long_article MB OUT [--seed S] [--one-paragraph] [--extract]`` writes a
headline line and then paragraphs of the synthetic corpus's articles (names, quotes split around
their cue, pronoun speakers, anonymous sources, outlets citing outlets, requests for comment), one
after another until the text is about MB megabytes; ``--one-paragraph`` joins them with spaces
into a single paragraph without a line break. Deterministic from the seed; nothing is repeated
verbatim for long (every block of paragraphs names its own people). ``--extract`` then reads,
extracts and maps it in this process and prints the seconds of each stage and the peak memory
(validation and serialization are timed by ``kg build``, in its report.json).
"""

from __future__ import annotations

import argparse
import random
import resource
import time
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
    p.add_argument("--extract", action="store_true", help="then time reading, extraction, mapping")
    a = p.parse_args()
    text = long_text(int(a.mb * 1_000_000), a.seed, a.one_paragraph)
    a.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(text.encode('utf-8')):,} bytes to {a.out}")
    if a.extract:
        measure(a.out)


def measure(path: Path) -> None:
    """Read, extract and map ``path`` (the model loaded first) and print what each took."""
    from kg.extract import extract
    from kg.extract.parse import load_model
    from kg.ingest import Options, read_file
    from kg.iris import Iris
    from kg.mapping import map_article
    from kg.model import Article

    load_model()
    t0 = time.perf_counter()
    article = next(iter(read_file(path, Options(max_bytes=path.stat().st_size))))
    assert isinstance(article, Article), article
    t1 = time.perf_counter()
    ex = extract(article)
    t2 = time.perf_counter()
    mapped = map_article(ex, Iris("https://example.org/newskg/"))
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"read {t1 - t0:.1f} s, extract {t2 - t1:.1f} s, map {t3 - t2:.1f} s; "
          f"{len(ex.quotes)} quotes, {len(ex.claims)} claims, {len(mapped.triples)} triples; "
          f"peak RSS {peak} MB")


if __name__ == "__main__":
    main()
