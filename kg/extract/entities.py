"""People, organizations and places: registry names first, then capitalised name sequences,
with titles recorded as roles and later short mentions ("Lopez") resolved to the full name.

A name's kind comes from its words where they are firm (an organization keyword, an outlet's last
word, a personal title before it), else from context ("X cut its forecast") or the model's label;
two capitalised words alone are only a guess at a person. A title inside a run of capitalised
words ("Acme Robotics CEO Gideon Vance") separates the organization from the person."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import pairwise
from typing import Protocol

from kg.extract.lexicon import Lexicon, alternation, load
from kg.model import Article, Entity, EntityKind, Mention, Span
from kg.registry import Registry
from kg.text import SpanIndex, name_key

# a word of a name; a plural's possessive mark before another capitalised word is kept with it
# ("Dockers' Union": ``_split_after_possessive`` decides whether the two are one name)
_WORD = r"[A-Z][\w'\u2019.\-]*[\w.](?:(?<=s)['\u2019](?=[ \u00a0][A-Z]))?|[A-Z]"
_POSSESSIVE = ("'s", "\u2019s")


@dataclass
class Entities:
    """What the entity pass found in one article, with lookups the later passes need.

    ``mentions`` is kept in text order (sorted by span), so that every lookup is a binary search
    and a long article costs each name, cue and source phrase the same as a short one."""

    article: Article
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    roles: dict[str, set[str]] = field(default_factory=dict)
    # entities an earlier part of the article read (``find_entities``' ``known``): as they are
    fixed: frozenset[str] = frozenset()
    _spans: set[Span] = field(default_factory=set, init=False, repr=False)
    _grid: SpanIndex[Mention] = field(default_factory=SpanIndex, init=False, repr=False)
    _by_kind: dict[str, list[Mention]] = field(default_factory=dict, init=False, repr=False)
    _by_entity: dict[str, list[Mention]] = field(default_factory=dict, init=False, repr=False)
    _boilerplate: SpanIndex[None] = field(default_factory=SpanIndex, init=False, repr=False)

    def __post_init__(self) -> None:
        self._boilerplate = SpanIndex((b.span, None) for b in self.article.boilerplate)
        self.mentions.sort(key=_at)
        for m in self.mentions:
            self._file(m, listed=True)

    def add(self, entity: Entity, span: Span, role: str | None, rule: str, conf: float) -> None:
        """Record a mention; a span already naming an entity keeps its first reading (one span
        is one mention of one entity)."""
        if span in self._spans:
            return
        self.entities.setdefault(entity.key, entity)
        self._file(Mention(span, entity.key, role, rule, conf))
        if role:
            self.roles.setdefault(entity.key, set()).add(role)

    def _file(self, m: Mention, listed: bool = False) -> None:
        if not listed:
            insort(self.mentions, m, key=_at)
        self._spans.add(m.span)
        self._grid.add(m.span, m)
        insort(self._by_kind.setdefault(self.entities[m.entity].kind, []), m, key=_at)
        insort(self._by_entity.setdefault(m.entity, []), m, key=_at)

    def merge(self, into: dict[str, str]) -> None:
        """Every mention of an entity keyed in ``into`` becomes a mention of the entity it maps
        to, and the first entity is gone; not one an earlier part of the article read
        (``fixed``), which stays what that part made it."""
        into = {old: new for old, new in into.items() if old not in self.fixed}
        self.mentions = [replace(m, entity=into.get(m.entity, m.entity)) for m in self.mentions]
        for old, new in into.items():
            self.entities.pop(old, None)
            self.roles.setdefault(new, set()).update(self.roles.pop(old, set()))
            if not self.roles[new]:
                del self.roles[new]
        self._refile()

    def _refile(self) -> None:
        """The indexes made again from ``mentions`` and ``entities``."""
        self._spans, self._grid, self._by_kind, self._by_entity = set(), SpanIndex(), {}, {}
        for m in self.mentions:
            self._file(m, listed=True)

    def inside(self, span: Span) -> list[Mention]:
        """The mentions within ``span``, in text order."""
        out = []
        for i in range(bisect_left(self.mentions, span.begin, key=_begin), len(self.mentions)):
            m = self.mentions[i]
            if m.span.begin >= span.end:
                break
            if m.span.end <= span.end:
                out.append(m)
        return out

    def overlaps_mention(self, span: Span) -> bool:
        return self._grid.overlaps(span)

    def in_boilerplate(self, span: Span) -> bool:
        """``Article.in_boilerplate``, by an index over the article's boilerplate spans."""
        return self._boilerplate.overlaps(span)

    def last_before(self, offset: int, kinds: set[str]) -> Entity | None:
        """The entity of the last mention (in text order) of one of ``kinds`` ending by
        ``offset``."""
        best = self.last_mention_before(offset, kinds)
        return self.entities[best.entity] if best else None

    def last_mention_before(self, offset: int, kinds: set[str]) -> Mention | None:
        """The last mention (in text order) of one of ``kinds`` ending by ``offset``."""
        best: Mention | None = None
        for kind in kinds:
            ms = self._by_kind.get(kind, [])
            i = bisect_left(ms, offset, key=_begin)
            while i > 0 and ms[i - 1].span.end > offset:
                i -= 1
            if i and (best is None or _at(ms[i - 1]) > _at(best)):
                best = ms[i - 1]
        return best

    def of_kind(self, kind: str) -> list[Mention]:
        """The mentions of entities of ``kind``, in text order."""
        return self._by_kind.get(kind, [])

    def of_entity(self, key: str) -> list[Mention]:
        """The mentions of entity ``key``, in text order."""
        return self._by_entity.get(key, [])

    def kind(self, key: str) -> EntityKind:
        return self.entities[key].kind


def _at(m: Mention) -> Span:
    return m.span


def _begin(m: Mention) -> int:
    return m.span.begin


@cache
@lru_cache(maxsize=8)  # a build reads every article with one registry
def _registry_pattern(registry: Registry) -> tuple[re.Pattern[str], dict[str, Entity]]:
    forms: dict[str, Entity] = {}
    for e in registry.entries:
        for f in e.surface_forms:
            if f[:1].isupper() or f[:1].isdigit():
                forms.setdefault(f, e.entity)
            elif f.lower().startswith("the "):
                forms.setdefault(f, e.entity)
                forms.setdefault("T" + f[1:], e.entity)
    # the first letters any form can begin with, tested first: most places in a text cannot
    # begin one, and the alternation of hundreds of forms is not tried there
    firsts = "".join(sorted({re.escape(f[0]) for f in forms}))
    pat = re.compile(rf"(?<![\w])(?=[{firsts}])(?:" + alternation(set(forms)) + r")(?![\w])")
    return pat, forms


NER_KIND: dict[str, EntityKind] = {"PERSON": "person", "ORG": "organization", "GPE": "place",
                                   "LOC": "place", "FAC": "place"}
class Ner(Protocol):
    """The model's named entities (``parse.NamedEntities``)."""

    def labels(self, begin: int, end: int) -> list[str]:
        """The labels of the entities overlapping (begin, end) of the article."""

    def entities(self, begin: int, end: int) -> list[tuple[int, int, str]]:
        """The entities overlapping (begin, end): their offsets in the article and labels."""

    def prefetch(self, spans: list[tuple[int, int]], context: int | None = None) -> None:
        """Find the entities of the sentences holding ``spans`` at once (``context``: words each
        side read with them, the recognizer's own number unless given)."""

    def common(self, word: str) -> bool:
        """Whether the model knows ``word`` (lower case) as a common word of the language."""


class _NoLabels:
    def labels(self, begin: int, end: int) -> list[str]:
        return []

    def entities(self, begin: int, end: int) -> list[tuple[int, int, str]]:
        return []

    def prefetch(self, spans: list[tuple[int, int]], context: int | None = None) -> None:
        pass

    def common(self, word: str) -> bool:
        return True  # without a model, no word is known not to be common


def find_entities(article: Article, registry: Registry, lexicon: Lexicon | None = None,
                  ner: Ner | None = None, known: Mapping[str, Entity] | None = None) -> Entities:
    """``ner``: the model's named entities (``parse.NamedEntities``), asked only where a name's
    words and context leave its kind open, the first time the name appears. ``known``: the
    entities an earlier part of the same article read (``kg.extract.in_sections``), known here
    as if named before: a name under one of their keys is that entity, name and kind, and a
    surname alone can be one of their people's."""
    lx = lexicon or load()
    found = Entities(article, dict(known or {}), fixed=frozenset(known or ()))
    text = article.text
    taken: SpanIndex[None] = SpanIndex()
    pat, forms = _registry_pattern(registry)
    confirm = _HeadlineNames(article)
    longer = _LongerNames(article, lx, pat, ner or _NoLabels(), confirm)
    norm = {re.sub(r"\s+", " ", k): v for k, v in forms.items()}
    places: list[Span] = []  # where the registry's places are named
    for m in pat.finditer(text):
        span = Span(m.start(), m.end())
        if found.in_boilerplate(span):
            continue
        entity = norm[re.sub(r"\s+", " ", m.group())]
        if entity.kind == "person" and longer(span, entity.name):
            continue  # 'Whitlock' in 'Ines Whitlock' or 'Whitlock Tower'
        if entity.kind != "person" and _OF_NAME.match(text, span.end):
            continue  # 'the Journal' in 'the Journal of Rural Health': another name
        if entity.kind == "organization" and _org_name_after(text, span, lx):
            continue  # 'the Senate' in 'the Senate Rules Committee': another body
        if entity.kind == "place" and (_in_a_longer_name(text, span, lx)
                                       or _of_a_body(text, span, lx)):
            continue  # 'Vermont Harbor College', 'Dana Montana', 'the Bank of Italy': another name
        found.add(entity, span, _title_before(text, span.begin, lx), "registry", 0.95)
        taken.add(span, None)
        if entity.kind == "place":
            places.append(span)
    _dateline_place(article, found, taken, lx, registry)
    _outlets_named_so(article, found, taken, lx)
    _capitalised(article, found, taken, lx, _FirstLabels(ner or _NoLabels(), article.text),
                 confirm)
    _towns(article, found, taken, lx, places, ner or _NoLabels())
    _partial_names(found, lx)
    _short_forms(article, found, taken, lx, longer, ner or _NoLabels())
    _single_names(article, found, taken, lx, ner or _NoLabels())
    _titled_surnames(article, found, taken, lx)
    _acronyms(found, lx)
    return found


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _acronyms(found: Entities, lx: Lexicon) -> None:
    """One entity for a body's name and its initials, both found as names: 'Centers for Disease
    Control and Prevention' and 'CDC' (the initials of its capitalised words, or of those before
    an 'and'), 'Marlow Dockworkers Union' and 'MDU'. Only where one name of an organization or
    outlet fits the initials, of the same kind unless the registry's; the entity is the
    registry's, else the one of the full name."""
    full: dict[str, list[str]] = {}
    for k, e in found.entities.items():
        if e.kind not in {"organization", "outlet"}:
            continue
        words = e.name.split()
        if len(words) < 2:
            continue
        capitals = [w[0] for w in words if w[0].isupper() and w not in lx.name_joiners]
        forms = {"".join(capitals)}
        if "and" in words:
            forms.add("".join(w[0] for w in words[:words.index("and")]
                              if w[0].isupper() and w not in lx.name_joiners))
        for form in forms:
            if len(form) >= 2:
                full.setdefault(form, []).append(k)
    into: dict[str, str] = {}
    for key, e in found.entities.items():
        if e.kind not in {"organization", "outlet"} or not _ACRONYM.fullmatch(e.name):
            continue
        fits = full.get(e.name, [])
        if len(fits) != 1 or fits[0] in into or (
                found.entities[fits[0]].kind != e.kind and not e.registry):
            continue  # (the registry's kind stands: 'NPR' an outlet, whatever the name reads)
        if e.registry:
            if not found.entities[fits[0]].registry:
                into[fits[0]] = key
        else:
            into[key] = fits[0]
    if into:
        found.merge(into)


# one capitalised word (or letters in capitals: 'NATO') between words that are not
_SINGLE = re.compile(r"(?<![\w.'\u2019&-])(?<![A-Z][a-z]\s)([A-Z][a-z][a-z&-]{1,20}|[A-Z]{2,6})"
                     r"(?=['\u2019]s\b|(?![\w'\u2019&-]))(?!\s[A-Z])")
_NAME_SLOT = re.compile(r"\b(?:in|at|from|to|near|of|for|with|by|the|across|outside|into)"
                        r"[ \u00a0]+\Z")
SINGLE_CONTEXT = 3  # words each side the recognizer reads with a name of one word
SINGLE_KINDS: dict[str, EntityKind] = {"ORG": "organization", "GPE": "place", "LOC": "place"}


@cache
def _titled_surname_re(titles: frozenset[str], particles: frozenset[str]) -> re.Pattern[str]:
    # the surname, then no more of a name: no capitalised word, particle or 'al-' after it
    return re.compile(r"(?<![\w.'\u2019-])(" + alternation(titles) + r")[ \u00a0]+"
                      r"([A-Z](?:[a-z]|['\u2019](?=[A-Z]))[\w-]*(?:['\u2019](?!s\b)[A-Za-z][\w-]*)?)"
                      r"(?=['\u2019]s\b|[ \u00a0\n.,;:!?)\]\"\u201d]|\Z)"
                      r"(?![ \u00a0]+(?:[A-Z]|[a-z]+-|(?:" + alternation(particles) + r")\b))")


def _titled_surnames(article: Article, found: Entities, taken: SpanIndex[None],
                     lx: Lexicon) -> None:
    """A person the article names only by a title of office and a surname ('Mayor Kessler',
    'Gov. Brandt', 'Dr. Osei'), where no rule found a name: a person named so (the title kept
    in the name, so that two articles' 'Mayor Kessler' are one person and a 'Dr. Kessler' is
    another), the surname the mention, the title its role; the surname alone later in the
    article is the same person. Titles from the lexicon's ``surname_titles`` (not an honorific:
    'Mr. Kessler' alone names no one across articles); not a word the article also writes in
    lower case, a title or a stop word, nor a first name ('President Nadim al-Haddad')."""
    text = article.text
    headline = article.headline_span
    people: dict[str, Entity] = {}
    if not lx.surname_titles:
        return
    for m in _titled_surname_re(lx.surname_titles, lx.name_particles).finditer(text):
        title, word = m.group(1), m.group(2)
        span = Span(m.start(2), m.end(2))
        if (word in people or taken.overlaps(span) or found.in_boilerplate(span)
                or (headline is not None and headline.overlaps(span))
                or word in lx.stop_words or word in lx.titles or f"{word}." in lx.titles
                or any(t.startswith(f"{title} {word}") for t in lx.titles)
                or word in lx.org_keywords
                or word in lx.place_keywords or word.endswith(lx.demonym_endings)
                or _in_lower_case(word, span.begin, text)):
            continue
        name = " ".join([*title.split(), word])
        people[word] = Entity(name_key(name), name, "person", rule="titled-surname",
                              confidence=0.6)
    for span in _last_names(text, set(people)) if people else ():
        if taken.overlaps(span) or found.in_boilerplate(span):
            continue
        found.add(people[span.text(text)], span, _title_before(text, span.begin, lx),
                  "titled-surname", 0.6)
        taken.add(span, None)


def _single_names(article: Article, found: Entities, taken: SpanIndex[None], lx: Lexicon,
                  ner: Ner) -> None:
    """A name of one word no rule knows ('Brantel', 'ONRA', 'Ostrelin'): an organization or a
    place where the recognizer reads that word alone as one, where the name first appears
    inside a sentence (not its first word, nor in a headline); then wherever it appears. Not a
    word the article also writes in lower case, a title or a stop word; not a person's (one word
    is a surname the article gave in full, or too little to name someone)."""
    text = article.text
    headline = article.headline_span
    first: dict[str, Span] = {}
    spans: dict[str, list[Span]] = {}
    # a word of a longer name the article gave ('Holt' of 'Dana Holt', 'Harvard' of 'Harvard
    # University') is a short form of it, no name of its own
    longer = {w for e in found.entities.values() for w in e.name.split() if " " in e.name}
    for m in _SINGLE.finditer(text):
        word = m.group(1)
        span = Span(m.start(1), m.end(1))
        if taken.overlaps(span) or found.in_boilerplate(span):
            continue
        spans.setdefault(word, []).append(span)
        if word in first or (headline is not None and headline.overlaps(span)):
            continue
        said_a_body = _said_a_body(text, span, lx)
        if _SENTENCE_START.search(text, max(0, span.begin - 10), span.begin) \
                and not said_a_body:
            continue
        if not word.isupper() and not said_a_body and not _NAME_SLOT.search(
                text, max(0, span.begin - 12), span.begin):
            continue  # a word in a place a name of a place or a body takes ('in X', 'the X')
        if (word in lx.stop_words or word in lx.titles or word in lx.name_adjectives
                or word in lx.dateline_words or word in lx.org_keywords or word in longer
                or word in lx.not_single_names or word.endswith(lx.demonym_endings)
                or (not word.isupper() and _in_lower_case(word, span.begin, text))):
            continue
        first[word] = span
    if not first:
        return
    ner.prefetch([(sp.begin, sp.end) for sp in first.values()], SINGLE_CONTEXT)
    for word, sp in first.items():
        kind = next((SINGLE_KINDS.get(label) for b, e, label in ner.entities(sp.begin, sp.end)
                     if b == sp.begin and e == sp.end), None)
        if lx.place_of_nouns and _place_of_re(lx.place_of_nouns).search(
                text, max(0, sp.begin - 30), sp.begin):
            kind = "place"  # 'the town of Brevik', 'mayor of Ashby', whatever the model reads
        elif _said_a_body(text, sp, lx):
            kind = "organization"
        if kind is None or (kind == "organization" and word.endswith(lx.abstract_endings)):
            continue
        entity = Entity(name_key(word), word, kind, rule=f"recognized-{kind}", confidence=0.6)
        for at in spans[word]:
            if not taken.overlaps(at):
                found.add(entity, at, None, f"recognized-{kind}", 0.6)
                taken.add(at, None)


def _said_a_body(text: str, span: Span, lx: Lexicon, bare: bool = False) -> bool:
    """Whether the text says a name is a body's: 'the research firm Benchline', 'Voltcycle, a
    three-year-old company that ...' (the nouns of the lexicon's ``org_descriptions``); with
    ``bare``, also a noun with no article right before the name ('to buy regional carrier
    Boreal Jet'), which a name of one word is too often the subject after ('the company Ruiz
    founded')."""
    nouns = lx.org_description_nouns
    return bool(_org_nouns_re(nouns).search(text, max(0, span.begin - 30), span.begin)
                or _org_apposed_re(nouns).match(text, span.end)
                or (bare and _bare_org_noun_re(nouns).search(text, max(0, span.begin - 20),
                                                             span.begin)))


@lru_cache(maxsize=4)
def _bare_org_noun_re(nouns: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{alternation(nouns)})[ \u00a0]\Z")


@lru_cache(maxsize=4)
def _org_nouns_re(nouns: frozenset[str]) -> re.Pattern[str]:
    # 'the research firm X', 'the bank X': a body's noun right before the name
    return re.compile(rf"\b(?:the|a|an|its)[ \u00a0](?:[\w-]+[ \u00a0]){{0,2}}"
                      rf"(?:{alternation(nouns)})[ \u00a0]\Z")


@lru_cache(maxsize=4)
def _org_apposed_re(nouns: frozenset[str]) -> re.Pattern[str]:
    # ', a three-year-old company that ...': a body's noun in the appositive after the name
    # (the noun the appositive's head: not 'a founder of the group', 'the company spokeswoman';
    # not a people's: 'a minority group')
    return re.compile(rf",[ \u00a0](?:a|an|the)[ \u00a0]"
                      rf"(?:(?!(?:of|at|for|with|to|from|in|on|by|ethnic|minority|religious"
                      rf"|indigenous|tribal|racial)\b)[\w'\u2019-]+[ \u00a0]){{0,4}}?"
                      rf"(?:{alternation(nouns)})(?=[,.;:]|[ \u00a0](?:that|which|whose|based|"
                      rf"in|of|with|from|founded|owned|known|run|led)\b)")


@lru_cache(maxsize=4)
def _place_of_re(nouns: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(nouns)})[ \u00a0]+of[ \u00a0]+\Z")


def _outlets_named_so(article: Article, found: Entities, taken: SpanIndex[None],
                      lx: Lexicon) -> None:
    """'the newspaper Dagsbladet', 'the broadcaster Kanal Nord', 'the channel RTN': the name after
    a noun for an outlet (lexicon ``outlet_nouns``) is an outlet's."""
    if not lx.outlet_nouns:
        return
    text = article.text
    pattern = _outlet_noun_pattern(lx.outlet_nouns)
    for m in pattern.finditer(text):
        words = m.group(1).split()
        while words and (words[-1] in lx.stop_words or words[-1].rstrip(".,") in lx.stop_words):
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words).rstrip(".,")
        span = Span(m.start(1), m.start(1) + len(name))
        if found.in_boilerplate(span) or taken.overlaps(span):
            continue
        entity = Entity(name_key(name), name, "outlet", rule="outlet-noun", confidence=0.8)
        found.add(entity, span, None, "outlet-noun", 0.8)
        taken.add(span, None)


@lru_cache(maxsize=4)
def _outlet_noun_pattern(nouns: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(nouns)})[ \u00a0]+((?:[A-Z][\w&'\u2019.-]*)"
                      rf"(?:[ \u00a0][A-Z][\w&'\u2019.-]*){{0,3}})")


# 'HARBOR CITY, Ohio, Oct. 3 (AP) — ' at the start of a paragraph: the place in capitals
_DATELINE = re.compile(r"([A-Z][A-Z.'\u2019-]+(?:[ \u00a0][A-Z][A-Z.'\u2019-]+){0,3})"
                       r"(?:,[ \u00a0][^\n\u2014\u2013()]{1,30}?)?[ \u00a0]*"
                       r"(?:\([^)\n]{1,20}\)[ \u00a0]*)?(?:\u2014|\u2013|--?)[ \u00a0]")
DATELINE_PARAGRAPHS = 4  # the first paragraphs of the body, where a dateline stands


def _dateline_place(article: Article, found: Entities, taken: SpanIndex[None], lx: Lexicon,
                    registry: Registry) -> None:
    """The place a dateline names ('KELDERTON, Vt. (AP) —', 'WASHINGTON —'), written in
    capitals: the registry's place of that name, else a place of its own ('Reno')."""
    text = article.text
    at = article.headline_span.end if article.headline_span else 0
    for _ in range(DATELINE_PARAGRAPHS):
        at = text.find("\n", at)
        if at < 0:
            return
        while at < len(text) and text[at] in "\n \u00a0":
            at += 1
        m = _DATELINE.match(text, at)
        if m is None:
            continue
        words = m.group(1).split()
        if any(w.strip(".") in lx.dateline_words for w in words):
            continue  # 'BREAKING —', 'UPDATE —'
        name = " ".join(w[:1] + w[1:].lower() for w in words)
        span = Span(m.start(1), m.end(1))
        known = registry.lookup(name)
        if known is not None and known.entity.kind != "place":
            continue  # an agency's name ('AP —')
        if found.in_boilerplate(span) or taken.overlaps(span):
            continue
        entity = known.entity if known is not None else Entity(
            name_key(name), name, "place", rule="dateline", confidence=0.8)
        found.add(entity, span, None, "dateline", 0.8)
        taken.add(span, None)
        return


# 'Kelderton, Vermont', 'Port Aske, Ohio,': up to three capitalised words, a comma, then a place
_TOWN = re.compile(r"(?:^|(?<=[\s(\"\u201c\u2014]))((?:[A-Z][\w'\u2019.-]*[ \u00a0]){0,2}"
                   r"[A-Z][\w'\u2019-]*),[ \u00a0]+\Z")
# what follows the place then: the end of the phrase ('Kelderton, Vermont, on Monday')
_TOWN_END = re.compile(r"[,.;:)\u2014\u2013]|[ \u00a0]+(?:on|in|and|or|to|at|for|last|this|"
                       r"where|when|who|which|was|is|has|had)\b|[ \u00a0]*$")


def _towns(article: Article, found: Entities, taken: SpanIndex[None], lx: Lexicon,
           places: list[Span], ner: Ner) -> None:
    """A town named before the state or country it is in ('in Kelderton, Vermont, on Monday'):
    a place of its own. Not words of a name already read, nor a sentence's opening common word
    ('Finally, France, ...'), nor before a place that goes on as a phrase ('Yesterday, Ohio
    officials')."""
    text = article.text
    for place in places:
        if not _TOWN_END.match(text, place.end):
            continue
        m = _TOWN.search(text, max(0, place.begin - 60), place.begin)
        if m is None:
            continue
        words = m.group(1).split()
        while words and (words[0] in lx.stop_words or words[0].rstrip(".") in lx.stop_words):
            words = words[1:]
        if not words:
            continue
        name = " ".join(words)
        span = Span(m.end(1) - len(name), m.end(1))
        opening = _SENTENCE_START.search(text, max(0, span.begin - 10), span.begin) is not None
        if any(w in lx.titles or w in lx.stop_words for w in words) or (
                opening and any(ner.common(w.lower()) for w in words)):
            continue  # 'Finally, France ...': a sentence's opening word
        if found.in_boilerplate(span) or taken.overlaps(span):
            continue
        entity = Entity(name_key(name), name, "place", rule="town-before-place", confidence=0.8)
        found.add(entity, span, None, "town-before-place", 0.8)
        taken.add(span, None)


def _in_a_longer_name(text: str, span: Span, lx: Lexicon) -> bool:
    """Whether a place's name is part of a longer name: a capitalised word right before or after
    it that is no title, stop word or name adjective ('Western Montana', 'Vermont Harbor College';
    not 'Ohio Gov. X', 'in Ohio Tuesday')."""
    def name_word(w: str) -> bool:
        bare = w.rstrip(".,")
        return bool(bare[:1].isupper()) and not any(
            x in lx.stop_words or x in lx.titles or x in lx.name_adjectives
            or x in lx.title_modifiers for x in (w, bare, bare + "."))
    after = _WORD_AFTER.match(text, span.end)
    if after is not None and name_word(after.group(1)):
        return True
    before = _WORD_BEFORE.search(text, max(0, span.begin - 40), span.begin)
    return before is not None and name_word(before.group(1)) and not _SENTENCE_START.search(
        text, max(0, before.start(1) - 10), before.start(1))


def _of_a_body(text: str, span: Span, lx: Lexicon) -> bool:
    """Whether a name comes after 'of' in a body's name ('the Bank of Italy', 'University of
    Kelmarsh'): a word that makes an organization's name, then 'of'."""
    m = _BODY_OF.search(text, max(0, span.begin - 40), span.begin)
    return m is not None and _org_word(m.group(1), lx)


_BODY_OF = re.compile(r"\b([A-Z][\w&'\u2019-]*)[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?\Z")


def _org_name_after(text: str, span: Span, lx: Lexicon) -> bool:
    """Whether capitalised words right after a name end in a word that makes an organization's
    name ('Senate' before 'Rules Committee')."""
    run = _NAME_RUN_AFTER.match(text, span.end)
    return run is not None and _org_word(run.group(0).split()[-1], lx)


_NAME_RUN_AFTER = re.compile(r"(?:[ \u00a0]+[A-Z][\w&'\u2019-]*){1,4}")
_OF_NAME = re.compile(r"[ \u00a0]+(?:of|for)[ \u00a0]+(?:the[ \u00a0]+)?[A-Z]")
_WORD_AFTER = re.compile(rf"[ \u00a0]({_WORD})")
_WORD_BEFORE = re.compile(rf"(?:^|(?<=[\s(\[\"\u201c]))({_WORD})[ \u00a0]$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n])[\s\"'\u201c\u2018(]*$")


class _LongerNames:
    """Whether a person's name or short form at a span is part of a longer run of name words
    ('Whitlock' in 'Ines Whitlock' or 'Whitlock Tower', 'Jr.' after a whole name): then it names
    someone or something else. No name word: a title, a stop word or a name adjective ('Governor
    Whitlock', 'Whitlock on Monday', 'Democrat Whitlock'), a word that ends a sentence ('... in
    Ohio. Whitlock'), a word the text also has in lower case ('Despite Whitlock'), a word of the
    person's own name ('Dana' before 'Whitlock' for 'Dana Whitlock'), a name of the registry after
    it, any word of a headline in title case. A word that starts a sentence is one only where the
    recognizer reads it and the name as one name."""

    REACH = 20_000  # how far each way a word is looked for in lower case

    def __init__(self, article: Article, lx: Lexicon, registry: re.Pattern[str], ner: Ner,
                 headline: _HeadlineNames) -> None:
        self.text = article.text
        self.lx = lx
        self.registry = registry
        self.ner = ner
        self.single, self.several = _titles(lx.titles)
        self.headline = headline.headline

    def __call__(self, span: Span, full: str) -> bool:
        if self.headline is not None and self.headline.overlaps(span):
            return False
        text = self.text
        after = _WORD_AFTER.match(text, span.end)
        if (after is not None and self._name_word(after.group(1), span.begin)
                and not self.registry.match(text, after.start(1))):
            return True
        if span.text(text) == full:
            return False
        before = _WORD_BEFORE.search(text, max(0, span.begin - 40), span.begin)
        if before is None or f" {before.group(1)} {span.text(text)}" in f" {full}":
            return False
        word = before.group(1)
        if word.endswith(".") and not re.fullmatch(r"[A-Z]\.", word):
            return False  # a sentence's end, or an abbreviation: not a given name
        if not self._name_word(word, span.begin):
            return False
        if _SENTENCE_START.search(text, max(0, before.start(1) - 10), before.start(1)):
            return any(b <= before.start(1) and span.end <= e
                       for b, e, _ in self.ner.entities(before.start(1), span.end))
        return True

    def _name_word(self, w: str, at: int) -> bool:
        bare = w.rstrip(".")
        lx = self.lx
        if w.isupper() or any(x in lx.stop_words or x in self.single or x in self.several
                              or x in lx.name_adjectives for x in (w, bare)):
            return False
        return not self._common(bare, at)

    def _common(self, word: str, at: int) -> bool:
        """Whether ``word`` is in the text in lower case too, near ``at``."""
        return _in_lower_case(word, at, self.text)


def _title_before(text: str, begin: int, lx: Lexicon) -> str | None:
    m = lx.title_re.search(text[max(0, begin - 40) : begin])
    return re.sub(r"\s+", " ", m.group().strip()) if m else None


class _FirstLabels:
    """The model's labels of a name where it first appears, kept for the name's later uses.

    Where they contradict the guess that a name of capitalised words is a person's, up to two
    more places that name it (the name, else its last word: 'Whitlock' for 'Dana Whitlock') are
    asked too and the majority decides, the guess breaking a tie: read once, a person after a
    dateline ('SPRINGFIELD - Dana Whitlock') or in a list is often taken for an organization."""

    VOTES = 2
    REACH = 20_000  # how far on the places are looked for: a long article costs each name the same

    def __init__(self, ner: Ner, text: str) -> None:
        self.ner = ner
        self.text = text
        self.known: dict[str, list[str]] = {}

    def __call__(self, name: str, span: Span, guess: EntityKind | None = None) -> list[str]:
        found = self.known.get(name)
        if found is None:
            found = self.ner.labels(span.begin, span.end)
            if guess == "person" and _other_kind(found):
                found = self._vote(name, span, found)
            self.known[name] = found
        return found

    def prefetch_votes(self, asked: list[tuple[str, Span, EntityKind | None]]) -> None:
        """Read at once the places the names the model contradicts will be put to a vote at
        (their first readings, prefetched, are read again at no cost)."""
        first = {name: (span, guess) for name, span, guess in reversed(asked)}
        spans = [where for name, (span, guess) in first.items()
                 if name not in self.known and guess == "person"
                 and _other_kind(self.ner.labels(span.begin, span.end))
                 for where in self._voters(name, span)]
        self.ner.prefetch(spans)

    def _voters(self, name: str, span: Span) -> list[tuple[int, int]]:
        """Up to VOTES later places that name it: the name, else its last word."""
        out: list[tuple[int, int]] = []
        ends: set[int] = set()  # a name's last word ends where the name does: one place
        for form in dict.fromkeys((name, name.split()[-1])):
            pattern = re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])")
            for m in pattern.finditer(self.text, span.end, span.end + self.REACH):
                if len(out) >= self.VOTES:
                    return out
                if m.end() not in ends:
                    ends.add(m.end())
                    out.append((m.start(), m.end()))
        return out

    def _vote(self, name: str, span: Span, first: list[str]) -> list[str]:
        votes = [first] + [self.ner.labels(b, e) for b, e in self._voters(name, span)]
        people = sum(1 for v in votes if v and v[0] == "PERSON")
        others = sum(1 for v in votes if _other_kind(v))
        return ["PERSON"] if people + 0.5 > others else first  # the guess breaks a tie

    def prefetch(self, names: list[tuple[str, Span]]) -> None:
        first = {n: s for n, s in reversed(names) if n not in self.known}
        self.ner.prefetch([(s.begin, s.end) for s in first.values()])


def _capitalised(article: Article, found: Entities, taken: SpanIndex[None], lx: Lexicon,
                 ner: _FirstLabels, confirm: _HeadlineNames) -> None:
    text = article.text
    joiners = alternation(lx.name_joiners)
    seq = re.compile(rf"(?:{_WORD})(?:[ \u00a0](?:(?:{joiners})[ \u00a0])?(?:{_WORD}))*")
    # the runs never overlap, so every name is found before any is added; the model is then
    # asked about the open ones at once (a batch costs the recognizer less than one at a time)
    runs = [_without_common_opening(_without_party(part), text, lx)
            for m in seq.finditer(text)
            for run in _parts(m.group(), m.start(), lx, firm=bool(_ITS.match(text, m.end())))
            for part in confirm(run)]
    named = {" ".join(w for w, _ in part) for part in runs}
    runs = [part[1:] if _descriptor_first(part, named, text, lx, ner.ner.common) else part
            for part in runs]
    # 'Senator Dana Whitlock of Vermont', 'Secretary of State Tomas Lindqvist': where the model
    # sees a person's name inside a name with 'of', that name is the person's; the model reads
    # those runs in the same batch as the other names it is asked about
    # 'Later Vasko Ruiz said': a word capitalised only because it starts the sentence, and
    # written in lower case in the article too, is asked about as well
    opening = [_common_opening(part, text, lx) for part in runs]
    is_open = [o or _may_hold_a_person(part, lx) for part, o in zip(runs, opening, strict=True)]
    open_runs = [part for part, o in zip(runs, is_open, strict=True) if o]
    openers = {part[0][1] for part, o in zip(runs, opening, strict=True) if o}
    names = [name for part, o in zip(runs, is_open, strict=True) if not o
             if (name := _name(article, found, taken, lx, part)) is not None]
    in_body = _body_spans(names, confirm)
    ner.ner.prefetch([_extent(part) for part in open_runs]
                     + [_span(in_body.get(n.name, n.span)) for n in names if not n.strong])
    names += [name for part in open_runs
              for ents in [ner.ner.entities(*_extent(part))]
              for piece in _cut_at_people(_after_opening(part, ents, openers), ents, text, lx)
              if (name := _name(article, found, taken, lx, piece)) is not None]
    names.sort(key=lambda n: n.span.begin)
    # the model reads a name in a title-case headline badly: where the body has it too, there
    in_body = _body_spans(names, confirm)
    asked = [(n.name, in_body.get(n.name, n.span), n.kind) for n in names if not n.strong]
    ner.prefetch([(name, span) for name, span, _ in asked])
    ner.prefetch_votes(asked)
    # a person's name wherever a title or the context of one of its uses says so firmly ('X,
    # who ...'; not 'its', which places take too: 'Vermont raised its taxes')
    firmly: dict[str, EntityKind] = {n.name: "person" for n in names
                                     if n.strong and n.kind == "person"}
    for n in names:
        kind = (n.kind if n.strong else firmly.get(n.name)
                or _ner_kind(ner(n.name, in_body.get(n.name, n.span), n.kind), n.kind))
        if n.speaks and kind in {None, "place"}:
            kind = "person"  # a name of a person's words that speaks is no place or title
        elif kind == "organization" and not n.strong and n.kind in {None, "person"} \
                and _given_name_first(n.name, lx):
            kind = "person"  # 'Nadia Ferreira-Lund': a given name, then a surname
        if kind == "person" and not n.strong and not n.speaks \
                and _ON_A_PROGRAM.search(text, max(0, n.span.begin - 40), n.span.begin) \
                and not _POSSESSIVE_AFTER.match(text, n.span.end):
            continue  # 'said on Morning Hour', 'appeared on Harbor Live': a program, no one
        if kind is None or (kind == "person" and any(_org_joiner(w, lx) for w in n.name.split())):
            continue  # (no person's name holds 'of', 'for', 'on': 'Ruiz on Trade')
        entity = Entity(name_key(n.name), n.name, kind, rule=f"capitalised-{kind}", confidence=0.7)
        found.add(entity, n.span, _title_before(text, n.span.begin, lx), f"capitalised-{kind}", 0.7)
        taken.add(n.span, None)


# a name right after a speaking or appearing 'on' ('said on X', 'told reporters on X',
# 'appeared Sunday on X'): a program's, not someone's ('said on Ana Ruiz's show' is hers)
_ON_A_PROGRAM = re.compile(r"\b(?:said|says|saying|told|tells|telling|appeared|appears|appearing"
                           r"|spoke|speaking|interviewed)(?:[ \u00a0][\w'\u2019]+){0,3}?"
                           r"[ \u00a0]on[ \u00a0]\Z")
_POSSESSIVE_AFTER = re.compile(r"['\u2019]s?\b")


def _given_name_first(name: str, lx: Lexicon) -> bool:
    """A name of two or three words opening with a given name mostly given to one gender
    (lexicon ``he_first_names``, ``she_first_names``) and holding no word of a body's, a
    place's or a document's name ('the Sharon Statement')."""
    words = name.split()
    return 2 <= len(words) <= 3 and words[0] in lx.given_names \
        and not any(_org_word(w, lx) or w in lx.place_keywords or w in lx.outlet_keywords
                    or w.lower() in lx.document_nouns for w in words[1:])


@lru_cache(maxsize=64)
def _block_words(text: str, k: int) -> frozenset[str]:
    """The words of the ``k``-th stretch of REACH code points of the article (cut at spaces, so
    no word is cut): what ``_in_lower_case`` looks words up in, a few stretches at a time."""
    reach = _LongerNames.REACH
    begin = 0 if k == 0 else text.find(" ", k * reach) + 1 or len(text)
    end = text.find(" ", (k + 1) * reach)
    return frozenset(re.findall(r"[\w-]+", text[begin : len(text) if end < 0 else end]))


def _in_lower_case(word: str, at: int, text: str) -> bool:
    """Whether the article writes ``word`` in lower case, as a word of its own, near ``at``
    (within the stretch of ``at`` and the ones each side of it)."""
    w = word.lower()
    k = at // _LongerNames.REACH
    if re.fullmatch(r"[\w-]+", w):
        return any(w in _block_words(text, j) for j in range(max(0, k - 1), k + 2))
    reach = _LongerNames.REACH
    return re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])",
                     text[max(0, at - reach) : at + 2 * reach]) is not None


_PARTY = re.compile(r"[DRI]-(?=[A-Z])")


def _without_party(part: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """'R-Port Anselm' (a lawmaker's party and district, '(R-Port Anselm)') -> 'Port Anselm'."""
    w, at = part[0]
    if _PARTY.match(w) and len(w) > 2:
        return [(w[2:], at + 2), *part[1:]]
    return part


def _descriptor_first(part: list[tuple[str, int]], named: set[str], text: str,
                      lx: Lexicon, common: Callable[[str], bool]) -> bool:
    """Whether the run's first word starts a sentence and the rest of it is a name the article
    gives on its own elsewhere (``named``: every run's words) or the word is a company's
    business (lexicon ``business_nouns``: 'Utility Coastline Power says'): a word of English
    (``common``; or a maker of something) capitalised only where it starts the sentence,
    describing the name ('Chipmaker Orlen Semiconductor weighs ...' and 'Orlen Semiconductor
    said'; not 'Enrique Vasko Ruiz' and 'Vasko Ruiz'). No stop word, title, keyword or given
    name."""
    if len(part) < 3:
        return False
    w, at = part[0]
    if not (w.isalpha() and w[0].isupper() and w[1:].islower()) \
            or not (common(w.lower()) or w.endswith("maker")
                    or w.lower() in lx.business_nouns) or (
            w in lx.stop_words or w in lx.titles or w in lx.name_adjectives
            or w in lx.org_keywords or w in lx.place_keywords or w in lx.place_first_words
            or w in lx.given_names
            or part[1][0] in lx.name_joiners):
        return False
    return (" ".join(x for x, _ in part[1:]) in named or w.lower() in lx.business_nouns) \
        and bool(_SENTENCE_START.search(text, max(0, at - 10), at))


def _common_opening(part: list[tuple[str, int]], text: str, lx: Lexicon) -> bool:
    """Whether the run's first word starts a sentence, is no stop word, title or keyword, and is
    written in lower case in the article too ('Later', 'Poor'): a word the name may not hold."""
    if len(part) < 2:
        return False
    w, at = part[0]
    if not (w.isalpha() and w[0].isupper() and w[1:].islower()) or (
            w in lx.stop_words or w in lx.titles or w in lx.name_adjectives
            or w in lx.org_keywords or w in lx.place_keywords):
        return False
    return bool(_SENTENCE_START.search(text, max(0, at - 10), at)) and _in_lower_case(w, at, text)


def _after_opening(part: list[tuple[str, int]], ents: list[tuple[int, int, str]],
                   openers: set[int]) -> list[tuple[str, int]]:
    """The run without its common opening word where the model reads a name that starts after
    it and none that starts with it ('Later Vasko Ruiz' -> 'Vasko Ruiz'; 'Rose Vasko' stays)."""
    at = part[0][1]
    if at not in openers or any(b == at for b, _, label in ents if label in NER_KIND):
        return part
    if not any(part[1][1] <= b for b, _, label in ents if label in NER_KIND):
        return part
    return part[1:]


def _without_common_opening(part: list[tuple[str, int]], text: str,
                            lx: Lexicon) -> list[tuple[str, int]]:
    """'Member of Harbour Council says ...': a word capitalised only because it starts a
    sentence, before 'of' and a name, is no part of the name when the article also writes it in
    lower case ('a member'); a keyword or title stays ('Bank of ...', 'Secretary of State').
    People or stock in the plural ('Shares of', 'Employees of', 'Strategists for') never open a
    name."""
    if len(part) < 3 or part[1][0] not in {"of", "in", "for", "at", "from", "with"}:
        return part
    first = part[0][0].lower()
    if first in lx.plural_anonymous or first in lx.financial_nouns or (
            first in lx.described_person_nouns and first.endswith("s")):
        # 'Shares of Tamsin Foods', 'Workers at ...', 'Strategists for Ana Ruiz': people or
        # stock, no name
        return part[2:]
    if part[1][0] not in {"of", "in"}:
        return part
    if part[1][0] != "of" or not _common_opening(part, text, lx):
        return part
    return part[2:]


def _body_spans(names: list[_Name], confirm: _HeadlineNames) -> dict[str, Span]:
    """Where each name first appears outside a title-case headline."""
    in_body: dict[str, Span] = {}
    for n in names:
        if not confirm.in_headline(n.span.begin):
            in_body.setdefault(n.name, n.span)
    return in_body


def _span(span: Span) -> tuple[int, int]:
    return span.begin, span.end


class _HeadlineNames:
    """In a headline in title case ('Mayor Tells Council To Wait'), every word is capitalised, so
    a run of capitalised words is a name only where the body names it too: the run's longest
    stretches of two or more words that the body has, as words ('Dana Whitlock' of 'Dana Whitlock
    Tells Council'); elsewhere a run is what it is."""

    REACH = 100_000

    def __init__(self, article: Article) -> None:
        span = article.headline_span
        self.headline = span if span is not None and _title_case(span.text(article.text)) else None
        # the body's beginning, where a headline's names come back (the same cost however long)
        self.body = (article.text[span.end : span.end + self.REACH]
                     if self.headline is not None and span else "")
        self.words = set(re.findall(r"\w+", self.body))  # a stretch's words must all be there

    def in_headline(self, offset: int) -> bool:
        return self.headline is not None and self.headline.begin <= offset < self.headline.end

    def __call__(self, part: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
        if not part or not self.in_headline(part[0][1]):
            return [part]
        return self._confirmed(part)

    def _confirmed(self, part: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
        for length in range(len(part), 1, -1):
            for i in range(len(part) - length + 1):
                words = [w for w, _ in part[i : i + length]]
                words[-1] = re.sub(r"(?:['\u2019]s|\.)$", "", words[-1])
                if not all(x in self.words for w in words for x in re.findall(r"\w+", w)):
                    continue
                if re.search(rf"(?<!\w){re.escape(' '.join(words))}(?!\w)", self.body):
                    return [*self._confirmed(part[:i]), part[i : i + length],
                            *self._confirmed(part[i + length :])]
        return []


def _title_case(headline: str) -> bool:
    """Most of a headline's longer words capitalised ('Mayor Tells Council To Wait')."""
    words = [w for w in re.findall(r"[^\W\d_][\w'\u2019-]*", headline) if len(w) >= 4]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


_ITS = re.compile(r"[\s\u00a0]+(?:[a-z]\w*[\s\u00a0]+){1,2}?its\b")
# what follows only a person's name: 'who' (an organization takes 'which'), an age, a relative
_PERSON_AFTER = re.compile(
    r",[\s\u00a0]+(?:who\b|\d{1,3},|aged[\s\u00a0]+\d)"
    r"|['\u2019]s[\s\u00a0]+(?:wife|husband|widow|widower|son|daughter|mother|father|brother"
    r"|sister|parents|children|grandmother|grandfather|girlfriend|boyfriend|fiancée?)\b")


@dataclass(frozen=True)
class _Name:
    name: str
    span: Span
    kind: EntityKind | None  # from its words and context
    strong: bool  # firm, else the model's label decides
    speaks: bool = False  # a person's name by its words, said to speak: not a title or a law


def _name(article: Article, found: Entities, taken: SpanIndex[None], lx: Lexicon,
          part: list[tuple[str, int]]) -> _Name | None:
    """One capitalised name (words with their offsets), if it is one, with its kind so far."""
    text = article.text
    words, b = _trim_words(part, lx, text)
    if len(words) < 2 or words[-1].lower() in lx.name_joiners or _only_a_title(words, lx):
        return None
    last = words[-1]
    if last.endswith("s") and last[:-1].isupper() and last.lower() in lx.plural_anonymous:
        return None  # 'Three Conservative MPs': people, no name
    last, last_at = words[-1], part[[o for _, o in part].index(b) + len(words) - 1][1]
    if last.endswith(".") and not _keeps_period(last, lx):
        last = last[:-1]
    if last.endswith(_POSSESSIVE):
        last = last[:-2]
    words = [*words[:-1], last]
    span = Span(b, last_at + len(last))
    if found.in_boilerplate(span) or taken.overlaps(span):
        return None
    titled = _title_before(text, b, lx) is not None
    kind, strong = _classify(words, lx, titled)
    office = _OFFICE.match(text, span.end)
    if office is not None and (words[-1] in lx.titles or " ".join(words[-2:]) in lx.titles):
        # "the U.S. Attorney's office", "the Manhattan District Attorney's office": an office,
        # not a place or a person
        span = Span(b, office.end())
        words = text[b : span.end].split()
        kind, strong = "organization", True
    if re.search(r"\([DRI]-$", text[max(0, b - 3) : b]):
        kind, strong = "place", True  # '(D-Dunmore News)': the place a lawmaker represents
    if kind == "person" and not strong and _all_common(words, b, text):
        kind = None  # 'Election Day', 'Gold Star': words the article also writes in lower case
    if not strong and _ITS.match(text, span.end):
        kind, strong = "organization", True  # 'X cut its forecast': an organization
    elif kind in {"person", None, "organization"} and not strong and _said_a_body(
            text, span, lx, bare=True) and not _given_name_first(" ".join(words), lx):
        # 'to buy regional carrier Boreal Jet', 'the cycling group Kelderton on Wheels' (a
        # guess from 'on' the model would overrule)
        kind, strong = "organization", True
    elif kind in {"person", None} and not strong and _PERSON_AFTER.match(text, span.end):
        kind, strong = "person", True  # 'X, who ...', 'X, 43, ...', "X's wife": a person
    elif kind in {"person", None} and not strong and lx.title_apposed_re.search(
            text, max(0, b - 40), b):
        kind, strong = "person", True  # 'its president, X, ...': a person
    elif kind in {"person", None} and not strong and lx.person_apposed_re.match(text, span.end):
        kind, strong = "person", True  # 'X, a retail analyst at ...': a person
    speaks = kind == "person" and bool(_SPEAKS_BEFORE.search(text, max(0, b - 12), b)
                                       or _SPEAKS_AFTER.match(text, span.end))
    return _Name(" ".join(words), span, kind, strong, speaks)


# an office a title names, after the title's possessive ("the U.S. Attorney's office")
_OFFICE = re.compile(r"['\u2019]s[ \u00a0]+office\b")


# a name right after or before 'said' ('..., said X.'): it names someone who speaks, whatever
# else the model reads in it (not an organization's name: those speak too)
_SPEAKS_BEFORE = re.compile(r"\b(?:said|says|added|asked)[ \u00a0]+\Z")
_SPEAKS_AFTER = re.compile(r"[ \u00a0]+(?:said|says|added|asked)\b")


def _all_common(words: list[str], at: int, text: str) -> bool:
    """Whether every word of a name is in the article in lower case too, near ``at``: common
    words ('Situation Room'), which a person's name seldom is all of."""
    return all(_in_lower_case(w, at, text) for w in words)


def _only_a_title(words: list[str], lx: Lexicon) -> bool:
    """'Deputy Chief of Staff': a title, not a name."""
    single = _titles(lx.titles)[0]
    first = 0
    while first < len(words) - 1 and (words[first] in single or words[first] in lx.title_modifiers):
        first += 1
    return " ".join(words[first:]) in lx.titles


def _keeps_period(word: str, lx: Lexicon) -> bool:
    """'Inc.', 'J.', 'U.S.' keep their period; 'Ramanathan.' at a sentence's end does not."""
    return (len(word) <= 2 or "." in word[:-1] or word in lx.org_keywords or word in lx.titles
            or word in lx.name_suffixes)


def _parts(seq: str, start: int, lx: Lexicon,
           firm: bool = False) -> list[list[tuple[str, int]]]:
    """The names a run of capitalised words holds (each as its words with their offsets): cut
    after a sentence's last word ('... Hillary Vance. Betsy Moreau'), at an 'and' between two
    people's names or two names of which neither is an organization's (``firm``: the context
    makes the run one, 'X and Y raised its prices'), and before a title that starts a person's
    name."""
    words = [(w.group(), start + w.start()) for w in re.finditer(r"[^ \u00a0]+", seq)]
    return [
        titled
        for sentence in _split_at_sentence_ends(words, lx)
        for named in _split_at_and(sentence, lx, firm)
        for owned in _split_after_possessive(named, lx)
        for based in _split_before_based(owned, lx)
        for placed in _split_before_a_street(based, lx)
        for titled in _split_at_titles(placed, lx)
    ]


def _split_before_based(words: list[tuple[str, int]],
                        lx: Lexicon) -> list[list[tuple[str, int]]]:
    """'Shares of Boston-based Halvorsen Freight' -> 'Shares of', 'Boston-based Halvorsen
    Freight': an 'X-based' adjective starts a name (and is dropped from it, ``_trim_words``)."""
    cuts = [i for i, (w, _) in enumerate(words)
            if i > 0 and w.endswith(lx.name_adjective_endings)]
    bounds = [0, *cuts, len(words)]
    return [words[a:b] for a, b in pairwise(bounds)]


def _split_before_a_street(words: list[tuple[str, int]],
                           lx: Lexicon) -> list[list[tuple[str, int]]]:
    """'Halden Jewelers on Main Street' -> 'Halden Jewelers', 'Main Street': an 'on' before the
    name of a place ending in a place's keyword ('Street', 'Avenue') says where the name before
    it is, not a name of both."""
    for i, (w, _) in enumerate(words):
        if w == "on" and 0 < i < len(words) - 2 and words[-1][0] in lx.place_keywords:
            return [words[:i], words[i + 1:]]
    return [words]


def _split_at_sentence_ends(words: list[tuple[str, int]],
                            lx: Lexicon) -> list[list[tuple[str, int]]]:
    """'Vance. Betsy Moreau' -> 'Vance.', 'Betsy Moreau': a word ending in a full stop that is not
    an abbreviation's ('J.', 'U.S.', 'Inc.', 'Sen.', 'Jr.') ends its sentence."""
    parts: list[list[tuple[str, int]]] = [[]]
    for i, (w, o) in enumerate(words):
        parts[-1].append((w, o))
        if i < len(words) - 1 and w.endswith(".") and len(w) > 3 and not _keeps_period(w, lx):
            parts.append([])
    return parts


def _split_at_and(words: list[tuple[str, int]], lx: Lexicon,
                  firm: bool = False) -> list[list[tuple[str, int]]]:
    """'Maria Lopez and Tom Becker', 'Maria Lopez and Halvorsen Freight' -> two names; 'Procter
    and Gamble', 'Department of Health and Human Services' stay one (a side of one word, or no
    side a person's name)."""
    ands = [i for i, (w, _) in enumerate(words) if w == "and"]
    if not ands:
        return [words]
    parts, begin = [], 0
    for k, i in enumerate(ands):
        end = ands[k + 1] if k + 1 < len(ands) else len(words)
        left, right = words[begin:i], words[i + 1 : end]
        # 'Center for X and Y' is one name: a side with a joiner is not cut from the other;
        # 'Rhode Island and Vermont', 'Parks and Recreation': neither side an organization's
        # (nor one the context makes one: 'Hollis and Pryce raised its prices')
        firm = firm or any(_org_word(w, lx) for w, _ in words[begin:end])
        if (_person_like(left, lx) and _named(right, lx)) or (
                _named(left, lx) and not any(w.islower() for w, _ in left)
                and _person_like(right, lx)) or not firm or _two_firms(left, right, lx):
            parts.append(words[begin:i])
            begin = i + 1
    parts.append(words[begin:])
    return parts


def _two_firms(left: list[tuple[str, int]], right: list[tuple[str, int]], lx: Lexicon) -> bool:
    """'Halvorsen Foods and Brightmarket Stores': each side a name of its own, a word of its
    own then its kind (not 'Securities and Exchange Commission', 'Bank and Trust Company')."""
    def whole(side: list[str]) -> bool:
        while side and side[0] in lx.stop_words:
            side = side[1:]
        return (len(side) >= 2 and _org_word(side[-1], lx) and not _org_word(side[0], lx)
                and all(w[:1].isupper() for w in side))
    return whole([w for w, _ in left]) and whole([w for w, _ in right])


def _split_after_possessive(words: list[tuple[str, int]],
                            lx: Lexicon) -> list[list[tuple[str, int]]]:
    """'Ohio's Dana Whitlock' -> 'Ohio's', 'Dana Whitlock': a possessive before a person's name
    ('Hollis's Furniture Company', an organization's name, stays whole); a plural's possessive
    before a name that is no organization's ('the Smiths' Labrador Rex')."""
    for i, (w, o) in enumerate(words[:-1]):
        if w.endswith(_POSSESSIVE) and _person_like(words[i + 1 :], lx):
            return [words[: i + 1], words[i + 1 :]]
        if w.endswith(_PLURAL_POSSESSIVE) and not any(_org_word(x, lx) for x, _ in words[i + 1 :]):
            # "the Farmers' Union" is one name, "the Smiths' Labrador" two
            return [[*words[:i], (w[:-1], o)], words[i + 1 :]]
    return [words]


_PLURAL_POSSESSIVE = ("s'", "s\u2019")


def _core(words: list[tuple[str, int]], lx: Lexicon) -> list[str]:
    """A run's words without what ends it but is not part of a name ('... on Friday.')."""
    ws = [w for w, _ in words]
    while ws and (ws[-1].lower() in lx.name_joiners or ws[-1] in lx.stop_words
                  or ws[-1].rstrip(".") in lx.stop_words):
        ws.pop()
    return ws


def _extent(part: list[tuple[str, int]]) -> tuple[int, int]:
    return part[0][1], part[-1][1] + len(part[-1][0])


def _may_hold_a_person(part: list[tuple[str, int]], lx: Lexicon) -> bool:
    """A name with 'of' or 'and' that its words do not make an organization's or a place's, or
    whose words before 'of' could be a person's ('Rafael Ostrowski of Halvorsen Freight')."""
    words = [w for w, _ in part]
    if "of" not in words and "and" not in words:
        return False
    firm = any(_org_word(w, lx) or w in lx.place_keywords for w in words)
    return not firm or ("of" in words and _person_like(part[: words.index("of")], lx))


def _cut_at_people(part: list[tuple[str, int]], ents: list[tuple[int, int, str]],
                   text: str, lx: Lexicon) -> list[list[tuple[str, int]]]:
    """The run cut around the people's names the model found in it, of two words or more, or
    around the names it found on each side of an 'and' ('Vermont and North Dakota'). Where it
    found no name before an 'of': a name a person's could be (after its titles), 'of' an
    organization's or a place's ('Ana Ruiz of Sentry Bank', 'Mayor Ana Ruiz of Kelderton': the
    model knows few names at a sentence's start), is cut at the 'of'."""
    begin, end = _extent(part)
    named = [(b, e, label) for b, e, label in ents
             if label in NER_KIND and begin <= b and e <= end]
    ands = [o for w, o in part if w == "and"]
    cuts = [(b, e) for b, e, label in named if label == "PERSON" and " " in text[b:e].strip()]
    if ands and len(named) >= 2 and not any(b < o < e for b, e, _ in named for o in ands):
        cuts = [(b, e) for b, e, _ in named]
    words = [w for w, _ in part]
    if not cuts and "of" in words:
        at = words.index("of")
        lead = next((i for i, w in enumerate(words) if w not in lx.titles), at)
        of_at = part[at][1]
        whole = [label for b, e, label in ents if b < of_at < e]  # a name across the 'of'
        place = any(label in {"GPE", "LOC"} and b > of_at for b, _, label in ents)
        if _person_like(part[lead:at], lx) and not any(w in lx.titles for w in words[lead:at]) \
                and not any(b < of_at for b, _, _ in named) and not whole and (
                    any(_org_word(w, lx) for w in words[at + 1 :]) or (place and lead > 0)):
            # ... or, after a title, 'of' a place ('Mayor Ana Ruiz of Kelderton')
            return [part[:at], part[at + 1 :]]
    if not cuts:
        return [part]
    pieces: list[list[tuple[str, int]]] = []
    current: tuple[int, int] | None = None
    for w, o in part:
        within = next(((b, e) for b, e in cuts if b <= o < e), None)
        if not pieces or within != current:
            pieces.append([])
        pieces[-1].append((w, o))
        current = within
    return pieces


def _named(words: list[tuple[str, int]], lx: Lexicon) -> bool:
    """Two or more capitalised words (a name of any kind)."""
    return sum(1 for w in _core(words, lx) if w[0].isupper() and w not in lx.name_particles) >= 2


def _person_like(words: list[tuple[str, int]], lx: Lexicon) -> bool:
    """Two or more capitalised words, with at most a personal name's particles between them, and
    none that would make them an organization or a place."""
    names = [w for w in _core(words, lx) if w not in lx.name_particles]
    return (len(names) >= 2 and all(w[0].isupper() for w in names)
            and not any(_org_word(w, lx) or w in lx.place_keywords or w in lx.outlet_keywords
                        for w in names))


def _split_at_titles(words: list[tuple[str, int]], lx: Lexicon) -> list[list[tuple[str, int]]]:
    """'Acme Robotics CEO Gideon Vance' -> 'Acme Robotics', 'CEO Gideon Vance': a title inside a
    capitalised run, followed by a name of two or more words, starts a new name."""
    titles = _with_plurals(lx)
    # where the last title of the run is: a title with no other title after it
    last_title = max((i for i, (w, _) in enumerate(words) if w in titles), default=-1)
    if last_title < 0 or len(words) - last_title - 1 < 2:
        return [words]
    start = last_title
    # back over a title of several words ending there ('District Attorney') and the words that
    # modify a title ('Assistant District Attorney', 'Deputy Police Chief')
    ws = [w for w, _ in words]
    for t in _longest_first(lx.titles):
        b = last_title - len(t) + 1
        if b >= 0 and ws[b : last_title + 1] == t:
            start = b
            break
    while start > 0 and ws[start - 1] in lx.title_modifiers:
        start -= 1
    if start == 2 and ws[0] in lx.title_modifiers:
        # 'Deputy Transport Minister Ruth Albescu': the portfolio is the title's, no name
        return [words[start:]]
    return [words[:start], words[start:]] if start > 0 else [words]


def _other_kind(labels: list[str]) -> bool:
    """The model's first label is of a kind kg knows, not a person's, or says no entity of
    kg's kinds at all (a law, a title, an event)."""
    return bool(labels) and labels[0] != "PERSON" and (
        labels[0] in NER_KIND or labels[0] in _NO_ENTITY)


# the model's labels for names that are none of kg's kinds of entity
# (not PRODUCT: often a person); NORP: a nationality or a party's members ('Northern European')
_NO_ENTITY = frozenset({"LAW", "WORK_OF_ART", "EVENT", "NORP"})


def _ner_kind(found: list[str], kind: EntityKind | None) -> EntityKind | None:
    """The model's label decides between person, organization and place where capitalisation
    alone had only a guess (an organization is not a person for having two capitalised words)."""
    labels = [label for label in found if label in NER_KIND]
    if not labels:
        # 'the Clean Harbour Plan', 'The Ana Ruiz Morning Show': a law or a title, no one
        return None if any(label in _NO_ENTITY for label in found) else kind
    if kind is None and labels[0] != "PERSON":
        return None
    return NER_KIND[labels[0]]


def _trim_words(part: list[tuple[str, int]], lx: Lexicon, text: str) -> tuple[list[str], int]:
    """Drop leading stop words and titles and trailing stop words; return the words and where the
    name starts."""
    titles, long_titles = _with_plurals(lx), _titles(lx.titles)[1]
    first, end = 0, len(part)

    def org_rest(i: int) -> bool:  # 'Democratic' before 'National Committee'
        return any(_org_word(w, lx) for w, _ in part[i + 1 : end])

    def long_title(i: int) -> int:  # 'Attorney General' before a name: its words
        return max((len(t) for t in long_titles.get(part[i][0], ())
                    if [w for w, _ in part[i : i + len(t)]] == t), default=0)

    def owned_by_stop(w: str) -> bool:  # "Monday's"
        return w.endswith(_POSSESSIVE) and w[:-2] in lx.stop_words

    def titled(i: int) -> bool:  # a title, or a modifier before one ('Deputy Attorney General')
        w = part[i][0]
        return w in titles or bool(long_title(i)) or (
            w in lx.title_modifiers and i + 1 < end and titled(i + 1))

    of_title = False  # 'Secretary of ...': the words after 'of' name the office, then the person
    while first < end:
        w = part[first][0]
        if k := long_title(first):
            first += k
            continue
        if w in lx.title_modifiers and titled(first):
            first += 1
            continue
        if not (w in lx.stop_words or w in titles or _org_joiner(w, lx)
                or w.endswith(lx.name_adjective_endings)
                or owned_by_stop(w)):
            break
        if w in lx.name_adjectives and org_rest(first):
            break
        of_title = (w == "of" and first > 0 and titled(first - 1)) or (
            of_title and w in lx.stop_words)  # 'Director of the Port Agency Ana Ruiz'
        first += 1
    while first < end and _trailing_stop(part, end - 1, lx, text):
        end -= 1
    if of_title and end - first >= 3:
        # 'Secretary of State Ana Ruiz', 'Minister of Trade Ana M. Ruiz': the name is the last
        # two words, or three with an initial between them
        first = end - (3 if re.fullmatch(r"[A-Z]\.", part[end - 2][0]) else 2)
    words = [w for w, _ in part[first:end]]
    offsets = [o for _, o in part[first:]]
    # 'Acme Robotics CEO' with no name after it: the organization, not a name ending in a title;
    # of two words only before a title in capitals ('the Acme CEO'; 'Mark Judge' is a name)
    last = words[-1].rstrip(".,;:") if words else ""  # 'the former Acme CEO.'
    if (len(words) >= 3 or (len(words) == 2 and last.isupper())) and last in titles \
            and words[-2].lower() not in lx.name_joiners:
        words = words[:-1]
    return words, offsets[0] if offsets else -1


@cache
def _longest_first(titles: tuple[str, ...]) -> list[list[str]]:
    """The titles of several words, longest first."""
    return sorted((t for ts in _titles(titles)[1].values() for t in ts), key=len, reverse=True)


@cache
def _titles(titles: tuple[str, ...]) -> tuple[frozenset[str], dict[str, list[list[str]]]]:
    """The titles of one word ('Mayor'), and those of several ('Attorney General') by their
    first word."""
    several: dict[str, list[list[str]]] = {}
    for t in titles:
        if " " in t:
            several.setdefault(t.split()[0], []).append(t.split())
    return frozenset(t for t in titles if " " not in t), several


def _with_plurals(lx: Lexicon) -> frozenset[str]:
    """The titles of one word and the offices' in the plural ('Senators Ana Ruiz and Bo Lind')."""
    return _joined_sets(_titles(lx.titles)[0], lx.office_plurals)


@cache
def _joined_sets(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    return a | b


def _org_word(w: str, lx: Lexicon) -> bool:
    """A word that makes a name an organization's ('Committee', 'Inc.')."""
    return w in lx.org_keywords or w.rstrip(".") in lx.org_keywords


def _org_joiner(w: str, lx: Lexicon) -> bool:
    """'of', 'and' inside a name, not a person's particle ('de', 'Van')."""
    return w.lower() in lx.name_joiners and w.lower() not in lx.name_particles


def _trailing_stop(part: list[tuple[str, int]], i: int, lx: Lexicon, text: str) -> bool:
    """Whether a name's last word is not part of it: 'on Monday', a lone 'of', but not the
    'Company' of 'Halvorsen Company' nor the 'May' of 'Rosa May' (a month before a day's number
    is a date: 'Springfield May 3')."""
    w, at = part[i]
    bare = w[:-1] if w.endswith(".") and not _keeps_period(w, lx) else w
    if w.lower() in lx.name_joiners:
        return True
    if bare not in lx.stop_words and w not in lx.stop_words:
        return False
    if bare in lx.org_keywords and i > 0:
        return False
    if bare in lx.surname_months and i > 0 and part[i - 1][0] not in lx.stop_words:
        return bool(re.match(r"[ \u00a0]+\d", text[at + len(w) : at + len(w) + 8]))
    return True


def _classify(words: list[str], lx: Lexicon, titled: bool) -> tuple[EntityKind | None, bool]:
    """The kind a name's words say, and whether they say it firmly (a keyword, a title) or only
    guess it (two to four capitalised words: a person, unless the model or context says not)."""
    if words[-1] in lx.law_keywords:
        return None, True  # a law's name
    if len(words) >= 2 and all(w.isupper() for w in words if w[0].isalpha()):
        return None, False  # a line in capitals ('SPRINGFIELD, Ill.'): the model decides
    if (words[-1] in lx.outlet_keywords
            or (words[-1] == "Agency" and len(words) > 2 and words[-2] in {"News", "Press"})) \
            and not titled:
        return "outlet", True  # ('Velnara News Agency', a wire service)
    if words[-1] in lx.org_last_words:
        return "organization", True
    if any(_org_word(w, lx) for w in words) or "&" in words:  # 'Vinter & Moll': a firm
        return "organization", True
    if " ".join(words[:2]) in lx.org_keywords:
        return "organization", True
    if words[0] in lx.place_first_words or words[-1] in lx.place_keywords:  # not 'Ana Hall Ruiz'
        return "place", True
    if any(_org_joiner(w, lx) for w in words):
        # 'Friends of the Harbour', but also 'Game of Harbours', 'Much of Ruiz': a guess the
        # model decides
        return "organization", False
    if any(w.isupper() and len(w) > 1 and "." not in w for w in words):
        return ("organization", True) if not titled else (None, True)
    names = [w for w in words if w not in lx.name_particles]  # 'Maria de Souza'
    if 2 <= len(names) <= 4 and all(w[0].isupper() for w in names):
        return "person", titled
    return None, False


_ORG_TAIL = frozenset({"for", "of", "on"})


def _partial_names(found: Entities, lx: Lexicon) -> None:
    """One entity for a name and a longer name it is part of, both found as names: 'Vasko Ruiz'
    and 'Enrique Vasko Ruiz' (a person's last words), 'Harbour Institute' and 'Harbour Institute
    for Trade' (an organization's first words, the rest from 'for', 'of' or 'on': 'Harbour
    Council' is not its 'Harbour Council Transport Committee'). Only where one longer name of
    the same kind fits; and 'Acme Robotics' and 'Acme Robotics Inc.' (a legal form after the
    name, lexicon ``legal_suffixes``). The entity is the one the article names first ('Ana Ruiz'
    before a tweet's 'Sly Ana Ruiz'), or the registry's. Each name's parts are looked up, not
    compared with every other name: a long article names thousands."""
    longer: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for k, e in found.entities.items():
        v = e.name.split()
        if e.kind == "person":
            for n in range(2, len(v)):
                longer.setdefault(("person", tuple(v[-n:])), []).append(k)
        elif e.kind == "organization":
            for n in range(2, len(v)):
                if v[n] in _ORG_TAIL:
                    longer.setdefault(("organization", tuple(v[:n])), []).append(k)
            if len(v) > 1 and v[-1].rstrip(",") in lx.legal_suffixes:
                longer.setdefault(("organization", tuple(v[:-1])), []).append(k)
    into: dict[str, str] = {}
    for key, e in found.entities.items():
        fits = longer.get((e.kind, tuple(e.name.split())), [])
        if len(fits) != 1 or fits[0] in into:
            continue
        pair = [key, fits[0]]
        if any(found.entities[k].registry for k in pair):
            kept = next(k for k in pair if found.entities[k].registry)
        else:
            # the one named first; one an earlier part of the article read, before any
            kept = min(pair, key=lambda k: found.of_entity(k)[0].span.begin
                       if found.of_entity(k) else -1)
        gone = pair[0] if kept == pair[1] else pair[1]
        if gone not in into and kept not in into and not found.entities[gone].registry:
            into[gone] = kept
    if into:
        found.merge(into)


def _short_forms(article: Article, found: Entities, taken: SpanIndex[None], lx: Lexicon,
                 longer: _LongerNames, ner: Ner) -> None:
    """A later 'Lopez' refers to the person first named 'Maria Lopez', a later 'Tamsin' to the
    company first named 'Tamsin Foods'."""
    text = article.text
    suffixes = {w.rstrip(".") for w in lx.name_suffixes}
    by_part: dict[str, str] = {}
    for key, e in found.entities.items():
        if e.kind == "person" and " " in e.name:
            # 'Ruiz' for 'Ana Ruiz Jr.'
            parts = [w for w in e.name.split() if w.rstrip(".") not in suffixes]
            if len(parts) >= 2:
                by_part.setdefault(parts[-1], key)
            if len(parts) == 2 and _GIVEN_AFTER.fullmatch(parts[1]):
                # 'Lee' for 'Lee Min-jun': a family name written first, before a given name of
                # two syllables joined by a hyphen
                by_part.setdefault(parts[0], key)
    # 'the Tribune' for 'The Harbor Tribune': an outlet's last word, where no other outlet's
    # name ends in it
    lasts = Counter(e.name.split()[-1] for e in found.entities.values()
                    if e.kind == "outlet" and " " in e.name)
    for key, e in found.entities.items():
        words = e.name.split()
        if e.kind == "outlet" and len(words) >= 2 and words[-1] in lx.outlet_keywords \
                and lasts[words[-1]] == 1 and words[-1] not in by_part:
            by_part[words[-1]] = key
    firsts = Counter(e.name.split()[0] for e in found.entities.values() if e.name.split())
    for key, e in found.entities.items():
        words = e.name.split()
        if len(words) > 2 and words[-1].rstrip(",") in lx.legal_suffixes:
            words = words[:-1]  # 'Tamsin Foods Inc.' is 'Tamsin Foods'
        # 'Tamsin' for 'Tamsin Foods': a company's own word before the word of its trade
        if e.kind == "organization" and len(words) == 2 and _org_word(words[1], lx) \
                and _own_word(words[0], lx) and not ner.common(words[0].lower()) \
                and firsts[words[0]] == 1:
            by_part.setdefault(words[0], key)
    if not by_part:
        return
    for span in _last_names(text, set(by_part)):
        key = by_part[span.text(text)]
        if (found.in_boilerplate(span) or taken.overlaps(span)
                or longer(span, found.entities[key].name)):
            continue
        if found.entities[key].kind == "organization" and LOCATED.search(
                text, max(0, span.begin - 12), span.begin):
            continue  # 'in Westbrook' after 'Westbrook University': the place
        found.add(found.entities[key], span, _title_before(text, span.begin, lx), "short-form", 0.8)
        taken.add(span, None)


_GIVEN_AFTER = re.compile(r"[A-Z][a-z]+-[a-z]+")
# a preposition of where someone or something is, right before a name ('in Westbrook', 'an
# official from the Vermont ...'): the name there is a place's, not the one acted for
LOCATED = re.compile(r"\b(?:in|from|near|outside|across|around|throughout)[ \u00a0]+"
                     r"(?:the[ \u00a0]+)?\Z")


def _own_word(w: str, lx: Lexicon) -> bool:
    """A capitalised word that may stand for a company alone: no common, place or title word."""
    return (len(w) >= 3 and w[0].isupper() and w[1:].islower() and w.isalpha()
            and not any(w in ws for ws in (lx.stop_words, lx.name_adjectives, lx.place_keywords,
                                           lx.place_first_words, lx.org_keywords))
            and w not in lx.titles)


_NAME_END = re.compile(r"(?=['\u2019]s\b|[^\w]|$)")


def _last_names(text: str, names: set[str]) -> list[Span]:
    """Where ``names`` occur as words (or with a possessive 's), left to right, the longest
    first where two start at one place: what a regular expression alternating the names finds,
    without trying every name at every position (a long article names thousands of people)."""
    by_length: dict[int, set[str]] = {}
    for n in names:
        by_length.setdefault(len(n), set()).add(n)
    lengths = sorted(by_length, reverse=True)
    start = re.compile(r"(?<![\w])(?=[" + "".join(re.escape(c) for c in {n[0] for n in names})
                       + "])")
    out: list[Span] = []
    pos = 0
    while (m := start.search(text, pos)) is not None:
        at = m.start()
        pos = at + 1
        for size in lengths:
            if text[at : at + size] in by_length[size] and _NAME_END.match(text, at + size):
                out.append(Span(at, at + size))
                pos = at + size
                break
    return out
