"""The follow-up section of a report and workbook: a forecast-vs-outcome
chart per payer (matplotlib), the bokslut tables rendered through the Jinja2
templates ``followup_section.html`` and ``followup_page.html``, and workbook
sheets, in English or Swedish. Formats only; every figure comes from
:class:`~socinv.followup.bokslut.Bokslut` and the update.

Needs the ``plot`` extra (matplotlib) for the charts, ``excel`` (openpyxl)
for the workbook and Jinja2 for the HTML.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from socinv.followup.bokslut import Bokslut, bokslut
from socinv.formatting import check_lang
from socinv.i18n import payer_word, translator, use_lang
from socinv.report.blocks import Markup, Page, environment, render_page
from socinv.report.columns import column_labels
from socinv.scenarios.compile import Model

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

CHART_PAYERS = ("municipality", "region", "state")


def _texts(lang: str) -> dict[str, str]:
    """The section's framing texts in ``lang`` (gettext, see :mod:`socinv.i18n`)."""
    _ = translator(lang)
    return {
        "title": _("Follow-up: forecast against outcome (socioekonomiskt bokslut)"),
        "years": _("Observed years"),
        "baseline": _("savings measured against the"),
        "money": _("SEK in {year} prices, undiscounted."),
        "chart": _("Forecast against outcome"),
        "by_payer": _("Participants per year and payer"),
        "variance": _("Variance by episode (volume and unit cost)"),
        "effects": _("Effects updated from the data"),
        "remaining": _("Savings to the horizon"),
        "note": _(
            "Observed counts are priced with the scenario's catalogue and cost formula. "
            "Volume + unit cost = total variance. The update counts persons, not person-years: "
            "a group followed for several years weighs as the persons in it."
        ),
        "cost_fc": _("forecast cost"),
        "cost_obs": _("observed cost"),
        "sav_fc": _("forecast savings"),
        "sav_obs": _("realised savings"),
        "axis": _("MSEK ({year} prices)"),
    }


def _baseline(name: str, lang: str) -> str:
    """What the participants' savings are measured against, in ``lang``."""
    _ = translator(lang)
    return {
        "comparison group": _("comparison group"),
        "forecast status quo": _("forecast status quo"),
    }.get(name, name)


def plot_forecast_vs_outcome(b: Bokslut, payer: str, lang: str = "en") -> Figure:
    """Bars: the participants' forecast and observed cost per observed year;
    lines: forecast and realised savings (SEK, price year) for one payer."""
    from socinv.report.plots import PALETTE, _figure, _style, payer_label

    t = _texts(lang)
    df = b.by_payer()
    df = df[df["payer"] == payer].sort_values("year")
    years = df["year"].to_numpy(dtype=float)
    with use_lang(lang), _style():
        fig, axes = _figure(figsize=(9.0, 5.0))
        ax = axes[0, 0]
        colour = PALETTE.get(payer, "#1f5fa8")
        ax.bar(years - 0.2, df["forecast_sek"] / 1e6, 0.4, color="#bbbbbb", label=t["cost_fc"])
        ax.bar(years + 0.2, df["observed_sek"] / 1e6, 0.4, color=colour, label=t["cost_obs"])
        ax.plot(years, df["forecast_savings_sek"] / 1e6, "o--", color="#555555", label=t["sav_fc"])
        ax.plot(years, df["realised_savings_sek"] / 1e6, "o-", color="#c0392b", label=t["sav_obs"])
        ax.set_xticks(years)
        ax.set_xticklabels([str(int(y)) for y in years])
        ax.set_ylabel(t["axis"].format(year=b.price_year))
        ax.set_title(f"{t['chart']}: {payer_label(payer)}")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=4, frameon=False)
    return fig


@dataclass(frozen=True)
class _Table:
    headers: list[str]
    rows: list[list[str]]
    text_columns: int


def _table(df: pd.DataFrame, text_columns: int, p: Page) -> _Table:
    """Headers in words, money as amounts, other numbers with 3 significant
    digits, payer names in the page's language."""
    rows = []
    for rec in df.to_dict("records"):
        cells = []
        for k, v in rec.items():
            if isinstance(v, float) and str(k).endswith("_sek"):
                cells.append(p.f.amount(v))
            elif isinstance(v, float):
                cells.append(p.f.significant(v, 3))
            elif k in ("payer", "perspective"):
                cells.append(p.payer(str(v)))
            else:
                cells.append(str(v))
        rows.append(cells)
    return _Table(column_labels(df.columns, p.lang), rows, text_columns)


def followup_tables(
    b: Bokslut, effects: pd.DataFrame, remaining: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The follow-up tables under a sheet/section title, in reading order."""
    return {
        "Follow-up by payer": b.by_payer(),
        "Follow-up costs": b.costs(),
        "Follow-up savings": b.savings(),
        "Follow-up variance": b.variance(),
        "Follow-up effects": effects,
        "Follow-up remaining": remaining,
    }


def render_followup_section(
    b: Bokslut, effects: pd.DataFrame, remaining: pd.DataFrame, *, lang: str = "en"
) -> str:
    """The follow-up section (an HTML fragment) from the Jinja2 template.

    Example:
        >>> import socinv
        >>> from socinv.followup import bokslut, load_outcomes, reforecast, update_effects
        >>> model = socinv.compile_scenario(
        ...     socinv.load_scenario("data/contracts/norrkoping_hvb_scenario.yaml"))
        >>> obs = load_outcomes("data/followup/norrkoping_followup_example.csv", model)
        >>> b = bokslut(model, obs)
        >>> up = update_effects(model, b.observed)
        >>> html = render_followup_section(b, up.table(), reforecast(b, up), lang="sv")
        >>> html.startswith('<section class="followup"'), html.count("<img")
        (True, 2)
    """
    from socinv.report.plots import figure_png

    page = Page(check_lang(lang))
    t = _texts(page.lang)
    t["money"] = t["money"].format(year=b.price_year)
    bp = b.by_payer()
    charts = []
    for p in CHART_PAYERS:
        sel = bp[bp["payer"] == p]
        cols = ["forecast_sek", "observed_sek", "forecast_savings_sek", "realised_savings_sek"]
        if np.abs(sel[cols].to_numpy()).sum() > 0.5:
            png = figure_png(plot_forecast_vs_outcome(b, p, page.lang))
            charts.append((page.payer(p), base64.b64encode(png).decode("ascii")))
    shown = bp[bp["payer"].isin([*CHART_PAYERS, "public", "society"])].drop(columns="price_year")
    v = b.variance().drop(columns="price_year")
    eff = (
        effects.loc[
            :, ["parameter", "method", "prior_form", "prior_mean", "posterior_mean", "posterior_sd"]
        ]
        if len(effects)
        else pd.DataFrame({"parameter": ["—"]})
    )
    tables = [
        (t["by_payer"], _table(shown, 2, page)),
        (t["variance"], _table(v, 3, page)),
        (t["effects"], _table(eff, 3, page)),
        (t["remaining"], _table(remaining.drop(columns="price_year"), 1, page)),
    ]
    sav = b.savings()
    tpl = environment(page.lang).get_template("followup_section.html")
    return tpl.render(
        t=t,
        first_year=min(b.years),
        last_year=max(b.years),
        baseline=_baseline(str(sav["baseline"].iloc[0]), page.lang) if len(sav) else "—",
        charts=charts,
        tables=tables,
    )


def write_followup_html(
    path: str | Path,
    b: Bokslut,
    effects: pd.DataFrame,
    remaining: pd.DataFrame,
    *,
    lang: str = "en",
) -> Path:
    """A self-contained page with the follow-up section, in ``lang``."""
    section = render_followup_section(b, effects, remaining, lang=lang)
    sc = b.model.scenario
    html = render_page(
        "followup_page.html",
        lang,
        title=f"{_texts(lang)['title']} — {sc.title or sc.name}",
        section=Markup(section),
    )
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(html, encoding="utf-8")
    return p


def _sheet_titles(lang: str) -> dict[str, str]:
    _ = translator(lang)
    return {
        "Follow-up by payer": _("Follow-up by payer"),
        "Follow-up costs": _("Follow-up costs"),
        "Follow-up savings": _("Follow-up savings"),
        "Follow-up variance": _("Follow-up variance"),
        "Follow-up effects": _("Follow-up effects"),
        "Follow-up remaining": _("Follow-up remaining"),
    }


def _write_sheets(wb: Any, tables: Mapping[str, pd.DataFrame], lang: str) -> None:
    """One sheet per table: the title and the headers in words in ``lang``,
    payer names too; the figures as given (SEK formats)."""
    from socinv.report.sheets import write_frame

    titles = _sheet_titles(lang)
    for title, df in tables.items():
        if lang != "en":
            df = df.copy()
            for c in ("payer", "perspective"):
                if c in df.columns:
                    df[c] = [payer_word(str(v), lang) for v in df[c]]
        write_frame(wb, titles.get(title, title)[:31], df, headers=column_labels(df.columns, lang))


def write_followup_workbook(
    path: str | Path, tables: Mapping[str, pd.DataFrame], *, lang: str = "en"
) -> Path:
    """An Excel workbook with one sheet per follow-up table (SEK formats),
    sheet names and headers in ``lang``."""
    from socinv.report.sheets import new_workbook

    wb, p = new_workbook(path)
    _write_sheets(wb, tables, lang)
    wb.save(p)
    return p


@dataclass(frozen=True)
class FollowupDocs:
    """A validated follow-up ready to be added to a report (see
    :func:`prepare_followup`)."""

    bokslut: Bokslut
    effects: pd.DataFrame
    remaining: pd.DataFrame


def prepare_followup(model: Model, outcomes: str | Path) -> FollowupDocs:
    """Read and validate a follow-up file of ``model``'s scenario and compute
    the bokslut, the updated effects and the remaining forecast — before
    anything is written, so a bad file leaves no partial report."""
    from socinv.followup.outcomes import load_outcomes
    from socinv.followup.update import reforecast, update_effects

    b = bokslut(model, load_outcomes(outcomes, model))
    up = update_effects(model, b.observed)
    return FollowupDocs(b, up.table(), reforecast(b, up))


#: where the section goes in a written page: before the footer, else the end of
#: the main part, else the end of the body
_ANCHORS = ("<footer", "</main>", "</body>")


def add_followup_section(paths: list[Path], docs: FollowupDocs, *, lang: str = "en") -> list[Path]:
    """Add the follow-up to a written report: the section before the end of
    each ``.html`` page, the follow-up sheets to each ``.xlsx`` workbook.
    Returns the paths it changed."""
    b, effects, remaining = docs.bokslut, docs.effects, docs.remaining
    changed = []
    for p in paths:
        if p.suffix == ".html":
            html = p.read_text(encoding="utf-8")
            section = render_followup_section(b, effects, remaining, lang=lang)
            at = next((i for i in map(html.rfind, _ANCHORS) if i >= 0), -1)
            html = html + section if at < 0 else html[:at] + section + html[at:]
            p.write_text(html, encoding="utf-8")
            changed.append(p)
        elif p.suffix == ".xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(p)
            _write_sheets(wb, followup_tables(b, effects, remaining), lang)
            wb.save(p)
            changed.append(p)
    return changed
