"""Shared fixtures: every test runs with its own data, config and cache folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Keep the user's real notes, config and cache out of every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("READER_DB", str(home / "annotations.json"))
    monkeypatch.setenv("READER_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("READER_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("READER_ARCHIVE", raising=False)
    yield home


# ---------------------------------------------------------------- a real PostgreSQL server


def _cluster_or_skip() -> Iterator[Any]:
    from tests.pgcluster import INSTALL_HINT, Cluster, find_bin

    bin_dir = find_bin()
    if bin_dir is None:
        if os.environ.get("CI") == "true":
            pytest.fail(INSTALL_HINT + " — under CI a missing server is a failure", pytrace=False)
        pytest.skip(INSTALL_HINT)
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    """One server for the session's tests (tests that stop or kill a server take `own_pg_cluster`)."""
    yield from _cluster_or_skip()


@pytest.fixture
def own_pg_cluster() -> Iterator[Any]:
    """A server of the test's own, to stop, kill and restart."""
    yield from _cluster_or_skip()


@pytest.fixture
def pg_url(pg_cluster: Any) -> str:
    """A fresh database on the session's server."""
    url: str = pg_cluster.create_database()
    return url


@pytest.fixture(scope="session")
def filled_archive(pg_cluster: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An archive filled from the seeds and the team's pages by `reader index --archive`
    (`tests.archive_fixtures.Filled`): read it, never write to it."""
    from tests.archive_fixtures import fill

    return fill(pg_cluster.create_database(), tmp_path_factory.mktemp("archive"))
