"""Decision measures: EVPI and EVPPI against closed forms, probability best,
the payback curve against P(NPV >= 0), and the doctests of the modules."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from socinv import ParameterError
from socinv.sensitivity import load_model, monte_carlo
from socinv.sensitivity.decision import decision_table, evppi_table
from socinv.sensitivity.payback import payback_curve
from socinv.sensitivity.voi import evpi, evppi, invest_options, prob_best

FOSTER = (
    Path(__file__).resolve().parents[1] / "data" / "scenarios" / "foster_care_school_support.yaml"
)


def _normal_evpi(mu: float, sigma: float) -> float:
    """E[max(X, 0)] - max(E[X], 0) for X ~ N(mu, sigma^2)."""
    return sigma * norm.pdf(mu / sigma) + mu * norm.cdf(mu / sigma) - max(mu, 0.0)


def _stratified_normal(mu: float, sigma: float, n: int = 200_000) -> np.ndarray:
    return mu + sigma * norm.ppf((np.arange(n) + 0.5) / n)


@pytest.mark.parametrize("mu,sigma", [(0.0, 1.0), (1.0, 2.0), (-3.0, 2.0), (50_000, 120_000)])
def test_evpi_equals_the_closed_form_for_two_options(mu: float, sigma: float) -> None:
    x = _stratified_normal(mu, sigma)
    assert evpi(invest_options(x)) == pytest.approx(_normal_evpi(mu, sigma), rel=1e-3, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=50),
    st.floats(0.0, 1e6),
)
def test_evpi_is_zero_when_one_option_dominates_every_draw(
    values: list[float], margin: float
) -> None:
    a = np.asarray(values)
    nb = np.column_stack([a, a + margin + 1.0, a - 1.0])
    assert evpi(nb) == pytest.approx(0.0, abs=1e-9 * max(1.0, float(np.abs(a).max())))
    assert prob_best(nb).tolist() == [0.0, 1.0, 0.0]


def test_prob_best_for_k_options_sums_to_one() -> None:
    rng = np.random.default_rng(4)
    nb = rng.normal(size=(5000, 4)) + np.array([0.0, 0.1, 0.2, 0.3])
    p = prob_best(nb)
    assert p.sum() == pytest.approx(1.0)
    assert np.all(np.diff(p) > 0)  # higher mean, more often best
    assert evpi(nb) > 0


def test_evppi_of_one_linear_parameter_equals_the_closed_form() -> None:
    # NB = mu + a x1 + b x2, x independent standard normal: knowing x1 leaves
    # E[NB | x1] ~ N(mu, a^2), so EVPPI(x1) = the normal EVPI with sigma = |a|
    rng = np.random.default_rng(11)
    n, mu, a, b = 40_000, 0.5, 2.0, 1.0
    x = rng.standard_normal((n, 2))
    nb = invest_options(mu + a * x[:, 0] + b * x[:, 1])
    assert evppi(nb, x[:, 0]) == pytest.approx(_normal_evpi(mu, a), rel=0.05)
    assert evppi(nb, x[:, 1]) == pytest.approx(_normal_evpi(mu, b), rel=0.1)
    assert evppi(nb, x) == pytest.approx(evpi(nb), rel=0.02)  # all parameters: the EVPI
    assert evppi(nb, np.ones(n)) == 0.0  # a parameter that did not vary
    with pytest.raises(ParameterError, match="rows"):
        evppi(nb, x[:10])


def test_payback_at_the_horizon_equals_probability_of_nonnegative_npv() -> None:
    m = load_model(FOSTER)
    res = monte_carlo(m, 3000, seed=2, keep_draws=True)
    curve = payback_curve(res)
    for p, g in curve.groupby("perspective", sort=False):
        assert np.all(np.diff(g["prob_paid_back"].to_numpy()) >= 0)
        assert g["prob_paid_back"].iloc[-1] == pytest.approx((res.npv[p] >= 0).mean())
        assert np.all(g["band_low"] <= g["prob_paid_back"])
        assert np.all(g["prob_paid_back"] <= g["band_high"])
    d = decision_table(res, ["society", "municipality"]).set_index("perspective")
    assert d.loc["society", "prob_invest_best"] == pytest.approx((res.npv["society"] > 0).mean())
    e = evppi_table(res, ["municipality"])
    assert (e["evppi"] <= e["evpi"] + 1e-9).all()
    assert set(e["group"]) >= {"effects of the intervention", "unit costs"}
    with pytest.raises(ParameterError, match="keep_draws"):
        evppi_table(monte_carlo(m, 10, seed=2))


@pytest.mark.parametrize(
    "module",
    [
        "socinv.sensitivity.voi",
        "socinv.sensitivity.payback",
        "socinv.sensitivity.decision",
        "socinv.sensitivity.defaults",
        "socinv.sensitivity.labels",
        "socinv.sensitivity.oneway",
        "socinv.sensitivity.exclusion",
        "socinv.sensitivity.fixed",
        "socinv.sensitivity.parameters",
        "socinv.fund.montecarlo",
    ],
)
def test_doctests(module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
