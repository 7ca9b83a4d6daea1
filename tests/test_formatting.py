"""Text formatting of money and ratios."""

from __future__ import annotations

import math

from socinv.formatting import ratio, sek, table


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


def test_table_aligns_columns() -> None:
    out = table(["item", "SEK"], [["hvb", "4 000"], ["besök", "900"]])
    assert out.splitlines() == ["item     SEK", "-----  -----", "hvb    4 000", "besök    900"]
