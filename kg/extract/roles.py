"""People's roles in organizations, as an article says them beside a name.

Three constructions, each between two mentions the entity pass found (a person's and an
organization's or outlet's) with nothing else between them:

- the role after the name: "Dana Pell, chief executive of Halvorsen Foods," / "Dana Pell, an
  analyst at Brightmarket" (a role noun of the lexicon, then "of", "at", "for" or "with");
- the role after the organization's possessive, before the name: "Halvorsen Foods' chief
  executive, Dana Pell,";
- the organization and a title before the name: "Halvorsen Foods CEO Dana Pell".

A role noun is one of the lexicon's ``job_nouns``, titles of office (``role_nouns``) or nouns for a
spokesperson: "a voter from Ohio" or "a fan of Calder United" say no role.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from kg.extract.entities import Entities
from kg.extract.lexicon import Lexicon, alternation
from kg.model import Mention, OrgRole, Span

ORG_KINDS = frozenset({"organization", "outlet"})
RULE_AFTER, RULE_BEFORE, RULE_TITLE = "role-apposed", "role-possessive", "role-title"
_S = r"[ \u00a0]+"
_MAX_GAP = 120  # characters between the two names a construction may take


@cache
def _patterns(role_nouns: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str],
                                                   re.Pattern[str]]:
    nouns = alternation(role_nouns)
    role = rf"(?P<role>(?:[\w'\u2019-]+{_S}){{0,3}}?(?:{nouns}))"
    after = re.compile(
        rf"\A,{_S}(?:(?:a|an|the){_S})?{role}{_S}(?:of|at|for|with){_S}(?:the{_S})?\Z",
        re.IGNORECASE)
    before = re.compile(rf"\A['\u2019]s?{_S}{role},{_S}\Z", re.IGNORECASE)
    title = re.compile(rf"\A{_S}(?P<role>{nouns}){_S}\Z")
    return after, before, title


def find_roles(found: Entities, lx: Lexicon) -> list[OrgRole]:
    """The roles the article gives its people, in text order (one per pair of mentions)."""
    if not lx.job_nouns:
        return []
    after, before, title = _patterns(lx.org_role_nouns)
    text = found.article.text
    out: list[OrgRole] = []
    for first, second in pairwise(found.mentions):
        gap = text[first.span.end:second.span.begin]
        if len(gap) > _MAX_GAP or found.in_boilerplate(Span(first.span.begin, second.span.end)):
            continue
        kinds = (found.kind(first.entity), found.kind(second.entity))
        if kinds[0] == "person" and kinds[1] in ORG_KINDS:
            m = after.search(gap)
            if m and _ends_phrase(text, second):
                out.append(_role(first, second, m, first.span.end, RULE_AFTER, 0.7))
        elif kinds[0] in ORG_KINDS and kinds[1] == "person":
            m = before.search(gap)
            if m:
                out.append(_role(second, first, m, first.span.end, RULE_BEFORE, 0.7))
            elif (m := title.search(gap)) is not None:
                out.append(_role(second, first, m, first.span.end, RULE_TITLE, 0.7))
    once: dict[tuple[str, str, str], OrgRole] = {}  # the same role said again: one fact
    for r in out:
        once.setdefault((r.person, r.org, r.name.lower()), r)
    return list(once.values())


def _ends_phrase(text: str, org: Mention) -> bool:
    """The organization's name closes the appositive ('of Halvorsen Foods,'), not a longer
    phrase ('of Halvorsen Foods stock' says no one's employer)."""
    rest = text[org.span.end:org.span.end + 6]
    return not rest or rest[0] in ",.;:)\u2014\n" or rest.startswith((" and", " who", " -"))


def _role(person: Mention, org: Mention, m: re.Match[str], at: int, rule: str,
          conf: float) -> OrgRole:
    b, e = at + m.start("role"), at + m.end("role")
    span = Span(min(b, org.span.begin), max(e, org.span.end))
    return OrgRole(person.entity, org.entity, m.group("role"), span, rule, conf)
