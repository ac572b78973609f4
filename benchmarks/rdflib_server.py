"""rdflib-endpoint over a kg dump, for the endpoint benchmark: ``python -m benchmarks.rdflib_server
DUMP.nq PORT``. The dataset's default graph is the union of its named graphs, as in kg serve."""

from __future__ import annotations

import sys

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def main() -> None:
    path, port = sys.argv[1], int(sys.argv[2])
    ds = Dataset(default_union=True)
    ds.parse(path, format="nquads")
    app = SparqlEndpoint(graph=ds, path="/sparql", cors_enabled=True, public_url=f"http://127.0.0.1:{port}/sparql")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
