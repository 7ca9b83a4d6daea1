"""Cost of exclusion: what the status quo (the exclusion trajectory) costs
each payer, by kind of cost, undiscounted and as a present value.

A scenario may be a status quo alone (no intervention), an exclusion vs
inclusion pair (the intervention arm has its own ``episodes``: the
inclusion trajectory) or an ordinary comparison. The cost of exclusion is
the status quo's episode cost, minus the inclusion trajectory's in a pair:
the one reduction :func:`arm_weights` defines. :func:`cost_of_exclusion`
reads it per payer and kind for one comparison, :func:`exclusion_by_perspective`
per perspective for a batch of parameter draws (what the Monte Carlo of
:mod:`socinv.sensitivity.exclusion` summarises). SEK in the scenario's price
year, the whole cohort.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from socinv.scenarios.compile import G_INT, G_SQ
from socinv.scenarios.metrics import perspective_matrix

if TYPE_CHECKING:
    import pandas as pd

    from socinv.scenarios.comparison import Comparison
    from socinv.scenarios.compile import Model
    from socinv.scenarios.models import Scenario

FloatArray = npt.NDArray[np.float64]

COLUMNS = ["payer", "kind", "cost_sek", "cost_disc_sek"]


def _scenario(x: Comparison | Model | Scenario) -> Scenario:
    from socinv.scenarios.models import Scenario

    return x if isinstance(x, Scenario) else x.scenario


def is_status_quo_alone(x: Comparison | Model | Scenario) -> bool:
    """``True`` when there is no intervention: no own costs and nothing that
    changes the status quo (the NPV is 0 for every perspective)."""
    iv = _scenario(x).intervention
    return not iv.costs and not iv.effects and iv.episodes is None


def is_pair(x: Comparison | Model | Scenario) -> bool:
    """The intervention arm is an inclusion trajectory of its own."""
    return _scenario(x).intervention.episodes is not None


def arm_weights(x: Comparison | Model | Scenario) -> dict[str, float]:
    """The weight of each arm's episode cost in the cost of exclusion:
    status quo 1, the intervention arm -1 in a pair, else 0."""
    return {"status_quo": 1.0, "intervention": -1.0 if is_pair(x) else 0.0}


def cost_of_exclusion(cmp: Comparison) -> pd.DataFrame:
    """Per payer and kind (resource, transfer, production): the cost of
    exclusion, undiscounted and discounted (SEK, price year); payers and
    kinds with no cost are left out.

    Example:
        >>> import socinv
        >>> from socinv.scenarios.exclusion import cost_of_exclusion
        >>> cmp = socinv.compare("data/scenarios/foster_care_school_support.yaml")
        >>> t = cost_of_exclusion(cmp)
        >>> list(t.columns)
        ['payer', 'kind', 'cost_sek', 'cost_disc_sek']
    """
    s = cmp.streams()
    s = s[s["component"] == "episode"]
    sign = s["arm"].map(arm_weights(cmp))
    s = s.assign(cost_sek=s["cost_sek"] * sign, cost_disc_sek=s["cost_disc_sek"] * sign)
    out = s.groupby(["payer", "kind"], as_index=False)[["cost_sek", "cost_disc_sek"]].sum()
    out = out[(out["cost_sek"].abs() > 0) | (out["cost_disc_sek"].abs() > 0)]
    return out[COLUMNS].reset_index(drop=True)


def exclusion_by_perspective(
    model: Model, theta: FloatArray, *, discounted: bool = True
) -> FloatArray:
    """``(n, perspectives)``: the cost of exclusion summed over the horizon for
    each row of ``theta`` (SEK, price year; present value unless
    ``discounted`` is false), through the model's one cost kernel.

    Example:
        >>> import socinv
        >>> from socinv.payers import perspective_index
        >>> cmp = socinv.compare("data/scenarios/foster_care_school_support.yaml")
        >>> v = exclusion_by_perspective(cmp.model, cmp.theta)
        >>> t = cost_of_exclusion(cmp)
        >>> bool(abs(v[0, perspective_index("society")] - t["cost_disc_sek"].sum()) < 1e-3)
        True
    """
    w = arm_weights(model)
    g = model.group_costs(theta)  # (n, group, payer, year)
    cost = w["status_quo"] * g[:, G_SQ] + w["intervention"] * g[:, G_INT]
    if discounted:
        cost = cost * model.discount_factors(theta)[:, None, :]
    out: FloatArray = cost.sum(axis=2) @ perspective_matrix()
    return out


__all__ = [
    "COLUMNS",
    "arm_weights",
    "cost_of_exclusion",
    "exclusion_by_perspective",
    "is_pair",
    "is_status_quo_alone",
]
