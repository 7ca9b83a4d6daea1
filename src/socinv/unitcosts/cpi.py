"""The Swedish consumer price index (KPI) and rebasing between price years.

``data/kpi_se.csv`` holds SCB's fixed annual averages with 1980 = 100. A
user's own series may use 2020 = 100 (SCB's base from 2026): the loader
accepts a column ``kpi_1980_100`` or ``kpi_2020_100``. Only ratios are used,
so the base does not matter. Years must follow one another without gaps; an
optional ``evidence`` column says how each value was read (``verified_primary``,
``verified_mirror``, ``quoted_secondary`` or ``derived``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from socinv._data import data_path
from socinv.errors import DataFileError, PriceYearError
from socinv.limits import CPI_YEAR
from socinv.readers import read_csv

_INDEX_COLUMNS = ("kpi_1980_100", "kpi_2020_100")

#: How a value was read: at the publisher, in a faithful copy, quoted by a
#: third party, or computed from other published values.
EVIDENCE: tuple[str, ...] = ("verified_primary", "verified_mirror", "quoted_secondary", "derived")


def evidence_label(path: Path, row: Mapping[str, str], line: int) -> str:
    """A row's ``evidence`` label (empty if the column is absent or blank);
    an unknown label is an error naming file, line and column."""
    label = (row.get("evidence") or "").strip()
    if label and label not in EVIDENCE:
        raise DataFileError(
            path,
            f"evidence must be one of {list(EVIDENCE)}, got {label!r}",
            line=line,
            column="evidence",
        )
    return label


@dataclass(frozen=True)
class CPI:
    """Yearly CPI values, ``index[year]``; ``base`` names the reference period."""

    index: Mapping[int, float]
    base: str = "1980=100"
    source: str = ""
    sources: Mapping[int, str] = field(default_factory=dict)
    evidence: Mapping[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for year, value in self.index.items():
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"CPI for {year} must be a positive number, got {value}")

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.index))

    def value(self, year: int) -> float:
        """The index for ``year``; ``PriceYearError`` if the series lacks it."""
        try:
            return self.index[year]
        except KeyError:
            yrs = self.years
            span = f"{yrs[0]}–{yrs[-1]}" if yrs else "none"
            missing = [y for y in range(yrs[0], yrs[-1] + 1) if y not in self.index] if yrs else []
            gap = f" (gaps: {', '.join(map(str, missing))})" if missing else ""
            raise PriceYearError(
                f"no CPI (KPI) value for {year}: the series covers {span}{gap}. "
                "Choose another price year or load a CPI file that has it "
                "(socinv.load_cpi(path))."
            ) from None

    def factor(self, from_year: int, to_year: int) -> float:
        """Multiply a value in ``from_year`` prices by this to get ``to_year`` prices."""
        if from_year == to_year:
            return 1.0
        return self.value(to_year) / self.value(from_year)

    def rebase(self, value: float, from_year: int, to_year: int) -> float:
        """``value`` SEK in ``from_year`` prices expressed in ``to_year`` prices.

        Example:
            >>> cpi = CPI({1985: 153.8, 2025: 417.98})
            >>> round(cpi.rebase(1000.0, 1985, 2025), 2)
            2717.69
        """
        return value * self.factor(from_year, to_year)

    @property
    def latest_year(self) -> int:
        return self.years[-1]


def load_cpi(path: str | Path | None = None) -> CPI:
    """Load a CPI CSV (columns ``year``, ``kpi_1980_100`` or ``kpi_2020_100``,
    optional ``source``, ``evidence``, ``note``). Without a path, the shipped
    SCB series (1980 = 100, 1980–2025).

    Example:
        >>> cpi = load_cpi()
        >>> cpi.years[0], cpi.latest_year, cpi.value(1985)
        (1980, 2025, 153.8)
    """
    if path is None:
        return _default_cpi()
    return _read_cpi(Path(path))


@lru_cache(maxsize=1)
def _default_cpi() -> CPI:
    return _read_cpi(data_path("kpi_se.csv"))


def _read_cpi(path: Path) -> CPI:
    with read_csv(path, what="CPI", numeric=_INDEX_COLUMNS) as reader:
        header = reader.header
        if "year" not in header:
            raise DataFileError(path, f"missing column 'year' (header is {header})", line=1)
        col = next((c for c in _INDEX_COLUMNS if c in header), None)
        if col is None:
            raise DataFileError(
                path, f"needs an index column named one of {list(_INDEX_COLUMNS)}", line=1
            )
        index: dict[int, float] = {}
        sources: dict[int, str] = {}
        evidence: dict[int, str] = {}
        previous: int | None = None
        for line, row in reader:
            raw_year = (row.get("year") or "").strip()
            try:
                year = int(raw_year)
            except ValueError:
                raise DataFileError(
                    path, f"year must be an integer, got {raw_year!r}", line=line, column="year"
                ) from None
            if not CPI_YEAR.contains(year):
                raise DataFileError(
                    path, f"year must be {CPI_YEAR.text()}, got {year}", line=line, column="year"
                )
            if year in index:
                raise DataFileError(path, f"year {year} appears twice", line=line, column="year")
            _check_next_year(path, line, previous, year)
            previous = year
            raw = (row.get(col) or "").strip()
            try:
                value = float(raw)
            except ValueError:
                raise DataFileError(
                    path, f"expected a positive number, got {raw!r}", line=line, column=col
                ) from None
            if not (math.isfinite(value) and value > 0):
                raise DataFileError(
                    path, f"expected a positive number, got {raw!r}", line=line, column=col
                )
            index[year] = value
            sources[year] = (row.get("source") or "").strip()
            label = evidence_label(path, row, line)
            evidence[year] = label
    if not index:
        raise DataFileError(path, "no CPI rows")
    base = "1980=100" if col == "kpi_1980_100" else "2020=100"
    return CPI(index=index, base=base, source=str(path), sources=sources, evidence=evidence)


def _check_next_year(path: Path, line: int, previous: int | None, year: int) -> None:
    """Years in a CPI file rise by one from row to row: a gap or a year out of
    order is refused on the row where it shows."""
    if previous is None or year == previous + 1:
        return
    if year < previous:
        why = f"year {year} comes after {previous}; list the years in increasing order"
    else:
        gap = f"{previous + 1}" if year == previous + 2 else f"{previous + 1}–{year - 1}"
        why = (
            f"year {year} follows {previous}, so {gap} is missing; the CPI series must "
            "have every year from its first to its last (SCB's table has them all)"
        )
    raise DataFileError(path, why, line=line, column="year")
