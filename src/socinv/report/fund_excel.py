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
from socinv.formatting import money, rate
from socinv.fund.ledger import FundLedger
from socinv.fund.montecarlo import FundMonteCarlo
from socinv.i18n import payer_word, translator
from socinv.report.blocks import source_files
from socinv.report.columns import column_labels
from socinv.report.contract_text import quantity_format
from socinv.report.sheets import (
    MAX_DRAWS_SHEET,
    RATIO_FORMAT,
    SEK_FORMAT,
    SHARE_FORMAT,
    contract_report_tables,
    fund_report_tables,
    new_workbook,
    write_frame,
)
from socinv.report.uncertainty_sheets import write_parameter_sheets

#: Number formats of a contract summary row, by :func:`quantity_format`.
_KIND_FORMAT = {
    "sek": SEK_FORMAT,
    "percent": SHARE_FORMAT,
    "ratio": RATIO_FORMAT,
    "number": "General",
}


def _about_sheet(wb: Any, items: list[tuple[str, str]], lang: str = "en") -> Any:
    df = pd.DataFrame(items, columns=["field", "value"])
    _ = translator(lang)
    ws = write_frame(wb, _("About"), df, headers=_headers(df, lang))
    ws.column_dimensions["B"].width = 100
    return ws


def _headers(df: pd.DataFrame, lang: str) -> list[str] | None:
    """Swedish headers in words; English keeps the API's column names."""
    return column_labels(df.columns, lang) if lang == "sv" else None


def _title(title: str, lang: str) -> str:
    """A sheet title in the workbook's language."""
    _ = translator(lang)
    titles = {
        "Fund ledger": _("Fund ledger"),
        "Repayments by agency": _("Repayments by agency"),
        "Repayments": _("Repayments"),
        "Agency positions": _("Agency positions"),
        "Fund projects": _("Fund projects"),
        "Contract payments": _("Contract payments"),
        "Contract summary": _("Contract summary"),
        "Contract yearly": _("Contract yearly"),
        "Base case payments": _("Base case payments"),
        "Base case summary": _("Base case summary"),
        "Base case yearly": _("Base case yearly"),
        "Draws": _("Draws"),
    }
    return titles.get(title, title)[:31]


def _files(source: str | Path | None, others: list[str], lang: str = "en") -> str:
    _ = translator(lang)
    return "; ".join(source_files(source, others)) or _("not given")


# --- fund --------------------------------------------------------------------------------
def fund_about_frame(
    ledger: FundLedger, source: str | Path | None = None, *, lang: str = "en"
) -> pd.DataFrame:
    """The fund workbook's About sheet as a table (field, value)."""
    _ = translator(lang)
    f = ledger.fund
    items = [
        (_("Fund"), f.title or f.name),
        (_("Fund id"), f.name),
        (_("Description"), f.description),
        (_("Owner (payer)"), payer_word(f.payer.value, lang)),
        (_("Years"), f"{f.start_year}–{f.end_year}"),
        (
            _("Money"),
            _("SEK in {year} prices, undiscounted unless the column ends in _disc_sek").format(
                year=f.price_year
            ),
        ),
        (
            _("Discount rate"),
            _(
                "{rate} a year to {year}: savings at the end of the year, the investment when "
                "paid (the start of the year unless the scenario says otherwise); the "
                "discounted hump only"
            ).format(rate=rate(f.discount_rate, lang), year=f.start_year),
        ),
        (
            _("Seed"),
            _("none: the fund ledger is deterministic (scenario parameters at base values)"),
        ),
        (_("Source files"), _files(source, [p.project.scenario for p in ledger.projects], lang)),
        (
            _("Identity"),
            _(
                "closing balance = initial capital + allocations − outlays + repayments, summed "
                "to each year"
            ),
        ),
        (_("Made with"), f"socinv {__version__}"),
    ]
    return pd.DataFrame(items, columns=["field", "value"])


def write_fund_workbook(
    ledger: FundLedger,
    path: str | Path,
    source: str | Path | None = None,
    *,
    lang: str = "en",
    mc: FundMonteCarlo | None = None,
) -> Path:
    """Write the fund's tables (:func:`fund_report_tables`) as an .xlsx file:
    About, Fund ledger, Repayments by agency, Repayments, Agency positions,
    Fund projects; with ``mc`` (the ledger on Monte Carlo draws) also the
    risk sheets of :mod:`socinv.report.fund_risk_sheets`. ``source`` is the
    fund file, named in About. With ``lang="sv"`` titles, headers and the
    About sheet are in Swedish."""
    wb, p = new_workbook(path)
    about = fund_about_frame(ledger, source, lang=lang)
    _about_sheet(wb, list(about.itertuples(index=False, name=None)), lang)
    shares = {"outside_share": SHARE_FORMAT, "outside_share_cumulative": SHARE_FORMAT}
    for title, df in fund_report_tables(ledger).items():
        sek_cols = {str(c): SEK_FORMAT for c in df.columns if title == "Repayments by agency"}
        sek_cols.pop("year", None)
        write_frame(
            wb,
            _title(title, lang),
            df,
            formats={**shares, **sek_cols},
            headers=_headers(df, lang),
        )
    if mc is not None:
        from socinv.report.fund_risk_sheets import write_fund_risk_sheets

        write_fund_risk_sheets(wb, mc, lang)
    wb.save(p)
    return p


# --- contract ----------------------------------------------------------------------------
def contract_about_frame(
    base: ContractResult,
    mc: ContractResult | None = None,
    source: str | Path | None = None,
    *,
    lang: str = "en",
) -> pd.DataFrame:
    """The contract workbook's About sheet as a table (field, value)."""
    _ = translator(lang)
    c = base.contract
    inv = c.investor
    items = [
        (_("Contract"), c.title or c.name),
        (_("Contract id"), c.name),
        (_("Description"), c.description),
        (_("Payer"), payer_word(c.payer.value, lang)),
        (_("Investor"), f"{inv.label}: {money(inv.capital_sek, lang)}"),
        (_("Years"), f"{c.start_year}–{c.end_year}"),
        (_("Money"), _("SEK in {year} prices (real terms)").format(year=c.price_year)),
        (
            _("Discount rate"),
            _(
                "{rate} a year, end of year, to {year} (present values: the payer's net position)"
            ).format(rate=rate(c.discount_rate, lang), year=c.start_year),
        ),
        (
            _("Seed"),
            _("{seed} ({n} Monte Carlo draws)").format(seed=mc.seed, n=mc.n)
            if mc is not None
            else _("none: base case only (no Monte Carlo)"),
        ),
        (_("Source files"), _files(source, [c.scenario] if c.scenario else [], lang)),
        (
            _("Sheets"),
            _(
                "Contract payments / summary / yearly: the Monte Carlo result; Base case "
                "payments / summary / yearly: the base case; Draws: one row per draw"
            )
            if mc is not None
            else _("Contract payments / summary / yearly: the base case"),
        ),
        (
            _("Conventions"),
            _(
                "IRR as a fraction a year (-1 = nothing paid back, empty = no IRR); investor "
                "loss = payments below the capital, undiscounted; net PV = PV of the payer's "
                "savings minus PV of its payments."
            ),
        ),
        (_("Made with"), f"socinv {__version__}"),
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
    *,
    lang: str = "en",
) -> Path:
    """Write a contract's tables as an .xlsx file (``lang``: en or sv): About; Contract payments,
    Contract summary, Contract yearly (:func:`contract_report_tables` of
    ``mc`` if given, else of ``base``); with ``mc`` also Base case payments,
    Base case summary, Base case yearly, Draws (one row per draw, up to
    :data:`~socinv.report.excel.MAX_DRAWS_SHEET`; beyond that About says so)
    and the scenario parameters varied and held fixed (MC varied, MC held
    fixed, MC warnings: the scenario workbook's sheets)."""
    if base.n != 1:
        raise ValueError(f"base must be the one-draw base case, got {base.n} draws")
    wb, p = new_workbook(path)
    frame = contract_about_frame(base, mc, source, lang=lang)
    about = _about_sheet(wb, list(frame.itertuples(index=False, name=None)), lang)
    _ = translator(lang)
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
        ws = write_frame(
            wb,
            _title(title, lang),
            df,
            formats={"payment_multiple": RATIO_FORMAT},
            headers=_headers(df, lang),
        )
        if "quantity" in df.columns:
            _format_summary_rows(ws, res, df)
    if mc is not None:
        if mc.n <= MAX_DRAWS_SHEET:
            draws = mc.draws_frame()
            draws.insert(0, "draw", np.arange(mc.n))
            write_frame(
                wb,
                _title("Draws", lang),
                draws,
                formats=_draws_formats(mc, draws),
                headers=_headers(draws, lang),
            )
        else:
            about.append(
                [
                    _("Draws"),
                    _(
                        "{n} draws are more than the {most} written to a sheet; the summaries "
                        "cover all of them."
                    ).format(n=mc.n, most=MAX_DRAWS_SHEET),
                ]
            )
        write_parameter_sheets(wb, mc, lang)
    wb.save(p)
    return p
