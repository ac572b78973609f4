"""Attributions found on the parse -> quotes and reported claims with their sources resolved.

A ``Found`` attribution names its source with words of its sentence ("he", "a spokeswoman for the
agency", "Maria Lopez"); the resolver says who that is (a named entity, a spokesperson and whom
they speak for, an anonymous source or group, a document), or keeps the description as an
unnamed source. Content that is all quotation becomes a ``schema:Quotation`` (one statement for
the pieces of a split or running quote), anything else a reported claim.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import TypeVar

from kg.extract.attribution import Found, Quotes, cue_lexicon
from kg.extract.cues import Cue, group_quantifier, hops_for, sourcing_of
from kg.extract.sources import Resolver
from kg.model import Claim, Hop, Quote, Source, Span
from kg.text import SpanIndex

T = TypeVar("T", Quote, Claim)
MIN_QUOTE_WORDS = 1
PARTIAL_QUOTE_WORDS = 2
_NOT_NAMED = re.compile(r"(?:not )?to (?:be (?:named|identified|quoted)|give (?:his|her|their) "
                        r"(?:full |last )?names?)\b|that (?:his|her|their) (?:full |last )?names? "
                        r"not be\b", re.IGNORECASE)
CONFIDENCE = {"speech": 0.85, "according": 0.85, "cognition": 0.7, "evidence": 0.7, "quote": 0.7}


def statements(
    r: Resolver, found: list[Found], quotes: list[Span], taken: list[Span]
) -> tuple[list[Quote], list[Claim]]:
    """Quotes and claims from ``found``, leaving out content that rules already took (``taken``)."""
    text = r.found.article.text
    out_q: list[Quote] = []
    out_c: list[Claim] = []
    took = SpanIndex((t, None) for t in taken)
    qs = Quotes(quotes)
    found = _citing_trail(r, _citing_split([_unlabelled(f, text) for f in found], text), text)
    cited = _cited_by(r, found)
    citings = {id(g) for g, _ in cited.values()}
    for f in found:
        if id(f) in citings:
            continue  # the source the statement it modifies cites (``_cited_by``)
        if f.source is None:
            if f.unattributed and not any(took.overlaps(x) for x in (*f.content, f.cue)) \
                    and not r.found.in_boilerplate(f.cue):
                out_c.append(_unattributed(r, f))
            continue
        if any(took.overlaps(x) for x in (*f.content, f.cue, f.source)):
            continue
        if r.found.in_boilerplate(f.cue):
            continue
        # the person what follows the cue opens with ('she endorsed Ana Ruiz', 'he said that
        # Mr. Bell would run'): not the one a pronoun before the cue stands for
        named_after = {m.entity for c in f.content if c.begin >= f.cue.end
                       for m in r.found.inside(c) if r.found.kind(m.entity) == "person"
                       and m.span.begin - c.begin <= OPENING_NAME}
        src = r.describe(f.core or f.source, named_after)
        if src is None:
            continue
        if f.core is not None and f.core != f.source:
            src = r.with_appositive(src, f.core, f.source)
        aside = _aside(r, f)
        if aside is not None:
            src = r.with_aside(src, aside)
        elif f.lemma in {"ask", "decline", "refuse"} and f.core is not None \
                and f.core != f.source and f.content and _NOT_NAMED.match(text, f.content[0].begin):
            # '..., according to one of the people, who asked not to be named because ...', 'a
            # spokesman, who declined to give his name': why the source is not named, after it
            src = r.with_aside(src, Span(f.source.begin, f.content[-1].end))
        if f.lemma in {"ask", "decline", "refuse"} and f.content \
                and _NOT_NAMED.match(text, f.content[0].begin):
            continue  # asking not to be named: why the source is anonymous, nothing it said
        hops = _hops(r, f, src)
        citing = cited.get(id(f))
        if citing is not None:
            hops = _with_cited(r, hops, *citing)
        conf = CONFIDENCE[f.kind]
        rule = f"parse-{f.kind}"
        pieces = _quotation_pieces(f, qs, text)
        if not pieces and f.signed:  # the signature says it is a quotation, whatever its marks
            pieces = [p for p in (_inner(c, text) for c in f.content) if p is not None]
        if pieces:
            out_q.append(Quote(pieces[0], hops, rule, conf, tuple(pieces), f.content))
        else:
            out_c.append(Claim(_claim_text(f.content[0], text, f), hops, rule, conf, f.content))
            # a quotation inside the paraphrase is a quote of the same source too
            for q in sorted({q for c in f.content for q in qs.overlapping(c) if q.within(c)}):
                inner = _inner(q, text)
                if inner is not None and len(inner.text(text).split()) >= PARTIAL_QUOTE_WORDS:
                    out_q.append(Quote(inner, hops, "parse-partial-quote", conf - 0.1))
    return _first_per_span(out_q), _first_per_span(out_c)


@cache
def _label_re() -> re.Pattern[str]:
    labels = "|".join(re.escape(x) for x in sorted(cue_lexicon().not_labels, key=len,
                                                     reverse=True))
    return re.compile(rf"(?:{labels})[ \u00a0]*:[ \u00a0]*(?=\S)", re.IGNORECASE)


def _unlabelled(f: Found, text: str) -> Found:
    """A statement whose content opens with a label of the page ('Claim: Crime in Marlow
    "doubled" in 2025, the candidate said'; lexicon ``not_labels``): the content after it."""
    if not f.content:
        return f
    first = f.content[0]
    m = _label_re().match(text, first.begin, first.end)
    if m is None or m.end() >= first.end:
        return f
    return replace(f, content=(Span(m.end(), first.end), *f.content[1:]))


CITING = frozenset({"citing", "quoting"})
OPENING_NAME = 12  # code points before a name that opens what was said ('that Mrs. ')


# what a statement says opening with whom it cites ('said, citing a police report, that ...')
_CITING_OPENS = re.compile(r"(citing|quoting)[\s\u00a0]+([^,;:\"\u201c\u201d]{2,100}?),"
                           r"[\s\u00a0]+(?=\S)(?:that[\s\u00a0]+)?", re.IGNORECASE)


def _citing_split(found: list[Found], text: str) -> list[Found]:
    """A statement whose content the parse began with the source it cites ('The senator said on
    Monday, citing a police report, that ...'): the content after it, and a 'citing' of its
    own for ``_cited_by``."""
    out: list[Found] = []
    for f in found:
        m = _CITING_OPENS.match(text, f.content[0].begin) if f.content and f.source else None
        if m is None or f.lemma in {"cite", "quote"} or m.end() >= f.content[0].end:
            out.append(f)
            continue
        out.append(replace(f, content=(Span(m.end(), f.content[0].end), *f.content[1:])))
        out.append(_citing(f, Span(m.start(1), m.end(1)), Span(m.start(2), m.end(2))))
    return out


# what a statement says ending with whom it cites ('reported that ..., citing two officials')
_CITING_ENDS = re.compile(r",[\s\u00a0]+(citing|quoting)[\s\u00a0]+([^,;:\"\u201c\u201d]{2,100})$",
                          re.IGNORECASE)


def _citing_trail(r: Resolver, found: list[Found], text: str) -> list[Found]:
    """A statement whose content the parse ended with the source it cites ('The Courier
    reported that the plant would close, citing two managers'): the content before it, and a
    'citing' of its own for ``_cited_by``; a reason cited ('..., citing weak demand') stays
    what was said."""
    out: list[Found] = []
    for f in found:
        last = f.content[-1] if f.content and f.source else None
        m = _CITING_ENDS.search(last.text(text)) if last is not None \
            and f.lemma not in {"cite", "quote"} and f.kind == "speech" else None
        if last is None or m is None or m.start() == 0:
            out.append(f)
            continue
        cited = Span(last.begin + m.start(2), last.begin + m.end(2))
        if _a_source(r, cited) is None:
            out.append(f)
            continue
        out.append(replace(f, content=(*f.content[:-1], Span(last.begin, last.begin + m.start()))))
        out.append(_citing(f, Span(last.begin + m.start(1), last.begin + m.end(1)), cited))
    return out


def _citing(f: Found, cue: Span, cited: Span) -> Found:
    """The 'citing' (``cue``) of ``f``'s source, of ``cited``, for ``_cited_by``."""
    return Found(cue, (cited,), f.source, "speech", "cite", False, core=f.core)


def _cited_by(r: Resolver, found: list[Found]) -> dict[int, tuple[Found, Source]]:
    """'X reported on Tuesday, citing two officials, that ...', 'X, citing court records,
    reported': the participle names whom the report relies on, not a second thing said. The
    reporting statement (by id) -> the ``Found`` of its 'citing' and the source cited: the
    same source phrase, the participle in its sentence after the reporting verb, or between the
    source and the verb."""
    out: dict[int, tuple[Found, Source]] = {}
    text = r.found.article.text
    for f in found:
        if f.source is None or f.lemma not in {"cite", "quote"} or not f.content:
            continue
        # 'According to the Gazette, which cited a council official, ...': the source's own
        # relative clause
        relative = f.source.text(text).lower() in _RELATIVE
        if f.cue.text(text).lower() not in CITING and not relative:
            continue
        sentence = r.sentence_at(f.cue.begin)
        if sentence is None:
            continue
        # (the parser may give the participle the subject of what was reported: 'X is in
        # talks, the Tribune reported, citing ...': a word of that report's content)
        heads = [g for g in found if g is not f
                 and sentence.begin <= g.cue.begin < sentence.end
                 and g.kind in {"speech", "according"} and g.lemma not in {"cite", "quote"}
                 and id(g) not in out
                 and (g.cue.end <= f.cue.begin or f.source.end <= f.cue.begin < g.cue.begin)
                 and (g.source == f.source or any(f.source.within(c) for c in g.content)
                      or (relative and g.source is not None
                          and (f.source.within(g.source)
                               or 0 <= f.source.begin - g.source.end <= 3)))]
        cited = _a_source(r, f.content[0]) if heads else None
        if cited is not None:
            out[id(min(heads, key=lambda g: abs(g.cue.begin - f.cue.begin)))] = (f, cited)
    return out


_RELATIVE = frozenset({"which", "who", "that"})
_SOME = frozenset({"several", "some", "many", "multiple", "numerous", "dozens", "hundreds"})


def _a_source(r: Resolver, phrase: Span) -> Source | None:
    """What is cited, if it is a source ('two officials', 'the Gazette', 'court records'), not a
    reason ('citing weak demand', "citing the governor's record")."""
    cited = r.describe(phrase)
    if cited is None or cited.kind == "unidentified":
        return None
    words = phrase.text(r.found.article.text)
    if cited.kind == "unnamed":
        # people counted ('two border guards', 'several residents'), not a reason ('weak demand')
        first = words.split()[0].lower()
        counted = first.isdigit() or first in r.lx.number_words or first in _SOME
        return cited if counted else None
    if cited.kind in {"person", "organization", "outlet"} and re.search(r"['\u2019]s?\b", words):
        return None
    return cited


def _with_cited(r: Resolver, hops: tuple[Hop, ...], citing: Found,
                cited: Source) -> tuple[Hop, ...]:
    """``hops`` with one more: the source cited ('citing two officials'), as told to the source
    of the last hop when that is an outlet."""
    text = r.found.article.text
    last = r.sources.get(hops[-1].source)
    kind = sourcing_of(r, cited, citing.lemma, citing.cue.text(text))
    hop = Hop(cited.id, kind, citing.cue.text(text).lower(), citing.cue,  # type: ignore[arg-type]
              reported_to=last.entity if last is not None and last.kind == "outlet" else None,
              quantifier=group_quantifier(cited.descriptor) if cited.kind == "group" else None,
              source_span=citing.content[0], cue_class="speech")
    return (*hops, hop)


def _unattributed(r: Resolver, f: Found) -> Claim:
    """A statement the text gives with no source ('Asked whether ...'): a claim (never a
    quote, whatever marks it holds) whose one hop's source is unidentified."""
    src = r.unidentified(f.cue)
    hop = Hop(src.id, "unattributed", f.lemma, f.cue, cue_class=f.kind)
    text = r.found.article.text
    return Claim(_claim_text(f.content[0], text), (hop,), "parse-unattributed",
                 CONFIDENCE[f.kind] - 0.15, f.content)


def _first_per_span(items: list[T]) -> list[T]:
    """One statement per anchor span (the node's IRI): the most confident reading wins."""
    best: dict[Span, T] = {}
    for it in items:
        if it.span not in best or it.confidence > best[it.span].confidence:
            best[it.span] = it
    return sorted(best.values(), key=lambda x: x.span)


def _claim_text(c: Span, text: str, f: Found | None = None) -> Span:
    """The claim without the complementizer that opens its content ("that the plan ..."); not
    a determiner opening a noun phrase ("asked about that meeting"): a clause has two words.
    After a verb whose to-infinitive is what it attributes, the verb and the subject before it
    too: the claim of 'X declined to comment' reads so (its content stays "to comment")."""
    if f is not None and f.lemma in cue_lexicon().infinitive and f.cue.end <= c.begin \
            and not text[f.cue.end : c.begin].strip() and text[c.begin : c.begin + 3] == "to ":
        subject = f.source is not None and 0 <= f.cue.begin - f.source.end <= 20
        return Span(f.source.begin if subject and f.source is not None else f.cue.begin, c.end)
    m = re.match(r"(?:that|whether|if)\s+(?=\S+\s+\S)", c.text(text), re.IGNORECASE)
    return Span(c.begin + m.end(), c.end) if m and c.begin + m.end() < c.end else c


def _aside(r: Resolver, f: Found) -> Span | None:
    """The words between a source's core and its verb, set off by commas ('two aides, speaking on
    condition of anonymity, said'; 'two aides, who spoke on condition of anonymity, said'), when
    the source comes first."""
    if f.source is None or f.source.end >= f.cue.begin:
        return None
    # from the end of the source's core: a relative clause in the source phrase is an aside too
    end = f.core.end if f.core is not None and f.source.begin <= f.core.end < f.source.end else None
    gap = Span(end if end is not None else f.source.end, f.cue.begin)
    words = gap.text(r.found.article.text)
    if not words.lstrip().startswith((",", "\u2014", "\u2013")) or "\n" in words:
        return None
    return gap


def _hops(r: Resolver, f: Found, src: Source) -> tuple[Hop, ...]:
    text = r.found.article.text
    sentence = r.sentence_at(f.cue.begin)
    end = sentence.end if sentence else f.cue.end
    rest = Span(f.cue.end, end) if end > f.cue.end else None
    verb = f.cue.text(text) if f.kind in {"according", "quote"} else f.lemma
    cue = Cue(src, f.cue, verb, rest)
    hops = hops_for(r, cue, hedged=False)
    last = replace(hops[-1], source_span=f.source, cue_class=f.kind, negated=f.negated)
    return (*hops[:-1], last)


def _quotation_pieces(f: Found, quotes: Quotes, text: str) -> list[Span]:
    """The text between the marks of each quotation, when the content is nothing but quotations;
    a quotation over several paragraphs gives one piece a paragraph."""
    pieces: list[Span] = []
    for c in f.content:
        qs = quotes.overlapping(c)
        if len(qs) != 1 or not (qs[0].within(c) and c.within(qs[0])):
            return []
        inner = [
            p for p in (_inner(s, text) for s in _paragraph_parts(qs[0], text)) if p is not None
        ]
        if not inner or sum(len(p.text(text).split()) for p in inner) < MIN_QUOTE_WORDS:
            return []
        pieces += inner
    return pieces


def _paragraph_parts(q: Span, text: str) -> list[Span]:
    """A quotation cut at its paragraph breaks, each part opening with its mark (if any)."""
    parts: list[Span] = []
    b = q.begin
    for m in re.finditer(r"\n\s*\n", q.text(text)):
        parts.append(Span(b, q.begin + m.start()))
        b = q.begin + m.end()
    parts.append(Span(b, q.end))
    return [p for p in parts if p.end > p.begin]


def _inner(q: Span, text: str) -> Span | None:
    """A quotation's text between its marks."""
    b, e = q.begin, q.end
    if text.startswith("''", b):  # two apostrophes for a double mark
        b += 2
    elif text[b] in '“"«„”‘':  # (a single mark opens one in a text quoted with single marks)
        b += 1
    elif text[b] == "'" and e - 1 > b and text[e - 1] == "'":  # the same in plain ASCII
        b += 1
        e -= 1
    if e - 2 >= b and text.startswith("''", e - 2):
        e -= 2
    elif e > b and text[e - 1] in '”"»“’':
        e -= 1
    while b < e and text[b].isspace():
        b += 1
    while e > b and text[e - 1].isspace():
        e -= 1
    return Span(b, e) if e > b else None
