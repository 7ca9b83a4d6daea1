"""Events: a cost per event at a yearly rate, or once at a given age."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

import socinv
from socinv.scenarios.models import Scenario
from socinv.unitcosts.series import load_life_table


def scenario(events: list[dict[str, Any]], **extra: Any) -> Scenario:
    return Scenario.model_validate(
        {
            "name": "events",
            "start_age": 15,
            "horizon_years": 10,
            "start_year": 2025,
            "price_year": 2024,
            "discounting": {"rate": 0.03, "convention": "end"},
            "status_quo": {"events": events},
            **extra,
        }
    )


def test_rate_times_unit_cost_times_survival_by_hand() -> None:
    sc = scenario(
        [
            {
                "id": "visits",
                "item": "bup_besok",
                "rate": 0.4,
                "probability": 0.5,
                "from_age": 17,
                "to_age": 20,
            }
        ],
        population={"count": 1, "sex": "women", "mortality": {"hazard_ratio": 3.0}},
    )
    m = socinv.load_model(sc)
    cmp = socinv.scenarios.compare_model(m)
    unit = m.base_theta[m.index_of("unit_cost.bup_besok")]
    q = load_life_table().q["women"]
    s = [1.0]
    for age in range(15, 24):
        s.append(s[-1] * (1.0 - q[age]) ** 3.0)
    pv = sum(0.4 * 0.5 * unit * s[t] / 1.03 ** (t + 1) for t in range(2, 6))
    assert cmp.summary().loc["society", "cost_status_quo_disc"] == pytest.approx(pv, rel=1e-12)
    assert "event.status_quo.visits.rate" in m.param_names


def test_one_off_event_at_age() -> None:
    m = socinv.load_model(scenario([{"id": "once", "item": "bup_besok", "at_age": 18}]))
    cmp = socinv.scenarios.compare_model(m)
    unit = m.base_theta[m.index_of("unit_cost.bup_besok")]
    y = cmp.yearly()
    y = y[y["perspective"] == "society"].set_index("age")["status_quo"]
    assert y[18] == pytest.approx(unit, rel=1e-12)
    assert y.drop(18).abs().sum() == 0.0


def test_effect_on_an_event_and_truncation() -> None:
    ev = [
        {"id": "offence", "item": "bup_besok", "rate": 0.5, "from_age": 15, "to_age": 24},
        {"id": "late", "item": "bup_besok", "at_age": 23},
    ]
    iv = {"effects": [{"id": "fewer", "episode": "offence", "relative_risk": 0.5}]}
    sc = scenario(ev, intervention=iv)
    full = socinv.scenarios.compare_model(socinv.load_model(sc))
    assert full.summary().loc["society", "savings"] > 0
    short = socinv.load_model(sc, to_age=20)
    assert [e.id for e in short.scenario.status_quo.events] == ["offence"]


@pytest.mark.parametrize(
    "event",
    [
        {"id": "x", "item": "bup_besok", "rate": 1},
        {"id": "x", "item": "bup_besok", "at_age": 18, "rate": 1},
        {"id": "x", "item": "bup_besok", "rate": -1, "from_age": 15, "to_age": 16},
    ],
)
def test_bad_event_is_rejected(event: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        scenario([event])
