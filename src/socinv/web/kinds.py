"""The three kinds of scenario the page and the API answer, as plain
functions over the library (nothing here computes a figure itself):

* ``comparison``: one intervention against the status quo (NPV, ROI, …);
* ``status_quo_alone``: no intervention, so no NPV: the cost of exclusion per
  payer and kind and per perspective
  (:func:`socinv.scenarios.exclusion.cost_of_exclusion`,
  :func:`~socinv.scenarios.exclusion.exclusion_by_perspective`), and its
  Monte Carlo (:func:`socinv.sensitivity.exclusion.cost_of_exclusion`);
* ``alternatives``: several interventions (``interventions:``), each against
  the same status quo, side by side and ranked by NPV
  (:class:`socinv.scenarios.alternatives.Alternatives`).

Money is SEK in the scenario's price year; present values are discounted to
the scenario's discounting base year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from socinv.payers import PERSPECTIVES
from socinv.scenarios.alternatives import Alternatives, split_alternatives
from socinv.scenarios.comparison import Comparison
from socinv.scenarios.exclusion import exclusion_by_perspective, is_status_quo_alone
from socinv.scenarios.models import Scenario
from socinv.web import service

if TYPE_CHECKING:  # pragma: no cover
    from socinv.sensitivity.alternatives_mc import AlternativesMonteCarlo

Kind = Literal["comparison", "status_quo_alone", "alternatives"]


def kind_of(scenario: Scenario) -> Kind:
    """Which answer a scenario gets.

    Example:
        >>> from socinv import load_scenario
        >>> kind_of(load_scenario("data/scenarios/uvas_birth_cohort.yaml"))
        'status_quo_alone'
        >>> kind_of(load_scenario("data/scenarios/foster_care_school_support.yaml"))
        'comparison'
    """
    if scenario.interventions:
        return "alternatives"
    return "status_quo_alone" if is_status_quo_alone(scenario) else "comparison"


def run_alternatives(
    scenario: Scenario, *, price_year: int | None = None, rate: float | None = None
) -> Alternatives:
    """Every alternative of ``scenario`` compared with its status quo, through
    :func:`socinv.web.service.run_compare` (the same settings and the same
    limits on catalogue files as one comparison)."""
    return Alternatives(
        {
            aid: service.run_compare(sc, price_year=price_year, rate=rate)
            for aid, sc in split_alternatives(scenario).items()
        }
    )


def _settings(cmp: Comparison, kind: Kind) -> dict[str, Any]:
    sc = cmp.scenario
    return {
        "kind": kind,
        "scenario": sc.name,
        "title": sc.title,
        "price_year": cmp.price_year,
        "rate": sc.discounting.rate if sc.discounting.schedule is None else None,
        "currency": "SEK",
    }


def exclusion_rows(cmp: Comparison) -> list[dict[str, Any]]:
    """The cost of exclusion per perspective: ``cost_sek`` (undiscounted) and
    ``cost_disc_sek`` (present value), the whole cohort."""
    pv = exclusion_by_perspective(cmp.model, cmp.theta)[0]
    raw = exclusion_by_perspective(cmp.model, cmp.theta, discounted=False)[0]
    return [
        {"perspective": p.value, "cost_sek": float(raw[j]), "cost_disc_sek": float(pv[j])}
        for j, p in enumerate(PERSPECTIVES)
    ]


def exclusion_payload(cmp: Comparison) -> dict[str, Any]:
    """A status quo alone as JSON: ``summary`` (cost per perspective) and
    ``cost_of_exclusion`` (per payer and kind of cost); no NPV, since there
    is nothing to invest.

    Example:
        >>> from socinv import compare
        >>> out = exclusion_payload(compare("data/scenarios/uvas_birth_cohort.yaml"))
        >>> out["kind"], sorted(out["summary"][-1])
        ('status_quo_alone', ['cost_disc_sek', 'cost_sek', 'perspective'])
    """
    table = cmp.cost_of_exclusion()
    return {
        **_settings(cmp, "status_quo_alone"),
        "summary": exclusion_rows(cmp),
        "cost_of_exclusion": [
            {str(k): service.plain(v) for k, v in row.items()} for _, row in table.iterrows()
        ],
    }


def alternatives_payload(alts: Alternatives) -> dict[str, Any]:
    """Several interventions as JSON: ``ranking`` (best NPV for society
    first), ``side_by_side`` (NPV per perspective and alternative) and, per
    alternative, its ``summary`` and ``who_invests_who_gains`` as for one
    comparison."""
    first = next(iter(alts.comparisons.values()))
    side = alts.side_by_side()
    return {
        **_settings(first, "alternatives"),
        "ranking": [
            {"alternative": str(aid), **{str(k): service.plain(v) for k, v in row.items()}}
            for aid, row in alts.ranking().iterrows()
        ],
        "side_by_side": [
            {"perspective": str(p), **{str(a): service.plain(v) for a, v in row.items()}}
            for p, row in side.iterrows()
        ],
        "alternatives": [
            {
                "id": aid,
                "label": cmp.scenario.intervention.label,
                "summary": service.compare_payload(cmp)["summary"],
                "who_invests_who_gains": service.compare_payload(cmp)["who_invests_who_gains"],
            }
            for aid, cmp in alts.comparisons.items()
        ],
    }


def alternatives_montecarlo_payload(res: AlternativesMonteCarlo) -> dict[str, Any]:
    """The Monte Carlo of several interventions (common random numbers) as
    JSON: ``alternatives`` (per intervention, a ``summary`` record per
    perspective: NPV ``mean``, ``p2_5``, ``median``, ``p97_5``,
    ``prob_positive`` and ``prob_best``, the share of draws in which it has
    the highest NPV, the status quo counting as 0) and ``choice`` (per
    perspective: ``prob_status_quo_best``, ``best_on_average`` and ``evpi``
    in SEK). Money: SEK in ``price_year`` prices, present values.

    Example:
        >>> from socinv.sensitivity.alternatives_mc import monte_carlo_alternatives
        >>> out = alternatives_montecarlo_payload(
        ...     monte_carlo_alternatives("data/scenarios/foster_care_alternatives.yaml", 50, 1)
        ... )
        >>> [a["id"] for a in out["alternatives"]], out["choice"][-1]["perspective"]
        (['school_support', 'half_team'], 'society')
    """
    summary = res.summary()
    cols = [c for c in summary.columns if c not in ("alternative", "label")]
    return {
        "kind": "alternatives",
        "scenario": res.scenario,
        "draws": res.n,
        "seed": res.seed,
        "price_year": res.price_year,
        "currency": "SEK",
        "alternatives": [
            {
                "id": aid,
                "label": res.labels[aid],
                "summary": [
                    {c: service.plain(row[c]) for c in cols}
                    for _, row in summary[summary["alternative"] == aid].iterrows()
                ],
            }
            for aid in res.ids
        ],
        "choice": [
            {str(k): service.plain(v) for k, v in row.items()}
            for _, row in res.decision().iterrows()
        ],
    }


def answer(
    scenario: Scenario, *, price_year: int | None = None, rate: float | None = None
) -> dict[str, Any]:
    """The ``/api/compare`` answer for any kind of scenario."""
    kind = kind_of(scenario)
    if kind == "alternatives":
        return alternatives_payload(run_alternatives(scenario, price_year=price_year, rate=rate))
    cmp = service.run_compare(scenario, price_year=price_year, rate=rate)
    if kind == "status_quo_alone":
        return exclusion_payload(cmp)
    return {"kind": kind, **service.compare_payload(cmp)}


def montecarlo_answer(
    scenario: Scenario,
    draws: int,
    seed: int,
    *,
    price_year: int | None = None,
    rate: float | None = None,
) -> dict[str, Any]:
    """The ``/api/montecarlo`` answer: the NPV per perspective for one
    intervention, per alternative for several with the choice between them
    (:func:`alternatives_montecarlo_payload`), and for a status quo alone the cost of exclusion
    per perspective (``mean``, ``p2_5``, ``median``, ``p97_5``, ``base``)."""
    from socinv.sensitivity.exclusion import cost_of_exclusion

    kind = kind_of(scenario)
    if kind == "alternatives":
        res = service.run_montecarlo_alternatives(
            scenario, draws, seed, price_year=price_year, rate=rate
        )
        return alternatives_montecarlo_payload(res)
    cmp = service.run_compare(scenario, price_year=price_year, rate=rate)
    if kind == "status_quo_alone":
        table = cost_of_exclusion(cmp.model, draws, seed)
        return {
            "kind": kind,
            "scenario": scenario.name,
            "draws": draws,
            "seed": seed,
            "price_year": cmp.price_year,
            "currency": "SEK",
            "summary": [
                {str(k): service.plain(v) for k, v in row.items()} for _, row in table.iterrows()
            ],
        }
    return {"kind": kind, **service.montecarlo_payload(service.run_montecarlo(cmp, draws, seed))}
