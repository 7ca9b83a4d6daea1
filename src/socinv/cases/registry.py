"""The shipped reference cases: scenario files in ``data/scenarios/cases/`` that
reproduce published Swedish estimates, with the published figures and their
tolerances read from each file's ``metadata`` (not from code).

A case file is an ordinary scenario (see :class:`socinv.Scenario`) whose
``metadata`` holds::

    metadata:
      case: {group: adhd, order: 1, short: "...", sources: ["..."]}
      published:
        - id: gain_to_20
          quantity: "what the figure measures"
          text: "the published wording"
          evidence: verified | secondary | derived
          value: 5000000            # the published number (unit below)
          unit: sek | share | persons | ratio
          price_year: 2013          # for SEK values: the year the figure is in
          measure:                  # how socinv computes its own figure
            metric: npv_undiscounted   # a Metrics field, or break_even_share
            perspective: society
            end_age: 20             # optional: stop the horizon at this age
            rate: 0.0               # optional: constant discount rate for this figure
            overrides: {}           # optional: parameter values
            per: [cohort.size]      # optional: divide by these parameters
            times: []               # optional: multiply by these parameters
            effects: [ids]          # break_even_share: the effects (default all)
          tolerance: {relative: 0.25, reason: "..."}   # or {range: [lo, hi], reason}
          expect: reproduced | gap | indicative
          gap: "why socinv's figure differs (required when expect is gap)"
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from socinv._data import data_path
from socinv.errors import ScenarioError
from socinv.formatting import number, percent, sek
from socinv.payers import Perspective
from socinv.scenarios.io import format_validation_error, load_scenario
from socinv.scenarios.metrics import RATIO_METRICS, SEK_METRICS
from socinv.scenarios.models import Scenario

#: Metrics a published figure may be compared with (fields of
#: :class:`socinv.scenarios.metrics.Metrics`), plus the break-even success share.
BREAK_EVEN_SHARE = "break_even_share"
MEASURE_METRICS: tuple[str, ...] = (*SEK_METRICS, *RATIO_METRICS, BREAK_EVEN_SHARE)

GROUPS: tuple[str, ...] = ("adhd", "skolfam", "other")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Measure(_Strict):
    """How socinv computes the figure it sets against a published one."""

    metric: str

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, v: str) -> str:
        if v not in MEASURE_METRICS:
            raise ValueError(f"unknown metric {v!r}; expected one of {', '.join(MEASURE_METRICS)}")
        return v

    perspective: Perspective = Perspective.SOCIETY
    end_age: int | None = None
    rate: Annotated[float, Field(gt=-1.0, lt=1.0)] | None = None
    overrides: dict[str, float] = Field(default_factory=dict)
    per: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    effects: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _effects_only_for_break_even(self) -> Measure:
        if self.effects is not None and self.metric != BREAK_EVEN_SHARE:
            raise ValueError("effects is only used with metric break_even_share")
        return self


class Tolerance(_Strict):
    """How far socinv's figure may lie from the published one: ``relative``
    (share of the published value, both sides) or a ``range`` [low, high]
    (either end may be null = open), and why."""

    relative: Annotated[float, Field(ge=0.0)] | None = None
    range: tuple[float | None, float | None] | None = None
    reason: Annotated[str, Field(min_length=10)]

    @model_validator(mode="after")
    def _one_form(self) -> Tolerance:
        if (self.relative is None) == (self.range is None):
            raise ValueError("give either relative or range (and a reason)")
        if self.range is not None:
            lo, hi = self.range
            if lo is None and hi is None:
                raise ValueError("range needs at least one finite end")
            if lo is not None and hi is not None and lo > hi:
                raise ValueError(f"range low {lo} is above high {hi}")
        return self

    def contains(self, value: float, published: float) -> bool:
        """Whether ``value`` is within this tolerance of ``published``."""
        if not math.isfinite(value):
            return False
        if self.relative is not None:
            return abs(value - published) <= self.relative * abs(published) * (1 + 1e-12)
        assert self.range is not None
        lo, hi = self.range
        return (lo is None or value >= lo) and (hi is None or value <= hi)

    def contains_array(self, values: npt.ArrayLike, published: float) -> npt.NDArray[np.bool_]:
        """Vectorised :meth:`contains` over an array of values."""
        v = np.asarray(values, dtype=float)
        if self.relative is not None:
            ok = np.abs(v - published) <= self.relative * abs(published) * (1 + 1e-12)
        else:
            assert self.range is not None
            lo, hi = self.range
            ok = np.ones(v.shape, dtype=bool)
            if lo is not None:
                ok &= v >= lo
            if hi is not None:
                ok &= v <= hi
        return np.asarray(ok & np.isfinite(v), dtype=np.bool_)

    def describe(self, unit: str) -> str:
        """Short text, e.g. '±25 %' or '>= 800 000 000'."""
        if self.relative is not None:
            return f"±{self.relative * 100:.3g} %"
        assert self.range is not None
        lo, hi = self.range

        def fmt(x: float) -> str:
            if unit == "sek":
                return sek(x)
            return percent(x, digits=2) if unit == "share" else number(x, digits=4)

        if hi is None and lo is not None:
            return f">= {fmt(lo)}"
        if lo is None and hi is not None:
            return f"<= {fmt(hi)}"
        assert lo is not None and hi is not None
        return f"{fmt(lo)} .. {fmt(hi)}"


class PublishedFigure(_Strict):
    """One published number, how socinv measures it and the tolerance."""

    id: str
    quantity: Annotated[str, Field(min_length=5)]
    text: str = ""
    source: str = ""
    evidence: Literal["verified", "secondary", "derived", "interpretation"]
    value: float
    unit: Literal["sek", "share", "persons", "ratio"]
    price_year: int | None = None
    measure: Measure
    tolerance: Tolerance
    expect: Literal["reproduced", "gap", "indicative"]
    gap: str = ""

    @model_validator(mode="after")
    def _checks(self) -> PublishedFigure:
        if self.unit == "sek" and self.price_year is None:
            raise ValueError(f"figure {self.id!r}: a SEK figure needs price_year")
        if self.expect == "gap" and len(self.gap.strip()) < 20:
            raise ValueError(
                f"figure {self.id!r}: expect 'gap' needs a 'gap' text explaining the difference"
            )
        return self


class CaseInfo(_Strict):
    """The ``metadata.case`` block: grouping, order, a short label, sources."""

    group: Literal["adhd", "skolfam", "other"]
    order: int = 0
    short: Annotated[str, Field(min_length=5)]
    sources: tuple[str, ...] = Field(min_length=1)


class CaseMetadata(BaseModel):
    """What the registry reads from a case file's ``metadata``."""

    model_config = ConfigDict(extra="allow", frozen=True)

    case: CaseInfo
    published: tuple[PublishedFigure, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> CaseMetadata:
        ids = [f.id for f in self.published]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"published figure ids used twice: {sorted(dup)}")
        return self


@dataclass(frozen=True)
class Case:
    """A shipped reference scenario with its published figures."""

    name: str
    path: Path
    scenario: Scenario
    info: CaseInfo
    published: tuple[PublishedFigure, ...]

    @property
    def title(self) -> str:
        return self.scenario.title or self.name

    @property
    def group(self) -> str:
        return self.info.group

    def figure(self, figure_id: str) -> PublishedFigure:
        """The published figure with id ``figure_id``."""
        for f in self.published:
            if f.id == figure_id:
                return f
        known = ", ".join(f.id for f in self.published)
        raise ScenarioError(
            f"case {self.name!r} has no published figure {figure_id!r}; known: {known}"
        )


def cases_dir() -> Path:
    """The folder holding the shipped case files (``data/scenarios/cases``)."""
    return data_path("scenarios", "cases")


def read_case(path: str | Path) -> Case:
    """Load one case file and validate its ``metadata`` (case block and
    published figures); :class:`ScenarioError` names the file and field."""
    p = Path(path)
    scenario = load_scenario(p)
    try:
        meta = CaseMetadata.model_validate(scenario.metadata)
    except ValidationError as exc:
        text = format_validation_error(exc, str(p))
        raise ScenarioError(text.replace(f"{p}: ", f"{p}: metadata.")) from None
    for f in meta.published:
        if f.unit == "sek" and f.price_year != scenario.price_year:
            raise ScenarioError(
                f"{p}: metadata.published[{f.id}].price_year {f.price_year} differs from the "
                f"scenario's price_year {scenario.price_year}; price the case in the published "
                "figure's year so the two are compared like for like"
            )
    return Case(scenario.name, p.resolve(), scenario, meta.case, meta.published)


@cache
def _load_all(folder: str, stamp: tuple[tuple[str, float], ...]) -> tuple[Case, ...]:
    """All case files of ``folder``; ``stamp`` (paths and modification times)
    makes the cache reload a folder whose files changed."""
    cases = [read_case(p) for p, _ in stamp]
    names = [c.name for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise ScenarioError(f"{folder}: case names used by more than one file: {sorted(dup)}")
    return tuple(sorted(cases, key=lambda c: (GROUPS.index(c.group), c.info.order, c.name)))


def list_cases(group: str | None = None, *, folder: str | Path | None = None) -> list[Case]:
    """All shipped cases (ordered by group, then order), or those of ``group``
    (``adhd``, ``skolfam`` or ``other``)."""
    if group is not None and group not in GROUPS:
        raise ScenarioError(f"unknown case group {group!r}; expected one of {', '.join(GROUPS)}")
    d = Path(folder) if folder is not None else cases_dir()
    if not d.is_dir():
        raise ScenarioError(f"{d}: case folder not found")
    stamp = tuple((str(p), p.stat().st_mtime) for p in sorted(d.resolve().glob("*.yaml")))
    cases = _load_all(str(d.resolve()), stamp)
    return [c for c in cases if group is None or c.group == group]


def case_names(group: str | None = None) -> list[str]:
    """Names of the shipped cases."""
    return [c.name for c in list_cases(group)]


def load_case(name: str, *, folder: str | Path | None = None) -> Case:
    """The shipped case called ``name`` (its scenario's ``name`` field)."""
    cases = list_cases(folder=folder)
    for c in cases:
        if c.name == name:
            return c
    import difflib

    names = [c.name for c in cases]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.4)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(names)}"
    raise ScenarioError(f"no reference case named {name!r}{hint}")


def describe_metadata_schema() -> dict[str, Any]:
    """JSON Schema of a case file's ``metadata`` block (for documentation)."""
    return CaseMetadata.model_json_schema()
