"""The default distribution policy: nothing the analyst entered is held
fixed silently.

Every effect, episode quantity and episode probability that a scenario sets
without a distribution in its ``uncertainty:`` block gets one by the rules
below, unless the block lists it under ``fixed:``. The spreads are
**assumptions** (no source gives a general spread for an entered figure);
they are stated here, in docs/uncertainty.md and in every Monte Carlo
output, and an analyst replaces them by declaring a distribution.

========================  ================================================
parameter                 default distribution
========================  ================================================
relative risk             lognormal, median = entered value, log-sd
                          :data:`LOG_SD_EFFECT` (0.3: a 95 % interval of
                          x/÷ 1.8), truncated so that the episode's
                          probability x relative risk stays <= 1 (and as
                          far below on the log scale: the median stays)
quantity factor           lognormal, median = entered value, log-sd 0.3
yearly fading (dropoff)   PERT from 0 (no fading) over the entered value
                          to twice it (at most 1)
episode quantity          lognormal, median = entered value, log-sd
                          :data:`LOG_SD_QUANTITY` (0.2: x/÷ 1.5),
                          truncated at a whole year of a time unit
                          (12 months, 366 days, 1 year), likewise
                          symmetrically
episode probability       beta with the entered mean, as certain as a
                          share observed among :data:`PROBABILITY_N` (50)
                          people: Beta(50 p, 50 (1 - p)); the same for an
                          event's and a production entry's probability
event rate                lognormal, median = entered events a year,
                          log-sd :data:`LOG_SD_QUANTITY` (a one-off event
                          at one age has no rate to vary)
offence (justice chain)   rate and days as an event rate; each step
                          probability as an episode probability
mortality hazard ratio    lognormal, median = entered ratio, log-sd
                          :data:`LOG_SD_HAZARD` (0.2: x/÷ 1.5), when the
                          ratio is not 1 (1 = no excess mortality)
========================  ================================================

A value at the edge of its range (a probability of 0 or 1, a quantity of
0 or a whole year, no fading) has no spread by this policy and is held fixed and listed.
The log-sd of 0.3 is about the standard error of a log relative risk in a
single trial with some 50 events per arm (Var log RR ~ 1/a + 1/c) — the
order of the Swedish evaluations behind the shipped scenarios; it is an
assumption, not a finding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from socinv.justice.offences import FIELD_HELP, Offence
from socinv.scenarios.compile import Model
from socinv.sensitivity.distributions import AnyDistribution, Beta, LogNormal, Pert

#: log-scale standard deviation of an entered relative risk or quantity factor (assumption)
LOG_SD_EFFECT = 0.3
#: log-scale standard deviation of an entered episode quantity (assumption)
LOG_SD_QUANTITY = 0.2
#: an entered probability is as certain as a share observed among this many people (assumption)
PROBABILITY_N = 50.0
#: the yearly fading of an effect varies from 0 to this multiple of the entered value (assumption)
DROPOFF_HIGH = 2.0

#: log-scale standard deviation of an entered mortality hazard ratio (assumption)
LOG_SD_HAZARD = 0.2

#: source label of a distribution given by this policy
SOURCE_POLICY = "default policy (assumption)"

#: kinds of entered parameters the policy gives a distribution
POLICY_KINDS = (
    "relative_risk",
    "quantity_factor",
    "dropoff",
    "quantity",
    "probability",
    "rate",
    "hazard_ratio",
)


@dataclass(frozen=True)
class Entered:
    """A parameter the scenario sets: its ``name``, ``kind`` (one of
    :data:`POLICY_KINDS`, ``unit_cost``, ``cost``, ``tax_wedge``,
    ``discount``) and the ``episode`` row it acts on (``""`` if none)."""

    name: str
    kind: str
    episode: str = ""


def _offence_inputs(off: Offence) -> list[tuple[str, str]]:
    """``(field, policy kind)`` of the inputs an offence entry sets: its rate
    (not for a one-off), probabilities other than 1 and days."""
    out = [] if off.at_age is not None else [("rate", "rate")]
    for name in FIELD_HELP:
        value = getattr(off, name)
        if value is None or (name.startswith("p_") and value == 1.0):
            continue
        out.append((name, "rate" if name.endswith("_days") else "probability"))
    return out


def entered_parameters(model: Model) -> dict[str, Entered]:
    """Parameters the scenario sets (or uses, for unit costs), in model order.

    Left out: an effect's relative risk, quantity factor and fading, an
    episode's, event's or production entry's probability and a mortality
    hazard ratio at their neutral values (1, 1, 0, 1 and 1: the
    structure of the model, not an entered figure — decided by value, so a
    scenario written out with every default gives the same list), default
    tax wedges and the cohort size.
    """
    sc = model.scenario
    out: dict[str, Entered] = {}
    for it in model.items:
        name = f"unit_cost.{it.id}"
        if name in model.param_index:
            out[name] = Entered(name, "unit_cost")
    arms = [("status_quo", sc.status_quo.episodes)]
    if sc.intervention.episodes is not None:
        arms.append(("intervention", sc.intervention.episodes))
    for arm, episodes in arms:
        for ep in episodes:
            out[f"episode.{arm}.{ep.id}.quantity"] = Entered(
                f"episode.{arm}.{ep.id}.quantity", "quantity", f"{arm}.{ep.id}"
            )
            if ep.probability != 1.0:
                name = f"episode.{arm}.{ep.id}.probability"
                out[name] = Entered(name, "probability", f"{arm}.{ep.id}")
    for ev in sc.status_quo.events:
        prefix = f"event.status_quo.{ev.id}"
        if ev.at_age is None:
            out[f"{prefix}.rate"] = Entered(f"{prefix}.rate", "rate", f"status_quo.{ev.id}")
        if ev.probability != 1.0:
            out[f"{prefix}.probability"] = Entered(
                f"{prefix}.probability", "probability", f"status_quo.{ev.id}"
            )
    for off in sc.status_quo.offences:
        for name, kind in _offence_inputs(off):
            full = f"offence.{off.id}.rate" if name == "rate" else f"{off.input_prefix}.{name}"
            if full in model.param_index:
                out[full] = Entered(full, kind, f"status_quo.{off.id}")
    for pl in sc.status_quo.production:
        name = f"production.{pl.id}.probability"
        if pl.probability != 1.0:
            out[name] = Entered(name, "probability", f"status_quo.{pl.id}")
    for s in model.params:
        if s.name.startswith("mortality.") and s.name.endswith(".hazard_ratio"):
            pop = sc.population
            if pop is not None and pop.mortality.enabled and s.base != 1.0:
                out[s.name] = Entered(s.name, "hazard_ratio")
    for f in sc.intervention.effects:
        for field, default in (("relative_risk", 1.0), ("quantity_factor", 1.0), ("dropoff", 0.0)):
            if getattr(f, field) != default:
                name = f"effect.{f.id}.{field}"
                out[name] = Entered(name, field, f"status_quo.{f.episode}")
    for c in sc.intervention.costs:
        for field in ("amount_sek", "quantity"):
            name = f"cost.{c.id}.{field}"
            if name in model.param_index:
                out[name] = Entered(name, "cost")
    if sc.tax_wedge is not None:
        for p in ("municipality", "region", "state"):
            out[f"tax_wedge.{p}"] = Entered(f"tax_wedge.{p}", "tax_wedge")
    for s in model.params:
        if s.name.startswith("discount.rate"):
            out[s.name] = Entered(s.name, "discount")
    return dict(sorted(out.items(), key=lambda kv: model.index_of(kv[0])))


#: most units of a time unit in one year (a quantity a year cannot exceed it)
TIME_UNITS: dict[str, float] = {
    "månad": 12.0,
    "manad": 12.0,
    "vecka": 53.0,
    "dygn": 366.0,
    "dag": 366.0,
    "vårddygn": 366.0,
    "år": 1.0,
}


def quantity_cap(unit: str) -> float | None:
    """Most units of ``unit`` a year if it is a time unit (``elevår`` and
    other words ending in ``år`` count as years), else ``None``.

    Example:
        >>> quantity_cap("månad"), quantity_cap("hushållsår"), quantity_cap("besök")
        (12.0, 1.0, None)
    """
    u = unit.strip().lower()
    if u in TIME_UNITS:
        return TIME_UNITS[u]
    if u.endswith("år"):
        return 1.0
    if u.endswith("dygn"):
        return 366.0
    return None


def _lognormal(median: float, log_sd: float, upper: float | None = None) -> LogNormal:
    """Lognormal with ``median`` and ``log_sd``; with ``upper``, truncated
    symmetrically on the log scale (at ``median^2 / upper`` and ``upper``) so
    the entered value stays the median and the truncation does not move the
    distribution towards a stronger or weaker effect."""
    mean = median * math.exp(0.5 * log_sd**2)
    sd = mean * math.sqrt(math.expm1(log_sd**2))
    lower = None if upper is None else median**2 / upper
    return LogNormal(mean_=mean, sd=sd, lower=lower, upper=upper)


def policy_distribution(
    kind: str,
    base: float,
    probability_high: float = 1.0,
    stacked: bool = False,
    cap: float | None = None,
) -> AnyDistribution | None:
    """The policy's distribution for an entered value ``base`` of ``kind``;
    ``None`` where the policy gives none (a value at the edge of its range, or
    a kind outside :data:`POLICY_KINDS`). ``probability_high`` is the largest
    value the episode's probability can take (a relative risk is truncated at
    its inverse); ``stacked`` says several effects act on the episode (then
    each relative risk stays at most 1); ``cap`` the most a quantity can be
    in a year (:func:`quantity_cap`).

    Example:
        >>> policy_distribution("probability", 0.3).describe()
        'beta(alpha=15, beta=35)'
        >>> d = policy_distribution("relative_risk", 0.8)
        >>> round(float(d.ppf([0.5])[0]), 6), [round(b, 6) for b in d.support()]
        (0.8, [0.64, 1.0])
        >>> policy_distribution("probability", 1.0) is None
        True
    """
    if kind in ("relative_risk", "quantity_factor"):
        if base <= 0:
            return None
        upper = None
        if kind == "relative_risk":
            upper = 1.0 / probability_high if probability_high > 0 else None
            if stacked:
                upper = 1.0 if upper is None else min(upper, 1.0)
            if upper is not None and base >= upper:
                return None
        return _lognormal(base, LOG_SD_EFFECT, upper)
    if kind in ("rate", "hazard_ratio"):
        if base <= 0:
            return None
        return _lognormal(base, LOG_SD_QUANTITY if kind == "rate" else LOG_SD_HAZARD)
    if kind == "quantity":
        if base <= 0 or (cap is not None and base >= cap):
            return None
        return _lognormal(base, LOG_SD_QUANTITY, cap)
    if kind == "probability":
        if not 0.0 < base < 1.0:
            return None
        return Beta(alpha=PROBABILITY_N * base, beta=PROBABILITY_N * (1.0 - base))
    if kind == "dropoff":
        if not 0.0 < base < 1.0:
            return None
        return Pert(low=0.0, mode=base, high=min(1.0, DROPOFF_HIGH * base))
    return None


def policy_distributions(
    model: Model, given: dict[str, AnyDistribution], skip: set[str]
) -> dict[str, AnyDistribution]:
    """Policy distributions for entered parameters without one in ``given``
    and not in ``skip`` (declared fixed). Probabilities are decided first, so
    a relative risk is truncated at the inverse of its episode's largest
    possible probability."""
    entered = entered_parameters(model)
    out: dict[str, AnyDistribution] = {}
    for name, e in entered.items():
        if e.kind == "probability" and name not in given and name not in skip:
            d = policy_distribution(e.kind, float(model.base_theta[model.index_of(name)]))
            if d is not None:
                out[name] = d
    per_episode: dict[str, int] = {}
    for f in model.scenario.intervention.effects:
        per_episode[f.episode] = per_episode.get(f.episode, 0) + 1
    n_params = len(model.params)
    for name, e in entered.items():
        if e.kind not in POLICY_KINDS or e.kind == "probability":
            continue
        if name in given or name in skip:
            continue
        j = model.index_of(name)
        p_high = 1.0
        stacked = False
        if e.kind == "relative_risk":
            term = next(t for t in model.effects if t.rr == j)
            p_idx = int(model.row_p[term.row])
            if p_idx < n_params:
                p_name = model.params[p_idx].name
                dist = given.get(p_name) or out.get(p_name)
                p_high = dist.support()[1] if dist is not None else float(model.base_theta[p_idx])
            stacked = per_episode.get(model.rows[term.row].episode, 0) > 1
        cap = None
        if e.kind == "quantity":
            row = next(r for r in model.rows if f"{r.episode}" == e.episode.split(".", 1)[1])
            cap = quantity_cap(next(it.unit for it in model.items if it.id == row.item))
        d = policy_distribution(e.kind, float(model.base_theta[j]), p_high, stacked, cap)
        if d is not None:
            out[name] = d
    return out
