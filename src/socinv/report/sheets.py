"""Workbook sheets: the titles of the report's sheets and sections for the
engine's named tables (:func:`socinv.fund.summary.fund_tables`,
:func:`socinv.contracts.summary.contract_tables`), and writing tables into
sheets (openpyxl): one header row (bold, frozen, with a filter), values as
numbers with number formats (SEK with thousands separators, ratios, shares),
missing values as empty cells, text that a spreadsheet would run as a formula
neutralised (:func:`socinv.writers.neutralise`).

Needs the ``excel`` extra: ``pip install 'socinv[excel]'``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from socinv.errors import OutputError
from socinv.writers import neutralise

if TYPE_CHECKING:
    from socinv.contracts.evaluate import ContractResult
    from socinv.fund.ledger import FundLedger

#: Sheet/section title of each fund table, in reading order.
FUND_TITLES: dict[str, str] = {
    "ledger": "Fund ledger",
    "repayments_by_agency": "Repayments by agency",
    "repayments": "Repayments",
    "agency_positions": "Agency positions",
    "projects": "Fund projects",
}
#: Sheet/section title of each contract table, in reading order.
CONTRACT_TITLES: dict[str, str] = {
    "payments": "Contract payments",
    "summary": "Contract summary",
    "yearly": "Contract yearly",
}


def fund_report_tables(ledger: FundLedger) -> dict[str, pd.DataFrame]:
    """Every fund table under its sheet/section title, in reading order."""
    from socinv.fund.summary import fund_tables

    return {FUND_TITLES[k]: df for k, df in fund_tables(ledger).items()}


def contract_report_tables(result: ContractResult) -> dict[str, pd.DataFrame]:
    """Every contract table under its sheet/section title, in reading order."""
    from socinv.contracts.summary import contract_tables

    return {CONTRACT_TITLES[k]: df for k, df in contract_tables(result).items()}


# --- writing sheets ----------------------------------------------------------------
SEK_FORMAT = "#,##0"
#: rows an Excel sheet holds (header included)
EXCEL_MAX_ROWS = 1_048_576
#: the per-draw sheet is written up to this many draws (the summary covers all)
MAX_DRAWS_SHEET = 100_000
RATIO_FORMAT = "0.00"
SHARE_FORMAT = "0.0%"
INT_FORMAT = "0"

_MONEY_WORDS = (
    "sek",
    "cost",
    "savings",
    "npv",
    "invests",
    "saves",
    "net",
    "status_quo",
    "intervention",
    "swing",
    "mean",
    "median",
    "p5",
    "p50",
    "p95",
    "std",
)


#: Monte Carlo summary columns that are money (SEK).
_MONEY_NAMES = frozenset({"mean", "sd", "mcse", "median", "p2_5", "p97_5"})


def as_table(df: pd.DataFrame) -> pd.DataFrame:
    """Move a meaningful index (named, or not 0..n-1) into columns."""
    if isinstance(df.index, pd.RangeIndex) and df.index.name is None:
        return df
    return df.reset_index()


def _number_format(name: str, series: pd.Series) -> str | None:
    n = name.lower()
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return None
    if n.startswith(("p_", "prob_")) or n in ("probability", "share"):
        return SHARE_FORMAT
    if n in ("roi", "bcr") or n.endswith(("_roi", "_bcr")):
        return RATIO_FORMAT
    if n in ("discount_factor",):
        return "0.0000"
    if pd.api.types.is_integer_dtype(series) or n in ("t", "year", "age", "price_year", "draws"):
        return INT_FORMAT
    if n.startswith(("break_even", "original_price_year")):
        return INT_FORMAT
    if n in _MONEY_NAMES or any(w in n for w in _MONEY_WORDS):
        return SEK_FORMAT
    return None


def _cell_value(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float | np.floating):
        f = float(v)
        return None if math.isnan(f) or math.isinf(f) else f
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    if v is pd.NA or v is pd.NaT:
        return None
    return neutralise(v)


def write_frame(
    wb: Any,
    title: str,
    df: pd.DataFrame,
    formats: dict[str, str] | None = None,
    links: str | None = None,
    link_text: str | None = None,
    headers: list[str] | None = None,
) -> Any:
    """One sheet: header row (bold, frozen, filter), one row per DataFrame row;
    ``headers`` replaces the column names in the header row (words with units)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    if len(df) >= EXCEL_MAX_ROWS:
        raise OutputError(
            f"sheet {title!r}: {len(df)} rows do not fit in an Excel sheet "
            f"(at most {EXCEL_MAX_ROWS - 1} below the header)"
        )
    ws = wb.create_sheet(title)
    cols = [str(c) for c in df.columns]
    ws.append([neutralise(h) for h in (headers if headers is not None else cols)])
    fmts = {c: _number_format(c, df[c]) for c in cols}
    fmts.update(formats or {})
    for row in df.itertuples(index=False, name=None):
        ws.append([_cell_value(v) for v in row])
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="top")
    n = len(df)
    for j, c in enumerate(cols, start=1):
        letter = get_column_letter(j)
        fmt = fmts.get(c)
        if fmt and n:
            for (cell,) in ws.iter_rows(min_row=2, max_row=n + 1, min_col=j, max_col=j):
                cell.number_format = fmt
        head = headers[j - 1] if headers is not None else c
        sample = [len(head), *(len(str(v)) for v in df[c].head(200))]
        width = min(60, max(10, max(sample) + 2))
        if fmt == SEK_FORMAT:
            width = max(width, 14)
        ws.column_dimensions[letter].width = width
    if links is not None and links in cols and n:
        j = cols.index(link_text or links) + 1
        urls = df[links].tolist()
        for i, url in enumerate(urls, start=2):
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                cell = ws.cell(row=i, column=j)
                cell.hyperlink = url
                cell.font = Font(color="1F5FA8", underline="single")
    ws.freeze_panes = "B2"
    if n:
        ws.auto_filter.ref = ws.dimensions
    return ws


def new_workbook(path: str | Path) -> tuple[Any, Path]:
    """An empty openpyxl workbook and the checked ``.xlsx`` path to save it to."""
    try:
        from openpyxl import Workbook
    except ImportError as exc:
        raise ImportError("Excel output needs openpyxl: pip install 'socinv[excel]'") from exc
    p = Path(path)
    if p.suffix.lower() != ".xlsx":
        raise ValueError(f"{p}: an Excel workbook needs the suffix .xlsx")
    p.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    wb.remove(wb.active)
    return wb, p


#: the name used by earlier versions of this module
_write_frame = write_frame
