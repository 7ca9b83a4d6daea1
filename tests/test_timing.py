"""When in the year an intervention's cost is paid: at the start by default,
``timing:`` per cost, every other stream at the scenario's convention —
against hand-computed present values, and every discounting path agreeing."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socinv import Catalogue, compare, compile_scenario, scenario_from_dict
from socinv.discounting import INTERVENTION_COST_TIMING, Convention
from socinv.population import by_calendar_year
from socinv.scenarios.io import scenario_json_schema
from socinv.scenarios.kernel import evaluate_metrics, evaluate_npv, net_flows
from socinv.scenarios.metrics import compute_metrics, perspective_matrix
from socinv.scenarios.result import evaluate_result
from support import base_scenario
from test_engine import HAND

C = 100_000.0  # SEK a year, 2024 prices (the scenario's price year: no rebasing)


def _one_cost(timing: str | None = None, **disc: Any) -> dict[str, Any]:
    """One cost ``C`` at age 12 = model year 2 (start age 10), rate 5 %."""
    cost: dict[str, Any] = {
        "id": "team",
        "amount_sek": C,
        "price_year": 2024,
        "payer": "municipality",
        "from_age": 12,
        "to_age": 12,
    }
    if timing is not None:
        cost["timing"] = timing
    return base_scenario(
        discounting={"rate": 0.05, **disc},
        status_quo={
            "episodes": [
                {"id": "fs", "item": "bistand", "quantity": 1, "from_age": 10, "to_age": 19}
            ]
        },
        intervention={"costs": [cost], "effects": []},
    )


def _invest(data: dict[str, Any], cat: Catalogue) -> float:
    return compare(scenario_from_dict(data), catalogue=cat).metric(
        "intervention_cost_disc", "municipality"
    )


def test_default_is_start_of_year(small_catalogue: Catalogue) -> None:
    # paid at the start of model year t = 2: discounted over t = 2 years
    assert INTERVENTION_COST_TIMING is Convention.START
    assert _invest(_one_cost(), small_catalogue) == pytest.approx(C / 1.05**2, rel=1e-12)
    # the end of the same year: t + 1 = 3 years; mid-year 2.5
    assert _invest(_one_cost("end"), small_catalogue) == pytest.approx(C / 1.05**3, rel=1e-12)
    assert _invest(_one_cost("mid"), small_catalogue) == pytest.approx(C / 1.05**2.5, rel=1e-12)
    assert _invest(_one_cost("start"), small_catalogue) == pytest.approx(C / 1.05**2, rel=1e-12)


def test_scenario_convention_does_not_move_the_cost(small_catalogue: Catalogue) -> None:
    # a scenario-wide mid-year convention leaves the cost at the start of its year
    assert _invest(_one_cost(convention="mid"), small_catalogue) == pytest.approx(
        C / 1.05**2, rel=1e-12
    )
    # a base year two years later: the payment falls exactly on it (factor 1)
    assert _invest(_one_cost(base_year=2027), small_catalogue) == pytest.approx(C, rel=1e-12)
    assert _invest(_one_cost("end", base_year=2027), small_catalogue) == pytest.approx(
        C / 1.05, rel=1e-12
    )


def test_mixed_scenario_by_hand(small_catalogue: Catalogue) -> None:
    """The hand scenario: episodes at the end of the year, only the
    intervention's cost (50 000 SEK at age 10, model year 0) at the start."""
    hand = compare(scenario_from_dict(HAND), catalogue=small_catalogue)
    d = [1.05 ** -(t + 1) for t in range(10)]  # end of year
    savings = 100000 * (d[2] + d[3]) + 80000 * d[5] + 40000 * d[6]  # municipality
    m = "municipality"
    assert hand.metric("intervention_cost_disc", m) == pytest.approx(50000.0, rel=1e-12)
    assert hand.metric("savings_disc", m) == pytest.approx(savings, rel=1e-12)
    assert hand.npv(m) == pytest.approx(savings - 50000.0, rel=1e-12)
    assert hand.metric("roi", m) == pytest.approx((savings - 50000.0) / 50000.0, rel=1e-12)
    assert hand.metric("bcr", m) == pytest.approx(savings / 50000.0, rel=1e-12)
    # undiscounted figures do not depend on timing
    assert hand.metric("npv_undiscounted", m) == pytest.approx(200000 + 80000 + 40000 - 50000)
    # yearly and streams agree with the metrics
    y = hand.yearly()
    mun = y[y.perspective == m]
    assert mun.net_savings_disc.sum() == pytest.approx(hand.npv(m), rel=1e-12)
    assert mun.net_savings_disc.iloc[0] == pytest.approx(-50000.0, rel=1e-12)
    s = hand.streams()
    inv = s[(s.component == "intervention_cost") & (s.payer == m)]
    assert inv.cost_disc_sek.sum() == pytest.approx(50000.0, rel=1e-12)


def _two_costs() -> dict[str, Any]:
    data = copy.deepcopy(HAND)
    data["intervention"]["costs"].append(
        {
            "id": "follow",
            "amount_sek": 20000,
            "price_year": 2024,
            "payer": "region",
            "from_age": 11,
            "to_age": 13,
            "timing": "end",
        }
    )
    return data


def test_every_path_agrees_with_mixed_timings(small_catalogue: Catalogue) -> None:
    """Kernel (Monte Carlo), metrics, labelled cube, yearly table, streams
    and the budget view give one present value with costs at the start and
    the end of the year in one scenario."""
    model = compile_scenario(scenario_from_dict(_two_costs()), small_catalogue)
    assert model.mixed_timing
    rng = np.random.default_rng(1)
    theta = model.theta(
        {
            "discount.rate": rng.uniform(0.0, 0.08, 5),
            "effect.less_hvb.relative_risk": rng.uniform(0.2, 1.0, 5),
            "effect.less_fs.dropoff": rng.uniform(0.0, 1.0, 5),
        }
    )
    res = evaluate_result(model, theta)
    net = res.total(
        ("payer",), discounted=True, sign={"arm": {"status_quo": 1.0, "intervention": -1.0}}
    )
    cube_npv = net.sum(axis=-1) @ perspective_matrix()
    npv, be = evaluate_npv(model, theta)
    full = evaluate_metrics(model, theta)
    np.testing.assert_allclose(npv, cube_npv, rtol=1e-12, atol=1e-6)
    np.testing.assert_array_equal(npv, full.npv)
    np.testing.assert_array_equal(be, full.break_even)
    np.testing.assert_allclose(res.metrics.npv, cube_npv, rtol=1e-12, atol=1e-6)
    # the cube of the intervention cost by hand: region 20 000 at the end of years 1..3
    r = theta[:, model.index_of("discount.rate")]
    region = sum(20000 * (1 + r) ** -(t + 1) for t in (1, 2, 3))
    mun = 50000.0  # start of year 0
    ic = res.investment(keep=("payer",), discounted=True).sum(axis=-1)
    np.testing.assert_allclose(ic[:, 0], mun, rtol=1e-12)
    np.testing.assert_allclose(ic[:, 1], region, rtol=1e-12)
    j = 1  # region
    np.testing.assert_allclose(full.intervention_cost_disc[:, j], region, rtol=1e-12)
    # the full cube, summed, is the labelled total
    cube = res.cube(discounted=True)
    np.testing.assert_allclose(
        cube.sum(axis=(1, 2, 4, 5)),
        res.total(("payer",), discounted=True).sum(axis=-1),
        rtol=1e-12,
    )
    # one draw through the comparison's tables
    cmp = compare(scenario_from_dict(_two_costs()), catalogue=small_catalogue)
    y = cmp.yearly()
    for p in ("municipality", "region", "society"):
        assert y[y.perspective == p].net_savings_disc.sum() == pytest.approx(cmp.npv(p), rel=1e-12)
    s = cmp.streams()
    inv = s[s.component == "intervention_cost"].groupby("payer").cost_disc_sek.sum()
    assert inv["region"] == pytest.approx(cmp.metric("intervention_cost_disc", "region"))
    # the budget view of one cohort is the cohort's total
    lab = cmp.labelled
    np.testing.assert_allclose(
        by_calendar_year(lab, ("payer",), discounted=True), lab.total(("payer",), discounted=True)
    )


def _old_rule_npv(model: Any, theta: Any) -> Any:
    """NPV with every stream at the scenario's convention, as before
    intervention costs had their own timing: net savings times the factors."""
    g = model.group_costs(theta)
    return compute_metrics(g, model.discount_factors(theta)).npv


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rate=st.floats(0.0, 0.08),
    convention=st.sampled_from(["end", "mid", "start"]),
    base_shift=st.integers(-2, 3),
    rr=st.floats(0.0, 1.0),
)
def test_timing_at_the_convention_reproduces_the_old_figures(
    small_catalogue: Catalogue, rate: float, convention: str, base_shift: int, rr: float
) -> None:
    """``timing`` set to the scenario's convention on every cost gives the
    figures of one scenario-wide convention, to rounding."""
    data = _two_costs()
    data["discounting"] = {"rate": rate, "convention": convention, "base_year": 2025 + base_shift}
    data["intervention"]["effects"][0]["relative_risk"] = rr
    for c in data["intervention"]["costs"]:
        c["timing"] = convention
    model = compile_scenario(scenario_from_dict(data), small_catalogue)
    assert not model.mixed_timing
    theta = model.theta()
    m = evaluate_metrics(model, theta)
    scale = 1.0 + np.abs(model.group_costs(theta)).sum()
    np.testing.assert_allclose(m.npv, _old_rule_npv(model, theta), rtol=0, atol=1e-12 * scale)
    # leaving timing out moves only the intervention's cost, and only unless the
    # convention already is the start of the year
    for c in data["intervention"]["costs"]:
        c.pop("timing")
    default = evaluate_metrics(compile_scenario(scenario_from_dict(data), small_catalogue), theta)
    np.testing.assert_allclose(default.savings_disc, m.savings_disc, rtol=1e-12, atol=1e-9)
    if convention == "start":
        np.testing.assert_allclose(default.npv, m.npv, rtol=0, atol=1e-12 * scale)
    elif rate > 1e-6:
        assert np.all(default.intervention_cost_disc[:, :3] >= m.intervention_cost_disc[:, :3])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rate=st.floats(0.0, 0.08), timing=st.sampled_from(["end", "mid", "start", None]))
def test_zero_effect_saves_nothing(small_catalogue: Catalogue, rate: float, timing: Any) -> None:
    data = _one_cost(timing)
    data["discounting"] = {"rate": rate}
    data["intervention"]["effects"] = [{"id": "none", "episode": "fs", "relative_risk": 1.0}]
    model = compile_scenario(scenario_from_dict(data), small_catalogue)
    theta = model.theta()
    m = evaluate_metrics(model, theta)
    np.testing.assert_allclose(m.savings_disc, 0.0, atol=1e-9)
    np.testing.assert_allclose(m.npv, -m.intervention_cost_disc, rtol=1e-12, atol=1e-9)
    flows = net_flows(model, theta)
    np.testing.assert_allclose(flows.net_disc.sum(axis=-1), -flows.cost_disc.sum(axis=-1))


def test_schema_and_validation_know_timing() -> None:
    schema = scenario_json_schema()
    prop = schema["$defs"]["InterventionCost"]["properties"]["timing"]
    text = str(prop)
    for word in ("start", "mid", "end"):
        assert word in text
    assert "default start" in text
    with pytest.raises(ValueError, match="timing"):
        scenario_from_dict(_one_cost("beginning"))


def test_workbook_formulas_discount_each_cost_at_its_timing(
    small_catalogue: Catalogue, tmp_path: Path
) -> None:
    """The Excel workbook's present values (live formulas of the rate cell)
    give the library's NPV and investment with costs at the start and at the
    end of the year, and follow a changed rate as the library does."""
    from openpyxl import load_workbook

    from socinv.report import write_workbook
    from xlsx_eval import Evaluator

    cmp = compare(scenario_from_dict(_two_costs()), catalogue=small_catalogue)
    wb = load_workbook(write_workbook(cmp, tmp_path / "w.xlsx", lang="en", seed=None))
    ev = Evaluator(wb)
    ws = wb["Present values"]
    rows = {str(ws.cell(row=r, column=1).value): r for r in range(2, 9)}
    for p in ("municipality", "region", "society"):
        r = rows[p]
        assert ev.cell("Present values", f"D{r}") == pytest.approx(
            cmp.metric("intervention_cost_disc", p), rel=1e-9, abs=1e-6
        )
        assert ev.cell("Present values", f"F{r}") == pytest.approx(cmp.npv(p), rel=1e-9, abs=1e-6)
    at2 = compare(scenario_from_dict(_two_costs()), catalogue=small_catalogue, rate=0.02)
    ev2 = Evaluator(wb, overrides={"Rate": 0.02})
    for p in ("municipality", "region", "society"):
        got = ev2.cell("Present values", f"F{rows[p]}")
        assert got == pytest.approx(at2.npv(p), rel=1e-9, abs=1e-6)


def test_budget_view_of_an_inflow_discounts_each_cohort_a_year_later(
    small_catalogue: Catalogue,
) -> None:
    """Two identical cohorts, the second a year later: at a constant rate r
    every stream of the second (intervention costs at the start of the year,
    episodes at the end) is worth 1 / (1 + r) of the first's."""
    one = {**_two_costs(), "population": {"count": 1}}  # the same survival as the pair
    two = {**_two_costs(), "population": {"count": 1, "inflow_years": 2}}
    lone = compare(scenario_from_dict(one), catalogue=small_catalogue).labelled
    pair = compare(scenario_from_dict(two), catalogue=small_catalogue).labelled
    assert pair.model.mixed_timing
    for where in ({"component": "intervention_cost"}, {"arm": "status_quo"}, None):
        pv1 = lone.total(("payer",), where=where, discounted=True)[0].sum(axis=-1)
        both = by_calendar_year(pair, ("payer",), where=where, discounted=True)[0].sum(axis=-1)
        np.testing.assert_allclose(both, pv1 * (1 + 1 / 1.05), rtol=1e-12, atol=1e-9)
