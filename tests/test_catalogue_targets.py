"""Coverage targets of the unit-cost catalogue: counted exactly, shown without
rounding a share below the target up to it, and stated plainly when missed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socinv.cli.catalogue_cmd import print_check
from socinv.unitcosts import load_catalogue, read_unit_costs_csv
from socinv.unitcosts.check import (
    TARGET_PERCENT_VERIFIED_PRIMARY,
    TARGET_ROWS,
    CoverageTarget,
    check_catalogue,
    rows_needed,
)
from socinv.unitcosts.markdown import share_text, target_text

HEADER = "id,name_sv,value_sek,unit,price_year,payer,kind,source,url,evidence,grade\n"


def _catalogue(tmp_path: Path, verified: int, other: int) -> Path:
    rows = [
        f"v{i},V,1,dygn,2024,state,resource,s,https://x.se/v,verified_primary,A\n"
        for i in range(verified)
    ] + [
        f"q{i},Q,1,dygn,2024,state,resource,s,https://x.se/q,quoted_secondary,C\n"
        for i in range(other)
    ]
    p = tmp_path / "c.csv"
    p.write_text(HEADER + "".join(rows), encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("rows", "percent", "needed"),
    [(201, 60, 121), (200, 60, 120), (5, 60, 3), (1, 60, 1), (0, 60, 0), (10, 100, 10)],
)
def test_rows_needed_by_hand(rows: int, percent: int, needed: int) -> None:
    assert rows_needed(rows, percent) == needed


def test_120_of_201_is_shown_as_597_and_not_met() -> None:
    t = CoverageTarget("verified_primary", count=120, rows=201, needed=121, percent=60)
    assert not t.met
    assert share_text(t) == "59.7 %"
    assert share_text(t, "sv") == "59,7\u00a0%"
    assert target_text(t) == (
        "coverage target at least 60 %: NOT MET, 121 of 201 rows needed (1 more)"
    )


def test_a_share_just_below_the_target_gets_more_decimals() -> None:
    # 1 499 / 2 500 = 59.96 %: one decimal would show 60.0 %.
    t = CoverageTarget("verified_primary", count=1499, rows=2500, needed=1500, percent=60)
    assert share_text(t) == "59.96 %"
    met = CoverageTarget("verified_primary", count=1500, rows=2500, needed=1500, percent=60)
    assert share_text(met) == "60.0 %" and target_text(met) == "coverage target at least 60 %: met"


@given(rows=st.integers(1, 20_000), data=st.data())
def test_a_share_below_the_target_never_reads_as_reaching_it(
    rows: int, data: st.DataObject
) -> None:
    count = data.draw(st.integers(0, rows))
    t = CoverageTarget("x", count, rows, rows_needed(rows, 60), 60)
    shown = float(share_text(t).removesuffix(" %"))
    assert t.met == (100 * count >= 60 * rows)
    if not t.met:
        assert shown < 60
    assert abs(shown - 100 * count / rows) <= 0.05 + 1e-9


def test_check_says_plainly_when_targets_are_missed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = read_unit_costs_csv(_catalogue(tmp_path, verified=5, other=5))
    assert print_check(items) == 0  # a missed target is reported, not a broken row
    out = capsys.readouterr().out
    assert "rows: 10 (coverage target at least 170: NOT MET, 160 more rows needed)" in out
    assert "5 of 10 rows, 50.0 % (coverage target at least 60 %: NOT MET" in out
    assert "TARGET NOT MET: 10 rows, fewer than the 170 the catalogue aims at" in out
    assert "TARGET NOT MET: 50.0 % of the rows are verified_primary, below the 60 %" in out
    assert "1 more row must be read on the publisher's own page" in out


def test_check_of_the_shipped_catalogue_meets_both_targets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = check_catalogue(load_catalogue())
    assert all(t.met for t in report.targets)
    assert report.rows >= TARGET_ROWS
    assert 100 * report.verified_primary >= TARGET_PERCENT_VERIFIED_PRIMARY * report.rows
    assert print_check(list(load_catalogue())) == 0
    out = capsys.readouterr().out
    share = share_text(report.targets[1])
    assert f"{report.verified_primary} of {report.rows} rows, {share}" in out
    assert "NOT MET" not in out


def test_year_found_for_the_stockholm_patient_fees() -> None:
    cat = load_catalogue()
    for iid, value in (
        ("patientavgift_lakarbesok_primarvard", 200),
        ("patientavgift_lakarbesok_specialist", 350),
    ):
        it = cat.get(iid)
        assert (it.value_sek, it.price_year, it.evidence, it.grade) == (
            value,
            2020,
            "verified_primary",
            "A",
        )
        assert it.url.startswith("https://old-skr.skr.se/") and "Patientavgifter 2020" in it.note
