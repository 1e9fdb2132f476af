"""The data-quality gate's expectation suites: one per validated table.

This is the source of the Great Expectations file context in ``expectations/`` (suites,
validation definitions, one checkpoint per table); ``make gx-context`` writes it and a test
keeps the committed JSON in step with this file. The gate checks what dbt's tests do not: the
night's delivery (quarantine rate, freshness), cross-table and business invariants and ranges
of what the reports read; a test (test_conventions) keeps it from repeating a dbt test, since
such an expectation could never fail on its own (dbt stops the run first).
"""

from __future__ import annotations

import copy
from pathlib import Path

import great_expectations as gx
import yaml
from great_expectations import expectations as gxe
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.expectations.row_conditions import Column

from journey_warehouse.settings import PROJECT_DIR

# the one list of attribution models (dbt var `attribution_models`, macros/enumerations.sql)
ATTRIBUTION_MODELS = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"][
    "attribution_models"
]
# over 5 % of a delivery's new rows rejected means a broken feed (rows identical to rows loaded
# before, a re-delivered file, are not counted: rpt_data_loads.latest_batch_quarantine_rate)
MAX_QUARANTINE_RATE = 0.05


def _between(column: str, low=None, high=None, **kw) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high, **kw)


def _key(column: str) -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column=column),
        gxe.ExpectColumnValuesToBeUnique(column=column),
    ]


SUITES: dict[str, list[gxe.Expectation]] = {
    # what a reader checks by eye (a funnel that widens, churned valued above active, a model
    # promising far more than the business ever earned): any one false fails the gate
    "rpt_metric_invariants": [
        gxe.ExpectColumnValuesToBeInSet(column="is_holding", value_set=[True]),
    ],
    # the night's delivery: a broken feed, a stale load, nothing loaded at all
    "rpt_data_loads": [
        _between("latest_batch_quarantine_rate", 0, MAX_QUARANTINE_RATE),
        gxe.ExpectColumnValuesToBeInSet(column="is_fresh", value_set=[True]),
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
    ],
    # credits add up to the conversions (and their revenue), for every one of the eight models
    "rpt_attribution_model_totals": [
        _between("conversion_credit_gap", -1e-6, 1e-6),
        _between("revenue_credit_gap", -0.01, 0.01),
        gxe.ExpectColumnDistinctValuesToEqualSet(
            column="attribution_model", value_set=list(ATTRIBUTION_MODELS)
        ),
    ],
    # time to a stage is never negative
    "rpt_stage_funnel": [
        _between("median_days_from_previous_stage", 0, None),
    ],
    "rpt_customer_lifetime_values": [
        _between("historical_clv", 0, None),
        _between("probability_alive", 0, 1),
        gxe.ExpectColumnValuesToNotBeNull(column="predicted_clv"),
        gxe.ExpectColumnValuesToNotBeNull(column="segment"),
    ],
    "rpt_voice_of_customer": [
        # a response makes its journey active, so whole-population rates cannot exceed 1
        _between(
            "response_rate",
            0,
            1,
            row_condition=Column("dimension_name").is_in(["overall", "segment"]),
        ),
        _between("response_rate", 0, None),
        _between("mean_score", 0, 10),
    ],
    "rpt_clv_holdout_calibration": [
        _between("predicted_holdout_purchases", 0, None),
    ],
}


def build_context(context_root: str) -> gx.data_context.FileDataContext:
    """(Re)write the file context: a pandas data source with one dataframe asset, suite,
    validation definition and checkpoint (which also updates Data Docs) per table."""
    for folder in ("checkpoints", "validation_definitions", "expectations"):
        for stale in Path(context_root).glob(f"{folder}/*.json"):
            if stale.stem.removeprefix("gate_") not in SUITES:
                stale.unlink()
    context = gx.get_context(mode="file", context_root_dir=context_root)
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.variables.save()
    source = context.data_sources.add_or_update_pandas("warehouse")
    # a table that left SUITES leaves the context too
    for asset in source.get_asset_names():
        if asset not in SUITES:
            source.delete_asset(asset)
    for table, expectations in SUITES.items():
        asset = source.add_dataframe_asset(table) if table not in source.get_asset_names() \
            else source.get_asset(table)  # fmt: skip
        if "whole_table" not in [b.name for b in asset.batch_definitions]:
            asset.add_batch_definition_whole_dataframe("whole_table")
        suite = context.suites.add_or_update(gx.ExpectationSuite(name=table))
        for expectation in expectations:
            suite.add_expectation(copy.deepcopy(expectation))
        suite.save()
        definition = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(
                name=table, data=asset.get_batch_definition("whole_table"), suite=suite
            )
        )
        context.checkpoints.add_or_update(
            gx.Checkpoint(
                name=f"gate_{table}",
                validation_definitions=[definition],
                actions=[gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")],
            )
        )
    return context
