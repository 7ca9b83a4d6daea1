"""The net-savings kernel: what NPV and break-even need, and nothing more.

NPV and break-even read only the *net* savings of each payer and year,
``status quo - intervention arm - intervention cost``. When the intervention
arm is the status quo with effects, a row without an effect is the same in
both arms and cancels exactly, so it is never evaluated; a row with one
effect contributes ``b * (1 - rr*qf) * (1 - d)^since`` in its effect years
(``b`` the payer amounts ``a * S``). The sum over rows is one matrix product
for effects with a drop-off common to every draw, one batched product for a
drop-off that varies by draw, and an exact row-by-year evaluation for rows
with stacked effects. An intervention arm with its own episodes is
evaluated as the difference of the arms (:meth:`Model.group_costs`).

Intervention costs are discounted at their own timing (paid at the start
of the year unless a cost says otherwise), every other flow at the
scenario's convention: :func:`net_flows` gives the discounted net that
NPV and break-even read.

:func:`flow_scale` is the size of the flows behind each perspective, the
scale of the one rounding tolerance of the break-even rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socinv.scenarios.compile import G_COST, G_INT, G_SQ, EffectTerm, Model
from socinv.scenarios.metrics import Metrics, compute_metrics, net_metrics

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _paired(model: Model) -> bool:
    """The intervention arm is the status quo's rows with effects (same
    parameters), so rows without an effect cancel."""
    cached = model.__dict__.get("_kernel_paired")
    if cached is not None:
        return bool(cached)
    sq = np.flatnonzero(model.row_group == G_SQ)
    iv = np.flatnonzero(model.row_group == G_INT)
    ok = model.scenario.intervention.episodes is None and len(sq) == len(iv)
    if ok and len(sq):
        ok = bool(
            np.array_equal(model.row_item[sq], model.row_item[iv])
            and np.array_equal(model.row_q[sq], model.row_q[iv])
            and np.array_equal(model.row_p[sq], model.row_p[iv])
            and np.array_equal(model.row_factors[sq], model.row_factors[iv])
            and np.array_equal(model.mask[sq], model.mask[iv])
        )
    model.__dict__["_kernel_paired"] = ok
    return ok


def _shapes(model: Model) -> tuple[FloatArray, FloatArray]:
    """Cached: the year masks of the intervention-cost rows ``(K, T)`` and the
    number of years each row is active ``(rows,)``."""
    cached = model.__dict__.get("_kernel_shapes")
    if cached is None:
        cost_rows = np.flatnonzero(model.row_group == G_COST)
        cached = (np.ascontiguousarray(model.mask[cost_rows]), model.mask.sum(axis=1))
        model.__dict__["_kernel_shapes"] = cached
    return cached


def _decay_table(model: Model, terms: list[EffectTerm], dropoff: FloatArray) -> FloatArray:
    """``h[n, k, t] = (1 - d)^since`` in the years where effect ``k`` acts on
    its row, zero elsewhere (``since``: years from the effect's first age)."""
    cached = model.__dict__.get("_kernel_decay")
    key = tuple(id(t) for t in terms)
    if cached is None or cached[0] != key:
        since = np.stack([t.since for t in terms])  # (K, T)
        where = np.stack([model.mask[t.row] * t.mask for t in terms])  # (K, T)
        cached = (key, since, where)
        model.__dict__["_kernel_decay"] = cached
    since, where = cached[1], cached[2]
    # d = 1 (effect gone after its first year): clip so 0 * log(0) is not NaN
    log_q = np.log1p(-np.minimum(dropoff, 1.0 - 2.0**-52))
    h: FloatArray = np.multiply(log_q[:, :, None], since[None, :, :])
    np.exp(h, out=h)
    h *= where[None, :, :]
    return h


def payer_amounts(model: Model, theta: FloatArray) -> FloatArray:
    """``b[n, row, payer] = a * S`` (SEK a year inside the row's ages)."""
    a, shares = model.row_amounts(theta)
    out: FloatArray = a[:, :, None] * shares
    return out


def cost_by_timing(model: Model, theta: FloatArray, b: FloatArray | None = None) -> FloatArray:
    """Undiscounted intervention costs ``(n, timings, payer, year)`` (SEK),
    split by when in the year they are paid (:attr:`Model.row_timing`)."""
    if b is None:
        b = payer_amounts(model, theta)
    cost_mask, _ = _shapes(model)
    cost_rows = np.flatnonzero(model.row_group == G_COST)
    n, _, n_pay = b.shape
    K, T = len(model.timing_tau0), model.n_years
    out = np.zeros((n, K, n_pay, T))
    timing = model.row_timing[cost_rows]
    for k in np.unique(timing):
        sel = timing == k
        bc = np.ascontiguousarray(b[:, cost_rows[sel], :].transpose(0, 2, 1))
        out[:, k] = (bc.reshape(n * n_pay, int(sel.sum())) @ cost_mask[sel]).reshape(n, n_pay, T)
    yw = model.year_weight(theta)
    if yw is not None:
        out *= yw[:, None, None, :]
    return out


def _gross_savings(model: Model, theta: FloatArray, b: FloatArray) -> FloatArray:
    """Undiscounted savings before the intervention's own cost ``(n, payer,
    year)``: status-quo minus intervention-arm episode costs (SEK)."""
    n, _, n_pay = b.shape
    T = model.n_years
    if not _paired(model):
        g = model.group_costs(theta)
        out_g: FloatArray = g[:, 0] - g[:, 1]
        return out_g
    out = np.zeros((n, n_pay, T))
    coefs: list[FloatArray] = []
    shapes: list[FloatArray] = []
    fading: list[EffectTerm] = []
    multi = model._multi_effect_rows
    for term in model.effects:
        if term.row in multi:
            continue
        model._check_effect(theta, term)
        d = theta[:, term.dropoff]
        if n and not np.all(d == d[0]):
            fading.append(term)
            continue
        x = theta[:, term.rr] * theta[:, term.qf]
        decay = (1.0 - (d[0] if n else 0.0)) ** term.since
        coefs.append((1.0 - x)[:, None] * b[:, term.row, :])  # (n, P)
        shapes.append(model.mask[term.row] * term.mask * decay)
    if coefs:
        c = np.stack(coefs, axis=2).reshape(n * n_pay, len(coefs))
        out += (c @ np.stack(shapes)).reshape(n, n_pay, T)
    if fading:
        idx = np.array([[t.rr, t.qf, t.dropoff, t.row] for t in fading], dtype=np.int64)
        x = theta[:, idx[:, 0]] * theta[:, idx[:, 1]]  # (n, K)
        h = _decay_table(model, fading, theta[:, idx[:, 2]])  # (n, K, T)
        c3 = ((1.0 - x)[:, :, None] * b[:, idx[:, 3], :]).transpose(0, 2, 1)  # (n, P, K)
        out += np.matmul(c3, h)
    if multi:
        rows = np.array(sorted(multi), dtype=np.int64)
        corr = model.mask[rows][None, :, :] - model.effect_weights(theta, rows)
        out += np.einsum("nep,net->npt", b[:, rows, :], corr, optimize=True)
    yw = model.year_weight(theta)
    if yw is not None:
        out *= yw[:, None, :]
    return out


@dataclass(frozen=True)
class NetFlows:
    """Net savings ``(n, payer, year)`` undiscounted and discounted, and the
    intervention's own cost discounted at each cost's timing (SEK)."""

    net: FloatArray
    net_disc: FloatArray
    cost_disc: FloatArray


def net_flows(model: Model, theta: FloatArray, b: FloatArray | None = None) -> NetFlows:
    """Net savings (status quo - intervention arm - intervention cost) by
    payer and year, undiscounted and discounted: episodes at the scenario's
    convention, each intervention cost at its own timing
    (:meth:`Model.timing_factors`)."""
    if b is None:
        b = payer_amounts(model, theta)
    gross = _gross_savings(model, theta, b)
    cost = cost_by_timing(model, theta, b)
    f = model.timing_factors(theta)  # (n, K, T)
    cost_disc: FloatArray = np.einsum("nkpt,nkt->npt", cost, f, optimize=True)
    return NetFlows(
        net=gross - cost.sum(axis=1),
        net_disc=gross * f[:, None, 0, :] - cost_disc,
        cost_disc=cost_disc,
    )


def net_savings(model: Model, theta: FloatArray, b: FloatArray | None = None) -> FloatArray:
    """Undiscounted net savings ``(n, payer, year)``: status-quo costs minus
    intervention-arm costs including the intervention's own cost (SEK)."""
    if b is None:
        b = payer_amounts(model, theta)
    out: FloatArray = _gross_savings(model, theta, b) - cost_by_timing(model, theta, b).sum(axis=1)
    return out


def flow_scale(model: Model, b: FloatArray) -> FloatArray:
    """``(n, payer)``: the undiscounted size of every flow a payer has in
    either arm, ``sum over rows of |a S| x active years`` (SEK). The
    break-even rule treats a cumulative net above ``-1e-9`` times this
    (summed over a perspective's payers) as zero: rounding, not a loss."""
    _, years = _shapes(model)
    out: FloatArray = np.einsum("nep,e->np", np.abs(b), years, optimize=True)
    return out


def evaluate_metrics(model: Model, theta: FloatArray) -> Metrics:
    """Every metric for each row of ``theta``: arm costs from
    :meth:`Model.group_costs`, NPV and break-even from :func:`net_savings`."""
    b = payer_amounts(model, theta)
    flows = net_flows(model, theta, b)
    return compute_metrics(
        model.group_costs(theta),
        model.discount_factors(theta),
        net=flows.net,
        net_disc=flows.net_disc,
        cost_disc=flows.cost_disc,
        scale=flow_scale(model, b),
    )


def evaluate_npv(model: Model, theta: FloatArray) -> tuple[FloatArray, IntArray]:
    """NPV ``(n, perspectives)`` (SEK) and break-even model year (-1 never)
    for each row of ``theta``: the same numbers as :func:`evaluate_metrics`,
    without the metrics a Monte Carlo run does not keep."""
    b = payer_amounts(model, theta)
    npv, be, _ = net_metrics(net_flows(model, theta, b).net_disc, flow_scale(model, b))
    return npv, be


__all__ = [
    "NetFlows",
    "cost_by_timing",
    "evaluate_metrics",
    "evaluate_npv",
    "flow_scale",
    "net_flows",
    "net_savings",
    "payer_amounts",
]
