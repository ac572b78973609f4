"""`kg evaluate`: build the graph of the given articles, read the extraction back out of the graph
with the repository's SPARQL queries, write one JSON file per article (the devset format), and
score them against gold annotations."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.config import Settings
from kg.pipeline import build
from kg.scoring import format_scores, score_dir

KIND_BY_TYPE = {
    "Person": "person", "Organization": "organization", "NewsMediaOrganization": "organization",
    "Place": "place",
}
QUOTE_KIND = {
    "NamedSource": None, "WrittenStatement": None, "SocialMediaPost": None,
    "SpokespersonStatement": "spokesperson", "AnonymousSourcing": "anonymous",
    "DocumentSource": "document", "OutletCitation": "organization", "PriorReporting": "organization",
}


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
        first = _local(r["firstSourcing"])
        via = r.get("channel") or (r.get("firstHop") if first == "OutletCitation" else None)
        if via is None and r.get("reportedTo") and r.get("reportedTo") != doc["publisher"]:
            via = r["reportedTo"]
        kind = {"AnonymousSourcing": "anonymous", "SpokespersonStatement": "spokesperson",
                "DocumentSource": "document", "OutletCitation": "outlet", "PriorReporting": "outlet"}.get(sourcing)
        if kind is None:
            kind = "person" if r.get("source") and _is_person(store, r["source"]) else "organization"
        doc["attributions"].append({"claim": r["claim"], "source": r.get("source", ""), "source_kind": kind,
                                    "via_outlet": via, "source_org": r.get("sourceOrg")})
    for r in run_query(store, queries, "outlet-citations"):
        if r["cited"] not in docs[r["id"]]["cited_outlets"]:
            docs[r["id"]]["cited_outlets"].append(r["cited"])
    return docs


def _kind_of_type(t: str) -> str:
    return "person" if _local(t) == "Person" else "organization"


def _is_person(store: ox.Store, name: str) -> bool:
    q = 'PREFIX schema: <https://schema.org/> ASK { ?p a schema:Person ; schema:name ?n . FILTER (STR(?n) = %s) }'
    return bool(store.query(q % json.dumps(name), use_default_graph_as_union=True))


def write_predictions(docs: dict[str, dict[str, Any]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for aid, doc in docs.items():
        (folder / f"{aid}.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def evaluate(settings: Settings, gold: Path, keep: Path | None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        result = build(settings.with_(out_dir=Path(tmp) / "build"))
        store = ox.Store()
        store.bulk_load(path=str(settings.with_(out_dir=Path(tmp) / "build").dumps_dir / "kg.nq"),
                        format=ox.RdfFormat.N_QUADS)
        docs = predictions(store, settings.queries_dir)
        folder = keep or Path(tmp) / "predictions"
        write_predictions(docs, folder)
        scores = score_dir(gold, folder)
    print(format_scores(scores))
    return 0 if result.built else 2
