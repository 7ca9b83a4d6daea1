"""Unit-cost catalogue, CPI and wage rebasing, series and effects (``socinv.unitcosts``)."""

from socinv.unitcosts.catalogue import (
    SECTORS,
    Catalogue,
    UnitCost,
    load_catalogue,
    read_unit_costs_csv,
)
from socinv.unitcosts.cpi import CPI, load_cpi
from socinv.unitcosts.effects import EffectEstimate, EffectsCatalogue, load_effects
from socinv.unitcosts.series import (
    LifeTable,
    WageIndex,
    load_births,
    load_earnings,
    load_employment,
    load_life_table,
    load_wage_index,
    rebase_wage,
)
from socinv.unitcosts.splits import format_payer_split, parse_payer_split

__all__ = [
    "CPI",
    "SECTORS",
    "Catalogue",
    "EffectEstimate",
    "EffectsCatalogue",
    "LifeTable",
    "UnitCost",
    "WageIndex",
    "format_payer_split",
    "load_births",
    "load_catalogue",
    "load_cpi",
    "load_earnings",
    "load_effects",
    "load_employment",
    "load_life_table",
    "load_wage_index",
    "parse_payer_split",
    "read_unit_costs_csv",
    "rebase_wage",
]
