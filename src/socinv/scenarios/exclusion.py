"""Cost of exclusion: what the status quo (the exclusion trajectory) costs
each payer, by kind of cost, undiscounted and as a present value.

A scenario may be a status quo alone (no intervention), an exclusion vs
inclusion pair (the intervention arm has its own ``episodes``: the
inclusion trajectory) or an ordinary comparison. The cost of exclusion is
the status quo's episode cost, minus the inclusion trajectory's in a pair.
SEK in the scenario's price year, the whole cohort.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from socinv.scenarios.comparison import Comparison

COLUMNS = ["payer", "kind", "cost_sek", "cost_disc_sek"]


def is_pair(cmp: Comparison) -> bool:
    """The intervention arm is an inclusion trajectory of its own."""
    return cmp.scenario.intervention.episodes is not None


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
    sign = s["arm"].map({"status_quo": 1.0, "intervention": -1.0 if is_pair(cmp) else 0.0})
    s = s.assign(cost_sek=s["cost_sek"] * sign, cost_disc_sek=s["cost_disc_sek"] * sign)
    out = s.groupby(["payer", "kind"], as_index=False)[["cost_sek", "cost_disc_sek"]].sum()
    out = out[(out["cost_sek"].abs() > 0) | (out["cost_disc_sek"].abs() > 0)]
    return out[COLUMNS].reset_index(drop=True)
