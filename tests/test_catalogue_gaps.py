"""Rows that close catalogue gaps: derived national figures recomputed by hand
from the inputs their notes quote, payer rules stated in UNIT_COSTS.md, and
ranges taken from the sources' own spreads."""

from __future__ import annotations

import csv

import pytest

from socinv import CostKind, Payer, compare, load_catalogue, scenario_from_dict
from socinv.unitcosts.catalogue import SECTORS
from support import ROOT, base_scenario

SHIPPED = ROOT / "data" / "unit_costs_se.csv"


@pytest.mark.parametrize(
    ("iid", "cost_mnkr", "users"),
    [
        # SCB cost of the municipalities' own commitment / users on one day
        ("lss_bostad_vuxna_person_ar_2021", 33_329, 12_195 + 17_356),
        ("sarskilt_boende_aldre_person_ar_2015", 64_457, 87_900),
        ("hemtjanst_aldre_person_ar_2015", 38_093, 223_200),
    ],
)
def test_derived_national_rows_are_cost_over_users(iid: str, cost_mnkr: int, users: int) -> None:
    it = load_catalogue().get(iid)
    assert it.evidence == "derived"
    assert it.value_sek == round(cost_mnkr * 1_000_000 / users)
    # the note states the formula with the same inputs
    assert f"{cost_mnkr:,}".replace(",", " ") in it.note


def test_lsu_day_is_paid_by_the_state_alone() -> None:
    it = load_catalogue().get("lsu_dygn_2023")
    assert it.payer == {Payer.STATE: 1.0}
    assert it.kind is CostKind.RESOURCE
    # the LVU day of the same youth homes is 2/3 municipal fees
    assert load_catalogue().get("sis_ungdomshem_dygn").payer[Payer.MUNICIPALITY] == pytest.approx(
        0.667
    )


def test_homelessness_parts_and_total_come_from_one_report() -> None:
    cat = load_catalogue()
    total = cat.get("hemloshet_person_ar")
    parts = [
        cat.get("sekundar_bostadsmarknad_person_ar_2015"),
        cat.get("boendelosning_missbruk_person_ar_2015"),
    ]
    assert total.evidence == "verified_primary" and total.price_year == 2015
    assert {p.url for p in parts} == {total.url}
    # an average over all groups lies between its parts
    assert parts[0].value_sek < total.value_sek < parts[1].value_sek


def test_rescue_rows_have_their_own_sector_and_the_range_spans_the_providers() -> None:
    assert "rescue_services" in SECTORS
    cat = load_catalogue()
    rows = [it for it in cat if it.sector == "rescue_services"]
    assert len(rows) == 3
    tanum = cat.get("raddningstjanst_onodigt_larm_tanum_2025")
    others = [it.value_sek for it in rows if it.id != tanum.id]
    assert (tanum.low_sek, tanum.high_sek) == (min(others), max(others))


def test_price_list_ranges_are_the_two_variants_in_the_note() -> None:
    rows = list(csv.DictReader(SHIPPED.open(encoding="utf-8")))
    filled = [r for r in rows if r["id"].startswith("riksprislista_") and r["low_sek"]]
    assert len(filled) == 14
    for r in filled:
        assert r["low_sek"] == r["value_sek"]
        incl = f"{int(r['high_sek']):,}".replace(",", " ") + " inklusive måltider"
        assert incl in r["note"], r["id"]


def test_raised_assistance_amount_is_twelve_percent_above_the_standard() -> None:
    it = load_catalogue().get("assistansersattning_timme")
    assert it.low_sek == it.value_sek
    assert it.high_sek == pytest.approx(it.value_sek * 1.12, abs=0.05)


def test_ten_lsu_days_cost_the_state_only() -> None:
    sc = base_scenario(
        price_year=2023,
        horizon_years=1,
        status_quo={
            "episodes": [
                {"id": "lsu", "item": "lsu_dygn_2023", "quantity": 10, "from_age": 10, "to_age": 10}
            ]
        },
    )
    cmp = compare(scenario_from_dict(sc), catalogue=load_catalogue())
    d = 1 / 1.05  # one year at the scenario's 5 % rate
    assert cmp.metric("cost_status_quo_disc", "state") == pytest.approx(130_000 * d)
    assert cmp.metric("cost_status_quo_disc", "municipality") == pytest.approx(0.0, abs=1e-9)
