"""The nightly job, its schedule and the landing-file sensor (run outcomes: monitoring.py)."""

import hashlib

import dagster as dg

from journey_warehouse.landing.contract import DATASETS
from journey_warehouse.landing.loader import discover
from journey_warehouse.settings import Settings

# One writer at a time on the DuckDB file: run every step in one process, in order.
nightly_job = dg.define_asset_job(
    "nightly",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Load new landing files, build the warehouse, gate, publish, build reports.",
)

nightly_schedule = dg.ScheduleDefinition(
    job=nightly_job,
    cron_schedule=Settings.from_env().nightly_cron,
    execution_timezone=Settings.from_env().timezone,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)


def _landing_fingerprint(settings: Settings) -> str:
    files = sorted(
        f"{path.name}:{path.stat().st_size}:{int(path.stat().st_mtime)}"
        for dataset in DATASETS.values()
        for path in discover(settings.landing_dir, dataset)
    )
    return hashlib.sha256("\n".join(files).encode()).hexdigest() if files else ""


@dg.sensor(
    job=nightly_job, minimum_interval_seconds=300, default_status=dg.DefaultSensorStatus.STOPPED
)
def landing_sensor(context: dg.SensorEvaluationContext):
    """Start a run when the set of landing files changed since the last run it requested."""
    settings = Settings.from_env()
    if not settings.landing_dir.is_dir():
        return dg.SkipReason(
            f"landing folder {settings.landing_dir} does not exist (JW_LANDING_DIR)"
        )
    fingerprint = _landing_fingerprint(settings)
    if not fingerprint or fingerprint == context.cursor:
        return dg.SkipReason("no new landing files")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
