"""Without PostgreSQL the server tests skip with how to install it; under CI they fail instead."""

from __future__ import annotations

import pytest

import tests.pgcluster as pgcluster
from tests.conftest import _cluster_or_skip


def test_missing_server_skips_with_the_install_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pgcluster, "find_bin", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y postgresql postgresql-contrib"):
        next(_cluster_or_skip())


def test_missing_server_under_ci_is_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pgcluster, "find_bin", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="under CI a missing server is a failure"):
        next(_cluster_or_skip())
