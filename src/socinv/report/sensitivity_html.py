"""The scenario report's sensitivity section: the one-way (tornado) table, the
Monte Carlo summary per perspective (from the run's summary or its draws) and
the account of the run (:mod:`socinv.report.uncertainty_html`). SEK in the
scenario's price year. Formatting only.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from socinv.payers import PERSPECTIVES
from socinv.report.blocks import Page, item_cell
from socinv.report.uncertainty_html import uncertainty_context
from socinv.scenarios.comparison import Comparison
from socinv.scenarios.compile import Model
from socinv.sensitivity.labels import lever_label
from socinv.sensitivity.results import SensitivityResults

__all__ = ["sensitivity_context", "tornado_labels"]


def tornado_labels(model: Model, tornado: pd.DataFrame, lang: str) -> dict[str, str]:
    """Each bar of a one-way table (by its ``parameter``) in words of ``lang``:
    :func:`~socinv.sensitivity.labels.lever_label` of its ``members`` where the
    table has them, else the model's description of the parameter."""
    desc = {q.name: q.description for q in model.params}
    if "members" not in tornado.columns:
        return {str(n): desc[str(n)] for n in tornado["parameter"] if str(n) in desc}
    return {
        str(n): lever_label(model, str(m).split(" + "), lang)
        for n, m in zip(tornado["parameter"], tornado["members"], strict=True)
    }


def _tornado_rows(cmp: Comparison, t: pd.DataFrame, p: Page) -> tuple[list[str], list[list[Any]]]:
    _, f = p._, p.f
    t = t[t["perspective"] == "society"]
    t = t.reindex(t["swing"].abs().sort_values(ascending=False).index).head(15)
    has_rule = "range_rule" in t.columns
    words = tornado_labels(cmp.model, t, p.lang)
    rows = []
    for rec in t.to_dict("records"):
        row: list[Any] = [
            item_cell(
                words.get(str(rec["parameter"]), ""), str(rec.get("members", rec["parameter"]))
            ),
            f.significant(rec["low"]),
            f.significant(rec["base_value"]),
            f.significant(rec["high"]),
            f.amount(rec["npv_low"]),
            f.amount(rec["npv_high"]),
            f.amount(rec["swing"]),
        ]
        if has_rule:
            row.append(_range_rule(str(rec["range_rule"]), p))
        rows.append(row)
    headers = [
        _("Parameter"),
        _("Low"),
        _("Base"),
        _("High"),
        _("NPV at low"),
        _("NPV at high"),
        _("Swing"),
    ]
    return headers + ([_("Range from")] if has_rule else []), rows


def _range_rule(rule: str, p: Page) -> str:
    """The one-way range rule in words of the page's language."""
    from socinv.sensitivity.oneway import range_rule_text

    return range_rule_text(rule, p.lang)


def _isnan_any(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _mc_columns(p: Page) -> dict[str, tuple[str, Callable[[Any], str]]]:
    """Column labels and formats of a Monte Carlo summary table."""
    _, f = p._, p.f
    return {
        "mean": (_("Mean NPV"), f.amount),
        "sd": (_("Standard deviation"), f.amount),
        "mcse": (_("MC standard error"), f.amount),
        "median": (_("Median"), f.amount),
        "p2_5": (_("2.5th percentile"), f.amount),
        "p97_5": (_("97.5th percentile"), f.amount),
        "prob_positive": (_("P(NPV > 0)"), f.share),
        "npv_base": (_("NPV at base values"), f.amount),
        "prob_break_even": (_("P(break-even)"), f.share),
        "break_even_median_year": (
            _("Median break-even year"),
            lambda v: "—" if _isnan_any(v) else str(v),
        ),
    }


#: Columns left out of the page to keep the table readable (they are in the workbook).
_MC_HIDDEN = frozenset({"sd", "mcse"})


def _mc_summary(summary: pd.DataFrame, p: Page) -> dict[str, Any]:
    s = summary.reset_index() if "perspective" not in summary.columns else summary
    columns = _mc_columns(p)
    known = [c for c in columns if c in s.columns and c not in _MC_HIDDEN]
    cols = known or [c for c in s.columns if c != "perspective"]
    headers = [p._("Perspective")] + [columns.get(str(c), (str(c), p.f.number))[0] for c in cols]
    rows = []
    for rec in s.to_dict("records"):
        row: list[Any] = [p.swatch(str(rec["perspective"]))]
        for c in cols:
            row.append(columns.get(str(c), (str(c), p.f.number))[1](rec[c]))
        rows.append(row)
    hidden = bool(known) and any(c in s.columns for c in _MC_HIDDEN)
    return {"headers": headers, "rows": rows, "hidden_note": hidden, "draws": None}


def _mc_from_draws(draws: pd.DataFrame, p: Page) -> dict[str, Any]:
    """Mean, percentiles and P(NPV > 0) per perspective, from the draws."""
    _, f = p._, p.f
    rows = []
    for persp in PERSPECTIVES:
        if persp.value not in draws.columns:
            continue
        v = draws[persp.value].to_numpy(dtype=float)
        lo, med, hi = np.percentile(v, [2.5, 50, 97.5])
        rows.append(
            [
                p.swatch(persp.value),
                f.amount(v.mean()),
                f.amount(lo),
                f.amount(med),
                f.amount(hi),
                f.share(np.mean(v > 0)),
            ]
        )
    headers = [
        _("Perspective"),
        _("Mean NPV"),
        _("2.5th percentile"),
        _("Median"),
        _("97.5th percentile"),
        _("P(NPV > 0)"),
    ]
    return {"headers": headers, "rows": rows, "hidden_note": False, "draws": f.count(len(draws))}


def sensitivity_context(
    cmp: Comparison, sens: SensitivityResults | None, p: Page
) -> dict[str, Any]:
    """What the sensitivity section shows (``{"run": False}`` without results)."""
    if sens is None:
        return {"run": False}
    out: dict[str, Any] = {"run": True, "notes": sens.notes, "tornado": None, "mc": None}
    if sens.tornado is not None and not sens.tornado.empty:
        headers, rows = _tornado_rows(cmp, sens.tornado, p)
        out["tornado"] = {"headers": headers, "rows": rows}
    has_draws = sens.mc_draws is not None and not sens.mc_draws.empty
    out["has_draws"] = has_draws
    if sens.mc_summary is not None and not sens.mc_summary.empty:
        out["mc"] = _mc_summary(sens.mc_summary, p)
    elif sens.mc_draws is not None and has_draws:
        out["mc"] = _mc_from_draws(sens.mc_draws, p)
    out["uncertainty"] = (
        uncertainty_context(sens.uncertainty, cmp.price_year, p, cmp.model)
        if sens.uncertainty is not None
        else None
    )
    return out
