"""An article read in sections is validated a part at a time (``kg.partwise``; issue 12: memory
bounded): each part's report is the whole graph's, and where the parts are no partition of the
graph (a node two parts describe otherwise, a part pointing to another's node) the whole graph
is validated instead. Small articles are forced into small sections here; nothing is timed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

import kg.extract
import kg.pipeline
import kg.shacl_sparql
from benchmarks.long_article import long_text
from kg.iris import Iris
from kg.mapping.terms import Triple
from kg.model import Extraction
from kg.namespaces import ITSRDF, NIF, NKG, RDF, SDO
from kg.partwise import PartwiseCheck
from kg.pipeline import BuildResult, build
from kg.validate import ValidationReport
from tests.conftest import make_settings
from tests.test_windowed_build import _small_windows

BASE = "https://kg.test/injected/"


class _Seen:
    """What the build's validation did: each PartwiseCheck's reports and why it gave none,
    the parts it validated, and the whole graph's validations (``check_on_disk``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.finished: list[tuple[ValidationReport | None, str]] = []
        self.parts = 0
        self.whole = 0
        finish, part = PartwiseCheck.finish, PartwiseCheck.part
        on_disk = kg.shacl_sparql.check_on_disk

        def finished(check: PartwiseCheck, shared: list[Triple]) -> ValidationReport | None:
            report = finish(check, shared)
            self.finished.append((report, check.why))
            return report

        def parted(check: PartwiseCheck, triples: Iterator[Triple]) -> Iterator[Triple]:
            self.parts += 1
            return part(check, triples)

        def whole(*a: object, **kw: object) -> ValidationReport:
            self.whole += 1
            return on_disk(*a, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(PartwiseCheck, "finish", finished)
        monkeypatch.setattr(PartwiseCheck, "part", parted)
        monkeypatch.setattr(kg.shacl_sparql, "check_on_disk", whole)


CALLS: list[int] = []  # the parts mapped in the build at hand (``_build`` empties it)


def _inject(monkeypatch: pytest.MonkeyPatch, extra: dict[int, list[Triple]],
            entity_name: int | None = None, wrong_span: int | None = None,
            in_leftover: int | None = None) -> None:
    """Part N's triples and ``extra[N]``; with ``entity_name``, a second name for the first
    entity that part reads, said by that part; with ``wrong_span``, a span of that part's
    first code points whose text is not theirs; with ``in_leftover``, a mention of the
    first page leftover after the part's first mention."""
    real = kg.pipeline.finding_triples
    calls = CALLS

    def injected(ex: Extraction, iris: Iris, first_request: int = 1) -> Iterator[Triple]:
        calls.append(1)
        yield from real(ex, iris, first_request)
        yield from extra.get(len(calls), [])
        if entity_name == len(calls):
            yield iris.entity(ex.entities[0].key), SDO.name, Literal("Another Name")
        if wrong_span == len(calls):
            node, begin = URIRef(BASE + "span"), ex.mentions[0].span.begin
            yield node, RDF.type, NIF.OffsetBasedString
            yield node, NIF.referenceContext, iris.text(ex.article.id)
            yield node, NIF.beginIndex, Literal(begin)
            yield node, NIF.endIndex, Literal(begin + 3)
            yield node, NIF.anchorOf, Literal("???")
        if in_leftover == len(calls):
            a = ex.article
            left = next(b.span for b in a.boilerplate if b.span.begin > ex.mentions[0].span.begin)
            node = URIRef(BASE + "mention")
            yield node, RDF.type, NIF.OffsetBasedString
            yield node, RDF.type, NKG.EntityMention
            yield node, NIF.referenceContext, iris.text(a.id)
            yield node, NIF.beginIndex, Literal(left.begin)
            yield node, NIF.endIndex, Literal(left.end)
            yield node, NIF.anchorOf, Literal(a.text[left.begin:left.end])
            yield node, ITSRDF.taIdentRef, iris.entity(ex.mentions[0].entity)
            yield node, NKG.method, Literal("a rule")
            yield node, NKG.confidence, Literal(Decimal("0.5"))

    monkeypatch.setattr(kg.pipeline, "finding_triples", injected)


def _build(tmp_path: Path, name: str, partwise: bool = True) -> BuildResult:
    CALLS.clear()
    src = tmp_path / "in" / "long.txt"
    if not src.exists():
        src.parent.mkdir()
        src.write_text(long_text(20_000, seed=7), encoding="utf-8")
    if not partwise:
        with pytest.MonkeyPatch.context() as m:  # the parts not checked: the whole graph is
            m.setattr(kg.pipeline._Parts, "_checked", lambda self: None)
            return build(make_settings(tmp_path / name, [src], workers=1))
    return build(make_settings(tmp_path / name, [src], workers=1))


def test_an_article_read_in_sections_is_validated_a_part_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_windows(monkeypatch, sections=True)
    seen = _Seen(monkeypatch)
    result = _build(tmp_path, "out")
    assert (result.built, result.rejections) == (1, [])
    assert seen.parts > 3 and seen.whole == 0
    [(report, why)] = seen.finished
    assert report is not None and report.conforms and why == ""
    assert not list((tmp_path / "out").rglob("part-*"))  # every part's store removed


@pytest.mark.parametrize("where", ["a part's node", "a span's text", "a mention in a leftover",
                                   "an entity, by a part", "the article", "the text",
                                   "an entity"])
def test_a_violation_is_reported_as_the_whole_graph_reports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    _small_windows(monkeypatch, sections=True)
    if where == "a part's node":  # a mention of nothing, by no rule
        _inject(monkeypatch, {2: [(URIRef(BASE + "m"), RDF.type, NKG.EntityMention)]})
    elif where == "a span's text":  # read from the text a part's store leaves out
        _inject(monkeypatch, {}, wrong_span=2)
    elif where == "a mention in a leftover":  # one the part's text holds
        _inject(monkeypatch, {}, in_leftover=3)
    elif where == "an entity, by a part":  # in that part's store
        _inject(monkeypatch, {}, entity_name=3)
    elif where in ("the article", "the text"):  # in the shared nodes' stores alone
        heading = kg.pipeline.heading_triples

        def headlines(ex: Extraction, iris: Iris, mentioned: Iterable[str]) -> Iterator[Triple]:
            yield from heading(ex, iris, mentioned)
            if where == "the article":
                yield iris.article(ex.article.id), SDO.headline, Literal("Another headline")
            else:  # its checksum not its string's
                yield iris.text(ex.article.id), NKG.contentSha256, Literal("0" * 64)

        monkeypatch.setattr(kg.pipeline, "heading_triples", headlines)
    else:  # described in the end otherwise than the parts' stores held it
        real = kg.pipeline.entity_triples

        def renamed(ex: Extraction, iris: Iris) -> Iterator[Triple]:
            yield from real(ex, iris)
            yield iris.entity(ex.entities[-1].key), SDO.name, Literal("Another Name")

        monkeypatch.setattr(kg.pipeline, "entity_triples", renamed)
    seen = _Seen(monkeypatch)
    parts = _build(tmp_path, "parts")
    whole = _build(tmp_path, "whole", partwise=False)
    [(report, why)] = seen.finished
    if where == "an entity":
        assert report is None
        assert why == "a part's store held a shared node otherwise than the article"
        assert seen.whole == 2
    else:
        assert report is not None and not report.conforms and why == ""
        assert seen.whole == 1  # the build with the parts not checked
    assert parts.built == whole.built == 0
    [rejected], [expected] = parts.rejections, whole.rejections
    assert rejected.violations == expected.violations
    assert len(expected.violations) >= (3 if where == "a part's node" else 1)
    if where == "a span's text":
        assert any("Span-position" in v for v in expected.violations)
    if where == "a mention in a leftover":
        assert any("EntityMention-notBoilerplate" in v for v in expected.violations)
    if where == "the text":
        assert any("Context-integrity" in v for v in expected.violations)


def test_a_node_two_parts_describe_otherwise_has_the_whole_graph_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each part alone conforms (a source no one names; a name of nothing); together they
    name an unidentified source."""
    node = URIRef(BASE + "x")
    _small_windows(monkeypatch, sections=True)
    _inject(monkeypatch, {1: [(node, RDF.type, NKG.UnidentifiedSource)],
                          3: [(node, SDO.name, Literal("Someone"))]})
    seen = _Seen(monkeypatch)
    result = _build(tmp_path, "out")
    [(report, why)] = seen.finished
    assert report is None and why == "a node is described otherwise by two parts"
    assert seen.whole == 1
    [rejected] = result.rejections
    assert any("UnidentifiedSource-noName" in v for v in rejected.violations)


def test_a_part_pointing_to_another_parts_node_has_the_whole_graph_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_windows(monkeypatch, sections=True)
    _inject(monkeypatch, {1: [(URIRef(BASE + "y"), SDO.name, Literal("A thing"))],
                          3: [(URIRef(BASE + "w"), SDO.about, URIRef(BASE + "y"))]})
    seen = _Seen(monkeypatch)
    result = _build(tmp_path, "out")
    [(report, why)] = seen.finished
    assert report is None and why == "a part points to a node another part describes"
    assert seen.whole == 1
    assert (result.built, result.rejections) == (1, [])


def test_a_part_that_finds_nothing_is_validated_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sections of a sentence or less: a part whose text says nothing kg reads."""
    src = tmp_path / "in" / "short.txt"
    src.parent.mkdir()
    src.write_text("Harbour board meets\n\nThe board met on Tuesday.\n\nIts chair said the "
                   "ferries would run late.\n", encoding="utf-8")
    _small_windows(monkeypatch, sections=True)
    monkeypatch.setattr(kg.extract, "SECTION_CHARACTERS", 20)
    seen = _Seen(monkeypatch)
    result = build(make_settings(tmp_path / "out", [src], workers=1))
    assert (result.built, result.rejections) == (1, [])
    [(report, why)] = seen.finished
    assert report is not None and report.conforms and why == ""
    assert seen.parts == 3 and seen.whole == 0  # a paragraph a part
