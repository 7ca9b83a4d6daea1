"""CPI loading and rebasing."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socinv import DataFileError, PriceYearError, load_cpi

CPI = load_cpi()
YEARS = CPI.years


def test_doctests() -> None:
    from socinv.unitcosts import cpi

    assert doctest.testmod(cpi, raise_on_error=True).failed == 0


def test_shipped_series_values_and_sources() -> None:
    assert CPI.value(1980) == 100.0
    assert CPI.value(1985) == 153.8
    assert CPI.value(1988) == 176.7
    assert CPI.value(2015) == 313.35
    assert CPI.value(2023) == 403.70
    assert CPI.value(2024) == 415.15
    assert CPI.value(2025) == 417.98
    assert all(CPI.sources[y] for y in YEARS)
    assert "DERIVED" in CPI.sources[2025]  # marked, not dressed as an SCB figure


def test_shipped_series_is_complete_and_every_value_states_its_evidence() -> None:
    assert tuple(range(1980, 2026)) == YEARS
    assert set(CPI.evidence.values()) <= {"verified_primary", "verified_mirror", "derived"}
    assert all(CPI.evidence[y] for y in YEARS)
    assert [y for y in YEARS if CPI.evidence[y] == "derived"] == [2025]
    assert [y for y in YEARS if CPI.evidence[y] == "verified_mirror"] == [*range(1981, 1989), 2024]


def test_2025_is_the_mean_of_scbs_twelve_monthly_values() -> None:
    # SCB's fixed monthly values 2025 (1980 = 100), January to December
    monthly = [416.57, 419.08, 416.20, 416.69, 416.95, 418.94]
    monthly += [419.75, 418.13, 418.26, 419.35, 417.83, 417.96]
    assert sum(monthly) == pytest.approx(5015.71)
    assert round(sum(monthly) / 12, 2) == CPI.value(2025)


def test_2024_agrees_with_scbs_monthly_values() -> None:
    # January-November mean 415.01 and December 413.34 x 1.008 (12-month change 0.8 %)
    december = 413.34 * 1.008
    assert round((11 * 415.01 + december) / 12, 2) == CPI.value(2024)


def test_rebase_1985_to_2025_by_hand() -> None:
    # 1000 SEK in 1985 prices in 2025 prices = 1000 x 417.98 / 153.8 = 2717.685...
    assert CPI.rebase(1000.0, 1985, 2025) == pytest.approx(2717.6853055916776, rel=1e-12)
    assert round(CPI.rebase(1000.0, 1985, 2025), 2) == 2717.69
    # and back: 1000 SEK in 2025 prices in 1985 prices = 1000 x 153.8 / 417.98
    assert CPI.rebase(1000.0, 2025, 1985) == pytest.approx(367.9601894827504, rel=1e-12)


def test_rebase_by_hand() -> None:
    # 1000 SEK in 2015 prices in 2023 prices = 1000 * 403.70 / 313.35
    assert CPI.rebase(1000.0, 2015, 2023) == pytest.approx(1000 * 403.70 / 313.35, rel=1e-14)


@given(a=st.sampled_from(YEARS), b=st.sampled_from(YEARS), v=st.floats(0, 1e9))
def test_rebase_round_trip_and_identity(a: int, b: int, v: float) -> None:
    assert CPI.rebase(v, a, a) == v
    assert CPI.rebase(CPI.rebase(v, a, b), b, a) == pytest.approx(v, rel=1e-12, abs=1e-9)


def test_missing_year_error_names_year_and_gaps() -> None:
    with pytest.raises(PriceYearError, match=r"no CPI \(KPI\) value for 1979.*covers 1980–2025"):
        CPI.factor(1979, 2020)
    with pytest.raises(PriceYearError, match="2031"):
        CPI.rebase(1.0, 2020, 2031)
    from socinv import CPI as CPIClass

    gappy = CPIClass({1980: 100.0, 1983: 132.6})
    with pytest.raises(PriceYearError, match=r"value for 1981.*gaps: 1981, 1982"):
        gappy.factor(1981, 1983)


def test_2020_base_accepted(tmp_path: Path) -> None:
    p = tmp_path / "kpi.csv"
    p.write_text(
        "year,kpi_2020_100\n2020,100\n2021,102.16\n2022,110.71\n2023,120.18\n", encoding="utf-8"
    )
    cpi = load_cpi(p)
    assert cpi.base == "2020=100"
    assert cpi.factor(2020, 2023) == pytest.approx(1.2018)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("year,value\n2020,1\n", "needs an index column"),
        ("yr,kpi_1980_100\n2020,1\n", "missing column 'year'"),
        (
            "year,kpi_1980_100\n2020,abc\n",
            r"line 2, column 'kpi_1980_100': expected a positive number, got 'abc'",
        ),
        ("year,kpi_1980_100\n2020,-5\n", "line 2.*positive"),
        ("year,kpi_1980_100\n2020,1\n2020,2\n", r"line 3, column 'year': year 2020 appears twice"),
        ("year,kpi_1980_100\nx,1\n", "year must be an integer"),
        ("year,kpi_1980_100\n", "no CPI rows"),
        (
            "year,kpi_1980_100\n1984,143.2\n1985,153.8\n1987,167.0\n",
            r"line 4, column 'year': year 1987 follows 1985, so 1986 is missing",
        ),
        (
            "year,kpi_1980_100\n1980,100\n1984,143.2\n",
            r"line 3, column 'year': year 1984 follows 1980, so 1981–1983 is missing",
        ),
        (
            "year,kpi_1980_100\n1985,153.8\n1984,143.2\n",
            r"line 3, column 'year': year 1984 comes after 1985; list the years in increasing",
        ),
        (
            "year,kpi_1980_100,evidence\n1985,153.8,read somewhere\n",
            r"line 2, column 'evidence': evidence must be one of",
        ),
    ],
)
def test_malformed_cpi_file(tmp_path: Path, text: str, match: str) -> None:
    p = tmp_path / "kpi.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=match) as exc:
        load_cpi(p)
    assert str(p) in str(exc.value)


def test_file_saved_with_a_byte_order_mark(tmp_path: Path) -> None:
    """Excel writes UTF-8 CSV with a BOM; the 'year' column must still be found
    (the unit-cost reader already accepted it)."""
    p = tmp_path / "kpi.csv"
    p.write_text("year,kpi_2020_100\n2022,110.71\n2023,120.18\n", encoding="utf-8-sig")
    assert load_cpi(p).factor(2022, 2023) == pytest.approx(120.18 / 110.71)


def test_2020_base_gives_the_same_rebasing_as_1980_base(tmp_path: Path) -> None:
    # the shipped series re-expressed with 2020 = 100 rebases every pair of years identically
    p = tmp_path / "kpi2020.csv"
    lines = [f"{y},{CPI.value(y) / CPI.value(2020) * 100!r}" for y in YEARS]
    p.write_text("year,kpi_2020_100\n" + "\n".join(lines) + "\n", encoding="utf-8")
    cpi2020 = load_cpi(p)
    assert cpi2020.base == "2020=100" and cpi2020.value(2020) == 100.0
    for a in YEARS[::5]:
        for b in YEARS[::7]:
            assert cpi2020.factor(a, b) == pytest.approx(CPI.factor(a, b), rel=1e-12)
