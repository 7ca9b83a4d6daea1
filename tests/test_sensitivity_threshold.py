"""Threshold and break-even success share against hand-computed linear cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socinv import ParameterError, compare_model
from socinv.sensitivity import break_even_success_share, threshold
from test_sensitivity_support import build, linear_scenario

# linear scenario: society NPV = v_hvb * 10 * (1 - rr) * 5 - C  (rate 0)
# base: v_hvb = 4000, rr = 0.5, C = 50 000 -> NPV = 50 000 SEK


def test_threshold_unit_cost_hand_computed(tmp_path: Path) -> None:
    m = build(tmp_path)
    r = threshold(m, "unit_cost.hvb", "society", bounds=(0.0, 10000.0))
    assert r.found
    assert r.value == pytest.approx(50000 / (10 * 0.5 * 5), rel=1e-9)  # 2000 SEK/day
    assert r.base_value == pytest.approx(4000.0)
    assert r.base_metric == pytest.approx(50000.0)
    assert r.crossings == 1


def test_threshold_relative_risk_and_cost(tmp_path: Path) -> None:
    m = build(tmp_path)
    rr = threshold(m, "effect.fewer_hvb.relative_risk")  # default bounds: feasible range
    assert rr.found and rr.value == pytest.approx(1 - 50000 / (4000 * 10 * 5), rel=1e-9)
    c = threshold(m, "cost.prog.amount_sek", "municipality")
    assert c.found and c.value == pytest.approx(4000 * 10 * 0.5 * 5, rel=1e-9)


def test_threshold_several_params_share_one_value(tmp_path: Path) -> None:
    data = linear_scenario()
    data["status_quo"]["episodes"][1]["item"] = "hvb"  # 4 more HVB days at ages 10-19
    data["intervention"]["effects"].append(
        {"id": "fewer_visits", "episode": "visits", "relative_risk": 0.5}
    )
    m = build(tmp_path, data)
    # NPV = 4000*(10*5*(1-rr) + 4*10*(1-rr)) - 50 000 = 0 -> 1 - rr = 50000/(4000*90)
    r = threshold(m, ["effect.fewer_hvb.relative_risk", "effect.fewer_visits.relative_risk"])
    assert r.found and r.value == pytest.approx(1 - 50000 / (4000 * 90), rel=1e-9)
    s = break_even_success_share(m)
    assert s.found and s.value == pytest.approx(50000 / (4000 * 90), rel=1e-9)
    assert s.base_value == pytest.approx(0.5)
    # only fewer_hvb varies: NPV = 4000*50*s + 4000*40*0.5 - 50 000 > 0 for every s
    one = break_even_success_share(m, ["fewer_hvb"])
    assert not one.found and one.value is None and "stays above 0" in one.reason
    assert one.metric_at_bounds == pytest.approx((30000.0, 230000.0))


def test_break_even_success_share_hand_computed(tmp_path: Path) -> None:
    m = build(tmp_path)
    s = break_even_success_share(m, perspective="municipality")
    assert s.found and s.value == pytest.approx(0.25, rel=1e-9)
    assert "success share" in s.quantity


def test_no_sign_change_is_explicit(tmp_path: Path) -> None:
    m = build(tmp_path)
    r = threshold(m, "unit_cost.hvb", bounds=(3000.0, 5000.0))
    assert not r.found and r.value is None
    assert "stays above 0" in r.reason
    assert r.metric_at_bounds == pytest.approx((25000.0, 75000.0))
    flat = threshold(m, "unit_cost.hvb", "region", bounds=(0.0, 10000.0))
    assert not flat.found and "does not depend" in flat.reason


def test_undefined_ratio_metric_is_reported_not_nan(tmp_path: Path) -> None:
    m = build(tmp_path)
    r = threshold(m, "unit_cost.hvb", "region", bounds=(0.0, 10000.0), metric="roi")
    assert not r.found and r.value is None and "undefined" in r.reason


def test_threshold_errors_name_the_culprit(tmp_path: Path) -> None:
    m = build(tmp_path)
    with pytest.raises(ParameterError, match=re.escape("unit_cost.hvbx")):
        threshold(m, "unit_cost.hvbx")
    with pytest.raises(ParameterError, match=re.escape("effect.fewer_hvb.relative_risk")):
        threshold(m, "effect.fewer_hvb.relative_risk", bounds=(0.0, 3.0))  # p x rr > 1
    with pytest.raises(ParameterError, match="low < high"):
        threshold(m, "unit_cost.hvb", bounds=(5.0, 1.0))
    with pytest.raises(ParameterError, match="perspective"):
        threshold(m, "unit_cost.hvb", "kommunen")
    with pytest.raises(ParameterError, match="metric"):
        threshold(m, "unit_cost.hvb", metric="irr")
    with pytest.raises(ParameterError, match="nope"):
        break_even_success_share(m, ["nope"])


def test_discount_rate_threshold_is_the_internal_rate_of_return(tmp_path: Path) -> None:
    m = build(tmp_path)
    r = threshold(m, "discount.rate")
    assert r.found and 0.0 < r.value < 0.99  # type: ignore[operator]
    at = compare_model(m, {"discount.rate": r.value})  # type: ignore[dict-item]
    assert abs(at.npv()) < 1e-6 * 50000


@settings(max_examples=25, deadline=None)
@given(
    q=st.floats(1, 100),
    rr=st.floats(0.0, 0.95),
    cost=st.floats(1000, 1e6),
    years=st.integers(1, 10),
)
def test_unit_cost_threshold_matches_closed_form(
    tmp_path_factory: pytest.TempPathFactory, q: float, rr: float, cost: float, years: int
) -> None:
    data = linear_scenario()
    data["status_quo"]["episodes"][0].update(quantity=q, to_age=9 + years)
    data["intervention"]["effects"][0]["relative_risk"] = rr
    data["intervention"]["costs"][0]["amount_sek"] = cost
    m = build(tmp_path_factory.mktemp("t"), data)
    # rate 0: NPV = v * q * (1 - rr) * years - cost = 0
    expected = cost / (q * (1 - rr) * years)
    r = threshold(m, "unit_cost.hvb", bounds=(0.0, 2 * expected))
    assert r.found and r.value == pytest.approx(expected, rel=1e-9)
