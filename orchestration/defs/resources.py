"""Dagster resources: the DuckDB warehouse and the dbt CLI."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject

from orchestration.settings import PROJECT_DIR, Settings, connect


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file and the landing folder (defaults from JW_* env vars)."""

    duckdb_path: str = str(Settings.from_env().duckdb_path)
    landing_dir: str = str(Settings.from_env().landing_dir)

    @property
    def settings(self) -> Settings:
        base = Settings.from_env()
        return Settings(
            duckdb_path=Path(self.duckdb_path),
            landing_dir=Path(self.landing_dir),
            publish_dir=base.publish_dir,
            alerts_log=base.alerts_log,
            memory_limit=base.memory_limit,
            threads=base.threads,
        )

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection that is always closed, so dbt and readers never meet a held lock."""
        con = connect(self.settings, read_only=read_only)
        try:
            yield con
        finally:
            con.close()


dbt_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR)
dbt_project.prepare_if_dev()

RESOURCES = {
    "warehouse": WarehouseResource(),
    # the dbt of this environment, wherever it is started from
    "dbt": DbtCliResource(
        project_dir=dbt_project,
        profiles_dir=str(PROJECT_DIR),
        dbt_executable=str(Path(sys.executable).parent / "dbt"),
    ),
}
