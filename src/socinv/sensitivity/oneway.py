"""One-way (tornado) and two-way sensitivity on the compiled model.

The low/high value of each parameter follows one rule, in this order:

1. a distribution declared for it (scenario ``uncertainty:`` block or code):
   its 2.5 and 97.5 percentiles (``range_rule`` = ``distribution 2.5-97.5 %``);
2. a catalogue row with ``low_sek``/``high_sek`` (unit costs): the published
   low and high values, rebased to the price year (``catalogue low/high``);
3. otherwise the base value -/+ ``spread`` (default 20 %) (``base -/+ 20 %``).

Values are clipped to the parameter's feasible range (probability <= 1,
probability x relative risk <= 1, tax-wedge shares summing to <= 1), marked
``(clipped)``. All low and high values are evaluated as one batch.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from socinv.errors import ParameterError
from socinv.payers import PERSPECTIVES, Perspective, perspective_index
from socinv.scenarios.compile import Model
from socinv.sensitivity._eval import evaluate
from socinv.sensitivity._ranges import feasible_range
from socinv.sensitivity.parameters import SOURCE_CATALOGUE, Uncertainty, uncertainty

FloatArray = npt.NDArray[np.float64]

DEFAULT_SPREAD = 0.20
#: parameters left out of the default tornado: the cohort size scales every
#: result proportionally and is a choice of the analysis, not an uncertainty
EXCLUDED_BY_DEFAULT = ("cohort.size",)

ONE_WAY_COLUMNS = [
    "parameter",
    "perspective",
    "low",
    "high",
    "base_value",
    "npv_low",
    "npv_high",
    "npv_base",
    "swing",
    "range_rule",
]


def one_way_ranges(
    model: Model,
    unc: Uncertainty | None = None,
    *,
    params: Sequence[str] | None = None,
    spread: float = DEFAULT_SPREAD,
    level: float = 0.95,
) -> pd.DataFrame:
    """``parameter, base_value, low, high, range_rule`` for each parameter by
    the rule in the module docstring."""
    if not 0.0 < spread < 1.0:
        raise ParameterError(f"spread must be a share in (0, 1), got {spread!r}")
    if not 0.0 < level < 1.0:
        raise ParameterError(f"level must be in (0, 1), got {level!r}")
    if unc is None:
        unc = uncertainty(model)
    names = (
        [n for n in model.param_names if n not in EXCLUDED_BY_DEFAULT]
        if params is None
        else list(params)
    )
    items = {f"unit_cost.{it.id}": it for it in model.items}
    tail = (1.0 - level) / 2.0
    pct = f"{100 * tail:g}-{100 * (1 - tail):g} %"
    rows = []
    for name in names:
        j = model.index_of(name)
        base = float(model.base_theta[j])
        dist = unc.get(name)
        it = items.get(name)
        source = unc.sources[unc.names.index(name)] if dist is not None else ""
        if dist is not None and source != SOURCE_CATALOGUE:
            lo, hi = (float(v) for v in dist.ppf(np.array([tail, 1.0 - tail])))
            rule = f"distribution {pct}"
        elif it is not None and it.low_sek is not None and it.high_sek is not None:
            lo, hi = float(it.low_sek), float(it.high_sek)
            rule = "catalogue low/high"
        else:
            lo, hi = base * (1 - spread), base * (1 + spread)
            lo, hi = min(lo, hi), max(lo, hi)
            rule = f"base -/+ {100 * spread:g} %"
        flo, fhi = feasible_range(model, j)
        clo, chi = min(max(lo, flo), fhi), min(max(hi, flo), fhi)
        if (clo, chi) != (lo, hi):
            rule += " (clipped)"
        rows.append((name, base, clo, chi, rule))
    return pd.DataFrame(rows, columns=["parameter", "base_value", "low", "high", "range_rule"])


def one_way(
    model: Model,
    unc: Uncertainty | None = None,
    *,
    params: Sequence[str] | None = None,
    spread: float = DEFAULT_SPREAD,
    perspectives: Sequence[Perspective | str] | None = None,
) -> pd.DataFrame:
    """Tornado table: each parameter to its low and high value, the others
    at base. Columns ``parameter, perspective, low, high, base_value,
    npv_low, npv_high, npv_base, swing, range_rule`` (NPV in SEK, price
    year; ``swing = |npv_high - npv_low|``), sorted by swing descending
    within each perspective (perspectives in the usual order).

    Example:
        >>> import socinv
        >>> from socinv.sensitivity import one_way
        >>> model = socinv.load_model("data/scenarios/foster_care_school_support.yaml")
        >>> t = one_way(model, perspectives=["society"])
        >>> list(t.columns[:4])
        ['parameter', 'perspective', 'low', 'high']
        >>> bool(t["swing"].is_monotonic_decreasing)
        True
    """
    ranges = one_way_ranges(model, unc, params=params, spread=spread)
    k = len(ranges)
    theta = np.tile(model.base_theta, (2 * k + 1, 1))
    cols = [model.index_of(n) for n in ranges["parameter"]]
    for i, c in enumerate(cols):
        theta[1 + 2 * i, c] = ranges["low"].iloc[i]
        theta[2 + 2 * i, c] = ranges["high"].iloc[i]
    npv = evaluate(model, theta).npv  # (2k+1, perspectives)
    which = (
        list(range(len(PERSPECTIVES)))
        if perspectives is None
        else [perspective_index(p) for p in perspectives]
    )
    frames = []
    for j in which:
        df = ranges[["parameter", "low", "high", "base_value", "range_rule"]].copy()
        df.insert(1, "perspective", PERSPECTIVES[j].value)
        df["npv_low"] = npv[1::2, j]
        df["npv_high"] = npv[2::2, j]
        df["npv_base"] = npv[0, j]
        df["swing"] = np.abs(df["npv_high"] - df["npv_low"])
        frames.append(df.sort_values("swing", ascending=False, kind="stable"))
    if not frames:
        return pd.DataFrame(columns=ONE_WAY_COLUMNS)
    return pd.concat(frames, ignore_index=True)[ONE_WAY_COLUMNS]


def two_way(
    model: Model,
    x: str,
    y: str,
    x_values: Sequence[float] | FloatArray | None = None,
    y_values: Sequence[float] | FloatArray | None = None,
    *,
    points: int = 11,
    unc: Uncertainty | None = None,
    perspectives: Sequence[Perspective | str] | None = None,
) -> pd.DataFrame:
    """NPV over a grid of two parameters (others at base), as one batch.

    Values default to ``points`` evenly spaced values between each
    parameter's one-way low and high. Tidy result: ``x_param, x_value,
    y_param, y_value, perspective, npv`` (SEK, price year); pivot with
    ``df.pivot_table(index="y_value", columns="x_value", values="npv")``.
    """
    if x == y:
        raise ParameterError(f"two-way analysis needs two different parameters, got {x!r} twice")
    if points < 2:
        raise ParameterError(f"points must be >= 2, got {points}")
    cx, cy = model.index_of(x), model.index_of(y)
    if x_values is None or y_values is None:
        r = one_way_ranges(model, unc, params=[x, y])
        lo, hi = r["low"].to_numpy(dtype=float), r["high"].to_numpy(dtype=float)
        if x_values is None:
            x_values = np.linspace(lo[0], hi[0], points)
        if y_values is None:
            y_values = np.linspace(lo[1], hi[1], points)
    xv = np.asarray(x_values, dtype=float)
    yv = np.asarray(y_values, dtype=float)
    gx, gy = np.meshgrid(xv, yv, indexing="ij")
    theta = np.tile(model.base_theta, (gx.size, 1))
    theta[:, cx] = gx.ravel()
    theta[:, cy] = gy.ravel()
    npv = evaluate(model, theta).npv
    which = (
        list(range(len(PERSPECTIVES)))
        if perspectives is None
        else [perspective_index(p) for p in perspectives]
    )
    frames = [
        pd.DataFrame(
            {
                "x_param": x,
                "x_value": gx.ravel(),
                "y_param": y,
                "y_value": gy.ravel(),
                "perspective": PERSPECTIVES[j].value,
                "npv": npv[:, j],
            }
        )
        for j in which
    ]
    return pd.concat(frames, ignore_index=True)
