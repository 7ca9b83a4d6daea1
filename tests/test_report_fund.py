"""Reports and workbooks of social investment funds and outcome contracts:
``socinv fund ... --xlsx --html`` and ``socinv contract ... --xlsx --html`` on
the shipped examples, the plots' data against the ledger and the contract
results, the workbook read back against the API's DataFrames, and the HTML
page's structure (and, where a headless Chromium exists, its rendering)."""

from __future__ import annotations

import math
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("openpyxl")

from socinv.cli.main import main
from socinv.contracts import (
    ContractResult,
    contract_payments_summary,
    contract_report_tables,
    contract_summary_table,
    evaluate_contract,
)
from socinv.formatting import percent
from socinv.fund import FundLedger, fund_report_tables, run_fund
from socinv.report import (
    PALETTE,
    contract_headline,
    fund_excel,
    fund_headline,
    plot_contract_flows,
    plot_contract_irr,
    plot_contract_net_position,
    plot_contract_payments,
    plot_fund_balance,
    plot_fund_hump,
    plot_repayments_by_agency,
    render_contract_html,
    render_fund_html,
    write_contract_workbook,
    write_fund_workbook,
)
from socinv.report.contract_page import term_text
from socinv.report.excel import SEK_FORMAT, SHARE_FORMAT
from socinv.report.fund_page import rule_text
from socinv.report.html import money, share
from support import chromium, screenshot_gray

DATA = Path(__file__).resolve().parents[1] / "data" / "contracts"
FUND = DATA / "example_fund.yaml"
SIB = DATA / "norrkoping_sib.yaml"
SICK = DATA / "sick_leave_botkyrka_ornskoldsvik.yaml"
DRAWS, SEED = 300, 7


@pytest.fixture(scope="module")
def ledger() -> FundLedger:
    return run_fund(FUND)


@pytest.fixture(scope="module")
def sib() -> tuple[ContractResult, ContractResult]:
    return evaluate_contract(SIB), evaluate_contract(SIB, monte_carlo=True, draws=DRAWS, seed=SEED)


@pytest.fixture(scope="module")
def sick() -> tuple[ContractResult, ContractResult]:
    return evaluate_contract(SICK), evaluate_contract(
        SICK, monte_carlo=True, draws=DRAWS, seed=SEED
    )


# --- helpers ---------------------------------------------------------------------------
def _title(fig: object) -> str:
    t = fig._suptitle  # type: ignore[attr-defined]
    return "" if t is None else str(t.get_text())


def _bars(ax: object) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(label, heights, bottoms) of each bar series of an axes."""
    out = []
    for cont in ax.containers:  # type: ignore[attr-defined]
        heights = np.array([p.get_height() for p in cont.patches])
        bottoms = np.array([p.get_y() for p in cont.patches])
        out.append((str(cont.get_label()), heights, bottoms))
    return out


def _read(path: Path, sheet: str) -> pd.DataFrame:
    return pd.read_excel(path, sheet_name=sheet, engine="openpyxl")


def _same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Equal to the API's frame: text compared as text (empty cell = missing),
    numbers to 1e-12 relative."""
    want = want.reset_index(drop=True).copy()
    want.columns = pd.Index([str(c) for c in want.columns])  # (a wide table's axis name goes)
    got = got.copy()
    assert list(got.columns) == list(want.columns)
    for c in want.columns:
        if want[c].dtype == object and want[c].map(lambda v: v is None).any():
            want[c] = pd.to_numeric(want[c])
        if want[c].dtype == object or pd.api.types.is_string_dtype(want[c]):
            want[c] = want[c].map(lambda v: "" if pd.isna(v) or v == "" else str(v))
            got[c] = got[c].map(lambda v: "" if pd.isna(v) else str(v))
    if len(want) == 0:
        assert len(got) == 0
        return
    pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=1e-12, atol=0)


class _Page(HTMLParser):
    """Images, tables (rows of cell texts) and anything loaded from outside."""

    def __init__(self) -> None:
        super().__init__()
        self.imgs: list[str] = []
        self.external: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.table_classes: list[str] = []
        self.text: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "img":
            self.imgs.append(a.get("src") or "")
        if tag in ("script", "link", "iframe", "object", "embed") or (
            tag == "img" and not (a.get("src") or "").startswith("data:image/png;base64,")
        ):
            self.external.append(tag)
        if "url(" in (a.get("style") or ""):
            self.external.append("style url")
        if tag == "table":
            self.tables.append([])
            self.table_classes.append(a.get("class") or "")
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _page(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    assert not p.external, f"the page loads something from outside: {p.external}"
    assert "http://" not in html.split("<body>")[0] and "@import" not in html
    return p


# --- plots: fund -----------------------------------------------------------------------
def test_fund_hump_plots_the_ledger_columns(ledger: FundLedger) -> None:
    t = ledger.table()
    fig = plot_fund_hump(ledger)
    ax = fig.axes[0]
    title = _title(fig)
    assert ledger.fund.title in title and "2024 prices" in title and "3.5 %" in title
    assert ax.get_xlabel() == "Year"
    assert ax.get_ylabel() == "Cumulative cash position (kSEK)"  # hump bottoms at ~ -5 MSEK
    lines = {ln.get_label(): ln for ln in ax.lines}
    cash = lines["cumulative cash position"]
    disc = lines["cumulative, discounted"]
    np.testing.assert_array_equal(cash.get_xdata(), t["year"].to_numpy())
    np.testing.assert_array_equal(cash.get_ydata(), t["payer_cumulative_sek"].to_numpy())
    np.testing.assert_array_equal(disc.get_ydata(), t["payer_cumulative_disc_sek"].to_numpy())
    assert cash.get_color() == PALETTE["municipality"]
    # the lowest point: hand-checked from the ledger's own cumulative sum of net flows
    cum = np.cumsum(t["payer_net_sek"].to_numpy())
    k = int(np.argmin(cum))
    marks = [ln for ln in ax.lines if ln.get_marker() == "v"]
    assert [float(marks[0].get_xdata()[0]), float(marks[0].get_ydata()[0])] == pytest.approx(
        [float(t["year"].iloc[k]), cum[k]]
    )
    notes = [a.get_text() for a in ax.texts]
    assert any(f"lowest point {int(t['year'].iloc[k])}" in s for s in notes)


def test_fund_balance_plots_the_ledger_columns(ledger: FundLedger) -> None:
    t = ledger.table()
    fig = plot_fund_balance(ledger)
    ax = fig.axes[0]
    assert "Fund balance" in _title(fig) and "2024 prices" in _title(fig)
    assert ax.get_ylabel() == "Flows per year and balance (MSEK)" and ax.get_xlabel() == "Year"
    (line,) = [ln for ln in ax.lines if ln.get_label() == "closing balance"]
    np.testing.assert_array_equal(line.get_ydata(), t["closing_balance_sek"].to_numpy())
    bars = {label: (h, b) for label, h, b in _bars(ax)}
    np.testing.assert_allclose(bars["allocations (in)"][0], t["allocations_sek"])
    np.testing.assert_allclose(bars["repayments (in)"][0], t["repayments_sek"])
    np.testing.assert_allclose(bars["repayments (in)"][1], t["allocations_sek"])  # stacked
    np.testing.assert_allclose(bars["project outlays (out)"][0], -t["outlays_sek"])


def test_repayments_by_agency_stacks_the_wide_table(ledger: FundLedger) -> None:
    wide = ledger.repayments_by_agency()
    fig = plot_repayments_by_agency(ledger)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Repayments to the fund (kSEK)" and ax.get_xlabel() == "Year"
    series = _bars(ax)
    assert [s[0] for s in series] == [str(c) for c in wide.columns]
    bottom = np.zeros(len(wide))
    for (_label, h, b), col in zip(series, wide.columns, strict=True):
        np.testing.assert_allclose(h, wide[col].to_numpy())
        np.testing.assert_allclose(b, bottom)
        bottom = bottom + wide[col].to_numpy()
    # every repayment is drawn: the stacks add up to the ledger's repayments
    np.testing.assert_allclose(bottom, ledger.table()["repayments_sek"].to_numpy())


def test_repayments_plot_refuses_a_fund_without_repayments(ledger: FundLedger) -> None:
    empty = FundLedger(
        fund=ledger.fund,
        years=ledger.years,
        projects=ledger.projects,
        repayments=ledger.repayments.iloc[0:0],
    )
    with pytest.raises(ValueError, match="no repayments"):
        plot_repayments_by_agency(empty)


# --- plots: contract -------------------------------------------------------------------
def _hist_counts(ax: object) -> float:
    return float(sum(p.get_height() for p in ax.patches))  # type: ignore[attr-defined]


def test_contract_payment_histogram(sib: tuple[ContractResult, ContractResult]) -> None:
    _base, mc = sib
    fig = plot_contract_payments(mc)
    ax = fig.axes[0]
    assert mc.contract.title in _title(fig) and "2016 prices" in _title(fig)
    assert ax.get_xlabel() == "Total payment by the municipality (MSEK)"
    assert ax.get_ylabel() == "Number of draws"
    assert _hist_counts(ax) == DRAWS
    # the capital line and the loss probability, counted by hand from the payments
    cap = mc.contract.investor.capital_sek
    assert any(float(ln.get_xdata()[0]) == cap for ln in ax.lines)
    p_loss = float(np.mean(mc.payments.sum(axis=1) < cap - 1e-6))
    assert any(f"P(investor loss) = {percent(p_loss, digits=0)}" in t.get_text() for t in ax.texts)


def test_contract_net_position_histogram(sib: tuple[ContractResult, ContractResult]) -> None:
    _base, mc = sib
    fig = plot_contract_net_position(mc)
    ax = fig.axes[0]
    assert ax.get_xlabel().startswith("Net present value, municipality")
    assert ax.get_xlabel().endswith("SEK)")
    assert _hist_counts(ax) == DRAWS
    lo, hi = ax.get_xlim()
    x = mc.payer_savings_pv - mc.payments_pv
    assert lo <= x.min() and x.max() <= hi
    p_neg = float(np.mean(x < 0))
    assert any(f"P(net PV < 0) = {percent(p_neg, digits=0)}" in t.get_text() for t in ax.texts)


def test_contract_irr_histogram_counts_draws_without_irr(
    sick: tuple[ContractResult, ContractResult],
) -> None:
    _base, mc = sick
    finite = int(np.isfinite(mc.irr).sum())
    assert 0 < finite < DRAWS  # the shipped terms: IRR 0 when the goal is met, else none
    fig = plot_contract_irr(mc)
    ax = fig.axes[0]
    assert ax.get_xlabel().startswith("Investor's IRR (") and "% a year" in ax.get_xlabel()
    assert _hist_counts(ax) == finite
    text = " ".join(t.get_text() for t in ax.texts)
    assert f"{DRAWS - finite} without an IRR" in text
    assert "−0" not in text and "-0.0" not in text  # an IRR of exactly 0 reads "0.0 %"


def test_contract_flows_plot_the_yearly_table(sib: tuple[ContractResult, ContractResult]) -> None:
    base, _mc = sib
    y = base.yearly_table()
    fig = plot_contract_flows(base)
    ax = fig.axes[0]
    assert (
        ax.get_xlabel() == "Year" and ax.get_ylabel() == "Flows per year (MSEK)"
    )  # peak 10.6 MSEK in 2021
    bars = {label: h for label, h, _b in _bars(ax)}
    np.testing.assert_allclose(bars["capital put in"], -y["disbursements_sek"])
    np.testing.assert_allclose(bars["payments by the municipality"], y["payments_mean_sek"])
    (cum,) = [ln for ln in ax.lines if ln.get_label() == "investor's cumulative net"]
    np.testing.assert_allclose(cum.get_ydata(), np.cumsum(y["investor_net_mean_sek"]))


# --- plain words -----------------------------------------------------------------------
def test_rules_in_plain_words(ledger: FundLedger) -> None:
    first = rule_text(ledger, 0, 0)  # skolfam ends 2026: installments 2028 and 2030
    assert "50 % 2 years after the end (2028)" in first
    assert "50 % 4 years after the end (2030)" in first
    assert f"({money(ledger.projects[0].outlays.sum())} SEK)" in first
    assert "socialnämnd repays 50 % in 2030" in rule_text(ledger, 0, 1)
    assert "grant" in rule_text(ledger, 1, 1)


def test_terms_in_plain_words(sib: tuple[ContractResult, ContractResult]) -> None:
    base, _mc = sib
    c = base.contract
    t0 = term_text(c, 0)
    assert t0.startswith("In 2020: 40 % of the capital")
    assert f"({money(4_000_000)} SEK)" in t0 and "95 %" in t0
    assert f"at most {money(10_000_000)} SEK" in term_text(c, 1)
    assert "only if" in term_text(c, 2) and f"beyond {money(10_000_000)} SEK" in term_text(c, 2)


# --- HTML ------------------------------------------------------------------------------
def test_fund_html_structure(ledger: FundLedger) -> None:
    html = render_fund_html(ledger, source="data/contracts/example_fund.yaml")
    page = _page(html)
    assert len(page.imgs) == 3  # hump, balance, repayments by agency
    h = fund_headline(ledger)
    t = ledger.table()
    # headline values, each computed independently from the ledger
    assert h["outlays_sek"] == pytest.approx(ledger.project_summary()["outlay_sek"].sum())
    assert h["repayments_sek"] == pytest.approx(ledger.repayments["amount_sek"].sum())
    assert h["lowest_position_sek"] == pytest.approx(t["payer_cumulative_sek"].min())
    for v in (
        h["initial_capital_sek"],
        h["outlays_sek"],
        h["repayments_sek"],
        h["lowest_position_sek"],
    ):
        assert f"{money(v)} SEK" in html
    assert f"in {h['lowest_position_year']}" in html
    assert share(h["outside_share"]) in html
    # the ledger: one row per year, closing balances as in the API
    k = page.table_classes.index("ledger")
    head, *rows = page.tables[k]
    assert head[0] == "Year" and len(rows) == len(t)
    j = head.index("Closing balance")
    assert [r[j] for r in rows] == [money(v) for v in t["closing_balance_sek"]]
    # the rules in plain words, and the source file
    assert "Measured savings:" in html and "Risk sharing:" in html
    # the Skolfam savings arrive after the installment dates: the page says why nothing came
    assert "no measured savings of those agencies by the installment dates" in html
    assert "example_fund.yaml" in html


def test_contract_html_structure(sib: tuple[ContractResult, ContractResult]) -> None:
    base, mc = sib
    html = render_contract_html(base, mc, source=SIB.name)
    page = _page(html)
    assert len(page.imgs) == 4  # flows, payments, net position, IRR
    h = contract_headline(base, mc)
    assert h["base_payment_sek"] == pytest.approx(base.payments.sum())
    assert h["prob_investor_loss"] == pytest.approx(
        np.mean(mc.total_payment < mc.contract.investor.capital_sek - 1e-6)
    )
    assert f"{money(h['base_payment_sek'])} SEK" in html
    assert f"{money(h['base_payer_net_pv_sek'])} SEK" in html
    assert f"{100 * h['base_irr']:.1f} %" in html
    assert f"P(loss) = {share(h['prob_investor_loss'])}" in html
    assert f"P(net PV &lt; 0) = {share(h['prob_payer_net_negative'])}" in html
    for k in range(len(base.contract.terms)):
        assert term_text(base.contract, k).split(":")[0] in html
    assert "norrkoping_sib.yaml" in html and "seed 7" in html


def test_contract_html_base_only(sick: tuple[ContractResult, ContractResult]) -> None:
    base, _mc = sick
    html = render_contract_html(base, None)
    page = _page(html)
    assert len(page.imgs) == 1
    assert "Base case only" in html
    assert "no IRR" in html  # base case: the providers get back half, flows never turn positive
    with pytest.raises(ValueError, match="one-draw base case"):
        render_contract_html(_mc, None)


# --- workbooks -------------------------------------------------------------------------
def test_fund_workbook_equals_api(ledger: FundLedger, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_fund_workbook(ledger, tmp_path / "fund.xlsx", source=FUND)
    tables = fund_report_tables(ledger)
    for title, df in tables.items():
        _same(_read(path, title), df)
    wb = load_workbook(path)
    assert wb.sheetnames == ["About", *tables]
    about = dict(ws_rows(wb["About"]))
    assert "2024" in about["Money"] and "3.5 %" in about["Discount rate"]
    assert "deterministic" in about["Seed"] and str(FUND) in about["Source files"]
    # the projects' scenarios, as paths the loader reads (relative to the fund file)
    scenario = DATA.parent / "scenarios" / "foster_care_school_support.yaml"
    assert str(scenario) in about["Source files"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "B2"
    ws = wb["Fund ledger"]
    head = [c.value for c in ws[1]]
    assert ws.cell(2, head.index("closing_balance_sek") + 1).number_format == SEK_FORMAT
    assert ws.cell(4, head.index("outside_share") + 1).number_format == SHARE_FORMAT


def ws_rows(ws: object) -> list[tuple[object, object]]:
    return [(r[0].value, r[1].value) for r in ws.iter_rows(min_row=2)]  # type: ignore[attr-defined]


def test_contract_workbook_equals_api(
    sib: tuple[ContractResult, ContractResult], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    base, mc = sib
    path = write_contract_workbook(base, mc, tmp_path / "c.xlsx", source=SIB)
    for title, df in contract_report_tables(mc).items():
        _same(_read(path, title), df)
    _same(_read(path, "Base case payments"), contract_payments_summary(base))
    _same(_read(path, "Base case summary"), contract_summary_table(base))
    _same(_read(path, "Base case yearly"), base.yearly_table())
    draws = _read(path, "Draws")
    assert draws["draw"].tolist() == list(range(DRAWS))
    _same(draws.drop(columns="draw"), mc.draws_frame())
    wb = load_workbook(path)
    about = dict(ws_rows(wb["About"]))
    assert about["Seed"].startswith(f"{SEED} ({DRAWS} Monte Carlo draws)")
    assert "2016" in about["Money"] and "3.5 %" in about["Discount rate"]
    assert str(SIB) in about["Source files"]
    assert str(DATA / "norrkoping_hvb_scenario.yaml") in about["Source files"]
    # the summary mixes SEK, IRR and outcome units: formats per row
    ws = wb["Contract summary"]
    head = [c.value for c in ws[1]]
    j = head.index("mean") + 1
    fmt = {r[0].value: r[j - 1].number_format for r in ws.iter_rows(min_row=2)}
    assert fmt["total_payment_sek"] == SEK_FORMAT
    assert fmt["investor_irr"] == SHARE_FORMAT
    assert fmt["outcome.school_improvement"] == SHARE_FORMAT
    assert fmt["outcome.social_services_reduction"] == SEK_FORMAT
    assert fmt["prob_investor_loss"] == SHARE_FORMAT


def test_contract_workbook_leaves_out_too_many_draws(
    sib: tuple[ContractResult, ContractResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    base, mc = sib
    monkeypatch.setattr(fund_excel, "MAX_DRAWS_SHEET", DRAWS - 1)
    path = write_contract_workbook(base, mc, tmp_path / "c.xlsx")
    wb = load_workbook(path)
    assert "Draws" not in wb.sheetnames
    about = dict(ws_rows(wb["About"]))
    assert f"{DRAWS} draws are more than the {DRAWS - 1}" in str(about["Draws"])
    # the summaries still cover every draw
    _same(_read(path, "Contract summary"), contract_summary_table(mc))


def test_workbooks_need_xlsx_suffix_and_name_the_extra(
    ledger: FundLedger,
    sib: tuple[ContractResult, ContractResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    with pytest.raises(ValueError, match=r"\.xlsx"):
        write_fund_workbook(ledger, tmp_path / "f.xls")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportError, match=r"socinv\[excel\]"):
        write_contract_workbook(sib[0], None, tmp_path / "c.xlsx")


# --- commands end to end ---------------------------------------------------------------
def test_fund_command_writes_workbook_and_page(
    ledger: FundLedger, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fund", str(FUND), "--out", str(tmp_path), "--xlsx", "--html"]) == 0
    out = capsys.readouterr().out
    xlsx, html = tmp_path / "example_fund.xlsx", tmp_path / "example_fund.html"
    assert f"wrote {xlsx}" in out and f"wrote {html}" in out
    assert (tmp_path / "ledger.csv").is_file()  # the CSV files are still written
    for title, df in fund_report_tables(ledger).items():
        _same(_read(xlsx, title), df)
    page = _page(html.read_text(encoding="utf-8"))
    assert len(page.imgs) == 3


def test_contract_command_writes_workbook_and_page(
    sib: tuple[ContractResult, ContractResult], tmp_path: Path
) -> None:
    args = ["contract", str(SIB), "--draws", str(DRAWS), "--seed", str(SEED)]
    assert main([*args, "--out", str(tmp_path), "--xlsx", "--html"]) == 0
    xlsx = tmp_path / "norrkoping_sib.xlsx"
    for title, df in contract_report_tables(sib[1]).items():
        _same(_read(xlsx, title), df)
    html = (tmp_path / "norrkoping_sib.html").read_text(encoding="utf-8")
    assert len(_page(html).imgs) == 4
    assert f"{DRAWS} draws, seed {SEED}" in html
    assert f"{money(float(sib[1].total_payment.mean()))} SEK" in html


def test_contract_command_base_only_and_direct_outcomes(tmp_path: Path) -> None:
    assert (
        main(["contract", str(SICK), "--base-only", "--out", str(tmp_path), "--xlsx", "--html"])
        == 0
    )
    base = evaluate_contract(SICK)
    xlsx = tmp_path / "sick_leave_botkyrka_ornskoldsvik.xlsx"
    from openpyxl import load_workbook

    assert load_workbook(xlsx).sheetnames == [
        "About",
        "Contract payments",
        "Contract summary",
        "Contract yearly",
    ]
    for title, df in contract_report_tables(base).items():
        _same(_read(xlsx, title), df)
    html = (tmp_path / "sick_leave_botkyrka_ornskoldsvik.html").read_text(encoding="utf-8")
    assert len(_page(html).imgs) == 1


def test_outputs_need_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fund", str(FUND), "--xlsx"]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["contract", str(SIB), "--base-only", "--html"]) == 2
    assert "--out" in capsys.readouterr().err


# --- rendering -------------------------------------------------------------------------
def test_pages_render_in_a_browser(
    ledger: FundLedger, sib: tuple[ContractResult, ContractResult], tmp_path: Path
) -> None:
    browser = chromium()
    if browser is None:
        pytest.skip("no chromium/chrome binary on PATH; HTML structure is tested above")

    pages = {
        "fund": render_fund_html(ledger),
        "contract": render_contract_html(sib[0], sib[1]),
    }
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        im = screenshot_gray(
            browser, path, tmp_path / f"{name}.png", tmp_path / ("profile-" + name)
        )
        assert im.shape == (3000, 1280)
        assert im.std() > 20 and math.isfinite(float(im.mean()))


def test_plots_name_the_missing_extra(
    ledger: FundLedger,
    sib: tuple[ContractResult, ContractResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"socinv\[plot\]"):
        plot_fund_hump(ledger)
    with pytest.raises(ImportError, match=r"socinv\[plot\]"):
        render_contract_html(sib[0], sib[1])
