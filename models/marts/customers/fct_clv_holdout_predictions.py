"""Holdout check of the purchase model, per journey: fitted on the calibration period, the model
predicts each journey's purchases in the holdout period (`clv_holdout_days`); next to it, the
purchases that happened. rpt_clv_holdout_calibration aggregates it."""

import pandas as pd

from orchestration import clv
from orchestration.frames import typed_relation

SCHEMA = {
    "journey_id": "varchar",
    "business_model": "varchar",
    "calibration_frequency": "bigint",
    "predicted_holdout_purchases": "double",
    "actual_holdout_purchases": "bigint",
    "holdout_days": "bigint",
}


def model(dbt, session):
    dbt.config(materialized="table")
    histories = dbt.ref("int_customer_purchase_histories").df()
    all_fits = dbt.ref("fct_clv_model_fits").df()
    latest = all_fits[all_fits["fitted_at"] == all_fits["fitted_at"].max()]
    parts = []
    for business_model, group in histories.groupby("business_model"):
        fit = latest[
            (latest["business_model"] == business_model)
            & (latest["model_name"] == "bg_nbd")
            & (latest["fit_scope"] == "calibration")
        ]
        sample = group.dropna(subset=["calibration_frequency"])
        if fit.empty or not bool(fit["is_usable"].iloc[0]) or sample.empty:
            continue  # no usable calibration fit: fct_clv_model_fits says why
        params = {name: float(fit[name].iloc[0]) for name in clv.BGNBD_PARAMS}
        days = (
            pd.to_datetime(sample["observation_end_date"])
            - pd.to_datetime(sample["calibration_end_date"])
        ).dt.days
        predicted = clv.expected_purchases(
            params, days.to_numpy(float), sample["calibration_frequency"],
            sample["calibration_recency_days"], sample["calibration_age_days"],
        )  # fmt: skip
        parts.append(
            pd.DataFrame(
                {
                    "journey_id": sample["journey_id"],
                    "business_model": business_model,
                    "calibration_frequency": sample["calibration_frequency"],
                    "predicted_holdout_purchases": predicted,
                    "actual_holdout_purchases": sample["holdout_purchases"],
                    "holdout_days": days,
                }
            )
        )
    frame = pd.concat(parts) if parts else pd.DataFrame(columns=list(SCHEMA))
    return typed_relation(session, frame, SCHEMA)
