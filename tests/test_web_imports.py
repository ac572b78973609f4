"""kg/web imports in one direction: no module reaches itself through its imports, lazy ones
included (the routers once imported the app that imports them)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent / "kg" / "web"


def imports() -> dict[str, set[str]]:
    mods = {f"kg.web.{p.stem}": p for p in WEB.glob("*.py") if p.stem != "__init__"}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                graph[name] |= {m for m in found if m in mods and m != name}
    return graph


def test_no_import_cycle_in_kg_web() -> None:
    graph = imports()

    def reaches(start: str, goal: str, seen: frozenset[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n}))
                   for n in graph[start])

    cyclic = sorted(m for m in list(graph) if reaches(m, m, frozenset({m})))
    assert not cyclic, f"modules that import themselves through others: {cyclic}"
