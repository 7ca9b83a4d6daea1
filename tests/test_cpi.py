"""CPI loading and rebasing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socinv import DataFileError, PriceYearError, load_cpi

CPI = load_cpi()
YEARS = CPI.years


def test_shipped_series_values_and_sources() -> None:
    assert CPI.value(1980) == 100.0
    assert CPI.value(2023) == 403.70
    assert CPI.value(2015) == 313.35
    assert all(CPI.sources[y] for y in YEARS)
    assert "DERIVED" in CPI.sources[2024]  # marked, not dressed as an SCB figure


def test_rebase_by_hand() -> None:
    # 1000 SEK in 2015 prices in 2023 prices = 1000 * 403.70 / 313.35
    assert CPI.rebase(1000.0, 2015, 2023) == pytest.approx(1000 * 403.70 / 313.35, rel=1e-14)


@given(a=st.sampled_from(YEARS), b=st.sampled_from(YEARS), v=st.floats(0, 1e9))
def test_rebase_round_trip_and_identity(a: int, b: int, v: float) -> None:
    assert CPI.rebase(v, a, a) == v
    assert CPI.rebase(CPI.rebase(v, a, b), b, a) == pytest.approx(v, rel=1e-12, abs=1e-9)


def test_missing_year_error_names_year_and_gaps() -> None:
    with pytest.raises(PriceYearError, match=r"no CPI \(KPI\) value for 1985.*gaps: 1981"):
        CPI.factor(1985, 2020)
    with pytest.raises(PriceYearError, match="2031"):
        CPI.rebase(1.0, 2020, 2031)


def test_2020_base_accepted(tmp_path: Path) -> None:
    p = tmp_path / "kpi.csv"
    p.write_text("year,kpi_2020_100\n2020,100\n2023,120.18\n", encoding="utf-8")
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
    p.write_text("year,kpi_2020_100\n2020,100\n2023,120.18\n", encoding="utf-8-sig")
    assert load_cpi(p).factor(2020, 2023) == pytest.approx(1.2018)


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
