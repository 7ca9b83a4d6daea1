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

from typing import TYPE_CHECKING, Any

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


def exclusion_rows(cmp: Comparison) -> tuple[dict[str, Any], ...]:
    """The rows of :func:`cost_of_exclusion` as plain records (``payer, kind,
    cost_sek, cost_disc_sek``; SEK, price year), sorted by payer then kind,
    reduced from the comparison's labelled result without a DataFrame: the
    episode lines of the first draw, weighted by :func:`arm_weights`.

    Example:
        >>> import socinv
        >>> cmp = socinv.compare("data/scenarios/foster_care_school_support.yaml")
        >>> rows = exclusion_rows(cmp)
        >>> sorted(rows[0])
        ['cost_disc_sek', 'cost_sek', 'kind', 'payer']
        >>> s = cmp.streams()
        >>> sq = s[(s["arm"] == "status_quo") & (s["component"] == "episode")]
        >>> bool(abs(sum(r["cost_sek"] for r in rows) - sq["cost_sek"].sum()) < 1e-6)
        True
    """
    res = cmp.labelled
    m = res.model
    lines = res.lines
    coords = res.coords()
    shares = res.shares[0, lines.row, lines.payer]
    on = (lines.codes["component"] == coords["component"].index("episode")) & (shares != 0)
    weights = arm_weights(cmp)
    arm_w = np.array([weights[a] for a in coords["arm"]])[lines.codes["arm"][on]]
    values = res.row_cost[0, lines.row[on]] * (shares[on] * arm_w)[:, None]  # (line, year)
    und = values.sum(axis=1)
    disc = values @ res.factors[0]
    kinds = {it.id: it.kind.value for it in m.items}
    payers = [str(coords["payer"][p]) for p in lines.codes["payer"][on]]
    line_kinds = [kinds[m.rows[e].item] for e in lines.row[on]]
    cells: dict[tuple[str, str], list[float]] = {}
    for key, u, d in zip(zip(payers, line_kinds, strict=True), und, disc, strict=True):
        cell = cells.setdefault(key, [0.0, 0.0])
        cell[0] += float(u)
        cell[1] += float(d)
    return tuple(
        {"payer": p, "kind": k, "cost_sek": u, "cost_disc_sek": d}
        for (p, k), (u, d) in sorted(cells.items())
        if abs(u) > 0 or abs(d) > 0
    )


def cost_of_exclusion(cmp: Comparison) -> pd.DataFrame:
    """Per payer and kind (resource, transfer, production): the cost of
    exclusion, undiscounted and discounted (SEK, price year); payers and
    kinds with no cost are left out (:func:`exclusion_rows` as a table).

    Example:
        >>> import socinv
        >>> from socinv.scenarios.exclusion import cost_of_exclusion
        >>> cmp = socinv.compare("data/scenarios/foster_care_school_support.yaml")
        >>> t = cost_of_exclusion(cmp)
        >>> list(t.columns)
        ['payer', 'kind', 'cost_sek', 'cost_disc_sek']
    """
    import pandas as pd

    return pd.DataFrame(list(exclusion_rows(cmp)), columns=COLUMNS)


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
    "exclusion_rows",
    "is_pair",
    "is_status_quo_alone",
]
