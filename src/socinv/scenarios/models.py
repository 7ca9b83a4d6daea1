"""Scenario input models: episodes, effects, intervention costs, scenarios.

All quantities are per person (the average person of the cohort) and per
year, in the catalogue item's unit (e.g. 120 ``dygn`` a year). Ages are whole
years; an age span ``from_age..to_age`` includes both ends. Model year ``t``
is the year the person is ``start_age + t`` years old, calendar year
``start_year + t``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from socinv.discounting import Convention, Discounting
from socinv.fiscal import TaxWedge
from socinv.justice.offences import Offence
from socinv.limits import (
    BASE_YEAR_SPAN,
    COHORT,
    HORIZON,
    PRICE_YEAR,
    YEAR,
)
from socinv.population.spec import Population
from socinv.scenarios.parts import (
    Age,
    AgeSpan,
    Amount,
    Effect,
    Episode,
    Event,
    Factor,
    InterventionCost,
    Probability,
    ProductionLoss,
    Quantity,
    _check_name,
    _Strict,
)

__all__ = [
    "Age",
    "AgeSpan",
    "Alternative",
    "Amount",
    "Arm",
    "CatalogueRef",
    "Effect",
    "Episode",
    "Event",
    "Factor",
    "Intervention",
    "InterventionCost",
    "Probability",
    "ProductionLoss",
    "Quantity",
    "Scenario",
]


class Arm(_Strict):
    """One trajectory (status quo): a label, its episodes, events, offences
    priced along the justice chain (:class:`socinv.justice.Offence`) and
    production losses."""

    label: str = ""
    episodes: tuple[Episode, ...] = ()
    events: tuple[Event, ...] = ()
    offences: tuple[Offence, ...] = ()
    production: tuple[ProductionLoss, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> Arm:
        ids = [e.id for e in self.episodes + self.events] + [p.id for p in self.production]
        ids += [o.id for o in self.offences]
        _unique_ids("episodes, events, offences and production", ids)
        shared: dict[str, Offence] = {}
        for i, o in enumerate(self.offences):
            first = shared.setdefault(o.chain, o) if o.chain else o
            if first.inputs() != o.inputs():
                raise ValueError(
                    f"offences[{i}] ({o.id}) shares chain {o.chain!r} with {first.id!r} but "
                    "gives other step inputs; give the same values or another chain name"
                )
        return self

    def offence_spans(self) -> dict[str, Episode]:
        """Each offence entry's ages as an episode-like span (what an effect on
        the offence, ``episode: <offence id>``, is checked against)."""
        return {
            o.id: Episode(
                id=o.id,
                item=o.offence,
                quantity=o.yearly_rate,
                from_age=o.ages[0],
                to_age=o.ages[1],
            )
            for o in self.offences
        }

    @property
    def trajectory(self) -> tuple[Episode, ...]:
        """Episodes, then events (:meth:`Event.as_episode`), then production
        losses (:meth:`ProductionLoss.as_episode`) as yearly lines."""
        return (
            self.episodes
            + tuple(e.as_episode() for e in self.events)
            + tuple(p.as_episode() for p in self.production)
        )


class Intervention(_Strict):
    """The early intervention: its own ``costs`` and either ``effects`` on the
    status-quo episodes or a trajectory of its own (``episodes``)."""

    label: str = ""
    costs: tuple[InterventionCost, ...] = ()
    effects: tuple[Effect, ...] = ()
    episodes: tuple[Episode, ...] | None = None
    note: str = ""

    @model_validator(mode="after")
    def _one_form(self) -> Intervention:
        if self.episodes is not None and self.effects:
            raise ValueError(
                "give either effects on the status-quo episodes or the intervention's own "
                "episodes, not both"
            )
        _unique_ids("costs", [c.id for c in self.costs])
        _unique_ids("effects", [e.id for e in self.effects])
        if self.episodes is not None:
            _unique_ids("episodes", [e.id for e in self.episodes])
        return self


class Alternative(Intervention):
    """One of several interventions in one file (``interventions:``), each
    compared with the same status quo; ``id`` names it in every output."""

    id: str

    _check_id = field_validator("id")(_check_name)

    def as_intervention(self) -> Intervention:
        """The same intervention without its id (what the compiler reads)."""
        return Intervention.model_validate(self.model_dump(exclude={"id"}))


class CatalogueRef(_Strict):
    """Extra unit-cost CSV files (paths relative to the scenario file) merged
    over the shipped catalogue; later files win."""

    extra: tuple[str, ...] = ()


class Scenario(_Strict):
    """A comparison of status quo with an intervention for a cohort.

    Money is in ``price_year`` prices; present values refer to the
    discounting base year (default ``start_year``).
    """

    name: str
    title: str = ""
    description: str = ""
    start_age: Age
    horizon_years: Annotated[int, HORIZON.field(description="number of model years")]
    start_year: Annotated[int, YEAR.field(description="calendar year of model year 0")]
    price_year: Annotated[int, PRICE_YEAR.field()]
    cohort_size: Annotated[float, COHORT.field()] = 1.0
    discounting: Discounting = Discounting()
    tax_wedge: TaxWedge | None = None
    catalogue: CatalogueRef = CatalogueRef()
    status_quo: Arm
    intervention: Intervention = Field(default_factory=Intervention)
    interventions: tuple[Alternative, ...] = ()
    population: Population | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    uncertainty: dict[str, dict[str, Any] | list[str]] = Field(
        default_factory=dict,
        description="parameter name -> distribution spec, e.g. {dist: pert, low: 3000, "
        "mode: 4000, high: 6000}, and `fixed:` a list of parameter names deliberately held "
        "at their value; parameters the scenario sets without either get a distribution by "
        "the default policy; validated by socinv.sensitivity (see docs/uncertainty.md)",
    )

    _check_name = field_validator("name")(_check_name)

    @field_validator("uncertainty")
    @classmethod
    def _fixed_is_a_list(
        cls, v: dict[str, dict[str, Any] | list[str]]
    ) -> dict[str, dict[str, Any] | list[str]]:
        for key, spec in v.items():
            if (key == "fixed") != isinstance(spec, list):
                raise ValueError(
                    f"uncertainty.{key}: `fixed` takes a list of parameter names; every other "
                    "key a distribution such as {dist: beta, mean: 0.3, sd: 0.05}"
                )
        return v

    @property
    def cost_timings(self) -> frozenset[Convention]:
        """When the intervention costs are paid (every intervention's)."""
        return frozenset(
            c.paid for iv in (self.intervention, *self.interventions) for c in iv.costs
        )

    @property
    def end_age(self) -> int:
        """The last age in the horizon."""
        return self.start_age + self.horizon_years - 1

    @property
    def ages(self) -> range:
        return range(self.start_age, self.start_age + self.horizon_years)

    @model_validator(mode="after")
    def _cross_checks(self) -> Scenario:
        base = self.discounting.base_year
        if base is not None and abs(base - self.start_year) > BASE_YEAR_SPAN:
            raise ValueError(
                f"discounting.base_year {base} is more than {BASE_YEAR_SPAN} years from "
                f"start_year {self.start_year}"
            )

        def span(where: str, lo: int | None, hi: int | None) -> None:
            for label, age in (("from_age", lo), ("to_age", hi)):
                if age is not None and not (self.start_age <= age <= self.end_age):
                    raise ValueError(
                        f"{where}.{label} {age} is outside the scenario's ages "
                        f"{self.start_age}..{self.end_age} (start_age + horizon_years - 1)"
                    )

        for i, e in enumerate(self.status_quo.episodes):
            span(f"status_quo.episodes[{i}] ({e.id})", e.from_age, e.to_age)
        for i, ev in enumerate(self.status_quo.events):
            ep = ev.as_episode()
            span(f"status_quo.events[{i}] ({ev.id})", ep.from_age, ep.to_age)
        for i, pl in enumerate(self.status_quo.production):
            span(f"status_quo.production[{i}] ({pl.id})", pl.from_age, pl.to_age)
        for i, o in enumerate(self.status_quo.offences):
            span(f"status_quo.offences[{i}] ({o.id})", *o.ages)
        if self.interventions and self.intervention != Intervention():
            raise ValueError(
                "give either one intervention (intervention:) or several (interventions:), not both"
            )
        _unique_ids("interventions", [a.id for a in self.interventions])
        arms: list[tuple[str, Intervention]] = [("intervention", self.intervention)]
        arms += [(f"interventions[{k}] ({a.id})", a) for k, a in enumerate(self.interventions)]
        sq_ids = {e.id: e for e in self.status_quo.trajectory} | self.status_quo.offence_spans()
        for name, iv in arms:
            _check_intervention_body(name, iv, sq_ids, span)
        if self.population is not None and self.cohort_size != 1.0:
            raise ValueError(
                "give the cohort either as cohort_size or as a population block, not both"
            )
        return self


def _check_intervention_body(
    name: str, iv: Intervention, sq_ids: dict[str, Episode], span: Any
) -> None:
    """Ages and episode references of one intervention (``name``: its field)."""
    for i, e in enumerate(iv.episodes or ()):
        span(f"{name}.episodes[{i}] ({e.id})", e.from_age, e.to_age)
    for i, c in enumerate(iv.costs):
        span(f"{name}.costs[{i}] ({c.id})", c.from_age, c.to_age)
    for i, f in enumerate(iv.effects):
        where = f"{name}.effects[{i}] ({f.id})"
        if f.episode not in sq_ids:
            raise ValueError(
                f"{where}.episode {f.episode!r} is not a status-quo episode; "
                f"known: {sorted(sq_ids)}"
            )
        span(where, f.from_age, f.to_age)
        ep = sq_ids[f.episode]
        lo = f.from_age if f.from_age is not None else ep.from_age
        hi = f.to_age if f.to_age is not None else ep.to_age
        if max(lo, ep.from_age) > min(hi, ep.to_age):
            raise ValueError(
                f"{where}: ages {lo}..{hi} do not overlap episode {f.episode!r} "
                f"(ages {ep.from_age}..{ep.to_age}), so the effect would change nothing"
            )


def _unique_ids(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"{what}: id {i!r} is used twice")
        seen.add(i)


ArmName = Literal["status_quo", "intervention"]
