"""Named parameters of a compiled scenario and their uncertainty.

:func:`parameters` lists every parameter with its base value. An
:class:`Uncertainty` binds validated distributions (declared in the
scenario's ``uncertainty:`` block, given in code, or derived from catalogue
low/high bounds) and rank correlations to a model's parameters and draws
parameter vectors from them.

Correlated parameters use a Gaussian copula: a Spearman rank correlation
``rho`` becomes the normal correlation ``2 sin(pi rho / 6)``, correlated
standard normals are mapped to uniforms and through each distribution's
inverse CDF, which keeps each marginal distribution exactly and gives the
requested rank correlation in expectation (the idea of Iman & Conover,
1982, *Communications in Statistics – Simulation and Computation*
11(3):311-334, with a Gaussian copula; the sine conversion is Pearson's for
the bivariate normal).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import special

from socinv.errors import ParameterError, ScenarioError
from socinv.scenarios.comparison import load_model
from socinv.scenarios.compile import Model
from socinv.sensitivity._ranges import feasible_range
from socinv.sensitivity.defaults import SOURCE_POLICY, policy_distributions
from socinv.sensitivity.distributions import AnyDistribution, Pert, parse_distribution
from socinv.sensitivity.fixed import (
    FixedInput,
    Hinge,
    fixed_inputs,
    fixed_table,
    hinge_text,
    hinges,
)
from socinv.sensitivity.labels import parameter_label
from socinv.unitcosts.effects import load_effects

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: sources of a parameter's distribution
SOURCE_SCENARIO = "scenario"
SOURCE_CODE = "code"
SOURCE_CATALOGUE = "catalogue low/high (PERT)"
SOURCE_EFFECTS = "effects catalogue 95 % CI (lognormal)"


def source_text(source: str, lang: str = "en") -> str:
    """Where a distribution comes from (one of the ``SOURCE_*`` texts) in
    ``lang``; other texts are returned as given.

    Example:
        >>> source_text(SOURCE_POLICY, "sv")
        'standardpolicy (antagande)'
    """
    from socinv.i18n import translator

    _ = translator(lang)
    return {
        SOURCE_SCENARIO: _("scenario"),
        SOURCE_CODE: _("code"),
        SOURCE_CATALOGUE: _("catalogue low/high (PERT)"),
        SOURCE_EFFECTS: _("effects catalogue 95 % CI (lognormal)"),
        SOURCE_POLICY: _("default policy (assumption)"),
    }.get(source, source)


#: tail probability used to check that an unbounded distribution stays in range
TAIL = 1e-9


def parameters(scenario: str | Path | Model) -> pd.DataFrame:
    """Every named parameter of a scenario: ``name, base, unit, lower, upper,
    description`` (money in SEK in the scenario's price year)."""
    model = load_model(scenario)
    return pd.DataFrame(
        {
            "name": [s.name for s in model.params],
            "base": [s.base for s in model.params],
            "unit": [s.unit for s in model.params],
            "lower": [s.lower for s in model.params],
            "upper": [s.upper for s in model.params],
            "description": [s.description for s in model.params],
        }
    )


@dataclass(frozen=True)
class CorrelationGroup:
    """Parameters drawn with the given Spearman rank ``matrix`` (k x k,
    symmetric, ones on the diagonal, positive semi-definite)."""

    params: tuple[str, ...]
    matrix: FloatArray

    @classmethod
    def from_pairs(cls, pairs: Mapping[tuple[str, str], float]) -> list[CorrelationGroup]:
        """Groups (connected parameters) from pairwise rank correlations;
        unlisted pairs within a group are uncorrelated."""
        return _groups_from_pairs({k: (v, f"correlations[{k!r}]") for k, v in pairs.items()})


def _groups_from_pairs(
    pairs: Mapping[tuple[str, str], tuple[float, str]],
) -> list[CorrelationGroup]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    seen: dict[frozenset[str], float] = {}
    for (a, b), (rho, where) in pairs.items():
        if a == b:
            raise ScenarioError(f"{where}: a parameter cannot be correlated with itself")
        if not (isinstance(rho, int | float) and math.isfinite(rho) and -1.0 <= rho <= 1.0):
            raise ScenarioError(f"{where}: a rank correlation must be in [-1, 1], got {rho!r}")
        key = frozenset((a, b))
        if key in seen and seen[key] != rho:
            raise ScenarioError(
                f"{where}: correlation of {a} and {b} given twice ({seen[key]:g} and {rho:g})"
            )
        seen[key] = float(rho)
        parent[find(a)] = find(b)
    members: dict[str, list[str]] = {}
    for x in list(parent):
        members.setdefault(find(x), []).append(x)
    groups = []
    for names in members.values():
        names = sorted(names)
        m = np.eye(len(names))
        for key, rho in seen.items():
            a, b = sorted(key)
            if a in names:
                i, j = names.index(a), names.index(b)
                m[i, j] = m[j, i] = rho
        groups.append(CorrelationGroup(tuple(names), m))
    return groups


def _normal_factor(group: CorrelationGroup, where: str) -> FloatArray:
    """``F`` with ``F @ F.T`` = the normal correlation giving ``group.matrix``
    as rank correlation; :class:`ScenarioError` if not positive semi-definite."""
    m = np.asarray(group.matrix, dtype=float)
    k = len(group.params)
    label = f"{where} ({', '.join(group.params)})"
    if m.shape != (k, k):
        raise ScenarioError(f"{label}: correlation matrix must be {k} x {k}, got {m.shape}")
    if not np.all(np.isfinite(m)) or not np.allclose(m, m.T, atol=1e-12):
        raise ScenarioError(f"{label}: correlation matrix must be finite and symmetric")
    if not np.allclose(np.diag(m), 1.0) or np.any(np.abs(m) > 1.0):
        raise ScenarioError(f"{label}: correlation matrix needs ones on the diagonal, |r| <= 1")
    w = np.linalg.eigvalsh(m)
    if w.min() < -1e-10:
        raise ScenarioError(
            f"{label}: the rank correlation matrix is not positive semi-definite (smallest "
            f"eigenvalue {w.min():.4g}); these correlations cannot hold together, e.g. A~B and "
            "A~C strongly positive with B~C strongly negative"
        )
    r = 2.0 * np.sin(np.pi * m / 6.0)
    w, v = np.linalg.eigh(r)
    if w.min() < -1e-10:
        raise ScenarioError(
            f"{label}: the normal-copula correlation 2 sin(pi r / 6) of this rank correlation "
            f"matrix is not positive semi-definite (smallest eigenvalue {w.min():.4g}); "
            "weaken the correlations slightly"
        )
    factor: FloatArray = v * np.sqrt(np.clip(w, 0.0, None))[None, :]
    return factor


@dataclass(frozen=True)
class _Unit:
    cols: IntArray  # positions in Uncertainty.names
    factor: FloatArray | None  # None: one independent parameter


@dataclass(frozen=True)
class Uncertainty:
    """Validated distributions for (some of) a model's parameters.

    ``names`` are in the model's parameter order; ``columns`` are their
    positions in ``theta``; ``sources`` say where each distribution came
    from (``scenario``, ``code``, ``catalogue low/high (PERT)`` or
    ``default policy (assumption)``). Parameters without a distribution stay
    at their base value; ``fixed`` lists those the scenario sets, with the
    reason, and ``warnings`` says where the result hinges on one of them.
    """

    scenario: str
    names: tuple[str, ...]
    columns: IntArray
    distributions: tuple[AnyDistribution, ...]
    sources: tuple[str, ...]
    groups: tuple[CorrelationGroup, ...] = ()
    _units: tuple[_Unit, ...] = field(default=(), repr=False)
    fixed: tuple[FixedInput, ...] = ()
    warnings: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    hinges: tuple[Hinge, ...] = ()  # the warnings as data, to word in any language

    def __len__(self) -> int:
        return len(self.names)

    def get(self, name: str) -> AnyDistribution | None:
        """The distribution of parameter ``name``, or ``None``."""
        return self.distributions[self.names.index(name)] if name in self.names else None

    @property
    def varying(self) -> tuple[str, ...]:
        """Names of the parameters whose distribution is not fixed."""
        return tuple(
            n for n, d in zip(self.names, self.distributions, strict=True) if not d.is_fixed
        )

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        """``(n, len(names))`` draws. Independent parameters use numpy's native
        generators; correlated groups the Gaussian copula. The random stream
        is consumed in a fixed order, so a generator state gives one result."""
        out = np.empty((n, len(self.names)))
        for unit in self._units:
            if unit.factor is None:
                i = int(unit.cols[0])
                out[:, i] = self.distributions[i].sample(rng, n)
            else:
                z = rng.standard_normal((n, len(unit.cols))) @ unit.factor.T
                u = special.ndtr(z)
                for k, i in enumerate(unit.cols):
                    out[:, i] = self.distributions[int(i)].ppf(u[:, k])
        return out

    def ppf(self, u: FloatArray) -> FloatArray:
        """Values at probabilities ``u`` ``(n, len(names))``, each parameter
        through its own inverse CDF (correlations ignored)."""
        out = np.empty_like(u, dtype=float)
        for i, d in enumerate(self.distributions):
            out[:, i] = d.ppf(u[:, i])
        return out

    def theta(self, model: Model, values: FloatArray) -> FloatArray:
        """Parameter vectors ``(n, n_params)``: base values with ``values``
        ``(n, len(names))`` put in."""
        theta = np.tile(model.base_theta, (values.shape[0], 1))
        theta[:, self.columns] = values
        return theta

    def table(self) -> pd.DataFrame:
        """``name, distribution, mean, source, label`` for each parameter
        with a distribution (``label``: the parameter in words)."""
        return pd.DataFrame(
            {
                "name": list(self.names),
                "distribution": [d.describe() for d in self.distributions],
                "mean": [d.mean for d in self.distributions],
                "source": list(self.sources),
                "label": list(self.labels) if self.labels else list(self.names),
            }
        )

    def fixed_table(self) -> pd.DataFrame:
        """``name, label, value, reason, invented`` for each parameter the
        scenario sets that is held fixed."""
        return fixed_table(self.fixed)


def _check_support(model: Model, name: str, dist: AnyDistribution, where: str) -> None:
    spec = model.params[model.index_of(name)]
    lo, hi = feasible_range(model, model.index_of(name))
    s_lo, s_hi = dist.support()
    q_lo = float(dist.ppf(np.array([TAIL]))[0]) if math.isinf(s_lo) else s_lo
    q_hi = float(dist.ppf(np.array([1 - TAIL]))[0]) if math.isinf(s_hi) else s_hi
    hint = (
        "; use lognormal, gamma, PERT, triangular or uniform for a positive quantity"
        if lo == 0.0
        else ("; use beta or a bounded distribution" if hi <= 1.0 else "")
    )
    if q_lo < lo - 1e-12 * max(1.0, abs(lo)):
        raise ScenarioError(
            f"{where}: {dist.describe()} reaches {q_lo:.6g}, below {lo:g}, the lowest value "
            f"allowed for this parameter ({spec.unit}){hint}"
        )
    if q_hi > hi + 1e-12 * max(1.0, abs(hi)):
        raise ScenarioError(
            f"{where}: {dist.describe()} reaches {q_hi:.6g}, above {hi:g}, the highest value "
            f"allowed for this parameter ({spec.unit}){hint}"
        )


def uncertainty(
    model: Model,
    distributions: Mapping[str, Mapping[str, Any] | AnyDistribution] | None = None,
    correlations: Sequence[CorrelationGroup] | Mapping[tuple[str, str], float] = (),
    *,
    from_scenario: bool = True,
    catalogue_defaults: bool = True,
    policy: bool = True,
    fixed: Sequence[str] = (),
) -> Uncertainty:
    """Validate and bind distributions to ``model``'s parameters.

    Sources, later ones winning: catalogue rows with ``low_sek``/``high_sek``
    give ``unit_cost.<item>`` a PERT(low, value, high) and an effect citing the
    effects catalogue a lognormal from its 95 % CI (``catalogue_defaults``);
    the default policy of :mod:`socinv.sensitivity.defaults` for every
    entered effect, episode quantity and probability without one
    (``policy``); the scenario's ``uncertainty:`` block (``from_scenario``);
    then ``distributions`` given here. Names in the block's ``fixed:`` list
    and in ``fixed`` are held at their value. ``correlations`` adds rank
    correlations (groups or pairs) to those of the scenario (``correlate:``).

    Every problem raises :class:`ScenarioError` or :class:`ParameterError`
    naming ``uncertainty.<parameter>``.
    """
    found: dict[str, tuple[AnyDistribution, str]] = {}
    pairs: dict[tuple[str, str], tuple[float, str]] = {}
    if catalogue_defaults:
        for it in model.items:
            name = f"unit_cost.{it.id}"
            if (
                name in model.param_index
                and it.low_sek is not None
                and it.high_sek is not None
                and it.low_sek < it.high_sek
            ):
                pert = Pert(low=it.low_sek, mode=it.value_sek, high=it.high_sek)
                found[name] = (pert, SOURCE_CATALOGUE)
        for f in model.scenario.intervention.effects:  # an effect citing the effects catalogue
            if f.cites is not None and f"effect.{f.id}.relative_risk" in model.param_index:
                cited = load_effects().get(f.cites).distribution()
                found[f"effect.{f.id}.relative_risk"] = (cited, SOURCE_EFFECTS)
    declared: list[tuple[str, Any, str]] = []
    held_by = _fixed_names(model, fixed, from_scenario)  # name -> scenario / code
    held = set(held_by)
    if from_scenario:
        declared += [
            (k, v, SOURCE_SCENARIO) for k, v in model.scenario.uncertainty.items() if k != "fixed"
        ]
    declared += [(k, v, SOURCE_CODE) for k, v in (distributions or {}).items()]
    for name, spec, source in declared:
        where = f"uncertainty.{name}"
        try:
            model.index_of(name)
        except ParameterError as exc:
            raise ParameterError(f"{where}: {exc}") from None
        if isinstance(spec, Mapping) and "correlate" in spec:
            spec = dict(spec)
            corr = spec.pop("correlate")
            if not isinstance(corr, Mapping):
                raise ScenarioError(
                    f"{where}.correlate: expected a mapping of parameter name to rank "
                    f"correlation, got {type(corr).__name__}"
                )
            for other, rho in corr.items():
                pairs[(name, str(other))] = (rho, f"{where}.correlate.{other}")
        dist = parse_distribution(spec, where)
        _check_support(model, name, dist, where)
        if held_by.get(name) == source:
            raise ScenarioError(
                f"{where}: is listed under uncertainty.fixed and also given a distribution; "
                "keep one of the two"
            )
        found[name] = (dist, source)
    for name in held:
        found.pop(name, None)
    if policy:
        given = {n: d for n, (d, src) in found.items() if src != SOURCE_CATALOGUE}
        for name, dist in policy_distributions(model, given, held).items():
            _check_support(model, name, dist, f"default policy for {name}")
            found[name] = (dist, SOURCE_POLICY)
    if isinstance(correlations, Mapping):
        for (a, b), rho in correlations.items():
            pairs[(a, b)] = (rho, f"correlations[({a!r}, {b!r})]")
    else:
        for g in correlations:
            k = len(g.params)
            m = np.asarray(g.matrix, dtype=float)
            if m.shape != (k, k) or not np.allclose(m, m.T) or not np.allclose(np.diag(m), 1):
                raise ScenarioError(
                    f"correlation group ({', '.join(g.params)}): the matrix must be {k} x {k}, "
                    f"symmetric with ones on the diagonal, got {m.tolist()}"
                )
            for i in range(k):
                for j in range(i + 1, k):
                    pairs[(g.params[i], g.params[j])] = (
                        float(m[i, j]),
                        f"correlation group ({', '.join(g.params)})",
                    )
    groups = _groups_from_pairs(pairs)
    order = sorted(found, key=model.index_of)
    pos = {n: i for i, n in enumerate(order)}
    units: list[_Unit] = []
    grouped: dict[str, tuple[CorrelationGroup, FloatArray]] = {}
    for g in groups:
        for n in g.params:
            if n not in found or found[n][0].is_fixed:
                others = ", ".join(p for p in g.params if p != n)
                raise ScenarioError(
                    f"uncertainty.{n}: is correlated with {others} but has no (non-fixed) "
                    "distribution; declare one"
                )
        factor = _normal_factor(g, "uncertainty: correlation group")
        for n in g.params:
            grouped[n] = (g, factor)
    done: set[str] = set()
    for n in order:
        if n in done:
            continue
        if n in grouped:
            g, factor = grouped[n]
            units.append(_Unit(np.array([pos[p] for p in g.params], dtype=np.int64), factor))
            done.update(g.params)
        else:
            units.append(_Unit(np.array([pos[n]], dtype=np.int64), None))
            done.add(n)
    varying = {n for n in order if not found[n][0].is_fixed}
    held_fixed = fixed_inputs(model, varying, held, policy)
    held_hinges = hinges(model, held_fixed)
    return Uncertainty(
        scenario=model.scenario.name,
        names=tuple(order),
        columns=np.array([model.index_of(n) for n in order], dtype=np.int64),
        distributions=tuple(found[n][0] for n in order),
        sources=tuple(found[n][1] for n in order),
        groups=tuple(groups),
        _units=tuple(units),
        fixed=held_fixed,
        warnings=tuple(hinge_text(model, h) for h in held_hinges),
        labels=tuple(parameter_label(model, n) for n in order),
        hinges=held_hinges,
    )


def _fixed_names(model: Model, fixed: Sequence[str], from_scenario: bool) -> dict[str, str]:
    """Names held fixed — the scenario's ``uncertainty.fixed`` list and
    ``fixed`` given in code (which also overrides a scenario distribution) —
    each checked to be a parameter of ``model``, with where it was declared."""
    names: list[tuple[str, str, str]] = []
    block = model.scenario.uncertainty.get("fixed", []) if from_scenario else []
    names += [(str(n), f"uncertainty.fixed[{i}]", SOURCE_SCENARIO) for i, n in enumerate(block)]
    names += [(str(n), f"fixed[{i}]", SOURCE_CODE) for i, n in enumerate(fixed)]
    for name, where, _ in names:
        try:
            model.index_of(name)
        except ParameterError as exc:
            raise ParameterError(f"{where}: {exc}") from None
    return {n: src for n, _, src in names}
