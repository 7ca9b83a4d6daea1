"""Guard against counting one cost twice: a study's published total next to the
catalogue's own justice-chain rows for the same offence.

A row with ``published_estimate`` set (for example the cost of one robbery from
*Gatuvåldets ekonomi*) already contains the police, prosecution and court costs
of that offence. A scenario that also counts a row tagged with the same
``offence`` — or a justice-chain row tagged ``any`` (used for every offence) —
would count those costs twice, so it is refused. Rows the study leaves out
(for example Kriminalvården's prison days, excluded from the street-crime
totals) carry no ``offence`` tag and may be added.

Example:
    >>> from socinv.unitcosts import load_catalogue
    >>> cat = load_catalogue()
    >>> double_counted([cat.get("misshandel_brott"), cat.get("fangelse_dygn")])
    []
    >>> double_counted([cat.get("misshandel_brott"), cat.get("polis_lagforing")])
    [('misshandel_brott', 'polis_lagforing')]
"""

from __future__ import annotations

from collections.abc import Sequence

from socinv.errors import ScenarioError
from socinv.unitcosts.catalogue import UnitCost

#: ``offence`` tag of a justice-chain row that applies to every offence.
ANY_OFFENCE = "any"


def double_counted(items: Sequence[UnitCost]) -> list[tuple[str, str]]:
    """Pairs (published-total id, overlapping id) among ``items``."""
    pairs = []
    for pub in items:
        if not pub.published_estimate or not pub.offence:
            continue
        for other in items:
            if other.id == pub.id or other.published_estimate == pub.published_estimate:
                continue
            if other.offence in (pub.offence, ANY_OFFENCE):
                pairs.append((pub.id, other.id))
    return pairs


def check_double_counting(items: Sequence[UnitCost], *, where: str) -> None:
    """Raise :class:`ScenarioError` if ``items`` sum a published total with a
    justice-chain row that the total already contains."""
    pairs = double_counted(items)
    if pairs:
        pub, other = pairs[0]
        raise ScenarioError(
            f"{where}: item {pub!r} is a study's published total for one offence and "
            f"already includes the police, prosecution and court costs that {other!r} "
            "counts; use either the published total or the justice-chain rows, not both"
        )
