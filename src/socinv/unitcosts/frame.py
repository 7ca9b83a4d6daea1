"""The unit-cost catalogue as a table: one row per item (what
:meth:`socinv.unitcosts.Catalogue.to_frame` and ``socinv catalogue --csv`` give)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from socinv.unitcosts.splits import format_payer_split

if TYPE_CHECKING:
    import pandas as pd

    from socinv.unitcosts.catalogue import UnitCost

#: the columns of :meth:`Catalogue.to_frame` (also of an empty catalogue)
FRAME_COLUMNS = (
    *("id", "name_sv", "name_en", "value_sek", "unit", "price_year", "payer", "kind"),
    *("sector", "agency", "source", "url", "evidence", "low_sek", "high_sek"),
    *("original_value_sek", "original_price_year", "note", "grade", "published_estimate"),
    *("offence", "recipient", "origin"),
)


def item_row(it: UnitCost) -> dict[str, Any]:
    """One item as a row of :data:`FRAME_COLUMNS` (SEK in the item's price year)."""
    return {
        "id": it.id,
        "name_sv": it.name_sv,
        "name_en": it.name_en,
        "value_sek": it.value_sek,
        "unit": it.unit,
        "price_year": it.price_year,
        "payer": format_payer_split(it.payer),
        "kind": it.kind.value,
        "sector": it.sector,
        "agency": it.agency,
        "source": it.source,
        "url": it.url,
        "evidence": it.evidence,
        "low_sek": math.nan if it.low_sek is None else it.low_sek,
        "high_sek": math.nan if it.high_sek is None else it.high_sek,
        "original_value_sek": it.original_value_sek
        if it.original_value_sek is not None
        else it.value_sek,
        "original_price_year": it.original_price_year
        if it.original_price_year is not None
        else it.price_year,
        "note": it.note,
        "grade": it.grade or "",
        "published_estimate": it.published_estimate,
        "offence": it.offence,
        "recipient": "" if it.recipient is None else it.recipient.value,
        "origin": it.origin,
    }


def items_frame(items: Iterable[UnitCost]) -> pd.DataFrame:
    """The items as a table, one row each, columns :data:`FRAME_COLUMNS`."""
    import pandas as pd

    return pd.DataFrame([item_row(it) for it in items], columns=list(FRAME_COLUMNS))
