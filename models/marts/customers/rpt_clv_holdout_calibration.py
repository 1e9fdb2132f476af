"""Holdout check of the purchase model: fitted on the calibration period, it predicts each
journey's purchases in the holdout period; compared with what happened, overall and by the
number of repeat purchases in calibration (0, 1, ..., 6, 7+)."""

import numpy as np
import pandas as pd

from orchestration import clv


def _buckets(frequency: pd.Series) -> pd.Series:
    return np.minimum(frequency, 7).astype(int).astype(str).replace("7", "7+")


def model(dbt, session):
    dbt.config(materialized="table")
    histories = dbt.ref("int_customer_purchase_histories").df()
    all_fits = dbt.ref("fct_clv_model_fits").df()
    latest = all_fits[all_fits["fitted_at"] == all_fits["fitted_at"].max()]
    rows = []
    for business_model, group in histories.groupby("business_model"):
        fit = latest[
            (latest["business_model"] == business_model)
            & (latest["model_name"] == "bg_nbd")
            & (latest["fit_scope"] == "calibration")
        ]
        sample = group.dropna(subset=["calibration_frequency"])
        if fit.empty or not bool(fit["is_usable"].iloc[0]) or sample.empty:
            continue
        params = {name: float(fit[name].iloc[0]) for name in clv.BGNBD_PARAMS}
        days = (sample["observation_end_date"] - sample["calibration_end_date"]).dt.days
        predicted = clv.expected_purchases(
            params, days.to_numpy(float), sample["calibration_frequency"],
            sample["calibration_recency_days"], sample["calibration_age_days"],
        )  # fmt: skip
        frame = pd.DataFrame(
            {
                "bucket": _buckets(sample["calibration_frequency"]),
                "predicted": predicted,
                "actual": sample["holdout_purchases"].astype(float),
            }
        )
        overall = frame.assign(bucket="overall")
        for bucket, part in pd.concat([frame, overall]).groupby("bucket"):
            actual, predicted_sum = part["actual"].sum(), part["predicted"].sum()
            rows.append(
                {
                    "calibration_row_id": f"{business_model}|{bucket}",
                    "business_model": business_model,
                    "calibration_frequency_bucket": bucket,
                    "customers": len(part),
                    "actual_holdout_purchases": actual,
                    "predicted_holdout_purchases": predicted_sum,
                    "mean_actual": part["actual"].mean(),
                    "mean_predicted": part["predicted"].mean(),
                    "relative_error": (predicted_sum - actual) / actual if actual else None,
                    "holdout_days": int(days.max()),
                }
            )
    columns = [
        "calibration_row_id", "business_model", "calibration_frequency_bucket", "customers",
        "actual_holdout_purchases", "predicted_holdout_purchases", "mean_actual",
        "mean_predicted", "relative_error", "holdout_days",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
