"""Grades, payer splits after reimbursements, published estimates, the upkeep
check and the generated part of UNIT_COSTS.md."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

from socinv import Catalogue, DataFileError, ScenarioError, compare, scenario_from_dict
from socinv.cli.main import main
from socinv.payers import Payer
from socinv.unitcosts import check as check_mod
from socinv.unitcosts import (
    circularity,
    grading,
    load_catalogue,
    markdown,
    read_unit_costs_csv,
    splits,
)
from socinv.unitcosts.check import check_catalogue, url_is_well_formed
from socinv.unitcosts.grading import grade_ceiling, is_stale
from socinv.unitcosts.markdown import render_generated, replace_generated
from support import ROOT, base_scenario

DOC = ROOT / "data" / "UNIT_COSTS.md"


@pytest.mark.parametrize("module", [grading, check_mod, circularity, markdown, splits])
def test_doctests(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("evidence", "year", "grade"),
    [
        ("verified_primary", 2025, "A"),
        ("verified_primary", 2020, "A"),  # 5 years old: still fresh
        ("verified_primary", 2019, "B"),
        ("verified_primary", 2015, "B"),  # 10 years old
        ("verified_primary", 2014, "C"),
        ("verified_mirror", 2023, "B"),
        ("derived", 2012, "C"),
        ("quoted_secondary", 2025, "C"),
        ("assumption", 2025, "D"),
        ("local", 2025, "D"),
    ],
)
def test_grade_ceiling_by_hand(evidence: str, year: int, grade: str) -> None:
    assert grade_ceiling(evidence, year, catalogue_year=2025) == grade


def test_stale_threshold() -> None:
    assert not is_stale(2017, 2025) and is_stale(2016, 2025)


def test_every_shipped_row_is_graded_within_the_rubric() -> None:
    report = check_catalogue(load_catalogue())
    assert report.ungraded == [] and report.graded_above_rubric == []
    assert report.malformed_urls == []
    assert report.problems == []
    assert sum(report.by_grade.values()) == report.rows


def test_check_counts_by_hand(tmp_path: Path) -> None:
    p = tmp_path / "c.csv"
    p.write_text(
        "id,name_sv,value_sek,unit,price_year,payer,kind,source,url,evidence,grade,low_sek,high_sek\n"
        "a,A,1,dygn,2024,state,resource,s,https://x.se/a,verified_primary,A,,\n"
        "b,B,1,dygn,2010,state,resource,s,not a url,verified_primary,B,0,2\n"
        "c,C,1,dygn,2024,state,resource,s,,assumption,,,\n",
        encoding="utf-8",
    )
    r = check_catalogue(read_unit_costs_csv(p), catalogue_year=2025)
    assert r.rows == 3 and r.verified_primary == 2
    assert r.share_verified_primary == pytest.approx(2 / 3)
    assert r.stale == ["b"] and r.assumptions == ["c"]
    assert r.without_bounds == ["a", "c"] and r.without_url == ["c"]
    assert r.malformed_urls == ["b"] and r.ungraded == ["c"]
    assert r.graded_above_rubric == ["b"]  # 15 years old: C at best
    assert r.by_grade == {"A": 1, "B": 1, "none": 1}
    assert len(r.problems) == 2  # a missing grade is listed, not a failure (local files)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.scb.se/a/b?c=1", True),
        ("http://skl.se", True),
        ("www.scb.se/a", False),
        ("https://scb se/a", False),
        ("ftp://scb.se", False),
    ],
)
def test_url_form(url: str, ok: bool) -> None:
    assert url_is_well_formed(url) is ok


HEADER = "id,name_sv,value_sek,unit,price_year,payer,kind,source"


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (HEADER + ",grade\nx,X,5,dygn,2024,state,resource,s,E\n", r"line 2, column 'grade'"),
        (
            HEADER + ",recipient\nx,X,5,dygn,2024,state,resource,s,region\n",
            r"column 'recipient': recipient is only for transfers",
        ),
        (
            HEADER + ",recipient\nx,X,5,dygn,2024,region,transfer,s,region\n",
            r"column 'payer': a transfer is paid to 'region'.*payer must be someone else",
        ),
        (
            HEADER + ",recipient\nx,X,5,dygn,2024,individual,transfer,s,landsting\n",
            r"line 2, column 'recipient': unknown payer",
        ),
        (HEADER + ",offence\nx,X,5,brott,2024,other,resource,s,Rån\n", r"column 'offence'"),
        (
            HEADER + ",published_estimate\nx,X,5,brott,2024,other,resource,s,a b\n",
            r"column 'published_estimate'",
        ),
        (
            HEADER + ",low_sek,high_sek\nx,X,5,dygn,2024,state,resource,s,6,8\n",
            r"column 'low_sek': expected low_sek <= value_sek <= high_sek",
        ),
        (
            HEADER + ",low_sek,high_sek\nx,X,5,dygn,2024,state,resource,s,1,4.5\n",
            r"column 'high_sek': expected low_sek <= value_sek",
        ),
        (
            HEADER + ",low_sek\nx,X,5,dygn,2024,state,resource,s,1\n",
            r"column 'high_sek': give both",
        ),
        (
            HEADER + "\nx,X,5,dygn,2024,municipality,production,s\n",
            r"column 'payer': production items take payer 'society'",
        ),
        (
            HEADER + "\nx,X,5,dygn,2024,municipality=0.6;state=0.3,resource,s\n",
            r"line 2, column 'payer'.*sum to 0.9000",
        ),
        (HEADER + "\nx,X,5,dygn,2024,state,gift,s\n", r"line 2, column 'kind'"),
    ],
)
def test_bad_rows_name_file_line_and_field(tmp_path: Path, body: str, match: str) -> None:
    p = tmp_path / "bad.csv"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError, match=match) as exc:
        read_unit_costs_csv(p)
    assert str(exc.value).startswith(f"{p}, line 2")


def test_patient_fee_is_a_transfer_from_the_person_to_the_region() -> None:
    cat = load_catalogue()
    fee = cat.get("patientavgift_slutenvard_dygn")
    assert fee.kind.value == "transfer" and fee.payer == {Payer.INDIVIDUAL: 1.0}
    assert fee.receiver is Payer.REGION
    for it in cat:
        if it.id.startswith("patientavgift_"):
            assert it.kind.value == "transfer" and it.receiver is Payer.REGION, it.id


def test_a_fee_moves_money_between_person_and_region_only(tmp_path: Path) -> None:
    p = tmp_path / "c.csv"
    p.write_text(
        "id,name_sv,value_sek,unit,price_year,payer,kind,source,recipient\n"
        "fee,Avgift,100,besök,2024,individual,transfer,s,region\n",
        encoding="utf-8",
    )
    cat = Catalogue(read_unit_costs_csv(p))
    sc = base_scenario(
        horizon_years=1,
        status_quo={
            "episodes": [{"id": "v", "item": "fee", "quantity": 3, "from_age": 10, "to_age": 10}]
        },
    )
    cmp = compare(scenario_from_dict(sc), catalogue=cat)
    d = 1 / 1.05
    assert cmp.metric("cost_status_quo_disc", "individual") == pytest.approx(300 * d)
    assert cmp.metric("cost_status_quo_disc", "region") == pytest.approx(-300 * d)
    assert cmp.metric("cost_status_quo_disc", "society") == pytest.approx(0.0, abs=1e-9)


def test_personal_assistance_rows_split_the_first_20_hours() -> None:
    cat = load_catalogue()
    state, muni = cat.get("assistansersattning_timme"), cat.get("assistansersattning_timme_kommun")
    assert state.value_sek == muni.value_sek
    assert state.payer == {Payer.STATE: 1.0} and muni.payer == {Payer.MUNICIPALITY: 1.0}


def _crime_scenario(*items: str) -> dict[str, object]:
    return base_scenario(
        price_year=2024,
        status_quo={
            "episodes": [
                {"id": f"e{i}", "item": it, "quantity": 1, "from_age": 15, "to_age": 16}
                for i, it in enumerate(items)
            ]
        },
    )


def test_published_total_with_the_justice_chain_is_refused() -> None:
    cat = load_catalogue()
    with pytest.raises(ScenarioError, match=r"'misshandel_brott'.*'tingsratt_brottmal_mal'"):
        compare(
            scenario_from_dict(_crime_scenario("misshandel_brott", "tingsratt_brottmal_mal")),
            catalogue=cat,
        )


def test_published_total_with_corrections_is_allowed() -> None:
    cat = load_catalogue()
    cmp = compare(
        scenario_from_dict(_crime_scenario("misshandel_brott", "fangelse_dygn")), catalogue=cat
    )
    assert cmp.metric("cost_status_quo_disc", "state") > 0


def test_published_estimates_are_flagged() -> None:
    cat = load_catalogue()
    for iid in ("personran_brott", "misshandel_brott", "indrivning_brott"):
        it = cat.get(iid)
        assert it.published_estimate == "gatuvaldets_ekonomi_2012" and it.offence
        assert "EXCLUDES" in cat.get("personran_brott").note  # corrections may be added
    assert cat.get("polis_lagforing").offence == circularity.ANY_OFFENCE


def test_corrected_social_assistance_2020() -> None:
    it = load_catalogue().get("ekonomiskt_bistand_hushall_ar_2020")
    assert it.value_sek == 60225
    assert round(11_955_560_000 / 198_514) == 60225


def test_unit_costs_md_generated_section_is_current() -> None:
    doc = DOC.read_text(encoding="utf-8")
    items = read_unit_costs_csv(ROOT / "data" / "unit_costs_se.csv")
    assert replace_generated(doc, render_generated(items)) == doc, (
        "data/UNIT_COSTS.md is out of date: run python data/make_unit_costs_md.py"
    )


def test_replace_generated_needs_the_markers() -> None:
    with pytest.raises(Exception, match="no generated section"):
        replace_generated("# no markers\n", "x")


def test_cli_check_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalogue", "--check"]) == 0
    out = capsys.readouterr().out
    n = len(read_unit_costs_csv(ROOT / "data" / "unit_costs_se.csv"))
    assert f"rows: {n}" in out and "by grade: A " in out
    assert main(["catalogue", "--markdown"]) == 0
    assert capsys.readouterr().out.strip() in DOC.read_text(encoding="utf-8")


def test_cli_check_fails_on_a_row_graded_above_the_rubric(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = tmp_path / "local.csv"
    local.write_text(
        "id,name_sv,value_sek,unit,price_year,payer,kind,source,evidence,grade\n"
        "lokal,Lokal,1,dygn,2024,municipality,resource,s,quoted_secondary,A\n",
        encoding="utf-8",
    )
    assert main(["catalogue", "--check", "--local", str(local)]) == 1
    assert "PROBLEM grade better than the rubric allows: lokal" in capsys.readouterr().out


def test_make_unit_costs_md_script_runs(tmp_path: Path) -> None:
    res = subprocess.run(
        [sys.executable, str(ROOT / "data" / "make_unit_costs_md.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert "current" in res.stdout


def test_coverage_targets_of_the_shipped_catalogue() -> None:
    report = check_catalogue(load_catalogue())
    assert report.rows >= 170
    assert report.share_verified_primary >= 0.6
    for sector in ("social_services", "health", "justice", "labour_market", "school"):
        assert report.by_sector.get(sector, 0) >= 5, sector


def test_changelog_names_every_added_row() -> None:
    text = (ROOT / "data" / "CHANGELOG.md").read_text(encoding="utf-8")
    for iid in ("ekonomiskt_bistand_hushall_ar_2020", "assistansersattning_timme_kommun"):
        assert f"`{iid}`" in text
