"""Holdout check of the purchase model, per journey: fitted on the calibration period, the model
predicts each journey's purchases in the holdout period (`clv_holdout_days`); next to it, the
purchases that happened. The model is the one the predictions use: BG/NBD, or the pooled-dropout
fallback where BG/NBD is not usable. rpt_clv_holdout_calibration aggregates it."""

import pandas as pd

from journey_warehouse import clv
from journey_warehouse.frames import typed_relation

SCHEMA = {
    "journey_id": "varchar",
    "business_model": "varchar",
    "calibration_frequency": "bigint",
    "predicted_holdout_purchases": "double",
    "actual_holdout_purchases": "bigint",
    "holdout_days": "bigint",
    "prediction_method": "varchar",
}


def model(dbt, session):
    dbt.config(materialized="table")
    histories = dbt.ref("int_purchase_histories_summarized").df()
    all_fits = dbt.ref("fct_clv_model_fits").df()
    latest = all_fits[
        (all_fits["fitted_at"] == all_fits["fitted_at"].max())
        & (all_fits["fit_scope"] == "calibration")
    ]
    parts = []
    for business_model, group in histories.groupby("business_model"):
        sample = group.dropna(subset=["calibration_frequency"])
        fits = latest[latest["business_model"] == business_model]
        purchases, _ = clv.usable_params(fits, "bg_nbd", clv.BGNBD_PARAMS)
        pooled, _ = clv.usable_params(fits, "pooled_dropout", clv.POOLED_PARAMS)
        if sample.empty or not (purchases or pooled):
            continue  # no usable calibration fit: fct_clv_model_fits says why
        days = (
            pd.to_datetime(sample["observation_end_date"])
            - pd.to_datetime(sample["calibration_end_date"])
        ).dt.days
        history = (sample["calibration_frequency"], sample["calibration_recency_days"],
                   sample["calibration_age_days"])  # fmt: skip
        if purchases:
            predicted = clv.expected_purchases(purchases, days.to_numpy(float), *history)
        else:
            predicted = clv.pooled_expected_purchases(pooled, days.to_numpy(float), *history)
        parts.append(
            pd.DataFrame(
                {
                    "journey_id": sample["journey_id"],
                    "business_model": business_model,
                    "calibration_frequency": sample["calibration_frequency"],
                    "predicted_holdout_purchases": predicted,
                    "actual_holdout_purchases": sample["holdout_purchases"],
                    "holdout_days": days,
                    "prediction_method": "bg_nbd" if purchases else "pooled_dropout",
                }
            )
        )
    frame = pd.concat(parts) if parts else pd.DataFrame(columns=list(SCHEMA))
    return typed_relation(session, frame, SCHEMA)
