"""Prometheus metrics, one registry per app (so tests can build several apps)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("kg_http_requests", "HTTP requests answered", ["method", "status"],
                                registry=self.registry)
        self.queries = Counter("kg_sparql_queries", "SPARQL queries by form and outcome",
                               ["form", "outcome"], registry=self.registry)
        self.seconds = Histogram("kg_sparql_query_seconds", "Time to the first byte of an answer",
                                 registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
        self.busy = Gauge("kg_query_workers_busy", "Query workers evaluating a query",
                          registry=self.registry)
        self.triples = Gauge("kg_store_quads", "Quads in the store", registry=self.registry)

    def render(self) -> bytes:
        return generate_latest(self.registry)
