"""Risk plots: the payback curve in the scenario report's Monte Carlo section
and the fund's recovery and hump depth on its page (English and Swedish)."""

from __future__ import annotations

import doctest
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("matplotlib")

import socinv.report.risk_plots as risk_plots
from socinv import compare
from socinv.fund import run_fund
from socinv.fund.montecarlo import fund_monte_carlo
from socinv.i18n import use_lang
from socinv.report.build import run_sensitivity
from socinv.report.fund_page import render_fund_html
from socinv.report.html import render_html, report_figures
from socinv.report.plots import PlotLabel

SCENARIO = "data/scenarios/foster_care_school_support.yaml"
FUND = "data/contracts/example_fund.yaml"


def test_payback_curve_plot_draws_the_curve_and_band() -> None:
    cmp = compare(SCENARIO)
    sens = run_sensitivity(cmp, mc=200, seed=3, oneway=False)
    assert sens.uncertainty is not None
    pb = sens.uncertainty.payback
    fig = risk_plots.plot_payback_curve(pb, PlotLabel.of(cmp), ["society"])
    ax = fig.axes[0]
    society = pb[pb["perspective"] == "society"]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), society["prob_paid_back"])
    assert len(ax.collections) == 1  # the band
    assert "payback" in report_figures(cmp, sens)
    for lang in ("en", "sv"):
        page = render_html(cmp, sens, lang=lang)
        alt = "probability that the intervention has paid back" if lang == "en" else "betalat sig"
        assert alt in page


def test_payback_curve_plot_refuses_an_empty_curve() -> None:
    cmp = compare(SCENARIO)
    sens = run_sensitivity(cmp, mc=200, seed=3, oneway=False)
    assert sens.uncertainty is not None
    with pytest.raises(ValueError, match="empty"):
        risk_plots.plot_payback_curve(sens.uncertainty.payback.iloc[:0], PlotLabel.of(cmp))


def test_fund_risk_plot_and_page() -> None:
    mc = fund_monte_carlo(FUND, 60, seed=2)
    fig = risk_plots.plot_fund_risk(mc)
    rec, hist = fig.axes
    np.testing.assert_allclose(rec.lines[0].get_ydata(), mc.recovery_curve()["prob_recovered"])
    heights = sum(p.get_height() for p in hist.patches)
    assert heights == mc.n  # every draw's hump depth is in the histogram
    ledger = run_fund(FUND)
    en = render_fund_html(ledger, mc=mc)
    sv = render_fund_html(ledger, mc=mc, lang="sv")
    assert "depth of the investment hump over draws" in en
    assert "investeringspucklens djup över dragningarna" in sv
    assert "depth of the investment hump" not in render_fund_html(ledger)


def test_titles_are_translated() -> None:
    mc = fund_monte_carlo(FUND, 20, seed=1)
    with use_lang("sv"):
        fig = risk_plots.plot_fund_risk(mc)
    assert fig.axes[1].get_title() == "Investeringspucklens djup"


def test_doctests() -> None:
    import socinv.report.fund_risk_sheets as sheets

    for mod in (risk_plots, sheets):
        assert doctest.testmod(mod).failed == 0, mod.__name__


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_fund_workbook_has_risk_sheets_with_mc(tmp_path: Path, lang: str) -> None:
    """With --mc the fund workbook adds the risk tables, headers in words in
    the workbook's language; without it, no risk sheets."""
    openpyxl = pytest.importorskip("openpyxl")
    from socinv.cli.main import main
    from socinv.report.columns import column_labels
    from socinv.report.fund_excel import write_fund_workbook
    from socinv.report.fund_risk_sheets import fund_risk_tables

    out = tmp_path / lang
    argv = ["fund", FUND, "--mc", "40", "--seed", "4", "--out", str(out), "--xlsx"]
    assert main([*argv, "--lang", lang]) == 0
    wb = openpyxl.load_workbook(next(out.glob("*.xlsx")))
    mc = fund_monte_carlo(FUND, 40, seed=4)
    tables = fund_risk_tables(mc, lang)
    title = "Fund recovery" if lang == "en" else "Fondens återbetalning"
    ws = wb[title]
    rows = list(ws.iter_rows(values_only=True))
    rec = tables["Fund recovery"]
    assert list(rows[0]) == column_labels(rec.columns, lang)
    assert rows[0][1] != "prob_recovered"  # words, not the API name
    np.testing.assert_allclose([r[1] for r in rows[1:]], rec["prob_recovered"])
    depth = list(wb["Hump depth" if lang == "en" else "Puckelns djup"].iter_rows(values_only=True))
    assert depth[3][1] == pytest.approx(float(np.median(mc.hump_depth)))
    plain = write_fund_workbook(run_fund(FUND), tmp_path / "plain.xlsx", lang=lang)
    assert title not in openpyxl.load_workbook(plain).sheetnames
