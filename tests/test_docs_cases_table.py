"""docs/cases.md: the table of reproduced figures matches `socinv cases --compare`."""

from __future__ import annotations

import re

import pytest

from socinv import cases
from support import ROOT

DOC = ROOT / "docs" / "cases.md"


def _table_rows() -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## The cases and where they land", 1)[1].split("What the statuses", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] not in ("case",) and not cells[0].startswith("---"):
            rows.append(cells)
    return rows


def _parse(cell: str) -> tuple[float, float]:
    """A displayed number and half of its last shown digit (the rounding)."""
    scale = 1.0
    if cell.endswith("MSEK"):
        cell, scale = cell.removesuffix("MSEK"), 1e6
    elif cell.endswith("%"):
        cell, scale = cell.removesuffix("%"), 0.01
    cell = cell.replace(" ", "").replace("\u202f", "")
    decimals = len(cell.split(".")[1]) if "." in cell else 0
    return float(cell) * scale, 0.5 * 10.0**-decimals * scale


def test_cases_table_matches_compare() -> None:
    rows = _table_rows()
    df = cases.compare_cases()
    assert len(rows) == len(df), "docs/cases.md lists a different number of figures"
    for cells, (_, fig) in zip(rows, df.iterrows(), strict=True):
        assert cells[0].split(" ")[0] == fig["case"], (cells, fig["case"])
        shown, half = _parse(cells[3])
        assert fig["socinv"] == pytest.approx(shown, abs=half * 1.0001), (
            f"docs/cases.md: {fig['case']} {fig['figure']} shows {cells[3]}, "
            f"socinv cases --compare gives {fig['socinv']}"
        )
        status = re.sub(r"\s*\(.*\)$", "", cells[5])
        assert status == fig["status"], (cells, fig["status"])
