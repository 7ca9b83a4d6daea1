"""The fund ledger: balance, outlays and repayments year by year, the investing
payer's cash position (the investment hump) and the share of gains that falls
outside it.

Identity, every year ``y`` (tested)::

    closing_balance[y] = initial_capital + sum(allocations[<=y])
                         - sum(outlays[<=y]) + sum(repayments[<=y])

Outlays are the projects' intervention costs borne by the fund's payer
(times ``financed_share``), undiscounted SEK in the fund's price year.
Savings are the scenario's expected gross savings (status quo minus
intervention-arm episodes), attributed to agencies by
:mod:`socinv.fund.agencies`; they stand for the *measured* savings a real
fund would follow up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from socinv.errors import SocinvError
from socinv.fund.agencies import agency_level, attribute_streams
from socinv.fund.models import (
    CentralFunding,
    FixedShareOnResults,
    Fund,
    FundError,
    MeasuredSavings,
    Project,
    RiskSharing,
    load_fund,
)
from socinv.readers import resolve_reference
from socinv.scenarios.comparison import Comparison, compare_model, with_settings
from socinv.scenarios.compile import compile_scenario
from socinv.scenarios.io import load_scenario
from socinv.scenarios.models import Scenario
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


@dataclass(frozen=True)
class FundLedger:
    """The ledger of a fund: build with :func:`run_fund`."""

    fund: Fund
    years: npt.NDArray[np.int64]
    projects: tuple[ProjectFlows, ...]
    repayments: pd.DataFrame  # project, rule, rule_type, agency, year, amount_sek

    # --- arrays ----------------------------------------------------------------
    def _by_year(self, values: pd.Series) -> FloatArray:
        out = np.zeros(len(self.years))
        if len(values):
            s = values.groupby(level=0).sum()
            idx = np.searchsorted(self.years, s.index.to_numpy(dtype=np.int64))
            out[idx] = s.to_numpy(dtype=float)
        return out

    def allocations(self) -> FloatArray:
        out = np.zeros(len(self.years))
        for a in self.fund.allocations:
            out[a.year - self.fund.start_year] += a.amount_sek
        return out

    def outlays(self) -> FloatArray:
        return (
            np.sum([p.outlays for p in self.projects], axis=0)
            if self.projects
            else (np.zeros(len(self.years)))
        )

    def repayments_by_year(self) -> FloatArray:
        return self._by_year(self.repayments.set_index("year")["amount_sek"])

    def _savings(self) -> pd.DataFrame:
        if not self.projects:
            return pd.DataFrame(columns=["payer", "agency", "year", "savings_sek"])
        return pd.concat([p.savings for p in self.projects], ignore_index=True)

    # --- tables ----------------------------------------------------------------
    def table(self) -> pd.DataFrame:
        """The ledger, one row per year (SEK, fund price year, undiscounted
        unless ``_disc``): opening and closing balance, allocations, outlays,
        repayments; the fund payer's savings, investment, net cash flow and
        its cumulative sum (the investment hump, also discounted at the fund's
        rate, end of year, to ``start_year``); public-sector savings, those
        outside the fund's payer, and their share (yearly and cumulative)."""
        alloc, out, rep = self.allocations(), self.outlays(), self.repayments_by_year()
        opening = np.zeros(len(self.years))
        closing = np.zeros(len(self.years))
        balance = self.fund.initial_capital_sek
        for i in range(len(self.years)):  # the year-by-year recurrence, as a ledger is kept
            opening[i] = balance
            balance = balance + alloc[i] - out[i] + rep[i]
            closing[i] = balance
        sav = self._savings()
        payer = self.fund.payer.value
        by_payer = {
            p: self._by_year(sav[sav["payer"] == p].set_index("year")["savings_sek"])
            for p in ("municipality", "region", "state")
        }
        payer_sav = self._by_year(sav[sav["payer"] == payer].set_index("year")["savings_sek"])
        invest = (
            np.sum([p.payer_investment for p in self.projects], axis=0)
            if self.projects
            else np.zeros(len(self.years))
        )
        net = payer_sav - invest
        disc = (1.0 + self.fund.discount_rate) ** -(np.arange(len(self.years), dtype=float) + 1.0)
        public = by_payer["municipality"] + by_payer["region"] + by_payer["state"]
        outside = public - (payer_sav if payer in by_payer else 0.0)
        cum_public, cum_outside = np.cumsum(public), np.cumsum(outside)
        return pd.DataFrame(
            {
                "year": self.years,
                "opening_balance_sek": opening,
                "allocations_sek": alloc,
                "outlays_sek": out,
                "repayments_sek": rep,
                "closing_balance_sek": closing,
                "overdrawn": closing < -1e-6,
                "payer_savings_sek": payer_sav,
                "payer_investment_sek": invest,
                "payer_net_sek": net,
                "payer_cumulative_sek": np.cumsum(net),
                "payer_cumulative_disc_sek": np.cumsum(net * disc),
                "public_savings_sek": public,
                "outside_payer_savings_sek": outside,
                "outside_share": _share(outside, public),
                "outside_share_cumulative": _share(cum_outside, cum_public),
                "price_year": self.fund.price_year,
            }
        )

    def repayment_table(self) -> pd.DataFrame:
        """Repayments, one row per project, rule, agency and year (SEK)."""
        return self.repayments.copy()

    def repayments_by_agency(self) -> pd.DataFrame:
        """Repayments as a year x agency table (SEK), zeros filled."""
        if self.repayments.empty:
            return pd.DataFrame(index=pd.Index(self.years, name="year"))
        wide = self.repayments.pivot_table(
            index="year", columns="agency", values="amount_sek", aggfunc="sum", fill_value=0.0
        )
        return wide.reindex(self.years, fill_value=0.0).rename_axis("year")

    def agency_positions(self) -> pd.DataFrame:
        """Per agency and year: gross savings, repayments to the fund and the
        agency's net (savings minus repayments), with cumulative net (SEK)."""
        sav = self._savings().groupby(["payer", "agency", "year"], as_index=False)["savings_sek"]
        s = sav.sum()
        r = self.repayments.groupby(["agency", "year"], as_index=False)["amount_sek"].sum()
        df = s.merge(r, on=["agency", "year"], how="outer").fillna(
            {"savings_sek": 0.0, "amount_sek": 0.0}
        )
        df["payer"] = df["payer"].fillna(self.fund.payer.value)
        df = df.rename(columns={"amount_sek": "repayments_sek"})
        df["net_sek"] = df["savings_sek"] - df["repayments_sek"]
        out: pd.DataFrame = df.sort_values(["payer", "agency", "year"]).reset_index(drop=True)
        out["net_cumulative_sek"] = out.groupby(["payer", "agency"])["net_sek"].cumsum()
        return out

    def project_summary(self) -> pd.DataFrame:
        """Per project: years, outlay, repaid, not repaid (written off), the
        fund payer's savings within the fund's years and after them (SEK)."""
        rows = []
        for p in self.projects:
            repaid = float(
                self.repayments.loc[self.repayments["project"] == p.project.id, "amount_sek"].sum()
            )
            payer_sav = float(
                p.savings.loc[p.savings["payer"] == self.fund.payer.value, "savings_sek"].sum()
            )
            rows.append(
                {
                    "project": p.project.id,
                    "scenario": p.comparison.scenario.name,
                    "start_year": p.start_year,
                    "end_year": p.end_year,
                    "outlay_sek": float(p.outlays.sum()),
                    "repaid_sek": repaid,
                    "not_repaid_sek": float(p.outlays.sum()) - repaid,
                    "payer_savings_in_horizon_sek": payer_sav,
                    "payer_savings_after_horizon_sek": p.savings_beyond_horizon_sek,
                    "rules": ", ".join(r.type for r in p.project.repayment) or "none",
                }
            )
        return pd.DataFrame(rows)

    def check_identity(self, tol: float = 1e-6) -> None:
        """Raise :class:`FundError` if the balance identity fails in some year."""
        t = self.table()
        expected = self.fund.initial_capital_sek + np.cumsum(
            (t["allocations_sek"] - t["outlays_sek"] + t["repayments_sek"]).to_numpy()
        )
        closing = t["closing_balance_sek"].to_numpy()
        bad = np.abs(expected - closing) > tol * max(1.0, float(np.max(np.abs(expected))))
        if bad.any():
            y = int(t.loc[bad, "year"].iloc[0])
            raise FundError(f"fund {self.fund.name!r}: balance identity fails in {y}")


def _share(num: FloatArray, den: FloatArray) -> FloatArray:
    out = np.full(np.shape(num), np.nan)
    np.divide(num, den, out=out, where=np.abs(den) > 1e-9)
    return out


# --- building ----------------------------------------------------------------------
def _project_scenario(
    fund: Fund, project: Project, base_dir: Path, root: Path | None = None
) -> Scenario:
    where = f"fund {fund.name!r}, project {project.id!r}"
    path = resolve_reference(project.scenario, base_dir, root=root, where=where, error=FundError)
    sc = with_settings(load_scenario(path, echo=False), price_year=fund.price_year)
    if project.start_year is not None and project.start_year != sc.start_year:
        shift = project.start_year - sc.start_year
        disc = sc.discounting
        if disc.base_year is not None:
            disc = disc.model_copy(update={"base_year": disc.base_year + shift})
        data = sc.model_dump()
        data["start_year"] = project.start_year
        data["discounting"] = disc.model_dump()
        sc = Scenario.model_validate(data)
    return sc


def project_flows(
    fund: Fund,
    project: Project,
    *,
    base_dir: str | Path = ".",
    catalogue: Catalogue | None = None,
    root: str | Path | None = None,
) -> ProjectFlows:
    """Compile and evaluate one project's scenario and place its flows on the
    fund's calendar years."""
    base = Path(base_dir)
    sc = _project_scenario(fund, project, base, None if root is None else Path(root))
    scenario_dir = (base / project.scenario).resolve().parent
    model = compile_scenario(sc, catalogue, base_dir=scenario_dir)
    overrides = dict(project.overrides)
    if project.cohort_size is not None:
        overrides["cohort.size"] = project.cohort_size
    try:
        cmp = compare_model(model, overrides)
    except SocinvError as exc:
        raise FundError(f"fund {fund.name!r}, project {project.id!r}: {exc}") from None
    streams = attribute_streams(cmp.streams(), fund.agency_levels)
    years = np.arange(fund.start_year, fund.end_year + 1)
    where = f"fund {fund.name!r}, project {project.id!r}"
    payer = fund.payer.value
    cost = streams[(streams["component"] == "intervention_cost") & (streams["payer"] == payer)]
    cost_by_year = cost.groupby("year")["cost_sek"].sum()
    cost_by_year = cost_by_year[cost_by_year.abs() > 0]
    if cost_by_year.empty:
        raise FundError(
            f"{where}: the scenario has no intervention cost borne by the fund's payer "
            f"({payer}); nothing to finance"
        )
    outside = [int(y) for y in cost_by_year.index if not fund.start_year <= y <= fund.end_year]
    if outside:
        raise FundError(
            f"{where}: outlay in {outside[0]} is outside the fund's years "
            f"{fund.start_year}..{fund.end_year}"
        )
    invest = np.zeros(len(years))
    invest[cost_by_year.index.to_numpy(dtype=np.int64) - fund.start_year] = cost_by_year.to_numpy()
    ep = streams[streams["component"] == "episode"]
    sign = np.where(ep["arm"] == "status_quo", 1.0, -1.0)
    sav_all = (
        ep.assign(savings_sek=ep["cost_sek"].to_numpy() * sign)
        .groupby(["payer", "agency", "year"], as_index=False)["savings_sek"]
        .sum()
    )
    in_h = sav_all["year"].between(fund.start_year, fund.end_year)
    beyond = float(sav_all.loc[~in_h & (sav_all["payer"] == payer), "savings_sek"].sum())
    return ProjectFlows(
        project=project,
        comparison=cmp,
        streams=streams,
        outlays=invest * project.financed_share,
        payer_investment=invest,
        savings=sav_all[in_h].reset_index(drop=True),
        start_year=int(sc.start_year),
        end_year=int(cost_by_year.index.max()),
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


def run_fund(
    fund: Fund | str | Path,
    *,
    base_dir: str | Path | None = None,
    catalogue: Catalogue | None = None,
    root: str | Path | None = None,
) -> FundLedger:
    """Build the ledger of a fund (a :class:`Fund` or a YAML path). Scenario
    paths are relative to ``base_dir`` (default: the fund file's folder) and,
    for a fund file, must lie inside ``root`` (default: ``base_dir``) or the
    shipped data."""
    if isinstance(fund, str | Path):
        base = Path(fund).resolve().parent if base_dir is None else Path(base_dir)
        root = base if root is None else root
        fund = load_fund(fund)
    else:
        base = Path(base_dir) if base_dir is not None else Path.cwd()
    flows = tuple(
        project_flows(fund, p, base_dir=base, catalogue=catalogue, root=root) for p in fund.projects
    )
    rows: list[dict[str, object]] = []
    for pf in flows:
        rows.extend(repayments_for(fund, pf))
    reps = pd.DataFrame(
        rows, columns=["project", "rule", "rule_type", "agency", "year", "amount_sek"]
    ).astype({"year": "int64", "amount_sek": "float64", "rule": "int64"})
    ledger = FundLedger(
        fund=fund,
        years=np.arange(fund.start_year, fund.end_year + 1, dtype=np.int64),
        projects=flows,
        repayments=reps,
    )
    ledger.check_identity()
    return ledger


# --- tables for reports and workbooks ---------------------------------------------------------
def ledger_table(ledger: FundLedger) -> pd.DataFrame:
    """The yearly ledger (see :meth:`FundLedger.table`); money columns end in ``_sek``."""
    return ledger.table()


def repayment_table(ledger: FundLedger) -> pd.DataFrame:
    """Repayments in long form: project, rule, rule_type, agency, year, amount_sek."""
    return ledger.repayment_table()


def fund_report_tables(ledger: FundLedger) -> dict[str, pd.DataFrame]:
    """Every fund table under a sheet/section title, in reading order (SEK in the
    fund's price year): the ledger, repayments by agency (wide and long),
    agency positions and the project summary."""
    return {
        "Fund ledger": ledger.table(),
        "Repayments by agency": ledger.repayments_by_agency().reset_index(),
        "Repayments": ledger.repayment_table(),
        "Agency positions": ledger.agency_positions(),
        "Fund projects": ledger.project_summary(),
    }
