"""Long articles: a paragraph longer than the parser takes builds, and extraction costs a long
article about as much per word as a short one (issue 12: cost linear in the length).

Nothing here is timed: the scaling test counts the span comparisons the rules make, which a
rule that looks at every mention, quote or sentence for each cue makes grow with the square of
the length. BENCHMARKS.md ("One long article") has the seconds and memory."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.long_article import long_text
from kg.extract import extract
from kg.extract import sentences as sentences_module
from kg.extract.parse import load_model
from kg.extract.sentences import paragraphs
from kg.ingest import Options, read_file
from kg.model import Article, Span
from kg.pipeline import build
from kg.text import SpanIndex
from tests.conftest import make_settings


def _article(path: Path) -> Article:
    item = next(iter(read_file(path, Options())))
    assert isinstance(item, Article), item
    return item


def test_paragraphs_cut_a_long_line_at_sentence_ends() -> None:
    text = "Headline\n" + " ".join(f"Sentence number {i} says little." for i in range(400))
    pieces = paragraphs(text, limit=1000)
    assert pieces[0] == Span(0, 8) and len(pieces) > 10
    assert all(p.end - p.begin <= 1000 for p in pieces)
    assert all(p.text(text).endswith("little.") for p in pieces[1:])
    # the pieces hold every word of the line, in order, once
    assert re.findall(r"\S+", text) == [w for p in pieces for w in p.text(text).split()]


def test_paragraphs_cut_a_line_without_sentences_or_spaces() -> None:
    text = "x" * 2500 + " tail"
    pieces = paragraphs(text, limit=1000)
    assert [p.end - p.begin for p in pieces] == [1000, 1000, 505]


def test_a_paragraph_longer_than_the_parsers_limit_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # spaCy refuses a text over nlp.max_length (1,000,000); lowered here so that a small article
    # has a paragraph over it, and the cut (MAX_PARAGRAPH) lowered below it in proportion
    nlp = load_model()
    monkeypatch.setattr(nlp, "max_length", 20_000)
    monkeypatch.setattr(sentences_module, "MAX_PARAGRAPH", 2_000)
    body = long_text(60_000, seed=3, one_paragraph=True)
    para = body.split("\n", 1)[1]
    assert "\n" not in para.strip() and len(para) > 2 * nlp.max_length
    with pytest.raises(ValueError, match="max_length"):
        nlp(para)
    src = tmp_path / "in" / "one-paragraph.txt"
    src.parent.mkdir()
    src.write_text(body, encoding="utf-8")
    result = build(make_settings(tmp_path / "out", [src]))
    assert (result.built, result.rejections) == (1, [])
    ex = extract(_article(src))
    assert len(ex.quotes) > 20 and len(ex.claims) > 20


def _span_comparisons(path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many times extraction compares two spans (Span.overlaps and Span.within, and the
    spans a SpanIndex looks at)."""
    calls = [0]
    overlaps, within, near = Span.overlaps, Span.within, SpanIndex._near

    def counted_overlaps(self: Span, other: Span) -> bool:
        calls[0] += 1
        return overlaps(self, other)

    def counted_within(self: Span, other: Span) -> bool:
        calls[0] += 1
        return within(self, other)

    def counted_near(self: SpanIndex[object], span: Span) -> Iterator[tuple[int, Span, object]]:
        for entry in near(self, span):
            calls[0] += 1
            yield entry

    article = _article(path)
    with monkeypatch.context() as m:
        m.setattr(Span, "overlaps", counted_overlaps)
        m.setattr(Span, "within", counted_within)
        m.setattr(SpanIndex, "_near", counted_near)
        extract(article)
    return calls[0]


def test_extraction_work_grows_linearly_with_the_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text(long_text(15_000, seed=5), encoding="utf-8")
    large.write_text(long_text(60_000, seed=5), encoding="utf-8")
    n_small = _span_comparisons(small, monkeypatch)
    n_large = _span_comparisons(large, monkeypatch)
    # four times the text: about four times the comparisons (before the indexes: about 14 times)
    assert n_small > 100
    assert n_large < 6 * n_small, (n_small, n_large)


def test_a_long_file_announces_its_stages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capfd: pytest.CaptureFixture[str]) -> None:
    """A file over LONG_FILE_BYTES says on stderr what the build is doing with it (a bar over
    the files would sit still for minutes); ``-q`` (no progress) says nothing."""
    import kg.dump
    import kg.pipeline

    src = tmp_path / "long.txt"
    src.write_text("Harbour board meets\n\nThe board met on Tuesday. Its chair said the ferries "
                   "would run late.\n", encoding="utf-8")
    monkeypatch.setattr(kg.pipeline, "LONG_FILE_BYTES", 10)
    build(make_settings(tmp_path / "a", [src], workers=1), progress=lambda items, total: items)
    said = [x for x in capfd.readouterr().err.splitlines() if "long.txt" in x]
    assert [x.split(": ")[-1].split(" (")[0] for x in said] == [
        "extracting", "mapping", "serializing", "validating", "done"]
    assert "MB)" in said[0]
    build(make_settings(tmp_path / "b", [src], workers=1), progress=None)
    assert "long.txt" not in capfd.readouterr().err
    # a very long article (windowed): also how far its merge and its validation are
    monkeypatch.setattr(kg.pipeline, "WINDOWED_CHARACTERS", 0)
    monkeypatch.setattr(kg.dump, "SPOOL_WINDOW", 10)
    build(make_settings(tmp_path / "c", [src], workers=1), progress=lambda items, total: items)
    said = [x for x in capfd.readouterr().err.splitlines() if "long.txt" in x]
    stages = [x.split(": ")[-1].split(" (")[0] for x in said]
    assert stages[:2] == ["extracting", "mapping and serializing"]
    assert stages[2].startswith("serializing, merging ") and stages[2].endswith(" sorted runs")
    assert stages[3:] == ["validating", "validating, the shapes' queries", "done"]
    # and one read in sections: each part after the first as it is read, each validated
    import kg.extract

    monkeypatch.setattr(kg.extract, "SECTION_CHARACTERS", 20)
    build(make_settings(tmp_path / "d", [src], workers=1), progress=lambda items, total: items)
    said = [x for x in capfd.readouterr().err.splitlines() if "long.txt" in x]
    stages = [x.split(": ")[-1].split(" (")[0] for x in said]
    assert stages[:5] == ["extracting", "mapping and serializing", "validating part 1 of 2",
                          "extracting, part 2 of 2", "validating part 2 of 2"]
    assert stages[-2:] == ["validating the article's own nodes", "done"]
