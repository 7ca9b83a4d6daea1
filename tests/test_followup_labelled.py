"""The bokslut reduces the one labelled result by name. Against the former
positional computation (kept below as the reference: each row's cost times
each payer's share, grouped by the agencies of the payers of the item's
split), every figure of the municipality, the region and the state is the
same; the person's figures now also count the transfers the person receives
(share -1), so the bokslut's ``society`` nets transfers out, as the
scenario's society perspective does."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import socinv
from socinv.followup import bokslut, outcomes_from_frame, reforecast, synthetic_outcomes
from socinv.followup.bokslut import Bokslut, forecast, price_observed
from socinv.fund.agencies import row_agencies
from socinv.payers import PAYERS
from socinv.scenarios.compile import G_COST, G_INT, G_SQ
from support import MAIN_SCENARIO, ROOT

NORRKOPING = ROOT / "data" / "contracts" / "norrkoping_hvb_scenario.yaml"
KEYS = ["year", "payer", "agency"]
NAMES = [p.value for p in PAYERS]
YEARS = list(range(2031, 2047))  # ages 14..29: every effect of the scenario acts


def _positional(b: Bokslut, group: int, cost: np.ndarray, shares: np.ndarray) -> pd.Series:
    """The former reduction: cost[i, row, t] x shares[i, row, payer] for the
    payers of the row's catalogue split, summed per year, payer and agency."""
    agencies = [{p.value: a for p, a in d.items()} for d in row_agencies(b.model)]
    first = int(b.model.years[0])
    rows = []
    for i, y in enumerate(b.years):
        for e, r in enumerate(b.model.rows):
            if r.group != group:
                continue
            for j, p in enumerate(NAMES):
                if p in agencies[e]:
                    rows.append(
                        (y, p, agencies[e][p], float(cost[i, e, y - first] * shares[i, e, j]))
                    )
    df = pd.DataFrame(rows, columns=[*KEYS, "cost_sek"])
    return df.groupby(KEYS)["cost_sek"].sum()


@pytest.fixture(scope="module")
def foster() -> socinv.Model:
    return socinv.compile_scenario(socinv.load_scenario(MAIN_SCENARIO))


@pytest.fixture(scope="module")
def foster_bokslut(foster: socinv.Model) -> Bokslut:
    df = synthetic_outcomes(
        foster,
        YEARS,
        100,
        {"effect.less_income_support.relative_risk": 0.5, "effect.more_work.relative_risk": 0.7},
        seed=3,
        comparison_size=90,
    )
    return bokslut(foster, outcomes_from_frame(df, foster))


def test_forecast_costs_match_the_former_reduction_for_every_payer_but_the_person(
    foster_bokslut: Bokslut,
) -> None:
    b = foster_bokslut
    sizes = b.observed.group_sizes("participants")
    fc = forecast(b.model, list(sizes), list(sizes.values()), {})
    costs = b.costs()
    part = costs[costs["group"] == "participants"].set_index(KEYS)["forecast_sek"]
    ref = _positional(b, G_INT, fc.result.row_cost, fc.result.shares)
    public = part.index.get_level_values("payer") != "individual"
    assert part.index[public].equals(ref.index[ref.index.get_level_values("payer") != "individual"])
    np.testing.assert_allclose(part[public], ref.loc[part.index[public]], rtol=1e-12, atol=1e-6)
    # the person: the former figure plus the transfers received (negative), by year
    received = _received(b, fc.result.row_cost, G_INT)
    person = part.xs("individual", level="payer").groupby("year").sum()
    former = ref.xs("individual", level="payer").groupby("year").sum()
    np.testing.assert_allclose(person, former - received, rtol=1e-12, atol=1e-6)
    assert received.max() > 0  # income support is received in these years


def _received(b: Bokslut, cost: np.ndarray, group: int) -> pd.Series:
    """Per year: the transfers the person receives in ``group``'s rows (SEK)."""
    items = {it.id: it for it in b.model.items}
    first = int(b.model.years[0])
    out = {}
    for i, y in enumerate(b.years):
        out[y] = sum(
            float(cost[i, e, y - first])
            for e, r in enumerate(b.model.rows)
            if r.group == group and items[r.item].kind.value == "transfer"
        )
    return pd.Series(out)


def test_observed_costs_match_the_former_reduction(foster_bokslut: Bokslut) -> None:
    b = foster_bokslut
    pr = price_observed(b.model, b.observed)
    costs = b.costs().set_index(["group", *KEYS])
    for group in ("participants", "comparison"):
        sub = pr[pr["group"] == group]
        agencies = [{p.value: a for p, a in d.items()} for d in row_agencies(b.model)]
        sq = {r.episode: e for e, r in enumerate(b.model.rows) if r.group == G_SQ}
        rows = [
            (int(r["year"]), p, agencies[sq[r["episode"]]][p], r["cost_sek"] * r[f"share_{p}"])
            for r in sub.to_dict("records")
            for p in NAMES
            if p in agencies[sq[r["episode"]]] and p != "individual"
        ]
        ref = pd.DataFrame(rows, columns=[*KEYS, "v"]).groupby(KEYS)["v"].sum()
        got = costs.loc[group]["observed_sek"]
        np.testing.assert_allclose(got.loc[ref.index], ref, rtol=1e-12, atol=1e-6)


def test_society_nets_transfers_out_as_the_scenario_does(foster: socinv.Model) -> None:
    """Observed = forecast: the bokslut's society savings per year are the
    scenario's society net savings (status quo minus intervention arm, from
    the comparison's yearly table) for the group size."""
    from socinv.followup import expected_outcomes

    obs = outcomes_from_frame(expected_outcomes(foster, YEARS, 100.0), foster)
    b = bokslut(foster, obs)
    bp = b.by_payer().set_index(["year", "payer"])
    cmp = socinv.compare_model(foster, {"cohort.size": 100.0})
    y = cmp.yearly()
    soc = y[y["perspective"] == "society"].set_index("year")
    expected = (soc["status_quo"] - soc["intervention_episodes"]).loc[YEARS]
    got = bp.xs("society", level="payer")["forecast_savings_sek"].loc[YEARS]
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-3)
    np.testing.assert_allclose(
        bp.xs("society", level="payer")["realised_savings_sek"].loc[YEARS],
        expected,
        rtol=1e-9,
        atol=1e-3,
    )
    # the person counts: society is not the public sector alone
    pub = bp.xs("public", level="payer")["forecast_savings_sek"].loc[YEARS]
    assert not np.allclose(pub, expected, rtol=1e-6)


def test_investment_and_reforecast_from_the_labelled_result(foster_bokslut: Bokslut) -> None:
    b = foster_bokslut
    inv = b.by_payer().set_index(["year", "payer"])["intervention_cost_sek"]
    sizes = b.observed.group_sizes("participants")
    fc = forecast(b.model, list(sizes), list(sizes.values()), {})
    ref = (
        _positional(b, G_COST, fc.result.row_cost, fc.result.shares)
        .groupby(["year", "payer"])
        .sum()
    )
    np.testing.assert_allclose(inv.loc[ref.index], ref, rtol=1e-12, atol=1e-6)
    # the remaining forecast is the labelled result's savings after the last year
    r = reforecast(b).set_index("payer")
    last = max(b.years)
    res = forecast(b.model, [last], [sizes[last]], {}).result
    per = res.savings(keep=("payer",))[0]
    rest = b.model.years > last
    for j, p in enumerate(NAMES):
        assert r.loc[p, "remaining_forecast_sek"] == pytest.approx(per[j, rest].sum(), abs=1e-6)


def test_shipped_example_unchanged() -> None:
    """The Norrköping example has no transfer in its observed years: its
    tables are those of the former reduction for every payer."""
    from socinv.followup import load_outcomes

    model = socinv.compile_scenario(socinv.load_scenario(NORRKOPING))
    obs = load_outcomes(ROOT / "data" / "followup" / "norrkoping_followup_example.csv", model)
    b = bokslut(model, obs)
    sizes = obs.group_sizes("participants")
    fc = forecast(model, list(sizes), list(sizes.values()), {})
    costs = b.costs()
    part = costs[costs["group"] == "participants"].set_index(KEYS)["forecast_sek"]
    ref = _positional(b, G_INT, fc.result.row_cost, fc.result.shares)
    assert part.index.equals(ref.index)
    np.testing.assert_allclose(part, ref, rtol=1e-12, atol=1e-6)
    s = b.savings().groupby("payer")["realised_savings_sek"].sum()
    assert s["municipality"] == pytest.approx(20_229_862, abs=1)  # docs/followup.md
