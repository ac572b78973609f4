"""A synthetic news corpus for benchmarks (not for correctness tests).

``python -m benchmarks.corpus N OUT [--seed S]`` writes N news-like articles, deterministic from
the seed, from templates and generated names only (no third-party text). They carry what the
extractor handles: quotes split around a cue, pronoun speakers, anonymous sources and groups,
spokespersons, outlets citing outlets, requests for comment, and boilerplate lines. The articles
are spread over the input formats kg reads: plain text with a .meta.json sidecar (60%), HTML
pages (20%) and JSON Lines batches of 50 records (20%).
"""

from __future__ import annotations

import argparse
import html
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ONSETS = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
          "br", "ch", "cr", "dr", "fl", "gr", "kl", "pr", "sh", "st", "th", "tr"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
CODAS = ["", "n", "r", "l", "s", "th", "nd", "rk", "lt", "m", "x", "ck"]
OUTLET_NOUNS = [
    "Ledger",
    "Gazette",
    "Courier",
    "Herald",
    "Tribune",
    "Chronicle",
    "Sentinel",
    "Dispatch",
]
ORG_SUFFIXES = ["Corp", "Industries", "Holdings", "Labs", "Group", "Systems"]
ROLES = ["Sen.", "Rep.", "Gov.", "Mayor", "CEO"]
TOPICS = [
    "the water contract",
    "the budget deal",
    "the merger",
    "the data breach",
    "the new policy",
    "the transit plan",
    "the trade talks",
    "the safety review",
]
STATEMENTS = ["the plan would be delayed until next year", "the company had been warned months ago",
              "the agreement was close to collapse", "officials expected more layoffs",
              "the review found serious gaps", "talks would resume next week",
              "the costs were higher than reported", "the vote had been postponed"]
QUOTES = [("We made a promise to the people of this city,", "and we intend to keep it."),
          ("This is not the end of the process,", "it is the beginning of a much longer one."),
          ("Nobody told us the numbers were this bad,", "and that is a problem."),
          ("We will look at every option on the table,", "including the ones we rejected before."),
          ("I have never seen anything like it,", "not in thirty years of public life.")]
ANON = [
    "a person familiar with the talks",
    "two people familiar with the matter",
    "a senior official who was not authorized to speak publicly",
    "three people briefed on the plan",
    "an official with knowledge of the review",
]
BOILER = ["Advertisement", "Sign up for our morning newsletter", "Read more: {other}",
          "Story continues below advertisement"]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                   for _ in range(syllables)).capitalize()


@dataclass(frozen=True)
class World:
    people: list[tuple[str, str]]  # (name, pronoun)
    orgs: list[str]
    outlets: list[str]
    places: list[str]


def world(rng: random.Random, size: int) -> World:
    people = [
        (
            f"{_word(rng, rng.randint(1, 2))} {_word(rng, rng.randint(2, 3))}",
            rng.choice(["He", "She"]),
        )
        for _ in range(size)
    ]
    orgs = [f"{_word(rng, 2)} {rng.choice(ORG_SUFFIXES)}" for _ in range(max(10, size // 4))]
    outlets = [f"The {_word(rng, 2)} {rng.choice(OUTLET_NOUNS)}" for _ in range(max(8, size // 20))]
    places = [f"{_word(rng, 2)} County" for _ in range(max(10, size // 10))]
    return World(people, orgs, outlets, places)


def article(rng: random.Random, w: World, n: int) -> dict[str, object]:
    (p1, pron), (p2, _) = rng.sample(w.people, 2)
    org, outlet, cited = rng.choice(w.orgs), rng.choice(w.outlets), rng.choice(w.outlets)
    place, topic = rng.choice(w.places), rng.choice(TOPICS)
    role = rng.choice(ROLES)
    q1, q2 = rng.choice(QUOTES)
    s1, s2, s3 = rng.sample(STATEMENTS, 3)
    anon = rng.choice(ANON)
    headline = f"{org} faces questions over {topic} in {place}"
    paras = [
        f"{role} {p1} on Tuesday criticized {org} over {topic}, "
        f"saying residents of {place} deserved answers.",
        f"“{q1}” {p1} said. “{q2}”",
        f"{pron} added that the city would hold hearings. “We are not done,” {pron.lower()} said.",
        rng.choice(BOILER).format(other=f"{_word(rng, 2)} council weighs new budget"),
        f"According to {anon}, {s1}.",
        f"{cited}, citing {rng.choice(ANON)}, reported that {s2}.",
        f"A {org} spokesperson said in a statement that the company "
        "“takes these concerns seriously.”",
        f"{p2}, who leads a local residents group, told {outlet} that {s3}.",
        f"{org} declined to comment. {p2} did not respond to a request for comment from {outlet}.",
    ]
    rng.shuffle(paras[3:6])
    return {
        "id": f"bench-{n:07d}",
        "title": headline,
        "text": headline + "\n\n" + "\n\n".join(paras),
        "publisher": outlet,
        "date": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "url": f"https://news.example/{n:07d}",
        "authors": [rng.choice(w.people)[0]],
    }


def articles(n: int, seed: int = 1) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)
    w = world(rng, max(50, n // 5))
    for i in range(n):
        yield article(rng, w, i)


def _html(a: dict[str, object]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in str(a["text"]).split("\n\n")[1:])
    return (f"<!doctype html><html><head><title>{html.escape(str(a['title']))}</title>"
            f'<meta property="og:site_name" content="{html.escape(str(a["publisher"]))}">'
            f'<meta name="author" content="{html.escape(str(a["authors"][0]))}">'  # type: ignore[index]
            f'<meta property="article:published_time" content="{a["date"]}">'
            f'<link rel="canonical" href="{a["url"]}"></head><body><article>'
            f"<h1>{html.escape(str(a['title']))}</h1>{body}</article></body></html>")


def write(n: int, out: Path, seed: int = 1) -> int:
    out.mkdir(parents=True, exist_ok=True)
    batch: list[dict[str, object]] = []
    for i, a in enumerate(articles(n, seed)):
        kind = i % 10
        sub = out / f"{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        if kind < 6:
            (sub / f"{a['id']}.txt").write_text(str(a["text"]) + "\n", encoding="utf-8")
            meta = {k: a[k] for k in ("url", "publisher", "authors")} | {"datePublished": a["date"]}
            (sub / f"{a['id']}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
        elif kind < 8:
            (sub / f"{a['id']}.html").write_text(_html(a), encoding="utf-8")
        else:
            batch.append(a)
            if len(batch) == 50:
                _flush(sub, batch)
    if batch:
        _flush(out / "rest", batch)
    return n


def _flush(folder: Path, batch: list[dict[str, object]]) -> None:
    folder.mkdir(exist_ok=True)
    path = folder / f"{batch[0]['id']}.jsonl"
    path.write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in batch), encoding="utf-8"
    )
    batch.clear()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, help="number of articles")
    p.add_argument("out", type=Path, help="folder to write")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    print(f"wrote {write(a.n, a.out, a.seed)} articles to {a.out}")


if __name__ == "__main__":
    main()
