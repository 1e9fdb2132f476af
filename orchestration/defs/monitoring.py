"""Run outcomes outside Dagster: the status file records every nightly run, and a run whose
worker died (``kill -9``, a lost machine) is marked failed instead of staying STARTED forever.

A run's worker is the process of its events (Dagster stamps each event with its pid; the nightly
job runs all steps in one process). A STARTED run whose worker no longer exists on this machine
is abandoned: it is reported failed, which alerts like any failure. The CLI reaps before each
run; with the daemon, ``reap_abandoned_runs`` does it every two minutes. (Dagster's own run
monitoring cannot see a dead worker of the default run launcher.)
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import dagster as dg

from journey_warehouse.alerts import write_alert
from journey_warehouse.reports import copy_status_page
from journey_warehouse.settings import Settings
from journey_warehouse.status import record_run, record_run_start

from .automation import nightly_job

NIGHTLY = nightly_job.name
RUNNING = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]


def _worker_pid(instance: dg.DagsterInstance, run_id: str) -> int | None:
    records = instance.get_records_for_run(run_id, limit=50, ascending=False).records
    for record in records:
        event = record.event_log_entry.dagster_event
        if event is not None and event.pid is not None:
            return event.pid
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


def mark_abandoned_runs_failed(instance: dg.DagsterInstance) -> list[tuple[str, str]]:
    """Report every abandoned nightly run failed; returns (run id, message) of each."""
    marked = []
    for run in instance.get_runs(dg.RunsFilter(job_name=NIGHTLY, statuses=RUNNING)):
        pid = _worker_pid(instance, run.run_id)
        if pid is None or pid == os.getpid() or _alive(pid):
            continue
        message = f"the run's process {pid} is gone (killed?): marked failed"
        instance.report_run_failed(run, message=message)
        marked.append((run.run_id, message))
    return marked


def report_run_outcome(
    settings: Settings, run_id: str, job: str, failed_steps: list[str] | None, error: str = ""
) -> None:
    """A failed run (``failed_steps`` not None) alerts; a nightly run's outcome also goes to
    the status file and page (and its copy beside the report site)."""
    if failed_steps is not None:
        at = datetime.now(UTC).isoformat()
        alert = {"at": at, "kind": "run_failed", "run_id": run_id, "job": job, "error": error}
        write_alert(alert, settings)
    if job == NIGHTLY:
        record_run(settings, run_id, failed_steps is None, failed_steps or [], error)
        copy_status_page(settings)


def _failed_steps(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.STEP_FAILURE).records
    return [r.event_log_entry.step_key for r in records if r.event_log_entry.step_key]


@dg.sensor(minimum_interval_seconds=120, default_status=dg.DefaultSensorStatus.RUNNING)
def reap_abandoned_runs(context: dg.SensorEvaluationContext):
    """Mark nightly runs whose process died failed (the failure sensor then alerts)."""
    marked = mark_abandoned_runs_failed(context.instance)
    return dg.SkipReason(f"marked failed: {[run_id for run_id, _ in marked]}")


@dg.run_failure_sensor(default_status=dg.DefaultSensorStatus.RUNNING)
def alert_on_failure(context: dg.RunFailureSensorContext):
    """Make failed runs visible outside Dagster."""
    run = context.dagster_run
    failed_steps = _failed_steps(context.instance, run.run_id)
    error = context.failure_event.message or "failed"
    report_run_outcome(Settings.from_env(), run.run_id, run.job_name, failed_steps, error)


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[nightly_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def record_nightly_success(context: dg.RunStatusSensorContext):
    report_run_outcome(Settings.from_env(), context.dagster_run.run_id, NIGHTLY, None)


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.STARTED,
    monitored_jobs=[nightly_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def record_nightly_start(context: dg.RunStatusSensorContext):
    settings = Settings.from_env()
    record_run_start(settings, context.dagster_run.run_id)
    copy_status_page(settings)


sensors = [reap_abandoned_runs, alert_on_failure, record_nightly_start, record_nightly_success]
