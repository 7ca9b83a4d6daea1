"""Status quo versus intervention: streams, per-payer summary, who invests and
who gains. All money in SEK, in the scenario's price year."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import ValidationError

from socinv.errors import ParameterError, ScenarioError
from socinv.payers import PAYERS, PERSPECTIVES, Perspective, perspective_index
from socinv.scenarios.compile import (
    ARM_OF_GROUP,
    COMPONENT_OF_GROUP,
    Model,
    compile_scenario,
)
from socinv.scenarios.io import format_validation_error, load_scenario
from socinv.scenarios.metrics import NEVER, Metrics, by_perspective, compute_metrics
from socinv.scenarios.models import Scenario
from socinv.unitcosts.catalogue import Catalogue

FloatArray = npt.NDArray[np.float64]


#: Metrics with one value per draw and perspective (all but the yearly cumulative).
_SCALAR_METRICS: tuple[str, ...] = tuple(
    f.name for f in fields(Metrics) if f.name != "cumulative_net_disc"
)


@dataclass(frozen=True)
class Comparison:
    """The deterministic comparison of a compiled scenario at parameters ``theta``."""

    model: Model
    theta: FloatArray  # (1, n_params)
    group_costs: FloatArray  # (1, 3, payers, years), undiscounted SEK
    factors: FloatArray  # (1, years)
    metrics: Metrics

    @property
    def scenario(self) -> Scenario:
        return self.model.scenario

    @property
    def price_year(self) -> int:
        return self.model.price_year

    def metric(self, name: str, perspective: Perspective | str = Perspective.SOCIETY) -> float:
        """One metric (a :class:`Metrics` field) for one perspective."""
        j = perspective_index(perspective)
        values = getattr(self.metrics, name, None) if name in _SCALAR_METRICS else None
        if values is None:
            raise ParameterError(
                f"unknown metric {name!r}; expected one of {', '.join(_SCALAR_METRICS)}"
            )
        return float(values[0, j])

    def npv(self, perspective: Perspective | str = Perspective.SOCIETY) -> float:
        """Net present value (SEK, price year) of the intervention for a perspective."""
        return self.metric("npv", perspective)

    def break_even_year(self, perspective: Perspective | str = Perspective.SOCIETY) -> int | None:
        """Calendar year of break-even, ``None`` if never within the horizon."""
        j = perspective_index(perspective)
        t = int(self.metrics.break_even[0, j])
        return None if t == NEVER else int(self.model.years[t])

    # --- tables -------------------------------------------------------------------
    def summary(self) -> pd.DataFrame:
        """One row per perspective: costs of each arm, intervention cost,
        savings, NPV, ROI, BCR, break-even (model year, calendar year, age)."""
        m = self.metrics
        rows = []
        for j, v in enumerate(PERSPECTIVES):
            t = int(m.break_even[0, j])
            rows.append(
                {
                    "perspective": v.value,
                    "cost_status_quo": m.cost_status_quo[0, j],
                    "cost_status_quo_disc": m.cost_status_quo_disc[0, j],
                    "cost_intervention": m.cost_intervention[0, j],
                    "cost_intervention_disc": m.cost_intervention_disc[0, j],
                    "intervention_cost": m.intervention_cost[0, j],
                    "intervention_cost_disc": m.intervention_cost_disc[0, j],
                    "savings": m.savings[0, j],
                    "savings_disc": m.savings_disc[0, j],
                    "npv": m.npv[0, j],
                    "npv_undiscounted": m.npv_undiscounted[0, j],
                    "roi": m.roi[0, j],
                    "bcr": m.bcr[0, j],
                    "break_even_t": None if t == NEVER else t,
                    "break_even_year": None if t == NEVER else int(self.model.years[t]),
                    "break_even_age": None if t == NEVER else int(self.model.ages[t]),
                    "price_year": self.price_year,
                }
            )
        return pd.DataFrame(rows).set_index("perspective")

    def who_invests_who_gains(self) -> pd.DataFrame:
        """Per payer: what it invests, what it saves and its net (discounted
        SEK), and its role — the omfördelningsproblem in one table."""
        m = self.metrics
        rows = []
        for j, v in enumerate(PERSPECTIVES):
            if v in (Perspective.PUBLIC, Perspective.SOCIETY):
                continue
            inv, sav, net = m.intervention_cost_disc[0, j], m.savings_disc[0, j], m.npv[0, j]
            if abs(inv) < 1e-6 and abs(sav) < 1e-6:
                role = "not affected"
            elif inv > 1e-6:
                role = "invests and gains" if net >= 0 else "invests, net loser"
            else:
                role = "gains" if net >= 0 else "loses"
            rows.append(
                {
                    "payer": v.value,
                    "invests_disc": inv,
                    "saves_disc": sav,
                    "net_disc": net,
                    "role": role,
                }
            )
        return pd.DataFrame(rows).set_index("payer")

    def yearly(self) -> pd.DataFrame:
        """Per perspective and year: status quo, intervention episodes,
        intervention cost (undiscounted), net savings, discounted net savings
        and its cumulative sum."""
        v = by_perspective(self.group_costs)[0]  # (3, V, T)
        d = self.factors[0]
        frames = []
        for j, p in enumerate(PERSPECTIVES):
            sq, iep, ic = v[0, j], v[1, j], v[2, j]
            net = sq - iep - ic
            frames.append(
                pd.DataFrame(
                    {
                        "perspective": p.value,
                        "t": np.arange(self.model.n_years),
                        "year": self.model.years,
                        "age": self.model.ages,
                        "status_quo": sq,
                        "intervention_episodes": iep,
                        "intervention_cost": ic,
                        "net_savings": net,
                        "discount_factor": d,
                        "net_savings_disc": net * d,
                        "cumulative_net_disc": self.metrics.cumulative_net_disc[0, j],
                    }
                )
            )
        return pd.concat(frames, ignore_index=True)

    def streams(self) -> pd.DataFrame:
        """Tidy cost streams: one row per arm, component, payer, item and year,
        with undiscounted and discounted SEK (the cohort; price year in
        ``price_year``). Payer/item pairs with a zero share are left out.
        ``sector`` and ``agency`` are the catalogue row's labels; for the agency
        that bears each payer's share (e.g. the municipality's part of a SiS
        day), use :func:`socinv.fund.attribute_streams`."""
        cost, shares = self.model.row_costs(self.theta)
        cost, shares = cost[0], shares[0]  # (E, T), (E, P)
        d = self.factors[0]
        e_idx, p_idx = np.nonzero(shares)
        T = self.model.n_years
        values = cost[e_idx] * shares[e_idx, p_idx][:, None]  # (pairs, T)
        rows = self.model.rows
        items = {it.id: it for it in self.model.items}
        groups = np.array([rows[e].group for e in e_idx], dtype=np.intp)
        item_ids = np.array([rows[e].item for e in e_idx], dtype=object)
        rep = np.repeat
        df = pd.DataFrame(
            {
                "scenario": self.scenario.name,
                "arm": rep(np.array(ARM_OF_GROUP, dtype=object)[groups], T),
                "component": rep(np.array(COMPONENT_OF_GROUP, dtype=object)[groups], T),
                "episode": rep(np.array([rows[e].episode for e in e_idx], dtype=object), T),
                "payer": rep(np.array([PAYERS[p].value for p in p_idx], dtype=object), T),
                "kind": rep(np.array([items[i].kind.value for i in item_ids], dtype=object), T),
                "item": rep(item_ids, T),
                "name_sv": rep(np.array([items[i].name_sv for i in item_ids], dtype=object), T),
                "sector": rep(np.array([items[i].sector for i in item_ids], dtype=object), T),
                "agency": rep(np.array([items[i].agency for i in item_ids], dtype=object), T),
                "t": np.tile(np.arange(T), len(e_idx)),
                "year": np.tile(self.model.years, len(e_idx)),
                "age": np.tile(self.model.ages, len(e_idx)),
                "cost_sek": values.reshape(-1),
                "cost_disc_sek": (values * d[None, :]).reshape(-1),
            }
        )
        df["price_year"] = self.price_year
        return df

    def unit_costs_used(self) -> pd.DataFrame:
        """The catalogue rows the scenario uses, in its price year, with sources.
        ``value_sek`` is the value this comparison used (an override of
        ``unit_cost.<id>`` shows here); ``catalogue_value_sek`` the rebased
        catalogue value."""
        df = self.model.catalogue.to_frame().set_index("id")
        ids = [it.id for it in self.model.items]
        df = df.loc[ids]
        df.insert(2, "catalogue_value_sek", df["value_sek"])
        df["value_sek"] = self.theta[0, self.model.item_param]
        return df.reset_index()


def compare_model(model: Model, overrides: Mapping[str, float] | None = None) -> Comparison:
    """Evaluate a compiled model at its base values (with ``overrides``)."""
    theta = model.theta(overrides, n=1)
    groups = model.group_costs(theta)
    factors = model.discount_factors(theta)
    return Comparison(model, theta, groups, factors, compute_metrics(groups, factors))


def compare(
    scenario: Scenario | str | Path,
    *,
    catalogue: Catalogue | None = None,
    price_year: int | None = None,
    rate: float | None = None,
    overrides: Mapping[str, float] | None = None,
) -> Comparison:
    """Load (if a path), compile and compare a scenario in one call.

    ``price_year`` and ``rate`` replace the scenario's own; ``overrides`` sets
    named parameters (see :attr:`Model.param_names`).
    """
    base_dir: Path | None = None
    if isinstance(scenario, str | Path):
        base_dir = Path(scenario).resolve().parent
        scenario = load_scenario(scenario)
    scenario = with_settings(scenario, price_year=price_year, rate=rate)
    return compare_model(compile_scenario(scenario, catalogue, base_dir=base_dir), overrides)


def with_settings(
    scenario: Scenario, *, price_year: int | None = None, rate: float | None = None
) -> Scenario:
    """A copy of ``scenario`` with another price year and/or constant discount rate."""
    update: dict[str, object] = {}
    if price_year is not None:
        update["price_year"] = price_year
    if rate is not None:
        update["discounting"] = scenario.discounting.model_copy(
            update={"rate": rate, "schedule": None}
        )
    if not update:
        return scenario
    try:
        return Scenario.model_validate(
            {
                **scenario.model_dump(),
                **{
                    k: (v.model_dump() if hasattr(v, "model_dump") else v)
                    for k, v in update.items()
                },
            }
        )
    except ValidationError as exc:
        given = ", ".join(
            f"{k}={v!r}" for k, v in (("price_year", price_year), ("rate", rate)) if v is not None
        )
        source = f"scenario {scenario.name!r} with {given}"
        raise ScenarioError(format_validation_error(exc, source)) from None
