"""Which agency (committee or authority) bears each payer's share of a cost.

A payer (municipality, region, state) is made of agencies: the municipality's
socialnämnd, utbildningsnämnd and arbetsmarknadsnämnd; the region's hälso-
och sjukvård; the state's Försäkringskassan, Kriminalvården,
Arbetsförmedlingen, SiS. The attribution is fixed when a scenario is
compiled (:attr:`socinv.scenarios.compile.Model.row_agency`), so every
analysis reads the same agency for the same krona.

The rule, for each (item, payer) share of a cost stream:

1. if the catalogue row names an ``agency`` and that agency belongs to the
   payer (see :data:`AGENCY_LEVEL`), the stream goes to that agency;
2. if the agency's level is unknown (a local committee name) and the item has
   a single payer, the stream goes to that agency;
3. otherwise the default mapping :data:`DEFAULT_AGENCY` by (payer, sector)
   applies, e.g. the municipality's share of a SiS day (the care fee) goes to
   the socialnämnd and the state's share to SiS.

Lost tax revenue (``production`` items, split by the tax wedge) is not any
committee's budget; it is attributed to "<payer> tax revenue".
"""

from __future__ import annotations

from collections.abc import Mapping

from socinv.payers import CostKind, Payer
from socinv.unitcosts.catalogue import UnitCost

#: The payer level of the agencies socinv knows (keys in lower case).
AGENCY_LEVEL: dict[str, Payer] = {
    "socialnämnd": Payer.MUNICIPALITY,
    "utbildningsnämnd": Payer.MUNICIPALITY,
    "arbetsmarknadsnämnd": Payer.MUNICIPALITY,
    "kommunstyrelsen": Payer.MUNICIPALITY,
    "hälso- och sjukvård": Payer.REGION,
    "försäkringskassan": Payer.STATE,
    "kriminalvården": Payer.STATE,
    "arbetsförmedlingen": Payer.STATE,
    "sis": Payer.STATE,
    "polisen": Payer.STATE,
}

#: Agency of a (payer, sector) stream whose catalogue row names no agency
#: (or one of another level). ``None`` as sector is the payer's fallback.
DEFAULT_AGENCY: dict[tuple[Payer, str | None], str] = {
    (Payer.MUNICIPALITY, "social_services"): "socialnämnd",
    (Payer.MUNICIPALITY, "school"): "utbildningsnämnd",
    (Payer.MUNICIPALITY, "labour_market"): "arbetsmarknadsnämnd",
    (Payer.MUNICIPALITY, "health"): "socialnämnd",
    (Payer.MUNICIPALITY, "production"): "municipality tax revenue",
    (Payer.MUNICIPALITY, None): "kommunstyrelsen",
    (Payer.REGION, "health"): "hälso- och sjukvård",
    (Payer.REGION, "production"): "region tax revenue",
    (Payer.REGION, None): "region (other)",
    (Payer.STATE, "social_services"): "SiS",
    (Payer.STATE, "justice"): "Kriminalvården",
    (Payer.STATE, "social_insurance"): "Försäkringskassan",
    (Payer.STATE, "labour_market"): "Arbetsförmedlingen",
    (Payer.STATE, "production"): "state tax revenue",
    (Payer.STATE, None): "state (other)",
    (Payer.INDIVIDUAL, None): "individual",
    (Payer.OTHER, None): "other",
}


def agency_level(agency: str, extra_levels: Mapping[str, Payer] | None = None) -> Payer | None:
    """The payer an agency belongs to (``None`` if unknown)."""
    key = agency.strip().lower()
    if extra_levels:
        for name, level in extra_levels.items():
            if name.strip().lower() == key:
                return level
    return AGENCY_LEVEL.get(key)


def attribute(
    payer: Payer,
    sector: str,
    item_agency: str,
    n_payers_of_item: int,
    extra_levels: Mapping[str, Payer] | None = None,
) -> str:
    """The agency that bears ``payer``'s share of an item (rules in the module
    docstring)."""
    agency = (item_agency or "").strip()
    if agency and sector != "production":
        level = agency_level(agency, extra_levels)
        if level is payer or (level is None and n_payers_of_item == 1):
            return agency
    return DEFAULT_AGENCY.get((payer, sector)) or DEFAULT_AGENCY[(payer, None)]


def decisive_sector(kind: str, sector: str) -> str:
    """The sector that decides the agency: lost production is tax revenue
    whatever sector a (local) catalogue row gives it."""
    return "production" if kind == CostKind.PRODUCTION.value else sector


def item_agencies(
    item: UnitCost, extra_levels: Mapping[str, Payer] | None = None
) -> dict[Payer, str]:
    """The attributed agency of each payer that bears a share of ``item``: the
    payers of its catalogue split; for a production item the public payers of
    the tax wedge and the individual; for a transfer also the one who
    receives it (share -1): the row's ``recipient`` (e.g. the region for a
    patient fee), the individual if none is named."""
    split = {p: s for p, s in (item.payer or {}).items() if s != 0}
    sector = decisive_sector(item.kind.value, item.sector)
    out: dict[Payer, str] = {}
    if item.kind is CostKind.PRODUCTION:
        for p in (Payer.MUNICIPALITY, Payer.REGION, Payer.STATE, Payer.INDIVIDUAL):
            out[p] = attribute(p, sector, item.agency, 4, extra_levels)
        return out
    for p in split:
        out[p] = attribute(p, sector, item.agency, len(split), extra_levels)
    receiver = item.receiver
    if item.kind is CostKind.TRANSFER and receiver not in out:
        n = 1 if receiver is not Payer.INDIVIDUAL else 0
        out[receiver] = attribute(receiver, sector, item.agency, n, extra_levels)
    return out
