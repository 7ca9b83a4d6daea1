"""Write the report of a file with several interventions: the overview page
``<name>.html`` (and workbook ``<name>.xlsx`` with a comparison sheet) and
one full report per intervention, ``<name>_<id>.html`` (and ``.xlsx``).
Money: SEK in the scenario's price year, present values."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from socinv.i18n import payer_word, translator
from socinv.payers import PERSPECTIVES
from socinv.report.alternatives_page import write_alternatives_html
from socinv.report.build import run_sensitivity, write_report
from socinv.report.columns import column_label
from socinv.report.excel import _about, _write_about
from socinv.report.sheets import new_workbook, write_frame
from socinv.scenarios.alternatives import Alternatives
from socinv.sensitivity.alternatives_mc import AlternativesMonteCarlo


def _break_even_year(alts: Alternatives, aid: str, perspective: str) -> int | None:
    rows = alts.comparisons[aid].summary_rows
    year: int | None = next(r for r in rows if r["perspective"] == perspective)["break_even_year"]
    return year


def comparison_frame(alts: Alternatives) -> pd.DataFrame:
    """Every intervention for every perspective: ``perspective, rank,
    alternative, label, invests_disc, savings_disc, npv, npv_undiscounted,
    roi, bcr, break_even_year`` (calendar year, <NA> never), from
    :meth:`Alternatives.ranking` and each comparison's summary."""
    parts = []
    for persp in (p.value for p in PERSPECTIVES):
        r = alts.ranking(persp)
        years = [_break_even_year(alts, str(a), persp) for a in r.index]
        r["break_even_year"] = pd.array(years, dtype="Int64")
        r = r.reset_index()
        r.insert(0, "perspective", persp)
        parts.append(r)
    df = pd.concat(parts, ignore_index=True)
    cols = ["perspective", "rank", "alternative", "label"]
    return df[cols + [c for c in df.columns if c not in cols]]


def write_alternatives_workbook(
    alts: Alternatives,
    path: str | Path,
    mc: AlternativesMonteCarlo | None = None,
    *,
    lang: str = "en",
    source: str | Path | None = None,
) -> Path:
    """A workbook in ``lang``: About (settings, input file, seed), the
    comparison sheet and, with ``mc``, the Monte Carlo summary and the choice."""
    _ = translator(lang)
    wb, p = new_workbook(path)
    first = next(iter(alts.comparisons.values()))
    seed, draws = (None, None) if mc is None else (mc.seed, mc.n)
    about = _about(first, lang, source, seed, draws, None)
    names = ", ".join(alts.comparisons)
    about = [(k, names) if k == _("Intervention") else (k, v) for k, v in about]
    _write_about(wb, about, lang)
    frames = [(_("Comparison"), comparison_frame(alts))]
    if mc is not None:
        frames += [(_("Monte Carlo"), mc.summary()), (_("Choice"), mc.decision())]
    for title, df in frames:
        if lang == "sv":
            df = df.assign(perspective=[payer_word(str(v), lang) for v in df["perspective"]])
        write_frame(wb, title, df, headers=[_column(str(c), lang) for c in df.columns])
    wb.save(p)
    return p


def _column(name: str, lang: str) -> str:
    _ = translator(lang)
    own = {
        "rank": _("Rank"),
        "alternative": _("Intervention"),
        "label": _("Label"),
        "mean": _("mean"),
        "median": _("median"),
        "p2_5": "2.5 %" if lang == "en" else "2,5 %",
        "p97_5": "97.5 %" if lang == "en" else "97,5 %",
        "prob_positive": _("P(NPV>0)"),
        "prob_best": _("P(best)"),
        "prob_status_quo_best": _("P(no intervention is best)"),
        "best_on_average": _("Best on average"),
        "evpi": _("EVPI"),
    }
    return own.get(name) or column_label(name, lang)


def write_alternatives_report(
    alts: Alternatives,
    out: str | Path,
    *,
    mc: AlternativesMonteCarlo | None = None,
    oneway: bool = True,
    xlsx: bool = False,
    lang: str = "en",
    source: str | Path | None = None,
) -> list[Path]:
    """Write the overview and every intervention's report into folder ``out``;
    each intervention's own report carries its one-way analysis (unless
    ``oneway`` is false), the Monte Carlo comparison (``mc``) is on the
    overview. Returns the paths, the overview first."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    name = next(iter(alts.comparisons.values())).scenario.name
    _ = translator(lang)
    own: list[Path] = []
    links: dict[str, str] = {}
    for aid, cmp in alts.comparisons.items():
        sens = run_sensitivity(cmp, oneway=oneway, lang=lang)
        if not oneway:
            note = _("One-way sensitivity left out (--no-sensitivity).")
            sens = dataclasses.replace(sens, notes=(*sens.notes, note))
        if mc is not None:
            note = _("The Monte Carlo comparison of all interventions is on the overview page.")
            sens = dataclasses.replace(sens, notes=(*sens.notes, note))
        stem = f"{name}_{aid}"
        own += write_report(cmp, folder, sens, xlsx=xlsx, stem=stem, lang=lang, source=source)
        links[aid] = f"{stem}.html"
    paths = [write_alternatives_html(alts, folder / f"{name}.html", lang=lang, links=links, mc=mc)]
    if xlsx:
        book = folder / f"{name}.xlsx"
        paths.append(write_alternatives_workbook(alts, book, mc, lang=lang, source=source))
    return paths + own


__all__ = ["comparison_frame", "write_alternatives_report", "write_alternatives_workbook"]
