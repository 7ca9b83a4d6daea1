"""Every numeric input's allowed range, in one place.

The pydantic models (scenario, fund, contract), the compiled model's parameter
bounds, the command-line options and the JSON Schema (``socinv schema``) all
take their ranges from here, so they cannot disagree; ``docs/errors.md``
lists them. The ranges are wide enough for any real analysis and narrow
enough that no product of inputs can overflow a float: the largest yearly
cost, ``AMOUNT x QUANTITY x FACTOR² x COHORT``, times the largest discount
factor (``RATE`` over ``BASE_YEAR_SPAN + HORIZON`` years), stays far below
1e308.

Example:
    >>> COHORT.check(5000, "cohort_size")
    5000
    >>> COHORT.text()
    'more than 0 and at most 100 000 000 (persons)'
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from socinv.errors import ParameterError


def _num(x: float) -> str:
    if float(x).is_integer() and abs(x) < 10_000:
        return str(int(x))
    if float(x).is_integer() and abs(x) < 1e16:
        return f"{int(x):,}".replace(",", " ")
    return f"{x:g}"


def number_text(x: float) -> str:
    """A bound as written in messages: ``100 000 000``, ``0.99``, ``1e+10``."""
    return _num(x)


@dataclass(frozen=True)
class Bound:
    """A closed range ``lo..hi`` (``lo`` excluded when ``lo_open``) in ``unit``."""

    name: str
    lo: float
    hi: float
    unit: str
    what: str
    integer: bool = False
    lo_open: bool = False

    def text(self) -> str:
        """The range in words, e.g. ``at least 0 and at most 1 (share)``."""
        lo = f"more than {_num(self.lo)}" if self.lo_open else f"at least {_num(self.lo)}"
        unit = f" ({self.unit})" if self.unit else ""
        return f"{lo} and at most {_num(self.hi)}{unit}"

    def contains(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        above = value > self.lo if self.lo_open else value >= self.lo
        return above and value <= self.hi

    def check(self, value: float, where: str) -> float:
        """``value`` if inside the range, else :class:`ParameterError` naming ``where``."""
        if not self.contains(value):
            raise ParameterError(f"{where} must be {self.text()}, got {value!r}")
        return value

    def field(self, description: str | None = None) -> Any:
        """The pydantic ``Field`` enforcing this range (for ``Annotated[...]``)."""
        if self.integer:
            lo, hi = int(self.lo), int(self.hi)
            if self.lo_open:
                return Field(gt=lo, le=hi, description=description)
            return Field(ge=lo, le=hi, description=description)
        if self.lo_open:
            return Field(gt=self.lo, le=self.hi, allow_inf_nan=False, description=description)
        return Field(ge=self.lo, le=self.hi, allow_inf_nan=False, description=description)

    def option(self) -> Callable[[str], Any]:
        """An argparse ``type=`` that parses and range-checks an option."""

        def parse(text: str) -> float:
            try:
                value: float = int(text) if self.integer else float(text)
            except ValueError:
                kind = "a whole number" if self.integer else "a number"
                raise argparse.ArgumentTypeError(f"expected {kind}, got {text!r}") from None
            if not self.contains(value):
                raise argparse.ArgumentTypeError(f"must be {self.text()}, got {text}")
            return value

        parse.__name__ = self.what  # argparse shows it in 'invalid <name> value'
        return parse


AGE = Bound("age", 0, 120, "years of age", "start_age, from_age, to_age", integer=True)
HORIZON = Bound("horizon_years", 1, 120, "years", "horizon", integer=True)
YEAR = Bound(
    "year", 1900, 2200, "calendar year", "start year, fund and contract years", integer=True
)
PRICE_YEAR = Bound(
    "price_year",
    1980,
    2200,
    "calendar year; must be in the CPI",
    "price year (--price-year)",
    integer=True,
)
BASE_YEAR = Bound("base_year", 1900, 2200, "calendar year", "base year", integer=True)
#: the discounting base year is at most this many years before or after start_year
BASE_YEAR_SPAN = 100
CPI_YEAR = Bound("cpi_year", 1800, 2200, "calendar year", "CPI year", integer=True)
RATE = Bound("rate", -0.5, 0.99, "real rate per year, 0.035 = 3.5 %", "discount rate (--rate)")
STEP_YEAR = Bound(
    "from_year", 0, 220, "years after the base year", "rate schedule step", integer=True
)
PROBABILITY = Bound("probability", 0, 1, "share", "probability")
SHARE = Bound("share", 0, 1, "share", "dropoff, tax-wedge shares")
QUANTITY = Bound("quantity", 0, 1e7, "units of the item per person and year", "quantity")
AMOUNT = Bound("amount_sek", 0, 1e10, "SEK per person and year", "intervention cost amount_sek")
UNIT_COST = Bound("unit_cost", 0, 1e10, "SEK per unit", "unit-cost parameter")
MONEY = Bound(
    "money",
    0,
    1e13,
    "SEK",
    "fund or contract sum",
)
FACTOR = Bound("factor", 0, 1000, "multiplier", "relative_risk, quantity_factor")
COHORT = Bound("cohort_size", 0, 1e8, "persons", "cohort size", lo_open=True)
PERSONS = Bound("persons", 0, 1e8, "persons", "population and subgroup count")
BIRTH_YEAR = Bound(
    "birth_year", 1749, 2200, "calendar year", "birth year of a cohort", integer=True
)
HAZARD_RATIO = Bound("hazard_ratio", 0, 100, "ratio to the life table's hazard", "hazard_ratio")
WAGE_GROWTH = Bound("real_wage_growth", -0.5, 0.5, "real growth per year", "real_wage_growth")
DRAWS = Bound("draws", 1, 1_000_000, "draws", "Monte Carlo draws (--mc, --draws)", integer=True)
#: ``report --mc``: 0 = no Monte Carlo
MC_DRAWS = Bound("mc", 0, DRAWS.hi, "draws; 0 = none", "report --mc", integer=True)
SOBOL_BASE = Bound("sobol", 2, 2**16, "a power of 2", "Sobol base sample (--sobol)", integer=True)
SEED = Bound("seed", 0, 2**32 - 1, "", "random seed (--seed)", integer=True)
WORKERS = Bound("workers", 0, 64, "processes; 0 = none", "--workers", integer=True)
TOP = Bound("top", 1, 10_000, "rows", "--top", integer=True)
CHUNK = Bound("chunk_size", 1, 1_000_000, "draws per batch", "--chunk-size", integer=True)
PORT = Bound("port", 1, 65_535, "TCP port on this computer", "serve --port", integer=True)

#: every range, by name, for docs/errors.md and the tests
ALL: tuple[Bound, ...] = (
    AGE,
    HORIZON,
    YEAR,
    PRICE_YEAR,
    BASE_YEAR,
    CPI_YEAR,
    RATE,
    STEP_YEAR,
    PROBABILITY,
    SHARE,
    QUANTITY,
    AMOUNT,
    UNIT_COST,
    MONEY,
    FACTOR,
    COHORT,
    DRAWS,
    MC_DRAWS,
    SOBOL_BASE,
    SEED,
    WORKERS,
    TOP,
    CHUNK,
    PORT,
)


def markdown_table() -> str:
    """The ranges as the Markdown table in ``docs/errors.md`` (a test keeps
    the two equal)."""
    lines = ["| input | smallest | largest | unit |", "|---|---:|---:|---|"]
    for b in ALL:
        lo = f"more than {_num(b.lo)}" if b.lo_open else _num(b.lo)
        lines.append(f"| {b.what} (`{b.name}`) | {lo} | {_num(b.hi)} | {b.unit} |")
    return "\n".join(lines)


#: the range of every bounded number in a scenario file, by ``Model.field`` as
#: the JSON Schema names them (a test checks the schema against this table)
SCENARIO_FIELDS: dict[str, Bound] = {
    "Scenario.start_age": AGE,
    "Scenario.horizon_years": HORIZON,
    "Scenario.start_year": YEAR,
    "Scenario.price_year": PRICE_YEAR,
    "Scenario.cohort_size": COHORT,
    "Discounting.rate": RATE,
    "Discounting.base_year": BASE_YEAR,
    "RateStep.rate": RATE,
    "RateStep.from_year": STEP_YEAR,
    "Episode.from_age": AGE,
    "Episode.to_age": AGE,
    "Episode.quantity": QUANTITY,
    "Episode.probability": PROBABILITY,
    "Effect.relative_risk": FACTOR,
    "Effect.quantity_factor": FACTOR,
    "Effect.from_age": AGE,
    "Effect.to_age": AGE,
    "Effect.dropoff": SHARE,
    "InterventionCost.from_age": AGE,
    "InterventionCost.to_age": AGE,
    "InterventionCost.amount_sek": AMOUNT,
    "InterventionCost.price_year": PRICE_YEAR,
    "InterventionCost.quantity": QUANTITY,
    "AgeSpan.from_age": AGE,
    "AgeSpan.to_age": AGE,
    "TaxWedge.municipality": SHARE,
    "TaxWedge.region": SHARE,
    "TaxWedge.state": SHARE,
    "Event.rate": QUANTITY,
    "Event.from_age": AGE,
    "Event.to_age": AGE,
    "Event.at_age": AGE,
    "Event.probability": PROBABILITY,
    "Offence.rate": QUANTITY,
    "Offence.from_age": AGE,
    "Offence.to_age": AGE,
    "Offence.at_age": AGE,
    "Offence.p_reported": PROBABILITY,
    "Offence.p_cleared": PROBABILITY,
    "Offence.p_prosecuted": PROBABILITY,
    "Offence.p_court": PROBABILITY,
    "Offence.p_remand": PROBABILITY,
    "Offence.remand_days": QUANTITY,
    "Offence.p_prison": PROBABILITY,
    "Offence.prison_days": QUANTITY,
    "Offence.p_probation": PROBABILITY,
    "Offence.probation_days": QUANTITY,
    "ProductionLoss.from_age": AGE,
    "ProductionLoss.to_age": AGE,
    "ProductionLoss.probability": PROBABILITY,
    "ProductionLoss.real_wage_growth": WAGE_GROWTH,
    "Mortality.hazard_ratio": HAZARD_RATIO,
    "Population.count": PERSONS,
    "Population.birth_year": BIRTH_YEAR,
    "Population.share": SHARE,
    "Population.inflow_years": HORIZON,
    "Subgroup.count": PERSONS,
    "Subgroup.share": SHARE,
    "Subgroup.start_age": AGE,
    "Subgroup.hazard_ratio": HAZARD_RATIO,
}
