"""Monte Carlo of the cost of exclusion: for a scenario without an
intervention (status quo only, no intervention cost), the net present value
of "intervening" is zero in every draw, so the result worth reporting is the
status quo's own cost per payer — the reduction of
:func:`socinv.scenarios.exclusion.exclusion_by_perspective`, summarised over
the draws of :func:`~socinv.sensitivity.montecarlo.monte_carlo` with the same
seed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from socinv.payers import PERSPECTIVES
from socinv.scenarios.compile import Model
from socinv.scenarios.exclusion import exclusion_by_perspective, is_status_quo_alone
from socinv.sensitivity.montecarlo import BLOCK, draw_range
from socinv.sensitivity.parameters import Uncertainty, uncertainty

COST_COLUMNS = ["perspective", "mean", "p2_5", "median", "p97_5", "base"]


def is_cost_of_exclusion(model: Model) -> bool:
    """``True`` when the scenario has no intervention: no own costs and
    nothing that changes the status quo (its NPV is 0 for every perspective)."""
    return is_status_quo_alone(model)


def cost_of_exclusion(
    model: Model, n: int, seed: int, unc: Uncertainty | None = None
) -> pd.DataFrame:
    """Per perspective: the status quo's discounted cost over the horizon
    (SEK, the scenario's price year) — ``mean``, ``p2_5``, ``median``,
    ``p97_5`` over ``n`` draws with ``seed``, and ``base`` at the base values.

    Example:
        >>> from socinv.sensitivity import load_model
        >>> m = load_model("data/scenarios/foster_care_school_support.yaml")
        >>> t = cost_of_exclusion(m, 500, seed=1).set_index("perspective")
        >>> bool(t.loc["society", "p2_5"] < t.loc["society", "base"] < t.loc["society", "p97_5"])
        True
    """
    unc = uncertainty(model) if unc is None else unc
    parts = []
    for start in range(0, n, BLOCK):
        values = draw_range(unc, seed, start, min(start + BLOCK, n))
        parts.append(exclusion_by_perspective(model, unc.theta(model, values)))
    cost = np.concatenate(parts, axis=0)
    base = exclusion_by_perspective(model, model.base_theta[None, :])[0]
    return pd.DataFrame(
        {
            "perspective": [p.value for p in PERSPECTIVES],
            "mean": cost.mean(axis=0),
            "p2_5": np.percentile(cost, 2.5, axis=0),
            "median": np.median(cost, axis=0),
            "p97_5": np.percentile(cost, 97.5, axis=0),
            "base": base,
        }
    )[COST_COLUMNS]
