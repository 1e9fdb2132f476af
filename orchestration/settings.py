"""Paths and knobs, all from environment variables with defaults for the embedded demo.

One variable, ``JW_DUCKDB_PATH``, names the warehouse file for Dagster, dbt (``profiles.yml``) and
the publish step; readers only ever open the published snapshot under ``JW_PUBLISH_DIR``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _path(var: str, default: str) -> Path:
    return Path(os.environ.get(var, str(PROJECT_DIR / default))).resolve()


@dataclass(frozen=True)
class Settings:
    duckdb_path: Path
    landing_dir: Path
    publish_dir: Path
    alerts_log: Path
    memory_limit: str
    threads: int

    @property
    def status_file(self) -> Path:
        """The last gate run's outcome (JSON), beside the published snapshots."""
        return self.publish_dir / "dq_status.json"

    @property
    def status_page(self) -> Path:
        """The same as a stand-alone page for stakeholders."""
        return self.publish_dir / "data-quality-status.html"

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            duckdb_path=_path("JW_DUCKDB_PATH", "data/warehouse.duckdb"),
            landing_dir=_path("JW_LANDING_DIR", "data/landing"),
            publish_dir=_path("JW_PUBLISH_DIR", "data/published"),
            alerts_log=_path("JW_ALERTS_LOG", "data/alerts.log"),
            memory_limit=os.environ.get("JW_DUCKDB_MEMORY_LIMIT", "3GB"),
            threads=int(os.environ.get("JW_DUCKDB_THREADS", "2")),
        )


def connect(settings: Settings | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse with explicit memory, thread and spill settings, clock in UTC."""
    s = settings or Settings.from_env()
    s.duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    temp_dir = s.duckdb_path.parent / "duckdb_tmp"
    con = duckdb.connect(
        str(s.duckdb_path),
        read_only=read_only,
        config={
            "memory_limit": s.memory_limit,
            "threads": s.threads,
            "temp_directory": str(temp_dir),
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        },
    )
    con.execute("set TimeZone = 'UTC'")
    return con
