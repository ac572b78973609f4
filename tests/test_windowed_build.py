"""A very long article's graph is mapped, serialized and validated without being held whole
(issue 12: memory bounded): the windowed path gives the same dumps, byte for byte, as the
whole-article path. Small articles are forced into small windows here; nothing is timed."""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

import kg.dump
import kg.extract.parse
import kg.mapping.article
import kg.pipeline
from benchmarks.long_article import long_text
from kg.dump import serialize_chunk, spool_chunk
from kg.extract import extract, in_sections, windows
from kg.mapping.terms import Triple
from kg.model import Article, Boilerplate, Entity, Extraction, Span
from kg.namespaces import RDF, SDO, XSD
from kg.pipeline import build
from kg.text import sha256_hex
from tests.conftest import make_settings


def _small_windows(monkeypatch: pytest.MonkeyPatch, sections: bool = False) -> None:
    """Every article windowed, in windows of a few hundred triples cut in odd places; with
    ``sections``, read in sections of a few paragraphs too."""
    monkeypatch.setattr(kg.pipeline, "WINDOWED_CHARACTERS", 0)
    if sections:
        monkeypatch.setattr(kg.extract, "SECTION_CHARACTERS", 4_000)
        monkeypatch.setattr(kg.extract, "SECTION_CONTEXT", 2_500)
    monkeypatch.setattr(kg.dump, "SPOOL_WINDOW", 301)
    monkeypatch.setattr(kg.dump, "_FLUSH", 37)
    monkeypatch.setattr(kg.dump, "_BLOCK", 7)
    monkeypatch.setattr(kg.dump, "LONG_LINE", 150)  # many lines kept with their triple
    monkeypatch.setattr(kg.dump, "_JSON_SLICE", 5)  # their values' JSON written in slices


def _dumps(out: Path) -> dict[str, bytes]:
    root = out / "dumps"
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _triples() -> list[Triple]:
    """Subjects whose sort order is not their order of creation, repeated triples, and
    literals with newlines, quotes and language tags."""
    base = "https://kg.test/article/a/"
    out: list[Triple] = []
    for i in (12, 3, 250, 3, 40, 1000, 7):
        node = URIRef(f"{base}span-{i}-{i + 5}")
        out += [
            (node, RDF.type, SDO.CreativeWork),
            (node, SDO.text, Literal(f'line {i}\nsaid "so"', lang="en")),
            (node, SDO.position, Literal(i, datatype=XSD.integer)),
            (node, SDO.ratingValue, Literal(Decimal("0.85"), datatype=XSD.decimal)),
            (node, SDO.about, URIRef(f"{base}quote-{i}")),
        ]
    return out


@pytest.mark.parametrize(("window", "long_line"), [(1, 1 << 20), (4, 90), (1000, 1 << 20)])
def test_a_spooled_chunk_is_the_whole_chunk_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: int, long_line: int
) -> None:
    monkeypatch.setattr(kg.dump, "_FLUSH", 2)
    monkeypatch.setattr(kg.dump, "_BLOCK", 3)
    monkeypatch.setattr(kg.dump, "LONG_LINE", long_line)
    monkeypatch.setattr(kg.dump, "_JSON_SLICE", 3)
    graph = URIRef("https://kg.test/graph/article-a")
    whole = serialize_chunk(graph, _triples())
    spooled = spool_chunk(graph, iter(_triples()), tmp_path / "chunk", window)
    assert spooled.count == whole.count == 30  # the repeated subject's triples counted once
    assert b"".join(d for p, d in spooled.parts() if p == "nt") == whole.nt
    for part in ("ttl", "trig", "nq", "nt", "jsonld"):
        got = b"".join(d for p, d in spooled.parts() if p == part)
        assert got == getattr(whole, part), part
    assert sorted(p.name for p in (tmp_path / "chunk").iterdir()) == [
        "chunk.jsonld", "chunk.long", "chunk.nq", "chunk.nt", "chunk.trig", "chunk.ttl",
    ]  # no run left


def test_a_text_over_16_mb_spools_and_validates(tmp_path: Path) -> None:
    """pyoxigraph's parsers refuse a statement over 16 MB (a 20 MB article's text literal
    ended its build with 'Reached the buffer maximal size'): such a line keeps its triple."""
    from kg.config import Settings
    from kg.shacl_sparql import check_on_disk, compile_shapes
    from kg.validate import load_shapes

    graph = URIRef("https://kg.test/graph/article-a")
    node = URIRef("https://kg.test/article/a/text")
    big = [(node, SDO.text, Literal("word " * 3_400_000, lang="en")), *_triples()]
    whole = serialize_chunk(graph, big)
    spooled = spool_chunk(graph, iter(big), tmp_path / "chunk")
    assert len(whole.nt) > 17_000_000
    for part in ("ttl", "nt", "jsonld"):
        assert b"".join(d for p, d in spooled.parts() if p == part) == getattr(whole, part)
    settings = Settings()
    checks = compile_shapes(load_shapes(settings.shapes_path, settings.ontology_path))
    report = check_on_disk(tmp_path / "chunk", [], {str(SDO.text)}, checks, tmp_path / "store")
    assert report.conforms and not (tmp_path / "store").exists()


@pytest.mark.parametrize(("include_text", "sections"),
                         [(True, False), (False, False), (True, True)])
def test_a_windowed_build_writes_the_same_dumps_as_a_whole_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, include_text: bool, sections: bool
) -> None:
    src = tmp_path / "in" / "long.txt"
    src.parent.mkdir()
    src.write_text(long_text(20_000, seed=7), encoding="utf-8")
    whole = build(make_settings(tmp_path / "whole", [src], workers=1, include_text=include_text))
    spooled: list[Path] = []
    collector: list[tuple[int, tuple[int, int, int]]] = []
    real = kg.pipeline.spool_chunk
    thresholds = gc.get_threshold()

    def spy(graph: URIRef, triples: Iterator[Triple], folder: Path, *a: object,
            **kw: object) -> kg.dump.Chunk:
        spooled.append(folder)

        def seen() -> Iterator[Triple]:  # the collector as the first triple is taken
            for n, triple in enumerate(triples):
                if not n:
                    collector.append((gc.get_freeze_count(), gc.get_threshold()))
                yield triple

        return real(graph, seen(), folder, *a, **kw)  # type: ignore[arg-type]

    parts: list[int] = []
    real_sections = kg.pipeline.in_sections

    def counted(*a: object, **kw: object) -> Iterator[kg.extract.Part]:
        for part in real_sections(*a, **kw):  # type: ignore[arg-type]
            parts.append(part.read_from)
            yield part

    _small_windows(monkeypatch, sections)
    monkeypatch.setattr(kg.pipeline, "spool_chunk", spy)
    monkeypatch.setattr(kg.pipeline, "in_sections", counted)
    windowed = build(make_settings(tmp_path / "windowed", [src], workers=1,
                                   include_text=include_text))
    assert len(spooled) == 1  # the article went the windowed way
    assert len(parts) > 3 if sections else len(parts) == 1  # read in sections, or whole
    # its extraction out of the cyclic collector's sight while its graph was made, and the
    # collector as it was once the article was done
    assert collector[0][0] > 0 and collector[0][1] == kg.pipeline.WORKER_GC_THRESHOLDS
    assert (gc.get_freeze_count(), gc.get_threshold()) == (0, thresholds)
    assert (windowed.built, windowed.rejections) == (whole.built, whole.rejections) == (1, [])
    assert windowed.triples == whole.triples > 300
    assert _dumps(tmp_path / "windowed") == _dumps(tmp_path / "whole")
    assert not spooled[0].exists()  # the writer removed the chunk's files once written
    release = (tmp_path / "windowed" / "dumps").resolve()
    assert not (release / ".spool").exists()


def test_a_windowed_article_that_violates_the_shapes_is_rejected_as_a_whole_one_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in" / "long.txt"
    src.parent.mkdir()
    src.write_text(long_text(8_000, seed=2), encoding="utf-8")
    real = kg.mapping.article.heading_triples

    def headless(*a: object) -> object:  # an article without its headline
        return (t for t in real(*a) if t[1] != SDO.headline)  # type: ignore[arg-type]

    monkeypatch.setattr(kg.mapping.article, "heading_triples", headless)
    monkeypatch.setattr(kg.pipeline, "heading_triples", headless)
    whole = build(make_settings(tmp_path / "whole", [src], workers=1))
    _small_windows(monkeypatch)
    windowed = build(make_settings(tmp_path / "windowed", [src], workers=1))
    assert whole.built == windowed.built == 0
    assert [r.violations for r in windowed.rejections] == [r.violations for r in whole.rejections]
    assert any("schema:headline" in v for v in windowed.rejections[0].violations)
    assert not (tmp_path / "windowed" / "dumps").exists()  # nothing published
    releases = tmp_path / "windowed" / ".releases"
    assert not releases.exists() or not any(releases.iterdir())  # and the spool is gone


def _parse_of(text: str) -> list[tuple[int, list[tuple[str, str, str, int, str]]]]:
    from kg.extract.parse import parsed
    from kg.extract.sentences import paragraphs

    with parsed([(p.begin, p.text(text)) for p in paragraphs(text)]) as parse:
        assert len(parse.docs) > 3 * 256  # several batches
        return [(off, [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in doc])
                for off, doc in parse.docs]


def test_the_parser_in_batches_gives_the_parse_of_all_runs_at_once(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long article's runs go through the tagger and parser a batch at a time (their token
    vectors freed between batches): tag for tag and arc for arc what one pass over every run
    gives, as the components see the same batches either way."""
    text = long_text(90_000, seed=11)
    batched = _parse_of(text)
    monkeypatch.setattr(kg.extract.parse, "PARSE_BATCH", 10**9)
    assert _parse_of(text) == batched


def _fixture_cases() -> list[str]:
    from tests.test_shacl_sparql import CASES

    return list(CASES)


@pytest.mark.parametrize("name", _fixture_cases())
def test_queries_on_slices_of_focus_nodes_give_the_whole_report(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a store on disk the queries that group by focus node run on a slice of the focus
    nodes at a time (issue 12: their groups held one entry per node), and the value screens and
    the value and SPARQL checks test each value before asking whether its subject is a focus
    node (they held a set of the focus nodes, or a join with them): on the shapes' conforming
    fixture and on every violating one, one or two nodes a slice and one, two or a thousand
    subjects looked up at a time give the whole report."""
    import pyoxigraph as ox
    from rdflib import BNode

    import kg.shacl_sparql as sparql
    from kg.config import Settings
    from kg.dump import to_ox_triple
    from kg.validate import load_shapes
    from tests.test_shacl_sparql import CASES, PREFIXES, base

    g = base()
    if CASES[name]:
        g.update(PREFIXES + CASES[name])  # type: ignore[operator]
    if any(isinstance(x, BNode) for t in g for x in t):
        pytest.skip("blank nodes: never in kg's output, so never on disk")
    store = ox.Store()
    store.extend([ox.Quad(t.subject, t.predicate, t.object)
                  for t in (to_ox_triple(*x) for x in g)])
    settings = Settings()
    compiled = sparql.compile_shapes(load_shapes(settings.shapes_path, settings.ontology_path))
    whole = sparql.check_store(store, compiled)
    queries: list[str] = []
    real = sparql._select

    def spy(s: ox.Store, query: str) -> ox.QuerySolutions:
        queries.append(query)
        return real(s, query)

    monkeypatch.setattr(sparql, "_select", spy)
    for lookup in (1, 2, 1_000):  # subjects of candidate violations looked up at a time
        monkeypatch.setattr(sparql, "LOOKUP", lookup)
        for size in (1, 2):
            assert sparql.check_store(store, compiled, focus_slice=size) == whole
    assert any("VALUES ?this {" in q for q in queries)  # it did slice
    assert any("VALUES (?pid ?p)" in q and "SELECT DISTINCT ?this" not in q for q in queries)


def _article_of(text: str) -> Article:
    return Article(id="w", source="w.txt", source_sha256="0" * 64, text=text,
                   sha256=sha256_hex(text), headline=text.split("\n", 1)[0], headline_span=None,
                   language="en", input_format="text", publisher="The Harbour Gazette")


# A quotation over two paragraphs, a speaker named in one paragraph and a pronoun in the next, a
# short form of a name given earlier, a quotation a clause governs, a quote split by its cue: each
# across the cut between two windows when the window is a paragraph
ACROSS_PARAGRAPHS = """Harbour board meets again

Port director Lena Marsh spoke to the board on Tuesday.

"We cannot dredge the channel this year. The budget is gone.

"Next spring, perhaps," she said.

Marsh later met delegates from Kestrel Logistics, who said that the night shift would end.

A dock worker shouted "no more delays" at the meeting.

"The cranes are old," said Tariq Haddad, a foreman. "They break every week."
"""


@pytest.mark.parametrize("window", [1, 60, 200])
def test_an_article_parsed_in_windows_extracts_what_a_whole_parse_does(window: int) -> None:
    """A long article is parsed a window of paragraphs at a time (its parse never held whole):
    the names, quotations, speakers and claims are those of the article parsed at once, even
    for what crosses the cut between two windows."""
    for text in (ACROSS_PARAGRAPHS, long_text(12_000, seed=5)):
        article = _article_of(text)
        whole = extract(article)
        assert len(windows([(0, p) for p in text.split("\n\n")], window)) > 1
        assert whole.quotes and whole.claims and whole.mentions
        assert extract(article, window=window) == whole


# A person named in full, then by surname and by a pronoun two paragraphs on; an anonymous
# source, an outlet citing others, a spokeswoman: with sections of a paragraph, each of these is
# read in a later part than the one that names whom it refers to
IN_SECTIONS = """Council weighs the ferry timetable

Ines Calloway, who chairs the ferry committee, said the winter timetable would start in November.

The committee met for three hours in the old library on the quay.

Calloway said the crossing at dawn would be dropped. "Nobody takes it," she said.

A deckhand who asked not to be named said the crews had not been told.

The Lantern Weekly, citing two councillors, reported that the fares would rise.

"We will publish the figures on Friday," the council's spokeswoman said.
"""


def _found(parts: list[Extraction]) -> dict[str, object]:
    """What ``parts`` found together: each finding counted, each source and entity once."""
    def counted(field: str) -> Counter[object]:
        return Counter(x for p in parts for x in getattr(p, field))

    return {"mentions": counted("mentions"), "quotes": counted("quotes"),
            "claims": counted("claims"), "requests": counted("requests"),
            "roles": counted("roles"), "sources": {s.id for p in parts for s in p.sources},
            "entities": {e.key for p in parts for e in p.entities},
            "cited": {k for p in parts for k in p.cited_outlets}}


@pytest.mark.parametrize(("text", "section", "context"), [
    (IN_SECTIONS, 60, 1_000), (IN_SECTIONS, 150, 300), (long_text(12_000, seed=5), 1_000, 2_500),
    (long_text(12_000, seed=5), 3_000, 2_000)])
def test_an_article_read_in_sections_finds_what_it_finds_read_whole(
    text: str, section: int, context: int
) -> None:
    """A very long article is read a section at a time, with the text around it for context
    (its extraction never held whole): together the parts find what the whole article's
    extraction finds, each finding once, when what a finding refers to is within the context:
    a surname and a pronoun after the paragraph that names the person, a quotation a later
    paragraph attributes, requests for comment."""
    article = _article_of(text)
    whole = extract(article)
    parts = list(in_sections(article, section=section, context=context))
    assert len(parts) > 1 and all(p.extraction.article is article for p in parts)
    assert [p.read_from for p in parts] == sorted(p.read_from for p in parts)
    found = _found([p.extraction for p in parts])
    assert found == _found([whole])
    first: dict[str, Entity] = {}  # one key, one entity, in every part
    assert all(first.setdefault(e.key, e) == e for p in parts for e in p.extraction.entities)
    assert found["quotes"] and found["claims"] and found["mentions"]
    if text is IN_SECTIONS:  # the surname and the pronoun, in a part of their own
        (part,) = [p.extraction for p in parts if any(
            c.span.begin == text.index("the crossing") for c in p.extraction.claims)]
        assert {h.source for c in (*part.claims, *part.quotes) for h in c.hops
                if c.span.begin < text.index("A deckhand")} == {"ines-calloway"}
        assert all(m.span.begin > text.index("Ines") for m in part.mentions)


def test_page_leftovers_are_where_they_were_in_each_part() -> None:
    """An excerpt keeps the page leftovers within it, at its own offsets: a name inside one is
    no mention in any part, as in the article read whole."""
    text = IN_SECTIONS + "\nShare this story with Ines Calloway and friends\n"
    leftover = Span(text.index("Share this"), len(text) - 1)
    article = replace(_article_of(text), boilerplate=(Boilerplate(leftover, "share", "test"),))
    whole = extract(article)
    parts = [p.extraction for p in in_sections(article, section=60, context=150)]
    assert len(parts) > 4 and _found(parts) == _found([whole])
    assert not any(m.span.overlaps(leftover) for p in parts for m in p.mentions)


def test_a_later_part_reads_an_entity_as_the_first_part_did() -> None:
    """An entity an earlier part read (``known``) is the same entity when a later part finds
    its key, whatever that part's own reading of the name would be: its kind decides what the
    part's rules take it for (an outlet is told things; a place is not)."""
    article = _article_of(IN_SECTIONS)
    own = extract(article)
    (weekly,) = [e for e in own.entities if e.key == "lantern-weekly"]
    assert weekly.kind == "outlet"
    as_place = replace(weekly, kind="place", rule="an earlier part")
    ex = extract(article, known={"lantern-weekly": as_place})
    assert as_place in ex.entities and weekly not in ex.entities
    assert [m.span for m in ex.mentions if m.entity == "lantern-weekly"] == \
        [m.span for m in own.mentions if m.entity == "lantern-weekly"]
    assert {e.key for e in ex.entities} == {e.key for e in own.entities}
    assert "lantern-weekly" in own.cited_outlets and "lantern-weekly" not in ex.cited_outlets


def test_a_longer_name_of_a_person_an_earlier_part_read_is_that_person() -> None:
    """A name that is a known person's with more in front ('Ines Marta Calloway' after an
    earlier part's 'Marta Calloway') is that person, as in an article read whole, where the
    name given first is the entity; the known one is never merged away (it was an internal
    error: the known person has no mention in this part to be first by)."""
    text = ("Council weighs the ferry timetable\n\nMayor Ines Marta Calloway wrote that the ferry"
            " had been late all week, and she said the timetable would change.\n")
    known = Entity("marta-calloway", "Marta Calloway", "person", rule="an earlier part")
    ex = extract(_article_of(text), known={known.key: known})
    assert known in ex.entities and "ines-marta-calloway" not in {e.key for e in ex.entities}
    assert [(m.span.text(text), m.entity) for m in ex.mentions] == [
        ("Ines Marta Calloway", "marta-calloway")]
    assert {h.source for c in ex.claims for h in c.hops} == {"marta-calloway"}


def test_a_surname_beyond_the_context_is_the_person_an_earlier_part_named() -> None:
    """The entities an earlier part read are known to the later ones, however far back: with
    no context at all, the paragraph that gives a surname alone still reads it as the person
    named in full sections before, and a pronoun after it as that person."""
    article = _article_of(IN_SECTIONS)
    parts = [p.extraction for p in in_sections(article, section=60, context=0)]
    assert len(parts) == 6
    said = IN_SECTIONS.index("Calloway said")
    (claim,) = [c for p in parts for c in p.claims if c.span.begin > said
                and c.span.begin < IN_SECTIONS.index("Nobody")]
    assert claim.hops[0].source == "ines-calloway"
    assert claim.hops[0].source_span == Span(said, said + len("Calloway"))
    assert _found(parts) == _found([extract(article)])


def test_a_sentence_tokenized_again_has_the_words_of_the_parse() -> None:
    """The recognizer of a windowed article reads sentences tokenized again from their
    paragraph: the same words at the same offsets as the parse had."""
    from kg.extract.parse import Retokenized, load_model, parsed
    from kg.extract.sentences import paragraphs

    text = long_text(6_000, seed=3)
    inputs = [(p.begin, p.text(text)) for p in paragraphs(text)]
    begins = [off for off, _ in inputs]
    with parsed(inputs) as parse:
        words = [[(off + t.idx, t.text) for t in s] for off, s in parse.sentences]
        held = [(bisect_right(begins, off + s.start_char) - 1, off + s.start_char,
                 off + s.end_char) for off, s in parse.sentences]
    with load_model().memory_zone():
        again = Retokenized("en_core_web_sm", inputs, held)
        assert len(again) == len(words) > 20
        assert [[(off + t.idx, t.text) for t in s] for off, s in again] == words
