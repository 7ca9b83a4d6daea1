"""Expand an offence entry into ordinary rows of the one cost formula.

Each priced step becomes one row of the compiled model: its catalogue item
(with that row's payer and agency), the offence rate as the row's quantity,
the step's own probability as the row's probability and the probabilities
upstream (and the days, for remand, prison and probation) as further factors
of the same product (:attr:`socinv.scenarios.model.Model.row_factors`). The
inputs are named parameters ``offence.<id>.<field>`` (``chain.<name>.<field>``
when entries share a ``chain:``), shared by every step of the entry, so a
Monte Carlo draw of ``p_cleared`` moves every step after clearance together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from socinv.justice.chain import OFFENCE_TYPES, chain_steps
from socinv.justice.offences import FIELD_HELP, Offence
from socinv.limits import QUANTITY

if TYPE_CHECKING:
    from socinv.unitcosts.catalogue import Catalogue

#: ``add(name, base, lower, upper, unit, description) -> column`` of a parameter
AddParameter = Callable[[str, float, float, float, str, str], int]


@dataclass(frozen=True)
class OffenceRow:
    """One step of one offence entry as a row: ``q`` (rate), ``p`` (the step's
    own probability, or ``one`` if it has none) and ``factors`` are columns
    of parameters; ``label`` is ``"<id>: <step>"``."""

    label: str
    item: str
    from_age: int
    to_age: int
    q: int
    p: int
    factors: tuple[int, ...]


def offence_rows(
    entry: Offence, catalogue: Catalogue, add: AddParameter, where: str, one: int
) -> list[OffenceRow]:
    """The rows of ``entry`` (``one``: the placeholder column of the constant 1)."""
    steps = chain_steps(entry, catalogue, where)
    prefix = f"offence.{entry.id}"
    kind = OFFENCE_TYPES[entry.offence]
    q = add(
        f"{prefix}.rate",
        entry.yearly_rate,
        0.0,
        QUANTITY.hi,
        "offences per year",
        f"{entry.id}: offences ({kind}) per year",
    )

    def column(name: str) -> int:
        value = getattr(entry, name)
        days = name.endswith("_days")
        return add(
            f"{entry.input_prefix}.{name}",
            float(value),
            0.0,
            QUANTITY.hi if days else 1.0,
            "days" if days else "probability",
            f"{entry.chain or entry.id}: {FIELD_HELP[name]}",
        )

    lo, hi = entry.ages
    out = []
    for s in steps:
        cols = {f: column(f) for f in s.factors}
        probs = [f for f in s.factors if f.startswith("p_")]
        own = probs[-1] if probs else None
        p = cols[own] if own is not None else one
        factors = tuple(c for f, c in cols.items() if f != own)
        out.append(OffenceRow(s.label, s.item, lo, hi, q, p, factors))
    return out
