"""The shipped cost-of-exclusion examples run and their first years check by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import socinv
from socinv.population import totals
from socinv.scenarios.exclusion import cost_of_exclusion
from socinv.unitcosts.series import load_births, load_life_table

ROOT = Path(__file__).resolve().parents[1]
SCEN = ROOT / "data" / "scenarios"
EXAMPLES = ["uvas_birth_cohort", "adhd_lifetime", "crime_career_justice_chain"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_runs_and_adds_up(name: str) -> None:
    cmp = socinv.compare(SCEN / f"{name}.yaml")
    t = cost_of_exclusion(cmp)
    assert np.isfinite(t[["cost_sek", "cost_disc_sek"]].to_numpy()).all()
    soc = totals(cmp.labelled).loc["society"]
    assert t["cost_sek"].sum() == pytest.approx(soc["per_cohort"], rel=1e-9)
    assert 0 < soc["per_cohort_disc"] < soc["per_cohort"]
    assert cmp.scenario.intervention.costs == ()


def test_crime_first_year_police_cost_by_hand() -> None:
    cmp = socinv.compare(SCEN / "crime_career_justice_chain.yaml")
    m = cmp.model
    police = m.base_theta[m.index_of("unit_cost.polis_lagforing")]
    court = m.base_theta[m.index_of("unit_cost.tingsratt_brottmal_mal")]
    s = cmp.labelled.streams()
    y0 = s[(s["year"] == 2025) & (s["arm"] == "status_quo")]
    got = y0.groupby("item")["cost_sek"].sum()
    assert got["polis_lagforing"] == pytest.approx(8 * 0.45 * police, rel=1e-12)
    assert got["tingsratt_brottmal_mal"] == pytest.approx(8 * 0.45 * 0.665 * court, rel=1e-12)


def test_adhd_cohort_size_and_girls_enter_at_15() -> None:
    m = socinv.load_model(SCEN / "adhd_lifetime.yaml")
    n = load_births().cohort(2024) * 0.037
    assert m.base_theta[m.cohort_idx] == pytest.approx(n * (0.636 + 0.364))
    w = m.year_weight(m.base_theta[None, :])
    assert w is not None
    q = load_life_table().q["men"]
    # year 0 (age 10): only boys, alive at the start
    assert w[0, 0] == pytest.approx(0.636)
    # year 1: boys' survival from 10 to 11 at hazard ratio 2.07
    assert w[0, 1] == pytest.approx(0.636 * (1 - q[10]) ** 2.07, rel=1e-12)
    # girls join at 15 (year 5)
    assert w[0, 5] > w[0, 4] + 0.3
