"""The scenario workbook: About sheet, years-across payer sheets whose present
values are live formulas of the rate cell, headers in words, Swedish."""

from __future__ import annotations

from pathlib import Path

import pytest

from socinv import __version__, compare
from socinv.payers import PERSPECTIVES
from socinv.report import write_workbook
from socinv.report.excel import workbook_bytes
from socinv.scenarios.comparison import Comparison
from xlsx_eval import Evaluator

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "data" / "scenarios" / "foster_care_school_support.yaml"


@pytest.fixture(scope="module")
def cmp() -> Comparison:
    return compare(SCENARIO)


def _pv_rows(wb: object, title: str) -> dict[str, int]:
    ws = wb[title]  # type: ignore[index]
    return {str(ws.cell(row=r, column=1).value): r for r in range(2, ws.max_row + 1)}


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_present_value_formulas_give_the_library_npv(
    cmp: Comparison, tmp_path: Path, lang: str
) -> None:
    from openpyxl import load_workbook

    path = write_workbook(cmp, tmp_path / "w.xlsx", lang=lang, source=SCENARIO, seed=None)
    wb = load_workbook(path)
    ev = Evaluator(wb)
    assert ev.names["Rate"] == pytest.approx(0.035)
    title = "Present values" if lang == "en" else "Nuvärden"
    ws = wb[title]
    rows = {str(ws.cell(row=r, column=1).value): r for r in range(2, 9)}
    names = {"en": {p.value: p.value for p in PERSPECTIVES}}
    names["sv"] = {
        "municipality": "kommun",
        "region": "region",
        "state": "stat",
        "individual": "individ",
        "other": "övriga",
        "public": "offentlig sektor",
        "society": "samhället",
    }
    for p in PERSPECTIVES:
        r = rows[names[lang][p.value]]
        got = ev.cell(title, f"F{r}")
        assert got == pytest.approx(cmp.npv(p), rel=1e-9, abs=1e-6), p
        sav = ev.cell(title, f"E{r}")
        assert sav == pytest.approx(cmp.metric("savings_disc", p), rel=1e-9, abs=1e-6)


def test_changing_the_rate_cell_changes_npv_as_the_library_does(
    cmp: Comparison, tmp_path: Path
) -> None:
    """Evaluate the same formulas with the rate cell at 5 %: they give the NPV
    the library computes at rate 0.05."""
    from openpyxl import load_workbook

    wb = load_workbook(write_workbook(cmp, tmp_path / "w.xlsx"))
    ev = Evaluator(wb, overrides={"Rate": 0.05})
    at5 = compare(SCENARIO, rate=0.05)
    rows = _pv_rows(wb, "Present values")
    for p in ("municipality", "public", "society"):
        got = ev.cell("Present values", f"F{rows[p]}")
        assert got == pytest.approx(at5.npv(p), rel=1e-9)
        assert got != pytest.approx(cmp.npv(p), rel=1e-6)


def test_payer_sheet_is_years_across(cmp: Comparison, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(write_workbook(cmp, tmp_path / "w.xlsx", lang="sv"))
    ws = wb["Kommun"]
    years = [ws.cell(row=4, column=5 + k).value for k in range(len(cmp.model.years))]
    assert years == [int(y) for y in cmp.model.years]
    assert ws.cell(row=4, column=4).value == "Nuvärde (kr)"
    assert str(ws.cell(row=7, column=5).value).startswith("=(1+Rate)^-")
    # values from input are numbers or text, never formulas, on the data rows
    for r in range(9, 12):
        assert not str(ws.cell(row=r, column=3).value).startswith("=")


def test_about_sheet_states_the_run(cmp: Comparison, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_workbook(
        cmp, tmp_path / "w.xlsx", source=SCENARIO, seed=7, run_date="2026-01-02 10:00 UTC"
    )
    about = {r[0].value: r[1].value for r in load_workbook(path)["About"].iter_rows(min_row=2)}
    assert about["Input file"] == str(SCENARIO)
    assert about["Run date"] == "2026-01-02 10:00 UTC"
    assert about["socinv version"] == __version__
    assert about["Price year"] == 2024
    assert about["Discount rate"] == pytest.approx(0.035)
    assert about["Monte Carlo seed"] == 7


def test_swedish_headers_in_words(cmp: Comparison, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(write_workbook(cmp, tmp_path / "w.xlsx", lang="sv"))
    assert wb.sheetnames[:2] == ["Om", "Kommun"]
    header = [c.value for c in wb["Sammanfattning"][1]]
    assert "Nettonuvärde (kr)" in header and "Perspektiv" in header
    assert "samhället" in [c.value for c in wb["Sammanfattning"]["A"]]


def test_workbook_bytes_is_a_workbook(cmp: Comparison) -> None:
    data = workbook_bytes(cmp, lang="sv")
    assert data[:2] == b"PK"  # a zip container


def test_fund_and_contract_workbooks_in_swedish(tmp_path: Path) -> None:
    """--lang sv: Swedish sheet titles, headers and About; the numbers unchanged."""
    import pandas as pd
    from openpyxl import load_workbook

    from socinv.contracts import evaluate_contract
    from socinv.fund import fund_report_tables, run_fund
    from socinv.report import write_contract_workbook, write_fund_workbook

    contracts = ROOT / "data" / "contracts"
    ledger = run_fund(contracts / "example_fund.yaml")
    path = write_fund_workbook(ledger, tmp_path / "f.xlsx", lang="sv")
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["Om", "Fondens huvudbok"]
    got = pd.read_excel(path, sheet_name="Fondens huvudbok")
    want = fund_report_tables(ledger)["Fund ledger"]
    assert "Utgående saldo (kr)" in got.columns
    assert got["Utgående saldo (kr)"].to_list() == pytest.approx(
        want["closing_balance_sek"].to_list(), rel=1e-12
    )
    about = {r[0].value: r[1].value for r in wb["Om"].iter_rows(min_row=2)}
    assert about["Ägare (betalare)"] == "kommun"
    base = evaluate_contract(contracts / "norrkoping_sib.yaml")
    mc = evaluate_contract(contracts / "norrkoping_sib.yaml", monte_carlo=True, draws=50, seed=2)
    names = load_workbook(write_contract_workbook(base, mc, tmp_path / "c.xlsx", lang="sv"))
    assert "Avtalets betalningar" in names.sheetnames and "Dragningar" in names.sheetnames
