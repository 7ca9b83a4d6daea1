"""The ``status_quo.offences`` entry of a scenario: an offence type, how often
it happens and the probability of each step of the justice chain.

Probabilities are conditional, step by step (see :data:`FACTORS`): an offence
is reported (``p_reported``), cleared to a person (``p_cleared``), leads to a
lagföring — prosecution, summary fine or waiver — (``p_prosecuted``) and is
decided in court (``p_court``); a prosecuted person is remanded with
``p_remand`` for ``remand_days``; a court case ends in prison with
``p_prison`` for ``prison_days`` served and in probation (supervision) with
``p_probation`` for ``probation_days``. Each is a named parameter of the
compiled model (``offence.<id>.<field>``, or ``chain.<name>.<field>`` for
entries that share a ``chain:``), so each can vary in a sensitivity run.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from socinv.justice.chain import FACTORS, OFFENCE_TYPES, STEPS, Step
from socinv.limits import AGE, PROBABILITY, QUANTITY

_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")

Age = Annotated[int, AGE.field(description="age in whole years")]
Probability = Annotated[float, PROBABILITY.field()]
Days = Annotated[float, QUANTITY.field(description="days per step")]

#: what each input means, for error messages (field -> plain words)
FIELD_HELP: dict[str, str] = {
    "p_reported": "probability that an offence is reported",
    "p_cleared": "probability that a reported offence is cleared to a person",
    "p_prosecuted": "probability that a cleared offence leads to a lagföring",
    "p_court": "probability that a lagföring is decided in court",
    "p_remand": "probability that a prosecuted person is remanded",
    "remand_days": "days in remand per remand",
    "p_prison": "probability that a court case ends in prison",
    "prison_days": "days served per prison sentence",
    "p_probation": "probability that a court case leads to supervision in the community",
    "probation_days": "days of supervision per supervision",
}


class Offence(BaseModel):
    """Offences of one type (``offence``, see :data:`OFFENCE_TYPES`):
    ``rate`` a year from ``from_age`` to ``to_age`` or one at ``at_age``,
    priced step by step along ``steps`` (default: the whole chain).

    Expected cost of a step in a year = rate x the product of the step's
    probabilities (and days, for remand, prison and probation) x the unit
    cost of the step's catalogue row (x survival with a population block).

    Example:
        >>> o = Offence(id="robbery", offence="robbery", rate=0.5, from_age=15, to_age=17,
        ...             steps=["police", "court"], p_cleared=0.11, p_prosecuted=1.0,
        ...             p_court=0.665)
        >>> o.step_factors("court")
        ('p_reported', 'p_cleared', 'p_prosecuted', 'p_court')
        >>> round(o.step_probability("court"), 5)
        0.07315
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    offence: str = Field(description="offence type, e.g. robbery, assault, theft, drug_offence")
    rate: Annotated[float, QUANTITY.field(description="offences per year")] | None = None
    from_age: Age | None = None
    to_age: Age | None = None
    at_age: Age | None = None
    steps: tuple[Step, ...] = Field(
        default=STEPS,
        description="the steps of the justice chain to price (default: all of them)",
    )
    chain: str | None = Field(
        default=None,
        description="name of a set of step inputs shared by several entries: their "
        "probabilities and days become the parameters chain.<name>.<field> (one draw for "
        "all of them in a sensitivity run); every entry naming it gives the same values",
    )
    p_reported: Probability = 1.0
    p_cleared: Probability | None = None
    p_prosecuted: Probability | None = None
    p_court: Probability | None = None
    p_remand: Probability | None = None
    remand_days: Days | None = None
    p_prison: Probability | None = None
    prison_days: Days | None = None
    p_probation: Probability | None = None
    probation_days: Days | None = None
    note: str = ""

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not _NAME_RE.match(v):
            raise ValueError(
                f"id {v!r} must be letters, digits, '_' or '-', starting with a letter "
                "(used in parameter names)"
            )
        return v

    @field_validator("chain")
    @classmethod
    def _check_chain(cls, v: str | None) -> str | None:
        if v is not None and not _NAME_RE.match(v):
            raise ValueError(f"chain {v!r} must be letters, digits, '_' or '-'")
        return v

    @field_validator("offence")
    @classmethod
    def _known_offence(cls, v: str) -> str:
        if v not in OFFENCE_TYPES:
            raise ValueError(
                f"unknown offence type {v!r}; known: {', '.join(sorted(OFFENCE_TYPES))}"
            )
        return v

    @field_validator("steps")
    @classmethod
    def _steps_once(cls, v: tuple[Step, ...]) -> tuple[Step, ...]:
        if not v:
            raise ValueError("give at least one step of the justice chain")
        twice = sorted({s for s in v if v.count(s) > 1})
        if twice:
            raise ValueError(f"step {twice[0]!r} is listed twice")
        return v

    @model_validator(mode="after")
    def _complete(self) -> Offence:
        yearly = (self.rate, self.from_age, self.to_age)
        if self.at_age is not None:
            if any(v is not None for v in yearly):
                raise ValueError(
                    "give either at_age (one offence) or rate with from_age and to_age"
                )
        elif any(v is None for v in yearly):
            raise ValueError("a yearly offence needs rate, from_age and to_age (or give at_age)")
        elif self.to_age is not None and self.from_age is not None and self.to_age < self.from_age:
            raise ValueError(
                f"ages out of order: to_age {self.to_age} is before from_age {self.from_age}"
            )
        for step in self.steps:
            for name in FACTORS[step]:
                if getattr(self, name) is None:
                    raise ValueError(
                        f"the {step} step needs {name} ({FIELD_HELP[name]}); give it with its "
                        f"source in the file, or leave {step} out of steps"
                    )
        return self

    @property
    def input_prefix(self) -> str:
        """Name prefix of the step inputs' parameters: ``chain.<chain>`` when
        shared, else ``offence.<id>``."""
        return f"chain.{self.chain}" if self.chain else f"offence.{self.id}"

    def inputs(self) -> dict[str, float]:
        """The step inputs given (probabilities and days), by field."""
        return {k: float(v) for k in FIELD_HELP if (v := getattr(self, k)) is not None}

    @property
    def ages(self) -> tuple[int, int]:
        """First and last age of the offences (both included)."""
        if self.at_age is not None:
            return self.at_age, self.at_age
        assert self.from_age is not None and self.to_age is not None
        return self.from_age, self.to_age

    @property
    def yearly_rate(self) -> float:
        """Offences a year inside :attr:`ages` (1 for a one-off at ``at_age``)."""
        return 1.0 if self.rate is None else self.rate

    def step_factors(self, step: Step) -> tuple[str, ...]:
        """The inputs multiplied into ``step``'s quantity (after the rate)."""
        return FACTORS[step]

    def step_probability(self, step: Step) -> float:
        """The product of the step's inputs (probabilities and days) as given."""
        out = 1.0
        for name in FACTORS[step]:
            value = getattr(self, name)
            assert value is not None  # checked by the validator
            out *= float(value)
        return out
