"""Effects updated from observed counts: a conjugate Bayesian update.

Priors are the scenario's distributions (its ``uncertainty:`` block, or
distributions given in code); a parameter without a distribution is taken
as known and is not updated.

**Persons, not person-years.** A follow-up file counts the same group year
after year, so a person followed for three years appears in three years'
counts; treating each year as a new, independent trial would count that
person three times and make the posterior too narrow. The counts enter the
likelihood with the weight ``w = persons / person-years``: the persons
followed (the largest group size of the years used) over the person-years
(the sum of the group sizes); for a rate, the persons with the episode (the
most in any one year) over the person-years in the episode. For a group of
constant size followed ``T`` years ``w = 1 / T``: the likelihood of the
pooled years raised to the power ``w`` (a *power prior* in the sense of
Ibrahim & Chen, 2000), the effective sample size under the design effect of
repeated measures on the same persons with an intra-person correlation of
1 (Kish, 1965). The pooled share (or rate) is kept; the information is that
of the persons. When the same persons do not keep their episode from year to
year this is conservative (the posterior is wider than it need be); with
new persons entering the group, the largest group size undercounts them,
which also errs on the wide side. One year of data has ``w = 1``.

**Probabilities — beta-binomial.** The share of the group with an episode in
a year is ``p = s x rr`` (``s``: the status-quo probability; ``rr``: the
effect's relative risk; for a status-quo probability ``s = 1`` and the
parameter is ``p`` itself). The prior of ``p`` is ``Beta(a, b)``: exact when
the parameter's prior is a beta and ``s = 1``; otherwise *moment-matched*
(mean ``s E[rr]``, variance ``s² Var[rr]``) — a stated approximation, since
a scaled or uniform prior is not conjugate. With ``x`` persons with the
episode summed over ``n`` person-years and the weight ``w``::

    posterior  Beta(a + w x, b + w (n - x)),   E[rr | data] = (a + w x) / (a + b + w n) / s

**Rates — gamma-Poisson.** Units per person-year in an episode (days, visits,
events) are ``λ = q x qf`` (``q``: the status-quo quantity; ``qf``: the
effect's quantity factor). Prior ``Gamma(k, rate r)`` on ``λ`` (exact for a
gamma prior on ``q`` or ``qf``, since a scaled gamma is a gamma; moment-matched
otherwise); with ``u`` units over ``m``
person-years in the episode and the weight ``w``::

    posterior  Gamma(k + w u, r + w m),      E[qf | data] = (k + w u) / (r + w m) / q

Data that equal the forecast leave the estimate where the prior put it: the
posterior mean stays at the prior mean exactly when the counts equal what
the prior mean predicts. An effect that fades (``dropoff`` > 0) or is
stacked with another effect on the same episode has no conjugate form and
is reported as not updated. With a comparison group the status-quo
parameters are updated first and the effects are then measured against the
updated status quo (its posterior mean); without one the status quo is the
forecast's (its base values), so an effect absorbs any error in the
status-quo level — a comparison group is what separates the two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from socinv.followup.bokslut import Bokslut
from socinv.followup.outcomes import ObservedOutcomes
from socinv.payers import PERSPECTIVES
from socinv.scenarios.compile import G_SQ, Model
from socinv.sensitivity import (
    AnyDistribution,
    Beta,
    Gamma,
    Uncertainty,
    monte_carlo,
    uncertainty,
)

#: midpoints used to compute a prior's variance from its inverse CDF
_GRID = (np.arange(20000) + 0.5) / 20000


def moments(dist: AnyDistribution) -> tuple[float, float]:
    """Mean and variance of a distribution (exact for beta and gamma, from
    the inverse CDF on a fine grid otherwise)."""
    if isinstance(dist, Beta):
        a, b = dist.a, dist.b
        return a / (a + b), a * b / ((a + b) ** 2 * (a + b + 1))
    if isinstance(dist, Gamma):
        return dist.k * dist.theta, dist.k * dist.theta**2
    x = dist.ppf(_GRID)
    return float(x.mean()), float(x.var())


@dataclass(frozen=True)
class ParameterUpdate:
    """The update of one parameter. ``a, b`` are the prior's shapes (beta)
    or shape and rate (gamma) of the modelled quantity ``scale x parameter``;
    ``data`` is (persons, person-years) or (units, person-years in the
    episode), summed over the years; ``weight`` is persons / person-years
    (the counts enter the likelihood once per person, see the module)."""

    parameter: str
    method: str  # "beta-binomial" or "gamma-Poisson"
    prior: str
    conjugate: bool
    scale: float
    a: float
    b: float
    data: tuple[float, float]
    prior_mean: float
    prior_sd: float
    weight: float = 1.0

    @property
    def counted(self) -> tuple[float, float]:
        """The data as they enter the likelihood: ``weight x data``."""
        x, n = self.data
        return self.weight * x, self.weight * n

    @property
    def post(self) -> tuple[float, float]:
        x, n = self.counted
        if self.method == "beta-binomial":
            return self.a + x, self.b + n - x
        return self.a + x, self.b + n

    @property
    def posterior_mean(self) -> float:
        a, b = self.post
        m = a / (a + b) if self.method == "beta-binomial" else a / b
        return float(m / self.scale)

    @property
    def posterior_sd(self) -> float:
        a, b = self.post
        v = a * b / ((a + b) ** 2 * (a + b + 1)) if self.method == "beta-binomial" else a / b**2
        return float(np.sqrt(v)) / self.scale

    def distribution(self) -> AnyDistribution:
        """The posterior as a socinv distribution of the parameter: exact when
        ``scale`` is 1 (beta) or for rates (gamma); a beta with the posterior
        mean and sd (moment-matched) for a relative risk below 1, else a gamma."""
        a, b = self.post
        if self.method == "gamma-Poisson":
            return Gamma(shape=a, scale=1.0 / (b * self.scale))
        if self.scale == 1.0:
            return Beta(alpha=a, beta=b)
        m, s = self.posterior_mean, self.posterior_sd
        if m < 1.0 and s * s < m * (1.0 - m):
            return Beta.model_validate({"mean": m, "sd": s})
        return Gamma.model_validate({"mean": m, "sd": s})


@dataclass(frozen=True)
class EffectUpdate:
    """Every parameter updated from a follow-up, and those left as they were
    with the reason (build with :func:`update_effects`)."""

    model: Model
    updates: tuple[ParameterUpdate, ...]
    not_updated: tuple[tuple[str, str], ...]
    priors: Mapping[str, AnyDistribution]

    def table(self) -> pd.DataFrame:
        """One row per updated parameter: method, prior, whether the prior is
        conjugate or moment-matched, the data as counted (``observed`` and
        ``exposure``: persons and persons followed, or units and persons in
        the episode — person-year sums times the weight), prior and
        posterior mean and sd."""
        rows = []
        for u in self.updates:
            a, b = u.post
            rows.append(
                {
                    "parameter": u.parameter,
                    "base": float(self.model.base_theta[self.model.index_of(u.parameter)]),
                    "method": u.method,
                    "prior": u.prior,
                    "prior_form": "conjugate" if u.conjugate else "moment-matched",
                    "observed": u.counted[0],
                    "exposure": u.counted[1],
                    "prior_mean": u.prior_mean,
                    "prior_sd": u.prior_sd,
                    "posterior_mean": u.posterior_mean,
                    "posterior_sd": u.posterior_sd,
                    "posterior_a": a,
                    "posterior_b": b,
                }
            )
        return pd.DataFrame(rows)

    def overrides(self) -> dict[str, float]:
        """Posterior means by parameter name (the updated point estimates)."""
        return {u.parameter: u.posterior_mean for u in self.updates}

    def distributions(self) -> dict[str, AnyDistribution]:
        """The priors with each updated parameter's posterior in its place."""
        out = dict(self.priors)
        out.update({u.parameter: u.distribution() for u in self.updates})
        return out


def _beta_prior(mean: float, var: float) -> tuple[float, float]:
    var = min(var, 0.999 * mean * (1.0 - mean))
    c = mean * (1.0 - mean) / var - 1.0
    return mean * c, (1.0 - mean) * c


@dataclass(frozen=True)
class _Counts:
    """One group's counts of one episode over some years."""

    persons: float  # persons with the episode, summed over the years (person-years)
    person_years: float  # group sizes summed over the years
    units: float  # units summed over the years
    followed: float  # persons followed: the largest group size of the years
    with_episode: float  # persons with the episode: the most in any one year

    @property
    def weight(self) -> float:
        """Persons / person-years for the share."""
        return self.followed / self.person_years if self.person_years > 0 else 1.0

    @property
    def rate_weight(self) -> float:
        """Persons / person-years in the episode for the rate."""
        return self.with_episode / self.persons if self.persons > 0 else 1.0


def _sums(obs: ObservedOutcomes, group: str, episode: str, years: set[int]) -> _Counts:
    t = obs.table
    sel = t[(t["group"] == group) & (t["episode"] == episode) & t["year"].isin(years)]
    return _Counts(
        persons=float(sel["persons"].sum()),
        person_years=float(sel["group_size"].sum()),
        units=float(sel["units"].sum()),
        followed=float(sel["group_size"].max()) if len(sel) else 0.0,
        with_episode=float(sel["persons"].max()) if len(sel) else 0.0,
    )


def update_effects(
    model: Model,
    observed: ObservedOutcomes,
    distributions: Mapping[str, Mapping[str, Any] | AnyDistribution] | None = None,
) -> EffectUpdate:
    """Update the scenario's effects (and, with a comparison group, its
    status-quo probabilities and quantities) from observed counts.

    Example:
        >>> import socinv
        >>> from socinv.followup import load_outcomes, update_effects
        >>> model = socinv.compile_scenario(
        ...     socinv.load_scenario("data/contracts/norrkoping_hvb_scenario.yaml"))
        >>> obs = load_outcomes("data/followup/norrkoping_followup_example.csv", model)
        >>> up = update_effects(model, obs, {
        ...     "effect.fewer_sis_placements.relative_risk":
        ...         {"dist": "triangular", "low": 0.6, "mode": 0.8, "high": 1.05}})
        >>> round(up.overrides()["effect.fewer_sis_placements.relative_risk"], 2)
        0.79
    """
    # priors are the distributions the analyst stated; the default policy of
    # socinv.sensitivity.defaults is a spread for Monte Carlo, not evidence to update
    unc: Uncertainty = uncertainty(model, distributions, catalogue_defaults=False, policy=False)
    priors = dict(zip(unc.names, unc.distributions, strict=True))
    first = int(model.years[0])
    obs_years = set(observed.years)
    base = dict(zip(model.param_names, model.base_theta, strict=True))
    updates: list[ParameterUpdate] = []
    skipped: list[tuple[str, str]] = []
    current = dict(base)

    def add(name: str, method: str, scale: float, data: tuple[float, float], weight: float) -> None:
        dist = priors.get(name)
        if dist is None or dist.is_fixed:
            skipped.append((name, "no prior distribution in the scenario (taken as known)"))
            return
        m, v = moments(dist)
        # a scaled gamma is a gamma (exact); a scaled beta is not a beta
        conj = (
            isinstance(dist, Gamma)
            if method == "gamma-Poisson"
            else (scale == 1.0 and isinstance(dist, Beta))
        )
        sm, sv = scale * m, scale**2 * v
        if method == "beta-binomial":
            a, b = _beta_prior(sm, sv)
        else:
            a, b = sm * sm / sv, sm / sv
        u = ParameterUpdate(
            name, method, dist.describe(), conj, scale, a, b, data, m, np.sqrt(v), weight
        )
        updates.append(u)
        current[name] = u.posterior_mean

    sq = {r.episode: e for e, r in enumerate(model.rows) if r.group == G_SQ}
    if observed.has_comparison:
        for ep, e in sq.items():
            yrs = {y for y in obs_years if model.mask[e, y - first] > 0}
            if not yrs:
                continue
            c = _sums(observed, "comparison", ep, yrs)
            probability, quantity = (
                f"episode.status_quo.{ep}.probability",
                f"episode.status_quo.{ep}.quantity",
            )
            add(probability, "beta-binomial", 1.0, (c.persons, c.person_years), c.weight)
            if c.persons > 0:
                add(quantity, "gamma-Poisson", 1.0, (c.units, c.persons), c.rate_weight)
    iv = model.scenario.intervention
    counts: dict[str, int] = {}
    for f in iv.effects:
        counts[f.episode] = counts.get(f.episode, 0) + 1
    ep_def = {e.id: e for e in model.scenario.status_quo.episodes}
    for f in iv.effects:
        rr, qf = f"effect.{f.id}.relative_risk", f"effect.{f.id}.quantity_factor"
        drop = f"effect.{f.id}.dropoff"
        if counts[f.episode] > 1:
            skipped += [(rr, "stacked with another effect on the same episode"), (qf, "stacked")]
            continue
        if base[drop] != 0.0 or (drop in priors and not priors[drop].is_fixed):
            skipped += [(rr, "the effect fades (dropoff): no conjugate form"), (qf, "fades")]
            continue
        episode = ep_def[f.episode]
        lo = f.from_age if f.from_age is not None else episode.from_age
        hi = f.to_age if f.to_age is not None else episode.to_age
        e = sq[f.episode]
        yrs = {
            y
            for y in obs_years
            if model.mask[e, y - first] > 0 and lo <= model.scenario.start_age + y - first <= hi
        }
        if not yrs:
            skipped += [(rr, "no observed year where the effect acts"), (qf, "no observed year")]
            continue
        c = _sums(observed, "participants", f.episode, yrs)
        p_sq = current[f"episode.status_quo.{f.episode}.probability"]
        q_sq = current[f"episode.status_quo.{f.episode}.quantity"]
        if p_sq > 0:
            add(rr, "beta-binomial", p_sq, (c.persons, c.person_years), c.weight)
        if c.persons > 0 and q_sq > 0:
            add(qf, "gamma-Poisson", q_sq, (c.units, c.persons), c.rate_weight)
    return EffectUpdate(model, tuple(updates), tuple(skipped), priors)


def updated_monte_carlo(
    model: Model,
    update: EffectUpdate,
    n: int,
    seed: int,
) -> pd.DataFrame:
    """P(NPV > 0) per perspective before and after the update: the same
    Monte Carlo (``n`` draws, ``seed``) with the priors and with the
    posteriors in their place (other parameters unchanged). Columns:
    ``prob_positive_before``, ``prob_positive_after``, ``change``, and the
    mean NPV before and after (SEK, price year).

    Example:
        >>> import socinv
        >>> from socinv.followup import load_outcomes
        >>> model = socinv.compile_scenario(
        ...     socinv.load_scenario("data/scenarios/foster_care_school_support.yaml"))
        >>> obs = load_outcomes("data/followup/foster_care_followup_example.csv", model)
        >>> mc = updated_monte_carlo(model, update_effects(model, obs), 200, seed=1)
        >>> float(mc["change"].abs().max())  # nothing observed yet that an effect acts on
        0.0
    """
    before = monte_carlo(model, n, seed, uncertainty(model, update.priors))
    updated = model.with_base(update.overrides())
    after = monte_carlo(updated, n, seed, uncertainty(updated, update.distributions()))
    b, a = before.summary(), after.summary()
    out = pd.DataFrame(
        {
            "perspective": [p.value for p in PERSPECTIVES],
            "prob_positive_before": b["prob_positive"].to_numpy(),
            "prob_positive_after": a["prob_positive"].to_numpy(),
            "npv_mean_before_sek": b["mean"].to_numpy(),
            "npv_mean_after_sek": a["mean"].to_numpy(),
        }
    )
    out["change"] = out["prob_positive_after"] - out["prob_positive_before"]
    out["price_year"] = model.price_year
    return out


def reforecast(b: Bokslut, update: EffectUpdate | None = None) -> pd.DataFrame:
    """Savings per payer: realised in the observed years, and forecast for the
    remaining years to the horizon — as first forecast and re-estimated with
    the updated effects (posterior means) for the last observed group size.
    Undiscounted and discounted (scenario rate, base year) SEK.

    Example:
        >>> import socinv
        >>> from socinv.followup import bokslut, load_outcomes
        >>> model = socinv.compile_scenario(
        ...     socinv.load_scenario("data/contracts/norrkoping_hvb_scenario.yaml"))
        >>> obs = load_outcomes("data/followup/norrkoping_followup_example.csv", model)
        >>> b = bokslut(model, obs)
        >>> r = reforecast(b).set_index("payer")
        >>> round(float(r.loc["municipality", "realised_to_date_sek"]) / 1e6, 1)
        20.2
    """
    from socinv.followup.bokslut import PAYER_NAMES, forecast

    model = b.model
    last = max(b.years)
    size = b.observed.group_sizes("participants")[last]
    factors = model.discount_factors(model.theta(dict(b.overrides), n=1))[0]
    first = int(model.years[0])
    rest = model.years > last
    sav = b.savings().groupby(["year", "payer"])["realised_savings_sek"].sum()
    fc_to_date = b.savings().groupby(["year", "payer"])["forecast_savings_sek"].sum()

    def remaining(over: Mapping[str, float]) -> dict[str, tuple[float, float]]:
        res = forecast(model, [last], [size], over).result
        per = res.savings(keep=("payer",))[0]  # (payer, year): status quo - intervention arm
        return {
            p: (float(per[j, rest].sum()), float(per[j, rest] @ factors[rest]))
            for j, p in enumerate(PAYER_NAMES)
        }

    plan = remaining(dict(b.overrides))
    new = remaining({**b.overrides, **(update.overrides() if update else {})})
    rows = []
    for p in PAYER_NAMES:
        real = sav.xs(p, level="payer") if p in sav.index.get_level_values("payer") else None
        fc = fc_to_date.xs(p, level="payer") if real is not None else None
        idx = [] if real is None else [int(y) - first for y in real.index]
        rows.append(
            {
                "payer": p,
                "realised_to_date_sek": 0.0 if real is None else float(real.sum()),
                "forecast_to_date_sek": 0.0 if fc is None else float(fc.sum()),
                "realised_to_date_disc_sek": 0.0
                if real is None
                else float(real.to_numpy() @ factors[idx]),
                "remaining_forecast_sek": plan[p][0],
                "remaining_reestimated_sek": new[p][0],
                "remaining_forecast_disc_sek": plan[p][1],
                "remaining_reestimated_disc_sek": new[p][1],
            }
        )
    out = pd.DataFrame(rows)
    out["last_observed_year"] = last
    out["price_year"] = model.price_year
    return out
