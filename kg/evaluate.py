"""`kg evaluate`: build the graph of the given articles, read the extraction back out of the graph
with the repository's SPARQL queries, write one JSON file per article and score them against gold
annotations: devset JSON gold (``kg.scoring``), or BRAT standoff attribution gold, a folder of
``NAME.txt`` + ``NAME.ann`` (``kg.brat``, ``kg.attribution_scoring``; predictions in PolNeAR's
format, ``NAME.json`` holding ``{"attributions": [{"source", "cue", "content"}]}``)."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import attribution_scoring as ats
from kg.brat import ROLES, Attribution, GoldDocument, Segment, is_brat_folder, read_corpus
from kg.config import Settings
from kg.errors import ConfigError
from kg.ingest import safe_id
from kg.pipeline import BuildResult, build
from kg.scoring import format_scores, score_dir
from kg.text import sha256_hex

KIND_BY_TYPE = {
    "Person": "person", "Organization": "organization", "NewsMediaOrganization": "organization",
    "Place": "place",
}
QUOTE_KIND = {
    "NamedSource": None, "WrittenStatement": None, "SocialMediaPost": None,
    "SpokespersonStatement": "spokesperson", "AnonymousSourcing": "anonymous",
    "DocumentSource": "document", "OutletCitation": "organization",
    "PriorReporting": "organization",
}
SOURCE_KIND = {"AnonymousSourcing": "anonymous", "SpokespersonStatement": "spokesperson",
               "DocumentSource": "document", "OutletCitation": "outlet", "PriorReporting": "outlet"}


def run_query(store: ox.Store, queries: Path, name: str) -> list[dict[str, str]]:
    q = (queries / f"{name}.rq").read_text(encoding="utf-8")
    names = _vars(q)
    out = []
    for sol in store.query(q, use_default_graph_as_union=True):  # type: ignore[union-attr]
        out.append({v.value: sol[v].value for v in names if sol[v] is not None})
    return out


def _vars(query: str) -> list[ox.Variable]:
    import re

    head = query.split("WHERE", 1)[0]
    names = dict.fromkeys(re.findall(r"\?(\w+)", re.sub(r"\([^)]*AS\s+\?(\w+)\)", r"?\1", head)))
    return [ox.Variable(n) for n in names]


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def predictions(store: ox.Store, queries: Path) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for r in run_query(store, queries, "articles"):
        docs[r["id"]] = {"headline": r["headline"], "publisher": r.get("publisher"), "persons": [],
                         "organizations": [], "places": [], "quotes": [], "attributions": [],
                         "cited_outlets": []}
    for r in run_query(store, queries, "mentions"):
        field = KIND_BY_TYPE[_local(r["type"])] + "s"
        if r["name"] not in docs[r["id"]][field]:
            docs[r["id"]][field].append(r["name"])
    seen: set[tuple[str, str]] = set()
    for r in run_query(store, queries, "quotes"):
        if (r["id"], r["quote"]) in seen:
            continue
        seen.add((r["id"], r["quote"]))
        kind = QUOTE_KIND.get(_local(r["sourcing"])) or _kind_of_type(r.get("speakerType", ""))
        docs[r["id"]]["quotes"].append({"text": r["quote"], "speaker": r.get("speaker", ""),
                                        "speaker_kind": kind, "speaker_org": r.get("speakerOrg")})
    for r in run_query(store, queries, "attributions"):
        doc = docs[r["id"]]
        sourcing = _local(r["sourcing"])
        if sourcing == "Unattributed":
            continue  # a statement with no source (the devset's attributions all have one)
        first = _local(r["firstSourcing"])
        via = r.get("channel") or (r.get("firstHop") if first == "OutletCitation" else None)
        if via is None and r.get("reportedTo") and r.get("reportedTo") != doc["publisher"]:
            via = r["reportedTo"]
        person = sourcing not in SOURCE_KIND and r.get("source") and _is_person(store, r["source"])
        source_kind = SOURCE_KIND.get(sourcing) or ("person" if person else "organization")
        doc["attributions"].append({"claim": r["claim"], "source": r.get("source", ""),
                                    "source_kind": source_kind, "via_outlet": via,
                                    "source_org": r.get("sourceOrg")})
    for r in run_query(store, queries, "outlet-citations"):
        if r["cited"] not in docs[r["id"]]["cited_outlets"]:
            docs[r["id"]]["cited_outlets"].append(r["cited"])
    return docs


def _kind_of_type(t: str) -> str:
    return "person" if _local(t) == "Person" else "organization"


def _is_person(store: ox.Store, name: str) -> bool:
    q = ('PREFIX schema: <https://schema.org/> '
         'ASK { ?p a schema:Person ; schema:name ?n . FILTER (STR(?n) = %s) }')
    return bool(store.query(q % json.dumps(name), use_default_graph_as_union=True))


def write_predictions(docs: dict[str, dict[str, Any]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for aid, doc in docs.items():
        body = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
        (folder / f"{aid}.json").write_text(body, encoding="utf-8")


def evaluate(settings: Settings, gold: Path, keep: Path | None, subset: str | None = None,
             as_json: bool = False) -> int:
    check_gold(gold)
    if is_brat_folder(gold):
        return evaluate_brat(settings, gold, keep, subset, as_json)
    with tempfile.TemporaryDirectory() as tmp:
        result, store = _build_store(settings, Path(tmp))
        docs = predictions(store, settings.queries_dir)
        folder = keep or Path(tmp) / "predictions"
        write_predictions(docs, folder)
        scores = score_dir(gold, folder)
    unbuilt = sorted(g.stem for g in gold.glob("*.json") if g.stem not in docs)
    if unbuilt:
        print(f"warning: gold articles not among the articles built, scored as found empty "
              f"({len(unbuilt)}): {', '.join(unbuilt[:10])}"
              f"{' ...' if len(unbuilt) > 10 else ''}", file=sys.stderr)
    print(format_scores(scores))
    return 0 if result.built else 2


def check_gold(gold: Path) -> None:
    """A gold folder holds devset JSON files or BRAT standoff files; anything else is a usage
    error (scored as it was, every figure would read 1.000 over no documents)."""
    if not gold.is_dir():
        raise ConfigError(f"--gold {gold}: not a folder")
    if any(gold.glob("*.json")) or is_brat_folder(gold):
        return
    inner = sorted(str(d) for d in gold.iterdir()
                   if d.is_dir() and (any(d.glob("*.json")) or is_brat_folder(d)))
    hint = f"; gold is in {', '.join(inner)}" if inner else ""
    raise ConfigError(f"--gold {gold}: no gold here: neither devset files (NAME.json) nor BRAT "
                      f"standoff (NAME.ann beside NAME.txt){hint}")


def _build_store(settings: Settings, tmp: Path) -> tuple[BuildResult, ox.Store]:
    built = settings.with_(out_dir=tmp / "build")
    result = build(built)
    store = ox.Store()
    store.bulk_load(path=str(built.dumps_dir / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    return result, store


# ---------------------------------------------------------------------------- BRAT gold
TEXT_CHECKSUMS = """PREFIX schema: <https://schema.org/>
PREFIX nkg: <https://w3id.org/newskg/ns#>
SELECT ?id ?sha WHERE { ?a schema:identifier ?id ; nkg:textContext/nkg:contentSha256 ?sha }"""


def evaluate_brat(settings: Settings, gold: Path, keep: Path | None, subset: str | None,
                  as_json: bool) -> int:
    problems: list[str] = []
    docs = read_corpus(gold, problems)
    with tempfile.TemporaryDirectory() as tmp:
        result, store = _build_store(settings, Path(tmp))
        checksums = text_checksums(store)
        spans = attribution_spans(store, settings.queries_dir)
        folder = keep or Path(tmp) / "predictions"
        scores = score_brat(docs, checksums, spans, folder, problems)
    for p in problems:
        print(f"warning: {p}", file=sys.stderr)
    out = ats.report_json(scores) | {"problems": problems} if as_json else None
    print(json.dumps(out, indent=1, ensure_ascii=False) if out else ats.report(scores, subset))
    return 0 if result.built else 2


def text_checksums(store: ox.Store) -> dict[str, str]:
    """Each built article's id and the SHA-256 of the text kg read for it."""
    return {str(r["id"]): str(r["sha"]) for r in _select(store, TEXT_CHECKSUMS)}


def _select(store: ox.Store, query: str) -> list[dict[str, str]]:
    rows = store.query(query, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    names = rows.variables
    return [{v.value: s[v].value for v in names if s[v] is not None} for s in rows]


def attribution_spans(store: ox.Store, queries: Path) -> dict[str, list[Attribution]]:
    """Per article id, one PolNeAR attribution per attribution hop with a cue: the source span
    (none when the text names none), the cue span and the statement's content spans."""
    hops: dict[tuple[str, str, str], dict[str, set[Segment]]] = {}
    for r in run_query(store, queries, "attribution-spans"):
        hop = hops.setdefault((r["id"], r["statement"], r["hop"]), {role: set() for role in ROLES})
        for role in ROLES:
            if f"{role}Begin" in r and f"{role}End" in r:
                hop[role].add((int(r[f"{role}Begin"]), int(r[f"{role}End"])))
    out: dict[str, set[Attribution]] = {}
    for (aid, _, _), roles in hops.items():
        segs = (tuple(sorted(roles[role])) for role in ROLES)
        out.setdefault(aid, set()).add(Attribution("", *segs))
    order = lambda a: (a.content, a.cue, a.source)  # noqa: E731
    return {aid: sorted(atts, key=order) for aid, atts in out.items()}


def prediction_json(atts: Sequence[Attribution], shift: int = 0) -> dict[str, Any]:
    """PolNeAR's prediction format; ``shift`` is added to every offset."""
    return {"attributions": [{role: [[b + shift, e + shift] for b, e in a.role(role)]
                              for role in ROLES} for a in atts]}


def score_brat(docs: list[GoldDocument], checksums: dict[str, str],
               spans: dict[str, list[Attribution]], folder: Path,
               problems: list[str]) -> list[ats.DocumentScore]:
    """Write ``folder/NAME.json`` for each gold article kg built (a byte-order mark, which kg's
    reader drops, shifts the offsets by one) and score it; an article not built scores empty."""
    folder.mkdir(parents=True, exist_ok=True)
    scores, unbuilt = [], []
    for doc in docs:
        aid = safe_id(doc.name)
        shift = 1 if doc.text.startswith("\ufeff") else 0
        if aid not in checksums:
            unbuilt.append(doc.name)
            scores.append(ats.score_document(doc, []))
            continue
        if checksums[aid] != sha256_hex(doc.text[shift:]):
            problems.append(f"{doc.name}: kg read another text than the .txt; offsets may differ")
        data = prediction_json(spans.get(aid, []), shift)
        (folder / f"{doc.name}.json").write_text(json.dumps(data) + "\n", encoding="utf-8")
        pred = ats.predicted_attributions(data, len(doc.text), doc.name, problems)
        scores.append(ats.score_document(doc, pred))
    if unbuilt:
        problems.append(f"{len(unbuilt)} gold articles were not built (scored as empty): "
                        + ", ".join(unbuilt[:5]) + (" ..." if len(unbuilt) > 5 else ""))
    extra = sorted(set(checksums) - {safe_id(d.name) for d in docs})
    if extra:
        problems.append(f"{len(extra)} built articles have no gold: {', '.join(extra[:5])}")
    return scores
