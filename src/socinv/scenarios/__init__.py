"""Scenarios: models, files, compilation to arrays, comparison and metrics."""

from socinv.fiscal import TaxWedge
from socinv.scenarios.comparison import Comparison, compare, compare_model, with_settings
from socinv.scenarios.compile import GROUPS, Model, ParameterSpec, compile_scenario
from socinv.scenarios.io import (
    load_scenario,
    save_scenario,
    scenario_from_dict,
    scenario_json_schema,
)
from socinv.scenarios.metrics import NEVER, Metrics, compute_metrics
from socinv.scenarios.models import (
    Arm,
    CatalogueRef,
    Effect,
    Episode,
    Intervention,
    InterventionCost,
    Scenario,
)

__all__ = [
    "GROUPS",
    "NEVER",
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
    "Scenario",
    "TaxWedge",
    "compare",
    "compare_model",
    "compile_scenario",
    "compute_metrics",
    "load_scenario",
    "save_scenario",
    "scenario_from_dict",
    "scenario_json_schema",
    "with_settings",
]
