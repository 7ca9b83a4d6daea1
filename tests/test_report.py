"""Plots, HTML report, Excel workbook and the ``socinv report`` command, on a
small hand-made catalogue and scenario (all items priced in 2024, the
scenario's price year, so no CPI rebasing enters the hand computations)."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("matplotlib")
pytest.importorskip("openpyxl")

from socinv import Comparison, compare, load_catalogue
from socinv.cli.main import main
from socinv.report import (
    PALETTE,
    PlotLabel,
    SensitivityResults,
    parameters_frame,
    plot_cumulative_net,
    plot_investment_hump,
    plot_mc_distribution,
    plot_tornado,
    plot_who_invests,
    plot_yearly_costs,
    render_html,
    write_report,
    write_workbook,
)
from socinv.report.columns import column_label, column_labels
from socinv.report.excel import SEK_FORMAT, mc_summary_frame
from socinv.report.html import money
from socinv.report.plots import money_scale, rate_text
from support import chromium, screenshot_gray

CSV = """\
id,name_sv,name_en,value_sek,unit,price_year,payer,kind,sector,agency,source,url,evidence,low_sek,high_sek,note
placering_dygn,"HVB-placering, dygn",Residential care day,4000,dygn,2024,municipality,resource,social_services,socialnämnd,"Source A, 2024",https://example.org/a,verified_primary,3000,5000,
fangelse_dygn,"Fängelse, dygn",Prison day,3800,dygn,2024,state,resource,justice,Kriminalvården,"Source B, 2024",https://example.org/b,quoted_secondary,,,
bistand_ar,"Ekonomiskt bistånd, år",Social assistance year,75000,år,2024,municipality,transfer,social_services,socialnämnd,"Source C, 2024",https://example.org/c,derived,,,
produktion_ar,"Produktionsvärde, år",Production value year,300000,år,2024,society,production,production,,"Source D, 2024",,assumption,,,
vard_besok,"Psykiatri, besök",Psychiatric visit,3000,besök,2024,region,resource,health,region,"Source E, 2024",https://example.org/e,assumption,,,
"""

SCENARIO = """\
name: demo
title: Demo – family support for 12-year-olds
description: A made-up test scenario <with markup & ampersands>.
start_age: 12
horizon_years: 20
start_year: 2024
price_year: 2024
cohort_size: 10
discounting: {rate: 0.035}
status_quo:
  label: usual care
  episodes:
    - {id: placement, item: placering_dygn, quantity: 120, from_age: 13, to_age: 17,
       probability: 0.3}
    - {id: prison, item: fangelse_dygn, quantity: 60, from_age: 18, to_age: 25, probability: 0.1}
    - {id: welfare, item: bistand_ar, quantity: 1, from_age: 20, to_age: 31, probability: 0.2}
    - {id: nowork, item: produktion_ar, quantity: 1, from_age: 20, to_age: 31, probability: 0.25}
    - {id: psych, item: vard_besok, quantity: 6, from_age: 14, to_age: 25, probability: 0.3}
intervention:
  label: family support
  costs:
    - {id: programme, amount_sek: 60000, price_year: 2024, payer: municipality,
       from_age: 12, to_age: 13}
  effects:
    - {id: fewer_placements, episode: placement, relative_risk: 0.7}
    - {id: less_prison, episode: prison, relative_risk: 0.8}
    - {id: less_welfare, episode: welfare, relative_risk: 0.85, dropoff: 0.05}
    - {id: more_work, episode: nowork, relative_risk: 0.85}
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    csv = tmp_path / "cat.csv"
    csv.write_text(CSV, encoding="utf-8")
    sc = tmp_path / "demo.yaml"
    sc.write_text(SCENARIO, encoding="utf-8")
    return sc, csv


@pytest.fixture
def cmp(files: tuple[Path, Path]) -> Comparison:
    sc, csv = files
    return compare(sc, catalogue=load_catalogue(csv))


def tornado_frame() -> pd.DataFrame:
    """A made-up tornado table in the shape socinv.sensitivity produces."""
    rows = [
        ("effect.a.relative_risk", 0.5, 0.9, 0.7, 3.0e6, 0.4e6),
        ("unit_cost.x", 3000, 5000, 4000, 1.2e6, 2.4e6),
        ("discount.rate", 0.01, 0.05, 0.035, 2.2e6, 1.6e6),
    ]
    out = []
    for name, lo, hi, base, nlo, nhi in rows:
        for persp, k in (("society", 1.0), ("municipality", 0.5)):
            out.append(
                {
                    "parameter": name,
                    "perspective": persp,
                    "low": lo,
                    "high": hi,
                    "base_value": base,
                    "npv_low": k * nlo,
                    "npv_high": k * nhi,
                    "npv_base": k * 1.8e6,
                    "swing": abs(k * (nhi - nlo)),
                }
            )
    return pd.DataFrame(out)


def mc_frame() -> pd.DataFrame:
    """100 made-up draws: society NPV -25 000 .. 74 000 SEK, so P(NPV > 0) = 74 %."""
    v = np.arange(-25, 75, dtype=float) * 1000.0
    return pd.DataFrame({"society": v, "municipality": v / 2 - 10_000})


# --- plots ----------------------------------------------------------------------------
def _suptitle(fig: object) -> str:
    t = fig._suptitle  # type: ignore[attr-defined]
    return "" if t is None else str(t.get_text())


def _check_title(fig: object, cmp: Comparison | None = None) -> None:
    title = _suptitle(fig)
    assert "Demo – family support" in title
    assert "2024 prices" in title
    assert "3.5 %" in title


def test_money_scale_units_and_separators() -> None:
    assert money_scale([12_345.0]).unit == "SEK"
    assert money_scale([-250_000.0, 10.0]).unit == "kSEK"
    assert money_scale([3.4e7]).unit == "MSEK"
    s = money_scale([1.0e6, 2.5e6])
    assert s.unit == "kSEK" and s.fmt(1_234_567.0) == "1 235"
    assert money_scale([5.0e4]).fmt(-12_345.0) == "−12 345"


def test_rate_text_constant_and_schedule(cmp: Comparison) -> None:
    assert rate_text(cmp.scenario) == "3.5 %"
    sc = cmp.scenario.model_copy(
        update={
            "discounting": cmp.scenario.discounting.model_validate(
                {"schedule": [{"from_year": 0, "rate": 0.035}, {"from_year": 30, "rate": 0.025}]}
            )
        }
    )
    assert rate_text(sc) == "3.5 % (years 0–29), 2.5 % (years 30+)"
    assert PlotLabel.of(cmp).title("X").startswith("X\nDemo")


def test_yearly_costs_plot_draws_the_api_streams(cmp: Comparison) -> None:
    fig = plot_yearly_costs(cmp)
    _check_title(fig)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    # municipality, region, state, individual carry costs; "other" has none
    assert [ax.get_title() for ax in axes] == [
        "municipality (kommun)",
        "region",
        "state (stat)",
        "individual (individ)",
    ]
    y = cmp.yearly()
    for ax, payer in zip(axes, ["municipality", "region", "state", "individual"], strict=True):
        assert ax.get_xlabel() == "Year (age)"
        assert ax.get_ylabel() in ("Cost per year (SEK)", "Cost per year (kSEK)")
        d = y[y["perspective"] == payer]
        sq, iv = ax.get_lines()[:2]
        np.testing.assert_allclose(sq.get_ydata(), d["status_quo"])
        np.testing.assert_allclose(
            iv.get_ydata(), d["intervention_episodes"] + d["intervention_cost"]
        )
        assert sq.get_color() == PALETTE[payer]


def test_cumulative_plot_marks_break_even(cmp: Comparison) -> None:
    fig = plot_cumulative_net(cmp)
    _check_title(fig)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Year (age)"
    assert "Cumulative net savings" in ax.get_ylabel() and "SEK" in ax.get_ylabel()
    society = [ln for ln in ax.get_lines() if str(ln.get_label()).startswith("society")]
    assert len(society) == 1
    y = cmp.yearly()
    np.testing.assert_allclose(
        society[0].get_ydata(), y[y["perspective"] == "society"]["cumulative_net_disc"]
    )
    be = cmp.break_even_year("society")
    assert be is not None and be > 2024
    assert f"break-even {be}" in str(society[0].get_label())
    # a vertical marker at the break-even year in the society colour
    vlines = [
        ln
        for ln in ax.get_lines()
        if list(ln.get_xdata()) == [be, be] and ln.get_color() == PALETTE["society"]
    ]
    assert vlines


def test_who_invests_plot_bars_equal_api(cmp: Comparison) -> None:
    fig = plot_who_invests(cmp)
    _check_title(fig)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Payer"
    assert "Present value" in ax.get_ylabel() and "SEK" in ax.get_ylabel()
    w = cmp.who_invests_who_gains()
    w = w[w["role"] != "not affected"]
    heights = [p.get_height() for p in ax.patches]
    n = len(w)
    np.testing.assert_allclose(heights[:n], -w["invests_disc"].to_numpy())
    np.testing.assert_allclose(heights[n:], w["saves_disc"].to_numpy())
    assert ax.get_xticklabels()[0].get_text() == "municipality (kommun)"


def test_investment_hump_hand_computed(cmp: Comparison) -> None:
    """Municipality, undiscounted: year 0 (age 12) pays 10 x 60 000 = 600 000;
    year 1 pays 600 000 again and saves 10 x 120 days x 4 000 x 0.3 x (1 - 0.7)
    = 432 000 of placements, so the cash position bottoms at -768 000 SEK."""
    fig = plot_investment_hump(cmp)
    _check_title(fig)
    ax = fig.axes[0]
    assert "municipality" in _suptitle(fig)
    assert ax.get_xlabel() == "Year (age)"
    assert "cash position" in ax.get_ylabel() and "SEK" in ax.get_ylabel()
    cash = ax.get_lines()[0].get_ydata()
    assert cash[0] == pytest.approx(-600_000.0)
    assert cash[1] == pytest.approx(-768_000.0)
    assert float(np.min(cash)) == pytest.approx(-768_000.0)
    assert any("−768 kSEK" in t.get_text() for t in ax.texts)


def test_tornado_plot_orders_by_swing_and_spans_low_high(cmp: Comparison) -> None:
    t = tornado_frame()
    fig = plot_tornado(t, PlotLabel.of(cmp), perspective="society")
    _check_title(fig)
    ax = fig.axes[0]
    assert "NPV" in ax.get_xlabel() and "SEK" in ax.get_xlabel()
    assert ax.get_ylabel().startswith("Parameter")
    labels = [lab.get_text().split("\n")[0] for lab in ax.get_yticklabels()]
    # widest swing (effect.a: 2.6 MSEK) on top = last tick
    assert labels == ["discount.rate", "unit_cost.x", "effect.a.relative_risk"]
    bars = ax.patches
    base = 1.8e6
    low_ends = sorted(round(b.get_x() + b.get_width()) for b in bars[:3])
    assert low_ends == sorted(round(v) for v in t[t.perspective == "society"]["npv_low"])
    assert all(b.get_x() == pytest.approx(base) for b in bars)
    assert all(b.get_facecolor()[:3] == pytest.approx((0x22 / 255,) * 3) for b in bars)


def test_tornado_plot_rejects_bad_tables(cmp: Comparison) -> None:
    with pytest.raises(ValueError, match="swing"):
        plot_tornado(tornado_frame().drop(columns="swing"), PlotLabel.of(cmp))
    with pytest.raises(ValueError, match="region"):
        plot_tornado(tornado_frame(), PlotLabel.of(cmp), perspective="region")


def test_mc_plot_states_probability_positive(cmp: Comparison) -> None:
    fig = plot_mc_distribution(mc_frame(), PlotLabel.of(cmp))
    _check_title(fig)
    ax = fig.axes[0]
    assert "P(NPV > 0) = 74 %" in _suptitle(fig)
    assert "NPV" in ax.get_xlabel() and "SEK" in ax.get_xlabel()
    assert ax.get_ylabel() == "Number of draws"
    assert sum(p.get_height() for p in ax.patches) == 100
    with pytest.raises(ValueError, match="region"):
        plot_mc_distribution(mc_frame(), PlotLabel.of(cmp), perspective="region")


# --- HTML -----------------------------------------------------------------------------
class _Page(HTMLParser):
    """Collects tables (as lists of row cell texts), images and links."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.table_classes: list[str] = []
        self.imgs: list[str] = []
        self.links: list[str] = []
        self.external: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
            self.table_classes.append(a.get("class") or "")
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "img":
            self.imgs.append(a.get("src") or "")
        elif tag == "a":
            self.links.append(a.get("href") or "")
        src = a.get("src") or ""
        if tag in ("script", "link", "iframe") or (tag == "img" and not src.startswith("data:")):
            self.external.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _page(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    return p


def test_html_report_structure(cmp: Comparison) -> None:
    sens = SensitivityResults(tornado_frame(), mc_frame(), None, ("note <b>",))
    html = render_html(cmp, sens)
    page = _page(html)
    assert not page.external, "the report must not load anything from outside"
    assert "<with markup &amp; ampersands>" not in html and "&lt;with markup" in html
    assert "note &lt;b&gt;" in html
    # headline table: one row per perspective, NPV equal to the API
    k = page.table_classes.index("headline")
    head, *rows = page.tables[k]
    assert head[0] == "Perspective" and "NPV" in head
    j = head.index("NPV")
    got = {r[0]: r[j] for r in rows}
    assert len(rows) == 7
    for p in ("municipality", "society"):
        label = next(key for key in got if key.startswith(p))
        assert got[label] == money(cmp.npv(p))
    # seven embedded PNG figures: payers, cumulative, hump, yearly, tornado and Monte
    # Carlo for society and for the investing payer (the municipality); sensitivity
    # results without the uncertainty tables have no payback curve
    assert len(page.imgs) == 7

    assert all(s.startswith("data:image/png;base64,") for s in page.imgs)
    # unit-cost table: every item used, with its source link
    u = page.table_classes.index("unitcosts")
    head, *rows = page.tables[u]
    assert "Source" in head and "Evidence" in head
    used = cmp.unit_costs_used()
    assert len(rows) == len(used)
    for url in used["url"]:
        if url:
            assert url in page.links
    assert "https://example.org/a" in page.links
    # assumptions: every episode and effect id is shown
    for ep in ("placement", "prison", "welfare", "nowork", "psych", "more_work", "programme"):
        assert f"<code>{ep}</code>" in html


def test_html_report_without_sensitivity(cmp: Comparison) -> None:
    html = render_html(cmp, None)
    assert len(_page(html).imgs) == 4
    assert "No sensitivity analysis" in html


# --- Excel ----------------------------------------------------------------------------
#: column names by their header in words (English)
_REVERSE = {
    column_label(c): c
    for c in (
        "mean",
        "sd",
        "mcse",
        "median",
        "p2_5",
        "p97_5",
        "prob_positive",
        "npv_base",
        "prob_break_even",
        "break_even_median_year",
    )
}


def _read(path: Path, sheet: str) -> pd.DataFrame:
    return pd.read_excel(path, sheet_name=sheet, engine="openpyxl")


def _same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Equal to the API's frame, whose column names the sheet writes as words."""
    want = want.reset_index(drop=True).copy()
    want.columns = pd.Index(column_labels(want.columns))
    for c in want.columns:
        if want[c].dtype == object and want[c].map(lambda v: v is None).any():
            want[c] = pd.to_numeric(want[c])
        if want[c].dtype == object or pd.api.types.is_string_dtype(want[c]):
            want[c] = want[c].map(lambda v: "" if pd.isna(v) else str(v))
            got[c] = got[c].map(lambda v: "" if pd.isna(v) else str(v))
    pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=1e-12, atol=0)


def test_workbook_equals_api(cmp: Comparison, tmp_path: Path) -> None:
    sens = SensitivityResults(tornado_frame(), mc_frame(), None, ())
    path = write_workbook(cmp, tmp_path / "demo.xlsx", sens, all_draws=True)
    _same(_read(path, "Summary"), cmp.summary().reset_index())
    _same(_read(path, "Who invests"), cmp.who_invests_who_gains().reset_index())
    _same(_read(path, "Yearly"), cmp.yearly())
    _same(_read(path, "Streams"), cmp.streams())
    _same(_read(path, "Unit costs"), cmp.unit_costs_used())
    params = parameters_frame(cmp.model).replace([np.inf, -np.inf], np.nan)
    _same(_read(path, "Parameters"), params)
    _same(_read(path, "Tornado"), tornado_frame())
    _same(_read(path, "Monte Carlo"), mc_summary_frame(mc_frame()))
    draws = _read(path, "Monte Carlo draws")
    _same(draws.drop(columns="Draw"), mc_frame())


def test_mc_summary_frame_hand_computed() -> None:
    s = mc_summary_frame(mc_frame()).set_index("perspective")
    assert s.loc["society", "p_npv_positive"] == pytest.approx(0.74)
    assert s.loc["society", "npv_mean"] == pytest.approx(24_500.0)
    assert s.loc["society", "npv_p50"] == pytest.approx(24_500.0)
    assert s.loc["society", "draws"] == 100


def test_workbook_formats_and_frozen_headers(cmp: Comparison, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_workbook(cmp, tmp_path / "demo.xlsx")
    wb = load_workbook(path)
    tables = ["Summary", "Who invests", "Yearly", "Streams", "Unit costs", "Parameters"]
    assert wb.sheetnames[0] == "About"
    assert [n for n in wb.sheetnames if n in tables] == tables
    for name in ["About", *tables]:
        ws = wb[name]
        assert ws.freeze_panes == "B2", ws.title
        assert all(c.font.bold for c in ws[1] if c.value is not None)
    ws = wb["Summary"]
    header = [c.value for c in ws[1]]
    npv = ws.cell(row=2, column=header.index(column_label("npv")) + 1)
    assert npv.number_format == SEK_FORMAT
    roi = ws.cell(row=2, column=header.index(column_label("roi")) + 1)
    assert roi.number_format == "0.00"
    # ROI where nothing is invested is an empty cell, not NaN
    region_row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "region")
    assert region_row[header.index(column_label("roi"))].value is None
    uc = wb["Unit costs"]
    uh = [c.value for c in uc[1]]
    src = uc.cell(row=2, column=uh.index(column_label("source")) + 1)
    assert src.hyperlink is not None and src.hyperlink.target.startswith("https://")


def test_workbook_needs_xlsx_suffix(cmp: Comparison, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.xlsx"):
        write_workbook(cmp, tmp_path / "demo.xls")


# --- end to end -----------------------------------------------------------------------
def test_write_report_files(cmp: Comparison, tmp_path: Path) -> None:
    paths = write_report(cmp, tmp_path / "out", None, xlsx=True)
    assert [p.name for p in paths] == ["demo.html", "demo.xlsx"]
    assert all(p.stat().st_size > 10_000 for p in paths)


def test_report_command_end_to_end(files: tuple[Path, Path], tmp_path: Path) -> None:
    sc, csv = files
    out = tmp_path / "rep"
    code = main(
        [
            "report",
            str(sc),
            "--local",
            str(csv),
            "--out",
            str(out),
            "--xlsx",
            "--mc",
            "200",
            "--seed",
            "7",
            "--all-draws",
        ]
    )
    assert code == 0
    html = (out / "demo.html").read_text(encoding="utf-8")
    page = _page(html)
    assert len(page.imgs) >= 4 and not page.external
    wb = out / "demo.xlsx"
    cmp = compare(sc, catalogue=load_catalogue(csv))
    _same(_read(wb, "Summary"), cmp.summary().reset_index())
    from socinv.sensitivity import monte_carlo, one_way

    res = monte_carlo(cmp.model, 200, seed=7)
    got = _read(wb, "Monte Carlo").set_index(column_label("perspective"))
    got.columns = [_REVERSE.get(str(c), str(c)) for c in got.columns]
    want = res.summary()
    num = [c for c in want.columns if pd.api.types.is_float_dtype(want[c])]
    np.testing.assert_allclose(got[num].to_numpy(float), want[num].to_numpy(float))
    draws = _read(wb, "Monte Carlo draws").drop(columns="Draw")
    _same(draws, res.npv)
    _same(_read(wb, "Tornado"), one_way(cmp.model))
    assert "Monte Carlo" in html and "P(NPV &gt; 0)" in html
    assert "One-way sensitivity (tornado)" in html
    assert len(page.imgs) == 8  # and the payback curve of the Monte Carlo
    from openpyxl import load_workbook

    ws = load_workbook(wb)["Monte Carlo"]
    fmt = {
        _REVERSE.get(str(c.value), str(c.value)): ws.cell(row=2, column=c.column).number_format
        for c in ws[1]
    }
    assert fmt["mean"] == fmt["p2_5"] == fmt["p97_5"] == fmt["npv_base"] == SEK_FORMAT
    assert fmt["prob_positive"] == "0.0%"


def test_report_command_without_sensitivity(files: tuple[Path, Path], tmp_path: Path) -> None:
    sc, csv = files
    out = tmp_path / "rep"
    assert (
        main(["report", str(sc), "--local", str(csv), "--out", str(out), "--no-sensitivity"]) == 0
    )
    html = (out / "demo.html").read_text(encoding="utf-8")
    assert "One-way sensitivity left out" in html and "tornado" not in html.lower()
    assert len(_page(html).imgs) == 4
    assert not (out / "demo.xlsx").exists()


def test_report_command_rejects_negative_draws(files: tuple[Path, Path], tmp_path: Path) -> None:
    sc, csv = files
    assert main(["report", str(sc), "--local", str(csv), "--out", str(tmp_path), "--mc", "-5"]) == 2


def test_report_renders_in_a_browser(cmp: Comparison, tmp_path: Path) -> None:
    """Render the page headless and check the screenshot is a real page."""
    browser = chromium()
    if browser is None:
        pytest.skip("no chromium/chrome binary on PATH; HTML structure is tested above")
    html = write_report(cmp, tmp_path, SensitivityResults(tornado_frame(), mc_frame()))[0]
    im = screenshot_gray(browser, html, tmp_path / "shot.png", tmp_path / "profile")
    assert im.shape == (3000, 1280)
    # a rendered report has text and pictures: far from a blank page
    assert im.std() > 20
    assert math.isfinite(float(im.mean()))


def test_palette_covers_every_perspective() -> None:
    from socinv import PERSPECTIVES

    assert set(PALETTE) == {p.value for p in PERSPECTIVES}
    assert len(set(PALETTE.values())) == len(PALETTE)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in PALETTE.values())


def test_missing_extras_are_named(
    cmp: Comparison, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportError, match=r"socinv\[excel\]"):
        write_workbook(cmp, tmp_path / "x.xlsx")
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"socinv\[plot\]"):
        plot_who_invests(cmp)


def test_report_when_nobody_invests_and_the_arm_has_its_own_episodes(
    files: tuple[Path, Path],
) -> None:
    """An intervention without a cost of its own and with its own trajectory:
    no investing payer, so no hump; the arm's episodes are listed."""
    import yaml

    sc, csv = files
    data = yaml.safe_load(sc.read_text(encoding="utf-8"))
    data["intervention"] = {
        "label": "own trajectory",
        "episodes": [
            {
                "id": "short_placement",
                "item": "placering_dygn",
                "quantity": 60,
                "from_age": 13,
                "to_age": 15,
                "probability": 0.3,
            },
        ],
    }
    cmp = compare(socinv_scenario(data), catalogue=load_catalogue(csv))
    with pytest.raises(ValueError, match="no investing payer"):
        plot_investment_hump(cmp)
    html = render_html(cmp, None)
    assert "No payer invests" in html
    assert "<code>short_placement</code>" in html
    assert len(_page(html).imgs) == 3


def socinv_scenario(data: dict[str, object]) -> object:
    from socinv import scenario_from_dict

    return scenario_from_dict(data)


@given(
    st.lists(st.floats(min_value=-1e10, max_value=1e10, allow_nan=False), min_size=1, max_size=20)
)
def test_money_scale_keeps_numbers_readable(values: list[float]) -> None:
    """The unit is chosen from the largest absolute value, so tick numbers stay
    short, and the text shown is the value in that unit, rounded."""
    s = money_scale(values)
    top = max(abs(v) for v in values)
    assert s.unit == ("MSEK" if top >= 1e7 else "kSEK" if top >= 1e5 else "SEK")
    assert top / s.factor < 1e5
    for v in values:
        shown = float(s.fmt(v).replace(" ", "").replace("−", "-"))
        assert shown == pytest.approx(v / s.factor, abs=0.5 * 10**-s.decimals + 1e-9)


def test_workbook_leaves_out_very_many_draws(
    cmp: Comparison, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    import socinv.report.excel as excel

    monkeypatch.setattr(excel, "MAX_DRAWS_SHEET", 50)
    path = write_workbook(
        cmp, tmp_path / "d.xlsx", SensitivityResults(None, mc_frame()), all_draws=True
    )
    wb = load_workbook(path)
    assert "Monte Carlo draws" not in wb.sheetnames
    _same(_read(path, "Monte Carlo"), mc_summary_frame(mc_frame()))
    notes = [r[1].value for r in wb["About"].iter_rows() if r[0].value == "Monte Carlo draws"]
    assert notes[0] == 100 and "100 draws" in notes[-1]


def test_tornado_plot_uses_plain_labels(cmp: Comparison) -> None:
    long = "A very long plain-language description of the parameter that goes on and on"
    fig = plot_tornado(
        tornado_frame(),
        PlotLabel.of(cmp),
        labels={"unit_cost.x": "Placement day", "discount.rate": long},
    )
    first_lines = [t.get_text().split("\n")[0] for t in fig.axes[0].get_yticklabels()]
    assert first_lines[1] == "Placement day"
    assert first_lines[0].endswith("…") and len(first_lines[0]) <= 48
    assert first_lines[2] == "effect.a.relative_risk"  # no label given: the name
