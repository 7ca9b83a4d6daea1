"""The compiled model: a scenario as dense arrays and the one cost formula.

Built by :func:`socinv.scenarios.compile.compile_scenario` (see that module
for the formula); every analysis evaluates it with a batch of parameter
vectors ``theta`` of shape ``(n, n_params)``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from socinv.discounting import Convention, discount_factors
from socinv.errors import ParameterError
from socinv.payers import PAYER_INDEX, PAYERS, Payer
from socinv.scenarios.models import Scenario
from socinv.unitcosts.catalogue import Catalogue, UnitCost

if TYPE_CHECKING:
    from socinv.population.weights import CompiledPopulation

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Row groups (axis ``group`` of :meth:`Model.group_costs`; not the case
#: groups of :data:`socinv.cases.GROUPS`).
ROW_GROUPS: tuple[str, ...] = ("status_quo", "intervention_episodes", "intervention_cost")
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
        row_agency: IntArray | None = None,
        agencies: tuple[str, ...] = (),
        population: CompiledPopulation | None = None,
        row_factors: IntArray | None = None,
        row_timing: IntArray | None = None,
        timings: tuple[Convention, ...] | None = None,
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
        #: ``row_factors[row, k]``: further parameters multiplied into the row's
        #: amount (the justice-chain probabilities and days of an offence);
        #: padded with the constant-1 column ``n_params``
        self.row_factors = (
            np.zeros((len(rows), 0), dtype=np.int64) if row_factors is None else row_factors
        )
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
        #: ``row_agency[row, payer]``: index in :attr:`agencies` of the agency
        #: that bears that payer's share of the row, -1 where the payer bears none
        #: (fixed at compile time, see :mod:`socinv.scenarios.attribution`)
        self.row_agency = (
            np.full((len(rows), len(PAYERS)), -1, dtype=np.int64)
            if row_agency is None
            else row_agency
        )
        self.agencies = agencies
        #: the compiled ``population:`` block (survival and subgroup weights by
        #: year), ``None`` without one: then no stream is reweighted
        self.population = population
        disc = scenario.discounting
        #: when in the year each timing's costs are paid; timing 0 is the
        #: scenario's convention (:mod:`socinv.discounting`)
        self.timings = (disc.convention,) if timings is None else timings
        #: ``tau0`` of each timing (years from the base to model year 0's payment)
        self.timing_tau0 = tuple(disc.time_offset(scenario.start_year, t) for t in self.timings)
        #: the timing of each row (index into :attr:`timings`): 0 for every
        #: episode, an intervention cost's own timing for its row
        self.row_timing = np.zeros(len(rows), dtype=np.int64) if row_timing is None else row_timing
        self.base_theta = np.array([s.base for s in specs], dtype=float)
        self._lower = np.array([s.lower for s in specs], dtype=float)
        self._upper = np.array([s.upper for s in specs], dtype=float)
        self.row_group = np.array([r.group for r in rows], dtype=np.int64)
        eff_rows = sorted({t.row for t in effects})
        self.effect_rows = np.array(eff_rows, dtype=np.int64)
        per_row = [t.row for t in effects]
        self._multi_effect_rows = frozenset(r for r in per_row if per_row.count(r) > 1)
        # block mask (rows, groups x years): row e's mask in its group's block
        n_groups = len(ROW_GROUPS)
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
        ``overrides`` (name -> scalar or array of length n) put in.

        Example:
            >>> import socinv
            >>> model = socinv.load_model("data/scenarios/foster_care_school_support.yaml")
            >>> theta = model.theta({"discount.rate": [0.02, 0.035, 0.05]})
            >>> theta.shape == (3, len(model.param_names))
            True
            >>> theta[:, model.index_of("discount.rate")].tolist()
            [0.02, 0.035, 0.05]
        """
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
        if self.row_factors.shape[1]:
            a = a * ext[:, self.row_factors].prod(axis=2)
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

    def _row_probability(self, theta: FloatArray, row: int) -> FloatArray:
        """``(n,)``: the row's probability parameter (1 for a row without one)."""
        j = int(self.row_p[row])
        out: FloatArray = theta[:, j] if j < theta.shape[1] else np.ones(theta.shape[0])
        return out

    def _check_effect(self, theta: FloatArray, term: EffectTerm) -> None:
        """An effect may raise a risk (relative risk > 1), but not above certainty."""
        rr = theta[:, term.rr]
        p = self._row_probability(theta, term.row)
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
            p = self._row_probability(theta, row)[:, None] * mult * self.mask[row][None, :]
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
        yw = self.year_weight(theta)
        if yw is not None:
            w *= yw[:, None, :]
        return a[:, :, None] * w, shares

    def year_weight(self, theta: FloatArray) -> FloatArray | None:
        """``(n, n_years)``: the population's survivors per starting person by
        model year (:mod:`socinv.population.weights`); ``None`` without a
        population block (no reweighting at all)."""
        return None if self.population is None else self.population.year_weight(theta)

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
        G, T = len(ROW_GROUPS), self.n_years
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
        yw = self.year_weight(theta)
        if yw is not None:
            out *= yw[:, None, None, :]
        return np.ascontiguousarray(out.transpose(0, 2, 1, 3))

    def discount_factors(self, theta: FloatArray) -> FloatArray:
        """Discount factors ``(n, n_years)`` from the rate parameters in
        ``theta``, at the scenario's convention (every episode's timing)."""
        return discount_factors(theta[:, self.rate_idx], self.rate_starts, self.n_years, self.tau0)

    @property
    def mixed_timing(self) -> bool:
        """Some rows are paid at another time of year than the scenario's
        convention (intervention costs paid at the start of the year)."""
        return bool(np.any(self.row_timing != 0))

    def timing_factors(self, theta: FloatArray, n_years: int | None = None) -> FloatArray:
        """Discount factors ``(n, timings, years)``: row ``k`` for the rows
        of timing ``k`` (:attr:`row_timing`), timing 0 the scenario's
        convention; ``n_years`` continues them past the horizon."""
        return discount_factors(
            theta[:, self.rate_idx],
            self.rate_starts,
            self.n_years if n_years is None else n_years,
            np.asarray(self.timing_tau0, dtype=float),
        )
