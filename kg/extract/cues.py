"""Turn a resolved source and its cue into a chain of hops (the outlet spoken to first, then the
source it relied on), with the kind of sourcing each hop is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from kg.extract.lexicon import alternation
from kg.extract.sources import Resolver
from kg.model import Hop, Source, Span

BOUNDARY = ',;:—–(“”"[]'


@dataclass(frozen=True)
class Cue:
    source: Source
    cue: Span
    verb: str
    rest: Span | None  # words after the verb ('told the Gazette', 'in a statement to the Ledger')


def reported_to(r: Resolver, cue: Cue) -> str | None:
    """'told the Gazette', 'in a statement to the Ledger', 'leaked to a news site', 'in an
    interview with the Ledger'."""
    if cue.rest is None:
        return None
    text = r.found.article.text
    seg = cue.rest.text(text)
    m = (
        re.match(
            r"^[\s\u00a0]*(?:[^,]*?\bto[\s\u00a0]+)?"
            r"(?P<o>(?:the[\s\u00a0]+)?[A-Za-z][\w.’' -]{1,40})",
            seg,
        )
        if cue.verb in {"told", "tells", "tell"}
        else re.search(r"\b(?:to|interview[\s\u00a0]+with)[\s\u00a0]+"
                       r"(?P<o>(?:the[\s\u00a0]+)?[A-Za-z][\w.’' -]{1,40})", seg)
    )
    if not m:
        return None
    span = Span(cue.rest.begin + m.start("o"), cue.rest.begin + m.end("o"))
    return r.outlet(span)


def sourcing_of(r: Resolver, src: Source, verb: str, cue_text: str, after: str = "") -> str:
    """The kind of sourcing of a hop: from its source's kind, else from the cue (its verb, in
    any form, or the word itself: 'tweeted', 'wrote') or the medium named right after it ('said
    in a statement', 'wrote on Facebook')."""
    if src.kind == "outlet":
        pub = r.publisher.key if r.publisher else None
        return "prior" if src.entity == pub else "outlet"
    if src.kind == "anonymous" or (src.kind == "group" and not src.named):
        return "anonymous"
    if src.kind == "spokesperson":
        return "spokesperson"
    if src.kind == "document":
        return "document"
    lx = r.lx
    words = {verb.lower(), cue_text.lower()}
    medium = _MEDIUM.match(after)
    named = f"{cue_text} {medium.group(1)}" if medium else cue_text
    if words & lx.social_verbs or _names_one(lx.social_nouns, named):
        return "social"
    if words & lx.written_verbs or _names_one(lx.written_nouns, named):
        return "written"
    return "named"


# the medium named right after a cue: 'in a statement', 'on Twitter', 'in an email to staff'
_MEDIUM = re.compile(r"[\s\u00a0]*((?:in|on|via|through)\b[^,;:.!?\"\u201c\u201d\n]{1,40})")


def _names_one(nouns: frozenset[str], text: str) -> bool:
    return re.search(rf"\b(?:{alternation(nouns)})\b", text, re.IGNORECASE) is not None


def hops_for(r: Resolver, cue: Cue, hedged: bool = False) -> tuple[Hop, ...]:
    text = r.found.article.text
    to = reported_to(r, cue)
    pub = r.publisher.key if r.publisher else None
    after = cue.rest.text(text) if cue.rest is not None else ""
    kind = sourcing_of(r, cue.source, cue.verb, cue.cue.text(text), after)
    quantifier = group_quantifier(cue.source.descriptor) if cue.source.kind == "group" else None
    leak = re.search(
        r"\bleaked to[\s\u00a0]+(?P<o>(?:the[\s\u00a0]+)?[A-Z][\w.’' -]{1,40})",
        _sentence_text(r, cue.cue),
    )
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


def group_quantifier(descriptor: str | None) -> Literal["all", "one"]:
    """Whether a group speaks as a whole ('two aides') or through one of it ('one of the
    aides')."""
    d = (descriptor or "").lower()
    return "one" if re.match(r"(one|some|each) of\b", d) else "all"


def _sentence(r: Resolver, span: Span) -> Span | None:
    return r.sentence_at(span.begin)


def _sentence_text(r: Resolver, span: Span) -> str:
    s = _sentence(r, span)
    return s.text(r.found.article.text) if s else ""
