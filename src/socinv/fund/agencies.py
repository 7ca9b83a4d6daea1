"""Attribute costs and savings to agencies (committees and authorities): the
fund's view of the attribution rules.

The rules (which agency bears each payer's share of an item, and lost tax
revenue as "<payer> tax revenue") live in :mod:`socinv.scenarios.attribution`
and are applied once, when a scenario is compiled. A repayment to a municipal
social investment fund is a cut in the budget frame of the *committee* where
the savings arise, so the fund reads savings per agency, not only per payer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from socinv.payers import PAYERS, CostKind, Payer
from socinv.scenarios.attribution import (
    AGENCY_LEVEL,
    DEFAULT_AGENCY,
    agency_level,
    attribute,
    decisive_sector,
    item_agencies,
)
from socinv.scenarios.compile import Model

if TYPE_CHECKING:
    from socinv.scenarios.comparison import Comparison
    from socinv.scenarios.result import Result

FloatArray = npt.NDArray[np.float64]

__all__ = [
    "AGENCY_LEVEL",
    "DEFAULT_AGENCY",
    "agency_level",
    "attribute",
    "attribute_streams",
    "row_agencies",
    "row_agency_masks",
    "savings_by_agency",
]


def attribute_streams(
    streams: pd.DataFrame, extra_levels: Mapping[str, Payer] | None = None
) -> pd.DataFrame:
    """A copy of :meth:`Comparison.streams` with ``agency`` replaced by the
    attributed agency and the catalogue's own label kept in ``item_agency``."""
    df = streams.copy()
    df["agency"] = df["agency"].fillna("").astype(str)
    # the person's side of a transfer (share -1) is not one of the item's payers:
    # count the payers of the catalogue split only, as row_agencies does
    receives = (df["kind"] == "transfer") & (df["payer"] == Payer.INDIVIDUAL.value)
    n_payers: dict[object, int] = df[~receives].groupby("item")["payer"].nunique().to_dict()
    keys = df.loc[:, ["payer", "sector", "agency", "item", "kind"]].drop_duplicates()
    lookup = {
        (r["payer"], r["sector"], r["agency"], r["item"]): attribute(
            Payer(str(r["payer"])),
            decisive_sector(str(r["kind"]), str(r["sector"] or "")),
            str(r["agency"]),
            0
            if r["kind"] == "transfer" and r["payer"] == Payer.INDIVIDUAL.value
            else int(n_payers.get(r["item"], 0)),
            extra_levels,
        )
        for r in keys.to_dict("records")
    }
    df["item_agency"] = df["agency"]
    df["agency"] = [
        lookup[k] for k in zip(df["payer"], df["sector"], df["agency"], df["item"], strict=True)
    ]
    return df


def savings_by_agency(source: Result | Comparison | pd.DataFrame) -> pd.DataFrame:
    """Gross savings (status quo minus intervention-arm episodes, before the
    intervention's own cost) per payer, agency and calendar year, undiscounted
    and present value (SEK): ``payer, agency, year, savings_sek,
    savings_disc_sek``.

    A comparison or its labelled result is reduced by name
    (:meth:`socinv.scenarios.Result.savings_by_agency`, the first draw). A
    table of attributed streams (:func:`attribute_streams`, e.g. read back from
    a CSV file) is summed by payer, agency and year, which gives the same
    figures (tested).

    Example:
        >>> import socinv
        >>> cmp = socinv.compare("data/scenarios/foster_care_school_support.yaml")
        >>> s = savings_by_agency(cmp)
        >>> t = savings_by_agency(attribute_streams(cmp.streams()))
        >>> bool(abs(s["savings_sek"].sum() - t["savings_sek"].sum()) < 1e-6)
        True
    """
    from socinv.scenarios.comparison import Comparison
    from socinv.scenarios.result import Result

    if isinstance(source, Comparison):
        source = source.labelled
    if isinstance(source, Result):
        return source.savings_by_agency()
    ep = source[source["component"] == "episode"]
    sign = np.where(ep["arm"] == "status_quo", 1.0, -1.0)
    out = (
        ep.assign(savings_sek=ep["cost_sek"] * sign, savings_disc_sek=ep["cost_disc_sek"] * sign)
        .groupby(["payer", "agency", "year"], as_index=False)[["savings_sek", "savings_disc_sek"]]
        .sum()
    )
    return out


def row_agencies(
    model: Model, extra_levels: Mapping[str, Payer] | None = None
) -> list[dict[Payer, str]]:
    """For each model row, the attributed agency of each payer of its catalogue
    split (production rows: the public payers of the tax wedge and the
    individual). Without ``extra_levels`` this reads the attribution fixed at
    compile time (:attr:`Model.row_agency`)."""
    items = {it.id: it for it in model.items}
    out: list[dict[Payer, str]] = []
    for e, row in enumerate(model.rows):
        it = items[row.item]
        if extra_levels is None:
            by = {
                p: model.agencies[int(a)]
                for p, a in zip(PAYERS, model.row_agency[e], strict=True)
                if a >= 0
            }
        else:
            by = item_agencies(it, extra_levels)
        if it.kind is CostKind.TRANSFER and Payer.INDIVIDUAL not in (it.payer or {}):
            by.pop(Payer.INDIVIDUAL, None)  # the person receives it; not a payer of the split
        out.append(by)
    return out


def row_agency_masks(
    model: Model, agencies: set[str] | None, extra_levels: Mapping[str, Payer] | None = None
) -> FloatArray:
    """``M[row, payer]`` = 1 where the attributed agency of that payer's share
    of the model row is in ``agencies`` (all agencies when ``None``)."""
    out = np.zeros((len(model.rows), len(PAYERS)))
    for e, by_payer in enumerate(row_agencies(model, extra_levels)):
        for j, p in enumerate(PAYERS):
            a = by_payer.get(p)
            if agencies is None or (a is not None and a in agencies):
                out[e, j] = 1.0
    return out
