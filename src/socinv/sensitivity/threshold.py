"""Threshold ("switching value") analysis: the value of a parameter at which
the intervention just breaks even (NPV = 0) for a perspective.

The metric is first evaluated on a grid over the bounds in one vectorised
batch, which finds every sign change; the crossing nearest the base value is
then refined with :func:`scipy.optimize.brentq`. When the metric does not
change sign within the bounds the result says so (``found=False`` with a
reason); it is never a silent NaN.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import brentq

from socinv.errors import ParameterError
from socinv.payers import PERSPECTIVES, Perspective, perspective_index
from socinv.scenarios.compile import Model
from socinv.sensitivity._eval import check_metric, metric_values
from socinv.sensitivity._ranges import default_bounds, feasible_range

FloatArray = npt.NDArray[np.float64]

GRID_POINTS = 129


@dataclass(frozen=True)
class ThresholdResult:
    """Where ``metric`` for ``perspective`` crosses ``target`` (0 by default).

    ``value`` is the threshold: the common value of ``parameters`` (for
    :func:`break_even_success_share`: the success share ``s``, see
    ``quantity``), or ``None`` when ``found`` is False; ``reason`` then says
    why. ``metric_at_bounds`` are the metric's values at the two bounds and
    ``base_metric`` at the scenario's base values (SEK in the price year for
    money metrics).
    """

    parameters: tuple[str, ...]
    perspective: str
    metric: str
    target: float
    found: bool
    value: float | None
    reason: str
    bounds: tuple[float, float]
    metric_at_bounds: tuple[float, float]
    base_value: float | None
    base_metric: float
    quantity: str
    crossings: int

    def __str__(self) -> str:
        what = ", ".join(self.parameters)
        if self.found:
            return (
                f"{self.metric} ({self.perspective}) = {self.target:g} at {self.quantity} "
                f"= {self.value:.6g} ({what})"
            )
        return f"no threshold for {what}: {self.reason}"


def _describe_no_crossing(f: FloatArray, xs: FloatArray, metric: str, target: float) -> str:
    if np.all(f == f[0]):
        return (
            f"{metric} is {f[0] + target:,.6g} whatever the value within the bounds "
            "(it does not depend on this parameter here)"
        )
    side = "above" if f[0] > 0 else "below"
    k = int(np.argmin(np.abs(f)))
    return (
        f"{metric} stays {side} {target:g} across the bounds [{xs[0]:.6g}, {xs[-1]:.6g}] "
        f"(closest: {f[k] + target:,.6g} at {xs[k]:.6g}); widen the bounds or accept that "
        "the result does not switch sign"
    )


def _solve(
    model: Model,
    set_theta: Callable[[FloatArray], FloatArray],
    names: tuple[str, ...],
    bounds: tuple[float, float],
    metric: str,
    perspective: Perspective | str,
    target: float,
    base_value: float | None,
    quantity: str,
) -> ThresholdResult:
    metric = check_metric(metric)
    j = perspective_index(perspective)
    lo, hi = (float(bounds[0]), float(bounds[1]))
    if not (math.isfinite(lo) and math.isfinite(hi)) or not lo < hi:
        raise ParameterError(
            f"threshold bounds for {', '.join(names)} must be finite with low < high, "
            f"got ({lo}, {hi})"
        )
    xs = np.linspace(lo, hi, GRID_POINTS)
    try:
        f = metric_values(model, set_theta(xs), metric, j) - target
    except ParameterError as exc:
        raise ParameterError(
            f"threshold for {', '.join(names)} over bounds ({lo:g}, {hi:g}): {exc}; "
            "narrow the bounds"
        ) from None
    base_metric = float(metric_values(model, model.base_theta[None, :], metric, j)[0])
    persp = PERSPECTIVES[j].value
    common = dict(
        parameters=names,
        perspective=persp,
        metric=metric,
        target=float(target),
        bounds=(lo, hi),
        metric_at_bounds=(float(f[0] + target), float(f[-1] + target)),
        base_value=base_value,
        base_metric=base_metric,
        quantity=quantity,
    )
    if np.isnan(f).any():
        x_bad = float(xs[int(np.argmax(np.isnan(f)))])
        return ThresholdResult(
            found=False,
            value=None,
            reason=(
                f"{metric} is undefined at {quantity} = {x_bad:.6g} for the {persp} perspective "
                "(e.g. a ratio where this perspective invests nothing)"
            ),
            crossings=0,
            **common,  # type: ignore[arg-type]
        )
    if np.all(f == f[0]):
        return ThresholdResult(
            found=False,
            value=None,
            reason=_describe_no_crossing(f, xs, metric, target),
            crossings=0,
            **common,  # type: ignore[arg-type]
        )
    zero = np.flatnonzero(f == 0.0)
    change = np.flatnonzero(np.sign(f[:-1]) * np.sign(f[1:]) < 0)

    def g(x: float) -> float:
        return _one(model, set_theta, x, metric, j) - target

    candidates = [float(xs[i]) for i in zero] + [_refine(g, xs[i], xs[i + 1]) for i in change]
    if not candidates:
        return ThresholdResult(
            found=False,
            value=None,
            reason=_describe_no_crossing(f, xs, metric, target),
            crossings=0,
            **common,  # type: ignore[arg-type]
        )
    ref = base_value if base_value is not None else 0.5 * (lo + hi)
    value = min(candidates, key=lambda x: abs(x - ref))
    reason = (
        ""
        if len(candidates) == 1
        else (
            f"{len(candidates)} crossings within the bounds at "
            f"{', '.join(f'{c:.6g}' for c in sorted(candidates))}; reporting the one nearest "
            f"the base value"
        )
    )
    return ThresholdResult(
        found=True,
        value=value,
        reason=reason,
        crossings=len(candidates),
        **common,  # type: ignore[arg-type]
    )


def _refine(g: Callable[[float], float], a: float, b: float) -> float:
    """The root of ``g`` in ``[a, b]`` (a sign change on the batch grid) by
    Brent's method. A one-draw evaluation may round differently from the
    batch: if the end values do not differ in sign, the root sits on an end
    within rounding and the end nearer zero is returned."""
    ga, gb = g(a), g(b)
    if ga == 0.0 or gb == 0.0 or (ga > 0) == (gb > 0):
        return a if abs(ga) <= abs(gb) else b
    return float(
        brentq(g, a, b, xtol=1e-12 * max(1.0, abs(a)), rtol=4 * np.finfo(float).eps, maxiter=200)
    )


def _one(
    model: Model, set_theta: Callable[[FloatArray], FloatArray], x: float, metric: str, j: int
) -> float:
    return float(metric_values(model, set_theta(np.array([x])), metric, j)[0])


def _setter(
    model: Model, cols: list[int], transform: Callable[[FloatArray], FloatArray]
) -> Callable[[FloatArray], FloatArray]:
    def set_theta(xs: FloatArray) -> FloatArray:
        theta = np.tile(model.base_theta, (len(xs), 1))
        theta[:, cols] = transform(np.asarray(xs, dtype=float))[:, None]
        return theta

    return set_theta


def threshold(
    model: Model,
    param: str | Sequence[str],
    perspective: Perspective | str = Perspective.SOCIETY,
    bounds: tuple[float, float] | None = None,
    metric: str = "npv",
    *,
    target: float = 0.0,
) -> ThresholdResult:
    """The value at which ``metric`` (default NPV, SEK) for ``perspective``
    equals ``target`` (default 0), all of ``param`` set to that same value.

    ``bounds`` default to the parameters' feasible range (the allowed range
    narrowed by probability x relative risk <= 1 and tax-wedge sum <= 1),
    an infinite upper end replaced by 10 x max(|base|, 1). With several
    crossings the one nearest the base value is returned (``crossings`` counts
    them); with none, ``found`` is False and ``reason`` explains.

    Example:
        The discount rate at which society's NPV is zero (the internal rate
        of return of the intervention for society):

        >>> import socinv
        >>> from socinv.sensitivity import threshold
        >>> path = "data/scenarios/foster_care_school_support.yaml"
        >>> t = threshold(socinv.load_model(path), "discount.rate")
        >>> t.found
        True
        >>> at = socinv.compare(path, overrides={"discount.rate": t.value})
        >>> bool(abs(at.npv("society")) < 1.0)
        True
    """
    names = (param,) if isinstance(param, str) else tuple(param)
    if not names:
        raise ParameterError("threshold needs at least one parameter name")
    cols = [model.index_of(n) for n in names]
    if bounds is None:
        ranges = [default_bounds(model, c) for c in cols]
        bounds = (max(r[0] for r in ranges), min(r[1] for r in ranges))
    else:
        for name, c in zip(names, cols, strict=True):
            flo, fhi = feasible_range(model, c)
            if bounds[0] < flo or bounds[1] > fhi:
                raise ParameterError(
                    f"threshold bounds ({bounds[0]:g}, {bounds[1]:g}) for {name!r} go outside "
                    f"its feasible range [{flo:g}, {fhi:g}] ({model.params[c].description})"
                )
    bases = {float(model.base_theta[c]) for c in cols}
    base_value = bases.pop() if len(bases) == 1 else None
    return _solve(
        model,
        _setter(model, cols, lambda x: x),
        names,
        bounds,
        metric,
        perspective,
        target,
        base_value,
        "parameter value" if len(names) == 1 else "common parameter value",
    )


def break_even_success_share(
    model: Model,
    effects: Sequence[str] | None = None,
    perspective: Perspective | str = Perspective.SOCIETY,
    *,
    metric: str = "npv",
) -> ThresholdResult:
    """The share ``s`` of the cohort that must avoid the targeted outcomes for
    the intervention to break even (NPV = 0) for ``perspective``.

    Implemented as ``relative_risk = 1 - s`` on the named effects (ids of
    ``intervention.effects``; default: all), other parameters at base values.
    ``value`` is ``s`` in [0, 1]; ``base_value`` is ``1 - relative_risk`` at
    the base values when all named effects share one relative risk.
    """
    all_ids = [f.id for f in model.scenario.intervention.effects]
    if not all_ids:
        raise ParameterError(
            f"scenario {model.scenario.name!r} has no intervention effects; a break-even "
            "success share needs effects with a relative_risk"
        )
    ids = (
        list(all_ids)
        if effects is None
        else [e.removeprefix("effect.").removesuffix(".relative_risk") for e in effects]
    )
    if not ids:
        raise ParameterError("break_even_success_share needs at least one effect id")
    unknown = [e for e in ids if e not in all_ids]
    if unknown:
        raise ParameterError(
            f"unknown effect id(s) {', '.join(map(repr, unknown))} in scenario "
            f"{model.scenario.name!r}; known: {', '.join(all_ids)}"
        )
    names = tuple(f"effect.{e}.relative_risk" for e in ids)
    cols = [model.index_of(n) for n in names]
    bases = {float(model.base_theta[c]) for c in cols}
    base_value = 1.0 - bases.pop() if len(bases) == 1 else None
    return _solve(
        model,
        _setter(model, cols, lambda s: 1.0 - s),
        names,
        (0.0, 1.0),
        metric,
        perspective,
        0.0,
        base_value,
        "success share (relative_risk = 1 - s)",
    )
