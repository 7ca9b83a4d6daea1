"""An offence priced along the justice chain (police, prosecution, court,
remand, prison, probation, victim) from catalogue rows, each on its payer.

A scenario's ``status_quo.offences`` entry (:class:`Offence`) says how often
an offence type happens and the probability of each step; the compiler
expands it into ordinary rows of the one cost formula, one per step, named
``"<id>: <step>"`` in every result (see :mod:`socinv.justice.chain`).
"""

from socinv.justice.chain import (
    OFFENCE_TYPES,
    STEP_ITEMS,
    STEPS,
    ChainStep,
    chain_steps,
    step_items,
)
from socinv.justice.offences import Offence

__all__ = [
    "OFFENCE_TYPES",
    "STEPS",
    "STEP_ITEMS",
    "ChainStep",
    "Offence",
    "chain_steps",
    "step_items",
]
