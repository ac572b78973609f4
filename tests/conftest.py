from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.config import Settings
from kg.pipeline import BuildResult, build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
TEST_BASE = "https://kg.test/"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/cases/*/expected.ttl")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def make_settings(out: Path, inputs: list[Path] | None = None, **kw: object) -> Settings:
    return Settings(
        base_iri=TEST_BASE, out_dir=out, inputs=tuple(inputs or [SEEDS]), source_date_epoch=1700000000,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, BuildResult]:
    out = tmp_path_factory.mktemp("seed-build")
    settings = make_settings(out)
    return settings, build(settings)


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("KG_REQUIRE_TOOLS"):
            pytest.fail(f"{name} is not installed (apt-get install raptor2-utils)")
        pytest.skip(f"{name} is not installed")
    return path
