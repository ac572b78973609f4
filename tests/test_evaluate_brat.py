"""`kg evaluate` on BRAT standoff attribution gold: reading `.ann` files, the EXACT and LENIENT
matching rules, the predictions written from the graph, and agreement with PolNeAR's scorer."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from kg import attribution_scoring as ats
from kg.brat import Attribution, GoldDocument, Segment, read_corpus
from kg.cli import main
from kg.evaluate import prediction_json, score_brat
from kg.ingest import read_file, safe_id
from kg.model import Article
from kg.text import sha256_hex
from tests.conftest import SEEDS, SHARED

POLNEAR = SHARED / "polnear"
SCORER = POLNEAR / "score.py"

HARBOUR = (
    "Harbour council delays ferry plan\n"
    "\n"
    "The ferry timetable will change next spring, the harbour master said on Tuesday. "
    '"We cannot run two boats," she added, "until the new pier is finished." '
    "Fares are expected to rise, it was reported. "
    "The mayor argued that the pier was late and, later, that the budget was fine.\n"
    "\n"
    "Follow the Harbour Gazette on social media.\n"
)
ORCHARD = (
    "Orchard growers count frost damage\n"
    "\n"
    "Half of the apple blossom was lost, a growers' association said. "
    "Prices will climb, the association believes.\n"
)


def at(text: str, words: str, nth: int = 1) -> Segment:
    b = -1
    for _ in range(nth):
        b = text.index(words, b + 1)
    return b, b + len(words)


def t_line(text: str, tid: str, typ: str, *segs: Segment) -> str:
    offsets = ";".join(f"{b} {e}" for b, e in segs)
    return f"{tid}\t{typ} {offsets}\t{' '.join(text[b:e] for b, e in segs)}"


def harbour_ann(t: str) -> str:
    quote = (at(t, '"We cannot run two boats,"'), at(t, '"until the new pier is finished."'))
    return "\n".join([
        t_line(t, "T1", "Source", at(t, "the harbour master")),
        t_line(t, "T2", "Cue", at(t, "said")),
        t_line(t, "T3", "Content", at(t, "The ferry timetable will change next spring")),
        t_line(t, "T4", "Attribution", at(t, "said")),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line(t, "T5", "Source", at(t, "she")),
        t_line(t, "T6", "Cue", at(t, "added")),
        t_line(t, "T7", "Content", *quote),  # a quote split by its cue
        t_line(t, "T8", "Attribution", at(t, "added")),
        "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
        t_line(t, "T9", "Cue", at(t, "it was reported")),
        t_line(t, "T10", "Content", at(t, "Fares are expected to rise")),
        t_line(t, "T11", "Attribution-no-source", at(t, "it was reported")),
        "E3\tAttribution-no-source:T11 Content:T10 Cue:T9",
        t_line(t, "T12", "Source", at(t, "The mayor")),
        t_line(t, "T13", "Cue", at(t, "argued")),
        t_line(t, "T14", "Content", at(t, "the pier was late")),
        t_line(t, "T15", "Content", at(t, "the budget was fine")),
        t_line(t, "T16", "Attribution", at(t, "argued")),
        "E4\tAttribution:T16 Source:T12 Cue:T13 Content:T14 Content2:T15",
        t_line(t, "T17", "Discard", at(t, "Follow the Harbour Gazette on social media.")),
        t_line(t, "T18", "Discuss", at(t, "next spring")),
        "#1\tAnnotatorNotes T18\tcheck the date",
        "E5\tAttribution:T16",  # only an anchor: reported and skipped
        "",
    ])


def orchard_ann(t: str) -> str:
    return "\n".join([
        t_line(t, "T1", "Source", at(t, "a growers' association")),
        t_line(t, "T2", "Cue", at(t, "said")),
        t_line(t, "T3", "Content", at(t, "Half of the apple blossom was lost")),
        t_line(t, "T4", "Attribution", at(t, "said")),
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        t_line(t, "T5", "Source", at(t, "the association")),
        t_line(t, "T6", "Cue", at(t, "believes")),
        t_line(t, "T7", "Content", at(t, "Prices will climb")),
        t_line(t, "T8", "Attribution", at(t, "believes")),
        "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
        "",
    ])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir()
    for name, text, ann in (("harbour", HARBOUR, harbour_ann),
                            ("orchard report", ORCHARD, orchard_ann)):
        (gold / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
        (gold / f"{name}.ann").write_text(ann(text), encoding="utf-8", newline="")
    return gold


# ---------------------------------------------------------------------------- reading .ann
def test_standoff_roles_discontinuous_spans_content2_no_source_and_discard(corpus: Path) -> None:
    problems: list[str] = []
    harbour, orchard = read_corpus(corpus, problems)
    t = HARBOUR
    assert [a.where for a in harbour.attributions] == ["E1", "E2", "E3", "E4"]
    e1, e2, e3, e4 = harbour.attributions
    assert e1 == Attribution("E1", (at(t, "the harbour master"),), (at(t, "said"),),
                             (at(t, "The ferry timetable will change next spring"),))
    assert len(e2.content) == 2 and t[slice(*e2.content[1])] == '"until the new pier is finished."'
    assert e3.source == () and t[slice(*e3.cue[0])] == "it was reported"
    assert e4.content == (at(t, "the pier was late"), at(t, "the budget was fine"))
    assert harbour.discard == (at(t, "Follow the Harbour Gazette on social media."),)
    assert orchard.name == "orchard report" and len(orchard.attributions) == 2
    assert problems == ["harbour.ann:24: E5: no Source, Cue or Content argument; skipped"]


def test_standoff_bad_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Head\n\nBody text said here.\n", encoding="utf-8")
    (tmp_path / "x.ann").write_text(
        "T1\tCue 16 20\tsaid\nT2\tContent 5 900\tnope\nE1\tCue:T1 Content:T2 Source:T9\n"
        "T3 garbage\nT4\tContent 6 15\tBody tex\n", encoding="utf-8")
    problems: list[str] = []
    (doc,) = read_corpus(tmp_path, problems)
    assert doc.attributions == (Attribution("E1", cue=((16, 20),)),)
    assert any("T2: offsets [(5, 900)] outside" in p for p in problems)
    assert any("'Source:T9' names no T line" in p for p in problems)
    assert any("unrecognised line 'T3 garbage'" in p for p in problems)
    assert any("T4: text field differs" in p for p in problems)
    assert any("E1: no content" in p for p in problems)


def test_a_polnear_style_txt_is_read_by_kg_with_the_same_text(corpus: Path) -> None:
    """Offsets agree only if kg's plain-text reader keeps the file's text as it is."""
    (article,) = read_file(corpus / "harbour.txt")
    assert isinstance(article, Article)
    assert article.text == (corpus / "harbour.txt").read_bytes().decode("utf-8") == HARBOUR
    assert article.id == safe_id("harbour")
    assert article.headline == "Harbour council delays ferry plan"


# ---------------------------------------------------------------------------- matching rules
TEXT = 'Officials said: "The bridge, which opened in May, is safe." He agreed. He left.'


def span(*segs: Segment) -> ats.Span | None:
    return ats.Text(TEXT).span(segs)


@pytest.mark.parametrize(("gold", "pred", "exact", "lenient"), [
    pytest.param([at(TEXT, '"The bridge, which opened in May, is safe."')],
                 [at(TEXT, "The bridge, which opened in May, is safe")], 1.0, 1.0,
                 id="quote marks and full stop trimmed"),
    pytest.param([at(TEXT, "which opened in May")], [at(TEXT, "which opened"), at(TEXT, "in May")],
                 1.0, 1.0, id="segments equal one span"),
    pytest.param([at(TEXT, "The bridge, which")], [at(TEXT, "The bridge"), at(TEXT, "which")],
                 0.0, 1.0, id="punctuation at a segment's edge is trimmed, inside it is not"),
    pytest.param([at(TEXT, "The bridge, which opened in May, is safe")],
                 [at(TEXT, "The bridge, which opened")], 0.0, 2 * 4 / (8 + 4),
                 id="partial: token overlap F1"),
    pytest.param([at(TEXT, "The bridge, which opened in May, is safe")],
                 [at(TEXT, "The bridge")], 0.0, 0.0, id="too little overlap"),
    pytest.param([at(TEXT, "He")], [at(TEXT, "He", 2)], 0.0, 0.0,
                 id="tokens by position: another He"),
    pytest.param([at(TEXT, "He")], [at(TEXT, " He ")], 1.0, 1.0, id="white space at the edges"),
    pytest.param([at(TEXT, ":")], [at(TEXT, ":")], 1.0, 1.0, id="punctuation-only cue kept"),
    pytest.param([at(TEXT, ":")], [at(TEXT, '"')], 0.0, 0.0, id="punctuation without tokens"),
    pytest.param([at(TEXT, "Officials said")],
                 [(at(TEXT, "Officials")[0], at(TEXT, "said")[0] + 2)], 0.0, 1.0,
                 id="a token counts when touched"),
])
def test_exact_and_lenient(gold: list[Segment], pred: list[Segment], exact: float,
                           lenient: float) -> None:
    g, p = span(*gold), span(*pred)
    assert ats.similarity(g, p, "exact") == exact
    assert ats.similarity(g, p, "lenient") == pytest.approx(lenient)


def test_absent_roles_match_only_absent_roles() -> None:
    assert ats.similarity(None, None, "exact") == 1.0
    assert ats.similarity(None, span(at(TEXT, "He")), "lenient") == 0.0
    assert span((16, 16)) is None and span(at(TEXT, " ")) is None


def test_greedy_takes_best_pairs_first_then_text_order() -> None:
    scores = {(0, 0): 0.6, (0, 1): 0.9, (1, 1): 0.8, (2, 2): 0.7, (2, 3): 0.7}
    pairs = ats.greedy(3, 4, lambda i, j: (scores[i, j],) if (i, j) in scores else None)
    assert pairs == [(0, 1), (2, 2)]


def test_subsets_shared_sources_discard_and_content_less_predictions(corpus: Path) -> None:
    (harbour, _) = read_corpus(corpus, [])
    t = HARBOUR
    gold = {a.where: a for a in harbour.attributions}
    pred = [gold["E1"], gold["E2"],  # found, the second in the quotes and speech subsets
            Attribution("p", (at(t, "she"),), (at(t, "added"),), ()),  # no content
            Attribution("d", (), (), (at(t, "Harbour Gazette"),))]  # inside Discard: ignored
    d = ats.score_document(harbour, pred)
    lenient = {item: d.tallies["lenient", item] for item in ats.ITEMS}
    assert d.gold == 4 and d.predicted == 3 and d.ignored == 1
    assert (lenient["source"].tp, lenient["source"].fp, lenient["source"].fn) == (2, 0, 1)
    assert (lenient[ats.ATTRIBUTION].tp, lenient[ats.ATTRIBUTION].fp) == (2, 0)
    assert lenient[ats.WITH_CUE].subsets == {"quotes": [1, 1], "speech": [2, 4]}
    assert lenient["source"].subsets["quotes"] == [1, 1]


def test_speech_subset_cues_are_whole_words_any_case() -> None:
    pattern = ats.speech_cue_pattern()
    assert all(pattern.search(s) for s in ("ACCORDING\n TO", "she Said", "tweeted"))
    assert not any(pattern.search(s) for s in ("believes", "sayings", "a poll shows"))


# ---------------------------------------------------------------------------- from the graph
def test_predictions_are_shifted_past_a_byte_order_mark(tmp_path: Path) -> None:
    text = "\ufeffHead line\n\nShe said it rained.\n"
    doc = GoldDocument("bom", text, (Attribution("E1", ((12, 15),), ((16, 20),), ((21, 30),)),))
    built = Attribution("", ((11, 14),), ((15, 19),), ((20, 29),))
    problems: list[str] = []
    (d,) = score_brat([doc], {"bom": sha256_hex(text[1:])}, {"bom": [built]}, tmp_path, problems)
    assert problems == [] and d.tallies["exact", ats.WITH_CUE].tp == 1
    written = json.loads((tmp_path / "bom.json").read_text(encoding="utf-8"))
    assert written == prediction_json([doc.attributions[0]])


def test_kg_evaluate_on_brat_gold(corpus: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    pred = tmp_path / "pred"
    code = main(["evaluate", "--gold", str(corpus), str(corpus / "harbour.txt"),
                 str(corpus / "orchard report.txt"), "--predictions", str(pred)])
    out = capsys.readouterr().out
    assert code == 0
    assert sorted(p.name for p in pred.iterdir()) == ["harbour.json", "orchard report.json"]
    for p in pred.iterdir():
        for a in json.loads(p.read_text(encoding="utf-8"))["attributions"]:
            assert set(a) == {"source", "cue", "content"} and a["content"] and a["cue"]
    assert out.startswith("BRAT attribution scores: 2 articles\ngold attributions 6,")
    assert "subset 'quotes'" in out and "subset 'speech'" in out
    assert "attribution (c+s+cue)" in out and "LENIENT" in out
    assert main(["evaluate", "--gold", str(corpus), str(corpus), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["articles"] == 2
    assert data["scores"]["lenient"]["cue"]["subsets"]["speech"]["gold"] == 5


def test_kg_evaluate_on_devset_json_gold_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    gold = SHARED / "devset" / "gold"
    if not gold.is_dir():
        pytest.skip("../shared/devset is not beside the project")
    assert main(["evaluate", "--gold", str(gold), str(SEEDS)]) == 0
    assert "overall macro F1" in capsys.readouterr().out


def test_kg_evaluate_refuses_a_gold_folder_without_gold(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Scored as it was, a folder of no gold read 1.000 everywhere over no documents."""
    inner = tmp_path / "devset" / "gold"
    inner.mkdir(parents=True)
    (inner / "one.json").write_text("{}", encoding="utf-8")
    article = tmp_path / "one.txt"
    article.write_text("A headline\n\nThe body said little.\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(tmp_path / "devset"), str(article)]) == 2
    err = capsys.readouterr().err
    assert "no gold here" in err and str(inner) in err
    assert main(["evaluate", "--gold", str(tmp_path / "missing"), str(article)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_kg_evaluate_names_gold_articles_it_did_not_build(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    empty = {"headline": "A headline", "persons": [], "organizations": [], "places": [],
             "quotes": [], "attributions": [], "cited_outlets": []}
    for name in ("one", "elsewhere"):
        (gold / f"{name}.json").write_text(json.dumps(empty), encoding="utf-8")
    article = tmp_path / "one.txt"
    article.write_text("A headline\n\nThe body said little.\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), str(article)]) == 0
    captured = capsys.readouterr()
    assert "documents scored: 2" in captured.out
    assert "gold articles not among the articles built, scored as found empty (1)" in captured.err
    assert "elsewhere" in captured.err and "one" not in captured.err.split(":")[-1]


# ---------------------------------------------------------------------------- agree with score.py
def needs_scorer() -> None:
    if not SCORER.is_file():
        pytest.skip("../shared/polnear/score.py is not beside the project: nothing to agree with")


def scorer(gold: Path, pred: Path, subset: str) -> dict[str, Any]:
    args = [str(SCORER), str(gold), str(pred), "--json", "--subset", subset]
    run = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True)
    return json.loads(run.stdout)["scores"]  # type: ignore[no-any-return]


def assert_agrees(gold: Path, pred: Path) -> dict[str, Any]:
    docs = read_corpus(gold, [])
    scores = []
    for doc in docs:
        p = pred / f"{doc.name}.json"
        data = json.loads(p.read_text(encoding="utf-8")) if p.exists() else {"attributions": []}
        pred_atts = ats.predicted_attributions(data, len(doc.text), doc.name, [])
        scores.append(ats.score_document(doc, pred_atts))
    mine: dict[str, Any] = ats.report_json(scores)["scores"]
    for subset in ("all", *ats.SUBSETS):
        theirs = scorer(gold, pred, subset)
        for rule in ats.RULES:
            for item in ats.ITEMS:
                m, t = mine[rule][item], theirs[rule][item]
                if subset == "all":
                    keys = ("precision", "recall", "f1", "tp", "fp", "fn")
                    got, want = [m[k] for k in keys], [t[k] for k in keys]
                else:
                    s = m["subsets"][subset]
                    got, want = [s["recall"], s["tp"], s["gold"]], [t["recall"], t["tp"], t["gold"]]
                assert [round(x, 3) if x is not None else None for x in got] == \
                       [round(x, 3) if x is not None else None for x in want], (subset, rule, item)
    return mine


def perturbed(doc: GoldDocument) -> dict[str, Any]:
    """The gold, changed deterministically: every third attribution dropped, some content
    shifted by a few characters, some sources dropped, some cues moved by one; one spurious."""
    n = len(doc.text)

    def move(segs: tuple[Segment, ...], d: int) -> list[list[int]]:
        return [[min(max(b + d, 0), n - 1), min(max(e + d, b + d + 1), n)]
                for b, e in segs if e > b]

    out = []
    for k, a in enumerate(doc.attributions):
        if k % 3 == 0:
            continue
        out.append({"source": [] if k % 5 == 2 else move(a.source, 2 if k % 7 == 1 else 0),
                    "cue": move(a.cue, 0 if k % 2 else 1),
                    "content": move(a.content, 6 if k % 4 == 1 else 0) or [[0, 5]]})
    out.append({"source": [[0, 3]], "cue": [], "content": [[5, 40]]})
    out += [{"source": [], "cue": [], "content": [[b, e]]} for b, e in doc.discard[:1]]
    return {"attributions": out}


def test_agrees_with_polnear_scorer_on_a_small_corpus(corpus: Path, tmp_path: Path) -> None:
    needs_scorer()
    pred = tmp_path / "pred"
    pred.mkdir()
    h = HARBOUR
    (pred / "harbour.json").write_text(json.dumps({"attributions": [
        {"source": [list(at(h, "harbour master"))], "cue": [list(at(h, "said"))],
         "content": [list(at(h, "The ferry timetable will change"))]},
        {"source": [list(at(h, "she"))], "cue": [list(at(h, "added"))],
         "content": [list(at(h, '"We cannot run two boats,"'))]},
        {"source": [], "cue": [list(at(h, "was reported"))],
         "content": [list(at(h, "Fares are expected"))]},
        {"source": [[3, 3]], "cue": [list(at(h, "argued"))], "content": []},
        {"content": [list(at(h, "Harbour Gazette"))]},
    ]}), encoding="utf-8")
    mine = assert_agrees(corpus, pred)  # orchard report.json is missing: an empty prediction
    assert 0 < mine["lenient"][ats.ATTRIBUTION]["f1"] < 1


def test_agrees_with_polnear_scorer_on_dev(tmp_path: Path) -> None:
    needs_scorer()
    gold = POLNEAR / "dev"
    for doc in read_corpus(gold, []):
        (tmp_path / f"{doc.name}.json").write_text(json.dumps(perturbed(doc)), encoding="utf-8")
    mine = assert_agrees(gold, tmp_path)
    assert 0.3 < mine["lenient"][ats.ATTRIBUTION]["f1"] < 0.9


def test_speech_cues_are_the_scorers_words() -> None:
    needs_scorer()
    code = "import score; print('\\n'.join(score.SPEECH_CUES))"
    run = subprocess.run([sys.executable, "-c", code], cwd=POLNEAR, capture_output=True,
                         text=True, check=True)
    data = tomllib.loads(ats.CUES_PATH.read_text(encoding="utf-8"))
    mine = {*data["phrases"], *(w for forms in data["verbs"].values() for w in forms)}
    assert mine == set(run.stdout.split("\n")) - {""}


def test_a_statement_with_no_source_is_predicted_without_one(tmp_path: Path) -> None:
    """'Asked whether ...': a statement the text gives with no source (nkg:Unattributed) is a
    prediction with an empty source, as PolNeAR's Attribution-no-source gold has it."""
    text = ("Depot stays open\n\nAsked whether the depot would close, the harbour master "
            "said it would stay open until May.\n")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "depot.txt").write_text(text, encoding="utf-8", newline="")
    (gold / "depot.ann").write_text("\n".join([
        t_line(text, "T1", "Cue", at(text, "Asked")),
        t_line(text, "T2", "Content", at(text, "whether the depot would close")),
        t_line(text, "T3", "Attribution-no-source", at(text, "Asked")),
        "E1\tAttribution-no-source:T3 Content:T2 Cue:T1", ""]), encoding="utf-8", newline="")
    pred = tmp_path / "pred"
    assert main(["evaluate", "--gold", str(gold), str(gold), "--predictions", str(pred)]) == 0
    atts = json.loads((pred / "depot.json").read_text(encoding="utf-8"))["attributions"]
    assert {"source": [], "cue": [list(at(text, "Asked"))],
            "content": [list(at(text, "whether the depot would close"))]} in atts
