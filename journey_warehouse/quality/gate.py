"""Run the Great Expectations gate over the warehouse marts and record what it found.

GX validates pandas frames read from DuckDB (its SQL data source cannot validate DuckDB here).
The outcome goes to three places so a failure is visible even though the reports are not
refreshed: the ``marts.dq_gate_results`` history table, GX Data Docs (made to work offline by
``data_docs.localize``), and the status file and page (``journey_warehouse.status``). The gate checks the newest dbt build of the build ledger
(``ops.dbt_builds``, macros/build_ledger.sql) first: marts of a build that failed or never
finished fail the gate whatever they contain, and the result names the build it checked, which
publishing requires to still be the newest.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # no usage events from the gate

import great_expectations as gx

from journey_warehouse.settings import PROJECT_DIR

from .data_docs import localize, require_assets
from .suites import SUITES

CONTEXT_ROOT = PROJECT_DIR / "expectations"
DATA_DOCS = CONTEXT_ROOT / "uncommitted" / "data_docs" / "local_site" / "index.html"


@dataclass
class Outcome:
    table_name: str
    expectation: str
    column_name: str | None
    success: bool
    observed: str


@dataclass
class GateResult:
    checked_at: str
    build_id: str | None = None
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return all(o.success for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success]


def report(gate: GateResult, observed_chars: int = 200) -> str:
    """One summary line and, on failure, a table of the failed expectations for the console."""
    if gate.success:
        return f"data-quality gate passed: {len(gate.outcomes)} expectations"
    rows = [("table", "expectation", "column", "observed")] + [
        (
            f.table_name,
            f.expectation,
            f.column_name or "",
            " ".join(f.observed.split())[:observed_chars],
        )
        for f in gate.failures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]  # the last column is free
    lines = [
        "  " + "  ".join([*(v.ljust(w) for v, w in zip(row, widths, strict=False)), row[3]])
        for row in rows
    ]
    failed = f"{len(gate.failures)} of {len(gate.outcomes)} expectations failed"
    return "\n".join([f"data-quality gate FAILED: {failed}", *lines])


def _observed(result: dict) -> str:
    keys = ("observed_value", "unexpected_count", "unexpected_percent", "partial_unexpected_list")
    return json.dumps({k: result[k] for k in keys if k in result}, default=str)[:500]


def latest_build(con: duckdb.DuckDBPyConnection, database: str | None = None) -> dict | None:
    """The newest row of the build ledger (``database``: an attached warehouse), if any."""
    ledger = f"{database}.ops.dbt_builds" if database else "ops.dbt_builds"
    try:
        cursor = con.execute(
            "select build_id, command, started_at, finished_at, status, failed_nodes "
            f"from {ledger} order by started_at desc limit 1"
        )
    except duckdb.CatalogException:  # no dbt build has ever run on this warehouse
        return None
    row = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None


def _build_outcome(build: dict | None) -> Outcome:
    """The gate's first check: the marts come from a dbt build that finished without errors."""
    if build is None:
        return Outcome("dbt_builds", "build_succeeded", None, False, "no dbt build recorded")
    ending = {
        "started": "never finished (killed or still running)", "succeeded": "succeeded"
    }.get(build["status"], f"failed: {build['failed_nodes']}")  # fmt: skip
    observed = (
        f"build {build['build_id']} ({build['command']}, started {build['started_at']}) {ending}"
    )
    passed = build["status"] == "succeeded"
    return Outcome("dbt_builds", "build_succeeded", None, passed, observed[:500])


def run_gate(con: duckdb.DuckDBPyConnection) -> GateResult:
    context = gx.get_context(mode="file", context_root_dir=str(CONTEXT_ROOT))
    build = latest_build(con)
    gate = GateResult(
        checked_at=datetime.now(UTC).isoformat(timespec="seconds"),
        build_id=build["build_id"] if build else None,
        outcomes=[_build_outcome(build)],
    )
    require_assets()  # before any checkpoint writes a page that would need the internet
    try:
        for table in SUITES:
            try:
                frame = con.execute(f"select * from marts.{table}").df()
            except duckdb.CatalogException as exc:
                # the first line names the table; the rest is DuckDB's echo of the query
                observed = str(exc).splitlines()[0][:500]
                gate.outcomes.append(Outcome(table, "table_exists", None, False, observed))
                continue
            checkpoint = context.checkpoints.get(f"gate_{table}")  # also updates Data Docs
            run = checkpoint.run(batch_parameters={"dataframe": frame})
            for validation in run.run_results.values():
                for r in validation.results:
                    config = r.expectation_config
                    gate.outcomes.append(
                        Outcome(table, config.type, config.kwargs.get("column"), bool(r.success),
                                _observed(r.result))
                    )  # fmt: skip
    finally:
        if DATA_DOCS.parent.is_dir():  # the pages written so far, also when a checkpoint raised
            localize(DATA_DOCS.parent)
    return gate


def record(con: duckdb.DuckDBPyConnection, gate: GateResult) -> None:
    """Append this run's outcomes to ``marts.dq_gate_results`` (published with the marts)."""
    con.execute("create schema if not exists marts")  # a gate before the first build records too
    con.execute(
        """create table if not exists marts.dq_gate_results (
            checked_at timestamp, table_name varchar, expectation varchar,
            column_name varchar, is_success boolean, observed varchar, build_id varchar)"""
    )
    # added after the first release: an older history gets the column on the next gate
    con.execute("alter table marts.dq_gate_results add column if not exists build_id varchar")
    rows = [
        (gate.checked_at, o.table_name, o.expectation, o.column_name, o.success, o.observed,
         gate.build_id)
        for o in gate.outcomes
    ]  # fmt: skip
    con.executemany(
        "insert into marts.dq_gate_results (checked_at, table_name, expectation, column_name, "
        "is_success, observed, build_id) values (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
