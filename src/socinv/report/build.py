"""Put a report together: run the sensitivity analyses on the compiled model
and write the HTML report (and optionally the Excel workbook) into a folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from socinv.errors import ParameterError
from socinv.formatting import count
from socinv.i18n import translator, use_lang
from socinv.report.excel import write_workbook
from socinv.report.html import write_html
from socinv.report.results import SensitivityResults
from socinv.scenarios.comparison import Comparison
from socinv.scenarios.exclusion import is_status_quo_alone
from socinv.sensitivity.parameters import Uncertainty


def run_sensitivity(
    cmp: Comparison,
    mc: int = 0,
    seed: int = 1,
    *,
    oneway: bool = True,
    unc: Uncertainty | None = None,
    lang: str = "en",
) -> SensitivityResults:
    """One-way (tornado) analysis of the comparison's model (ranges from the
    scenario's distributions, the catalogue's low/high or base -/+ a spread)
    and, if ``mc`` > 0, a Monte Carlo run of ``mc`` draws with ``seed``
    (distributions ``unc``, default: the scenario's and the catalogue's).

    Both run on the compiled model of ``cmp`` (:mod:`socinv.sensitivity`);
    the notes, parameter labels and warnings are written in ``lang``.
    """
    if mc < 0:
        raise ParameterError(f"mc must be a number of draws >= 0, got {mc}")
    from socinv.sensitivity import monte_carlo, one_way

    notes: list[str] = []
    tables = None
    _ = translator(lang)
    alone = is_status_quo_alone(cmp)
    if oneway and alone:
        notes.append(
            _("No intervention: the NPV is zero at every value, so there is no tornado of it.")
        )
    draws: pd.DataFrame | None = None
    summary: pd.DataFrame | None = None
    with use_lang(lang):  # labels and warnings the analyses word, in ``lang``
        tornado = one_way(cmp.model, unc) if oneway and not alone else None
        if mc > 0:
            from socinv.sensitivity.decision import uncertainty_tables

            res = monte_carlo(cmp.model, mc, seed, unc, keep_draws=True)
            draws, summary = res.npv, res.summary()
            tables = uncertainty_tables(cmp.model, res)
    if mc > 0:
        notes.append(_("Monte Carlo: {n} draws, seed {seed}.").format(n=count(mc, lang), seed=seed))
    return SensitivityResults(tornado, draws, summary, tuple(notes), tables)


def write_report(
    cmp: Comparison,
    out: str | Path,
    sens: SensitivityResults | None = None,
    *,
    xlsx: bool = False,
    stem: str | None = None,
    lang: str = "en",
    source: str | Path | None = None,
    seed: int | None = None,
    all_draws: bool = False,
) -> list[Path]:
    """Write ``<stem>.html`` (and ``<stem>.xlsx`` with ``xlsx``) into folder
    ``out``; ``stem`` defaults to the scenario's name; ``lang`` is the
    language of both; ``source``, ``seed`` and ``all_draws`` go to the
    workbook (:func:`write_workbook`). Returns the paths."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    name = stem or cmp.scenario.name
    paths = [write_html(cmp, folder / f"{name}.html", sens, lang=lang)]
    if xlsx:
        paths.append(
            write_workbook(
                cmp,
                folder / f"{name}.xlsx",
                sens,
                lang=lang,
                source=source,
                seed=seed,
                all_draws=all_draws,
            )
        )
    return paths


def render_report(
    scenario: Comparison | str | Path,
    *,
    lang: str = "en",
    mc: int = 0,
    seed: int = 1,
    oneway: bool = True,
) -> str:
    """The scenario report as one HTML page, from a comparison or a scenario
    file (``.yaml``, ``.json`` or ``.xlsx``), in ``lang``; ``mc`` draws of
    Monte Carlo with ``seed`` and the one-way analysis unless ``oneway`` is
    false. What ``socinv report`` writes, as a string (e.g. for a web page).

    Example:
        >>> page = render_report(
        ...     "data/scenarios/foster_care_school_support.yaml", lang="sv", oneway=False
        ... )
        >>> page.startswith("<!DOCTYPE html>") and 'lang="sv"' in page
        True
    """
    from socinv.report.html import render_html
    from socinv.scenarios.comparison import compare

    cmp = scenario if isinstance(scenario, Comparison) else compare(scenario)
    sens = run_sensitivity(cmp, mc=mc, seed=seed, oneway=oneway, lang=lang)
    return render_html(cmp, sens, lang=lang)
