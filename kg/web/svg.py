"""Small pictures drawn on the server as inline SVG (no script, nothing loaded from elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.web.view import esc

COL_W, GAP_X, ROW_H, GAP_Y, PAD = 230, 70, 24, 8, 6


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    color: str
    href: str = ""


def flow(columns: list[list[Node]], edges: dict[tuple[str, str], int], title: str) -> str:
    """Columns of boxes left to right, joined by curves as thick as the number of statements
    they carry (each curve's tooltip says how many)."""
    where: dict[str, tuple[float, float, int]] = {}  # key -> x, y, column
    rows = max((len(c) for c in columns), default=0)
    height = PAD * 2 + rows * (ROW_H + GAP_Y)
    width = PAD * 2 + len(columns) * COL_W + max(len(columns) - 1, 0) * GAP_X
    boxes = []
    for ci, col in enumerate(columns):
        x = PAD + ci * (COL_W + GAP_X)
        top = PAD + (rows - len(col)) * (ROW_H + GAP_Y) / 2
        for ri, node in enumerate(col):
            y = top + ri * (ROW_H + GAP_Y)
            where[node.key] = (x, y, ci)
            label = node.label if len(node.label) <= 32 else node.label[:31] + "…"
            box = (f'<rect x="{x:.0f}" y="{y:.0f}" width="{COL_W}" height="{ROW_H}" rx="4" '
                   f'fill="#fff" stroke="{esc(node.color)}" stroke-width="2"/>'
                   f'<text x="{x + 8:.0f}" y="{y + 16:.0f}" fill="#222">{esc(label)}</text>'
                   f"<title>{esc(node.label)}</title>")
            boxes.append(f'<a href="{esc(node.href)}">{box}</a>' if node.href else f"<g>{box}</g>")
    lines = []
    for (a, b), n in sorted(edges.items()):
        if a not in where or b not in where:
            continue
        (x1, y1, _), (x2, y2, _) = where[a], where[b]
        x1, y1, y2 = x1 + COL_W, y1 + ROW_H / 2, y2 + ROW_H / 2
        mid = (x1 + x2) / 2
        lines.append(f'<path d="M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} '
                     f'{x2:.0f},{y2:.0f}" fill="none" stroke="#9aa" stroke-opacity=".8" '
                     f'stroke-width="{1 + 1.5 * min(n, 8):.1f}"><title>{n} statement'
                     f'{"s" if n != 1 else ""}</title></path>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{esc(title)}">'
            f"<title>{esc(title)}</title>{''.join(lines)}{''.join(boxes)}</svg>")
