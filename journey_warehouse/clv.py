"""BG/NBD purchase model and Gamma-Gamma spend model, fitted by maximum likelihood.

Pure numpy/scipy on whole arrays (one row per customer), used by the dbt Python models in
``models/marts/customers``. Formulas: Fader, Hardie & Lee (2005), "Counting your customers the
easy way" (BG/NBD) and "RFM and CLV: using iso-value curves" (Gamma-Gamma). Time is in days.

Inputs per customer follow the usual convention: ``frequency`` = repeat purchase days,
``recency`` = days from first to last purchase, ``age`` (T) = days from first purchase to the
end of the observation period, ``monetary`` = mean value of the repeat purchases.

Fitting (docs/clv.md has the why): a bounded quasi-Newton method (L-BFGS-B) on transformed
parameters from several fixed starts; a fit counts as converged when its projected gradient
vanishes, whatever path the optimizer took. BG/NBD's dropout Beta(a, b) is fitted as its mean
``a / (a + b)`` and its concentration ``a + b``. Two limits of the model are answers, not
failures: when everybody drops out at the same rate the concentration runs to infinity (the
Beta becomes one probability), and when nobody drops out the mean runs to 0 (the model becomes
the NBD). Both are fitted as such, with ``Fit.limit`` saying which.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special

BGNBD_PARAMS = ("r", "alpha", "a", "b")
GAMMA_GAMMA_PARAMS = ("p", "q", "v")
POOLED_PARAMS = ("purchase_rate", "dropout_probability")
# Beta(a, b) concentrations above this are one dropout probability for every practical purpose
# (standard deviation below 1 % of the mean for means above 1 %): the "homogeneous dropout" limit
MAX_CONCENTRATION = 1e4
# Gamma(r, alpha) shapes above this are one purchase rate r / alpha for every practical purpose
# (CV 1 %): the "homogeneous purchase rate" limit, stored as r = MAX_SHAPE, alpha = r / rate
MAX_SHAPE = 1e4
# a fit that gains less log-likelihood than this over a limit of the model is that limit
LIMIT_TOLERANCE = 1e-3
GRADIENT_TOLERANCE = 1e-4  # of the mean log-likelihood per customer, per transformed parameter
HOMOGENEOUS_DROPOUT = "homogeneous_dropout"
HOMOGENEOUS_RATE = "homogeneous_purchase_rate"
HOMOGENEOUS_BOTH = "homogeneous_rate_and_dropout"
NO_DROPOUT = "no_dropout"


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
    limit: str | None = None
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        return self.fallback_reason is None


def bgnbd_log_likelihood(params, frequency, recency, age) -> np.ndarray:
    """Per-customer BG/NBD log-likelihood; ``a == 0`` is the no-dropout limit (the NBD)."""
    r, alpha, a, b = params
    x, t_x, big_t = frequency, recency, age
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a3 = -(r + x) * np.log(alpha + big_t)
    if a == 0:
        return a1 + a3
    # B(a, b + x) / B(a, b) = G(a+b) G(b+x) / (G(b) G(a+b+x)), stable for large a and b
    a2 = special.betaln(a, b + x) - special.betaln(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        # b + (x - 1), not b + x - 1: the sum loses b entirely when b is tiny and x = 1
        a4 = np.log(a) - np.log(b + (x - 1)) - (r + x) * np.log(alpha + t_x)
    a4 = np.where(x > 0, a4, -np.inf)
    return a1 + a2 + np.logaddexp(a3, a4)


def homogeneous_rate_log_likelihood(params, frequency, recency, age) -> np.ndarray:
    """BG/NBD as r, alpha -> infinity with r / alpha = rate: Poisson purchases at one rate.
    Fitted in its own terms because at large r the general likelihood is the small difference
    of large gammaln values, whose rounding noise swamps the gradient."""
    rate, a, b = params
    x, t_x, big_t = frequency, recency, age
    a2 = special.betaln(a, b + x) - special.betaln(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.log(a) - np.log(b + (x - 1)) - rate * t_x
    a4 = np.where(x > 0, a4, -np.inf)
    return x * np.log(rate) + a2 + np.logaddexp(-rate * big_t, a4)


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


@dataclass(frozen=True)
class _Problem:
    """Mean weighted log-likelihood over unconstrained-but-bounded coordinates ``theta``."""

    loglik: Callable[..., np.ndarray]
    to_params: Callable[[np.ndarray], tuple]
    data: tuple
    weights: np.ndarray
    bounds: list[tuple[float, float]]

    def mean_loglik(self, theta: np.ndarray) -> float:
        values = self.loglik(self.to_params(theta), *self.data)
        value = float(np.sum(self.weights * values) / np.sum(self.weights))
        return value if np.isfinite(value) else -1e300

    def projected_gradient(self, theta: np.ndarray, step: float = 1e-5) -> np.ndarray:
        """Central differences; components pushing against an active bound count as zero."""
        gradient = np.zeros(len(theta))
        for i, (low, high) in enumerate(self.bounds):
            up, down = theta.copy(), theta.copy()
            up[i], down[i] = min(theta[i] + step, high), max(theta[i] - step, low)
            gradient[i] = (self.mean_loglik(up) - self.mean_loglik(down)) / (up[i] - down[i])
            at_low, at_high = theta[i] <= low + 1e-9, theta[i] >= high - 1e-9
            if (at_low and gradient[i] < 0) or (at_high and gradient[i] > 0):
                gradient[i] = 0.0
        return gradient

    def solve(self, starts: list[np.ndarray]) -> tuple[np.ndarray, float, int, str]:
        """Best of L-BFGS-B from each start (deterministic: fixed starts, no randomness)."""
        best = None
        for start in starts:
            result = optimize.minimize(
                lambda theta: -self.mean_loglik(theta),
                np.clip(start, *np.array(self.bounds).T),
                method="L-BFGS-B",
                bounds=self.bounds,
                options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-8},
            )
            if best is None or result.fun < best.fun:
                best = result
        return best.x, -float(best.fun), int(best.nit), str(best.message)


def _judge(fit: Fit, problem: _Problem, theta: np.ndarray, total_weight: float) -> Fit:
    gradient = float(np.max(np.abs(problem.projected_gradient(theta))))
    fit.extra["projected_gradient"] = gradient
    fit.converged = gradient < GRADIENT_TOLERANCE
    fit.log_likelihood *= total_weight
    if not np.isfinite(fit.log_likelihood):
        fit.fallback_reason = "log-likelihood is not finite"
    elif not fit.converged:
        fit.fallback_reason = f"not converged: projected gradient {gradient:.2g}"
    return fit


def _folded(*columns) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """Customers with identical inputs share one likelihood term (and one weight)."""
    unique, counts = np.unique(np.column_stack(columns), axis=0, return_counts=True)
    return tuple(unique.T), counts.astype(float)


def _bgnbd_problem(
    data, weights, log_t: float, fixed_concentration: float | None = None
) -> _Problem:
    """theta = (log r, log alpha, logit dropout mean, log concentration); ``log_t`` is the log
    of the mean age, which scales alpha's bounds."""
    bounds = [
        (np.log(1e-4), np.log(1e4)),
        (np.log(1e-4), log_t + np.log(1e4)),
        (special.logit(1e-8), special.logit(1 - 1e-8)),
        (np.log(1e-3), np.log(MAX_CONCENTRATION)),
    ]
    if fixed_concentration is not None:
        bounds = bounds[:3]

    def to_params(theta):
        r, alpha = np.exp(theta[0]), np.exp(theta[1])
        mean = special.expit(theta[2])
        concentration = fixed_concentration or np.exp(theta[3])
        return r, alpha, mean * concentration, (1 - mean) * concentration

    return _Problem(bgnbd_log_likelihood, to_params, data, weights, bounds)


def _nbd_problem(data, weights, log_t: float) -> _Problem:
    """The no-dropout limit: theta = (log r, log alpha), a = 0."""
    bounds = [(np.log(1e-4), np.log(1e4)), (np.log(1e-4), log_t + np.log(1e4))]
    return _Problem(
        bgnbd_log_likelihood, lambda theta: (*np.exp(theta), 0.0, np.nan), data, weights, bounds
    )


def _homogeneous_rate_problem(
    data, weights, log_t: float, fixed_concentration: float | None = None
) -> _Problem:
    """The homogeneous-purchase-rate limit: theta = (log rate, logit dropout mean, log
    concentration), the last one absent with a fixed concentration (both limits at once)."""
    bounds = [
        (-log_t - np.log(1e8), np.log(1e4)),
        (special.logit(1e-8), special.logit(1 - 1e-8)),
        (np.log(1e-3), np.log(MAX_CONCENTRATION)),
    ]
    if fixed_concentration is not None:
        bounds = bounds[:2]

    def to_params(theta):
        mean = special.expit(theta[1])
        concentration = fixed_concentration or np.exp(theta[2])
        return np.exp(theta[0]), mean * concentration, (1 - mean) * concentration

    return _Problem(homogeneous_rate_log_likelihood, to_params, data, weights, bounds)


def fit_bgnbd(frequency, recency, age, minimum_customers: int = 30) -> Fit:
    """BG/NBD by maximum likelihood, or one of its limits when the data sit there."""
    data = (np.asarray(frequency, float), np.asarray(recency, float), np.asarray(age, float))
    customers = len(data[0])
    if customers < minimum_customers:
        return Fit("bg_nbd", {}, float("nan"), False, 0, customers, f"only {customers} customers")
    folded, weights = _folded(*data)
    log_t = np.log(max(float(np.mean(data[2])), 1.0))
    # (limit, problem, theta, mean log-likelihood, iterations, message), most general first
    candidates = []
    general = _bgnbd_problem(folded, weights, log_t)
    starts = [
        np.array([0.0, log_t, special.logit(m), np.log(c)])
        for m, c in ((0.5, 2.0), (0.2, 5.0), (0.05, 50.0))
    ]
    candidates.append((None, general, *general.solve(starts)))
    homogeneous = _bgnbd_problem(folded, weights, log_t, fixed_concentration=MAX_CONCENTRATION)
    candidates.append(
        (HOMOGENEOUS_DROPOUT, homogeneous, *homogeneous.solve([s[:3] for s in starts]))
    )
    rate_starts = [np.r_[-log_t, s[2:]] for s in starts]
    one_rate = _homogeneous_rate_problem(folded, weights, log_t)
    candidates.append((HOMOGENEOUS_RATE, one_rate, *one_rate.solve(rate_starts)))
    both = _homogeneous_rate_problem(folded, weights, log_t, fixed_concentration=MAX_CONCENTRATION)
    candidates.append((HOMOGENEOUS_BOTH, both, *both.solve([s[:2] for s in rate_starts])))
    nbd = _nbd_problem(folded, weights, log_t)
    candidates.append((NO_DROPOUT, nbd, *nbd.solve([np.array([0.0, log_t])])))
    # the simplest settled model whose likelihood is within the tolerance of the best one (data
    # at two limits at once leave one limit's fit stopped on the other's flat ridge)
    best_loglik = max(c[3] for c in candidates) * customers
    close = [c for c in candidates if c[3] * customers >= best_loglik - LIMIT_TOLERANCE]
    settled = [
        c for c in close if np.max(np.abs(c[1].projected_gradient(c[2]))) < GRADIENT_TOLERANCE
    ]
    limit, problem, theta, loglik, iterations, message = (settled or close)[-1]
    values = problem.to_params(theta)
    if limit in (HOMOGENEOUS_RATE, HOMOGENEOUS_BOTH):
        rate, a, b = values
        values = (MAX_SHAPE, MAX_SHAPE / rate, a, b)
    r, alpha, a, b = values
    params = {"r": float(r), "alpha": float(alpha), "a": float(a), "b": float(b)}
    fit = Fit("bg_nbd", params, loglik, False, iterations, customers, message=message, limit=limit)
    fit = _judge(fit, problem, theta, float(np.sum(weights)))
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
    customers = len(x)
    if customers < minimum_customers:
        return Fit(
            "gamma_gamma", {}, float("nan"), False, 0, customers, f"only {customers} customers"
        )
    folded, weights = _folded(x, m)
    log_m = np.log(max(float(np.mean(m)), 1.0))
    bounds = [
        (np.log(1e-4), np.log(1e4)),
        (np.log(1e-4), np.log(1e4)),
        (np.log(1e-4), log_m + np.log(1e6)),
    ]
    problem = _Problem(gamma_gamma_log_likelihood, np.exp, folded, weights, bounds)
    theta, loglik, iterations, message = problem.solve(
        [np.array([0.0, 0.0, log_m]), np.array([np.log(3.0), np.log(3.0), log_m])]
    )
    params = dict(zip(GAMMA_GAMMA_PARAMS, np.exp(theta).tolist(), strict=True))
    fit = Fit("gamma_gamma", params, loglik, False, iterations, customers, message=message)
    fit = _judge(fit, problem, theta, float(np.sum(weights)))
    at_bound = [
        name
        for name, value, (low, high) in zip(GAMMA_GAMMA_PARAMS, theta, bounds, strict=True)
        if value <= low + 1e-9 or value >= high - 1e-9
    ]
    if fit.usable and at_bound:
        fit.fallback_reason = "degenerate fit, parameters at the boundary: " + ", ".join(
            f"{name}={params[name]:.3g}" for name in at_bound
        )
    if fit.usable and fit.params["q"] <= 1:
        fit.fallback_reason = "q <= 1: expected spend is undefined"
    if customers > 1:
        fit.extra["frequency_monetary_correlation"] = float(np.corrcoef(x, m)[0, 1])
    return fit


def pooled_dropout_log_likelihood(params, frequency, recency, age) -> np.ndarray:
    """Per-customer log-likelihood of the pooled fallback: one purchase rate (per day) and one
    dropout probability for everyone, dropout possible after every purchase including the
    first (as in MBG/NBD, so a one-time buyer can be gone too). Alive at T: (1 - p)^(x + 1)
    rate^x e^(-rate T); gone after the last purchase: p (1 - p)^x rate^x e^(-rate t_x)."""
    rate, dropout = params
    x, t_x, big_t = frequency, recency, age
    alive = np.log1p(-dropout) - rate * big_t
    gone = np.log(dropout) - rate * t_x
    return x * (np.log(rate) + np.log1p(-dropout)) + np.logaddexp(alive, gone)


def fit_pooled_dropout(frequency, recency, age) -> Fit:
    """The churn-aware fallback where BG/NBD has too few customers or no usable fit: two pooled
    parameters are identified by a handful of customers, and the probability of being alive
    still falls with the time since the last purchase."""
    data = (np.asarray(frequency, float), np.asarray(recency, float), np.asarray(age, float))
    customers = len(data[0])
    if customers == 0:
        return Fit("pooled_dropout", {}, float("nan"), False, 0, 0, "no customers")
    folded, weights = _folded(*data)
    exposure = max(float(np.sum(data[2])), 1.0)
    bounds = [(np.log(1e-7), np.log(10.0)), (special.logit(1e-6), special.logit(1 - 1e-6))]
    problem = _Problem(
        pooled_dropout_log_likelihood,
        lambda theta: (np.exp(theta[0]), special.expit(theta[1])),
        folded,
        weights,
        bounds,
    )
    start_rate = np.log(max(float(np.sum(data[0])) / exposure, 1e-6))
    theta, loglik, iterations, message = problem.solve(
        [np.array([start_rate, special.logit(p)]) for p in (0.1, 0.5)]
    )
    rate, dropout = problem.to_params(theta)
    params = {"purchase_rate": float(rate), "dropout_probability": float(dropout)}
    fit = Fit("pooled_dropout", params, loglik, False, iterations, customers, message=message)
    return _judge(fit, problem, theta, float(np.sum(weights)))


def pooled_probability_alive(params, frequency, recency, age) -> np.ndarray:
    rate, dropout = (params[k] for k in POOLED_PARAMS)
    gap = np.asarray(age, float) - np.asarray(recency, float)
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + dropout / (1 - dropout) * np.exp(rate * gap))


def pooled_expected_purchases(params, days, frequency, recency, age) -> np.ndarray:
    """P(alive) x expected purchases in ``days`` of a customer who is alive now: each purchase
    ends the relationship with probability p, so alive at s with e^(-rate p s), and the
    expectation is the integral of rate e^(-rate p s): (1 - e^(-rate p t)) / p."""
    rate, dropout = (params[k] for k in POOLED_PARAMS)
    alive_purchases = -np.expm1(-rate * dropout * days) / dropout
    return pooled_probability_alive(params, frequency, recency, age) * alive_purchases


def usable_params(fits, model_name: str, names) -> tuple[dict | None, str | None]:
    """The parameters of ``model_name``'s row in ``fits`` (rows of fct_clv_model_fits already
    narrowed to one business model and scope), or None and why it cannot be used."""
    row = fits[fits["model_name"] == model_name]
    if row.empty:
        return None, f"no {model_name} fit"
    row = row.iloc[0]
    if not row["is_usable"]:
        return None, f"{model_name}: {row['fallback_reason']}"
    return {name: float(row[name]) for name in names}, None


def _odds_dead(params, frequency, recency, age) -> np.ndarray:
    r, alpha, a, b = (params[k] for k in BGNBD_PARAMS)
    x, recency, age = (np.asarray(v, float) for v in (frequency, recency, age))
    if a == 0:
        return np.zeros(len(x))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (a / (b + (x - 1))) * np.power((alpha + age) / (alpha + recency), r + x)
    return np.where(x > 0, ratio, 0.0)


def probability_alive(params, frequency, recency, age) -> np.ndarray:
    return 1.0 / (1.0 + _odds_dead(params, frequency, recency, age))


def _expected_purchases_alive(r, alpha, a, b, days, x, age) -> np.ndarray:
    """FHL eq. 10 without its P(alive) factor; a = 1 is a removable 0/0, taken as the mean of
    its neighbours, and a = 0 (no dropout) is the NBD's (r + x) / (alpha + T) * t."""
    if a == 0:
        return (r + x) / (alpha + age) * days
    if abs(a - 1) < 1e-4:
        return (
            _expected_purchases_alive(r, alpha, 1 - 1e-4, b, days, x, age)
            + _expected_purchases_alive(r, alpha, 1 + 1e-4, b, days, x, age)
        ) / 2
    z = days / (alpha + age + days)
    hyp = special.hyp2f1(r + x, b + x, a + b + (x - 1), z)
    body = 1 - np.power((alpha + age) / (alpha + age + days), r + x) * hyp
    return (a + b + (x - 1)) / (a - 1) * body


def expected_purchases(params, days, frequency, recency, age) -> np.ndarray:
    """Expected purchases in the next ``days`` given each customer's history (FHL eq. 10)."""
    r, alpha, a, b = (params[k] for k in BGNBD_PARAMS)
    x = np.asarray(frequency, float)
    age = np.asarray(age, float)
    alive = _expected_purchases_alive(r, alpha, a, b, days, x, age)
    return alive / (1 + _odds_dead(params, frequency, recency, age))


def expected_spend(params, frequency, monetary) -> np.ndarray:
    """Expected average order value given the history (population mean for 0 repeats)."""
    p, q, v = (params[k] for k in GAMMA_GAMMA_PARAMS)
    x = np.asarray(frequency, float)
    m = np.nan_to_num(np.asarray(monetary, float))
    return (p * (v + x * m)) / (p * x + q - 1)


def discounted_value(cumulative_purchases, spend, horizon_days: int, annual_discount_rate: float,
                     step_days: int = 30) -> np.ndarray:  # fmt: skip
    """Sum over ``step_days`` periods of the purchases expected in the period x spend,
    discounted to today; ``cumulative_purchases(days)`` gives the purchases up to ``days``."""
    total = np.zeros(len(np.asarray(spend)))
    previous = np.zeros_like(total)
    for end in range(step_days, horizon_days + step_days, step_days):
        end = min(end, horizon_days)
        cumulative = cumulative_purchases(end)
        discount = (1 + annual_discount_rate) ** (end / 365.0)
        total += (cumulative - previous) * spend / discount
        previous = cumulative
        if end == horizon_days:
            break
    return total


def discounted_clv(
    bgnbd, gamma_gamma, frequency, recency, age, monetary, horizon_days: int,
    annual_discount_rate: float, step_days: int = 30,
) -> np.ndarray:  # fmt: skip
    """BG/NBD purchases x Gamma-Gamma spend over the horizon, discounted."""
    spend = np.asarray(expected_spend(gamma_gamma, frequency, monetary), float)
    return discounted_value(
        lambda days: expected_purchases(bgnbd, days, frequency, recency, age),
        spend,
        horizon_days,
        annual_discount_rate,
        step_days,
    )
