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
    """Discount factors ``(draw, calendar year)`` of the budget view (the
    scenario's convention)."""
    m = result.model
    n = m.n_years + inflow_years(result) - 1
    return discount_factors(result.theta[:, m.rate_idx], m.rate_starts, n, m.tau0)


def _shifted(x: FloatArray, k: int) -> FloatArray:
    """``x (..., T)`` summed over ``k`` cohorts, each a year after the last:
    ``(..., T + k - 1)``."""
    T = x.shape[-1]
    out = np.zeros((*x.shape[:-1], T + k - 1))
    for j in range(k):
        out[..., j : j + T] += x
    return out


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
    k = inflow_years(result)
    if discounted and result.model.mixed_timing:
        # each timing (intervention costs at the start of the year) on its own factors
        split = _shifted(result.by_timing(keep, where=where, sign=sign), k)
        m = result.model
        f = m.timing_factors(result.theta, m.n_years + k - 1)  # (draw, timing, year)
        f = f.reshape(f.shape[0], f.shape[1], *(1,) * (split.ndim - 3), f.shape[2])
        return np.asarray((split * f).sum(axis=1), dtype=float)
    out = _shifted(result.total(keep, where=where, sign=sign), k)
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
    disc = by_calendar_year(result, ("payer", "agency"), where={"arm": arm}, discounted=True)[draw]
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


def totals(result: Result, arm: str = "status_quo", draw: int = 0) -> pd.DataFrame:
    """Per payer (and ``society``, where transfers net out): the cost of
    ``arm`` per person, per cohort and for all cohorts of the inflow,
    undiscounted and present value (SEK, price year; the arm's intervention
    cost included).

    Example:
        >>> import socinv
        >>> from socinv.population import totals
        >>> cmp = socinv.compare("data/scenarios/foster_care_school_support.yaml")
        >>> t = totals(cmp.labelled)
        >>> bool(abs(t["per_cohort"].drop("society").sum() - t.loc["society", "per_cohort"]) < 1)
        True
    """
    import pandas as pd

    sel = {"arm": arm}
    keep = ("payer",)
    parts = {
        "per_person": per_person(result, keep, where=sel)[draw].sum(axis=-1),
        "per_person_disc": per_person(result, keep, where=sel, discounted=True)[draw].sum(-1),
        "per_cohort": result.total(keep, where=sel)[draw].sum(axis=-1),
        "per_cohort_disc": result.total(keep, where=sel, discounted=True)[draw].sum(axis=-1),
        "all_cohorts": by_calendar_year(result, keep, where=sel)[draw].sum(axis=-1),
        "all_cohorts_disc": by_calendar_year(result, keep, where=sel, discounted=True)[draw].sum(
            axis=-1
        ),
    }
    df = pd.DataFrame(parts, index=pd.Index(result.coords()["payer"], name="payer"))
    df.loc["society"] = df.sum(axis=0)
    return df
