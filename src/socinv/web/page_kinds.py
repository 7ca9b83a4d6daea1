"""What the results part of the page shows for a status quo alone (the cost
of exclusion: no intervention, so no NPV) and for several interventions
(ranked, side by side). Library figures only, through :mod:`socinv.web.kinds`.
Money is SEK in the scenario's price year; present values at the
scenario's discount rate."""

from __future__ import annotations

import json
from typing import Any

from socinv.i18n import kind_word
from socinv.scenarios.models import Scenario
from socinv.web import kinds, service


def _rate_text(sc: Scenario) -> str:
    rate = sc.discounting.rate if sc.discounting.schedule is None else None
    return f"{100 * rate:.1f} %".replace(".", ",") if rate is not None else "—"


def exclusion_context(sc: Scenario, draws: int, seed: int, lang: str) -> dict[str, Any]:
    """The cost of exclusion per perspective and per payer and kind, and
    with ``draws`` > 0 its Monte Carlo interval for society."""
    cmp = service.run_compare(sc)
    payload = kinds.exclusion_payload(cmp)
    by_kind = [
        {**row, "kind_text": kind_word(str(row["kind"]), lang)}
        for row in payload["cost_of_exclusion"]
    ]
    mc = None
    if draws > 0:
        out = kinds.montecarlo_answer(sc, draws, seed)
        s = next(r for r in out["summary"] if r["perspective"] == "society")
        mc = {"draws": draws, "seed": seed, **{k: float(s[k]) for k in ("mean", "p2_5", "p97_5")}}
    return {
        "kind": "status_quo_alone",
        "exclusion": payload["summary"],
        "by_kind": by_kind,
        "mc": mc,
        "price_year": cmp.price_year,
        "rate_text": _rate_text(sc),
        "scenario_json": json.dumps(service.scenario_dict(sc)),
        "name": sc.name,
        "downloads": [None],
    }


def alternatives_context(sc: Scenario, draws: int, seed: int, lang: str) -> dict[str, Any]:
    """The ranking by society's NPV, the NPV per perspective and alternative,
    and with ``draws`` > 0 the Monte Carlo of all alternatives together
    (common random numbers) for society: each one's chance of a positive NPV
    and of being best, the chance that no intervention is best and the EVPI."""
    alts = kinds.run_alternatives(sc)
    payload = kinds.alternatives_payload(alts)
    ids = [a["id"] for a in payload["alternatives"]]
    mc = None
    if draws > 0:
        out = kinds.montecarlo_answer(sc, draws, seed)
        rows = [
            {"id": a["id"], **next(r for r in a["summary"] if r["perspective"] == "society")}
            for a in out["alternatives"]
        ]
        choice = next(r for r in out["choice"] if r["perspective"] == "society")
        mc = {"draws": draws, "seed": seed, "rows": rows, "choice": choice}
    first = next(iter(alts.comparisons.values()))
    return {
        "kind": "alternatives",
        "ranking": payload["ranking"],
        "side": payload["side_by_side"],
        "ids": ids,
        "mc": mc,
        "price_year": first.price_year,
        "rate_text": _rate_text(sc),
        "scenario_json": json.dumps(service.scenario_dict(sc)),
        "name": sc.name,
        "downloads": ids,
    }


def pick_alternative(sc: Scenario, alternative: str | None) -> Scenario:
    """The scenario with only ``alternative`` (for the report and workbook
    downloads, which show one intervention); ``sc`` itself without one."""
    from socinv.scenarios.alternatives import split_alternatives
    from socinv.web.service import BadParameter

    if not sc.interventions:
        return sc
    parts = split_alternatives(sc)
    if alternative not in parts:
        raise BadParameter(
            "alternative", f"pick one of {', '.join(parts)} (the report shows one at a time)"
        )
    return parts[alternative]
