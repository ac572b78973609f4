"""The shapes compiled once to SPARQL queries and run on Oxigraph: the build's fast validator.

pySHACL evaluates SHACL-SPARQL constraints on rdflib's SPARQL engine, one focus node at a time,
which costs seconds per article. Here every constraint becomes one query that finds all of its
violating focus nodes at once: core components (min/maxCount, datatype, class, nodeKind, pattern,
minLength, in, hasValue, min/maxInclusive, or) and SPARQL constraints (wrapped around their
targets). ``compile_shapes`` runs once per worker; ``check(triples)`` loads the triples into an
in-memory Oxigraph store and runs the queries. The verdicts are the ones pySHACL gives: a
differential test runs both on every shape fixture and on the seed graphs.

A shape using any other SHACL feature makes ``compile_shapes`` raise ShapesError, so the build
can never silently skip a constraint.
"""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain, islice
from pathlib import Path
from typing import Any, Protocol, cast

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.dump import to_ox_triple
from kg.errors import ShapesError
from kg.namespaces import RDF, RDFS, SH, XSD
from kg.validate import Shapes, ValidationReport, Violation, short_name

# Lexical forms pySHACL accepts for the datatypes the shapes use (ill-formed literals violate).
LEXICAL = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.decimal: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.date: r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.dateTime: (
        r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
        r"(Z|[+-][0-9]{2}:[0-9]{2})?$"
    ),
    XSD.gYearMonth: r"^-?[0-9]{4,}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYear: r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.string: None,
    RDF.langString: None,  # a language-tagged string (SPARQL's datatype() of "x"@en)
}
VALUE_PARAMS = {SH.datatype, SH["class"], SH.nodeKind, SH.pattern, SH.flags, SH.minLength,
                SH["in"], SH.minInclusive, SH.maxInclusive, SH["or"]}
PROPERTY_PARAMS = VALUE_PARAMS | {SH.path, SH.minCount, SH.maxCount, SH.hasValue, SH.message,
                                  SH.name, SH.description}
NODE_PARAMS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.property,
               SH.sparql, SH.nodeKind, SH["class"], RDF.type, RDFS.label, RDFS.comment, SH.message}


@dataclass(frozen=True)
class Check:
    shape: str  # short name of the shape reported (as kg.validate names pySHACL's results)
    node_shape: str
    component: str
    path: str | None
    message: str
    query: str  # SELECT ?this [?value]
    triggers: frozenset[str] = frozenset()  # classes/predicates without which nothing is targeted
    screen: tuple[str, int] | None = None  # run only if this (node shape, property) was screened in
    native: str | None = None  # a NATIVE check that gives this query's rows
    target: str = ""  # its node shape's focus nodes, as in ``query`` (``_Compiler.targets``)


@dataclass(frozen=True)
class Screen:
    """One query per node shape that finds which of its property shapes may be violated (a
    superset), so the exact checks run only for those: a few queries per article, not hundreds."""

    node_shape: str
    query: str  # SELECT DISTINCT ?pid
    triggers: frozenset[str] = frozenset()
    target: str = ""  # the node shape's focus nodes, as written in ``query``
    # for a store on disk, the same screen one property at a time and without its target
    # (pid, query of the subjects of a value that may violate it): the values are tested as
    # they are read, and only their subjects are then looked up among the focus nodes
    # (``_screened``): no query joins the focus nodes (Oxigraph held a hash table or a set of
    # them, growing with the graph: BENCHMARKS.md, section U)
    on_disk: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Compiled:
    checks: tuple[Check, ...]
    screens: tuple[Screen, ...]


def _param_int(node: Node | None) -> int:
    """The integer a count or length parameter states (rdflib literals are strings)."""
    return int(str(node))


def _t(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise ShapesError(f"unexpected blank node {node} in a constraint value")


class _Compiler:
    def __init__(self, shapes: Shapes) -> None:
        self.g = shapes.graph
        self.sub: dict[Node, set[Node]] = {}
        for s, o in shapes.axioms.subject_objects(RDFS.subClassOf):
            self.sub.setdefault(o, set()).add(s)

    def classes(self, c: Node) -> list[Node]:
        """c and every subclass of it, transitively."""
        seen, todo = {c}, [c]
        while todo:
            for s in self.sub.get(todo.pop(), ()):
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
        return sorted(seen, key=str)

    def triggers(self, ns: Node) -> frozenset[str]:
        g = self.g
        out = {str(x) for c in g.objects(ns, SH.targetClass) for x in self.classes(c)}
        out |= {
            str(p)
            for p in (*g.objects(ns, SH.targetSubjectsOf), *g.objects(ns, SH.targetObjectsOf))
        }
        if any(True for _ in g.objects(ns, SH.targetNode)):
            return frozenset()  # always evaluated
        return frozenset(out)

    def targets(self, ns: Node) -> str:
        """The focus nodes of ``ns`` as a sub-select of distinct nodes (``_inline`` undoes it)."""
        return _DISTINCT_TARGET + self.inline_target(ns) + " }"

    def inline_target(self, ns: Node) -> str:
        """The focus nodes of ``ns`` as a group pattern (a node may come more than once)."""
        return "{ " + " UNION ".join(self._target_parts(ns)) + " }"

    def _target_parts(self, ns: Node) -> list[str]:
        g = self.g
        parts = []
        for c in g.objects(ns, SH.targetClass):
            values = " ".join(_t(x) for x in self.classes(c))
            parts.append(f"{{ ?this a ?_tc . VALUES ?_tc {{ {values} }} }}")
        parts += [f"{{ ?this {_t(p)} ?_o }}" for p in g.objects(ns, SH.targetSubjectsOf)]
        parts += [f"{{ ?_s {_t(p)} ?this }}" for p in g.objects(ns, SH.targetObjectsOf)]
        parts += [f"{{ VALUES ?this {{ {_t(n)} }} }}" for n in g.objects(ns, SH.targetNode)]
        if not parts:
            raise ShapesError(f"{short_name(ns)}: a node shape without a target is not supported")
        return parts

    def ok(self, shape: Node, pred: Node, v: str) -> str:
        """A SPARQL expression true when ``v`` satisfies value constraint ``pred`` of ``shape``."""
        g = self.g
        val = g.value(shape, pred)
        if pred == SH.datatype:
            lex = LEXICAL.get(val, "") if isinstance(val, URIRef) else ""
            if lex == "":
                raise ShapesError(f"{short_name(shape)}: datatype {val} is not supported")
            cond = f"isLiteral({v}) && datatype({v}) = {_t(val)}"  # type: ignore[arg-type]
            return f"({cond} && regex(str({v}), {Literal(lex).n3()}))" if lex else f"({cond})"
        if pred == SH["class"]:
            values = " ".join(_t(x) for x in self.classes(val))  # type: ignore[arg-type]
            return f"EXISTS {{ {v} a ?_c . VALUES ?_c {{ {values} }} }}"
        if pred == SH.nodeKind:
            kinds = {
                SH.IRI: f"isIRI({v})",
                SH.Literal: f"isLiteral({v})",
                SH.BlankNode: f"isBlank({v})",
                SH.BlankNodeOrIRI: f"!isLiteral({v})",
                SH.IRIOrLiteral: f"!isBlank({v})",
                SH.BlankNodeOrLiteral: f"!isIRI({v})",
            }
            return kinds[val]  # type: ignore[index]
        if pred == SH.pattern:
            flags = g.value(shape, SH.flags)
            extra = f", {Literal(str(flags)).n3()}" if flags else ""
            return f"(!isBlank({v}) && regex(str({v}), {Literal(str(val)).n3()}{extra}))"
        if pred == SH.minLength:
            return f"(!isBlank({v}) && strlen(str({v})) >= {_param_int(val)})"
        if pred == SH["in"]:
            members = list(Collection(g, val))  # type: ignore[arg-type]
            return (
                "(" + " || ".join(f"sameTerm({v}, {_t(m)})" for m in members) + ")"
                if members
                else "false"
            )
        if pred == SH.minInclusive:
            return f"COALESCE({v} >= {_t(val)}, false)"  # type: ignore[arg-type]
        if pred == SH.maxInclusive:
            return f"COALESCE({v} <= {_t(val)}, false)"  # type: ignore[arg-type]
        if pred == SH["or"]:
            alts = []
            for alt in Collection(g, val):  # type: ignore[arg-type]
                preds = [p for p in g.predicates(alt) if p in VALUE_PARAMS]
                unknown = set(g.predicates(alt)) - VALUE_PARAMS - {RDF.type}
                if unknown or not preds:
                    raise ShapesError(
                        f"{short_name(shape)}: sh:or member uses {unknown or 'nothing'}"
                    )
                alts.append("(" + " && ".join(self.ok(alt, p, v) for p in preds) + ")")
            return "(" + " || ".join(alts) + ")"
        raise ShapesError(f"{short_name(shape)}: constraint {pred} is not supported")

    def property_checks(self, ns: Node, ps: Node, target: str, pid: int = -1) -> list[Check]:
        g = self.g
        unknown = set(g.predicates(ps)) - PROPERTY_PARAMS - {RDF.type}
        if unknown:
            raise ShapesError(
                f"{short_name(ps)}: unsupported SHACL parameters {sorted(map(str, unknown))}"
            )
        path = g.value(ps, SH.path)
        if not isinstance(path, URIRef):
            raise ShapesError(f"{short_name(ps)}: only predicate paths are supported")
        p = _t(path)
        name, parent, pshort = short_name(ps) or "?", short_name(ns) or "?", short_name(path)
        checks = []
        mn, mx, hv = g.value(ps, SH.minCount), g.value(ps, SH.maxCount), g.value(ps, SH.hasValue)
        if mn is not None:
            checks.append(Check(name, parent, "sh:MinCountConstraintComponent", pshort,
                                f"fewer than {mn} values",
                                f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {p} ?_v }} }} "
                                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) < {_param_int(mn)})"))
        if mx is not None:
            checks.append(Check(name, parent, "sh:MaxCountConstraintComponent", pshort,
                                f"more than {mx} values",
                                f"SELECT ?this WHERE {{ {target} ?this {p} ?_v }} "
                                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) > {_param_int(mx)})"))
        key = (parent, pid) if pid >= 0 else None
        checks = [replace(c, screen=key) for c in checks]
        if hv is not None:
            checks.append(
                Check(
                    name,
                    parent,
                    "sh:HasValueConstraintComponent",
                    pshort,
                    f"missing the value {hv}",
                    f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {p} {_t(hv)} }} }}",
                )
            )
        for pred in sorted(
            (x for x in g.predicates(ps) if x in VALUE_PARAMS and x != SH.flags), key=str
        ):
            ok = self.ok(ps, pred, "?value")
            comp = (
                "sh:"
                + str(pred).rsplit("#", 1)[1][0].upper()
                + str(pred).rsplit("#", 1)[1][1:]
                + "ConstraintComponent"
            )
            checks.append(
                Check(
                    name,
                    parent,
                    comp,
                    pshort,
                    f"value does not satisfy {short_name(pred)}",
                    f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?value FILTER (!({ok})) }}",
                    screen=key,
                )
            )
        return checks

    def screens(self, ns: Node, target: str) -> list[Screen]:
        """Count and value screens over all property shapes of a node shape."""
        g = self.g
        counts, values = [], []
        for pid, ps in enumerate(sorted(g.objects(ns, SH.property), key=str)):
            p = _t(g.value(ps, SH.path))  # type: ignore[arg-type]
            mn, mx = g.value(ps, SH.minCount), g.value(ps, SH.maxCount)
            if mn is not None or mx is not None:
                counts.append(f"({pid} {p} {_param_int(mn) if mn is not None else 0} "
                              f"{_param_int(mx) if mx is not None else 1_000_000_000})")
            preds = [x for x in g.predicates(ps) if x in VALUE_PARAMS and x != SH.flags]
            if preds:
                oks = " && ".join(self.ok(ps, x, "?value") for x in preds)
                values.append((pid, p, f"(?pid = {pid} && COALESCE(!({oks}), true))"))
        name = short_name(ns) or "?"
        out = []
        if counts:
            out.append(
                Screen(
                    name,
                    f"SELECT DISTINCT ?pid WHERE {{ {target} VALUES (?pid ?p ?min ?max) "
                    f"{{ {' '.join(counts)} }} OPTIONAL {{ ?this ?p ?_v }} }} "
                    "GROUP BY ?this ?pid ?min ?max "
                    "HAVING (COUNT(DISTINCT ?_v) < ?min || COUNT(DISTINCT ?_v) > ?max)",
                )
            )
        if values:
            rows = " ".join(f"({pid} {p})" for pid, p, _ in values)
            cond = " || ".join(c for _, _, c in values)
            out.append(
                Screen(
                    name,
                    f"SELECT DISTINCT ?pid WHERE {{ {target} VALUES (?pid ?p) {{ {rows} }} "
                    f"?this ?p ?value FILTER ({cond}) }}",
                    on_disk=tuple(
                        (pid, f"SELECT ?this WHERE {{ VALUES (?pid ?p) {{ ({pid} {p}) }} "
                              f"?this ?p ?value FILTER ({cond}) }}")
                        for pid, p, _ in values),
                )
            )
        return out

    def node_checks(self, ns: Node) -> list[Check]:
        g = self.g
        unknown = set(g.predicates(ns)) - NODE_PARAMS
        if unknown:
            raise ShapesError(
                f"{short_name(ns)}: unsupported SHACL parameters {sorted(map(str, unknown))}"
            )
        target = self.targets(ns)
        name = short_name(ns) or "?"
        checks = []
        for pred in (SH.nodeKind, SH["class"]):
            if g.value(ns, pred) is not None:
                checks.append(
                    Check(
                        name,
                        name,
                        "sh:"
                        + ("NodeKind" if pred == SH.nodeKind else "Class")
                        + "ConstraintComponent",
                        None,
                        f"focus node does not satisfy {short_name(pred)}",
                        f"SELECT ?this WHERE {{ {target} "
                        f"FILTER (!({self.ok(ns, pred, '?this')})) }}",
                    )
                )
        for pid, ps in enumerate(sorted(g.objects(ns, SH.property), key=str)):
            checks += self.property_checks(ns, ps, target, pid)
        for c in g.objects(ns, SH.sparql):
            checks.append(self.sparql_check(ns, c, target))
        return checks

    def sparql_check(self, ns: Node, c: Node, target: str) -> Check:
        g = self.g
        select = g.value(c, SH.select)
        if select is None:
            raise ShapesError(f"{short_name(c)}: only sh:select SPARQL constraints are supported")
        prefixes = []
        for decl_node in g.objects(c, SH.prefixes):
            for d in g.objects(decl_node, SH.declare):
                prefixes.append(f"PREFIX {g.value(d, SH.prefix)}: <{g.value(d, SH.namespace)}>")
        body = str(select).replace("$this", "?this")
        query = "\n".join(prefixes) + f"\nSELECT DISTINCT ?this WHERE {{ {target} {{ {body} }} }}"
        native = next(
            (k for k, n in NATIVE.items() if n.select == _expanded(str(select), prefixes)), None
        )
        return Check(
            short_name(c) or "?",
            short_name(ns) or "?",
            "sh:SPARQLConstraintComponent",
            None,
            str(g.value(c, SH.message) or "SPARQL constraint"),
            query,
            native=native,
            target=target,
        )


def compile_shapes(shapes: Shapes) -> Compiled:
    c = _Compiler(shapes)
    checks: list[Check] = []
    screens: list[Screen] = []
    for ns in sorted(set(shapes.graph.subjects(RDF.type, SH.NodeShape)), key=str):
        if isinstance(ns, BNode):
            continue
        triggers, target = c.triggers(ns), c.targets(ns)
        checks += [replace(x, triggers=triggers, target=target) for x in c.node_checks(ns)]
        screens += [replace(x, triggers=triggers, target=target) for x in c.screens(ns, target)]
    return Compiled(tuple(checks), tuple(screens))


def check_store(
    store: ox.Store, compiled: Compiled, present: set[str] | None = None,
    focus_slice: int | None = None, texts: dict[str, str] | None = None,
) -> ValidationReport:
    """Run the screens, then the exact checks they flag (and every check no screen covers).
    With ``present`` (classes and predicates in the data), a shape that can target nothing is
    skipped, which cannot change the verdict. With ``focus_slice``, the queries that group by
    focus node run on that many focus nodes at a time (``_sliced``): the same report, their
    groups bounded by the slice rather than by the graph. ``texts``: the nif:isString of
    contexts (by IRI) the store leaves out, for the spans' check (``_SpanPosition``; a
    ShapesError if the shapes have no such check, or it cannot be run natively)."""
    screens = [sc for sc in compiled.screens
               if present is None or not sc.triggers or sc.triggers & present]
    checks = [c for c in compiled.checks
              if present is None or not c.triggers or c.triggers & present]
    if texts and not any(c.native == "span-position" for c in compiled.checks):
        raise ShapesError("texts given apart, but no check of the spans' text to read them")
    out = _checked(store, screens, checks, focus_slice, texts or {})
    out.sort(key=lambda v: (v.focus, v.shape, v.path or "", v.message, v.value or ""))
    return ValidationReport(not out, tuple(out))


def _checked(store: ox.Store, screens: list[Screen], checks: list[Check],
             focus_slice: int | None, texts: dict[str, str]) -> list[Violation]:
    out: list[Violation] = []
    flagged: set[tuple[str, int]] = set()
    for sc in screens:
        if focus_slice is None:
            found = {int(row["pid"].value) for row in _select(store, sc.query)}
        elif sc.on_disk:
            found = _screened(store, sc, focus_slice)
        else:
            found = {int(row["pid"].value)
                     for row in _sliced(store, sc.query, sc.target, focus_slice)}
        flagged.update((sc.node_shape, pid) for pid in found)
    for c in checks:
        if c.screen is not None and c.screen not in flagged:
            continue
        if c.native is not None:
            target = c.target if focus_slice is None else _inline(c.target)
            found_nodes = NATIVE[c.native].run(store, target, texts)
            if found_nodes is None and texts and c.native == "span-position":
                raise ShapesError("the spans' text check, with texts given apart, cannot run "
                                  "natively on this data")
            if found_nodes is not None:
                out += [Violation(focus=f, path=c.path, shape=c.shape, node_shape=c.node_shape,
                                  component=c.component, message=c.message, value=None,
                                  severity="sh:Violation") for f in found_nodes]
                continue
        has_value = "?value" in c.query.split("WHERE", 1)[0]
        rows = _select(store, c.query) if focus_slice is None else _on_disk(store, c, focus_slice)
        seen: set[tuple[str, str | None]] = set()  # on disk a row may come twice (``_on_disk``)
        for row in rows:  # rows only for violations: off the hot path
            key = (str(row["this"].value), str(row["value"]) if has_value else None)
            if focus_slice is not None:
                if key in seen:
                    continue
                seen.add(key)
            out.append(Violation(
                focus=key[0], path=c.path, shape=c.shape, node_shape=c.node_shape,
                component=c.component, message=c.message, value=key[1],
                severity="sh:Violation"))
    return out


# A store on disk: no query holds all of a node shape's focus nodes (a DISTINCT set, a hash
# table of a join, a group each), so that the queries' memory does not grow with the graph.
_DISTINCT_TARGET = "{ SELECT DISTINCT ?this WHERE "
LOOKUP = 1_000  # candidate subjects looked up among the focus nodes at a time (``_members``)


def _inline(target: str) -> str:
    """A target (``_Compiler.targets``) as its group pattern (``_Compiler.inline_target``): a
    node may come more than once."""
    if not (target.startswith(_DISTINCT_TARGET) and target.endswith(" }")):
        raise ShapesError(f"unexpected target {target}")
    return target[len(_DISTINCT_TARGET):-2]


def _on_disk(store: ox.Store, c: Check, size: int) -> Iterable[ox.QuerySolution]:
    """The rows of check ``c`` on a store on disk (a row may come twice; the caller drops the
    second). Grouped by focus node: on slices of them (``_sliced``). A condition on the focus
    node alone (nodeKind, class, hasValue): its target as a plain sub-select, each node tested
    as it comes (written inline, Oxigraph made a NOT EXISTS a hash anti-join of every node of
    the classes). A value or SPARQL check: its pattern without the target, the subjects it finds
    (violations, so few) then looked up among the focus nodes (``_members``)."""
    if "GROUP BY" in c.query:
        return _sliced(store, c.query, c.target, size)
    if c.component != "sh:SPARQLConstraintComponent" and "?value" not in c.query.split(
            "WHERE", 1)[0]:
        return _select(store, c.query.replace(
            c.target, "{ SELECT ?this WHERE " + _inline(c.target) + " }", 1))
    found = _focus_rows(store, c.query.replace(c.target, "", 1), c.target)
    return _select(store, c.query) if found is None else found


def _focus_rows(store: ox.Store, query: str, target: str) -> list[ox.QuerySolution] | None:
    """The rows of ``query`` whose ?this is a focus node of ``target``; None if a row leaves
    ?this unbound (it would join every focus node)."""
    out: list[ox.QuerySolution] = []
    pending: list[ox.QuerySolution] = []

    def flush() -> None:
        ok = _members(store, [row["this"] for row in pending], target)
        out.extend(row for row in pending if row["this"] in ok)
        pending.clear()

    for row in _select(store, query):
        if row["this"] is None:
            return None
        pending.append(row)
        if len(pending) == LOOKUP:
            flush()
    flush()
    return out


def _members(store: ox.Store, nodes: list[Any], target: str) -> set[Any]:
    """Which of ``nodes`` (terms) are focus nodes of ``target``."""
    found: set[Any] = set()
    for term in nodes:
        if isinstance(term, ox.BlankNode | ox.Triple):
            raise ShapesError(f"a focus node on disk is not an IRI or literal: {term}")
    todo = list(dict.fromkeys(nodes))
    for i in range(0, len(todo), LOOKUP):
        values = " ".join(str(n) for n in todo[i:i + LOOKUP])
        query = f"SELECT DISTINCT ?this WHERE {{ VALUES ?this {{ {values} }} {_inline(target)} }}"
        found.update(row["this"] for row in _select(store, query))
    return found


def _screened(store: ox.Store, sc: Screen, size: int) -> set[int]:
    """A value screen on a store on disk (``Screen.on_disk``): a property's values tested one
    after another, the subjects of those that may violate looked up among the focus nodes, until
    one is."""
    flagged: set[int] = set()
    for pid, query in sc.on_disk:
        pending: list[Any] = []
        for row in _select(store, query):
            pending.append(row["this"])
            if len(pending) == LOOKUP:
                if _members(store, pending, sc.target):
                    flagged.add(pid)
                    break
                pending = []
        else:
            if pending and _members(store, pending, sc.target):
                flagged.add(pid)
    return flagged


def _sliced(store: ox.Store, query: str, target: str,
            size: int) -> Iterator[ox.QuerySolution]:
    """The rows of a query grouped by focus node (``GROUP BY ?this ...``), run on ``size`` of
    the focus nodes at a time: its ``target`` (a sub-select of them all, for which Oxigraph's
    GROUP BY held an entry each, with a set of values) replaced by a slice of them. Each group
    is one focus node's, so the rows are the whole query's. The focus nodes are read as the
    target's pattern finds them, not as DISTINCT (which held every one seen): a node comes once
    in a slice but may come in another slice too, its group then found again (the caller keeps
    a row once). Blank nodes (never in kg's output) cannot be listed."""
    nodes: dict[str, None] = {}
    for row in _select(store, "SELECT ?this WHERE " + _inline(target)):
        term = row["this"]
        if isinstance(term, ox.BlankNode | ox.Triple):
            raise ShapesError(f"a focus node on disk is not an IRI or literal: {term}")
        nodes[str(term)] = None
        if len(nodes) == size:
            yield from _select(store, query.replace(target, _values(list(nodes))))
            nodes = {}
    if nodes:
        yield from _select(store, query.replace(target, _values(list(nodes))))


def _values(nodes: list[str]) -> str:
    """Focus nodes as a target (``_Compiler.targets``): a sub-select, for Oxigraph joins it
    first, as it does the sub-select it stands for."""
    return "{ SELECT DISTINCT ?this WHERE { VALUES ?this { " + " ".join(nodes) + " } } }"


def check_ntriples(data: bytes, present: set[str], checks: Compiled) -> ValidationReport:
    """Validate a graph given as N-Triples (as the build has already written it for the dumps:
    Oxigraph reads it faster than Python converts rdflib terms). ``present``: the predicates and
    classes in it."""
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_TRIPLES)
    return check_store(store, checks, present)


# N-Triples lines loaded into a store on disk at a time: Oxigraph's bulk loader holds what it
# is given sorted for every index, so the slice bounds its memory (the 5 MB article's chunk in a
# fresh process: a peak of 193 MB a slice of 100,000, 124 MB of 20,000, 131 MB of 5,000; the
# CPU seconds 34.1, 33.9 and 42.8)
LOAD_LINES = 20_000
FOCUS_SLICE = 1_000  # focus nodes a query on a store on disk runs on at a time (``_sliced``)


def check_on_disk(chunk: Path, rest: list[tuple[Node, Node, Node]], present: set[str],
                  checks: Compiled, folder: Path,
                  say: Callable[[str], None] = lambda stage: None) -> ValidationReport:
    """``check_ntriples`` for a graph too large to hold: the chunk in folder ``chunk``
    (``kg.dump.spool_chunk``) and the triples ``rest`` go into an Oxigraph store on disk in
    ``folder`` (removed afterwards), so the graph's indexes are on disk, not in memory; the
    queries are the same. N-Triples lines over LONG_LINE come from ``chunk.long`` (pyoxigraph
    would refuse a statement over 16 MB), ``rest`` is inserted as terms, not parsed. ``say``
    is told how far it is (every million triples loaded, then the queries)."""
    from kg.dump import LONG_LINE

    store = ox.Store(str(folder))
    try:
        with (chunk / "chunk.nt").open("rb") as f:
            # a slice at a time: the bulk loader holds what it loads in memory
            loaded = 0
            while lines := list(islice(f, LOAD_LINES)):
                data = b"".join(x for x in lines if len(x) <= LONG_LINE)
                store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
                loaded += len(lines)
                if loaded % 1_000_000 < len(lines):
                    say(f"validating, {loaded:,} triples loaded")
        with (chunk / "chunk.long").open("rb") as f:
            long: list[ox.Triple] = pickle.load(f)  # written by this build
        terms = chain(long, (to_ox_triple(*t) for t in rest))  # converted a slice at a time
        while batch := list(islice(terms, LOAD_LINES)):
            store.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                               for t in batch])
        # each bulk load left files of its own: compacted once, the queries' lookups read
        # far fewer (2 MB: 35.8 CPU s with it, 43.5 without; 5 MB: 105.6, 142.5)
        store.optimize()
        say("validating, the shapes' queries")
        return check_store(store, checks, present, FOCUS_SLICE)
    finally:
        del store
        shutil.rmtree(folder, ignore_errors=True)


def check(triples: Iterable[tuple[Node, Node, Node]], checks: Compiled) -> ValidationReport:
    """Validate rdflib triples with compiled checks (an in-memory Oxigraph store per call)."""
    store = ox.Store()
    present: set[str] = set()
    quads = []
    for s, p, o in triples:
        present.add(str(p))
        if p == RDF.type:
            present.add(str(o))
        t = to_ox_triple(s, p, o, True)
        quads.append(ox.Quad(t.subject, t.predicate, t.object))
    store.extend(quads)
    return check_store(store, checks, present)


# ---------------------------------------------------------------- native checks
# Two of kg's SPARQL constraints cost the square of an article's length on any SPARQL engine: a
# span's text compared with SUBSTR of the whole article (SUBSTR walks the string to its offset)
# and each mention joined with each boilerplate span (an interval overlap no index answers). The
# build runs them here in linear time, with the verdicts of the query: a constraint is taken
# over only if its sh:select is exactly the query below, and only on data whose offsets are all
# xsd:integer and whose texts are all string literals; anything else runs the query itself.
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_NKG = "https://w3id.org/newskg/ns#"
_INTEGER = str(XSD.integer)
_STRINGS = {str(XSD.string), str(RDF.langString)}


def _expanded(select: str, prefixes: list[str]) -> str:
    """``select`` with its prefixed names written out and white space collapsed."""
    import re

    names = dict(re.findall(r"PREFIX (\w*): <([^>]*)>", "\n".join(prefixes)))
    out = re.sub(r"\b(\w+):(\w[\w-]*)\b",
                 lambda m: f"<{names[m[1]]}{m[2]}>" if m[1] in names else m[0], select)
    return " ".join(out.split())


def _select(store: ox.Store, query: str) -> ox.QuerySolutions:
    return cast(ox.QuerySolutions, store.query(query))


def _int(term: object) -> int | None:
    if isinstance(term, ox.Literal) and term.datatype.value == _INTEGER:
        try:
            return int(term.value)
        except ValueError:
            return None
    return None


class _SpanPosition:
    select = _expanded(
        "SELECT $this WHERE { $this nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?a ; "
        "nif:referenceContext/nif:isString ?t . "
        "FILTER (?e > ?b && STR(SUBSTR(?t, ?b + 1, ?e - ?b)) != STR(?a)) }",
        [f"PREFIX nif: <{_NIF}>"])

    def run(self, store: ox.Store, target: str,
            apart: dict[str, str] | None = None) -> list[str] | None:
        texts: dict[Any, list[str]] = {ox.NamedNode(c): [t] for c, t in (apart or {}).items()}
        for row in _select(store, f"SELECT ?c ?t WHERE {{ ?c <{_NIF}isString> ?t }}"):
            t = row["t"]
            if not isinstance(t, ox.Literal) or t.datatype.value not in _STRINGS:
                return None
            texts.setdefault(row["c"], []).append(t.value)
        out = set()
        query = (f"SELECT ?this ?b ?e ?a ?c WHERE {{ {target} ?this <{_NIF}beginIndex> ?b ; "
                 f"<{_NIF}endIndex> ?e ; <{_NIF}anchorOf> ?a ; <{_NIF}referenceContext> ?c }}")
        for row in _select(store, query):
            b, e, a = _int(row["b"]), _int(row["e"]), row["a"]
            if b is None or e is None or isinstance(a, ox.BlankNode | ox.Triple):
                return None
            if e > b and any(t[max(b, 0):max(e, 0)] != a.value for t in texts.get(row["c"], ())):
                out.add(row["this"].value)
        return sorted(out)


class _MentionNotBoilerplate:
    select = _expanded(
        "SELECT $this WHERE { $this nif:beginIndex ?b ; nif:endIndex ?e ; "
        "nif:referenceContext ?c . ?bp a nkg:Boilerplate ; nif:referenceContext ?c ; "
        "nif:beginIndex ?bb ; nif:endIndex ?be . FILTER (?b < ?be && ?bb < ?e) }",
        [f"PREFIX nif: <{_NIF}>", f"PREFIX nkg: <{_NKG}>"])

    def run(self, store: ox.Store, target: str,
            apart: dict[str, str] | None = None) -> list[str] | None:
        from bisect import bisect_left

        spans: dict[Any, list[tuple[int, int]]] = {}
        query = (f"SELECT ?c ?bb ?be WHERE {{ ?bp a <{_NKG}Boilerplate> ; "
                 f"<{_NIF}referenceContext> ?c ; <{_NIF}beginIndex> ?bb ; <{_NIF}endIndex> ?be }}")
        for row in _select(store, query):
            bb, be = _int(row["bb"]), _int(row["be"])
            if bb is None or be is None:
                return None
            spans.setdefault(row["c"], []).append((bb, be))
        # per context: boilerplate begins in order, and the furthest end among the first k
        index: dict[Any, tuple[list[int], list[int]]] = {}
        for c, found in spans.items():
            found.sort()
            ends, most = [], -(10**30)
            for _, be in found:
                most = max(most, be)
                ends.append(most)
            index[c] = ([bb for bb, _ in found], ends)
        out = set()
        query = (f"SELECT ?this ?b ?e ?c WHERE {{ {target} ?this <{_NIF}beginIndex> ?b ; "
                 f"<{_NIF}endIndex> ?e ; <{_NIF}referenceContext> ?c }}")
        for row in _select(store, query):
            b, e = _int(row["b"]), _int(row["e"])
            if b is None or e is None:
                return None
            begins, ends = index.get(row["c"], ([], []))
            k = bisect_left(begins, e)  # boilerplate beginning before the mention ends
            if k and ends[k - 1] > b:
                out.add(row["this"].value)
        return sorted(out)


class _Native(Protocol):
    select: str  # the sh:select it stands for, expanded (``_expanded``)

    def run(self, store: ox.Store, target: str,
            apart: dict[str, str] | None = None) -> list[str] | None:
        """The focus nodes in violation, or None to let the query decide; ``apart``: texts
        of contexts the store leaves out (``check_store``'s ``texts``)."""


NATIVE: dict[str, _Native] = {"span-position": _SpanPosition(),
                              "mention-not-boilerplate": _MentionNotBoilerplate()}
