"""Attributions on the parse: source, cue and content found from dependency structure.

A cue is a reporting, thinking or showing verb (classes in ``kg/data/lexicon.toml`` ``[cues]``)
with content in the parse, or "according to". Its source is the verb's subject (also when it
follows the verb: "said the mayor"), the agent of a passive, the subject inherited through
coordination or a participle ("..., saying ..."), or the object of "according to". Its content is
the clausal complement, an object for the verbs that allow one, or what the sentence says around
a parenthetical "he said". Quotation marks widen content to the whole quotation (over sentences
and paragraphs; the two halves of a quote split around its cue are one content), and a quotation
with no cue of its own is credited to the speaker of the quotation or attribution just before it.

Every span is the words the annotators of attribution corpora mark: the source phrase without
its asides, the cue words alone, the content with its quotation marks.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from typing import Any, Literal

from kg.extract.lexicon import PATH
from kg.extract.lexicon import load as load_lexicon
from kg.model import Span
from kg.text import SpanIndex

Kind = Literal["speech", "cognition", "evidence", "according", "quote"]
OPEN_MARKS = '“"«„'
CLOSE_MARKS = '”"»“'
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
CLAUSES = {"ccomp", "xcomp", "csubjpass"}
CLIMB = {
    "conj",
    "xcomp",
    "advcl",
    "acl",
    "pcomp",
    "prep",
    "pobj",
    "dobj",
}  # to an inherited subject
NP_ASIDES = {"relcl", "acl"}  # clauses in a source phrase: kept unless they attribute themselves
ASIDES = {"appos", "relcl", "acl", "advcl", "punct", "cc", "conj", "parataxis"}


@dataclass(frozen=True, slots=True)
class Found:
    """One attribution as the text states it (offsets into the article text)."""

    cue: Span
    content: tuple[Span, ...]
    source: Span | None
    kind: Kind
    lemma: str
    quoted: bool  # the content is (or holds) a quotation
    core: Span | None = None  # the source phrase without its asides, to resolve who it is
    signed: bool = False  # '"..." - Ana Ruiz': closed by its signature, continued by nothing
    unattributed: bool = False  # no source in the text, by its construction (CueLexicon)
    negated: bool = False  # the cue verb is negated ('did not say whether ...')


@dataclass(frozen=True)
class CueLexicon:
    speech: frozenset[str]
    cognition: frozenset[str]
    evidence: frozenset[str]
    object_content: frozenset[str]
    to_addressee: frozenset[str]
    naming: frozenset[str]
    as_complement: frozenset[str] = frozenset()
    about: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    for_object: frozenset[str] = frozenset()
    to_object: frozenset[str] = frozenset()
    infinitive: frozenset[str] = frozenset()
    nouns_speech: frozenset[str] = frozenset()
    nouns_cognition: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    light_nouns: frozenset[str] = frozenset()
    as_it: frozenset[str] = frozenset()
    object_infinitive: frozenset[str] = frozenset()
    unattributed: frozenset[str] = frozenset()
    as_aside: frozenset[str] = frozenset()
    closing: frozenset[str] = frozenset()
    object_control: frozenset[str] = frozenset()
    seeming: frozenset[str] = frozenset()
    in_document: frozenset[str] = frozenset()
    quoted_as: frozenset[str] = frozenset()
    says_a_clause: frozenset[str] = frozenset()
    not_labels: frozenset[str] = frozenset()
    made_plain: frozenset[str] = frozenset()
    hearsay: frozenset[str] = frozenset()
    on_object_infinitive: frozenset[str] = frozenset()
    person_object: frozenset[str] = frozenset()
    prep_object: frozenset[str] = frozenset()  # "verb preposition" pairs
    stance_object: frozenset[str] = frozenset()
    speech_object: frozenset[str] = frozenset()

    def preps_of(self, lemma: str) -> frozenset[str]:
        """The prepositions whose object ``lemma`` attributes by ``prep_object`` ('commented on
        the plan')."""
        return _pairs(self.prep_object).get(lemma, frozenset())

    def kind(self, lemma: str) -> Kind | None:
        if lemma in self.speech:
            return "speech"
        if lemma in self.cognition:
            return "cognition"
        if lemma in self.evidence:
            return "evidence"
        return None

    def in_construction(self, lemma: str) -> Kind | None:
        """The kind of a verb that is a cue only in its construction ('see X as Y', 'talk about
        X'), or None."""
        if lemma in self.about or lemma in self.for_object or lemma in self.to_object \
                or lemma in self.on_object_infinitive or self.preps_of(lemma) \
                or lemma in self.speech_object:
            return "speech"
        if lemma in self.as_complement or lemma in self.stance_object:
            return "cognition"
        if lemma in self.as_it:
            return "speech"
        return None


@cache
def _pairs(pairs: frozenset[str]) -> dict[str, frozenset[str]]:
    """"verb preposition" pairs as the prepositions of each verb."""
    out: dict[str, set[str]] = {}
    for pair in pairs:
        verb, prep = pair.split()
        out.setdefault(verb, set()).add(prep)
    return {verb: frozenset(preps) for verb, preps in out.items()}


def _lemma(tok: Any) -> str:
    """A word's lemma, put right where the model's lemmatizer takes a cue verb for another word
    ('hopes' -> 'hop'; lexicon ``[lemma_fixes]``)."""
    lemma = str(tok.lemma_).lower()
    return _lemma_fixes().get(lemma, lemma) if tok.pos_ in {"VERB", "AUX"} else lemma


@cache
def _lemma_fixes() -> dict[str, str]:
    import tomllib

    with PATH.open("rb") as f:
        return dict(tomllib.load(f).get("lemma_fixes", {}))


@cache
def cue_lexicon() -> CueLexicon:
    import tomllib

    with PATH.open("rb") as f:
        d = tomllib.load(f)["cues"]
    return CueLexicon(
        *(
            frozenset(d.get(k, ()))
            for k in (
                "speech",
                "cognition",
                "evidence",
                "object_content",
                "to_addressee",
                "naming",
                "as_complement",
                "about",
                "adjectives",
                "for_object",
                "to_object",
                "infinitive",
                "nouns_speech",
                "nouns_cognition",
                "light_verbs",
                "light_nouns",
                "as_it",
                "object_infinitive",
                "unattributed",
                "as_aside",
                "closing",
                "object_control",
                "seeming",
                "in_document",
                "quoted_as",
                "says_a_clause",
                "not_labels",
                "made_plain",
                "hearsay",
                "on_object_infinitive",
                "person_object",
                "prep_object",
                "stance_object",
                "speech_object",
            )
        )
    )


# ---------------------------------------------------------------- quotations
_TWO_APOSTROPHES = re.compile("''")
# a personal pronoun as the object of a verb of person_object ('accused her of lying')
_PERSONAL_OBJECTS = frozenset({"him", "her", "them", "me", "us", "you"})


def with_double_marks(text: str) -> str:
    """``text`` with each pair of apostrophes written for a double quotation mark (''like this'',
    as text converted to plain ASCII has them) turned into a double mark and a space, the mark
    on the outer side; and in a text quoted with single marks alone (\u2018like this,\u2019 as
    British papers write, no double mark anywhere), each such quotation's marks made double.
    The same length, so every offset stays."""
    if not any(c in text for c in '"\u201c\u201d'):
        if "\u2018" in text:
            text = _single_as_double(text)
        elif "'" in text and "''" not in text:  # the same in plain ASCII: 'like this,' she said
            text = _single_as_double(text, "'", "'")
    if "''" not in text:
        return text

    def mark(m: re.Match[str]) -> str:
        i = m.start()
        opening = i == 0 or text[i - 1].isspace() or text[i - 1] in "([{\u2014\u2013-"
        return '" ' if opening else ' "'

    return _TWO_APOSTROPHES.sub(mark, text)


def _single_as_double(text: str, opening: str = "\u2018", closing: str = "\u2019") -> str:
    """``opening`` (\u2018) opening a quotation (at the start or after a space, a bracket or a
    dash, before a word's first character) and its ``closing`` (\u2019) within the paragraph,
    made double marks. The closing one is the first after punctuation (\u2018..., \u2019 she
    said), before punctuation (\u2018a fraud\u2019.) or at the paragraph's end: not an
    apostrophe ('don\u2019t', the workers\u2019 union)."""
    chars = list(text)
    i = text.find(opening)
    while i >= 0:
        if (i == 0 or text[i - 1].isspace() or text[i - 1] in "([{\u2014\u2013-") \
                and i + 1 < len(text) and text[i + 1].isalnum():
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            j = text.find(closing, i + 1, end)
            # (or after a word's last letter and before a space, '\u2018see the benefit\u2019
            # in ...', but for an 's', as a plural's possessive ends: 'the workers\u2019 union')
            while j >= 0 and not (text[j - 1] in ",.?!;:" or j + 1 == end
                                  or text[j + 1] in ",.;:?!\n" or text[j + 1 : end].isspace()
                                  or (text[j - 1].isalnum() and text[j - 1] != "s"
                                      and text[j + 1] == " ")):
                j = text.find(closing, j + 1, end)
            if j > i + 1:
                chars[i], chars[j] = "\u201c", "\u201d"
                i = text.find(opening, j + 1)
                continue
        i = text.find(opening, i + 1)
    return "".join(chars)


def quotations(text: str, paragraphs: Sequence[Span]) -> list[Span]:
    """Quotations with their marks. A paragraph that ends inside a quotation and a next paragraph
    that opens one continue it (the usual convention for quotes over several paragraphs)."""
    text = with_double_marks(text)
    pieces: list[tuple[int, int, bool, int]] = []  # begin, end, closed, paragraph
    for k, p in enumerate(paragraphs):
        open_at: int | None = None
        for mark in _MARK.finditer(text, p.begin, p.end):  # the other characters change nothing
            i = mark.start()
            ch = text[i]
            if open_at is None:
                if ch in OPEN_MARKS and ch != "”" and _can_open(text, i, p.begin):
                    open_at = i
            elif ch in CLOSE_MARKS and (ch != "“" or _typed_for_closing(text, i)):
                pieces.append((open_at, i + 1, True, k))
                open_at = None
            elif ch == "“":  # a new opening before the close: the first mark was stray
                open_at = i
        if open_at is not None and p.end - open_at > 1:
            pieces.append((open_at, p.end, False, k))
    out: list[Span] = []
    carry: int | None = None
    carry_para = -1
    starts = {p.begin for p in paragraphs}
    for b, e, closed, k in pieces:
        # only the very next paragraph continues an open quotation (a stray mark left open, as
        # in a pull quote, does not swallow the paragraphs up to the next quotation)
        if carry is not None and b in starts and k == carry_para + 1:
            b = carry
        carry = None if closed else b
        carry_para = k
        if carry is None or b == pieces[-1][0]:
            out.append(Span(b, e))
    return _merge_continued(out)


_MARK = re.compile("[" + re.escape("".join(sorted(set(OPEN_MARKS + CLOSE_MARKS)))) + "]")


def _typed_for_closing(text: str, i: int) -> bool:
    """An opening mark typed where a quotation closes ('"Not yet,“ she said'): against the word
    or punctuation before it, and a space or the end after it."""
    return not text[i - 1].isspace() and (i + 1 == len(text) or text[i + 1].isspace())


def _can_open(text: str, i: int, para_begin: int) -> bool:
    return i == para_begin or not text[i - 1].isalnum()


class Quotes:
    """The quotations of an article (sorted, none overlapping another: what ``quotations``
    gives), with the lookups the rules make for every cue, found by binary search."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = list(spans)
        self._begins = [q.begin for q in self.spans]
        self._ends = [q.end for q in self.spans]
        self._at = {q.begin: q for q in self.spans}

    def __iter__(self) -> Iterator[Span]:
        return iter(self.spans)

    def overlapping(self, span: Span) -> list[Span]:
        """The quotations overlapping ``span``, in text order."""
        lo = bisect_right(self._ends, span.begin)
        hi = bisect_left(self._begins, span.end)
        return self.spans[lo:hi]

    def inner(self, offset: int) -> Span | None:
        """The quotation ``offset`` is inside, between its first and its last character."""
        i = bisect_left(self._begins, offset) - 1
        return self.spans[i] if i >= 0 and offset < self.spans[i].end - 1 else None

    def at(self, offset: int) -> Span | None:
        """The quotation opening at ``offset``."""
        return self._at.get(offset)

    def last_ending_by(self, offset: int) -> Span | None:
        i = bisect_right(self._ends, offset) - 1
        return self.spans[i] if i >= 0 else None

    def first_opening_from(self, offset: int) -> Span | None:
        i = bisect_left(self._begins, offset)
        return self.spans[i] if i < len(self.spans) else None


def _merge_continued(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in sorted(spans):
        if out and s.begin < out[-1].end:
            out[-1] = Span(out[-1].begin, max(out[-1].end, s.end))
        else:
            out.append(s)
    return out


# ---------------------------------------------------------------- cues on the parse
def attributions(
    docs: Iterable[tuple[int, Any]],
    text: str,
    paragraphs: Sequence[Span],
    lx: CueLexicon | None = None,
    quotes: Quotes | None = None,
) -> list[Found]:
    """Attributions in the parsed paragraphs ``docs`` ((offset of the paragraph, spaCy Doc));
    ``quotes``: the article's quotations, when the caller has found them already."""
    lx = lx or cue_lexicon()
    text = with_double_marks(text)
    if quotes is None:
        quotes = Quotes(quotations(text, paragraphs))
    reading = Reading()
    reading.read(docs, text, quotes, lx)
    return reading.settled(text, paragraphs, quotes)


class Reading:
    """What the parse says, read a window of parsed runs at a time (``read``: each run's
    sentences on their own, and the quotations a clause of it governs), then ``settled`` once
    for the whole article (the quotations, overlaps and floating quotations, which need every
    find): a long article's parse need not be held whole. ``text``: with double marks."""

    def __init__(self) -> None:
        self.found: list[Found] = []
        self.governed: list[tuple[Span, Found]] = []  # (the quotation, what would take it)

    def read(self, docs: Iterable[tuple[int, Any]], text: str, quotes: Quotes,
             lx: CueLexicon) -> None:
        for offset, doc in docs:
            for sent in doc.sents:
                self.found += _sentence(sent, offset, text, quotes, lx)
            self.governed += _governed_quotes(offset, doc, quotes, text)

    def settled(self, text: str, paragraphs: Sequence[Span], quotes: Quotes) -> list[Found]:
        found = self.found + _signed(quotes, text, paragraphs)
        found = _widen_to_quotes(found, quotes, text)
        found = _without_overlaps(_outside_sources(found))
        found = _floating(found, quotes, text, paragraphs)
        # a quotation no cue took: the first clause governing it, unless an earlier one did
        covered: SpanIndex[None] = SpanIndex((c, None) for f in found for c in f.content)
        for q, f in self.governed:
            if not covered.overlaps(q):
                found.append(f)
                covered.add(q, None)
        return sorted(found, key=lambda f: (f.content[0].begin, f.cue.begin))


def _governed_quotes(off: int, doc: Any, quotes: Quotes, text: str) -> list[tuple[Span, Found]]:
    """Quotations inside a clause whose verb has a subject outside the quotation ('a man yelled
    "..."', 'the crowd chanted "..."'): that subject said it, by that verb, if no cue took it."""
    out: list[tuple[Span, Found]] = []
    end = off + len(doc.text)
    if end <= off:
        return out
    todo = [q for q in quotes.overlapping(Span(off, end)) if off <= q.begin]
    if not todo:
        return out
    starts = [t.idx for t in doc]
    for q in todo:
        verb = _first_word_inside(doc, starts, q.begin - off, q.end - 1 - off)
        if verb is None:
            continue
        below = verb
        while verb.head.i != verb.i and (
            q.begin <= off + verb.idx < q.end or verb.pos_ not in {"VERB", "AUX"}
        ):
            below, verb = verb, verb.head
        if q.begin <= off + verb.idx < q.end or verb.pos_ not in {"VERB", "AUX"}:
            continue
        # 'leaned in and boomed, "..."': the parser may hang the quotation on the first of two
        # coordinated verbs; the one right before it governs it
        later = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                      and off + c.idx < q.begin
                      and not text[off + c.idx + len(c) : q.begin].strip(" ,:")), None)
        verb = later if later is not None else verb
        subj = _own_or_shared_subject(
            verb, q, off, text[off + verb.idx + len(verb) : q.begin].strip() in {",", ":"})
        if subj is None or _lemma(verb) == "be" or (
                subj.dep_ == "nsubjpass" and verb.tag_ == "VBN"):
            continue  # ('the primary was a "closed" one': what a thing is, no one's words;
            # 'the shoal is known as "the Anvil"': what it is called, not what it says)
        source, core = _np(subj, off, text)
        titled = (re.search(r"['\u2019]s\s*$", text[max(0, q.begin - 3) : q.begin]) and not (
            below.dep_ == "dobj" and _lemma(verb) not in cue_lexicon().to_addressee)) \
            or _A_WORK.search(text, max(0, q.begin - 30), q.begin)
        if source.overlaps(q) or (q.end <= off + verb.idx and not _closed_as_speech(q, text)) \
                or titled:
            continue  # (a name quoted before the verb, 'on her podcast "X", Y said', or a title
            # after a possessive, 'on NBC's "X"', or after a work's noun, 'in her book "X," Y
            # argues', is not what it said, but what it performs is:
            # 'sang the band's "X"'; what it said before the verb ends with a comma: '"...," Y
            # said')
        content = _object_with(verb, q, off, doc)
        out.append((q, Found(_cue_span(verb, off), (content,), source, "quote", _lemma(verb),
                             True, core)))
    return out


# a work's noun right before its title in quotation marks ('her 2021 book "...,"')
_A_WORK = re.compile(r"\b(?:book|film|movie|documentary|song|single|album|novel|memoir|play"
                     r"|musical|series|podcast|essay|column|poem|titled|entitled)"
                     r"[ \u00a0]*[,:]?[ \u00a0]*\Z", re.IGNORECASE)


def _own_or_shared_subject(verb: Any, q: Span, off: int, introduces: bool) -> Any:
    """The subject of a verb governing a quotation, outside it; for a verb coordinated with
    one before it that ``introduces`` the quotation (only a comma or colon between them), that
    verb's ('leaned in and boomed: "..."'; not 'opened a shop and sold "X" hats')."""
    for _ in range(3 if introduces else 1):
        subj = next((c for c in verb.children
                     if c.dep_ in {"nsubj", "nsubjpass"} and not q.begin <= off + c.idx < q.end),
                    None)
        if subj is not None or verb.dep_ != "conj" or verb.head.pos_ not in {"VERB", "AUX"}:
            return subj
        verb = verb.head
    return None


def _first_word_inside(doc: Any, starts: list[int], begin: int, end: int) -> Any:
    """The first token of ``doc`` that is not punctuation and starts in (``begin``, ``end``)
    (``starts``: where each token starts)."""
    for i in range(bisect_right(starts, begin), bisect_left(starts, end)):
        if not doc[i].is_punct:
            return doc[i]
    return None


def _sentence(sent: Any, off: int, text: str, quotes: Quotes, lx: CueLexicon) -> list[Found]:
    out: list[Found] = []
    labelled = _colon_label(sent, off, text)
    if labelled is not None:
        out.append(labelled)
    for tok in sent:
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            f = _according(tok, sent, off, text)
        elif (
            tok.pos_ in {"VERB", "AUX"}
            and (lx.kind(_lemma(tok)) or lx.in_construction(_lemma(tok)))
            and not _in_quote(tok, off, quotes)
        ):
            f = _verb(tok, sent, off, text, lx, quotes)
        elif tok.lower_ == "in" and tok.dep_ == "prep" and any(
                c.dep_ == "pobj" and c.lower_ in lx.in_document for c in tok.children):
            f = _in_document(tok, off, text, lx)
        elif (
            tok.pos_ in {"VERB", "AUX"}
            and _lemma(tok) in lx.seeming
            and not _in_quote(tok, off, quotes)
        ):
            f = _seeming(tok, off, lx)
        elif (
            tok.pos_ == "NOUN"
            and (
                tok.lower_ in lx.nouns_speech
                or tok.lower_ in lx.nouns_cognition
                or tok.lower_ in lx.light_nouns
            )
            and not _in_quote(tok, off, quotes)
        ):
            f = _noun(tok, off, text, lx, quotes)
        elif tok.tag_ == "NNS" and tok.dep_ == "ROOT" and _as_verb(tok.lower_, lx) is not None:
            f = _read_as_noun(tok, sent, off, text, quotes, lx)
        elif tok.lower_ in lx.hearsay and tok.dep_ == "advmod" and not _in_quote(tok, off, quotes):
            f = _hearsay(tok, off, lx)
        elif (
            tok.lower_ in lx.made_plain
            and tok.head.pos_ in {"VERB", "AUX"}
            and _lemma(tok.head) == "make"
            and not _in_quote(tok, off, quotes)
        ):
            f = _made_plain(tok, off, text)
        elif (
            tok.pos_ == "ADJ"
            and tok.lower_ in lx.adjectives
            and tok.dep_ == "acomp"
            and not _in_quote(tok, off, quotes)
        ):
            f = _adjective(tok, off, text)
        else:
            f = None
        if f is not None:
            out.append(f)
    return out


def _as_verb(word: str, lx: CueLexicon) -> str | None:
    """The speech cue a word ending in -s is the present tense of ('notes', 'replies'), if any."""
    if not word.endswith("s"):
        return None
    for stem in (word[:-1], word[:-2] if word.endswith("es") else "",
                 word[:-3] + "y" if word.endswith("ies") else ""):
        if stem and lx.kind(stem) == "speech":
            return stem
    return None


def _read_as_noun(tok: Any, sent: Any, off: int, text: str, quotes: Quotes,
                  lx: CueLexicon) -> Found | None:
    """'"...," Ruiz notes.': the parser may read a cue in the present tense after a quotation and
    a name as a plural noun (the name its modifier). Taken as the cue when the sentence ends
    with it (or goes on with a preposition) and only a short name or pronoun lies between the
    quotation and it."""
    lemma = _as_verb(tok.lower_, lx)
    assert lemma is not None
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < sent.end else None
    if nxt is not None and not (nxt.is_punct or nxt.pos_ == "ADP"):
        return None
    at = off + tok.idx
    q = quotes.last_ending_by(at)
    if q is None or "\n" in text[q.end : at]:
        return None
    words = [t for t in sent if q.end <= off + t.idx < at and not t.is_punct]
    if not 1 <= len(words) <= 4 or not all(t.is_title or t.tag_ == "PRP" for t in words):
        return None
    if text[q.end : off + words[0].idx].strip(_GAP_EDGE):
        return None  # more than a comma between the quotation and the name
    source = Span(off + words[0].idx, off + words[-1].idx + len(words[-1]))
    return Found(_cue_span(tok, off), (q,), source, "speech", lemma, True, source)


def _colon_label(sent: Any, off: int, text: str) -> Found | None:
    """'Mayor: The bridge will reopen' (headlines, transcripts): a short name or noun phrase, a
    colon, and what it says; also after a dash, before a quotation ('... - Mayor: "..."')."""
    # (the tokenizer keeps a bracket before a colon with it: 'Ana Ruiz (D-Vt.):')
    colon = next((t for t in sent if t.text in {":", "):"}), None)
    if colon is None or colon.i - sent.start == 0:
        return None
    start = sent.start
    while start < colon.i and sent.doc[start].text in CLOSE_MARKS:
        start += 1  # the mark closing the quotation before ('"..." Ana Ruiz: "..."')
    after = next((t for t in sent if t.i > colon.i and not t.is_space), None)
    quoted = after is not None and after.text in OPEN_MARKS
    stop, led = colon.i, False
    dash = next((t for t in reversed(sent.doc[start : colon.i]) if _is_dash(t)), None)
    if quoted and dash is not None and 0 < colon.i - dash.i - 1 <= 5:
        start = dash.i + 1  # '... - Ana Ruiz: "..."' (a digest of quotations)
    elif quoted:
        # a quotation after the colon: a longer label, led by 'More from', 'From' or 'Here is'
        # and ending in a party label or a time ('Here is Ana Ruiz in 2001:')
        first = start
        start, stop = _label_bounds(sent.doc, start, colon.i)
        led = start > first
        if led and sent.doc[first].lower_ == "from" and not any(
            t.pos_ == "PROPN" for t in sent.doc[start:stop]
        ):
            return None  # 'From the start: "..."' is no speaker; 'From Ana Ruiz: "..."' is
    length = sum(1 for t in sent.doc[start:stop] if not _in_parenthesis(t, sent.doc[start:stop]))
    if length > (_QUOTED_LABEL if quoted else 5) or stop <= start:
        return None
    head = sent.doc[start:stop]
    if head.text.lower().replace("\u2019", "'") in cue_lexicon().not_labels:
        return None
    verb = None
    if len(head) > 1 and head[0].lower_ in _SAID_FIRST and all(t.pos_ == "PROPN" for t in head[1:]):
        verb, head = head[0], head[1:]  # 'Said Ana Ruiz: "..."'
    words = [t for t in head if not _in_parenthesis(t, head)]
    # a label opening its paragraph is a speaker's turn, to the paragraph's end; a name in
    # capitals there is a transcript's ('HALLORAN: And you ...', 'ANA RUIZ: ...'), whatever the
    # tagger makes of words in capitals
    at = off + sent.doc[start].idx
    turn = not quoted and (at == 0 or text[at - 1] == "\n")
    caps = turn and any(t.is_alpha for t in words) and all(
        t.text.isupper() for t in words if not t.is_punct)
    if not caps and (
        not words
        or any(t.pos_ in {"VERB", "AUX", "SCONJ"} for t in words)
        # 'of' inside a title before a quotation ('Secretary of State Ana Ruiz: "..."')
        or any(t.pos_ == "ADP" and not (quoted and t.lower_ == "of") for t in words)
        or not (head[0].text[:1].isupper() or (led and head[0].pos_ == "DET"))
        or not any(t.pos_ in {"PROPN", "NOUN"} for t in words)
    ):
        return None
    rest = [t for t in sent if t.i > colon.i and not t.is_space]
    source = Span(off + head[0].idx, off + head[-1].idx + len(head[-1]) + (colon.text == "):"))
    if turn:  # (its later sentences may be unparsed: the paragraph's text says where it ends)
        begin = off + colon.idx + len(colon)
        stop = text.find("\n", begin)
        stop = len(text) if stop < 0 else stop
        turned = _trim_punct(text, Span(begin, stop)) if stop > begin else None
        if turned is None or len(turned.text(text).split()) < 3:
            return None
        content = turned
    else:
        if len(rest) < 3:
            return None
        end = rest[-1]
        while len(rest) > 1 and end.is_punct and end.text not in CLOSE_MARKS + "?!":
            rest.pop()
            end = rest[-1]
        content = Span(off + rest[0].idx, off + end.idx + len(end))
    if verb is not None:
        cue = Span(off + verb.idx, off + verb.idx + len(verb))
        return Found(cue, (content,), source, "speech", _lemma(verb), False, source)
    at = off + colon.idx + len(colon) - 1  # the colon itself
    return Found(Span(at, at + 1), (content,), source, "speech", ":", False, source)


# Tokens a speaker's label before a colon and a quotation may have (after 'More from' and the
# like, before a party label or a time): 'Former Secretary of State Ana Ruiz (D-Vt.): "..."'.
_QUOTED_LABEL = 8
# What may lead such a label, and what may follow the name in it: 'More from Ana Ruiz: "..."',
# 'From the report: "..."', 'Here is Ana Ruiz in 2001: "..."'.
_LABEL_LEADS = (("more", "from"), ("from",), ("here", "is"), ("here", "'s"), ("here", "\u2019s"))
_LABEL_TIMES = {"in", "on", "at", "during"}  # before a number: 'in 2001', 'on May 3'



def _label_bounds(doc: Any, start: int, colon: int) -> tuple[int, int]:
    """The name in a label before a colon and a quotation, less what leads it ('More from',
    'From', 'Here is') and a time with a number after it ('in December 2001', 'on May 3')."""
    for lead in _LABEL_LEADS:
        words = [t.lower_ for t in doc[start : start + len(lead)]]
        if tuple(words) == lead and start + len(lead) < colon:
            start += len(lead)
            break
    stop = next((t.i for t in doc[start + 1 : colon] if t.lower_ in _LABEL_TIMES
                 and any(x.like_num for x in doc[t.i + 1 : colon])), colon)
    return start, stop


def _is_dash(tok: Any) -> bool:
    """A dash between words: an em or en dash, or a hyphen with a space each side (not the one
    in 'D-Vt.')."""
    if tok.text in {"\u2014", "\u2013"}:
        return True
    return bool(tok.text == "-" and tok.whitespace_ and tok.i > 0
                and tok.doc[tok.i - 1].whitespace_)


def _in_parenthesis(tok: Any, head: Any) -> bool:
    """Whether ``tok`` is inside (or is) a bracketed part of ``head`` ('(D-Vt.)')."""
    depth = 0
    for t in head:
        if t.text == "(":
            depth += 1
        if t.i == tok.i:
            return depth > 0
        if t.text == ")":
            depth = max(0, depth - 1)
    return False


# Forms of a verb of saying that open an inverted 'Said Ana Ruiz: "..."'.
_SAID_FIRST = {"said", "says", "added", "adds", "wrote", "writes", "asked", "asks", "tweeted"}


# '"..." \u2015 Ana Ruiz' (testimonials, epigraphs, pull quotes): a quotation signed at the end of
# its paragraph by a dash and a name of up to six capitalised words, and nothing else
_DASHES = r"(\u2015|\u2014|\u2013|--|-)"  # the signature's dash, a group of its own
_SIGNATURE = re.compile(
    r"[ \t\u00a0]*" + _DASHES + r"[ \t\u00a0]*"
    r"([A-Z][\w.'\u2019-]*(?:[ \t\u00a0]+[A-Z][\w.'\u2019-]*){0,5})"
    r"(?:,[ \t\u00a0]*[A-Z][^,\n]{0,40})?[ \t\u00a0]*\.?\s*$"
)


_SIGNED_LINE = re.compile(
    r"\s*([\"\u201c\u201d].*[\"\u201c\u201d])[ \t\u00a0]*" + _DASHES + r"[^\"\u201c\u201d]*$",
    re.DOTALL,
)


def _signed(quotes: Quotes, text: str, paragraphs: Sequence[Span]) -> list[Found]:
    """Quotations signed after their last word, on their line or on a line of its own below
    ('- Ana Ruiz, Port Alder.'; a hyphen signs only there, as it joins words on a line)."""
    out = []
    for k, p in enumerate(paragraphs):
        signed = None
        for q in quotes.overlapping(p):
            if q.end > p.end:
                continue
            m = _SIGNATURE.match(text, q.end, p.end)
            if m is not None and m[1] == "-":
                m = None
            if m is None and k + 1 < len(paragraphs) and not text[q.end : p.end].strip():
                below = paragraphs[k + 1]
                m = _SIGNATURE.match(text, below.begin, below.end)
            if m is not None:
                signed = (q, m)
        if signed is None:
            # marks the quotation finder cannot pair (a closing mark opening the line, a
            # quotation inside): the line's marks around all but the signature
            line = _SIGNED_LINE.match(text, p.begin, p.end)
            if line is not None and line[2] != "-":
                tail = _SIGNATURE.match(text, line.end(1), p.end)
                if tail is not None:
                    signed = (Span(line.start(1), line.end(1)), tail)
        if signed is None:
            continue
        q, m = signed
        end = m.end(2)
        if text[end - 1] == "." and len(text[m.start(2) : end].split()[-1]) > 4:
            end -= 1  # the sentence's period, not an initial's or "Jr."'s
        name = Span(m.start(2), end)
        cue = Span(m.start(1), m.end(1))
        out.append(Found(cue, (q,), name, "quote", m[1], True, name, signed=True))
    return out


# Words before a colon that label the text after it, not a speaker.
def _in_quote(tok: Any, off: int, quotes: Quotes) -> bool:
    return _quote_of(tok, off, quotes) is not None


def _quote_of(tok: Any, off: int, quotes: Quotes) -> Span | None:
    """The quotation ``tok`` is inside (past its opening mark, before its closing one)."""
    i = off + tok.idx
    q = quotes.inner(i)
    return q if q is not None and q.begin < i else None


def _according(tok: Any, sent: Any, off: int, text: str) -> Found | None:
    to = next(c for c in tok.children if c.lower_ == "to")
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    source, core = _np(objs[0], off, text)
    cue = Span(off + tok.idx, off + to.idx + len(to))
    if tok.head.i == tok.i and tok.i == sent.start:
        # the parser made 'According' the root and the clause an appendage of the name: the
        # source runs to the first comma, the content is the rest
        comma = next((t for t in sent if t.i > objs[0].i and t.text == ","), None)
        if comma is None or comma.i - to.i > 12:
            return None
        source = core = _tokens(to.i + 1, comma.i - 1, tok.doc, off)
        rest = _sentence_without(sent, off, text, [Span(cue.begin, off + comma.idx + 1)])
        if not rest:
            return None
        return Found(cue, tuple(rest), source, "according", "according", False, core)
    # "according to X, Y": the rest of the sentence, without the "according to X" phrase (nor a
    # clause of X's the source leaves out: 'according to the Herald, which first reported it,')
    hole = Span(cue.begin, max(source.end, _subtree(objs[0], off).end))
    rest = [r for r in _sentence_without(sent, off, text, [hole])
            if not (r.begin > hole.end and not text[hole.end : r.begin].strip(" ,\u00a0")
                    and _RELATIVE_OPENING.match(text, r.begin))]
    if tok.head.i == tok.i or not rest:
        return None
    return Found(cue, tuple(rest), source, "according", "according", False, core)


# a relative clause right after the source of 'according to', which the parser may not hang on
# it ('according to the agreement, a copy of which was obtained by ...'): the source's
_RELATIVE_OPENING = re.compile(r"(?:(?:(?:some|all|most|one|many|none|parts?|a|an|the)[ \u00a0]+)"
                               r"?(?:[\w-]+[ \u00a0]+)?of[ \u00a0]+(?:which|whom)|which|who|whom"
                               r"|whose)\b", re.IGNORECASE)


def _verb(
    tok: Any, sent: Any, off: int, text: str, lx: CueLexicon, quotes: Quotes
) -> Found | None:
    lemma = _lemma(tok)
    if tok.dep_ == "acl" and lx.kind(lemma) == "speech":
        trailing = _trailing_cue(tok, sent, off, text)
        if trailing is not None:
            return trailing
    if lemma in lx.as_it:
        aside = _as_it(tok, sent, off, text) or _put_it(tok, sent, off, text, quotes)
        if aside is not None:
            return aside
    special = _about_or_as(tok, off, lx)
    if special is not None:
        subj, core = _source(tok, off, text)
        was_asked = subj is not None and _asked_aside(tok, sent, lemma, lx)
        if was_asked:
            subj = core = None
        if subj is None and lemma in lx.unattributed and (tok.tag_ == "VBN" or was_asked):
            # 'Asked about the delay, ...': what was asked, by no one the text names
            kind = lx.kind(lemma) or lx.in_construction(lemma)
            assert kind is not None
            return Found(special[0], special[1], None, kind, lemma, False, None, False, True)
        if subj is None or any(subj.overlaps(c) for c in special[1]):
            return None
        kind = lx.kind(lemma) or lx.in_construction(lemma)
        assert kind is not None
        pieces: tuple[Span, ...] = special[1]
        if not any(quotes.overlapping(c) for c in pieces):
            pieces = tuple(_without_trailing_aside(c, tok.doc, off) for c in pieces)
        return Found(special[0], pieces, subj, kind, lemma, False, core)
    kind = lx.kind(lemma)
    if kind is None:
        return None  # a cue only in its construction
    if _that_said(tok, sent) or (lemma in lx.quoted_as and _said_to_be(tok)):
        return None
    if lemma in lx.as_aside:
        aside = _as_noted(tok, sent, off, text, kind)
        if aside is not None:
            return aside
    subj, core = _source(tok, off, text)
    if subj is not None and _writers_aside(tok, subj.text(text)):
        return None
    content = _before_a_cue_with_its_subject(_content(tok, sent, off, text, lx, quotes), tok,
                                             off, lx)
    if _raises_its_subject(tok, lemma, lx):
        # 'X is said to have told ...', 'X was quoted by the Echo as saying ...': the cue in
        # the complement is X's (a passive's source could only be its agent, the Echo)
        return None
    asked_aside = subj is not None and _asked_aside(tok, sent, lemma, lx)
    if asked_aside:
        subj = core = None
    if subj is None and not asked_aside:
        before = _subject_before_aside(tok, off, text, quotes)
        if before is not None:
            subj, core, hole = before
            content = [c for c in content if not c.overlaps(hole)]
    q = next(
        (q for q in quotes.overlapping(subj) if q.end <= off + tok.idx
         and _closed_as_speech(q, text)) if subj else iter(()),
        None,
    )
    if q is not None:  # the parser took the quotation for the subject: the speaker follows it
        subj, core = _after_quote(tok, q, off, text)
        content = [q]
    elif kind == "speech" and len(content) == 1 and subj is not None and subj.overlaps(
            content[0]):
        # '"...," Ana Ruiz, an adviser, said': the parser may read the speaker into the
        # quotation's clause (as its object) and the clause for what was said
        c = content[0]
        q = next((q for q in quotes.overlapping(c) if q.begin <= c.begin and q.end < c.end
                  and q.end <= off + tok.idx and _closed_as_speech(q, text)), None)
        if q is not None:
            after, after_core = _after_quote(tok, q, off, text)
            if after is not None:
                subj, core, content = after, after_core, [q]
    if (subj is None or subj.begin > off + tok.idx) and lemma in lx.naming and (
            tok.dep_ == "acl" and tok.tag_ == "VBN") and content == [
            _named_in_quotes(tok, sent, off, text, quotes)]:
        # 'One councillor called Dunne "a fraud."', read as 'a councillor (who is) called Dunne'
        subj = _named_by(tok, off, text)
        core = subj
    if kind == "speech" and (subj is None or not content):
        beside = _beside_quote(tok, sent, off, text, quotes)
        if beside is not None:
            subj, content = beside, [quotes.last_ending_by(off + tok.idx) or beside]
            core = subj
    if not content:
        return None
    cue = _cue_span(tok, off)
    if tok.dep_ == "relcl":
        content = _after_relative(tok, content, cue, text)
    if subj is not None and any(subj.overlaps(c) for c in content):
        return None
    quoted = any(quotes.overlapping(c) for c in content)
    if not quoted:
        content = [_without_trailing_aside(c, tok.doc, off) for c in content]
    # 'Asked whether ...', 'is expected to ...': no one in the text asked or expects it
    unattributed = subj is None and lemma in lx.unattributed and (tok.tag_ == "VBN" or asked_aside)
    # 'It is understood that ...', 'it was reported that ...': a passive with "it" for its
    # subject and no agent, what the clause says on no one's word the text gives
    unattributed = unattributed or (subj is None and tok.tag_ == "VBN" and any(
        c.dep_ in {"nsubjpass", "expl"} and c.lower_ == "it" for c in tok.children) and any(
        c.dep_ == "ccomp" for c in tok.children))
    negated = kind == "speech" and any(c.dep_ == "neg" for c in tok.children)
    return Found(cue, tuple(content), subj, kind, lemma, quoted, core, False, unattributed,
                 negated)


def _before_a_cue_with_its_subject(content: list[Span], verb: Any, off: int,
                                   lx: CueLexicon) -> list[Span]:
    """'The poll showed Hale ahead, with 62 percent of voters saying ...': an absolute clause
    after a comma whose participle is a cue with a subject of its own says what that subject
    says, no part of what ``verb`` says: the content ends before the comma."""
    doc = verb.doc
    for w in verb.subtree:
        if w.lower_ != "with" or w.dep_ != "prep" or w.i <= verb.i or doc[w.i - 1].text != ",":
            continue
        if any(c.dep_ == "pcomp" and lx.kind(_lemma(c)) and any(
                g.dep_ == "nsubj" for g in c.children) for c in w.children):
            cut = off + doc[w.i - 1].idx
            return [Span(c.begin, min(c.end, cut)) for c in content if c.begin < cut]
    return content


def _raises_its_subject(verb: Any, lemma: str, lx: CueLexicon) -> bool:
    """'X was quoted as saying ...', 'X is reported to have said ...': a passive of ``quoted_as``
    whose complement holds a cue, which ``_source`` gives the passive's subject."""
    return lemma in lx.quoted_as and any(c.dep_ == "auxpass" for c in verb.children) and any(
        c.dep_ in {"xcomp", "prep"} and (lx.kind(_lemma(c)) or any(
            g.dep_ == "pcomp" and lx.kind(_lemma(g)) for g in c.children))
        for c in verb.children)


def _asked_aside(verb: Any, sent: Any, lemma: str, lx: CueLexicon) -> bool:
    """An asking (lexicon ``unattributed``) the parser gave the subject of another verb, who was
    asked, by no one the text names: 'The mayor, asked whether ..., said ...' (an aside after a
    comma made a clause of its own, the verb after it left without a subject), and 'Asked
    whether ..., Dunleavy said, ...' (a past participle opening the sentence, which the tagger
    may read as a past tense sharing the subject of the verb it hangs on; not 'Asked by the host
    ...', whose agent asked; not 'Expecting ...', the subject's own)."""
    if lemma not in lx.unattributed:
        return False
    aside = (verb.i > 0 and verb.doc[verb.i - 1].text == "," and verb.head.i > verb.i
             and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.head.children))
    opening = (verb.dep_ == "advcl" and verb.i == sent.start and verb.text[:1].isupper()
               and verb.tag_ in {"VBN", "VBD"}
               and not any(c.dep_ == "agent" for c in verb.children))
    return bool(aside or opening)


def _that_said(verb: Any, sent: Any) -> bool:
    """'That said, ...' (and 'This said', 'That being said'): a phrase that concedes a point, at
    the start of a sentence, not a source saying what follows."""
    doc = verb.doc
    if _lemma(verb) != "say" or verb.i + 1 >= len(doc) or doc[verb.i + 1].text != ",":
        return False
    k = verb.i - 1
    if k >= 0 and doc[k].lower_ == "being":
        k -= 1
    if k < sent.start or doc[k].lower_ not in {"that", "this"}:
        return False
    return k == sent.start or doc[k - 1].is_punct or doc[k - 1].lower_ in {"but", "and", "yet",
                                                                          "still"}


def _named_by(verb: Any, off: int, text: str) -> Span | None:
    """The noun phrase a naming participle hangs on (climbing an appositive to its noun), up to
    the participle: who did the naming, when the parser read a finite verb as a participle."""
    head = verb.head
    if head.dep_ == "appos":
        head = head.head
    # 'The mayor, asked about the plan, called Ruiz "a dreamer"': the parser may hang the verb
    # on a noun inside an aside set off by a comma; the noun the aside is on named
    aside = next((a for a in head.ancestors if a.dep_ == "acl" and a.i > 0
                  and a.doc[a.i - 1].text == "," and a.head.i < a.i), None)
    if aside is not None:
        head = aside.head
    if head.pos_ not in {"NOUN", "PROPN", "PRON"} or head.i > verb.i:
        return None
    toks = [t for t in verb.doc[head.left_edge.i : verb.i]]
    cut = max((k + 1 for k, t in enumerate(toks) if t.text in {";", ":"}), default=0)
    toks = toks[cut:]
    if aside is not None or any(t.pos_ in {"VERB", "AUX"} for t in toks):
        # 'Vasko, speaking on the radio, called ...': the phrase before its aside
        toks = toks[: next((k for k, t in enumerate(toks) if t.text == ","), len(toks))]
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks or any(t.pos_ in {"VERB", "AUX"} for t in toks):
        return None
    return Span(off + toks[0].idx, off + toks[-1].idx + len(toks[-1]))


RELATIVES = {"which", "that", "who", "whom", "what"}


def _after_relative(verb: Any, content: list[Span], cue: Span, text: str) -> list[Span]:
    """'applicants, which officials said were split': the cue's clause is a relative one whose
    pronoun the parser gives to the reported clause, so that clause starts before the source;
    what is reported is the clause from after the cue ('were split')."""
    off = cue.begin - verb.idx
    out = []
    for c in content:
        first = next((t for t in verb.sent if off + t.idx >= c.begin), None)
        if (c.begin < cue.begin < c.end and first is not None and first.lower_ in RELATIVES
                and first.i < verb.i):
            begin = cue.end + len(text[cue.end : c.end]) - len(text[cue.end : c.end].lstrip())
            if begin < c.end:
                out.append(Span(begin, c.end))
            continue
        out.append(c)
    return out


# what a cue closing a sentence may have after it ('confirmed on Thursday', 'confirmed to Variety')
_TRAILING_DEPS = frozenset({"prep", "npadvmod", "advmod", "punct"})


def _trailing_cue(verb: Any, sent: Any, off: int, text: str) -> Found | None:
    """'Moreaux has canceled her tour, a representative for the singer confirmed on Thursday.':
    a past form of a cue the parser hung on the noun before it as a participle (the
    representative who was confirmed), with nothing of its own said after it, closing the
    sentence after a comma: the noun phrase said what comes before the comma."""
    head = verb.head
    if verb.tag_ not in {"VBD", "VBN"} or head.i > verb.i \
            or any(c.dep_ not in _TRAILING_DEPS for c in verb.children):
        return None
    if head.pos_ != "PROPN" and head.lower_ not in load_lexicon().people_nouns:
        return None  # not '..., a plan announced earlier this year.'
    if any(not t.is_punct for t in sent.doc[verb.right_edge.i + 1 : sent.end]):
        return None  # not the sentence's last words
    first = head.left_edge
    if first.i <= sent.start or sent.doc[first.i - 1].text != ",":
        return None
    content = _sentence_without(sent, off, text, [Span(off + sent.doc[first.i - 1].idx,
                                                       off + sent.end_char)])
    if not content:
        return None
    source = _tokens(first.i, verb.i - 1, verb.doc, off)
    return Found(_cue_span(verb, off), tuple(content), source, "speech", _lemma(verb), False,
                 source)


def _as_it(verb: Any, sent: Any, off: int, text: str) -> Found | None:
    """'As one farmer put it, "..."', 'the dam, as the engineer puts it, is ...': the aside's
    subject said the clause it hangs on (the cue is the verb and its 'it')."""
    it = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "it"), None)
    subj = _as_aside_subject(verb)
    if it is None or subj is None:
        return None
    content = _sentence_without(sent, off, text, [_subtree(verb, off)])
    if not content:
        return None
    source, core = _np(subj, off, text)
    cue = Span(off + verb.idx, off + it.idx + len(it))
    return Found(cue, tuple(content), source, "speech", _lemma(verb), False, core)


_PUT_IT_WORDS = frozenset({"it", "this", "that", "way", "another", "differently"})


def _put_it(verb: Any, sent: Any, off: int, text: str, quotes: Quotes) -> Found | None:
    """'Falk put it bluntly: "..."', 'She put it this way: ...': what follows the colon is
    what was said, the subject said it."""
    if not any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children):
        return None
    colon = next((t for t in sent if verb.i < t.i <= verb.i + 5 and t.text == ":"), None)
    if colon is None or not all(t.pos_ == "ADV" or t.lower_ in _PUT_IT_WORDS
                                for t in sent.doc[verb.i + 1 : colon.i]):
        return None  # not 'They put it to a vote: ...'
    after = _after_colon(off + colon.idx + 1, text, quotes, off + sent.end_char)
    subj, core = _source(verb, off, text)
    if after is None or subj is None:
        return None
    quoted = bool(quotes.overlapping(after))
    return Found(_cue_span(verb, off), (after,), subj, "speech", "put", quoted, core)


def _as_aside_subject(verb: Any) -> Any:
    """The subject of a cue in an aside opened by 'as' ('as one farmer put it', 'as the paper
    noted'), or None when the verb is not in one or has no subject."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as"
                                       for c in verb.children):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None and verb.lemma_ != "know":
        # 'as first reported by the Sentinel': the passive's agent (not 'as he is known by')
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    return subj


def _as_noted(verb: Any, sent: Any, off: int, text: str, kind: Kind) -> Found | None:
    """'As the paper noted, the port is ...', '..., as the survey showed.': a cue in an aside
    opened by 'as', with a subject and nothing said of its own, attributes the clause it hangs
    on ('As she said goodbye, ...' has an object: a time, not a source)."""
    subj = _as_aside_subject(verb)
    # ('as she told the paper, ...': the one told is no object said)
    told = {"dobj", "dative"} if _lemma(verb) in cue_lexicon().to_addressee and sum(
        c.dep_ in {"dobj", "dative"} for c in verb.children) == 1 else set()
    if subj is None or subj.lower_ in {"it", "this", "that"} or any(
            c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "oprd", "dative"} - told
            for c in verb.children):
        return None
    content = [c for c in _sentence_without(sent, off, text, [_subtree(verb, off)])
               if c.text(text).lower() not in {"but", "and", "yet", "so", "or"}]
    if not content:
        return None
    source, core = _np(subj, off, text)
    return Found(_cue_span(verb, off), tuple(content), source, kind, _lemma(verb), False, core)


_GAP_EDGE = " ,\u00a0\t"
# what may also open the gap after a quotation: a closing single mark left outside it
# (a quotation closing with two apostrophes after an inner one: three in a row)
_GAP_LEAD = _GAP_EDGE + "'\u2018\u2019"
_AFTER_NAME = {"in", "on", "during", "while", "when", "after", "before", "via", "through", "about"}


def _beside_quote(verb: Any, sent: Any, off: int, text: str, quotes: Quotes) -> Span | None:
    """The speaker of a quotation that ends just before the cue, when the parse gives none: the
    words between the quotation and the verb ('"...," Ana Ruiz, a city planner, said') or after
    the verb to the end of its noun phrase ('"...," said Ana Ruiz (D-Ore.).')."""
    at = off + verb.idx
    q = quotes.last_ending_by(at)
    if q is None or q.end < off + sent.start_char - 1 or "\n" in text[q.end : at]:
        return None
    gap = text[q.end : at]
    if not gap.lstrip(_GAP_LEAD).rstrip(_GAP_EDGE):  # quotation, verb, speaker
        if not _closed_as_speech(q, text):
            return None  # 'a group called "Save the Bay" said ...': a name, not words said
        first = verb.i + 1
        while first < sent.end and verb.doc[first].dep_ in {"prt", "advmod"}:
            first += 1
        last = first - 1
        for t in verb.doc[first : sent.end]:
            if t.text in OPEN_MARKS or t.text in {";", ":"}:
                break
            nxt = t.nbor() if t.i + 1 < len(t.doc) else None
            if t.text == "," and nxt is not None and _opens_aside(nxt):
                break
            if t.lower_ in _AFTER_NAME and last >= first:
                break
            last = t.i
        toks = [t for t in verb.doc[first : last + 1]]
        while toks and toks[-1].is_punct and toks[-1].text != ")":
            toks.pop()
        if not toks or not any(t.pos_ in {"PROPN", "NOUN", "PRON"} for t in toks):
            return None
        return Span(off + toks[0].idx, off + toks[-1].idx + len(toks[-1]))
    # quotation, speaker, verb
    words = gap.lstrip(_GAP_LEAD).rstrip(_GAP_EDGE)
    if any(m in words for m in OPEN_MARKS + CLOSE_MARKS) or len(words.split()) > 15:
        return None
    if any(c.dep_ in {"acomp", "oprd", "attr"} or (c.dep_ == "dobj" and _lemma(
            verb) not in cue_lexicon().to_addressee) for c in verb.rights):
        return None  # '"..." Pratt pleaded guilty in March.': the verb says something else
    b = q.end + (len(gap) - len(gap.lstrip(_GAP_LEAD)))
    toks = [t for t in sent if b <= off + t.idx < at]
    if not toks or toks[0].pos_ in {"VERB", "AUX", "ADP", "SCONJ", "CCONJ"}:
        return None
    rel = next((t.i for t in toks if t.tag_ in {"WP", "WP$", "WDT"}), sent.end)
    if any(t.pos_ in {"VERB", "AUX"} and t.i < rel for t in toks):
        return None  # a clause of its own, not a speaker ('I had prepared a statement to read')
    if not any(t.pos_ in {"PROPN", "NOUN", "PRON"} for t in toks):
        return None
    return Span(b, b + len(words))


def _closed_as_speech(q: Span, text: str) -> bool:
    """Whether a quotation ends as words said before their speaker do: with a comma, question or
    exclamation mark inside its closing mark or just after it ('"...," she said')."""
    return bool(re.search(r"[,?!]\W*$", text[q.begin : q.end])
                or text[q.end : q.end + 1] in {",", "?", "!"})


def _opens_aside(tok: Any) -> bool:
    """Whether ``tok`` after a comma starts what the speaker did, not who they are ('adding',
    'according to')."""
    return bool(tok.tag_ == "VBG" or tok.lower_ == "according")


def _without_trailing_aside(span: Span, doc: Any, off: int) -> Span:
    """A content without the relative clause set off by a comma that ends it ('the levy, which
    the council passed in May'): the writer's aside about what was said, not part of it."""
    end = span.end - off
    words = doc.char_span(span.begin - off, end, alignment_mode="expand")
    for tok in words if words is not None else ():
        if tok.dep_ != "relcl":
            continue
        first, last = tok.left_edge, tok.right_edge
        if first.i == 0 or first.lower_ not in {"which", "who", "whose"}:
            continue
        comma = doc[first.i - 1]
        if comma.text != "," or not span.begin - off <= tok.head.idx < comma.idx \
                or last.idx + len(last) < end - 1:
            continue
        if comma.i - words.start >= 2:  # (two words at least are left)
            last_kept = doc[comma.i - 1]
            return Span(span.begin, off + last_kept.idx + len(last_kept))
    return span


def _stance(verb: Any, off: int) -> tuple[Span, tuple[Span]] | None:
    """'The union backs the levy', 'voters who support the plan', 'attacked the levy': a stance
    taken on the object, or what was said of it (lexicon ``stance_object``, ``speech_object``).
    Not in a question ('Do you support ...?') nor of the writer or the reader ('I support
    ...'), which are seldom anyone's reported stance."""
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if obj is None:
        # 'the levy is backed by the union': the passive's subject is what the stance is on
        subj = _passive_subject(verb)
        if subj is None:
            return None
        return Span(off + verb.idx, off + verb.idx + len(verb)), (_subtree(subj, off),)
    if not _said_of(obj, person=True):
        return None
    if verb.sent.text.rstrip().endswith("?") or any(
            (c.dep_ == "nsubj" and c.lower_ in {"i", "we", "you"}) or c.dep_ == "prt"
            for c in verb.children):
        return None  # (nor a phrasal verb: 'backed her up' is no stance)
    end = obj.right_edge.i
    for c in verb.rights:  # and what the object is taken for ('attacked X as weak', '... for Y')
        if c.i > obj.i and c.dep_ == "prep" and c.lower_ in _STANCE_PREPS and not _says_when(c):
            end = max(end, c.right_edge.i)
    return Span(off + verb.idx, off + verb.idx + len(verb)), (
        _tokens(obj.left_edge.i, end, verb.doc, off),)


_STANCE_PREPS = frozenset({"as", "for", "of", "to", "with"})


def _said_of(word: Any, person: bool) -> bool:
    """Whether ``word`` (a verb's object or passive subject) can be what the verb says something
    of: a word of content, not a pronoun or stop word ('said it'), unless ``person`` and it is a
    personal pronoun ('accused her')."""
    return (not word.is_stop and word.pos_ != "PRON") or (
        person and word.lower_ in _PERSONAL_OBJECTS)


def _passive_subject(verb: Any) -> Any | None:
    """The subject of ``verb`` in the passive with its agent ('the levy is backed by the
    union'), when it can be what was said of (``_said_of``), else None."""
    if not any(c.dep_ == "agent" for c in verb.children):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    return subj if subj is not None and _said_of(subj, person=False) else None


def _about_or_as(verb: Any, off: int, lx: CueLexicon) -> tuple[Span, tuple[Span]] | None:
    """'talked about the budget', 'spoke of reform' (cue: the verb to the preposition; content:
    its object) and 'sees the plan as a threat' (content: the object and what it is seen as)."""
    lemma = _lemma(verb)
    preps = set()
    if lemma in lx.about:
        preps |= {"about", "of"} if lemma in {"speak", "talk", "write"} else {"about"}
    if lemma in lx.for_object:
        preps.add("for")
    if lemma in lx.to_object:
        preps.add("to")
    preps |= lx.preps_of(lemma)
    if lemma in lx.on_object_infinitive:
        # 'called on the council to publish the survey': whom the call is on and what they
        # are to do
        on = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "on"), None)
        whom = next((c for c in on.children if c.dep_ == "pobj"), None) if on else None
        act = next((c for c in verb.rights if c.dep_ == "xcomp" and whom is not None
                    and c.i > whom.i and any(a.lower_ == "to" for a in c.lefts)), None)
        days = load_lexicon()
        when = whom is not None and (whom.like_num or whom.text in days.month_names
                                     or whom.text in days.weekday_names)
        if on is not None and whom is not None and act is not None and not when:
            # (not 'called on Monday to complain': a time)
            cue = Span(off + verb.idx, off + on.idx + len(on))
            return cue, (_tokens(whom.left_edge.i, act.right_edge.i, verb.doc, off),)
    prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in preps), None)
    # (a clause before the verb is not what it says: 'He calls for X; she calls for Y')
    said = any(c.dep_ == "dobj" or (c.dep_ == "ccomp" and c.i > verb.i) for c in verb.children)
    if prep is not None and not said:
        obj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)
        if obj is not None and not obj.is_stop:
            cue = Span(off + verb.idx, off + prep.idx + len(prep))
            return cue, (_subtree(obj, off),)
    if "for" in preps and not said:
        # 'called for the fee to be cut': the parser reads "for" as the mark of a clause
        clause = next((c for c in verb.rights if c.dep_ in {"advcl", "ccomp"} and any(
            m.dep_ == "mark" and m.lower_ == "for" and m.i == verb.i + 1 for m in c.children)),
            None)
        if clause is not None:
            mark = verb.doc[verb.i + 1]
            cue = Span(off + verb.idx, off + mark.idx + len(mark))
            return cue, (_tokens(mark.i + 1, clause.right_edge.i, verb.doc, off),)
    if lemma in lx.as_complement:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        as_ = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "as"), None)
        if obj is not None and as_ is not None and obj.i < as_.i and any(
            c.dep_ == "pobj" for c in as_.children
        ):
            content = _tokens(obj.left_edge.i, as_.right_edge.i, verb.doc, off)
            return _cue_span(verb, off), (content,)
    if lemma in lx.stance_object or lemma in lx.speech_object:
        return _stance(verb, off)
    return None


_NOUN_PREPS = {"of", "for", "on", "about", "against", "to", "over", "with"}


def _noun(noun: Any, off: int, text: str, lx: CueLexicon, quotes: Quotes) -> Found | None:
    """'Ana Ruiz's claim that ...', 'his call for a recount', 'their plan to ...': a noun of
    saying or thinking whose possessor is the source and whose complement is the content."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if noun.lower_ not in lx.nouns_speech and noun.lower_ not in lx.nouns_cognition:
        poss = None  # a noun that attributes only as a light verb's object
    verb = noun.head if noun.dep_ == "dobj" and _lemma(noun.head) in lx.light_verbs else None
    if poss is None and verb is None:
        return None
    content: Span | None = None
    end = noun
    for c in noun.rights:
        if c.dep_ in {"acl", "ccomp", "relcl"} and c.left_edge.lower_ in {"that", "to"}:
            if c.left_edge.lower_ == "that" and c.dep_ == "relcl" and c.left_edge.dep_ != "mark":
                continue  # 'the claim that he made': a relative clause, not the content
            content = _subtree(c, off)
            break
        if c.dep_ == "prep" and c.lower_ in _NOUN_PREPS:
            obj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
            if obj is not None and not obj.is_stop:
                content = _subtree(obj, off)
                end = c
                break
    if content is None and verb is not None and noun.lower_ in lx.nouns_speech:
        # 'made the following comment: "..."': what follows the colon after the noun
        after = noun.right_edge.i + 1
        if after < len(noun.doc) and noun.doc[after].text == ":":
            content = _after_colon(
                off + noun.doc[after].idx + 1, text, quotes, off + noun.sent.end_char
            )
    if content is None:
        return None
    if poss is None and verb is not None:
        # 'X has doubts about Y', 'X voiced concern that Y': the verb's subject, the noun's
        # complement
        subj, core_ = _source(verb, off, text)
        if subj is None or core_ is None:
            return None
        cue = Span(off + verb.idx, off + end.idx + len(end))
        if subj.overlaps(cue) or subj.overlaps(content) or cue.overlaps(content):
            return None
        said: Kind = "speech" if noun.lower_ in lx.nouns_speech else "cognition"
        return Found(cue, (content,), subj, said, _lemma(verb), False, core_)
    assert poss is not None
    cue = Span(off + noun.idx, off + end.idx + len(end))
    source, core = _np(poss, off, text)
    case = [c for c in poss.children if c.dep_ == "case"]
    if case and case[-1].i > poss.i and core.end > off + case[-1].idx > core.begin:
        core = Span(core.begin, off + case[-1].idx)  # 'Ana Ruiz's' names Ana Ruiz
    if source.overlaps(cue) or source.overlaps(content) or cue.overlaps(content):
        return None
    kind: Kind = "speech" if noun.lower_ in lx.nouns_speech else "cognition"
    return Found(cue, (content,), source, kind, noun.lower_, False, core)


def _adjective(adj: Any, off: int, text: str) -> Found | None:
    """'X is confident that ...', 'X was skeptical of ...', 'X is eager to ...': a copula's
    subject holding an attitude (an adjective of feeling or belief) towards what follows it."""
    cop = adj.head
    subj = next((c for c in cop.children if c.dep_ in {"nsubj"}), None)
    if subj is None or cop.pos_ not in {"AUX", "VERB"}:
        return None
    content: Any = None
    end = adj
    for c in adj.rights:
        if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and adj.lower_ not in {"certain", "sure"}):
            content = _subtree(c, off)  # not 'is certain to rise': a prediction, not an attitude
            break
        if c.dep_ == "prep" and c.lower_ in {"of", "about", "in", "at", "with", "by", "that"}:
            obj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
            if obj is not None:
                content = _subtree(obj, off)
                end = c
                break
    if content is None:
        return None
    first = min(
        [cop] + [c for c in cop.children if c.dep_ in {"aux", "neg"} and c.i < cop.i],
        key=lambda t: t.i,
    )
    cue = Span(off + first.idx, off + end.idx + len(end))
    if cue.overlaps(content):
        return None
    source, core = _np(subj, off, text)
    if source.overlaps(content) or source.overlaps(cue):
        return None
    return Found(cue, (content,), source, "cognition", adj.lower_, False, core)


def _makes_plain(verb: Any, lx: CueLexicon) -> bool:
    """Whether ``verb`` is a "make" with an adjective of ``made_plain`` ('made it clear')."""
    return _lemma(verb) == "make" and any(c.lower_ in lx.made_plain for c in verb.rights)


def _made_plain(adj: Any, off: int, text: str) -> Found | None:
    """'X made it clear that ...', 'X has made clear she will ...', 'X made plain its
    opposition to ...': the subject of "make" states what the clause (or the noun phrase) after
    the adjective says, the cue from "make" to the adjective."""
    verb = adj.head
    if adj.i < verb.i or adj.dep_ not in {"ccomp", "oprd", "acomp", "xcomp", "dobj", "advmod"}:
        return None
    clause = next((c for c in adj.rights if c.dep_ in {"ccomp", "advcl", "csubj"}), None)
    if clause is None:
        clause = next((c for c in verb.rights if c.i > adj.i and c.dep_ in {"ccomp", "advcl"}),
                      None)
    if clause is None:  # 'made clear its opposition to ...': the noun phrase the parser gave it
        clause = next((c for c in adj.rights if c.dep_ in {"nsubj", "dobj"}), None)
    if clause is None:
        return None
    content = _subtree(clause, off)
    cue = Span(off + verb.idx, off + adj.idx + len(adj))
    if cue.overlaps(content):
        return None
    source, core = _source(verb, off, text)
    if source is None or source.overlaps(content) or source.overlaps(cue):
        return None
    return Found(cue, (content,), source, "speech", "make", False, core)


def _in_document(prep: Any, off: int, text: str, lx: CueLexicon) -> Found | None:
    """'In a survey of growers, the harvest looked poor', '... leads by four points in the latest
    poll': what the clause says, on the word of the survey or poll it is found in (not a clause
    whose verb is a cue of its own: 'most expect a poor harvest' is theirs)."""
    head = prep.head
    if head.pos_ not in {"VERB", "AUX"} or lx.kind(_lemma(head)) or lx.in_construction(
            _lemma(head)) or _makes_plain(head, lx) or not any(
            c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in head.children):
        return None  # 'said in a poll' is the speaker's; 'ranked in the survey' no clause
    if head.dep_ not in {"ROOT", "conj"} or (head.dep_ == "conj" and head.head.dep_ != "ROOT") \
            or any(t.lower_ == "according" for t in head.sent):
        return None  # 'who leads in the poll': said of the one the clause is about
    obj = next(c for c in prep.children if c.dep_ == "pobj" and c.lower_ in lx.in_document)
    if [c.lower_ for c in obj.children] == ["the"] and obj.tag_ == "NNS":
        return None  # 'rose in the polls', 'is trailing in the surveys': the standings
    source, core = _np(obj, off, text)
    phrase = Span(off + prep.idx, max(source.end, off + prep.idx + len(prep)))
    clause = head.doc[head.left_edge.i : head.right_edge.i + 1]
    content = _sentence_without(clause, off, text, [phrase])
    if not content:
        return None
    return Found(_cue_span(prep, off), tuple(content), source, "evidence", "in", False, core)


def _seeming(verb: Any, off: int, lx: CueLexicon) -> Found | None:
    """'The ferry seemed to be late', 'the pier appears safe', 'it seems that the road is shut',
    'the crowd seemed like it wanted more': an impression the text gives on no one's word. The
    subject and what it seems to be are what is attributed (the writer's reading, no source);
    'appeared on the stage', with no complement, is no such thing."""
    comp = next((c for c in verb.rights if c.dep_ in {"xcomp", "acomp", "attr", "oprd", "ccomp"}
                 or (c.dep_ == "prep" and c.lower_ == "like")
                 or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "though",
                                                                                 "like"}
                                               for m in c.children))), None)
    if comp is None or any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return None
    if comp.dep_ == "xcomp" and comp.tag_ != "VB" and comp.pos_ not in {"ADJ", "NOUN"} and not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in comp.children):
        return None  # 'appeared smiling': the way someone came on, not how something seems
    if comp.lower_ in lx.adjectives or (comp.pos_ in {"VERB", "AUX"} and (
            lx.kind(_lemma(comp)) or lx.in_construction(_lemma(comp)))):
        return None  # 'seemed to concede', 'appeared pleased with': that cue's subject speaks
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "expl"}), None)
    pieces = [_subtree(comp, off)]
    if subj is not None and subj.dep_ == "nsubj" and not (
            subj.lower_ == "it" and comp.dep_ in {"ccomp", "advcl"}):
        pieces.insert(0, _subtree(subj, off))  # not 'it' of 'it seems that ...'
    cue = _cue_span(verb, off)
    if any(cue.overlaps(p) for p in pieces) or (len(pieces) == 2 and pieces[0].overlaps(pieces[1])):
        return None
    return Found(cue, tuple(pieces), None, "evidence", _lemma(verb), False, None, False, True)


def _hearsay(adverb: Any, off: int, lx: CueLexicon) -> Found | None:
    """'The firm is reportedly weighing a sale', 'Reportedly, the talks stalled': what the
    clause says, on the word of reports the text does not name (no source); its pieces are the
    clause before and after the adverb. Not 'reportedly said' (that cue's subject speaks), nor
    a relative clause ('the mayor, who reportedly ...': its noun is not what was reported), nor
    a clause a cue beside it gives a source ('X reportedly ..., a person familiar with the talks
    said', however the parser hangs the cue)."""
    verb = adverb.head
    if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ == "relcl" or lx.kind(_lemma(verb)) \
            or lx.in_construction(_lemma(verb)):
        return None
    beside = [verb.head] + [c for c in verb.children if c.dep_ in {"conj", "parataxis", "advcl"}]
    if any(t.pos_ == "VERB" and lx.kind(_lemma(t)) == "speech" for t in beside):
        return None
    toks = [t for t in verb.subtree if t.i != adverb.i]
    while toks and (toks[0].is_punct or toks[0].dep_ in {"mark", "cc"}):
        toks.pop(0)
    before = [t for t in toks if t.i < adverb.i]
    after = [t for t in toks if t.i > adverb.i]
    while after and after[0].is_punct:
        after.pop(0)
    if not after:
        return None
    pieces = tuple(_trimmed(p, off) for p in (before, after) if p)
    return Found(_cue_span(adverb, off), pieces, None, "speech", adverb.lower_, False, None,
                 False, True)


def _after_quote(verb: Any, q: Span, off: int, text: str) -> tuple[Span | None, Span | None]:
    """'"...," Lopez, the mayor, said': the noun phrase between the quotation and its verb."""
    first = verb.i
    while first > 0 and q.end <= off + verb.doc[first - 1].idx:
        first -= 1
    between = [t for t in verb.doc[first : verb.i] if not t.is_punct]
    if not between:
        return None, None
    head = next(
        (
            t
            for t in between
            if t.head.i == verb.i or not q.end <= off + t.head.idx < off + verb.idx
        ),
        between[0],
    )
    full, core = _np(head, off, text)
    end = off + verb.idx
    toks = [t for t in between if off + t.idx + len(t) <= end and full.begin <= off + t.idx]
    if not toks:
        return None, None
    if full.begin < q.end and _closed_as_speech(q, text) and not any(
            t.pos_ in {"VERB", "AUX"} for t in toks):
        # never the quotation itself: the parser may hang a whole quotation, closed by its
        # comma, or its last words, on the speaker after it ('"...," Ruiz, 61, said')
        full = Span(max(full.begin, off + toks[0].idx), full.end)
        core = Span(max(core.begin, full.begin), core.end)
    full = Span(full.begin, min(full.end, off + toks[-1].idx + len(toks[-1])))
    return full, Span(core.begin, min(core.end, full.end)) if core.begin < full.end else full


def _said_to_be(verb: Any) -> bool:
    """'one of the schools said to be at risk', 'The ferry, said to be the oldest, sank': the
    passive of saying without its auxiliary (a participle the parser may read as a finite verb
    with the noun before it for its subject), which no one in the text says."""
    doc = verb.doc
    return (verb.tag_ in {"VBN", "VBD"} and verb.i + 2 < len(doc)
            and doc[verb.i + 1].lower_ == "to" and doc[verb.i + 2].lemma_ in {"be", "have"}
            and doc[verb.i + 2].head.i == verb.i
            and not any(c.dep_ in {"nsubjpass", "auxpass", "aux"} for c in verb.children))


def _closing_subject(verb: Any) -> Any | None:
    """'Talks stalled after the delegation walked out, two diplomats said.': the parser may
    give the cue two subjects, the first from what was said; the one after the comma, right
    before the cue, speaks."""
    subjects = [c for c in verb.lefts if c.dep_ == "nsubj"]
    if len(subjects) < 2 or any(c.dep_ == "ccomp" for c in verb.rights):
        return None  # (a cue with what was said after it: 'X of Berkeley, California, said that')
    first, last = subjects[-2], subjects[-1]
    between = verb.doc[first.right_edge.i + 1 : last.left_edge.i]
    return last if any(t.text == "," for t in between) else None


_CONTRACTED_S = frozenset({"'s", "\u2019s"})  # "has" or "is" after a pronoun or a name


def _contracted_perfect(verb: Any) -> Any | None:
    """'He's said he would ...', 'She's told aides that ...': the parser may read a perfect with
    "has" contracted as a passive with "is". A cue's participle with a clause of what was said is
    no passive: its subject speaks. Not 'it's said that ...' (a passive, no one's word)."""
    aux = next((c for c in verb.lefts if c.dep_ == "auxpass" and c.lower_ in _CONTRACTED_S),
               None)
    subj = next((c for c in verb.lefts if c.dep_ == "nsubjpass"), None)
    if aux is None or subj is None or verb.tag_ not in {"VBN", "VBD"} or any(
            c.dep_ == "agent" for c in verb.children):
        return None
    if subj.lower_ in {"it", "this", "that", "there"}:
        return None
    return subj if any(c.dep_ == "ccomp" for c in verb.rights) else None


def _cue_span(tok: Any, off: int) -> Span:
    begin, end = tok.idx, tok.idx + len(tok)
    for c in tok.children:
        if c.dep_ == "prt" and c.i == tok.i + 1:
            end = c.idx + len(c)
    return Span(off + begin, off + end)


def _source(verb: Any, off: int, text: str) -> tuple[Span | None, Span | None]:
    """The source phrase of a cue verb (as annotators mark it, asides included) and its core."""
    perfect = _contracted_perfect(verb)
    if perfect is not None:
        return _np(perfect, off, text)
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) and not any(
            c.dep_ == "agent" for c in verb.children):
        return None, None  # 'the vote, which is expected to ...': a passive without its agent
    inverted = _inverted_subject(verb)
    if inverted is not None and any(c.dep_ == "nsubj" for c in verb.lefts):
        # '<what was said>, said Ana Ruiz': the parser may also take a noun of what was said
        # for a subject ('The call to ... speaks to families, said Ana Ruiz')
        return _np(inverted, off, text)
    last = _closing_subject(verb)
    if last is not None:
        return _np(last, off, text)
    if verb.dep_ == "advcl" and verb.lower_ in {"citing", "quoting"}:
        # 'X is in talks, the Tribune reported, citing ...' where the parser hangs the cue on
        # an appositive (``_on_an_appositive``): the reporter cites, not the subject of X
        report = next((t for t in verb.doc[verb.sent.start : verb.i]
                       if t.pos_ == "VERB" and _on_an_appositive(t)), None)
        if report is not None:
            return _source(report, off, text)
    dateline = _dateline_subjects(verb)
    for c in verb.children:
        if c.dep_ in {"nsubj", "csubj"} and c.i not in dateline:
            if _verb_for_subject(c, verb):
                continue
            if c.lower_ in _CONTRACTED_S:
                # 'She\u2019s told aides ...': "has" contracted, read as the subject (a
                # possessive or a noun) with the pronoun under it
                c = next((g for g in c.lefts if g.tag_ == "PRP"), c)
            if c.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
                # "X, who said": the source is written "who" and is X
                who = _np(c, off, text)[0]
                ante = _antecedent(verb)
                return who, (who if ante is None else _np(ante, off, text)[1])
            return _np(c, off, text)
        if c.dep_ == "agent":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return _np(objs[0], off, text)
    share = next((c for c in verb.lefts if c.dep_ == "nummod" and c.tag_ == "CD"), None)
    if share is not None and verb.pos_ == "VERB":
        # 'About 4 in 10 say ...': the parser may read a share of those polled as a number
        # modifying the cue, left without a subject
        return _np(share, off, text)
    misread = next((c for c in verb.lefts if c.dep_ in {"advmod", "npadvmod"}
                    and (c.tag_ in {"NNP", "NNPS"} or (
                        c.i == verb.i - 1 and c.i == c.sent.start and c.text[:1].isupper()
                        and c.tag_ == "RB"))
                    and c.text not in load_lexicon().stop_words),
                   None)
    if misread is not None:
        # 'Tully said ...': the tagger may read a name ending in -ly for an adverb of the cue,
        # left without a subject (not a day: 'Officials on Monday said'), or tag it an adverb
        # when it opens the sentence right before the cue ('Jolly said ...')
        return _np(misread, off, text)
    act = _next_act(verb.head) if verb.dep_ == "conj" and verb.head.dep_ == "ccomp" else None
    if act is not None and act.i == verb.i:
        # 'X said the bridge was safe and added ...': X added (``_next_act``), whoever the
        # first cue's source is
        first = _source(verb.head.head, off, text)
        if first[0] is not None:
            return first
    lead = verb
    while lead.dep_ == "conj" and lead.head.i != lead.i:
        lead = lead.head
    act = _next_participle(lead.head) if lead.dep_ == "advcl" else None
    if act is not None and act.i == lead.i:
        # 'X said the bridge was safe, adding ... and warning ...': X (``_next_participle``)
        first = _source(lead.head.head, off, text)
        if first[0] is not None:
            return first
    if _said_next(verb):
        # 'X said the price was steep but warned that ...': X warned
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return _np(subj, off, text)
    # coordination and participles inherit the subject ("stood up and said", "..., saying",
    # "ended by saying", "issued a statement calling it ...")
    if (
        verb.dep_ == "advcl"
        and verb.tag_ != "VBG"
        and (
            verb.tag_ not in {"VBD", "VBZ", "VBP"}
            or any(c.dep_ in {"mark", "advmod"} and c.i < verb.i for c in verb.children)
        )
    ):
        # 'when asked, ...': a clause of its own (one without a word to open it is a verb the
        # parser failed to coordinate: 'Pickets marching past the gates chanted "..."')
        return None, None
    up = verb
    for _ in range(4):
        if up.head.i == up.i or (up.dep_ not in CLIMB and not _loose_finite(up)):
            break
        # a coordinated verb also shares a passive verb's subject ('X was joined on stage by
        # Y and joked, "..."': X joked; a complement's did not pay on PolNeAR train)
        deps = {"nsubj", "csubj", "nsubjpass"} if up.dep_ == "conj" else {
            "nsubj", "csubj"}
        control = up.i if up.dep_ == "xcomp" else -1
        up = up.head
        obj = next((c for c in up.children if c.dep_ == "dobj" and c.i < control), None)
        if obj is not None and up.pos_ == "VERB" and _lemma(up) in cue_lexicon().object_control:
            # 'That prompted Ruiz to call it ...', 'urged her to say ...': the object does it
            return _np(obj, off, text)
        if up.pos_ in {"VERB", "AUX"}:
            if _lemma(up) in cue_lexicon().quoted_as and any(
                    c.dep_ == "auxpass" for c in up.children):
                # 'X was quoted as saying ...', 'X is said to have told aides ...': X speaks
                deps = deps | {"nsubjpass"}
            dateline = _dateline_subjects(up)
            subj = next((c for c in up.children if c.dep_ in deps and c.i not in dateline), None)
            if subj is not None:
                return _np(subj, off, text)
    if verb.dep_ == "relcl":  # "the official who said ..." -> the relative pronoun's antecedent
        p = _phrase(verb.head, off, text, bare=True)
        return p, p
    # 'At the talks in Lyon, her adviser, Ana Ruiz, said': the parser may hang the speaker on
    # the noun before it, as an appositive, and leave the verb without a subject
    hung = _hung_subject(verb)
    if hung is not None:
        phrase, core = _np(hung, off, text)
        if _on_an_appositive(verb):  # the phrase ends before the cue hung on it
            cut = off + verb.idx
            phrase = _trim_punct(text, Span(phrase.begin, min(phrase.end, cut))) or phrase
            core = _trim_punct(text, Span(core.begin, min(core.end, cut))) or core
        return phrase, core
    # '"...," added Lindqvist.': the parser may take the speaker after the verb for its object
    lx = cue_lexicon()
    if lx.kind(_lemma(verb)) == "speech" and _lemma(verb) not in lx.to_addressee:
        lead = verb.doc[verb.sent.start : verb.i]
        before = next((t for t in reversed(lead) if not t.is_space), None)
        if before is None or before.text == "," or before.text in CLOSE_MARKS:
            obj = next(
                (
                    c
                    for c in verb.rights
                    if c.dep_ in {"dobj", "npadvmod", "attr", "oprd"}
                    and c.pos_ in {"PROPN", "NOUN"}
                    and c.left_edge.i == verb.i + 1
                ),
                None,
            )
            # the speaker ends the clause ('added Lindqvist.'); 'called Ruiz a "windbag"' goes on
            ends = obj is not None and (obj.right_edge.i + 1 >= verb.sent.end
                                        or verb.doc[obj.right_edge.i + 1].is_punct)
            if obj is not None and ends:
                return _np(obj, off, text)
    return None, None


def _loose_finite(verb: Any) -> bool:
    """'X waved, then leaned in and said ...': a finite verb the parser left hanging as 'dep'
    on a verb before it, which shares that verb's subject."""
    return (verb.dep_ == "dep" and verb.tag_ in {"VBD", "VBZ", "VBP"}
            and verb.head.pos_ == "VERB" and verb.head.i < verb.i
            and not any(c.dep_ in SUBJECTS for c in verb.children))


def _subject_before_aside(
    verb: Any, off: int, text: str, quotes: Quotes
) -> tuple[Span, Span, Span] | None:
    """'Ana Ruiz, who chairs the board, said ...', 'Ruiz, noting the cost, said ...': the parser
    may take the aside set off by commas for the verb's complement, and the speaker for the
    aside's subject, which leaves the verb without one. (The source, its core, the aside.) The
    source holds a relative clause, as when the parse is right, but not a participle's aside."""
    if verb.tag_ not in {"VBD", "VBZ", "VBP"}:
        return None
    k = verb.i - 1
    if k < verb.sent.start or verb.doc[k].text != ",":
        return None
    for c in verb.lefts:
        if c.dep_ != "ccomp" or c.right_edge.i < k - 1 or _in_quote(c, off, quotes):
            continue
        subj = next((s for s in c.lefts if s.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ not in {"NOUN", "PROPN"} or _in_quote(subj, off, quotes):
            continue
        comma = next((t.i for t in verb.doc[subj.i + 1 : c.i] if t.text == ","), None)
        if comma is None:
            continue
        np, core = _np(subj, off, text)
        full: Span | None
        if any(t.tag_ in {"WP", "WDT"} for t in verb.doc[comma : c.i + 1]):
            full = _tokens(subj.left_edge.i, k - 1, verb.doc, off)
        else:
            full = _trim_punct(text, Span(np.begin, min(np.end, off + verb.doc[comma].idx)))
        if full is not None:
            return full, core, _tokens(c.left_edge.i, c.right_edge.i, verb.doc, off)
    return None


def _verb_for_subject(c: Any, verb: Any) -> bool:
    """'Pair the cost with the delay and voters balk, said Ruiz.': a clause before the cue that
    the parser took for its subject (a verb as 'nsubj') while the speaker is the subject after
    it: the clause is what was said."""
    return c.dep_ == "nsubj" and c.pos_ == "VERB" and c.i < verb.i and any(
        s.dep_ == "nsubj" and s.i > verb.i for s in verb.children)


def _hung_subject(verb: Any) -> Any:
    """The first of a chain of appositives that ends right before ``verb`` (a comma between
    them at most) when the chain hangs on a word before it, and the verb has no subject."""
    if verb.tag_ not in {"VBD", "VBZ", "VBP"} or not (
            verb.dep_ == "ROOT" or _on_an_appositive(verb)):
        return None
    k = verb.i - 1
    if k >= verb.sent.start and verb.doc[k].text == ",":
        k -= 1
    if k >= verb.sent.start and verb.doc[k].text == ")":  # 'Ana Ruiz (D-Ore.) said'
        opening = next((t.i for t in reversed(verb.doc[max(verb.sent.start, k - 8) : k])
                        if t.text == "("), None)
        k = k if opening is None else opening - 1
    if k < verb.sent.start:
        return None
    last = verb.doc[k]
    # the head of the phrase that ends here ('Ana Ruiz' -> 'Ruiz'; 'an aide who spoke to us'
    # -> 'aide')
    while (last.dep_ != "appos" and last.head.i != last.i and last.head.i < verb.i
           and last.head.right_edge.i == k):
        last = last.head
    if last.dep_ != "appos" or last.pos_ not in {"NOUN", "PROPN"} or last.head.i > last.i:
        return None
    first = last
    while first.head.dep_ == "appos" and first.head.i < first.i:
        first = first.head
    return first


def _on_an_appositive(verb: Any) -> bool:
    """'... to buy Pelican Airways, the Harbor Tribune reported': the parser may read the
    speaker as an appositive of the name before the comma, and the cue as a clause of it."""
    return verb.dep_ == "acl" and verb.head.dep_ == "appos" and verb.head.i < verb.i \
        and verb.head.right_edge.i >= verb.i - 1 and not any(
            c.dep_ in {"nsubj", "nsubjpass", "ccomp"} for c in verb.children)


def _closing_appositive(verb: Any, sent: Any, off: int, text: str) -> Span | None:
    """What a cue read as a clause of an appositive says (``_on_an_appositive``): the sentence
    before the comma that opens the speaker's name, when the cue and where or when it was said
    end the sentence (a 'citing ...' after them aside)."""
    if not _on_an_appositive(verb) or _lemma(verb) not in cue_lexicon().closing:
        return None
    speaker = _hung_subject(verb)
    if speaker is None:
        return None
    comma = speaker.left_edge.i - 1
    if comma <= sent.start + 1 or verb.doc[comma].text != ",":
        return None
    inside = {t.i for t in verb.subtree}
    for t in verb.doc[verb.i + 1 : sent.end]:
        if t.i in inside or t.is_punct or t.is_space:
            continue
        if t.dep_ == "advcl" and t.lower_ in {"citing", "quoting"} \
                and verb.doc[t.i - 1].text == ",":
            break  # ', citing three people ...': whom the report cites
        return None
    said = [t for t in verb.doc[_after_dateline(sent, comma) : comma]
            if not (t.is_punct and t.text not in OPEN_MARKS)]
    if not said or not any(t.pos_ in {"VERB", "AUX"} for t in said):
        return None
    return _trim_punct(text, Span(off + said[0].idx, off + said[-1].idx + len(said[-1])))


def _antecedent(relcl: Any) -> Any:
    """What a relative clause's pronoun stands for: the noun it hangs on, or for 'who' after a
    prepositional phrase on a common noun ('an aide to the senator, who said'), the noun the
    phrase belongs to. None for 'which' or 'that' after a prepositional phrase on a noun ('a
    photo of the meeting, which showed'): the parse cannot tell which noun it is; on a verb
    ('was funded by the council, which said') the phrase's noun is the only one."""
    head = relcl.head
    rel = next((c for c in relcl.children if c.dep_ in SUBJECTS), None)
    if rel is not None and rel.lower_ != "who" and head.dep_ == "pobj" and not (
            head.head.dep_ in {"prep", "agent"} and head.head.head.pos_ in {"VERB", "AUX"}):
        return None
    for _ in range(3):
        if not (
            rel is not None
            and rel.lower_ == "who"
            and head.dep_ == "pobj"
            and head.pos_ != "PROPN"
            and head.head.dep_ == "prep"
        ):
            break
        up = head.head.head
        while up.pos_ == "ADJ" and up.dep_ == "amod":
            up = up.head
        if up.pos_ not in {"NOUN", "PROPN", "PRON"}:
            break
        head = up
    return head


def _object_with(verb: Any, q: Span, off: int, doc: Any) -> Span:
    """What a verb says, holding quotation ``q``: its complements from the first one after the
    verb to the one holding the quotation ('called both candidates "reckless"'); the quotation
    alone when it stands by itself."""
    rights = [c for c in verb.rights if not c.is_punct and c.dep_ not in {"cc", "conj", "advcl"}]
    holder = next(
        (
            c
            for c in rights
            if off + c.left_edge.idx <= q.begin
            and q.end <= off + c.right_edge.idx + len(c.right_edge) + 1
        ),
        None,
    )
    if holder is None or not rights:
        return q
    first = rights[0].left_edge
    last = holder.right_edge
    b = min(off + first.idx, q.begin)
    e = max(off + last.idx + len(last), q.end)
    if b >= q.begin and e <= q.end:
        return q
    while e > b and e - off <= len(doc.text) and doc.text[e - off - 1] in ",;:":
        e -= 1
    return Span(b, max(e, q.end))


_MARKS = frozenset({*OPEN_MARKS, *CLOSE_MARKS, "''", "``"})


def _loose_end(toks: list[Any]) -> bool:
    """Whether a phrase's last token is left over: punctuation (but a full stop, a bracket, or a
    mark that closes one in the phrase: 'the so-called "Gang of 8"') or a conjunction whose
    conjunct the parse left out ('Yahoo News and')."""
    last = toks[-1]
    if last.dep_ == "cc":
        return True
    if not last.is_punct or last.text in {".", ")"}:
        return False
    return not (last.text in _MARKS and sum(t.text in _MARKS for t in toks) % 2 == 0)


def _np(head: Any, off: int, text: str) -> tuple[Span, Span]:
    """The whole noun phrase (appositives and relative clauses included, as annotators mark a
    source) and its core without them. A clause whose verb is itself a cue ('..., who added that
    ...') is an attribution of its own and is left out, with everything after it."""
    lx = cue_lexicon()
    cut = min(
        (
            t.left_edge.i
            for t in head.subtree
            if t.dep_ in NP_ASIDES
            and t.i != head.i
            and lx.kind(_lemma(t)) is not None
            and (t.dep_ == "relcl" or any(c.dep_ in {"ccomp", "xcomp", "dobj"} for c in t.children))
        ),
        default=None,
    )
    drop = {t.i for t in head.subtree if cut is not None and t.i >= cut}
    # '..., speaking on condition of anonymity,': an aside about the speaking, not the speaker
    drop |= {t.i for c in head.rights if c.dep_ == "acl" and c.tag_ == "VBG" for t in c.subtree}
    # 'She\u2019s told aides ...': no pronoun takes a possessive; that is "has", contracted
    drop |= {t.i for t in head.subtree if t.dep_ == "case" and t.head.tag_ == "PRP"}
    toks = [t for t in head.subtree if t.i not in drop]
    # '..., herself a candidate,': a reflexive aside, not part of the name
    refl = next(
        (
            k
            for k in range(1, len(toks))
            if toks[k].lower_ in {"himself", "herself", "themselves"} and toks[k - 1].text == ","
        ),
        None,
    )
    if refl is not None:
        after = next((k for k in range(refl, len(toks)) if toks[k].text == ","), len(toks))
        toks = toks[: refl - 1] + toks[after + 1 :]
    toks = [t for t in toks if toks[0].i <= t.i <= toks[-1].i]
    # a dateline before the name ('LONDON (Reuters) - Ana Ruiz said'): not part of the source
    dash = next((k for k, t in enumerate(toks[:8]) if t.text in {"-", "—", "–", "--"}), None)
    if dash is not None and 0 < dash < len(toks) - 1 and (all(
        t.is_punct or t.text.isupper() or t.text[:1] == "(" or t.i in _parenthesized(toks[:dash])
        for t in toks[:dash]
    ) or getattr(_dateline(head.sent), "i", None) == toks[dash].i):
        toks = toks[dash + 1 :]
    while len(toks) > 1 and _loose_end(toks):
        toks.pop()
    while len(toks) > 1 and (toks[0].is_punct or toks[0].dep_ == "cc"):
        toks.pop(0)
    full = Span(off + toks[0].idx, off + toks[-1].idx + len(toks[-1]))
    # 'her chief adviser, Ana Ruiz,', 'one of them, Ana Ruiz,': a role named by the appositive
    # after it; the name is who
    # (a head in lower case the tagger took for a name is a noun: 'shadow transport secretary')
    nounish = head.pos_ == "NOUN" or head.lower_ == "one" or head.text.islower()
    named = next((c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"
                  and c.i not in drop), None) if nounish else None
    if named is None and nounish:
        # 'a lawyer for Brandtner, Simon Achterberg,': the parser hangs the name on the name
        # before it, which takes no person's name in apposition; the name is the lawyer's
        # (a person's by a given name first: not 'the mayor of Springfield, New Jersey,')
        given = load_lexicon().given_names
        named = next((a for c in head.rights if c.dep_ == "prep"
                      for p in c.children if p.dep_ == "pobj" and p.pos_ == "PROPN"
                      for a in p.rights if a.dep_ == "appos" and a.pos_ == "PROPN"
                      and a.i not in drop and a.left_edge.i < a.i
                      and a.left_edge.text in given), None)
    core = _phrase(named if named is not None else head, off, text)
    if core.end > full.end or core.begin < full.begin:
        b, e = max(core.begin, full.begin), min(core.end, full.end)
        if b >= e:  # the core was the dateline: the name after it, to its first comma
            name = toks[: next((k for k, t in enumerate(toks) if t.text == ","), len(toks))]
            b, e = full.begin, off + name[-1].idx + len(name[-1]) if name else full.end
        core = Span(b, e)
    return full, core


def _dateline_subjects(verb: Any) -> set[int]:
    """The subjects of ``verb`` that are a dateline the parser took for one, with the true
    subject after it ('MARLOW, Ohio (AP) — A judge on Friday blocked ...'): a subject that a
    dash ends, before another subject of the same verb."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    out: set[int] = set()
    for a, b in pairwise(subjects):
        first = a.left_edge.text
        if not (len(first) > 1 and first.isupper() and first.isalpha()):
            continue  # a dateline opens with its place in capitals
        dash = _dateline(verb.sent)
        if dash is not None and a.right_edge.i < dash.i:
            out.add(a.i)  # ('MARLOW, Ohio - Sen. Ana Ruiz ...', the state hung on the name)
            continue
        # the dash that ends it: after its last word, or as that word ('(AP) —'), not inside
        # parentheses ('Ana Ruiz (D-Vt.) and other Democrats')
        after = [*verb.doc[a.right_edge.i + 1 : b.left_edge.i], a.right_edge]
        inner = _parenthesized(list(a.subtree))
        if any(t.text in {"-", "\u2014", "\u2013", "--"} and t.i not in inner for t in after):
            out.add(a.i)
    return out


def _parenthesized(toks: Sequence[Any]) -> set[int]:
    """The indices of the tokens of ``toks`` inside parentheses."""
    out: set[int] = set()
    depth = 0
    for t in toks:
        if t.text == ")":
            depth -= 1
        elif t.text == "(":
            depth += 1
        elif depth > 0:
            out.add(t.i)
    return out


def _phrase(head: Any, off: int, text: str, bare: bool = False) -> Span:
    """The words of the noun phrase headed by ``head``, without appositives, relative clauses,
    participial asides and anything after a comma ("X, the chief, who ..." -> "X"), but with
    the names joined to a name ('Procter & Gamble', 'Ana Ruiz and Bo Lind')."""
    left, right = _phrase_tokens(head, bare)
    doc = head.doc
    b, e = doc[left].idx, doc[right].idx + len(doc[right])
    return Span(off + b, off + e)


def _phrase_tokens(head: Any, bare: bool = False) -> tuple[int, int]:
    left = head.left_edge.i
    right = head.i
    if not bare:
        rights = list(head.rights)
        joined = False
        for k, c in enumerate(rights):
            if c.dep_ == "cc" and (c.text == "&" or _names_joined(head, rights[k + 1:])):
                joined = True
            elif joined and c.dep_ in {"conj", "appos"}:
                right = max(right, _phrase_tokens(c)[1])
                joined = False
                continue
            elif c.text == "," and _names_joined(head, rights[k + 1:]):
                joined = True
            elif c.dep_ in ASIDES or c.text in {",", "(", "—", "–"}:
                break
            right = max(right, c.right_edge.i)
    doc = head.doc
    while right > left and doc[right].is_punct and doc[right].text not in {".", ")"}:
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].dep_ == "cc"):
        left += 1
    return left, right


def _names_joined(head: Any, rest: list[Any]) -> bool:
    """Whether a name's next conjunct (the first of ``rest`` after punctuation and 'and') is
    another name: 'Ana Ruiz, Bo Lind and Cy Moe' (one source phrase of three names)."""
    if head.pos_ != "PROPN":
        return False
    nxt = next((c for c in rest if not (c.is_punct or c.dep_ == "cc")), None)
    if nxt is None or nxt.pos_ != "PROPN":
        return False
    # the parser may take the second name of a list for an appositive of the first
    return nxt.dep_ == "conj" or (nxt.dep_ == "appos" and any(
        g.dep_ == "conj" and g.pos_ == "PROPN" for g in nxt.children))


_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD", "VBN"})


def _object_with_its_verb(verb: Any) -> Any:
    """'said the dating of the shells needed to be confirmed': the parser may take the clause's
    subject for the verb's object and hang the clause's own verb on a noun inside it, as a
    clause with neither a subject nor a relative word of its own. That object, else None."""
    for c in verb.rights:
        if c.dep_ != "dobj":
            continue
        for t in c.subtree:
            if t.dep_ in {"acl", "relcl"} and t.tag_ in _VERB_TAGS and not any(
                    x.dep_ in {"nsubj", "nsubjpass", "mark"} or x.tag_ in {"WDT", "WP", "WP$"}
                    for x in t.children):
                return c
    return None


def _content(
    verb: Any, sent: Any, off: int, text: str, lx: CueLexicon, quotes: Quotes
) -> list[Span]:
    lemma = _lemma(verb)
    if lemma in lx.object_infinitive:
        # 'urged lawmakers to act': who is to act and what they are to do
        obj = next((c for c in verb.rights if c.dep_ == "dobj"
                    or (c.dep_ == "intj" and c.lower_ in {"yes", "no"})), None)
        act = next(
            (c for c in verb.rights if c.dep_ == "xcomp" and obj is not None and c.i > obj.i),
            None,
        )
        if obj is not None and act is not None and obj.pos_ != "PRON":
            return [_tokens(obj.left_edge.i, act.right_edge.i, verb.doc, off)]
    clauses = [c for c in verb.children
               if (c.dep_ in CLAUSES or _verb_for_subject(c, verb)) and c.i != verb.i]
    if any(c.dep_ == "ccomp" and c.i > verb.i for c in clauses):
        # 'said that the pier "was unsafe," and that the council knew': the parser may hang
        # the second that-clause on the cue, as a verb of its own
        clauses += [c for c in verb.rights if c.dep_ == "conj" and c.left_edge.lower_ == "that"
                    and c.left_edge.dep_ == "mark"]
    if lemma in {"ask", "inquire", "wonder", "question"} and not clauses:
        # 'asked the students if they were ...': the parser may take the question for an
        # adverbial clause of the verb
        clauses = [c for c in verb.rights if c.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in {"if", "whether"} for m in c.children)]
    if lemma == "say" and (verb.dep_ == "parataxis" or (
            verb.dep_ == "ROOT" and _is_parenthetical(verb))) and clauses and all(
        c.dep_ == "xcomp" and c.i > verb.i and any(a.lower_ == "to" for a in c.lefts)
        for c in clauses
    ) and any(c.dep_ == "nsubj" for c in verb.lefts):
        # '..., he said, on condition of anonymity to speak freely': an infinitive after a
        # parenthetical cue is about the speaking; what was said is the sentence around it
        clauses = []
    # reports of their own the parser hung on this one as what it says
    clauses = [c for c in clauses if not _said_next(c) and not _report_before(c, verb, lx)]
    if any(c.i > verb.i for c in clauses):
        # 'The driver was not charged; the firm insists it was not told': a clause ended by a
        # semicolon, a colon or a dash before the cue, which says a clause of its own after it,
        # is the writer's, not the speaker's
        clauses = [c for c in clauses if c.i > verb.i or not any(
            t.text in {";", ":", "\u2014", "\u2013", "--"}
            for t in verb.doc[c.right_edge.i + 1 : verb.i])]
    if lx.kind(lemma) == "speech" and not any(c.dep_ == "ccomp" for c in clauses):
        before = _quote_before(verb, sent, off, text, quotes)
        if before is not None:
            return [before]
    if clauses:
        if lemma in {"say", "tell", "write", "report", "add"} or any(
            c.dep_ == "ccomp" for c in clauses
        ):
            return [_clause(c, off, lx) for c in clauses]
        if lx.kind(lemma) == "cognition" or lemma in lx.object_content or lemma in lx.infinitive:
            return [_clause(c, off, lx) for c in clauses]
    if not clauses and lemma in lx.says_a_clause:
        misparsed = _object_with_its_verb(verb)
        if misparsed is not None:
            return [_subtree(misparsed, off)]
    # "'...,' he said." / "..., he said, ...": the sentence around the parenthetical cue
    if verb.dep_ in {"parataxis"} or (verb.dep_ == "ROOT" and _is_parenthetical(verb)):
        around = _around(verb, sent, off, text)
        if around:
            return around
    if lx.kind(lemma) == "speech" and not clauses:
        closing = _closing_cue(verb, sent, off, text) or _closing_appositive(
            verb, sent, off, text)
        if closing is not None:
            return [closing]
    # 'said in an interview with X that ...': the parser may hang the that-clause on the noun
    # ... or on the one told ('told a council hearing that repairs would cost ...', where 'that'
    # opens a clause of its own, not a relative one)
    if lx.kind(lemma) == "speech":
        obj = None if lemma in lx.to_addressee else next(
            (c for c in verb.children if c.dep_ == "dobj"), None)
        for c in verb.rights:
            told = c.dep_ in {"dobj", "dative"} and lemma in lx.to_addressee
            if c.dep_ != "prep" and not told:
                continue
            for t in c.subtree:
                if (
                    (t.dep_ in {"relcl", "acl"} or (
                        # 'telling the broadcaster ERT that ...': a clause hung on the one told
                        told and t.dep_ == "ccomp" and t.head.pos_ in {"NOUN", "PROPN"}))
                    and t.left_edge.lower_ == "that"
                    and t.left_edge.dep_ in ({"mark"} if told else {"mark", "dobj", "nsubj"})
                ):
                    if obj is not None and obj.i < c.i:
                        # after an object, a relative clause of the phrase: the object and
                        # what is said of it ('defended the subsidy as an investment that ...')
                        return [_tokens(obj.left_edge.i, c.right_edge.i, verb.doc, off)]
                    return [_subtree(t, off)]
            clause = _told_clause(c) if told else None
            if clause is not None:
                return [_subtree(clause, off)]
    # 'estimated in a report released Friday that ...': the parser may hang the that-clause on
    # the participle after the noun
    if lx.kind(lemma) in {"speech", "cognition"}:
        for c in verb.rights:
            if c.dep_ != "prep":
                continue
            for t in c.subtree:
                if t.dep_ == "ccomp" and t.head.dep_ == "acl" and t.head.tag_ == "VBN" \
                        and t.left_edge.lower_ == "that" and t.left_edge.dep_ == "mark":
                    return [_subtree(t, off)]
    # 'called the plan "reckless"': the object and what it is called (before the quotation alone:
    # the object is what is named)
    if lemma in lx.naming:
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        comps = [
            c
            for c in verb.children
            if c.dep_ in {"oprd", "xcomp", "ccomp"} and objs and c.i > objs[0].i
        ]
        if objs and comps:
            b, e = _subtree(objs[0], off).begin, _subtree(comps[-1], off).end
            if e > b:  # (a parse whose subtrees cross gives nothing)
                return [Span(b, e)]
        named = _named_in_quotes(verb, sent, off, text, quotes)
        if named is not None:
            return [named]
    # 'said on the channel's "Morning Tide" that ...': the parser may take a title's verb for
    # the cue's clause, and hang the that-clause on it
    if lx.kind(lemma) == "speech":
        later = _that_after_title(verb, off, quotes)
        if later is not None:
            return [later]
    # a quotation as the object ('answered "Boston"', 'wrote "..."')
    if lx.kind(lemma) == "speech":
        for c in verb.rights:
            q = _quote_of(c, off, quotes)
            if c.dep_ in {"dobj", "attr", "npadvmod", "oprd"} and q is not None:
                return [q]
    if lemma in lx.object_content and any(c.dep_ == "agent" for c in verb.children):
        # 'the plan was criticized by the mayor': the passive's subject is what was said of
        subj = _passive_subject(verb)
        if subj is not None:
            return [_subtree(subj, off)]
        noun = verb.head
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and lemma in lx.person_object \
                and noun.pos_ in {"NOUN", "PROPN"} and noun.i < verb.i and not noun.is_stop:
            # 'a candidate endorsed by the union': the noun a verb of judging is said of, up
            # to the verb (not 'polling reported by the Gazette', a source's description)
            return [_tokens(noun.left_edge.i, verb.i - 1, verb.doc, off)]
    if lemma in lx.object_content:
        objs = [
            c
            for c in verb.children
            if c.dep_ in {"dobj", "attr"} and _said_of(c, person=lemma in lx.person_object)
        ]
        if objs:
            # the object and what the verb says of it ('criticized X for doing Y'), up to when
            # it was said ('endorsed X in early June', 'criticized X during the debate')
            end = objs[0].right_edge.i
            for c in verb.rights:
                if c.i < objs[0].i or c.dep_ not in {"prep", "oprd", "xcomp"}:
                    continue
                if _says_when(c):
                    break
                end = max(end, c.right_edge.i)
            return [_tokens(objs[0].left_edge.i, end, verb.doc, off)]
    # 'X said "..."' -- a quotation opening right after the verb (the parser often ends the
    # sentence there)
    if lx.kind(lemma) == "speech":
        after = verb.idx + len(verb)
        # ... or after whom it was told ('telling reporters, "..."')
        skip = {"prt", "advmod", "npadvmod", "prep"}
        if lemma in lx.to_addressee:
            skip |= {"dobj", "dative"}
        for c in verb.rights:
            if c.dep_ in skip and not _in_quote(c, off, quotes):
                after = max(after, c.right_edge.idx + len(c.right_edge))
        opening = _quote_at(off + after, text, quotes)
        if opening is not None:
            return [opening]
    # "X said: ..." -- a colon after the verb phrase, then the content (often a quotation)
    # (the parser may hang the colon on the verb of what follows it: 'X put it bluntly: "You
    # cannot ..."', the quotation's verb its root)
    colon = next((t for t in sent if t.i > verb.i and t.text == ":" and (
        t.head.i <= verb.i + 6 or (t.head.i > t.i and t.i <= verb.i + 6))), None)
    if colon is not None and colon.head.i != verb.i and colon.head.i < colon.i \
            and colon.head.pos_ in {"VERB", "AUX"}:
        colon = None  # 'planned, adding: "..."': the colon is another verb's
    if colon is not None:
        after = _after_colon(off + colon.idx + 1, text, quotes, off + sent.end_char)
        if after is not None:
            return [after]
    # 'the mayor said no', 'she says odd things': what was said named by the object of "say"
    if lemma == "say":
        obj = next((c for c in verb.rights if c.dep_ == "dobj"
                    or (c.dep_ == "intj" and c.lower_ in {"yes", "no"})), None)
        # a noun phrase only: one holding a verb is a clause the parser misread
        if obj is not None and not _in_quote(obj, off, quotes) and not any(
                t.pos_ in {"VERB", "AUX"} or t.lower_ == "that" for t in obj.subtree):
            return [_subtree(obj, off)]
    return []


_TIME_NOUNS = frozenset({"morning", "afternoon", "evening", "night", "day", "week", "month",
                         "year", "weekend", "today", "yesterday", "tonight", "time", "moment"})
_WHEN_PREPS = frozenset({"during", "before", "after", "since", "until", "amid", "throughout"})


def _says_when(tok: Any) -> bool:
    """Whether a verb's dependent says when it happened ('during the debate', 'in early June',
    'on Tuesday'), not what it said."""
    if tok.dep_ != "prep":
        return False
    if tok.lower_ in _WHEN_PREPS:
        return True
    obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if obj is None:
        return False
    days = load_lexicon()
    return obj.ent_type_ in {"DATE", "TIME"} or obj.text in days.month_names \
        or obj.text in days.weekday_names or obj.lower_ in _TIME_NOUNS \
        or (obj.like_num and len(obj.text) == 4 and obj.text.isdigit())


def _named_in_quotes(verb: Any, sent: Any, off: int, text: str, quotes: Quotes) -> Span | None:
    """'called the use of decrees "quite dangerous."': a naming verb, a noun phrase, and a
    quotation that ends the clause, however the parser read them (it often takes the complement
    for a modifier of the object, or 'X called Y' for 'X, who is called Y'): the words from the
    object to the quotation's end."""
    end = verb.idx + len(verb)
    q = quotes.first_opening_from(off + end)
    if q is None or q.end > off + sent.end_char + 2:
        return None
    between = [t for t in sent if end <= t.idx and off + t.idx + len(t) <= q.begin]
    words = [t for t in between if not t.is_punct]
    ids = {t.i for t in words}
    if not 1 <= len(words) <= 10 or any(
            t.pos_ in {"VERB", "AUX"} and not _modifies(t, ids) for t in words):
        return None  # (a relative clause of the object's is its own: 'the raid that cost ...')
    if not any(t.pos_ in {"NOUN", "PROPN", "PRON"} for t in words) or (words[0].pos_ in {
            "ADP", "PART", "ADV", "SCONJ", "CCONJ"} and words[0].lower_ != "both"):
        return None  # ('called on the council to "act now"', 'called over her shoulder, "..."')
    while True:  # '"a liar" and "a cheat"': what it is called runs to the list's last quotation
        after = next((t for t in sent if off + t.idx >= q.end), None)
        if after is None or after.pos_ != "CCONJ" or after.i + 1 >= sent.end:
            break
        again = quotes.first_opening_from(off + after.idx + len(after))
        if again is None or again.begin != off + after.doc[after.i + 1].idx \
                or again.end > off + sent.end_char + 2:
            break
        q = again
    rest = text[q.end : off + sent.end_char]
    if rest.strip() and rest.lstrip()[:1] not in {",", ".", ";"} and (
            text[q.begin : q.end].rstrip(CLOSE_MARKS)[-1:] not in {",", ";"}) and not (
            after is not None and after.pos_ in {"CCONJ", "ADP", "ADV", "SCONJ"}):
        # the noun phrase goes on: the quotation is not what the object is called ('called the
        # "reform" bill a sham'); a comma inside its marks, or a conjunction, a preposition or
        # an adverb after them ends what it is called ('called the levy "robbery," and ...',
        # 'called the mayor "a coward" and left', '... "a coward" on Monday')
        return None
    return Span(off + words[0].idx, q.end)


def _modifies(verb: Any, ids: set[int]) -> bool:
    """Whether ``verb`` is (an auxiliary of) a relative clause or participle on one of ``ids``."""
    v = verb.head if verb.dep_ in {"aux", "auxpass"} else verb
    return v.dep_ in {"relcl", "acl"} and v.head.i in ids and v.i in ids


def _that_after_title(verb: Any, off: int, quotes: Quotes) -> Span | None:
    """A that-clause after a quotation that follows the cue, with no verb between outside the
    quotation ('said on "Meet the Mayor" on Sunday that ...'): what was said."""
    seen_quote = False
    for t in verb.doc[verb.i + 1 : verb.sent.end]:
        inside = _in_quote(t, off, quotes)
        seen_quote = seen_quote or inside
        if inside:
            continue
        if t.dep_ == "mark" and t.lower_ == "that" and seen_quote and t.head.i > t.i and (
                t.head.pos_ in {"VERB", "AUX"}):
            head = t.head
            return _tokens(t.i, head.right_edge.i, verb.doc, off)
        if t.pos_ in {"VERB", "AUX"} or t.text in {";", ":"}:
            return None
    return None


def _quote_before(verb: Any, sent: Any, off: int, text: str, quotes: Quotes) -> Span | None:
    """'"Will it reopen?" Lindqvist asked the mayor.': the parser ends a sentence at a quotation's
    question or exclamation mark; the sentence after it that is only the speaker and the cue
    (and what follows the cue) says it."""
    start = off + sent.start_char
    q = quotes.last_ending_by(start)
    if q is None or text[q.end : start].strip() or "\n" in text[q.end : start]:
        return None
    if text[q.begin : q.end].rstrip(CLOSE_MARKS + " ")[-1:] not in {"?", "!", ","}:
        return None  # a quotation ending its own sentence: what follows is a new statement
    lx = cue_lexicon()
    if _lemma(verb) not in lx.to_addressee and any(c.dep_ == "dobj" for c in verb.children):
        return None  # the verb has content of its own ('condemned the plan')
    subj = {t.i for c in verb.lefts if c.dep_ in SUBJECTS for t in c.subtree}
    for t in sent:
        if t.i >= verb.i:
            break
        if not (t.is_space or t.i in subj or (t.head.i == verb.i and t.dep_ in _VERB_MODIFIERS)):
            return None
    return q


_VERB_MODIFIERS = {"aux", "auxpass", "advmod", "neg", "npadvmod"}


def _quote_at(at: int, text: str, quotes: Quotes) -> Span | None:
    """The quotation opening at ``at`` after spaces, a comma or a colon, if any."""
    m = re.compile(r"[\s,:]*").match(text, at)
    b = m.end() if m else at
    return quotes.at(b)


def _after_colon(at: int, text: str, quotes: Quotes, sent_end: int) -> Span | None:
    b = at
    while b < len(text) and text[b].isspace():
        b += 1
    q = quotes.at(b)
    if q is not None:
        return q
    if b > sent_end and b < len(text) and text[b] in OPEN_MARKS:
        # 'X continued:' then a paragraph opening with a mark the quotation finder could not
        # pair with a closing one: that paragraph
        e = text.find("\n", b)
        return _trim_punct(text, Span(b, len(text) if e < 0 else e))
    b = at
    while b < len(text) and text[b] in " \t\u00a0":
        b += 1
    e = sent_end
    while e > b and (text[e - 1].isspace() or text[e - 1] == "."):
        e -= 1
    return Span(b, e) if e > b and text[b] != "\n" else None


def _is_parenthetical(verb: Any) -> bool:
    """'he said' set off by commas inside or at the end of a sentence whose rest is its content."""
    sent = verb.sent
    # ('Asked whether ..., most said yes': a participle opening the sentence is the verb's own)
    opening = {t.i for c in verb.lefts if c.dep_ == "advcl" and c.i == sent.start
               and c.tag_ in {"VBN", "VBG", "VBD"}
               and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children)
               for t in c.subtree}
    if opening:  # (and then the words of its subject are no clause before it either)
        opening |= {t.i for c in verb.lefts if c.dep_ in SUBJECTS for t in c.subtree}
    before = [
        t
        for t in sent
        if t.i < verb.i and t.dep_ not in SUBJECTS and not t.is_punct and t.head.i != verb.i
        and t.i not in opening
    ]
    return len(before) >= 3 and any(
        t.text == "," or t.text in CLOSE_MARKS for t in sent if t.i < verb.i
    ) and any(t.pos_ in {"VERB", "AUX"} for t in sent if t.i < verb.i)  # a clause before it:
    # not 'In a statement, the firm thanked ...'


def _inverted_subject(verb: Any) -> Any:
    """The speaker of '..., said Ana Ruiz': a subject after the verb, the verb after a comma."""
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text != ",":
        return None
    return next((c for c in verb.rights if c.dep_ == "nsubj"), None)


def _closing_cue(verb: Any, sent: Any, off: int, text: str) -> Span | None:
    """'..., he told reporters.' and '..., said Ana Ruiz, a demographer.': a cue and its speaker
    set off by a comma at a sentence's end, wherever the parser hung them ('terms like soon and
    later, she told': on the preposition before); what was said is the sentence before the
    comma, if that is a clause of its own (not 'When it rained, she laughed.')."""
    lx = cue_lexicon()
    lemma = _lemma(verb)
    if lemma not in lx.closing or verb.dep_ == "relcl":
        return None
    doc = verb.doc
    speaker = _inverted_subject(verb)
    two = None  # the second of two subjects the parser gave the cue (``_closing_subject``)
    if speaker is not None:
        comma = verb.i - 1
    else:
        two = _closing_subject(verb)
        speaker = two or next((c for c in verb.lefts if c.dep_ == "nsubj"), None)
        if speaker is None or any(
            not (t.head.i == verb.i and t.dep_ in _VERB_MODIFIERS)
            for t in doc[speaker.right_edge.i + 1 : verb.i]
        ):
            return None
        comma = speaker.left_edge.i - 1
    if speaker.tag_ in {"WP", "WDT"} or comma <= sent.start + 1 or doc[comma].text != ",":
        return None
    if any(c.i < comma and c.dep_ in {"advcl", "prep", "mark"} for c in verb.lefts):
        return None  # what is before the comma says how or when ('..., and though X, Y said')
    # after the cue only where and to whom it was said ('on Monday', 'told reporters')
    allowed = {"prep", "npadvmod", "advmod", "punct"}
    if lemma in lx.to_addressee:
        allowed |= {"dobj", "dative"}
    if any(c.dep_ not in allowed and c.i != speaker.i for c in verb.rights):
        return None
    inside = {t.i for t in verb.subtree}
    if any(not (t.is_punct or t.is_space or t.i in inside) for t in doc[verb.i + 1 : sent.end]):
        return None  # the sentence goes on: the cue is not its last words
    said = [t for t in doc[_after_dateline(sent, comma) : comma]
            if not (t.is_punct and t.text not in OPEN_MARKS)]
    lead = [t for t in said if not (t.is_space or t.dep_ == "cc" or t.text in OPEN_MARKS)]
    opening = {"WRB", "VBG", "VBN"} if speaker.i > verb.i else {"IN", "WRB", "VBG", "VBN"}
    if not lead or lead[0].dep_ == "mark" or lead[0].tag_ in opening:
        # an opening clause or phrase ('While ..., ', 'Asked ..., '; before '..., said X' a
        # phrase opening with a preposition is part of what was said: 'In Marlow, ...')
        return None
    if any(t.pos_ == "VERB" and lx.kind(_lemma(t)) == "speech" for t in said):
        return None  # a report of its own before the comma ('X said Y, Z added'): left to it
    if not any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} and t.dep_ not in {
            "advcl", "relcl", "acl", "pcomp"} for t in said) and not (
            (speaker.i > verb.i or two is not None) and any(t.pos_ == "VERB" for t in said)):
        return None  # (after 'said Ana Ruiz', or a cue given two subjects, a verb will do: the
        # parser's reading is broken)
    return _trim_punct(text, Span(off + said[0].idx, off + said[-1].idx + len(said[-1])))


def _around(verb: Any, sent: Any, off: int, text: str) -> list[Span]:
    cut_left = min(t.i for t in verb.subtree if t.dep_ != "punct" or t.i > verb.i)
    if verb.dep_ == "ROOT":
        # the whole sentence hangs on a parenthetical root after a quotation ('"...," Lopez
        # said, ...'): the cue phrase is the verb with its subject and auxiliaries just before it
        near = {
            t.i
            for c in verb.lefts
            if c.dep_ in SUBJECTS or c.dep_ in _VERB_MODIFIERS
            for t in c.subtree
        }
        first = verb.i
        while first - 1 in near:
            first -= 1
        before = [t.text for t in sent.doc[max(sent.start, first - 2) : first]]
        if before and (before[-1] in CLOSE_MARKS or before[-2:] in (["”", ","], ['"', ","])):
            cut_left = first
    cut_right = verb.i
    for t in verb.subtree:
        if t.i > verb.i and not t.is_punct and t.dep_ not in {"ccomp", "parataxis"}:
            cut_right = max(cut_right, t.i)
    skip = Span(
        off + sent.doc[cut_left].idx, off + sent.doc[cut_right].idx + len(sent.doc[cut_right])
    )
    return _sentence_without(sent, off, text, [skip])


def _dateline(sent: Any) -> Any:
    """The dash that ends the dateline a sentence opens with ('MARLOW, Ohio, Oct. 3 (AP) —'):
    a place in capitals, then only capitals, abbreviations, months, numbers, punctuation, words
    in parentheses and, after a comma, capitalised words (its state) before it; else None."""
    toks = list(sent[:12])
    first = toks[0].text if toks else ""
    if not (len(first) > 1 and first.isupper() and first.isalpha()):
        return None
    dash = next((t for t in toks if t.text in {"-", "\u2014", "\u2013", "--"}), None)
    if dash is None or dash.i + 1 >= sent.end:
        return None
    inner = _parenthesized(toks)
    months = load_lexicon().month_names
    comma = next((t.i for t in toks if t.text == ","), dash.i)
    if all(t.is_punct or t.text.isupper() or t.like_num or t.i in inner
           or (t.text[:1].isupper() and (t.text.endswith(".") or t.i > comma))
           or t.text in months
           for t in toks[: dash.i - sent.start]):
        return dash
    return None


def _after_dateline(sent: Any, before: int) -> int:
    """Where what a sentence says begins, before token ``before``: after its dateline, if any
    ('MARLOW \u2014 The river rose overnight, officials said')."""
    dash = _dateline(sent)
    return int(sent.start if dash is None or dash.i >= before else dash.i + 1)


def _tokens(first: int, last: int, doc: Any, off: int) -> Span:
    toks = list(doc[first : last + 1])
    while len(toks) > 1 and toks[-1].is_punct and toks[-1].text not in CLOSE_MARKS + "?!":
        toks.pop()
    return Span(off + toks[0].idx, off + toks[-1].idx + len(toks[-1]))


def _clause(head: Any, off: int, lx: CueLexicon) -> Span:
    """The words of a clause said or thought, up to a contrasting clause after it that reports
    someone else ('the plan would work, while critics said it would fail': theirs)."""
    rival = next((c for c in head.rights if c.dep_ == "advcl" and lx.kind(_lemma(c))
                  and any(m.dep_ == "mark" and m.lower_ in {"while", "whereas", "although",
                                                             "though"} for m in c.children)
                  and any(n.dep_ in {"nsubj", "nsubjpass"} for n in c.children)), None)
    if rival is None:
        act = _next_act(head) if head.dep_ == "ccomp" else None
        if act is not None:  # its coordinator goes with it
            cc = [t for t in head.children if t.dep_ == "cc" and t.i < act.i]
            rival = cc[-1] if cc and cc[-1].i < act.left_edge.i else act
    if rival is None:
        rival = _next_participle(head)
    toks = [t for t in head.subtree if rival is None or t.i < rival.left_edge.i]
    while len(toks) > 1 and toks[-1].dep_ == "cc" and toks[-1].head.i == head.i:
        toks.pop()  # its partner is another clause's ('... was steep but', ``_said_next``)
    dash = _dateline(head.sent)
    if dash is not None and toks[0].i <= dash.i < toks[-1].i:
        toks = [t for t in toks if t.i > dash.i]  # 'MARLOW — The river rose, they said'
    return _trimmed(toks, off)


def _told_clause(told: Any) -> Any | None:
    """'told the council she had visited the branch': the parser may take what was told for a
    relative clause on the one told, opened by its subject alone. A relative clause so opened
    lacks its object ('the council she chairs'); a clause told has one, or a modal ('told
    reporters they would win')."""
    for t in told.rights:
        if t.dep_ != "relcl":
            continue
        subj = next((c for c in t.lefts if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None or subj.left_edge.i != t.left_edge.i \
                or subj.tag_ in {"WP", "WDT", "WP$"} or subj.lower_ == "that":
            continue  # opened by a relative word, or by more than its subject
        if any(c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd"}
               for c in t.children) or any(c.dep_ == "aux" and c.tag_ == "MD" for c in t.children):
            return t
    return None


def _said_next(clause: Any) -> bool:
    """'X said the price was steep but warned that ...': the parser may hang the second cue on
    the first as a second clause said. A finite cue verb without a subject of its own, after a
    clause its head says, is the speaker's next act (``_next_act`` where the parser coordinates
    it with the clause said)."""
    if clause.dep_ != "ccomp" or not _own_act(clause):
        return False
    head = clause.head
    return cue_lexicon().kind(_lemma(head)) == "speech" and any(
        c.dep_ == "ccomp" and head.i < c.i < clause.i for c in head.children)


def _report_before(clause: Any, verb: Any, lx: CueLexicon) -> bool:
    """'Critics say it will fail; the town says ...': a cue with a subject and a clause of its
    own, ended by a semicolon before this verb, reports on its own, not what this verb says."""
    return clause.i < verb.i and lx.kind(_lemma(clause)) is not None \
        and any(c.dep_ == "nsubj" for c in clause.children) \
        and any(c.dep_ == "ccomp" for c in clause.children) \
        and any(t.text == ";" for t in clause.doc[clause.right_edge.i + 1 : verb.i])


def _next_act(clause: Any) -> Any | None:
    """'Managers said the crane was checked and declined to comment': the parser may join the
    second verb to the clause said (``clause``), but a finite verb saying something (a clause
    of its own: 'and added that ...') or declining to, without a subject of its own, is the
    speaker's next act, not part of what they said ('the board weighed a delay but rejected
    it': the board's)."""
    return next((c for c in clause.rights if c.dep_ == "conj" and _own_act(c)), None)


def _writers_aside(verb: Any, subject: str) -> bool:
    """'It is important to note that ...', 'That is not to suggest ...', 'it's fair to say ...':
    an infinitive cue whose subject is the 'it' or 'that' of a copula is the writer's aside, no
    one's statement."""
    if subject.lower() not in {"it", "that", "this"} or verb.dep_ != "xcomp" \
            or not any(a.lower_ == "to" for a in verb.lefts):
        return False
    head, judged = verb.head, False
    while head.dep_ in {"acomp", "xcomp"} and head.head.i != head.i:
        if head.tag_ == "VBN":
            return False  # ('it is due to announce its accounts': the firm will)
        judged = judged or head.dep_ == "acomp"
        head = head.head
    # an adjective says so ('important to note'), or a negation ('is not to suggest'); not
    # 'before it was to announce its accounts', the firm's plan
    return bool(_lemma(head) == "be") and (judged or any(
        c.dep_ in {"acomp", "attr", "neg"} for c in (*head.children, *verb.children)))


def _next_participle(clause: Any) -> Any | None:
    """'X announced that the board had signed the lease, saying it would save money': the parser
    hangs a participle after a comma that says something on the last verb before it, the clause
    said (``clause``), but it is the speaker's next act, as it is after a clause of the
    speaker's own ('X filed the accounts, saying ...')."""
    if clause.dep_ != "ccomp" or clause.head.i > clause.i \
            or cue_lexicon().kind(_lemma(clause.head)) is None:
        return None  # (not a clause said before its cue: '..., saying ..., you know')
    return next((c for c in clause.rights if c.dep_ == "advcl" and c.tag_ == "VBG"
                 and c.left_edge.i == c.i and c.doc[c.i - 1].text == ","
                 and c.lower_ not in {"citing", "quoting"}  # (the report's sources, or a reason)
                 and cue_lexicon().kind(_lemma(c)) == "speech"
                 and not any(n.dep_ in SUBJECTS for n in c.children)), None)


def _own_act(verb: Any) -> bool:
    """A finite verb without a subject of its own that says something (with a clause of its
    own) or declines to (with an infinitive): the act of the speaker before it."""
    if verb.tag_ not in {"VBD", "VBZ", "VBP"} \
            or any(n.dep_ in {"nsubj", "nsubjpass", "expl"} for n in verb.children):
        return False
    lx, lemma, deps = cue_lexicon(), _lemma(verb), {n.dep_ for n in verb.children}
    return (lx.kind(lemma) == "speech" and "ccomp" in deps) \
        or (lemma in lx.infinitive and "xcomp" in deps)


def _subtree(tok: Any, off: int) -> Span:
    return _trimmed(list(tok.subtree), off)


def _trimmed(toks: list[Any], off: int) -> Span:
    """The span of ``toks`` (in order) without punctuation at either end, quotation marks kept."""
    while len(toks) > 1 and toks[-1].is_punct and toks[-1].text not in CLOSE_MARKS + "?!":
        toks.pop()
    while len(toks) > 1 and toks[0].is_punct and toks[0].text not in OPEN_MARKS:
        toks.pop(0)
    return Span(off + toks[0].idx, off + toks[-1].idx + len(toks[-1]))


def _sentence_without(sent: Any, off: int, text: str, holes: list[Span]) -> list[Span]:
    """The sentence's words outside ``holes`` and its dateline, as trimmed pieces."""
    b, e = off + sent.start_char, off + sent.end_char
    dateline = _dateline(sent)
    if dateline is not None:  # 'MARLOW, Ohio — The river rose, officials said': not said
        holes = [*holes, Span(b, off + dateline.idx + len(dateline))]
    pieces: list[Span] = []
    cur = b
    for h in sorted(holes):
        if h.begin > cur:
            pieces.append(Span(cur, h.begin))
        cur = max(cur, h.end)
    if e > cur:
        pieces.append(Span(cur, e))
    out = []
    for p in pieces:
        t = _trim_punct(text, p)
        if t is not None and re.search(r"\w", t.text(text)):
            out.append(t)
    return out


def _trim_punct(text: str, s: Span) -> Span | None:
    b, e = s.begin, s.end
    while b < e and (text[b].isspace() or text[b] in ",;:—–-"):
        b += 1
    while e > b and (text[e - 1].isspace() or text[e - 1] in ",;:—–-."):
        e -= 1
    return Span(b, e) if e > b else None


# ---------------------------------------------------------------- quotations and content
def _widen_to_quotes(found: list[Found], quotes: Quotes, text: str) -> list[Found]:
    """Content that lies in a quotation takes the whole quotation (marks included); the halves of
    a quotation split around its cue are both content."""
    out = []
    for f in found:
        parts: list[Span] = []
        for c in f.content:
            qs = quotes.overlapping(c)
            if not qs:
                parts.append(c)
                continue
            inner = [q for q in qs if q.within(c)]
            if inner and len(inner) == len(qs):
                parts.append(c)  # a partial quote inside paraphrase: keep the paraphrase
                continue
            b = min(c.begin, *(q.begin for q in qs))
            e = max(c.end, *(q.end for q in qs))
            # never across the cue or the source
            if f.cue.begin >= b and f.cue.end <= e:
                parts.append(c)
                continue
            parts.append(Span(b, e))
        if not f.signed and f.lemma != ":":  # a label's quotation follows its colon only
            parts = _split_partner(f, parts, quotes, text)
        out.append(
            replace(
                f,
                content=tuple(_merge_continued(parts)),
                quoted=f.quoted or any(quotes.overlapping(p) for p in parts),
            )
        )
    return out


_COMMA_GAP = re.compile(r"[ ,\u00a0]*")
_PUNCT_GAP = re.compile(r"[\s,:;—–-]*")


def _split_partner(f: Found, parts: list[Span], quotes: Quotes, text: str) -> list[Span]:
    """'"A," he said, "B."': a quotation just before the source/cue and one just after them.
    (Only the nearest quotation each side can be one: a farther one has the nearer one's marks
    between it and the cue.)"""
    lo = min([f.cue.begin] + ([f.source.begin] if f.source else []))
    hi = max([f.cue.end] + ([f.source.end] if f.source else []))
    if f.source is not None:
        gap = text[min(f.source.end, f.cue.end) : max(f.source.begin, f.cue.begin)]
        if any(ch.isalnum() for ch in gap):
            return parts  # '"A," she said, adding, "B."': the source is another verb's
    before = quotes.last_ending_by(lo)
    after = quotes.first_opening_from(hi)
    if (
        before is not None
        and after is not None
        and _COMMA_GAP.fullmatch(text, before.end, lo)
        and _PUNCT_GAP.fullmatch(text, hi, after.begin)
    ):
        return [*parts, before, after]
    return parts


def _without_overlaps(found: list[Found]) -> list[Found]:
    """Each word plays one role in one attribution: a cue inside another attribution's content
    ("X said Y believes Z") is part of that content, not an attribution of its own: of two
    that meet, the one with more content (the outer one) stays, whatever their kinds (speech
    first was tried: PolNeAR dev lost three)."""
    order = sorted(
        found, key=lambda f: (-sum(c.end - c.begin for c in f.content), f.cue.begin)
    )
    kept: list[Found] = []
    cues: SpanIndex[None] = SpanIndex()  # of the attributions kept so far
    contents: SpanIndex[None] = SpanIndex()
    for f in order:
        if not _conflict(f, cues, contents):
            kept.append(f)
            cues.add(f.cue, None)
            for c in f.content:
                contents.add(c, None)
    return kept


def _outside_sources(found: list[Found]) -> list[Found]:
    """A cue or source inside the source of a quotation ('"...," said Ana Ruiz, the only member to
    endorse the plan') belongs to the words that name that speaker, not to an attribution of its
    own."""
    sources: SpanIndex[int] = SpanIndex(
        (f.source, i) for i, f in enumerate(found) if f.source is not None
    )
    return [
        f
        for i, f in enumerate(found)
        if not any(
            j != i
            and found[j].quoted
            and s != f.source
            and (f.cue.within(s) or (f.source is not None and f.source.within(s)))
            for j in {*sources.overlapping(f.cue), *sources.overlapping(f.source or f.cue)}
            if (s := found[j].source) is not None
        )
    ]


def _conflict(f: Found, cues: SpanIndex[None], contents: SpanIndex[None]) -> bool:
    """Whether ``f``'s cue overlaps a kept cue or content, its content a kept cue, or its source
    a kept content."""
    return (
        cues.overlaps(f.cue)
        or contents.overlaps(f.cue)
        or any(cues.overlaps(c) for c in f.content)
        or (f.source is not None and contents.overlaps(f.source))
    )


def _floating(
    found: list[Found], quotes: Quotes, text: str, paragraphs: Sequence[Span]
) -> list[Found]:
    """A quotation no cue covers, in the paragraph of an attribution or the next one, continues
    the previous speaker's words (a run of quotes after 'she said'): it joins that content."""
    covered: SpanIndex[None] = SpanIndex((c, None) for f in found for c in f.content)
    extra: dict[int, list[Span]] = {}
    order = sorted(range(len(found)), key=lambda i: found[i].cue.begin)
    rank = {i: n for n, i in enumerate(order)}
    # the attribution before a quotation: the last (by cue) of those ending before it, found by
    # walking once through them by where they end as the quotations go by
    reach = [max(max(c.end for c in f.content), f.cue.end) for f in found]
    # an aside that names no one ('..., she said when asked about the plan.') is not whose
    # words a later quotation continues
    by_reach = sorted((i for i, f in enumerate(found) if not f.unattributed),
                      key=lambda i: reach[i])
    starts = [p.begin for p in paragraphs]
    passed = 0
    latest: int | None = None
    for q in quotes:
        if covered.overlaps(q):
            continue
        para = _para_index(paragraphs, starts, q.begin)
        while passed < len(by_reach) and reach[by_reach[passed]] <= q.begin:
            if latest is None or rank[by_reach[passed]] > rank[latest]:
                latest = by_reach[passed]
            passed += 1
        if latest is None:
            continue
        i = latest
        last = found[i]
        if last.signed:
            continue
        if not last.quoted:
            # '"...," she said, referring to ...': the participle shares the speaker; the
            # quotation continues what she said
            back = [order[k] for k in range(rank[i] - 1, max(rank[i] - 3, -1), -1)]
            j = next((j for j in back if found[j].quoted and found[j].source == last.source), None)
            if j is not None and last.source is not None:
                i, last = j, found[j]
            elif not (last.kind == "speech" and last.source is not None and _right_after(
                    text, max(max(c.end for c in last.content), last.cue.end), q.begin)):
                continue
        last_para = _para_index(paragraphs, starts, max(c.end for c in last.content) - 1)
        opens_next = last_para == para - 1 and paragraphs[para].begin == q.begin
        asked = text[max(c.end for c in last.content) - 2 : max(c.end for c in last.content)].count(
            "?"
        )
        if last_para != para and not (opens_next and not asked):
            continue
        extra.setdefault(i, []).append(q)
        covered.add(q, None)
    return [
        f
        if i not in extra
        else replace(f, content=tuple(sorted([*f.content, *extra[i]])), quoted=True)
        for i, f in enumerate(found)
    ]


def _right_after(text: str, end: int, begin: int) -> bool:
    """Whether only the end of a sentence (and spaces) lies between ``end`` and ``begin``."""
    between = text[end:begin]
    return len(between) <= 4 and between.strip() in {".", ""} and "\n" not in between


def _para_index(paragraphs: Sequence[Span], starts: list[int], offset: int) -> int:
    """The index of the paragraph holding ``offset`` (``starts``: where each begins), or -1."""
    i = bisect_right(starts, offset) - 1
    return i if i >= 0 and offset < paragraphs[i].end else -1
