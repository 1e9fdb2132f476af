"""Dagster resources: the DuckDB warehouse and the dbt CLI."""

import fcntl
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject, DbtProjectPreparer

from journey_warehouse.settings import PROJECT_DIR, Settings, connect

# the dbt of this environment, wherever it is started from: a plain shell (`make dev` without an
# activated venv) has no `dbt` on PATH
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file and the landing folder (defaults from JW_* env vars)."""

    duckdb_path: str = str(Settings.from_env().duckdb_path)
    landing_dir: str = str(Settings.from_env().landing_dir)

    @property
    def settings(self) -> Settings:
        return replace(
            Settings.from_env(),
            duckdb_path=Path(self.duckdb_path),
            landing_dir=Path(self.landing_dir),
        )

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection that is always closed, so dbt and readers never meet a held lock."""
        con = connect(self.settings, read_only=read_only)
        try:
            yield con
        finally:
            con.close()


class ParseWithThisDbt(DbtProjectPreparer):
    """Under `dagster dev`, re-parse the manifest at load time, like dagster-dbt's default
    preparer, but with this environment's dbt: the default one runs the `dbt` on PATH."""

    def prepare_if_dev(self, project: DbtProject) -> None:
        if self.using_dagster_dev():
            self.prepare(project)

    def prepare(self, project: DbtProject) -> None:
        # the code server and each run worker load this module: one parse at a time
        project.manifest_path.parent.mkdir(parents=True, exist_ok=True)
        with (project.manifest_path.parent / ".parse.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            dbt = DbtCliResource(project_dir=project, dbt_executable=DBT_EXECUTABLE)
            dbt.cli(["parse", "--quiet"], target_path=project.target_path).wait()


dbt_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR)
ParseWithThisDbt().prepare_if_dev(dbt_project)

RESOURCES = {
    "warehouse": WarehouseResource(),
    "dbt": DbtCliResource(
        project_dir=dbt_project, profiles_dir=str(PROJECT_DIR), dbt_executable=DBT_EXECUTABLE
    ),
}
