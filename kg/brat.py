"""Read BRAT standoff attribution gold: a folder of ``NAME.txt`` + ``NAME.ann``, as PolNeAR, brat
and INCEpTION write it.

``T`` lines are spans (``T4<TAB>Cue 113 119<TAB>said``; a discontinuous span is ``b e;b e``), ``E``
lines are attributions (``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``). An argument's role
is its span's type when that is Source, Cue or Content, else the role the ``E`` line names, with a
trailing number dropped (``Content2`` is more content). The anchors ``Attribution`` and
``Attribution-no-source`` carry no role. ``Discard`` spans mark text the annotators left out;
``Discuss`` spans, ``#`` notes and ``A R M N *`` lines are ignored. Offsets are code points into the
``.txt`` decoded as UTF-8 with no newline translation (a byte-order mark is character 0).

Nothing here raises on a bad line: what cannot be used is skipped and described in ``problems``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

Segment = tuple[int, int]
ROLES = ("source", "cue", "content")
ROLE_OF_TYPE = {"Source": "source", "Cue": "cue", "Content": "content"}
ANCHORS = frozenset({"Attribution", "Attribution-no-source"})

_T = re.compile(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)")
_E = re.compile(r"E\d+\t")
_SKIP = re.compile(r"#|[ARMN*]\d*\t")


@dataclass(frozen=True)
class Attribution:
    """One attribution's roles as segments; an empty role is absent (no source in the text)."""

    where: str
    source: tuple[Segment, ...] = ()
    cue: tuple[Segment, ...] = ()
    content: tuple[Segment, ...] = ()

    def role(self, name: str) -> tuple[Segment, ...]:
        return {"source": self.source, "cue": self.cue, "content": self.content}[name]


@dataclass(frozen=True)
class GoldDocument:
    name: str
    text: str
    attributions: tuple[Attribution, ...]
    discard: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class TextSpan:
    type: str
    segments: tuple[Segment, ...]
    text: str
    line: int


@dataclass
class Standoff:
    """The usable lines of one ``.ann`` file."""

    spans: dict[str, TextSpan] = field(default_factory=dict)
    events: list[tuple[int, str]] = field(default_factory=list)  # (line number, line)


def read_text(path: Path) -> str:
    """The file decoded as UTF-8 as it is: no newline translation, a byte-order mark kept."""
    return path.read_bytes().decode("utf-8", errors="replace")


def is_brat_folder(folder: Path) -> bool:
    return any(folder.glob("*.ann"))


def read_corpus(folder: Path, problems: list[str]) -> list[GoldDocument]:
    """Every ``NAME.ann`` of ``folder`` that has its ``NAME.txt``, in name order."""
    docs = []
    for ann in sorted(folder.glob("*.ann")):
        txt = ann.with_suffix(".txt")
        if txt.is_file():
            docs.append(read_document(txt, ann, problems))
        else:
            problems.append(f"{ann.name}: no {txt.name} beside it; skipped")
    return docs


def read_document(txt: Path, ann: Path, problems: list[str]) -> GoldDocument:
    text = read_text(txt)
    so = parse_standoff(read_text(ann), len(text), ann.name, problems)
    for tid, s in so.spans.items():
        if " ".join(text[b:e] for b, e in s.segments) != s.text:
            problems.append(f"{ann.name}:{s.line}: {tid}: text field differs from the .txt")
    atts = (attribution(line, so.spans, f"{ann.name}:{n}", problems) for n, line in so.events)
    discard = tuple(seg for s in so.spans.values() if s.type == "Discard" for seg in s.segments)
    return GoldDocument(ann.stem, text, tuple(a for a in atts if a is not None), discard)


def parse_standoff(body: str, length: int, where: str, problems: list[str]) -> Standoff:
    """T and E lines; a line after a T line that is none of the known kinds continues its text."""
    so = Standoff()
    last: str | None = None
    blank = 0
    for n, raw in enumerate(body.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            blank += 1
            continue
        newlines, blank = blank + 1, 0
        m = _T.fullmatch(line)
        if m:
            last = _span(m, n, length, so, f"{where}:{n}", problems)
        elif _E.match(line) or _SKIP.match(line):
            if line.startswith("E"):
                so.events.append((n, line))
            last = None
        elif last is not None:
            s = so.spans[last]
            so.spans[last] = TextSpan(s.type, s.segments, s.text + "\n" * newlines + line, s.line)
        else:
            problems.append(f"{where}:{n}: unrecognised line {line[:60]!r}; skipped")
    return so


def _span(m: re.Match[str], n: int, length: int, so: Standoff, where: str, problems: list[str]
          ) -> str | None:
    tid, typ, offsets, text = m.groups()
    segs = tuple((int(b), int(e)) for b, e in (p.split() for p in offsets.split(";")))
    bad = [s for s in segs if not 0 <= s[0] <= s[1] <= length]
    if bad:
        problems.append(f"{where}: {tid}: offsets {bad} outside the text ({length}); skipped")
        return None
    so.spans[tid] = TextSpan(typ, segs, text, n)
    return tid


def attribution(line: str, spans: dict[str, TextSpan], where: str, problems: list[str]
                ) -> Attribution | None:
    """The attribution of one E line, or None when it names no Source, Cue or Content span."""
    eid, _, args = line.partition("\t")
    roles: dict[str, list[Segment]] = {r: [] for r in ROLES}
    for arg in args.split():
        name, _, tid = arg.partition(":")
        named = name.rstrip("0123456789")
        span = spans.get(tid)
        if span is None:
            problems.append(f"{where}: {eid}: argument {arg!r} names no T line; ignored")
            continue
        if named in ANCHORS:
            continue
        role = ROLE_OF_TYPE.get(span.type) or ROLE_OF_TYPE.get(named)
        if role is None:
            problems.append(f"{where}: {eid}: argument {arg!r} is no Source, Cue, Content; ignored")
            continue
        if span.type != named:
            problems.append(f"{where}: {eid}: {arg!r} points to a {span.type} span; read as {role}")
        roles[role] += span.segments
    if not any(roles.values()):
        problems.append(f"{where}: {eid}: no Source, Cue or Content argument; skipped")
        return None
    if not roles["content"]:
        problems.append(f"{where}: {eid}: no content; counts for the source and cue scores only")
    return Attribution(eid, *(tuple(roles[r]) for r in ROLES))
