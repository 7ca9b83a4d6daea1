"""Fund ledger: agency attribution, balance identity, repayment rules (timing,
caps at their thresholds, results, risk sharing), the investment hump and the
share of gains outside the payer — against hand-computed values on the small
test catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socinv import Catalogue, Payer, load_catalogue
from socinv.cli.main import main
from socinv.fund import (
    FundError,
    attribute,
    attribute_streams,
    fund_from_dict,
    run_fund,
)
from support import ROOT, SMALL_CSV, base_scenario

# Scenario on the small catalogue (2024 prices, model years 2025-2034):
#   HVB 100 days x 4000 SEK at ages 11-15 (2026-2030) = 400 000 SEK a year, halved by the
#   intervention -> socialnämnd saves 200 000 SEK a year 2026-2030 (1 000 000 in all);
#   prison 10 days x 3000 SEK at the same ages, halved -> Kriminalvården (state) saves
#   15 000 SEK a year; the intervention costs 300 000 SEK in 2025, paid by the municipality.
SAVING_PER_YEAR = 200_000.0
STATE_SAVING_PER_YEAR = 15_000.0
OUTLAY = 300_000.0


def scenario_dict() -> dict[str, object]:
    return base_scenario(
        status_quo={
            "episodes": [
                {"id": "hvb", "item": "hvb", "quantity": 100, "from_age": 11, "to_age": 15},
                {"id": "prison", "item": "prison", "quantity": 10, "from_age": 11, "to_age": 15},
            ]
        },
        intervention={
            "costs": [
                {
                    "id": "support",
                    "amount_sek": OUTLAY,
                    "price_year": 2024,
                    "payer": "municipality",
                    "from_age": 10,
                    "to_age": 10,
                }
            ],
            "effects": [
                {"id": "less_hvb", "episode": "hvb", "relative_risk": 0.5},
                {"id": "less_prison", "episode": "prison", "relative_risk": 0.5},
            ],
        },
    )


@pytest.fixture
def scenario_path(tmp_path: Path) -> Path:
    p = tmp_path / "scen.yaml"
    p.write_text(yaml.safe_dump(scenario_dict(), allow_unicode=True), encoding="utf-8")
    return p


@pytest.fixture
def cat(tmp_path: Path) -> Catalogue:
    p = tmp_path / "small.csv"
    p.write_text(SMALL_CSV, encoding="utf-8")
    return load_catalogue(p)


def fund_dict(scenario: Path, rules: list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "f",
        "start_year": 2025,
        "end_year": 2035,
        "price_year": 2024,
        "initial_capital_sek": 1_000_000,
        "allocations": [{"year": 2027, "amount_sek": 100_000}],
        "discount_rate": 0.05,
        "projects": [{"id": "p", "scenario": str(scenario), "repayment": rules}],
    }
    data.update(changes)
    return data


def installments(first: int = 2, last: int = 4, **extra: Any) -> dict[str, Any]:
    return {
        "type": "measured_savings",
        "installments": [
            {"years_after_end": first, "share": 0.5},
            {"years_after_end": last, "share": 0.5},
        ],
        **extra,
    }


def reps_by_year(ledger: Any) -> dict[int, float]:
    r = ledger.repayment_table()
    return {int(y): float(v) for y, v in r.groupby("year")["amount_sek"].sum().items()}


# --- agency attribution ------------------------------------------------------------------
def test_attribution_rules() -> None:
    # the item's agency applies to the payer it belongs to ...
    assert attribute(Payer.STATE, "social_services", "SiS", 2) == "SiS"
    # ... the municipality's share of a SiS day (the care fee) goes to the socialnämnd
    assert attribute(Payer.MUNICIPALITY, "social_services", "SiS", 2) == "socialnämnd"
    # no agency: default by payer and sector
    assert attribute(Payer.REGION, "health", "", 1) == "hälso- och sjukvård"
    assert attribute(Payer.MUNICIPALITY, "school", "", 1) == "utbildningsnämnd"
    assert attribute(Payer.STATE, "social_insurance", "", 1) == "Försäkringskassan"
    # lost tax revenue is no committee's budget
    assert attribute(Payer.MUNICIPALITY, "production", "", 1) == "municipality tax revenue"
    # an unknown local committee is kept for a single-payer item, with a declared level too
    assert attribute(Payer.MUNICIPALITY, "social_services", "vård- och omsorgsnämnd", 1) == (
        "vård- och omsorgsnämnd"
    )
    assert (
        attribute(
            Payer.MUNICIPALITY,
            "social_services",
            "vård- och omsorgsnämnd",
            2,
            {"vård- och omsorgsnämnd": Payer.MUNICIPALITY},
        )
        == "vård- och omsorgsnämnd"
    )
    assert attribute(Payer.INDIVIDUAL, "social_services", "socialnämnd", 2) == "individual"


def test_attributed_streams_keep_totals(cat: Catalogue) -> None:
    from socinv import compare, scenario_from_dict

    sc = scenario_from_dict(
        base_scenario(
            status_quo={
                "episodes": [
                    {"id": "sis", "item": "sis", "quantity": 10, "from_age": 10, "to_age": 12},
                    {"id": "b", "item": "bistand", "quantity": 1, "from_age": 10, "to_age": 12},
                ]
            }
        )
    )
    s = compare(sc, catalogue=cat).streams()
    a = attribute_streams(s)
    assert a["cost_sek"].sum() == pytest.approx(s["cost_sek"].sum())
    sq = a[a["arm"] == "status_quo"]
    by = sq.groupby(["payer", "agency"])["cost_sek"].sum()
    # SiS 12 000/day x 10 days x 3 years = 360 000; municipality 0.667, state 0.333
    assert by[("municipality", "socialnämnd")] == pytest.approx(360_000 * 0.667 + 3 * 80_000)
    assert by[("state", "SiS")] == pytest.approx(360_000 * 0.333)
    assert by[("individual", "individual")] == pytest.approx(-3 * 80_000)
    assert set(a["item_agency"].dropna()) <= {"SiS", "socialnämnd"}


# --- ledger identity -----------------------------------------------------------------------
def test_balance_identity_and_hand_computed_repayments(scenario_path: Path, cat: Catalogue) -> None:
    ledger = run_fund(fund_from_dict(fund_dict(scenario_path, [installments()])), catalogue=cat)
    t = ledger.table()
    expected = (
        1_000_000
        + np.cumsum(t["allocations_sek"] - t["outlays_sek"] + t["repayments_sek"]).to_numpy()
    )
    np.testing.assert_allclose(t["closing_balance_sek"], expected)
    np.testing.assert_allclose(
        t["opening_balance_sek"].iloc[1:], t["closing_balance_sek"].iloc[:-1]
    )
    assert t.loc[t.year == 2025, "outlays_sek"].item() == pytest.approx(OUTLAY)
    # installments at end (2025) + 2 and + 4; savings measured to 2027: 400 000, to 2029: 800 000;
    # due = cumulative share x min(savings, cap = outlay)
    assert reps_by_year(ledger) == pytest.approx({2027: 0.5 * OUTLAY, 2029: 0.5 * OUTLAY})
    assert set(ledger.repayment_table()["agency"]) == {"socialnämnd"}
    assert t["closing_balance_sek"].iloc[-1] == pytest.approx(1_000_000 + 100_000)


def test_uncapped_measured_savings(scenario_path: Path, cat: Catalogue) -> None:
    rule = installments(cap_share_of_outlay=None)
    ledger = run_fund(fund_from_dict(fund_dict(scenario_path, [rule])), catalogue=cat)
    # 0.5 x 400 000 at 2027, then 1.0 x 800 000 - 200 000 at 2029
    assert reps_by_year(ledger) == pytest.approx({2027: 200_000, 2029: 600_000})


@pytest.mark.parametrize(
    ("cap", "expected_total"),
    [
        (1_000_000 / OUTLAY, 1_000_000.0),  # cap exactly equal to the measured savings
        (2.0, 2 * OUTLAY),  # cap below the measured savings: binds
        (4.0, 1_000_000.0),  # cap above: the savings bind
    ],
)
def test_cap_binds_exactly_at_threshold(
    scenario_path: Path, cat: Catalogue, cap: float, expected_total: float
) -> None:
    rule = {
        "type": "measured_savings",
        "cap_share_of_outlay": cap,
        "installments": [{"years_after_end": 5, "share": 1.0}],  # 2030: all savings measured
    }
    ledger = run_fund(fund_from_dict(fund_dict(scenario_path, [rule])), catalogue=cat)
    assert ledger.repayment_table()["amount_sek"].sum() == pytest.approx(expected_total)


def test_share_of_savings(scenario_path: Path, cat: Catalogue) -> None:
    rule = {
        "type": "measured_savings",
        "share": 0.25,
        "cap_share_of_outlay": None,
        "installments": [{"years_after_end": 5, "share": 1.0}],
    }
    ledger = run_fund(fund_from_dict(fund_dict(scenario_path, [rule])), catalogue=cat)
    assert ledger.repayment_table()["amount_sek"].sum() == pytest.approx(0.25 * 1_000_000)


def test_state_agencies_never_repay_a_municipal_fund(scenario_path: Path, cat: Catalogue) -> None:
    rule = installments(agencies=["Kriminalvården"])
    with pytest.raises(FundError, match=r"Kriminalvården.*belongs to the state"):
        run_fund(fund_from_dict(fund_dict(scenario_path, [rule])), catalogue=cat)


# --- timing rules --------------------------------------------------------------------------
def test_timing_guideline_is_enforced_with_field_path(scenario_path: Path) -> None:
    late_first = installments(first=3, last=4, first_within_years=2, all_within_years=4)
    with pytest.raises(FundError) as exc:
        fund_from_dict(fund_dict(scenario_path, [late_first]), source="fund.yaml")
    msg = str(exc.value)
    assert "fund.yaml: projects[0].repayment[0].measured_savings" in msg
    assert "installments[0].years_after_end = 3 is later than first_within_years = 2" in msg
    late_last = installments(first=2, last=5, first_within_years=2, all_within_years=4)
    with pytest.raises(FundError, match=r"installments\[1\].years_after_end = 5.*all_within_years"):
        fund_from_dict(fund_dict(scenario_path, [late_last]))
    bad_shares = {
        "type": "measured_savings",
        "installments": [{"years_after_end": 2, "share": 0.5}],
    }
    with pytest.raises(FundError, match="must sum to 1"):
        fund_from_dict(fund_dict(scenario_path, [bad_shares]))
    unordered = installments(first=4, last=2)
    with pytest.raises(FundError, match="strictly increasing"):
        fund_from_dict(fund_dict(scenario_path, [unordered]))


def test_repayment_after_fund_end_is_an_error(scenario_path: Path, cat: Catalogue) -> None:
    f = fund_from_dict(fund_dict(scenario_path, [installments()], end_year=2028))
    with pytest.raises(FundError, match=r"repayment\[0\].installments\[1\].*2029.*end_year 2028"):
        run_fund(f, catalogue=cat)


def test_outlay_outside_fund_years_is_an_error(scenario_path: Path, cat: Catalogue) -> None:
    f = fund_from_dict(fund_dict(scenario_path, [], start_year=2026))
    with pytest.raises(FundError, match="outlay in 2025 is outside"):
        run_fund(f, catalogue=cat)


def test_project_moved_in_time(scenario_path: Path, cat: Catalogue) -> None:
    d = fund_dict(scenario_path, [installments()])
    d["projects"][0]["start_year"] = 2027
    ledger = run_fund(fund_from_dict(d), catalogue=cat)
    assert reps_by_year(ledger) == pytest.approx({2029: 0.5 * OUTLAY, 2031: 0.5 * OUTLAY})


# --- other rules ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("min_share", "paid"),
    [
        (400_000 / OUTLAY, True),  # measured savings to 2027 (400 000) exactly at the threshold
        (400_001 / OUTLAY, False),  # just above what was measured
    ],
)
def test_fixed_share_on_results_threshold(
    scenario_path: Path, cat: Catalogue, min_share: float, paid: bool
) -> None:
    rule = {
        "type": "fixed_share_on_results",
        "share": 0.4,
        "agency": "socialnämnd",
        "years_after_end": 2,
        "min_savings_share_of_outlay": min_share,
    }
    ledger = run_fund(fund_from_dict(fund_dict(scenario_path, [rule])), catalogue=cat)
    assert reps_by_year(ledger) == (pytest.approx({2027: 0.4 * OUTLAY}) if paid else {})


def test_results_flag_overrides_measurement(scenario_path: Path, cat: Catalogue) -> None:
    rule = {
        "type": "fixed_share_on_results",
        "share": 0.4,
        "agency": "socialnämnd",
        "years_after_end": 2,
        "min_savings_share_of_outlay": 100.0,
        "results_achieved": True,
    }
    ledger = run_fund(fund_from_dict(fund_dict(scenario_path, [rule])), catalogue=cat)
    assert reps_by_year(ledger) == pytest.approx({2027: 0.4 * OUTLAY})


def test_central_funding_and_risk_sharing(scenario_path: Path, cat: Catalogue) -> None:
    grant = run_fund(
        fund_from_dict(fund_dict(scenario_path, [{"type": "central_funding"}])), catalogue=cat
    )
    assert grant.repayment_table().empty
    assert grant.project_summary()["not_repaid_sek"].item() == pytest.approx(OUTLAY)
    # measured savings to 2026 (end + 1) are 200 000 (cap 300 000): repaid 200 000;
    # the shortfall of 100 000 is shared: the socialnämnd repays (1 - 0.7) of it
    rules = [
        {"type": "measured_savings", "installments": [{"years_after_end": 1, "share": 1.0}]},
        {
            "type": "risk_sharing",
            "central_share": 0.7,
            "agency": "socialnämnd",
            "years_after_end": 3,
        },
    ]
    ledger = run_fund(fund_from_dict(fund_dict(scenario_path, rules)), catalogue=cat)
    assert reps_by_year(ledger) == pytest.approx({2026: 200_000, 2028: 0.3 * 100_000})
    summary = ledger.project_summary()
    assert summary["not_repaid_sek"].item() == pytest.approx(0.7 * 100_000)


# --- hump, agencies and outside share --------------------------------------------------------
def test_investment_hump_and_outside_share(scenario_path: Path, cat: Catalogue) -> None:
    ledger = run_fund(fund_from_dict(fund_dict(scenario_path, [installments()])), catalogue=cat)
    t = ledger.table().set_index("year")
    net = np.zeros(11)
    net[0] = -OUTLAY
    net[1:6] = SAVING_PER_YEAR
    np.testing.assert_allclose(t["payer_net_sek"], net, atol=1e-6)
    np.testing.assert_allclose(t["payer_cumulative_sek"], np.cumsum(net), atol=1e-6)
    # savings at the end of their year, the outlay at the start of 2025 (not discounted)
    disc = np.where(net < 0, 1.05 ** -np.arange(11.0), 1.05 ** -(np.arange(11) + 1.0))
    assert t["payer_cumulative_disc_sek"].iloc[0] == pytest.approx(-OUTLAY, rel=1e-12)
    np.testing.assert_allclose(t["payer_cumulative_disc_sek"], np.cumsum(net * disc), atol=1e-6)
    # the hump: lowest point in the first year, back above zero in 2027
    assert t["payer_cumulative_sek"].idxmin() == 2025
    share = STATE_SAVING_PER_YEAR / (SAVING_PER_YEAR + STATE_SAVING_PER_YEAR)
    assert t.loc[2026, "outside_share"] == pytest.approx(share)
    assert t.loc[2030, "outside_share_cumulative"] == pytest.approx(share)
    assert np.isnan(t.loc[2025, "outside_share"])  # no public savings that year
    pos = ledger.agency_positions()
    soc = pos[pos.agency == "socialnämnd"].set_index("year")
    assert soc["savings_sek"].sum() == pytest.approx(5 * SAVING_PER_YEAR)
    assert soc["repayments_sek"].sum() == pytest.approx(OUTLAY)
    assert soc["net_cumulative_sek"].iloc[-1] == pytest.approx(5 * SAVING_PER_YEAR - OUTLAY)
    wide = ledger.repayments_by_agency()
    assert list(wide.index) == list(range(2025, 2036))
    assert wide["socialnämnd"].sum() == pytest.approx(OUTLAY)


def test_overdrawn_fund_is_flagged(scenario_path: Path, cat: Catalogue) -> None:
    d = fund_dict(scenario_path, [], initial_capital_sek=100_000, allocations=[])
    t = run_fund(fund_from_dict(d), catalogue=cat).table()
    assert t.loc[t.year == 2025, "overdrawn"].item()
    assert t.loc[t.year == 2025, "closing_balance_sek"].item() == pytest.approx(-200_000)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    capital=st.floats(0, 5e6),
    allocs=st.lists(st.tuples(st.integers(2025, 2035), st.floats(0, 1e6)), max_size=4),
    first=st.integers(0, 3),
    gap=st.integers(1, 5),
    share1=st.floats(0.05, 0.95),
    cap=st.one_of(st.none(), st.floats(0.0, 5.0)),
)
def test_ledger_properties(
    scenario_path: Path,
    cat: Catalogue,
    capital: float,
    allocs: list[tuple[int, float]],
    first: int,
    gap: int,
    share1: float,
    cap: float | None,
) -> None:
    rule = {
        "type": "measured_savings",
        "cap_share_of_outlay": cap,
        "installments": [
            {"years_after_end": first, "share": share1},
            {"years_after_end": first + gap, "share": 1.0 - share1},
        ],
    }
    d = fund_dict(
        scenario_path,
        [rule],
        initial_capital_sek=capital,
        allocations=[{"year": y, "amount_sek": a} for y, a in allocs],
        end_year=2040,
    )
    ledger = run_fund(fund_from_dict(d), catalogue=cat)
    t = ledger.table()
    assert not t.filter(like="_sek").isna().any().any()  # money is never NaN
    expected = capital + np.cumsum(t["allocations_sek"] - t["outlays_sek"] + t["repayments_sek"])
    np.testing.assert_allclose(t["closing_balance_sek"], expected, rtol=1e-12, atol=1e-6)
    reps = ledger.repayment_table()
    total = reps["amount_sek"].sum()
    assert total <= (cap * OUTLAY if cap is not None else 5 * SAVING_PER_YEAR) + 1e-6
    assert (reps["amount_sek"] >= 0).all()
    assert set(reps["year"]) <= {2025 + first, 2025 + first + gap}
    # all savings measured by the last date: what is due is paid in full
    measured = min(first + gap, 5) * SAVING_PER_YEAR
    due = measured if cap is None else min(measured, cap * OUTLAY)
    assert total == pytest.approx(due, abs=1e-6)


# --- files and CLI -------------------------------------------------------------------------
def test_fund_file_errors_name_the_field(tmp_path: Path) -> None:
    p = tmp_path / "fund.yaml"
    p.write_text("name: f\nstart_year: 2025\nend_year: 2020\nprice_year: 2024\n", encoding="utf-8")
    with pytest.raises(FundError, match="end_year 2020 is before start_year 2025"):
        run_fund(p)
    p.write_text(
        "name: f\nstart_year: 2025\nend_year: 2030\nprice_year: 2024\n"
        "projects:\n  - id: p\n    scenario: x.yaml\n    repayment:\n      - type: refund\n",
        encoding="utf-8",
    )
    with pytest.raises(FundError, match=r"projects\[0\].repayment\[0\]"):
        run_fund(p)
    p.write_text(
        "name: f\nstart_year: 2025\nend_year: 2030\nprice_year: 2024\n"
        "projects:\n  - id: p\n    scenario: missing.yaml\n",
        encoding="utf-8",
    )
    with pytest.raises(FundError, match=r"missing\.yaml.*not found"):
        run_fund(p)


def test_shipped_fund_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "data" / "contracts" / "example_fund.yaml"
    ledger = run_fund(path)
    t = ledger.table()
    expected = ledger.fund.initial_capital_sek + np.cumsum(
        t["allocations_sek"] - t["outlays_sek"] + t["repayments_sek"]
    )
    np.testing.assert_allclose(t["closing_balance_sek"], expected)
    summary = ledger.project_summary().set_index("project")
    assert set(summary.index) == {"skolfam", "hvb_support"}
    # each project's outlay is its scenario's intervention cost for the municipality
    for pf in ledger.projects:
        s = pf.streams
        cost = s[(s.component == "intervention_cost") & (s.payer == "municipality")]
        assert pf.outlays.sum() == pytest.approx(cost["cost_sek"].sum())
    from socinv.fund import fund_report_tables

    tables = fund_report_tables(ledger)
    assert next(iter(tables)) == "Fund ledger"
    wide = tables["Repayments by agency"]
    assert wide.drop(columns="year").to_numpy().sum() == pytest.approx(
        tables["Repayments"]["amount_sek"].sum()
    )
    assert main(["fund", str(path), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "Repayments to the fund by agency" in out
    assert (tmp_path / "out" / "ledger.csv").is_file()
    assert (tmp_path / "out" / "repayments_by_agency.csv").is_file()


def test_misspelt_agency_is_an_error(scenario_path: Path, cat: Catalogue) -> None:
    rule = installments(agencies=["socialnamnd"])
    with pytest.raises(FundError, match=r"repayment\[0\].agencies\[0\] 'socialnamnd' bears no"):
        run_fund(fund_from_dict(fund_dict(scenario_path, [rule])), catalogue=cat)


def test_fund_cli_bad_input_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "fund.yaml"
    p.write_text("name: f\nstart_year: 2025\nend_year: 2030\n", encoding="utf-8")
    assert main(["fund", str(p)]) == 2
    assert "price_year" in capsys.readouterr().err


def test_fund_file_with_a_key_twice_is_an_error(tmp_path: Path) -> None:
    """PyYAML would keep the second initial_capital_sek silently."""
    from socinv.fund import load_fund

    p = tmp_path / "fund.yaml"
    p.write_text(
        "name: f\nstart_year: 2025\nend_year: 2030\nprice_year: 2024\n"
        "initial_capital_sek: 1000000\ninitial_capital_sek: 5000000\n",
        encoding="utf-8",
    )
    with pytest.raises(FundError, match=r"key 'initial_capital_sek' appears twice.*lines 5 and 6"):
        load_fund(p)


def test_transfer_paid_by_a_local_committee_stays_with_it(tmp_path: Path) -> None:
    """A transfer from a local committee (unknown level, one payer) belongs to
    that committee, as for a resource item and as contracts attribute it; the
    person's -1 share of the transfer is not a second payer (it sent the
    municipality's share to the default socialnämnd)."""
    from socinv import compare, scenario_from_dict
    from socinv.fund.agencies import row_agencies

    local = (
        "stod,Försörjningsstöd,Support,70000,år,2024,municipality,transfer,social_services,"
        "Omsorgsnämnden,test,local\n"
    )
    p = tmp_path / "local.csv"
    p.write_text(SMALL_CSV + local, encoding="utf-8")
    sc = scenario_from_dict(
        base_scenario(
            status_quo={
                "episodes": [
                    {"id": "s", "item": "stod", "quantity": 1, "from_age": 10, "to_age": 12}
                ]
            }
        )
    )
    cmp = compare(sc, catalogue=load_catalogue(p))
    a = attribute_streams(cmp.streams())
    by = a[a["arm"] == "status_quo"].groupby(["payer", "agency"])["cost_sek"].sum()
    assert by.to_dict() == pytest.approx(
        {("municipality", "Omsorgsnämnden"): 3 * 70_000, ("individual", "individual"): -3 * 70_000}
    )
    assert row_agencies(cmp.model)[0] == {Payer.MUNICIPALITY: "Omsorgsnämnden"}


@pytest.mark.parametrize("sector", ["", "labour_market"])
def test_lost_production_is_tax_revenue_whatever_its_sector(tmp_path: Path, sector: str) -> None:
    """A local production row with a blank or other sector: the payers' shares
    are still lost tax revenue (never a committee asked to repay), in fund
    streams and in contract rows alike."""
    from socinv import compare, scenario_from_dict
    from socinv.fund.agencies import row_agencies

    local = f"prod2,Produktion,Production,500000,år,2024,society,production,{sector},,test,local\n"
    p = tmp_path / "local.csv"
    p.write_text(SMALL_CSV + local, encoding="utf-8")
    sc = scenario_from_dict(
        base_scenario(
            status_quo={
                "episodes": [
                    {"id": "w", "item": "prod2", "quantity": 1, "from_age": 10, "to_age": 10}
                ]
            }
        )
    )
    cmp = compare(sc, catalogue=load_catalogue(p))
    a = attribute_streams(cmp.streams())
    expected = {
        "municipality": "municipality tax revenue",
        "region": "region tax revenue",
        "state": "state tax revenue",
        "individual": "individual",
    }
    assert dict(zip(a["payer"], a["agency"], strict=True)) == expected
    assert {p.value: ag for p, ag in row_agencies(cmp.model)[0].items()} == expected


@pytest.mark.parametrize("rule_type", ["fixed_share_on_results", "risk_sharing"])
def test_misspelt_repaying_agency_is_an_error(
    scenario_path: Path, cat: Catalogue, rule_type: str
) -> None:
    """'socialnamnd' (no ä) would have been booked as a repaying agency of its
    own; a known agency outside the scenario or a declared local committee may
    still repay."""
    extra = (
        {"results_achieved": True, "share": 0.4}
        if rule_type == "fixed_share_on_results"
        else {"central_share": 0.5}
    )
    rule = {"type": rule_type, "agency": "socialnamnd", "years_after_end": 2, **extra}
    with pytest.raises(
        FundError, match=r"repayment\[0\]\.agency 'socialnamnd' is neither an agency of the"
    ):
        run_fund(fund_from_dict(fund_dict(scenario_path, [rule])), catalogue=cat)
    for agency, levels in (
        ("kommunstyrelsen", {}),
        ("Omsorgsnämnden", {"Omsorgsnämnden": "municipality"}),
    ):
        ok = fund_from_dict(
            fund_dict(scenario_path, [dict(rule, agency=agency)], agency_levels=levels)
        )
        assert set(run_fund(ok, catalogue=cat).repayment_table()["agency"]) == {agency}
