"""What a Monte Carlo run holds fixed, and whether its result hinges on it.

:func:`fixed_inputs` lists every parameter the scenario sets that does not
vary, with the reason. :func:`hinge_warnings` moves each fixed entered
figure over a check range — the default policy's 2.5-97.5 % interval where
the policy applies, otherwise the base value -/+ :data:`CHECK_SPREAD` — and
warns, in words, where that alone turns the sign of a perspective's net
present value: the result then rests on a figure nobody gave a range for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from socinv.formatting import money, significant
from socinv.payers import PERSPECTIVES
from socinv.scenarios.compile import Model
from socinv.sensitivity._eval import evaluate
from socinv.sensitivity._ranges import feasible_range
from socinv.sensitivity.defaults import POLICY_KINDS, entered_parameters, policy_distribution
from socinv.sensitivity.labels import parameter_label

#: check range of a fixed entered figure that the policy gives no distribution (assumption)
CHECK_SPREAD = 0.25

REASON_DECLARED = "declared fixed (uncertainty.fixed)"
REASON_EDGE = "at the edge of its range (no spread by the default policy)"
REASON_NO_RANGE = "no distribution and no catalogue low/high"
REASON_POLICY_OFF = "no distribution (default policy switched off)"


def fixed_reason(reason: str, lang: str = "en") -> str:
    """Why a parameter is held fixed (one of the ``REASON_*`` texts) in
    ``lang``; other texts are returned as given.

    Example:
        >>> fixed_reason(REASON_DECLARED, "sv")
        'angiven som fast (uncertainty.fixed)'
    """
    from socinv.i18n import translator

    _ = translator(lang)
    return {
        REASON_DECLARED: _("declared fixed (uncertainty.fixed)"),
        REASON_EDGE: _("at the edge of its range (no spread by the default policy)"),
        REASON_NO_RANGE: _("no distribution and no catalogue low/high"),
        REASON_POLICY_OFF: _("no distribution (default policy switched off)"),
    }.get(reason, reason)


@dataclass(frozen=True)
class FixedInput:
    """A parameter the scenario sets that stays at ``value`` in every draw."""

    name: str
    label: str
    value: float
    reason: str
    invented: bool  # an entered figure or a catalogue assumption, not a published one


def fixed_inputs(
    model: Model, varying: set[str], declared: set[str], policy: bool
) -> tuple[FixedInput, ...]:
    """Entered parameters (see :func:`~socinv.sensitivity.defaults.entered_parameters`)
    not in ``varying``, with the reason each is fixed."""
    items = {f"unit_cost.{it.id}": it for it in model.items}
    out = []
    for name, e in entered_parameters(model).items():
        if name in varying:
            continue
        base = float(model.base_theta[model.index_of(name)])
        if name in declared:
            reason = REASON_DECLARED
        elif e.kind in POLICY_KINDS:
            reason = REASON_EDGE if policy else REASON_POLICY_OFF
        else:
            reason = REASON_NO_RANGE
        it = items.get(name)
        invented = e.kind in (*POLICY_KINDS, "cost") or (
            it is not None and it.evidence == "assumption"
        )
        out.append(FixedInput(name, parameter_label(model, name), base, reason, invented))
    return tuple(out)


def fixed_table(fixed: tuple[FixedInput, ...]) -> pd.DataFrame:
    """``name, label, value, reason, invented`` for each fixed input."""
    return pd.DataFrame(
        [(f.name, f.label, f.value, f.reason, f.invented) for f in fixed],
        columns=["name", "label", "value", "reason", "invented"],
    )


def _check_range(model: Model, name: str, kind: str, base: float) -> tuple[float, float]:
    d = policy_distribution(kind, base) if kind in POLICY_KINDS else None
    if d is not None:
        lo, hi = (float(v) for v in d.ppf(np.array([0.025, 0.975])))
    else:
        lo, hi = base * (1 - CHECK_SPREAD), base * (1 + CHECK_SPREAD)
    flo, fhi = feasible_range(model, model.index_of(name))
    return min(max(lo, flo), fhi), min(max(hi, flo), fhi)


@dataclass(frozen=True)
class Hinge:
    """A fixed invented input that alone turns the sign of ``perspective``'s
    NPV: from ``low`` to ``high`` it moves the NPV from ``npv_low`` to
    ``npv_high`` (SEK, ``price_year`` prices). Words come from :func:`hinge_text`."""

    perspective: str
    name: str
    reason: str
    low: float
    high: float
    npv_low: float
    npv_high: float
    price_year: int


def hinges(model: Model, fixed: tuple[FixedInput, ...]) -> tuple[Hinge, ...]:
    """Each fixed invented input that alone turns the sign of a perspective's
    NPV over its check range, for each perspective that invests."""
    kinds = {n: e.kind for n, e in entered_parameters(model).items()}
    checks = [f for f in fixed if f.invented and f.value != 0.0]
    if not checks:
        return ()
    theta = np.tile(model.base_theta, (2 * len(checks) + 1, 1))
    ranges = []
    for i, f in enumerate(checks):
        lo, hi = _check_range(model, f.name, kinds[f.name], f.value)
        ranges.append((lo, hi))
        j = model.index_of(f.name)
        theta[1 + 2 * i, j] = lo
        theta[2 + 2 * i, j] = hi
    npv = evaluate(model, theta).npv
    invests = evaluate(model, model.base_theta[None, :]).intervention_cost_disc[0] > 0
    out = []
    for i, f in enumerate(checks):
        for v, p in enumerate(PERSPECTIVES):
            if not invests[v]:
                continue
            signs = np.sign(np.round(npv[[0, 1 + 2 * i, 2 + 2 * i], v], 6))
            if len(set(signs.tolist()) - {0.0}) > 1:
                lo, hi = ranges[i]
                out.append(
                    Hinge(
                        p.value,
                        f.name,
                        f.reason,
                        lo,
                        hi,
                        float(npv[1 + 2 * i, v]),
                        float(npv[2 + 2 * i, v]),
                        model.price_year,
                    )
                )
    return tuple(out)


def hinge_text(model: Model, h: Hinge, lang: str | None = None) -> str:
    """:class:`Hinge` ``h`` as one sentence in ``lang`` (default: the language
    set by :func:`socinv.i18n.use_lang`); numbers by :mod:`socinv.formatting`."""
    from socinv.i18n import current_lang, payer_word, translator

    lang = lang or current_lang()
    _ = translator(lang)
    return _(
        "the result for {perspective} hinges on a fixed input: {label} "
        "({name}, {reason}) — from {low} to {high} alone it moves the NPV "
        "from {npv_low} to {npv_high} ({price_year} prices); "
        "give it a distribution"
    ).format(
        perspective=payer_word(h.perspective, lang),
        label=parameter_label(model, h.name, lang),
        name=h.name,
        reason=fixed_reason(h.reason, lang),
        low=significant(h.low, lang),
        high=significant(h.high, lang),
        npv_low=money(h.npv_low, lang),
        npv_high=money(h.npv_high, lang),
        price_year=h.price_year,
    )


def hinge_warnings(
    model: Model, fixed: tuple[FixedInput, ...], lang: str | None = None
) -> tuple[str, ...]:
    """One sentence per fixed invented input that alone turns the sign of a
    perspective's NPV over its check range (SEK, the scenario's price year),
    in ``lang`` (default: the language set by :func:`socinv.i18n.use_lang`).
    Numbers are written by :mod:`socinv.formatting`, never in scientific notation."""
    return tuple(hinge_text(model, h, lang) for h in hinges(model, fixed))
