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
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from socinv.discounting import rate_factors
from socinv.fund.models import Fund, FundError, load_fund
from socinv.fund.projects import (
    TAX_REVENUE_SUFFIX,
    ProjectFlows,
    project_flows,
    project_model,
    repayments_for,
)
from socinv.unitcosts.catalogue import Catalogue

__all__ = [
    "TAX_REVENUE_SUFFIX",
    "FundLedger",
    "ProjectFlows",
    "fund_report_tables",
    "ledger_from_flows",
    "ledger_table",
    "project_flows",
    "project_model",
    "repayment_table",
    "repayments_for",
    "run_fund",
]

FloatArray = npt.NDArray[np.float64]


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

    # --- summary and views ----------------------------------------------------------
    def summary(self, *, formatted: bool = False) -> pd.DataFrame:
        """The fund's headline numbers (:func:`socinv.fund.summary.fund_headline`),
        one row each: ``quantity, value`` (SEK in the fund's price year unless
        a year or a share); ``formatted`` gives the values as text."""
        from socinv.fund.summary import fund_headline

        h = fund_headline(self)
        h["overdrawn_years"] = ", ".join(str(y) for y in h["overdrawn_years"]) or "none"
        df = pd.DataFrame({"quantity": list(h), "value": list(h.values())}).set_index("quantity")
        if formatted:
            from socinv._display import cell

            df["value"] = [
                cell(v, "money" if k.endswith("_sek") else "share" if "share" in k else "")
                for k, v in h.items()
            ]
        return df

    def tidy(self) -> pd.DataFrame:
        """The yearly ledger in long form: ``draw, year, metric, value`` (one
        draw, the expected case; SEK in the fund's price year)."""
        t = self.table().drop(columns=["price_year"])
        long = t.astype({"overdrawn": float}).melt(
            id_vars="year", var_name="metric", value_name="value"
        )
        long.insert(0, "draw", 0)
        return long

    def __repr__(self) -> str:
        from socinv.formatting import sek

        closing = float(self.table()["closing_balance_sek"].iloc[-1])
        return (
            f"<FundLedger {self.fund.name!r}: {self.fund.start_year}-{self.fund.end_year}, "
            f"{len(self.projects)} project(s), closing balance {sek(closing, unit='SEK')} "
            f"({self.fund.price_year} prices)>"
        )

    def _repr_html_(self) -> str:
        from socinv._display import html

        return html(repr(self)[1:-1], self.summary(formatted=True))

    # --- tables ----------------------------------------------------------------
    def table(self) -> pd.DataFrame:
        """The ledger, one row per year (SEK, fund price year, undiscounted
        unless ``_disc``): opening and closing balance, allocations, outlays,
        repayments; the fund payer's savings, investment, net cash flow and
        its cumulative sum (the investment hump, also discounted at the fund's
        rate to ``start_year``: savings at the end of their year, the
        investment when it is paid, the start of the year unless the
        scenario's cost says otherwise); public-sector savings, those
        outside the fund's payer, and their share (yearly and cumulative)."""
        return self._table.copy()

    @cached_property
    def _table(self) -> pd.DataFrame:
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
        t = np.arange(len(self.years), dtype=float)
        disc = rate_factors(self.fund.discount_rate, t + 1.0)  # savings: end of year
        # the investment when it is paid (start of year unless a cost says otherwise)
        invest_disc = np.zeros(len(self.years))
        for p in self.projects:
            for offset, flow in p.payer_investment_timing.items():
                invest_disc += flow * rate_factors(self.fund.discount_rate, t + offset)
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
                "payer_cumulative_disc_sek": np.cumsum(payer_sav * disc - invest_disc),
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
    return ledger_from_flows(fund, flows)


def ledger_from_flows(fund: Fund, flows: tuple[ProjectFlows, ...]) -> FundLedger:
    """The ledger of ``fund`` from its projects' flows (repayments by the rules)."""
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
    """The fund's tables under the report's titles (kept for existing callers;
    the tables by name are :func:`socinv.fund.summary.fund_tables`, the titles
    live in :mod:`socinv.report.sheets`)."""
    from socinv.report.sheets import fund_report_tables as titled

    return titled(ledger)
