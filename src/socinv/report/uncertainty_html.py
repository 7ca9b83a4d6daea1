"""The report's account of a Monte Carlo run: which parameters varied and
which were held fixed, warnings, the invest / don't-invest measures (EVPI,
EVPPI) and the payback curve; rendered from
:class:`~socinv.sensitivity.decision.UncertaintyTables` with the
``uncertainty.html`` template, in English or Swedish. Formatting only.

Example:
    >>> from socinv import compare
    >>> from socinv.report.build import run_sensitivity
    >>> cmp = compare("data/scenarios/foster_care_school_support.yaml")
    >>> sens = run_sensitivity(cmp, mc=200, seed=1, oneway=False)
    >>> html = render_uncertainty(sens.uncertainty, cmp.price_year, lang="sv")
    >>> "Vad Monte Carlo-analysen varierar" in html and "Hålls fasta i varje dragning" in html
    True
"""

from __future__ import annotations

from typing import Any

from socinv.formatting import check_lang
from socinv.report.blocks import Page, environment, item_cell
from socinv.sensitivity.decision import UncertaintyTables
from socinv.sensitivity.fixed import fixed_reason
from socinv.sensitivity.parameters import source_text
from socinv.sensitivity.voi import group_text

__all__ = ["SHOWN", "fixed_reason", "render_uncertainty", "uncertainty_context"]

#: perspectives shown in the decision and payback tables of the page
SHOWN = ("municipality", "region", "state", "public", "society")


def _label(rec: dict[Any, Any]) -> Any:
    return item_cell(rec["label"], rec["name"])


def uncertainty_context(t: UncertaintyTables, price_year: int, p: Page) -> dict[str, Any]:
    """What the ``uncertainty.html`` template shows, formatted in ``p``'s language."""
    _, f = p._, p.f
    groups: list[str] = []
    by_p: dict[str, list[str]] = {}
    if t.evppi is not None:
        groups = list(dict.fromkeys(str(g) for g in t.evppi["group"]))
        for rec in t.evppi.to_dict("records"):
            by_p.setdefault(str(rec["perspective"]), []).append(f.amount(rec["evppi"]))
    decision = [
        [
            p.swatch(str(r["perspective"])),
            f.percent(r["prob_invest_best"]),
            f.amount(r["expected_npv"]),
            f.amount(r["evpi"]),
            *by_p.get(str(r["perspective"]), []),
        ]
        for r in t.decision.to_dict("records")
        if r["perspective"] in SHOWN
    ]
    decision_headers = [
        _("Perspective"),
        _("P(investing is better)"),
        _("Expected NPV"),
        _("EVPI"),
        *(_("EVPPI: {group}").format(group=group_text(g, p.lang)) for g in groups),
    ]
    pay = t.payback[t.payback["perspective"].isin(SHOWN)]
    years = sorted({int(y) for y in pay["year"]})
    step = max(1, len(years) // 12)
    shown_years = sorted(set(years[::step]) | {years[-1]}) if years else []
    wide = pay.pivot_table(index="year", columns="perspective", values="prob_paid_back")
    lo = pay.pivot_table(index="year", columns="perspective", values="band_low")
    hi = pay.pivot_table(index="year", columns="perspective", values="band_high")
    persp = [q for q in SHOWN if q in wide.columns]
    w, lo_a, hi_a = (x.loc[shown_years, persp].to_numpy(dtype=float) for x in (wide, lo, hi))
    payback = [
        [
            f.year(y),
            *(
                f"{f.percent(w[i, k])} ({f.percent(lo_a[i, k])}–{f.percent(hi_a[i, k])})"
                for k in range(len(persp))
            ),
        ]
        for i, y in enumerate(shown_years)
    ]
    cost: list[list[Any]] = []
    if t.cost is not None:
        cost = [
            [p.swatch(str(r["perspective"]))]
            + [f.amount(r[k]) for k in ("mean", "p2_5", "median", "p97_5", "base")]
            for r in t.cost.to_dict("records")
        ]
    return {
        "n": f.count(t.n),
        "seed": t.seed,
        "price_year": price_year,
        "warnings": list(t.warnings),
        "varied": [
            [_label(r), str(r["distribution"]), source_text(str(r["source"]), p.lang)]
            for r in t.varied.to_dict("records")
        ],
        "fixed": [
            [_label(r), f.significant(r["value"], 6), fixed_reason(str(r["reason"]), p.lang)]
            for r in t.fixed.to_dict("records")
        ],
        "cost": cost,
        "decision": decision,
        "decision_headers": decision_headers,
        "payback": payback,
        "payback_headers": [_("Year"), *(p.payer(q) for q in persp)],
    }


def render_uncertainty(t: UncertaintyTables, price_year: int, *, lang: str = "en") -> str:
    """HTML of the Monte Carlo account (SEK in ``price_year`` prices) in ``lang``."""
    p = Page(check_lang(lang))
    tpl = environment(p.lang).get_template("uncertainty.html")
    return tpl.render(u=uncertainty_context(t, price_year, p), f=p.f)
