"""What operators and readers are told: the status file and the stand-alone status page.

``dq_status.json`` (beside the published snapshots) holds the last gate's outcome (the build it
checked, the failed expectations, ``failing_since``, which survives across runs) and the last
nightly run's outcome, including runs that failed before the gate and runs found killed at the
next start. ``data-quality-status.html`` says the same without any dependency, so it shows even
when the report site is not rebuilt. Both are replaced atomically: a killed writer leaves the
previous version, never half a file.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from journey_warehouse.settings import Settings

if TYPE_CHECKING:
    from journey_warehouse.quality.gate import GateResult


def read_status(settings: Settings) -> dict:
    try:
        return json.loads(settings.status_file.read_text())
    except FileNotFoundError:
        return {}


def record_gate(settings: Settings, gate: GateResult, data_docs: Path) -> dict:
    """The gate's outcome; ``failing_since`` is the first failing check in a row."""
    previous = read_status(settings)
    failing_since = None
    if not gate.success:
        failing_since = previous.get("failing_since") or gate.checked_at
    status = {
        **previous,
        "checked_at": gate.checked_at,  # ISO 8601 UTC, comparable with the run's times
        "build_id": gate.build_id,
        "success": gate.success,
        "failing_since": failing_since,
        "last_success_at": gate.checked_at if gate.success else previous.get("last_success_at"),
        "expectations": len(gate.outcomes),
        "failures": [asdict(o) for o in gate.failures],
        "data_docs": str(data_docs),
    }
    _write(settings, status)
    return status


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def record_run_start(settings: Settings, run_id: str) -> dict:
    """A run that started and has not ended (or was killed) is not shown as passing."""
    status = read_status(settings)
    if (status.get("last_run") or {}).get("run_id") == run_id:  # its end was recorded first
        return status
    status["last_run"] = {"run_id": run_id, "started_at": _now(), "finished_at": None}
    _write(settings, status)
    return status


def record_run(
    settings: Settings, run_id: str, success: bool, failed_steps: list[str], message: str = ""
) -> dict:
    """The outcome of a nightly run, whichever step it ended at."""
    status = read_status(settings)
    started = status.get("last_run") or {}
    status["last_run"] = {
        "run_id": run_id,
        "started_at": started.get("started_at") if started.get("run_id") == run_id else None,
        "finished_at": _now(),
        "success": success,
        "failed_steps": failed_steps,
        "message": message,
    }
    _write(settings, status)
    return status


def _write(settings: Settings, status: dict) -> None:
    settings.publish_dir.mkdir(parents=True, exist_ok=True)
    for path, text in (
        (settings.status_file, json.dumps(status, indent=2)),
        (settings.status_page, render_status_page(status)),
    ):
        partial = path.with_name(f".{path.name}.partial")
        partial.write_text(text)
        os.replace(partial, path)


def _state(status: dict) -> str:
    """FAILING if the gate failed or a run failed after the last gate check; RUNNING while a
    run that started after the last gate check has not ended (a killed run stays so until the
    next start marks it failed)."""
    run = status.get("last_run") or {}
    checked_at = status.get("checked_at", "")
    if "checked_at" in status and not status["success"]:
        return "FAILING"
    if run.get("finished_at") and not run["success"] and run["finished_at"] >= checked_at:
        return "FAILING"
    if run and not run.get("finished_at") and (run.get("started_at") or "") >= checked_at:
        return "RUNNING"
    return "PASSING" if checked_at else "NOT CHECKED YET"


def render_status_page(status: dict) -> str:
    """A dependency-free page: it must show a failure even when the report build is skipped."""
    state = _state(status)
    run = status.get("last_run")
    parts = []
    if run is not None and run.get("finished_at"):
        outcome = "succeeded" if run["success"] else "FAILED"
        steps = f" at {', '.join(run['failed_steps'])}" if run["failed_steps"] else ""
        message = f": {run['message']}" if run["message"] else ""
        parts.append(
            f"<p id='dq-last-run'>Last nightly run {html.escape(run['run_id'])} {outcome}"
            f"{html.escape(steps)} ({run['finished_at']}){html.escape(message)}.</p>"
        )
    elif run is not None:
        parts.append(
            f"<p id='dq-last-run'>Nightly run {html.escape(run['run_id'])} started at "
            f"{run['started_at']} and has not finished (or was killed).</p>"
        )
    if "checked_at" in status:
        parts.append(
            f"<p>Last gate check {status['checked_at']} on dbt build {status.get('build_id')}; "
            f"last passing check {status['last_success_at']}. {status['expectations']} "
            f"expectations, {len(status['failures'])} failed.</p>"
        )
        if status["failing_since"]:
            parts.append(f"<p>Failing since {status['failing_since']}.</p>")
    if state != "PASSING":
        parts.append(
            "<p>The reports show the last data that passed the gate "
            f"(checked {status.get('last_success_at') or 'never'}).</p>"
        )
    rows = "".join(
        f"<tr><td>{html.escape(f['table_name'])}</td><td>{html.escape(f['expectation'])}</td>"
        f"<td>{html.escape(f['column_name'] or '')}</td><td><code>{html.escape(f['observed'])}"
        "</code></td></tr>"
        for f in status.get("failures", [])
    )
    table = (
        "<table border='1' cellpadding='4'><tr><th>table</th><th>expectation</th><th>column</th>"
        f"<th>observed</th></tr>{rows}</table>"
        if rows
        else ""
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Data quality: {state}</title></head><body style="font-family:sans-serif;margin:2em">
<h1 id="dq-state">Data quality: {state}</h1>
{"".join(parts)}{table}</body></html>"""
