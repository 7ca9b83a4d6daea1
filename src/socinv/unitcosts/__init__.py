"""Unit-cost catalogue and CPI rebasing (``socinv.unitcosts``)."""

from socinv.unitcosts.catalogue import (
    SECTORS,
    Catalogue,
    UnitCost,
    load_catalogue,
    read_unit_costs_csv,
)
from socinv.unitcosts.cpi import CPI, load_cpi
from socinv.unitcosts.splits import format_payer_split, parse_payer_split

__all__ = [
    "CPI",
    "SECTORS",
    "Catalogue",
    "UnitCost",
    "format_payer_split",
    "load_catalogue",
    "load_cpi",
    "parse_payer_split",
    "read_unit_costs_csv",
]
