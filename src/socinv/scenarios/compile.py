"""Compile a scenario into dense arrays once; evaluate many parameter sets fast.

A compiled :class:`Model` holds one *row* per cost line — each status-quo
episode, each intervention-arm episode and each intervention cost — and one
flat vector ``theta`` of named parameters (unit costs, quantities,
probabilities, effect sizes, discount rates, tax-wedge shares, cohort size).

The one cost formula of socinv, for row ``e``, payer ``p`` and year ``t``::

    cost[e, p, t] = a[e] * S[e, p] * W[e, t]
    a[e]    = unit_cost[item(e)] * quantity[e] * probability[e] * cohort_size
              (* the row's further factors: the justice-chain probabilities and
              days of an offence, :mod:`socinv.justice.expand`)
    S[e, p] = payer share (resource: the split; transfer: the split and -1
              for the individual; production: the tax wedge)
    W[e, t] = 1 inside the row's ages, times the effect multipliers

Every analysis (deterministic run, tornado, threshold, Monte Carlo, Sobol)
calls :meth:`Model.group_costs` or :meth:`Model.row_costs` with a batch of
parameter vectors ``theta`` of shape ``(n, n_params)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from socinv.discounting import Convention
from socinv.errors import PriceYearError, ScenarioError
from socinv.fiscal import default_tax_wedge
from socinv.limits import AMOUNT, COHORT, FACTOR, QUANTITY, RATE, UNIT_COST
from socinv.payers import PAYER_INDEX, PAYERS, CostKind, Payer
from socinv.readers.paths import confined_file
from socinv.scenarios.attribution import item_agencies
from socinv.scenarios.model import (
    ARM_OF_GROUP,
    COMPONENT_OF_GROUP,
    G_COST,
    G_INT,
    G_SQ,
    ROW_GROUPS,
    EffectTerm,
    Model,
    ParameterSpec,
    Row,
)
from socinv.scenarios.models import Episode, Scenario
from socinv.unitcosts.catalogue import Catalogue, UnitCost, load_catalogue, payer_shares_vector
from socinv.unitcosts.circularity import check_double_counting

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

__all__ = [
    "ARM_OF_GROUP",
    "COMPONENT_OF_GROUP",
    "G_COST",
    "G_INT",
    "G_SQ",
    "ROW_GROUPS",
    "EffectTerm",
    "Model",
    "ParameterSpec",
    "Row",
    "compile_scenario",
]


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


def compile_scenario(
    scenario: Scenario,
    catalogue: Catalogue | None = None,
    *,
    base_dir: str | Path | None = None,
    agency_levels: Mapping[str, Payer] | None = None,
    roots: Sequence[str | Path] = (),
) -> Model:
    """Validate a scenario against the catalogue and compile it to arrays.

    The catalogue (default: shipped, merged with the scenario's extra CSVs
    resolved against ``base_dir``, which they must lie inside, or inside one
    of ``roots``) is rebased to the scenario's price year.
    Unknown items raise :class:`~socinv.errors.UnknownItemError` naming the
    episode; inconsistencies raise :class:`ScenarioError`. Each payer's share
    of each row is attributed to an agency here, once
    (:mod:`socinv.scenarios.attribution`; ``agency_levels`` names local
    committees and their payer).
    """
    if scenario.interventions:
        ids = ", ".join(a.id for a in scenario.interventions)
        raise ScenarioError(
            f"scenario {scenario.name!r} has several interventions ({ids}); compare them with "
            "`socinv run` or socinv.scenarios.alternatives.compare_alternatives, or analyse "
            "one at a time (split_alternatives)"
        )
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    named_extra = f"scenario {scenario.name!r}, catalogue.extra"
    extra = [
        confined_file(ref, base, roots=roots, where=f"{named_extra}[{i}]")
        for i, ref in enumerate(scenario.catalogue.extra)
    ]
    if catalogue is None:
        catalogue = load_catalogue(extra=extra)
    elif extra:
        from socinv.unitcosts.catalogue import read_unit_costs_csv

        for csv in extra:
            catalogue = catalogue.merge(read_unit_costs_csv(csv))
    source_cat = catalogue
    used: dict[str, UnitCost] = {}
    named = f"scenario {scenario.name!r}, "  # errors name the scenario, then the field

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
    # timing of each intervention-cost row, by row (episodes: the scenario's convention)
    cost_timing: dict[int, Convention] = {}
    row_item: list[int] = []
    row_q: list[int] = []
    row_p: list[int] = []
    masks: list[FloatArray] = []
    ONE = -1  # placeholder for "constant 1", resolved after all params exist

    def span_mask(lo: int, hi: int) -> FloatArray:
        return ((ages >= lo) & (ages <= hi)).astype(float)

    event_ids = {e.id for e in scenario.status_quo.events}
    production = {p.id: (i, p) for i, p in enumerate(scenario.status_quo.production)}
    if production:
        from socinv.population.production import TEMPLATE_ITEM, wage_item

        wage = wage_item(get_item(TEMPLATE_ITEM), scenario.price_year)
        used[wage.id] = wage

    def add_episode(ep: Episode, arm: str, group: int, where: str) -> int:
        k = item_index(ep.item, f"{where} ({ep.id})")
        event = arm == "status_quo" and ep.id in event_ids
        prod = production.get(ep.id) if arm == "status_quo" else None
        prefix = f"event.{arm}.{ep.id}" if event else f"episode.{arm}.{ep.id}"
        if prod is not None:
            from socinv.population.production import age_weights, contribution_factor

            prefix = f"production.{ep.id}"
            q = b.add(
                "production.wage_cost_factor",
                contribution_factor(),
                1.0,
                np.inf,
                "factor",
                "1 + employer contributions (share of the gross wage)",
            )
        else:
            q = b.add(
                f"{prefix}.rate" if event else f"{prefix}.quantity",
                ep.quantity,
                0.0,
                QUANTITY.hi,
                "events per year" if event else f"{get_item(ep.item).unit} per year",
                f"{ep.id}: events per year" if event else f"{ep.id}: quantity per year",
            )
        p = b.add(
            f"{prefix}.probability",
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
        if prod is not None:
            i, pl = prod
            masks.append(age_weights(pl, scenario, f"status_quo.production[{i}] ({pl.id})"))
        else:
            masks.append(span_mask(ep.from_age, ep.to_age))
        return len(rows) - 1

    row_fac: dict[int, tuple[int, ...]] = {}  # rows with further factors
    sq_offence: dict[str, list[int]] = {}  # offence id -> its status-quo rows
    sq_row: dict[str, int] = {}
    for i, ep in enumerate(scenario.status_quo.episodes):
        sq_row[ep.id] = add_episode(ep, "status_quo", G_SQ, f"{named}status_quo.episodes[{i}]")
    for i, ev in enumerate(scenario.status_quo.events):
        sq_row[ev.id] = add_episode(
            ev.as_episode(), "status_quo", G_SQ, f"{named}status_quo.events[{i}]"
        )
    for i, pl in enumerate(scenario.status_quo.production):
        where = f"{named}status_quo.production[{i}]"
        sq_row[pl.id] = add_episode(pl.as_episode(), "status_quo", G_SQ, where)
    for i, off in enumerate(scenario.status_quo.offences):
        from socinv.justice.expand import offence_rows

        where = f"{named}status_quo.offences[{i}] ({off.id})"
        for o in offence_rows(off, source_cat, b.add, where, ONE):
            row_item.append(item_index(o.item, where))
            rows.append(Row(G_SQ, o.label, o.item, o.from_age, o.to_age))
            row_q.append(o.q)
            row_p.append(o.p)
            masks.append(span_mask(o.from_age, o.to_age))
            row_fac[len(rows) - 1] = o.factors
            sq_offence.setdefault(off.id, []).append(len(rows) - 1)

    iv = scenario.intervention
    effects: list[EffectTerm] = []
    if iv.episodes is not None:
        for i, ep in enumerate(iv.episodes):
            add_episode(ep, "intervention", G_INT, f"{named}intervention.episodes[{i}]")
    else:
        # the intervention arm is the status quo with effects: same parameters
        int_row: dict[str, int] = {}
        for ep in scenario.status_quo.trajectory:
            src = sq_row[ep.id]
            rows.append(Row(G_INT, ep.id, ep.item, ep.from_age, ep.to_age))
            row_item.append(row_item[src])
            row_q.append(row_q[src])
            row_p.append(row_p[src])
            masks.append(masks[src].copy())
            int_row[ep.id] = len(rows) - 1
        int_offence: dict[str, list[int]] = {}
        for oid, srcs in sq_offence.items():
            for src in srcs:
                r = rows[src]
                rows.append(Row(G_INT, r.episode, r.item, r.from_age, r.to_age))
                row_item.append(row_item[src])
                row_q.append(row_q[src])
                row_p.append(row_p[src])
                masks.append(masks[src].copy())
                row_fac[len(rows) - 1] = row_fac[src]
                int_offence.setdefault(oid, []).append(len(rows) - 1)
        eps = {e.id: e for e in scenario.status_quo.trajectory}
        eps |= scenario.status_quo.offence_spans()
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
            for target in int_offence.get(f.episode) or [int_row[f.episode]]:
                effects.append(
                    EffectTerm(
                        row=target,
                        rr=rr,
                        qf=qf,
                        dropoff=d,
                        mask=span_mask(lo, hi),
                        since=np.clip(ages - lo, 0, None).astype(float),
                    )
                )

    for i, c in enumerate(iv.costs):
        where = f"{named}intervention.costs[{i}] ({c.id})"
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
        cost_timing[len(rows)] = c.paid
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
    population = None
    if scenario.population is not None:
        from socinv.population.weights import compile_population

        population = compile_population(scenario, b.add)
        cohort_idx = b.index["cohort.size"]
    else:
        cohort_idx = b.add(
            "cohort.size", scenario.cohort_size, 0.0, COHORT.hi, "persons", "cohort size"
        )

    items = tuple(used[i] for i in item_order)
    check_double_counting(items, where=f"scenario {scenario.name!r}")
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
    # timing 0 is the scenario's convention; each other timing in use after it
    timings = [disc.convention, *sorted(set(cost_timing.values()) - {disc.convention})]
    row_timing = np.zeros(len(rows), dtype=np.int64)
    for e, conv in cost_timing.items():
        row_timing[e] = timings.index(conv)
    n_params = len(b.specs)
    resolve = np.vectorize(lambda i: n_params if i == ONE else i)
    share_base = np.array([payer_shares_vector(it) for it in items], dtype=float).reshape(
        len(items), len(PAYERS)
    )
    for i, it in enumerate(items):
        if it.kind is CostKind.TRANSFER:  # the receiver gets what the payers pay
            share_base[i, PAYER_INDEX[it.receiver]] -= 1.0
    is_production = np.array([it.kind is CostKind.PRODUCTION for it in items], dtype=bool)
    by_item = {it.id: item_agencies(it, agency_levels) for it in items}
    agencies = tuple(sorted({a for m in by_item.values() for a in m.values()}))
    a_index = {a: i for i, a in enumerate(agencies)}
    row_agency = np.full((len(rows), len(PAYERS)), -1, dtype=np.int64)
    for e, r in enumerate(rows):
        for p, a in by_item[r.item].items():
            row_agency[e, PAYER_INDEX[p]] = a_index[a]

    width = max((len(f) for f in row_fac.values()), default=0)
    factors = np.full((len(rows), width), n_params, dtype=np.int64)
    for e, fs in row_fac.items():
        factors[e, : len(fs)] = fs
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
        row_agency=row_agency,
        agencies=agencies,
        population=population,
        row_factors=factors,
        row_timing=row_timing,
        timings=tuple(timings),
    )
