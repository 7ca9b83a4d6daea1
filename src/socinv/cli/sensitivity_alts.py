"""``socinv sensitivity`` on a file with several interventions: Monte Carlo
of all of them with common random numbers (``--mc``), or any analysis of one
of them (``--intervention ID``). The tornado, threshold, Sobol and
success-share analyses concern one intervention, so they ask for its id."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, NoReturn

from socinv.errors import ParameterError
from socinv.formatting import count, money, percent, ratio, sek, table
from socinv.i18n import payer_word, translator
from socinv.scenarios.compile import Model
from socinv.scenarios.models import Scenario
from socinv.sensitivity.alternatives_mc import (
    STATUS_QUO,
    alternative_models,
    monte_carlo_alternatives,
)


def pick_model(path: Path, scenario: Scenario, intervention: str) -> Model:
    """The compiled model of intervention ``intervention`` of the file."""
    models = alternative_models(scenario, base_dir=path.resolve().parent)
    models.pop(STATUS_QUO)
    if intervention not in models:
        raise ParameterError(
            f"{path}: --intervention {intervention!r} is not an intervention of this file; "
            f"choose one of: {', '.join(models)}"
        )
    return models[intervention]


def add_intervention_option(p: argparse.ArgumentParser) -> None:
    """``--intervention ID``: one intervention of a file with several."""
    p.add_argument(
        "--intervention",
        metavar="ID",
        help="in a file with several interventions: analyse the one with this id",
    )


def one_model(path: Path, intervention: str | None) -> Model:
    """The compiled model of a file with one intervention, or of intervention
    ``intervention`` of a file with several (without it: a one-line error)."""
    from socinv.scenarios.comparison import load_model
    from socinv.scenarios.io import load_scenario

    scenario = load_scenario(path)
    if not scenario.interventions:
        if intervention:
            raise ParameterError(f"{path}: --intervention needs a file with interventions:")
        return load_model(path)
    if not intervention:
        refuse(path, scenario)
    return pick_model(path, scenario, intervention)


def refuse(path: Path, scenario: Scenario) -> NoReturn:
    """One line saying which option to add for a single-intervention analysis."""
    ids = ", ".join(a.id for a in scenario.interventions)
    raise ParameterError(
        f"{path}: this analysis concerns one intervention and the file has several "
        f"({ids}); add --intervention ID, or use --mc to compare them all"
    )


def run_mc(args: argparse.Namespace, scenario: Scenario) -> dict[str, Any]:
    """Print the comparison of every intervention under uncertainty for
    ``args.perspective``; return the tables to write as CSV."""
    lang, p = args.lang, args.perspective
    _ = translator(lang)
    who = payer_word(p, lang)
    res = monte_carlo_alternatives(args.scenario, args.mc, args.seed)
    print(
        _(
            "Monte Carlo of {k} interventions: {n} draws, seed {seed}; the inputs they share "
            "with the status quo take the same value for every intervention in each draw"
        ).format(k=len(res.ids), n=count(res.n, lang), seed=res.seed)
    )
    s = res.summary()
    s = s[s["perspective"] == p]
    print(
        _("NPV of each intervention for {perspective} (SEK in {year} prices), best first:").format(
            perspective=who, year=res.price_year
        )
    )
    print(
        table(
            [
                _("intervention"),
                _("mean"),
                percent(0.025, lang),
                _("median"),
                percent(0.975, lang),
                _("P(NPV>0)"),
                _("P(best)"),
            ],
            [
                [
                    str(a),
                    *(sek(float(r[c]), lang=lang) for c in ("mean", "p2_5", "median", "p97_5")),
                    ratio(float(r["prob_positive"]), 3, lang),
                    ratio(float(r["prob_best"]), 3, lang),
                ]
                for a, r in zip(s["alternative"], s.to_dict("records"), strict=True)
            ],
            "lrrrrrr",
        )
    )
    d = res.decision().set_index("perspective").loc[p]
    best = str(d["best_on_average"])
    print(
        _(
            "Choice ({perspective}): P(no intervention is best) {prob}; best on average: "
            "{best}; expected value of perfect information (EVPI) {evpi}"
        ).format(
            perspective=who,
            prob=ratio(float(d["prob_status_quo_best"]), 3, lang),
            best=_("no intervention") if best == STATUS_QUO else best,
            evpi=money(float(d["evpi"]), lang),
        )
    )
    return {"mc_alternatives.csv": res.summary(), "mc_choice.csv": res.decision()}
