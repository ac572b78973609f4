"""The Oxigraph store is derived from the dumps, atomically, and reloaded only when they change."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.store import ensure_store, open_read_only
from tests.conftest import make_settings, served_settings


def test_store_is_loaded_once_and_follows_the_dumps(seed_build: Any, tmp_path: Path) -> None:
    settings = served_settings(seed_build, tmp_path / "out")
    first = ensure_store(settings)
    nq = len(list(ox.parse(path=str(settings.dumps_dir / "kg.nq"), format=ox.RdfFormat.N_QUADS)))
    assert first.quads == nq and first.load_seconds > 0
    assert settings.store_dir.is_symlink() and settings.store_dir.resolve() == first.path
    again = ensure_store(settings)
    assert again.path == first.path and again.load_seconds == 0.0
    # a new release of the dumps (as a new build makes) gets a new store; the old one goes
    release = settings.dumps_dir.resolve()
    newer = release.with_name(release.name + "-new")
    shutil.copytree(release, newer)
    link = settings.dumps_dir
    tmp = link.with_name(".tmp-link")
    os.symlink(os.path.relpath(newer, link.parent), tmp)
    os.replace(tmp, link)
    third = ensure_store(settings)
    assert third.path != first.path and third.release == newer.name and third.load_seconds > 0
    assert not first.path.exists()
    assert len(open_read_only(third.path)) == nq


def test_a_relative_output_folder_keeps_its_store_from_one_serve_to_the_next(
    seed_build: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kg serve's default folder is "build", relative: the store it had loaded was removed by
    the next start (the link resolves absolute, the stores listed relative), which then failed
    to open it."""
    served_settings(seed_build, tmp_path / "build")
    monkeypatch.chdir(tmp_path)
    settings = make_settings(Path("build"))
    first = ensure_store(settings)
    again = ensure_store(settings)
    assert again.path.resolve() == first.path.resolve() and again.load_seconds == 0.0
    assert len(open_read_only(again.path)) == first.quads


def test_no_dumps_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="kg build"):
        ensure_store(make_settings(tmp_path / "empty"))


def test_server_picks_up_new_dumps_while_serving(seed_build: Any, tmp_path: Path) -> None:
    import time

    import httpx

    from kg.web.app import create_app
    from tests.conftest import LiveServer

    settings = served_settings(seed_build, tmp_path / "out", reload_interval=0.3, query_timeout=1.0)
    with LiveServer(create_app(settings)) as live:
        before = httpx.get(live.url + "/health").json()
        old_store = settings.store_dir.resolve()
        release = settings.dumps_dir.resolve()
        newer = release.with_name(release.name + "-new")
        shutil.copytree(release, newer)
        with (newer / "kg.nq").open("a") as f:
            f.write(
                '<https://kg.test/x> <https://kg.test/p> "added" <https://kg.test/graph/extra> .\n'
            )
        tmp = settings.dumps_dir.with_name(".tmp-link")
        os.symlink(os.path.relpath(newer, settings.dumps_dir.parent), tmp)
        os.replace(tmp, settings.dumps_dir)
        deadline = time.monotonic() + 30
        after = before
        while time.monotonic() < deadline and after["build"] == before["build"]:
            time.sleep(0.2)
            after = httpx.get(live.url + "/health").json()
        assert after["build"] == newer.name and after["triples"] == before["triples"] + 1
        r = httpx.get(live.url + "/sparql", params={"query": 'ASK { ?s ?p "added" }'})
        assert r.json()["boolean"] is True
        time.sleep(3)  # the old store is removed once its queries had their time
        assert not old_store.exists()
