"""Discount factors against closed forms."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from socinv import (
    Convention,
    Discounting,
    RateStep,
    annuity_factor,
    discount_factors,
    load_parameters,
)
from socinv.discounting import DEFAULT_RATE, present_value


@pytest.mark.parametrize("convention", list(Convention))
@pytest.mark.parametrize("rate", [0.0, 0.03, 0.035, 0.07])
def test_constant_cost_equals_annuity(convention: Convention, rate: float) -> None:
    n = 40
    d = Discounting(rate=rate, convention=convention).factors(n, start_year=2025)
    assert present_value(np.full(n, 1000.0), d) == pytest.approx(
        1000 * annuity_factor(rate, n, convention), rel=1e-12
    )


def test_annuity_closed_form_by_hand() -> None:
    # 3 years at 5 %, end of year: 1/1.05 + 1/1.05^2 + 1/1.05^3
    assert annuity_factor(0.05, 3) == pytest.approx(1 / 1.05 + 1 / 1.05**2 + 1 / 1.05**3, rel=1e-14)
    assert annuity_factor(0.05, 3, Convention.START) == pytest.approx(1 + 1 / 1.05 + 1 / 1.05**2)
    assert annuity_factor(0.0, 7) == 7.0


def test_mid_year_is_end_year_times_sqrt() -> None:
    end = Discounting(rate=0.04).factors(5, 2025)
    mid = Discounting(rate=0.04, convention="mid").factors(5, 2025)
    np.testing.assert_allclose(mid, end * math.sqrt(1.04), rtol=1e-14)
    assert mid[0] == pytest.approx(1.04**-0.5)


def test_base_year_shifts_factors() -> None:
    # costs from 2025, base 2027: year 2025 (end) is 1 year before the base -> compounded
    d = Discounting(rate=0.05, base_year=2027).factors(4, 2025)
    np.testing.assert_allclose(d, [1.05**1, 1.05**0, 1.05**-1, 1.05**-2], rtol=1e-14)


def test_schedule_steps_compound_year_by_year() -> None:
    disc = Discounting(
        schedule=(RateStep(from_year=0, rate=0.04), RateStep(from_year=2, rate=0.02))
    )
    d = disc.factors(4, 2025)  # end of year: tau = 1, 2, 3, 4
    expected = [1 / 1.04, 1 / 1.04**2, 1 / (1.04**2 * 1.02), 1 / (1.04**2 * 1.02**2)]
    np.testing.assert_allclose(d, expected, rtol=1e-14)


def test_schedule_mid_year_partial_year_uses_rate_in_force() -> None:
    disc = Discounting(
        schedule=(RateStep(from_year=0, rate=0.04), RateStep(from_year=1, rate=0.02)),
        convention="mid",
    )
    d = disc.factors(2, 2025)  # tau = 0.5, 1.5
    np.testing.assert_allclose(d, [1.04**-0.5, 1 / (1.04 * 1.02**0.5)], rtol=1e-14)


def test_batch_of_rates() -> None:
    rates = np.array([[0.0], [0.05]])
    d = discount_factors(rates, (0,), 3, 1.0)
    np.testing.assert_allclose(d[0], 1.0)
    np.testing.assert_allclose(d[1], [1.05**-1, 1.05**-2, 1.05**-3])


@given(rate=st.floats(0.0, 0.2), n=st.integers(1, 80))
def test_annuity_property(rate: float, n: int) -> None:
    d = Discounting(rate=rate).factors(n, 2000)
    assert d.sum() == pytest.approx(annuity_factor(rate, n), rel=1e-10)
    assert np.all(np.diff(d) <= 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"schedule": (RateStep(from_year=1, rate=0.03),)}, "from_year 0"),
        (
            {"schedule": (RateStep(from_year=0, rate=0.03), RateStep(from_year=0, rate=0.02))},
            "strictly increasing",
        ),
        ({"rate": 1.5}, "rate"),
    ],
)
def test_invalid_discounting(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Discounting(**kwargs)  # type: ignore[arg-type]


def test_default_rate_is_the_sourced_asek_rate() -> None:
    p = load_parameters()["discount_rate_asek"]
    assert p.value == DEFAULT_RATE
    assert "ASEK" in p.source or "ASEK" in p.note


def test_default_tax_wedge_by_hand() -> None:
    """V = (1 + e) W: the state gets e / (1 + e) of V, the municipality and the
    region their average income-tax rates on W = V / (1 + e), the person the
    rest (the net wage); the four shares add up to the whole of V."""
    from socinv import default_tax_wedge

    p = load_parameters()
    e = p["employer_contribution_rate"].value
    t_m, t_r = p["municipal_tax_rate_avg"].value, p["regional_tax_rate_avg"].value
    w = default_tax_wedge()
    assert w.state == pytest.approx(e / (1 + e))
    assert w.municipality == pytest.approx(t_m / (1 + e))
    assert w.region == pytest.approx(t_r / (1 + e))
    assert w.individual == pytest.approx((1 - t_m - t_r) / (1 + e))
    assert w.state + w.municipality + w.region + w.individual == pytest.approx(1.0)


def test_parameter_file_with_an_id_twice_is_an_error(tmp_path: Path) -> None:
    from socinv.errors import DataFileError

    p = tmp_path / "params.csv"
    p.write_text(
        "id,value,unit,year,source\nrate,0.03,fraction,2024,s\nrate,0.05,fraction,2024,s\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"line 3, column 'id': id 'rate' already defined"):
        load_parameters(p)


@given(
    steps=st.lists(
        st.tuples(st.integers(1, 30), st.floats(-0.02, 0.1)),
        min_size=0,
        max_size=3,
        unique_by=lambda s: s[0],
    ),
    first=st.floats(-0.02, 0.1),
    convention=st.sampled_from(list(Convention)),
    base_offset=st.integers(-6, 6),
    n=st.integers(1, 40),
)
def test_schedule_factors_equal_year_by_year_compounding(
    steps: list[tuple[int, float]],
    first: float,
    convention: Convention,
    base_offset: int,
    n: int,
) -> None:
    """Against a plain loop: a cost ``tau`` years after the base is discounted
    by the rate in force in each elapsed year (the part-year at its own rate);
    one before the base (tau < 0) is compounded forward at the first rate."""
    later = [RateStep(from_year=y, rate=r) for y, r in sorted(steps)]
    schedule = (RateStep(from_year=0, rate=first), *later)
    disc = Discounting(schedule=schedule, convention=convention, base_year=2025 + base_offset)

    def rate_in(year: int) -> float:
        return [s.rate for s in schedule if s.from_year <= year][-1]

    expected = []
    for t in range(n):
        tau = t + convention.offset - base_offset
        if tau < 0:
            expected.append((1 + first) ** -tau)
            continue
        f = 1.0
        for k in range(math.floor(tau)):
            f /= 1 + rate_in(k)
        f /= (1 + rate_in(math.floor(tau))) ** (tau - math.floor(tau))
        expected.append(f)
    np.testing.assert_allclose(disc.factors(n, 2025), expected, rtol=1e-12)


def test_rate_given_with_a_schedule_must_match_its_first_step() -> None:
    """With a schedule the constant rate was ignored silently; a different
    value is now an error, a missing one is taken from the first step, and a
    scenario with a schedule survives a round trip (with_settings)."""
    steps = [{"from_year": 0, "rate": 0.03}, {"from_year": 5, "rate": 0.02}]
    with pytest.raises(
        ValidationError, match=r"rate 0\.035 differs from the schedule's first rate"
    ):
        Discounting.model_validate({"rate": 0.035, "schedule": steps})
    d = Discounting.model_validate({"schedule": steps})
    assert d.rate == 0.03
    assert Discounting.model_validate(d.model_dump()) == d
    assert Discounting.model_validate({"rate": 0.03, "schedule": steps}) == d

    from socinv import scenario_from_dict
    from socinv.scenarios import with_settings

    sc = scenario_from_dict(
        {
            "name": "s",
            "start_age": 10,
            "horizon_years": 10,
            "start_year": 2025,
            "price_year": 2024,
            "discounting": {"schedule": steps},
            "status_quo": {},
            "intervention": {},
        }
    )
    assert with_settings(sc, price_year=2020).discounting == d
