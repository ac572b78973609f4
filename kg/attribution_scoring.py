"""Score predicted attributions (source, cue, content as character spans) against BRAT gold.

The rules are those of the PolNeAR scorer (``../shared/polnear/README.md``), so both give the same
figures on the same predictions:

* items: each article's distinct source, cue and content spans, and whole attributions, matched on
  content and source (``attribution (c+s)``) or on content, source and cue (``(c+s+cue)``); an
  absent role matches only an absent role. Micro-averaged over articles.
* EXACT: the same characters once each segment is trimmed of white space and punctuation at its
  edges, white space inside ignored (a span of punctuation only keeps its characters).
* LENIENT: token overlap F1 >= 0.5, tokens being the ``\\w+`` runs of the text taken by position.
* one-to-one greedy matching within an article, best score first (attributions: content, then
  source, then cue), ties in text order. Predictions wholly inside Discard spans are ignored.
* subsets, recall only: ``quotes`` (content holds a double quotation mark) and ``speech`` (cue holds
  a reporting verb of ``kg/data/speech_cues.toml``).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kg.brat import ROLES, Attribution, GoldDocument, Segment

ATTRIBUTION = "attribution (c+s)"
WITH_CUE = "attribution (c+s+cue)"
ITEMS = (*ROLES, ATTRIBUTION, WITH_CUE)
RULES = ("exact", "lenient")
SUBSETS = ("quotes", "speech")
LENIENT = 0.5
QUOTE_MARKS = ('"', "\u201c", "\u201d")
CUES_PATH = Path(__file__).resolve().parent / "data" / "speech_cues.toml"
_WORD = re.compile(r"\w+")


@cache
def speech_cue_pattern() -> re.Pattern[str]:
    with CUES_PATH.open("rb") as f:
        data = tomllib.load(f)
    cues = [*data["phrases"], *(w for forms in data["verbs"].values() for w in forms)]
    words = (r"\s+".join(map(re.escape, c.split())) for c in sorted(cues, key=len, reverse=True))
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    chars: frozenset[int]  # positions of its characters after trimming (the EXACT identity)
    tokens: frozenset[int]  # numbers of the \w+ tokens it touches (the LENIENT identity)
    segments: tuple[Segment, ...]


class Text:
    """An article's text with the number of the token at each character (-1 outside tokens)."""

    def __init__(self, text: str, discard: Iterable[Segment] = ()) -> None:
        self.text = text
        self.token_at = [-1] * len(text)
        for n, m in enumerate(_WORD.finditer(text)):
            self.token_at[m.start() : m.end()] = [n] * (m.end() - m.start())
        self.discard = frozenset(i for b, e in discard for i in range(b, e))

    def span(self, segments: Iterable[Segment]) -> Span | None:
        """The span of ``segments``, or None when it holds no visible character."""
        segs = tuple(sorted(set(segments)))
        chars = {i for b, e in segs for i in self._trimmed(b, e) if not self.text[i].isspace()}
        if not chars:
            chars = {i for b, e in segs for i in range(b, e) if not self.text[i].isspace()}
        if not chars:
            return None
        return Span(frozenset(chars), frozenset(self.token_at[i] for i in chars) - {-1}, segs)

    def _trimmed(self, b: int, e: int) -> range:
        while b < e and _edge(self.text[b]):
            b += 1
        while e > b and _edge(self.text[e - 1]):
            e -= 1
        return range(b, e)

    def joined(self, span: Span | None, sep: str) -> str:
        return sep.join(self.text[b:e] for b, e in span.segments) if span else ""


def _edge(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def similarity(a: Span | None, b: Span | None, rule: str) -> float:
    """1.0 for a match under EXACT, the token overlap F1 under LENIENT, 0.0 for no match."""
    if a is None or b is None:
        return float(a is None and b is None)
    if a.chars == b.chars:
        return 1.0
    if rule == "exact" or not a.tokens or not b.tokens:
        return 0.0
    f1 = 2 * len(a.tokens & b.tokens) / (len(a.tokens) + len(b.tokens))
    return f1 if f1 >= LENIENT else 0.0


@dataclass(frozen=True)
class Scored:
    """An attribution's roles as spans, and (gold) which subsets it belongs to."""

    source: Span | None
    cue: Span | None
    content: Span | None
    subsets: frozenset[str] = frozenset()

    def role(self, name: str) -> Span | None:
        return {"source": self.source, "cue": self.cue, "content": self.content}[name]

    def order(self) -> tuple[tuple[Segment, ...], ...]:
        return tuple(s.segments if s else () for s in (self.content, self.cue, self.source))


def scored(t: Text, a: Attribution, gold: bool) -> Scored:
    source, cue, content = (t.span(a.role(r)) if a.role(r) else None for r in ROLES)
    s = Scored(source, cue, content)
    if not gold:
        return s
    subsets = set()
    if any(q in t.joined(s.content, "") for q in QUOTE_MARKS):
        subsets.add("quotes")
    if speech_cue_pattern().search(t.joined(s.cue, " ")):
        subsets.add("speech")
    return Scored(s.source, s.cue, s.content, frozenset(subsets))


Score = Callable[[int, int], tuple[float, ...] | None]


def greedy(n_gold: int, n_pred: int, score: Score) -> list[tuple[int, int]]:
    """One-to-one matching: pairs with a score, best first, ties in gold then prediction order."""
    cands = sorted((tuple(-x for x in s), i, j) for i in range(n_gold) for j in range(n_pred)
                   if (s := score(i, j)))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    subsets: dict[str, list[int]] = field(default_factory=dict)  # name -> [found, gold]

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        for name, (found, gold) in other.subsets.items():
            mine = self.subsets.setdefault(name, [0, 0])
            mine[0], mine[1] = mine[0] + found, mine[1] + gold

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float(self.fn == 0)

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float(self.fp == 0)

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def recall(self, subset: str) -> float | None:
        found, gold = self.subsets.get(subset, [0, 0])
        return found / gold if gold else None


def tally(pairs: list[tuple[int, int]], n_pred: int, gold_subsets: Sequence[frozenset[str]]
          ) -> Tally:
    matched = {i for i, _ in pairs}
    t = Tally(len(pairs), n_pred - len(pairs), len(gold_subsets) - len(pairs))
    for name in SUBSETS:
        flags = [i for i, s in enumerate(gold_subsets) if name in s]
        t.subsets[name] = [len(matched.intersection(flags)), len(flags)]
    return t


def role_items(atts: Sequence[Scored], role: str) -> list[tuple[Span, frozenset[str]]]:
    """The distinct spans of one role (by EXACT identity), with the subsets of the attributions
    using each, in text order."""
    found: dict[frozenset[int], tuple[Span, frozenset[str]]] = {}
    for a in atts:
        s = a.role(role)
        if s is not None:
            first, subsets = found.get(s.chars, (s, frozenset()))
            found[s.chars] = (first, subsets | a.subsets)
    return sorted(found.values(), key=lambda x: x[0].segments)


@dataclass
class DocumentScore:
    name: str
    gold: int
    predicted: int
    ignored: int  # predicted items wholly inside Discard spans
    tallies: dict[tuple[str, str], Tally]


def score_document(doc: GoldDocument, predicted: Sequence[Attribution]) -> DocumentScore:
    t = Text(doc.text, doc.discard)
    gold = [scored(t, a, gold=True) for a in doc.attributions]
    pred = [scored(t, a, gold=False) for a in predicted]

    def discarded(s: Span | None) -> bool:
        return s is not None and s.chars <= t.discard

    kept = [p for p in pred if not discarded(p.content)]
    out = DocumentScore(doc.name, len(gold), len(kept), len(pred) - len(kept), {})
    for role in ROLES:
        g_items = role_items(gold, role)
        p_items = [s for s, _ in role_items(kept, role) if not discarded(s)]
        out.ignored += len(role_items(kept, role)) - len(p_items)
        for rule in RULES:
            out.tallies[rule, role] = _role_tally(g_items, p_items, rule)
    g_att = sorted((a for a in gold if a.content), key=Scored.order)
    p_att = sorted((a for a in kept if a.content), key=Scored.order)
    for item, with_cue in ((ATTRIBUTION, False), (WITH_CUE, True)):
        for rule in RULES:
            out.tallies[rule, item] = _whole_tally(g_att, p_att, rule, with_cue)
    return out


def _role_tally(gold: list[tuple[Span, frozenset[str]]], pred: list[Span], rule: str) -> Tally:
    def score(i: int, j: int) -> tuple[float, ...] | None:
        s = similarity(gold[i][0], pred[j], rule)
        return (s,) if s else None

    return tally(greedy(len(gold), len(pred), score), len(pred), [s for _, s in gold])


def _whole_tally(gold: list[Scored], pred: list[Scored], rule: str, with_cue: bool) -> Tally:
    def score(i: int, j: int) -> tuple[float, ...] | None:
        g, p = gold[i], pred[j]
        c = similarity(g.content, p.content, rule)
        s = similarity(g.source, p.source, rule)
        q = similarity(g.cue, p.cue, rule) if with_cue else 1.0
        return (c, s, q) if c and s and q else None

    return tally(greedy(len(gold), len(pred), score), len(pred), [a.subsets for a in gold])


def total(docs: Iterable[DocumentScore]) -> dict[tuple[str, str], Tally]:
    out = {(rule, item): Tally() for rule in RULES for item in ITEMS}
    for d in docs:
        for k, v in d.tallies.items():
            out[k].add(v)
    return out


def predicted_attributions(data: Any, length: int, where: str, problems: list[str]
                           ) -> list[Attribution]:
    """Attributions of one prediction's JSON (``{"attributions": [{"cue": [[b, e]], ...}]}``);
    bad segments are reported and dropped."""
    items = data.get("attributions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        problems.append(f'{where}: no "attributions" list; scored as an empty prediction')
        return []
    out = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(f"{where}: attribution #{n}: not an object; skipped")
            continue
        at = f"{where}: attribution #{n}"
        roles = (_segments(item.get(r), length, f"{at} {r}", problems) for r in ROLES)
        out.append(Attribution(f"#{n}", *roles))
    return out


def _segments(value: Any, length: int, where: str, problems: list[str]) -> tuple[Segment, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(f"{where}: must be a list of [begin, end] pairs; dropped")
        return ()
    segs = []
    for seg in value:
        if (isinstance(seg, list) and len(seg) == 2 and all(type(x) is int for x in seg)
                and 0 <= seg[0] < seg[1] <= length):
            segs.append((seg[0], seg[1]))
        else:
            problems.append(f"{where}: bad segment {seg!r} (text length {length}); dropped")
    return tuple(segs)


def _fmt(x: float | None) -> str:
    return "   n/a" if x is None else f"{x:6.3f}"


def format_table(tallies: dict[tuple[str, str], Tally], subset: str | None = None) -> list[str]:
    """P, R, F1 and counts under both rules (or, for a subset, recall, found and gold)."""
    cols = "{:>6} {:>6} {:>6} {:>5} {:>5} {:>5}".format("P", "R", "F1", "TP", "FP", "FN")
    if subset:
        cols = "{:>6} {:>6} {:>6}".format("R", "found", "gold")
    head = f"{'item':<24}" + "".join(f" | {rule.upper():<7}{cols}" for rule in RULES)
    lines = [head, "-" * len(head)]
    for item in ITEMS:
        row = f"{item:<24}"
        for rule in RULES:
            t = tallies[rule, item]
            if subset:
                found, gold = t.subsets.get(subset, [0, 0])
                row += f" | {'':<7}{_fmt(t.recall(subset))} {found:>6} {gold:>6}"
            else:
                row += (f" | {'':<7}{_fmt(t.p)} {_fmt(t.r)} {_fmt(t.f1)}"
                        f" {t.tp:>5} {t.fp:>5} {t.fn:>5}")
        lines.append(row)
    return lines


def report(docs: Sequence[DocumentScore], subset: str | None = None) -> str:
    """The table of all gold, then each subset's recall; given ``subset``, only its table."""
    tallies = total(docs)
    gold, pred = sum(d.gold for d in docs), sum(d.predicted for d in docs)
    counts = (f"gold attributions {gold}, predicted {pred}, "
              f"predicted items ignored inside Discard spans {sum(d.ignored for d in docs)}")
    lines = [f"BRAT attribution scores: {len(docs)} articles", counts, ""]
    for name in (subset,) if subset else (None, *SUBSETS):
        if name:
            lines += ["", f"subset '{name}': recall only (precision is not defined on part of "
                          "the gold)"]
        lines += format_table(tallies, name)
    return "\n".join(lines)


def report_json(docs: Sequence[DocumentScore]) -> dict[str, Any]:
    tallies = total(docs)

    def figures(t: Tally) -> dict[str, Any]:
        subs = {n: {"recall": t.recall(n), "tp": f, "gold": g}
                for n, (f, g) in sorted(t.subsets.items())}
        return {"precision": t.p, "recall": t.r, "f1": t.f1, "tp": t.tp, "fp": t.fp, "fn": t.fn,
                "subsets": subs}

    return {"articles": len(docs), "gold_attributions": sum(d.gold for d in docs),
            "predicted_attributions": sum(d.predicted for d in docs),
            "ignored_in_discard": sum(d.ignored for d in docs),
            "scores": {rule: {item: figures(tallies[rule, item]) for item in ITEMS}
                       for rule in RULES}}
