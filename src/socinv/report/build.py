"""Put a report together: run the sensitivity analyses on the compiled model
and write the HTML report (and optionally the Excel workbook) into a folder."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pandas as pd

from socinv.report.excel import write_workbook
from socinv.report.html import SensitivityResults, write_html
from socinv.scenarios.comparison import Comparison


def _sensitivity_api() -> Any | None:
    try:
        return importlib.import_module("socinv.sensitivity")
    except ImportError:  # pragma: no cover - the package ships with socinv
        return None


def run_sensitivity(cmp: Comparison, mc: int = 0, seed: int = 1) -> SensitivityResults:
    """One-way (tornado) analysis of the comparison's model (ranges from the
    scenario's distributions, the catalogue's low/high or base -/+ a spread)
    and, if ``mc`` > 0, a Monte Carlo run of ``mc`` draws with ``seed``.

    Uses :mod:`socinv.sensitivity`; a part it does not provide is left out
    and named in the result's ``notes``.
    """
    if mc < 0:
        raise ValueError(f"mc must be a number of draws >= 0, got {mc}")
    api = _sensitivity_api()
    notes: list[str] = []
    tornado: pd.DataFrame | None = None
    draws: pd.DataFrame | None = None
    summary: pd.DataFrame | None = None
    one_way = getattr(api, "one_way", None)
    if one_way is None:
        notes.append("One-way sensitivity is not available in this version of socinv.")
    else:
        tornado = _frame(one_way(cmp.model))
    if mc > 0:
        monte_carlo = getattr(api, "monte_carlo", None)
        if monte_carlo is None:
            notes.append("Monte Carlo is not available in this version of socinv.")
        else:
            res = monte_carlo(cmp.model, mc, seed=seed)
            draws = _frame(getattr(res, "npv", res))
            s = getattr(res, "summary", None)
            summary = _frame(s() if callable(s) else s) if s is not None else None
            n_text = f"{mc:,}".replace(",", " ")
            notes.append(f"Monte Carlo: {n_text} draws, seed {seed}.")
    return SensitivityResults(tornado, draws, summary, tuple(notes))


def _frame(x: Any) -> pd.DataFrame:
    if isinstance(x, pd.DataFrame):
        return x
    if callable(x):
        return _frame(x())
    raise TypeError(f"expected a DataFrame from socinv.sensitivity, got {type(x).__name__}")


def write_report(
    cmp: Comparison,
    out: str | Path,
    sens: SensitivityResults | None = None,
    *,
    xlsx: bool = False,
    stem: str | None = None,
) -> list[Path]:
    """Write ``<stem>.html`` (and ``<stem>.xlsx`` with ``xlsx``) into folder
    ``out``; ``stem`` defaults to the scenario's name. Returns the paths."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    name = stem or cmp.scenario.name
    paths = [write_html(cmp, folder / f"{name}.html", sens)]
    if xlsx:
        paths.append(write_workbook(cmp, folder / f"{name}.xlsx", sens))
    return paths
