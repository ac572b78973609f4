"""What every HTML page shares: the layout and its style, links to resources, and SPARQL rows.

Everything a page shows goes through ``esc`` or ``View.link``: the graph holds text from
articles, so nothing read from it reaches the page unescaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.namespaces import NIF, NKG, PREFIXES, SDO

if TYPE_CHECKING:
    from kg.web.backend import ReadStore

LABELS = (SDO.name, SDO.headline, NKG.descriptor, NIF.anchorOf, SDO.text)
SPARQL_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
Row = dict[str, Any]


def esc(value: object) -> str:
    return html.escape(str(value))


def N(term: Any) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def value(store: ReadStore, s: Any, p: Any) -> Any:
    return next((q.object for q in store.quads_for_pattern(s, N(p), None)), None)


def select(store: ReadStore, query: str) -> Iterator[Row]:
    """The rows of a SELECT over the union of the named graphs, each a dict of bound variables.

    The pages put IRIs into their queries only as ``<iri>`` of an ``ox.NamedNode`` (which
    refuses ``<``, ``>``, spaces and quotes), and literals never."""
    solutions = store.query(SPARQL_PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    for s in solutions:
        yield {n: s[n] for n in names if s[n] is not None}


def ref(term: ox.NamedNode) -> str:
    """A NamedNode as a SPARQL IRI reference (its value cannot hold ``>``: pyoxigraph checks)."""
    return f"<{term.value}>"


def text(term: Any) -> str:
    """The lexical form of a literal ("" for nothing)."""
    return str(term.value) if isinstance(term, ox.Literal) else ""


class View:
    """Labels, local links and prefixed names for the resources of one served build."""

    def __init__(self, store: ReadStore, base: str) -> None:
        self.store = store
        self.base = base
        self._labels: dict[str, str] = {}

    def label(self, t: Any) -> str:
        if not isinstance(t, ox.NamedNode):
            return str(t.value) if isinstance(t, ox.Literal) else str(t)
        if t.value not in self._labels:
            if len(self._labels) > 2000:
                return self.short(t)
            v = next((x for p in LABELS if (x := value(self.store, t, p)) is not None), None)
            label = str(v.value) if v is not None else self.short(t)
            if v is None and t.value.startswith(str(NKG)):  # a concept: "named source"
                label = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", t.value[len(str(NKG)):]).lower()
            self._labels[t.value] = label if len(label) < 120 else label[:117] + "…"
        return self._labels[t.value]

    def short(self, t: ox.NamedNode) -> str:
        for k, ns in PREFIXES.items():
            if t.value.startswith(ns):
                return f"{k}:{t.value[len(ns):]}"
        if t.value.startswith(self.base):
            return t.value[len(self.base):]
        return t.value

    def href(self, t: ox.NamedNode | str) -> str:
        iri = t.value if isinstance(t, ox.NamedNode) else t
        if iri.startswith(self.base):
            return "/" + iri[len(self.base):]
        if iri.startswith(str(NKG)):
            return "/ns#" + iri[len(str(NKG)):]
        return iri

    def link(self, t: Any, label: str | None = None, cls: str = "") -> str:
        if isinstance(t, ox.NamedNode):
            c = f' class="{esc(cls)}"' if cls else ""
            shown = self.label(t) if label is None else label
            return f'<a href="{esc(self.href(t))}"{c}>{esc(shown)}</a>'
        if isinstance(t, ox.Literal):
            lang = f' <span class="dt">@{esc(t.language)}</span>' if t.language else ""
            return f"{esc(t.value)}{lang}"
        return esc(t)

    def raw_triples(self, out: list[ox.Quad], inbound: list[ox.Quad], note: str = "") -> str:
        """The resource's own triples and those pointing at it, folded away."""
        rows_out = "".join(f"<tr><td>{self.link(q.predicate)}</td><td>{self.link(q.object)}"
                           "</td></tr>" for q in out)
        rows_in = "".join(f"<tr><td>{self.link(q.subject)}</td><td>{self.link(q.predicate)}"
                          "</td></tr>" for q in inbound)
        return (f'<details class="raw"><summary>All triples: {len(out)} about it, '
                f"{len(inbound)} pointing at it{esc(note)}</summary>"
                f"<h3>About it</h3><table><tbody>{rows_out}</tbody></table>"
                f"<h3>Pointing at it</h3><table><tbody>{rows_in}</tbody></table></details>")


def table(head: Iterable[str], rows: Iterable[Iterable[str]], cls: str = "") -> str:
    """A table of cells already escaped."""
    c = f' class="{esc(cls)}"' if cls else ""
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{x}</td>" for x in r) + "</tr>" for r in rows)
    return f"<table{c}><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


CSS = """body{font:16px/1.5 system-ui,sans-serif;max-width:70rem;margin:1rem auto;\
padding:0 1rem;color:#222}
nav a{margin-right:1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top;font-size:14px;\
overflow-wrap:break-word}
th{background:#f4f4f4}code,pre,textarea{font:13px/1.4 ui-monospace,monospace}
pre{background:#f8f8f8;padding:.5rem;overflow:auto}\
blockquote{border-left:4px solid #888;margin:1rem 0;padding:.25rem 1rem;background:#fafafa}
.iri{color:#555;overflow-wrap:anywhere}.dt,.meta{color:#666}.counts{font-size:15px}
.counts b{font-size:18px}h2{margin-top:1.5rem;border-bottom:1px solid #eee}
h3.art{font-size:16px;margin:1rem 0 .25rem}.stm{margin:.25rem 0 .5rem 1rem}
.stm q{font-style:italic}.chain{font-size:14px;color:#444}
.text{white-space:pre-wrap;background:#fcfcfa;border:1px solid #eee;padding:1rem;\
line-height:1.7;font-family:Georgia,serif}
mark{padding:0;color:inherit}mark.quote{background:#fff1a8}mark.claim{background:#d8ecff}
mark.quote mark.claim,mark.claim mark.quote{background:#c9e7b8}
.cue{text-decoration:underline 2px #c0392b;text-underline-offset:3px}
.bp{color:#999}a.ent{color:inherit;text-decoration:underline dotted #888}
a.tag{font:bold 11px/1 system-ui,sans-serif;vertical-align:super;text-decoration:none;\
padding:0 2px;border-radius:3px;margin-right:1px;white-space:nowrap}
a.tag.quote{background:#e0b800;color:#000}a.tag.claim{background:#2a7bd4;color:#fff}
.kind{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.3em}
details.raw{margin-top:2rem}details.raw summary{cursor:pointer;color:#555}
figure{margin:1rem 0;overflow-x:auto}figcaption{font-size:14px;color:#555}
svg text{font:12px system-ui,sans-serif}"""


def layout(title: str, body: str, head: str = "") -> str:
    nav = ('<nav><a href="/">Query</a><a href="/ns">Ontology</a><a href="/shapes">Shapes</a>'
           '<a href="/.well-known/void">VoID</a><a href="/docs">API</a></nav>')
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(title)} · kg</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{CSS}</style>{head}</head>"
        f"<body>{nav}{body}</body></html>"
    )
