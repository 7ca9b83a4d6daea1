"""The scenario report: one self-contained HTML page of a comparison —
headline per payer, plots (embedded PNG), the scenario's assumptions, every
unit cost used with its source, and the sensitivity results — in English or
Swedish (template ``scenario.html``).

All money is SEK in the scenario's price year; present values are discounted
to the discounting base year.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from socinv.discounting import cost_timing_text
from socinv.formatting import Formatter, check_lang
from socinv.i18n import kind_word, use_lang
from socinv.payers import PERSPECTIVES
from socinv.report import plots
from socinv.report.blocks import Card, Markup, Page, code, figure_img, render_page
from socinv.report.exclusion_html import exclusion_context
from socinv.report.uncertainty_html import uncertainty_context
from socinv.scenarios.comparison import Comparison
from socinv.sensitivity.results import SensitivityResults
from socinv.writers import web_url

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


def _ages(lo: int, hi: int) -> Markup:
    return Markup('<span class="nw">{}–{}</span>').format(lo, hi)


def _item_cell(name: str, item_id: str) -> Markup:
    return Markup("{}<br><small><code>{}</code></small>").format(name, item_id)


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


def _role(role: str, p: Page) -> str:
    _ = p._
    names = {
        "invests": _("invests"),
        "gains": _("gains"),
        "invests and gains": _("invests and gains"),
        "total": _("total"),
        "not affected": _("not affected"),
        "loses": _("loses"),
        "invests, net loser": _("invests, net loser"),
    }
    return names.get(role, role)


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
                _role(role, p),
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


def _episode_headers(p: Page) -> list[str]:
    _ = p._
    return [
        _("Episode"),
        _("Item"),
        _("Quantity a year"),
        _("Ages"),
        _("Probability"),
        _("Expected SEK a year per person"),
        _("Note"),
    ]


def _episode_rows(cmp: Comparison, episodes: Sequence[Any], p: Page) -> list[list[Any]]:
    f = p.f
    items = {it.id: it for it in cmp.model.items}
    rows = []
    for e in episodes:
        it = items.get(e.item)
        unit = it.unit if it else ""
        yearly = it.value_sek * e.quantity * e.probability if it else float("nan")
        rows.append(
            [
                code(e.id),
                _item_cell(it.name_sv if it else e.item, e.item),
                f"{f.number(e.quantity)} {unit}",
                _ages(e.from_age, e.to_age),
                f.share(e.probability),
                f.amount(yearly),
                e.note,
            ]
        )
    return rows


def _plain(v: Any) -> str:
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_plain(x)}" for k, x in v.items())
    if isinstance(v, list | tuple):
        return ", ".join(_plain(x) for x in v)
    return str(v)


def _payer_split(payer: Any, p: Page) -> str:
    if payer is None:
        return p._("tax wedge (production value)")
    return ", ".join(f"{p.payer(getattr(k, 'value', k))} {p.f.share(v)}" for k, v in payer.items())


def _assumptions(cmp: Comparison, p: Page) -> dict[str, Any]:
    _, f = p._, p.f
    sc = cmp.scenario
    iv = sc.intervention
    items = {it.id: it for it in cmp.model.items}
    cost_rows = []
    for c in iv.costs:
        if c.amount_sek is not None:
            what = _("{amount} a year ({year} prices)").format(
                amount=p.sek(c.amount_sek), year=c.price_year
            )
            payer: Any = p.swatch(str(c.payer.value if c.payer else ""))
        else:
            it = items.get(c.item or "")
            what = _("{quantity} {unit} of {item}").format(
                quantity=f.number(c.quantity),
                unit=it.unit if it else "",
                item=it.name_sv if it else str(c.item),
            )
            payer = _payer_split(it.payer, p) if it else ""
        cost_rows.append([code(c.id), what, payer, _ages(c.from_age, c.to_age), c.note])
    effect_rows = []
    eps = {e.id: e for e in sc.status_quo.trajectory} | sc.status_quo.offence_spans()
    for fx in iv.effects:
        ep = eps[fx.episode]
        lo = fx.from_age if fx.from_age is not None else ep.from_age
        hi = fx.to_age if fx.to_age is not None else ep.to_age
        effect_rows.append(
            [
                code(fx.id),
                code(fx.episode),
                f.number(fx.relative_risk),
                f.number(fx.quantity_factor),
                _ages(lo, hi),
                f.share(fx.dropoff),
                fx.note,
            ]
        )
    return {
        "status_quo_label": sc.status_quo.label or _("status quo"),
        "intervention_label": iv.label or _("intervention"),
        "intervention_note": iv.note,
        "episode_headers": _episode_headers(p),
        "status_quo_rows": _episode_rows(cmp, sc.status_quo.episodes, p),
        "cost_rows": cost_rows,
        "arm_rows": None if iv.episodes is None else _episode_rows(cmp, iv.episodes, p),
        "effect_rows": effect_rows,
        "metadata_rows": [[str(k), _plain(v)] for k, v in sc.metadata.items()],
    }


_EVIDENCE_CLASS = {
    "verified_primary": "ev-good",
    "verified_mirror": "ev-good",
    "verified_primary_year_unknown": "ev-good",
    "quoted_secondary": "ev-mid",
    "derived": "ev-mid",
    "local": "ev-mid",
    "assumption": "ev-weak",
    "unspecified": "ev-weak",
}


def _link(url: str, text: str) -> Markup:
    if not web_url(url):  # only http/https: never javascript: or data: links
        return Markup("{}").format(text)
    return Markup('<a href="{}">{}</a>').format(url, text)


def _unit_cost_rows(cmp: Comparison, p: Page) -> list[list[Any]]:
    f = p.f
    rows = []
    for rec in cmp.unit_costs_used().to_dict("records"):
        r = SimpleNamespace(**{str(k): v for k, v in rec.items()})
        orig = (
            f"{f.amount(r.original_value_sek)} ({int(r.original_price_year)})"
            if int(r.original_price_year) != int(r.price_year)
            or abs(float(r.original_value_sek) - float(r.value_sek)) > 0.5
            else p._("same")
        )
        ev = str(r.evidence)
        rows.append(
            [
                _item_cell(str(r.name_sv), str(r.id)),
                f.amount(r.value_sek),
                str(r.unit),
                f.year(r.price_year),
                orig,
                ", ".join(p.payer(x.strip()) for x in str(r.payer).split(",")),
                kind_word(str(r.kind), p.lang),
                Markup('<span class="ev {}">{}</span>').format(
                    _EVIDENCE_CLASS.get(ev, "ev-weak"), ev
                ),
                _link(str(r.url), str(r.source)),
            ]
        )
    return rows


def _tornado_rows(cmp: Comparison, t: pd.DataFrame, p: Page) -> tuple[list[str], list[list[Any]]]:
    _, f = p._, p.f
    t = t[t["perspective"] == "society"]
    t = t.reindex(t["swing"].abs().sort_values(ascending=False).index).head(15)
    has_rule = "range_rule" in t.columns
    desc = {q.name: q.description for q in cmp.model.params}
    rows = []
    for rec in t.to_dict("records"):
        row: list[Any] = [
            _item_cell(
                str(rec.get("label", desc.get(str(rec["parameter"]), ""))),
                str(rec.get("members", rec["parameter"])),
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


def _sensitivity(cmp: Comparison, sens: SensitivityResults | None, p: Page) -> dict[str, Any]:
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
        uncertainty_context(sens.uncertainty, cmp.price_year, p)
        if sens.uncertainty is not None
        else None
    )
    return out


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
                | dict(zip(sens.tornado["parameter"], sens.tornado.get("label", []), strict=False)),
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
        sens=_sensitivity(cmp, sens, p),
        assumptions=_assumptions(cmp, p),
        unit_costs=_unit_cost_rows(cmp, p),
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
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(cmp, sens, lang=lang), encoding="utf-8")
    return out
