"""Prometheus metrics, one registry per app (so tests can build several apps)."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

WORKER_DEATH_CAUSES = ("crash", "time_limit", "disconnect", "died_idle", "error")


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("kg_http_requests", "HTTP requests answered", ["method", "status"],
                                registry=self.registry)
        self.queries = Counter("kg_sparql_queries", "SPARQL queries by form and outcome",
                               ["form", "outcome"], registry=self.registry)
        self.seconds = Histogram("kg_sparql_query_seconds", "Time to the first byte of an answer",
                                 registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
                                          30))
        self.in_server = Counter(
            "kg_sparql_lookups_in_server", "Queries answered by the server itself, without a "
            "query worker (one triple pattern, a bounded answer: kg.web.bounded)",
            registry=self.registry)
        self.busy = Gauge("kg_query_workers_busy", "Query workers evaluating a query",
                          registry=self.registry)
        self.triples = Gauge("kg_store_quads", "Quads in the store", registry=self.registry)
        self.worker_deaths = Counter(
            "kg_query_worker_deaths", "Query worker processes replaced, by cause (crash: died "
            "evaluating a query; time_limit; disconnect: the client left mid-answer; died_idle; "
            "error)", ["cause"], registry=self.registry)
        for cause in WORKER_DEATH_CAUSES:
            self.worker_deaths.labels(cause)

        self._requests: dict[tuple[str, int], Any] = {}
        self._ok: dict[str, Any] = {}

    def request_done(self, method: str, status: int) -> None:
        """Count one answer (the counter's child for the pair is looked up once)."""
        child = self._requests.get((method, status))
        if child is None:
            child = self._requests[method, status] = self.requests.labels(method, str(status))
        child.inc()

    def query_done(self, form: str) -> None:
        child = self._ok.get(form)
        if child is None:
            child = self._ok[form] = self.queries.labels(form, "ok")
        child.inc()

    def worker_died(self, cause: str) -> None:
        self.worker_deaths.labels(cause).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
