"""Scenarios: models, files, compilation to arrays, comparison and metrics."""

from socinv.fiscal import TaxWedge
from socinv.scenarios.comparison import (
    Comparison,
    compare,
    compare_model,
    load_model,
    with_settings,
)
from socinv.scenarios.compile import ROW_GROUPS, Model, ParameterSpec, compile_scenario
from socinv.scenarios.io import (
    load_scenario,
    save_scenario,
    scenario_from_dict,
    scenario_json_schema,
)
from socinv.scenarios.metrics import (
    NEGLIGIBLE_SEK,
    NEVER,
    SCALAR_METRICS,
    Metrics,
    break_even_status,
    compute_metrics,
)
from socinv.scenarios.models import (
    Arm,
    CatalogueRef,
    Effect,
    Episode,
    Intervention,
    InterventionCost,
    Scenario,
)
from socinv.scenarios.result import CUBE_DIMS, Result, evaluate_result

__all__ = [
    "CUBE_DIMS",
    "NEGLIGIBLE_SEK",
    "NEVER",
    "ROW_GROUPS",
    "SCALAR_METRICS",
    "Arm",
    "CatalogueRef",
    "Comparison",
    "Effect",
    "Episode",
    "Intervention",
    "InterventionCost",
    "Metrics",
    "Model",
    "ParameterSpec",
    "Result",
    "Scenario",
    "TaxWedge",
    "break_even_status",
    "compare",
    "compare_model",
    "compile_scenario",
    "compute_metrics",
    "evaluate_result",
    "load_model",
    "load_scenario",
    "save_scenario",
    "scenario_from_dict",
    "scenario_json_schema",
    "with_settings",
]
