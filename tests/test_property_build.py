# ruff: noqa: RUF001 (curly quotation marks, dashes and look-alike letters are the point here)
"""Generated articles through the whole build (issue 12): odd Unicode (combining marks, right-to-
left text, emoji, no-break and zero-width spaces, control characters), straight and curly quote
marks balanced and not, very long lines, huge paragraphs, and names of every shape (initials,
hyphens, apostrophes, all capitals, particles, other scripts). Whatever the text, the build must
not crash, must not reject an article for an internal error or for failing kg's own shapes, and
must build every article it is given.

Each example writes a few articles (plain text with and without a metadata sidecar, JSON Lines)
and builds them once; the paragraph cut (``MAX_PARAGRAPH``) is lowered so that the huge
paragraphs are parsed in pieces too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import sentences as sentences_module
from kg.pipeline import build
from tests.conftest import make_settings

ODD = [
    "\u0301", "\u0308\u0323", "\u200b", "\u200c", "\u200d", "\ufeff", "\u00a0", "\u202f",
    "\u202e", "\u202c", "\u200f", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\r", "\t",
    "\x01", "\x1b", "\x7f", "👍🏽", "👩\u200d👩\u200d👧", "🇺🇸", "مرحبا بالعالم", "שלום",
    "…", "—", "–", "\u3000", "王小明说", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ﬁ", "Ⅻ", "\U0010fffd",
]
MARKS = ['"', "“", "”", "‘", "’", "«", "»", "„", "'", "‹", "›", "「", "」"]
PAIRS = [('"', '"'), ("“", "”"), ("‘", "’"), ("«", "»"), ("„", "“"), ("'", "'"), ("「", "」")]
FIXED_NAMES = [
    "J. R. R. Tolkien", "J.R. Smith", "A. B. Dee", "Mary-Jane Smith-Jones", "Conan O'Brien",
    "D’Angelo Russell", "JOHN SMITH", "Ludwig van Beethoven", "Charles de Gaulle",
    "Bashar al-Assad", "Oscar De La Hoya", "Leonardo da Vinci", "Ibn Battuta", "Zoë Ångström",
    "Nguyễn Văn Thiệu", "Łukasz Żółć", "Søren Kierkegaard", "Jose\u0301 Marti\u0301",
    "محمد بن سلمان", "Martin Luther King Jr.", "John Smith III", "Madonna", "Sen. Ana Ruiz",
    "Dr. Li Wei", "Mr. T", "the Rev. Al Green", "X Æ A-12", "McDonald MacKenzie", "O'NEIL",
    "Anne\u00a0Marie", "Jean-Luc Picard", "Ng", "Đỗ Mười", "Björk Guðmundsdóttir",
]
TEMPLATES = [
    "{n} said {q}.", "{q} {n} said.", "{q} {n} said, {q2}", "According to {n}, {c}.",
    "{n}, a spokeswoman for {o}, said that {c}.", "{n} told {o} that {c}.",
    "{o} declined to comment.", "{n} did not respond to a request for comment from {o}.",
    "{o}, citing {n}, reported that {c}.", "She said {q}", "{n}: {c}", "{n} wrote: {q}",
    "Two people familiar with the matter said {c}.", "{c}, {n} said.", "{q}",
    "A man yelled {q} at {n}.", "{n} called {o} {q}.", "{c}",
]

words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\n\x00"), min_size=1, max_size=10
)
odd = st.sampled_from(ODD)
capital = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÀÉÖØÞĀŁŒ", min_size=1, max_size=1)
lower = st.text(alphabet="abcdefghijklmnopqrstuvwxyzßäéıøœ'’-", min_size=1, max_size=9)


@st.composite
def name(draw: st.DrawFn) -> str:
    shape = draw(st.integers(0, 4))
    if shape == 0:
        return draw(st.sampled_from(FIXED_NAMES))
    parts = [
        draw(capital) + draw(lower) for _ in range(draw(st.integers(1, 4)))
    ]
    if shape == 1:  # initials
        parts[0] = parts[0][0] + "."
    elif shape == 2:  # a particle
        parts.insert(1, draw(st.sampled_from(["van", "de", "von", "al-", "bin", "da", "of", "y"])))
    elif shape == 3:  # all capitals, odd characters inside
        parts = [p.upper() + draw(st.sampled_from(["", *ODD[:8]])) for p in parts]
    return " ".join(parts)


@st.composite
def clause(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(words, odd, name()), min_size=1, max_size=8))
    return " ".join(pieces)


@st.composite
def quote(draw: st.DrawFn) -> str:
    body = draw(clause())
    kind = draw(st.integers(0, 3))
    if kind == 0:  # unbalanced: an opening or a closing mark alone, or two that do not pair
        return draw(st.sampled_from(MARKS)) + body + draw(st.sampled_from(["", *MARKS]))
    open_, close = draw(st.sampled_from(PAIRS))
    return f"{open_}{body}{close}"


@st.composite
def sentence(draw: st.DrawFn) -> str:
    template = draw(st.sampled_from(TEMPLATES))
    return template.format(
        n=draw(name()), q=draw(quote()), q2=draw(quote()), c=draw(clause()), o=draw(name())
    )


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    sents = draw(st.lists(sentence(), min_size=1, max_size=5))
    if draw(st.integers(0, 9)) == 0:  # a huge paragraph: one line of many sentences
        sents = [f"{s} ({i})" for i in range(draw(st.integers(20, 300))) for s in sents]
    sep = draw(st.sampled_from([" ", "  ", " \u00a0", "\t", " \u200b"]))
    return sep.join(sents)


@st.composite
def article(draw: st.DrawFn) -> dict[str, object]:
    headline = draw(clause()).replace("\r", " ").strip() or "Headline"
    paras = draw(st.lists(paragraph(), min_size=1, max_size=8))
    blank = draw(st.sampled_from(["\n\n", "\n", "\n \n", "\r\n\r\n"]))
    return {
        "title": f"News {headline}",
        "text": f"News {headline}{blank}" + blank.join(paras) + "\n",
        "publisher": draw(st.one_of(st.none(), name())),
        "authors": draw(st.lists(name(), max_size=3)),
        "format": draw(st.sampled_from(["text", "text+meta", "jsonl"])),
    }


def _write(folder: Path, n: int, a: dict[str, object]) -> None:
    meta = {"publisher": a["publisher"], "authors": a["authors"], "datePublished": "2024-05-06",
            "url": f"https://news.example/{n}/a b|{{c}}^d"}
    meta = {k: v for k, v in meta.items() if v}
    if a["format"] == "jsonl":
        rec = {"id": f"rec-{n}", "title": a["title"], "text": a["text"], **meta}
        line = json.dumps(rec, ensure_ascii=False)  # U+2028, U+0085 ... raw in the line
        (folder / f"batch-{n}.jsonl").write_text(line + "\n", encoding="utf-8")
        return
    (folder / f"article-{n}.txt").write_text(str(a["text"]), encoding="utf-8", newline="")
    if a["format"] == "text+meta":
        (folder / f"article-{n}.meta.json").write_text(json.dumps(meta, ensure_ascii=False),
                                                       encoding="utf-8")


@pytest.mark.slow  # about 30 s
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(articles=st.lists(article(), min_size=1, max_size=4))
def test_generated_articles_all_build(
    articles: list[dict[str, object]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp = tmp_path_factory.mktemp("generated")
    inputs = tmp / "in"
    inputs.mkdir()
    for n, a in enumerate(articles):
        _write(inputs, n, a)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sentences_module, "MAX_PARAGRAPH", 4_000)
        result = build(make_settings(tmp / "out", [inputs]))
    problems = [r.describe() for r in result.rejections]
    assert not problems, problems
    assert result.built == len(articles)


def test_a_json_lines_record_holding_a_unicode_line_separator_builds(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    rec = {"id": "rec", "title": "A title", "text": "A title\n\nShe said it\u2028twice\x85 today."}
    (inputs / "batch.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    result = build(make_settings(tmp_path / "out", [inputs]))
    assert ([r.describe() for r in result.rejections], result.built) == ([], 1)
