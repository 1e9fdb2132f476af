"""Shared fixtures: an isolated warehouse file and landing folder per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]


def pytest_addoption(parser):
    parser.addoption(
        "--run-spark", action="store_true",
        help="also run the tests marked spark (DuckDB vs Spark builds; `make test-spark`)",
    )  # fmt: skip


def pytest_collection_modifyitems(config, items):
    """The Spark comparison needs the `spark` extra and minutes of CPU: never in `make test`."""
    if config.getoption("--run-spark"):
        return
    skip = pytest.mark.skip(reason="Spark: run with --run-spark (make test-spark)")
    for item in items:
        if "spark" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def landing_files_are_complete_at_once():
    """Tests write landing files and load them at once: no settle interval (JW_LANDING_SETTLE_SECONDS
    defaults to 60 s); the tests of the interval set their own. Tests load generated data from
    temporary folders with the demo key, which is refused outside the demo unless allowed (the
    tests of that refusal unset it). Subprocesses inherit both."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JW_LANDING_SETTLE_SECONDS", "0")
        patch.setenv("JW_ALLOW_DEMO_KEY", "1")
        yield


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    """Point every component at a fresh DuckDB file and landing folder under tmp_path."""
    paths = {
        "JW_DUCKDB_PATH": tmp_path / "warehouse.duckdb",
        "JW_LANDING_DIR": tmp_path / "landing",
        "JW_PUBLISH_DIR": tmp_path / "published",
        "JW_ALERTS_LOG": tmp_path / "alerts.log",
    }
    for name, path in paths.items():
        monkeypatch.setenv(name, str(path))
    paths["JW_LANDING_DIR"].mkdir()
    return paths


def subprocess_env(paths: dict[str, Path]) -> dict[str, str]:
    env = dict(os.environ)
    env.update({k: str(v) for k, v in paths.items()})
    return env
