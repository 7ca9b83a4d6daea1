"""The sensitivity results a report or workbook shows, in one object."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from socinv.sensitivity.decision import UncertaintyTables


@dataclass(frozen=True)
class SensitivityResults:
    """Sensitivity results to show in a report (any part may be missing).

    * ``tornado`` — one-way table: ``parameter, perspective, low, high,
      base_value, npv_low, npv_high, npv_base, swing`` (SEK);
    * ``mc_draws`` — Monte Carlo NPV per draw, one column per perspective (SEK);
    * ``mc_summary`` — a summary table of the draws (shown as given);
    * ``notes`` — plain-text remarks (settings, or why a part is missing);
    * ``uncertainty`` — what the Monte Carlo varied and held fixed, decision
      measures and the payback curve.
    """

    tornado: pd.DataFrame | None = None
    mc_draws: pd.DataFrame | None = None
    mc_summary: pd.DataFrame | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    uncertainty: UncertaintyTables | None = None
