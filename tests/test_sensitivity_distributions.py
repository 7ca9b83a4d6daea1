"""Distributions: moments and quantiles against closed forms / scipy, and
validation errors naming the culprit."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from socinv import ScenarioError
from socinv.sensitivity import parse_distribution

CASES: list[tuple[dict[str, Any], Any, float]] = [
    ({"dist": "normal", "mean": 10.0, "sd": 2.0}, stats.norm(10, 2), 10.0),
    (
        {"dist": "lognormal", "mean": 5.0, "sd": 2.0},
        stats.lognorm(
            s=math.sqrt(math.log(1 + 0.16)), scale=math.exp(math.log(5) - math.log(1.16) / 2)
        ),
        5.0,
    ),
    ({"dist": "gamma", "mean": 4.0, "sd": 2.0}, stats.gamma(a=4.0, scale=1.0), 4.0),
    ({"dist": "gamma", "shape": 2.0, "scale": 3.0}, stats.gamma(a=2.0, scale=3.0), 6.0),
    # beta by moments: mean .3, sd .1 -> alpha = .3 * (.21/.01 - 1) = 6, beta = 14
    ({"dist": "beta", "mean": 0.3, "sd": 0.1}, stats.beta(6.0, 14.0), 0.3),
    ({"dist": "beta", "alpha": 2.0, "beta": 5.0}, stats.beta(2.0, 5.0), 2 / 7),
    ({"dist": "uniform", "low": 1.0, "high": 3.0}, stats.uniform(1.0, 2.0), 2.0),
    (
        {"dist": "triangular", "low": 0.0, "mode": 1.0, "high": 4.0},
        stats.triang(c=0.25, loc=0.0, scale=4.0),
        5 / 3,
    ),
    # PERT(0, 1, 4), shape 4: alpha = 1 + 4*1/4 = 2, beta = 1 + 4*3/4 = 4 on [0, 4]
    (
        {"dist": "pert", "low": 0.0, "mode": 1.0, "high": 4.0},
        stats.beta(2.0, 4.0, loc=0.0, scale=4.0),
        (0 + 4 * 1 + 4) / 6,
    ),
]


@pytest.mark.parametrize(("spec", "ref", "mean"), CASES)
def test_quantiles_and_moments(spec: dict[str, Any], ref: Any, mean: float) -> None:
    d = parse_distribution(spec, "uncertainty.x")
    u = np.array([0.01, 0.025, 0.3, 0.5, 0.9, 0.975])
    np.testing.assert_allclose(d.ppf(u), ref.ppf(u), rtol=1e-9, atol=1e-12)
    assert d.mean == pytest.approx(mean, rel=1e-12)
    assert ref.mean() == pytest.approx(mean, rel=1e-9)
    x = d.sample(np.random.default_rng(7), 40_000)
    se = ref.std() / math.sqrt(len(x))
    assert abs(x.mean() - mean) < 5 * se
    assert x.std() == pytest.approx(ref.std(), rel=0.03)
    lo, hi = d.support()
    assert np.all((x >= lo) & (x <= hi))


def test_fixed_is_degenerate() -> None:
    d = parse_distribution({"dist": "fixed", "value": 3.5}, "uncertainty.x")
    assert d.is_fixed and d.mean == 3.5
    assert np.all(d.sample(np.random.default_rng(1), 5) == 3.5)
    assert np.all(d.ppf(np.array([0.0, 0.5, 1.0])) == 3.5)


@settings(max_examples=50, deadline=None)
@given(
    low=st.floats(-1e6, 1e6),
    width=st.floats(1e-3, 1e6),
    frac=st.floats(0.0, 1.0),
    us=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=20),
)
def test_bounded_quantiles_monotone_within_support(
    low: float, width: float, frac: float, us: list[float]
) -> None:
    high = low + width
    mode = low + frac * width
    for spec in (
        {"dist": "pert", "low": low, "mode": mode, "high": high},
        {"dist": "triangular", "low": low, "mode": mode, "high": high},
        {"dist": "uniform", "low": low, "high": high},
    ):
        d = parse_distribution(spec, "uncertainty.x")
        u = np.sort(np.array(us))
        x = d.ppf(u)
        assert np.all(np.diff(x) >= -1e-9 * max(1.0, abs(high)))
        assert np.all(x >= low - 1e-9 * max(1.0, abs(low)))
        assert np.all(x <= high + 1e-9 * max(1.0, abs(high)))


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"dist": "beta", "mean": 1.2, "sd": 0.1}, "beta mean must be inside (0, 1), got 1.2"),
        ({"dist": "beta", "mean": 0.5, "sd": 0.6}, "beta sd 0.6 is too large"),
        ({"dist": "beta", "mean": 0.5}, "beta needs either mean and sd, or alpha and beta"),
        ({"dist": "normal", "mean": 1.0, "sd": 0.0}, "sd: Input should be greater than 0"),
        ({"dist": "lognormal", "mean": -1.0, "sd": 1.0}, "mean: Input should be greater than 0"),
        ({"dist": "gamma", "mean": 1.0, "scale": 2.0}, "gamma needs either"),
        ({"dist": "uniform", "low": 5.0, "high": 1.0}, "uniform needs low < high"),
        ({"dist": "triangular", "low": 0, "mode": 9, "high": 5}, "low <= mode <= high"),
        ({"dist": "pert", "low": 0, "mode": 1}, "high: Field required"),
        ({"dist": "poisson", "mean": 1}, "unknown or missing 'dist' 'poisson'"),
        ({"mean": 1}, "unknown or missing 'dist' None"),
        ({"dist": "normal", "mean": 1, "sd": 1, "sigma": 2}, "sigma: Extra inputs"),
    ],
)
def test_validation_errors_name_the_parameter(spec: dict[str, Any], message: str) -> None:
    with pytest.raises(ScenarioError, match=re.escape(message)) as exc:
        parse_distribution(spec, "uncertainty.effect.a.relative_risk")
    assert str(exc.value).startswith("uncertainty.effect.a.relative_risk: ")


def test_not_a_mapping() -> None:
    with pytest.raises(ScenarioError, match=r"uncertainty\.x: expected a mapping"):
        parse_distribution([1, 2], "uncertainty.x")  # type: ignore[arg-type]
