"""Decision measures on Monte Carlo draws: probability each option is best,
expected value of perfect information (EVPI) and of partial perfect
information on a group of parameters (EVPPI).

All functions take the **net benefit** of each option in each draw, an array
``(n_draws, k_options)`` in SEK (price year of the scenario, present value).
For the invest / don't-invest decision of a scenario the options are
"don't invest" (net benefit 0) and "invest" (the NPV of the draw); with several
alternatives each column is one alternative, so the same functions apply.

* ``P(best)_k`` — share of draws in which option ``k`` has the highest net
  benefit (ties shared equally).
* ``EVPI = E[max_k NB_k] - max_k E[NB_k]`` — what it would be worth, in SEK,
  to decide knowing every parameter; 0 when one option is best in every draw.
* ``EVPPI(G) = E_G[max_k E[NB_k | G]] - max_k E[NB_k]`` — the same knowing only
  the parameters in group ``G``. ``E[NB_k | G]`` is estimated by regressing
  the draws' net benefits on the group's drawn values (Strong, Oakley &
  Brennan 2014, "Estimating multiparameter partial expected value of perfect
  information from a probabilistic sensitivity analysis sample: a
  nonparametric regression approach", Med Decis Making 34(3):311-326). The R
  package ``voi`` fits a generalised additive model (mgcv) by default, with
  Gaussian-process, MARS (``earth``) or INLA regression for larger groups;
  ``BCEA`` delegates to it and ``dampack`` likewise regresses on a
  metamodel. Here, without a GAM dependency, the metamodel is a polynomial
  least-squares fit (cubic in one parameter, quadratic with
  pairwise interactions for a group) on standardised values, which is the
  polynomial variant of the same regression method. Like every
  regression estimate it is slightly biased upwards by fitting noise, and it
  is never reported above the EVPI.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

from socinv.errors import ParameterError

FloatArray = npt.NDArray[np.float64]


def _nb(net_benefit: npt.ArrayLike) -> FloatArray:
    nb = np.asarray(net_benefit, dtype=float)
    if nb.ndim == 1:
        nb = nb[:, None]
    if nb.ndim != 2 or nb.shape[0] < 1:
        raise ParameterError(f"net benefit must be (draws, options), got shape {nb.shape}")
    if not np.all(np.isfinite(nb)):
        raise ParameterError("net benefit has values that are not finite numbers")
    return nb


def invest_options(npv: npt.ArrayLike) -> FloatArray:
    """Net benefits ``(n, 2)`` of "don't invest" (0) and "invest" (``npv``)."""
    x = np.asarray(npv, dtype=float).ravel()
    return np.column_stack([np.zeros_like(x), x])


def prob_best(net_benefit: npt.ArrayLike) -> FloatArray:
    """Share of draws in which each option has the highest net benefit
    ``(k,)``, summing to 1; ties are shared equally.

    Example:
        >>> prob_best([[0.0, 1.0, 2.0], [0.0, 3.0, 1.0], [5.0, 5.0, 0.0]]).tolist()
        [0.16666666666666666, 0.5, 0.3333333333333333]
    """
    nb = _nb(net_benefit)
    best = nb == nb.max(axis=1, keepdims=True)
    share: FloatArray = (best / best.sum(axis=1, keepdims=True)).mean(axis=0)
    return share


def evpi(net_benefit: npt.ArrayLike) -> float:
    """Expected value of perfect information (same unit as the net benefit).

    Example:
        >>> evpi([[0.0, 10.0], [0.0, -10.0]])  # invest pays 0 on average
        5.0
        >>> evpi([[0.0, 3.0], [0.0, 1.0]])  # investing is best in every draw
        0.0
    """
    nb = _nb(net_benefit)
    return float(max(nb.max(axis=1).mean() - nb.mean(axis=0).max(), 0.0))


def _design(x: FloatArray) -> FloatArray:
    """Polynomial regressors of standardised ``x`` ``(n, m)``: cubic for one
    parameter, quadratic with pairwise interactions for several."""
    sd = x.std(axis=0)
    keep = sd > 0
    z = (x[:, keep] - x[:, keep].mean(axis=0)) / sd[keep]
    n, m = z.shape
    cols = [np.ones(n)]
    if m == 1:
        cols += [z[:, 0], z[:, 0] ** 2, z[:, 0] ** 3]
    else:
        cols += [z[:, i] for i in range(m)]
        cols += [z[:, i] * z[:, j] for i, j in itertools.combinations_with_replacement(range(m), 2)]
    return np.column_stack(cols)


def evppi(net_benefit: npt.ArrayLike, x: npt.ArrayLike) -> float:
    """Expected value of partial perfect information on the parameters whose
    drawn values are the columns of ``x`` ``(n, m)`` (regression metamodel,
    see the module docstring); 0 for a group that did not vary.

    Example:
        >>> rng = np.random.default_rng(1)
        >>> a, b = rng.normal(size=(2, 4000))
        >>> nb = invest_options(a + 0.1 * b)
        >>> evppi(nb, b[:, None]) < 0.2 * evppi(nb, a[:, None])
        True
    """
    nb = _nb(net_benefit)
    xs = np.asarray(x, dtype=float)
    if xs.ndim == 1:
        xs = xs[:, None]
    if xs.shape[0] != nb.shape[0]:
        raise ParameterError(
            f"parameter draws have {xs.shape[0]} rows, the net benefits {nb.shape[0]}"
        )
    if not np.any(xs.std(axis=0) > 0):
        return 0.0
    design = _design(xs)
    if design.shape[1] >= nb.shape[0]:
        raise ParameterError(
            f"too few draws ({nb.shape[0]}) for the {design.shape[1]} terms of the EVPPI "
            "regression; run more draws or use a smaller group"
        )
    inc = nb - nb[:, [0]]  # net benefit relative to the first option
    coef, *_ = np.linalg.lstsq(design, inc[:, 1:], rcond=None)
    fitted = np.column_stack([np.zeros(nb.shape[0]), design @ coef])
    value = float(fitted.max(axis=1).mean() - fitted.mean(axis=0).max())
    return float(min(max(value, 0.0), evpi(nb)))


#: parameter groups for EVPPI, by the first part of the parameter name
GROUPS: dict[str, str] = {
    "effect": "effects of the intervention",
    "episode": "risks and quantities of the episodes",
    "unit_cost": "unit costs",
    "cost": "intervention costs",
    "discount": "discount rate",
    "tax_wedge": "tax wedge",
}


def group_text(label: str, lang: str = "en") -> str:
    """A parameter group's label (a value of :data:`GROUPS`, or ``other``) in
    ``lang``; other labels are returned as given.

    Example:
        >>> group_text("unit costs", "sv")
        'styckkostnader'
    """
    from socinv.i18n import translator

    _ = translator(lang)
    return {
        "effects of the intervention": _("effects of the intervention"),
        "risks and quantities of the episodes": _("risks and quantities of the episodes"),
        "unit costs": _("unit costs"),
        "intervention costs": _("intervention costs"),
        "discount rate": _("discount rate"),
        "tax wedge": _("tax wedge"),
        "other": _("other"),
    }.get(label, label)


def parameter_groups(names: list[str] | tuple[str, ...]) -> dict[str, list[str]]:
    """Varied parameter ``names`` by group (:data:`GROUPS`), groups in that order.

    Example:
        >>> g = parameter_groups(["unit_cost.a", "effect.x.relative_risk", "unit_cost.b"])
        >>> list(g), g["unit costs"]
        (['effects of the intervention', 'unit costs'], ['unit_cost.a', 'unit_cost.b'])
    """
    out: dict[str, list[str]] = {label: [] for label in GROUPS.values()}
    for n in names:
        out.setdefault(GROUPS.get(n.split(".", 1)[0], "other"), []).append(n)
    return {k: v for k, v in out.items() if v}
