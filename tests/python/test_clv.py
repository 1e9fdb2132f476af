"""The CLV maths against the reference implementation (lifetimes, a test-only dependency)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.datasets import load_cdnow_summary_data_with_monetary_value

from journey_warehouse import clv

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def cdnow():
    data = load_cdnow_summary_data_with_monetary_value()
    return {c: data[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value")}


def synthetic(seed: int, customers: int = 3000):
    """Customers drawn from the BG/NBD generative story, with Gamma-Gamma spend."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(0.8, 1 / 12.0, customers)  # purchases per day
    dropout = rng.beta(0.9, 4.0, customers)
    age = rng.uniform(60, 400, customers)
    frequency = np.zeros(customers)
    recency = np.zeros(customers)
    clock = np.zeros(customers)
    alive = np.ones(customers, bool)
    for _ in range(60):  # purchase rounds, vectorised over customers
        clock = clock + rng.exponential(1 / rate)
        buys = alive & (clock < age)
        frequency += buys
        recency = np.where(buys, clock, recency)
        alive &= ~(buys & (rng.random(customers) < dropout))
    spend_scale = rng.gamma(4.0, 1 / 20.0, customers)
    monetary = np.where(frequency > 0, rng.gamma(3.0 * np.maximum(frequency, 1), 1)
                        / (spend_scale * np.maximum(frequency, 1)), 0)  # fmt: skip
    return frequency, recency, age, monetary


def assert_within_one_percent(ours: dict, reference: dict) -> None:
    for name, value in reference.items():
        assert ours[name] == pytest.approx(float(value), rel=0.01), name


def test_bgnbd_matches_lifetimes_on_cdnow(cdnow):
    fit = clv.fit_bgnbd(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    reference = BetaGeoFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert fit.converged and fit.usable
    assert_within_one_percent(fit.params, dict(reference.params_))
    # published values for CDNOW (Fader, Hardie & Lee 2005): r .243, alpha 4.414, a .793, b 2.426
    assert_within_one_percent(fit.params, {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})


def test_gamma_gamma_matches_lifetimes_on_cdnow(cdnow):
    fit = clv.fit_gamma_gamma(cdnow["frequency"], cdnow["monetary_value"])
    repeat = cdnow["frequency"] > 0
    reference = GammaGammaFitter().fit(cdnow["frequency"][repeat], cdnow["monetary_value"][repeat])
    assert fit.usable
    assert_within_one_percent(fit.params, dict(reference.params_))


@pytest.mark.parametrize("seed", [1, 2])
def test_fits_and_predictions_match_lifetimes_on_synthetic_customers(seed):
    frequency, recency, age, monetary = synthetic(seed)
    fit = clv.fit_bgnbd(frequency, recency, age)
    reference = BetaGeoFitter().fit(frequency, recency, age)
    assert_within_one_percent(fit.params, dict(reference.params_))
    ours = clv.expected_purchases(fit.params, 90, frequency, recency, age)
    theirs = reference.conditional_expected_number_of_purchases_up_to_time(
        90, frequency, recency, age
    )
    np.testing.assert_allclose(ours, theirs, rtol=0.01)
    np.testing.assert_allclose(
        clv.probability_alive(fit.params, frequency, recency, age),
        reference.conditional_probability_alive(frequency, recency, age),
        rtol=0.01,
    )
    spend = clv.fit_gamma_gamma(frequency, monetary)
    repeat = frequency > 0
    spend_reference = GammaGammaFitter().fit(frequency[repeat], monetary[repeat])
    assert_within_one_percent(spend.params, dict(spend_reference.params_))


def test_too_few_customers_fall_back_visibly():
    fit = clv.fit_bgnbd([1, 0, 2], [10, 0, 30], [40, 40, 40])
    assert not fit.usable
    assert fit.fallback_reason == "only 3 customers"


def no_dropout_customers(customers: int = 400):
    """Few, rare buyers who never drop out (like the demo's B2B accounts)."""
    rng = np.random.default_rng(1)
    age = rng.uniform(30, 600, customers)
    frequency = rng.poisson(age / 900.0).astype(float)
    recency = np.where(
        frequency > 0, age * rng.random(customers) ** (1 / np.maximum(frequency, 1)), 0
    )
    return frequency, recency, age


def homogeneous_dropout_customers():
    """The B2C calibration histories of the pipeline test's data (30k events, seed 7), where
    Nelder-Mead walked to a=5.5e5, b=6.9e6 and stopped at its evaluation cap."""
    data = np.loadtxt(FIXTURES / "bgnbd_homogeneous_dropout.csv", delimiter=",", skiprows=1)
    return data[:, 0], data[:, 1], data[:, 2]


def assert_a_usable_limit(fit: clv.Fit, limit: str, frequency, recency, age) -> None:
    assert fit.converged and fit.usable and fit.limit == limit, fit
    assert fit.extra["projected_gradient"] < clv.GRADIENT_TOLERANCE
    for days in (90, 365):
        predicted = clv.expected_purchases(fit.params, days, frequency, recency, age)
        assert np.all(np.isfinite(predicted) & (predicted >= 0))
    alive = clv.probability_alive(fit.params, frequency, recency, age)
    assert np.all((alive > 0) & (alive <= 1))


def test_nobody_dropping_out_is_the_nbd_limit_not_a_failure():
    frequency, recency, age = no_dropout_customers()
    fit = clv.fit_bgnbd(frequency, recency, age)
    assert_a_usable_limit(fit, clv.NO_DROPOUT, frequency, recency, age)
    assert fit.params["a"] == 0
    np.testing.assert_allclose(clv.probability_alive(fit.params, frequency, recency, age), 1.0)
    # the NBD's expectation: (r + x) / (alpha + T) purchases per day
    r, alpha = fit.params["r"], fit.params["alpha"]
    np.testing.assert_allclose(
        clv.expected_purchases(fit.params, 100, frequency, recency, age),
        (r + frequency) / (alpha + age) * 100,
    )
    # no BG/NBD with dropout explains the data better
    better = clv.bgnbd_log_likelihood((r, alpha, 1e-3, 1.0), frequency, recency, age).sum()
    assert better <= fit.log_likelihood + clv.LIMIT_TOLERANCE


def test_the_pipeline_datas_homogeneous_dropout_converges_to_its_limit():
    frequency, recency, age = homogeneous_dropout_customers()
    fit = clv.fit_bgnbd(frequency, recency, age)
    assert_a_usable_limit(fit, clv.HOMOGENEOUS_DROPOUT, frequency, recency, age)
    assert fit.params["a"] + fit.params["b"] == pytest.approx(clv.MAX_CONCENTRATION)
    dropout = fit.params["a"] / (fit.params["a"] + fit.params["b"])
    assert 0.01 < dropout < 0.5
    # further along the ridge (a, b -> infinity) the likelihood gains nothing that matters
    params = (fit.params["r"], fit.params["alpha"])
    for scale in (10, 1000):
        far = clv.bgnbd_log_likelihood(
            (*params, fit.params["a"] * scale, fit.params["b"] * scale), frequency, recency, age
        ).sum()
        assert far <= fit.log_likelihood + clv.LIMIT_TOLERANCE


def one_rate_customers(seed: int, dropout_concentration: float | None):
    """Everyone buys at the same Poisson rate (1 per 45 days) until they drop out after a
    purchase, with a dropout probability from Beta(0.8, 3.0), or 0.15 for everyone."""
    rng = np.random.default_rng(seed)
    customers, rate = 400, 1 / 45
    age = rng.uniform(200, 700, customers)
    dropout = rng.beta(0.8, 3.0, customers) if dropout_concentration else np.full(customers, 0.15)
    # up to 60 inter-purchase gaps per customer; the first dropout ends the history
    times = np.cumsum(rng.exponential(1 / rate, (customers, 60)), axis=1)
    drops = rng.random((customers, 60)) < dropout[:, None]
    before_drop = np.cumsum(np.c_[np.zeros(customers), drops[:, :-1]], axis=1) == 0
    bought = (times <= age[:, None]) & before_drop
    frequency = bought.sum(axis=1).astype(float)
    recency = np.where(bought, times, 0).max(axis=1)
    return frequency, recency, age


# samples where the likelihood keeps rising along r, alpha -> infinity (in others it peaks at a
# finite r > 100, a rate CV below 10 %, and the general model converges there)
@pytest.mark.parametrize("seed", [4, 7])
def test_one_purchase_rate_for_everyone_is_a_limit_that_converges(seed):
    frequency, recency, age = one_rate_customers(seed, dropout_concentration=3.8)
    fit = clv.fit_bgnbd(frequency, recency, age)
    assert_a_usable_limit(fit, clv.HOMOGENEOUS_RATE, frequency, recency, age)
    assert fit.params["r"] == clv.MAX_SHAPE
    assert fit.params["r"] / fit.params["alpha"] == pytest.approx(1 / 45, rel=0.15)
    # the general likelihood at the stored parameters is the limit's, to the tolerance
    general = clv.bgnbd_log_likelihood(
        tuple(fit.params[k] for k in clv.BGNBD_PARAMS), frequency, recency, age
    ).sum()
    assert general == pytest.approx(fit.log_likelihood, abs=1.0)


def test_one_rate_and_one_dropout_for_everyone_is_both_limits_at_once():
    frequency, recency, age = one_rate_customers(7, dropout_concentration=None)
    fit = clv.fit_bgnbd(frequency, recency, age)
    assert_a_usable_limit(fit, clv.HOMOGENEOUS_BOTH, frequency, recency, age)
    assert fit.params["a"] / (fit.params["a"] + fit.params["b"]) == pytest.approx(0.15, rel=0.2)


def test_fits_do_not_depend_on_the_row_order():
    """The optimizer's path must not decide the answer: shuffled input, the same fit."""
    frequency, recency, age = homogeneous_dropout_customers()
    fit = clv.fit_bgnbd(frequency, recency, age)
    order = np.random.default_rng(3).permutation(len(frequency))
    shuffled = clv.fit_bgnbd(frequency[order], recency[order], age[order])
    assert shuffled.limit == fit.limit
    for name in clv.BGNBD_PARAMS:
        assert shuffled.params[name] == pytest.approx(fit.params[name], rel=1e-6), name


def test_the_likelihood_keeps_its_precision_for_tiny_b():
    """b + x - 1 with x = 1 loses b below 1e-16; b + (x - 1) keeps it."""
    b = 1e-20
    value = clv.bgnbd_log_likelihood(
        (1.0, 10.0, 0.5, b), np.array([1.0]), np.array([5.0]), np.array([20.0])
    )
    assert np.isfinite(value).all()
    params = {"r": 1.0, "alpha": 10.0, "a": 0.5, "b": b}
    odds = clv.probability_alive(params, np.array([1.0]), np.array([5.0]), np.array([20.0]))
    assert np.isfinite(odds).all() and 0 < odds[0] < 1


def test_one_customer_and_no_customers_fall_back_visibly():
    for data in (([2], [30], [40]), ([], [], [])):
        fit = clv.fit_bgnbd(*data)
        assert not fit.usable and fit.fallback_reason == f"only {len(data[0])} customers"
    assert not clv.fit_gamma_gamma([], []).usable


def test_discounted_clv_is_the_discounted_sum_of_monthly_value(cdnow):
    purchases = clv.fit_bgnbd(cdnow["frequency"], cdnow["recency"], cdnow["T"]).params
    spend = clv.fit_gamma_gamma(cdnow["frequency"], cdnow["monetary_value"]).params
    args = (cdnow["frequency"][:50], cdnow["recency"][:50], cdnow["T"][:50])
    undiscounted = clv.discounted_clv(purchases, spend, *args, cdnow["monetary_value"][:50],
                                      horizon_days=360, annual_discount_rate=0.0)  # fmt: skip
    expected = clv.expected_purchases(purchases, 360, *args) * clv.expected_spend(
        spend, args[0], cdnow["monetary_value"][:50]
    )
    np.testing.assert_allclose(undiscounted, expected, rtol=1e-9)
    discounted = clv.discounted_clv(purchases, spend, *args, cdnow["monetary_value"][:50],
                                    horizon_days=360, annual_discount_rate=0.1)  # fmt: skip
    assert np.all(discounted < undiscounted) and np.all(discounted > undiscounted / 1.1)


def pooled_customers(
    seed: int = 5, customers: int = 4000, rate: float = 0.02, dropout: float = 0.3
):
    """The pooled-dropout story: one purchase rate, and after every purchase (the first one
    included) the customer is gone with one probability."""
    rng = np.random.default_rng(seed)
    age = rng.uniform(100, 700, customers)
    frequency, recency, clock = np.zeros(customers), np.zeros(customers), np.zeros(customers)
    alive = rng.random(customers) >= dropout  # gone right after the first purchase
    for _ in range(200):
        clock = clock + rng.exponential(1 / rate, customers)
        buys = alive & (clock < age)
        frequency += buys
        recency = np.where(buys, clock, recency)
        alive &= ~buys | (rng.random(customers) >= dropout)
    return frequency, recency, age


def test_the_pooled_fallback_recovers_its_parameters():
    frequency, recency, age = pooled_customers()
    fit = clv.fit_pooled_dropout(frequency, recency, age)
    assert fit.converged and fit.usable
    assert fit.params["purchase_rate"] == pytest.approx(0.02, rel=0.05)
    assert fit.params["dropout_probability"] == pytest.approx(0.3, rel=0.05)


def test_the_pooled_fallback_on_hand_numbers():
    """rate 0.01/day, p 0.2: P(alive) after 100 quiet days = 1 / (1 + 0.25 e^1) = 0.5954;
    purchases in 365 days when alive = (1 - e^(-0.01 * 0.2 * 365)) / 0.2 = 2.59."""
    params = {"purchase_rate": 0.01, "dropout_probability": 0.2}
    alive = clv.pooled_probability_alive(params, [2.0], [50.0], [150.0])
    assert alive[0] == pytest.approx(1 / (1 + 0.25 * np.e), rel=1e-12)
    purchases = clv.pooled_expected_purchases(params, 365, [2.0], [50.0], [150.0])
    assert purchases[0] == pytest.approx(alive[0] * (1 - np.exp(-0.73)) / 0.2, rel=1e-12)


def test_the_pooled_fallback_values_a_quiet_customer_below_an_active_one():
    """The B2B fallback used to be the historical run rate: a churned account with many past
    deals was worth more than an active one. Same history, longer silence: worth less."""
    fit = clv.fit_pooled_dropout(*pooled_customers(customers=40))
    assert fit.usable
    frequency, recency, age = np.array([3.0, 3.0]), np.array([200.0, 200.0]), np.array([230, 600.0])
    value = clv.discounted_value(
        lambda days: clv.pooled_expected_purchases(fit.params, days, frequency, recency, age),
        np.array([1000.0, 1000.0]),
        365,
        0.1,
    )
    assert value[1] < value[0] / 2


def test_the_pooled_fallback_on_one_customer_and_none():
    one = clv.fit_pooled_dropout([0.0], [0.0], [120.0])
    assert np.isfinite(one.log_likelihood) and one.usable
    assert np.isfinite(clv.pooled_expected_purchases(one.params, 365, [0.0], [0.0], [120.0])).all()
    assert not clv.fit_pooled_dropout([], [], []).usable
