"""Score extraction JSON against gold annotations, following the matching rules of the devset
format (names normalised and alias-aware; quotes matched on normalised words with a similarity
threshold; attributions on source and claim content-word overlap)."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORE = ("persons", "organizations", "places", "quotes", "quote_speakers", "cited_outlets")
TITLES = ("president", "rep", "sen", "senator", "mr", "mrs", "ms", "dr", "gen", "gov", "speaker",
          "representative", "congresswoman", "congressman", "house speaker", "vice president")
SUFFIXES = ("inc", "corp", "co", "ltd", "llc", "plc")
DESCRIPTIVE = {"anonymous", "spokesperson", "document"}
_STOP_WORDS = """a an the and or but of to in on at for from by with about as is are was were
be been
that this these those it its he she they his her their him them we our i you your not no did do does
had has have will would could should may might also than then so such which who whom what when where
why how all any some more most other into over after before during up down out off said says"""
STOP = set(_STOP_WORDS.split())


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold().replace("\u2019", "'").replace("\u2018", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def name_key(s: str) -> str:
    s = _fold(s).strip()
    s = re.sub(r"'s\b", "", s)
    changed = True
    while changed:
        changed = False
        for lead in ("the ", "a ", "an ", *(t + ". " for t in TITLES), *(t + " " for t in TITLES)):
            if s.startswith(lead):
                s, changed = s[len(lead):].lstrip(), True
    s = re.sub(r"[\s,]+(?:" + "|".join(SUFFIXES) + r")\.?$", "", s)
    return re.sub(r"[^\w]|_", "", s)


def quote_key(s: str) -> str:
    s = _fold(s).replace("'", "")
    return " ".join(re.findall(r"[^\W_]+", s))


def content_words(s: str) -> set[str]:
    out = set()
    for w in re.findall(r"[^\W_]+", _fold(s).replace("'", "")):
        if w in STOP:
            continue
        for suf in ("ing", "ed", "es", "s", "ly"):
            if len(w) > len(suf) + 2 and w.endswith(suf):
                w = w[: -len(suf)]
                break
        out.add(w)
    return out


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if not self.fp else 0.0)

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass
class Scores:
    fields: dict[str, Counts] = field(default_factory=dict)
    ratios: dict[str, list[int]] = field(default_factory=dict)  # name -> [hits, total]
    documents: int = 0

    def ratio(self, name: str, ok: bool) -> None:
        r = self.ratios.setdefault(name, [0, 0])
        r[0] += int(ok)
        r[1] += 1

    @property
    def macro_f1(self) -> float:
        return sum(self.fields[f].f1 for f in CORE) / len(CORE)

    @property
    def micro(self) -> Counts:
        c = Counts()
        for f in CORE:
            c.add(self.fields[f])
        return c


class Names:
    """Alias-aware name matching for one gold document."""

    def __init__(self, gold: dict[str, Any]) -> None:
        self.aliases: dict[str, set[str]] = {}
        for canon, forms in (gold.get("aliases") or {}).items():
            self.aliases[canon] = {name_key(canon), *(name_key(f) for f in forms)}

    def keys(self, name: str, extra: list[str] | None = None) -> set[str]:
        ks = {name_key(name)} | self.aliases.get(name, set())
        for canon, forms in self.aliases.items():
            if name_key(name) in forms:
                ks |= forms | {name_key(canon)}
        for e in extra or []:
            ks |= self.keys(e)
        return ks - {""}

    def match(
        self, predicted: str | None, gold: str | None, extra: list[str] | None = None
    ) -> bool:
        if not predicted or not gold:
            return not predicted and not gold
        return name_key(predicted) in self.keys(gold, extra)


def _name(x: Any) -> str:
    return x.get("name", "") if isinstance(x, dict) else str(x)


def score_names(field_: str, gold: dict[str, Any], pred: dict[str, Any], names: Names) -> Counts:
    items = list(gold.get(field_) or [])
    optional = [k for o in gold.get(f"{field_}_optional") or [] for k in names.keys(o)]
    matched = [False] * len(items)
    keys = [names.keys(g) for g in items]
    c = Counts()
    for p in pred.get(field_) or []:
        k = name_key(_name(p))
        hit = next((i for i, ks in enumerate(keys) if k in ks and not matched[i]), None)
        if hit is not None:
            matched[hit] = True
            c.tp += 1
        elif any(k in ks for ks in keys) or k in optional:
            continue
        else:
            c.fp += 1
    c.fn = matched.count(False)
    return c


def speaker_ok(p: dict[str, Any], g: dict[str, Any], names: Names, prefix: str) -> bool:
    ps, gs = p.get(prefix) or "", g.get(prefix) or ""
    if names.match(ps, gs, g.get(f"{prefix}_aliases")):
        return True
    gkind, gorg = g.get(f"{prefix}_kind"), g.get(f"{prefix}_org")
    if gkind in DESCRIPTIVE:
        if p.get(f"{prefix}_kind") == gkind:
            if not gorg:
                return True
            hay = name_key(ps) + " " + name_key(p.get(f"{prefix}_org") or "")
            if any(k and k in hay for k in names.keys(gorg)):
                return True
        if gkind == "spokesperson" and gorg and names.match(ps, gorg):
            return True
    return False


def score_quotes(
    gold: dict[str, Any], pred: dict[str, Any], names: Names, s: Scores, fuzzy: float
) -> None:
    golds = list(gold.get("quotes") or [])
    gkeys = [quote_key(g["text"]) for g in golds]
    used = [False] * len(golds)
    seen: set[str] = set()
    q, sp = Counts(), Counts()
    for p in pred.get("quotes") or []:
        k = quote_key(p.get("text", ""))
        if len(k.split()) < 4 or k in seen:
            continue
        seen.add(k)
        best, best_r = None, 0.0
        for i, gk in enumerate(gkeys):
            if used[i]:
                continue
            r = 1.0 if gk == k else difflib.SequenceMatcher(None, k, gk).ratio()
            if r >= fuzzy and r > best_r:
                best, best_r = i, r
        if best is None:
            q.fp += 1
            sp.fp += 1
            continue
        used[best] = True
        if golds[best].get("optional"):
            continue
        q.tp += 1
        ok = speaker_ok(p, golds[best], names, "speaker")
        sp.tp += int(ok)
        sp.fp += int(not ok)
        s.ratio("speaker_kind", p.get("speaker_kind") == golds[best].get("speaker_kind"))
    required = [i for i, g in enumerate(golds) if not g.get("optional")]
    q.fn = sum(1 for i in required if not used[i])
    sp.fn = len(required) - sp.tp
    s.fields["quotes"].add(q)
    s.fields["quote_speakers"].add(sp)


def score_attributions(
    gold: dict[str, Any], pred: dict[str, Any], names: Names, s: Scores, thr: float
) -> None:
    golds = list(gold.get("attributions") or [])
    used = [False] * len(golds)
    c = Counts()
    for p in pred.get("attributions") or []:
        pw = content_words(p.get("claim", ""))
        hit = None
        for i, g in enumerate(golds):
            gw = content_words(g.get("claim", ""))
            if used[i] or not gw or len(gw & pw) / len(gw) < thr:
                continue
            if speaker_ok(p, g, names, "source"):
                hit = i
                break
        if hit is None:
            c.fp += 1
            continue
        used[hit] = True
        c.tp += 1
        gv, pv = golds[hit].get("via_outlet"), p.get("via_outlet")
        s.ratio("via_outlet", (not gv and not pv) or names.match(pv, gv))
    c.fn = used.count(False)
    s.fields["attributions"].add(c)


def score_doc(
    gold: dict[str, Any], pred: dict[str, Any], s: Scores, fuzzy: float = 0.9, thr: float = 0.4
) -> None:
    names = Names(gold)
    for f in ("persons", "organizations", "places", "cited_outlets"):
        s.fields[f].add(score_names(f, gold, pred, names))
    score_quotes(gold, pred, names, s, fuzzy)
    score_attributions(gold, pred, names, s, thr)
    s.ratio("publisher", names.match(pred.get("publisher"), gold.get("publisher")))
    s.ratio(
        "headline", quote_key(pred.get("headline") or "") == quote_key(gold.get("headline") or "")
    )
    s.documents += 1


def score_dir(gold_dir: Path, pred_dir: Path) -> Scores:
    s = Scores(fields={f: Counts() for f in (*CORE, "attributions")})
    for g in sorted(gold_dir.glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        p = pred_dir / g.name
        pred = json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}
        score_doc(gold, pred, s)
    return s


def format_scores(s: Scores) -> str:
    lines = [
        f"documents scored: {s.documents}",
        f"{'field':<16}{'P':>7}{'R':>7}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}",
    ]
    for f in (*CORE, "attributions"):
        c = s.fields[f]
        lines.append(f"{f:<16}{c.p:7.3f}{c.r:7.3f}{c.f1:7.3f}{c.tp:5d}{c.fp:5d}{c.fn:5d}")
    for name, (hit, total) in s.ratios.items():
        lines.append(f"{name + ' accuracy':<24}{(hit / total if total else 0):.3f} ({hit}/{total})")
    m = s.micro
    lines.append(f"overall macro F1 {s.macro_f1:.3f} | micro P {m.p:.3f} R {m.r:.3f} F1 {m.f1:.3f}")
    return "\n".join(lines)
