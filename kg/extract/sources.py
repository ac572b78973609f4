"""Who a phrase like 'an agency spokesperson', 'she', 'the company' or 'two people familiar with
the call' refers to: a named entity, a spokesperson, an anonymous source or group, a document."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from itertools import pairwise

from kg.extract.entities import LOCATED, Entities
from kg.extract.lexicon import Lexicon, alternation
from kg.model import Entity, Mention, Source, Span

# An aside that gives why a source is not named ('speaking on condition of anonymity because
# ...', 'who were not authorized to speak publicly').
ANONYMITY_ASIDE = re.compile(r"(?:speaking|because|on condition"
                             r"|who\b.*\b(?:authori[sz]ed|permitted|anonymity|identified|named"
                             r"|names?\b.*\bnot\s+be\s+(?:used|published|printed|disclosed)"
                             r"|(?:give|provide)\s+(?:his|her|their)\s+(?:full\s+|last\s+)?names?))\b",
                             re.IGNORECASE)
PRONOUNS_PERSON = {"he", "she", "him", "her", "his"}
# which persons a pronoun may refer to, by the gender the article gives them
GENDER_OF = {"he": "he", "him": "he", "his": "he", "himself": "he",
             "she": "she", "her": "she", "hers": "she", "herself": "she"}
# The id of a source no entity names: its kind, then the offset of the words that describe it
# (of its cue, for one the text does not describe): 'src-1234', 'desc-88', 'spox-9', 'grp-40',
# 'doc-7', 'none-120' (``kg.extract._Moved`` reads the offset back)
LOCAL_ID = re.compile(r"(none|desc|spox|src|grp|doc)-(\d+)")
_GENDERED = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)

_WORD = re.compile(r"[\w.\u2019'-]+")
SENTENCES_BACK = 3  # how far back a gendered pronoun looks for a person of its gender

# How much each way of resolving a source phrase is trusted (recorded as nkg:confidence).
CONFIDENCE = {"spokesperson": 0.85, "anonymous": 0.85, "pronoun": 0.6, "description": 0.65,
              "document": 0.7, "named": 0.9, "in_capitals": 0.8}


# people in the plural, then whom or where they work for, before a name ('Strategists for ',
# 'Lawyers for the ', 'Aides to ')
_PEOPLE_FOR = re.compile(r"(?:[A-Za-z][\w\u2019'-]*\s+){1,3}(?:for|of|at|to|with|from)\s+"
                         r"(?:the\s+)?$")
# what comes before an organization's name in 'a nurse at X', 'the head of X', 'two workers
# from X': a determiner, a noun in lower case (and its modifiers), a preposition
_DESCRIBED_MEMBER = re.compile(
    r"(?i:an?|the|one|another|two|three|four|five|several|some|\d+)\s+"
    r"(?:[a-z][\w\u2019'-]*\s+){1,3}(?:at|of|for|from|with|in)\s+(?:the\s+)?$")


# a place someone is at before a noun: 'a forecaster at the office' works there, not for it
_AT_PLACE = re.compile(r"\b(?:at|in|from|outside|near|inside|with)\s+(?:the\s+|an?\s+)?"
                       r"(?:[\w\u2019'-]+\s+){0,2}\Z")


# between two names of one source phrase: 'Ana Ruiz and Bo Lind', 'X, Y and Z', 'X & Y'
_JOINED = re.compile(r"(?:,?[\s\u00a0]+(?:and|&)|,)[\s\u00a0]+(?:[A-Z][\w.]*[\s\u00a0]+){0,2}")


_AND = re.compile(r"\b(?:and)\b|&")
# what may follow the last of several people named together: where they work or come from
# ('Tomas Reyes and Ana Lind of Kelderton University')
_AFFILIATION = re.compile(r"[\s\u00a0]+(?:of|from|at|with)[\s\u00a0]+(?:the[\s\u00a0]+)?"
                          r"[A-Z][^,;:]*")


def _without_affiliation(text: str, inside: list[Mention], span: Span,
                         found: Entities) -> list[Mention]:
    """The mentions of a phrase of people named together, without an organization or a place
    that follows the last person after 'of', 'from', 'at' or 'with' and ends the phrase."""
    for i in range(1, len(inside)):
        before, m = inside[i - 1], inside[i]
        if found.kind(before.entity) == "person" and found.kind(m.entity) != "person" \
                and _AFFILIATION.fullmatch(text, before.span.end, span.end) \
                and all(found.kind(x.entity) != "person" for x in inside[i:]):
            return inside[:i]
    return inside
_OBJECT_OF = re.compile(r"\b(?:for|of|at|to|with|from|by|about|near|behind|against)\b",
                        re.IGNORECASE)


# between a spokesperson noun and the person spoken for: 'for', 'of' or 'to', and titles
_FOR_SOMEONE = re.compile(r"\s+(?:for|of|to)\s+(?:[A-Z][\w.\u2019'-]*\s+){0,3}")


@dataclass
class _ByPlace:
    """Source ids in the order of their anchors' offsets."""

    begins: list[int] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    NEAR = 200  # how many a look back reads at the most (a long article holds thousands)

    def add(self, at: int, key: str) -> None:
        i = bisect_right(self.begins, at)
        self.begins.insert(i, at)
        self.ids.insert(i, key)

    def before(self, at: int) -> list[str]:
        """The ids anchored before ``at``, nearest first."""
        i = bisect_left(self.begins, at)
        return self.ids[max(0, i - self.NEAR) : i][::-1]


@dataclass
class Resolver:
    found: Entities
    lx: Lexicon
    publisher: Entity | None
    sentences: list[Span]
    # whether an offset lies inside a quotation: a pronoun outside one looks first to the people
    # named outside quotations ('"... beat Ana Ruiz," she said' is not Ruiz's word)
    quoted: Callable[[int], bool] | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    cited: list[str] = field(default_factory=list)  # outlet keys in order of citation
    _begins: list[int] = field(default_factory=list, init=False, repr=False)
    _gender: dict[str, str] | None = field(default=None, init=False, repr=False)
    # the groups, and the sources by each word of their description, in text order: what 'they'
    # and 'the diplomat' refer back to is found near its place, not by a scan of every source
    _groups: _ByPlace = field(default_factory=lambda: _ByPlace(), init=False, repr=False)
    _words: dict[str, _ByPlace] = field(default_factory=dict, init=False, repr=False)
    # people a pronoun being resolved cannot be (``describe``'s ``not_these``)
    _not: frozenset[str] = field(default=frozenset(), init=False, repr=False)
    # the people named, by their name and by their last name, in lower case (``_in_capitals``)
    _people: dict[str, set[str]] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        # sentences never overlap (a parse's sentences, paragraph by paragraph), so in text
        # order one binary search finds the sentence of any offset
        self.sentences = sorted(self.sentences)
        self._begins = [s.begin for s in self.sentences]

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence holding ``offset``, if any."""
        i = bisect_right(self._begins, offset) - 1
        return self.sentences[i] if i >= 0 and offset < self.sentences[i].end else None

    def _sentence_index(self, span: Span) -> int | None:
        """The index of the sentence ``span`` lies within, if any."""
        i = bisect_right(self._begins, span.begin) - 1
        return i if i >= 0 and span.end <= self.sentences[i].end else None

    # ------------------------------------------------------------------ public
    def resolve(self, phrase: Span) -> Source | None:
        text = self.found.article.text
        trimmed = self._trim(phrase)
        if trimmed is None:
            return None
        words = trimmed.text(text)
        low = words.lower()
        for fn in (self._spokesperson, self._anonymous, self._pronoun, self._description,
                   self._document, self._named, self._in_capitals):
            src = fn(trimmed, words, low)
            if src is not None:
                how = fn.__name__.lstrip("_")
                return self._keep(replace(src, rule=f"source-{how}", confidence=CONFIDENCE[how]))
        return None

    def unidentified(self, cue: Span) -> Source:
        """The source of a statement the text gives with no source at all, by its cue."""
        return self._keep(Source(f"none-{cue.begin}", "unidentified", None,
                                 rule="source-unidentified", confidence=0.6))

    def describe(self, phrase: Span, not_these: Collection[str] = ()) -> Source | None:
        """Who ``phrase`` refers to, or else an unnamed source described by its words; a
        pronoun is none of ``not_these`` (people the same clause names after it: 'she endorsed
        Ana Ruiz' is not Ruiz)."""
        self._not = frozenset(not_these)
        try:
            src = self.resolve(phrase)
        finally:
            self._not = frozenset()
        if src is not None:
            return src
        trimmed = self._trim(phrase)
        if trimmed is None:
            return None
        words = trimmed.text(self.found.article.text)
        descriptor, reason = _anonymity_reason(words)
        acts_for = None
        m = self.lx.employer_re.search(descriptor.lower())
        if m and m.group("at") and _DESCRIBED_MEMBER.match(descriptor[: m.start("at")]):
            org = self._org_described(trimmed.begin, m.group("at"))  # 'a forecaster at the office'
            acts_for = org.key if org else None
        if reason is None:
            descriptor = words
        return self._keep(Source(f"desc-{trimmed.begin}", "anonymous" if reason else "unnamed",
                                 trimmed, descriptor=descriptor, acts_for=acts_for,
                                 anonymity_reason=reason, rule="source-description",
                                 confidence=0.5))

    def with_appositive(self, src: Source, core: Span, phrase: Span) -> Source:
        """A named person (``core``) whose appositive in ``phrase`` makes them a spokesperson
        ('Ana Ruiz, a spokeswoman for Acme'), speaking for the organization it names; a report
        whose appositive says by which outlet ('The report, published Monday by the daily Yeni
        Gazete, said') is that outlet's, not the one 'the report' alone would refer back to."""
        if src.kind == "outlet" and phrase.end > core.end:
            rest = Span(core.end, phrase.end)
            text = self.found.article.text
            by = next((m.entity for m in self.found.inside(rest)
                       if self.found.kind(m.entity) == "outlet"
                       and _BY_OUTLET.search(text, rest.begin, m.span.begin)), None)
            if by is not None and by != src.entity:
                return self._keep(Source(by, "outlet", src.anchor, by, rule=src.rule,
                                         confidence=src.confidence))
        if src.kind != "person":
            return src
        if phrase.end > core.end:
            rest = Span(core.end, phrase.end)
        elif core.begin > phrase.begin:  # 'A spokeswoman for Acme, Ana Ruiz'
            rest = Span(phrase.begin, core.begin)
        else:
            return src
        low = rest.text(self.found.article.text).lower()
        nouns = alternation(self.lx.spokesperson_nouns - {"office"})
        noun = re.search(rf"\b({nouns})\b", low)
        if noun is None:
            return src
        orgs = [m.entity for m in self.found.inside(rest) if self.found.kind(m.entity) != "person"]
        acts_for = self._principal(orgs, rest, low, rest.begin + noun.start())
        self.sources[src.id] = replace(src, kind="spokesperson", acts_for=acts_for,
                                       rule="source-spokesperson",
                                       confidence=CONFIDENCE["spokesperson"])
        return self.sources[src.id]

    def _principal(self, orgs: list[str], span: Span, low: str, noun: int) -> str | None:
        """Whom the spokesperson noun at ``noun`` in ``span`` speaks for: an organization named
        in the phrase (``orgs``), else one it describes ('for the company'), else the person
        whose spokesperson it is ("Ana Ruiz's spokesman", 'her spokesman': the person named
        before)."""
        return orgs[0] if orgs else (self._described_employer(span, low)
                                     or self._owner(span, noun) or self._person_for(span, noun)
                                     or self._pronoun_owner(span, low, noun)
                                     or self._office_owner(span, low, noun))

    def _office_owner(self, span: Span, low: str, noun: int) -> str | None:
        """'the governor's office', "the district attorney's spokeswoman": the person the
        article titles so, named last before."""
        own = (re.search(r"\bthe ((?:[\w.-]+ )?[\w.-]+)['\u2019]s?\s+\Z", low[:noun - span.begin])
               or re.match(r"[\w-]+ (?:for|to) the ((?:[\w.-]+ )?[\w.-]+)\Z",
                           low[noun - span.begin :]))  # 'a spokesman for the governor'
        if own is None:
            return None
        word = own.group(1).split()[-1]
        roles = (self.lx.role_nouns.get(own.group(1)) or self.lx.role_nouns.get(word)
                 # 'a representative for the singer': the person titled 'singer' before
                 or tuple(t for t in (word, word.capitalize()) if t in self.lx.titles))
        person = self._person_with_role(span.begin, roles) if roles else None
        return person.key if person else None

    def _pronoun_owner(self, span: Span, low: str, noun: int) -> str | None:
        own = re.search(r"\b(her|his)\s+\Z", low[:noun - span.begin])
        person = self._person_before(span.begin, own.group(1)) if own else None
        return person.key if person else None

    def _person_for(self, span: Span, noun: int) -> str | None:
        """The person the spokesperson noun at ``noun`` speaks for, named right after it ('a
        spokesman for Senator Falk')."""
        text = self.found.article.text
        word = _WORD.match(text, noun)
        end = word.end() if word else noun
        people = [x for x in self.found.inside(span) if self.found.kind(x.entity) == "person"
                  and x.span.begin >= end and _FOR_SOMEONE.fullmatch(text, end, x.span.begin)]
        return people[0].entity if people else None

    def _owner(self, span: Span, noun: int) -> str | None:
        """The person whose spokesperson the noun at ``noun`` is, named with a possessive right
        before it ("Governor Ana Ruiz's spokesman")."""
        text = self.found.article.text
        owners = [x for x in self.found.inside(span) if self.found.kind(x.entity) == "person"
                  and x.span.end <= noun and re.fullmatch(r"[\u2019']s?\s+",
                                                          text[x.span.end:noun])]
        return owners[-1].entity if owners else None

    def _described_employer(self, span: Span, low: str) -> str | None:
        """The organization a phrase gives only by a description ('a spokeswoman for the
        company', 'a company spokeswoman', 'an engineer at the utility'): the last one the
        article names before it, of that kind (``_org_described``)."""
        m = self.lx.employer_re.search(low)
        if m is None:
            return None
        org = self._org_described(span.begin, m.group("at") or m.group("own"))
        return org.key if org else None

    def with_aside(self, src: Source, aside: Span) -> Source:
        """An anonymous source or group with the reason for its anonymity taken from an aside
        between it and its verb ('two aides, speaking on condition of anonymity because ...,
        said'); someone described but not named becomes an anonymous source by it."""
        if src.kind not in {"anonymous", "group", "unnamed"} or src.anonymity_reason:
            return src
        words = aside.text(self.found.article.text).strip(" ,\u00a0\u2014\u2013")
        if not ANONYMITY_ASIDE.match(words):
            return src
        # someone described ('a forecaster at the office') who is not named for a reason given
        # is an anonymous source
        kind = "anonymous" if src.kind == "unnamed" else src.kind
        self.sources[src.id] = replace(src, kind=kind, anonymity_reason=words)
        return self.sources[src.id]

    def outlet(self, phrase: Span) -> str | None:
        """The outlet a phrase ('the Gazette', 'the newspaper', 'The Ledger') names, if any."""
        low = phrase.text(self.found.article.text).lower().strip()
        for m in self.found.inside(phrase):
            if self.found.kind(m.entity) == "outlet":
                return m.entity
        if any(low.startswith(d) for d in self.lx.outlet_descriptions):
            if self.cited:
                return self.cited[-1]
            return self.publisher.key if self.publisher else None
        return None

    def note_cited(self, key: str | None) -> None:
        if key and (self.publisher is None or key != self.publisher.key):
            self.cited.append(key)

    # ------------------------------------------------------------------ kinds of source
    def _spokesperson(self, span: Span, words: str, low: str) -> Source | None:
        m = re.search(r"\b(" + alternation(self.lx.spokesperson_nouns) + r")\b", low)
        if not m or _AT_PLACE.search(low, 0, m.start()):
            return None  # not 'a forecaster at the office': someone who works there
        named = [x for x in self.found.inside(span) if self.found.kind(x.entity) == "person"]
        orgs = [x for x in self.found.inside(span) if self.found.kind(x.entity) != "person"]
        at = span.begin + m.start()
        if any(x.span.begin <= at < x.span.end for x in orgs):
            return None  # a word of an organization's name ('the Met Office', 'Press Office')
        acts_for = self._principal([x.entity for x in orgs], span, low, at)
        if acts_for is None:  # 'Strachan spokesman Bill Tenney': the person named right before
            acts_for = next((x.entity for x in named if 0 < at - x.span.end <= 1), None)
        text = self.found.article.text
        if named and m.group(1) != "office":
            # the person after the noun, unless it is the one spoken for ('a spokesman for Ana
            # Ruiz'; not 'a spokeswoman for the firm, Ana Ruiz', where she is named apart)
            person_after = [x for x in named if x.span.begin > span.begin + m.end()
                            and not re.search(r"\b(for|of|to)\b",
                                              text[span.begin + m.end() : x.span.begin]
                                              .rsplit(",", 1)[-1])]
            if person_after:
                return Source(person_after[0].entity, "spokesperson", span, person_after[0].entity,
                              acts_for=acts_for)
        if acts_for is None and named:
            acts_for = named[0].entity
        if acts_for is None and (own := re.search(r"\b(her|his)\b", low)):
            person = self._person_before(span.begin, own.group(1))
            acts_for = person.key if person else None
        if acts_for is None and not named and low == f"the {m.group(1)}":
            # 'a representative for the singer said ... the representative said': the same one
            earlier = next((x for key in self._words.get(m.group(1), _ByPlace()).before(span.begin)
                            if (x := self.sources[key]).kind == "spokesperson"
                            and x.anchor is not None and x.anchor.end <= span.begin), None)
            if earlier is not None:
                return earlier
        return Source(f"spox-{span.begin}", "spokesperson", span, descriptor=words,
                      acts_for=acts_for)

    def _anonymous(self, span: Span, words: str, low: str) -> Source | None:
        m = re.fullmatch(r"(?:one|each|another) of (?:them|those|the (\w+))", low)
        if m and (m.group(1) is None or m.group(1) in self.lx.plural_anonymous):
            # 'Two aides said ... One of them said ...' ('One of the people said'): a member of
            # the group named last
            group = self._group_before(span.begin)
            if group is not None:
                return Source(f"src-{span.begin}", "anonymous", span, descriptor=words,
                              acts_for=group.acts_for, anonymity_reason=group.anonymity_reason)
        nums = alternation(set(self.lx.number_words))

        def described(nouns: frozenset[str]) -> re.Match[str] | None:
            return re.match(rf"(?:(?P<one>one|some|each) of )?(?:the |these |those )?"
                            rf"(?:(?:about|nearly|almost|roughly|around|over|more than|at least"
                            rf"|some) (?={nums}|\d))?"
                            rf"(?:(?P<num>{nums}|\d{{1,3}}(?:,\d{{3}})+|\d+) )?"
                            rf"(?P<mods>(?:(?:second|third|other|another|senior|former|current"
                            rf"|top|[\w\u2019'-]+) ){{0,3}})"
                            rf"(?P<noun>{alternation(nouns)})\b(?!['\u2019])", low)

        m = described(self.lx.anonymous_nouns)
        if m is None:  # 'a Vermont Republican', 'another voter', 'two delegates'
            m = described(self.lx.described_person_nouns)
            if m is not None and not (m.group("num") or m.group("mods").startswith("another ")):
                m = None
        if not m or self._named_head(span, m.start("noun")):
            return None
        noun_at = span.begin + m.start("noun")
        if any(x.span.begin <= noun_at < x.span.end and self.found.kind(x.entity) != "person"
               for x in self.found.inside(span)):
            return None  # a word of a body's name ('the Harbor Workers Union'): the body
        if low.startswith("the ") and not (m.group("one") or m.group("num")):
            earlier = self._anonymous_before(span.begin, m.group("noun"))
            if earlier is not None:  # 'An Ostmark diplomat said ... The diplomat said ...'
                return earlier
        descriptor, reason = _anonymity_reason(words)
        text = self.found.article.text
        orgs = [x for x in self.found.inside(span) if self.found.kind(x.entity) != "person"
                and x.span.begin < span.begin + len(descriptor)
                and not (self.found.kind(x.entity) == "place"
                         and LOCATED.search(text, max(0, x.span.begin - 10), x.span.begin))]
        acts_for = (orgs[0].entity if orgs
                    else self._described_employer(span, descriptor.lower()))
        if m.group("noun") in self.lx.plural_anonymous:
            num = m.group("num") or ""
            digits = num.replace(",", "")
            n = self.lx.number_words.get(num, 0) or (int(digits) if digits.isdigit() else 2)
            if (len(num) == 4 and 1800 <= n <= 2100) or _SHARE.match(m.group("mods")):
                # '2016 voters': a year (a count that large is written '2,016'); '52 percent of
                # voters', '6 in 10 voters': a share, not how many
                n = 2
            return Source(f"grp-{span.begin}", "group", span, descriptor=descriptor,
                          acts_for=acts_for, members=max(2, n), anonymity_reason=reason)
        return Source(f"src-{span.begin}", "anonymous", span, descriptor=descriptor,
                      acts_for=acts_for, anonymity_reason=reason)

    def _anonymous_before(self, at: int, noun: str) -> Source | None:
        """The anonymous source described last before ``at`` by the same noun, which 'the
        diplomat' refers back to."""
        for key in self._words.get(noun, _ByPlace()).before(at):
            x = self.sources[key]
            if x.kind == "anonymous" and x.anchor is not None and x.anchor.end <= at:
                return x
        return None

    def _pronoun(self, span: Span, words: str, low: str) -> Source | None:
        if low in PRONOUNS_PERSON:
            person = self._person_before(span.begin, low)
            if person:
                return Source(person.key, "person", span, person.key)
        if low in {"they", "it"}:
            last = self.found.last_mention_before(span.begin, {"organization"})
            org = self.found.entities[last.entity] if last else None
            group = self._group_before(span.begin) if low == "they" else None
            if group is not None and group.anchor is not None and (
                    last is None or last.span.end <= group.anchor.begin
                    or self._near(group.anchor, span)):
                # 'Ana Ruiz and Bo Lind said ... "...," they said'; 'three people said ... Acme
                # may keep it, they said' (a group named in the last sentences, not the company)
                return group
            if org:
                return Source(org.key, "organization", span, org.key)
        return None

    def _near(self, before: Span, span: Span, sentences: int = 2) -> bool:
        """Whether ``before`` lies in the sentence of ``span`` or in one of the ``sentences``
        before it."""
        i, j = self._sentence_index(before), self._sentence_index(span)
        return i is not None and j is not None and j - sentences <= i <= j

    def _group_before(self, at: int) -> Source | None:
        """The group of sources named last before ``at`` ('two aides', 'X and Y')."""
        for key in self._groups.before(at):
            x = self.sources[key]
            if x.anchor is not None and x.anchor.end <= at:
                return x
        return None

    def _description(self, span: Span, words: str, low: str) -> Source | None:
        described = next((d for d in self.lx.org_descriptions
                          if low == d or low.startswith(d + " ")), None)
        inside = self.found.inside(span)
        if described is not None and any(x.span.begin < span.begin + len(described)
                                          for x in inside):
            described = None  # 'The Ministry of Finance': a name, not 'the ministry'
        if described is not None:
            # 'The union, the Harbor Workers Association,': the body it names, else the one of
            # its kind the article named most
            named = next((x.entity for x in inside
                          if self.found.kind(x.entity) == "organization"), None)
            org = self.found.entities[named] if named else self._org_described(
                span.begin, described.split()[-1])
            return Source(org.key, "organization", span, org.key) if org else None
        if _AGED.match(low) and not inside:
            # 'the 34-year-old mother of two said': the person named last before, of the
            # gender a noun of the description gives
            nouns = set(re.findall(r"[\w\u2019'-]+", low))
            gender = ("she" if nouns & self.lx.she_nouns else
                      "he" if nouns & self.lx.he_nouns else None)
            person = self._person_before(span.begin, gender)
            if person:
                return Source(person.key, "person", span, person.key)
        m = re.match(r"the (?:[\w.\u2019'-]+ ){0,4}?(\w+)$", low)
        if m and m.group(1) in self.lx.role_nouns and not any(
                self.found.kind(x.entity) == "person" for x in inside):
            # 'the congresswoman', 'the former Acme CEO' (the organization says which CEO)
            orgs = {x.entity for x in inside}
            person = self._person_with_role(span.begin, self.lx.role_nouns[m.group(1)], orgs)
            if person:
                return Source(person.key, "person", span, person.key)
            employer = [x.entity for x in inside
                        if self.found.kind(x.entity) in {"organization", "outlet"}]
            if employer:  # 'the Acme CEO', whom the article does not name: not Acme itself
                return Source(f"desc-{span.begin}", "unnamed", span, descriptor=words,
                              acts_for=employer[0])
        outlet = self.outlet(span) if not self.found.inside(span) else None
        if outlet:
            return Source(outlet, "outlet", span, outlet)
        return None

    def _joined_names(self, span: Span, inside: list[Mention]) -> tuple[str, ...]:
        """The entities of a phrase that is two or more names joined by commas, 'and' or '&'
        (titles before the first allowed), each once; else nothing."""
        text = self.found.article.text
        inside = _without_affiliation(text, inside, span, self.found)
        named = [m for m in inside if self.found.kind(m.entity) in {"person", "organization"}]
        if len(named) < 2 or len(named) != len(inside) or not (
                named[-1].span.end == span.end
                or _AFFILIATION.fullmatch(text, named[-1].span.end, span.end)):
            return ()
        if any(not _JOINED.fullmatch(text, a.span.end, b.span.begin)
               for a, b in pairwise(named)):
            return ()
        if not _AND.search(text, named[-2].span.end, named[-1].span.begin) \
                or _OBJECT_OF.search(text, span.begin, named[0].span.begin):
            # 'her friend at Tarrow College, Bo Lind': an appositive, not a list (which has its
            # 'and');
            # 'strategists for Ana Ruiz and Bo Lind': the names are not who speaks
            return ()
        keys = tuple(dict.fromkeys(m.entity for m in named))
        return keys if len(keys) > 1 else ()

    LOOK_BACK = 200  # organization mentions a description looks back over (a long article)

    def _org_described(self, at: int, noun: str) -> Entity | None:
        """The organization a description ('the company', 'the bank') refers back to: of those
        named before ``at`` (for a noun of a kind, ``org_kind_nouns``, those whose name has a word
        of that kind, which counts as one naming more, or no word of any kind, not for the
        ``kinds_in_name``), the one the article has named most so far, the nearest of equals:
        'Calder United fired its coach ... who joined from Westerlo Athletic ... The club would
        not confirm' is Calder United's."""
        kinds = self.lx.org_kind_nouns.get(noun)
        strict = noun in self.lx.kinds_in_name
        ms = self.found.of_kind("organization")
        i = bisect_left(ms, at, key=lambda m: m.span.begin)
        best: tuple[int, int] | None = None  # (its mentions so far, how near: the index)
        chosen: Entity | None = None
        for k in range(i - 1, max(-1, i - 1 - self.LOOK_BACK), -1):  # nearest first
            if ms[k].span.end > at:
                continue
            org = self.found.entities[ms[k].entity]
            words = {w.rstrip(".,") for w in org.name.split()}
            kind = kinds is not None and bool(words & kinds)
            if kinds is not None and not kind and (strict or words & self.lx.org_keywords):
                continue
            mine = self.found.of_entity(org.key)
            score = (bisect_left(mine, at, key=lambda m: m.span.begin) + kind, k)
            if best is None or score > best:
                best, chosen = score, org
        return chosen

    def _document(self, span: Span, words: str, low: str) -> Source | None:
        m = re.search(r"\b(" + alternation(self.lx.document_nouns) + r")\b", low)
        if not m or self._named_head(span, m.start()) or not (
                words[m.start()].islower() or m.start() == 0):  # 'Records show': a sentence's
            return None
        at = span.begin + m.start()
        if any(x.span.begin <= at < x.span.end for x in self.found.inside(span)):
            return None  # the word of a name ('Bill Ostrow')
        # not whoever obtained or saw it ('a memo obtained by the Courier'): its author
        owners = [x for x in self.found.inside(span) if not _HAD_BY.search(
            self.found.article.text, span.begin, x.span.begin)]
        before = [k for k in self.cited
                  if any(x.span.begin < span.begin for x in self.found.of_entity(k))]
        if m.group(1) == "report" and before and not owners and not re.search(
                r"\b(by|from|of)\b", low[m.end():]):
            # 'the report', as the outlet's cited before it; not 'a report by the transit board'
            return Source(before[-1], "outlet", span, before[-1])
        author = owners[0].entity if owners else None
        return Source(f"doc-{span.begin}", "document", span, descriptor=words, acts_for=author)

    def _named(self, span: Span, words: str, low: str) -> Source | None:
        inside = self.found.inside(span)
        if not inside:
            return None
        joined = self._joined_names(span, inside)
        if joined:  # 'Ana Ruiz and Bo Lind said': both, a group of named sources
            return Source(f"grp-{span.begin}", "group", span, descriptor=words,
                          members=len(joined), named=joined)
        people = [m for m in inside if self.found.kind(m.entity) == "person"]
        head = people[-1] if people else inside[-1]
        kind = self.found.kind(head.entity)
        text = self.found.article.text
        before = text[span.begin : inside[0].span.begin]
        if _PEOPLE_FOR.match(before) and any(
                w in self.lx.described_person_nouns or w in self.lx.plural_anonymous
                for w in before.lower().split()):
            return None  # 'Strategists for Ana Ruiz': people described, not the one named
        if not people and kind in {"organization", "outlet"} and _DESCRIBED_MEMBER.match(
                text[span.begin : head.span.begin]):
            # 'a nurse at Kelso Hospital', 'the head of Acme': someone described, who acts for
            # the organization, not the organization itself
            descriptor, reason = _anonymity_reason(words)
            return Source(f"desc-{span.begin}", "anonymous" if reason else "unnamed", span,
                          descriptor=descriptor, acts_for=head.entity, anonymity_reason=reason)
        if kind == "place" and (re.search(r"\w", text[head.span.end : span.end])
                                or re.search(r"\w", text[span.begin : head.span.begin])):
            # 'a Vermont Democrat', 'two Ohio officials', 'passengers at Kelderton Airport':
            # described, not the place
            return None
        return Source(head.entity, "outlet" if kind == "outlet" else
                      ("person" if kind == "person" else "organization"), span, head.entity)

    def _in_capitals(self, span: Span, words: str, low: str) -> Source | None:
        """'QUENBY: ...', 'ANA RUIZ: ...': a transcript's speaker in capitals, which the
        recognizer does not read as a name: the one person named in the article whose name, or
        last name, it is."""
        names = words.split()
        if not 0 < len(names) <= 4 or not all(w.isupper() and w.isalpha() for w in names):
            return None
        if self._people is None:
            self._people = {}
            for key in {m.entity for m in self.found.of_kind("person")}:
                name = self.found.entities[key].name.lower().split()
                for form in {" ".join(name), name[-1]} if name else ():
                    self._people.setdefault(form, set()).add(key)
        # (a name of two words or more is looked up whole, one word as a last name too)
        found = self._people.get(" ".join(low.split()), set())
        if len(found) != 1:
            return None
        key = next(iter(found))
        return Source(key, "person", span, key)

    # ------------------------------------------------------------------ helpers
    def _keep(self, s: Source) -> Source:
        if s.kind == "outlet":
            self.note_cited(s.entity)
        if s.id not in self.sources:
            self.sources[s.id] = s
            if s.anchor is not None:
                if s.kind == "group":
                    self._groups.add(s.anchor.begin, s.id)
                for w in set(re.findall(r"\w+", (s.descriptor or "").lower())):
                    self._words.setdefault(w, _ByPlace()).add(s.anchor.begin, s.id)
        return self.sources[s.id]

    def _trim(self, span: Span) -> Span | None:
        text = self.found.article.text
        b, e = span.begin, span.end
        s = text[b:e]
        lead = re.match(r"^(?:[\s,;:\u2014\u2013-]|and\b|but\b|however\b|also\b|so\b|yet\b|while\b"
                        r"|as\b)+", s, re.IGNORECASE)
        if lead:
            b += lead.end()
        s = text[b:e]
        aux = alternation(self.lx.auxiliaries)
        tail = re.search(rf"(?:[\s,]+(?:{aux}|not|never))+\s*$", s, re.I)
        if tail:
            e = b + tail.start()
        while e > b and not text[e - 1].isalnum() and text[e - 1] not in ".\u2019'":
            e -= 1
        return Span(b, e) if e > b and len(text[b:e].split()) <= 24 else None

    def _named_head(self, span: Span, noun_offset: int) -> bool:
        """True when a person is named right after the noun ('spokesman John Smith', 'an aide,
        Ana Ruiz'); not one named in a phrase after it ('a source close to Ruiz', 'an aide to
        Ruiz': someone else, described by that person)."""
        text = self.found.article.text
        noun = _WORD.match(text, span.begin + noun_offset)
        end = noun.end() if noun else span.begin + noun_offset
        return any(self.found.kind(m.entity) == "person" and m.span.begin >= end
                   and not text[end:m.span.begin].strip(" ,\u00a0")
                   for m in self.found.inside(span))

    def _person_before(self, offset: int, pronoun: str | None = None) -> Entity | None:
        """The subject-position person of the nearest earlier sentence that names one; for a
        gendered ``pronoun``, the first person there the article does not give the other
        gender ('Ruiz praised Ana Vasko after she ...': Vasko where the article calls Ruiz 'Mr.
        Ruiz'; a subject of no known gender still comes first), looked for up to
        SENTENCES_BACK sentences back (none found: no person)."""
        quoted = self.quoted
        if quoted is not None and not quoted(offset):
            person = self._person_back(offset, pronoun, quoted)
            if person is not None:
                return person
        return self._person_back(offset, pronoun)

    def _person_back(self, offset: int, pronoun: str | None,
                     skip: Callable[[int], bool] | None = None) -> Entity | None:
        """``_person_before``, passing over the people whose mention ``skip`` says (a sentence
        naming no one else does not count towards SENTENCES_BACK; eight sentences at most)."""
        people = self.found.of_kind("person")
        want = GENDER_OF.get(pronoun or "")
        genders = self._genders() if want else {}
        i = bisect_left(people, offset, key=lambda m: m.span.begin)
        tried = passed = 0
        while i > 0:  # the last person named before ``offset`` (in a sentence) says which one
            i -= 1
            s = self.sentence_at(people[i].span.begin)
            if s is None:
                continue
            j = bisect_left(people, s.begin, key=lambda m: m.span.begin)
            here = [m for m in people[j : i + 1] if skip is None or not skip(m.span.begin)]
            for m in here:  # the subject first, if the gender allows
                if genders.get(m.entity, want) == want and m.entity not in self._not:
                    return self.found.entities[m.entity]
            tried += bool(here)
            passed += 1
            if tried == SENTENCES_BACK or passed == 2 * SENTENCES_BACK + 2:
                return None
            i = j
        return None

    def _genders(self) -> dict[str, str]:
        """The gender the article gives each person it names, where it gives one: a title
        ('Mr.', 'Congresswoman'), else the pronouns in the sentences that name that person and
        no other, after the name ('Ruiz said she ...'), by a clear majority, else a given name
        mostly given to one ('Carla Ruiz'; lexicon ``he_first_names``, ``she_first_names``)."""
        if self._gender is not None:
            return self._gender
        text = self.found.article.text
        out: dict[str, str] = {}
        for key in {m.entity for m in self.found.of_kind("person")}:
            first = self.found.entities[key].name.split()[0]
            if first in self.lx.he_first_names:
                out[key] = "he"
            elif first in self.lx.she_first_names:
                out[key] = "she"
        votes: dict[str, list[int]] = {}
        for sent in self.sentences:
            ms = [m for m in self.found.inside(sent) if self.found.kind(m.entity) == "person"]
            if not ms or any(m.entity != ms[0].entity for m in ms):
                continue
            for p in _GENDERED.findall(text, ms[0].span.end, sent.end):
                tally = votes.setdefault(ms[0].entity, [0, 0])
                tally[GENDER_OF[p.lower()] == "she"] += 1
        for key, (he, she) in votes.items():
            if he > 2 * she:
                out[key] = "he"
            elif she > 2 * he:
                out[key] = "she"
        out.update(self._gender_nouns())
        for key, roles in self.found.roles.items():
            if roles & self.lx.he_titles and not roles & self.lx.she_titles:
                out[key] = "he"
            elif roles & self.lx.she_titles and not roles & self.lx.he_titles:
                out[key] = "she"
        self._gender = out
        return out

    def _gender_nouns(self) -> dict[str, str]:
        """The people a noun for a man or a woman is set beside ('his daughter, Fiona Hale',
        'Fiona Hale, her sister'; lexicon ``he_nouns``, ``she_nouns``), where all such nouns
        agree."""
        text = self.found.article.text
        before, after = self.lx.gender_nouns_re
        said: dict[str, set[str]] = {}
        for m in self.found.of_kind("person"):
            for g in (before.search(text, max(0, m.span.begin - 40), m.span.begin),
                      after.match(text, m.span.end, m.span.end + 40)):
                if g is not None:
                    said.setdefault(m.entity, set()).add("he" if g.group("he") else "she")
        return {k: next(iter(v)) for k, v in said.items() if len(v) == 1}

    def _person_with_role(self, offset: int, roles: tuple[str, ...], orgs: Collection[str] = ()
                          ) -> Entity | None:
        """The last person before ``offset`` titled with one of ``roles``; with ``orgs``, one
        named in a sentence that also names one of them ('Acme CEO Ana Ruiz')."""
        keys = [k for k, r in self.found.roles.items() if r & set(roles)]
        if orgs:
            keys = [k for k in keys if any(self._same_sentence(k, o) for o in orgs)]
        last: Mention | None = None  # the last mention of one of them before ``offset``
        for k in keys:
            ms = self.found.of_entity(k)
            i = bisect_left(ms, offset, key=lambda m: m.span.begin)
            if i and (last is None or ms[i - 1].span > last.span):
                last = ms[i - 1]
        best = last.entity if last else keys[0] if keys else None
        return self.found.entities[best] if best else None

    def _same_sentence(self, a: str, b: str) -> bool:
        where = [{self._sentence_index(m.span) for m in self.found.of_entity(k)} - {None}
                 for k in (a, b)]
        return bool(where[0] & where[1])


_SHARE = re.compile(r"(?:percent|per cent|pct|%|in |out of )")
# a person described by age alone ('the 34-year-old', 'the 71-year-old retired teacher')
_AGED = re.compile(r"the (?:\d{1,3}|[a-z]+(?:-[a-z]+)?)-year-old\b")
# what comes between a report and the outlet that published it ('published Monday by the daily ')
_BY_OUTLET = re.compile(r"\b(?:by|in)\b(?:[\s\u00a0]+[\w'\u2019-]+){0,3}[\s\u00a0]+\Z")
_HAD_BY = re.compile(r"\b(?:obtained|seen|reviewed|viewed|examined|read|leaked)\b")


def _anonymity_reason(words: str) -> tuple[str, str | None]:
    m = re.search(r",?\s+(?:who|because|speaking|on condition)\b.*$", words)
    if m and m.start() > 0:
        return words[: m.start()], words[m.start():].strip(" ,")
    return words, None
