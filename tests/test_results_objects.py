"""Results objects: summaries (plain and formatted), short reprs, notebook
views, cached tables that callers cannot corrupt, and tidy long tables keyed
by draw."""

from __future__ import annotations

import numpy as np
import pytest

from socinv import compare
from socinv.contracts import evaluate_contract
from socinv.fund import run_fund
from socinv.sensitivity import monte_carlo
from support import MAIN_SCENARIO, ROOT

CONTRACTS = ROOT / "data" / "contracts"


def test_comparison_views() -> None:
    cmp = compare(MAIN_SCENARIO)
    r = repr(cmp)
    assert r.startswith("<Comparison 'foster_care_school_support'") and len(r) < 160
    assert "SEK" in r and "prices" in r
    html = cmp._repr_html_()
    assert "<table" in html and "npv" in html
    plain, text = cmp.summary(), cmp.summary(formatted=True)
    assert list(text.columns) == list(plain.columns)
    npv = plain.loc["society", "npv"]
    assert text.loc["society", "npv"] == f"{round(npv):,}".replace(",", " ")
    assert "e+" not in text.to_string()  # never scientific notation
    # cached tables: the caller gets a copy
    plain.loc["society", "npv"] = 0.0
    assert cmp.summary().loc["society", "npv"] == npv
    y = cmp.yearly()
    y["net_savings"] = 0.0
    assert cmp.yearly()["net_savings"].abs().sum() > 0


def test_comparison_tidy_is_keyed_by_draw() -> None:
    cmp = compare(MAIN_SCENARIO)
    t = cmp.tidy()
    assert list(t.columns) == ["draw", "perspective", "metric", "value"]
    assert set(t["draw"]) == {0}
    npv = t[(t["metric"] == "npv") & (t["perspective"] == "municipality")]["value"]
    assert float(npv.iloc[0]) == cmp.npv("municipality")
    assert not t.duplicated(["draw", "perspective", "metric"]).any()


def test_monte_carlo_views() -> None:
    res = monte_carlo(compare(MAIN_SCENARIO).model, 64, seed=3)
    assert repr(res).startswith("<MonteCarloResult 'foster_care_school_support': 64 draws")
    t = res.tidy()
    assert list(t.columns) == ["draw", "perspective", "metric", "value"]
    npv = t[t["metric"] == "npv"].pivot(index="draw", columns="perspective", values="value")
    np.testing.assert_array_equal(npv[res.npv.columns].to_numpy(), res.npv.to_numpy())
    be = t[(t["metric"] == "break_even_year") & (t["perspective"] == "society")]["value"]
    idx = res.break_even[:, list(res.npv.columns).index("society")]
    expected = np.where(idx < 0, np.nan, res.years[np.clip(idx, 0, None)])
    np.testing.assert_array_equal(be.to_numpy(), expected)
    s = res.summary(formatted=True)
    assert s.loc["society", "mean"] == f"{round(res.summary().loc['society', 'mean']):,}".replace(
        ",", " "
    )
    assert "<table" in res._repr_html_()


def test_fund_views() -> None:
    ledger = run_fund(CONTRACTS / "example_fund.yaml")
    assert repr(ledger).startswith("<FundLedger ")
    s = ledger.summary()
    closing = float(ledger.table()["closing_balance_sek"].iloc[-1])
    assert s.loc["closing_balance_sek", "value"] == pytest.approx(closing)
    assert ledger.summary(formatted=True).loc["closing_balance_sek", "value"].replace(
        " ", ""
    ) == str(round(closing))
    t = ledger.tidy()
    assert list(t.columns) == ["draw", "year", "metric", "value"]
    out = t[t["metric"] == "outlays_sek"]["value"].sum()
    assert out == pytest.approx(float(ledger.outlays().sum()))
    assert "<table" in ledger._repr_html_()


def test_contract_views() -> None:
    base = evaluate_contract(CONTRACTS / "norrkoping_sib.yaml")
    assert "base case" in repr(base)
    mc = evaluate_contract(CONTRACTS / "norrkoping_sib.yaml", monte_carlo=True, draws=50)
    t = mc.tidy()
    assert list(t.columns) == ["draw", "perspective", "metric", "value"]
    pay = t[t["metric"] == "total_payment_sek"]
    np.testing.assert_array_equal(pay["value"].to_numpy(), mc.total_payment)
    assert set(pay["perspective"]) == {"investor"}
    s = mc.summary(formatted=True)
    assert s.loc["total_payment_sek", "mean"].replace(" ", "") == str(
        round(float(mc.total_payment.mean()))
    )
    assert mc.summary().attrs["prob_investor_loss"] == mc.probabilities()["prob_investor_loss"]
    assert "<table" in mc._repr_html_()
