"""Socioekonomiskt bokslut: what happened against what the forecast promised.

Every table is a named reduction of labelled results
(:class:`socinv.scenarios.Result`): the forecast for the observed group
sizes and the observed counts priced through the same cost formula, reduced
by arm, component, payer and agency, so a transfer is a cost for its payer
and an income for the person and ``society`` nets it out, as in the
scenario's own perspectives.

For each observed year (SEK in the scenario's price year, undiscounted):

* **forecast vs observed cost** per group, payer and agency. Observed counts
  are priced with the compiled model's one cost formula
  (:meth:`Model.row_costs`): for each episode the status-quo row is
  evaluated with ``probability = persons / group_size``, ``quantity =
  units / persons`` and ``cohort.size = group_size``, i.e. catalogue price x
  observed units, split over payers as the forecast is. The forecast is the
  same formula at the scenario's base values for the year's observed group
  size (participants: the intervention arm; comparison: the status quo), so
  attrition is not read as savings.
* **realised savings** (utfall): the comparison group's observed cost per
  person times the participants' group size, minus the participants'
  observed cost — or, without a comparison group, the forecast's status quo
  for the participants' group size minus their observed cost. Forecast
  savings are status quo minus intervention arm at the same size.
* **variance by episode** (avvikelse): observed minus forecast gross cost,
  split into a *volume* part (more or fewer persons with the episode, at the
  forecast's cost per person) and a *unit-cost* part (cost per person in
  the episode — days or visits per person at catalogue prices — times the
  observed persons). ``volume + unit cost = total`` exactly::

      volume    = (P_obs - P_fc) x c_fc
      unit cost = (c_obs - c_fc) x P_obs          c = cost / persons

* **remaining forecast**: the years after the last observed one, forecast
  again with the effects updated from the data (:mod:`socinv.followup.update`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pandas as pd

from socinv.errors import SocinvError
from socinv.followup.outcomes import FollowupError, ObservedOutcomes
from socinv.payers import PAYERS, PUBLIC_PAYERS
from socinv.scenarios.compile import ARM_OF_GROUP, COMPONENT_OF_GROUP, G_COST, G_INT, G_SQ, Model
from socinv.scenarios.result import Result, evaluate_result

FloatArray = npt.NDArray[np.float64]
PAYER_NAMES = [p.value for p in PAYERS]
#: The keys of the tables by payer and agency.
KEYS = ["year", "payer", "agency"]


def _params(model: Model, prefix: str, suffix: str) -> list[int]:
    return [
        i for i, n in enumerate(model.param_names) if n.startswith(prefix) and n.endswith(suffix)
    ]


def _episode_rows(model: Model, group: int) -> dict[str, int]:
    return {r.episode: e for e, r in enumerate(model.rows) if r.group == group}


def where_group(group: int) -> dict[str, str]:
    """The labels of a row group in the labelled result: the status quo's
    episodes, the intervention arm's episodes or the intervention's cost."""
    return {"arm": ARM_OF_GROUP[group], "component": COMPONENT_OF_GROUP[group]}


@dataclass(frozen=True)
class Forecast:
    """The forecast for a batch of observed years (row ``i`` of every array is
    year ``years[i]``): the labelled result (gross SEK by arm, component, payer,
    agency and year) and each row's ``persons`` and ``units`` ``(n, row,
    year)`` — the cost formula with unit costs (and quantities, quantity
    factors) set to 1."""

    result: Result
    years: tuple[int, ...]
    persons: FloatArray
    units: FloatArray

    def by_agency(self, group: int) -> pd.Series:
        """SEK per ``year, payer, agency`` of one row group: the labelled
        result reduced by name (:meth:`Result.total`), one cell for every
        payer and agency that carries a line of the group."""
        return by_agency(self.result, self.years, where_group(group))


def by_agency(result: Result, years: Sequence[int], where: Mapping[str, str]) -> pd.Series:
    """``cost_sek`` per ``year, payer, agency`` (sorted): ``result`` reduced to
    payer and agency over the lines labelled ``where``, batch row ``i`` read
    at calendar year ``years[i]``. Cells without a line are left out."""
    tot = result.total(("payer", "agency"), where=where)  # (n, payer, agency, year)
    coords = result.coords()
    lines = result.lines
    on = np.ones(len(lines.row), dtype=bool)
    for dim, label in where.items():
        on &= lines.codes[dim] == coords[dim].index(label)
    cells = sorted(
        {
            (coords["payer"][p], coords["agency"][a], p, a)
            for p, a in zip(lines.codes["payer"][on], lines.codes["agency"][on], strict=True)
        }
    )
    first = int(result.model.years[0])
    index = [(int(y), pn, an) for y in years for pn, an, _, _ in cells]
    values = [
        float(tot[i, p, a, int(y) - first]) for i, y in enumerate(years) for _, _, p, a in cells
    ]
    out = pd.Series(values, index=pd.MultiIndex.from_tuples(index, names=KEYS), name="cost_sek")
    return out.sort_index()


def forecast(
    model: Model, years: Sequence[int], sizes: Sequence[float], overrides: Mapping[str, float]
) -> Forecast:
    """The forecast of ``model`` (base values with ``overrides``) for
    ``sizes[i]`` persons in year ``years[i]``."""
    n = len(years)
    theta = model.theta({**overrides, "cohort.size": np.asarray(sizes, dtype=float)}, n=n)
    unit = theta.copy()
    unit[:, _params(model, "unit_cost.", "")] = 1.0
    unit[:, _params(model, "cost.", ".amount_sek")] = 1.0
    units, _ = model.row_costs(unit)
    pers = unit.copy()
    pers[:, _params(model, "episode.", ".quantity")] = 1.0
    pers[:, _params(model, "cost.", ".quantity")] = 1.0
    pers[:, _params(model, "effect.", ".quantity_factor")] = 1.0
    persons, _ = model.row_costs(pers)
    return Forecast(evaluate_result(model, theta), tuple(int(y) for y in years), persons, units)


def forecast_counts(
    model: Model,
    years: Sequence[int],
    group_size: float | Sequence[float],
    overrides: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Expected persons, units and gross cost (SEK) per year, group
    (``participants``: intervention arm; ``comparison``: status quo) and
    episode, for ``group_size`` persons (one number or one per year).

    Example:
        >>> import socinv
        >>> model = socinv.compile_scenario(
        ...     socinv.load_scenario("data/contracts/norrkoping_hvb_scenario.yaml"))
        >>> fc = forecast_counts(model, [2016], 60.0).set_index(["group", "episode"])
        >>> float(fc.loc[("comparison", "hvb"), "units"])  # 60 x 0.8 x 150 days
        7200.0
        >>> round(float(fc.loc[("participants", "hvb"), "units"]), 6)  # x quantity factor 0.85
        6120.0
    """
    years = [int(y) for y in years]
    sizes = (
        [float(group_size)] * len(years)
        if isinstance(group_size, int | float)
        else [float(s) for s in group_size]
    )
    fc = forecast(model, years, sizes, dict(overrides or {}))
    cost, persons, units = fc.result.row_cost, fc.persons, fc.units
    rows = []
    first = int(model.years[0])
    for group, g in (("participants", G_INT), ("comparison", G_SQ)):
        for ep, e in _episode_rows(model, g).items():
            for i, y in enumerate(years):
                t = y - first
                rows.append(
                    {
                        "year": y,
                        "group": group,
                        "episode": ep,
                        "persons": float(persons[i, e, t]),
                        "units": float(units[i, e, t]),
                        "cost_sek": float(cost[i, e, t]),
                    }
                )
    return pd.DataFrame(rows)


def _observed_theta(
    model: Model, observed: ObservedOutcomes, group: str | None = None
) -> tuple[pd.DataFrame, FloatArray]:
    """The ``year, group, group_size`` keys of ``observed.table`` (of one
    ``group`` if given) and, one row per key, the parameters that price the
    observed counts: each status-quo episode with ``probability = persons /
    group_size``, ``quantity = units / persons`` and ``cohort.size =
    group_size`` (effects off; an episode not observed has probability 0)."""
    t = observed.table if group is None else observed.table[observed.table["group"] == group]
    keys = t.loc[:, ["year", "group", "group_size"]].drop_duplicates().reset_index(drop=True)
    sq = _episode_rows(model, G_SQ)
    over: dict[str, FloatArray] = {"cohort.size": keys["group_size"].to_numpy(dtype=float)}
    for name in model.param_names:
        if name.startswith("effect.") and name.endswith((".relative_risk", ".quantity_factor")):
            over[name] = np.ones(len(keys))  # status-quo rows only: effects do not apply
    for ep in sq:
        p = np.zeros(len(keys))
        q = np.full(
            len(keys), model.base_theta[model.index_of(f"episode.status_quo.{ep}.quantity")]
        )
        for i, k in enumerate(keys.to_dict("records")):
            sel = t[(t["year"] == k["year"]) & (t["group"] == k["group"]) & (t["episode"] == ep)]
            if len(sel):
                persons, units = float(sel["persons"].iloc[0]), float(sel["units"].iloc[0])
                p[i] = persons / float(k["group_size"])
                if persons > 0:
                    q[i] = units / persons
        over[f"episode.status_quo.{ep}.probability"] = p
        over[f"episode.status_quo.{ep}.quantity"] = q
    return keys, model.theta(over, n=len(keys))


def observed_result(model: Model, observed: ObservedOutcomes, group: str) -> Result:
    """The observed counts of ``group`` priced through the cost formula: the
    labelled result of the status-quo episodes at the observed probabilities
    and quantities, one batch row per observed year (ascending, as
    :meth:`ObservedOutcomes.group_sizes`)."""
    keys, theta = _observed_theta(model, observed, group)
    order = np.argsort(keys["year"].to_numpy(), kind="stable")
    try:
        return evaluate_result(model, theta[order])
    except SocinvError as exc:  # pragma: no cover - counts are validated before
        raise FollowupError(observed.source, str(exc)) from None


def price_observed(model: Model, observed: ObservedOutcomes) -> pd.DataFrame:
    """Observed gross cost (SEK) of each row of ``observed.table`` through the
    cost formula, with the payer shares of the episode's item: columns of the
    table plus ``cost_sek`` and one ``share_<payer>`` column per payer."""
    t = observed.table
    keys, theta = _observed_theta(model, observed)
    try:
        res = evaluate_result(model, theta)
    except SocinvError as exc:  # pragma: no cover - counts are validated before
        raise FollowupError(observed.source, str(exc)) from None
    cost, shares = res.row_cost, res.shares
    sq = _episode_rows(model, G_SQ)
    out = t.copy()
    first = int(model.years[0])
    key_index = {
        (int(k["year"]), str(k["group"])): i for i, k in enumerate(keys.to_dict("records"))
    }
    costs: list[float] = []
    share_cols: dict[str, list[float]] = {p: [] for p in PAYER_NAMES}
    for r in out.to_dict("records"):
        i = key_index[(int(r["year"]), str(r["group"]))]
        e = sq[str(r["episode"])]
        costs.append(float(cost[i, e, int(r["year"]) - first]))
        for j, name in enumerate(PAYER_NAMES):
            share_cols[name].append(float(shares[i, e, j]))
    out["cost_sek"] = costs
    for name in PAYER_NAMES:
        out[f"share_{name}"] = share_cols[name]
    return out


@dataclass(frozen=True)
class Bokslut:
    """Forecast against observed outcomes for the observed years of one
    scenario (build with :func:`bokslut`). Money: SEK in ``price_year``."""

    model: Model
    observed: ObservedOutcomes
    overrides: Mapping[str, float]

    @property
    def price_year(self) -> int:
        return self.model.price_year

    @property
    def years(self) -> tuple[int, ...]:
        return self.observed.years

    @cached_property
    def _priced(self) -> pd.DataFrame:
        return price_observed(self.model, self.observed)

    def _forecast(self, group: str) -> Forecast:
        sizes = self.observed.group_sizes(group)
        return forecast(self.model, list(sizes), list(sizes.values()), dict(self.overrides))

    @cached_property
    def _fc_part(self) -> Forecast:
        """The forecast for the participants' observed group sizes (both arms)."""
        return self._forecast("participants")

    @cached_property
    def _fc_comp(self) -> Forecast | None:
        return self._forecast("comparison") if self.observed.has_comparison else None

    def _observed(self, group: str) -> pd.Series:
        """Observed SEK per ``year, payer, agency`` of ``group``."""
        years = list(self.observed.group_sizes(group))
        res = observed_result(self.model, self.observed, group)
        return by_agency(res, years, where_group(G_SQ))

    # --- tables -----------------------------------------------------------------------
    def costs(self) -> pd.DataFrame:
        """Forecast and observed cost per year, group, payer and agency:
        ``forecast_sek``, ``observed_sek``, ``variance_sek`` (observed minus
        forecast; negative = cheaper than forecast). A transfer is a cost for
        its payer and an income (negative) for the person."""
        parts = [("participants", self._fc_part, G_INT)]
        if self._fc_comp is not None:
            parts.append(("comparison", self._fc_comp, G_SQ))
        frames = []
        for group, fc, g in parts:
            f = fc.by_agency(g).rename("forecast_sek")
            ob = self._observed(group).rename("observed_sek")
            df = pd.concat([f, ob], axis=1).fillna(0.0).reset_index()
            df.insert(1, "group", group)
            frames.append(df)
        out = pd.concat(frames, ignore_index=True)
        out["variance_sek"] = out["observed_sek"] - out["forecast_sek"]
        out["price_year"] = self.price_year
        return out

    def savings(self) -> pd.DataFrame:
        """Forecast and realised savings per year, payer and agency (SEK):
        ``baseline`` says what the participants are compared with."""
        sizes = self.observed.group_sizes("participants")
        fc_sq = self._fc_part.by_agency(G_SQ)
        fc_int = self._fc_part.by_agency(G_INT)
        obs_part = self._observed("participants")
        if self.observed.has_comparison:
            comp = self._observed("comparison")
            csz = self.observed.group_sizes("comparison")
            years = comp.index.get_level_values("year")
            baseline = comp * np.array([sizes[y] / csz[y] for y in years])
            label = "comparison group"
        else:
            baseline = fc_sq
            label = "forecast status quo"
        df = pd.concat(
            [
                fc_sq.rename("fc_sq"),
                fc_int.rename("fc_int"),
                baseline.rename("baseline"),
                obs_part.rename("obs"),
            ],
            axis=1,
        ).fillna(0.0)
        out = pd.DataFrame(
            {
                "forecast_savings_sek": df["fc_sq"] - df["fc_int"],
                "realised_savings_sek": df["baseline"] - df["obs"],
            }
        ).reset_index()
        out["difference_sek"] = out["realised_savings_sek"] - out["forecast_savings_sek"]
        out["baseline"] = label
        out["price_year"] = self.price_year
        return out

    def by_payer(self) -> pd.DataFrame:
        """Per year and payer (plus ``public`` = municipality + region + state
        and ``society`` = all payers): participants' forecast and observed
        cost, forecast and realised savings and the planned intervention cost
        (SEK)."""
        costs = self.costs()
        c = costs[costs["group"] == "participants"].groupby(["year", "payer"])[
            ["forecast_sek", "observed_sek"]
        ]
        s = self.savings().groupby(["year", "payer"])[
            ["forecast_savings_sek", "realised_savings_sek"]
        ]
        inv = self._fc_part.by_agency(G_COST).groupby(["year", "payer"]).sum()
        df = pd.concat([c.sum(), s.sum(), inv.rename("intervention_cost_sek")], axis=1).fillna(0.0)
        df = df.reset_index()
        pub = (
            df[df["payer"].isin([p.value for p in PUBLIC_PAYERS])]
            .groupby("year")
            .sum(numeric_only=True)
        )
        soc = df.groupby("year").sum(numeric_only=True)
        extra = [
            pub.reset_index().assign(payer="public"),
            soc.reset_index().assign(payer="society"),
        ]
        out = pd.concat([df, *extra], ignore_index=True)
        order = {p: i for i, p in enumerate([*PAYER_NAMES, "public", "society"])}
        out = out.sort_values(
            ["year", "payer"], key=lambda s: s.map(order) if s.name == "payer" else s
        ).reset_index(drop=True)
        out["price_year"] = self.price_year
        return out

    def variance(self) -> pd.DataFrame:
        """Per year, group and episode: forecast and observed persons, gross
        cost and cost per person, and the variance split into ``volume_sek``
        and ``unit_cost_sek`` (their sum is ``variance_sek``). Gross cost is
        the item's full cost before the payer split (a transfer at its gross
        amount)."""
        rows = []
        first = int(self.model.years[0])
        pr = self._priced
        parts = [("participants", self._fc_part, G_INT)]
        if self._fc_comp is not None:
            parts.append(("comparison", self._fc_comp, G_SQ))
        pp = self._per_person_cost()
        for group, fc, g in parts:
            cost, persons = fc.result.row_cost, fc.persons
            rows_g = _episode_rows(self.model, g)
            for i, y in enumerate(self.observed.group_sizes(group)):
                t = y - first
                obs = pr[(pr["group"] == group) & (pr["year"] == y)].set_index("episode")
                for ep, e_sq in _episode_rows(self.model, G_SQ).items():
                    e = rows_g.get(ep)
                    p_fc = float(persons[i, e, t]) if e is not None else 0.0
                    k_fc = float(cost[i, e, t]) if e is not None else 0.0
                    o = obs.loc[ep].to_dict() if ep in obs.index else {}
                    p_ob = float(o.get("persons", 0.0))
                    k_ob = float(o.get("cost_sek", 0.0))
                    if p_fc == 0 and p_ob == 0 and k_fc == 0:
                        continue
                    c_fc = k_fc / p_fc if p_fc > 0 else pp[e_sq]
                    c_ob = k_ob / p_ob if p_ob > 0 else 0.0
                    volume = (p_ob - p_fc) * c_fc
                    rows.append(
                        {
                            "year": y,
                            "group": group,
                            "episode": ep,
                            "forecast_persons": p_fc,
                            "observed_persons": p_ob,
                            "forecast_cost_per_person_sek": c_fc,
                            "observed_cost_per_person_sek": c_ob,
                            "forecast_sek": k_fc,
                            "observed_sek": k_ob,
                            "volume_sek": volume,
                            "unit_cost_sek": (k_ob - k_fc) - volume,
                            "variance_sek": k_ob - k_fc,
                        }
                    )
        out = pd.DataFrame(rows)
        out["price_year"] = self.price_year
        return out

    def _per_person_cost(self) -> dict[int, float]:
        """Gross cost per person-year in each status-quo episode at the base
        values (used as the forecast's cost per person where it expects no one)."""
        sq = _episode_rows(self.model, G_SQ)
        over = {f"episode.status_quo.{ep}.probability": 1.0 for ep in sq}
        for name in self.model.param_names:
            if name.startswith("effect.") and name.endswith(".relative_risk"):
                over[name] = 1.0
        cost = forecast(self.model, [self.years[0]], [1.0], over).result.row_cost
        out = {}
        for e in sq.values():
            active = cost[0, e][self.model.mask[e] > 0]
            out[e] = float(active[0]) if len(active) else 0.0
        return out


def bokslut(
    model: Model, observed: ObservedOutcomes, overrides: Mapping[str, float] | None = None
) -> Bokslut:
    """The bokslut of ``observed`` against the forecast of ``model`` (at its
    base values with ``overrides``).

    Example:
        >>> import socinv
        >>> from socinv.followup import bokslut, load_outcomes
        >>> model = socinv.compile_scenario(
        ...     socinv.load_scenario("data/contracts/norrkoping_hvb_scenario.yaml"))
        >>> obs = load_outcomes("data/followup/norrkoping_followup_example.csv", model)
        >>> b = bokslut(model, obs)
        >>> v = b.variance()
        >>> bool(abs((v["volume_sek"] + v["unit_cost_sek"] - v["variance_sek"]).sum()) < 1e-6)
        True
    """
    if observed.scenario != model.scenario.name:
        raise FollowupError(
            observed.source,
            f"the follow-up was validated for scenario {observed.scenario!r}, "
            f"not {model.scenario.name!r}",
        )
    return Bokslut(model, observed, dict(overrides or {}))
