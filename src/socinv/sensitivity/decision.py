"""Decision measures of a Monte Carlo run, per perspective: the probability
that investing is the better choice, the expected value of perfect
information (EVPI) and per-parameter-group EVPPI for invest / don't invest
(:mod:`socinv.sensitivity.voi`), and the payback curve
(:mod:`socinv.sensitivity.payback`). Money: SEK in the scenario's price year,
present values at its discounting base year."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from socinv.errors import ParameterError
from socinv.payers import Perspective, perspective_index
from socinv.scenarios.compile import Model
from socinv.sensitivity.fixed import Hinge
from socinv.sensitivity.montecarlo import MonteCarloResult
from socinv.sensitivity.voi import evpi, evppi, invest_options, parameter_groups, prob_best

DECISION_COLUMNS = ["perspective", "prob_invest_best", "expected_npv", "evpi"]
EVPPI_COLUMNS = ["perspective", "group", "parameters", "evppi", "evpi", "share_of_evpi"]


def _which(perspectives: Sequence[Perspective | str] | None, res: MonteCarloResult) -> list[str]:
    cols = list(res.npv.columns)
    if perspectives is None:
        return cols
    return [cols[perspective_index(p)] for p in perspectives]


def decision_table(
    res: MonteCarloResult, perspectives: Sequence[Perspective | str] | None = None
) -> pd.DataFrame:
    """Per perspective: ``prob_invest_best`` (share of draws with NPV > 0),
    ``expected_npv`` and ``evpi`` (SEK) of the invest / don't-invest decision.

    Example:
        >>> from socinv.sensitivity import load_model, monte_carlo
        >>> m = load_model("data/scenarios/foster_care_school_support.yaml")
        >>> res = monte_carlo(m, 2000, seed=1)
        >>> t = decision_table(res, ["society"])
        >>> bool(0 < t.loc[0, "prob_invest_best"] < 1 and t.loc[0, "evpi"] > 0)
        True
    """
    rows = []
    for p in _which(perspectives, res):
        nb = invest_options(res.npv[p].to_numpy())
        rows.append((p, float(prob_best(nb)[1]), float(nb[:, 1].mean()), evpi(nb)))
    return pd.DataFrame(rows, columns=DECISION_COLUMNS)


def evppi_table(
    res: MonteCarloResult,
    perspectives: Sequence[Perspective | str] | None = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """EVPPI (SEK) of each parameter group for invest / don't invest, per
    perspective; ``groups`` defaults to :func:`~socinv.sensitivity.voi.parameter_groups`
    of the varied parameters. Needs a run with ``keep_draws=True``."""
    if res.draws is None:
        raise ParameterError(
            "EVPPI needs the drawn parameter values: run monte_carlo(..., keep_draws=True)"
        )
    varied = list(res.uncertainty.varying)
    chosen = dict(groups) if groups is not None else parameter_groups(varied)
    rows = []
    for p in _which(perspectives, res):
        nb = invest_options(res.npv[p].to_numpy())
        total = evpi(nb)
        for label, names in chosen.items():
            unknown = [n for n in names if n not in res.draws.columns]
            if unknown:
                raise ParameterError(f"EVPPI group {label!r}: {unknown} were not drawn")
            value = evppi(nb, res.draws[list(names)].to_numpy())
            share = value / total if total > 0 else 0.0
            rows.append((p, label, ", ".join(names), value, total, share))
    return pd.DataFrame(rows, columns=EVPPI_COLUMNS)


def parameter_sheets(
    varied: pd.DataFrame, fixed: pd.DataFrame, warnings: Sequence[str]
) -> dict[str, pd.DataFrame]:
    """Workbook sheets of what a Monte Carlo run varied and held fixed, and its
    warnings (a sheet only if there are any): name -> table."""
    out = {"MC varied": varied, "MC held fixed": fixed.copy()}
    if warnings:
        out["MC warnings"] = pd.DataFrame({"warning": list(warnings)})
    return out


@dataclass(frozen=True)
class UncertaintyTables:
    """What a report shows about a Monte Carlo run, as tables (money: SEK,
    the scenario's price year): ``varied`` and ``fixed`` parameters,
    ``warnings`` (fixed inputs the result hinges on), ``decision`` and
    ``evppi`` per perspective, the ``payback`` curve, and for a scenario
    without an intervention the status quo's ``cost`` per perspective."""

    n: int
    seed: int
    varied: pd.DataFrame
    fixed: pd.DataFrame
    warnings: tuple[str, ...]
    decision: pd.DataFrame
    evppi: pd.DataFrame | None
    payback: pd.DataFrame
    cost: pd.DataFrame | None = None
    hinges: tuple[Hinge, ...] = ()  # ``warnings`` as data (socinv.sensitivity.fixed)

    def sheets(self) -> dict[str, pd.DataFrame]:
        """Workbook sheets: name -> table (varied and fixed parameters with
        warnings, decision measures, EVPPI, payback curve, status-quo cost)."""
        out = parameter_sheets(self.varied, self.fixed, self.warnings)
        if self.cost is not None:
            out["MC status quo cost"] = self.cost
            return out
        out["MC decision"] = self.decision
        if self.evppi is not None:
            out["MC EVPPI"] = self.evppi
        out["MC payback"] = self.payback
        return out


def uncertainty_tables(model: Model, res: MonteCarloResult) -> UncertaintyTables:
    """The tables of :class:`UncertaintyTables` for run ``res`` of ``model``."""
    from socinv.sensitivity.exclusion import cost_of_exclusion, is_cost_of_exclusion
    from socinv.sensitivity.payback import payback_curve

    cost = (
        cost_of_exclusion(model, res.n, res.seed, res.uncertainty)
        if is_cost_of_exclusion(model)
        else None
    )
    return UncertaintyTables(
        n=res.n,
        seed=res.seed,
        varied=res.varied(),
        fixed=res.fixed(),
        warnings=res.warnings,
        decision=decision_table(res),
        evppi=evppi_table(res) if res.draws is not None else None,
        payback=payback_curve(res),
        cost=cost,
        hinges=res.uncertainty.hinges,
    )
