"""Internal rate of return of yearly cash flows, vectorised over draws.

The IRR ``r`` solves ``sum_t F_t (1 + r)^-t = 0`` with ``t`` in years from the
first flow. For each draw the net present value is evaluated on a grid of
rates in one array expression; the first sign change (lowest rate) brackets
the root, which is then refined by vectorised bisection to ``tol``. For the
usual investor profile (outflows, then inflows) the root is unique.

Break-even: a draw whose undiscounted net flow is zero (within
:data:`BREAK_EVEN_REL` of its gross flows, :func:`break_even`) has IRR
exactly 0 — bisection alone would stop a rounding error either side of 0.
:func:`net_loss` uses the same rule, so "loss" and "IRR < 0" are one
definition.

Convention: a draw whose NPV has no sign change on (-1, ``max_rate``] (e.g.
every net flow negative) gets NaN (no IRR), never a guess. A contract in
which the investor receives nothing at all is reported with IRR -1 (-100 %)
by :func:`socinv.contracts.evaluate_contract`, not here.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socinv.discounting import rate_factors

FloatArray = npt.NDArray[np.float64]

TOTAL_LOSS = -1.0

#: an undiscounted net flow within this share of the gross flows is break-even
BREAK_EVEN_REL = 1e-12


def _net_and_gross(flows: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    f = np.atleast_2d(np.asarray(flows, dtype=float))
    return f.sum(axis=1), np.abs(f).sum(axis=1)


def break_even(flows: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Rows of ``flows`` (SEK) whose undiscounted sum is zero, within
    :data:`BREAK_EVEN_REL` of the gross flows.

    Example:
        >>> break_even([[-100.0, 40.0, 60.0], [-100.0, 40.0, 59.0]]).tolist()
        [True, False]
    """
    net, gross = _net_and_gross(flows)
    return np.asarray(np.abs(net) <= BREAK_EVEN_REL * gross)


def net_loss(flows: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Rows of ``flows`` that get back less than they put in (undiscounted,
    break-even by :func:`break_even` is no loss); for flows that are
    outflows then inflows this is exactly ``irr(flows) < 0``.

    Example:
        >>> net_loss([[-100.0, 40.0, 60.0], [-100.0, 40.0, 59.0]]).tolist()
        [False, True]
    """
    net, gross = _net_and_gross(flows)
    return np.asarray(net < -BREAK_EVEN_REL * gross)


def npv_at(flows: FloatArray, rates: FloatArray, times: FloatArray) -> FloatArray:
    """NPV of each row of ``flows`` (n, Y) at each rate of ``rates`` (G,): (n, G)."""
    out: FloatArray = flows @ rate_factors(rates, times).T  # factors (G, Y)
    return out


#: draws per batch of the grid search (bounds memory to batch x grid floats)
GRID_BATCH = 8192


def irr(
    flows: npt.ArrayLike,
    times: npt.ArrayLike | None = None,
    *,
    max_rate: float = 100.0,
    grid: int = 400,
    tol: float = 1e-12,
) -> FloatArray:
    """IRR of each row of ``flows`` (shape ``(n, Y)`` or ``(Y,)``) at ``times``
    (default ``0..Y-1`` years). Returns shape ``(n,)`` (a 1-D input gives ``(1,)``).

    Example:
        Pay 100, get 60 back in each of the next two years: the rate solves
        ``-100 + 60/(1+r) + 60/(1+r)^2 = 0``, ``r = 13.07 %``; a flow that
        never turns positive has no IRR (NaN):

        >>> irr([-100.0, 60.0, 60.0]).round(6)
        array([0.130662])
        >>> irr([[-100.0, 110.0], [-100.0, 0.0]]).round(6)
        array([0.1, nan])
    """
    f = np.atleast_2d(np.asarray(flows, dtype=float))
    n, n_years = f.shape
    t = np.arange(n_years, dtype=float) if times is None else np.asarray(times, dtype=float)
    if t.shape != (n_years,):
        raise ValueError(f"times must have shape ({n_years},), got {t.shape}")
    if not np.all(np.isfinite(f)):
        raise ValueError("flows contain NaN or infinite values")
    # grid in x = log(1 + r), dense near r = -1 and up to max_rate
    # (the lowest rate is raised for long horizons so that (1 + r)^-t stays finite)
    t_max = max(float(np.max(np.abs(t))), 1.0)
    xs = np.linspace(max(np.log(1e-4), -600.0 / t_max), np.log1p(max_rate), grid)
    v = np.concatenate(
        [npv_at(f[i : i + GRID_BATCH], np.expm1(xs), t) for i in range(0, n, GRID_BATCH)], axis=0
    )
    sign_change = (v[:, :-1] * v[:, 1:]) <= 0
    has = sign_change.any(axis=1) & np.any(f != 0, axis=1)
    k = np.argmax(sign_change, axis=1)
    lo = np.where(has, xs[k], np.nan)
    hi = np.where(has, xs[np.minimum(k + 1, grid - 1)], np.nan)
    f_lo = np.where(has, v[np.arange(n), k], np.nan)
    rows = np.flatnonzero(has)
    if len(rows):
        a, b, fa = lo[rows], hi[rows], f_lo[rows]
        ff = f[rows]
        for _ in range(200):
            mid = 0.5 * (a + b)
            fm = (ff * rate_factors(np.expm1(mid), t)).sum(axis=1)  # mid = log(1 + r)
            left = np.sign(fm) == np.sign(fa)
            a = np.where(left, mid, a)
            fa = np.where(left, fm, fa)
            b = np.where(left, b, mid)
            if np.max(b - a) < tol:
                break
        # exact zeros on the grid; break-even rows whose root bracket holds r = 0
        x = np.where(fa == 0, a, 0.5 * (a + b))
        at_zero = break_even(ff) & (a <= tol) & (b >= -tol)
        x = np.where(at_zero, 0.0, x)
        lo[rows] = x
    out = np.where(has, np.expm1(lo), np.nan)
    return np.asarray(out, dtype=float)
