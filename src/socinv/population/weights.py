"""The population compiled to numbers: each group's share of the cohort and
its survival weight by model year.

For group ``g`` (size ``n_g``, start age ``a_g``, sex ``s_g``, hazard ratio
``h_g``) and model year ``t`` (age ``x = start_age + t``)::

    weight[t] = sum_g (n_g / N) * [x >= a_g] * S_g(x)
    S_g(x)    = prod over ages a_g <= y < x of (1 - q_s(y)) ** h_g

(``S = 1`` with mortality switched off). A year's costs are borne by those
alive at its start. Sex ``all`` averages the men's and women's survival
(half each at the start age). ``N = sum n_g`` is the ``cohort.size``
parameter, so every stream of the compiled model is per cohort, and the
per-person stream is the cohort stream divided by ``N``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from socinv.population.spec import Population, PopulationError

if TYPE_CHECKING:
    from socinv.scenarios.models import Scenario

FloatArray = npt.NDArray[np.float64]
AddParam = Callable[[str, float, float, float, str, str], int]


@dataclass(frozen=True)
class Group:
    """One population group as compiled: ``fraction`` of the cohort, model
    year ``offset`` at which it enters, death risks by age for each sex it
    mixes (``q_by_sex``), and the column of its hazard ratio in ``theta``."""

    id: str
    size: float
    fraction: float
    offset: int
    q_by_sex: tuple[FloatArray, ...]
    hazard_idx: int


@dataclass(frozen=True)
class CompiledPopulation:
    """The ``population:`` block ready to weight streams (see module doc)."""

    spec: Population
    groups: tuple[Group, ...]
    size: float
    n_years: int
    mortality: bool

    @property
    def inflow_years(self) -> int:
        return self.spec.inflow_years

    def year_weight(self, theta: FloatArray) -> FloatArray:
        """``(n, n_years)``: survivors of the cohort per starting person, by
        model year (1 in year 0 for a single group entering at the start)."""
        n, T = theta.shape[0], self.n_years
        out = np.zeros((n, T))
        for g in self.groups:
            span = T - g.offset
            if self.mortality:
                hr = theta[:, g.hazard_idx]
                surv = np.zeros((n, span))
                for q in g.q_by_sex:
                    p = (1.0 - q[None, : span - 1]) ** hr[:, None]
                    s = np.concatenate([np.ones((n, 1)), np.cumprod(p, axis=1)], axis=1)
                    surv += s / len(g.q_by_sex)
            else:
                surv = np.ones((n, span))
            out[:, g.offset :] += g.fraction * surv
        return out


def compile_population(scenario: Scenario, add: AddParam) -> CompiledPopulation:
    """Sizes, start ages and survival of ``scenario.population``; adds one
    ``mortality.<group>.hazard_ratio`` parameter per group through ``add``
    (the compiler's parameter builder). Errors name the field."""
    pop = scenario.population
    assert pop is not None
    where = "population"
    if pop.count is not None:
        base = float(pop.count)
    else:
        from socinv.unitcosts.series import load_births

        assert pop.birth_year is not None
        try:
            base = load_births().cohort(pop.birth_year) * pop.share
        except KeyError as exc:
            raise PopulationError(f"{where}.birth_year: {exc.args[0]}") from None
    groups_in = pop.subgroups or ()
    if pop.inflow_years > scenario.horizon_years:
        raise PopulationError(
            f"{where}.inflow_years {pop.inflow_years} is beyond the horizon of "
            f"{scenario.horizon_years} years"
        )
    table = None
    if pop.mortality.enabled:
        from socinv.unitcosts.series import load_life_table

        table = load_life_table()
    specs: list[tuple[str, float, int, str, float]] = []
    if not groups_in:
        specs.append(("population", base, scenario.start_age, pop.sex, pop.mortality.hazard_ratio))
    for i, g in enumerate(groups_in):
        size = float(g.count) if g.count is not None else base * float(g.share or 0.0)
        start = scenario.start_age if g.start_age is None else g.start_age
        if not scenario.start_age <= start <= scenario.end_age:
            raise PopulationError(
                f"{where}.subgroups[{i}] ({g.id}).start_age {start} is outside the scenario's "
                f"ages {scenario.start_age}..{scenario.end_age}"
            )
        hr = pop.mortality.hazard_ratio if g.hazard_ratio is None else g.hazard_ratio
        specs.append((g.id, size, start, g.sex, hr))
    total = sum(s[1] for s in specs)
    add("cohort.size", total, 0.0, float("inf"), "persons", "cohort size (population block)")
    groups = []
    for i, (gid, size, start, sex, hr) in enumerate(specs):
        field = f"{where}.subgroups[{i}] ({gid})" if groups_in else where
        qs: tuple[FloatArray, ...] = ()
        if table is not None:
            if start > table.max_age or scenario.end_age - 1 > table.max_age:
                raise PopulationError(
                    f"{field}.start_age {start}: ages {start}..{scenario.end_age} are outside "
                    f"the life table (ages 0..{table.max_age})"
                )
            sexes = ("men", "women") if sex == "all" else (sex,)
            qs = tuple(np.asarray(table.q[s], dtype=float)[start:] for s in sexes)
        idx = add(
            f"mortality.{gid}.hazard_ratio",
            hr,
            0.0,
            float("inf"),
            "ratio",
            f"{gid}: excess mortality (hazard ratio to the general population)",
        )
        groups.append(
            Group(
                id=gid,
                size=size,
                fraction=size / total if total > 0 else 0.0,
                offset=start - scenario.start_age,
                q_by_sex=qs,
                hazard_idx=idx,
            )
        )
    return CompiledPopulation(
        spec=pop,
        groups=tuple(groups),
        size=total,
        n_years=scenario.horizon_years,
        mortality=table is not None,
    )
