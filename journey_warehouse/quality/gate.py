"""Run the Great Expectations gate over the warehouse marts and record what it found.

GX validates pandas frames read from DuckDB (its SQL data source cannot validate DuckDB here).
The outcome goes to three places so a failure is visible even though the reports are not
refreshed: the ``marts.dq_gate_results`` history table, GX Data Docs, and a status file plus
a small static page next to the report site (``failing_since`` survives across runs).
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # no usage events from the gate

import great_expectations as gx

from journey_warehouse.settings import PROJECT_DIR

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


def run_gate(con: duckdb.DuckDBPyConnection) -> GateResult:
    context = gx.get_context(mode="file", context_root_dir=str(CONTEXT_ROOT))
    gate = GateResult(checked_at=datetime.now(UTC).isoformat(timespec="seconds"))
    for table in SUITES:
        try:
            frame = con.execute(f"select * from marts.{table}").df()
        except duckdb.CatalogException as exc:
            # the first line names the table; the rest is DuckDB's echo of the query
            observed = str(exc).splitlines()[0][:500]
            gate.outcomes.append(Outcome(table, "table_exists", None, False, observed))
            continue
        run = context.checkpoints.get(f"gate_{table}").run(batch_parameters={"dataframe": frame})
        for validation in run.run_results.values():
            for r in validation.results:
                config = r.expectation_config
                gate.outcomes.append(
                    Outcome(table, config.type, config.kwargs.get("column"), bool(r.success),
                            _observed(r.result))
                )  # fmt: skip
    return gate


def record(con: duckdb.DuckDBPyConnection, gate: GateResult) -> None:
    """Append this run's outcomes to ``marts.dq_gate_results`` (published with the marts)."""
    con.execute("create schema if not exists marts")  # a gate before the first build records too
    con.execute(
        """create table if not exists marts.dq_gate_results (
            checked_at timestamp, table_name varchar, expectation varchar,
            column_name varchar, is_success boolean, observed varchar)"""
    )
    rows = [
        (gate.checked_at, o.table_name, o.expectation, o.column_name, o.success, o.observed)
        for o in gate.outcomes
    ]
    con.executemany("insert into marts.dq_gate_results values (?, ?, ?, ?, ?, ?)", rows)


def write_status(gate: GateResult, status_file: Path, page: Path | None = None) -> dict:
    """Write the status JSON (and page); ``failing_since`` is the first failing run in a row."""
    previous = json.loads(status_file.read_text()) if status_file.exists() else {}
    failing_since = None
    if not gate.success:
        failing_since = previous.get("failing_since") or gate.checked_at
    status = {
        "checked_at": gate.checked_at,
        "success": gate.success,
        "failing_since": failing_since,
        "last_success_at": gate.checked_at if gate.success else previous.get("last_success_at"),
        "expectations": len(gate.outcomes),
        "failures": [asdict(o) for o in gate.failures],
        "data_docs": str(DATA_DOCS),
    }
    status_file.parent.mkdir(parents=True, exist_ok=True)
    status_file.write_text(json.dumps(status, indent=2))
    if page is not None:
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(render_status_page(status))
    return status


def render_status_page(status: dict) -> str:
    """A dependency-free page: it must show a failure even when the report build is skipped."""
    state = "PASSING" if status["success"] else "FAILING"
    rows = "".join(
        f"<tr><td>{html.escape(f['table_name'])}</td><td>{html.escape(f['expectation'])}</td>"
        f"<td>{html.escape(f['column_name'] or '')}</td><td><code>{html.escape(f['observed'])}"
        "</code></td></tr>"
        for f in status["failures"]
    )
    since = f"<p>Failing since {status['failing_since']}.</p>" if status["failing_since"] else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Data quality: {state}</title></head><body style="font-family:sans-serif;margin:2em">
<h1 id="dq-state">Data quality: {state}</h1>
<p>Last check {status["checked_at"]}; last passing check {status["last_success_at"]}.
{status["expectations"]} expectations, {len(status["failures"])} failed.</p>{since}
<p>While the gate fails the reports keep showing the last data that passed it.</p>
<table border="1" cellpadding="4"><tr><th>table</th><th>expectation</th><th>column</th>
<th>observed</th></tr>{rows}</table></body></html>"""
