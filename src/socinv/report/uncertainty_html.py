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

from collections.abc import Sequence
from typing import Any

import pandas as pd

from socinv.formatting import check_lang
from socinv.report.blocks import Page, environment, item_cell
from socinv.scenarios.compile import Model
from socinv.sensitivity.decision import UncertaintyTables
from socinv.sensitivity.fixed import Hinge, fixed_reason, hinge_text
from socinv.sensitivity.labels import parameter_label
from socinv.sensitivity.parameters import source_text
from socinv.sensitivity.voi import group_text

__all__ = [
    "SHOWN",
    "fixed_reason",
    "parameters_context",
    "render_uncertainty",
    "uncertainty_context",
    "warning_texts",
]

#: perspectives shown in the decision and payback tables of the page
SHOWN = ("municipality", "region", "state", "public", "society")


def warning_texts(
    warnings: Sequence[str], hinges: Sequence[Hinge], model: Model | None, lang: str
) -> list[str]:
    """The run's warnings in ``lang``: worded again from ``hinges`` when the
    model is known, else as the run wrote them."""
    if model is not None and hinges:
        return [hinge_text(model, h, lang) for h in hinges]
    return list(warnings)


def parameters_context(
    n: int,
    seed: int | None,
    varied: pd.DataFrame,
    fixed: pd.DataFrame,
    warnings: Sequence[str],
    p: Page,
) -> dict[str, Any]:
    """What the ``parameters.html`` template shows of a Monte Carlo run: its
    ``n`` draws and ``seed``, the parameters ``varied`` (``name, label,
    distribution, source``) and held ``fixed`` (``name, label, value, reason``)
    and the ``warnings``, in ``p``'s language."""
    f = p.f
    return {
        "n": f.count(n),
        "seed": seed,
        "warnings": list(warnings),
        "varied": [
            [
                item_cell(r["label"], r["name"]),
                str(r["distribution"]),
                source_text(str(r["source"]), p.lang),
            ]
            for r in varied.to_dict("records")
        ],
        "fixed": [
            [
                item_cell(r["label"], r["name"]),
                f.significant(r["value"], 6),
                fixed_reason(str(r["reason"]), p.lang),
            ]
            for r in fixed.to_dict("records")
        ],
    }


def reworded(frame: pd.DataFrame, model: Model | None, lang: str) -> pd.DataFrame:
    """``frame`` with its ``label`` column in ``lang`` (from ``name``)."""
    if model is None or "label" not in frame.columns or frame.empty:
        return frame
    out = frame.copy()
    out["label"] = [parameter_label(model, str(n), lang) for n in out["name"]]
    return out


def uncertainty_context(
    t: UncertaintyTables, price_year: int, p: Page, model: Model | None = None
) -> dict[str, Any]:
    """What the ``uncertainty.html`` template shows, formatted in ``p``'s
    language (parameter names and warnings worded from ``model`` if given)."""
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
    params = parameters_context(
        t.n,
        t.seed,
        reworded(t.varied, model, p.lang),
        reworded(t.fixed, model, p.lang),
        warning_texts(t.warnings, t.hinges, model, p.lang),
        p,
    )
    return params | {
        "price_year": price_year,
        "cost": cost,
        "decision": decision,
        "decision_headers": decision_headers,
        "payback": payback,
        "payback_headers": [_("Year"), *(p.payer(q) for q in persp)],
    }


def render_uncertainty(
    t: UncertaintyTables, price_year: int, *, lang: str = "en", model: Model | None = None
) -> str:
    """HTML of the Monte Carlo account (SEK in ``price_year`` prices) in
    ``lang`` (parameter names and warnings worded from ``model`` if given)."""
    p = Page(check_lang(lang))
    tpl = environment(p.lang).get_template("uncertainty.html")
    return tpl.render(u=uncertainty_context(t, price_year, p, model), f=p.f)
