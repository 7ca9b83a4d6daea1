"""The follow-up section of a report and workbook: a forecast-vs-outcome
chart per payer (matplotlib), the bokslut tables rendered through a Jinja2
template, and workbook sheets. Formats only; every figure comes from
:class:`~socinv.followup.bokslut.Bokslut` and the update.

Needs the ``plot`` extra (matplotlib) for the charts, ``excel`` (openpyxl)
for the workbook and Jinja2 for the HTML.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from socinv.followup.bokslut import Bokslut, bokslut
from socinv.formatting import sek
from socinv.scenarios.compile import Model

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

TEMPLATES = Path(__file__).resolve().parent.parent / "report" / "templates"
CHART_PAYERS = ("municipality", "region", "state")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Follow-up: forecast against outcome (socioekonomiskt bokslut)",
        "years": "Observed years",
        "baseline": "savings measured against the",
        "money": "SEK in {py} prices, undiscounted.",
        "chart": "Forecast against outcome",
        "by_payer": "Participants per year and payer",
        "variance": "Variance by episode (volume and unit cost)",
        "effects": "Effects updated from the data",
        "remaining": "Savings to the horizon",
        "note": "Observed counts are priced with the scenario's catalogue and cost formula. "
        "Volume + unit cost = total variance. Posterior sd treats years as independent trials.",
        "cost_fc": "forecast cost",
        "cost_obs": "observed cost",
        "sav_fc": "forecast savings",
        "sav_obs": "realised savings",
    },
    "sv": {
        "title": "Uppföljning: prognos mot utfall (socioekonomiskt bokslut)",
        "years": "Observerade år",
        "baseline": "besparingar mätta mot",
        "money": "Kronor i {py} års priser, odiskonterade.",
        "chart": "Prognos mot utfall",
        "by_payer": "Deltagare per år och betalare",
        "variance": "Avvikelse per insats (volym och styckkostnad)",
        "effects": "Effekter uppdaterade med data",
        "remaining": "Besparingar till horisonten",
        "note": "Observerade antal prissätts med scenariots katalog och kostnadsformel. "
        "Volym + styckkostnad = total avvikelse. Posteriorns sd behandlar åren som "
        "oberoende försök.",
        "cost_fc": "kostnad prognos",
        "cost_obs": "kostnad utfall",
        "sav_fc": "besparing prognos",
        "sav_obs": "besparing utfall",
    },
}


def plot_forecast_vs_outcome(b: Bokslut, payer: str, lang: str = "en") -> Figure:
    """Bars: the participants' forecast and observed cost per observed year;
    lines: forecast and realised savings (SEK, price year) for one payer."""
    from socinv.report.plots import PALETTE, _figure, _style, payer_label

    t = TEXT[lang]
    df = b.by_payer()
    df = df[df["payer"] == payer].sort_values("year")
    years = df["year"].to_numpy(dtype=float)
    with _style():
        fig, axes = _figure(figsize=(9.0, 5.0))
        ax = axes[0, 0]
        colour = PALETTE.get(payer, "#1f5fa8")
        ax.bar(years - 0.2, df["forecast_sek"] / 1e6, 0.4, color="#bbbbbb", label=t["cost_fc"])
        ax.bar(years + 0.2, df["observed_sek"] / 1e6, 0.4, color=colour, label=t["cost_obs"])
        ax.plot(years, df["forecast_savings_sek"] / 1e6, "o--", color="#555555", label=t["sav_fc"])
        ax.plot(years, df["realised_savings_sek"] / 1e6, "o-", color="#c0392b", label=t["sav_obs"])
        ax.set_xticks(years)
        ax.set_xticklabels([str(int(y)) for y in years])
        ax.set_ylabel(f"MSEK ({b.price_year} prices)")
        ax.set_title(f"{t['chart']}: {payer_label(payer)}")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=4, frameon=False)
    return fig


@dataclass(frozen=True)
class _Table:
    headers: list[str]
    rows: list[list[str]]
    text_columns: int


def _table(df: pd.DataFrame, text_columns: int) -> _Table:
    rows = []
    for rec in df.to_dict("records"):
        cells = []
        for k, v in rec.items():
            if isinstance(v, float) and str(k).endswith("_sek"):
                cells.append(sek(v))
            elif isinstance(v, float):
                cells.append(f"{v:.3g}")
            else:
                cells.append(str(v))
        rows.append(cells)
    return _Table([str(c) for c in df.columns], rows, text_columns)


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
    from jinja2 import Environment, FileSystemLoader

    from socinv.report.plots import figure_png

    t = dict(TEXT[lang])
    t["money"] = t["money"].format(py=b.price_year)
    bp = b.by_payer()
    charts = []
    for p in CHART_PAYERS:
        sel = bp[bp["payer"] == p]
        cols = ["forecast_sek", "observed_sek", "forecast_savings_sek", "realised_savings_sek"]
        if np.abs(sel[cols].to_numpy()).sum() > 0.5:
            png = figure_png(plot_forecast_vs_outcome(b, p, lang))
            charts.append((p, base64.b64encode(png).decode("ascii")))
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
        (t["by_payer"], _table(shown, 2)),
        (t["variance"], _table(v, 3)),
        (t["effects"], _table(eff, 3)),
        (t["remaining"], _table(remaining.drop(columns="price_year"), 1)),
    ]
    sav = b.savings()
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    return env.get_template("followup_section.html.j2").render(
        t=t,
        first_year=min(b.years),
        last_year=max(b.years),
        baseline=str(sav["baseline"].iloc[0]) if len(sav) else "—",
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
    """A self-contained page with the follow-up section."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    section = render_followup_section(b, effects, remaining, lang=lang)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    sc = b.model.scenario
    html = env.get_template("followup_page.html.j2").render(
        lang=lang, title=f"{TEXT[lang]['title']} — {sc.title or sc.name}", section=Markup(section)
    )
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(html, encoding="utf-8")
    return p


def write_followup_workbook(path: str | Path, tables: Mapping[str, pd.DataFrame]) -> Path:
    """An Excel workbook with one sheet per follow-up table (SEK formats)."""
    from socinv.report.excel import _write_frame, new_workbook

    wb, p = new_workbook(path)
    for title, df in tables.items():
        _write_frame(wb, title[:31], df)
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
            at = html.rfind("</body>")
            html = html + section if at < 0 else html[:at] + section + html[at:]
            p.write_text(html, encoding="utf-8")
            changed.append(p)
        elif p.suffix == ".xlsx":
            from openpyxl import load_workbook

            from socinv.report.excel import _write_frame

            wb = load_workbook(p)
            for title, df in followup_tables(b, effects, remaining).items():
                _write_frame(wb, title[:31], df)
            wb.save(p)
            changed.append(p)
    return changed
