"""Streaming writers for query results, run inside a query worker.

SELECT results are written row by row in the four SPARQL result formats (JSON, XML, CSV, TSV)
so that the worker can count rows against the cap; graph results go through pyoxigraph's
serializers over a counting iterator. Every writer pushes bytes to ``out`` as it goes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, cast
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
DATASET_FORMATS = {"nquads", "trig"}

Write = Callable[[bytes], None]


class RowCapReached(Exception):
    """More rows than the cap: the writer stopped; what was written is not the whole answer."""


def _json_term(t: Any) -> dict[str, Any]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    return {"type": "triple", "value": {"subject": _json_term(t.subject),
                                        "predicate": _json_term(t.predicate),
                                        "object": _json_term(t.object)}}


def _xml_term(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return (f"<triple><subject>{_xml_term(t.subject)}</subject><predicate>{_xml_term(t.predicate)}"
            f"</predicate><object>{_xml_term(t.object)}</object></triple>")


def _csv_value(t: Any) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, (ox.NamedNode, ox.Literal)):
        return str(t.value)
    return str(t)


def _rows(solutions: Iterable[ox.QuerySolution], names: list[str], cap: int) -> Iterator[list[Any]]:
    for n, sol in enumerate(solutions):
        if n >= cap:
            raise RowCapReached(cap)
        yield [sol[v] for v in names]


def write_select(solutions: ox.QuerySolutions, fmt: str, out: Write, cap: int) -> int:
    names = [v.value for v in solutions.variables]
    count = 0
    if fmt == "json":
        out(b'{"head":{"vars":' + json.dumps(names).encode() + b'},"results":{"bindings":[\n')
        for row in _rows(solutions, names, cap):
            b = {k: _json_term(t) for k, t in zip(names, row, strict=True) if t is not None}
            out((b",\n" if count else b"") + json.dumps(b, ensure_ascii=False).encode())
            count += 1
        out(b"\n]}}\n")
    elif fmt == "xml":
        head = "".join(f"<variable name={quoteattr(n)}/>" for n in names)
        out(('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
             f"<head>{head}</head>\n<results>\n").encode())
        for row in _rows(solutions, names, cap):
            cells = "".join(f"<binding name={quoteattr(k)}>{_xml_term(t)}</binding>"
                            for k, t in zip(names, row, strict=True) if t is not None)
            out(f"<result>{cells}</result>\n".encode())
            count += 1
        out(b"</results>\n</sparql>\n")
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(names)
        for row in _rows(solutions, names, cap):
            w.writerow([_csv_value(t) for t in row])
            count += 1
            if buf.tell() > 65536:
                out(buf.getvalue().encode())
                buf.seek(0)
                buf.truncate()
        out(buf.getvalue().encode())
    else:  # tsv: terms in their N-Triples form
        out(("\t".join(f"?{n}" for n in names) + "\n").encode())
        for row in _rows(solutions, names, cap):
            out(("\t".join("" if t is None else str(t) for t in row) + "\n").encode())
            count += 1
    return count


def write_boolean(value: bool, fmt: str, out: Write) -> None:
    if fmt == "json":
        out(b'{"head":{},"boolean":' + (b"true" if value else b"false") + b"}\n")
    elif fmt == "xml":
        out(('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
             f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode())
    elif fmt == "csv":
        out(b"_askResult\r\n" + (b"true" if value else b"false") + b"\r\n")
    else:
        out(b"?_askResult\n" + (b"true" if value else b"false") + b"\n")


class _Counted:
    def __init__(self, triples: Iterable[ox.Triple], cap: int, quads: bool) -> None:
        self.triples = iter(triples)
        self.cap = cap
        self.quads = quads
        self.count = 0
        self.capped = False

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> ox.Triple | ox.Quad:
        t = next(self.triples)
        if self.count >= self.cap:
            self.capped = True
            raise StopIteration
        self.count += 1
        return ox.Quad(t.subject, t.predicate, t.object) if self.quads else t


class _Sink(io.RawIOBase):
    def __init__(self, out: Write) -> None:
        self.out = out

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.out(bytes(b))
        return len(b)


def write_graph(triples: Iterable[ox.Triple], fmt: str, out: Write, cap: int,
                prefixes: dict[str, str] | None = None) -> int:
    counted = _Counted(triples, cap, fmt in DATASET_FORMATS)
    kwargs: dict[str, Any] = {}
    if prefixes and fmt in {"turtle", "trig", "rdfxml"}:
        kwargs["prefixes"] = prefixes
    # all quads or all triples (``counted.quads``); pyoxigraph only calls the sink's write()
    items = cast("Iterable[ox.Triple] | Iterable[ox.Quad]", counted)
    ox.serialize(items, cast(IO[bytes], _Sink(out)), GRAPH_FORMATS[fmt], **kwargs)
    if counted.capped:
        raise RowCapReached(cap)
    return counted.count
