"""The follow-up section: chart per payer, HTML via the template, workbook sheets,
and the hook in ``socinv report``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import socinv
from socinv.cli.main import main
from socinv.followup import bokslut, load_outcomes
from socinv.followup.report import plot_forecast_vs_outcome
from socinv.report.columns import column_label
from support import ROOT

NORRKOPING = ROOT / "data" / "contracts" / "norrkoping_hvb_scenario.yaml"
EXAMPLE = ROOT / "data" / "followup" / "norrkoping_followup_example.csv"


def test_chart_draws_the_bokslut_figures() -> None:
    model = socinv.compile_scenario(socinv.load_scenario(NORRKOPING))
    b = bokslut(model, load_outcomes(EXAMPLE, model))
    fig = plot_forecast_vs_outcome(b, "municipality")
    ax = fig.axes[0]
    bars = [p.get_height() for p in ax.patches]
    bp = b.by_payer()
    m = bp[bp["payer"] == "municipality"].sort_values("year")
    expected = np.concatenate([m["forecast_sek"], m["observed_sek"]]) / 1e6
    assert np.allclose(bars, expected)
    realised = next(line for line in ax.lines if line.get_label() == "realised savings")
    assert np.allclose(realised.get_ydata(), m["realised_savings_sek"] / 1e6)
    assert "2016 prices" in ax.get_ylabel()


def test_followup_html_and_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["followup", str(NORRKOPING), str(EXAMPLE), "--out", str(tmp_path), "--html", "--xlsx"]
    assert main(args) == 0
    html = (tmp_path / "norrkoping_hvb_followup.html").read_text(encoding="utf-8")
    assert html.count("<img") == 2  # municipality and state bear costs; the region none
    assert "Variance by episode" in html and "socioekonomiskt bokslut" in html
    assert "9,939,521" in html  # the municipality's realised savings in 2016, as printed
    sheets = pd.read_excel(tmp_path / "norrkoping_hvb_followup.xlsx", sheet_name=None)
    v = sheets["Follow-up variance"]
    volume, unit_cost, total = (
        column_label(c) for c in ("volume_sek", "unit_cost_sek", "variance_sek")
    )
    assert np.allclose(v[volume] + v[unit_cost], v[total])
    csv = pd.read_csv(tmp_path / "followup_by_payer.csv")
    assert np.allclose(
        sheets["Follow-up by payer"][column_label("realised_savings_sek")],
        csv["realised_savings_sek"],
    )
    assert main(["followup", str(NORRKOPING), str(EXAMPLE), "--html"]) == 2
    assert "--out" in capsys.readouterr().err


def test_followup_page_and_workbook_in_swedish(tmp_path: Path) -> None:
    args = ["followup", str(NORRKOPING), str(EXAMPLE), "--out", str(tmp_path)]
    assert main([*args, "--html", "--xlsx", "--lang", "sv"]) == 0
    html = (tmp_path / "norrkoping_hvb_followup.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in html and "Uppföljning: prognos mot utfall" in html
    assert "Avvikelse per episod" in html and "kommun" in html
    assert "9\u00a0939\u00a0521" in html  # the same figure, Swedish thousands separator
    sheets = pd.read_excel(tmp_path / "norrkoping_hvb_followup.xlsx", sheet_name=None)
    v = sheets["Uppföljning avvikelser"]
    volume, unit_cost, total = (
        column_label(c, "sv") for c in ("volume_sek", "unit_cost_sek", "variance_sek")
    )
    assert np.allclose(v[volume] + v[unit_cost], v[total])


def test_report_gains_a_followup_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", str(NORRKOPING), "--out", str(tmp_path), "--xlsx", "--no-sensitivity"]
    assert main([*args, "--followup", str(EXAMPLE)]) == 0
    html = (tmp_path / "norrkoping_hvb.html").read_text(encoding="utf-8")
    assert html.count('id="followup"') == 1 and html.rstrip().endswith("</html>")
    names = pd.ExcelFile(tmp_path / "norrkoping_hvb.xlsx").sheet_names
    assert "Summary" in names and "Follow-up variance" in names
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "year,group,group_size,episode,persons,units\n2016,participants,60,hvb,99,10\n",
        encoding="utf-8",
    )
    out = tmp_path / "other"
    assert (
        main(
            [
                "report",
                str(NORRKOPING),
                "--out",
                str(out),
                "--followup",
                str(bad),
                "--no-sensitivity",
            ]
        )
        == 2
    )
    assert "line 2" in capsys.readouterr().err
    assert not out.exists()  # nothing written on bad follow-up data
