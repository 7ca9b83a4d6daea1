"""Series loaders: wage index, life table and survival, age profiles, births."""

from __future__ import annotations

import csv
import doctest
import itertools
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socinv import DataFileError, PriceYearError
from socinv.unitcosts import series
from socinv.unitcosts.catalogue import read_unit_costs_csv
from socinv.unitcosts.cpi import load_cpi
from socinv.unitcosts.series import (
    LifeTable,
    load_births,
    load_life_table,
    load_wage_index,
    rebase_wage,
)


def test_doctests() -> None:
    assert doctest.testmod(series, raise_on_error=True).failed == 0


# --------------------------------------------------------------------------- wage index


def test_wage_index_shipped_values_and_sources() -> None:
    w = load_wage_index()
    assert w.wage[2022] == 38300 and w.wage[2023] == 39900
    assert all(w.sources[y] for y in w.years)


def test_rebase_wage_by_hand() -> None:
    # 604 006 SEK at 2022 wages in 2023 wages = 604 006 x 39 900 / 38 300
    assert rebase_wage(604006.0, 2022, 2023) == pytest.approx(604006 * 39900 / 38300, rel=1e-14)


@given(
    a=st.sampled_from(load_wage_index().years),
    b=st.sampled_from(load_wage_index().years),
    v=st.floats(0, 1e9),
)
def test_rebase_wage_round_trip(a: int, b: int, v: float) -> None:
    w = load_wage_index()
    assert w.rebase(w.rebase(v, a, b), b, a) == pytest.approx(v, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("2016,32800,x\n2015,32000,x\n", r"line 3, column 'year': year 2015 comes after 2016"),
        ("2016,32800,x\n2016,32900,x\n", r"line 3, column 'year': year 2016 appears twice"),
        ("2016,0,x\n", r"line 2, column 'mean_monthly_wage_sek'"),
    ],
)
def test_wage_index_bad_rows(tmp_path: Path, body: str, match: str) -> None:
    p = tmp_path / "w.csv"
    p.write_text("year,mean_monthly_wage_sek,source\n" + body, encoding="utf-8")
    with pytest.raises(DataFileError, match=match) as exc:
        load_wage_index(p)
    assert str(p) in str(exc.value)


def test_wage_index_evidence_label_is_checked(tmp_path: Path) -> None:
    p = tmp_path / "w.csv"
    p.write_text("year,mean_monthly_wage_sek,source,evidence\n2016,32800,x,memory\n", "utf-8")
    with pytest.raises(DataFileError, match=r"line 2, column 'evidence'"):
        load_wage_index(p)


def test_wage_index_shipped_years() -> None:
    w = load_wage_index()
    assert w.years == (2002, 2003, 2004, 2006, 2012, 2013, *range(2015, 2025))
    # 2015 (quoted): 32 000 -> 2016 32 800 is +2.5 %
    assert w.factor(2015, 2016) == pytest.approx(32800 / 32000)


def test_wage_index_rows_added_for_2004_to_2013() -> None:
    w = load_wage_index()
    # SCB press release 2005-10-28: 23 700 SEK a month in 2004
    assert w.wage[2004] == 23700
    # Arbetet 2007-09-04 quoting the 2006 statistics: 25 000
    assert w.wage[2006] == 25000
    # the blog's own check: 30 600 / 29 800 is the stated rise of 2.7 %
    assert w.wage[2012] == 29800 and w.wage[2013] == 30600
    assert round((w.factor(2012, 2013) - 1) * 100, 1) == 2.7
    # 1 000 SEK of 2004 wages in 2013 wages: 1 000 x 30 600 / 23 700
    assert w.rebase(1000.0, 2004, 2013) == pytest.approx(1291.1392405, rel=1e-9)


def test_wage_index_gap_years_stay_missing() -> None:
    w = load_wage_index()
    for year in (2005, *range(2007, 2012), 2014, 2025):
        assert year not in w.wage
        with pytest.raises(PriceYearError, match=f"no wage-index value for {year}"):
            w.factor(year, 2024)


def test_wage_index_evidence_of_added_rows() -> None:
    p = Path(series.data_path("wage_index_se.csv"))
    with p.open(encoding="utf-8", newline="") as f:
        ev = {int(r["year"]): r["evidence"] for r in csv.DictReader(f)}
    assert ev[2004] == "verified_mirror"
    assert ev[2006] == ev[2012] == ev[2013] == "quoted_secondary"


def test_wage_missing_year_is_price_year_error() -> None:
    with pytest.raises(PriceYearError, match="no wage-index value for 1990"):
        rebase_wage(1.0, 1990, 2022)


def test_catalogue_row_flagged_wage_rebases_with_wage_index(tmp_path: Path) -> None:
    p = tmp_path / "c.csv"
    p.write_text(
        "id,name_sv,value_sek,unit,price_year,payer,kind,source,index\n"
        "lon_ar,Lönekostnad,100000,år,2022,society,production,x,wage\n"
        "lon_kpi,Lönekostnad,100000,år,2022,society,production,x,\n",
        encoding="utf-8",
    )
    wage_row, cpi_row = read_unit_costs_csv(p)
    cpi = load_cpi()
    assert wage_row.rebased(cpi, 2023).value_sek == pytest.approx(100000 * 39900 / 38300)
    assert cpi_row.rebased(cpi, 2023).value_sek == pytest.approx(100000 * 403.70 / 371.91)


def test_catalogue_index_value_is_checked(tmp_path: Path) -> None:
    p = tmp_path / "c.csv"
    p.write_text(
        "id,name_sv,value_sek,unit,price_year,payer,kind,source,index\n"
        "lon_ar,Lön,1,år,2022,society,production,x,wages\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"line 2, column 'index'"):
        read_unit_costs_csv(p)


# --------------------------------------------------------------------------- life table


def _toy(tmp_path: Path, q: float, ages: int = 101) -> Path:
    p = tmp_path / "lt.csv"
    rows = [f"2000,{sex},{a},{q},toy" for sex in ("men", "women") for a in range(ages)]
    p.write_text("year,sex,age,q,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return p


def test_constant_hazard_closed_form(tmp_path: Path) -> None:
    # constant hazard mu: q = 1 - exp(-mu), S(a | s) = exp(-mu (a - s))
    mu = 0.02
    t = load_life_table(_toy(tmp_path, 1 - math.exp(-mu)))
    for start, age in [(0, 0), (0, 10), (20, 65), (30, 100)]:
        assert t.survival(age, start, "men") == pytest.approx(math.exp(-mu * (age - start)))
    # a hazard ratio h multiplies the hazard: exp(-h mu (a - s))
    assert t.survival(60, 20, "women", hazard_ratio=2.5) == pytest.approx(math.exp(-2.5 * mu * 40))


@given(
    q=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=40),
    start=st.integers(0, 10),
    hr=st.floats(0.0, 5.0),
)
def test_survival_properties(q: list[float], start: int, hr: float) -> None:
    t = LifeTable({"all": np.array(q)})
    start = min(start, len(q) - 1)
    s = t.survival_curve(start, "all", len(q) - start, hazard_ratio=hr)
    assert s[0] == 1.0  # S(a | a) = 1
    assert np.all(np.diff(s) <= 1e-15)  # never increases
    assert np.all((s >= 0) & (s <= 1))
    base = t.survival_curve(start, "all", len(q) - start)
    assert np.array_equal(t.survival_curve(start, "all", len(q) - start, 1.0), base)
    # by hand: the product of (1 - q) over the years lived
    assert base[-1] == pytest.approx(float(np.prod(1 - np.array(q[start:]))), abs=1e-12)


def test_survival_outside_table_is_an_error(tmp_path: Path) -> None:
    t = load_life_table(_toy(tmp_path, 0.01, ages=50))
    with pytest.raises(ValueError, match="outside the life table"):
        t.survival(60, 20, "men")
    with pytest.raises(ValueError, match="before the start age"):
        t.survival(10, 20, "men")
    with pytest.raises(KeyError, match="no sex 'all'"):
        t.survival(30, 20, "all")


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("2000,men,0,1.5,x\n", r"line 2, column 'q': expected 0..1"),
        ("2000,male,0,0.1,x\n", r"line 2, column 'sex'"),
        ("2000,men,0,0.1,x\n2000,men,0,0.1,x\n", r"line 3, column 'age': age 0 \(men\) appears"),
        (
            "2000,men,0,0.1,x\n2000,men,2,0.1,x\n",
            r"line 3, column 'age': men: age 2 where age 1 was expected \(ages missing: \[1\]\)",
        ),
        ("2000,women,1,0.1,x\n", r"line 2, column 'age': women: age 1 where age 0 was expected"),
        (
            "2000,men,0,0.1,x\n2000,men,1,0.1,x\n2000,men,5,0.1,x\n",
            r"line 4, column 'age': .*ages missing: \[2, 3, 4\]",
        ),
        ("2000,M,0,0.1,x\n", r"line 2, column 'sex': expected one of \['men', 'women', 'all'\]"),
        ("2000,men,0,0.1,\n", r"line 2, column 'source'"),
    ],
)
def test_life_table_bad_rows(tmp_path: Path, body: str, match: str) -> None:
    p = tmp_path / "lt.csv"
    p.write_text("year,sex,age,q,source\n" + body, encoding="utf-8")
    with pytest.raises(DataFileError, match=match):
        load_life_table(p)


# --------------------------------------------------------------------------- profiles, births


def test_age_profile_lookup_and_overlap(tmp_path: Path) -> None:
    p = tmp_path / "emp.csv"
    p.write_text(
        "year,sex,age_from,age_to,rate,source\n"
        "2023,men,20,24,0.6,x\n2024,men,20,24,0.62,x\n2024,men,25,29,0.8,x\n",
        encoding="utf-8",
    )
    prof = series.load_employment(p)
    assert prof.value(22, "men") == 0.62  # latest year
    assert prof.value(22, "men", year=2023) == 0.6
    with pytest.raises(KeyError, match="no value for age 40"):
        prof.value(40, "men")
    p.write_text(
        "year,sex,age_from,age_to,rate,source\n2024,men,20,24,0.6,x\n2024,men,24,29,0.8,x\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"line 3, column 'age_from': age 24 .* line 2"):
        series.load_employment(p)


def test_shipped_employment_latest_year_and_cover() -> None:
    emp = series.load_employment()
    assert emp.value(22) == 0.652  # 2022 (BAS), both sexes, 20-24
    assert emp.value(22, year=2018) == 0.640
    assert emp.value(22, "men") == 0.606  # by sex only 2015 is shipped
    rows_2022 = sorted((r.age_from, r.age_to) for r in emp.rows if r.year == 2022)
    # contiguous groups from 16 to 64 without gaps
    assert rows_2022[0][0] == 16 and rows_2022[-1][1] == 64
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(rows_2022))


def test_births_shipped() -> None:
    b = load_births()
    assert b.cohort(2024) == 98451
    # SCB's final monthly live births for 2022 add up to the annual figure
    monthly_2022 = [8917, 8546, 9194, 8816, 9580, 9531, 9232, 9369, 8374, 8147, 7506, 7522]
    assert b.cohort(2022) == sum(monthly_2022) == 104734
    with pytest.raises(KeyError, match="no birth count for 1900"):
        b.cohort(1900)


def test_births_out_of_order_row_is_named(tmp_path: Path) -> None:
    p = tmp_path / "b.csv"
    p.write_text("year,live_births,source\n2024,98451,x\n2022,104734,x\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"b\.csv.*line 3, column 'year': year 2022 comes"):
        load_births(p)


def test_missing_file_and_column(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="file not found"):
        load_births(tmp_path / "nope.csv")
    p = tmp_path / "b.csv"
    p.write_text("year,births,source\n2024,1,x\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 1: missing column\(s\) \['live_births'\]"):
        load_births(p)


# --------------------------------------------------------------------------- documentation

#: data files owned by other parts of the catalogue, documented elsewhere
OTHER_DATA = {"unit_costs_se.csv", "parameters_se.csv", "effects_se.csv"}


def test_series_md_lists_every_shipped_series_file() -> None:
    from support import ROOT

    doc = (ROOT / "data" / "SERIES.md").read_text(encoding="utf-8")
    shipped = {p.name for p in (ROOT / "data").glob("*.csv")} - OTHER_DATA
    assert shipped, "no series files found"
    for name in sorted(shipped):
        assert f"| `{name}` |" in doc, f"{name} is not in data/SERIES.md's table"
    listed = set(re.findall(r"^\| `([a-z_0-9]+\.csv)` \|", doc, flags=re.M))
    assert listed == shipped, f"SERIES.md lists files not shipped: {listed - shipped}"


def test_every_series_row_has_a_source() -> None:
    assert all(load_wage_index().sources.values())
    assert all(load_births().sources.values())
    for prof in (series.load_employment(), series.load_earnings()):
        assert prof.rows and all(r.source for r in prof.rows)


EVIDENCE = ("verified_primary", "verified_mirror", "quoted_secondary", "derived")


@pytest.mark.parametrize(
    "name",
    [
        "births_se.csv",
        "employment_by_age_se.csv",
        "earnings_by_age_se.csv",
        "life_tables_se.csv",
        "wage_index_se.csv",
    ],
)
def test_every_series_row_states_its_evidence(name: str) -> None:
    """Each row says whether it was read at the publisher, in a copy, quoted
    by a third party or derived (``evidence`` column, else the start of
    ``note``)."""
    from support import ROOT

    with (ROOT / "data" / name).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for line, row in enumerate(rows, start=2):
        text = row.get("evidence") or row.get("note") or ""
        assert text.startswith(EVIDENCE), f"{name} line {line}: evidence not stated: {text!r}"


def test_missing_shipped_life_table_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(series, "data_path", lambda name: tmp_path / name)
    with pytest.raises(DataFileError, match="no life table is shipped"):
        load_life_table()


# --------------------------------------------------------------------------- shipped life table


def test_shipped_life_table_shape_and_sources() -> None:
    t = load_life_table()
    assert set(t.q) == {"men", "women"}
    assert t.max_age == 110 and t.year == "2019"
    assert "Human Mortality Database" in t.source
    for sex in ("men", "women"):
        assert t.q[sex][-1] == 1.0  # open age group 110+
        assert np.all(t.q[sex][:-1] < 1.0)


@pytest.mark.parametrize(("sex", "l65"), [("men", 90567), ("women", 93633)])
def test_shipped_survival_to_65_matches_published_lx(sex: str, l65: int) -> None:
    # HMD's own survivors at exact age 65 per 100 000 born (lx column, Sweden
    # 2019, same copy); the product of the rounded q's may differ by a few per 100 000.
    assert load_life_table().survival(65, 0, sex) == pytest.approx(l65 / 1e5, abs=5e-5)


@pytest.mark.parametrize(("sex", "e0", "e65"), [("men", 81.35, 19.52), ("women", 84.73, 22.00)])
def test_shipped_life_expectancy_matches_hmd_ex(sex: str, e0: float, e65: float) -> None:
    # HMD's own ex column for Sweden 2019 in the same copy (e0 and e65).
    # Computed from the q column with deaths at mid-year; gaps below 0.01 years.
    t = load_life_table()
    assert t.life_expectancy(0, sex) == pytest.approx(e0, abs=0.01)
    assert t.life_expectancy(65, sex) == pytest.approx(e65, abs=0.01)


@pytest.mark.parametrize(("sex", "e65_2024"), [("men", 20.19), ("women", 22.39)])
def test_shipped_table_is_older_than_current_mortality(sex: str, e65_2024: float) -> None:
    # SCB, Statistikdatabasen sq/167315: remaining life expectancy at 65 in
    # 2024. The shipped 2019 table gives 19.52 (men) and 22.00 (women): it
    # understates survival at old ages by 0.4-0.7 years (see data/SERIES.md).
    gap = e65_2024 - load_life_table().life_expectancy(65, sex)
    assert 0.3 < gap < 0.8


def _hand_life_expectancy(path: Path, sex: str, age: int) -> float:
    """e(x) from the q column alone, with plain Python: survivors
    l(x+1) = l(x) (1 - q(x)), deaths at mid-year, e(x) = 0.5 + sum of
    l(x+t) / l(x) for t >= 1 (the last age has q = 1)."""
    with path.open(encoding="utf-8") as fh:
        q = [float(r["q"]) for r in csv.DictReader(fh) if r["sex"] == sex]
    survivors, lx = [1.0], 1.0
    for qx in q:
        lx *= 1.0 - qx
        survivors.append(lx)
    return 0.5 + sum(survivors[age + 1 :]) / survivors[age]


@pytest.mark.parametrize(("sex", "e0", "e65"), [("men", 81.351, 19.522), ("women", 84.733, 21.995)])
def test_shipped_life_expectancy_by_hand_formula(sex: str, e0: float, e65: float) -> None:
    from support import ROOT

    path = ROOT / "data" / "life_tables_se.csv"
    table = load_life_table()
    for age, expected in ((0, e0), (65, e65)):
        by_hand = _hand_life_expectancy(path, sex, age)
        assert table.life_expectancy(age, sex) == pytest.approx(by_hand, rel=1e-12)
        assert by_hand == pytest.approx(expected, abs=0.005)
    # sanity: living past 65 takes surviving to it, so e0 < 65 + e65
    assert table.life_expectancy(0, sex) < 65 + table.life_expectancy(65, sex)


def test_life_expectancy_by_hand_and_excess_mortality() -> None:
    # q = (0.5, 1): S(1) = 0.5, S(2) = 0 -> e0 = 0.5 + 0.5 = 1.0
    t = LifeTable({"all": np.array([0.5, 1.0])})
    assert t.life_expectancy(0, "all") == 1.0
    assert t.life_expectancy(1, "all") == 0.5
    shipped = load_life_table()
    assert shipped.life_expectancy(20, "men", hazard_ratio=2.0) < shipped.life_expectancy(20, "men")
    with pytest.raises(ValueError, match="death risk of 1 at the last age"):
        LifeTable({"all": np.array([0.1, 0.2])}).life_expectancy(0, "all")
