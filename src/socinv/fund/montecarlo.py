"""The fund ledger on Monte Carlo draws: how deep the investment hump may go
and when, how likely the fund is to recover its capital by each year, and how
likely each repayment rule is to repay on time.

Each draw is one complete ledger. The draws of a chunk are evaluated
together: each project's labelled result for the whole batch, then the
repayment rules and the ledger's yearly recurrence over arrays ``draw x
year`` (:mod:`socinv.fund.batch`), following the same steps as the
deterministic ledger, so each draw gives the ledger of its parameter values
(to rounding, tested against a ledger built per draw) and at zero variance
every draw is the deterministic ledger. Project ``k``'s parameters are drawn from its
scenario's uncertainty (:func:`socinv.sensitivity.uncertainty`, with the
default policy) by :func:`socinv.sensitivity.montecarlo.draw_range` with its
own seed, derived from ``seed`` and ``k``; draws therefore depend only on
``seed`` and ``n``, never on ``chunk_size``. A project's own ``overrides``
and ``cohort_size`` are held at their values. Money: SEK in the fund's price
year, undiscounted like the ledger.

On time: an installment of a ``measured_savings`` rule is on time when the
rule has repaid, by the installment's year, the installment's cumulative
share of what it is meant to repay (the outlay, or its cap); a
``fixed_share_on_results`` rule when it pays in its year; a ``risk_sharing``
rule is the backstop and is reported by what it pays, not by time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from socinv.errors import ParameterError
from socinv.fund.batch import ProjectBatch, RuleCheck, project_batch, project_repayments
from socinv.fund.ledger import project_model
from socinv.fund.models import Fund, load_fund
from socinv.scenarios.compile import Model
from socinv.sensitivity.montecarlo import draw_range
from socinv.sensitivity.parameters import Uncertainty, uncertainty
from socinv.sensitivity.payback import wilson
from socinv.unitcosts.catalogue import Catalogue

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: default draws evaluated together (arrays draw x year; a few MB per project)
DEFAULT_CHUNK = 256

RULE_COLUMNS = ["project", "rule", "rule_type", "installment", "due_year", "target_sek"]


@dataclass(frozen=True)
class FundMonteCarlo:
    """Per-draw results of the fund ledger (SEK, the fund's price year)."""

    fund: Fund
    n: int
    seed: int
    years: IntArray
    hump_depth: FloatArray  # (n,) lowest cumulative net position of the fund's payer (<= 0)
    hump_year: IntArray  # (n,) calendar year of that lowest point
    outlays_cum: FloatArray  # (n, years)
    repaid_cum: FloatArray  # (n, years)
    closing_balance: FloatArray  # (n, years)
    rules: pd.DataFrame  # one row per rule installment checked for time (RULE_COLUMNS)
    on_time: npt.NDArray[np.bool_]  # (n, len(rules))
    repaid_by_agency: pd.DataFrame  # (n, agencies): total repaid by each agency
    uncertainties: tuple[Uncertainty, ...]  # per project

    def hump(self) -> pd.DataFrame:
        """The investment hump over draws: depth (SEK, mean and 2.5/50/97.5 %)
        and the share of draws with the lowest point in each year."""
        d = self.hump_depth
        years, counts = np.unique(self.hump_year, return_counts=True)
        out = pd.DataFrame({"year": years.astype(int), "share_of_draws": counts / self.n})
        out.attrs["depth_sek"] = {
            "mean": float(d.mean()),
            "p2_5": float(np.percentile(d, 2.5)),
            "median": float(np.median(d)),
            "p97_5": float(np.percentile(d, 97.5)),
        }
        return out

    def recovery_curve(self) -> pd.DataFrame:
        """Per year: share of draws in which the fund has got back all it paid
        out so far (cumulative repayments >= cumulative outlays), with the 95 %
        Wilson band of the Monte Carlo estimate."""
        tol = 1e-6 * np.maximum(np.abs(self.outlays_cum), 1.0)
        recovered = (self.repaid_cum >= self.outlays_cum - tol) & (self.outlays_cum > 0)
        p = recovered.mean(axis=0)
        lo, hi = wilson(p, self.n)
        return pd.DataFrame(
            {"year": self.years.astype(int), "prob_recovered": p, "band_low": lo, "band_high": hi}
        )

    def on_time_table(self) -> pd.DataFrame:
        """Per rule installment: its due year, target (SEK, mean over draws;
        in each draw the target of that draw's outlay) and the share of
        draws in which it is met on time."""
        t = self.rules.copy()
        t["prob_on_time"] = self.on_time.mean(axis=0) if len(t) else []
        return t

    def agency_table(self) -> pd.DataFrame:
        """Per agency: total repaid (SEK) mean, 2.5 and 97.5 %, and the share
        of draws in which it repays anything."""
        r = self.repaid_by_agency
        return pd.DataFrame(
            {
                "agency": list(r.columns),
                "mean_sek": r.mean(axis=0).to_numpy(),
                "p2_5_sek": r.quantile(0.025).to_numpy(),
                "p97_5_sek": r.quantile(0.975).to_numpy(),
                "prob_repays": (r > 0).mean(axis=0).to_numpy(),
            }
        )


def _project_seed(seed: int, k: int) -> int:
    return int(np.random.SeedSequence(seed, spawn_key=(k,)).generate_state(1)[0])


@dataclass
class _Chunk:
    """The ledger measures of draws ``start..stop-1`` (arrays ``draw x year``)."""

    hump_depth: FloatArray
    hump_year: IntArray
    outlays_cum: FloatArray
    repaid_cum: FloatArray
    closing_balance: FloatArray
    checks: list[RuleCheck]
    by_agency: dict[str, FloatArray]  # agency -> (m,) total repaid


def _ledger_chunk(fund: Fund, batches: list[ProjectBatch], m: int) -> _Chunk:
    """The fund's ledger for a batch of ``m`` draws: the yearly recurrence of
    :meth:`socinv.fund.FundLedger.table` over arrays ``draw x year``."""
    years = np.arange(fund.start_year, fund.end_year + 1, dtype=np.int64)
    T = len(years)
    alloc = np.zeros(T)
    for a in fund.allocations:
        alloc[a.year - fund.start_year] += a.amount_sek
    outlays = np.sum([b.outlays for b in batches], axis=0) if batches else np.zeros((m, T))
    invest = np.sum([b.payer_investment for b in batches], axis=0) if batches else outlays
    payer_sav = np.sum([b.payer_savings for b in batches], axis=0) if batches else outlays
    rep = np.zeros((m, T))
    rows = np.arange(m)
    checks: list[RuleCheck] = []
    by_agency: dict[str, FloatArray] = {}
    for b in batches:
        reps = project_repayments(fund, b)
        checks.extend(reps.checks)
        for pay in reps.payments:
            for j, agency in enumerate(pay.agencies):
                amount = np.where(pay.amount[:, j] > 0, pay.amount[:, j], 0.0)
                np.add.at(rep, (rows, pay.year - fund.start_year), amount)
                if (amount > 0).any():
                    by_agency[agency] = by_agency.get(agency, np.zeros(m)) + amount
    closing = np.empty((m, T))
    balance = np.full(m, float(fund.initial_capital_sek))
    for i in range(T):  # the year-by-year recurrence, as a ledger is kept
        balance = balance + alloc[i] - outlays[:, i] + rep[:, i]
        closing[:, i] = balance
    cum = np.cumsum(payer_sav - invest, axis=1)
    low = np.argmin(cum, axis=1)
    return _Chunk(
        hump_depth=np.minimum(cum[rows, low], 0.0),
        hump_year=years[low],
        outlays_cum=np.cumsum(outlays, axis=1),
        repaid_cum=np.cumsum(rep, axis=1),
        closing_balance=closing,
        checks=checks,
        by_agency=by_agency,
    )


def fund_monte_carlo(
    fund: Fund | str | Path,
    n: int,
    seed: int,
    *,
    base_dir: str | Path | None = None,
    catalogue: Catalogue | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    policy: bool = True,
    from_scenario: bool = True,
    catalogue_defaults: bool = True,
    root: str | Path | None = None,
) -> FundMonteCarlo:
    """``n`` ledgers of ``fund`` on Monte Carlo draws with ``seed`` (the
    flags choose the distributions, as in :func:`socinv.sensitivity.uncertainty`).
    Scenario paths as in :func:`socinv.fund.run_fund` (``base_dir``, ``root``).

    Example:
        >>> mc = fund_monte_carlo("data/contracts/example_fund.yaml", 20, seed=1)
        >>> bool((mc.hump_depth <= 0).all()), len(mc.recovery_curve()) == len(mc.years)
        (True, True)
    """
    if not isinstance(n, int | np.integer) or n < 1:
        raise ParameterError(f"the fund's Monte Carlo needs n >= 1 draws, got {n!r}")
    if not isinstance(seed, int | np.integer) or seed < 0:
        raise ParameterError(f"the fund's Monte Carlo needs a seed >= 0, got {seed!r}")
    if chunk_size < 1:
        raise ParameterError(f"chunk_size must be >= 1, got {chunk_size!r}")
    if isinstance(fund, str | Path):
        base = Path(fund).resolve().parent if base_dir is None else Path(base_dir)
        root = base if root is None else root
        fund = load_fund(fund)
    else:
        base = Path(base_dir) if base_dir is not None else Path.cwd()
    models: list[Model] = [
        project_model(fund, p, base_dir=base, catalogue=catalogue, root=root) for p in fund.projects
    ]
    uncs = tuple(
        uncertainty(
            m,
            fixed=[*p.overrides, "cohort.size"],
            policy=policy,
            from_scenario=from_scenario,
            catalogue_defaults=catalogue_defaults,
        )
        for m, p in zip(models, fund.projects, strict=True)
    )
    seeds = [_project_seed(int(seed), k) for k in range(len(models))]
    chunks: list[_Chunk] = []
    for start in range(0, int(n), chunk_size):
        stop = min(start + chunk_size, int(n))
        batches = [
            project_batch(
                fund,
                p,
                m,
                dict(zip(u.names, draw_range(u, s, start, stop).T, strict=True)),
                stop - start,
            )
            for p, m, u, s in zip(fund.projects, models, uncs, seeds, strict=True)
        ]
        chunks.append(_ledger_chunk(fund, batches, stop - start))
    first = chunks[0].checks
    rules = pd.DataFrame(
        [
            (c.project, c.rule, c.rule_type, c.installment, int(c.due_year[0]), float(c.target[0]))
            for c in first
        ],
        columns=RULE_COLUMNS,
    )
    if len(rules):  # mean target over draws
        rules["target_sek"] = np.concatenate(
            [np.stack([c.target for c in ch.checks], axis=1) for ch in chunks]
        ).mean(axis=0)
    on_time = np.concatenate(
        [
            np.stack([c.on_time() for c in ch.checks], axis=1)
            if ch.checks
            else np.zeros((len(ch.hump_depth), 0), dtype=bool)
            for ch in chunks
        ]
    )
    names = sorted({a for ch in chunks for a in ch.by_agency})
    agencies = pd.DataFrame(
        {
            a: np.concatenate([ch.by_agency.get(a, np.zeros(len(ch.hump_depth))) for ch in chunks])
            for a in names
        },
        index=pd.RangeIndex(int(n)),
    )

    def joined(name: str) -> Any:
        return np.concatenate([getattr(ch, name) for ch in chunks])

    return FundMonteCarlo(
        fund=fund,
        n=int(n),
        seed=int(seed),
        years=np.arange(fund.start_year, fund.end_year + 1, dtype=np.int64),
        hump_depth=joined("hump_depth"),
        hump_year=joined("hump_year"),
        outlays_cum=joined("outlays_cum"),
        repaid_cum=joined("repaid_cum"),
        closing_balance=joined("closing_balance"),
        rules=rules,
        on_time=on_time,
        repaid_by_agency=agencies,
        uncertainties=uncs,
    )
