"""The one Dagster entry point: `dagster dev -m orchestration.definitions`."""

from __future__ import annotations

import dagster as dg

from orchestration.defs import alerts, automation, dbt, monitoring, quality, raw, reports
from orchestration.defs.resources import RESOURCES

defs = dg.Definitions(
    assets=[
        *raw.raw_assets,
        dbt.warehouse_dbt_assets,
        *quality.assets,
        *reports.assets,
        *alerts.assets,
    ],
    asset_checks=[*quality.asset_checks],
    jobs=[automation.nightly_job],
    schedules=[automation.nightly_schedule],
    sensors=[automation.landing_sensor, *monitoring.sensors],
    resources=RESOURCES,
)
