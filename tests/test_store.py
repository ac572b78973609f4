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


def test_no_dumps_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="kg build"):
        ensure_store(make_settings(tmp_path / "empty"))
