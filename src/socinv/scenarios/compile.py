"""Compile a scenario into dense arrays once; evaluate many parameter sets fast.

A compiled :class:`Model` holds one *row* per cost line — each status-quo
episode, each intervention-arm episode and each intervention cost — and one
flat vector ``theta`` of named parameters (unit costs, quantities,
probabilities, effect sizes, discount rates, tax-wedge shares, cohort size).

The one cost formula of socinv, for row ``e``, payer ``p`` and year ``t``::

    cost[e, p, t] = a[e] * S[e, p] * W[e, t]
    a[e]    = unit_cost[item(e)] * quantity[e] * probability[e] * cohort_size
    S[e, p] = payer share (resource: the split; transfer: the split and -1
              for the individual; production: the tax wedge)
    W[e, t] = 1 inside the row's ages, times the effect multipliers

Every analysis (deterministic run, tornado, threshold, Monte Carlo, Sobol)
calls :meth:`Model.group_costs` or :meth:`Model.row_costs` with a batch of
parameter vectors ``theta`` of shape ``(n, n_params)``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from socinv.discounting import discount_factors
from socinv.errors import ParameterError, PriceYearError, ScenarioError
from socinv.fiscal import default_tax_wedge
from socinv.limits import AMOUNT, COHORT, FACTOR, QUANTITY, RATE, UNIT_COST
from socinv.payers import PAYER_INDEX, PAYERS, CostKind, Payer
from socinv.scenarios.models import Episode, Scenario
from socinv.unitcosts.catalogue import Catalogue, UnitCost, load_catalogue, payer_shares_vector

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Row groups (axis ``group`` of :meth:`Model.group_costs`).
GROUPS: tuple[str, ...] = ("status_quo", "intervention_episodes", "intervention_cost")
G_SQ, G_INT, G_COST = 0, 1, 2
ARM_OF_GROUP = ("status_quo", "intervention", "intervention")
COMPONENT_OF_GROUP = ("episode", "episode", "intervention_cost")


@dataclass(frozen=True)
class ParameterSpec:
    """A named scalar input of a compiled scenario with its base value and the
    range it may take (values outside raise :class:`ParameterError`)."""

    name: str
    base: float
    lower: float
    upper: float
    unit: str
    description: str


@dataclass(frozen=True)
class Row:
    """Metadata of one cost line."""

    group: int
    episode: str
    item: str
    from_age: int
    to_age: int


@dataclass(frozen=True)
class EffectTerm:
    """An effect bound to a row: multiplier ``1 - (1 - rr*qf)(1 - d)^since``
    in the years of ``mask``."""

    row: int
    rr: int
    qf: int
    dropoff: int
    mask: FloatArray
    since: FloatArray


@dataclass
class _Builder:
    specs: list[ParameterSpec] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, base: float, lower: float, upper: float, unit: str, desc: str) -> int:
        if name in self.index:
            return self.index[name]
        self.index[name] = len(self.specs)
        self.specs.append(ParameterSpec(name, float(base), lower, upper, unit, desc))
        return self.index[name]


class Model:
    """A scenario compiled to arrays. Build with :func:`compile_scenario`."""

    def __init__(
        self,
        scenario: Scenario,
        catalogue: Catalogue,
        items: tuple[UnitCost, ...],
        specs: tuple[ParameterSpec, ...],
        rows: tuple[Row, ...],
        row_item: IntArray,
        row_q: IntArray,
        row_p: IntArray,
        mask: FloatArray,
        effects: tuple[EffectTerm, ...],
        item_param: IntArray,
        share_base: FloatArray,
        is_production: npt.NDArray[np.bool_],
        wedge_idx: IntArray,
        rate_idx: IntArray,
        rate_starts: tuple[int, ...],
        tau0: float,
        cohort_idx: int,
    ) -> None:
        self.scenario = scenario
        self.catalogue = catalogue
        self.items = items
        self.params = specs
        self.param_index = {s.name: i for i, s in enumerate(specs)}
        self.rows = rows
        self.row_item = row_item
        self.row_q = row_q
        self.row_p = row_p
        self.mask = mask
        self.effects = effects
        self.item_param = item_param
        self.share_base = share_base
        self.is_production = is_production
        self.wedge_idx = wedge_idx
        self.rate_idx = rate_idx
        self.rate_starts = rate_starts
        self.tau0 = tau0
        self.cohort_idx = cohort_idx
        self.base_theta = np.array([s.base for s in specs], dtype=float)
        self._lower = np.array([s.lower for s in specs], dtype=float)
        self._upper = np.array([s.upper for s in specs], dtype=float)
        self.row_group = np.array([r.group for r in rows], dtype=np.int64)
        eff_rows = sorted({t.row for t in effects})
        self.effect_rows = np.array(eff_rows, dtype=np.int64)
        per_row = [t.row for t in effects]
        self._multi_effect_rows = frozenset(r for r in per_row if per_row.count(r) > 1)
        # block mask (rows, groups x years): row e's mask in its group's block
        n_groups = len(GROUPS)
        self._block_mask = np.zeros((len(rows), n_groups * self.n_years))
        for e, g in enumerate(self.row_group):
            self._block_mask[e, g * self.n_years : (g + 1) * self.n_years] = mask[e]

    # --- shape ----------------------------------------------------------------
    @property
    def n_years(self) -> int:
        return self.scenario.horizon_years

    @property
    def ages(self) -> IntArray:
        return np.arange(self.n_years, dtype=np.int64) + self.scenario.start_age

    @property
    def years(self) -> IntArray:
        return np.arange(self.n_years, dtype=np.int64) + self.scenario.start_year

    @property
    def price_year(self) -> int:
        return self.scenario.price_year

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.params)

    # --- parameters -----------------------------------------------------------
    def theta(
        self, overrides: Mapping[str, npt.ArrayLike] | None = None, n: int | None = None
    ) -> FloatArray:
        """A batch of parameter vectors ``(n, n_params)``: the base values with
        ``overrides`` (name -> scalar or array of length n) put in."""
        overrides = dict(overrides or {})
        for name, value in overrides.items():
            if np.ndim(value) > 1:
                raise ParameterError(
                    f"override of {name!r} must be a number or a 1-D array (one value per "
                    f"draw), got shape {np.shape(value)}"
                )
            try:
                np.asarray(value, dtype=float)
            except (TypeError, ValueError):
                raise ParameterError(
                    f"override of {name!r} must be numeric, got {value!r}"
                ) from None
        sizes = {np.size(v) for v in overrides.values() if np.ndim(v) > 0}
        if n is None:
            n = max(sizes, default=1)
        bad = [s for s in sizes if s not in (1, n)]
        if bad:
            raise ParameterError(
                f"override arrays must have length {n}, got lengths {sorted(sizes)}"
            )
        theta = np.tile(self.base_theta, (n, 1))
        for name, value in overrides.items():
            theta[:, self.index_of(name)] = np.asarray(value, dtype=float).reshape(-1)
        return theta

    def with_base(self, overrides: Mapping[str, float] | None) -> Model:
        """This model with other base values (parameter name -> value), sharing
        the compiled arrays: tools that start from the base values (break-even,
        threshold, one-way) then work around them. No recompilation."""
        if not overrides:
            return self
        theta = self.theta(overrides, n=1)
        self.check_theta(theta)
        out = copy.copy(self)
        out.base_theta = theta[0].copy()
        out.params = tuple(
            replace(spec, base=float(v)) for spec, v in zip(self.params, theta[0], strict=True)
        )
        return out

    def index_of(self, name: str) -> int:
        """Column of parameter ``name`` in ``theta``."""
        try:
            return self.param_index[name]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(name, self.param_index, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ParameterError(
                f"scenario {self.scenario.name!r} has no parameter {name!r}{hint} "
                "(list them with `socinv params SCENARIO`)"
            ) from None

    def check_theta(self, theta: FloatArray) -> None:
        """Raise :class:`ParameterError` naming the first parameter outside its range."""
        if theta.ndim != 2 or theta.shape[1] != len(self.params):
            raise ParameterError(
                f"theta must have shape (n, {len(self.params)}), got {theta.shape}"
            )
        bad = ~np.isfinite(theta) | (theta < self._lower) | (theta > self._upper)
        if bad.any():
            draw, col = map(int, np.argwhere(bad)[0])
            s = self.params[col]
            raise ParameterError(
                f"parameter {s.name!r} = {float(theta[draw, col])!r} (draw {draw}) is outside its "
                f"allowed range [{s.lower}, {s.upper}] ({s.description})"
            )
        wedge = theta[:, self.wedge_idx].sum(axis=1)
        if (wedge > 1 + 1e-12).any():
            draw = int(np.argmax(wedge))
            raise ParameterError(f"tax_wedge shares sum to {wedge[draw]:.4f} > 1 (draw {draw})")

    # --- the cost formula -----------------------------------------------------
    def row_amounts(self, theta: FloatArray) -> tuple[FloatArray, FloatArray]:
        """``a[n, row]`` (SEK a year inside the row's ages, whole cohort) and
        ``S[n, row, payer]`` (payer shares), from parameters ``theta``."""
        self.check_theta(theta)
        ext = np.concatenate([theta, np.ones((theta.shape[0], 1))], axis=1)  # last col = 1
        unit_cost = ext[:, self.item_param]  # (n, K)
        a = (
            unit_cost[:, self.row_item]
            * ext[:, self.row_q]
            * ext[:, self.row_p]
            * theta[:, [self.cohort_idx]]
        )
        shares = np.broadcast_to(self.share_base, (theta.shape[0], *self.share_base.shape)).copy()
        if self.is_production.any():
            w = theta[:, self.wedge_idx]  # (n, 3): municipality, region, state
            wedge = np.zeros((theta.shape[0], len(PAYERS)))
            wedge[:, PAYER_INDEX[Payer.MUNICIPALITY]] = w[:, 0]
            wedge[:, PAYER_INDEX[Payer.REGION]] = w[:, 1]
            wedge[:, PAYER_INDEX[Payer.STATE]] = w[:, 2]
            wedge[:, PAYER_INDEX[Payer.INDIVIDUAL]] = 1.0 - w.sum(axis=1)
            shares[:, self.is_production, :] = wedge[:, None, :]
        return a, shares[:, self.row_item, :]

    def _check_effect(self, theta: FloatArray, term: EffectTerm) -> None:
        """An effect may raise a risk (relative risk > 1), but not above certainty."""
        rr = theta[:, term.rr]
        p = theta[:, self.row_p[term.row]]
        risk = p * rr
        if np.any(risk > 1 + 1e-12):
            draw = int(np.argmax(risk))
            raise ParameterError(
                f"effect on {self.rows[term.row].episode!r}: probability x relative_risk = "
                f"{float(risk[draw]):.4f} > 1 (draw {draw})"
            )

    def effect_weights(self, theta: FloatArray, rows: IntArray | None = None) -> FloatArray:
        """``W[n, row, t]``: row masks times effect multipliers
        ``1 - (1 - rr*qf)(1 - d)^since`` for ``rows`` (default: every row an
        effect touches, :attr:`effect_rows`)."""
        rows = self.effect_rows if rows is None else rows
        n = theta.shape[0]
        pos = {int(r): i for i, r in enumerate(rows)}
        w = np.broadcast_to(self.mask[rows], (n, len(rows), self.n_years)).copy()
        risk: dict[int, FloatArray] = {}  # stacked rows: probability x risk multipliers
        for term in self.effects:
            if term.row not in pos:
                continue
            self._check_effect(theta, term)
            x = theta[:, term.rr] * theta[:, term.qf]
            d = theta[:, term.dropoff]
            decay = (1.0 - d)[:, None] ** term.since[None, :]
            keep = (1.0 - x)[:, None] * decay
            w[:, pos[term.row], :] *= np.where(term.mask[None, :] > 0, 1.0 - keep, 1.0)
            if term.row in self._multi_effect_rows:
                r = 1.0 - (1.0 - theta[:, term.rr])[:, None] * decay
                f = np.where(term.mask[None, :] > 0, r, 1.0)
                risk[term.row] = risk[term.row] * f if term.row in risk else f
        for row, mult in risk.items():
            # one effect's relative risk is checked above; stacked effects can
            # together push the risk above certainty in the years they overlap
            p = theta[:, [self.row_p[row]]] * mult * self.mask[row][None, :]
            if np.any(p > 1 + 1e-12):
                draw, t = map(int, np.unravel_index(int(np.argmax(p)), p.shape))
                raise ParameterError(
                    f"stacked effects on {self.rows[row].episode!r}: probability x relative "
                    f"risks = {float(p[draw, t]):.4f} > 1 at age {int(self.ages[t])} (draw {draw})"
                )
        return w

    def row_costs(self, theta: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Undiscounted SEK per row and year, ``cost[n, row, t]``, and payer
        shares ``S[n, row, payer]``; payer costs are ``cost * S``."""
        a, shares = self.row_amounts(theta)
        w = np.broadcast_to(self.mask, (theta.shape[0], *self.mask.shape)).copy()
        if len(self.effect_rows):
            w[:, self.effect_rows, :] = self.effect_weights(theta)
        return a[:, :, None] * w, shares

    def group_costs(self, theta: FloatArray) -> FloatArray:
        """Undiscounted SEK per group (status quo, intervention episodes,
        intervention cost), payer and year: ``(n, 3, n_payers, n_years)``.

        The same formula as :meth:`row_costs`, evaluated as matrix products:
        ``b[n, row, payer] = a * S`` times the block mask ``(rows, groups x
        years)``. A row with a single effect whose drop-off is the same in every
        draw has weights linear in ``1 - rr*qf``, so its effect is one more
        matrix product; with a drop-off that varies by draw, a batched product
        with the per-draw decay; rows with stacked effects are evaluated exactly,
        row by year.
        """
        a, shares = self.row_amounts(theta)
        b = a[:, :, None] * shares  # (n, E, P)
        n, n_rows, n_pay = b.shape
        G, T = len(GROUPS), self.n_years
        bt = np.ascontiguousarray(b.transpose(0, 2, 1)).reshape(n * n_pay, n_rows)
        out = (bt @ self._block_mask).reshape(n, n_pay, G, T)
        coefs: list[FloatArray] = []
        shapes: list[FloatArray] = []
        fading: list[EffectTerm] = []
        for term in self.effects:
            if term.row in self._multi_effect_rows:
                continue
            self._check_effect(theta, term)
            d = theta[:, term.dropoff]
            if n and not np.all(d == d[0]):
                fading.append(term)
                continue
            x = theta[:, term.rr] * theta[:, term.qf]
            g = self.row_group[term.row]
            shape = np.zeros(G * T)
            decay = (1.0 - (d[0] if n else 0.0)) ** term.since
            shape[g * T : (g + 1) * T] = self.mask[term.row] * term.mask * decay
            coefs.append((1.0 - x)[:, None] * b[:, term.row, :])  # (n, P)
            shapes.append(shape)
        if coefs:
            c = np.stack(coefs, axis=2).reshape(n * n_pay, len(coefs))  # (n*P, K)
            out -= (c @ np.stack(shapes)).reshape(n, n_pay, G, T)
        if fading:
            # drop-off varying by draw: the effect is (1 - x) b times the per-draw
            # decay (1 - d)^since, one batched product (n, P, K) @ (n, K, T)
            idx = np.array([[t.rr, t.qf, t.dropoff, t.row] for t in fading], dtype=np.int64)
            x = theta[:, idx[:, 0]] * theta[:, idx[:, 1]]  # (n, K)
            # d = 1 (effect gone after its first year): clip so 0 * log(0) is not NaN
            log_q = np.log1p(-np.minimum(theta[:, idx[:, 2]], 1.0 - 2.0**-52))
            since = np.stack([t.since for t in fading])  # (K, T)
            where = np.stack([self.mask[t.row] * t.mask for t in fading])  # (K, T)
            h = np.exp(log_q[:, :, None] * since[None, :, :]) * where[None, :, :]
            c = ((1.0 - x)[:, :, None] * b[:, idx[:, 3], :]).transpose(0, 2, 1)  # (n, P, K)
            for g in range(G):
                sel = self.row_group[idx[:, 3]] == g
                if sel.any():
                    out[:, :, g, :] -= np.matmul(c[:, :, sel], h[:, sel, :])
        if self._multi_effect_rows:
            rows = np.array(sorted(self._multi_effect_rows), dtype=np.int64)
            corr = self.effect_weights(theta, rows) - self.mask[rows][None, :, :]
            for g in range(G):
                sel = self.row_group[rows] == g
                if sel.any():
                    out[:, :, g, :] += np.einsum(
                        "nep,net->npt", b[:, rows[sel], :], corr[:, sel, :], optimize=True
                    )
        return np.ascontiguousarray(out.transpose(0, 2, 1, 3))

    def discount_factors(self, theta: FloatArray) -> FloatArray:
        """Discount factors ``(n, n_years)`` from the rate parameters in ``theta``."""
        return discount_factors(theta[:, self.rate_idx], self.rate_starts, self.n_years, self.tau0)


def compile_scenario(
    scenario: Scenario,
    catalogue: Catalogue | None = None,
    *,
    base_dir: str | Path | None = None,
) -> Model:
    """Validate a scenario against the catalogue and compile it to arrays.

    The catalogue (default: shipped, merged with the scenario's extra CSVs
    resolved against ``base_dir``) is rebased to the scenario's price year.
    Unknown items raise :class:`~socinv.errors.UnknownItemError` naming the
    episode; inconsistencies raise :class:`ScenarioError`.
    """
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    if catalogue is None:
        catalogue = load_catalogue(extra=[base / p for p in scenario.catalogue.extra])
    elif scenario.catalogue.extra:
        from socinv.unitcosts.catalogue import read_unit_costs_csv

        for p in scenario.catalogue.extra:
            catalogue = catalogue.merge(read_unit_costs_csv(base / p))
    source_cat = catalogue
    used: dict[str, UnitCost] = {}

    def get_item(item_id: str, where: str = "") -> UnitCost:
        """The item rebased to the scenario's price year (only items in use are
        rebased, so a catalogue row in a year the CPI lacks matters only if used)."""
        if item_id not in used:
            it = source_cat.get(item_id, where=where)
            try:
                used[item_id] = it.rebased(source_cat.cpi, scenario.price_year)
            except PriceYearError as exc:
                raise PriceYearError(
                    f"{where}: item {item_id!r} ({it.price_year} prices): {exc}"
                ) from None
        return used[item_id]

    T = scenario.horizon_years
    ages = np.arange(T) + scenario.start_age
    b = _Builder()
    item_order: list[str] = []
    synthetic: list[UnitCost] = []

    def item_index(item_id: str, where: str) -> int:
        it = get_item(item_id, where)
        if it.id not in item_order:
            item_order.append(it.id)
            lo = 0.0
            b.add(
                f"unit_cost.{it.id}",
                it.value_sek,
                lo,
                UNIT_COST.hi,
                f"SEK/{it.unit} ({scenario.price_year} prices)",
                f"{it.name_sv}: SEK per {it.unit}",
            )
        return item_order.index(it.id)

    rows: list[Row] = []
    row_item: list[int] = []
    row_q: list[int] = []
    row_p: list[int] = []
    masks: list[FloatArray] = []
    ONE = -1  # placeholder for "constant 1", resolved after all params exist

    def span_mask(lo: int, hi: int) -> FloatArray:
        return ((ages >= lo) & (ages <= hi)).astype(float)

    def add_episode(ep: Episode, arm: str, group: int, where: str) -> int:
        k = item_index(ep.item, f"{where} ({ep.id})")
        q = b.add(
            f"episode.{arm}.{ep.id}.quantity",
            ep.quantity,
            0.0,
            QUANTITY.hi,
            f"{get_item(ep.item).unit} per year",
            f"{ep.id}: quantity per year",
        )
        p = b.add(
            f"episode.{arm}.{ep.id}.probability",
            ep.probability,
            0.0,
            1.0,
            "probability",
            f"{ep.id}: probability",
        )
        rows.append(Row(group, ep.id, ep.item, ep.from_age, ep.to_age))
        row_item.append(k)
        row_q.append(q)
        row_p.append(p)
        masks.append(span_mask(ep.from_age, ep.to_age))
        return len(rows) - 1

    sq_row: dict[str, int] = {}
    for i, ep in enumerate(scenario.status_quo.episodes):
        sq_row[ep.id] = add_episode(ep, "status_quo", G_SQ, f"status_quo.episodes[{i}]")

    iv = scenario.intervention
    effects: list[EffectTerm] = []
    if iv.episodes is not None:
        for i, ep in enumerate(iv.episodes):
            add_episode(ep, "intervention", G_INT, f"intervention.episodes[{i}]")
    else:
        # the intervention arm is the status quo with effects: same parameters
        int_row: dict[str, int] = {}
        for ep in scenario.status_quo.episodes:
            src = sq_row[ep.id]
            rows.append(Row(G_INT, ep.id, ep.item, ep.from_age, ep.to_age))
            row_item.append(row_item[src])
            row_q.append(row_q[src])
            row_p.append(row_p[src])
            masks.append(masks[src].copy())
            int_row[ep.id] = len(rows) - 1
        eps = {e.id: e for e in scenario.status_quo.episodes}
        for f in iv.effects:
            ep = eps[f.episode]
            lo = f.from_age if f.from_age is not None else ep.from_age
            hi = f.to_age if f.to_age is not None else ep.to_age
            rr = b.add(
                f"effect.{f.id}.relative_risk",
                f.relative_risk,
                0.0,
                FACTOR.hi,
                "ratio",
                f"{f.id}: relative risk on {f.episode}",
            )
            qf = b.add(
                f"effect.{f.id}.quantity_factor",
                f.quantity_factor,
                0.0,
                FACTOR.hi,
                "ratio",
                f"{f.id}: quantity factor on {f.episode}",
            )
            d = b.add(
                f"effect.{f.id}.dropoff",
                f.dropoff,
                0.0,
                1.0,
                "share per year",
                f"{f.id}: yearly fading of the effect",
            )
            effects.append(
                EffectTerm(
                    row=int_row[f.episode],
                    rr=rr,
                    qf=qf,
                    dropoff=d,
                    mask=span_mask(lo, hi),
                    since=np.clip(ages - lo, 0, None).astype(float),
                )
            )

    for i, c in enumerate(iv.costs):
        where = f"intervention.costs[{i}] ({c.id})"
        if c.item is not None:
            k = item_index(c.item, where)
            q = b.add(
                f"cost.{c.id}.quantity",
                c.quantity or 0.0,
                0.0,
                QUANTITY.hi,
                f"{get_item(c.item).unit} per year",
                f"{c.id}: quantity per year",
            )
        else:
            assert c.amount_sek is not None and c.price_year is not None and c.payer is not None
            try:
                value = source_cat.cpi.rebase(c.amount_sek, c.price_year, scenario.price_year)
            except PriceYearError as exc:
                raise PriceYearError(f"{where}: {exc}") from None
            syn = UnitCost(
                id=f"intervention_{c.id.lower().replace('-', '_')}",
                name_sv=iv.label or c.id,
                name_en=c.note or c.id,
                value_sek=value,
                unit="år",
                price_year=scenario.price_year,
                payer={c.payer: 1.0},
                kind=CostKind.RESOURCE,
                sector="intervention",
                source=f"scenario {scenario.name}",
                evidence="unspecified",
                note=c.note,
                origin=f"scenario {scenario.name}",
                original_value_sek=c.amount_sek,
                original_price_year=c.price_year,
            )
            if syn.id in source_cat:
                raise ScenarioError(f"{where}: id clashes with catalogue item {syn.id!r}")
            if syn.id in used:
                other = next(
                    o.id
                    for o in iv.costs[:i]
                    if f"intervention_{o.id.lower().replace('-', '_')}" == syn.id
                )
                raise ScenarioError(
                    f"{where}: id {c.id!r} and intervention cost {other!r} both become item "
                    f"{syn.id!r} (ids are compared in lower case with '-' read as '_'); "
                    "rename one of them"
                )
            synthetic.append(syn)
            used[syn.id] = syn
            k = len(item_order)
            item_order.append(syn.id)
            b.add(
                f"cost.{c.id}.amount_sek",
                value,
                0.0,
                AMOUNT.hi,
                f"SEK per person and year ({scenario.price_year} prices)",
                f"{c.id}: yearly cost",
            )
            q = ONE
        rows.append(Row(G_COST, c.id, item_order[k], c.from_age, c.to_age))
        row_item.append(k)
        row_q.append(q)
        row_p.append(ONE)
        masks.append(span_mask(c.from_age, c.to_age))

    wedge = scenario.tax_wedge or default_tax_wedge()
    wedge_idx = [
        b.add(
            f"tax_wedge.{p}",
            getattr(wedge, p),
            0.0,
            1.0,
            "share of production value",
            f"taxes and contributions to the {p}",
        )
        for p in ("municipality", "region", "state")
    ]
    disc = scenario.discounting
    rate_idx = []
    for k, (start, rate) in enumerate(zip(disc.step_starts(), disc.step_rates(), strict=True)):
        name = "discount.rate" if k == 0 else f"discount.rate.{start}"
        rate_idx.append(
            b.add(name, rate, RATE.lo, RATE.hi, "per year", f"real discount rate from year {start}")
        )
    cohort_idx = b.add(
        "cohort.size", scenario.cohort_size, 0.0, COHORT.hi, "persons", "cohort size"
    )

    items = tuple(used[i] for i in item_order)
    cat = Catalogue(items, cpi=source_cat.cpi, price_year=scenario.price_year)
    # unit-cost parameter of each item: catalogue items have unit_cost.<id>,
    # amount-priced intervention costs have cost.<id>.amount_sek
    item_param = []
    for it in items:
        if it in synthetic:
            cid = next(
                c.id for c in iv.costs if f"intervention_{c.id.lower().replace('-', '_')}" == it.id
            )
            item_param.append(b.index[f"cost.{cid}.amount_sek"])
        else:
            item_param.append(b.index[f"unit_cost.{it.id}"])
    n_params = len(b.specs)
    resolve = np.vectorize(lambda i: n_params if i == ONE else i)
    share_base = np.array([payer_shares_vector(it) for it in items], dtype=float).reshape(
        len(items), len(PAYERS)
    )
    is_transfer = np.array([it.kind is CostKind.TRANSFER for it in items], dtype=bool)
    if is_transfer.any():
        share_base[is_transfer, PAYER_INDEX[Payer.INDIVIDUAL]] -= 1.0
    is_production = np.array([it.kind is CostKind.PRODUCTION for it in items], dtype=bool)

    return Model(
        scenario=scenario,
        catalogue=cat,
        items=items,
        specs=tuple(b.specs),
        rows=tuple(rows),
        row_item=np.array(row_item, dtype=np.int64),
        row_q=resolve(np.array(row_q, dtype=np.int64)).astype(np.int64)
        if rows
        else np.zeros(0, np.int64),
        row_p=resolve(np.array(row_p, dtype=np.int64)).astype(np.int64)
        if rows
        else np.zeros(0, np.int64),
        mask=np.array(masks, dtype=float).reshape(len(rows), T),
        effects=tuple(effects),
        item_param=np.array(item_param, dtype=np.int64),
        share_base=share_base,
        is_production=is_production,
        wedge_idx=np.array(wedge_idx, dtype=np.int64),
        rate_idx=np.array(rate_idx, dtype=np.int64),
        rate_starts=disc.step_starts(),
        tau0=disc.time_offset(scenario.start_year),
        cohort_idx=cohort_idx,
    )
