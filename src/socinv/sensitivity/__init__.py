"""Uncertainty and sensitivity on the compiled model: named parameters,
distributions, one-way (tornado), two-way, threshold, Monte Carlo and Sobol.

Every analysis evaluates batches of parameter vectors with the same cost
formula (:meth:`socinv.scenarios.compile.Model.group_costs`) and
:func:`socinv.scenarios.metrics.compute_metrics`. See docs/uncertainty.md.
"""

from socinv.scenarios.comparison import load_model
from socinv.sensitivity.distributions import (
    DISTRIBUTIONS,
    AnyDistribution,
    Beta,
    Fixed,
    Gamma,
    LogNormal,
    Normal,
    Pert,
    Triangular,
    Uniform,
    parse_distribution,
)
from socinv.sensitivity.montecarlo import (
    BLOCK,
    MissingExtraError,
    MonteCarloResult,
    draw_range,
    monte_carlo,
)
from socinv.sensitivity.oneway import one_way, one_way_ranges, two_way
from socinv.sensitivity.parameters import (
    CorrelationGroup,
    Uncertainty,
    parameters,
    uncertainty,
)
from socinv.sensitivity.sobol import sobol_indices
from socinv.sensitivity.threshold import ThresholdResult, break_even_success_share, threshold

__all__ = [
    "BLOCK",
    "DISTRIBUTIONS",
    "AnyDistribution",
    "Beta",
    "CorrelationGroup",
    "Fixed",
    "Gamma",
    "LogNormal",
    "MissingExtraError",
    "MonteCarloResult",
    "Normal",
    "Pert",
    "ThresholdResult",
    "Triangular",
    "Uncertainty",
    "Uniform",
    "break_even_success_share",
    "draw_range",
    "load_model",
    "monte_carlo",
    "one_way",
    "one_way_ranges",
    "parameters",
    "parse_distribution",
    "sobol_indices",
    "threshold",
    "two_way",
    "uncertainty",
]
