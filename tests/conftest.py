from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kg.config import Settings
from kg.pipeline import BuildResult, build
from tests.stores import JenaTDB2, OxigraphServer, OxigraphWritable, Virtuoso

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
TEST_BASE = "https://kg.test/"

# `python -m kg` as a terminal's foreground job runs it: Ctrl-C (SIGINT) at its default. A test
# runner started in the background (`pytest &` in a script) has SIGINT ignored, which a child
# inherits and rightly keeps; the tests of Ctrl-C start kg so, whatever ran them. (A Python
# handler, unlike "ignored", is reset to the default in every process kg's workers exec.)
KG_IN_FOREGROUND = [
    sys.executable, "-c",
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('kg', run_name='__main__', alter_sys=True)",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/cases/*/expected.ttl"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def make_settings(out: Path, inputs: list[Path] | None = None, **kw: object) -> Settings:
    return Settings(
        base_iri=TEST_BASE,
        out_dir=out,
        inputs=tuple(inputs or [SEEDS]),
        source_date_epoch=1700000000,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, BuildResult]:
    out = tmp_path_factory.mktemp("seed-build")
    settings = make_settings(out)
    return settings, build(settings)


def require_tool(name: str, install: str = "apt-get install raptor2-utils") -> str:
    """The tool's path (on PATH or beside this Python, as the venv's ``oxigraph``); a missing
    tool skips the test, or fails it when KG_REQUIRE_TOOLS is set (.ci/run sets it)."""
    path = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if path is None:
        if os.environ.get("KG_REQUIRE_TOOLS"):
            pytest.fail(f"{name} is not installed ({install})")
        pytest.skip(f"{name} is not installed")
    return path


@contextmanager
def headless_chromium() -> Iterator[Any]:
    """Debian's chromium, headless, driven by its chromedriver (the browser and client tests)."""
    install = "apt-get install chromium chromium-driver"
    driver_path = require_tool("chromedriver", install)
    binary = (shutil.which("chromium") or shutil.which("chromium-browser")
              or require_tool("chromium", install))
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-extensions", "--no-first-run"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=opts)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


# ---------------------------------------------------------------- third-party stores
# Each is started once per session on the seed build's dumps, loaded with the README's commands
# (tests/stores.py), and stopped at the end; tests/test_store_loading.py checks the loading,
# tests/test_query_portability.py the example queries' rows.
@pytest.fixture(scope="session")
def oxigraph_server(seed_build: tuple[Settings, BuildResult],
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    require_tool("oxigraph", "pip install -e '.[test]'")
    store = OxigraphServer(tmp_path_factory.mktemp("oxigraph-server"), seed_build[0].dumps_dir)
    yield store
    store.close()


@pytest.fixture
def oxigraph_writable(tmp_path: Path) -> Iterator[OxigraphWritable]:
    """An empty, writable Oxigraph server for this test (tests/test_remote_store.py)."""
    store = OxigraphWritable(tmp_path / "oxigraph", require_tool("oxigraph",
                                                                  "pip install -e '.[test]'"))
    yield store
    store.close()


@pytest.fixture(scope="session")
def jena_tdb2(seed_build: tuple[Settings, BuildResult],
              tmp_path_factory: pytest.TempPathFactory) -> JenaTDB2:
    debian = shutil.which("tdb2.tdbloader") is None
    if debian:
        require_tool("java", "apt-get install default-jre-headless")
        if not Path("/usr/share/java/jena-tdb2.jar").is_file():
            require_tool("tdb2.tdbloader", "apt-get install libapache-jena-java")
    return JenaTDB2(tmp_path_factory.mktemp("jena"), seed_build[0].dumps_dir, debian)


@pytest.fixture(scope="session")
def virtuoso(seed_build: tuple[Settings, BuildResult],
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    server = require_tool("virtuoso-t", "apt-get install virtuoso-opensource-7")
    isql = require_tool("isql-vt", "apt-get install virtuoso-opensource-7")
    store = Virtuoso(tmp_path_factory.mktemp("virtuoso"), seed_build[0].dumps_dir, server, isql)
    yield store
    store.close()


class LiveServer:
    """A kg app served by uvicorn on a free loopback port, in a background thread."""

    def __init__(self, app: object, max_target: int = 64_000) -> None:
        import socket
        import threading

        import uvicorn

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", h11_max_incomplete_event_size=max_target,  # type: ignore[arg-type]
                                http="h11", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> LiveServer:
        import time

        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.sock.close()


def served_settings(seed: tuple[Settings, BuildResult], dest: Path, **kw: object) -> Settings:
    """A copy of the seed build in ``dest`` (the server adds its store there), with settings."""
    settings, _ = seed
    shutil.copytree(settings.out_dir, dest, symlinks=True)
    return make_settings(dest, **kw)


@pytest.fixture(scope="session")
def live(seed_build: tuple[Settings, BuildResult], tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from kg.web.app import create_app

    settings = served_settings(seed_build, tmp_path_factory.mktemp("served") / "out",
                               query_timeout=3.0, max_concurrent_queries=3, queue_wait=0.5)
    with LiveServer(create_app(settings)) as server:
        server.settings = settings  # type: ignore[attr-defined]
        yield server
