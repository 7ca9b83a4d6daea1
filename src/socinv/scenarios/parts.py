"""Building blocks of a scenario: ids, the strict base model, age spans,
episodes, effects, intervention costs, events and production losses
(:mod:`socinv.scenarios.models` assembles them into arms and scenarios).

All quantities are per person and per year, in the catalogue item's unit;
ages are whole years and an age span includes both ends.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from socinv.discounting import INTERVENTION_COST_TIMING, Convention
from socinv.limits import (
    AGE,
    AMOUNT,
    FACTOR,
    PRICE_YEAR,
    PROBABILITY,
    QUANTITY,
    SHARE,
    WAGE_GROWTH,
)
from socinv.payers import Payer
from socinv.readers.text import unshowable_at

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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data: Any) -> Any:
        """Refuse text with a control character (e.g. a stray ``\\b``): it would
        break the workbook and be invisible in the page."""
        if isinstance(data, dict):
            for key, value in data.items():
                found = unshowable_at(value)
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
