"""The ``population:`` block of a scenario (validated input only).

Sizes are persons. ``count`` gives the cohort directly; ``birth_year`` takes
the live births of that year from ``data/births_se.csv`` times ``share``.
Each subgroup has a ``count`` or a ``share`` of that base, a start age (the
age at which its members enter the trajectory; default the scenario's
``start_age``) and a sex (``men``/``women`` of the life table; ``all``
averages the two). ``inflow_years`` > 1 means a new identical cohort enters
every year for that many years.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from socinv.errors import ScenarioError
from socinv.limits import AGE, BIRTH_YEAR, HAZARD_RATIO, HORIZON, PERSONS, SHARE

Sex = Literal["men", "women", "all"]
_Share = Annotated[float, SHARE.field()]
_Count = Annotated[float, PERSONS.field()]
_Ratio = Annotated[float, HAZARD_RATIO.field()]


class PopulationError(ScenarioError):
    """A population block that cannot be evaluated (names file and field)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Mortality(_Strict):
    """Weight every stream by survival from the life table (on by default).

    ``hazard_ratio`` is the excess mortality of the group relative to the
    general population (1 = none); a subgroup may give its own. Each becomes
    the parameter ``mortality.<group>.hazard_ratio``.
    """

    enabled: bool = True
    hazard_ratio: _Ratio = 1.0


class Subgroup(_Strict):
    """Part of the population with its own size, start age and sex."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")]
    count: _Count | None = None
    share: _Share | None = None
    start_age: Annotated[int, AGE.field()] | None = None
    sex: Sex = "all"
    hazard_ratio: _Ratio | None = None

    @model_validator(mode="after")
    def _one_size(self) -> Subgroup:
        if (self.count is None) == (self.share is None):
            raise ValueError("give either count (persons) or share (of the population base)")
        return self


class Population(_Strict):
    """Who follows the trajectory: a count or a birth cohort x share."""

    count: _Count | None = None
    birth_year: Annotated[int, BIRTH_YEAR.field()] | None = None
    share: _Share = 1.0
    sex: Sex = "all"
    inflow_years: Annotated[int, HORIZON.field()] = 1
    subgroups: tuple[Subgroup, ...] = ()
    mortality: Mortality = Mortality()

    @model_validator(mode="after")
    def _one_base(self) -> Population:
        if (self.count is None) == (self.birth_year is None):
            raise ValueError("give either count (persons) or birth_year (births x share)")
        seen: set[str] = set()
        for g in self.subgroups:
            if g.id in seen:
                raise ValueError(f"subgroups: id {g.id!r} is used twice")
            seen.add(g.id)
        shares = sum(g.share for g in self.subgroups if g.share is not None)
        if shares > 1.0 + 1e-12:
            raise ValueError(f"subgroups: shares sum to {shares:g}, above 1")
        return self
