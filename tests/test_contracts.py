"""Outcome contracts: IRR against closed forms and independent root finders,
payment terms with caps binding exactly at their thresholds, outcomes from a
scenario against hand-computed values, validation messages, Monte Carlo
reproducibility, and the shipped Norrköping and sick-leave contracts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from socinv import Catalogue, load_catalogue
from socinv.cli.main import main
from socinv.contracts import (
    ContractError,
    contract_from_dict,
    evaluate_contract,
    irr,
    term_payments,
)
from socinv.contracts import evaluate as evaluate_module
from support import ROOT, SMALL_CSV
from test_fund import OUTLAY, SAVING_PER_YEAR, scenario_dict

CONTRACTS = ROOT / "data" / "contracts"


# --- IRR ---------------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(
    capital=st.floats(1e3, 1e8),
    multiple=st.floats(0.05, 20.0),
    years=st.integers(1, 15),
)
def test_irr_two_flows_closed_form(capital: float, multiple: float, years: int) -> None:
    flows = np.zeros(years + 1)
    flows[0], flows[-1] = -capital, capital * multiple
    expected = multiple ** (1.0 / years) - 1.0
    assert irr(flows)[0] == pytest.approx(expected, rel=1e-9, abs=1e-10)


def test_irr_matches_brentq_and_polynomial_roots() -> None:
    rng = np.random.default_rng(7)
    n, y = 200, 6
    flows = np.zeros((n, y))
    flows[:, :2] = -rng.uniform(1, 10, (n, 2))  # outflows first
    flows[:, 2:] = rng.uniform(0, 6, (n, y - 2))  # then inflows
    got = irr(flows)
    for i in range(n):
        f = flows[i]
        npv = lambda r, f=f: float(np.sum(f / (1 + r) ** np.arange(y)))  # noqa: E731
        ref = brentq(npv, -0.9999, 10.0, xtol=1e-14)
        assert got[i] == pytest.approx(ref, abs=1e-9)
        # independent: roots of sum f_t x^(Y-1-t) with x = 1 + r, the real positive one
        roots = np.roots(f)
        real = roots[(np.abs(roots.imag) < 1e-9) & (roots.real > 0)].real
        assert np.min(np.abs(real - 1 - got[i])) < 1e-7


def test_irr_times_and_undefined_cases() -> None:
    # flows at years 0 and 2.5 (uneven times)
    r = irr([-100.0, 150.0], times=[0.0, 2.5])[0]
    assert r == pytest.approx(1.5 ** (1 / 2.5) - 1)
    # all net flows negative: no rate gives NPV 0 -> NaN, not a guess
    assert np.isnan(irr([-10.0, -5.0, 0.0])[0])
    assert np.isnan(irr([0.0, 0.0])[0])
    with pytest.raises(ValueError, match="times must have shape"):
        irr([-1.0, 2.0], times=[0.0])
    with pytest.raises(ValueError, match="NaN"):
        irr([-1.0, np.nan])


# --- payment terms on given outcomes -------------------------------------------------------------
def direct_contract(terms: list[dict[str, Any]], **changes: Any) -> Any:
    data: dict[str, Any] = {
        "name": "c",
        "start_year": 2020,
        "end_year": 2023,
        "price_year": 2020,
        "investor": {"capital_sek": 10_000_000},
        "outcomes": [
            {"id": "reduction", "type": "direct", "value": 0.0},
            {"id": "school", "type": "direct", "value": 0.0},
            {"id": "trend", "type": "direct", "value": 0.0},
        ],
        "terms": terms,
    }
    data.update(changes)
    return contract_from_dict(data)


NORRKOPING_TERMS = [
    {"type": "fixed_share_on_delivery", "share": 0.4, "year": 2022},
    {"type": "pay_for_savings", "outcome": "reduction", "cap_sek": 10e6, "year": 2023},
    {
        "type": "conditional_bonus",
        "outcome": "reduction",
        "above": 10e6,
        "cap_sek": 2e6,
        "condition": {"outcome": "school", "greater_than": 0},
        "year": 2023,
    },
]


def pay(
    contract: Any,
    reduction: list[float],
    school: list[float],
    trend: list[float] | None = None,
    delivered: list[float] | None = None,
) -> np.ndarray:
    n = len(reduction)
    outcomes = {
        "reduction": np.array(reduction, dtype=float),
        "school": np.array(school, dtype=float),
        "trend": np.zeros(n) if trend is None else np.array(trend, dtype=float),
    }
    d = np.ones(n) if delivered is None else np.array(delivered, dtype=float)
    dl = {k: d for k, t in enumerate(contract.terms) if t.type == "fixed_share_on_delivery"}
    return term_payments(contract, outcomes, dl)


def test_norrkoping_terms_caps_bind_exactly_at_thresholds() -> None:
    c = direct_contract(NORRKOPING_TERMS)
    red = [0.0, 6e6, 10e6, 11e6, 12e6, 15e6, 11e6, 11e6]
    school = [1, 1, 1, 1, 1, 1, 0.0, -0.1]
    p = pay(c, red, school, delivered=[1, 1, 1, 1, 1, 1, 1, 0])
    np.testing.assert_allclose(p[:, 0], [4e6] * 7 + [0.0])
    np.testing.assert_allclose(p[:, 1], [0, 6e6, 10e6, 10e6, 10e6, 10e6, 10e6, 10e6])
    # bonus: 0 at the 10 MSEK threshold, reaches its 2 MSEK cap exactly at 12 MSEK,
    # only if school results improved (strictly > 0)
    np.testing.assert_allclose(p[:, 2], [0, 0, 0, 1e6, 2e6, 2e6, 0, 0])


def test_negative_outcome_pays_nothing_and_floor_rate() -> None:
    c = direct_contract(
        [
            {
                "type": "pay_for_savings",
                "outcome": "reduction",
                "rate": 0.5,
                "floor": 1e6,
                "year": 2023,
            }
        ]
    )
    p = pay(c, [-5e6, 1e6, 3e6], [0, 0, 0])
    np.testing.assert_allclose(p[:, 0], [0.0, 0.0, 1e6])


def test_condition_at_least_is_inclusive() -> None:
    terms = [dict(NORRKOPING_TERMS[2], condition={"outcome": "school", "at_least": 0.1})]
    c = direct_contract(terms)
    p = pay(c, [12e6, 12e6], [0.1, 0.0999999])
    np.testing.assert_allclose(p[:, 0], [2e6, 0.0])


@pytest.mark.parametrize(
    ("scaling", "expected"),
    [
        ("all_or_nothing", [0, 20e6, 20e6, 0]),
        ("proportional", [10e6, 20e6, 20e6, 20e6 * 0.10 / 0.12]),
    ],
)
def test_target_payment_with_trend_adjustment(scaling: str, expected: list[float]) -> None:
    term = {
        "type": "target_payment",
        "outcome": "reduction",
        "reference": "trend",
        "target": 0.12,
        "amount_sek": 20e6,
        "scaling": scaling,
        "year": 2023,
    }
    c = direct_contract([term])
    # local falls 0.06, 0.12 (exactly at target), 0.20 with no trend; 0.15 with a 0.05 trend
    p = pay(c, [0.06, 0.12, 0.20, 0.15], [0, 0, 0, 0], trend=[0, 0, 0, 0.05])
    np.testing.assert_allclose(p[:, 0], expected)


def test_total_cap_cuts_later_terms() -> None:
    c = direct_contract(NORRKOPING_TERMS, total_cap_sek=12e6)
    p = pay(c, [15e6, 5e6], [1, 1])
    np.testing.assert_allclose(p, [[4e6, 8e6, 0.0], [4e6, 5e6, 0.0]])


def test_contract_validation_names_the_field() -> None:
    with pytest.raises(ContractError, match=r"terms\[0\].outcome 'nope' is not an outcome id"):
        direct_contract([{"type": "pay_for_savings", "outcome": "nope", "year": 2023}])
    with pytest.raises(ContractError, match=r"terms\[0\].year 2030 is outside"):
        direct_contract([{"type": "fixed_share_on_delivery", "share": 0.4, "year": 2030}])
    with pytest.raises(ContractError, match=r"disbursements\[\*\].amount_sek sum to"):
        direct_contract(
            NORRKOPING_TERMS,
            investor={"capital_sek": 10e6, "disbursements": [{"year": 2020, "amount_sek": 5e6}]},
        )
    with pytest.raises(ContractError, match=r"terms\.2\.conditional_bonus\.cap_sek|terms\[2\]"):
        bad = [*NORRKOPING_TERMS[:2], dict(NORRKOPING_TERMS[2], cap_sek=-1)]
        direct_contract(bad)
    with pytest.raises(ContractError, match="needs the contract's scenario"):
        direct_contract(
            NORRKOPING_TERMS,
            outcomes=[
                {"id": "reduction", "type": "savings", "from_year": 2020, "to_year": 2021},
                {"id": "school", "type": "direct", "value": 0},
            ],
        )
    with pytest.raises(ContractError, match="not an outcome defined before"):
        direct_contract(
            NORRKOPING_TERMS,
            outcomes=[
                {"id": "x", "type": "linear", "terms": {"reduction": 1.0}},
                {"id": "reduction", "type": "direct", "value": 0.0},
                {"id": "school", "type": "direct", "value": 0.0},
            ],
        )


# --- outcomes from a scenario ----------------------------------------------------------------------
@pytest.fixture
def cat(tmp_path: Path) -> Catalogue:
    p = tmp_path / "small.csv"
    p.write_text(SMALL_CSV, encoding="utf-8")
    return load_catalogue(p)


@pytest.fixture
def scen_contract(tmp_path: Path) -> dict[str, Any]:
    (tmp_path / "scen.yaml").write_text(yaml.safe_dump(scenario_dict(), allow_unicode=True))
    return {
        "name": "sc",
        "start_year": 2025,
        "end_year": 2031,
        "price_year": 2024,
        "discount_rate": 0.05,
        "scenario": str(tmp_path / "scen.yaml"),
        "investor": {"capital_sek": OUTLAY},
        "outcomes": [
            {
                "id": "soc",
                "type": "savings",
                "agencies": ["socialnämnd"],
                "from_year": 2026,
                "to_year": 2028,
            },
            {
                "id": "hvb_fall",
                "type": "episode_reduction",
                "episode": "hvb",
                "from_year": 2026,
                "to_year": 2030,
            },
            {
                "id": "state",
                "type": "savings",
                "payer": "state",
                "from_year": 2025,
                "to_year": 2034,
            },
        ],
        "terms": [
            {"type": "pay_for_savings", "outcome": "soc", "cap_sek": 500_000, "year": 2029},
        ],
        "payer_savings": [{"outcome": "soc"}],
        "uncertainty": {
            "draws": 300,
            "seed": 11,
            # only the relative risk varies here: the checks below are closed-form in it
            "policy": False,
            "parameters": {
                "effect.less_hvb.relative_risk": {"dist": "uniform", "low": 0.3, "high": 0.9}
            },
        },
    }


def test_scenario_outcomes_hand_computed(scen_contract: dict[str, Any], cat: Catalogue) -> None:
    res = evaluate_contract(contract_from_dict(scen_contract), catalogue=cat)
    assert res.outcomes["soc"][0] == pytest.approx(3 * SAVING_PER_YEAR)
    assert res.outcomes["hvb_fall"][0] == pytest.approx(0.5)
    assert res.outcomes["state"][0] == pytest.approx(5 * 15_000)
    assert res.term_payments[0, 0] == pytest.approx(500_000)  # 600 000 capped at 500 000
    flows = res.investor_flows[0]
    assert flows[0] == -OUTLAY and flows[4] == pytest.approx(500_000)
    assert res.irr[0] == pytest.approx((500_000 / OUTLAY) ** 0.25 - 1)
    # payer's savings PV: 200 000 in 2026, 2027, 2028 discounted at 5 %, end of year, to 2025
    pv = sum(SAVING_PER_YEAR * 1.05 ** -(k + 1) for k in (1, 2, 3))
    assert res.payer_savings_pv[0] == pytest.approx(pv)
    assert res.payments_pv[0] == pytest.approx(500_000 * 1.05**-5)
    assert res.payer_net_pv[0] == pytest.approx(pv - 500_000 * 1.05**-5)
    assert not res.loss[0]


def test_scenario_outcome_errors(scen_contract: dict[str, Any], cat: Catalogue) -> None:
    bad = dict(scen_contract)
    bad["outcomes"] = [dict(scen_contract["outcomes"][0], to_year=2040)]
    bad["payer_savings"] = []
    with pytest.raises(ContractError, match=r"outcomes\[0\] \(soc\) year 2040 is outside"):
        evaluate_contract(contract_from_dict(bad), catalogue=cat)
    bad["outcomes"] = [dict(scen_contract["outcomes"][0], agencies=["socialnämnd", "SiS"])]
    with pytest.raises(
        ContractError, match=r"agencies\[1\] 'SiS' bears no cost of the municipality"
    ):
        evaluate_contract(contract_from_dict(bad), catalogue=cat)
    bad["outcomes"] = [
        dict(scen_contract["outcomes"][0]),
        {
            "id": "x",
            "type": "episode_reduction",
            "episode": "nope",
            "from_year": 2026,
            "to_year": 2026,
        },
    ]
    with pytest.raises(ContractError, match="'nope' is not a status-quo episode"):
        evaluate_contract(contract_from_dict(bad), catalogue=cat)
    bad = dict(scen_contract)
    bad["uncertainty"] = {
        "parameters": {"effect.nope.relative_risk": {"dist": "uniform", "low": 0, "high": 1}}
    }
    with pytest.raises(ContractError, match=r"effect\.nope\.relative_risk"):
        evaluate_contract(contract_from_dict(bad), catalogue=cat, monte_carlo=True, draws=10)


def test_monte_carlo_reproducible_and_vectorised(
    scen_contract: dict[str, Any], cat: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = contract_from_dict(scen_contract)
    a = evaluate_contract(c, catalogue=cat, monte_carlo=True)
    b = evaluate_contract(c, catalogue=cat, monte_carlo=True)
    np.testing.assert_array_equal(a.term_payments, b.term_payments)
    np.testing.assert_array_equal(a.irr, b.irr)
    assert a.n == 300 and a.seed == 11
    other = evaluate_contract(c, catalogue=cat, monte_carlo=True, seed=12)
    assert not np.array_equal(a.outcomes["soc"], other.outcomes["soc"])
    # the draws do not depend on the chunk size
    monkeypatch.setattr(evaluate_module, "BATCH_DRAWS", 7)
    chunked = evaluate_contract(c, catalogue=cat, monte_carlo=True)
    np.testing.assert_allclose(chunked.outcomes["soc"], a.outcomes["soc"], rtol=1e-12)
    # outcome = (1 - RR) x 400 000 x 3 years for each draw; RR drawn in [0.3, 0.9]
    rr = 1 - a.outcomes["hvb_fall"]
    np.testing.assert_allclose(a.outcomes["soc"], (1 - rr) * 400_000 * 3)
    assert rr.min() >= 0.3 and rr.max() <= 0.9
    np.testing.assert_allclose(a.term_payments[:, 0], np.minimum(a.outcomes["soc"], 500_000))
    # the loss flag agrees with the IRR sign (one outflow, one inflow)
    np.testing.assert_array_equal(a.loss, a.irr < 0)
    s = a.summary()
    assert s.loc["total_payment_sek", "mean"] == pytest.approx(a.total_payment.mean())
    assert a.probabilities()["prob_investor_loss"] == pytest.approx(a.loss.mean())
    pt = a.payments_table()
    assert pt.loc[0, "prob_at_cap"] == pytest.approx((a.outcomes["soc"] >= 500_000).mean())


# --- shipped contracts -----------------------------------------------------------------------------
def test_norrkoping_base_case_follows_published_terms() -> None:
    res = evaluate_contract(CONTRACTS / "norrkoping_sib.yaml")
    red = float(res.outcomes["social_services_reduction"][0])
    school = float(res.outcomes["school_improvement"][0])
    expected = [
        0.4 * 10e6,
        min(red, 10e6),
        min(max(red - 10e6, 0.0), 2e6) if school > 0 else 0.0,
    ]
    np.testing.assert_allclose(res.term_payments[0], expected)
    # the reduction is the socialnämnd's savings in 2016-2020 in the scenario's streams
    from socinv import compare
    from socinv.fund import attribute_streams

    s = attribute_streams(compare(CONTRACTS / "norrkoping_hvb_scenario.yaml").streams())
    ep = s[(s.component == "episode") & (s.agency == "socialnämnd") & (s.year <= 2020)]
    sign = np.where(ep.arm == "status_quo", 1.0, -1.0)
    assert red == pytest.approx(float((ep.cost_sek * sign).sum()))
    assert school == pytest.approx(1 - 0.85)  # the scenario's relative risk on the extra year


def test_norrkoping_monte_carlo_is_consistent() -> None:
    res = evaluate_contract(CONTRACTS / "norrkoping_sib.yaml", monte_carlo=True, draws=400)
    red = res.outcomes["social_services_reduction"]
    np.testing.assert_allclose(res.term_payments[:, 1], np.clip(red, 0, 10e6))
    assert res.total_payment.max() <= 16e6 + 1e-6
    finite = np.isfinite(res.irr)
    np.testing.assert_array_equal(res.loss[finite], res.irr[finite] < 0)
    assert 0.0 < res.probabilities()["prob_investor_loss"] < 1.0


def test_sick_leave_contract_trend_adjusted() -> None:
    res = evaluate_contract(
        CONTRACTS / "sick_leave_botkyrka_ornskoldsvik.yaml", monte_carlo=True, draws=2000
    )
    adj = res.outcomes["local_fall"] - res.outcomes["national_trend"]
    np.testing.assert_allclose(adj, res.outcomes["programme_effect"])
    np.testing.assert_allclose(res.term_payments[:, 3], np.where(adj >= 0.12, 20e6, 0.0))
    np.testing.assert_allclose(res.term_payments[:, :3].sum(axis=1), 20e6)
    # loss exactly when the outcome payment is missed
    np.testing.assert_array_equal(res.loss, adj < 0.12)
    # "self-financing if the goal is met": at a trend-adjusted fall of 12 % the payer's
    # savings (derived rate, 333.3 MSEK per unit) equal the 40 MSEK the providers cost
    at_goal = np.isclose(adj, 0.12, atol=2e-3)
    assert at_goal.any()
    np.testing.assert_allclose(res.payer_savings[at_goal], 40e6, rtol=0.02)
    # the base case meets no target (10 % < 12 %): half the cost comes back
    base = evaluate_contract(CONTRACTS / "sick_leave_botkyrka_ornskoldsvik.yaml")
    assert base.total_payment[0] == pytest.approx(20e6)


def test_report_tables(scen_contract: dict[str, Any], cat: Catalogue) -> None:
    from socinv.contracts import contract_payments_summary, contract_report_tables

    res = evaluate_contract(contract_from_dict(scen_contract), catalogue=cat, monte_carlo=True)
    pay_sum = contract_payments_summary(res)
    assert list(pay_sum["type"]) == ["pay_for_savings", "total"]
    assert pay_sum["mean_sek"].iloc[-1] == pytest.approx(res.total_payment.mean())
    tables = contract_report_tables(res)
    assert set(tables) == {"Contract payments", "Contract summary", "Contract yearly"}
    yearly = tables["Contract yearly"]
    assert yearly["disbursements_sek"].sum() == pytest.approx(OUTLAY)
    assert yearly["payments_mean_sek"].sum() == pytest.approx(res.total_payment.mean())
    summary = tables["Contract summary"].set_index("quantity")
    assert summary.loc["prob_investor_loss", "mean"] == pytest.approx(res.loss.mean())


def test_contract_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = CONTRACTS / "norrkoping_sib.yaml"
    assert (
        main(["contract", str(path), "--draws", "200", "--seed", "3", "--out", str(tmp_path)]) == 0
    )
    out = capsys.readouterr().out
    assert "Monte Carlo: 200 draws, seed 3" in out
    assert "P(investor gets back less than it put in)" in out
    for name in ("payments.csv", "summary.csv", "draws.csv", "base_terms.csv"):
        assert (tmp_path / name).is_file()
    assert main(["contract", str(path), "--base-only"]) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n", encoding="utf-8")
    assert main(["contract", str(bad)]) == 2
    assert "start_year" in capsys.readouterr().err


def test_parameter_draws_equal_sensitivity_monte_carlo(
    scen_contract: dict[str, Any], cat: Catalogue, tmp_path: Path
) -> None:
    """Same seed and distributions: the contract's parameter draws are those of
    socinv.sensitivity.monte_carlo on the scenario."""
    from socinv import compile_scenario, scenario_from_dict
    from socinv.sensitivity import monte_carlo, uncertainty

    data = scenario_dict()
    data["uncertainty"] = {
        "effect.less_hvb.relative_risk": {"dist": "uniform", "low": 0.3, "high": 0.9}
    }
    (tmp_path / "scen_u.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    contract = dict(scen_contract, scenario=str(tmp_path / "scen_u.yaml"))
    # the default policy varies the other entered figures in both
    contract["uncertainty"] = {"draws": 50, "seed": 5, "catalogue_defaults": False}
    model = compile_scenario(scenario_from_dict(data), cat)
    res = evaluate_contract(contract_from_dict(contract), catalogue=cat, monte_carlo=True)
    mc = monte_carlo(model, 50, 5, uncertainty(model, catalogue_defaults=False), keep_draws=True)
    assert mc.draws is not None
    np.testing.assert_allclose(
        1 - res.outcomes["hvb_fall"], mc.draws["effect.less_hvb.relative_risk"], rtol=1e-12
    )


def test_payer_savings_spread_needs_years() -> None:
    with pytest.raises(ContractError, match=r"payer_savings\[0\] \(reduction\) needs from_year"):
        direct_contract(NORRKOPING_TERMS, payer_savings=[{"outcome": "reduction"}])


@settings(max_examples=50, deadline=None)
@given(
    outcomes=st.lists(st.floats(-5e7, 5e7), min_size=2, max_size=30),
    school=st.floats(-1, 1),
    total_cap=st.one_of(st.none(), st.floats(0, 2e7)),
)
def test_payments_bounded_and_monotone(
    outcomes: list[float], school: float, total_cap: float | None
) -> None:
    c = direct_contract(NORRKOPING_TERMS, total_cap_sek=total_cap)
    red = np.sort(np.array(outcomes))
    p = pay(c, list(red), [school] * len(red))
    assert (p >= 0).all()
    assert (p[:, 1] <= 10e6).all() and (p[:, 2] <= 2e6).all()
    total = p.sum(axis=1)
    if total_cap is not None:
        assert (total <= total_cap + 1e-6).all()
    # a larger fall in costs never pays less
    assert (np.diff(total) >= -1e-6).all()


def test_invalid_joint_draw_names_the_draws(
    scen_contract: dict[str, Any], cat: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each distribution is valid alone, but probability x relative risk can
    exceed 1 (0.6 x 1.9); the error names the contract and the chunk of draws
    it happened in (the draw number alone counted from the chunk's start)."""
    sc = scenario_dict()
    sc["status_quo"]["episodes"][0]["probability"] = 0.5  # type: ignore[index]
    (tmp_path / "scen_p.yaml").write_text(yaml.safe_dump(sc, allow_unicode=True))
    data = dict(scen_contract, scenario=str(tmp_path / "scen_p.yaml"))
    data["uncertainty"] = {
        "draws": 200,
        "seed": 3,
        "catalogue_defaults": False,
        "parameters": {
            "effect.less_hvb.relative_risk": {"dist": "uniform", "low": 0.5, "high": 1.9},
            "episode.status_quo.hvb.probability": {"dist": "uniform", "low": 0.4, "high": 0.6},
        },
    }
    monkeypatch.setattr(evaluate_module, "BATCH_DRAWS", 50)
    with pytest.raises(
        ContractError,
        match=r"contract 'sc', draws (\d+)\.\.\d+ \(seed 3; the draw number below counts from "
        r"draw \1\): effect on 'hvb': probability x relative_risk = 1\.\d+ > 1",
    ):
        evaluate_contract(contract_from_dict(data), monte_carlo=True, catalogue=cat)


def test_break_even_has_irr_zero_and_no_loss() -> None:
    """One rule: an undiscounted net flow of exactly zero is IRR 0 and no loss
    (bisection alone stopped at -2.5e-13 for such draws)."""
    from socinv.contracts.irr import irr, net_loss

    flows = np.array([[-2e6, -2e6, -2e6, -2e6, -2e6, 10e6], [-1.0, 0.0, 0.0, 0.3, 0.7, 0.0]])
    assert irr(flows).tolist() == [0.0, 0.0]
    assert net_loss(flows).tolist() == [False, False]
    short = np.array([[-1.0, 0.3, 0.69]])
    assert irr(short)[0] < 0 and net_loss(short).tolist() == [True]


@settings(max_examples=100, deadline=None)
@given(
    out=st.lists(st.floats(1.0, 1e7), min_size=1, max_size=4),
    back=st.lists(st.floats(0.0, 1e7), min_size=1, max_size=4),
)
def test_loss_flag_is_the_sign_of_the_irr(out: list[float], back: list[float]) -> None:
    """Outflows then inflows: loss <=> IRR < 0, including exact break-even."""
    from socinv.contracts.irr import irr, net_loss

    even = [b * sum(out) / sum(back) for b in back] if sum(back) > 0 else [sum(out)]
    even += [0.0] * (len(back) - len(even))
    flows = np.array([[-x for x in out] + back, [-x for x in out] + even])
    r = irr(flows)
    ok = np.isfinite(r)
    np.testing.assert_array_equal(net_loss(flows)[ok], r[ok] < 0)


def test_contract_monte_carlo_lists_varied_and_fixed(tmp_path: Path) -> None:
    """Like `socinv mc`: the drawn scenario parameters and those held fixed
    are listed (text and CSV); the default policy varies entered figures."""
    from socinv.cli.contract_cmd import mc_text, write_outputs
    from socinv.sensitivity.defaults import SOURCE_POLICY

    path = CONTRACTS / "norrkoping_sib.yaml"
    res = evaluate_contract(path, monte_carlo=True, draws=50)
    v, f = res.varied(), res.fixed()
    assert SOURCE_POLICY in set(v["source"])
    assert set(v["name"]).isdisjoint(f["name"]) and len(f) > 0
    assert res.uncertainty is not None
    assert set(v["name"]) == set(res.uncertainty.varying)
    text = mc_text(res)
    assert f"Varied ({len(v)}):" in text and f"Held fixed ({len(f)}):" in text
    base = evaluate_contract(path)
    assert base.uncertainty is None and base.varied().empty
    paths = write_outputs(base, res, tmp_path)
    assert {"varied.csv", "fixed.csv"} <= {p.name for p in paths}
