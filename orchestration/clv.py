"""BG/NBD purchase model and Gamma-Gamma spend model, fitted by maximum likelihood.

Pure numpy/scipy on whole arrays (one row per customer), used by the dbt Python models in
``models/marts/customers``. Formulas: Fader, Hardie & Lee (2005), "Counting your customers the
easy way" (BG/NBD) and "RFM and CLV: using iso-value curves" (Gamma-Gamma). Time is in days.

Inputs per customer follow the usual convention: ``frequency`` = repeat purchase days,
``recency`` = days from first to last purchase, ``age`` (T) = days from first purchase to the
end of the observation period, ``monetary`` = mean value of the repeat purchases.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special

BGNBD_PARAMS = ("r", "alpha", "a", "b")
GAMMA_GAMMA_PARAMS = ("p", "q", "v")
# A parameter beyond these bounds means the optimum lies on the boundary of the parameter space
# (e.g. BG/NBD a -> 0, b -> inf when nobody seems to drop out): the likelihood is flat there, the
# numbers are arbitrary and the closed forms overflow, so the fit is not used.
BOUNDARY = (1e-8, 1e8)


@dataclass
class Fit:
    """The outcome of one maximum-likelihood fit; ``fallback_reason`` is set when it is unusable."""

    model: str
    params: dict[str, float]
    log_likelihood: float
    converged: bool
    iterations: int
    customers: int
    fallback_reason: str | None = None
    message: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        return self.fallback_reason is None


def bgnbd_log_likelihood(params, frequency, recency, age) -> np.ndarray:
    """Per-customer BG/NBD log-likelihood."""
    r, alpha, a, b = params
    x, t_x, big_t = frequency, recency, age
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.gammaln(a + b) + special.gammaln(b + x) - special.gammaln(b)
    a2 = a2 - special.gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + big_t)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + t_x)
    a4 = np.where(x > 0, a4, -np.inf)
    return a1 + a2 + np.logaddexp(a3, a4)


def gamma_gamma_log_likelihood(params, frequency, monetary) -> np.ndarray:
    """Per-customer Gamma-Gamma log-likelihood (customers with at least one repeat purchase)."""
    p, q, v = params
    x, m = frequency, monetary
    return (
        special.gammaln(p * x + q)
        - special.gammaln(p * x)
        - special.gammaln(q)
        + q * np.log(v)
        + (p * x - 1) * np.log(m)
        + (p * x) * np.log(x)
        - (p * x + q) * np.log(x * m + v)
    )


def _fit(model: str, names, loglik, data, start, customers: int, minimum: int,
         weights=None) -> Fit:  # fmt: skip
    """Maximise sum(weights * loglik) over log-parameters; weights count identical customers."""
    if customers < minimum:
        return Fit(model, {}, float("nan"), False, 0, customers, f"only {customers} customers")
    weights = np.ones(len(data[0])) if weights is None else weights

    def objective(log_params):
        value = -np.sum(weights * loglik(np.exp(log_params), *data))
        return value if np.isfinite(value) else 1e300

    result = optimize.minimize(
        objective,
        np.log(start),
        method="Nelder-Mead",
        options={"xatol": 1e-8, "fatol": 1e-8, "maxiter": 20000, "maxfev": 40000},
    )
    params = dict(zip(names, np.exp(result.x).tolist(), strict=True))
    fit = Fit(
        model, params, -float(result.fun), bool(result.success), int(result.nit), customers,
        message=str(result.message),
    )  # fmt: skip
    at_boundary = {k: v for k, v in params.items() if not BOUNDARY[0] < v < BOUNDARY[1]}
    if not result.success:
        fit.fallback_reason = f"optimizer did not converge: {result.message}"
    elif not np.isfinite(fit.log_likelihood):
        fit.fallback_reason = "log-likelihood is not finite"
    elif at_boundary:
        fit.fallback_reason = "degenerate fit, parameters at the boundary: " + ", ".join(
            f"{k}={v:.3g}" for k, v in at_boundary.items()
        )
    return fit


def fit_bgnbd(frequency, recency, age, minimum_customers: int = 30) -> Fit:
    """BG/NBD by maximum likelihood (Nelder-Mead on log-parameters, like the reference code)."""
    data = (np.asarray(frequency, float), np.asarray(recency, float), np.asarray(age, float))
    start = np.array([1.0, max(float(np.mean(data[2])), 1.0), 1.0, 1.0])
    # customers with the same (frequency, recency, age) share one likelihood term: with whole
    # days that folds hundreds of thousands of customers into a third as many rows
    unique, counts = np.unique(np.column_stack(data), axis=0, return_counts=True)
    fit = _fit("bg_nbd", BGNBD_PARAMS, bgnbd_log_likelihood, tuple(unique.T), start,
               len(data[0]), minimum_customers, weights=counts)  # fmt: skip
    if fit.usable:
        year = expected_purchases(fit.params, 365, *data)
        if not np.all(np.isfinite(year) & (year >= 0)):
            fit.fallback_reason = "predictions are not finite and non-negative"
    return fit


def fit_gamma_gamma(frequency, monetary, minimum_customers: int = 30) -> Fit:
    """Gamma-Gamma by maximum likelihood, on customers with repeat purchases and positive spend."""
    x, m = np.asarray(frequency, float), np.asarray(monetary, float)
    keep = (x > 0) & (m > 0)
    x, m = x[keep], m[keep]
    fit = _fit("gamma_gamma", GAMMA_GAMMA_PARAMS, gamma_gamma_log_likelihood, (x, m),
               np.array([1.0, 1.0, max(float(np.mean(m)) if len(m) else 1.0, 1.0)]), len(x),
               minimum_customers)  # fmt: skip
    if fit.usable and fit.params["q"] <= 1:
        fit.fallback_reason = "q <= 1: expected spend is undefined"
    if len(x) > 1:
        fit.extra["frequency_monetary_correlation"] = float(np.corrcoef(x, m)[0, 1])
    return fit


def _odds_dead(params, frequency, recency, age) -> np.ndarray:
    r, alpha, a, b = (params[k] for k in BGNBD_PARAMS)
    x = np.asarray(frequency, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (a / np.maximum(b + x - 1, 1e-300)) * np.power(
            (alpha + age) / (alpha + recency), r + x
        )
    return np.where(x > 0, ratio, 0.0)


def probability_alive(params, frequency, recency, age) -> np.ndarray:
    return 1.0 / (1.0 + _odds_dead(params, frequency, recency, age))


def expected_purchases(params, days, frequency, recency, age) -> np.ndarray:
    """Expected purchases in the next ``days`` given each customer's history (FHL eq. 10)."""
    r, alpha, a, b = (params[k] for k in BGNBD_PARAMS)
    x = np.asarray(frequency, float)
    age = np.asarray(age, float)
    z = days / (alpha + age + days)
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
    body = 1 - np.power((alpha + age) / (alpha + age + days), r + x) * hyp
    numerator = (a + b + x - 1) / (a - 1) * body
    return numerator / (1 + _odds_dead(params, frequency, recency, np.asarray(age)))


def expected_spend(params, frequency, monetary) -> np.ndarray:
    """Expected average order value given the history (population mean for 0 repeats)."""
    p, q, v = (params[k] for k in GAMMA_GAMMA_PARAMS)
    x = np.asarray(frequency, float)
    m = np.nan_to_num(np.asarray(monetary, float))
    return (p * (v + x * m)) / (p * x + q - 1)


def discounted_clv(
    bgnbd, gamma_gamma, frequency, recency, age, monetary, horizon_days: int,
    annual_discount_rate: float, step_days: int = 30,
) -> np.ndarray:  # fmt: skip
    """Sum over ``step_days`` periods of expected purchases x expected spend, discounted."""
    spend = expected_spend(gamma_gamma, frequency, monetary)
    total = np.zeros(len(np.asarray(frequency)))
    previous = np.zeros_like(total)
    for end in range(step_days, horizon_days + step_days, step_days):
        end = min(end, horizon_days)
        cumulative = expected_purchases(bgnbd, end, frequency, recency, age)
        discount = (1 + annual_discount_rate) ** (end / 365.0)
        total += (cumulative - previous) * spend / discount
        previous = cumulative
        if end == horizon_days:
            break
    return total
