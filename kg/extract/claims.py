"""What the parse-based attributions leave to patterns: sourcing chains ('OUTLET, citing X,
reported ...'), 'X declined to comment', and requests for comment that went unanswered."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from kg.extract.cues import Cue, hops_for
from kg.extract.sources import Resolver
from kg.model import Claim, CommentRequest, Entity, Hop, Source, Span
from kg.text import name_key

MIN_WORDS = 4
DECLINED = r"(?:declined|refused) to comment|would not comment|did not comment|had no comment"
NO_RESPONSE = (r"(?:did not|didn['\u2019]t|has not|hasn['\u2019]t|have not|could not be reached)"
               r"(?:[\s\u00a0]+immediately)?"
               r"(?:[\s\u00a0]+(?:respond|return|reply|answer|be reached))?")

# 'from the Gazette and ...': who asked for the comment
ASKER = re.compile(r"\bfrom[\s\u00a0]+((?:the[\s\u00a0]+)?[A-Z][\w.\u2019' ]{1,40}?)"
                   r"(?=[\s\u00a0]+and\b|[.,]|$)")


def chains_and_requests(r: Resolver) -> tuple[list[Claim], list[CommentRequest]]:
    """What the parse does not give: 'OUTLET, citing X, reported ...' chains and requests for
    comment that went unanswered (those declined: ``declined_requests``)."""
    claims: list[Claim] = []
    requests: list[CommentRequest] = []
    for s in r.sentences:
        if r.found.in_boilerplate(s):
            continue
        st = s.text(r.found.article.text)
        claim = _citing(r, s, st)
        if claim is not None:
            claims.append(claim)
        if not re.search(DECLINED, st):  # those: ``declined_requests``, once the parse is read
            requests += _requests(r, s, st)
    return claims, requests


def declined_requests(r: Resolver, claims: Sequence[Claim]) -> list[CommentRequest]:
    """The requests for comment declined ('X declined to comment', 'would not comment'): the
    statement the parse found there gives who declined ("to comment" is X's); where it found
    none ('X had no comment'), the words before the phrase do."""
    text = r.found.article.text
    out: list[CommentRequest] = []
    # the parse's declining statements by where their cue is: a sentence looks up its own (a
    # long article has thousands of sentences and statements)
    declining = sorted(((c.hops[-1].cue.begin, k) for k, c in enumerate(claims)
                        if c.hops[-1].verb in {"decline", "refuse"}))
    at = [b for b, _ in declining]
    for s in r.sentences:
        st = s.text(text)
        if r.found.in_boilerplate(s) or not re.search(DECLINED, st):
            continue
        i = bisect_left(at, s.begin)
        found = claims[declining[i][1]] if i < len(at) and at[i] < s.end else None
        claim = found or _declined(r, s, st)
        if claim is None:
            continue
        out.append(CommentRequest(s, claim.hops[-1].source, "declined", claim.hops[0].reported_to
                                  if len(claim.hops) == 1 else claim.hops[0].source,
                                  rule="declined-to-comment", confidence=claim.confidence))
    return out


def _claim(span: Span, hops: tuple[Hop, ...], rule: str, conf: float, text: str) -> Claim | None:
    b, e = span.begin, span.end
    while b < e and not text[b].isalnum() and text[b] not in "\u201c\"\u2018'[":
        b += 1
    while e > b and not text[e - 1].isalnum() and text[e - 1] not in "\u201d\"\u2019'.)]":
        e -= 1
    if e > b and text[e - 1] == ".":
        e -= 1
    if e <= b or len(text[b:e].split()) < MIN_WORDS:
        return None
    return Claim(Span(b, e), hops, rule, conf, (Span(b, e),))


_CITING_BEFORE = re.compile(
    r"^(?P<o>[^,]{2,80}),[\s\u00a0]+(?P<cite>citing|quoting)[\s\u00a0]+(?P<src>[^,]{2,100}),"
    r"[\s\u00a0]+"
    r"(?P<verb>reported|said|wrote|reports|says)[\s\u00a0]+(?:that[\s\u00a0]+)?(?P<claim>.+)$")
# 'OUTLET reported on Tuesday, citing X, that ...': the citing after the verb
_CITING_AFTER = re.compile(
    r"^(?P<o>[^,]{2,80}?)[\s\u00a0]+(?P<verb>reported|said|wrote|reports|says)\b[^,]{0,40},"
    r"[\s\u00a0]+(?P<cite>citing|quoting)[\s\u00a0]+(?P<src>[^,]{2,100}),[\s\u00a0]+"
    r"(?:that[\s\u00a0]+)?"
    r"(?P<claim>.+)$")


def _citing(r: Resolver, s: Span, st: str) -> Claim | None:
    m = _CITING_BEFORE.match(st) or _CITING_AFTER.match(st)
    if not m:
        return None
    text = r.found.article.text
    o_span = Span(s.begin + m.start("o"), s.begin + m.end("o"))  # as annotators mark a source
    name = _outlet_name(o_span, text, r.lx.name_joiners)
    outlet = r.outlet(name) or _mint_outlet(r, name)
    src_span = Span(s.begin + m.start("src"), s.begin + m.end("src"))
    src = r.describe(src_span)
    if outlet is None or src is None:
        return None
    r.note_cited(outlet)
    r._keep(Source(outlet, "outlet", None, outlet, rule="citing-outlet", confidence=0.85))
    cue2 = Span(s.begin + m.start("cite"), s.begin + m.end("cite"))
    verb = Span(s.begin + m.start("verb"), s.begin + m.end("verb"))
    hop1 = Hop(outlet, "outlet", m.group("verb"), verb, source_span=o_span)
    kind = ("anonymous" if src.kind in {"anonymous", "group"}
            else "outlet" if src.kind == "outlet" else "named")
    hop2 = Hop(src.id, kind, m.group("cite"), cue2, reported_to=outlet,  # type: ignore[arg-type]
               quantifier="all" if src.kind == "group" else None, source_span=src_span)
    content = Span(s.begin + m.start("claim"), s.end)
    return _claim(content, (hop1, hop2), "outlet-citing", 0.85, text)


def _outlet_name(span: Span, text: str, joiners: frozenset[str]) -> Span:
    """'State broadcaster NTV' -> 'NTV': the name after the last word in lower case that
    describes it (not a word joining a name, lexicon ``name_joiners``: 'Voice of America')."""
    words = list(re.finditer(r"\S+", span.text(text)))
    last = max((i for i, w in enumerate(words) if w.group()[0].islower()
                and w.group() not in joiners), default=-1)
    if 0 <= last < len(words) - 1:
        return Span(span.begin + words[last + 1].start(), span.end)
    return span


def _mint_outlet(r: Resolver, span: Span) -> str | None:
    """'X, citing Y, reported': X is an outlet even when the registry does not know it."""
    name = span.text(r.found.article.text).strip()
    words = name.split()
    if words[:1] in (["The"], ["the"]):
        words = words[1:]
    if not words or len(words) > 6 or not all(w[:1].isupper() for w in words):
        return None  # 'The senator said, citing ...': not a name, so not an outlet's
    read = r.found.inside(span)
    if len(read) == 1 and read[0].span == span and read[0].rule.startswith("recognized-"):
        # a name only the recognizer read, as an organization: the outlet the context says
        # (not one an earlier part of the article read so: it is as that part read it)
        key = read[0].entity
        if key in r.found.fixed:
            return key if r.found.kind(key) == "outlet" else None
        r.found.entities[key] = replace(r.found.entities[key], kind="outlet",
                                        rule="citing-outlet", confidence=0.7)
        return key
    if r.found.overlaps_mention(span):
        return None  # a name already read as a person or organization is not an outlet
    entity = Entity(name_key(name), name, "outlet", rule="citing-outlet", confidence=0.7)
    if r.found.entities.get(entity.key, entity).kind != "outlet":
        return None  # its name read elsewhere in the article as a person's, a place's
    r.found.add(entity, span, None, "citing-outlet", 0.7)
    return entity.key


def _declined(r: Resolver, s: Span, st: str) -> Claim | None:
    m = re.search(rf"(?P<verb>{DECLINED})", st)
    if not m:
        return None
    left = st[: m.start()]
    cut = max(left.rfind(","), left.rfind(";"))
    head = st[cut + 1 : m.start()]
    if cut >= 0 and re.match(r"^[\s\u00a0]*(but|and)\b", head):
        return None
    src = r.resolve(Span(s.begin + cut + 1, s.begin + m.start()))
    if src is None:
        return None
    cue = Cue(src, Span(s.begin + m.start(), s.begin + m.end()), "declined",
              Span(s.begin + m.end(), s.end) if m.end() < len(st) else None)
    return _claim(Span(s.begin + cut + 1, s.end), hops_for(r, cue), "declined-to-comment", 0.8,
                  r.found.article.text)


def _requests(r: Resolver, s: Span, st: str) -> list[CommentRequest]:
    out: list[CommentRequest] = []
    m = re.search(rf"(?P<verb>{NO_RESPONSE})[^.]*?\b(?:request|comment|message|email|inquir)", st)
    if not m:
        return out
    left = st[: m.start()]
    cut = max(left.rfind(","), left.rfind(";"))
    if not left[cut + 1 :].strip():
        return out  # no one before the verb ('... did not respond' opening a sentence)
    src = r.resolve(Span(s.begin + cut + 1, s.begin + m.start()))
    if src is None:
        return out
    askers = [r.outlet(Span(s.begin + x.start(1), s.begin + x.end(1))) for x in ASKER.finditer(st)]
    asked: list[str | None] = [a for a in askers if a]
    for asker in asked or [None]:
        out.append(CommentRequest(s, src.id, "no-response", asker, rule="no-response",
                                  confidence=0.75))
    return out


