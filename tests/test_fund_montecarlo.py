"""The fund ledger on Monte Carlo draws: the deterministic ledger at zero
variance, the same draws however the run is chunked, and the measures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from socinv import ParameterError
from socinv.cli.main import main
from socinv.fund import run_fund
from socinv.fund.montecarlo import fund_monte_carlo

FUND = Path(__file__).resolve().parents[1] / "data" / "contracts" / "example_fund.yaml"


def test_zero_variance_reproduces_the_deterministic_ledger() -> None:
    ledger = run_fund(FUND)
    t = ledger.table()
    mc = fund_monte_carlo(
        FUND, 3, seed=1, policy=False, from_scenario=False, catalogue_defaults=False
    )
    assert all(len(u.varying) == 0 for u in mc.uncertainties)
    cum = t["payer_cumulative_sek"].to_numpy()
    for i in range(3):
        np.testing.assert_array_equal(mc.closing_balance[i], t["closing_balance_sek"].to_numpy())
        np.testing.assert_array_equal(mc.repaid_cum[i], np.cumsum(t["repayments_sek"].to_numpy()))
        np.testing.assert_array_equal(mc.outlays_cum[i], np.cumsum(t["outlays_sek"].to_numpy()))
        assert mc.hump_depth[i] == min(cum.min(), 0.0)
        assert mc.hump_year[i] == int(t["year"].iloc[int(np.argmin(cum))])
    by_agency = ledger.repayments.groupby("agency")["amount_sek"].sum()
    for agency, amount in by_agency.items():
        assert (mc.repaid_by_agency[agency] == amount).all()
    # the hvb project's rule: half the outlay back in one year if results are achieved
    reps = ledger.repayments
    achieved = bool(((reps["project"] == "hvb_support") & (reps["rule"] == 0)).any())
    row = mc.on_time_table().set_index("project").loc["hvb_support"]
    assert row["prob_on_time"] == (1.0 if achieved else 0.0)


def test_same_seed_same_draws_across_chunking() -> None:
    a = fund_monte_carlo(FUND, 7, seed=5, chunk_size=7)
    b = fund_monte_carlo(FUND, 7, seed=5, chunk_size=2)
    c = fund_monte_carlo(FUND, 4, seed=5, chunk_size=3)
    np.testing.assert_array_equal(a.hump_depth, b.hump_depth)
    np.testing.assert_array_equal(a.closing_balance, b.closing_balance)
    np.testing.assert_array_equal(a.on_time, b.on_time)
    np.testing.assert_array_equal(a.hump_depth[:4], c.hump_depth)  # a prefix of a longer run
    assert a.hump_depth.std() > 0  # the draws do vary
    d = fund_monte_carlo(FUND, 7, seed=6)
    assert not np.array_equal(a.hump_depth, d.hump_depth)


def test_measures_are_consistent() -> None:
    mc = fund_monte_carlo(FUND, 30, seed=2)
    rec = mc.recovery_curve()
    assert len(rec) == len(mc.years)
    assert (
        (rec["band_low"] <= rec["prob_recovered"]) & (rec["prob_recovered"] <= rec["band_high"])
    ).all()
    h = mc.hump()
    assert h["share_of_draws"].sum() == pytest.approx(1.0)
    assert h.attrs["depth_sek"]["p2_5"] <= h.attrs["depth_sek"]["median"] <= 0
    t = mc.on_time_table()
    assert list(t["due_year"][t["project"] == "skolfam"]) == [2028, 2030]  # two- and four-year rule
    assert t["prob_on_time"].between(0, 1).all()
    with pytest.raises(ParameterError, match="n >= 1"):
        fund_monte_carlo(FUND, 0, seed=1)


def test_fund_command_with_monte_carlo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fund", str(FUND), "--mc", "20", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "Monte Carlo: 20 ledgers" in out
    assert "repaid on time" in out and "investment hump" in out
    assert main(["fund", str(FUND), "--mc", "20", "--seed", "3", "--lang", "sv"]) == 0
    out_sv = capsys.readouterr().out
    assert "Monte Carlo: 20 huvudböcker" in out_sv and "återbetalas i tid" in out_sv


def test_fund_page_shows_the_risk_section(tmp_path: Path) -> None:
    from socinv.report.fund_page import write_fund_html

    mc = fund_monte_carlo(FUND, 10, seed=1)
    html = write_fund_html(run_fund(FUND), tmp_path / "f.html", FUND, mc).read_text("utf-8")
    assert "Risk: the ledger on 10 Monte Carlo draws" in html
    assert "Repayment rules on time" in html and "socialnämnd" in html
    plain = write_fund_html(run_fund(FUND), tmp_path / "g.html", FUND).read_text("utf-8")
    assert 'id="risk"' not in plain
    sv = write_fund_html(run_fund(FUND), tmp_path / "s.html", FUND, mc, lang="sv")
    html_sv = sv.read_text("utf-8")
    assert "Risk: huvudboken i 10 Monte Carlo-dragningar" in html_sv
    assert "Återbetalningsregler i tid" in html_sv and "Har fonden fått tillbaka" in html_sv
    assert "Repayment rules on time" not in html_sv and "Has the fund got" not in html_sv
