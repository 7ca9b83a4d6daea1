"""Outcome contract definitions: investor capital, outcome measures, payment
terms and their uncertainty.

An outcome contract (social outcomes contract, *sociala utfallskontrakt*)
lets an investor (or a provider carrying outcome risk) finance an
intervention; the payer (usually the municipality) pays according to
measured outcomes. Outcomes are either taken from a scenario comparison
(``savings`` in SEK for a payer/agencies over a window of years;
``episode_reduction``, the relative fall of a status-quo episode such as an
extra upper-secondary year, a school-results indicator) or modelled
``direct``-ly (e.g. the relative fall in short-term sick days), or as a
``linear`` combination of outcomes listed before it.

Payment terms, applied in order and each paid in its ``year``:

* ``fixed_share_on_delivery`` — ``share`` x capital if the intervention is
  delivered as contracted (probability ``delivery_probability``);
* ``pay_for_savings`` — ``rate`` x (outcome - ``floor``), at most ``cap_sek``;
* ``conditional_bonus`` — (outcome - ``above``), at most ``cap_sek``, only if
  a secondary outcome reaches ``condition.at_least`` (or exceeds
  ``condition.greater_than``);
* ``target_payment`` — ``amount_sek`` if the outcome, minus a ``reference``
  outcome (trend adjustment, e.g. the national trend), reaches ``target``;
  with ``scaling: proportional`` the share paid is adjusted / target, at most 1.

Optionally ``total_cap_sek`` caps all payments together (later terms are cut).
Money is SEK in the contract's ``price_year``; years are calendar years.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from socinv.discounting import DEFAULT_RATE
from socinv.errors import SocinvError
from socinv.fund.models import read_document_of
from socinv.limits import DRAWS, MONEY, PRICE_YEAR, RATE, SEED, YEAR
from socinv.payers import Payer
from socinv.readers import Document, format_errors
from socinv.sensitivity.distributions import Distribution

Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Money = Annotated[float, MONEY.field()]
Year = Annotated[int, YEAR.field()]
Finite = Annotated[float, Field(allow_inf_nan=False)]
Name = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")]


class ContractError(SocinvError, ValueError):
    """A contract definition is invalid or inconsistent: names the file,
    field path, outcome or term at fault."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- investor ---------------------------------------------------------------------
class Disbursement(_Strict):
    year: Year
    amount_sek: Money


class Investor(_Strict):
    """Capital the investor puts in (SEK), disbursed in the given years (default:
    all of it in the contract's first year)."""

    label: str = "investor"
    capital_sek: Annotated[float, Field(gt=0.0, le=MONEY.hi, allow_inf_nan=False)]
    disbursements: tuple[Disbursement, ...] = ()

    @model_validator(mode="after")
    def _sum(self) -> Investor:
        if self.disbursements:
            total = sum(d.amount_sek for d in self.disbursements)
            if abs(total - self.capital_sek) > 1e-6 * self.capital_sek:
                raise ValueError(
                    f"disbursements[*].amount_sek sum to {total:,.0f}, not capital_sek "
                    f"{self.capital_sek:,.0f}"
                )
        return self


# --- outcomes ----------------------------------------------------------------------
class SavingsOutcome(_Strict):
    """Gross savings (status quo minus intervention-arm episodes, undiscounted
    SEK) of ``payer`` (only ``agencies`` if given) in ``from_year..to_year``."""

    id: Name
    type: Literal["savings"]
    payer: Payer = Payer.MUNICIPALITY
    agencies: tuple[str, ...] | None = None
    from_year: Year
    to_year: Year
    label: str = ""


class EpisodeReductionOutcome(_Strict):
    """Relative fall of a status-quo episode's expected volume in
    ``from_year..to_year``: 1 - intervention / status quo (0.2 = 20 % fewer)."""

    id: Name
    type: Literal["episode_reduction"]
    episode: str
    from_year: Year
    to_year: Year
    label: str = ""


class DirectOutcome(_Strict):
    """An outcome modelled directly: ``value`` (base case) and, under Monte
    Carlo, ``distribution``; ``unit`` is for display."""

    id: Name
    type: Literal["direct"]
    value: Finite
    distribution: Distribution | None = None
    unit: str = ""
    label: str = ""


class LinearOutcome(_Strict):
    """``constant + sum(coefficient x outcome)`` over outcomes defined earlier
    in the list (e.g. a measured local change = programme effect + national
    trend)."""

    id: Name
    type: Literal["linear"]
    terms: dict[str, Finite] = Field(min_length=1)
    constant: Finite = 0.0
    unit: str = ""
    label: str = ""


Outcome = Annotated[
    SavingsOutcome | EpisodeReductionOutcome | DirectOutcome | LinearOutcome,
    Field(discriminator="type"),
]


# --- payment terms ------------------------------------------------------------------
class FixedShareOnDelivery(_Strict):
    type: Literal["fixed_share_on_delivery"]
    share: Share
    year: Year
    delivery_probability: Share = 1.0
    label: str = ""


class PayForSavings(_Strict):
    type: Literal["pay_for_savings"]
    outcome: str
    rate: Annotated[float, Field(ge=0.0, allow_inf_nan=False)] = 1.0
    floor: Finite = 0.0
    cap_sek: Money | None = None
    year: Year
    label: str = ""


class Condition(_Strict):
    """``outcome`` >= ``at_least`` or > ``greater_than`` (give exactly one)."""

    outcome: str
    at_least: Finite | None = None
    greater_than: Finite | None = None

    @model_validator(mode="after")
    def _one(self) -> Condition:
        if (self.at_least is None) == (self.greater_than is None):
            raise ValueError("give exactly one of at_least or greater_than")
        return self


class ConditionalBonus(_Strict):
    type: Literal["conditional_bonus"]
    outcome: str
    above: Finite
    cap_sek: Money
    condition: Condition
    rate: Annotated[float, Field(ge=0.0, allow_inf_nan=False)] = 1.0
    year: Year
    label: str = ""


class TargetPayment(_Strict):
    type: Literal["target_payment"]
    outcome: str
    reference: str | None = None
    target: Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
    amount_sek: Money
    scaling: Literal["all_or_nothing", "proportional"] = "all_or_nothing"
    year: Year
    label: str = ""


Term = Annotated[
    FixedShareOnDelivery | PayForSavings | ConditionalBonus | TargetPayment,
    Field(discriminator="type"),
]


class PayerSavings(_Strict):
    """The payer's savings from an outcome for its net position:
    (outcome - reference) x ``sek_per_unit``, spread evenly over
    ``from_year..to_year``. A ``savings`` outcome with no reference and
    ``sek_per_unit`` 1 keeps its own yearly profile (years then ignored)."""

    outcome: str
    reference: str | None = None
    sek_per_unit: Finite = 1.0
    from_year: Year | None = None
    to_year: Year | None = None
    note: str = ""


class MonteCarloSettings(_Strict):
    """Monte Carlo settings: ``draws``, ``seed`` and distributions of scenario
    parameters by name (the vocabulary of :mod:`socinv.sensitivity`, e.g.
    ``{dist: pert, low: ..., mode: ..., high: ...}``). As in ``socinv mc``, the
    scenario's own ``uncertainty:`` block (``from_scenario``) and catalogue
    low/high PERTs (``catalogue_defaults``) apply unless switched off; the
    contract's ``parameters`` win. The default distribution policy
    (:mod:`socinv.sensitivity.defaults`, ``policy``) varies every entered
    figure without a distribution except those listed in ``fixed``."""

    draws: Annotated[int, DRAWS.field()] = 2000
    seed: Annotated[int, SEED.field()] = 12345
    parameters: dict[str, dict[str, Any]] = Field(default_factory=dict)
    from_scenario: bool = True
    catalogue_defaults: bool = True
    policy: bool = True
    fixed: tuple[str, ...] = ()


class Contract(_Strict):
    """An outcome contract over the calendar years ``start_year..end_year``."""

    name: Name
    title: str = ""
    description: str = ""
    payer: Payer = Payer.MUNICIPALITY
    start_year: Year
    end_year: Year
    price_year: Annotated[int, PRICE_YEAR.field()]
    discount_rate: Annotated[float, RATE.field()] = DEFAULT_RATE
    scenario: str | None = None
    scenario_overrides: dict[str, float] = Field(default_factory=dict)
    investor: Investor
    outcomes: tuple[Outcome, ...] = Field(min_length=1)
    terms: tuple[Term, ...] = Field(min_length=1)
    total_cap_sek: Money | None = None
    payer_savings: tuple[PayerSavings, ...] = ()
    uncertainty: MonteCarloSettings = MonteCarloSettings()
    metadata: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _checks(self) -> Contract:
        if self.end_year < self.start_year:
            raise ValueError(f"end_year {self.end_year} is before start_year {self.start_year}")

        def in_years(where: str, y: int | None) -> None:
            if y is not None and not self.start_year <= y <= self.end_year:
                raise ValueError(
                    f"{where} {y} is outside the contract's years "
                    f"{self.start_year}..{self.end_year}"
                )

        for i, d in enumerate(self.investor.disbursements):
            in_years(f"investor.disbursements[{i}].year", d.year)
        ids = [o.id for o in self.outcomes]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"outcomes: id {sorted(dup)[0]!r} is used twice")
        for i, o in enumerate(self.outcomes):
            if isinstance(o, LinearOutcome):
                for ref in o.terms:
                    if ref not in ids[:i]:
                        raise ValueError(
                            f"outcomes[{i}].terms: {ref!r} is not an outcome defined before "
                            f"{o.id!r}; known: {ids[:i]}"
                        )
            if isinstance(o, SavingsOutcome | EpisodeReductionOutcome):
                if self.scenario is None:
                    raise ValueError(
                        f"outcomes[{i}] ({o.id}) of type {o.type!r} needs the contract's scenario"
                    )
                if o.to_year < o.from_year:
                    raise ValueError(f"outcomes[{i}].to_year is before from_year")

        def known(where: str, ref: str | None) -> None:
            if ref is not None and ref not in ids:
                raise ValueError(f"{where} {ref!r} is not an outcome id; known: {ids}")

        for i, t in enumerate(self.terms):
            in_years(f"terms[{i}].year", t.year)
            if isinstance(t, PayForSavings | ConditionalBonus | TargetPayment):
                known(f"terms[{i}].outcome", t.outcome)
            if isinstance(t, ConditionalBonus):
                known(f"terms[{i}].condition.outcome", t.condition.outcome)
            if isinstance(t, TargetPayment):
                known(f"terms[{i}].reference", t.reference)
        kinds = {o.id: o for o in self.outcomes}
        for i, s in enumerate(self.payer_savings):
            known(f"payer_savings[{i}].outcome", s.outcome)
            known(f"payer_savings[{i}].reference", s.reference)
            own_profile = (
                isinstance(kinds[s.outcome], SavingsOutcome)
                and s.reference is None
                and s.sek_per_unit == 1.0
            )
            if not own_profile and (
                s.from_year is None or s.to_year is None or s.to_year < s.from_year
            ):
                raise ValueError(
                    f"payer_savings[{i}] ({s.outcome}) needs from_year <= to_year: its savings "
                    "are spread evenly over those years (only a savings outcome with no "
                    "reference and sek_per_unit 1 keeps its own yearly profile)"
                )
            for f in ("from_year", "to_year"):
                y = getattr(s, f)
                if y is not None and y < self.start_year:
                    raise ValueError(f"payer_savings[{i}].{f} {y} is before start_year")
        if self.scenario is None and self.uncertainty.parameters:
            raise ValueError(
                "uncertainty.parameters names scenario parameters but the contract has no scenario"
            )
        return self


def contract_from_dict(
    data: Any, *, source: str = "<contract>", doc: Document | None = None
) -> Contract:
    """Validate a dict as a :class:`Contract`; :class:`ContractError` names the
    source and each field path at fault."""
    if not isinstance(data, dict):
        raise ContractError(
            f"{source}: expected a mapping of contract fields, got {type(data).__name__}"
        )
    try:
        return Contract.model_validate(data)
    except ValidationError as exc:
        raise ContractError(format_errors(exc, doc or Document(data, {}, source))) from None


def load_contract(path: str | Path) -> Contract:
    """Load a contract definition from a YAML file."""
    doc = read_document_of(path, "contract", ContractError)
    return contract_from_dict(doc.data, source=str(path), doc=doc)
