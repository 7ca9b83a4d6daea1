"""Evaluate an outcome contract: outcomes, payments, the investor's return and
the payer's net position — for the base case or a Monte Carlo batch.

Monte Carlo uses :mod:`socinv.sensitivity` for the scenario parameters: the
distributions are validated and bound by :func:`socinv.sensitivity.uncertainty`
(contract ``parameters`` over the scenario's ``uncertainty:`` block over
catalogue low/high PERTs) and drawn by :func:`socinv.sensitivity.draw_range`,
so for the same seed and distributions the parameter draws are those of
``socinv mc``, whatever the batching. Each batch of :data:`BATCH_DRAWS` draws
is one ``theta`` evaluated into the scenario's labelled result
(:func:`socinv.scenarios.evaluate_result`); savings outcomes are its named
reductions. There is no per-draw loop or recompilation. The
contract's own random inputs (direct outcomes in list order, then delivery of
each ``fixed_share_on_delivery`` term) come from a separate generator seeded
with ``SeedSequence(seed, spawn_key=(CONTRACT_STREAM,))``.

The investor's IRR is that of its yearly net flows (payments minus
disbursements); it is -1 (-100 %) when nothing at all is paid back and NaN
when the net flows have no IRR (e.g. every year's net flow is negative, which
happens when fixed pay in a year is below that year's cost and no outcome
payment follows); the probability of loss is defined for every draw.

All money is SEK in the contract's price year; present values are at the
contract's ``discount_rate``, end of year, to ``start_year``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from socinv.contracts.irr import TOTAL_LOSS, irr
from socinv.contracts.models import (
    ConditionalBonus,
    Contract,
    ContractError,
    DirectOutcome,
    EpisodeReductionOutcome,
    FixedShareOnDelivery,
    LinearOutcome,
    PayForSavings,
    SavingsOutcome,
    TargetPayment,
    load_contract,
)
from socinv.contracts.result import ContractResult
from socinv.discounting import present_values, rate_factors
from socinv.errors import ParameterError, SocinvError
from socinv.fund.agencies import row_agencies
from socinv.payers import Payer
from socinv.readers import resolve_reference
from socinv.scenarios.comparison import load_model
from socinv.scenarios.compile import G_INT, G_SQ, Model
from socinv.scenarios.io import load_scenario
from socinv.scenarios.result import evaluate_result
from socinv.sensitivity import Uncertainty, draw_range, uncertainty
from socinv.unitcosts.catalogue import Catalogue

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Draws evaluated per call of the cost formula (bounds memory; not the Monte
#: Carlo chunk of work, :func:`socinv.sensitivity.monte_carlo`'s ``chunk_size``).
BATCH_DRAWS = 1024
#: Spawn key of the contract's own random stream (far from the parameter blocks').
CONTRACT_STREAM = 1 << 30

__all__ = ["BATCH_DRAWS", "CONTRACT_STREAM", "ContractResult", "evaluate_contract", "term_payments"]


def _payer_agencies(model: Model, payer: Payer) -> set[str]:
    """The agencies that bear some of ``payer``'s costs in the model."""
    return {a for by_payer in row_agencies(model) for p, a in by_payer.items() if p is payer}


# --- scenario-based outcomes ------------------------------------------------------------
@dataclass(frozen=True)
class _ScenarioOutcomes:
    model: Model
    masks: dict[str, dict[str, Any]]  # outcome id -> labels its savings are summed over

    @classmethod
    def build(
        cls,
        contract: Contract,
        base_dir: Path,
        catalogue: Catalogue | None,
        root: str | Path | None = None,
    ) -> _ScenarioOutcomes:
        assert contract.scenario is not None
        where = f"contract {contract.name!r}"
        path = resolve_reference(
            contract.scenario, base_dir, root=root, where=where, error=ContractError
        )
        model = load_model(
            load_scenario(path, echo=False),
            price_year=contract.price_year,
            catalogue=catalogue,
            base_dir=path.parent,
        )
        masks: dict[str, dict[str, Any]] = {}
        years = set(int(y) for y in model.years)
        for i, o in enumerate(contract.outcomes):
            if isinstance(o, SavingsOutcome | EpisodeReductionOutcome):
                missing = [y for y in (o.from_year, o.to_year) if y not in years]
                if missing:
                    raise ContractError(
                        f"contract {contract.name!r}: outcomes[{i}] ({o.id}) year {missing[0]} "
                        f"is outside the scenario's years {min(years)}..{max(years)}"
                    )
            if isinstance(o, SavingsOutcome):
                if o.agencies:
                    known = _payer_agencies(model, o.payer)
                    for k, a in enumerate(o.agencies):
                        if a not in known:
                            raise ContractError(
                                f"contract {contract.name!r}: outcomes[{i}].agencies[{k}] {a!r} "
                                f"bears no cost of the {o.payer.value} in the scenario; "
                                f"known: {sorted(known)}"
                            )
                masks[o.id] = {"payer": o.payer.value, "component": "episode"}
                if o.agencies:
                    masks[o.id]["agency"] = tuple(o.agencies)
            if isinstance(o, EpisodeReductionOutcome):
                eps = {r.episode for r in model.rows if r.group == G_SQ}
                if o.episode not in eps:
                    raise ContractError(
                        f"contract {contract.name!r}: outcomes[{i}].episode {o.episode!r} is not "
                        f"a status-quo episode; known: {sorted(eps)}"
                    )
        return cls(model, masks)

    def evaluate(
        self, contract: Contract, theta: FloatArray
    ) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
        """Outcome values (n,) and, for savings outcomes, yearly savings (n, T)
        over the scenario's years."""
        model = self.model
        res = evaluate_result(model, theta)
        values: dict[str, FloatArray] = {}
        yearly: dict[str, FloatArray] = {}
        for o in contract.outcomes:
            if isinstance(o, SavingsOutcome):
                per_year = res.savings(where=self.masks[o.id])  # (n, T)
                win = (model.years >= o.from_year) & (model.years <= o.to_year)
                values[o.id] = per_year[:, win].sum(axis=1)
                yearly[o.id] = per_year
            elif isinstance(o, EpisodeReductionOutcome):
                win = (model.years >= o.from_year) & (model.years <= o.to_year)
                sq = [
                    e
                    for e, r in enumerate(model.rows)
                    if r.group == G_SQ and r.episode == o.episode
                ]
                iv = [
                    e
                    for e, r in enumerate(model.rows)
                    if r.group == G_INT and r.episode == o.episode
                ]
                cost = res.row_cost
                base = cost[:, sq][:, :, win].sum(axis=(1, 2))
                if np.any(base <= 0):
                    raise ContractError(
                        f"contract {contract.name!r}: outcome {o.id!r}: episode {o.episode!r} has "
                        f"no expected volume in {o.from_year}..{o.to_year}"
                    )
                after = cost[:, iv][:, :, win].sum(axis=(1, 2)) if iv else np.zeros_like(base)
                values[o.id] = 1.0 - after / base
        return values, yearly


# --- evaluation ------------------------------------------------------------------------
def _contract_draws(
    contract: Contract, n: int, seed: int | None
) -> tuple[dict[str, FloatArray], dict[int, FloatArray]]:
    """Direct-outcome arrays and delivery indicators (base case if no seed)."""
    direct: dict[str, FloatArray] = {}
    delivered: dict[int, FloatArray] = {}
    rng = (
        None
        if seed is None
        else np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(CONTRACT_STREAM,)))
    )
    for o in contract.outcomes:
        if isinstance(o, DirectOutcome):
            if rng is not None and o.distribution is not None:
                direct[o.id] = np.asarray(o.distribution.sample(rng, n), dtype=float)
            else:
                direct[o.id] = np.full(n, o.value)
    for k, t in enumerate(contract.terms):
        if isinstance(t, FixedShareOnDelivery):
            delivered[k] = np.asarray(
                np.ones(n) if rng is None else (rng.random(n) < t.delivery_probability),
                dtype=float,
            )
    return direct, delivered


def _bind_uncertainty(contract: Contract, model: Model) -> Uncertainty:
    u = contract.uncertainty
    try:
        return uncertainty(
            model,
            u.parameters,
            from_scenario=u.from_scenario,
            catalogue_defaults=u.catalogue_defaults,
            policy=u.policy,
            fixed=u.fixed,
        )
    except SocinvError as exc:
        raise ContractError(f"contract {contract.name!r}: {exc}") from None


def term_payments(
    contract: Contract, outcomes: Mapping[str, FloatArray], delivered: Mapping[int, FloatArray]
) -> FloatArray:
    """Payment of each term per draw, ``(n, K)`` SEK, after ``total_cap_sek``."""
    n = len(next(iter(outcomes.values()))) if outcomes else len(next(iter(delivered.values())))
    cap_sek = contract.investor.capital_sek
    out = np.zeros((n, len(contract.terms)))
    for k, t in enumerate(contract.terms):
        if isinstance(t, FixedShareOnDelivery):
            out[:, k] = t.share * cap_sek * delivered[k]
        elif isinstance(t, PayForSavings):
            pay = np.maximum(t.rate * (outcomes[t.outcome] - t.floor), 0.0)
            out[:, k] = pay if t.cap_sek is None else np.minimum(pay, t.cap_sek)
        elif isinstance(t, ConditionalBonus):
            c = outcomes[t.condition.outcome]
            cond = t.condition
            met = (
                c >= cond.at_least
                if cond.at_least is not None
                else c > float(cond.greater_than or 0)
            )
            pay = np.minimum(np.maximum(t.rate * (outcomes[t.outcome] - t.above), 0.0), t.cap_sek)
            out[:, k] = np.where(met, pay, 0.0)
        elif isinstance(t, TargetPayment):
            adj = outcomes[t.outcome] - (outcomes[t.reference] if t.reference else 0.0)
            if t.scaling == "all_or_nothing":
                out[:, k] = np.where(adj >= t.target, t.amount_sek, 0.0)
            else:
                out[:, k] = t.amount_sek * np.clip(adj / t.target, 0.0, 1.0)
    if contract.total_cap_sek is not None:
        before = np.concatenate([np.zeros((n, 1)), np.cumsum(out, axis=1)[:, :-1]], axis=1)
        out = np.minimum(out, np.maximum(contract.total_cap_sek - before, 0.0))
    return out


def evaluate_contract(
    contract: Contract | str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    monte_carlo: bool = False,
    base_dir: str | Path | None = None,
    catalogue: Catalogue | None = None,
    root: str | Path | None = None,
) -> ContractResult:
    """Evaluate a contract (a :class:`Contract` or YAML path).

    With ``monte_carlo=False`` (default) the base case: scenario parameters at
    their base values, direct outcomes at ``value``, delivery as contracted.
    With ``monte_carlo=True``: ``draws`` (default ``uncertainty.draws``) draws
    with ``seed`` (default ``uncertainty.seed``); the same seed gives the
    same result.
    """
    if isinstance(contract, str | Path):
        base = Path(contract).resolve().parent if base_dir is None else Path(base_dir)
        root = base if root is None else root
        contract = load_contract(contract)
    else:
        base = Path(base_dir) if base_dir is not None else Path.cwd()
    so = _ScenarioOutcomes.build(contract, base, catalogue, root) if contract.scenario else None
    model = so.model if so else None
    if monte_carlo:
        n = draws if draws is not None else contract.uncertainty.draws
        used_seed: int | None = seed if seed is not None else contract.uncertainty.seed
    else:
        n, used_seed = 1, None
    if n < 1:
        raise ContractError(f"draws must be >= 1, got {n}")
    direct, delivered = _contract_draws(contract, n, used_seed)

    outcomes: dict[str, FloatArray] = dict(direct)
    yearly: dict[str, FloatArray] = {}
    unc: Uncertainty | None = None
    if so is not None and model is not None:
        unc = _bind_uncertainty(contract, model) if used_seed is not None else None
        base_theta = model.theta(dict(contract.scenario_overrides), 1)[0]

        def chunk_theta(start: int, stop: int) -> FloatArray:
            theta = np.tile(base_theta, (stop - start, 1))
            if unc is not None and used_seed is not None and len(unc):
                theta[:, unc.columns] = draw_range(unc, used_seed, start, stop)
            return theta

        def chunk(i: int) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
            stop = min(i + BATCH_DRAWS, n)
            try:
                return so.evaluate(contract, chunk_theta(i, stop))
            except ParameterError as exc:
                raise ContractError(
                    f"contract {contract.name!r}, draws {i}..{stop - 1} (seed {used_seed}; the "
                    f"draw number below counts from draw {i}): {exc}; narrow the distributions "
                    "so that every draw is a valid value"
                ) from None

        parts = [chunk(i) for i in range(0, n, BATCH_DRAWS)]
        for key in parts[0][0]:
            outcomes[key] = np.concatenate([p[0][key] for p in parts])
        for key in parts[0][1]:
            yearly[key] = np.concatenate([p[1][key] for p in parts])
    for o in contract.outcomes:  # linear outcomes refer only to earlier ones
        if isinstance(o, LinearOutcome):
            acc = np.full(n, o.constant)
            for ref, coef in o.terms.items():
                acc = acc + coef * outcomes[ref]
            outcomes[o.id] = acc
    outcomes = {o.id: outcomes[o.id] for o in contract.outcomes}

    years = np.arange(contract.start_year, contract.end_year + 1, dtype=np.int64)
    pay_k = term_payments(contract, outcomes, delivered)
    payments = np.zeros((n, len(years)))
    for k, t in enumerate(contract.terms):
        payments[:, t.year - contract.start_year] += pay_k[:, k]
    disb = np.zeros(len(years))
    inv = contract.investor
    if inv.disbursements:
        for d in inv.disbursements:
            disb[d.year - contract.start_year] += d.amount_sek
    else:
        disb[0] = inv.capital_sek
    flows = payments - disb[None, :]
    r = contract.discount_rate

    def pv_factor(year_offsets: npt.NDArray[np.int64]) -> FloatArray:
        return rate_factors(r, year_offsets + 1.0)  # end of year, base start_year

    payments_pv = present_values(payments, pv_factor(years - contract.start_year))
    sav = np.zeros(n)
    sav_pv = np.zeros(n)
    for s in contract.payer_savings:
        if s.outcome in yearly and s.reference is None and s.sek_per_unit == 1.0:
            assert model is not None
            sav += outcomes[s.outcome]
            o = next(x for x in contract.outcomes if x.id == s.outcome)
            assert isinstance(o, SavingsOutcome)
            win = (model.years >= o.from_year) & (model.years <= o.to_year)
            sav_pv += present_values(
                yearly[s.outcome][:, win], pv_factor(model.years[win] - contract.start_year)
            )
        else:
            assert s.from_year is not None and s.to_year is not None  # validated
            total = (outcomes[s.outcome] - (outcomes[s.reference] if s.reference else 0.0)) * (
                s.sek_per_unit
            )
            ys = np.arange(s.from_year, s.to_year + 1, dtype=np.int64)
            sav += total
            sav_pv += total * pv_factor(ys - contract.start_year).mean()
    return ContractResult(
        contract=contract,
        years=years,
        outcomes=outcomes,
        term_payments=pay_k,
        payments=payments,
        investor_flows=flows,
        irr=np.where(
            payments.sum(axis=1) > 0,
            irr(flows, (years - contract.start_year).astype(float)),
            TOTAL_LOSS,
        ),
        payer_savings_pv=sav_pv,
        payer_savings=sav,
        payments_pv=payments_pv,
        seed=used_seed,
        disbursements=disb,
        uncertainty=unc,
        model=model,
    )
