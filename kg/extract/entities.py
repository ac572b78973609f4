"""People, organizations and places: registry names first, then capitalised name sequences,
with titles recorded as roles and later short mentions ("Lopez") resolved to the full name.

A name's kind comes from its words where they are firm (an organization keyword, an outlet's last
word, a personal title before it), else from context ("X cut its forecast") or the model's label;
two capitalised words alone are only a guess at a person. A title inside a run of capitalised
words ("Acme Robotics CEO Gideon Vance") separates the organization from the person."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kg.extract.lexicon import Lexicon, alternation, load
from kg.model import Article, Entity, EntityKind, Mention, Span
from kg.registry import Registry
from kg.text import name_key

_WORD = r"[A-Z][\w'\u2019.\-]*[\w.]|[A-Z]"


@dataclass
class Entities:
    """What the entity pass found in one article, with lookups the later passes need."""

    article: Article
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    roles: dict[str, set[str]] = field(default_factory=dict)

    def add(self, entity: Entity, span: Span, role: str | None, rule: str, conf: float) -> None:
        """Record a mention; a span already naming an entity keeps its first reading (one span
        is one mention of one entity)."""
        if any(m.span == span for m in self.mentions):
            return
        self.entities.setdefault(entity.key, entity)
        self.mentions.append(Mention(span, entity.key, role, rule, conf))
        if role:
            self.roles.setdefault(entity.key, set()).add(role)

    def inside(self, span: Span) -> list[Mention]:
        return [m for m in self.mentions if m.span.within(span)]

    def last_before(self, offset: int, kinds: set[str]) -> Entity | None:
        best = None
        for m in self.mentions:
            if m.span.end <= offset and self.entities[m.entity].kind in kinds:
                best = m
        return self.entities[best.entity] if best else None

    def kind(self, key: str) -> EntityKind:
        return self.entities[key].kind


@cache
def _registry_pattern(registry: Registry) -> tuple[re.Pattern[str], dict[str, Entity]]:
    forms: dict[str, Entity] = {}
    for e in registry.entries:
        for f in e.surface_forms:
            if f[:1].isupper() or f[:1].isdigit():
                forms.setdefault(f, e.entity)
            elif f.lower().startswith("the "):
                forms.setdefault(f, e.entity)
                forms.setdefault("T" + f[1:], e.entity)
    pat = re.compile(r"(?<![\w])(?:" + alternation(set(forms)) + r")(?![\w])")
    return pat, forms


NER_KIND: dict[str, EntityKind] = {"PERSON": "person", "ORG": "organization", "GPE": "place",
                                   "LOC": "place", "FAC": "place"}
Ner = list[tuple[Span, str]]


def find_entities(article: Article, registry: Registry, lexicon: Lexicon | None = None,
                  ner: Ner = ()) -> Entities:  # type: ignore[assignment]
    """``ner``: the model's named entities (span, label), which type what capitalisation finds."""
    lx = lexicon or load()
    found = Entities(article)
    text = article.text
    taken: list[Span] = []
    pat, forms = _registry_pattern(registry)
    norm = {re.sub(r"\s+", " ", k): v for k, v in forms.items()}
    for m in pat.finditer(text):
        span = Span(m.start(), m.end())
        if article.in_boilerplate(span):
            continue
        entity = norm[re.sub(r"\s+", " ", m.group())]
        found.add(entity, span, _title_before(text, span.begin, lx), "registry", 0.95)
        taken.append(span)
    _capitalised(article, found, taken, lx, list(ner))
    _short_forms(article, found, taken, lx)
    found.mentions.sort(key=lambda m: m.span)
    return found


def _title_before(text: str, begin: int, lx: Lexicon) -> str | None:
    m = lx.title_re.search(text[max(0, begin - 40) : begin])
    return re.sub(r"\s+", " ", m.group().strip()) if m else None


def _capitalised(article: Article, found: Entities, taken: list[Span], lx: Lexicon,
                 ner: Ner) -> None:
    text = article.text
    joiners = alternation(lx.name_joiners)
    seq = re.compile(rf"(?:{_WORD})(?:[ \u00a0](?:(?:{joiners})[ \u00a0])?(?:{_WORD}))*")
    for m in seq.finditer(text):
        for part in _split_at_titles(m.group(), m.start(), lx):
            _name(article, found, taken, lx, ner, part)


def _name(article: Article, found: Entities, taken: list[Span], lx: Lexicon, ner: Ner,
          part: list[tuple[str, int]]) -> None:
    """One capitalised name (words with their offsets) typed and added, if it is one."""
    text = article.text
    words, b = _trim_words(part, lx)
    if len(words) < 2 or words[-1].lower() in lx.name_joiners:
        return
    last, last_at = words[-1], part[[o for _, o in part].index(b) + len(words) - 1][1]
    if last.endswith(".") and not _keeps_period(last, lx):
        last = last[:-1]
    if last.endswith(("'s", "\u2019s")):
        last = last[:-2]
    words = [*words[:-1], last]
    name = " ".join(words)
    span = Span(b, last_at + len(last))
    if article.in_boilerplate(span) or any(span.overlaps(t) for t in taken):
        return
    titled = _title_before(text, b, lx) is not None
    kind, strong = _classify(words, lx, titled)
    if not strong and re.match(r"[\s\u00a0]+(?:[a-z]\w*[\s\u00a0]+){1,2}?its\b", text[span.end :]):
        kind, strong = "organization", True  # 'X cut its forecast': an organization
    if not strong:
        kind = _ner_kind(span, ner, kind)
    if kind is None:
        return
    entity = Entity(name_key(name), name, kind, rule=f"capitalised-{kind}", confidence=0.7)
    found.add(entity, span, _title_before(text, b, lx), f"capitalised-{kind}", 0.7)
    taken.append(span)


def _keeps_period(word: str, lx: Lexicon) -> bool:
    """'Inc.', 'J.', 'U.S.' keep their period; 'Ramanathan.' at a sentence's end does not."""
    return len(word) <= 2 or "." in word[:-1] or word in lx.org_keywords or word in lx.titles


def _split_at_titles(seq: str, start: int, lx: Lexicon) -> list[list[tuple[str, int]]]:
    """'Acme Robotics CEO Gideon Vance' -> 'Acme Robotics', 'CEO Gideon Vance': a title inside a
    capitalised run, followed by a name of two or more words, starts a new name."""
    words = [(w.group(), start + w.start()) for w in re.finditer(r"[^ \u00a0]+", seq)]
    titles = {t for t in lx.titles if " " not in t}
    parts: list[list[tuple[str, int]]] = [[]]
    for i, (w, o) in enumerate(words):
        rest = [x for x, _ in words[i + 1 :]]
        if i > 0 and w in titles and len(rest) >= 2 and not any(x in titles for x in rest):
            parts.append([])
        parts[-1].append((w, o))
    return parts


def _ner_kind(span: Span, ner: Ner, kind: EntityKind | None) -> EntityKind | None:
    """The model's label decides between person, organization and place where capitalisation
    alone had only a guess (an organization is not a person for having two capitalised words)."""
    labels = [label for s, label in ner if s.overlaps(span) and label in NER_KIND]
    if not labels:
        return kind
    if kind is None and labels[0] != "PERSON":
        return None
    return NER_KIND[labels[0]]


def _trim_words(part: list[tuple[str, int]], lx: Lexicon) -> tuple[list[str], int]:
    """Drop leading stop words and titles; return the words and where the name starts."""
    words = [w for w, _ in part]
    offsets = [o for _, o in part]
    titles = {t for t in lx.titles if " " not in t}
    while words and (words[0] in lx.stop_words or words[0] in titles
                     or words[0].lower() in lx.name_joiners):
        words, offsets = words[1:], offsets[1:]
    while words and (words[-1] in lx.stop_words or words[-1].lower() in lx.name_joiners):
        words = words[:-1]
    # 'Acme Robotics CEO' with no name after it: the organization, not a name ending in a title
    if len(words) >= 3 and words[-1] in titles and words[-2].lower() not in lx.name_joiners:
        words = words[:-1]
    return words, offsets[0] if offsets else -1


def _classify(words: list[str], lx: Lexicon, titled: bool) -> tuple[EntityKind | None, bool]:
    """The kind a name's words say, and whether they say it firmly (a keyword, a title) or only
    guess it (two to four capitalised words: a person, unless the model or context says not)."""
    if words[-1] in lx.outlet_keywords and not titled:
        return "outlet", True
    if any(w in lx.org_keywords or w.rstrip(".") in lx.org_keywords for w in words):
        return "organization", True
    if " ".join(words[:2]) in lx.org_keywords:
        return "organization", True
    if any(w in lx.place_keywords for w in words):
        return "place", True
    if any(w.lower() in lx.name_joiners for w in words):
        return "organization", True
    if any(w.isupper() and len(w) > 1 and "." not in w for w in words):
        return ("organization", True) if not titled else (None, True)
    if 2 <= len(words) <= 4 and all(w[0].isupper() for w in words):
        return "person", titled
    return None, False


def _short_forms(article: Article, found: Entities, taken: list[Span], lx: Lexicon) -> None:
    """A later 'Lopez' refers to the person first named 'Maria Lopez'."""
    text = article.text
    by_part: dict[str, str] = {}
    for key, e in found.entities.items():
        if e.kind == "person" and " " in e.name:
            parts = e.name.split()
            by_part.setdefault(parts[-1], key)
    if not by_part:
        return
    pat = re.compile(r"(?<![\w])(" + alternation(set(by_part)) + r")(?=['\u2019]s\b|[^\w]|$)")
    for m in pat.finditer(text):
        span = Span(m.start(), m.end())
        if article.in_boilerplate(span) or any(span.overlaps(t) for t in taken):
            continue
        key = by_part[m.group()]
        found.add(found.entities[key], span, _title_before(text, span.begin, lx), "short-form", 0.8)
        taken.append(span)
