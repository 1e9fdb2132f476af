"""The CLV maths against the reference implementation (lifetimes, a test-only dependency)."""

from __future__ import annotations

import numpy as np
import pytest
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.datasets import load_cdnow_summary_data_with_monetary_value

from orchestration import clv


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


def test_a_fit_on_the_boundary_falls_back_visibly():
    """Few, rare buyers who never drop out (like the demo's B2B accounts): the likelihood is
    flat towards a -> 0, and the optimum found there is no usable parameter set."""
    rng = np.random.default_rng(1)
    age = rng.uniform(30, 600, 400)
    frequency = rng.poisson(age / 900.0).astype(float)
    recency = np.where(frequency > 0, age * rng.random(400) ** (1 / np.maximum(frequency, 1)), 0)
    fit = clv.fit_bgnbd(frequency, recency, age)
    assert fit.converged and not fit.usable
    assert fit.fallback_reason.startswith("degenerate fit, parameters at the boundary: a=")


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
