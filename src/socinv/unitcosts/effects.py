"""The effects catalogue: sourced effect estimates of interventions.

``data/effects_se.csv`` holds one published estimate per row: the
intervention, outcome and population, the effect measure with its 95 %
confidence interval, study design, country, source, year, an evidence grade
(rubric in ``data/EFFECTS.md``) and how the estimate maps into a scenario
effect. A scenario effect may ``cite`` a row by id: its relative risk is then
the published estimate and, in uncertainty analyses, it gets a lognormal
distribution whose 2.5 % and 97.5 % quantiles are the confidence limits.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from socinv._data import data_path
from socinv.errors import DataFileError
from socinv.unitcosts.series import read_series_rows

if TYPE_CHECKING:  # the sensitivity package imports this module
    from socinv.sensitivity.distributions import LogNormal, Normal

#: ratio measures (lognormal uncertainty) and difference measures (normal)
RATIO_MEASURES: tuple[str, ...] = ("RR", "OR", "HR", "IRR")
DIFFERENCE_MEASURES: tuple[str, ...] = ("SMD", "RD")
MEASURES = RATIO_MEASURES + DIFFERENCE_MEASURES
GRADES: tuple[str, ...] = ("A", "B", "C", "D")
#: how an estimate enters a scenario: as a relative risk, or not directly
MAPPINGS: tuple[str, ...] = ("relative_risk", "none")
#: z for a two-sided 95 % interval
Z95 = 1.959963984540054

COLUMNS: tuple[str, ...] = (
    "id",
    "intervention",
    "outcome",
    "population",
    "measure",
    "estimate",
    "ci_low",
    "ci_high",
    "design",
    "country",
    "source",
    "url",
    "year",
    "grade",
    "scenario_mapping",
)
OPTIONAL: tuple[str, ...] = ("note",)


@dataclass(frozen=True)
class EffectEstimate:
    """One published effect estimate with its 95 % confidence interval."""

    id: str
    intervention: str
    outcome: str
    population: str
    measure: str
    estimate: float
    ci_low: float
    ci_high: float
    design: str
    country: str
    source: str
    url: str
    year: int
    grade: str
    scenario_mapping: str
    note: str = ""

    def distribution(self) -> LogNormal | Normal:
        """Uncertainty of the estimate: for a ratio a lognormal whose 2.5 %
        and 97.5 % quantiles are the confidence limits (log-scale centre is
        the CI's geometric midpoint); for a difference a normal likewise.

        Example:
            >>> e = _example()
            >>> [round(float(x), 6) for x in e.distribution().ppf([0.025, 0.975])]
            [0.5, 0.8]
        """
        from socinv.sensitivity.distributions import LogNormal, Normal

        if self.measure in RATIO_MEASURES:
            lo, hi = math.log(self.ci_low), math.log(self.ci_high)
            mu, sigma = (lo + hi) / 2, (hi - lo) / (2 * Z95)
            mean = math.exp(mu + sigma**2 / 2)
            return LogNormal(mean_=mean, sd=mean * math.sqrt(math.expm1(sigma**2)))
        sd = (self.ci_high - self.ci_low) / (2 * Z95)
        return Normal(mean_=(self.ci_low + self.ci_high) / 2, sd=sd)


def _example() -> EffectEstimate:
    return EffectEstimate(
        "ex", "x", "y", "z", "RR", 0.63, 0.5, 0.8, "RCT", "SE", "s", "", 2020, "B", "relative_risk"
    )


@dataclass(frozen=True)
class EffectsCatalogue:
    """Effect estimates by id."""

    effects: Mapping[str, EffectEstimate]
    origin: str = ""

    def __iter__(self) -> Iterator[EffectEstimate]:
        return iter(self.effects.values())

    def __len__(self) -> int:
        return len(self.effects)

    def get(self, effect_id: str) -> EffectEstimate:
        """The estimate ``effect_id``; ``KeyError`` suggests close ids."""
        try:
            return self.effects[effect_id]
        except KeyError:
            near = difflib.get_close_matches(effect_id, list(self.effects), n=3)
            hint = f"; did you mean: {', '.join(near)}?" if near else ""
            raise KeyError(
                f"unknown effect {effect_id!r} in the effects catalogue ({self.origin}){hint}"
            ) from None

    def relative_risk(self, effect_id: str) -> EffectEstimate:
        """The estimate ``effect_id`` if it can stand as a scenario relative risk."""
        e = self.get(effect_id)
        if e.scenario_mapping != "relative_risk":
            raise ValueError(
                f"effect {effect_id!r} is a {e.measure} ({e.outcome}); it cannot be used as a "
                "relative risk directly (scenario_mapping is 'none': convert it by hand)"
            )
        return e


def load_effects(path: str | Path | None = None) -> EffectsCatalogue:
    """Read and validate an effects CSV; the shipped one by default.

    Example:
        >>> len(load_effects()) >= 1
        True
    """
    if path is None:
        return _default()
    return _read(Path(path))


@lru_cache(maxsize=1)
def _default() -> EffectsCatalogue:
    return _read(data_path("effects_se.csv"))


def _read(p: Path) -> EffectsCatalogue:
    out: dict[str, EffectEstimate] = {}
    for line, row in read_series_rows(p, COLUMNS, OPTIONAL):

        def bad(col: str, msg: str, line: int = line, row: dict[str, str] = row) -> DataFileError:
            return DataFileError(p, f"{msg} (got {row.get(col, '')!r})", line=line, column=col)

        for col in ("id", "intervention", "outcome", "population", "design", "source"):
            if not row[col]:
                raise bad(col, "must not be blank")
        if row["id"] in out:
            raise bad("id", "id is used twice")
        if row["measure"] not in MEASURES:
            raise bad("measure", f"unknown effect measure; expected one of {list(MEASURES)}")
        if row["grade"] not in GRADES:
            raise bad("grade", f"unknown grade; expected one of {list(GRADES)} (data/EFFECTS.md)")
        if row["scenario_mapping"] not in MAPPINGS:
            raise bad("scenario_mapping", f"expected one of {list(MAPPINGS)}")
        nums: dict[str, float] = {}
        for col in ("estimate", "ci_low", "ci_high"):
            try:
                nums[col] = float(row[col])
            except ValueError:
                raise bad(col, "expected a number") from None
            if not math.isfinite(nums[col]):
                raise bad(col, "expected a finite number")
            if row["measure"] in RATIO_MEASURES and nums[col] <= 0:
                raise bad(col, f"a {row['measure']} must be positive")
        if not nums["ci_low"] <= nums["estimate"] <= nums["ci_high"]:
            raise bad(
                "estimate",
                f"the confidence interval {nums['ci_low']:g}..{nums['ci_high']:g} "
                "does not contain the estimate",
            )
        if nums["ci_low"] == nums["ci_high"]:
            raise bad("ci_high", "the confidence interval has no width")
        if row["scenario_mapping"] == "relative_risk" and row["measure"] not in RATIO_MEASURES:
            raise bad("scenario_mapping", f"a {row['measure']} is not a ratio")
        try:
            year = int(row["year"])
        except ValueError:
            raise bad("year", "expected a year") from None
        out[row["id"]] = EffectEstimate(
            id=row["id"],
            intervention=row["intervention"],
            outcome=row["outcome"],
            population=row["population"],
            measure=row["measure"],
            estimate=nums["estimate"],
            ci_low=nums["ci_low"],
            ci_high=nums["ci_high"],
            design=row["design"],
            country=row["country"],
            source=row["source"],
            url=row["url"],
            year=year,
            grade=row["grade"],
            scenario_mapping=row["scenario_mapping"],
            note=row.get("note", ""),
        )
    return EffectsCatalogue(effects=out, origin=str(p))
