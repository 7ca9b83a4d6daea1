"""Feasible ranges of parameters: the allowed range of each parameter
(:class:`~socinv.scenarios.compile.ParameterSpec`) narrowed by the joint
constraints of the cost formula at the other parameters' base values
(probability x relative risk <= 1; tax-wedge shares sum to <= 1)."""

from __future__ import annotations

import math

from socinv.scenarios.compile import Model


def feasible_range(model: Model, index: int) -> tuple[float, float]:
    """``(lowest, highest)`` value parameter ``index`` may take while every
    other parameter stays at its base value."""
    spec = model.params[index]
    lo, hi = spec.lower, spec.upper
    base = model.base_theta
    n_params = len(model.params)
    for term in model.effects:
        p_idx = int(model.row_p[term.row])
        p = base[p_idx] if p_idx < n_params else 1.0
        if term.rr == index and p > 0:
            hi = min(hi, 1.0 / p)
        if p_idx == index and base[term.rr] > 0:
            hi = min(hi, 1.0 / base[term.rr])
    wedge = [int(i) for i in model.wedge_idx]
    if index in wedge:
        others = sum(base[i] for i in wedge if i != index)
        hi = min(hi, 1.0 - others)
    return float(lo), float(hi)


def default_bounds(model: Model, index: int) -> tuple[float, float]:
    """Finite search bounds for a threshold: the feasible range, with an
    infinite upper end replaced by ``10 x max(|base|, 1)``."""
    lo, hi = feasible_range(model, index)
    base = float(model.base_theta[index])
    if math.isinf(hi):
        hi = 10.0 * max(abs(base), 1.0)
    if math.isinf(lo):
        lo = -10.0 * max(abs(base), 1.0)
    return lo, hi
