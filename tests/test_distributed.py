"""The per-file work on Dask distributed (issue 14, item 4): the same bytes as a local build."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import write
from kg.config import Settings
from kg.errors import ConfigError
from kg.pipeline import build
from tests.conftest import make_settings
from tests.test_incremental import _dumps

LocalCluster: Any = importlib.import_module("dask.distributed").LocalCluster  # untyped


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A small corpus in every input format (11 files, 12 articles) and its local build."""
    root = tmp_path_factory.mktemp("distributed")
    write(12, root / "src")
    result = build(make_settings(root / "local", [root / "src"], cache=False))
    assert result.exit_code == 0 and result.built == 12
    return root, _dumps(root / "local")


@pytest.mark.slow
def test_a_two_worker_local_cluster_gives_a_local_builds_bytes(
        local: tuple[Path, dict[str, bytes]]) -> None:
    root, reference = local
    settings = make_settings(root / "dask", [root / "src"], cache=False, workers=2,
                             executor="local-dask")
    result = build(settings)
    assert result.exit_code == 0 and result.built == 12
    assert result.stage_seconds["extract"] > 0  # the work was done (in the cluster's workers)
    assert _dumps(root / "dask") == reference


@pytest.mark.slow
def test_a_scheduler_address_gives_a_local_builds_bytes(
        local: tuple[Path, dict[str, bytes]]) -> None:
    root, reference = local
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        settings = make_settings(root / "remote", [root / "src"], executor=f"dask://{address}")
        result = build(settings)
        assert result.exit_code == 0 and result.built == 12
        assert result.cache is not None and result.cache.built == 11
        assert _dumps(root / "remote") == reference
        # the cache works the same way on a cluster: a rebuild of the same corpus builds nothing
        again = build(settings)
        assert again.cache is not None and (again.cache.built, again.cache.reused) == (0, 11)
        assert _dumps(root / "remote") == reference


@pytest.mark.parametrize("bad", ["dask", "dask://", "ray://host:1", "spark"])
def test_an_unknown_executor_is_a_usage_error(bad: str) -> None:
    with pytest.raises(ConfigError, match="executor"):
        Settings(executor=bad)
