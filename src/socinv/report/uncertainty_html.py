"""The report's account of a Monte Carlo run: which parameters varied and
which were held fixed, warnings, the invest / don't-invest measures (EVPI,
EVPPI) and the payback curve; rendered from
:class:`~socinv.sensitivity.decision.UncertaintyTables` with the
``uncertainty.html.j2`` template. Formatting only."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from socinv.formatting import sek
from socinv.sensitivity.decision import UncertaintyTables

#: perspectives shown in the decision and payback tables of the page
SHOWN = ("municipality", "region", "state", "public", "society")


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("socinv.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _share(x: float) -> str:
    return f"{100 * x:.1f} %"


def render_uncertainty(t: UncertaintyTables, price_year: int) -> str:
    """HTML of the Monte Carlo account (SEK in ``price_year`` prices)."""
    groups: list[str] = []
    by_p: dict[str, list[str]] = {}
    if t.evppi is not None:
        groups = list(dict.fromkeys(t.evppi["group"]))
        for rec in t.evppi.to_dict("records"):
            by_p.setdefault(str(rec["perspective"]), []).append(sek(float(rec["evppi"])))
    decision = [
        {
            "perspective": r["perspective"],
            "prob": _share(float(r["prob_invest_best"])),
            "expected": sek(float(r["expected_npv"])),
            "evpi": sek(float(r["evpi"])),
            "evppi": by_p.get(str(r["perspective"]), []),
        }
        for r in t.decision.to_dict("records")
        if r["perspective"] in SHOWN
    ]
    pay = t.payback[t.payback["perspective"].isin(SHOWN)]
    years = sorted(set(int(y) for y in pay["year"]))
    step = max(1, len(years) // 12)
    shown_years = sorted(set(years[::step]) | {years[-1]}) if years else []
    wide = pay.pivot_table(index="year", columns="perspective", values="prob_paid_back")
    lo = pay.pivot_table(index="year", columns="perspective", values="band_low")
    hi = pay.pivot_table(index="year", columns="perspective", values="band_high")
    persp = [p for p in SHOWN if p in wide.columns]
    w, lo_a, hi_a = (f.loc[shown_years, persp].to_numpy(dtype=float) for f in (wide, lo, hi))
    payback = [
        {
            "year": y,
            "cells": [
                f"{_share(w[i, k])} ({_share(lo_a[i, k])}–{_share(hi_a[i, k])})"
                for k in range(len(persp))
            ],
        }
        for i, y in enumerate(shown_years)
    ]
    cost: list[dict[str, Any]] = []
    if t.cost is not None:
        cost = [
            {"perspective": r["perspective"]}
            | {k: sek(float(r[k])) for k in ("mean", "p2_5", "median", "p97_5", "base")}
            for r in t.cost.to_dict("records")
        ]
    return (
        _env()
        .get_template("uncertainty.html.j2")
        .render(
            n=f"{t.n:,}".replace(",", "\u202f"),
            seed=t.seed,
            warnings=list(t.warnings),
            varied=t.varied.to_dict("records"),
            fixed=[r | {"value": f"{float(r['value']):.6g}"} for r in t.fixed.to_dict("records")],
            cost=cost,
            decision=decision,
            groups=groups,
            payback=payback,
            payback_persp=persp,
            price_year=price_year,
        )
    )
