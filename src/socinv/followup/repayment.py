"""Repayment on measured results: a fund's återföring and an outcome
contract's payments computed from *observed* savings and outcomes.

* Fund: the project's repayment rules (:func:`socinv.fund.repayments_for`)
  run on the realised savings of the bokslut, per agency and year, instead
  of the forecast. Each installment falls due ``years_after_end`` after the
  project's actual end year; one due after the last observed year is
  *pending* (its savings are not yet measured). The guideline's deadlines —
  first repayment within ``first_within_years``, all within
  ``all_within_years`` of the end — are checked against these dates.
* Contract: savings and episode-reduction outcomes are measured on the
  observed counts; directly measured outcomes (e.g. a fall in sick days) are
  given as numbers. A term whose year is after the last observed year, or
  whose outcome window is not fully observed, is pending. The investor's
  realised IRR uses the flows up to the last observed year.

All money is SEK in the fund's or contract's price year, undiscounted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from socinv.contracts.evaluate import term_payments
from socinv.contracts.irr import irr
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
)
from socinv.followup.bokslut import Bokslut
from socinv.fund.ledger import ProjectFlows, project_flows, repayments_for
from socinv.fund.models import Fund, FundError, MeasuredSavings

REPAY_COLUMNS = ["project", "rule", "rule_type", "agency", "year", "amount_sek"]


def realised_savings_by_agency(b: Bokslut) -> pd.DataFrame:
    """Realised savings per payer, agency and observed year (SEK), in the
    layout of :attr:`socinv.fund.ProjectFlows.savings`."""
    s = b.savings()
    out = s.groupby(["payer", "agency", "year"], as_index=False)[["realised_savings_sek"]].sum()
    out.columns = pd.Index(["payer", "agency", "year", "savings_sek"])
    return out


def fund_project(
    fund: Fund, project_id: str, *, base_dir: str | Path = ".", root: str | Path | None = None
) -> ProjectFlows:
    """The forecast flows of one project of ``fund`` (its compiled model is
    ``.comparison.model``: validate the project's follow-up file against it).
    Scenario paths as in :func:`socinv.fund.project_flows` (``base_dir``, ``root``)."""
    for p in fund.projects:
        if p.id == project_id:
            return project_flows(fund, p, base_dir=base_dir, root=root)
    raise FundError(
        f"fund {fund.name!r} has no project {project_id!r}; "
        f"known: {', '.join(p.id for p in fund.projects)}"
    )


@dataclass(frozen=True)
class ObservedRepayment:
    """Repayments of one project on the forecast and on observed savings."""

    forecast: pd.DataFrame  # REPAY_COLUMNS
    observed: pd.DataFrame  # REPAY_COLUMNS + status
    timing: pd.DataFrame  # one row per installment of a measured-savings rule
    last_observed_year: int

    def table(self) -> pd.DataFrame:
        """Per rule, agency and year: forecast and observed repayment (SEK)
        and whether the observed one is due or pending."""
        keys = ["project", "rule", "rule_type", "agency", "year"]
        f = self.forecast.groupby(keys)["amount_sek"].sum().rename("forecast_sek")
        o = self.observed.groupby(keys)["amount_sek"].sum().rename("observed_sek")
        df = pd.concat([f, o], axis=1).fillna(0.0).reset_index()
        df["status"] = np.where(
            df["year"] <= self.last_observed_year,
            "due",
            f"pending (savings observed to {self.last_observed_year})",
        )
        return df


def fund_repayment_on_observed(
    fund: Fund,
    project_id: str,
    b: Bokslut,
    *,
    base_dir: str | Path = ".",
    actual_end_year: int | None = None,
    root: str | Path | None = None,
) -> ObservedRepayment:
    """Run the project's repayment rules on the bokslut's realised savings.

    ``actual_end_year`` (default: the planned last outlay year) dates the
    installments. The bokslut must be of the project's model (its cohort and
    calendar years).

    Example:
        >>> from socinv.fund import load_fund
        >>> from socinv.followup import bokslut, load_outcomes
        >>> fund = load_fund("data/contracts/example_fund.yaml")
        >>> model = fund_project(fund, "skolfam", base_dir="data/contracts").comparison.model
        >>> obs = load_outcomes("data/followup/foster_care_followup_example.csv", model)
        >>> rep = fund_repayment_on_observed(
        ...     fund, "skolfam", bokslut(model, obs), base_dir="data/contracts")
        >>> rep.timing["due_year"].tolist(), rep.timing["measured"].tolist()
        ([2028, 2030], [False, False])
    """
    pf = fund_project(fund, project_id, base_dir=base_dir, root=root)
    if b.model.scenario.name != pf.comparison.scenario.name or int(b.model.years[0]) != int(
        pf.comparison.model.years[0]
    ):
        raise FundError(
            f"fund {fund.name!r}, project {project_id!r}: the follow-up is of scenario "
            f"{b.model.scenario.name!r} from {int(b.model.years[0])}, the project runs "
            f"{pf.comparison.scenario.name!r} from {pf.start_year}"
        )
    end = pf.end_year if actual_end_year is None else actual_end_year
    sav = realised_savings_by_agency(b)
    sav = sav[sav["year"].between(fund.start_year, fund.end_year)].reset_index(drop=True)
    observed_pf = dataclasses.replace(pf, savings=sav, end_year=end)
    forecast = pd.DataFrame(repayments_for(fund, pf), columns=REPAY_COLUMNS)
    observed = pd.DataFrame(repayments_for(fund, observed_pf), columns=REPAY_COLUMNS)
    last = max(b.years)
    rows = []
    for k, rule in enumerate(pf.project.repayment):
        if not isinstance(rule, MeasuredSavings):
            continue
        for j, inst in enumerate(rule.installments):
            due = end + inst.years_after_end
            first_deadline = (
                None if rule.first_within_years is None else end + rule.first_within_years
            )
            all_deadline = None if rule.all_within_years is None else end + rule.all_within_years
            ok = (j > 0 or first_deadline is None or due <= first_deadline) and (
                all_deadline is None or due <= all_deadline
            )
            rows.append(
                {
                    "rule": k,
                    "installment": j,
                    "planned_end_year": pf.end_year,
                    "actual_end_year": end,
                    "due_year": due,
                    "first_within_deadline": first_deadline,
                    "all_within_deadline": all_deadline,
                    "within_deadlines": ok,
                    "measured": due <= last,
                }
            )
    return ObservedRepayment(forecast, observed, pd.DataFrame(rows), last)


# --- outcome contracts ------------------------------------------------------------------
def _observed_outcomes(
    contract: Contract, b: Bokslut | None, measured: Mapping[str, float]
) -> tuple[dict[str, float], dict[str, bool]]:
    """Outcome values measured on the follow-up and whether each is fully
    observed (its window inside the observed years)."""
    values: dict[str, float] = {}
    known: dict[str, bool] = {}
    observed_years = set(b.years) if b is not None else set()
    for i, o in enumerate(contract.outcomes):
        if o.id in measured:
            values[o.id], known[o.id] = float(measured[o.id]), True
            continue
        if isinstance(o, SavingsOutcome | EpisodeReductionOutcome):
            if b is None:
                raise ContractError(f"contract {contract.name!r}: outcomes[{i}] needs a follow-up")
            window = set(range(o.from_year, o.to_year + 1))
            known[o.id] = window <= observed_years
            if isinstance(o, SavingsOutcome):
                s = b.savings()
                sel = (s["payer"] == o.payer.value) & s["year"].between(o.from_year, o.to_year)
                if o.agencies:
                    sel &= s["agency"].isin(o.agencies)
                values[o.id] = float(s.loc[sel, "realised_savings_sek"].sum())
            else:
                v = b.variance()
                win = v["year"].between(o.from_year, o.to_year) & (v["episode"] == o.episode)
                part = v[win & (v["group"] == "participants")]
                if b.observed.has_comparison:
                    comp = v[win & (v["group"] == "comparison")]
                    csz = b.observed.group_sizes("comparison")
                    psz = b.observed.group_sizes("participants")
                    base = sum(
                        float(r["observed_sek"]) * psz[int(r["year"])] / csz[int(r["year"])]
                        for r in comp.to_dict("records")
                    )
                else:
                    base = _status_quo_cost(b, o.episode, o.from_year, o.to_year)
                values[o.id] = 1.0 - float(part["observed_sek"].sum()) / base if base > 0 else 0.0
        elif isinstance(o, DirectOutcome):
            values[o.id], known[o.id] = o.value, False
        elif isinstance(o, LinearOutcome):
            values[o.id] = o.constant + sum(c * values[r] for r, c in o.terms.items())
            known[o.id] = all(known[r] for r in o.terms)
    return values, known


def _status_quo_cost(b: Bokslut, episode: str, lo: int, hi: int) -> float:
    from socinv.followup.bokslut import forecast_counts

    sizes = b.observed.group_sizes("participants")
    years = [y for y in sizes if lo <= y <= hi]
    fc = forecast_counts(b.model, years, [sizes[y] for y in years], b.overrides)
    sel = (fc["group"] == "comparison") & (fc["episode"] == episode)
    return float(fc.loc[sel, "cost_sek"].sum())


def _term_outcomes(t: object) -> list[str]:
    if isinstance(t, PayForSavings):
        return [t.outcome]
    if isinstance(t, ConditionalBonus):
        return [t.outcome, t.condition.outcome]
    if isinstance(t, TargetPayment):
        return [t.outcome] + ([t.reference] if t.reference else [])
    return []


@dataclass(frozen=True)
class ObservedContract:
    """A contract's payments on observed outcomes, as of ``as_of``."""

    contract: Contract
    as_of: int
    outcomes: dict[str, float]
    measured: dict[str, bool]
    terms: pd.DataFrame  # term, type, label, year, amount_sek, status
    yearly: pd.DataFrame  # year, disbursements_sek, payments_sek, investor_net_sek
    irr_to_date: float  # NaN when no payment has been made yet

    def summary(self) -> dict[str, float]:
        paid = self.terms.loc[self.terms["status"] == "paid", "amount_sek"].sum()
        pend = self.terms.loc[self.terms["status"] != "paid", "amount_sek"].sum()
        return {
            "paid_to_date_sek": float(paid),
            "pending_sek": float(pend),
            "disbursed_to_date_sek": float(
                self.yearly.loc[self.yearly["year"] <= self.as_of, "disbursements_sek"].sum()
            ),
            "investor_irr_to_date": self.irr_to_date,
        }


def contract_on_observed(
    contract: Contract,
    b: Bokslut | None = None,
    *,
    measured: Mapping[str, float] | None = None,
    as_of: int | None = None,
    delivered: bool = True,
) -> ObservedContract:
    """Pay a contract on observed outcomes: savings and episode reductions from
    the bokslut ``b`` (of the contract's scenario), ``measured`` values for
    direct outcomes; ``as_of`` defaults to the last observed year.

    Example:
        >>> from socinv.contracts import load_contract
        >>> from socinv.followup.repayment import contract_on_observed
        >>> c = load_contract("data/contracts/sick_leave_botkyrka_ornskoldsvik.yaml")
        >>> r = contract_on_observed(c, measured={"programme_effect": 0.13,
        ...                          "national_trend": 0.0}, as_of=2022)
        >>> r.summary()["paid_to_date_sek"]
        40000000.0
    """
    measured = dict(measured or {})
    unknown = [k for k in measured if k not in {o.id for o in contract.outcomes}]
    if unknown:
        raise ContractError(f"contract {contract.name!r} has no outcome {unknown[0]!r}")
    if as_of is None:
        if b is None:
            raise ContractError("give as_of (the last year with measured outcomes)")
        as_of = max(b.years)
    values, known = _observed_outcomes(contract, b, measured)
    pay = term_payments(
        contract,
        {k: np.array([v]) for k, v in values.items()},
        {
            k: np.array([1.0 if delivered else 0.0])
            for k, t in enumerate(contract.terms)
            if isinstance(t, FixedShareOnDelivery)
        },
    )[0]
    rows = []
    for k, t in enumerate(contract.terms):
        ready = t.year <= as_of and all(known.get(o, False) for o in _term_outcomes(t))
        rows.append(
            {
                "term": k,
                "type": t.type,
                "label": t.label,
                "year": t.year,
                "amount_sek": float(pay[k]),
                "status": "paid" if ready else "pending",
            }
        )
    terms = pd.DataFrame(rows)
    years = np.arange(contract.start_year, contract.end_year + 1)
    disb = np.zeros(len(years))
    if contract.investor.disbursements:
        for d in contract.investor.disbursements:
            disb[d.year - contract.start_year] += d.amount_sek
    else:
        disb[0] = contract.investor.capital_sek
    paid = np.zeros(len(years))
    for r in rows:
        if r["status"] == "paid":
            paid[int(r["year"]) - contract.start_year] += float(r["amount_sek"])
    net = paid - disb
    upto = years <= as_of
    rate = float("nan")
    if paid[upto].sum() > 0:
        rate = float(irr(net[upto][None, :], (years[upto] - contract.start_year).astype(float))[0])
    yearly = pd.DataFrame(
        {"year": years, "disbursements_sek": disb, "payments_sek": paid, "investor_net_sek": net}
    )
    return ObservedContract(contract, as_of, values, known, terms, yearly, rate)
