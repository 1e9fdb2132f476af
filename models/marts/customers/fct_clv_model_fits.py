"""BG/NBD, Gamma-Gamma and the pooled-dropout fallback fits per business model, on the
calibration period and on the whole history, appended every run so that model quality can be
followed over time.

A dbt Python model keeps the fit inside the dbt graph (lineage, tests, docs) between the SQL
that shapes the histories and the SQL that reports on them; the maths is in journey_warehouse.clv.
"""

import pandas as pd

from journey_warehouse import clv
from journey_warehouse.frames import typed_relation

SCOPES = {
    "calibration": (
        "calibration_frequency", "calibration_recency_days", "calibration_age_days",
        "calibration_repeat_purchase_value",
    ),
    "full": ("frequency", "recency_days", "age_days", "repeat_purchase_value"),
}  # fmt: skip


PARAMS = clv.BGNBD_PARAMS + clv.GAMMA_GAMMA_PARAMS + clv.POOLED_PARAMS

SCHEMA = {
    "fit_id": "varchar",
    "fitted_at": "timestamp",
    "business_model": "varchar",
    "model_name": "varchar",
    "fit_scope": "varchar",
    "customers": "bigint",
    **{name: "double" for name in PARAMS},
    "log_likelihood": "double",
    "is_converged": "boolean",
    "projected_gradient": "double",
    "model_limit": "varchar",
    "iterations": "bigint",
    "is_usable": "boolean",
    "fallback_reason": "varchar",
    "optimizer_message": "varchar",
    "frequency_monetary_correlation": "double",
    "observation_end_date": "date",
    "calibration_end_date": "date",
}


def _row(fit: clv.Fit, business_model: str, scope: str, histories: pd.DataFrame) -> dict:
    return {
        "business_model": business_model,
        "model_name": fit.model,
        "fit_scope": scope,
        "customers": fit.customers,
        **{name: fit.params.get(name) for name in PARAMS},
        "log_likelihood": fit.log_likelihood,
        "is_converged": fit.converged,
        "projected_gradient": fit.extra.get("projected_gradient"),
        "model_limit": fit.limit,
        "iterations": fit.iterations,
        "is_usable": fit.usable,
        "fallback_reason": fit.fallback_reason,
        "optimizer_message": fit.message,
        "frequency_monetary_correlation": fit.extra.get("frequency_monetary_correlation"),
        "observation_end_date": histories["observation_end_date"].max(),
        "calibration_end_date": histories["calibration_end_date"].max(),
    }


def model(dbt, session):
    dbt.config(materialized="incremental", incremental_strategy="append")
    # sorted: a view has no row order, and the likelihood summed in another order moves the
    # optimizer's end point by ~1e-7 (reruns and incremental builds then differ from a refresh)
    histories = dbt.ref("int_purchase_histories_summarized").df().sort_values("journey_id")
    rows = []
    for business_model, group in histories.groupby("business_model"):
        for scope, (freq, rec, age, value) in SCOPES.items():
            sample = group.dropna(subset=[freq, rec, age])
            purchases = clv.fit_bgnbd(sample[freq], sample[rec], sample[age])
            spend = clv.fit_gamma_gamma(sample[freq], sample[value].fillna(0))
            # the churn-aware fallback, used where BG/NBD or Gamma-Gamma is not
            pooled = clv.fit_pooled_dropout(sample[freq], sample[rec], sample[age])
            rows += [_row(fit, business_model, scope, group) for fit in (purchases, spend, pooled)]
    fits = pd.DataFrame(rows, columns=[c for c in SCHEMA if c not in ("fit_id", "fitted_at")])
    fitted_at = pd.Timestamp.now(tz="UTC").tz_localize(None)
    keys = fits["business_model"] + "|" + fits["model_name"] + "|" + fits["fit_scope"]
    fits["fit_id"] = fitted_at.isoformat() + "|" + keys
    fits["fitted_at"] = fitted_at
    return typed_relation(session, fits, SCHEMA)
