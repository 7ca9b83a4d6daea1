"""socinv — the socioeconomic cost of social exclusion and social investment
appraisal for Sweden.

Quick tour::

    import socinv
    cat = socinv.load_catalogue()              # sourced Swedish unit costs
    cat.search("HVB")                          # find items
    cmp = socinv.compare("data/scenarios/foster_care_school_support.yaml")
    cmp.summary()                              # NPV, ROI, BCR, break-even per payer
    cmp.streams()                              # tidy yearly streams per payer and item
"""

from socinv.discounting import Convention, Discounting, RateStep, annuity_factor, discount_factors
from socinv.errors import (
    DataFileError,
    ParameterError,
    PriceYearError,
    ScenarioError,
    SocinvError,
    UnknownItemError,
)
from socinv.fiscal import default_discount_rate, default_tax_wedge, load_parameters
from socinv.payers import PAYERS, PERSPECTIVES, CostKind, Payer, Perspective
from socinv.scenarios import (
    Arm,
    Comparison,
    Effect,
    Episode,
    Intervention,
    InterventionCost,
    Model,
    Scenario,
    TaxWedge,
    compare,
    compare_model,
    compile_scenario,
    load_model,
    load_scenario,
    save_scenario,
    scenario_from_dict,
    scenario_json_schema,
)
from socinv.unitcosts import CPI, Catalogue, UnitCost, load_catalogue, load_cpi

__version__ = "0.1.0"

__all__ = [
    "CPI",
    "PAYERS",
    "PERSPECTIVES",
    "Arm",
    "Catalogue",
    "Comparison",
    "Convention",
    "CostKind",
    "DataFileError",
    "Discounting",
    "Effect",
    "Episode",
    "Intervention",
    "InterventionCost",
    "Model",
    "ParameterError",
    "Payer",
    "Perspective",
    "PriceYearError",
    "RateStep",
    "Scenario",
    "ScenarioError",
    "SocinvError",
    "TaxWedge",
    "UnitCost",
    "UnknownItemError",
    "__version__",
    "annuity_factor",
    "compare",
    "compare_model",
    "compile_scenario",
    "default_discount_rate",
    "default_tax_wedge",
    "discount_factors",
    "load_catalogue",
    "load_cpi",
    "load_model",
    "load_parameters",
    "load_scenario",
    "save_scenario",
    "scenario_from_dict",
    "scenario_json_schema",
]
