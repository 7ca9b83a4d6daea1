"""An Excel workbook of a comparison (openpyxl): the numbers behind the report,
for analysts who continue in Excel, in English or Swedish.

Sheets: About (input file, run date, socinv version, price year, the discount
rate cell, seed and draws), a years-across sheet per payer with present values
as live formulas of the rate cell (:mod:`socinv.report.excel_budget`),
Present values (per perspective, formulas), Summary (per perspective), Who
invests, Yearly, Streams, Unit costs (with sources, links), Parameters, and —
when given — Tornado, Monte Carlo (summary), the Monte Carlo run's account
(parameters varied and held fixed, warnings, decision measures, payback:
:mod:`socinv.report.uncertainty_sheets`) and, on request, Monte Carlo
draws. Headers are words with units; the numbers are exactly the API's
DataFrames (:meth:`Comparison.summary`, ``yearly``, ``streams``, ...); missing
values (e.g. ROI where nothing is invested) are empty cells.

Needs the ``excel`` extra: ``pip install 'socinv[excel]'``.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from socinv import __version__
from socinv.discounting import cost_timing_text
from socinv.formatting import Formatter
from socinv.i18n import role_word, translator
from socinv.report.columns import cells_in_words, column_labels
from socinv.report.excel_budget import RATE_NAME, write_budget_sheets
from socinv.report.sensitivity_html import tornado_labels
from socinv.report.sheets import (
    EXCEL_MAX_ROWS,
    INT_FORMAT,
    MAX_DRAWS_SHEET,
    RATIO_FORMAT,
    SEK_FORMAT,
    SHARE_FORMAT,
    as_table,
    new_workbook,
    write_frame,
)
from socinv.report.uncertainty_sheets import write_uncertainty_sheets
from socinv.scenarios.comparison import Comparison
from socinv.scenarios.compile import Model
from socinv.sensitivity.results import SensitivityResults


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


def _about(
    cmp: Comparison,
    lang: str,
    source: str | Path | None,
    seed: int | None,
    draws: int | None,
    run_date: str | None,
) -> list[tuple[str, Any]]:
    _ = translator(lang)
    f = Formatter("sv" if lang == "sv" else "en")
    sc = cmp.scenario
    disc = sc.discounting
    base = disc.base_year if disc.base_year is not None else sc.start_year
    convention = {
        "end": _("end of year"),
        "mid": _("middle of year"),
        "start": _("start of year"),
    }.get(disc.convention.value, disc.convention.value)
    paid = cost_timing_text(sc.cost_timings, disc.convention, _)
    convention += f"; {paid}" if paid else ""
    when = run_date or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return [
        (_("Scenario"), sc.title or sc.name),
        (_("Scenario id"), sc.name),
        (_("Input file"), str(source) if source is not None else _("not given")),
        (_("Run date"), when),
        (_("socinv version"), __version__),
        (_("Description"), sc.description),
        (_("Status quo"), sc.status_quo.label or _("status quo")),
        (_("Intervention"), sc.intervention.label or _("intervention")),
        (_("Cohort size (persons)"), f.number(sc.cohort_size)),
        (_("Ages"), f"{sc.start_age}–{sc.end_age}"),
        (_("Years"), f"{sc.start_year}–{sc.start_year + sc.horizon_years - 1}"),
        (_("Price year"), int(sc.price_year)),
        (_("Money"), _("SEK in {year} prices").format(year=sc.price_year)),
        (_("Discount rate"), float(disc.rate)),
        (
            _("Discounting"),
            _("{convention}, present values in {year}").format(convention=convention, year=base),
        ),
        (_("Monte Carlo seed"), seed if seed is not None else _("not run")),
        (_("Monte Carlo draws"), draws if draws is not None else _("not run")),
        (
            _("Sign convention"),
            _(
                "Costs are positive for the payer that bears them. Savings = status quo minus "
                "intervention arm before the investment; NPV = savings minus investment."
            ),
        ),
    ]


def _write_about(wb: Any, items: list[tuple[str, Any]], lang: str) -> Any:
    """The About sheet; the discount-rate row's value becomes the named cell
    :data:`RATE_NAME` that every present-value formula reads."""
    from openpyxl.workbook.defined_name import DefinedName

    _ = translator(lang)
    df = pd.DataFrame(items, columns=["field", "value"])
    ws = write_frame(wb, _("About"), df, headers=column_labels(df.columns, lang))
    ws.column_dimensions["B"].width = 100
    rate_label = _("Discount rate")
    row = 2 + [k for k, _v in items].index(rate_label)
    cell = ws.cell(row=row, column=2)
    cell.number_format = "0.0%"
    ref = f"'{ws.title}'!$B${row}"
    wb.defined_names[RATE_NAME] = DefinedName(RATE_NAME, attr_text=ref)
    return ws


def _table(
    wb: Any,
    title: str,
    df: pd.DataFrame,
    lang: str,
    **kw: Any,
) -> Any:
    """A data sheet with headers in words; in Swedish the payer names, roles
    and one-way range rules too."""
    from socinv.sensitivity.oneway import range_rule_text

    df = cells_in_words(df, lang, {"role": role_word, "range_rule": range_rule_text})
    return write_frame(wb, title, df, headers=column_labels(df.columns, lang), **kw)


def write_workbook(
    cmp: Comparison,
    path: str | Path,
    sens: SensitivityResults | None = None,
    *,
    lang: str = "en",
    source: str | Path | None = None,
    seed: int | None = None,
    all_draws: bool = False,
    run_date: str | None = None,
) -> Path:
    """Write the comparison (and sensitivity results, if any) as an .xlsx file
    in ``lang``; ``source`` (the input file), ``seed`` and the run date are
    stated on the About sheet. Monte Carlo draws are summarised; with
    ``all_draws`` every draw gets a row too (up to :data:`MAX_DRAWS_SHEET`)."""
    from socinv.formatting import check_lang

    _ = translator(check_lang(lang))
    wb, p = new_workbook(path)
    draws = None if sens is None or sens.mc_draws is None else len(sens.mc_draws)
    about = _write_about(wb, _about(cmp, lang, source, seed, draws, run_date), lang)
    write_budget_sheets(wb, cmp, lang)
    _table(wb, _("Summary"), cmp.summary().reset_index(), lang)
    _table(wb, _("Who invests"), cmp.who_invests_who_gains().reset_index(), lang)
    _table(wb, _("Yearly"), cmp.yearly(), lang)
    _table(wb, _("Streams"), cmp.streams(), lang)
    _table(
        wb,
        _("Unit costs"),
        cmp.unit_costs_used(),
        lang,
        formats={"value_sek": SEK_FORMAT, "low_sek": SEK_FORMAT, "high_sek": SEK_FORMAT},
        links="url",
        link_text="source",
    )
    _table(
        wb,
        _("Parameters"),
        parameters_frame(cmp.model),
        lang,
        formats={"base": "General", "lower": "General", "upper": "General"},
    )
    if sens is not None:
        if sens.tornado is not None and not sens.tornado.empty:
            tornado = sens.tornado
            if "label" in tornado.columns:  # the bars in words of the workbook
                words = tornado_labels(cmp.model, tornado, lang)
                tornado = tornado.assign(
                    label=[words.get(str(n), "") for n in tornado["parameter"]]
                )
            _table(
                wb,
                _("Tornado"),
                tornado,
                lang,
                formats={"low": "General", "high": "General", "base_value": "General"},
            )
        if sens.mc_draws is not None and not sens.mc_draws.empty:
            summary = (
                as_table(sens.mc_summary)
                if sens.mc_summary is not None and not sens.mc_summary.empty
                else mc_summary_frame(sens.mc_draws)
            )
            _table(wb, _("Monte Carlo"), summary, lang)
            if not all_draws:
                about.append(
                    [
                        _("Monte Carlo draws"),
                        _("summarised on the Monte Carlo sheet (every draw: --all-draws)"),
                    ]
                )
            elif len(sens.mc_draws) <= MAX_DRAWS_SHEET:
                frame = sens.mc_draws.reset_index(drop=True)
                frame.insert(0, "draw", np.arange(len(frame)))
                _table(
                    wb,
                    _("Monte Carlo draws"),
                    frame,
                    lang,
                    formats=dict.fromkeys([str(c) for c in sens.mc_draws.columns], SEK_FORMAT),
                )
            else:
                about.append(
                    [
                        _("Monte Carlo draws"),
                        _(
                            "{n} draws are more than the {most} written to a sheet; the summary "
                            "covers all of them."
                        ).format(n=len(sens.mc_draws), most=MAX_DRAWS_SHEET),
                    ]
                )
        elif sens.mc_summary is not None and not sens.mc_summary.empty:
            _table(wb, _("Monte Carlo"), as_table(sens.mc_summary), lang)
        if sens.uncertainty is not None:
            write_uncertainty_sheets(wb, sens.uncertainty, lang, cmp.model)
    wb.save(p)
    return p


def workbook_bytes(cmp: Comparison, sens: SensitivityResults | None = None, **kw: Any) -> bytes:
    """The workbook of :func:`write_workbook` as bytes (for a download)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(cmp, Path(tmp) / "socinv.xlsx", sens, **kw)
        return path.read_bytes()


__all__ = [
    "EXCEL_MAX_ROWS",
    "INT_FORMAT",
    "MAX_DRAWS_SHEET",
    "RATIO_FORMAT",
    "SEK_FORMAT",
    "SHARE_FORMAT",
    "mc_summary_frame",
    "parameters_frame",
    "workbook_bytes",
    "write_workbook",
]
