"""The data-quality gate's expectation suites: one per validated table.

This is the source of the Great Expectations file context in ``expectations/`` (suites,
validation definitions, one checkpoint per table); ``make gx-context`` writes it and a test
keeps the committed JSON in step with this file. Row-level checks of the big event tables stay
in dbt tests; the gate validates what the reports read, plus the load reconciliation.
"""

from __future__ import annotations

import copy

import great_expectations as gx
from great_expectations import expectations as gxe
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.expectations.row_conditions import Column

MAX_QUARANTINE_RATE = 0.05  # over 5 % of a delivery's rows rejected means a broken feed
MAX_HOURS_SINCE_LOAD = 36.0


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
        *_key("invariant_id"),
        gxe.ExpectColumnValuesToBeInSet(column="is_holding", value_set=[True]),
    ],
    "rpt_data_loads": [
        *_key("dataset"),
        _between("unreconciled_rows", 0, 0),
        _between("latest_batch_quarantine_rate", 0, MAX_QUARANTINE_RATE),
        _between("hours_since_last_load", None, MAX_HOURS_SINCE_LOAD),
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
    ],
    "rpt_attribution_model_totals": [
        *_key("report_row_id"),
        _between("conversion_credit_gap", -1e-6, 1e-6),
        _between("revenue_credit_gap", -0.01, 0.01),
        gxe.ExpectColumnDistinctValuesToEqualSet(
            column="attribution_model",
            value_set=[
                "first_touch",
                "last_touch",
                "last_non_direct",
                "linear",
                "position_based",
                "time_decay",
                "markov",
                "shapley",
            ],
        ),
    ],
    "rpt_stage_funnel": [
        *_key("funnel_row_id"),
        _between("share_of_journeys", 0, 1),
        _between("progression_rate", 0, 1),
        _between("median_days_from_previous_stage", 0, None),
        # a funnel never widens: no stage holds more journeys than the stage before it
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="previous_stage_journeys_reached",
            column_B="journeys_reached",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
    ],
    "rpt_customer_lifetime_values": [
        *_key("journey_id"),
        _between("predicted_clv", 0, None),
        _between("historical_clv", 0, None),
        _between("probability_alive", 0, 1),
        gxe.ExpectColumnValuesToNotBeNull(column="predicted_clv"),
        gxe.ExpectColumnValuesToNotBeNull(column="segment"),
    ],
    "rpt_retention_cohorts": [
        *_key("retention_cohort_id"),
        _between("cohort_size", 1, None),
        _between("logo_retention_rate", 0, 1),
        _between("revenue_retention_rate", 0, None),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="cohort_size", column_B="active_customers", or_equal=True
        ),
    ],
    "rpt_revenue_retention": [
        *_key("revenue_retention_id"),
        _between("net_revenue_retention", 0, None),
        _between("gross_revenue_retention", 0, 1),
    ],
    "rpt_voice_of_customer": [
        *_key("voice_of_customer_id"),
        _between("nps", -100, 100),
        _between("top_box_share", 0, 1),
        _between("response_rate", 0, None),
        # a response makes its journey active, so whole-population rates cannot exceed 1
        _between(
            "response_rate",
            0,
            1,
            row_condition=Column("dimension_name").is_in(["overall", "segment"]),
        ),
        _between("mean_score", 0, 10),
    ],
    "rpt_pain_points": [
        *_key("pain_point_id"),
        _between("impact_score", 0, None),
        _between("low_score_share", 0, 1),
    ],
    "rpt_b2b_vs_b2c": [
        *_key("comparison_id"),
        _between("conversion_rate", 0, 1),
        gxe.ExpectColumnDistinctValuesToBeInSet(column="business_model", value_set=["b2b", "b2c"]),
    ],
    "rpt_clv_holdout_calibration": [
        *_key("calibration_row_id"),
        _between("predicted_holdout_purchases", 0, None),
    ],
}


def build_context(context_root: str) -> gx.data_context.FileDataContext:
    """(Re)write the file context: a pandas data source with one dataframe asset, suite,
    validation definition and checkpoint (which also updates Data Docs) per table."""
    context = gx.get_context(mode="file", context_root_dir=context_root)
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.variables.save()
    source = context.data_sources.add_or_update_pandas("warehouse")
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
