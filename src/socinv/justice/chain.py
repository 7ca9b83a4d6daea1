"""The justice chain: its steps, the catalogue rows that price each step and
what each step's quantity is made of.

Each step is priced by catalogue rows (:data:`STEP_ITEMS`): a row tagged with
the offence type (column ``offence``) if the catalogue has one, else the
step's general rows (tagged ``any``, or untagged for Kriminalvården's rows,
which published per-offence totals leave out). Every row keeps its own payer
and agency. A step's yearly quantity is the offence rate times the inputs in
:data:`FACTORS` — the conditional probabilities of reaching the step and,
for remand, prison and probation, the days per step.

The police row is total police cost divided by the number of lagföringar,
so it is counted per lagföring (a police cost per investigated offence was
not found); prosecution is counted per lagföring too, the court per case
decided in court, the victim step per offence committed.

Example:
    >>> from socinv.unitcosts import load_catalogue
    >>> [it.id for it in step_items("police", "robbery", load_catalogue())]
    ['polis_lagforing']
    >>> [it.id for it in step_items("victim", "robbery", load_catalogue())]
    ['brottsoffer_krankning_personran']
    >>> step_items("victim", "drug_offence", load_catalogue())
    []
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from socinv.errors import OffenceChainError

if TYPE_CHECKING:
    from socinv.justice.offences import Offence
    from socinv.unitcosts.catalogue import Catalogue, UnitCost

Step = Literal["police", "prosecution", "court", "remand", "prison", "probation", "victim"]

#: the steps in the order they are reported
STEPS: tuple[Step, ...] = (
    "police",
    "prosecution",
    "court",
    "remand",
    "prison",
    "probation",
    "victim",
)

#: offence types a scenario may name (key -> Swedish name)
OFFENCE_TYPES: dict[str, str] = {
    "robbery": "rån",
    "assault": "misshandel",
    "serious_assault": "grov misshandel",
    "debt_collection_violence": "indrivning med våld",
    "unlawful_threat": "olaga hot",
    "theft": "stöld",
    "shoplifting": "snatteri",
    "burglary": "bostadsinbrott",
    "vehicle_theft": "fordonstillgrepp",
    "fraud": "bedrägeri",
    "vandalism": "skadegörelse",
    "drug_offence": "narkotikabrott",
    "unlicensed_driving": "olovlig körning",
    "weapons_offence": "vapenbrott",
}

_UP_TO_LAGFORING = ("p_reported", "p_cleared", "p_prosecuted")
_UP_TO_COURT = (*_UP_TO_LAGFORING, "p_court")

#: inputs multiplied into each step's quantity, after the offence rate
FACTORS: dict[Step, tuple[str, ...]] = {
    "police": _UP_TO_LAGFORING,
    "prosecution": _UP_TO_LAGFORING,
    "court": _UP_TO_COURT,
    "remand": (*_UP_TO_LAGFORING, "p_remand", "remand_days"),
    "prison": (*_UP_TO_COURT, "p_prison", "prison_days"),
    "probation": (*_UP_TO_COURT, "p_probation", "probation_days"),
    "victim": (),
}

#: catalogue rows that may price each step (the offence tag picks among them)
STEP_ITEMS: dict[Step, tuple[str, ...]] = {
    "police": ("polis_lagforing",),
    "prosecution": ("aklagare_lagforingsbeslut",),
    "court": ("tingsratt_brottmal_mal",),
    "remand": ("hakte_dygn",),
    "prison": ("fangelse_dygn",),
    "probation": ("frivard_dygn",),
    "victim": ("brottsoffer_krankning_personran", "brottsoffer_akutbesok_misshandel"),
}

#: steps whose rows are priced per day (the others per offence or case)
DAY_STEPS: frozenset[Step] = frozenset({"remand", "prison", "probation"})
_GENERAL = ("any", "")


@dataclass(frozen=True)
class ChainStep:
    """One priced step of one offence entry: the catalogue ``item``, the
    inputs in its quantity (``factors``) and its ``label`` in results."""

    step: Step
    item: str
    factors: tuple[str, ...]
    label: str


def step_items(step: Step, offence: str, catalogue: Catalogue) -> list[UnitCost]:
    """The catalogue rows that price ``step`` for ``offence``: those tagged
    with the offence, else the step's general rows; ``[]`` if none."""
    rows = [catalogue.get(i) for i in STEP_ITEMS[step] if i in catalogue]
    own = [r for r in rows if r.offence == offence]
    return own or [r for r in rows if r.offence in _GENERAL]


def chain_steps(entry: Offence, catalogue: Catalogue, where: str) -> list[ChainStep]:
    """The priced steps of ``entry``; :class:`~socinv.errors.OffenceChainError` naming
    ``where`` (the entry's field) when a step has no catalogue row for the
    offence or a row is a published total or in the wrong unit."""
    out: list[ChainStep] = []
    for step in entry.steps:
        rows = step_items(step, entry.offence, catalogue)
        if not rows:
            tried = ", ".join(STEP_ITEMS[step])
            raise OffenceChainError(
                f"{where}.steps: no catalogue row prices the {step} step for offence "
                f"{entry.offence!r} (rows that may: {tried}, tagged {entry.offence!r} or 'any'); "
                f"leave {step} out of steps or add such a row"
            )
        for it in rows:
            if it.published_estimate:
                raise OffenceChainError(
                    f"{where}: catalogue row {it.id!r} for the {step} step is a study's "
                    "published total, not a step of the chain"
                )
            if (step in DAY_STEPS) != (it.unit == "dygn"):
                want = "per day (dygn)" if step in DAY_STEPS else "per offence or case"
                raise OffenceChainError(
                    f"{where}: catalogue row {it.id!r} for the {step} step is priced per "
                    f"{it.unit}, but the step needs a price {want}"
                )
            out.append(ChainStep(step, it.id, FACTORS[step], f"{entry.id}: {step}"))
    return out
