"""Yearly and age series: wage index, life table, earnings, employment, births.

Each series is a small CSV in ``data/`` with a ``source`` column on every
row (see ``data/SERIES.md``). The loaders validate every row and raise
:class:`~socinv.errors.DataFileError` naming the file, line and column at
fault. Without a path they read the shipped file.

* :func:`load_wage_index` — average monthly wage (SEK) by year; rebases
  wages and production values (:func:`rebase_wage`), as the CPI rebases
  everything else.
* :func:`load_life_table` — death risks ``q`` by single age and sex;
  :meth:`LifeTable.survival` gives S(age | start age, sex) with an optional
  hazard ratio for excess mortality.
* :func:`load_earnings`, :func:`load_employment` — values by age group and sex.
* :func:`load_births` — live births per calendar year.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from socinv._data import data_path
from socinv.errors import DataFileError, PriceYearError
from socinv.readers import read_csv
from socinv.unitcosts.cpi import evidence_label as _evidence

FloatArray = npt.NDArray[np.float64]
SEXES: tuple[str, ...] = ("men", "women", "all")


# --------------------------------------------------------------------------- reading


def read_series_rows(
    path: Path, required: Sequence[str], optional: Sequence[str] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a series CSV as ``(line, row)``, read through
    :func:`socinv.readers.read_csv` (size, encoding, delimiter, line numbers);
    checks the header (required and allowed columns) and that no row is empty
    or ragged."""
    table = read_csv(path, what="series")
    header = table.header
    missing = [c for c in required if c not in header]
    if missing:
        raise DataFileError(
            path, f"missing column(s) {missing}; required: {list(required)}", line=1
        )
    unknown = [c for c in header if c not in (*required, *optional)]
    if unknown:
        raise DataFileError(
            path,
            f"unknown column(s) {unknown}; allowed: {[*required, *optional]}",
            line=1,
        )
    n = 0
    for line, raw in table:
        row = {k: raw.get(k, "").strip() for k in header}
        if all(not v for v in row.values()):
            raise DataFileError(path, "empty row; remove it", line=line)
        n += 1
        yield line, row
    if n == 0:
        raise DataFileError(path, "no data rows")


def _int(path: Path, row: Mapping[str, str], col: str, line: int, lo: int, hi: int) -> int:
    raw = row.get(col, "")
    try:
        v = int(raw)
    except ValueError:
        raise DataFileError(
            path, f"expected a whole number, got {raw!r}", line=line, column=col
        ) from None
    if not lo <= v <= hi:
        raise DataFileError(path, f"expected {lo}..{hi}, got {v}", line=line, column=col)
    return v


def _float(
    path: Path, row: Mapping[str, str], col: str, line: int, lo: float, hi: float = math.inf
) -> float:
    raw = row.get(col, "")
    try:
        v = float(raw)
    except ValueError:
        raise DataFileError(
            path, f"expected a number, got {raw!r}", line=line, column=col
        ) from None
    if not (math.isfinite(v) and lo <= v <= hi):
        shown = f"{lo:g}..{hi:g}" if math.isfinite(hi) else f"a number >= {lo:g}"
        raise DataFileError(path, f"expected {shown}, got {raw!r}", line=line, column=col)
    return v


def _source(path: Path, row: Mapping[str, str], line: int) -> str:
    src = row.get("source", "")
    if not src:
        raise DataFileError(path, "every row needs a source", line=line, column="source")
    return src


def _sex(path: Path, row: Mapping[str, str], line: int) -> str:
    sex = row.get("sex", "")
    if sex not in SEXES:
        raise DataFileError(
            path, f"expected one of {list(SEXES)}, got {sex!r}", line=line, column="sex"
        )
    return sex


def _rising(path: Path, line: int, previous: int | None, year: int) -> int:
    """``year`` if it comes after ``previous``; a year listed out of order is
    refused on its row (gaps are allowed: a year that could not be read is
    left out, see data/SERIES.md)."""
    if previous is not None and year <= previous:
        raise DataFileError(
            path,
            f"year {year} comes after {previous}; list the years in increasing order",
            line=line,
            column="year",
        )
    return year


def _path(path: str | Path | None, shipped: str) -> Path:
    return data_path(shipped) if path is None else Path(path)


# --------------------------------------------------------------------------- wage index


@dataclass(frozen=True)
class WageIndex:
    """Average monthly wage (SEK, full-time equivalent) by year."""

    wage: Mapping[int, float]
    sources: Mapping[int, str] = field(default_factory=dict)
    origin: str = ""

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.wage))

    def factor(self, from_year: int, to_year: int) -> float:
        """Multiply a wage-linked value in ``from_year`` by this for ``to_year``."""
        if from_year == to_year:
            return 1.0
        for y in (from_year, to_year):
            if y not in self.wage:
                raise PriceYearError(
                    f"no wage-index value for {y}: the wage series ({self.origin}) has "
                    f"{', '.join(map(str, self.years))}. Rebase wages and production values "
                    "between these years, or load a wage file that has it."
                )
        return self.wage[to_year] / self.wage[from_year]

    def rebase(self, value: float, from_year: int, to_year: int) -> float:
        """``value`` (SEK, wage-linked) in ``from_year`` expressed in ``to_year`` wages.

        Example:
            >>> w = WageIndex({2022: 38300.0, 2023: 39900.0})
            >>> round(w.rebase(100.0, 2022, 2023), 4)
            104.1775
        """
        return value * self.factor(from_year, to_year)


def load_wage_index(path: str | Path | None = None) -> WageIndex:
    """Read a wage CSV (``year, mean_monthly_wage_sek, source``); shipped by default."""
    if path is None:
        return _default_wage()
    return _read_wage(Path(path))


@lru_cache(maxsize=1)
def _default_wage() -> WageIndex:
    return _read_wage(data_path("wage_index_se.csv"))


def _read_wage(p: Path) -> WageIndex:
    wage: dict[int, float] = {}
    sources: dict[int, str] = {}
    previous: int | None = None
    cols = ("year", "mean_monthly_wage_sek", "source")
    for line, row in read_series_rows(p, cols, ("url", "evidence", "note")):
        year = _int(p, row, "year", line, 1900, 2200)
        if year in wage:
            raise DataFileError(p, f"year {year} appears twice", line=line, column="year")
        previous = _rising(p, line, previous, year)
        wage[year] = _float(p, row, "mean_monthly_wage_sek", line, 1.0)
        sources[year] = _source(p, row, line)
        _evidence(p, row, line)
    return WageIndex(wage=wage, sources=sources, origin=str(p))


def rebase_wage(value: float, from_year: int, to_year: int) -> float:
    """Rebase a wage or production value with the shipped wage index.

    Example:
        >>> rebase_wage(1000.0, 2022, 2022)
        1000.0
    """
    return load_wage_index().rebase(value, from_year, to_year)


# --------------------------------------------------------------------------- life table


@dataclass(frozen=True)
class LifeTable:
    """Death risks ``q[sex][age]`` (probability of dying before the next
    birthday) for single ages ``0..max_age``."""

    q: Mapping[str, FloatArray]
    year: str = ""
    source: str = ""

    @property
    def max_age(self) -> int:
        return min(len(v) for v in self.q.values()) - 1

    def _q(self, sex: str) -> FloatArray:
        if sex not in self.q:
            raise KeyError(f"life table has no sex {sex!r}; it has {sorted(self.q)}")
        return self.q[sex]

    def survival_curve(
        self, start_age: int, sex: str, years: int, hazard_ratio: float = 1.0
    ) -> FloatArray:
        """S(start_age + t | start_age) for ``t = 0..years``.

        A hazard ratio ``h`` scales the yearly hazard: with a constant hazard
        within each year, ``1 - q`` becomes ``(1 - q) ** h``.

        Example:
            >>> t = LifeTable({"all": np.array([0.5, 0.5, 1.0])})
            >>> t.survival_curve(0, "all", 2).tolist()
            [1.0, 0.5, 0.25]
        """
        if not (math.isfinite(hazard_ratio) and hazard_ratio >= 0):
            raise ValueError(f"hazard ratio must be a number >= 0, got {hazard_ratio}")
        q = self._q(sex)
        last = start_age + years - 1
        if start_age < 0 or years < 0 or (years > 0 and last > len(q) - 1):
            raise ValueError(
                f"ages {start_age}..{start_age + years} are outside the life table "
                f"(ages 0..{len(q) - 1}, {self.source or 'no source'})"
            )
        p = (1.0 - q[start_age : start_age + years]) ** hazard_ratio
        return np.concatenate(([1.0], np.cumprod(p)))

    def life_expectancy(self, age: int, sex: str, hazard_ratio: float = 1.0) -> float:
        """Remaining life expectancy at ``age`` (years), deaths at mid-year.

        ``e(x) = sum over t >= 1 of S(x + t | x) + 0.5``; the table must end
        with a death risk of 1 (an open last age group), else the sum would
        be cut short.

        Example:
            >>> LifeTable({"all": np.array([0.5, 1.0])}).life_expectancy(0, "all")
            1.0
        """
        q = self._q(sex)
        if q[-1] < 1.0:
            raise ValueError(
                f"life expectancy needs a death risk of 1 at the last age ({len(q) - 1}); "
                f"the table has {q[-1]:g}"
            )
        s = self.survival_curve(age, sex, len(q) - age, hazard_ratio)
        return float(s[1:].sum() + 0.5)

    def survival(self, age: int, start_age: int, sex: str, hazard_ratio: float = 1.0) -> float:
        """S(age | start_age, sex): probability that a person alive at
        ``start_age`` is alive at ``age``."""
        if age < start_age:
            raise ValueError(f"age {age} is before the start age {start_age}")
        return float(self.survival_curve(start_age, sex, age - start_age, hazard_ratio)[-1])


def load_life_table(path: str | Path | None = None) -> LifeTable:
    """Read a life table CSV (``year, sex, age, q, source``), ages 0..max
    without gaps for every sex; shipped by default."""
    p = _path(path, "life_tables_se.csv")
    if path is None and not p.is_file():
        raise DataFileError(
            p,
            "no life table is shipped (see data/SERIES.md); pass the path of a CSV with "
            "columns year, sex, age, q (death risk 0..1), source",
        )
    rows: dict[str, dict[int, float]] = {}
    years: set[str] = set()
    sources: set[str] = set()
    cols = ("year", "sex", "age", "q", "source")
    for line, row in read_series_rows(p, cols, ("url", "evidence", "note")):
        sex = _sex(p, row, line)
        age = _int(p, row, "age", line, 0, 130)
        if age in rows.setdefault(sex, {}):
            raise DataFileError(p, f"age {age} ({sex}) appears twice", line=line, column="age")
        expected = len(rows[sex])  # ages 0..expected-1 are already read
        if age != expected:
            raise DataFileError(
                p,
                f"{sex}: age {age} where age {expected} was expected (ages missing: "
                f"{list(range(expected, age))[:10]}); list single ages 0, 1, 2, ... "
                "in order without gaps",
                line=line,
                column="age",
            )
        rows[sex][age] = _float(p, row, "q", line, 0.0, 1.0)
        _evidence(p, row, line)
        years.add(row["year"])
        sources.add(_source(p, row, line))
    q: dict[str, FloatArray] = {
        sex: np.array([by_age[a] for a in range(len(by_age))], dtype=float)
        for sex, by_age in rows.items()
    }
    return LifeTable(q=q, year="; ".join(sorted(years)), source="; ".join(sorted(sources)))


# --------------------------------------------------------------------------- by age group


@dataclass(frozen=True)
class AgeGroupRow:
    year: int
    sex: str
    age_from: int
    age_to: int
    value: float
    source: str


@dataclass(frozen=True)
class AgeProfile:
    """Values by age group and sex (e.g. employment rate, mean income)."""

    measure: str
    unit: str
    rows: tuple[AgeGroupRow, ...]
    origin: str = ""

    def value(self, age: int, sex: str = "all", year: int | None = None) -> float:
        """The value of the age group holding ``age`` (latest year unless given).

        Example:
            >>> r = AgeGroupRow(2024, "all", 20, 24, 0.5, "x")
            >>> AgeProfile("rate", "share", (r,)).value(22)
            0.5
        """
        hits = [
            r
            for r in self.rows
            if r.sex == sex and r.age_from <= age <= r.age_to and (year is None or r.year == year)
        ]
        if not hits:
            raise KeyError(
                f"{self.measure}: no value for age {age}, sex {sex!r}"
                + (f", year {year}" if year is not None else "")
                + f" in {self.origin}"
            )
        return max(hits, key=lambda r: r.year).value


def _read_profile(p: Path, value_col: str, lo: float, hi: float = math.inf) -> AgeProfile:
    cols = ("year", "sex", "age_from", "age_to", value_col, "source")
    out: list[AgeGroupRow] = []
    measures: set[str] = set()
    seen: dict[tuple[int, str, int], int] = {}
    for line, row in read_series_rows(p, cols, ("measure", "unit", "url", "note")):
        year = _int(p, row, "year", line, 1900, 2200)
        sex = _sex(p, row, line)
        a0 = _int(p, row, "age_from", line, 0, 130)
        a1 = _int(p, row, "age_to", line, 0, 130)
        if a1 < a0:
            raise DataFileError(
                p, f"age_to {a1} is before age_from {a0}", line=line, column="age_to"
            )
        for a in range(a0, a1 + 1):
            key = (year, sex, a)
            if key in seen:
                raise DataFileError(
                    p,
                    f"age {a} ({sex}, {year}) is already covered on line {seen[key]}",
                    line=line,
                    column="age_from",
                )
            seen[key] = line
        value = _float(p, row, value_col, line, lo, hi)
        out.append(AgeGroupRow(year, sex, a0, a1, value, _source(p, row, line)))
        measures.add(row.get("measure", ""))
    measure = "; ".join(sorted(m for m in measures if m)) or value_col
    return AgeProfile(measure=measure, unit=value_col, rows=tuple(out), origin=str(p))


def load_earnings(path: str | Path | None = None) -> AgeProfile:
    """Earnings by age group and sex (``value_sek`` a year or a month, as
    ``measure`` says); shipped by default."""
    return _read_profile(_path(path, "earnings_by_age_se.csv"), "value_sek", 0.0)


def load_employment(path: str | Path | None = None) -> AgeProfile:
    """Employment rate (share 0..1) by age group and sex; shipped by default."""
    return _read_profile(_path(path, "employment_by_age_se.csv"), "rate", 0.0, 1.0)


# --------------------------------------------------------------------------- births


@dataclass(frozen=True)
class Births:
    """Live births in Sweden per calendar year."""

    count: Mapping[int, int]
    sources: Mapping[int, str] = field(default_factory=dict)

    def cohort(self, year: int) -> int:
        """Live births in ``year``; ``KeyError`` names the years held."""
        if year not in self.count:
            held = ", ".join(map(str, sorted(self.count)))
            raise KeyError(f"no birth count for {year}; the series has {held}")
        return self.count[year]


def load_births(path: str | Path | None = None) -> Births:
    """Read ``year, live_births, source``; shipped by default."""
    p = _path(path, "births_se.csv")
    count: dict[int, int] = {}
    sources: dict[int, str] = {}
    previous: int | None = None
    for line, row in read_series_rows(p, ("year", "live_births", "source"), ("url", "note")):
        year = _int(p, row, "year", line, 1749, 2200)
        if year in count:
            raise DataFileError(p, f"year {year} appears twice", line=line, column="year")
        previous = _rising(p, line, previous, year)
        count[year] = _int(p, row, "live_births", line, 1, 10**7)
        sources[year] = _source(p, row, line)
    return Births(count=count, sources=sources)
