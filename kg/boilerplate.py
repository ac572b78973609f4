"""Recognise page leftovers by general rules and mark them as spans (the text is never edited).

Regular-expression rules are data (``kg/data/boilerplate.toml``); two rules need context and are
code: a masthead (a first line that is a known outlet's name, alone or glued to a slogan) and a
later line that repeats the headline.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import ConfigError
from kg.model import Boilerplate, Span
from kg.registry import Registry
from kg.text import trim

RULES_PATH = Path(__file__).resolve().parent / "data" / "boilerplate.toml"


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    pattern: re.Pattern[str]
    group: str | int = 0


@cache
def load_rules(path: Path = RULES_PATH) -> tuple[Rule, ...]:
    with path.open("rb") as f:
        data = tomllib.load(f)
    rules = []
    for i, r in enumerate(data.get("rule", [])):
        try:
            rules.append(Rule(r["id"], r["kind"], re.compile(r["pattern"]), r.get("group", 0)))
        except (KeyError, re.error) as e:
            raise ConfigError(f"{path}: rule {i + 1}: {e}") from None
    return tuple(rules)


def find_boilerplate(text: str, rules: tuple[Rule, ...] | None = None) -> list[Boilerplate]:
    found = []
    for rule in rules if rules is not None else load_rules():
        for m in rule.pattern.finditer(text):
            b, e = m.span(rule.group)
            b, e = trim(text, b, e)
            if b < e:
                found.append(Boilerplate(Span(b, e), rule.kind, rule.id))
    return found


def masthead(text: str, first_line: Span, registry: Registry) -> Boilerplate | None:
    """The first line is a masthead when it is an outlet's name, alone or glued to a slogan."""
    line = first_line.text(text)
    for entry in registry.outlets():
        for form in entry.surface_forms:
            if len(form) < 4 or not line.startswith(form):
                continue
            rest = line[len(form) :]
            if not rest.strip() or (rest[0].isupper() and len(line) < 120):
                return Boilerplate(first_line, "masthead", "masthead-outlet-name")
    return None


def repeated_lines(text: str, line: str, after: int, kind: str, rule: str) -> list[Boilerplate]:
    found = []
    for m in re.finditer(r"(?m)^[ \t]*" + re.escape(line.strip()) + r"[ \t]*$", text):
        if m.start() >= after:
            b, e = trim(text, m.start(), m.end())
            found.append(Boilerplate(Span(b, e), kind, rule))
    return found


def merge(spans: list[Boilerplate]) -> tuple[Boilerplate, ...]:
    """Sorted, with spans inside an earlier span dropped (first rule wins)."""
    out: list[Boilerplate] = []
    for b in sorted(spans, key=lambda x: (x.span.begin, -x.span.end, x.rule)):
        if out and b.span.within(out[-1].span):
            continue
        out.append(b)
    return tuple(out)
