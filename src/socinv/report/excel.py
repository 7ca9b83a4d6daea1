"""An Excel workbook of a comparison (openpyxl): the numbers behind the report,
for analysts who continue in Excel.

Sheets: About, Summary (per perspective), Who invests, Yearly, Streams,
Unit costs (with sources, links), Parameters, and — when given — Tornado,
Monte Carlo (summary) and Monte Carlo draws. Every sheet is a plain table:
one header row (frozen, with a filter), values as numbers with number formats
(SEK with thousands separators, ratios, shares). The numbers are exactly the
API's DataFrames (:meth:`Comparison.summary`, ``yearly``, ``streams``, ...);
missing values (e.g. ROI where nothing is invested) are empty cells.

Needs the ``excel`` extra: ``pip install 'socinv[excel]'``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from socinv import __version__
from socinv.errors import OutputError
from socinv.report.html import SensitivityResults
from socinv.report.plots import rate_text
from socinv.scenarios.comparison import Comparison
from socinv.scenarios.compile import Model
from socinv.writers import neutralise

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


def parameters_frame(model: Model) -> pd.DataFrame:
    """The compiled model's named parameters: name, base, lower, upper, unit,
    description (infinite bounds as ``inf``)."""
    return pd.DataFrame(
        [
            {
                "name": s.name,
                "base": s.base,
                "lower": s.lower,
                "upper": s.upper,
                "unit": s.unit,
                "description": s.description,
            }
            for s in model.params
        ]
    )


def mc_summary_frame(draws: pd.DataFrame) -> pd.DataFrame:
    """Per perspective (a column of ``draws``): mean, standard deviation, 5th,
    50th and 95th percentile of the NPV (SEK) and P(NPV > 0)."""
    rows = []
    for col in draws.columns:
        v = draws[col].to_numpy(dtype=float)
        p5, p50, p95 = np.percentile(v, [5, 50, 95])
        rows.append(
            {
                "perspective": str(col),
                "npv_mean": float(v.mean()),
                "npv_std": float(v.std(ddof=1)) if v.size > 1 else math.nan,
                "npv_p5": float(p5),
                "npv_p50": float(p50),
                "npv_p95": float(p95),
                "p_npv_positive": float(np.mean(v > 0)),
                "draws": int(v.size),
            }
        )
    return pd.DataFrame(rows)


def _as_table(df: pd.DataFrame) -> pd.DataFrame:
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


def _write_frame(
    wb: Any,
    title: str,
    df: pd.DataFrame,
    formats: dict[str, str] | None = None,
    links: str | None = None,
    link_text: str | None = None,
) -> Any:
    """One sheet: header row (bold, frozen, filter), one row per DataFrame row."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    if len(df) >= EXCEL_MAX_ROWS:
        raise OutputError(
            f"sheet {title!r}: {len(df)} rows do not fit in an Excel sheet "
            f"(at most {EXCEL_MAX_ROWS - 1} below the header)"
        )
    ws = wb.create_sheet(title)
    cols = [str(c) for c in df.columns]
    ws.append([neutralise(c) for c in cols])
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
        sample = [len(c), *(len(str(v)) for v in df[c].head(200))]
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


def _about(cmp: Comparison) -> pd.DataFrame:
    sc = cmp.scenario
    disc = sc.discounting
    base = disc.base_year if disc.base_year is not None else sc.start_year
    items = [
        ("Scenario", sc.title or sc.name),
        ("Scenario id", sc.name),
        ("Description", sc.description),
        ("Status quo", sc.status_quo.label or "status quo"),
        ("Intervention", sc.intervention.label or "intervention"),
        ("Cohort size (persons)", f"{sc.cohort_size:g}"),
        ("Ages", f"{sc.start_age}–{sc.end_age}"),
        ("Years", f"{sc.start_year}–{sc.start_year + sc.horizon_years - 1}"),
        ("Money", f"SEK in {sc.price_year} prices"),
        ("Discount rate", f"{rate_text(sc)} a year, {disc.convention.value}-of-year"),
        ("Present values in", str(base)),
        (
            "Sign convention",
            "Costs are positive for the payer that bears them. Savings = status quo minus "
            "intervention arm before the investment; NPV = savings minus investment "
            "(present values, columns ending in _disc).",
        ),
        ("Made with", f"socinv {__version__}"),
    ]
    return pd.DataFrame(items, columns=["field", "value"])


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


def write_workbook(
    cmp: Comparison, path: str | Path, sens: SensitivityResults | None = None
) -> Path:
    """Write the comparison (and sensitivity results, if any) as an .xlsx file."""
    wb, p = new_workbook(path)
    about = _write_frame(wb, "About", _about(cmp))
    about.column_dimensions["B"].width = 100
    _write_frame(wb, "Summary", cmp.summary().reset_index())
    _write_frame(wb, "Who invests", cmp.who_invests_who_gains().reset_index())
    _write_frame(wb, "Yearly", cmp.yearly())
    _write_frame(wb, "Streams", cmp.streams())
    _write_frame(
        wb,
        "Unit costs",
        cmp.unit_costs_used(),
        formats={"value_sek": SEK_FORMAT, "low_sek": SEK_FORMAT, "high_sek": SEK_FORMAT},
        links="url",
        link_text="source",
    )
    _write_frame(
        wb,
        "Parameters",
        parameters_frame(cmp.model),
        formats={"base": "General", "lower": "General", "upper": "General"},
    )
    if sens is not None:
        if sens.tornado is not None and not sens.tornado.empty:
            _write_frame(
                wb,
                "Tornado",
                sens.tornado,
                formats={"low": "General", "high": "General", "base_value": "General"},
            )
        if sens.mc_draws is not None and not sens.mc_draws.empty:
            summary = (
                _as_table(sens.mc_summary)
                if sens.mc_summary is not None and not sens.mc_summary.empty
                else mc_summary_frame(sens.mc_draws)
            )
            _write_frame(wb, "Monte Carlo", summary)
            if len(sens.mc_draws) <= MAX_DRAWS_SHEET:
                draws = sens.mc_draws.reset_index(drop=True)
                draws.insert(0, "draw", np.arange(len(draws)))
                _write_frame(
                    wb,
                    "Monte Carlo draws",
                    draws,
                    formats=dict.fromkeys([str(c) for c in sens.mc_draws.columns], SEK_FORMAT),
                )
            else:
                about.append(
                    [
                        "Monte Carlo draws",
                        f"{len(sens.mc_draws)} draws are more than the {MAX_DRAWS_SHEET} "
                        "written to a sheet; the summary covers all of them.",
                    ]
                )
        elif sens.mc_summary is not None and not sens.mc_summary.empty:
            _write_frame(wb, "Monte Carlo", _as_table(sens.mc_summary))
    wb.save(p)
    return p
