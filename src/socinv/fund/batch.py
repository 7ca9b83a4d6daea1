"""A fund's projects and repayment rules on a batch of Monte Carlo draws at
once: arrays ``draw x year`` (and ``draw x agency``) instead of one ledger per
draw.

The rules are those of :func:`socinv.fund.projects.repayments_for`, written
over arrays: every draw follows the same steps as the deterministic ledger
(outlays and savings by agency are reductions of the project's labelled
result, :class:`socinv.scenarios.Result`), so each draw gives the same
figures as a ledger built for it alone (tested to 1e-12). Money: SEK in the
fund's price year, undiscounted; years are the fund's calendar years.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

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
from socinv.fund.projects import TAX_REVENUE_SUFFIX
from socinv.scenarios.model import Model
from socinv.scenarios.result import COMPONENTS, evaluate_result

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: a rule installment is on time when it has repaid its target within this
#: relative tolerance (SEK)
ON_TIME_TOL = 1e-6


@dataclass(frozen=True)
class ProjectBatch:
    """One project's flows for ``n`` draws on the fund's years ``(n, T)``."""

    project: Project
    agencies: tuple[str, ...]  # the project model's agencies (index of the agency axis)
    outlays: FloatArray  # (n, T) fund outlays: the payer's intervention cost x financed_share
    payer_investment: FloatArray  # (n, T) all intervention cost borne by the fund's payer
    payer_savings: FloatArray  # (n, T) the fund payer's gross savings, all its agencies
    agency_savings: FloatArray  # (n, A, T) gross savings per agency (all payers)
    payer_agency: BoolArray  # (n, A) the fund payer has an episode line with this agency
    known: BoolArray  # (n, A) the agency carries some line of the scenario
    end_year: IntArray  # (n,) last year with an outlay (the project's end)
    first_year: int  # the fund's first year (column 0)

    @property
    def outlay(self) -> FloatArray:
        """``(n,)`` total outlay of each draw (SEK)."""
        total: FloatArray = self.outlays.sum(axis=1)
        return total


@dataclass(frozen=True)
class Payment:
    """What one rule (or one installment of it) repays, per draw: ``amount``
    ``(n, L)`` from each of ``agencies`` (``L`` names) in ``year`` ``(n,)``."""

    project: str
    rule: int
    rule_type: str
    agencies: tuple[str, ...]
    year: IntArray
    amount: FloatArray


@dataclass(frozen=True)
class RuleCheck:
    """One installment checked for time: its due year and target per draw
    (SEK) and what its rule had repaid by then."""

    project: str
    rule: int
    rule_type: str
    installment: int
    due_year: IntArray  # (n,)
    target: FloatArray  # (n,)
    paid: FloatArray  # (n,)

    def on_time(self) -> BoolArray:
        """``(n,)``: the rule repaid the target by the due year (a zero target
        is never on time: nothing was due)."""
        tol = ON_TIME_TOL * np.maximum(np.abs(self.target), 1.0)
        ok: BoolArray = (self.paid >= self.target - tol) & (self.target > 0)
        return ok


@dataclass(frozen=True)
class ProjectRepayments:
    """The repayments of one project for ``n`` draws, in rule order."""

    payments: list[Payment] = field(default_factory=list)
    checks: list[RuleCheck] = field(default_factory=list)


def project_batch(
    fund: Fund, project: Project, model: Model, draws: Mapping[str, FloatArray], n: int
) -> ProjectBatch:
    """Evaluate ``project``'s compiled scenario at ``n`` draws (parameter name ->
    ``(n,)`` values; the project's overrides and cohort size held at their
    values) and place its flows on the fund's years (as
    :func:`socinv.fund.projects.project_flows` does for one draw)."""
    where = f"fund {fund.name!r}, project {project.id!r}"
    overrides: dict[str, FloatArray | float] = dict(draws)
    overrides.update(project.overrides)
    if project.cohort_size is not None:
        overrides["cohort.size"] = project.cohort_size
    try:
        res = evaluate_result(model, model.theta(overrides, n=n))
    except SocinvError as exc:
        raise FundError(f"{where}: {exc}") from None
    coords = res.coords()
    payer_i = coords["payer"].index(fund.payer.value)
    cost = res.investment(keep=("payer",))[:, payer_i]  # (n, T model)
    has_cost = np.abs(cost) > 0
    if not has_cost.any(axis=1).all():
        raise FundError(
            f"{where}: the scenario has no intervention cost borne by the fund's payer "
            f"({fund.payer.value}); nothing to finance"
        )
    years = np.arange(fund.start_year, fund.end_year + 1)
    in_fund = (model.years >= fund.start_year) & (model.years <= fund.end_year)
    outside = has_cost & ~in_fund[None, :]
    if outside.any():
        first = int(model.years[np.flatnonzero(outside.any(axis=0))[0]])
        raise FundError(
            f"{where}: outlay in {first} is outside the fund's years "
            f"{fund.start_year}..{fund.end_year}"
        )
    # columns of the fund's years that the model's years fill
    cols = (model.years[in_fund] - fund.start_year).astype(np.int64)

    def on_fund_years(x: FloatArray) -> FloatArray:
        out = np.zeros((*x.shape[:-1], len(years)))
        out[..., cols] = x[..., in_fund]
        return out

    invest = on_fund_years(cost)
    by_agency = res.savings(keep=("payer", "agency"))  # (n, payer, agency, T model)
    lines = res.lines
    shares = res.shares[:, lines.row, lines.payer]  # (n, lines)
    episode = lines.codes["component"] == COMPONENTS.index("episode")
    n_agencies = len(coords["agency"])
    payer_agency = np.zeros((n, n_agencies), dtype=bool)
    known = np.zeros((n, n_agencies), dtype=bool)
    for j in range(len(lines.row)):
        a = int(lines.codes["agency"][j])
        nz = shares[:, j] != 0
        known[:, a] |= nz
        if episode[j] and lines.codes["payer"][j] == payer_i:
            payer_agency[:, a] |= nz
    last = np.where(has_cost, model.years[None, :], np.iinfo(np.int64).min).max(axis=1)
    return ProjectBatch(
        project=project,
        agencies=tuple(str(a) for a in coords["agency"]),
        outlays=invest * project.financed_share,
        payer_investment=invest,
        payer_savings=on_fund_years(by_agency[:, payer_i].sum(axis=1)),
        agency_savings=on_fund_years(by_agency.sum(axis=1)),
        payer_agency=payer_agency,
        known=known,
        end_year=last.astype(np.int64),
        first_year=fund.start_year,
    )


def _eligible(
    fund: Fund, pb: ProjectBatch, agencies: tuple[str, ...] | None, where: str
) -> tuple[tuple[str, ...], IntArray, BoolArray]:
    """The agencies a rule measures: names, their index on the agency axis and
    ``(n, L)`` whether each counts in a draw. Named agencies must bear some
    cost in the scenario (a typo would measure 0)."""
    n = len(pb.end_year)
    if agencies is not None:
        for i, a in enumerate(agencies):
            if a not in pb.agencies or not pb.known[:, pb.agencies.index(a)].all():
                known = sorted(x for k, x in enumerate(pb.agencies) if pb.known[:, k].all())
                raise FundError(
                    f"fund {fund.name!r}, project {pb.project.id!r}: {where}.agencies[{i}] "
                    f"{a!r} bears no cost in the project's scenario; known: {known}"
                )
        idx = np.array([pb.agencies.index(a) for a in agencies], dtype=np.int64)
        return tuple(agencies), idx, np.ones((n, len(agencies)), dtype=bool)
    mine = sorted(
        (a, k)
        for k, a in enumerate(pb.agencies)
        if pb.payer_agency[:, k].any() and not a.endswith(TAX_REVENUE_SUFFIX)
    )
    idx = np.array([k for _, k in mine], dtype=np.int64)
    return tuple(a for a, _ in mine), idx, pb.payer_agency[:, idx]


def _cum_savings(pb: ProjectBatch, idx: IntArray, mask: BoolArray, year: IntArray) -> FloatArray:
    """``(n, L)``: cumulative savings of each agency from the fund's first year
    up to ``year`` (per draw) inclusive, floored at zero (SEK); agencies that
    do not count in a draw (``mask``) measure zero."""
    cum = np.cumsum(pb.agency_savings[:, idx, :], axis=2)  # (n, L, T)
    col = (year - pb.first_year)[:, None, None]
    at = np.take_along_axis(cum, np.broadcast_to(col, (*cum.shape[:2], 1)), axis=2)[:, :, 0]
    out: FloatArray = np.where(mask, np.maximum(at, 0.0), 0.0)
    return out


def _date(fund: Fund, pb: ProjectBatch, rule_no: int, years_after_end: int, name: str) -> IntArray:
    """``(n,)`` the calendar year of a repayment; one after the fund's last
    year in any draw is an error."""
    y = pb.end_year + years_after_end
    if (y > fund.end_year).any():
        late = int(y.max())
        raise FundError(
            f"fund {fund.name!r}, project {pb.project.id!r}: repayment[{rule_no}].{name} puts "
            f"a repayment in {late}, after the fund's end_year {fund.end_year}; extend end_year"
        )
    return y


def _check_agency(fund: Fund, pb: ProjectBatch, rule_no: int, agency: str, measured: bool) -> None:
    """A repaying agency must belong to the fund's payer and be known: an
    agency of the scenario in every draw (``measured``: taken from the
    scenario's savings) or one of the known agencies."""
    where = f"fund {fund.name!r}, project {pb.project.id!r}"
    level = agency_level(agency, fund.agency_levels)
    in_all = agency in pb.agencies and bool(pb.known[:, pb.agencies.index(agency)].all())
    if level is None and not (measured or in_all):
        in_scenario = sorted(a for k, a in enumerate(pb.agencies) if pb.known[:, k].all())
        raise FundError(
            f"{where}: repayment[{rule_no}].agency {agency!r} is neither an agency of the "
            f"project's scenario ({in_scenario}) nor a known one; check the "
            "spelling or declare a local committee in the fund's agency_levels"
        )
    if level is not None and level is not fund.payer:
        raise FundError(
            f"{where}: repayment[{rule_no}].agency {agency!r} belongs to the {level.value}, "
            f"not to the fund's payer ({fund.payer.value}); it cannot repay this fund"
        )


def project_repayments(fund: Fund, pb: ProjectBatch) -> ProjectRepayments:
    """The repayments of one project under its rules for every draw, in rule
    order (:func:`socinv.fund.projects.repayments_for` over arrays), and the
    installments checked for time."""
    out = ProjectRepayments()
    n = len(pb.end_year)
    outlay = pb.outlay
    repaid = np.zeros(n)
    pid = pb.project.id
    for k, rule in enumerate(pb.project.repayment):
        if isinstance(rule, MeasuredSavings):
            names, idx, mask = _eligible(fund, pb, rule.agencies, f"repayment[{k}]")
            for a in names:
                _check_agency(fund, pb, k, a, measured=rule.agencies is None)
            paid = np.zeros((n, len(names)))
            cum_share = cum_target = 0.0
            cap = None if rule.cap_share_of_outlay is None else rule.cap_share_of_outlay * outlay
            full = outlay if cap is None else np.minimum(outlay, cap)
            for j, inst in enumerate(rule.installments):
                y = _date(fund, pb, k, inst.years_after_end, f"installments[{j}].years_after_end")
                cum_share += inst.share
                cum_target = min(cum_target + inst.share, 1.0)
                share = min(cum_share, 1.0)
                s = _cum_savings(pb, idx, mask, y)
                s_sum = s.sum(axis=1)
                total_due = rule.share * s_sum
                if cap is not None:
                    total_due = np.minimum(total_due, cap)
                pay_total = np.maximum(share * total_due - paid.sum(axis=1), 0.0)
                # each agency's own cumulative due (the cap scales all alike)
                ratio = np.divide(total_due, s_sum, out=np.zeros(n), where=s_sum != 0)
                due = share * s * ratio[:, None]
                pos = np.maximum(due - paid, 0.0)
                pos_sum = pos.sum(axis=1)
                # nothing due, or only a rounding residue left to pay
                pays = (pay_total > 0) & (pos_sum > 0.0)
                weights = np.divide(
                    pos, pos_sum[:, None], out=np.zeros_like(pos), where=pays[:, None]
                )
                pay = pay_total[:, None] * weights
                out.payments.append(Payment(pid, k, rule.type, names, y, pay))
                paid += pay
                repaid += pay.sum(axis=1)
                out.checks.append(
                    RuleCheck(pid, k, rule.type, j, y, cum_target * full, paid.sum(axis=1))
                )
        elif isinstance(rule, FixedShareOnResults):
            _check_agency(fund, pb, k, rule.agency, measured=False)
            y = _date(fund, pb, k, rule.years_after_end, "years_after_end")
            if rule.results_achieved is not None:
                achieved = np.full(n, rule.results_achieved)
            else:
                names, idx, mask = _eligible(fund, pb, rule.agencies, f"repayment[{k}]")
                measured = _cum_savings(pb, idx, mask, y).sum(axis=1)
                achieved = measured >= rule.min_savings_share_of_outlay * outlay - 1e-9
            amount = np.where(achieved, rule.share * outlay, 0.0)
            amount = np.where(amount > 0, amount, 0.0)
            out.payments.append(Payment(pid, k, rule.type, (rule.agency,), y, amount[:, None]))
            repaid += amount
            out.checks.append(RuleCheck(pid, k, rule.type, 0, y, rule.share * outlay, amount))
        elif isinstance(rule, RiskSharing):
            _check_agency(fund, pb, k, rule.agency, measured=False)
            y = _date(fund, pb, k, rule.years_after_end, "years_after_end")
            shortfall = np.maximum(rule.target_share_of_outlay * outlay - repaid, 0.0)
            amount = np.maximum((1.0 - rule.central_share) * shortfall, 0.0)
            out.payments.append(Payment(pid, k, rule.type, (rule.agency,), y, amount[:, None]))
            repaid += amount
        else:
            assert isinstance(rule, CentralFunding)
    return out
