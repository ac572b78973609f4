"""Sharp edges of a build (issue 12): article ids from the path relative to the input root,
provenance without local paths, authors, language tags, IRI-safe URLs, skipped files named,
usage errors in one line. Every article here is written in tmp_path."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from rdflib import Graph, Literal, URIRef

from kg.ingest import InputFile, article_id, discover, read_file
from kg.model import Article
from kg.namespaces import ITSRDF, NIF, NKG, RDF, SDO
from kg.pipeline import build
from tests.conftest import TEST_BASE, make_settings

STORY = (
    "Harbour council approves new ferry pier\n\n"
    "The Harbour council approved a new ferry pier on Tuesday. "
    '"It will carry two thousand people a day," said Wilma Quist, the council chair.\n'
)
OTHER = (
    "Bakery on Mill Lane closes after forty years\n\n"
    "The bakery on Mill Lane closed its doors on Friday. "
    '"We baked our last loaf," said Otto Brandt, its owner.\n'
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def site(root: Path) -> Path:
    """Two saved pages named index.txt in two folders, and one article at the top."""
    write(root / "a" / "index.txt", STORY)
    write(root / "b" / "index.txt", OTHER)
    write(root / "top.txt", STORY.replace("ferry pier", "ferry dock"))
    return root


def articles(source: InputFile | Path) -> list[Article]:
    out = [a for a in read_file(source) if isinstance(a, Article)]
    assert out
    return out


def dump_bytes(out: Path) -> dict[str, bytes]:
    dumps = (out / "dumps").resolve()
    return {p.relative_to(dumps).as_posix(): p.read_bytes()
            for p in sorted(dumps.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- item 4: article ids
def test_two_index_files_in_two_folders_are_two_articles(tmp_path: Path) -> None:
    result = build(make_settings(tmp_path / "out", [site(tmp_path / "site")]))
    assert result.rejections == [] and result.built == 3
    graphs = sorted(p.name for p in (tmp_path / "out" / "dumps" / "graphs").glob("article-*.ttl"))
    assert graphs == ["article-a-index.ttl", "article-b-index.ttl", "article-top.ttl"]


def test_a_file_at_the_top_of_the_input_root_keeps_its_stem_as_id(tmp_path: Path) -> None:
    root = site(tmp_path / "site")
    files, _, _ = discover([root])
    assert [f.name for f in files] == ["top.txt", "a/index.txt", "b/index.txt"]
    assert [articles(f)[0].id for f in files] == ["top", "a-index", "b-index"]
    # a file given directly is named by its file name, wherever it lies
    (given,), _, _ = discover([root / "a" / "index.txt"])
    assert given.name == "index.txt" and articles(given)[0].id == "index"
    assert articles(root / "top.txt")[0].id == "top"


def test_nested_ids_are_made_iri_safe_by_the_safe_id_rule() -> None:
    assert article_id("news/2024 05/Ölpreis (neu).html") == "news-2024-05-lpreis-neu"
    assert article_id("feed/items.jsonl", record=3) == "feed-items-3"
    assert article_id("feed/items.jsonl", "urn:x/42", 3) == "urn-x-42"


def test_a_record_id_decides_the_article_id(tmp_path: Path) -> None:
    rec = {"id": "story 7", "title": "Harbour council approves new ferry pier", "text": STORY}
    path = write(tmp_path / "deep" / "er" / "one.json", json.dumps(rec))
    (f,), _, _ = discover([tmp_path])
    assert f.name == "deep/er/one.json" and articles(f)[0].id == "story-7"
    assert articles(path)[0].id == "story-7"


def test_a_rebuild_from_another_folder_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = site(tmp_path / "one" / "site")
    write(first / "a" / "index.meta.json", json.dumps({"url": "https://news.test/a"}))
    second = tmp_path / "elsewhere" / "copy"
    shutil.copytree(first, second)
    monkeypatch.chdir(tmp_path / "one")  # the first from a relative path, the second absolute
    r1 = build(make_settings(tmp_path / "out1", [Path("site")]))
    r2 = build(make_settings(tmp_path / "out2", [second]))
    assert r1.built == r2.built == 3 and r1.run == r2.run
    b1, b2 = dump_bytes(tmp_path / "out1"), dump_bytes(tmp_path / "out2")
    assert b1.keys() == b2.keys() and all(b1[k] == b2[k] for k in b1), [
        k for k in b1 if b1[k] != b2.get(k)]


# ---------------------------------------------------------------- item 5: provenance, skipped
def test_provenance_names_inputs_relative_to_the_input_root(tmp_path: Path) -> None:
    root = site(tmp_path / "site")
    build(make_settings(tmp_path / "out", [root]))
    prov = (tmp_path / "out" / "dumps" / "graphs" / "prov.ttl").read_text(encoding="utf-8")
    assert str(tmp_path) not in prov
    assert '"a/index.txt"' in prov and '"top.txt"' in prov
    assert f"<{TEST_BASE}seed/a-index-txt>" in prov or "seed/a-index-txt" in prov


def test_every_skipped_file_is_named_in_the_report_with_why(tmp_path: Path) -> None:
    root = site(tmp_path / "site")
    write(root / "notes.md", "not an article")
    write(root / "README", "no extension")
    write(root / ".draft.txt", STORY)
    write(root / ".git" / "config", "[core]")
    write(root / "a" / "index.meta.json", "{}")
    settings = make_settings(tmp_path / "out", [root])
    result = build(settings)
    assert result.skipped == 5 and result.built == 3
    report = json.loads(settings.report_path.read_text(encoding="utf-8"))
    why = {Path(s["path"]).name: s["why"] for s in report["skipped_files"]}
    assert set(why) == {"notes.md", "README", ".draft.txt", ".git", "index.meta.json"}
    assert why["notes.md"].startswith("unknown extension '.md'")
    assert why["README"].startswith("no file extension")
    assert why[".draft.txt"] == "hidden file" and why[".git"] == "hidden folder"
    assert why["index.meta.json"].startswith("metadata sidecar")


def test_the_build_summary_says_where_the_skipped_files_are_listed(tmp_path: Path) -> None:
    from kg.cli import summary

    root = site(tmp_path / "site")
    write(root / "notes.md", "not an article")
    settings = make_settings(tmp_path / "out", [root])
    line = summary(build(settings), settings.report_path).splitlines()[0]
    assert f"(1 skipped, listed with why in {settings.report_path})" in line


# ---------------------------------------------------------------- item 5: authors, language, URLs
def article_graph(out: Path, aid: str) -> Graph:
    g = Graph()
    g.parse(out / "dumps" / "graphs" / f"article-{aid}.ttl", format="turtle")
    return g


def entities_graph(out: Path) -> Graph:
    g = Graph()
    g.parse(out / "dumps" / "graphs" / "entities.ttl", format="turtle")
    return g


def test_every_author_is_a_schema_author_person(tmp_path: Path) -> None:
    src = tmp_path / "in"
    write(src / "pier.txt", STORY)
    write(src / "pier.meta.json", json.dumps({"authors": ["Ada Lund", "Wilma Quist"]}))
    html = ("<html><head><title>Bakery on Mill Lane closes after forty years</title>"
            '<meta name="author" content="Per Holm"></head><body><article>'
            "<h1>Bakery on Mill Lane closes after forty years</h1>"
            + "".join(f"<p>{p}</p>" for p in OTHER.split("\n")[2:] if p) * 3
            + "</article></body></html>")
    write(src / "bakery.html", html)
    rec = {"title": "Harbour council approves new ferry pier", "text": STORY,
           "authors": [{"name": "Tove Berg"}], "byline": "ignored"}
    write(src / "feed.json", json.dumps(rec))
    result = build(make_settings(tmp_path / "out", [src]))
    assert result.rejections == [] and result.built == 3
    out = tmp_path / "out"
    ents = entities_graph(out)
    written = {aid: {str(ents.value(o, SDO.name))
                     for o in article_graph(out, aid).objects(None, SDO.author)}
               for aid in ("pier", "bakery", "feed")}
    assert written == {"pier": {"Ada Lund", "Wilma Quist"}, "bakery": {"Per Holm"},
                       "feed": {"Tove Berg"}}
    ada = URIRef(f"{TEST_BASE}entity/ada-lund")
    assert (ada, RDF.type, SDO.Person) in ents and (ada, NKG.method, None) in ents
    assert not list(article_graph(out, "pier").subjects(ITSRDF.taIdentRef, ada))  # no mention
    # an author the text names too is the same entity as its mentions
    wilma = URIRef(f"{TEST_BASE}entity/wilma-quist")
    assert list(article_graph(out, "pier").subjects(ITSRDF.taIdentRef, wilma))


def test_a_byline_author_loses_its_by(tmp_path: Path) -> None:
    write(tmp_path / "a.meta.json", json.dumps({"byline": "By Ada Lund"}))
    assert articles(write(tmp_path / "a.txt", STORY))[0].authors == ("Ada Lund",)


def test_article_words_carry_the_article_language(tmp_path: Path) -> None:
    src = tmp_path / "in"
    write(src / "de.txt", STORY)
    write(src / "de.meta.json", json.dumps({"language": "DE_ch"}))
    result = build(make_settings(tmp_path / "out", [src]))
    assert result.rejections == [] and result.warnings == []
    g = article_graph(tmp_path / "out", "de")
    tagged = {p for _, p, o in g if isinstance(o, Literal) and o.language == "de-ch"}
    assert {SDO.headline, NIF.isString, NIF.anchorOf, SDO.text} <= tagged
    plain = {p for _, p, o in g if isinstance(o, Literal) and o.language is None}
    assert {SDO.identifier, SDO.inLanguage, NKG.method, NKG.contentSha256} <= plain
    assert not plain & {SDO.headline, NIF.isString, NIF.anchorOf, SDO.text}


def test_a_language_written_loosely_is_normalised(tmp_path: Path) -> None:
    for given, tag in (("EN", "en"), ("en_us", "en-us"), ("Deutsch", "Deutsch")):
        write(tmp_path / "a.meta.json", json.dumps({"language": given}))
        assert articles(write(tmp_path / "a.txt", STORY))[0].language == tag


def test_tagged_text_is_validated_by_both_validators(tmp_path: Path) -> None:
    """pySHACL and the compiled SPARQL checks both accept rdf:langString where the shapes allow
    it, and both still reject a tagged literal where only xsd:string is allowed."""
    from kg.config import Settings
    from kg.shacl_sparql import check, compile_shapes
    from kg.validate import load_shapes, validate_triples

    settings = Settings()
    shapes = load_shapes(settings.shapes_path, settings.ontology_path)
    art = URIRef(f"{TEST_BASE}article/x")
    ctx = URIRef(f"{TEST_BASE}article/x/text")
    body = "Zwei Fähren"
    triples = [
        (art, RDF.type, SDO.NewsArticle), (art, SDO.headline, Literal("Fähren", lang="de")),
        (art, SDO.identifier, Literal("x")), (art, SDO.inLanguage, Literal("de")),
        (art, NKG.textContext, ctx), (ctx, RDF.type, NIF.Context),
        (ctx, NIF.isString, Literal(body, lang="de")), (ctx, NIF.beginIndex, Literal(0)),
        (ctx, NIF.endIndex, Literal(len(body))),
        (ctx, NKG.contentSha256, Literal(hashlib.sha256(body.encode()).hexdigest())),
    ]
    for verdict in (validate_triples(triples, shapes), check(triples, compile_shapes(shapes))):
        assert verdict.conforms, [v.describe() for v in verdict.violations]
    bad = [*triples[:2], (art, SDO.identifier, Literal("x", lang="de")), *triples[3:]]
    for verdict in (validate_triples(bad, shapes), check(bad, compile_shapes(shapes))):
        assert {v.shape for v in verdict.violations} == {"nkgsh:Article-identifier"}


@pytest.mark.parametrize("url", [
    "https://news.test/a story/",
    'https://news.test/x?q={a|b}^"c"',
    "https://news.test/<tag>",
])
def test_a_url_with_characters_an_iri_cannot_hold_is_percent_encoded(
    tmp_path: Path, url: str
) -> None:
    src = tmp_path / "in"
    write(src / "a.txt", STORY)
    write(src / "a.meta.json", json.dumps({"url": url}))
    result = build(make_settings(tmp_path / "out", [src]))
    assert result.rejections == [] and result.built == 1
    (iri,) = article_graph(tmp_path / "out", "a").objects(None, SDO.url)
    assert not set(' <>"{}|^') & set(str(iri)) and unquote(str(iri)) == url


# ---------------------------------------------------------------- item 6: usage errors
def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    return lines[0]


@pytest.mark.parametrize("out, why", [
    ("a-file", "is a file, not a folder"),
    ("a-file/sub", "not a directory"),
    ("/proc/kg-test-out", "no such file or directory"),
])
def test_an_unusable_output_folder_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    out: str, why: str,
) -> None:
    from kg.cli import main

    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a-file", "x")
    src = site(tmp_path / "site")
    assert main(["build", str(src), "-o", out, "-q"]) == 2
    assert one_error_line(capsys) == f"kg build: error: output folder {out}: {why}"


def test_an_output_folder_without_write_permission_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    from kg.cli import main

    if os.geteuid() == 0:
        pytest.skip("root may write anywhere")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert main(["build", str(site(tmp_path / "site")), "-o", str(locked), "-q"]) == 2
    assert one_error_line(capsys).endswith(f"output folder {locked}: permission denied")


def test_serve_with_nothing_built_and_no_seeds_says_so_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_INPUTS", raising=False)
    assert main(["serve"]) == 2
    line = one_error_line(capsys)
    assert line.startswith("kg serve: error: nothing to serve: nothing built in build")


def test_serve_on_a_build_with_another_base_iri_names_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kg.cli import _served_base, built_base_iri, main

    settings = make_settings(tmp_path / "out", [site(tmp_path / "site")])
    build(settings)
    assert built_base_iri(settings.dumps_dir) == TEST_BASE
    other = "https://elsewhere.test/kg/"
    capsys.readouterr()
    # given explicitly: a usage error, before anything is served
    assert main(["serve", str(settings.out_dir), "--base-iri", other]) == 2
    line = one_error_line(capsys)
    assert f"built with base IRI {TEST_BASE}, not {other}" in line
    # configured, not given: the build's base IRI is served, and kg says so in one line
    served = _served_base(settings.with_(base_iri=other), explicit=False)
    assert served.base_iri == TEST_BASE
    line = one_error_line(capsys)
    assert TEST_BASE in line and other in line


def test_serve_on_a_taken_port_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    from kg.cli import main

    settings = make_settings(tmp_path / "out", [site(tmp_path / "site")])
    build(settings)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", str(settings.out_dir), "--base-iri", TEST_BASE,
                     "--port", str(port)])
    assert code == 2
    line = one_error_line(capsys)
    assert line.startswith(f"kg serve: error: cannot listen on 127.0.0.1:{port}: ")
