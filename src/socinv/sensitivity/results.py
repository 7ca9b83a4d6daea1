"""The sensitivity results a report or workbook shows, in one object."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class SensitivityResults:
    """Sensitivity results to show in a report (any part may be missing).

    * ``tornado`` — one-way table: ``parameter, perspective, low, high,
      base_value, npv_low, npv_high, npv_base, swing`` (SEK);
    * ``mc_draws`` — Monte Carlo NPV per draw, one column per perspective (SEK);
    * ``mc_summary`` — a summary table of the draws (shown as given);
    * ``notes`` — plain-text remarks (settings, or why a part is missing).
    """

    tornado: pd.DataFrame | None = None
    mc_draws: pd.DataFrame | None = None
    mc_summary: pd.DataFrame | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
