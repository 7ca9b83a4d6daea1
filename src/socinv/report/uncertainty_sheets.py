"""The workbook sheets of a Monte Carlo run's account
(:class:`~socinv.sensitivity.decision.UncertaintyTables`): parameters varied
and held fixed, warnings, decision measures (EVPI, EVPPI), the payback curve
and, for a scenario without an intervention, the status quo's cost — with
sheet names and headers in words, in English or Swedish. Formatting only.

Needs the ``excel`` extra: ``pip install 'socinv[excel]'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from socinv.i18n import translator
from socinv.report.columns import cells_in_words, column_label
from socinv.report.sheets import SEK_FORMAT, SHARE_FORMAT, write_frame
from socinv.report.uncertainty_html import reworded, warning_texts
from socinv.scenarios.compile import Model
from socinv.sensitivity.decision import UncertaintyTables, parameter_sheets
from socinv.sensitivity.fixed import fixed_reason
from socinv.sensitivity.parameters import source_text
from socinv.sensitivity.voi import group_text

if TYPE_CHECKING:  # pragma: no cover
    from socinv.contracts.evaluate import ContractResult


def _titles(lang: str) -> dict[str, str]:
    """Sheet names (at most 31 characters) by the key of
    :meth:`UncertaintyTables.sheets`."""
    _ = translator(lang)
    return {
        "MC varied": _("MC varied"),
        "MC held fixed": _("MC held fixed"),
        "MC warnings": _("MC warnings"),
        "MC status quo cost": _("MC status quo cost"),
        "MC decision": _("MC decision"),
        "MC EVPPI": _("MC EVPPI"),
        "MC payback": _("MC payback"),
    }


def _headers(sheet: str, lang: str) -> dict[str, str]:
    """Headers of the columns whose meaning depends on the sheet."""
    _ = translator(lang)
    if sheet == "MC varied":
        return {
            "name": _("Parameter id"),
            "label": _("Parameter"),
            "distribution": _("Distribution"),
            "mean": _("Mean of the distribution"),
            "source": _("Distribution from"),
        }
    if sheet == "MC held fixed":
        return {
            "name": _("Parameter id"),
            "label": _("Parameter"),
            "value": _("Value held"),
            "reason": _("Why held fixed"),
            "invented": _("Entered or assumed (no published range)"),
        }
    if sheet == "MC warnings":
        return {"warning": _("Warning")}
    if sheet == "MC status quo cost":
        return {
            "mean": _("Mean cost, present value (SEK)"),
            "p2_5": _("2.5th percentile (SEK)"),
            "median": _("Median cost, present value (SEK)"),
            "p97_5": _("97.5th percentile (SEK)"),
            "base": _("Cost at base values (SEK)"),
        }
    return {
        "prob_invest_best": _("P(investing is better)"),
        "expected_npv": _("Expected NPV (SEK)"),
        "evpi": _("EVPI (SEK)"),
        "group": _("Parameter group"),
        "parameters": _("Parameters"),
        "evppi": _("EVPPI (SEK)"),
        "share_of_evpi": _("Share of EVPI"),
        "prob_paid_back": _("P(paid back)"),
        "band_low": _("95 % band, low"),
        "band_high": _("95 % band, high"),
    }


_FORMATS: dict[str, dict[str, str]] = {
    "MC varied": {"mean": "General"},
    "MC held fixed": {"value": "General"},
    "MC status quo cost": dict.fromkeys(("mean", "p2_5", "median", "p97_5", "base"), SEK_FORMAT),
    "MC decision": {"expected_npv": SEK_FORMAT, "evpi": SEK_FORMAT},
    "MC EVPPI": {"evppi": SEK_FORMAT, "evpi": SEK_FORMAT, "share_of_evpi": SHARE_FORMAT},
    "MC payback": {"band_low": SHARE_FORMAT, "band_high": SHARE_FORMAT},
}


def write_uncertainty_sheets(
    wb: Any, tables: UncertaintyTables, lang: str = "en", model: Model | None = None
) -> list[Any]:
    """Add the sheets of ``tables`` to the openpyxl workbook ``wb`` in
    ``lang`` (parameter names and warnings worded from ``model`` if given);
    returns the sheets written."""
    sheets = tables.sheets()
    sheets.update(
        parameter_sheets(
            reworded(tables.varied, model, lang),
            reworded(tables.fixed, model, lang),
            warning_texts(tables.warnings, tables.hinges, model, lang),
        )
    )
    return _write_sheets(wb, sheets, lang)


def write_parameter_sheets(wb: Any, result: ContractResult, lang: str = "en") -> list[Any]:
    """Add the sheets of the scenario parameters a contract's Monte Carlo run
    varied and held fixed, and its warnings, to ``wb`` in ``lang`` (the
    scenario workbook's sheets); nothing without a scenario."""
    unc = result.uncertainty
    if unc is None:
        return []
    sheets = parameter_sheets(
        reworded(result.varied(), result.model, lang),
        reworded(result.fixed(), result.model, lang),
        warning_texts(unc.warnings, unc.hinges, result.model, lang),
    )
    return _write_sheets(wb, sheets, lang)


def _write_sheets(wb: Any, sheets: dict[str, pd.DataFrame], lang: str) -> list[Any]:
    titles = _titles(lang)
    out = []
    for key, frame in sheets.items():
        df = cells_in_words(
            frame, lang, {"reason": fixed_reason, "group": group_text, "source": source_text}
        )
        named = _headers(key, lang)
        headers = [named.get(str(c)) or column_label(str(c), lang) for c in df.columns]
        out.append(
            write_frame(
                wb, titles.get(key, key)[:31], df, formats=_FORMATS.get(key), headers=headers
            )
        )
    return out
