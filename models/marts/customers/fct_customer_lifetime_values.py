"""Customer lifetime value per journey (B2C person, B2B account): history plus prediction.

Predictions use this run's full-history fits. Where BG/NBD or Gamma-Gamma is unusable (too few
customers, no convergence, q <= 1), the journeys of that business model fall back to the
pooled-dropout model (one purchase rate and one dropout probability for all, still churn-aware:
a journey long without a purchase is probably gone) and the business model's mean order value,
and `prediction_method` / `fallback_reason` say so. Without any usable fit the prediction is 0.
"""

import numpy as np
import pandas as pd

from journey_warehouse import clv
from journey_warehouse.frames import typed_relation

SCHEMA = {
    "journey_id": "varchar",
    "business_model": "varchar",
    "first_purchase_date": "date",
    "last_purchase_date": "date",
    "conversion_count": "bigint",
    "net_revenue": "decimal(18, 2)",
    "average_order_value": "decimal(18, 2)",
    "tenure_days": "bigint",
    "frequency": "bigint",
    "recency_days": "bigint",
    "age_days": "bigint",
    "expected_purchases_90d": "double",
    "expected_purchases_180d": "double",
    "expected_purchases_365d": "double",
    "probability_alive": "double",
    "expected_order_value": "decimal(18, 2)",
    "predicted_clv": "decimal(18, 2)",
    "historical_clv": "decimal(18, 2)",
    "total_clv": "decimal(18, 2)",
    "clv_horizon_days": "bigint",
    "prediction_method": "varchar",
    "fallback_reason": "varchar",
}


def _predict(group: pd.DataFrame, fits: pd.DataFrame, horizon: int, rate: float) -> pd.DataFrame:
    x, t_x, age = group["frequency"], group["recency_days"], group["age_days"]
    value = group["repeat_purchase_value"]
    purchases, why_not_purchases = clv.usable_params(fits, "bg_nbd", clv.BGNBD_PARAMS)
    spend, why_not_spend = clv.usable_params(fits, "gamma_gamma", clv.GAMMA_GAMMA_PARAMS)
    out = pd.DataFrame(index=group.index)
    if purchases and spend:
        for days in (90, 180, 365):
            out[f"expected_purchases_{days}d"] = clv.expected_purchases(
                purchases, days, x, t_x, age
            )
        out["probability_alive"] = clv.probability_alive(purchases, x, t_x, age)
        out["expected_order_value"] = clv.expected_spend(spend, x, value)
        out["predicted_clv"] = clv.discounted_clv(
            purchases, spend, x, t_x, age, value, horizon, rate
        )
        out["prediction_method"] = "bg_nbd_gamma_gamma"
        out["fallback_reason"] = None
    else:
        pooled, why_not_pooled = clv.usable_params(fits, "pooled_dropout", clv.POOLED_PARAMS)
        # too few repeat buyers to tell how spend differs between customers (Gamma-Gamma):
        # everyone is expected to spend the business model's mean order value, its prior mean
        mean_value = float(
            group["net_revenue"].astype(float).sum() / group["conversion_count"].sum()
        )
        average_value = pd.Series(mean_value, index=group.index)
        if pooled:
            for days in (90, 180, 365):
                out[f"expected_purchases_{days}d"] = clv.pooled_expected_purchases(
                    pooled, days, x, t_x, age
                )
            out["probability_alive"] = clv.pooled_probability_alive(pooled, x, t_x, age)
            out["predicted_clv"] = clv.discounted_value(
                lambda days: clv.pooled_expected_purchases(pooled, days, x, t_x, age),
                average_value.to_numpy(),
                horizon,
                rate,
            )
            out["prediction_method"] = "pooled_dropout_fallback"
        else:
            for days in (90, 180, 365):
                out[f"expected_purchases_{days}d"] = 0.0
            out["probability_alive"] = np.nan
            out["predicted_clv"] = 0.0
            out["prediction_method"] = "no_usable_model"
        out["expected_order_value"] = average_value
        out["fallback_reason"] = "; ".join(
            why for why in (why_not_purchases, why_not_spend, why_not_pooled) if why
        )
    return out


def model(dbt, session):
    dbt.config(materialized="table")
    horizon = int(dbt.config.get("clv_horizon_days"))
    rate = float(dbt.config.get("clv_annual_discount_rate"))
    histories = dbt.ref("int_purchase_histories_summarized").df()
    all_fits = dbt.ref("fct_clv_model_fits").df()
    fits = all_fits[
        (all_fits["fitted_at"] == all_fits["fitted_at"].max()) & (all_fits["fit_scope"] == "full")
    ]
    parts = []
    for business_model, group in histories.groupby("business_model"):
        model_fits = fits[fits["business_model"] == business_model]
        parts.append(group.join(_predict(group, model_fits, horizon, rate)))
    result = pd.concat(parts) if parts else histories.assign(predicted_clv=0.0)
    result["net_revenue"] = result["net_revenue"].astype(float)
    result["average_order_value"] = result["net_revenue"] / result["conversion_count"]
    result["tenure_days"] = result["age_days"]
    result["historical_clv"] = result["net_revenue"]
    result["total_clv"] = result["net_revenue"] + result["predicted_clv"]
    result["clv_horizon_days"] = horizon
    return typed_relation(session, result, SCHEMA)
