"""Attribution cues: find 'SOURCE said', 'said SOURCE', 'according to SOURCE' around a span, and
turn a resolved source into a chain of hops (outlet first, then the source it relied on)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import Lexicon, alternation
from kg.extract.sources import Resolver
from kg.model import Hop, Source, Span

BOUNDARY = ",;:—–(“”\"[]"


@dataclass(frozen=True)
class Cue:
    source: Source
    cue: Span
    verb: str
    rest: Span | None  # words after the verb ('told the Gazette', 'in a statement to the Ledger')


def aux_re(lx: Lexicon) -> str:
    return rf"(?:(?:{alternation(lx.auxiliaries)}|not|never)[\s\u00a0]+)*"


def after_cue(r: Resolver, begin: int, end: int) -> Cue | None:
    """'..., SOURCE said' / '..., said SOURCE' in text[begin:end] (right after a quote or clause)."""
    text = r.found.article.text
    seg = text[begin:end]
    lead = re.match(r"^[\s,.”\"’]*", seg)
    off = begin + (lead.end() if lead else 0)
    seg = text[off:end]
    verbs = r.lx.verb_re
    m = re.match(rf"(?P<src>[^.!?;:“”\"]{{1,140}}?)[\s\u00a0]+{aux_re(r.lx)}(?P<verb>{verbs})\b(?P<rest>[^.!?;“”\"]*)", seg)
    if m and len(m.group("src").split()) <= 14:
        return _cue(r, off, m, "src")
    m = re.match(r"(?P<verb>said|says|added|wrote|asked|continued)[\s\u00a0]+(?P<src>[^.,!?;“”\"]{1,80})(?P<rest>)", seg)
    if m:
        return _cue(r, off, m, "src")
    return None


def before_cue(r: Resolver, begin: int, end: int) -> Cue | None:
    """'SOURCE said (in a statement) (that) ...' ending at ``end`` (a quote mark or a clause)."""
    text = r.found.article.text
    seg = text[begin:end]
    acc = list(re.finditer(r"\b[Aa]ccording to (?P<src>[^,.;“”\"]{2,120})", seg))
    verbs = list(re.finditer(rf"\b(?P<verb>{r.lx.verb_re})\b", seg))
    if acc and (not verbs or acc[-1].start() > verbs[-1].start()):
        m = acc[-1]
        src = r.resolve(Span(begin + m.start("src"), begin + m.end("src")))
        if src:
            return Cue(src, Span(begin + m.start(), begin + m.end()), "according to", None)
    for v in reversed(verbs):
        left = seg[: v.start()]
        cut = max(left.rfind(c) for c in BOUNDARY)
        sb = begin + cut + 1
        sb_text = text[sb : begin + v.start()]
        if not sb_text.strip() or len(sb_text.split()) > 14:
            continue
        src = r.resolve(Span(sb, begin + v.start()))
        if src is None:
            continue
        rest = Span(begin + v.end(), end) if end > begin + v.end() else None
        cue_end = begin + v.end()
        return Cue(src, Span(_skip_space(text, sb), cue_end), v.group("verb"), rest)
    return None


def _cue(r: Resolver, off: int, m: re.Match[str], group: str) -> Cue | None:
    text = r.found.article.text
    sspan = Span(off + m.start(group), off + m.end(group))
    src = r.resolve(sspan)
    if src is None:
        return None
    rest = Span(off + m.start("rest"), off + m.end("rest")) if m.group("rest").strip() else None
    end = off + m.end()
    while end > off and not text[end - 1].isalnum():
        end -= 1
    return Cue(src, Span(off + m.start(), end), m.group("verb"), rest)


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def reported_to(r: Resolver, cue: Cue) -> str | None:
    """'told the Gazette', 'in a statement to the Ledger', 'leaked to a news site'."""
    if cue.rest is None:
        return None
    text = r.found.article.text
    seg = cue.rest.text(text)
    m = re.match(r"^[\s\u00a0]*(?:[^,]*?\bto[\s\u00a0]+)?(?P<o>(?:the[\s\u00a0]+)?[A-Za-z][\w.’' -]{1,40})", seg) \
        if cue.verb in {"told", "tells", "tell"} else \
        re.search(r"\bto[\s\u00a0]+(?P<o>(?:the[\s\u00a0]+)?[A-Za-z][\w.’' -]{1,40})", seg)
    if not m:
        return None
    span = Span(cue.rest.begin + m.start("o"), cue.rest.begin + m.end("o"))
    return r.outlet(span)


def sourcing_of(r: Resolver, src: Source, verb: str, cue_text: str) -> str:
    low = cue_text.lower()
    if src.kind == "outlet":
        pub = r.publisher.key if r.publisher else None
        return "prior" if src.entity == pub else "outlet"
    if src.kind in {"anonymous", "group"}:
        return "anonymous"
    if src.kind == "spokesperson":
        return "spokesperson"
    if src.kind == "document":
        return "document"
    if verb in {"tweeted", "posted"} or re.search(r"\b(tweet|twitter post|facebook post|post on)\b", low):
        return "social"
    if verb in {"wrote", "writes"} or re.search(r"\b(statement|email|e-mail|letter|memo)\b", low):
        return "written"
    return "named"


def hops_for(r: Resolver, cue: Cue, hedged: bool = False) -> tuple[Hop, ...]:
    text = r.found.article.text
    to = reported_to(r, cue)
    pub = r.publisher.key if r.publisher else None
    kind = sourcing_of(r, cue.source, cue.verb, cue.cue.text(text))
    quantifier = _quantifier(cue.source.descriptor) if cue.source.kind == "group" else None
    leak = re.search(r"\bleaked to[\s\u00a0]+(?P<o>(?:the[\s\u00a0]+)?[A-Z][\w.’' -]{1,40})", _sentence_text(r, cue.cue))
    channel = None
    if leak:
        s = _sentence(r, cue.cue)
        if s:
            b = s.begin + leak.start("o")
            channel = r.outlet(Span(b, b + len(leak.group("o"))))
            r.note_cited(channel)
    hop = Hop(cue.source.id, kind, cue.verb, cue.cue, to, channel, hedged, quantifier)  # type: ignore[arg-type]
    if to and to != pub and cue.source.kind != "outlet":
        r.note_cited(to)
        outlet_src = r._keep(Source(to, "outlet", None, to, rule="reported-to"))
        first = Hop(outlet_src.id, "outlet", "reported", cue.cue, None, None, hedged)
        return (first, hop)
    return (hop,)


def _quantifier(descriptor: str | None) -> str:
    d = (descriptor or "").lower()
    return "one" if re.match(r"(one|some|each) of\b", d) else "all"


def _sentence(r: Resolver, span: Span) -> Span | None:
    for s in r.sentences:
        if s.begin <= span.begin < s.end:
            return s
    return None


def _sentence_text(r: Resolver, span: Span) -> str:
    s = _sentence(r, span)
    return s.text(r.found.article.text) if s else ""
