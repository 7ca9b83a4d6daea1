"""Fund definitions: a social investment fund, its projects and repayment rules.

A fund (social investment fund, *social investeringsfond*) owned by a payer
(usually the municipality) has initial capital and yearly allocations and
finances projects: the intervention cost streams of a scenario. Each project
carries a list of repayment rules (*återföring*), applied in order:

* ``measured_savings`` — the agencies where savings arise repay measured
  savings (a share, capped at a share of the outlay) in installments at fixed
  dates after the project ends (e.g. the Södermanland guideline: first
  repayment at most 2 years after the end, everything within 4 years);
* ``fixed_share_on_results`` — an agency repays a fixed share of the outlay if
  results are achieved (measured savings reach a stated share of the outlay);
* ``central_funding`` — the central level funds the project without
  repayment (a grant); recorded, repays nothing;
* ``risk_sharing`` — the shortfall left by the rules before it (outlay minus
  what they repaid) is shared: the agency repays ``1 - central_share`` of it.

All money is SEK in the fund's ``price_year`` (real terms); years are calendar
years.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from socinv.discounting import DEFAULT_RATE
from socinv.errors import SocinvError
from socinv.limits import COHORT, MONEY, PRICE_YEAR, RATE, YEAR
from socinv.payers import Payer
from socinv.readers import Document, format_errors, read_document

Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Money = Annotated[float, MONEY.field()]
Year = Annotated[int, YEAR.field()]


class FundError(SocinvError, ValueError):
    """A fund definition is invalid or inconsistent with its projects: names
    the file, project, rule or year at fault."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Installment(_Strict):
    """A repayment date ``years_after_end`` years after the project's last
    outlay year, due with ``share`` of the total repayment (cumulative shares
    of all installments sum to 1)."""

    years_after_end: Annotated[int, Field(ge=0, le=50)]
    share: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)]


class MeasuredSavings(_Strict):
    """Repay ``share`` of the measured savings of the fund payer's agencies (or
    of ``agencies``), capped at ``cap_share_of_outlay`` x outlay, in
    ``installments``. Savings are measured from the project's start up to each
    installment's date; each agency repays its own part (a one-off cut of its
    budget frame)."""

    type: Literal["measured_savings"]
    share: Share = 1.0
    cap_share_of_outlay: Annotated[float, Field(ge=0.0, allow_inf_nan=False)] | None = 1.0
    agencies: tuple[str, ...] | None = None
    installments: tuple[Installment, ...] = Field(min_length=1)
    first_within_years: Annotated[int, Field(ge=0)] | None = None
    all_within_years: Annotated[int, Field(ge=0)] | None = None
    note: str = ""

    @model_validator(mode="after")
    def _timing(self) -> MeasuredSavings:
        years = [i.years_after_end for i in self.installments]
        if years != sorted(set(years)):
            raise ValueError(
                f"installments[*].years_after_end must be strictly increasing, got {years}"
            )
        total = sum(i.share for i in self.installments)
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"installments[*].share must sum to 1, got {total:.6g}")
        if self.first_within_years is not None and years[0] > self.first_within_years:
            raise ValueError(
                f"installments[0].years_after_end = {years[0]} is later than "
                f"first_within_years = {self.first_within_years}"
            )
        if self.all_within_years is not None and years[-1] > self.all_within_years:
            raise ValueError(
                f"installments[{len(years) - 1}].years_after_end = {years[-1]} is later than "
                f"all_within_years = {self.all_within_years}"
            )
        return self


class FixedShareOnResults(_Strict):
    """``agency`` repays ``share`` x outlay ``years_after_end`` years after the
    project ends if results are achieved: measured savings of the fund payer
    (or of ``agencies``) up to that date reach ``min_savings_share_of_outlay``
    x outlay. ``results_achieved`` (true/false) overrides the measurement."""

    type: Literal["fixed_share_on_results"]
    share: Share
    agency: str
    years_after_end: Annotated[int, Field(ge=0, le=50)]
    min_savings_share_of_outlay: Annotated[float, Field(ge=0.0, allow_inf_nan=False)] = 1.0
    agencies: tuple[str, ...] | None = None
    results_achieved: bool | None = None
    note: str = ""


class CentralFunding(_Strict):
    """The central level funds the project without repayment (repays nothing)."""

    type: Literal["central_funding"]
    note: str = ""


class RiskSharing(_Strict):
    """The shortfall ``target_share_of_outlay`` x outlay minus what the rules
    before this one repaid is shared: ``agency`` repays ``1 - central_share``
    of it ``years_after_end`` years after the project ends; the central level
    (the fund) carries the rest."""

    type: Literal["risk_sharing"]
    central_share: Share
    agency: str
    years_after_end: Annotated[int, Field(ge=0, le=50)]
    target_share_of_outlay: Share = 1.0
    note: str = ""


RepaymentRule = Annotated[
    MeasuredSavings | FixedShareOnResults | CentralFunding | RiskSharing,
    Field(discriminator="type"),
]


class Allocation(_Strict):
    """A yearly allocation to the fund (SEK, price year)."""

    year: Year
    amount_sek: Money


class Project(_Strict):
    """A project the fund finances: the intervention cost of ``scenario``
    (path relative to the fund file) paid by the fund's payer, times
    ``financed_share``. ``start_year`` moves the scenario in calendar time;
    ``cohort_size`` and ``overrides`` set scenario parameters."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")]
    scenario: str
    start_year: Year | None = None
    cohort_size: Annotated[float, COHORT.field()] | None = None
    overrides: dict[str, float] = Field(default_factory=dict)
    financed_share: Share = 1.0
    repayment: tuple[RepaymentRule, ...] = ()
    note: str = ""


class Fund(_Strict):
    """A social investment fund and its projects. The ledger runs over the
    calendar years ``start_year..end_year``; money in ``price_year`` SEK."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")]
    title: str = ""
    description: str = ""
    payer: Payer = Payer.MUNICIPALITY
    start_year: Year
    end_year: Year
    price_year: Annotated[int, PRICE_YEAR.field()]
    initial_capital_sek: Money = 0.0
    allocations: tuple[Allocation, ...] = ()
    discount_rate: Annotated[float, RATE.field()] = DEFAULT_RATE
    agency_levels: dict[str, Payer] = Field(default_factory=dict)
    projects: tuple[Project, ...] = ()
    metadata: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _checks(self) -> Fund:
        if self.end_year < self.start_year:
            raise ValueError(f"end_year {self.end_year} is before start_year {self.start_year}")
        for i, a in enumerate(self.allocations):
            if not self.start_year <= a.year <= self.end_year:
                raise ValueError(
                    f"allocations[{i}].year {a.year} is outside the fund's years "
                    f"{self.start_year}..{self.end_year}"
                )
        ids = [p.id for p in self.projects]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"projects: id {sorted(dup)[0]!r} is used twice")
        return self


def fund_from_dict(data: Any, *, source: str = "<fund>", doc: Document | None = None) -> Fund:
    """Validate a dict as a :class:`Fund`; :class:`FundError` names the source,
    each field path at fault and, with ``doc`` (the parsed file), its line."""
    if not isinstance(data, dict):
        raise FundError(f"{source}: expected a mapping of fund fields, got {type(data).__name__}")
    try:
        return Fund.model_validate(data)
    except ValidationError as exc:
        raise FundError(format_errors(exc, doc or Document(data, {}, source))) from None


def read_document_of(path: str | Path, what: str, error: type[SocinvError]) -> Document:
    """Parse a YAML definition file through the reading layer (limits, encoding,
    line numbers); ``error`` names the file if it is missing or invalid."""
    return read_document(path, what=what, error=error, formats=())


def read_yaml(path: str | Path, what: str, error: type[SocinvError]) -> Any:
    """Parse a YAML file; ``error`` names the file if it is missing or invalid."""
    return read_document_of(path, what, error).data


def load_fund(path: str | Path) -> Fund:
    """Load a fund definition from a YAML file."""
    doc = read_document_of(path, "fund", FundError)
    return fund_from_dict(doc.data, source=str(path), doc=doc)
