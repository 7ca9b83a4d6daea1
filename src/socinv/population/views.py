"""Population views of a labelled result: per person, per cohort, per
calendar year (the budget view) and totals.

The compiled model's streams are for one cohort entering in the scenario's
``start_year`` (survival-weighted when mortality is on). With
``inflow_years = K`` an identical cohort enters each year for ``K`` years:
cohort ``k`` has the same stream shifted ``k`` years later, so calendar year
``start_year + y`` carries ``sum over k <= y of stream[y - k]``. The budget
view is discounted with the scenario's discount factors continued over the
longer calendar span. All money in SEK, the scenario's price year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from socinv.discounting import discount_factors

if TYPE_CHECKING:
    import pandas as pd

    from socinv.scenarios.result import Result

FloatArray = npt.NDArray[np.float64]


def inflow_years(result: Result) -> int:
    """How many cohorts enter (1 without a population block)."""
    pop = result.model.population
    return 1 if pop is None else pop.inflow_years


def calendar_years(result: Result) -> npt.NDArray[np.int64]:
    """Calendar years of the budget view: ``start_year`` to the last year of
    the last cohort."""
    m = result.model
    n = m.n_years + inflow_years(result) - 1
    return np.arange(n, dtype=np.int64) + m.scenario.start_year


def calendar_factors(result: Result) -> FloatArray:
    """Discount factors ``(draw, calendar year)`` of the budget view."""
    m = result.model
    n = m.n_years + inflow_years(result) - 1
    return discount_factors(result.theta[:, m.rate_idx], m.rate_starts, n, m.tau0)


def per_person(
    result: Result,
    keep: Sequence[str] = (),
    *,
    where: Mapping[str, str | Sequence[str]] | None = None,
    sign: Mapping[str, Mapping[str, float]] | None = None,
    discounted: bool = False,
) -> FloatArray:
    """:meth:`Result.total` divided by the cohort size (SEK per person who
    starts; survival is already in the stream)."""
    out = result.total(keep, where=where, sign=sign, discounted=discounted)
    size = result.theta[:, result.model.cohort_idx]
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = out / size.reshape((-1,) + (1,) * (out.ndim - 1))
    return np.asarray(np.where(size.reshape((-1,) + (1,) * (out.ndim - 1)) > 0, scaled, 0.0))


def by_calendar_year(
    result: Result,
    keep: Sequence[str] = (),
    *,
    where: Mapping[str, str | Sequence[str]] | None = None,
    sign: Mapping[str, Mapping[str, float]] | None = None,
    discounted: bool = False,
) -> FloatArray:
    """The named reduction over every cohort of the inflow, by calendar year:
    dimensions ``(draw, *keep, calendar year)`` (see :func:`calendar_years`)."""
    x = result.total(keep, where=where, sign=sign)
    k = inflow_years(result)
    T = x.shape[-1]
    out = np.zeros((*x.shape[:-1], T + k - 1))
    for j in range(k):
        out[..., j : j + T] += x
    if discounted:
        f = calendar_factors(result)
        out = out * f.reshape(f.shape[0], *(1,) * (out.ndim - 2), f.shape[1])
    return out


def budget_view(result: Result, arm: str = "status_quo", draw: int = 0) -> pd.DataFrame:
    """What each payer's agencies bear in each calendar year, for all cohorts
    of the inflow: ``year, payer, agency, cost_sek, cost_disc_sek`` (SEK,
    price year; ``arm`` includes its intervention cost; cells that are zero
    in every year are left out).

    Example:
        >>> import socinv
        >>> from socinv.population import budget_view
        >>> cmp = socinv.compare("data/scenarios/foster_care_school_support.yaml")
        >>> b = budget_view(cmp.labelled)
        >>> list(b.columns)
        ['year', 'payer', 'agency', 'cost_sek', 'cost_disc_sek']
    """
    import pandas as pd

    und = by_calendar_year(result, ("payer", "agency"), where={"arm": arm})[draw]
    disc = und * calendar_factors(result)[draw][None, None, :]
    c = result.coords()
    years = calendar_years(result)
    frames = []
    for p, payer in enumerate(c["payer"]):
        for a, agency in enumerate(c["agency"]):
            if not np.any(und[p, a] != 0):
                continue
            frames.append(
                pd.DataFrame(
                    {
                        "year": years,
                        "payer": payer,
                        "agency": agency,
                        "cost_sek": und[p, a],
                        "cost_disc_sek": disc[p, a],
                    }
                )
            )
    cols = ["year", "payer", "agency", "cost_sek", "cost_disc_sek"]
    if not frames:
        return pd.DataFrame(columns=cols)
    return (
        pd.concat(frames, ignore_index=True)
        .sort_values(["year", "payer", "agency"])[cols]
        .reset_index(drop=True)
    )


def totals(result: Result, draw: int = 0) -> pd.DataFrame:
    """Per arm: the cost per person, per cohort and for all cohorts of the
    inflow, undiscounted and present value (SEK, price year; an arm's
    intervention cost included)."""
    import pandas as pd

    rows = []
    for arm in result.coords()["arm"]:
        sel = {"arm": arm}
        rows.append(
            {
                "arm": arm,
                "per_person": float(per_person(result, where=sel)[draw].sum()),
                "per_person_disc": float(
                    per_person(result, where=sel, discounted=True)[draw].sum()
                ),
                "per_cohort": float(result.total(where=sel)[draw].sum()),
                "per_cohort_disc": float(result.total(where=sel, discounted=True)[draw].sum()),
                "all_cohorts": float(by_calendar_year(result, where=sel)[draw].sum()),
                "all_cohorts_disc": float(
                    by_calendar_year(result, where=sel, discounted=True)[draw].sum()
                ),
            }
        )
    return pd.DataFrame(rows).set_index("arm")
