"""The fund ledger on Monte Carlo draws: how deep the investment hump may go
and when, how likely the fund is to recover its capital by each year, and how
likely each repayment rule is to repay on time.

Each draw is one complete ledger, built by the same code as the
deterministic one (:func:`socinv.fund.ledger.project_flows` with the draw's
parameter values, then the repayment rules), so at zero variance every draw
*is* the deterministic ledger. Project ``k``'s parameters are drawn from its
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
from socinv.fund.ledger import FundLedger, ledger_from_flows, project_flows, project_model
from socinv.fund.models import FixedShareOnResults, Fund, MeasuredSavings, load_fund
from socinv.scenarios.compile import Model
from socinv.sensitivity.montecarlo import draw_range
from socinv.sensitivity.parameters import Uncertainty, uncertainty
from socinv.sensitivity.payback import wilson
from socinv.unitcosts.catalogue import Catalogue

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: default draws evaluated per chunk (each draw is one full ledger)
DEFAULT_CHUNK = 64

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


RuleRow = tuple[str, int, str, int, int, float]


def _rule_rows(ledger: FundLedger) -> list[RuleRow]:
    rows: list[RuleRow] = []
    for pf in ledger.projects:
        outlay = float(pf.outlays.sum())
        for k, rule in enumerate(pf.project.repayment):
            if isinstance(rule, MeasuredSavings):
                cap = rule.cap_share_of_outlay
                full = outlay if cap is None else min(outlay, cap * outlay)
                cum = 0.0
                for j, inst in enumerate(rule.installments):
                    cum = min(cum + inst.share, 1.0)
                    rows.append(
                        (
                            pf.project.id,
                            k,
                            rule.type,
                            j,
                            pf.end_year + inst.years_after_end,
                            cum * full,
                        )
                    )
            elif isinstance(rule, FixedShareOnResults):
                rows.append(
                    (
                        pf.project.id,
                        k,
                        rule.type,
                        0,
                        pf.end_year + rule.years_after_end,
                        rule.share * outlay,
                    )
                )
    return rows


def _measure(ledger: FundLedger) -> tuple[float, int, FloatArray, FloatArray, FloatArray]:
    t = ledger.table()
    cum = t["payer_cumulative_sek"].to_numpy(dtype=float)
    i = int(np.argmin(cum))
    return (
        min(float(cum[i]), 0.0),
        int(ledger.years[i]),
        np.cumsum(t["outlays_sek"].to_numpy(dtype=float)),
        np.cumsum(t["repayments_sek"].to_numpy(dtype=float)),
        t["closing_balance_sek"].to_numpy(dtype=float),
    )


def _on_time(ledger: FundLedger, rules: list[tuple[str, int, str, int, int, float]]) -> list[bool]:
    reps = ledger.repayments
    out = []
    for project, k, _, _, due, target in rules:
        sel = (reps["project"] == project) & (reps["rule"] == k) & (reps["year"] <= due)
        paid = float(reps.loc[sel, "amount_sek"].sum())
        out.append(paid >= target - 1e-6 * max(abs(target), 1.0) and target > 0)
    return out


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
    per_draw: list[tuple[float, int, FloatArray, FloatArray, FloatArray]] = []
    on_time: list[list[bool]] = []
    targets: list[list[float]] = []
    by_agency: list[dict[Any, Any]] = []
    rules: list[tuple[str, int, str, int, int, float]] | None = None
    for start in range(0, int(n), chunk_size):
        stop = min(start + chunk_size, int(n))
        values = [draw_range(u, s, start, stop) for u, s in zip(uncs, seeds, strict=True)]
        for i in range(stop - start):
            flows = tuple(
                project_flows(
                    fund,
                    p,
                    model=m,
                    draw=dict(zip(u.names, v[i].tolist(), strict=True)),
                )
                for p, m, u, v in zip(fund.projects, models, uncs, values, strict=True)
            )
            ledger = ledger_from_flows(fund, flows)
            drawn_rules = _rule_rows(ledger)
            if rules is None:
                rules = drawn_rules
            per_draw.append(_measure(ledger))
            on_time.append(_on_time(ledger, drawn_rules))
            targets.append([r[-1] for r in drawn_rules])
            by_agency.append(ledger.repayments.groupby("agency")["amount_sek"].sum().to_dict())
    rules = rules or []
    table = pd.DataFrame(rules, columns=RULE_COLUMNS)
    if len(table):
        table["target_sek"] = np.asarray(targets).mean(axis=0)  # mean over draws
    agencies = pd.DataFrame(by_agency).fillna(0.0)
    return FundMonteCarlo(
        fund=fund,
        n=int(n),
        seed=int(seed),
        years=np.arange(fund.start_year, fund.end_year + 1, dtype=np.int64),
        hump_depth=np.array([d[0] for d in per_draw]),
        hump_year=np.array([d[1] for d in per_draw], dtype=np.int64),
        outlays_cum=np.array([d[2] for d in per_draw]),
        repaid_cum=np.array([d[3] for d in per_draw]),
        closing_balance=np.array([d[4] for d in per_draw]),
        rules=table,
        on_time=np.array(on_time, dtype=bool).reshape(int(n), len(rules)),
        repaid_by_agency=agencies.reindex(sorted(agencies.columns), axis=1),
        uncertainties=uncs,
    )
