"""A self-contained HTML report of a comparison: headline per payer, plots
(embedded PNG), the scenario's assumptions, every unit cost used with its
source, and the sensitivity results. One file, no external resources, so it
can be mailed, archived or opened offline.

All money is SEK in the scenario's price year; present values are discounted
to the discounting base year.
"""

from __future__ import annotations

import base64
import contextlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from socinv import __version__
from socinv.payers import PERSPECTIVES
from socinv.report import plots
from socinv.scenarios.comparison import Comparison
from socinv.writers import web_url

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class SensitivityResults:
    """Sensitivity results to show in a report (any part may be missing).

    * ``tornado`` — one-way table: ``parameter, perspective, low, high,
      base_value, npv_low, npv_high, npv_base, swing`` (SEK);
    * ``mc_draws`` — Monte Carlo NPV per draw, one column per perspective (SEK);
    * ``mc_summary`` — a summary table of the draws (shown as given);
    * ``notes`` — plain-text remarks (settings, or why a part is missing).
    """

    tornado: pd.DataFrame | None = None
    mc_draws: pd.DataFrame | None = None
    mc_summary: pd.DataFrame | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


# --- text helpers -----------------------------------------------------------------
def _f(x: Any) -> float:
    """A table scalar as float (pandas cells are loosely typed)."""
    return float(x)


def _isnan(x: Any) -> bool:
    return x is None or (isinstance(x, float | np.floating) and math.isnan(float(x)))


def money(x: Any) -> str:
    """``-1234567.8`` -> ``'−1 234 568'`` (SEK, rounded; '—' if missing)."""
    if _isnan(x):
        return "—"
    return f"{float(x):,.0f}".replace(",", "\u202f").replace("-", "−")


def number(x: Any, digits: int = 2) -> str:
    if _isnan(x):
        return "—"
    v = float(x)
    if v == int(v) and abs(v) >= 1:
        return f"{v:,.0f}".replace(",", "\u202f").replace("-", "−")
    return f"{v:,.{digits}f}".replace(",", "\u202f").replace("-", "−")


def share(x: Any) -> str:
    return "—" if _isnan(x) else f"{100 * float(x):.0f} %"


def _cell(value: Any, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f"<td{c}>{value}</td>"


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int] = (),
    cls: str = "",
    row_classes: Sequence[str] | None = None,
) -> str:
    """An HTML table; cells are already-escaped HTML; ``numeric`` column
    indices are right-aligned."""
    num = set(numeric)
    head = "".join(
        f'<th class="num">{escape(h)}</th>' if i in num else f"<th>{escape(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = []
    for k, r in enumerate(rows):
        rc = f' class="{row_classes[k]}"' if row_classes and row_classes[k] else ""
        body.append(
            f"<tr{rc}>"
            + "".join(_cell(v, "num" if i in num else "") for i, v in enumerate(r))
            + "</tr>"
        )
    c = f' class="{cls}"' if cls else ""
    return f"<table{c}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _swatch(name: str) -> str:
    col = plots.PALETTE.get(name, "#999999")
    return f'<span class="swatch" style="background:{col}"></span>{escape(plots.payer_label(name))}'


def _img(fig: Figure, alt: str) -> str:
    data = base64.b64encode(plots.figure_png(fig, dpi=100)).decode("ascii")
    return f'<figure><img alt="{escape(alt)}" src="data:image/png;base64,{data}"></figure>'


_NOTHING = '<p class="note">No payer has any cost or saving in this scenario.</p>'


def _link(url: str, text: str) -> str:
    if not web_url(url):  # only http/https: never javascript: or data: links
        return escape(text)
    return f'<a href="{escape(url)}">{escape(text)}</a>'


# --- sections ---------------------------------------------------------------------
def _settings(cmp: Comparison) -> str:
    sc = cmp.scenario
    m = cmp.model
    disc = sc.discounting
    base = disc.base_year if disc.base_year is not None else sc.start_year
    wedge = {
        p: float(m.base_theta[m.index_of(f"tax_wedge.{p}")])
        for p in ("municipality", "region", "state")
    }
    rows = [
        ["Status quo", escape(sc.status_quo.label or "status quo")],
        ["Intervention", escape(sc.intervention.label or "intervention")],
        ["Cohort", f"{number(sc.cohort_size)} person(s)"],
        [
            "Horizon",
            f"ages {sc.start_age}–{sc.end_age}, years {sc.start_year}–"
            f"{sc.start_year + sc.horizon_years - 1} ({sc.horizon_years} years)",
        ],
        ["Money", f"SEK in {sc.price_year} prices (rebased with the CPI, KPI)"],
        [
            "Discounting",
            f"{escape(plots.rate_text(sc))} a year, {disc.convention.value}-of-year, "
            f"present values in {base}",
        ],
        [
            "Tax wedge",
            "share of lost production value that is lost tax: "
            + ", ".join(f"{p} {share(v)}" for p, v in wedge.items())
            + f"; individual {share(1 - sum(wedge.values()))}",
        ],
    ]
    return _table(["Setting", "Value"], rows, cls="settings")


def _headline(cmp: Comparison) -> str:
    s = cmp.summary()
    w = cmp.who_invests_who_gains()
    cards = []
    for p in ("society", "public"):
        npv = _f(s.loc[p, "npv"])
        be = cmp.break_even_year(p)
        cards.append(
            f'<div class="card" style="border-color:{plots.PALETTE[p]}">'
            f'<div class="card-title">{escape(plots.payer_label(p))}</div>'
            f'<div class="card-value {"neg" if npv < 0 else "pos"}">{money(npv)} SEK</div>'
            f'<div class="card-sub">net present value · break-even '
            f"{be if be is not None else 'not within the horizon'}</div></div>"
        )
    try:
        inv = plots.investing_payer(cmp)
    except ValueError:
        inv = None
    if inv is not None and inv not in ("society", "public"):
        npv = _f(s.loc[inv, "npv"])
        roi = s.loc[inv, "roi"]
        cards.append(
            f'<div class="card" style="border-color:{plots.PALETTE[inv]}">'
            f'<div class="card-title">{escape(plots.payer_label(inv))} — invests</div>'
            f'<div class="card-value {"neg" if npv < 0 else "pos"}">{money(npv)} SEK</div>'
            f'<div class="card-sub">invests {money(w.loc[inv, "invests_disc"])} SEK, '
            f"gets back {money(w.loc[inv, 'saves_disc'])} SEK · ROI {number(roi)}</div></div>"
        )
    rows = []
    records: dict[Any, dict[Any, Any]] = s.to_dict("index")
    for p in PERSPECTIVES:
        r = records[p.value]
        be = cmp.break_even_year(p)
        role = str(w.loc[p.value, "role"]) if p.value in w.index else "total"
        rows.append(
            [
                _swatch(p.value),
                money(r["cost_status_quo_disc"]),
                money(r["cost_intervention_disc"]),
                money(r["intervention_cost_disc"]),
                money(r["savings_disc"]),
                f"<strong>{money(r['npv'])}</strong>",
                number(r["roi"]),
                number(r["bcr"]),
                _break_even(cmp, be, r),
                escape(role),
            ]
        )
    table = _table(
        [
            "Perspective",
            "Cost, status quo",
            "Cost, intervention arm",
            "of which investment",
            "Savings",
            "NPV",
            "ROI",
            "BCR",
            "Break-even",
            "Role",
        ],
        rows,
        numeric=range(1, 8),
        cls="headline",
        row_classes=["total" if p.value in ("public", "society") else "" for p in PERSPECTIVES],
    )
    notes = (
        '<p class="note">Present values in SEK. Savings = status-quo cost minus the '
        "intervention arm's cost before the investment; NPV = savings minus investment. "
        "ROI = NPV / investment, BCR = savings / investment ('—' where the perspective "
        "invests nothing). Public = municipality + region + state; society = all payers, "
        "where transfers (e.g. försörjningsstöd) net out.</p>"
    )
    return f'<div class="cards">{"".join(cards)}</div>{table}{notes}'


def _break_even(cmp: Comparison, be: int | None, r: dict[Any, Any]) -> str:
    if be is None:
        return "not within the horizon"
    if abs(float(r["intervention_cost_disc"])) < 0.5 and abs(float(r["savings_disc"])) < 0.5:
        return "—"
    if be == int(cmp.model.years[0]):
        return "never behind"
    return f"{be} (age {int(r['break_even_age'])})"


def _ages(lo: int, hi: int) -> str:
    return f'<span class="nw">{lo}–{hi}</span>'


def _episode_rows(cmp: Comparison, episodes: Sequence[Any]) -> list[list[str]]:
    items = {it.id: it for it in cmp.model.items}
    rows = []
    for e in episodes:
        it = items.get(e.item)
        unit = it.unit if it else ""
        yearly = it.value_sek * e.quantity * e.probability if it else float("nan")
        rows.append(
            [
                f"<code>{escape(e.id)}</code>",
                f"{escape(it.name_sv if it else e.item)}<br><small><code>{escape(e.item)}"
                "</code></small>",
                f"{number(e.quantity)} {escape(unit)}",
                _ages(e.from_age, e.to_age),
                share(e.probability),
                money(yearly),
                escape(e.note),
            ]
        )
    return rows


_EPISODE_HEADERS = [
    "Episode",
    "Item",
    "Quantity a year",
    "Ages",
    "Probability",
    "Expected SEK a year per person",
    "Note",
]


def _assumptions(cmp: Comparison) -> str:
    sc = cmp.scenario
    iv = sc.intervention
    out = [
        f"<h3>Status quo: {escape(sc.status_quo.label or 'status quo')}</h3>",
        _table(_EPISODE_HEADERS, _episode_rows(cmp, sc.status_quo.episodes), numeric=(2, 4, 5)),
        f"<h3>Intervention: {escape(iv.label or 'intervention')}</h3>",
    ]
    if iv.note:
        out.append(f"<p>{escape(iv.note)}</p>")
    cost_rows = []
    items = {it.id: it for it in cmp.model.items}
    for c in iv.costs:
        if c.amount_sek is not None:
            what = f"{money(c.amount_sek)} SEK a year ({c.price_year} prices)"
            payer = _swatch(str(c.payer.value if c.payer else ""))
        else:
            it = items.get(c.item or "")
            what = (
                f"{number(c.quantity)} {escape(it.unit if it else '')} of "
                f"{escape(it.name_sv if it else str(c.item))}"
            )
            payer = escape(_payer_split(it.payer) if it else "")
        cost_rows.append(
            [
                f"<code>{escape(c.id)}</code>",
                what,
                payer,
                _ages(c.from_age, c.to_age),
                escape(c.note),
            ]
        )
    out.append("<h4>The intervention's own cost (per person)</h4>")
    out.append(_table(["Cost", "Amount", "Paid by", "Ages", "Note"], cost_rows))
    if iv.episodes is not None:
        out.append("<h4>The intervention arm's own trajectory</h4>")
        out.append(_table(_EPISODE_HEADERS, _episode_rows(cmp, iv.episodes), numeric=(2, 4, 5)))
    if iv.effects:
        eps = {e.id: e for e in sc.status_quo.episodes}
        rows = []
        for f in iv.effects:
            ep = eps[f.episode]
            lo = f.from_age if f.from_age is not None else ep.from_age
            hi = f.to_age if f.to_age is not None else ep.to_age
            rows.append(
                [
                    f"<code>{escape(f.id)}</code>",
                    f"<code>{escape(f.episode)}</code>",
                    number(f.relative_risk),
                    number(f.quantity_factor),
                    _ages(lo, hi),
                    share(f.dropoff),
                    escape(f.note),
                ]
            )
        out.append("<h4>Effects on the status-quo episodes</h4>")
        out.append(
            _table(
                [
                    "Effect",
                    "On episode",
                    "Relative risk",
                    "Quantity factor",
                    "Ages",
                    "Fading a year",
                    "Note",
                ],
                rows,
                numeric=(2, 3, 5),
            )
        )
        out.append(
            '<p class="note">The episode\'s expected quantity is multiplied by relative risk × '
            "quantity factor; with fading d the effect shrinks by the share d each year "
            "after it starts.</p>"
        )
    if sc.metadata:
        meta_rows = [[escape(str(k)), escape(_plain(v))] for k, v in sc.metadata.items()]
        out.append("<h3>Notes and published figures</h3>")
        out.append(_table(["Key", "Value"], meta_rows))
    return "".join(out)


def _plain(v: Any) -> str:
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_plain(x)}" for k, x in v.items())
    if isinstance(v, list | tuple):
        return ", ".join(_plain(x) for x in v)
    return str(v)


def _payer_split(payer: Any) -> str:
    if payer is None:
        return "tax wedge (production value)"
    return ", ".join(f"{getattr(p, 'value', p)} {share(v)}" for p, v in payer.items())


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


def _unit_costs(cmp: Comparison) -> str:
    df = cmp.unit_costs_used()
    rows = []
    for rec in df.to_dict("records"):
        r = SimpleNamespace(**{str(k): v for k, v in rec.items()})
        orig = (
            f"{money(r.original_value_sek)} ({int(r.original_price_year)})"
            if int(r.original_price_year) != int(r.price_year)
            or abs(float(r.original_value_sek) - float(r.value_sek)) > 0.5
            else "same"
        )
        ev = str(r.evidence)
        rows.append(
            [
                f"{escape(str(r.name_sv))}<br><small><code>{escape(str(r.id))}</code></small>",
                money(r.value_sek),
                escape(str(r.unit)),
                str(int(r.price_year)),
                orig,
                escape(str(r.payer)),
                escape(str(r.kind)),
                f'<span class="ev {_EVIDENCE_CLASS.get(ev, "ev-weak")}">{escape(ev)}</span>',
                _link(str(r.url), str(r.source)),
            ]
        )
    return _table(
        [
            "Item",
            "SEK per unit",
            "Unit",
            "Price year",
            "Published (year)",
            "Payer",
            "Kind",
            "Evidence",
            "Source",
        ],
        rows,
        numeric=(1, 3, 4),
        cls="unitcosts",
    )


def _sensitivity(cmp: Comparison, sens: SensitivityResults | None, figs: dict[str, str]) -> str:
    out: list[str] = []
    if sens is None:
        return '<p class="note">No sensitivity analysis was run for this report.</p>'
    for n in sens.notes:
        out.append(f'<p class="note">{escape(n)}</p>')
    if sens.tornado is not None and not sens.tornado.empty:
        out.append("<h3>One-way sensitivity (tornado)</h3>")
        out.append(
            "<p>Each parameter is set to its low and then its high value, all others at "
            "base; the bars show how far the NPV moves. The widest bars matter most.</p>"
        )
        out.append(figs.get("tornado", ""))
        t = sens.tornado[sens.tornado["perspective"] == "society"]
        t = t.reindex(t["swing"].abs().sort_values(ascending=False).index).head(15)
        has_rule = "range_rule" in t.columns
        desc = {p.name: p.description for p in cmp.model.params}
        rows = []
        for rec in t.to_dict("records"):
            row = [
                f"{escape(desc.get(str(rec['parameter']), ''))}<br>"
                f"<small><code>{escape(str(rec['parameter']))}</code></small>",
                number(rec["low"]),
                number(rec["base_value"]),
                number(rec["high"]),
                money(rec["npv_low"]),
                money(rec["npv_high"]),
                money(rec["swing"]),
            ]
            if has_rule:
                row.append(escape(str(rec["range_rule"])))
            rows.append(row)
        headers = ["Parameter", "Low", "Base", "High", "NPV at low", "NPV at high", "Swing"]
        out.append(
            _table(headers + (["Range from"] if has_rule else []), rows, numeric=range(1, 7))
        )
    if sens.mc_draws is not None and not sens.mc_draws.empty:
        out.append("<h3>Monte Carlo</h3>")
        out.append(
            "<p>All uncertain parameters are drawn together from their distributions; "
            "each draw gives one NPV. The share of draws above zero is the probability "
            "that the intervention pays off for that perspective.</p>"
        )
        out.append(figs.get("mc", ""))
        out.append(figs.get("mc_payer", ""))
    if sens.mc_summary is not None and not sens.mc_summary.empty:
        out.append(_mc_summary_table(sens.mc_summary))
    elif sens.mc_draws is not None and not sens.mc_draws.empty:
        out.append(_mc_draws_table(sens.mc_draws))
    return "".join(out) or '<p class="note">No sensitivity results.</p>'


#: Column labels and formats of a Monte Carlo summary table (others shown as given).
_MC_COLUMNS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "mean": ("Mean NPV", money),
    "sd": ("Standard deviation", money),
    "mcse": ("MC standard error", money),
    "median": ("Median", money),
    "p2_5": ("2.5th percentile", money),
    "p97_5": ("97.5th percentile", money),
    "prob_positive": ("P(NPV > 0)", share),
    "npv_base": ("NPV at base values", money),
    "prob_break_even": ("P(break-even)", share),
    "break_even_median_year": (
        "Median break-even year",
        lambda v: "—" if _isnan_any(v) else str(v),
    ),
}


#: Columns left out of the page to keep the table readable (they are in the workbook).
_MC_HIDDEN = frozenset({"sd", "mcse"})


def _isnan_any(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _mc_summary_table(summary: pd.DataFrame) -> str:
    """A Monte Carlo summary (one row per perspective) as an HTML table."""
    s = summary.reset_index() if "perspective" not in summary.columns else summary
    known = [c for c in _MC_COLUMNS if c in s.columns and c not in _MC_HIDDEN]
    cols = known or [c for c in s.columns if c != "perspective"]
    headers = ["Perspective"] + [_MC_COLUMNS.get(str(c), (str(c), number))[0] for c in cols]
    rows = []
    for rec in s.to_dict("records"):
        row = [_swatch(str(rec["perspective"]))]
        for c in cols:
            fmt = _MC_COLUMNS.get(str(c), (str(c), number))[1]
            row.append(fmt(rec[c]))
        rows.append(row)
    hidden = [c for c in _MC_HIDDEN if c in s.columns]
    note = (
        '<p class="note">Standard deviation and Monte Carlo standard error are in the '
        "workbook (--xlsx).</p>"
        if known and hidden
        else ""
    )
    return _table(headers, rows, numeric=range(1, len(headers))) + note


def _mc_draws_table(draws: pd.DataFrame) -> str:
    """Mean, percentiles and P(NPV > 0) per perspective, from the draws."""
    rows = []
    for p in PERSPECTIVES:
        if p.value not in draws.columns:
            continue
        v = draws[p.value].to_numpy(dtype=float)
        lo, med, hi = np.percentile(v, [2.5, 50, 97.5])
        rows.append(
            [
                _swatch(p.value),
                money(v.mean()),
                money(lo),
                money(med),
                money(hi),
                share(np.mean(v > 0)),
            ]
        )
    headers = [
        "Perspective",
        "Mean NPV",
        "2.5th percentile",
        "Median",
        "97.5th percentile",
        "P(NPV > 0)",
    ]
    note = f'<p class="note">{len(draws):,} draws.</p>'.replace(",", "\u202f")
    return _table(headers, rows, numeric=range(1, 6)) + note


# --- the page ---------------------------------------------------------------------
_CSS = """
body{font-family:"Segoe UI",Helvetica,Arial,sans-serif;color:#222;margin:0;background:#f4f5f7;
 font-size:15px;line-height:1.45}
main{max-width:1180px;margin:0 auto;background:#fff;padding:28px 40px 60px}
h1{font-size:28px;margin:0 0 4px}h2{font-size:22px;margin-top:40px;border-bottom:2px solid #ddd;
 padding-bottom:4px}h3{font-size:18px;margin-top:26px}h4{font-size:16px;margin:18px 0 6px}
.lead{font-size:17px;color:#444;max-width:900px}
table{border-collapse:collapse;margin:8px 0 14px;width:100%;font-size:14px}
th,td{padding:6px 9px;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}td.num,th.num{text-align:right;white-space:nowrap}
tr.total td{font-weight:600;background:#fafafa}table.settings td:first-child{width:160px;
 font-weight:600}table.unitcosts{font-size:13px}
td:has(.swatch){white-space:nowrap}.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;
 vertical-align:-1px}
.cards{display:flex;gap:16px;flex-wrap:wrap;margin:14px 0 10px}
.card{flex:1 1 280px;border-left:6px solid #222;background:#f8f9fb;padding:12px 16px}
.card-title{font-weight:600;color:#444}.card-value{font-size:26px;font-weight:700;margin:2px 0}
.card-sub{color:#555;font-size:13px}.pos{color:#1b7a3d}.neg{color:#b3261e}
figure{margin:10px 0 18px}figure img{width:100%;max-width:1100px;border:1px solid #eee}
.note{color:#555;font-size:13px}code{font-size:12px;color:#555}
.ev{padding:1px 6px;border-radius:3px;font-size:12px;white-space:nowrap}
.ev-good{background:#dff3e4}.ev-mid{background:#fff3cd}.ev-weak{background:#fde2e1}
a{color:#1f5fa8}footer{margin-top:40px;color:#777;font-size:12px}
nav a{margin-right:14px}.nw{white-space:nowrap}
"""


def report_figures(cmp: Comparison, sens: SensitivityResults | None = None) -> dict[str, Figure]:
    """The report's figures by name (``yearly``, ``cumulative``, ``payers``,
    ``hump``, ``tornado``, ``mc`` for society and ``mc_payer`` for the investing
    payer); a figure is left out when it has nothing to show
    (e.g. no payer invests, or no sensitivity results)."""
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
            labels={p.name: p.description for p in cmp.model.params},
        )
    if sens is not None and sens.mc_draws is not None and not sens.mc_draws.empty:
        figs["mc"] = plots.plot_mc_distribution(sens.mc_draws, label, perspective="society")
        try:
            payer = plots.investing_payer(cmp)
        except ValueError:  # nobody invests
            payer = None
        if payer is not None and payer in sens.mc_draws.columns:
            figs["mc_payer"] = plots.plot_mc_distribution(sens.mc_draws, label, perspective=payer)
    return figs


def render_html(cmp: Comparison, sens: SensitivityResults | None = None) -> str:
    """The report as one self-contained HTML page (images embedded as PNG)."""
    sc = cmp.scenario
    alt = {
        "payers": "Bar chart: what each payer invests and saves, present values",
        "cumulative": "Line chart: cumulative discounted net savings per payer by year",
        "yearly": "Line charts: yearly cost per payer in status quo and intervention",
        "hump": "Line chart: cumulative cash position of the investing payer",
        "tornado": "Tornado chart: NPV at each parameter's low and high value",
        "mc": "Histogram: Monte Carlo distribution of the NPV for society",
        "mc_payer": "Histogram: Monte Carlo distribution of the NPV for the investing payer",
    }
    figs = {k: _img(f, alt[k]) for k, f in report_figures(cmp, sens).items()}
    hump = figs.get("hump", '<p class="note">No payer invests, so there is no hump.</p>')
    title = sc.title or sc.name
    body = f"""
<header>
<h1>{escape(title)}</h1>
<p class="lead">{escape(sc.description)}</p>
<nav><a href="#headline">Headline</a><a href="#payers">Who invests, who gains</a>
<a href="#time">Over time</a><a href="#sensitivity">Sensitivity</a>
<a href="#assumptions">Assumptions</a><a href="#unitcosts">Unit costs and sources</a></nav>
</header>
{_settings(cmp)}
<section id="headline"><h2>Headline per payer</h2>{_headline(cmp)}</section>
<section id="payers"><h2>Who invests, who gains</h2>
<p>The omfördelningsproblem: the payer that pays for the intervention is often not the one
that saves. Hatched bars are investments, solid bars savings, diamonds the net.</p>
{figs.get("payers", _NOTHING)}</section>
<section id="time"><h2>Over time</h2>
<h3>When does it pay back?</h3>{figs.get("cumulative", _NOTHING)}
<h3>The investment hump</h3>
<p>The investing payer's cash position year by year: how deep and how long it is out of
pocket before savings come back.</p>{hump}
<h3>Yearly costs per payer</h3>{figs.get("yearly", _NOTHING)}</section>
<section id="sensitivity"><h2>Sensitivity</h2>{_sensitivity(cmp, sens, figs)}</section>
<section id="assumptions"><h2>Assumptions</h2>{_assumptions(cmp)}</section>
<section id="unitcosts"><h2>Unit costs and sources</h2>
<p>Every unit cost the scenario uses, in {sc.price_year} prices (rebased with the CPI from
the published figure), with its evidence label and source.</p>{_unit_costs(cmp)}</section>
<footer>Scenario <code>{escape(sc.name)}</code> · socinv {escape(__version__)} ·
SEK in {sc.price_year} prices · discount rate {escape(plots.rate_text(sc))}</footer>
"""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} — socinv report</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_CSS}</style></head><body><main>{body}</main></body></html>\n"
    )


def write_html(cmp: Comparison, path: str | Path, sens: SensitivityResults | None = None) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8) and return the path."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render_html(cmp, sens), encoding="utf-8")
    return p
