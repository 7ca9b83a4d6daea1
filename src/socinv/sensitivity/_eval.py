"""The one evaluation every analysis uses: a batch of parameter vectors
``theta`` (n, n_params) -> :class:`~socinv.scenarios.metrics.Metrics` via the
compiled model's :meth:`~socinv.scenarios.compile.Model.group_costs` and
:func:`~socinv.scenarios.metrics.compute_metrics`."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socinv.errors import ParameterError
from socinv.scenarios.compile import Model
from socinv.scenarios.kernel import evaluate_metrics
from socinv.scenarios.metrics import FLOAT_METRICS, Metrics

FloatArray = npt.NDArray[np.float64]

#: Metrics that a threshold or a one-way analysis may target (float arrays).
METRICS: tuple[str, ...] = FLOAT_METRICS


def evaluate(model: Model, theta: FloatArray) -> Metrics:
    """All metrics for each row of ``theta`` (one call of the cost formula)."""
    return evaluate_metrics(model, theta)


def check_metric(metric: str) -> str:
    """``metric`` if it is a known float metric, else :class:`ParameterError`."""
    if metric not in METRICS:
        raise ParameterError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
    return metric


def metric_values(model: Model, theta: FloatArray, metric: str, perspective: int) -> FloatArray:
    """``metric`` for one perspective column, for each row of ``theta``."""
    values: FloatArray = np.asarray(getattr(evaluate(model, theta), metric)[:, perspective])
    return values
