"""A fund's projects: each project's scenario evaluated and placed on the
fund's calendar years (outlays, savings by agency), and the repayments its
rules call for. SEK in the fund's price year, undiscounted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from socinv.errors import SocinvError
from socinv.fund.agencies import agency_level
from socinv.fund.models import (
    CentralFunding,
    FixedShareOnResults,
    Fund,
    FundError,
    MeasuredSavings,
    Project,
    RiskSharing,
)
from socinv.readers import resolve_reference
from socinv.scenarios.comparison import Comparison, compare_model, load_model
from socinv.scenarios.io import load_scenario
from socinv.scenarios.model import Model
from socinv.unitcosts.catalogue import Catalogue

FloatArray = npt.NDArray[np.float64]

#: Suffix of the agencies that stand for lost or regained tax revenue (not a
#: committee budget, so never asked to repay).
TAX_REVENUE_SUFFIX = "tax revenue"


@dataclass(frozen=True)
class ProjectFlows:
    """One project's flows on the fund's calendar years (arrays of length
    ``len(years)``, SEK in the fund's price year, undiscounted)."""

    project: Project
    comparison: Comparison
    streams: pd.DataFrame  # attributed streams, calendar years moved to the project's start
    outlays: FloatArray
    payer_investment: FloatArray  # all intervention cost borne by the fund's payer
    savings: pd.DataFrame  # payer, agency, year, savings_sek (fund years only)
    start_year: int
    end_year: int  # last year with an outlay (the project's end)
    savings_beyond_horizon_sek: float  # fund payer's savings after the fund's end_year
    # the same split by when in the year it is paid: years from the start of a
    # year to the payment (0 = start of year) -> SEK by year (sums to payer_investment)
    payer_investment_timing: Mapping[float, FloatArray] = field(default_factory=dict)


# --- building ----------------------------------------------------------------------
def project_model(
    fund: Fund,
    project: Project,
    *,
    base_dir: str | Path = ".",
    catalogue: Catalogue | None = None,
    root: str | Path | None = None,
) -> Model:
    """The compiled scenario of ``project`` on the fund's prices, years and
    agency levels. Its path is relative to ``base_dir`` and, with ``root``,
    must lie inside ``root`` or the shipped data; messages about the scenario
    file do not repeat values read from it."""
    where = f"fund {fund.name!r}, project {project.id!r}"
    path = resolve_reference(project.scenario, base_dir, root=root, where=where, error=FundError)
    return load_model(
        load_scenario(path, echo=False),
        price_year=fund.price_year,
        start_year=project.start_year,
        catalogue=catalogue,
        base_dir=path.parent,
        agency_levels=fund.agency_levels,
    )


def project_flows(
    fund: Fund,
    project: Project,
    *,
    base_dir: str | Path = ".",
    catalogue: Catalogue | None = None,
    model: Model | None = None,
    draw: Mapping[str, float] | None = None,
    root: str | Path | None = None,
) -> ProjectFlows:
    """Compile and evaluate one project's scenario and place its flows on the
    fund's calendar years: outlays and savings by agency are reductions of the
    project's labelled result (:class:`socinv.scenarios.Result`). ``model``
    (from :func:`project_model`) skips the compilation; ``draw`` sets
    parameter values (a Monte Carlo draw) under the project's own overrides
    and cohort size; ``root`` as in :func:`project_model`."""
    where = f"fund {fund.name!r}, project {project.id!r}"
    if model is None:
        model = project_model(fund, project, base_dir=base_dir, catalogue=catalogue, root=root)
    overrides = dict(draw or {})
    overrides.update(project.overrides)
    if project.cohort_size is not None:
        overrides["cohort.size"] = project.cohort_size
    try:
        cmp = compare_model(model, overrides)
    except SocinvError as exc:
        raise FundError(f"{where}: {exc}") from None
    res = cmp.labelled
    years = np.arange(fund.start_year, fund.end_year + 1)
    payer = fund.payer.value
    cost = res.investment(keep=("payer",))[0, res.coords()["payer"].index(payer)]  # (T,)
    has_cost = np.abs(cost) > 0
    if not has_cost.any():
        raise FundError(
            f"{where}: the scenario has no intervention cost borne by the fund's payer "
            f"({payer}); nothing to finance"
        )
    cost_years = model.years[has_cost]
    outside = [int(y) for y in cost_years if not fund.start_year <= y <= fund.end_year]
    if outside:
        raise FundError(
            f"{where}: outlay in {outside[0]} is outside the fund's years "
            f"{fund.start_year}..{fund.end_year}"
        )
    invest = np.zeros(len(years))
    invest[cost_years - fund.start_year] = cost[has_cost]
    by_timing = res.by_timing(keep=("payer",), where={"component": "intervention_cost"})
    timed: dict[float, FloatArray] = {}
    for k, conv in enumerate(model.timings):
        part = by_timing[0, k, res.coords()["payer"].index(payer)]
        if np.any(part[has_cost] != 0):
            timed[conv.offset] = np.zeros(len(years))
            timed[conv.offset][cost_years - fund.start_year] = part[has_cost]
    sav_all = res.savings_by_agency().drop(columns="savings_disc_sek")
    in_h = sav_all["year"].between(fund.start_year, fund.end_year)
    beyond = float(sav_all.loc[~in_h & (sav_all["payer"] == payer), "savings_sek"].sum())
    return ProjectFlows(
        project=project,
        comparison=cmp,
        streams=res.streams(attributed=True),
        outlays=invest * project.financed_share,
        payer_investment=invest,
        payer_investment_timing=timed,
        savings=sav_all[in_h].reset_index(drop=True),
        start_year=int(model.scenario.start_year),
        end_year=int(cost_years.max()),
        savings_beyond_horizon_sek=beyond,
    )


def _eligible(
    fund: Fund, pf: ProjectFlows, agencies: tuple[str, ...] | None, where: str
) -> list[str]:
    """The agencies whose savings a rule measures; a named agency that bears
    no cost in the project's scenario is an error (a typo would measure 0)."""
    savings = pf.savings
    if agencies is not None:
        known = sorted(set(pf.streams["agency"]))
        for i, a in enumerate(agencies):
            if a not in known:
                raise FundError(
                    f"fund {fund.name!r}, project {pf.project.id!r}: {where}.agencies[{i}] "
                    f"{a!r} bears no cost in the project's scenario; known: {known}"
                )
        return list(agencies)
    mine = savings[savings["payer"] == fund.payer.value]["agency"].unique()
    return sorted(a for a in mine if not str(a).endswith(TAX_REVENUE_SUFFIX))


def _cum_savings(pf: ProjectFlows, agencies: list[str], year: int) -> FloatArray:
    """Cumulative savings of each agency (fund payer) from the project's start
    up to ``year`` inclusive, floored at zero (SEK)."""
    s = pf.savings
    out = np.zeros(len(agencies))
    for i, a in enumerate(agencies):
        sel = (s["agency"] == a) & (s["year"] <= year)
        out[i] = max(float(s.loc[sel, "savings_sek"].sum()), 0.0)
    return out


def repayments_for(fund: Fund, pf: ProjectFlows) -> list[dict[str, object]]:
    """The repayments of one project under its rules, in rule order."""
    rows: list[dict[str, object]] = []
    outlay = float(pf.outlays.sum())
    where = f"fund {fund.name!r}, project {pf.project.id!r}"
    repaid = 0.0

    def date(rule_no: int, years_after_end: int, field: str) -> int:
        y = pf.end_year + years_after_end
        if y > fund.end_year:
            raise FundError(
                f"{where}: repayment[{rule_no}].{field} puts a repayment in {y}, after the "
                f"fund's end_year {fund.end_year}; extend end_year"
            )
        return y

    def check_agency(rule_no: int, agency: str) -> None:
        level = agency_level(agency, fund.agency_levels)
        in_scenario = set(pf.streams["agency"])
        if level is None and agency not in in_scenario:
            raise FundError(
                f"{where}: repayment[{rule_no}].agency {agency!r} is neither an agency of the "
                f"project's scenario ({sorted(in_scenario)}) nor a known one; check the "
                "spelling or declare a local committee in the fund's agency_levels"
            )
        if level is not None and level is not fund.payer:
            raise FundError(
                f"{where}: repayment[{rule_no}].agency {agency!r} belongs to the {level.value}, "
                f"not to the fund's payer ({fund.payer.value}); it cannot repay this fund"
            )

    def add(rule_no: int, rule_type: str, agency: str, year: int, amount: float) -> None:
        nonlocal repaid
        if amount > 0:
            rows.append(
                {
                    "project": pf.project.id,
                    "rule": rule_no,
                    "rule_type": rule_type,
                    "agency": agency,
                    "year": year,
                    "amount_sek": amount,
                }
            )
            repaid += amount

    for k, rule in enumerate(pf.project.repayment):
        if isinstance(rule, MeasuredSavings):
            agencies = _eligible(fund, pf, rule.agencies, f"repayment[{k}]")
            for a in agencies:
                check_agency(k, a)
            paid = np.zeros(len(agencies))
            cum_share = 0.0
            cap = None if rule.cap_share_of_outlay is None else rule.cap_share_of_outlay * outlay
            for j, inst in enumerate(rule.installments):
                y = date(k, inst.years_after_end, f"installments[{j}].years_after_end")
                cum_share += inst.share
                s = _cum_savings(pf, agencies, y)
                total_due = rule.share * s.sum()
                if cap is not None:
                    total_due = min(total_due, cap)
                pay_total = max(min(cum_share, 1.0) * total_due - paid.sum(), 0.0)
                if pay_total <= 0:
                    continue
                # each agency's own cumulative due (the cap scales all alike)
                due = min(cum_share, 1.0) * s * (total_due / s.sum())
                pos = np.maximum(due - paid, 0.0)
                if pos.sum() <= 0.0:  # only a rounding residue is left to pay
                    continue
                weights = pos / pos.sum()
                pay = pay_total * weights
                for a, amount in zip(agencies, pay, strict=True):
                    add(k, rule.type, a, y, float(amount))
                paid += pay
        elif isinstance(rule, FixedShareOnResults):
            check_agency(k, rule.agency)
            y = date(k, rule.years_after_end, "years_after_end")
            if rule.results_achieved is not None:
                achieved = rule.results_achieved
            else:
                agencies = _eligible(fund, pf, rule.agencies, f"repayment[{k}]")
                measured = float(_cum_savings(pf, agencies, y).sum())
                achieved = measured >= rule.min_savings_share_of_outlay * outlay - 1e-9
            if achieved:
                add(k, rule.type, rule.agency, y, rule.share * outlay)
        elif isinstance(rule, RiskSharing):
            check_agency(k, rule.agency)
            y = date(k, rule.years_after_end, "years_after_end")
            shortfall = max(rule.target_share_of_outlay * outlay - repaid, 0.0)
            add(k, rule.type, rule.agency, y, (1.0 - rule.central_share) * shortfall)
        else:
            assert isinstance(rule, CentralFunding)
    return rows
