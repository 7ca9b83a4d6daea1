"""Status quo versus intervention: streams, per-payer summary, who invests and
who gains. All money in SEK, in the scenario's price year."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from socinv.errors import OffenceChainError, OutsideFolderError, ParameterError, ScenarioError
from socinv.payers import PERSPECTIVES, Payer, Perspective, perspective_index
from socinv.population.spec import PopulationError
from socinv.scenarios.compile import Model, compile_scenario
from socinv.scenarios.io import format_validation_error, load_scenario
from socinv.scenarios.metrics import (
    NEGLIGIBLE_SEK,
    NEVER,
    SCALAR_METRICS,
    SEK_METRICS,
    Metrics,
    break_even_status,
    by_perspective,
    perspective_matrix,
)
from socinv.scenarios.models import Scenario
from socinv.scenarios.result import Result, evaluate_result
from socinv.unitcosts.catalogue import Catalogue

if TYPE_CHECKING:
    import pandas as pd

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Comparison:
    """The deterministic comparison of a compiled scenario at parameters ``theta``."""

    model: Model
    theta: FloatArray  # (1, n_params)
    group_costs: FloatArray  # (1, 3, payers, years), undiscounted SEK
    factors: FloatArray  # (1, years)
    metrics: Metrics
    result: Result | None = field(default=None, repr=False, compare=False)

    @cached_property
    def labelled(self) -> Result:
        """The one labelled result this comparison reduces (see
        :mod:`socinv.scenarios.result`)."""
        return self.result if self.result is not None else evaluate_result(self.model, self.theta)

    @property
    def scenario(self) -> Scenario:
        return self.model.scenario

    @property
    def price_year(self) -> int:
        return self.model.price_year

    def metric(self, name: str, perspective: Perspective | str = Perspective.SOCIETY) -> float:
        """One metric (a :class:`Metrics` field) for one perspective."""
        j = perspective_index(perspective)
        values = getattr(self.metrics, name, None) if name in SCALAR_METRICS else None
        if values is None:
            raise ParameterError(
                f"unknown metric {name!r}; expected one of {', '.join(SCALAR_METRICS)}"
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

    def break_even_status(self, perspective: Perspective | str = Perspective.SOCIETY) -> str:
        """``never``, ``not affected``, ``never behind`` or ``year`` (the one
        rule, :func:`~socinv.scenarios.metrics.break_even_status`)."""
        j = perspective_index(perspective)
        m = self.metrics
        return break_even_status(
            int(m.break_even[0, j]),
            float(m.intervention_cost_disc[0, j]),
            float(m.savings_disc[0, j]),
        )

    # --- tables -------------------------------------------------------------------
    @cached_property
    def summary_rows(self) -> tuple[dict[str, Any], ...]:
        """The rows of :meth:`summary` as plain records, one per perspective
        (``perspective`` first), without building a DataFrame: what a text
        table reads."""
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
                    "break_even_status": break_even_status(
                        t, m.intervention_cost_disc[0, j], m.savings_disc[0, j]
                    ),
                    "price_year": self.price_year,
                }
            )
        return tuple(rows)

    @cached_property
    def _summary(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(list(self.summary_rows)).set_index("perspective")

    def summary(self, *, formatted: bool = False) -> pd.DataFrame:
        """One row per perspective: costs of each arm, intervention cost,
        savings, NPV, ROI, BCR, break-even (model year, calendar year, age and
        :func:`~socinv.scenarios.metrics.break_even_status`). SEK in the
        price year. ``formatted`` gives the same table as text (money with
        thousands separators, ratios with two decimals)."""
        df = self._summary.copy()
        if not formatted:
            return df
        from socinv._display import format_frame

        return format_frame(
            df,
            money=SEK_METRICS,
            ratios=("roi", "bcr"),
            ints=("break_even_t", "break_even_year", "break_even_age", "price_year"),
        )

    def tidy(self) -> pd.DataFrame:
        """Every scalar metric in long form: ``draw, perspective, metric,
        value`` (SEK in the price year; ratios; break-even as a model year
        index, -1 never)."""
        return tidy_metrics(self.metrics)

    def __repr__(self) -> str:
        from socinv.formatting import sek

        be = self.break_even_year()
        return (
            f"<Comparison {self.scenario.name!r}: society NPV {sek(self.npv(), unit='SEK')} "
            f"({self.price_year} prices), break-even "
            f"{be if be is not None else 'not within the horizon'}>"
        )

    def _repr_html_(self) -> str:
        from socinv._display import html

        cols = ["npv", "savings_disc", "intervention_cost_disc", "roi", "bcr", "break_even_year"]
        return html(repr(self)[1:-1], self.summary(formatted=True)[cols])

    def who_invests_who_gains(self) -> pd.DataFrame:
        """Per payer: what it invests, what it saves and its net (discounted
        SEK), and its role — the omfördelningsproblem in one table."""
        import pandas as pd

        return pd.DataFrame(list(self.payer_rows)).set_index("payer")

    @cached_property
    def payer_rows(self) -> tuple[dict[str, Any], ...]:
        """The rows of :meth:`who_invests_who_gains` as plain records, one per
        payer (``payer`` first), without building a DataFrame."""
        m = self.metrics
        rows = []
        for j, v in enumerate(PERSPECTIVES):
            if v in (Perspective.PUBLIC, Perspective.SOCIETY):
                continue
            inv, sav, net = m.intervention_cost_disc[0, j], m.savings_disc[0, j], m.npv[0, j]
            if abs(inv) < NEGLIGIBLE_SEK and abs(sav) < NEGLIGIBLE_SEK:
                role = "not affected"
            elif inv >= NEGLIGIBLE_SEK:
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
        return tuple(rows)

    def investing_payer(self) -> str:
        """The payer that bears most of the intervention's cost (present value);
        :class:`ScenarioError` if no payer bears any."""
        return investing_payer(self)

    def yearly(self) -> pd.DataFrame:
        """Per perspective and year: status quo, intervention episodes,
        intervention cost (undiscounted), net savings, discounted net savings
        and its cumulative sum. ``discount_factor`` is the scenario
        convention's (the episodes'); the intervention's own cost in
        ``net_savings_disc`` is discounted at its timing (start of the year
        unless the cost says otherwise)."""
        return self._yearly.copy()

    @cached_property
    def _yearly(self) -> pd.DataFrame:
        import pandas as pd

        v = by_perspective(self.group_costs)[0]  # (3, V, T)
        d = self.factors[0]
        # the intervention's own cost at its timing (start of year by default)
        ic_disc = self.labelled.investment(keep=("payer",), discounted=True)[0].T @ (
            perspective_matrix()
        )  # (T, V)
        frames = []
        for j, p in enumerate(PERSPECTIVES):
            sq, iep, ic = v[0, j], v[1, j], v[2, j]
            net = sq - iep - ic
            net_disc = (sq - iep) * d - ic_disc[:, j]
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
                        "net_savings_disc": net_disc,
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
        day), use ``self.labelled.streams(attributed=True)``."""
        return self._streams.copy()

    @cached_property
    def _streams(self) -> pd.DataFrame:
        return self.labelled.streams()

    def cost_of_exclusion(self) -> pd.DataFrame:
        """The status quo's cost (minus an inclusion trajectory's in a pair)
        per payer and kind, undiscounted and present value
        (:func:`socinv.scenarios.exclusion.cost_of_exclusion`)."""
        from socinv.scenarios.exclusion import cost_of_exclusion

        return cost_of_exclusion(self)

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


def tidy_metrics(metrics: Metrics) -> pd.DataFrame:
    """Scalar metrics ``(draws, perspectives)`` in long form: ``draw,
    perspective, metric, value``."""
    import pandas as pd

    n = metrics.npv.shape[0]
    names = [p.value for p in PERSPECTIVES]
    frames = [
        pd.DataFrame(
            {
                "draw": np.repeat(np.arange(n), len(names)),
                "perspective": np.tile(names, n),
                "metric": name,
                "value": np.asarray(getattr(metrics, name), dtype=float).reshape(-1),
            }
        )
        for name in SCALAR_METRICS
    ]
    return pd.concat(frames, ignore_index=True)


def investing_payer(cmp: Comparison) -> str:
    """The payer that bears most of the intervention's cost (present value)."""
    w = cmp.who_invests_who_gains()
    inv = w["invests_disc"]
    if not (inv > 0).any():
        raise ScenarioError(
            f"scenario {cmp.scenario.name!r}: the intervention has no cost for any payer; "
            "there is no investing payer"
        )
    return str(inv.idxmax())


def compare_model(model: Model, overrides: Mapping[str, float] | None = None) -> Comparison:
    """Evaluate a compiled model at its base values (with ``overrides``): the
    labelled result (:func:`~socinv.scenarios.result.evaluate_result`) and its
    metrics."""
    res = evaluate_result(model, model.theta(overrides, n=1))
    return Comparison(model, res.theta, res.group_costs(), res.factors, res.metrics, res)


def compare(
    scenario: Scenario | str | Path,
    *,
    catalogue: Catalogue | None = None,
    price_year: int | None = None,
    rate: float | None = None,
    overrides: Mapping[str, float] | None = None,
    to_age: int | None = None,
) -> Comparison:
    """Load (if a path), compile and compare a scenario in one call.

    ``price_year`` and ``rate`` replace the scenario's own; ``overrides`` sets
    named parameters (see :attr:`Model.param_names`); ``to_age`` ends the
    horizon at that age (see :func:`load_model`).

    Example:
        >>> import socinv
        >>> cmp = socinv.compare("data/scenarios/foster_care_school_support.yaml")
        >>> bool(cmp.npv("society") == cmp.summary().loc["society", "npv"])
        True
        >>> payers = ("municipality", "region", "state", "individual", "other")
        >>> bool(abs(sum(cmp.npv(p) for p in payers) - cmp.npv("society")) < 1e-6)
        True
    """
    model = load_model(
        scenario, catalogue=catalogue, price_year=price_year, rate=rate, to_age=to_age
    )
    return compare_model(model, overrides)


def with_settings(
    scenario: Scenario,
    *,
    price_year: int | None = None,
    rate: float | None = None,
    start_year: int | None = None,
) -> Scenario:
    """A copy of ``scenario`` with another price year, constant discount rate
    and/or first calendar year (a discounting base year moves with it)."""
    update: dict[str, object] = {}
    if price_year is not None:
        update["price_year"] = price_year
    disc = scenario.discounting
    if rate is not None:
        disc = disc.model_copy(update={"rate": rate, "schedule": None})
    if start_year is not None and start_year != scenario.start_year:
        update["start_year"] = start_year
        if disc.base_year is not None:
            disc = disc.model_copy(
                update={"base_year": disc.base_year + start_year - scenario.start_year}
            )
    if disc is not scenario.discounting:
        update["discounting"] = disc
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
            f"{k}={v!r}"
            for k, v in (("price_year", price_year), ("rate", rate), ("start_year", start_year))
            if v is not None
        )
        source = f"scenario {scenario.name!r} with {given}"
        raise ScenarioError(format_validation_error(exc, source)) from None


def load_model(
    scenario: Scenario | Model | str | Path,
    *,
    price_year: int | None = None,
    rate: float | None = None,
    catalogue: Catalogue | None = None,
    start_year: int | None = None,
    base_dir: str | Path | None = None,
    agency_levels: Mapping[str, Payer] | None = None,
    to_age: int | None = None,
    roots: Sequence[str | Path] = (),
) -> Model:
    """The one way from a scenario to a compiled model.

    ``scenario`` is a file (.yaml/.json; paths in its ``catalogue.extra``
    resolved against the file's folder), a validated :class:`Scenario`
    (extra paths resolved against ``base_dir``, default the working folder)
    or an already compiled :class:`Model` (returned as is; settings are then
    an error). ``price_year``, ``rate`` (a constant real rate, 0.035 = 3.5 %)
    and ``start_year`` replace the scenario's own; ``catalogue`` replaces the
    shipped unit costs; ``agency_levels`` names local committees and their
    payer for the agency attribution. ``to_age`` ends the horizon at that
    age (included): episodes, effects and costs are clipped to it and those
    starting later dropped, e.g. to report a published "up to age 30" figure
    from a lifetime trajectory. The ``catalogue.extra`` files must lie in the
    scenario's folder tree (``base_dir``) or under one of ``roots``.

    Example:
        >>> import socinv
        >>> socinv.load_model(
        ...     "data/scenarios/foster_care_school_support.yaml", to_age=30
        ... ).scenario.end_age
        30
        >>> model = socinv.load_model(
        ...     "data/scenarios/foster_care_school_support.yaml", rate=0.035
        ... )
        >>> model.param_names[0]
        'unit_cost.familjehem_manad'
        >>> model.price_year == model.scenario.price_year
        True
    """
    if isinstance(scenario, Model):
        settings = (price_year, rate, catalogue, start_year, base_dir, agency_levels, to_age)
        if any(x is not None for x in settings):
            raise ParameterError(
                "a compiled model cannot take new settings; pass the scenario file instead"
            )
        return scenario
    path = None
    if isinstance(scenario, str | Path):
        path = Path(scenario)
        if base_dir is None:
            base_dir = path.resolve().parent
        scenario = load_scenario(path)
    scenario = with_settings(scenario, price_year=price_year, rate=rate, start_year=start_year)
    if to_age is not None:
        from socinv.cases.compare import truncate_scenario

        scenario = truncate_scenario(scenario, to_age)
    try:
        return compile_scenario(
            scenario, catalogue, base_dir=base_dir, agency_levels=agency_levels, roots=roots
        )
    except (PopulationError, OffenceChainError, OutsideFolderError) as exc:
        if path is None:
            raise
        raise type(exc)(f"{path}: {exc}") from None
