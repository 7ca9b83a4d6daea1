"""Discounting: constant rates, year-by-year schedules, timing conventions.

A cost that falls in model year ``t`` (``t = 0`` is the scenario's first year)
is discounted to the base year with the factor ``prod (1 + r_k)^-1`` over the
time ``tau`` that separates it from the base, where ``tau`` depends on the
convention:

* ``end`` (default): costs fall at the end of their year, ``tau = t + 1 - b``;
* ``mid``: costs fall mid-year, ``tau = t + 0.5 - b``;
* ``start``: costs fall at the start of their year, ``tau = t - b``
  (the first year is undiscounted when the base is the first year).

The scenario's convention applies to every stream except the intervention's
own costs: those are paid at the start of their year
(:data:`INTERVENTION_COST_TIMING`) unless a cost gives its own ``timing``.

``b`` is the base year's offset from the scenario's first calendar year.
With a schedule the rate of each elapsed year is the rate in force in that
year (a declining schedule discounts far years at lower rates).

Default rate: 3.5 % real, the social discount rate Trafikverket's ASEK
guidelines recommend for Swedish public investment appraisal (the value and
its source live in ``data/parameters_se.csv``).

Reference: Trafikverket, *Analysmetod och samhällsekonomiska kalkylvärden
för transportsektorn: ASEK*, the chapter on the discount rate (kalkylränta).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, model_validator

from socinv.limits import BASE_YEAR, RATE, STEP_YEAR

FloatArray = npt.NDArray[np.float64]

#: Default real discount rate (ASEK); see data/parameters_se.csv for the source.
DEFAULT_RATE = 0.035


class Convention(StrEnum):
    """When within its year a cost falls."""

    END = "end"
    MID = "mid"
    START = "start"

    @property
    def offset(self) -> float:
        """Years from the start of a model year to the moment its costs fall."""
        return {"end": 1.0, "mid": 0.5, "start": 0.0}[self.value]


#: When an intervention's own cost is paid unless the cost says otherwise:
#: at the start of each year (an investment is paid up front).
INTERVENTION_COST_TIMING = Convention.START


def cost_timing_text(
    timings: frozenset[Convention], convention: Convention, _: Callable[[str], str]
) -> str:
    """The words (translated by ``_``) that say when intervention costs are
    paid, where that is not the scenario's ``convention``; empty otherwise.

    Example:
        >>> cost_timing_text(frozenset({Convention.START}), Convention.END, str)
        'intervention costs at the start of the year'
        >>> cost_timing_text(frozenset({Convention.END}), Convention.END, str)
        ''
    """
    if not timings or timings == {convention}:
        return ""
    if timings == {Convention.START}:
        return _("intervention costs at the start of the year")
    return _("intervention costs at their own timing")


class RateStep(BaseModel):
    """A rate in force from ``from_year`` (offset from the base year) on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    from_year: Annotated[int, STEP_YEAR.field(description="years after the base year")]
    rate: Annotated[float, RATE.field(description="real rate per year, 0.035 = 3.5 %")]


class Discounting(BaseModel):
    """How future costs are weighed: a constant ``rate`` or a ``schedule`` of
    steps, a timing ``convention`` (when in the year costs fall; the
    intervention's own costs keep their own timing, the start of the year by
    default) and the calendar ``base_year`` that present values refer to
    (default: the scenario's first year)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rate: Annotated[float, RATE.field()] = DEFAULT_RATE
    schedule: tuple[RateStep, ...] | None = None
    convention: Convention = Field(
        default=Convention.END,
        description=(
            "when in the year costs fall: end (default), mid or start; the intervention's "
            "own costs are paid at the start of the year unless a cost's timing says otherwise"
        ),
    )
    base_year: Annotated[int, BASE_YEAR.field()] | None = None

    @model_validator(mode="before")
    @classmethod
    def _rate_is_the_first_step(cls, data: Any) -> Any:
        """With a schedule, ``rate`` is its first step's rate: filled in when
        left out, an error when given with another value (it was ignored)."""
        if not isinstance(data, dict) or not data.get("schedule"):
            return data
        first = data["schedule"][0] if isinstance(data["schedule"], list | tuple) else None
        first_rate = first.get("rate") if isinstance(first, dict) else getattr(first, "rate", None)
        if not isinstance(first_rate, int | float):
            return data  # malformed: the field validators report it
        if "rate" not in data:
            return {**data, "rate": first_rate}
        if data["rate"] != first_rate:
            raise ValueError(
                f"rate {data['rate']!r} differs from the schedule's first rate {first_rate!r}; "
                "with a schedule the rate is taken from it: remove rate or make them equal"
            )
        return data

    @model_validator(mode="after")
    def _check_schedule(self) -> Discounting:
        if self.schedule is not None:
            if not self.schedule or self.schedule[0].from_year != 0:
                raise ValueError("schedule must start with a step at from_year 0")
            years = [s.from_year for s in self.schedule]
            if years != sorted(set(years)):
                raise ValueError(
                    f"schedule from_year values must be strictly increasing, got {years}"
                )
        return self

    @property
    def kind(self) -> Literal["constant", "schedule"]:
        return "constant" if self.schedule is None else "schedule"

    def step_rates(self) -> tuple[float, ...]:
        """The rate of each step (a constant rate is one step)."""
        if self.schedule is None:
            return (self.rate,)
        return tuple(s.rate for s in self.schedule)

    def step_starts(self) -> tuple[int, ...]:
        if self.schedule is None:
            return (0,)
        return tuple(s.from_year for s in self.schedule)

    def factors(self, n_years: int, start_year: int) -> FloatArray:
        """Discount factors for model years ``0..n_years-1`` (shape ``(n_years,)``)."""
        rates = np.asarray(self.step_rates(), dtype=float)[None, :]
        f = discount_factors(rates, self.step_starts(), n_years, self.time_offset(start_year))
        return np.asarray(f[0], dtype=float)

    def time_offset(self, start_year: int, timing: Convention | None = None) -> float:
        """``tau`` of model year 0: the offset of ``timing`` (default: this
        convention) minus the base-year offset."""
        base = start_year if self.base_year is None else self.base_year
        return (self.convention if timing is None else timing).offset - (base - start_year)


def discount_factors(
    step_rates: FloatArray,
    step_starts: tuple[int, ...] | list[int],
    n_years: int,
    tau0: float | npt.ArrayLike,
) -> FloatArray:
    """Discount factors for a batch of rate vectors.

    ``step_rates`` has shape ``(n_draws, n_steps)``; step ``k`` is in force
    from ``step_starts[k]`` years after the base. Year ``t`` is discounted over
    ``tau = t + tau0`` years; elapsed whole and partial years each carry the
    rate in force in them. Negative ``tau`` (a cost before the base year) is
    compounded forward at the first step's rate. Returns ``(n_draws, n_years)``
    for a number ``tau0``; for a 1-D array of offsets ``(K,)`` (one per
    timing: streams paid at the start, middle or end of their year) it
    returns ``(n_draws, K, n_years)``, row ``k`` discounted with ``tau0[k]``.

    Example:
        3.5 % (the ASEK rate), end of year, from 2.5 % after two years:

        >>> import numpy as np
        >>> discount_factors(np.array([[0.035]]), (0,), 3, tau0=1.0).round(6)
        array([[0.966184, 0.933511, 0.901943]])
        >>> discount_factors(np.array([[0.035, 0.025]]), (0, 2), 4, tau0=1.0).round(6)
        array([[0.966184, 0.933511, 0.910742, 0.888529]])

        Start and end of year side by side (offsets 0 and 1):

        >>> discount_factors(np.array([[0.035]]), (0,), 2, tau0=[0.0, 1.0]).round(6)
        array([[[1.      , 0.966184],
                [0.966184, 0.933511]]])
    """
    offsets = np.asarray(tau0, dtype=float)
    if offsets.ndim == 1:
        if not len(offsets):
            return np.zeros((np.atleast_2d(step_rates).shape[0], 0, n_years))
        # tau = t + tau0[k]: each timing's own pass of the one rule below
        return np.stack(
            [discount_factors(step_rates, step_starts, n_years, float(o)) for o in offsets], axis=1
        )
    step_rates = np.atleast_2d(np.asarray(step_rates, dtype=float))
    tau = np.arange(n_years, dtype=float) + float(offsets)
    horizon = int(np.ceil(max(tau.max(initial=0.0), 0.0)))
    # rate in force in each elapsed year 0..horizon-1
    year_step = (
        np.searchsorted(np.asarray(step_starts), np.arange(max(horizon, 1)), side="right") - 1
    )
    log_growth = np.log1p(step_rates[:, year_step])  # (n, horizon)
    cum = np.concatenate(
        [np.zeros((step_rates.shape[0], 1)), np.cumsum(log_growth, axis=1)], axis=1
    )
    whole = np.clip(np.floor(tau).astype(int), 0, horizon)
    frac = np.where(tau >= 0, tau - np.floor(tau), 0.0)
    frac_rate = log_growth[:, np.clip(whole, 0, log_growth.shape[1] - 1)]
    exponent = cum[:, whole] + frac * frac_rate
    before = tau < 0
    if before.any():
        exponent[:, before] = tau[before] * log_growth[:, [0]]
    return np.asarray(np.exp(-exponent), dtype=float)


def rate_factors(rate: npt.ArrayLike, times: npt.ArrayLike) -> FloatArray:
    """Discount factors ``(1 + rate)^-times`` at a constant rate: the one
    present-value weight socinv uses outside a compiled scenario (fund
    ledgers, contracts, IRR). ``rate`` is a number or an array ``(G,)`` of
    rates, ``times`` the years ``(Y,)`` from the base year to each flow (end
    of year: ``t + 1``). Returns ``(Y,)`` or ``(G, Y)``.

    Example:
        >>> rate_factors(0.035, [1, 2]).round(6).tolist()
        [0.966184, 0.933511]
        >>> rate_factors([0.0, 1.0], [1.0]).tolist()
        [[1.0], [0.5]]
    """
    r = np.asarray(rate, dtype=float)
    t = np.asarray(times, dtype=float)
    out: FloatArray = np.power.outer(1.0 + r, -t)
    return out


def present_value(values: npt.ArrayLike, factors: npt.ArrayLike) -> float:
    """Sum of ``values * factors`` (SEK in the price year, discounted)."""
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(factors, dtype=float)))


def present_values(values: npt.ArrayLike, factors: npt.ArrayLike) -> FloatArray:
    """``values (..., Y) @ factors (Y,)``: the present value of each row of
    flows (SEK in the price year)."""
    out: FloatArray = np.asarray(values, dtype=float) @ np.asarray(factors, dtype=float)
    return out


def annuity_factor(rate: float, n_years: int, convention: Convention = Convention.END) -> float:
    """Closed-form present value of 1 SEK a year for ``n_years`` (base = first year).

    End of year: ``(1 - (1 + r)^-n) / r``; mid-year multiplies by ``(1 + r)^0.5``;
    start of year by ``(1 + r)``. With ``r = 0`` the value is ``n``.
    """
    if n_years < 0:
        raise ValueError(f"n_years must be >= 0, got {n_years}")
    if rate == 0:
        return float(n_years)
    # -expm1(-n log1p r) = 1 - (1 + r)^-n without cancellation for tiny rates
    end = -np.expm1(-n_years * np.log1p(rate)) / rate
    return float(end * (1 + rate) ** (1.0 - convention.offset))
