"""Sourced fiscal defaults: the tax wedge on production and the discount rate.

``data/parameters_se.csv`` holds each default with its source. The default
tax wedge splits the production value ``V`` of a year in work (wage ``W``
plus employer contributions ``e W``, so ``V = (1 + e) W``) into:

* state: the employer contributions, ``e / (1 + e)`` of ``V``;
* municipality: the average municipal income tax rate on the wage,
  ``t_m / (1 + e)``;
* region: the average regional income tax rate, ``t_r / (1 + e)``;
* individual: the rest, the net wage.

Simplifications, stated so they can be challenged: the basic allowance
(grundavdrag) and the earned-income tax credit (jobbskatteavdrag, financed by
the state) are left out, as are state income tax above the threshold and
consumption taxes. Set a scenario's ``tax_wedge`` to use other shares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from socinv._data import data_path
from socinv.errors import DataFileError
from socinv.readers import read_csv


class TaxWedge(BaseModel):
    """Shares of the production value of a year in work (wage cost incl.
    employer contributions) that go to each public payer as taxes and
    contributions; the rest, ``1 - sum``, is the individual's net income.
    Leave out to use the sourced defaults (see :func:`socinv.default_tax_wedge`)."""

    municipality: Annotated[float, Field(ge=0, le=1)]
    region: Annotated[float, Field(ge=0, le=1)]
    state: Annotated[float, Field(ge=0, le=1)]

    @model_validator(mode="after")
    def _sum(self) -> TaxWedge:
        if self.municipality + self.region + self.state > 1:
            raise ValueError("tax wedge shares sum to more than 1")
        return self

    @property
    def individual(self) -> float:
        return 1.0 - self.municipality - self.region - self.state


@dataclass(frozen=True)
class SourcedValue:
    """A default with its provenance."""

    id: str
    value: float
    unit: str
    year: int | None
    source: str
    url: str
    evidence: str
    note: str


def load_parameters(path: str | Path | None = None) -> dict[str, SourcedValue]:
    """Read ``parameters_se.csv`` (id, value, unit, year, source, url, evidence, note).

    A file you name is read every time (an edited file never gives old
    values); only the shipped file is cached, keyed by its modification time.
    A value must be a finite number.
    """
    p = Path(path) if path is not None else data_path("parameters_se.csv")
    try:
        st = p.stat()
    except OSError:
        raise DataFileError(p, "parameter file not found") from None
    if path is not None:
        return dict(_read.__wrapped__(p, st.st_mtime_ns, st.st_size))
    return dict(_read(p, st.st_mtime_ns, st.st_size))


@lru_cache(maxsize=4)
def _read(path: Path, mtime_ns: int, size: int) -> tuple[tuple[str, SourcedValue], ...]:
    out: dict[str, SourcedValue] = {}
    lines: dict[str, int] = {}
    with read_csv(path, what="parameter", numeric=("value",)) as table:
        for line, row in table:
            pid = (row.get("id") or "").strip()
            if not pid:
                raise DataFileError(path, "empty id", line=line, column="id")
            if pid in lines:
                raise DataFileError(
                    path, f"id {pid!r} already defined on line {lines[pid]}", line=line, column="id"
                )
            lines[pid] = line
            raw = (row.get("value") or "").strip()
            try:
                value = float(raw)
                if not math.isfinite(value):
                    raise ValueError(raw)
            except ValueError:
                raise DataFileError(
                    path, f"expected a finite number, got {raw!r}", line=line, column="value"
                ) from None
            year_raw = (row.get("year") or "").strip()
            try:
                year = int(year_raw) if year_raw else None
            except ValueError:
                raise DataFileError(
                    path, f"expected a year, got {year_raw!r}", line=line, column="year"
                ) from None
            if not (row.get("source") or "").strip():
                raise DataFileError(
                    path, "every parameter needs a source", line=line, column="source"
                )
            out[pid] = SourcedValue(
                id=pid,
                value=value,
                unit=(row.get("unit") or "").strip(),
                year=year,
                source=(row.get("source") or "").strip(),
                url=(row.get("url") or "").strip(),
                evidence=(row.get("evidence") or "").strip(),
                note=(row.get("note") or "").strip(),
            )
    return tuple(out.items())


def _require(params: dict[str, SourcedValue], pid: str) -> float:
    try:
        return params[pid].value
    except KeyError:
        raise DataFileError(
            data_path("parameters_se.csv"), f"the default {pid!r} is missing"
        ) from None


def default_tax_wedge() -> TaxWedge:
    """The sourced default split of a year's production value (see module doc)."""
    params = load_parameters()
    e = _require(params, "employer_contribution_rate")
    t_m = _require(params, "municipal_tax_rate_avg")
    t_r = _require(params, "regional_tax_rate_avg")
    return TaxWedge(municipality=t_m / (1 + e), region=t_r / (1 + e), state=e / (1 + e))


def default_discount_rate() -> float:
    """The ASEK real social discount rate (fraction per year)."""
    return _require(load_parameters(), "discount_rate_asek")
