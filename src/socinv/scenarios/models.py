"""Scenario input models: episodes, effects, intervention costs, scenarios.

All quantities are per person (the average person of the cohort) and per
year, in the catalogue item's unit (e.g. 120 ``dygn`` a year). Ages are whole
years; an age span ``from_age..to_age`` includes both ends. Model year ``t``
is the year the person is ``start_age + t`` years old, calendar year
``start_year + t``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from socinv.discounting import INTERVENTION_COST_TIMING, Convention, Discounting
from socinv.fiscal import TaxWedge
from socinv.justice.offences import Offence
from socinv.limits import (
    AGE,
    AMOUNT,
    BASE_YEAR_SPAN,
    COHORT,
    FACTOR,
    HORIZON,
    PRICE_YEAR,
    PROBABILITY,
    QUANTITY,
    SHARE,
    WAGE_GROWTH,
    YEAR,
)
from socinv.payers import Payer
from socinv.population.spec import Population

_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
_NAME_HELP = "letters, digits, '_' or '-', starting with a letter (used in parameter names)"

Age = Annotated[int, AGE.field(description="age in whole years")]
Probability = Annotated[float, PROBABILITY.field()]
Quantity = Annotated[float, QUANTITY.field()]
Factor = Annotated[float, FACTOR.field()]
Amount = Annotated[float, AMOUNT.field()]


def _check_name(v: str) -> str:
    if not _NAME_RE.match(v):
        raise ValueError(f"id {v!r} must be {_NAME_HELP}")
    return v


#: Control characters no report, table or workbook can show (tab, line feed and
#: carriage return are allowed): the set Excel refuses.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _control_at(value: Any) -> tuple[str, str] | None:
    """The path (``""``, ``[2]``, ``.key``) of the first text in ``value`` that
    holds a control character, and that character; ``None`` if there is none."""
    if isinstance(value, str):
        m = _CONTROL_RE.search(value)
        return ("", m.group()) if m else None
    if isinstance(value, dict):
        for k, v in value.items():
            for part, x in ((f".{k}", v), ("", k)):
                found = _control_at(x)
                if found is not None:
                    return part + found[0], found[1]
        return None
    if isinstance(value, list | tuple):
        for i, v in enumerate(value):
            found = _control_at(v)
            if found is not None:
                return f"[{i}]{found[0]}", found[1]
    return None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data: Any) -> Any:
        """Refuse text with a control character (e.g. a stray ``\\b``): it would
        break the workbook and be invisible in the page."""
        if isinstance(data, dict):
            for key, value in data.items():
                found = _control_at(value)
                if found is not None:
                    raise ValueError(
                        f"{key}{found[0]}: the text holds a control character "
                        f"({found[1]!r}) that no report or workbook can show; remove it"
                    )
        return data


class AgeSpan(_Strict):
    """Ages ``from_age..to_age`` (both included)."""

    from_age: Age
    to_age: Age

    @model_validator(mode="after")
    def _ordered(self) -> AgeSpan:
        if self.to_age < self.from_age:
            raise ValueError(
                f"ages out of order: to_age {self.to_age} is before from_age {self.from_age}"
            )
        return self


class Episode(AgeSpan):
    """A line of a trajectory: ``quantity`` units of catalogue ``item`` a year,
    each year from ``from_age`` to ``to_age``, with ``probability`` that it
    happens (expected quantity = quantity x probability)."""

    id: str
    item: str
    quantity: Quantity = Field(description="units of the item per year (e.g. days, visits)")
    probability: Probability = 1.0
    note: str = ""

    _check_id = field_validator("id")(_check_name)


class Effect(_Strict):
    """An intervention's effect on one status-quo episode.

    The episode's expected quantity is multiplied by ``relative_risk`` (on the
    probability) times ``quantity_factor`` (on the quantity) in the years
    ``from_age..to_age`` (default: the episode's whole span). With ``dropoff``
    d the effect fades: ``t`` years after ``from_age`` the multiplier is
    ``1 - (1 - RR x QF) x (1 - d)^t``. An onset delay or a shorter duration is
    an effect with ``relative_risk: 0`` over the years removed.
    """

    id: str
    episode: str
    relative_risk: Factor = 1.0
    quantity_factor: Factor = 1.0
    from_age: Age | None = None
    to_age: Age | None = None
    dropoff: Annotated[float, SHARE.field()] = 0.0
    note: str = ""
    cites: str | None = Field(
        default=None,
        description="id of a row of the effects catalogue (data/effects_se.csv): its estimate "
        "is the relative risk and its 95 % CI the default uncertainty (lognormal)",
    )

    _check_id = field_validator("id")(_check_name)

    @model_validator(mode="after")
    def _ordered(self) -> Effect:
        if self.from_age is not None and self.to_age is not None and self.to_age < self.from_age:
            raise ValueError(
                f"ages out of order: to_age {self.to_age} is before from_age {self.from_age}"
            )
        if self.cites is not None:
            from socinv.unitcosts.effects import load_effects

            try:
                rr = load_effects().relative_risk(self.cites).estimate
            except KeyError as exc:
                raise ValueError(str(exc.args[0])) from None
            if "relative_risk" in self.model_fields_set and self.relative_risk != rr:
                raise ValueError(
                    f"cites {self.cites!r} (relative risk {rr:g}) but also gives relative_risk "
                    f"{self.relative_risk:g}; give one of them"
                )
            object.__setattr__(self, "relative_risk", rr)
        return self


class InterventionCost(AgeSpan):
    """The intervention's own cost, borne by ``payer`` (the one that invests).

    Either ``amount_sek`` a year in ``price_year`` prices (SEK per person),
    or ``quantity`` units of catalogue ``item`` a year (priced and split by
    payer like any episode; then ``payer`` must be left out). ``timing`` says
    when in each year it is paid: at the start by default (an investment is
    paid up front), whatever the scenario's discounting convention, which
    governs every other stream.
    """

    id: str
    amount_sek: Amount | None = None
    price_year: Annotated[int, PRICE_YEAR.field()] | None = None
    payer: Payer | None = None
    item: str | None = None
    quantity: Quantity | None = None
    timing: Convention | None = Field(
        default=None,
        description=(
            "when in each year the cost is paid, for discounting: start, mid or end; "
            "default start (paid up front), whatever discounting.convention says "
            "(that convention applies to every other stream)"
        ),
    )
    note: str = ""

    _check_id = field_validator("id")(_check_name)

    @property
    def paid(self) -> Convention:
        """The timing used to discount this cost (``timing``, default start)."""
        return INTERVENTION_COST_TIMING if self.timing is None else self.timing

    @model_validator(mode="after")
    def _one_form(self) -> InterventionCost:
        if (self.amount_sek is None) == (self.item is None):
            raise ValueError(
                "give either amount_sek (with payer and price_year) or item (with quantity)"
            )
        if self.amount_sek is not None:
            missing = [f for f in ("payer", "price_year") if getattr(self, f) is None]
            if missing:
                raise ValueError(f"amount_sek needs {' and '.join(missing)}")
            if self.quantity is not None:
                raise ValueError("quantity goes with item, not with amount_sek")
        else:
            if self.quantity is None:
                raise ValueError("item needs quantity (units per year)")
            if self.payer is not None or self.price_year is not None:
                raise ValueError(
                    "an item-priced cost takes payer and price year from the catalogue; "
                    "remove payer/price_year"
                )
        return self


class Event(_Strict):
    """A cost per event: ``rate`` events a year from ``from_age`` to
    ``to_age`` (e.g. 0.2 offences a year), or one event at ``at_age`` (a
    one-off cost), each priced at catalogue ``item`` and happening with
    ``probability``. Expected cost in a year = rate x probability x unit
    cost (x survival with a population block)."""

    id: str
    item: str
    rate: Quantity | None = Field(default=None, description="events per year")
    from_age: Age | None = None
    to_age: Age | None = None
    at_age: Age | None = None
    probability: Probability = 1.0
    note: str = ""

    _check_id = field_validator("id")(_check_name)

    @model_validator(mode="after")
    def _one_form(self) -> Event:
        yearly = (self.rate, self.from_age, self.to_age)
        if self.at_age is not None:
            if any(v is not None for v in yearly):
                raise ValueError("give either at_age (one event) or rate with from_age and to_age")
        elif any(v is None for v in yearly):
            raise ValueError("a yearly event needs rate, from_age and to_age (or give at_age)")
        elif self.to_age is not None and self.from_age is not None and self.to_age < self.from_age:
            raise ValueError(
                f"ages out of order: to_age {self.to_age} is before from_age {self.from_age}"
            )
        return self

    def as_episode(self) -> Episode:
        """The event as a yearly line of the trajectory (quantity = rate)."""
        if self.at_age is not None:
            lo = hi = self.at_age
            rate = 1.0
        else:
            assert self.from_age is not None and self.to_age is not None and self.rate is not None
            lo, hi, rate = self.from_age, self.to_age, self.rate
        return Episode(
            id=self.id,
            item=self.item,
            quantity=rate,
            probability=self.probability,
            from_age=lo,
            to_age=hi,
            note=self.note,
        )


class ProductionLoss(AgeSpan):
    """Lost production from ``from_age`` to ``to_age`` with ``probability``
    of being outside work: mean wage x (1 + employer contributions) x peers'
    employment by age (``employment: peers``; ``full``: 1) x relative
    earnings by age (``earnings: profile``; ``average``: 1), growing by
    ``real_wage_growth`` a year (see :mod:`socinv.population.production`)."""

    id: str
    probability: Probability = 1.0
    employment: Literal["peers", "full"] = "peers"
    earnings: Literal["average", "profile"] = "average"
    real_wage_growth: Annotated[float, WAGE_GROWTH.field()] = 0.0
    note: str = ""

    _check_id = field_validator("id")(_check_name)

    def as_episode(self) -> Episode:
        """The entry as a line of the trajectory (item: the annual mean wage)."""
        from socinv.population.production import WAGE_ITEM

        return Episode(
            id=self.id,
            item=WAGE_ITEM,
            quantity=1.0,
            probability=self.probability,
            from_age=self.from_age,
            to_age=self.to_age,
            note=self.note,
        )


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
