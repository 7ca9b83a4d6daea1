"""The fund Monte Carlo over arrays (draw x year) gives, draw by draw, the
ledger built for that draw alone (the slow reference below: one
:func:`project_flows` and one ledger per draw, as the fund's Monte Carlo was
first written), to 1e-12 relative."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from socinv.fund.ledger import FundLedger, ledger_from_flows, project_flows, project_model
from socinv.fund.models import FixedShareOnResults, Fund, MeasuredSavings, load_fund
from socinv.fund.montecarlo import _project_seed, fund_monte_carlo
from socinv.sensitivity.montecarlo import draw_range
from socinv.sensitivity.parameters import uncertainty

DATA = Path(__file__).resolve().parents[1] / "data"
FUND = DATA / "contracts" / "example_fund.yaml"
SCENARIOS = DATA / "scenarios"


def _rule_rows(ledger: FundLedger) -> list[tuple[str, int, str, int, int, float]]:
    rows = []
    for pf in ledger.projects:
        outlay = float(pf.outlays.sum())
        for k, rule in enumerate(pf.project.repayment):
            if isinstance(rule, MeasuredSavings):
                cap = rule.cap_share_of_outlay
                full = outlay if cap is None else min(outlay, cap * outlay)
                cum = 0.0
                for j, inst in enumerate(rule.installments):
                    cum = min(cum + inst.share, 1.0)
                    due = pf.end_year + inst.years_after_end
                    rows.append((pf.project.id, k, rule.type, j, due, cum * full))
            elif isinstance(rule, FixedShareOnResults):
                due = pf.end_year + rule.years_after_end
                rows.append((pf.project.id, k, rule.type, 0, due, rule.share * outlay))
    return rows


def slow_reference(fund: Fund, base: Path, n: int, seed: int) -> dict[str, Any]:
    """One ledger per draw through the deterministic code."""
    models = [project_model(fund, p, base_dir=base, root=DATA) for p in fund.projects]
    uncs = [
        uncertainty(m, fixed=[*p.overrides, "cohort.size"])
        for m, p in zip(models, fund.projects, strict=True)
    ]
    values = [draw_range(u, _project_seed(seed, k), 0, n) for k, u in enumerate(uncs)]
    out: dict[str, list[Any]] = {
        k: [] for k in ("depth", "year", "out", "rep", "closing", "on_time", "target", "agency")
    }
    for i in range(n):
        flows = tuple(
            project_flows(fund, p, model=m, draw=dict(zip(u.names, v[i].tolist(), strict=True)))
            for p, m, u, v in zip(fund.projects, models, uncs, values, strict=True)
        )
        ledger = ledger_from_flows(fund, flows)
        t = ledger.table()
        cum = t["payer_cumulative_sek"].to_numpy()
        low = int(np.argmin(cum))
        out["depth"].append(min(float(cum[low]), 0.0))
        out["year"].append(int(ledger.years[low]))
        out["out"].append(np.cumsum(t["outlays_sek"].to_numpy()))
        out["rep"].append(np.cumsum(t["repayments_sek"].to_numpy()))
        out["closing"].append(t["closing_balance_sek"].to_numpy())
        reps = ledger.repayments
        flags, targets = [], []
        for project, k, _, _, due, target in _rule_rows(ledger):
            sel = (reps["project"] == project) & (reps["rule"] == k) & (reps["year"] <= due)
            paid = float(reps.loc[sel, "amount_sek"].sum())
            flags.append(paid >= target - 1e-6 * max(abs(target), 1.0) and target > 0)
            targets.append(target)
        out["on_time"].append(flags)
        out["target"].append(targets)
        out["agency"].append(reps.groupby("agency")["amount_sek"].sum().to_dict())
    agencies = pd.DataFrame(out["agency"]).fillna(0.0)
    return {
        "hump_depth": np.array(out["depth"]),
        "hump_year": np.array(out["year"]),
        "outlays_cum": np.array(out["out"]),
        "repaid_cum": np.array(out["rep"]),
        "closing_balance": np.array(out["closing"]),
        "on_time": np.array(out["on_time"], dtype=bool).reshape(n, -1),
        "target": np.array(out["target"]).reshape(n, -1).mean(axis=0),
        "by_agency": agencies.reindex(sorted(agencies.columns), axis=1),
    }


def _close(a: Any, b: Any) -> None:
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12 * max(1.0, float(np.max(np.abs(b)))))


def _check(fund: Fund, base: Path, n: int, seed: int, chunk: int = 64) -> None:
    mc = fund_monte_carlo(fund, n, seed, base_dir=base, root=DATA, chunk_size=chunk)
    ref = slow_reference(fund, base, n, seed)
    for name in ("hump_depth", "outlays_cum", "repaid_cum", "closing_balance"):
        _close(getattr(mc, name), ref[name])
    np.testing.assert_array_equal(mc.hump_year, ref["hump_year"])
    np.testing.assert_array_equal(mc.on_time, ref["on_time"])
    if len(mc.rules):
        _close(mc.rules["target_sek"].to_numpy(), ref["target"])
    assert list(mc.repaid_by_agency.columns) == list(ref["by_agency"].columns)
    _close(mc.repaid_by_agency.to_numpy(), ref["by_agency"].to_numpy())


def test_example_fund_draw_by_draw() -> None:
    fund = load_fund(FUND)
    _check(fund, FUND.parent, 40, seed=3, chunk=16)


def _fund(projects: list[dict[str, Any]], **kw: Any) -> Fund:
    data: dict[str, Any] = {
        "name": "f",
        "start_year": 2025,
        "end_year": 2045,
        "price_year": 2024,
        "initial_capital_sek": 1_000_000,
        "allocations": [{"year": 2027, "amount_sek": 500_000}],
        "projects": projects,
        **kw,
    }
    return Fund.model_validate(data)


SKOLFAM = str(SCENARIOS / "foster_care_school_support.yaml")
HVB = str(DATA / "contracts" / "norrkoping_hvb_scenario.yaml")


@pytest.mark.parametrize(
    "rules",
    [
        # uncapped, three installments, a share of the savings
        [
            {
                "type": "measured_savings",
                "share": 0.6,
                "cap_share_of_outlay": None,
                "installments": [
                    {"years_after_end": 1, "share": 0.3},
                    {"years_after_end": 3, "share": 0.3},
                    {"years_after_end": 6, "share": 0.4},
                ],
            },
            {
                "type": "risk_sharing",
                "central_share": 0.25,
                "agency": "socialnämnd",
                "years_after_end": 6,
                "target_share_of_outlay": 0.8,
            },
        ],
        # a cap below the outlay, named agencies, then a results rule measured on them
        [
            {
                "type": "measured_savings",
                "cap_share_of_outlay": 0.4,
                "agencies": ["socialnämnd"],
                "installments": [{"years_after_end": 2, "share": 1.0}],
            },
            {
                "type": "fixed_share_on_results",
                "share": 0.3,
                "agency": "socialnämnd",
                "years_after_end": 4,
                "min_savings_share_of_outlay": 0.2,
            },
        ],
        # results stated, a central grant and risk sharing
        [
            {
                "type": "fixed_share_on_results",
                "share": 0.5,
                "agency": "socialnämnd",
                "years_after_end": 1,
                "results_achieved": True,
            },
            {"type": "central_funding"},
            {
                "type": "risk_sharing",
                "central_share": 0.5,
                "agency": "socialnämnd",
                "years_after_end": 3,
            },
        ],
    ],
    ids=["uncapped", "capped-named", "stated-results"],
)
def test_rule_types_draw_by_draw(rules: list[dict[str, Any]]) -> None:
    fund = _fund(
        [
            {
                "id": "a",
                "scenario": SKOLFAM,
                "start_year": 2025,
                "cohort_size": 15,
                "repayment": rules,
            },
            {
                "id": "b",
                "scenario": HVB,
                "start_year": 2028,
                "cohort_size": 10,
                "financed_share": 0.7,
                "repayment": rules,
            },
        ]
    )
    _check(fund, SCENARIOS, 25, seed=11, chunk=7)


def test_no_projects_is_an_empty_ledger() -> None:
    fund = _fund([])
    mc = fund_monte_carlo(fund, 3, seed=1, base_dir=SCENARIOS)
    np.testing.assert_array_equal(mc.outlays_cum, np.zeros((3, 21)))
    np.testing.assert_array_equal(mc.closing_balance[:, -1], np.full(3, 1_500_000.0))
    assert mc.on_time.shape == (3, 0) and mc.repaid_by_agency.shape == (3, 0)


def test_errors_of_the_rules_name_project_and_field() -> None:
    from socinv.fund.models import FundError

    late = [
        {
            "type": "measured_savings",
            "installments": [{"years_after_end": 30, "share": 1.0}],
        }
    ]
    fund = _fund([{"id": "a", "scenario": SKOLFAM, "start_year": 2025, "repayment": late}])
    with pytest.raises(FundError, match=r"project 'a': repayment\[0\]\.installments\[0\]"):
        fund_monte_carlo(fund, 2, seed=1, base_dir=SCENARIOS, root=DATA)
    typo = [
        {
            "type": "measured_savings",
            "agencies": ["socialnamnd"],
            "installments": [{"years_after_end": 2, "share": 1.0}],
        }
    ]
    fund = _fund([{"id": "a", "scenario": SKOLFAM, "start_year": 2025, "repayment": typo}])
    with pytest.raises(FundError, match=r"agencies\[0\] 'socialnamnd' bears no cost"):
        fund_monte_carlo(fund, 2, seed=1, base_dir=SCENARIOS, root=DATA)
    state = [
        {
            "type": "risk_sharing",
            "central_share": 0.5,
            "agency": "Försäkringskassan",
            "years_after_end": 2,
        }
    ]
    fund = _fund([{"id": "a", "scenario": SKOLFAM, "start_year": 2025, "repayment": state}])
    with pytest.raises(FundError, match="belongs to the state"):
        fund_monte_carlo(fund, 2, seed=1, base_dir=SCENARIOS, root=DATA)


@pytest.mark.parametrize(
    "path",
    [
        SCENARIOS / "foster_care_school_support.yaml",
        DATA / "contracts" / "norrkoping_hvb_scenario.yaml",
        SCENARIOS / "crime_career_justice_chain.yaml",
    ],
    ids=lambda p: p.stem,
)
def test_savings_by_agency_is_the_labelled_reduction(path: Path) -> None:
    """``fund.savings_by_agency`` reduces the labelled result; the same table
    summed from attributed streams gives the same rows and figures."""
    import socinv
    from socinv.fund import attribute_streams, savings_by_agency

    cmp = socinv.compare(path)
    by_result = savings_by_agency(cmp)
    pd.testing.assert_frame_equal(by_result, cmp.labelled.savings_by_agency())
    by_streams = savings_by_agency(attribute_streams(cmp.streams()))
    pd.testing.assert_frame_equal(
        by_result.reset_index(drop=True),
        by_streams.reset_index(drop=True),
        check_exact=False,
        rtol=1e-12,
        atol=1e-6,
        check_dtype=False,
    )
