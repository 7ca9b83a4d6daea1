"""Comparison metrics, vectorised over draws: NPV, ROI, BCR, break-even.

Inputs are the undiscounted group costs ``(n, 3, payers, years)`` of
:meth:`Model.group_costs` and discount factors ``(n, years)``. For each
perspective ``v`` (see :class:`socinv.payers.Perspective`), all in SEK in the
scenario's price year:

* ``cost_status_quo`` — status-quo costs;
* ``cost_intervention`` — intervention-arm costs *including* the
  intervention's own cost;
* ``intervention_cost`` — the intervention's own cost (the investment);
* ``savings`` — status-quo costs minus intervention-arm costs before the
  intervention's own cost (gross savings, "nettobesparing" before investment);
* ``npv`` — ``savings - intervention_cost`` (discounted): what the
  perspective gains, net;
* ``roi`` — ``npv / intervention_cost`` (undefined, NaN, where the
  perspective invests nothing, or receives money from the intervention's cost,
  e.g. a transfer to the person);
* ``bcr`` — ``savings / intervention_cost`` (same caveat);
* ``break_even`` — the first model year from which cumulative discounted
  net savings (savings minus investment) are >= 0 and stay so to the end of
  the horizon; -1 if never within the horizon. A perspective that is never
  behind (it invests nothing, or is not affected at all) breaks even in
  year 0; read it together with ``intervention_cost``.

Suffix ``_disc`` marks present values; plain names are undiscounted sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np
import numpy.typing as npt

from socinv.payers import PAYER_INDEX, PAYERS, PERSPECTIVES

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

NEVER = -1


def perspective_matrix() -> FloatArray:
    """``M[payer, perspective]`` = 1 where the perspective sums that payer."""
    m = np.zeros((len(PAYERS), len(PERSPECTIVES)))
    for j, v in enumerate(PERSPECTIVES):
        for p in v.payers:
            m[PAYER_INDEX[p], j] = 1.0
    return m


_PM = perspective_matrix()


SEK = {"unit": "SEK"}
RATIO = {"unit": "ratio"}


@dataclass(frozen=True)
class Metrics:
    """Headline metrics, each an array ``(n_draws, n_perspectives)`` in
    :data:`socinv.payers.PERSPECTIVES` order (break-even: model year index).
    Each field's ``unit`` (metadata) says what it holds; the metric lists
    below are derived from it."""

    cost_status_quo: FloatArray = field(metadata=SEK)
    cost_status_quo_disc: FloatArray = field(metadata=SEK)
    cost_intervention: FloatArray = field(metadata=SEK)
    cost_intervention_disc: FloatArray = field(metadata=SEK)
    intervention_cost: FloatArray = field(metadata=SEK)
    intervention_cost_disc: FloatArray = field(metadata=SEK)
    savings: FloatArray = field(metadata=SEK)
    savings_disc: FloatArray = field(metadata=SEK)
    npv: FloatArray = field(metadata=SEK)
    npv_undiscounted: FloatArray = field(metadata=SEK)
    roi: FloatArray = field(metadata=RATIO)
    bcr: FloatArray = field(metadata=RATIO)
    break_even: IntArray = field(metadata={"unit": "model year"})
    cumulative_net_disc: FloatArray = field(metadata={"unit": "SEK by year"})  # (n, V, T)


#: Metrics in SEK (price year), one value per draw and perspective.
SEK_METRICS: tuple[str, ...] = tuple(
    f.name for f in fields(Metrics) if f.metadata.get("unit") == "SEK"
)
#: Ratio metrics (NaN where the perspective invests nothing).
RATIO_METRICS: tuple[str, ...] = tuple(
    f.name for f in fields(Metrics) if f.metadata.get("unit") == "ratio"
)
#: Float metrics a threshold, one-way or Sobol analysis may target.
FLOAT_METRICS: tuple[str, ...] = (*SEK_METRICS, *RATIO_METRICS)
#: Every metric with one value per draw and perspective.
SCALAR_METRICS: tuple[str, ...] = (*FLOAT_METRICS, "break_even")

#: Below this present value (SEK) a perspective neither invests nor saves:
#: the intervention does not touch it (the one tolerance of the break-even label).
NEGLIGIBLE_SEK = 0.5


def break_even_status(t: int | None, intervention_cost_disc: float, savings_disc: float) -> str:
    """The one reading of a break-even result for a perspective:

    * ``"never"`` — not within the horizon (``t`` is None or :data:`NEVER`);
    * ``"not affected"`` — it neither invests nor saves (both below
      :data:`NEGLIGIBLE_SEK` in present value);
    * ``"never behind"`` — its cumulative net is never below zero (``t = 0``);
    * ``"year"`` — it breaks even in model year ``t``.

    Example:
        >>> break_even_status(3, 1e6, 2e6), break_even_status(0, 0.0, 5e4)
        ('year', 'never behind')
        >>> break_even_status(0, 0.0, 0.1), break_even_status(NEVER, 1e6, 0.0)
        ('not affected', 'never')
    """
    if t is None or t == NEVER:
        return "never"
    if abs(intervention_cost_disc) < NEGLIGIBLE_SEK and abs(savings_disc) < NEGLIGIBLE_SEK:
        return "not affected"
    if t == 0:
        return "never behind"
    return "year"


def by_perspective(group_costs: FloatArray) -> FloatArray:
    """``(n, groups, payers, years)`` -> ``(n, groups, perspectives, years)``."""
    out: FloatArray = np.einsum("ngpt,pv->ngvt", group_costs, _PM, optimize=True)
    return out


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    """``num / investment`` where the perspective invests (investment > 0);
    NaN where it invests nothing or receives money from the intervention."""
    out = np.full(num.shape, np.nan)
    ok = den > 1e-9
    np.divide(num, den, out=out, where=ok)
    return out


def break_even_year(cumulative: FloatArray, scale: FloatArray | None = None) -> IntArray:
    """First index from which ``cumulative[..., t] >= 0`` holds to the end;
    :data:`NEVER` (-1) if the last value is negative. Values above
    ``-1e-9 * scale`` count as zero (rounding); ``scale`` (shape
    ``cumulative.shape[:-1]``) is the gross size of the flows, by default the
    largest absolute cumulative value."""
    if scale is None:
        scale = np.max(np.abs(cumulative), axis=-1)
    n_years = cumulative.shape[-1]
    bad = ~(cumulative >= (-1e-9 * np.maximum(scale, 1.0))[..., None])  # NaN counts as bad
    rev = bad[..., ::-1]
    k = np.argmax(rev, axis=-1)  # years from the end to the last bad year
    has_bad = rev[..., 0] | (k > 0)  # argmax 0: the last year is bad, or no year is
    be = np.where(has_bad, n_years - k, 0)
    return np.asarray(np.where(be >= n_years, NEVER, be), dtype=np.int64)


def net_metrics(net_disc: FloatArray, scale: FloatArray) -> tuple[FloatArray, IntArray, FloatArray]:
    """NPV ``(n, V)``, break-even ``(n, V)`` and the cumulative discounted net
    ``(n, V, T)`` from discounted net savings by payer ``(n, P, T)`` (SEK)
    and the payers' flow scale ``(n, P)``: the one break-even rule
    (:func:`break_even_year`, tolerance relative to the scale of the
    perspective's flows)."""
    cum_p = np.cumsum(net_disc, axis=-1)  # (n, P, T)
    cum = (cum_p.transpose(0, 2, 1) @ _PM).transpose(0, 2, 1)  # (n, V, T)
    npv = np.ascontiguousarray(cum[:, :, -1])
    be = break_even_year(cum, scale @ _PM)
    return npv, be, cum


def compute_metrics(
    group_costs: FloatArray,
    factors: FloatArray,
    *,
    net: FloatArray | None = None,
    scale: FloatArray | None = None,
    net_disc: FloatArray | None = None,
    cost_disc: FloatArray | None = None,
) -> Metrics:
    """All metrics from group costs ``(n, 3, payers, years)`` and discount
    factors ``(n, years)``; payer sums are taken before mapping to
    perspectives. NPV and break-even come from the net savings by payer
    ``net`` ``(n, payers, years)`` (default: the groups' difference), its
    present values by year ``net_disc`` (default: ``net`` times the factors)
    and the payers' flow ``scale`` ``(n, payers)`` (default: the groups'
    gross sums). ``cost_disc`` ``(n, payers, years)`` is the intervention's
    own cost discounted at its timing (default: times the factors); the
    model's kernel (:func:`socinv.scenarios.kernel.net_flows`) gives them."""
    undisc = group_costs.sum(axis=-1) @ _PM  # (n, 3, V)
    disc = np.einsum("ngpt,nt->ngp", group_costs, factors, optimize=True) @ _PM
    if cost_disc is not None:
        disc[:, 2] = cost_disc.sum(axis=-1) @ _PM
    sq, iep, ic = undisc[:, 0], undisc[:, 1], undisc[:, 2]
    sq_d, iep_d, ic_d = disc[:, 0], disc[:, 1], disc[:, 2]
    savings_d = sq_d - iep_d
    if net is None:
        net = group_costs[:, 0] - group_costs[:, 1] - group_costs[:, 2]
    if scale is None:
        scale = np.abs(group_costs).sum(axis=(1, 3))
    if net_disc is None:
        net_disc = net * factors[:, None, :]
    npv, be, cum = net_metrics(net_disc, scale)
    return Metrics(
        cost_status_quo=sq,
        cost_status_quo_disc=sq_d,
        cost_intervention=iep + ic,
        cost_intervention_disc=iep_d + ic_d,
        intervention_cost=ic,
        intervention_cost_disc=ic_d,
        savings=sq - iep,
        savings_disc=savings_d,
        npv=npv,
        npv_undiscounted=sq - iep - ic,
        roi=_ratio(npv, ic_d),
        bcr=_ratio(savings_d, ic_d),
        break_even=be,
        cumulative_net_disc=np.ascontiguousarray(cum),
    )
