"""The engine against hand-computed values: one small scenario worked through by hand."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from socinv import (
    Catalogue,
    ParameterError,
    PriceYearError,
    ScenarioError,
    UnknownItemError,
    compare,
    compile_scenario,
    scenario_from_dict,
)
from socinv.unitcosts import load_cpi
from support import base_scenario

D = [1.05 ** -(t + 1) for t in range(10)]  # end-of-year factors at 5 %, base = first year
S = [1.05**-t for t in range(10)]  # start of year: the intervention's own costs (default)

HAND: dict[str, Any] = base_scenario(
    tax_wedge={"municipality": 0.2, "region": 0.1, "state": 0.25},
    status_quo={
        "episodes": [
            {
                "id": "hvb",
                "item": "hvb",
                "quantity": 100,
                "probability": 0.5,
                "from_age": 12,
                "to_age": 13,
            },
            {"id": "fs", "item": "bistand", "quantity": 1, "from_age": 15, "to_age": 16},
            {
                "id": "work",
                "item": "prod",
                "quantity": 1,
                "probability": 0.5,
                "from_age": 18,
                "to_age": 18,
            },
            {"id": "sis", "item": "sis", "quantity": 10, "from_age": 11, "to_age": 11},
        ]
    },
    intervention={
        "costs": [
            {
                "id": "team",
                "amount_sek": 50000,
                "price_year": 2024,
                "payer": "municipality",
                "from_age": 10,
                "to_age": 10,
            }
        ],
        "effects": [
            {"id": "less_hvb", "episode": "hvb", "relative_risk": 0.5},
            {"id": "less_fs", "episode": "fs", "relative_risk": 0.0, "dropoff": 0.5},
        ],
    },
)


@pytest.fixture
def hand(small_catalogue: Catalogue):  # type: ignore[no-untyped-def]
    return compare(scenario_from_dict(HAND), catalogue=small_catalogue)


def test_municipality_by_hand(hand) -> None:  # type: ignore[no-untyped-def]
    sq = 80040 * D[1] + 200000 * (D[2] + D[3]) + 80000 * (D[5] + D[6]) + 60000 * D[8]
    iep = 80040 * D[1] + 100000 * (D[2] + D[3]) + 0 * D[5] + 40000 * D[6] + 60000 * D[8]
    inv = 50000 * S[0]  # paid at the start of the first year: undiscounted
    m = "municipality"
    assert hand.metric("cost_status_quo_disc", m) == pytest.approx(sq, rel=1e-12)
    assert hand.metric("cost_intervention_disc", m) == pytest.approx(iep + inv, rel=1e-12)
    assert hand.metric("intervention_cost_disc", m) == pytest.approx(inv, rel=1e-12)
    assert hand.metric("savings_disc", m) == pytest.approx(sq - iep, rel=1e-12)
    assert hand.npv(m) == pytest.approx(sq - iep - inv, rel=1e-12)
    assert hand.metric("roi", m) == pytest.approx((sq - iep - inv) / inv, rel=1e-12)
    assert hand.metric("bcr", m) == pytest.approx((sq - iep) / inv, rel=1e-12)
    assert hand.metric("npv_undiscounted", m) == pytest.approx(200000 + 80000 + 40000 - 50000)
    assert hand.break_even_year(m) == 2027  # cumulative turns positive in model year 2


def test_other_payers_by_hand(hand) -> None:  # type: ignore[no-untyped-def]
    # state: 1/3 of SiS (same in both arms) and 25 % of production: no savings
    assert hand.metric("cost_status_quo_disc", "state") == pytest.approx(
        39960 * D[1] + 75000 * D[8]
    )
    assert hand.npv("state") == pytest.approx(0.0, abs=1e-9)
    assert hand.metric("cost_status_quo_disc", "region") == pytest.approx(30000 * D[8])
    # individual: receives income support (negative cost), loses net income 45 % x 300 000
    ind_sq = -80000 * (D[5] + D[6]) + 135000 * D[8]
    ind_int = -40000 * D[6] + 135000 * D[8]
    assert hand.metric("cost_status_quo_disc", "individual") == pytest.approx(ind_sq)
    assert hand.npv("individual") == pytest.approx(ind_sq - ind_int)
    assert hand.break_even_year("individual") is None  # loses income support: never breaks even
    assert hand.metric("roi", "individual") != hand.metric(
        "roi", "individual"
    )  # NaN: invests nothing


def test_society_counts_resources_and_production_only(hand) -> None:  # type: ignore[no-untyped-def]
    sq = 120000 * D[1] + 200000 * (D[2] + D[3]) + 300000 * D[8]
    assert hand.metric("cost_status_quo_disc", "society") == pytest.approx(sq, rel=1e-12)
    assert hand.npv("society") == pytest.approx(100000 * (D[2] + D[3]) - 50000 * S[0], rel=1e-12)
    pub = hand.metric("cost_status_quo_disc", "public")
    parts = sum(hand.metric("cost_status_quo_disc", p) for p in ("municipality", "region", "state"))
    assert pub == pytest.approx(parts)


def test_streams_are_tidy_and_add_up(hand) -> None:  # type: ignore[no-untyped-def]
    s = hand.streams()
    assert {
        "scenario",
        "arm",
        "payer",
        "kind",
        "item",
        "year",
        "age",
        "cost_sek",
        "cost_disc_sek",
    } <= set(s.columns)
    assert not s.isna().any().any()
    sq = s[s.arm == "status_quo"]
    by_payer = sq.groupby("payer").cost_disc_sek.sum()
    for p, v in by_payer.items():
        assert v == pytest.approx(hand.metric("cost_status_quo_disc", str(p)), rel=1e-12)
    hvb_2027 = sq[(sq.item == "hvb") & (sq.year == 2027)]
    assert hvb_2027.cost_sek.tolist() == [200000.0]
    assert hvb_2027.age.tolist() == [12]
    transfers = s[s.kind == "transfer"].groupby(["arm", "year"]).cost_sek.sum()
    assert np.allclose(transfers.to_numpy(), 0.0)


def test_yearly_cumulative(hand) -> None:  # type: ignore[no-untyped-def]
    y = hand.yearly()
    m = y[y.perspective == "municipality"].set_index("t")
    assert m.loc[0, "intervention_cost"] == 50000
    assert m.loc[2, "net_savings"] == 100000
    assert m["cumulative_net_disc"].iloc[-1] == pytest.approx(hand.npv("municipality"))


def test_who_invests_who_gains(hand) -> None:  # type: ignore[no-untyped-def]
    w = hand.who_invests_who_gains()
    assert w.loc["municipality", "role"] == "invests and gains"
    assert w.loc["individual", "role"] == "loses"
    assert w.loc["state", "role"] == "not affected"


def test_intervention_amount_is_rebased(small_catalogue: Catalogue) -> None:
    data = {
        **HAND,
        "intervention": {
            "costs": [
                {
                    "id": "c",
                    "amount_sek": 1000,
                    "price_year": 2015,
                    "payer": "region",
                    "from_age": 10,
                    "to_age": 11,
                }
            ]
        },
    }
    cmp = compare(scenario_from_dict(data), catalogue=small_catalogue)
    f = load_cpi().factor(2015, 2024)
    assert cmp.metric("intervention_cost", "region") == pytest.approx(2 * 1000 * f, rel=1e-12)
    assert cmp.metric("intervention_cost_disc", "region") == pytest.approx(
        1000 * f * (S[0] + S[1]), rel=1e-12
    )


def test_price_year_rebases_every_item(small_catalogue: Catalogue) -> None:
    a = compare(scenario_from_dict(HAND), catalogue=small_catalogue)
    b = compare(scenario_from_dict(HAND), catalogue=small_catalogue, price_year=2015)
    f = load_cpi().factor(2024, 2015)
    for v in ("municipality", "society", "individual"):
        assert b.npv(v) == pytest.approx(a.npv(v) * f, rel=1e-12)


def test_item_priced_intervention_cost(small_catalogue: Catalogue) -> None:
    data = {
        **HAND,
        "intervention": {
            "costs": [{"id": "c", "item": "visit", "quantity": 4, "from_age": 10, "to_age": 10}]
        },
    }
    cmp = compare(scenario_from_dict(data), catalogue=small_catalogue)
    assert cmp.metric("intervention_cost_disc", "region") == pytest.approx(4000 * S[0])


def test_own_episodes_arm(small_catalogue: Catalogue) -> None:
    data = base_scenario(
        status_quo={
            "episodes": [
                {"id": "p", "item": "prison", "quantity": 10, "from_age": 10, "to_age": 19}
            ]
        },
        intervention={
            "episodes": [{"id": "p", "item": "prison", "quantity": 4, "from_age": 10, "to_age": 19}]
        },
    )
    cmp = compare(scenario_from_dict(data), catalogue=small_catalogue)
    assert cmp.npv("state") == pytest.approx(6 * 3000 * sum(D), rel=1e-12)
    assert "episode.intervention.p.quantity" in cmp.model.param_names


def test_overrides_and_parameter_names(small_catalogue: Catalogue) -> None:
    model = compile_scenario(scenario_from_dict(HAND), small_catalogue)
    assert {
        "unit_cost.hvb",
        "episode.status_quo.hvb.quantity",
        "effect.less_hvb.relative_risk",
        "cost.team.amount_sek",
        "discount.rate",
        "tax_wedge.state",
        "cohort.size",
    } <= set(model.param_names)
    theta = model.theta({"effect.less_hvb.relative_risk": [1.0, 0.0]})
    g = model.group_costs(theta)
    # relative risk 1: no hvb savings; relative risk 0: all 2 x 200 000 saved (undiscounted)
    sav = g[:, 0].sum(axis=(1, 2)) - g[:, 1].sum(axis=(1, 2))
    assert sav[1] - sav[0] == pytest.approx(400000)


def test_group_costs_match_row_costs(small_catalogue: Catalogue) -> None:
    model = compile_scenario(scenario_from_dict(HAND), small_catalogue)
    rng = np.random.default_rng(1)
    theta = model.theta(
        {
            "effect.less_hvb.relative_risk": rng.uniform(0, 1.9, 20),
            "effect.less_fs.dropoff": rng.uniform(0, 1, 20),
        }
    )
    cost, shares = model.row_costs(theta)
    direct = np.einsum("net,nep->nept", cost, shares)
    g = model.group_costs(theta)
    for k in range(3):
        np.testing.assert_allclose(
            g[:, k], direct[:, model.row_group == k].sum(axis=1), rtol=1e-12, atol=1e-6
        )


def test_unknown_item_names_the_episode(small_catalogue: Catalogue) -> None:
    data = base_scenario(
        status_quo={
            "episodes": [{"id": "x", "item": "hbv", "quantity": 1, "from_age": 10, "to_age": 11}]
        }
    )
    with pytest.raises(
        UnknownItemError,
        match=r"status_quo\.episodes\[0\] \(x\): unknown unit-cost item 'hbv'.*hvb",
    ):
        compile_scenario(scenario_from_dict(data), small_catalogue)


def test_probability_times_relative_risk_above_one(small_catalogue: Catalogue) -> None:
    data = {
        **HAND,
        "intervention": {"effects": [{"id": "up", "episode": "hvb", "relative_risk": 3}]},
    }
    model = compile_scenario(scenario_from_dict(data), small_catalogue)
    with pytest.raises(
        ParameterError, match=r"effect on 'hvb': probability x relative_risk = 1\.5000 > 1"
    ):
        model.group_costs(model.base_theta[None, :])


@pytest.mark.parametrize(
    ("name", "value", "match"),
    [
        (
            "episode.status_quo.hvb.probability",
            1.5,
            r"'episode\.status_quo\.hvb\.probability' = 1\.5.*\[0\.0, 1\.0\]",
        ),
        ("unit_cost.hvb", -1.0, "outside its allowed range"),
        ("tax_wedge.state", 0.9, "tax_wedge shares sum to 1.2000 > 1"),
        ("unit_cost.hvb", float("nan"), "outside its allowed range"),
    ],
)
def test_parameter_range_errors(
    small_catalogue: Catalogue, name: str, value: float, match: str
) -> None:
    model = compile_scenario(scenario_from_dict(HAND), small_catalogue)
    with pytest.raises(ParameterError, match=match):
        model.group_costs(model.theta({name: value}))


def test_unknown_parameter_suggests(small_catalogue: Catalogue) -> None:
    model = compile_scenario(scenario_from_dict(HAND), small_catalogue)
    with pytest.raises(
        ParameterError, match=r"no parameter 'unit_cost\.hbv'; did you mean unit_cost\.hvb"
    ):
        model.theta({"unit_cost.hbv": 1.0})


def test_item_price_year_without_cpi_names_episode(tmp_path, small_catalogue: Catalogue) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "future.csv"
    p.write_text(
        "id,name_sv,value_sek,unit,price_year,payer,kind,source\n"
        "fut,Framtid,10,st,2031,municipality,resource,test\n",
        encoding="utf-8",
    )
    from socinv.unitcosts import read_unit_costs_csv

    cat = small_catalogue.merge(read_unit_costs_csv(p))
    data = base_scenario(
        status_quo={
            "episodes": [{"id": "f", "item": "fut", "quantity": 1, "from_age": 10, "to_age": 10}]
        }
    )
    with pytest.raises(
        PriceYearError, match=r"status_quo\.episodes\[0\] \(f\): item 'fut' \(2031 prices\)"
    ):
        compile_scenario(scenario_from_dict(data), cat)


def test_unit_costs_used_show_overrides(small_catalogue: Catalogue) -> None:
    from socinv import compare_model

    model = compile_scenario(scenario_from_dict(HAND), small_catalogue)
    uc = compare_model(model, {"unit_cost.hvb": 5000.0}).unit_costs_used().set_index("id")
    assert uc.loc["hvb", "value_sek"] == 5000.0
    assert uc.loc["hvb", "catalogue_value_sek"] == 4000.0
    assert list(uc.index) == [it.id for it in model.items]


def test_cost_ids_that_become_the_same_item_are_refused(small_catalogue: Catalogue) -> None:
    """'team-a' and 'team_a' would both be item intervention_team_a: one of
    the two costs would silently take the other's amount and payer."""
    cost = {"price_year": 2024, "from_age": 10, "to_age": 10}
    data = {
        **HAND,
        "intervention": {
            "costs": [
                {"id": "team-a", "amount_sek": 100, "payer": "municipality", **cost},
                {"id": "team_a", "amount_sek": 900, "payer": "state", **cost},
            ]
        },
    }
    with pytest.raises(
        ScenarioError,
        match=r"costs\[1\] \(team_a\): id 'team_a' and intervention cost 'team-a' both "
        r"become item 'intervention_team_a'",
    ):
        compile_scenario(scenario_from_dict(data), small_catalogue)


@pytest.mark.parametrize(
    ("span", "ages"),
    [({"from_age": 14, "to_age": 16}, "14..16"), ({"from_age": 14}, "14..13")],
)
def test_effect_that_misses_its_episode_is_refused(span: dict[str, int], ages: str) -> None:
    """An effect whose ages never meet its episode's (hvb: 12..13) would change
    nothing; say so instead of reporting zero savings."""
    data = {
        **HAND,
        "intervention": {"effects": [{"id": "late", "episode": "hvb", **span}]},
    }
    with pytest.raises(
        ScenarioError,
        match=rf"effects\[0\] \(late\): ages {ages} do not overlap episode 'hvb' \(ages 12\.\.13\)",
    ):
        scenario_from_dict(data)


def test_stacked_effects_cannot_push_the_risk_above_one(small_catalogue: Catalogue) -> None:
    """hvb has probability 0.5; relative risks 1.5 and 1.5 each pass alone but
    together give 0.5 x 2.25 = 1.125 > 1 where they overlap (age 13)."""
    effects = [
        {"id": "up1", "episode": "hvb", "relative_risk": 1.5},
        {"id": "up2", "episode": "hvb", "relative_risk": 1.5, "from_age": 13},
    ]
    data = {**HAND, "intervention": {"effects": effects}}
    model = compile_scenario(scenario_from_dict(data), small_catalogue)
    with pytest.raises(
        ParameterError,
        match=r"stacked effects on 'hvb': probability x relative risks = 1\.1250 > 1 at age 13",
    ):
        model.group_costs(model.base_theta[None, :])
    # apart (ages 12 and 13) the two effects are valid: 0.5 x 1.5 each year
    apart = [{**effects[0], "to_age": 12}, effects[1]]
    data = {**HAND, "intervention": {"effects": apart}}
    model = compile_scenario(scenario_from_dict(data), small_catalogue)
    cost, _ = model.row_costs(model.base_theta[None, :])
    row = next(e for e, r in enumerate(model.rows) if r.group == 1 and r.episode == "hvb")
    # 100 days x 0.5 x 4000 SEK = 200 000 a year at ages 12-13, times 1.5 in the arm
    np.testing.assert_allclose(cost[0, row], [0, 0, 300000, 300000, 0, 0, 0, 0, 0, 0])


def test_comparison_metric_errors_name_the_culprit(hand) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ParameterError, match=r"unknown metric 'nvp'; expected one of .*npv"):
        hand.metric("nvp")
    with pytest.raises(ParameterError, match=r"unknown perspective 'kommun'; expected one of"):
        hand.npv("kommun")
    with pytest.raises(ParameterError, match="unknown metric 'cumulative_net_disc'"):
        hand.metric("cumulative_net_disc")
    assert hand.metric("npv", "public") == hand.npv("public")


def test_fading_counts_from_the_effects_own_start(small_catalogue: Catalogue) -> None:
    """An effect from age 11 on hvb (ages 12-13) with relative risk 0.5 and
    drop-off 0.2: at age a the multiplier is 1 - 0.5 x 0.8^(a - 11), so 0.6 at
    12 and 0.68 at 13 (not 0.5 and 0.6 as if it started with the episode)."""
    effect = {"id": "f", "episode": "hvb", "relative_risk": 0.5, "dropoff": 0.2, "from_age": 11}
    data = {**HAND, "intervention": {"effects": [effect]}}
    model = compile_scenario(scenario_from_dict(data), small_catalogue)
    cost, _ = model.row_costs(model.base_theta[None, :])
    row = next(e for e, r in enumerate(model.rows) if r.group == 1 and r.episode == "hvb")
    np.testing.assert_allclose(cost[0, row, 2:4], [200000 * 0.6, 200000 * 0.68])
    assert cost[0, row].sum() == pytest.approx(200000 * 1.28)
    # the matrix-product path gives the same intervention-arm total
    g = model.group_costs(model.base_theta[None, :])
    sq = g[0, 0].sum()
    assert g[0, 1].sum() == pytest.approx(sq - 200000 * (2 - 1.28))


def test_an_empty_batch_gives_empty_results(small_catalogue: Catalogue) -> None:
    """group_costs of zero parameter vectors is empty, like row_costs (it
    raised IndexError on the drop-off check)."""
    model = compile_scenario(scenario_from_dict(HAND), small_catalogue)
    theta = model.theta(None, n=0)
    assert model.group_costs(theta).shape == (0, 3, 5, model.n_years)
    assert model.row_costs(theta)[0].shape == (0, len(model.rows), model.n_years)


@pytest.mark.parametrize(
    ("settings", "match"),
    [
        (
            {"rate": 2.0},
            r"with rate=2\.0: discounting\.rate: Input should be less than or equal to 0\.99",
        ),
        (
            {"price_year": 1900},
            r"with price_year=1900: price_year: .*greater than or equal to 1980",
        ),
    ],
)
def test_out_of_range_settings_name_the_setting(
    small_catalogue: Catalogue, settings: dict[str, float], match: str
) -> None:
    """compare(rate=2) raised a bare pydantic ValidationError (a traceback in the CLI)."""
    with pytest.raises(ScenarioError, match=match):
        compare(scenario_from_dict(HAND), catalogue=small_catalogue, **settings)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "match"),
    [
        (np.ones((2, 2)), r"'cohort\.size' must be a number or a 1-D array.*shape \(2, 2\)"),
        ("many", r"override of 'cohort\.size' must be numeric, got 'many'"),
    ],
)
def test_override_values_must_be_numbers_or_vectors(
    small_catalogue: Catalogue, value: object, match: str
) -> None:
    """A 2-D override was flattened into 4 draws; a string ended in a numpy ValueError."""
    model = compile_scenario(scenario_from_dict(HAND), small_catalogue)
    with pytest.raises(ParameterError, match=match):
        model.theta({"cohort.size": value})  # type: ignore[dict-item]


def test_roi_undefined_for_a_payer_that_receives_the_intervention_cost(
    small_catalogue: Catalogue,
) -> None:
    # the intervention pays income support (a transfer): the municipality invests,
    # the individual receives; ROI/BCR are defined for the investor only
    data = {
        **HAND,
        "intervention": {
            "costs": [{"id": "c", "item": "bistand", "quantity": 1, "from_age": 10, "to_age": 10}]
        },
    }
    cmp = compare(scenario_from_dict(data), catalogue=small_catalogue)
    inv = 80000 * S[0]
    assert cmp.metric("intervention_cost_disc", "individual") == pytest.approx(-inv)
    assert np.isnan(cmp.metric("roi", "individual")) and np.isnan(cmp.metric("bcr", "individual"))
    assert cmp.metric("roi", "municipality") == pytest.approx(-1.0)  # no savings: loses it all
