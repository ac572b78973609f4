"""Stage 4: validation against the SHACL shapes, a typed wrapper over pySHACL.

``validate(graph, shapes) -> ValidationReport``. Violations are data; a ShapesError means the
shapes themselves are broken.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.errors import ShapesError
from kg.namespaces import PREFIXES, RDF, RDFS, SH


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    shape: str  # the shape that fired (property shape or SPARQL constraint where named)
    node_shape: str | None  # the node shape it belongs to
    component: str
    message: str
    value: str | None
    severity: str

    def describe(self) -> str:
        path = f" path {self.path}" if self.path else ""
        value = f" value {self.value}" if self.value else ""
        return f"node <{self.focus}>{path}: {self.message} [{self.shape}]{value}"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]

    def shapes_fired(self) -> set[str]:
        return {v.shape for v in self.violations} | {
            v.node_shape for v in self.violations if v.node_shape
        }


@dataclass(frozen=True)
class Shapes:
    graph: Graph
    axioms: Graph  # subclass facts the sh:class constraints rely on
    parent: dict[Node, Node]  # property shape / SPARQL constraint -> node shape
    by_message: dict[
        str, Node
    ]  # SPARQL constraint message -> constraint (pySHACL names the node shape)

    @classmethod
    def load(cls, shapes_path: Path, ontology_path: Path) -> Shapes:
        try:
            graph = Graph().parse(shapes_path, format="turtle")
            onto = Graph().parse(ontology_path, format="turtle")
        except Exception as e:
            raise ShapesError(f"cannot read shapes or ontology: {e}") from e
        axioms = Graph()
        for t in onto.triples((None, RDFS.subClassOf, None)):
            axioms.add(t)
        parent: dict[Node, Node] = {}
        by_message: dict[str, Node] = {}
        for node_shape in graph.subjects(RDF.type, SH.NodeShape):
            for p in (SH.property, SH.sparql):
                for child in graph.objects(node_shape, p):
                    parent.setdefault(child, node_shape)
            for constraint in graph.objects(node_shape, SH.sparql):
                for message in graph.objects(constraint, SH.message):
                    by_message[str(message)] = constraint
        return cls(graph, axioms, parent, by_message)


@cache
def load_shapes(shapes_path: Path, ontology_path: Path) -> Shapes:
    return Shapes.load(shapes_path, ontology_path)


def validate(data: Graph, shapes: Shapes) -> ValidationReport:
    import pyshacl

    try:
        conforms, report, _ = pyshacl.validate(
            data, shacl_graph=shapes.graph, ont_graph=shapes.axioms, inference="none",
            abort_on_first=False, allow_warnings=True, meta_shacl=False, advanced=True,
        )
    except Exception as e:  # pyshacl raises its own types for broken shapes
        raise ShapesError(f"pySHACL could not run the shapes: {e}") from e
    assert isinstance(report, Graph)
    return ValidationReport(bool(conforms), tuple(_violations(report, shapes)))


def validate_triples(
    triples: Iterable[tuple[Node, Node, Node]], shapes: Shapes
) -> ValidationReport:
    g = Graph()
    for t in triples:
        g.add(t)
    return validate(g, shapes)


def _violations(report: Graph, shapes: Shapes) -> list[Violation]:
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(r, SH.sourceShape)
        message = str(report.value(r, SH.resultMessage) or "")
        if report.value(r, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent:
            shape = shapes.by_message.get(message, shape)
        out.append(
            Violation(
                focus=str(report.value(r, SH.focusNode)),
                path=short_name(report.value(r, SH.resultPath)),
                shape=short_name(shape) or "?",
                node_shape=short_name(shapes.parent.get(shape)) if shape is not None else None,
                component=short_name(report.value(r, SH.sourceConstraintComponent)) or "?",
                message=message,
                value=short_name(report.value(r, SH.value)),
                severity=short_name(report.value(r, SH.resultSeverity)) or "sh:Violation",
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.shape, v.path or "", v.message))


def short_name(node: Node | None) -> str | None:
    if node is None:
        return None
    s = str(node)
    if isinstance(node, URIRef):
        for prefix, ns in PREFIXES.items():
            if s.startswith(ns):
                return f"{prefix}:{s[len(ns):]}"
        if s.startswith("https://w3id.org/newskg/shapes#"):
            return "nkgsh:" + s.split("#", 1)[1]
    return s
