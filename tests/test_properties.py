"""Properties of the engine under random scenarios (hypothesis)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socinv import Catalogue, compare, compare_model, compile_scenario, scenario_from_dict
from socinv.payers import PERSPECTIVES, Perspective
from support import SMALL_CSV

ITEMS = ["hvb", "visit", "sis", "prison", "bistand", "sjukers", "prod", "victim"]
TRANSFERS = ["bistand", "sjukers"]
START, HORIZON = 5, 30
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def episodes(draw: st.DrawFn, items: list[str] = ITEMS, max_n: int = 6) -> list[dict[str, Any]]:
    n = draw(st.integers(1, max_n))
    out = []
    for i in range(n):
        a = draw(st.integers(START, START + HORIZON - 1))
        b = draw(st.integers(a, START + HORIZON - 1))
        out.append(
            {
                "id": f"e{i}",
                "item": draw(st.sampled_from(items)),
                "quantity": draw(st.floats(0, 400)),
                "probability": draw(st.floats(0, 1)),
                "from_age": a,
                "to_age": b,
            }
        )
    return out


@st.composite
def effect_span(draw: st.DrawFn, episode: dict[str, Any]) -> dict[str, int]:
    """No ages (the episode's span), or ages that meet the episode's; the
    effect may start before the episode (its fading then counts from there)."""
    if draw(st.booleans()):
        return {}
    lo = draw(st.integers(START, episode["to_age"]))
    hi = draw(st.integers(max(lo, episode["from_age"]), START + HORIZON - 1))
    return {"from_age": lo, "to_age": hi}


@st.composite
def scenarios(
    draw: st.DrawFn, zero_effect: bool = False, items: list[str] = ITEMS
) -> dict[str, Any]:
    eps = draw(episodes(items))
    effects, costs = [], []
    if not zero_effect:
        for j, e in enumerate(eps):
            if draw(st.booleans()):
                effects.append(
                    {
                        "id": f"f{j}",
                        "episode": e["id"],
                        "relative_risk": draw(st.floats(0, 1)),
                        "quantity_factor": draw(st.floats(0, 2)),
                        "dropoff": draw(st.floats(0, 1)),
                        **draw(effect_span(e)),
                    }
                )
        costs.append(
            {
                "id": "c",
                "amount_sek": draw(st.floats(0, 1e6)),
                "price_year": 2020,
                "payer": draw(st.sampled_from(["municipality", "region", "state"])),
                "from_age": START,
                "to_age": START + draw(st.integers(0, 3)),
            }
        )
    else:
        effects = [{"id": f"f{j}", "episode": e["id"]} for j, e in enumerate(eps)]
    return {
        "name": "prop",
        "start_age": START,
        "horizon_years": HORIZON,
        "start_year": 2025,
        "price_year": 2024,
        "cohort_size": draw(st.floats(0.5, 100)),
        "discounting": {
            "rate": draw(st.floats(0, 0.08)),
            "convention": draw(st.sampled_from(["end", "mid", "start"])),
        },
        "status_quo": {"episodes": eps},
        "intervention": {"costs": costs, "effects": effects},
    }


@pytest.fixture(scope="module")
def cat(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    from socinv import load_catalogue

    p = tmp_path_factory.mktemp("c") / "small.csv"
    p.write_text(SMALL_CSV, encoding="utf-8")
    return load_catalogue(p)


def _idx(v: str) -> int:
    return PERSPECTIVES.index(Perspective(v))


@SETTINGS
@given(data=scenarios())
def test_payer_sums_equal_society_total(cat: Catalogue, data: dict[str, Any]) -> None:
    cmp = compare(scenario_from_dict(data), catalogue=cat)
    m = cmp.metrics
    for field in (
        "cost_status_quo_disc",
        "cost_intervention",
        "savings_disc",
        "npv",
        "intervention_cost",
    ):
        arr = getattr(m, field)[0]
        payers = sum(
            arr[_idx(p)] for p in ("municipality", "region", "state", "individual", "other")
        )
        # rounding is relative to the gross payer flows: transfers cancel in society
        scale = 1.0 + float(np.abs(cmp.group_costs).sum())
        assert arr[_idx("society")] == pytest.approx(payers, abs=1e-12 * scale)
        public = sum(arr[_idx(p)] for p in ("municipality", "region", "state"))
        assert arr[_idx("public")] == pytest.approx(public, abs=1e-12 * scale)
    # the tidy streams add up to the same totals, year by year
    s = cmp.streams()
    yearly = s.groupby(["arm", "year"]).cost_sek.sum()
    y = cmp.yearly()
    soc = y[y.perspective == "society"].set_index("year")
    sq = yearly.loc["status_quo"].reindex(soc.index, fill_value=0.0)
    gross = 1.0 + float(np.abs(cmp.group_costs).sum())
    np.testing.assert_allclose(
        sq.to_numpy(), soc.status_quo.to_numpy(), rtol=1e-9, atol=1e-12 * gross
    )


@SETTINGS
@given(data=scenarios(items=TRANSFERS))
def test_transfers_net_to_zero_for_society(cat: Catalogue, data: dict[str, Any]) -> None:
    data["intervention"]["costs"] = []
    cmp = compare(scenario_from_dict(data), catalogue=cat)
    y = cmp.yearly()
    soc = y[y.perspective == "society"]
    scale = max(1.0, float(y.status_quo.abs().max()))
    assert np.allclose(
        soc[["status_quo", "intervention_episodes", "net_savings"]].to_numpy(),
        0.0,
        atol=1e-9 * scale,
    )
    # and the individual's view mirrors the payers'
    ind = cmp.metric("cost_status_quo", "individual")
    pub = cmp.metric("cost_status_quo", "public")
    assert ind == pytest.approx(-pub, rel=1e-12, abs=1e-6)


@SETTINGS
@given(data=scenarios(items=["prod"]))
def test_production_splits_into_taxes_and_net_income(cat: Catalogue, data: dict[str, Any]) -> None:
    data["intervention"]["costs"] = []
    cmp = compare(scenario_from_dict(data), catalogue=cat)
    s = cmp.streams()
    s = s[s.arm == "status_quo"]
    by_year = s.groupby("year").cost_sek.sum()
    expected = sum(
        600000
        * e["quantity"]
        * e["probability"]
        * data["cohort_size"]
        * (
            (cmp.model.years - 2025 + START >= e["from_age"])
            & (cmp.model.years - 2025 + START <= e["to_age"])
        )
        for e in data["status_quo"]["episodes"]
    )
    np.testing.assert_allclose(
        by_year.reindex(cmp.model.years, fill_value=0.0).to_numpy(), expected, rtol=1e-9, atol=1e-6
    )


@SETTINGS
@given(data=scenarios(zero_effect=True))
def test_zero_effect_zero_cost_gives_zero_savings(cat: Catalogue, data: dict[str, Any]) -> None:
    cmp = compare(scenario_from_dict(data), catalogue=cat)
    for field in ("savings", "savings_disc", "npv", "npv_undiscounted", "intervention_cost"):
        assert np.all(getattr(cmp.metrics, field) == 0.0), field


@SETTINGS
@given(data=scenarios(), factor=st.sampled_from([2.0, 3.0, 0.5]))
def test_scaling_the_cohort_scales_every_total(
    cat: Catalogue, data: dict[str, Any], factor: float
) -> None:
    model = compile_scenario(scenario_from_dict(data), cat)
    a = compare_model(model)
    b = compare_model(model, {"cohort.size": data["cohort_size"] * factor})
    # rounding is relative to the gross flows (transfers cancel in the society view)
    gross = float(np.abs(b.group_costs).sum()) + 1.0
    for field in (
        "cost_status_quo",
        "cost_status_quo_disc",
        "cost_intervention_disc",
        "savings_disc",
        "npv",
        "intervention_cost_disc",
    ):
        np.testing.assert_allclose(
            getattr(b.metrics, field),
            factor * getattr(a.metrics, field),
            rtol=1e-10,
            atol=1e-12 * gross,
        )
    np.testing.assert_array_equal(a.metrics.break_even, b.metrics.break_even)


@SETTINGS
@given(data=scenarios())
def test_batch_equals_one_by_one(cat: Catalogue, data: dict[str, Any]) -> None:
    model = compile_scenario(scenario_from_dict(data), cat)
    rr = np.linspace(0.0, 1.0, 5)
    over = {n: rr for n in model.param_names if n.endswith("relative_risk")}
    over["discount.rate"] = np.linspace(0.0, 0.06, 5)
    batch = model.group_costs(model.theta(over))
    for i in range(5):
        single = model.group_costs(model.theta({k: v[i] for k, v in over.items()}))
        np.testing.assert_allclose(batch[i], single[0], rtol=1e-12, atol=1e-9)


@st.composite
def scenarios_with_stacked_effects(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(scenarios())
    eps = data["status_quo"]["episodes"]
    extra = [
        {
            "id": f"g{j}",
            "episode": e["id"],
            "relative_risk": draw(st.floats(0, 1)),
            "dropoff": draw(st.floats(0, 1)),
            **draw(effect_span(e)),
        }
        for j, e in enumerate(eps)
        if draw(st.booleans())
    ]
    data["intervention"]["effects"] = [*data["intervention"]["effects"], *extra]
    return data


@SETTINGS
@given(
    data=scenarios_with_stacked_effects(), vary_dropoff=st.booleans(), seed=st.integers(0, 2**16)
)
def test_fast_group_path_equals_row_by_row_formula(
    cat: Catalogue, data: dict[str, Any], vary_dropoff: bool, seed: int
) -> None:
    """The matrix-product evaluation equals the row-by-year formula, whether
    effects are linear (fixed drop-off) or evaluated exactly (stacked effects,
    drop-off varying by draw)."""
    model = compile_scenario(scenario_from_dict(data), cat)
    rng = np.random.default_rng(seed)
    n = 7
    over: dict[str, Any] = {}
    for name in model.param_names:
        if name.endswith("relative_risk") or (name.endswith("dropoff") and vary_dropoff):
            over[name] = rng.uniform(0, 1, n)
        elif name.startswith("unit_cost."):
            over[name] = model.base_theta[model.index_of(name)] * rng.uniform(0.5, 1.5, n)
    theta = model.theta(over, n=n)
    cost, shares = model.row_costs(theta)
    direct = np.einsum("net,nep->nept", cost, shares)
    fast = model.group_costs(theta)
    scale = float(np.abs(direct).sum()) + 1.0
    for g in range(3):
        np.testing.assert_allclose(
            fast[:, g], direct[:, model.row_group == g].sum(axis=1), rtol=1e-9, atol=1e-12 * scale
        )


#: The small catalogue plus transfers paid *to* a public body (a patient fee to
#: the region, a care fee to the municipality): the receiver named in the
#: ``recipient`` column gets the -1 share.
FEES_CSV = (
    SMALL_CSV.splitlines()[0]
    + ",recipient\n"
    + "".join(line + ",\n" for line in SMALL_CSV.splitlines()[1:])
    + "fee,Patientavgift,Patient fee,200,besök,2024,individual,transfer,health,"
    + "hälso- och sjukvård,test,assumption,region\n"
    + "carefee,Egenavgift,Care fee,100,dygn,2024,individual,transfer,social_services,"
    + "socialnämnd,test,assumption,municipality\n"
)


@pytest.fixture(scope="module")
def cat_fees(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    from socinv import load_catalogue

    p = tmp_path_factory.mktemp("f") / "fees.csv"
    p.write_text(FEES_CSV, encoding="utf-8")
    return load_catalogue(p)


@SETTINGS
@given(data=scenarios(items=[*TRANSFERS, "fee", "carefee"]))
def test_transfers_to_a_named_recipient_net_to_zero_in_the_labelled_result(
    cat_fees: Catalogue, data: dict[str, Any]
) -> None:
    from socinv.scenarios.result import evaluate_result

    data["intervention"]["costs"] = []
    model = compile_scenario(scenario_from_dict(data), catalogue=cat_fees)
    res = evaluate_result(model, np.atleast_2d(model.base_theta))
    by_payer = res.total(["payer"])  # (draw, payer, year)
    scale = max(1.0, float(np.abs(by_payer).max()))
    np.testing.assert_allclose(by_payer.sum(axis=1), 0.0, atol=1e-9 * scale)
    # every payer's share has an agency: agency sums equal payer sums
    np.testing.assert_allclose(
        res.total(["agency"]).sum(axis=(1, 2)), by_payer.sum(axis=(1, 2)), atol=1e-9 * scale
    )
    cmp = compare(scenario_from_dict(data), catalogue=cat_fees)
    y = cmp.yearly()
    soc = y[y.perspective == "society"]
    assert np.allclose(soc[["status_quo", "net_savings"]].to_numpy(), 0.0, atol=1e-9 * scale)


def test_a_patient_fee_is_income_of_the_region_by_hand(cat_fees: Catalogue) -> None:
    """4 visits a year at 200 SEK, 3 years, no discounting: the individual pays
    2 400 SEK, the region's hälso- och sjukvård receives 2 400 SEK."""
    from socinv.scenarios.result import evaluate_result

    data = {
        "name": "fee",
        "start_age": 20,
        "horizon_years": 3,
        "start_year": 2025,
        "price_year": 2024,
        "discounting": {"rate": 0.0},
        "status_quo": {
            "episodes": [{"id": "v", "item": "fee", "quantity": 4, "from_age": 20, "to_age": 22}]
        },
    }
    model = compile_scenario(scenario_from_dict(data), catalogue=cat_fees)
    res = evaluate_result(model, np.atleast_2d(model.base_theta))
    payers = res.coords()["payer"]
    sq = {"arm": "status_quo"}
    tot = res.total(["payer"], where=sq).sum(axis=-1)[0]
    assert tot[payers.index("individual")] == pytest.approx(2400.0)
    assert tot[payers.index("region")] == pytest.approx(-2400.0)
    agencies = res.coords()["agency"]
    by_agency = res.total(["agency"], where=sq).sum(axis=-1)[0]
    assert by_agency[agencies.index("hälso- och sjukvård")] == pytest.approx(-2400.0)
