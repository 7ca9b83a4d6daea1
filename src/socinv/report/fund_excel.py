"""Excel workbooks of a social investment fund and of an outcome contract
(openpyxl), written with the scenario workbook's sheet writer
(:mod:`socinv.report.excel`): one plain table per sheet, a frozen bold header
with a filter, SEK with thousands separators, shares as percent.

The sheets are exactly the API's DataFrames: :func:`socinv.fund.fund_report_tables`
for a fund; :func:`socinv.contracts.contract_report_tables` (of the Monte
Carlo result if run, else of the base case) for a contract, plus the base
case and the per-draw results. An About sheet states price year, discount
rate, seed and source files.

Needs the ``excel`` extra: ``pip install 'socinv[excel]'``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from socinv import __version__
from socinv.contracts.evaluate import ContractResult
from socinv.contracts.summary import contract_payments_summary, contract_summary_table
from socinv.fund.ledger import FundLedger
from socinv.report.excel import (
    MAX_DRAWS_SHEET,
    RATIO_FORMAT,
    SEK_FORMAT,
    SHARE_FORMAT,
    _write_frame,
    new_workbook,
)
from socinv.report.fund_html import quantity_format, source_files
from socinv.report.plots import contract_label, fund_label
from socinv.report.sheets import contract_report_tables, fund_report_tables

#: Number formats of a contract summary row, by :func:`quantity_format`.
_KIND_FORMAT = {
    "sek": SEK_FORMAT,
    "percent": SHARE_FORMAT,
    "ratio": RATIO_FORMAT,
    "number": "General",
}


def _about_sheet(wb: Any, items: list[tuple[str, str]]) -> Any:
    ws = _write_frame(wb, "About", pd.DataFrame(items, columns=["field", "value"]))
    ws.column_dimensions["B"].width = 100
    return ws


def _files(source: str | Path | None, others: list[str]) -> str:
    return "; ".join(source_files(source, others)) or "not given"


# --- fund --------------------------------------------------------------------------------
def fund_about_frame(ledger: FundLedger, source: str | Path | None = None) -> pd.DataFrame:
    """The fund workbook's About sheet as a table (field, value)."""
    f = ledger.fund
    items = [
        ("Fund", f.title or f.name),
        ("Fund id", f.name),
        ("Description", f.description),
        ("Owner (payer)", f.payer.value),
        ("Years", f"{f.start_year}–{f.end_year}"),
        (
            "Money",
            f"SEK in {f.price_year} prices, undiscounted unless the column ends in _disc_sek",
        ),
        (
            "Discount rate",
            f"{fund_label(f).rate} a year, end of year, to {f.start_year} (discounted hump only)",
        ),
        ("Seed", "none: the fund ledger is deterministic (scenario parameters at base values)"),
        ("Source files", _files(source, [p.project.scenario for p in ledger.projects])),
        (
            "Identity",
            "closing balance = initial capital + allocations − outlays + repayments, summed "
            "to each year",
        ),
        ("Made with", f"socinv {__version__}"),
    ]
    return pd.DataFrame(items, columns=["field", "value"])


def write_fund_workbook(
    ledger: FundLedger, path: str | Path, source: str | Path | None = None
) -> Path:
    """Write the fund's tables (:func:`fund_report_tables`) as an .xlsx file:
    About, Fund ledger, Repayments by agency, Repayments, Agency positions,
    Fund projects. ``source`` is the fund file, named in About."""
    wb, p = new_workbook(path)
    about = fund_about_frame(ledger, source)
    _about_sheet(wb, list(about.itertuples(index=False, name=None)))
    shares = {"outside_share": SHARE_FORMAT, "outside_share_cumulative": SHARE_FORMAT}
    for title, df in fund_report_tables(ledger).items():
        sek_cols = {str(c): SEK_FORMAT for c in df.columns if title == "Repayments by agency"}
        sek_cols.pop("year", None)
        _write_frame(wb, title, df, formats={**shares, **sek_cols})
    wb.save(p)
    return p


# --- contract ----------------------------------------------------------------------------
def contract_about_frame(
    base: ContractResult, mc: ContractResult | None = None, source: str | Path | None = None
) -> pd.DataFrame:
    """The contract workbook's About sheet as a table (field, value)."""
    c = base.contract
    inv = c.investor
    items = [
        ("Contract", c.title or c.name),
        ("Contract id", c.name),
        ("Description", c.description),
        ("Payer", c.payer.value),
        ("Investor", f"{inv.label}: {inv.capital_sek:,.0f} SEK".replace(",", " ")),
        ("Years", f"{c.start_year}–{c.end_year}"),
        ("Money", f"SEK in {c.price_year} prices (real terms)"),
        (
            "Discount rate",
            f"{contract_label(c).rate} a year, end of year, to {c.start_year} "
            "(present values: the payer's net position)",
        ),
        (
            "Seed",
            f"{mc.seed} ({mc.n} Monte Carlo draws)"
            if mc is not None
            else "none: base case only (no Monte Carlo)",
        ),
        ("Source files", _files(source, [c.scenario] if c.scenario else [])),
        (
            "Sheets",
            "Contract payments / summary / yearly: "
            + ("the Monte Carlo result" if mc is not None else "the base case")
            + (
                "; Base case payments / summary / yearly: the base case; Draws: one row per draw"
                if mc is not None
                else ""
            ),
        ),
        (
            "Conventions",
            "IRR as a fraction a year (-1 = nothing paid back, empty = no IRR); investor loss = "
            "payments below the capital, undiscounted; net PV = PV of the payer's savings minus "
            "PV of its payments.",
        ),
        ("Made with", f"socinv {__version__}"),
    ]
    return pd.DataFrame(items, columns=["field", "value"])


def _format_summary_rows(ws: Any, result: ContractResult, df: pd.DataFrame) -> None:
    """Per-row number formats of a contract summary sheet (its rows mix SEK,
    IRR, ratios and outcome units)."""
    cols = [str(c) for c in df.columns]
    value_cols = [cols.index(c) + 1 for c in ("mean", "sd", "p5", "p50", "p95") if c in cols]
    for i, q in enumerate(df["quantity"].astype(str), start=2):
        fmt = _KIND_FORMAT[quantity_format(result.contract, q)]
        for j in value_cols:
            ws.cell(row=i, column=j).number_format = fmt


def _draws_formats(result: ContractResult, df: pd.DataFrame) -> dict[str, str]:
    out = {}
    for c in df.columns:
        name = str(c)
        if name.startswith("outcome."):
            out[name] = _KIND_FORMAT[quantity_format(result.contract, name)]
    out["investor_irr"] = SHARE_FORMAT
    return out


def write_contract_workbook(
    base: ContractResult,
    mc: ContractResult | None,
    path: str | Path,
    source: str | Path | None = None,
) -> Path:
    """Write a contract's tables as an .xlsx file: About; Contract payments,
    Contract summary, Contract yearly (:func:`contract_report_tables` of
    ``mc`` if given, else of ``base``); with ``mc`` also Base case payments,
    Base case summary, Base case yearly and Draws (one row per draw, up to
    :data:`~socinv.report.excel.MAX_DRAWS_SHEET`; beyond that About says so)."""
    if base.n != 1:
        raise ValueError(f"base must be the one-draw base case, got {base.n} draws")
    wb, p = new_workbook(path)
    about = _about_sheet(
        wb, list(contract_about_frame(base, mc, source).itertuples(index=False, name=None))
    )
    main = mc if mc is not None else base
    sheets: list[tuple[str, pd.DataFrame, ContractResult]] = [
        (title, df, main) for title, df in contract_report_tables(main).items()
    ]
    if mc is not None:
        sheets += [
            ("Base case payments", contract_payments_summary(base), base),
            ("Base case summary", contract_summary_table(base), base),
            ("Base case yearly", base.yearly_table(), base),
        ]
    for title, df, res in sheets:
        ws = _write_frame(wb, title, df, formats={"payment_multiple": RATIO_FORMAT})
        if "quantity" in df.columns:
            _format_summary_rows(ws, res, df)
    if mc is not None:
        if mc.n <= MAX_DRAWS_SHEET:
            draws = mc.draws_frame()
            draws.insert(0, "draw", np.arange(mc.n))
            _write_frame(wb, "Draws", draws, formats=_draws_formats(mc, draws))
        else:
            about.append(
                [
                    "Draws",
                    f"{mc.n} draws are more than the {MAX_DRAWS_SHEET} written to a sheet; "
                    "the summaries cover all of them.",
                ]
            )
    wb.save(p)
    return p
