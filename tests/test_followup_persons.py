"""The Bayesian update counts persons, not person-years: the same group
counted in several years weighs as the persons followed (hand-computed)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socinv
from socinv.followup import expected_outcomes, outcomes_from_frame, update_effects
from support import MAIN_SCENARIO

PRISON = "episode.status_quo.prison.probability"
# prior Beta(mean 0.05, sd 0.02): a = m (m(1-m)/s^2 - 1) = 0.05 x 117.75
A0, B0 = 5.8875, 111.8625


@pytest.fixture(scope="module")
def foster() -> socinv.Model:
    return socinv.compile_scenario(socinv.load_scenario(MAIN_SCENARIO))


def _prison(model: socinv.Model, persons: dict[int, float], size: dict[int, float]) -> pd.Series:
    """Update on ``persons`` in prison per year (ages 18.., both groups) out of
    ``size`` persons; the prison probability's row of the update table."""
    frames = []
    for y, n in size.items():
        df = expected_outcomes(model, [y], n)
        prison = df["episode"] == "prison"
        df.loc[prison, "persons"] = persons[y]
        df.loc[prison, "units"] = 60.0 * persons[y]
        frames.append(df)
    obs = outcomes_from_frame(pd.concat(frames, ignore_index=True), model)
    row: pd.Series = update_effects(model, obs).table().set_index("parameter").loc[PRISON]
    return row


def test_three_years_of_the_same_hundred_persons(foster: socinv.Model) -> None:
    # 7, 5 and 6 of 100 persons: 18 of 300 person-years; w = 100 / 300
    row = _prison(foster, {2035: 7, 2036: 5, 2037: 6}, {2035: 100, 2036: 100, 2037: 100})
    a, b = A0 + 6.0, B0 + 94.0
    assert (row["posterior_a"], row["posterior_b"]) == pytest.approx((a, b))
    assert (row["observed"], row["exposure"]) == pytest.approx((6.0, 100.0))
    assert row["posterior_mean"] == pytest.approx(a / (a + b))
    assert row["posterior_sd"] == pytest.approx(math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1))))
    # counting person-years would have given Beta(a0 + 18, b0 + 282): narrower
    a_py, b_py = A0 + 18.0, B0 + 282.0
    sd_py = math.sqrt(a_py * b_py / ((a_py + b_py) ** 2 * (a_py + b_py + 1)))
    assert row["posterior_sd"] > 1.3 * sd_py


def test_attrition_counts_the_persons_first_followed(foster: socinv.Model) -> None:
    # 10 of 100, 9 of 90, 8 of 80: 27 of 270 person-years, 100 persons followed
    row = _prison(foster, {2035: 10, 2036: 9, 2037: 8}, {2035: 100, 2036: 90, 2037: 80})
    w = 100 / 270
    assert (row["observed"], row["exposure"]) == pytest.approx((27 * w, 100.0))
    assert (row["posterior_a"], row["posterior_b"]) == pytest.approx((A0 + 10.0, B0 + 90.0))


def test_one_year_is_counted_as_it_is(foster: socinv.Model) -> None:
    row = _prison(foster, {2035: 7}, {2035: 100})
    assert (row["posterior_a"], row["posterior_b"]) == pytest.approx((A0 + 7, B0 + 93))


@settings(max_examples=20, deadline=None)
@given(x=st.integers(0, 40), n=st.integers(40, 400), years=st.integers(1, 3))
def test_the_same_counts_repeated_add_no_persons(x: int, n: int, years: int) -> None:
    """The same persons with the same counts year after year give the
    posterior of one year: repeating them adds no persons."""
    model = socinv.compile_scenario(socinv.load_scenario(MAIN_SCENARIO))
    ys = [2035, 2036, 2037][:years]
    row = _prison(model, dict.fromkeys(ys, float(x)), dict.fromkeys(ys, float(n)))
    assert row["posterior_a"] == pytest.approx(A0 + x)
    assert row["posterior_b"] == pytest.approx(B0 + n - x)
