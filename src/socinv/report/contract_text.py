"""An outcome contract in plain words: each payment term, how each outcome is
measured, an outcome's value with its unit, the payer's savings, and how a
summary quantity is shown — in English or Swedish, for the contract page
and the contract workbook. Formatting only.

Example:
    >>> from socinv.contracts import load_contract
    >>> c = load_contract("data/contracts/norrkoping_sib.yaml")
    >>> term_text(c, 0, lang="sv").startswith("År ")
    True
"""

from __future__ import annotations

from typing import Any

from socinv.contracts.models import (
    ConditionalBonus,
    Contract,
    DirectOutcome,
    EpisodeReductionOutcome,
    FixedShareOnDelivery,
    LinearOutcome,
    PayForSavings,
    SavingsOutcome,
    TargetPayment,
)
from socinv.formatting import check_lang
from socinv.report.blocks import Page

__all__ = [
    "outcome_of",
    "outcome_text",
    "outcome_value_text",
    "quantity_format",
    "savings_items",
    "term_text",
]


def outcome_of(c: Contract, oid: str) -> Any:
    """The contract's outcome with id ``oid``."""
    return next(o for o in c.outcomes if o.id == oid)


def outcome_value_text(c: Contract, oid: str, value: float, *, lang: str = "en") -> str:
    """An outcome value with its unit: SEK for savings, percent for an episode
    reduction, the stated unit otherwise."""
    p = Page(check_lang(lang))
    o = outcome_of(c, oid)
    if isinstance(o, SavingsOutcome):
        return p.sek(value)
    if isinstance(o, EpisodeReductionOutcome):
        return p.f.percent(value)
    unit = getattr(o, "unit", "")
    return p.f.number(value, 4) + (f" ({unit})" if unit else "")


def _threshold(c: Contract, oid: str, value: float, p: Page) -> str:
    o = outcome_of(c, oid)
    if isinstance(o, SavingsOutcome):
        return p.sek(value)
    if isinstance(o, EpisodeReductionOutcome):
        return p.f.percent(value)
    return p.f.number(value, 4)


def _name(c: Contract, oid: str) -> str:
    o = outcome_of(c, oid)
    return f"“{o.label or o.id}”"


def term_text(c: Contract, k: int, *, lang: str = "en") -> str:
    """Payment term ``k`` of the contract in plain words (plain text)."""
    p = Page(check_lang(lang))
    _, f = p._, p.f
    t = c.terms[k]
    cap = c.investor.capital_sek
    if isinstance(t, FixedShareOnDelivery):
        text = _(
            "{share} of the capital ({amount}) if the intervention is carried out as contracted"
        ).format(share=f.share(t.share), amount=p.sek(t.share * cap))
        if t.delivery_probability < 1:
            text += " " + _("(assumed probability of delivery: {share})").format(
                share=f.share(t.delivery_probability)
            )
    elif isinstance(t, PayForSavings):
        rate = "" if t.rate == 1 else f"{f.number(t.rate)} × "
        floor = (
            " " + _("above {threshold}").format(threshold=_threshold(c, t.outcome, t.floor, p))
            if t.floor
            else ""
        )
        text = rate + _("the outcome {name}").format(name=_name(c, t.outcome)) + floor
        text += (
            ", " + _("at most {amount}").format(amount=p.sek(t.cap_sek))
            if t.cap_sek is not None
            else ", " + _("no cap")
        )
    elif isinstance(t, ConditionalBonus):
        rate = "" if t.rate == 1 else f"{f.number(t.rate)} × "
        cond = t.condition
        test = (
            _("reaches at least {threshold}").format(
                threshold=_threshold(c, cond.outcome, cond.at_least, p)
            )
            if cond.at_least is not None
            else _("is above {threshold}").format(
                threshold=_threshold(c, cond.outcome, float(cond.greater_than or 0), p)
            )
        )
        text = rate + _(
            "the outcome {name} beyond {threshold}, at most {amount}, only if {condition} {test}"
        ).format(
            name=_name(c, t.outcome),
            threshold=_threshold(c, t.outcome, t.above, p),
            amount=p.sek(t.cap_sek),
            condition=_name(c, cond.outcome),
            test=test,
        )
    else:
        assert isinstance(t, TargetPayment)
        what = _name(c, t.outcome) + (
            " " + _("minus {name}").format(name=_name(c, t.reference)) if t.reference else ""
        )
        if t.scaling == "all_or_nothing":
            text = _("{amount} if {what} reaches {target} (all or nothing)").format(
                amount=p.sek(t.amount_sek), what=what, target=_threshold(c, t.outcome, t.target, p)
            )
        else:
            text = _("{amount} × ({what}) / {target}, between none and all of it").format(
                amount=p.sek(t.amount_sek), what=what, target=_threshold(c, t.outcome, t.target, p)
            )
    return _("In {year}: {text}.").format(year=t.year, text=text)


def outcome_text(c: Contract, oid: str, *, lang: str = "en") -> str:
    """How an outcome is measured, in plain words (plain text)."""
    p = Page(check_lang(lang))
    _, f = p._, p.f
    o = outcome_of(c, oid)
    if isinstance(o, SavingsOutcome):
        who = p.payer(o.payer.value)
        if o.agencies:
            who += " " + _("({agencies} only)").format(agencies=", ".join(o.agencies))
        return _(
            "gross savings of the {who} in {start}–{end}: status quo minus the intervention arm, "
            "undiscounted SEK, from the scenario"
        ).format(who=who, start=o.from_year, end=o.to_year)
    if isinstance(o, EpisodeReductionOutcome):
        return _(
            "relative fall of the status-quo episode “{episode}” in {start}–{end}: "
            "1 − intervention / status quo, from the scenario"
        ).format(episode=o.episode, start=o.from_year, end=o.to_year)
    if isinstance(o, DirectOutcome):
        text = _("modelled directly: {value}").format(value=f.number(o.value, 4)) + (
            f" {o.unit}" if o.unit else ""
        )
        if o.distribution is not None:
            text += "; " + _("under Monte Carlo {distribution}").format(
                distribution=o.distribution.describe()
            )
        return text
    assert isinstance(o, LinearOutcome)
    parts = [f"{f.number(coef, 4)} × {ref}" for ref, coef in o.terms.items()]
    if o.constant:
        parts.append(f.number(o.constant, 4))
    return _("a combination: {terms}").format(terms=" + ".join(parts))


def savings_items(c: Contract, p: Page) -> list[dict[str, str]]:
    """The payer's savings as sentences (``text``) with their ``note``."""
    _ = p._
    items = []
    for s in c.payer_savings:
        what = _name(c, s.outcome) + (
            " " + _("minus {name}").format(name=_name(c, s.reference)) if s.reference else ""
        )
        if s.sek_per_unit != 1:
            what += ", " + _("at {amount} per unit").format(amount=p.sek(s.sek_per_unit))
        when = (
            _("spread evenly over {start}–{end}").format(start=s.from_year, end=s.to_year)
            if s.from_year is not None and s.to_year is not None
            else _("with the scenario's yearly profile")
        )
        items.append({"text": f"{what} {when}.", "note": s.note})
    return items


def quantity_format(c: Contract, quantity: str) -> str:
    """How a summary quantity is shown: ``'sek'``, ``'percent'``, ``'ratio'``
    or ``'number'`` (used by the page and the workbook)."""
    if quantity.endswith("_sek"):
        return "sek"
    if quantity == "investor_irr" or quantity.startswith("prob_"):
        return "percent"
    if quantity == "payment_multiple":
        return "ratio"
    if quantity.startswith("outcome."):
        o = outcome_of(c, quantity.removeprefix("outcome."))
        if isinstance(o, SavingsOutcome):
            return "sek"
        if isinstance(o, EpisodeReductionOutcome):
            return "percent"
    return "number"
