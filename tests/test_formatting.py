"""Text formatting of money, per cent, rates and ratios in Swedish and English."""

from __future__ import annotations

import doctest
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import socinv.formatting
from socinv.errors import ParameterError
from socinv.formatting import Formatter, money, number, percent, rate, ratio, sek, table, year

NBSP = "\u00a0"


def plain(text: str) -> str:
    """No-break spaces as plain spaces, to compare with hand-written strings."""
    return text.replace(NBSP, " ")


def test_sek_rounds_with_space_separators() -> None:
    assert sek(1234567.5) == "1 234 568"
    assert sek(-1234567.4) == "-1 234 567"
    assert sek(12.0, unit="SEK") == "12 SEK"


def test_sek_has_no_negative_zero() -> None:
    """A rounding residue such as -1e-9 SEK is shown as 0, not '-0'."""
    assert sek(-1e-9) == "0"
    assert sek(-0.4) == "0"
    assert sek(-0.6) == "-1"


def test_missing_values_show_a_dash() -> None:
    assert sek(None) == "—"
    assert sek(math.nan) == "—"
    assert ratio(math.nan) == "—"
    assert ratio(0.2437) == "0.24"
    for lang in ("sv", "en"):
        f = Formatter(lang)
        assert f.money(None) == f.percent(math.nan) == f.rate(math.inf) == f.year(None) == "—"


def test_table_aligns_columns() -> None:
    out = table(["item", "SEK"], [["hvb", "4 000"], ["besök", "900"]])
    assert out.splitlines() == ["item     SEK", "-----  -----", "hvb    4 000", "besök    900"]


def test_money_in_swedish_and_english() -> None:
    assert plain(money(1234567.4, "sv")) == "1 234 567 kr"
    assert plain(money(1234567.4, "en")) == "1,234,567 SEK"
    assert plain(money(-1234567.6, "sv")) == "-1 234 568 kr"
    assert plain(money(-0.3, "sv")) == "0 kr"  # no negative zero
    assert money(1234567.4, "en", unit=False) == "1,234,567"
    assert plain(money(1234.567, "sv", digits=2)) == "1 234,57 kr"


def test_swedish_uses_a_no_break_space_between_thousands() -> None:
    assert money(1234567, "sv", unit=False) == f"1{NBSP}234{NBSP}567"


def test_percent_and_rates() -> None:
    assert plain(percent(0.035, "sv")) == "3,5 %"
    assert percent(0.035, "en") == "3.5 %"
    assert plain(percent(0.42, "sv", digits=0)) == "42 %"
    assert percent(-0.0001, "en") == "0.0 %"  # no '-0.0 %'
    # a rate keeps the digits it needs: 3.5 % never becomes 4 % or 0.04
    assert rate(0.035, "en") == "3.5 %"
    assert rate(0.03, "en") == "3 %"
    assert rate(0.0125, "en") == "1.25 %"
    assert plain(rate(0.0125, "sv")) == "1,25 %"


def test_numbers_never_use_scientific_notation() -> None:
    assert number(1e13, "en") == "10,000,000,000,000"
    assert number(1e-9, "en") == "0"
    assert plain(number(1234.5678, "sv")) == "1 234,57"
    assert number(2.5, "en") == "2.5"
    assert plain(money(1e15, "sv")) == "1 000 000 000 000 000 kr"


def test_years_have_no_separator() -> None:
    assert year(2031) == "2031"
    assert year(2031.0) == "2031"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ParameterError, match="sv, en"):
        Formatter("de")  # type: ignore[arg-type]


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_money_reads_back_as_the_rounded_value(x: float) -> None:
    """Removing the separators gives back the value rounded to whole kronor."""
    for lang, sep in (("sv", NBSP), ("en", ",")):
        text = money(x, lang, unit=False)
        assert "e" not in text.lower()
        assert abs(float(text.replace(sep, "")) - round(x)) <= 0.5 + 1e-6 * abs(x)


def test_doctests() -> None:
    assert doctest.testmod(socinv.formatting).failed == 0


def test_significant_keeps_small_parameters_and_never_uses_exponents() -> None:
    """Tornado values: four significant digits, no scientific notation."""
    from socinv.formatting import significant

    assert significant(0.00035) == "0.00035"
    assert significant(0.123456) == "0.1235"
    assert significant(1234567) == "1,234,567"
    assert significant(0.7) == "0.7"
    assert significant(0) == "0"
    assert significant(float("nan")) == "—"
    assert significant(-0.0421, "sv") == "-0,0421"
    assert significant(1234.5678, "sv").replace("\xa0", " ") == "1 235"
    assert Formatter("en").significant(12.3456, 3) == "12.3"
