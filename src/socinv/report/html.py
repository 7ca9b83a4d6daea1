"""The scenario report: one self-contained HTML page of a comparison —
headline per payer, plots (embedded PNG), the scenario's assumptions, every
unit cost used with its source, and the sensitivity results — in English or
Swedish (template ``scenario.html``).

All money is SEK in the scenario's price year; present values are discounted
to the discounting base year.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socinv.discounting import cost_timing_text
from socinv.formatting import Formatter, check_lang
from socinv.i18n import role_word, use_lang
from socinv.payers import PERSPECTIVES
from socinv.report import plots
from socinv.report.assumptions_html import assumptions_context, unit_cost_rows
from socinv.report.assumptions_html import link as _link  # noqa: F401  (importable from here)
from socinv.report.blocks import Card, Markup, Page, figure_img, render_page, write_page
from socinv.report.exclusion_html import exclusion_context
from socinv.report.sensitivity_html import sensitivity_context, tornado_labels
from socinv.scenarios.comparison import Comparison
from socinv.sensitivity.results import SensitivityResults

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "SensitivityResults",
    "money",
    "number",
    "render_html",
    "report_figures",
    "share",
    "write_html",
]

_EN = Formatter("en")


def money(x: Any) -> str:
    """An English amount without the currency: ``-1234567.8`` -> ``'-1,234,568'``."""
    return _EN.amount(x)


def number(x: Any, digits: int = 2) -> str:
    """An English plain number (see :func:`socinv.formatting.number`)."""
    return _EN.number(x, digits)


def share(x: Any) -> str:
    """An English whole per cent: ``0.42`` -> ``'42 %'``."""
    return _EN.share(x)


def _f(x: Any) -> float:
    """A table scalar as float (pandas cells are loosely typed)."""
    return float(x)


# --- sections ---------------------------------------------------------------------
def _settings(cmp: Comparison, p: Page) -> list[list[Any]]:
    _, f = p._, p.f
    sc = cmp.scenario
    m = cmp.model
    disc = sc.discounting
    base = disc.base_year if disc.base_year is not None else sc.start_year
    wedge = {
        k: float(m.base_theta[m.index_of(f"tax_wedge.{k}")])
        for k in ("municipality", "region", "state")
    }
    convention = {
        "end": _("end of year"),
        "mid": _("middle of year"),
        "start": _("start of year"),
    }.get(disc.convention.value, disc.convention.value)
    paid = cost_timing_text(sc.cost_timings, disc.convention, _)
    convention += f"; {paid}" if paid else ""
    return [
        [_("Status quo"), sc.status_quo.label or _("status quo")],
        [_("Intervention"), sc.intervention.label or _("intervention")],
        [_("Cohort"), _("{n} person(s)").format(n=f.number(sc.cohort_size))],
        [
            _("Horizon"),
            _("ages {a0}–{a1}, years {y0}–{y1} ({n} years)").format(
                a0=sc.start_age,
                a1=sc.end_age,
                y0=sc.start_year,
                y1=sc.start_year + sc.horizon_years - 1,
                n=sc.horizon_years,
            ),
        ],
        [
            _("Money"),
            _("SEK in {year} prices (rebased with the CPI, KPI)").format(year=sc.price_year),
        ],
        [
            _("Discounting"),
            _("{rate} a year, {convention}, present values in {year}").format(
                rate=_rate_text(cmp, p), convention=convention, year=base
            ),
        ],
        [
            _("Tax wedge"),
            _(
                "share of lost production value that is lost tax: {shares}; individual {rest}"
            ).format(
                shares=", ".join(f"{p.payer(k)} {f.share(v)}" for k, v in wedge.items()),
                rest=f.share(1 - sum(wedge.values())),
            ),
        ],
    ]


def _rate_text(cmp: Comparison, p: Page) -> str:
    disc = cmp.scenario.discounting
    if disc.schedule is None:
        return p.f.rate(disc.rate)
    steps = list(disc.schedule)
    parts = []
    for k, s in enumerate(steps):
        last = k + 1 == len(steps)
        years = (
            p._("years {a}+").format(a=s.from_year)
            if last
            else p._("years {a}–{b}").format(a=s.from_year, b=steps[k + 1].from_year - 1)
        )
        parts.append(f"{p.f.rate(s.rate)} ({years})")
    return ", ".join(parts)


def _break_even(cmp: Comparison, be: int | None, r: dict[Any, Any], p: Page) -> str:
    status = r["break_even_status"]  # the one rule: socinv.scenarios.metrics.break_even_status
    if status == "never":
        return p._("not within the horizon")
    if status == "not affected":
        return "—"
    if status == "never behind":
        return p._("never behind")
    return p._("{year} (age {age})").format(year=be, age=int(r["break_even_age"]))


def _headline(cmp: Comparison, p: Page) -> dict[str, Any]:
    _, f = p._, p.f
    s = cmp.summary()
    w = cmp.who_invests_who_gains()
    cards = []
    for persp in ("society", "public"):
        npv = _f(s.loc[persp, "npv"])
        be = cmp.break_even_year(persp)
        cards.append(
            Card(
                p.payer(persp),
                p.sek(npv),
                _("net present value · break-even {year}").format(
                    year=_break_even(cmp, be, s.loc[persp].to_dict(), p)
                ),
                plots.PALETTE[persp],
                npv,
            )
        )
    try:
        inv = plots.investing_payer(cmp)
    except ValueError:
        inv = None
    if inv is not None and inv not in ("society", "public"):
        npv = _f(s.loc[inv, "npv"])
        cards.append(
            Card(
                _("{payer} — invests").format(payer=p.payer(inv)),
                p.sek(npv),
                _("invests {inv}, gets back {back} · ROI {roi}").format(
                    inv=p.sek(w.loc[inv, "invests_disc"]),
                    back=p.sek(w.loc[inv, "saves_disc"]),
                    roi=f.ratio(s.loc[inv, "roi"]),
                ),
                plots.PALETTE[inv],
                npv,
            )
        )
    rows = []
    records: dict[Any, dict[Any, Any]] = s.to_dict("index")
    for persp in PERSPECTIVES:
        r = records[persp.value]
        be = cmp.break_even_year(persp)
        role = str(w.loc[persp.value, "role"]) if persp.value in w.index else "total"
        rows.append(
            [
                p.swatch(persp.value),
                f.amount(r["cost_status_quo_disc"]),
                f.amount(r["cost_intervention_disc"]),
                f.amount(r["intervention_cost_disc"]),
                f.amount(r["savings_disc"]),
                Markup("<strong>{}</strong>").format(f.amount(r["npv"])),
                f.ratio(r["roi"]),
                f.ratio(r["bcr"]),
                _break_even(cmp, be, r, p),
                role_word(role, p.lang),
            ]
        )
    headers = [
        _("Perspective"),
        _("Cost, status quo"),
        _("Cost, intervention arm"),
        _("of which investment"),
        _("Savings"),
        _("NPV"),
        _("ROI"),
        _("BCR"),
        _("Break-even"),
        _("Role"),
    ]
    totals = ["total" if x.value in ("public", "society") else "" for x in PERSPECTIVES]
    return {"cards": cards, "headers": headers, "rows": rows, "row_classes": totals}


def report_figures(
    cmp: Comparison, sens: SensitivityResults | None = None, *, lang: str = "en"
) -> dict[str, Figure]:
    """The report's figures by name (``yearly``, ``cumulative``, ``payers``,
    ``hump``, ``tornado``, ``mc`` for society, ``mc_payer`` for the investing
    payer and ``payback``, the payback curve); a figure is left out when it has nothing to show
    (e.g. no payer invests, or no sensitivity results)."""
    with use_lang(lang):
        figs: dict[str, Figure] = {}
        for name, draw in (
            ("payers", plots.plot_who_invests),
            ("cumulative", plots.plot_cumulative_net),
            ("yearly", plots.plot_yearly_costs),
        ):
            with contextlib.suppress(ValueError):  # a scenario without costs: nothing to draw
                figs[name] = draw(cmp)
        with contextlib.suppress(ValueError):  # no payer invests: no hump to show
            figs["hump"] = plots.plot_investment_hump(cmp)
        label = plots.PlotLabel.of(cmp)
        if sens is not None and sens.tornado is not None and not sens.tornado.empty:
            figs["tornado"] = plots.plot_tornado(
                sens.tornado,
                label,
                perspective="society",
                labels={q.name: q.description for q in cmp.model.params}
                | tornado_labels(cmp.model, sens.tornado, lang),
            )
        if sens is not None and sens.mc_draws is not None and not sens.mc_draws.empty:
            figs["mc"] = plots.plot_mc_distribution(sens.mc_draws, label, perspective="society")
            try:
                payer = plots.investing_payer(cmp)
            except ValueError:  # nobody invests
                payer = None
            if payer is not None and payer in sens.mc_draws.columns:
                figs["mc_payer"] = plots.plot_mc_distribution(
                    sens.mc_draws, label, perspective=payer
                )
        if sens is not None and sens.uncertainty is not None and not sens.uncertainty.payback.empty:
            from socinv.report.risk_plots import plot_payback_curve
            from socinv.report.uncertainty_html import SHOWN

            figs["payback"] = plot_payback_curve(sens.uncertainty.payback, label, SHOWN)
    return figs


def _figure_alts(p: Page) -> dict[str, str]:
    _ = p._
    return {
        "payers": _("Bar chart: what each payer invests and saves, present values"),
        "cumulative": _("Line chart: cumulative discounted net savings per payer by year"),
        "yearly": _("Line charts: yearly cost per payer in status quo and intervention"),
        "hump": _("Line chart: cumulative cash position of the investing payer"),
        "tornado": _("Tornado chart: NPV at each parameter's low and high value"),
        "mc": _("Histogram: Monte Carlo distribution of the NPV for society"),
        "mc_payer": _("Histogram: Monte Carlo distribution of the NPV for the investing payer"),
        "payback": _("Line chart: probability that the intervention has paid back, by year"),
    }


def render_html(
    cmp: Comparison, sens: SensitivityResults | None = None, *, lang: str = "en"
) -> str:
    """The report as one self-contained HTML page (images embedded as PNG),
    in English (``lang="en"``) or Swedish (``"sv"``).

    Example:
        >>> from socinv import compare
        >>> cmp = compare("data/scenarios/foster_care_school_support.yaml")
        >>> page = render_html(cmp, lang="sv")
        >>> '<html lang="sv">' in page and "Nettonuvärde" in page
        True
    """
    p = Page(check_lang(lang))
    alts = _figure_alts(p)
    figs = {k: figure_img(fig, alts[k]) for k, fig in report_figures(cmp, sens, lang=lang).items()}
    sc = cmp.scenario
    return render_page(
        "scenario.html",
        lang,
        title=sc.title or sc.name,
        sc=sc,
        rate=_rate_text(cmp, p),
        settings=_settings(cmp, p),
        headline=_headline(cmp, p),
        figs=figs,
        sens=sensitivity_context(cmp, sens, p),
        assumptions=assumptions_context(cmp, p),
        unit_costs=unit_cost_rows(cmp, p),
        exclusion=exclusion_context(cmp, p),
    )


def write_html(
    cmp: Comparison,
    path: str | Path,
    sens: SensitivityResults | None = None,
    *,
    lang: str = "en",
) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8) and return the path."""
    return write_page(path, render_html(cmp, sens, lang=lang))
