"""The build end to end: dumps that round-trip, determinism, options, atomicity, rejection."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import dump as dump_module
from kg.checks import validate_dumps
from kg.config import Settings
from kg.dump import read_quads
from kg.pipeline import BuildResult, build
from tests.conftest import ROOT, SEEDS, make_settings, require_tool

FORMATS = {"kg.trig": "trig", "kg.nq": "nquads", "kg.nt": "ntriples"}


def quads(path: Path) -> set[ox.Quad]:
    return set(read_quads(path))


def test_seed_build_publishes_every_article(seed_build: tuple[Settings, BuildResult]) -> None:
    _, result = seed_build
    assert (result.files, result.articles_read, result.built, result.rejections) == (3, 3, 3, [])
    assert result.exit_code == 0 and result.triples > 0


def test_seed_dataset_conforms_to_the_shapes(seed_build: tuple[Settings, BuildResult]) -> None:
    settings, result = seed_build
    report, n = validate_dumps([settings.dumps_dir], settings)
    assert report.conforms, [v.describe() for v in report.violations[:5]]
    assert n == result.triples


def test_every_dump_holds_the_same_quads(seed_build: tuple[Settings, BuildResult]) -> None:
    settings, result = seed_build
    d = settings.dumps_dir
    nq = quads(d / "kg.nq")
    assert len(nq) == result.triples
    assert quads(d / "kg.trig") == nq
    assert quads(d / "kg.jsonld") == nq
    per_graph: set[ox.Quad] = set()
    for ttl in (d / "graphs").glob("*.ttl"):
        g = ox.NamedNode(f"https://kg.test/graph/{ttl.stem}")
        per_graph |= {ox.Quad(t.subject, t.predicate, t.object, g) for t in read_quads(ttl)}
    assert per_graph == nq
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in nq} == {
        ox.Triple(q.subject, q.predicate, q.object) for q in quads(d / "kg.nt")}
    assert not any(isinstance(t, ox.BlankNode) for q in nq for t in (q.subject, q.object))
    assert all(q.graph_name != ox.DefaultGraph() for q in nq), "the default graph stays empty"


def test_dumps_load_into_an_oxigraph_store(seed_build: tuple[Settings, BuildResult]) -> None:
    settings, result = seed_build
    store = ox.Store()
    store.bulk_load(path=str(settings.dumps_dir / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(store) == result.triples


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_dumps_parse_with_rapper(seed_build: tuple[Settings, BuildResult], name: str) -> None:
    rapper = require_tool("rapper")
    settings, result = seed_build
    out = subprocess.run([rapper, "-i", FORMATS[name], "-c", str(settings.dumps_dir / name)],
                         capture_output=True, text=True, check=True)
    assert f"returned {result.triples} triples" in out.stderr


def test_per_graph_turtle_parses_with_rapper(seed_build: tuple[Settings, BuildResult]) -> None:
    rapper = require_tool("rapper")
    settings, _ = seed_build
    for ttl in sorted((settings.dumps_dir / "graphs").glob("*.ttl")):
        subprocess.run([rapper, "-i", "turtle", "-c", str(ttl)], capture_output=True, check=True)


def test_void_describes_graphs_files_and_shapes(seed_build: tuple[Settings, BuildResult]) -> None:
    settings, result = seed_build
    store = ox.Store()
    store.load(path=str(settings.dumps_dir / "void.ttl"), format=ox.RdfFormat.TURTLE)
    q = """PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcat: <http://www.w3.org/ns/dcat#>
           PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX schema: <https://schema.org/>
           SELECT ?n ?articles (COUNT(DISTINCT ?sub) AS ?graphs) (COUNT(DISTINCT ?dist) AS ?files)
                  ?shapes WHERE {
             ?d a void:Dataset ; void:triples ?n ; void:subset ?sub ; dcat:distribution ?dist ;
                dcterms:conformsTo ?shapes ;
                void:classPartition [ void:class schema:NewsArticle ; void:entities ?articles ] }
           GROUP BY ?n ?articles ?shapes"""
    row = next(iter(store.query(q)))
    assert int(row["n"].value) == result.triples
    # the shared graphs are listed (entities, prov, links); the article graphs are counted
    assert int(row["graphs"].value) == 3 and result.graphs == 6
    assert int(row["articles"].value) == result.built == 3
    assert int(row["files"].value) == 4
    assert row["shapes"].value == "https://w3id.org/newskg/shapes"


def _files(d: Path) -> dict[str, bytes]:
    return {
        p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    a = make_settings(tmp_path / "a")
    b = make_settings(tmp_path / "b")
    build(a)
    build(b)
    fa, fb = _files(a.dumps_dir), _files(b.dumps_dir)
    # 6 graphs, each graphs/X.ttl with its X.ttl.graph; kg.trig, .nq, .nt, .jsonld; void.ttl
    assert fa.keys() == fb.keys() and len(fa) == 17
    for name in fa:
        assert fa[name] == fb[name], f"{name} differs between two builds"


@pytest.mark.parametrize("recycle", [False, True])
def test_workers_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     recycle: bool) -> None:
    import kg.pipeline

    if recycle:  # every worker is replaced after each file
        monkeypatch.setattr(kg.pipeline, "WORKER_FILES", 1)
        monkeypatch.setattr(kg.pipeline, "CHUNK_FILES", 1)
    one = make_settings(tmp_path / "one")
    two = make_settings(tmp_path / "two", workers=2)
    build(one)
    build(two)
    assert _files(one.dumps_dir) == _files(two.dumps_dir)
    assert not list((tmp_path / "two").glob(".kg-index-*"))  # the build's index is gone


def test_no_text_option_keeps_checksums_and_spans(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, include_text=False)
    build(settings)
    nq = (settings.dumps_dir / "kg.nq").read_text()
    assert "nif-core#isString" not in nq
    assert "contentSha256" in nq and "nif-core#anchorOf" in nq
    report, _ = validate_dumps([settings.dumps_dir], settings)
    assert report.conforms


def test_gzip_option_is_deterministic_and_parses(
    tmp_path: Path, seed_build: tuple[Settings, BuildResult]
) -> None:
    settings = make_settings(tmp_path, gzip=True)
    build(settings)
    gz = settings.dumps_dir / "kg.nq.gz"
    assert gz.exists() and not (settings.dumps_dir / "kg.nq").exists()
    plain = (seed_build[0].dumps_dir / "kg.nq").read_bytes()
    assert gzip.decompress(gz.read_bytes()) == plain
    assert quads(gz) == quads(seed_build[0].dumps_dir / "kg.nq")


def test_a_crash_leaves_the_previous_dumps_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings(tmp_path)
    build(settings)
    before = _files(settings.dumps_dir)
    calls = {"n": 0}
    real = dump_module.DumpWriter.write_graph

    def crash(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(dump_module.DumpWriter, "write_graph", crash)
    with pytest.raises(OSError, match="disk full"):
        build(settings)
    assert _files(settings.dumps_dir) == before
    assert not list((tmp_path / ".releases").glob("*.tmp")), "staging must be cleaned up"


def test_a_nonconforming_article_is_kept_out_and_reported(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Good headline\n\nA body of text.\n")
    (src / "bad.txt").write_text("Bad headline\n\nAnother body.\n")
    (src / "bad.meta.json").write_text(json.dumps({"language": "Klingon!"}))
    settings = make_settings(tmp_path / "out", [src], publish_partial=True)
    result = build(settings)
    assert result.built == 1 and result.exit_code == 1 and result.published
    [rej] = result.rejections
    assert rej.source.endswith("bad.txt") and rej.kind == "invalid"
    assert any("schema:inLanguage" in v and "article/bad>" in v for v in rej.violations), (
        rej.violations
    )
    assert "article/bad" not in (settings.dumps_dir / "kg.nq").read_text()
    report = json.loads(settings.report_path.read_text())
    assert report["rejections"][0]["source"].endswith("bad.txt")


def test_bad_files_never_cost_the_others_their_output(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-good.txt").write_text("A fine headline\n\nBody text here.\n")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (src / "latin.txt").write_bytes("Caf\xe9\n\nbody".encode("latin-1"))
    (src / "broken.json").write_text("{")
    (src / "lines.jsonl").write_text('{"title": "Line one story", "text": "body"}\nnot json\n')
    (src / "dup.json").write_text('{"id": "a-good", "title": "Same id", "text": "x"}')
    result = build(make_settings(tmp_path / "out", [src], publish_partial=True))
    kinds = sorted(r.kind for r in result.rejections)
    assert kinds == ["binary", "duplicate", "empty", "encoding", "malformed", "malformed"], kinds
    assert result.built == 2 and result.exit_code == 1 and result.published


def test_a_file_that_vanishes_mid_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Headline A\n\nBody.\n")
    (src / "b.txt").write_text("Headline B\n\nBody.\n")
    import kg.pipeline as pipeline

    real = pipeline.process_file

    def vanish(path: Path):  # type: ignore[no-untyped-def]
        if path.name == "a.txt":
            (src / "b.txt").unlink()
        return real(path)

    monkeypatch.setattr(pipeline, "process_file", vanish)
    result = build(make_settings(tmp_path / "out", [src]))
    assert result.built == 1 and [r.kind for r in result.rejections] == ["vanished"]


def test_a_folder_of_ten_thousand_files(tmp_path: Path) -> None:
    src = tmp_path / "many"
    src.mkdir()
    for i in range(10_000):
        (src / f"f{i:05d}.txt").write_bytes(b"")
    (src / "real.txt").write_text("The only real article\n\nIts body.\n")
    result = build(make_settings(tmp_path / "out", [src]))
    assert result.files == 10_001 and result.built == 1
    assert len(result.rejections) == 10_000 and {r.kind for r in result.rejections} == {"empty"}


def test_missing_input_path_is_reported(tmp_path: Path) -> None:
    result = build(make_settings(tmp_path / "out", [tmp_path / "nope"]))
    assert result.exit_code == 2 and "nope" in result.rejections[0].source


def test_cli_build_and_validate(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    out = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(SEEDS), "-o", str(tmp_path), "-q"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert "3 built, 0 rejected" in out.stdout
    val = subprocess.run([sys.executable, "-m", "kg", "validate", str(tmp_path / "dumps")],
                         capture_output=True, text=True, cwd=ROOT)
    assert val.returncode == 0 and "conforms" in val.stdout
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://x> <http://y> .")
    val = subprocess.run(
        [sys.executable, "-m", "kg", "validate", str(bad)], capture_output=True, text=True
    )
    assert val.returncode == 2 and "bad.ttl" in val.stderr


def test_bad_base_iri_is_a_clear_error(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kg", "build", "--base-iri", "not-an-iri", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 2 and "base_iri" in out.stderr


def test_an_article_links_to_the_cited_report_in_the_graph(
    seed_build: tuple[Settings, BuildResult],
) -> None:
    settings, _ = seed_build
    store = ox.Store()
    store.bulk_load(path=str(settings.dumps_dir / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    q = """PREFIX schema: <https://schema.org/>
           SELECT ?a ?b WHERE { GRAPH ?g { ?x schema:citation ?y }
                                ?x schema:publisher/schema:name ?a .
                                ?y schema:publisher/schema:name ?b }"""
    rows = {(r["a"].value, r["b"].value) for r in store.query(q, use_default_graph_as_union=True)}
    assert rows == {("The Hill", "The Washington Post")}
