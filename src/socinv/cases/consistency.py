"""Which values of two unpublished inputs (e.g. the discount rate and the
success share) are consistent with all of a case's published figures at once.

A published claim such as "more than 800 MSEK over 20 years" does not pin the
discount rate, and "a return of more than 250 MSEK" does not pin the share of
participants who leave crime. Evaluating every published figure over a grid
of the two inputs — one vectorised batch through the compiled model — shows
the region where all figures are within their tolerances.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from socinv.cases.compare import case_model
from socinv.cases.registry import BREAK_EVEN_SHARE, Case
from socinv.errors import ParameterError
from socinv.payers import PERSPECTIVES
from socinv.scenarios.compile import Model
from socinv.scenarios.result import evaluate_result

FloatArray = npt.NDArray[np.float64]

#: Pseudo-parameter: the share ``s`` of the cohort that avoids the status-quo
#: outcomes, set as ``relative_risk = 1 - s`` on every intervention effect.
SUCCESS_SHARE = "success_share"


def _columns(model: Model, name: str) -> tuple[list[int], bool]:
    """Theta columns an axis sets and whether the axis is a success share."""
    if name == SUCCESS_SHARE:
        cols = [
            model.index_of(f"effect.{f.id}.relative_risk")
            for f in model.scenario.intervention.effects
        ]
        if not cols:
            raise ParameterError(
                f"scenario {model.scenario.name!r} has no intervention effects; "
                f"{SUCCESS_SHARE!r} needs effects with a relative_risk"
            )
        return cols, True
    return [model.index_of(name)], False


def consistency_grid(
    case: Case,
    x: tuple[str, Sequence[float]],
    y: tuple[str, Sequence[float]],
    figures: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Evaluate the case's published figures (or ``figures``) on the grid
    ``x`` × ``y`` of two inputs; each axis is a parameter name (e.g.
    ``discount.rate``) or ``"success_share"``.

    Returns one row per grid point: the two input values, socinv's value of
    each figure (column ``<id>``), whether it is within its tolerance
    (``<id>_ok``) and ``consistent`` (all within). Figures measured with
    ``end_age``, ``rate``, ``overrides`` or a break-even share are not
    grid-evaluable and raise :class:`ParameterError`.
    """
    figs = [case.figure(f) for f in figures] if figures is not None else list(case.published)
    for f in figs:
        m = f.measure
        if (
            m.metric == BREAK_EVEN_SHARE
            or m.end_age is not None
            or m.rate is not None
            or m.overrides
        ):
            raise ParameterError(
                f"figure {f.id!r} of case {case.name!r} is measured with end_age, rate, "
                "overrides or a break-even share; choose figures measured on the base scenario"
            )
    model = case_model(case)
    xs = np.asarray(x[1], dtype=float)
    ys = np.asarray(y[1], dtype=float)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    theta = model.theta(None, n=gx.size)
    for (name, _), values in ((x, gx.ravel()), (y, gy.ravel())):
        cols, is_share = _columns(model, name)
        for c in cols:
            theta[:, c] = 1.0 - values if is_share else values
    metrics = evaluate_result(model, theta).metrics
    out = pd.DataFrame({x[0]: gx.ravel(), y[0]: gy.ravel()})
    ok = np.ones(gx.size, dtype=bool)
    for f in figs:
        m = f.measure
        v = np.asarray(
            getattr(metrics, m.metric)[:, PERSPECTIVES.index(m.perspective)], dtype=float
        )
        for name in m.per:
            v = v / theta[:, model.index_of(name)]
        for name in m.times:
            v = v * theta[:, model.index_of(name)]
        within = f.tolerance.contains_array(v, f.value)
        out[f.id] = v
        out[f"{f.id}_ok"] = within
        ok &= within
    out["consistent"] = ok
    return out


def success_share_for(case: Case, figure: str, rates: Sequence[float]) -> pd.DataFrame:
    """The success share at which socinv's value of ``figure`` (a money metric,
    e.g. the published 20-year return) equals the published value, at each
    constant discount rate in ``rates``.

    Uses :func:`socinv.sensitivity.threshold` on the relative risks of all the
    case's effects (``relative_risk = 1 - s``) with the figure's value as
    target. Returns columns ``rate``, ``success_share`` (NaN where no share
    in [0, 1] reaches the figure) and ``reason``.
    """
    from socinv.sensitivity import threshold

    fig = case.figure(figure)
    m = fig.measure
    if m.metric == BREAK_EVEN_SHARE or m.per or m.times or m.overrides or m.rate is not None:
        raise ParameterError(
            f"figure {fig.id!r} of case {case.name!r} must be a plain money metric "
            "(no per/times/overrides/rate) to solve for a success share"
        )
    rows = []
    for r in rates:
        model = case_model(case, end_age=m.end_age, rate=float(r))
        cols, _ = _columns(model, SUCCESS_SHARE)
        names = [model.param_names[c] for c in cols]
        res = threshold(model, names, m.perspective, (0.0, 1.0), m.metric, target=fig.value)
        share = 1.0 - res.value if res.found and res.value is not None else float("nan")
        rows.append({"rate": float(r), "success_share": share, "reason": res.reason})
    return pd.DataFrame(rows)
