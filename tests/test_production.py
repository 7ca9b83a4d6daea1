"""Production value = wage x (1 + employer contributions) x employment by age."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import socinv
from socinv.scenarios.models import Scenario
from socinv.unitcosts.series import load_earnings, load_employment, load_wage_index


def scenario(**entry: Any) -> Scenario:
    return Scenario.model_validate(
        {
            "name": "production",
            "start_age": 20,
            "horizon_years": 6,
            "start_year": 2025,
            "price_year": 2024,
            "discounting": {"rate": 0.0},
            "status_quo": {
                "production": [{"id": "outside", "from_age": 22, "to_age": 24, **entry}]
            },
        }
    )


def society_by_age(sc: Scenario) -> Any:
    cmp = socinv.scenarios.compare_model(socinv.load_model(sc))
    y = cmp.yearly()
    return cmp, y[y["perspective"] == "society"].set_index("age")["status_quo"]


def test_decomposed_by_hand() -> None:
    cmp, y = society_by_age(scenario(probability=0.5))
    w = load_wage_index().wage[2024]
    emp = load_employment()
    for age in (22, 23, 24):
        expected = w * 12 * 1.3142 * emp.value(age, "all") * 0.5
        assert y[age] == pytest.approx(expected, rel=1e-12)
    assert y[[20, 21, 25]].abs().sum() == 0.0
    names = cmp.model.param_names
    assert "unit_cost.produktionsvarde_lon_ar" in names
    assert "production.wage_cost_factor" in names
    assert "production.outside.probability" in names


def test_earnings_profile_and_growth() -> None:
    _, y = society_by_age(scenario(employment="full", earnings="profile", real_wage_growth=0.01))
    earn = load_earnings()
    mean = np.mean([earn.value(a, "all") for a in range(20, 65)])
    w = load_wage_index().wage[2024]
    t = 24 - 20
    expected = w * 12 * 1.3142 * earn.value(24, "all") / mean * 1.01**t
    assert y[24] == pytest.approx(expected, rel=1e-12)


def test_wage_index_rebases_the_level() -> None:
    m = socinv.load_model(scenario(), price_year=2022)
    w = load_wage_index()
    assert m.base_theta[m.index_of("unit_cost.produktionsvarde_lon_ar")] == pytest.approx(
        12 * w.wage[2022]
    )


def test_payers_sum_to_society_and_effects_apply() -> None:
    sc = scenario()
    d = sc.model_dump(mode="json")
    d["intervention"] = {"effects": [{"id": "job", "episode": "outside", "relative_risk": 0.5}]}
    cmp = socinv.scenarios.compare_model(socinv.load_model(Scenario.model_validate(d)))
    s = cmp.summary()
    payers = ["municipality", "region", "state", "individual", "other"]
    assert s.loc[payers, "savings"].sum() == pytest.approx(s.loc["society", "savings"])
    assert s.loc["society", "savings"] == pytest.approx(
        0.5 * s.loc["society", "cost_status_quo"], rel=1e-12
    )
