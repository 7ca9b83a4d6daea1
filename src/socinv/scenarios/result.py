"""One labelled result: every krona of an evaluation, by named dimension.

An evaluation of a compiled :class:`~socinv.scenarios.compile.Model` at a
batch of parameter vectors ``theta`` is one :class:`Result`. Read as a cube
it has the named dimensions :data:`CUBE_DIMS`::

    draw x arm x component x payer x agency x year

(undiscounted SEK in the scenario's price year, the whole cohort; costs are
positive, a payer's income negative). ``arm`` is ``status_quo`` or
``intervention``; ``component`` is ``episode`` (the life course) or
``intervention_cost`` (the investment); the agency of each payer's share is
the one fixed when the model was compiled
(:mod:`socinv.scenarios.attribution`). Discount factors ``(draw, year)``
come with it.

Every table is a *named reduction* of this one result — :meth:`Result.total`
selects labels and sums the dimensions it is not asked to keep — so no
analysis indexes the arrays by position: the metrics (NPV, ROI, BCR,
break-even), :meth:`Comparison.yearly`, :meth:`Comparison.streams`, a fund's
outlays and savings by agency and a contract's savings outcomes.

The dimensions are data (:attr:`Result.dims` and :meth:`Result.coords`), not
positions, so more of them (cohort, calendar year) can be added without
changing the reductions that do not use them.

Internally the result keeps each model row's yearly cost and each payer's
share of it; the cells of a reduction are summed from those, so a reduction
never holds more than the cells it keeps (a Monte Carlo batch is not
expanded by agency unless asked).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from socinv.errors import ParameterError
from socinv.payers import PAYERS
from socinv.scenarios.compile import ARM_OF_GROUP, COMPONENT_OF_GROUP, ROW_GROUPS, Model
from socinv.scenarios.metrics import Metrics, compute_metrics

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: The named dimensions of the result cube, in order.
CUBE_DIMS: tuple[str, ...] = ("draw", "arm", "component", "payer", "agency", "year")
#: Labels of the ``arm`` dimension.
ARMS: tuple[str, ...] = ("status_quo", "intervention")
#: Labels of the ``component`` dimension.
COMPONENTS: tuple[str, ...] = ("episode", "intervention_cost")
#: Dimensions that label the money lines (the others come from the arrays).
LINE_DIMS: tuple[str, ...] = ("arm", "component", "payer", "agency")


@dataclass(frozen=True)
class Lines:
    """The (row, payer) pairs that can carry money, with the code of each of
    their labels (index into :meth:`Result.coords` of that dimension)."""

    row: IntArray
    payer: IntArray
    codes: Mapping[str, IntArray]  # dim -> code of each line


@dataclass(frozen=True, eq=False)
class Result:
    """The evaluation of ``model`` at ``theta`` ``(draws, n_params)``.

    ``row_cost[draw, row, year]`` is each model row's undiscounted cost before
    the payer split, ``shares[draw, row, payer]`` each payer's share of it
    (production rows: the tax wedge; transfers: -1 for the individual) and
    ``factors[draw, year]`` the discount factors.
    """

    model: Model
    theta: FloatArray
    row_cost: FloatArray
    shares: FloatArray
    factors: FloatArray

    @property
    def dims(self) -> tuple[str, ...]:
        """The cube's dimension names, in order."""
        return CUBE_DIMS

    @property
    def n(self) -> int:
        return int(self.theta.shape[0])

    def coords(self) -> dict[str, tuple[Any, ...]]:
        """Labels of every dimension (``year``: calendar years)."""
        return {
            "draw": tuple(range(self.n)),
            "arm": ARMS,
            "component": COMPONENTS,
            "payer": tuple(p.value for p in PAYERS),
            "agency": self.model.agencies,
            "year": tuple(int(y) for y in self.model.years),
        }

    @cached_property
    def lines(self) -> Lines:
        """Every (row, payer) pair that has an agency, in row then payer order."""
        m = self.model
        e_idx, p_idx = np.nonzero(m.row_agency >= 0)
        groups = m.row_group[e_idx]
        arm_of = np.array([ARMS.index(a) for a in ARM_OF_GROUP], dtype=np.int64)
        comp_of = np.array([COMPONENTS.index(c) for c in COMPONENT_OF_GROUP], dtype=np.int64)
        codes = {
            "arm": arm_of[groups],
            "component": comp_of[groups],
            "payer": p_idx.astype(np.int64),
            "agency": m.row_agency[e_idx, p_idx].astype(np.int64),
        }
        return Lines(e_idx.astype(np.int64), p_idx.astype(np.int64), codes)

    def _select(self, where: Mapping[str, str | Sequence[str]] | None) -> npt.NDArray[np.bool_]:
        lines = self.lines
        keep = np.ones(len(lines.row), dtype=bool)
        coords = self.coords()
        for dim, labels in (where or {}).items():
            if dim not in LINE_DIMS:
                raise ParameterError(
                    f"cannot select on {dim!r}; selectable: {', '.join(LINE_DIMS)}"
                )
            wanted = [labels] if isinstance(labels, str) else list(labels)
            unknown = [w for w in wanted if w not in coords[dim]]
            if unknown:
                raise ParameterError(f"{dim} has no label {unknown[0]!r}; labels: {coords[dim]}")
            codes = [coords[dim].index(w) for w in wanted]
            keep &= np.isin(lines.codes[dim], codes)
        return keep

    def total(
        self,
        keep: Sequence[str] = (),
        *,
        where: Mapping[str, str | Sequence[str]] | None = None,
        discounted: bool = False,
        sign: Mapping[str, Mapping[str, float]] | None = None,
    ) -> FloatArray:
        """The named reduction: SEK summed over every dimension not in
        ``keep``, over the lines whose labels are in ``where``.

        The result has the dimensions ``("draw", *keep_lines, "year")`` where
        ``keep_lines`` are the line dimensions of ``keep`` in :data:`CUBE_DIMS`
        order (``draw`` and ``year`` are always kept; sum ``year`` yourself).
        ``sign`` weighs labels, e.g. ``{"arm": {"status_quo": 1, "intervention":
        -1}}`` gives savings. ``discounted`` multiplies by the discount factors:
        the scenario's convention for episodes, each intervention cost's own
        timing for its cost (:meth:`by_timing`).
        """
        if discounted and self.model.mixed_timing:
            split = self.by_timing(keep, where=where, sign=sign)
            f = self.timing_factors
            f = f.reshape(f.shape[0], f.shape[1], *(1,) * (split.ndim - 3), f.shape[2])
            return np.asarray((split * f).sum(axis=1), dtype=float)
        return self._reduce(keep, where, sign, discounted, by_timing=False)

    def by_timing(
        self,
        keep: Sequence[str] = (),
        *,
        where: Mapping[str, str | Sequence[str]] | None = None,
        sign: Mapping[str, Mapping[str, float]] | None = None,
    ) -> FloatArray:
        """:meth:`total` undiscounted and split by when in the year the money
        is paid: dimensions ``(draw, timing, *keep_lines, year)``, timing
        ``k`` discounted by :attr:`timing_factors` ``[:, k]`` (timing 0: the
        scenario's convention; :attr:`Model.timing_tau0`)."""
        return self._reduce(keep, where, sign, False, by_timing=True)

    @cached_property
    def timing_factors(self) -> FloatArray:
        """Discount factors ``(draw, timing, year)`` (:meth:`Model.timing_factors`)."""
        return self.model.timing_factors(self.theta)

    def _reduce(
        self,
        keep: Sequence[str],
        where: Mapping[str, str | Sequence[str]] | None,
        sign: Mapping[str, Mapping[str, float]] | None,
        discounted: bool,
        *,
        by_timing: bool,
    ) -> FloatArray:
        bad = [k for k in keep if k not in CUBE_DIMS]
        if bad:
            raise ParameterError(
                f"unknown dimension {bad[0]!r}; dimensions: {', '.join(CUBE_DIMS)}"
            )
        kept = [d for d in LINE_DIMS if d in keep]
        coords = self.coords()
        sel = self._select(where)
        lines = self.lines
        rows, pays = lines.row[sel], lines.payer[sel]
        weight = np.ones(len(rows))
        for dim, by_label in (sign or {}).items():
            codes = lines.codes[dim][sel]
            w = np.array([float(by_label.get(lab, 0.0)) for lab in coords[dim]])
            weight = weight * w[codes]
        sizes = [len(coords[d]) for d in kept]
        cell = (
            np.ravel_multi_index(tuple(lines.codes[d][sel] for d in kept), sizes)
            if kept
            else np.zeros(len(rows), dtype=np.int64)
        )
        n_cells = int(np.prod(sizes)) if kept else 1
        if by_timing:  # the timing of the row is the slowest part of the cell
            n_timings = len(self.model.timing_tau0)
            cell = self.model.row_timing[rows] * n_cells + cell
            n_cells *= n_timings
            sizes = [n_timings, *sizes]
        n, n_rows, n_years = self.row_cost.shape
        # w[draw, row, cell]: the shares of the row that fall in the cell
        w3t = np.zeros((n_rows, n_cells, n))
        np.add.at(w3t, (rows, cell), (self.shares[:, rows, pays] * weight[None, :]).T)
        w3 = w3t.transpose(2, 0, 1)
        used = np.flatnonzero(np.any(w3 != 0, axis=(0, 2)))
        out = np.einsum("nec,net->nct", w3[:, used, :], self.row_cost[:, used, :], optimize=True)
        if discounted:
            out = out * self.factors[:, None, :]
        return np.asarray(out.reshape(n, *sizes, n_years), dtype=float)

    def per_person(
        self, keep: Sequence[str] = (), *, discounted: bool = False, **kw: Any
    ) -> FloatArray:
        """:meth:`total` per person who starts (divided by the cohort size;
        :func:`socinv.population.per_person`)."""
        from socinv.population.views import per_person

        return per_person(self, keep, discounted=discounted, **kw)

    def by_calendar_year(
        self, keep: Sequence[str] = (), *, discounted: bool = False, **kw: Any
    ) -> FloatArray:
        """:meth:`total` over every cohort of a population's inflow, by
        calendar year (:func:`socinv.population.by_calendar_year`)."""
        from socinv.population.views import by_calendar_year

        return by_calendar_year(self, keep, discounted=discounted, **kw)

    def cube(self, *, discounted: bool = False) -> FloatArray:
        """The full cube, dimensions :data:`CUBE_DIMS` (SEK)."""
        return self.total(CUBE_DIMS, discounted=discounted)

    def to_xarray(self, *, discounted: bool = False) -> xr.DataArray:
        """The cube as an :class:`xarray.DataArray` with named dimensions and
        labels (``year`` carries ``t`` and ``age`` as extra coordinates)."""
        import xarray as xr

        coords: dict[str, Any] = {k: list(v) for k, v in self.coords().items()}
        coords["t"] = ("year", np.arange(self.model.n_years))
        coords["age"] = ("year", self.model.ages)
        return xr.DataArray(
            self.cube(discounted=discounted),
            dims=CUBE_DIMS,
            coords=coords,
            name="cost_disc_sek" if discounted else "cost_sek",
            attrs={"units": "SEK", "price_year": self.model.price_year},
        )

    # --- named reductions ----------------------------------------------------------
    def by_row_group(self) -> FloatArray:
        """Undiscounted SEK ``(draw, row group, payer, year)`` in the compiled
        model's row-group order (:data:`ROW_GROUPS`), summed over agencies, as
        a reduction of the lines."""
        by = self.total(("arm", "component", "payer"))  # (n, arm, component, payer, year)
        return np.stack(
            [
                by[:, ARMS.index(a), COMPONENTS.index(c)]
                for a, c in zip(ARM_OF_GROUP, COMPONENT_OF_GROUP, strict=True)
            ],
            axis=1,
        )

    @cached_property
    def _group_costs(self) -> FloatArray:
        return self.model.group_costs(self.theta)

    def group_costs(self) -> FloatArray:
        """The same reduction as :meth:`by_row_group`, computed by the model's
        fast kernel (:meth:`Model.group_costs`, matrix products that never
        expand by agency). Every analysis — deterministic, Monte Carlo,
        one-way, Sobol — reduces through this kernel, so a draw gives the same
        bits whichever analysis evaluates it; the two agree to rounding
        (tested)."""
        return self._group_costs

    @cached_property
    def metrics(self) -> Metrics:
        """NPV, ROI, BCR, break-even, ... per draw and perspective."""
        from socinv.scenarios.kernel import flow_scale, net_flows, payer_amounts

        b = payer_amounts(self.model, self.theta)
        flows = net_flows(self.model, self.theta, b)
        return compute_metrics(
            self.group_costs(),
            self.factors,
            net=flows.net,
            net_disc=flows.net_disc,
            cost_disc=flows.cost_disc,
            scale=flow_scale(self.model, b),
        )

    def savings(
        self,
        *,
        keep: Sequence[str] = (),
        where: Mapping[str, str | Sequence[str]] | None = None,
        discounted: bool = False,
    ) -> FloatArray:
        """Gross savings: status-quo minus intervention-arm episode costs (SEK,
        before the intervention's own cost), dimensions ``(draw, *keep, year)``."""
        sel = {**(where or {}), "component": "episode"}
        return self.total(
            keep,
            where=sel,
            discounted=discounted,
            sign={"arm": {"status_quo": 1.0, "intervention": -1.0}},
        )

    def savings_by_agency(self) -> pd.DataFrame:
        """Gross savings per payer, agency and calendar year: ``payer, agency,
        year, savings_sek, savings_disc_sek`` (first draw; cells with no
        cost in either arm are left out)."""
        import pandas as pd

        und = self.savings(keep=("payer", "agency"))[0]  # (payer, agency, year)
        disc = und * self.factors[0][None, None, :]
        lines = self.lines
        ep = lines.codes["component"] == COMPONENTS.index("episode")
        ep &= self.shares[0, lines.row, lines.payer] != 0
        c = self.coords()
        pairs = sorted(
            {
                (c["payer"][p], c["agency"][a], p, a)
                for p, a in zip(lines.codes["payer"][ep], lines.codes["agency"][ep], strict=True)
            }
        )
        T = self.model.n_years
        p_i = np.repeat(np.array([x[2] for x in pairs], dtype=np.int64), T)
        a_i = np.repeat(np.array([x[3] for x in pairs], dtype=np.int64), T)
        y_i = np.tile(np.arange(T), len(pairs))
        return pd.DataFrame(
            {
                "payer": np.array(c["payer"], dtype=object)[p_i],
                "agency": np.array(c["agency"], dtype=object)[a_i],
                "year": self.model.years[y_i],
                "savings_sek": und[p_i, a_i, y_i],
                "savings_disc_sek": disc[p_i, a_i, y_i],
            }
        )

    def investment(self, *, keep: Sequence[str] = (), discounted: bool = False) -> FloatArray:
        """The intervention's own cost (SEK), dimensions ``(draw, *keep, year)``."""
        return self.total(keep, where={"component": "intervention_cost"}, discounted=discounted)

    def streams(self, *, attributed: bool = False) -> pd.DataFrame:
        """Tidy cost streams of the first draw: one row per arm, component,
        episode, payer, item and year with undiscounted and discounted SEK.
        Payer/item pairs with a zero share are left out. ``agency`` is the
        catalogue row's label or, with ``attributed``, the agency that bears
        the payer's share (the catalogue label then in ``item_agency``)."""
        import pandas as pd

        m = self.model
        cost, shares = self.row_cost[0], self.shares[0]
        lines = self.lines
        nz = shares[lines.row, lines.payer] != 0
        e_idx, p_idx = lines.row[nz], lines.payer[nz]
        d = self.timing_factors[0][m.row_timing[e_idx]]  # (lines, T): each row's timing
        T = m.n_years
        values = cost[e_idx] * shares[e_idx, p_idx][:, None]
        items = {it.id: it for it in m.items}
        item_ids = np.array([m.rows[e].item for e in e_idx], dtype=object)
        c = self.coords()

        def label(dim: str) -> npt.NDArray[np.object_]:
            out: npt.NDArray[np.object_] = np.array(c[dim], dtype=object)[lines.codes[dim][nz]]
            return out

        item_agency = np.array([items[i].agency for i in item_ids], dtype=object)
        rep = np.repeat
        data: dict[str, Any] = {
            "scenario": m.scenario.name,
            "arm": rep(label("arm"), T),
            "component": rep(label("component"), T),
            "episode": rep(np.array([m.rows[e].episode for e in e_idx], dtype=object), T),
            "payer": rep(label("payer"), T),
            "kind": rep(np.array([items[i].kind.value for i in item_ids], dtype=object), T),
            "item": rep(item_ids, T),
            "name_sv": rep(np.array([items[i].name_sv for i in item_ids], dtype=object), T),
            "sector": rep(np.array([items[i].sector for i in item_ids], dtype=object), T),
            "agency": rep(label("agency") if attributed else item_agency, T),
            "t": np.tile(np.arange(T), len(e_idx)),
            "year": np.tile(m.years, len(e_idx)),
            "age": np.tile(m.ages, len(e_idx)),
            "cost_sek": values.reshape(-1),
            "cost_disc_sek": (values * d).reshape(-1),
        }
        df = pd.DataFrame(data)
        df["price_year"] = m.price_year
        if attributed:
            df["item_agency"] = rep(item_agency, T)
        return df


def evaluate_result(model: Model, theta: FloatArray) -> Result:
    """The labelled result of ``model`` at each row of ``theta`` (one call of
    the cost formula, :meth:`Model.row_costs`)."""
    cost, shares = model.row_costs(theta)
    return Result(model, theta, cost, shares, model.discount_factors(theta))


__all__ = [
    "ARMS",
    "COMPONENTS",
    "CUBE_DIMS",
    "LINE_DIMS",
    "ROW_GROUPS",
    "Lines",
    "Result",
    "evaluate_result",
]
