"""Plain-text formatting of money and tables for the terminal."""

from __future__ import annotations

import math
from collections.abc import Sequence


def sek(value: float | None, *, unit: str = "") -> str:
    """``1234567.8`` -> ``'1 234 568'`` (SEK, rounded, space as thousands separator);
    ``None``/NaN -> ``'—'``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if abs(value) < 0.5:  # rounds to zero: no "-0" for a tiny negative rounding residue
        value = 0.0
    s = f"{value:,.0f}".replace(",", " ")
    return f"{s} {unit}".rstrip()


def ratio(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.{digits}f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None) -> str:
    """A fixed-width text table; ``align`` is a string of 'l'/'r' per column."""
    align = align or "l" + "r" * (len(headers) - 1)
    widths = [
        max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
        for i, h in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            str(c).ljust(w) if a == "l" else str(c).rjust(w)
            for c, w, a in zip(cells, widths, align, strict=True)
        ).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), sep, *(line(r) for r in rows)])
