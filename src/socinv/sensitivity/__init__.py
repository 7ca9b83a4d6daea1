"""Uncertainty and sensitivity on the compiled model: named parameters,
distributions, one-way (tornado), two-way, threshold, Monte Carlo and Sobol.

Every analysis evaluates batches of parameter vectors with the same cost
formula (:meth:`socinv.scenarios.compile.Model.group_costs`)."""

from socinv.sensitivity.threshold import ThresholdResult, break_even_success_share, threshold

__all__ = ["ThresholdResult", "break_even_success_share", "threshold"]
