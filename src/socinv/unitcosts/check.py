"""Upkeep checks of a unit-cost catalogue: counts, stale prices, weak rows.

:func:`check_catalogue` computes what ``socinv catalogue --check`` prints and
what ``data/UNIT_COSTS.md`` shows: rows by sector, evidence and grade, the
share read on the publisher's own page, and lists of rows to improve (stale
price year, assumptions, no low/high, malformed URL, grade better than the
rubric allows).

Example:
    >>> from socinv.unitcosts import load_catalogue
    >>> report = check_catalogue(load_catalogue())
    >>> report.rows == sum(report.by_evidence.values())
    True
    >>> report.problems
    []
    >>> [t.met for t in report.targets]
    [True, True]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from socinv.unitcosts.catalogue import UnitCost
from socinv.unitcosts.grading import (
    CATALOGUE_YEAR,
    GRADES,
    STALE_AFTER_YEARS,
    grade_ceiling,
    is_better,
    is_stale,
)

#: Coverage targets of the shipped catalogue: at least this many rows ...
TARGET_ROWS = 170
#: ... and at least this many per cent of them read on the publisher's own page.
TARGET_PERCENT_VERIFIED_PRIMARY = 60

_URL_RE = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/\S*)?$")


def url_is_well_formed(url: str) -> bool:
    """True for an ``http(s)://host.tld/...`` address without spaces."""
    return bool(_URL_RE.match(url))


@dataclass(frozen=True)
class CoverageTarget:
    """A coverage target: ``count`` of ``rows`` against at least ``needed``.

    ``needed`` is a whole number of rows, so whether the target is met never
    depends on how a share is rounded for display.

    Example:
        >>> t = CoverageTarget("verified_primary", count=120, rows=201, needed=121, percent=60)
        >>> t.met, round(t.share, 4)
        (False, 0.597)
    """

    name: str
    count: int
    rows: int
    needed: int
    #: The target as a whole per cent of the rows, or ``None`` for a target in rows.
    percent: int | None = None

    @property
    def met(self) -> bool:
        """True if ``count`` reaches ``needed``."""
        return self.count >= self.needed

    @property
    def share(self) -> float:
        """``count`` as a share of ``rows`` (0–1)."""
        return self.count / self.rows if self.rows else 0.0


def rows_needed(rows: int, percent: int) -> int:
    """The fewest of ``rows`` that make at least ``percent`` per cent (exact, no float).

    Example:
        >>> rows_needed(201, 60), rows_needed(200, 60), rows_needed(5, 60)
        (121, 120, 3)
    """
    return -(-rows * percent // 100)


@dataclass(frozen=True)
class CatalogueCheck:
    """Counts and lists of ids from :func:`check_catalogue` (ids in file order)."""

    rows: int
    catalogue_year: int
    by_sector: dict[str, int]
    by_evidence: dict[str, int]
    by_grade: dict[str, int]
    stale: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    without_bounds: list[str] = field(default_factory=list)
    without_url: list[str] = field(default_factory=list)
    malformed_urls: list[str] = field(default_factory=list)
    ungraded: list[str] = field(default_factory=list)
    graded_above_rubric: list[str] = field(default_factory=list)
    published_estimates: list[str] = field(default_factory=list)

    @property
    def verified_primary(self) -> int:
        """Rows whose number was read on the publishing authority's own page."""
        return self.by_evidence.get("verified_primary", 0)

    @property
    def share_verified_primary(self) -> float:
        """``verified_primary`` rows as a share of all rows (0–1)."""
        return self.verified_primary / self.rows if self.rows else 0.0

    @property
    def targets(self) -> tuple[CoverageTarget, CoverageTarget]:
        """The coverage targets: :data:`TARGET_ROWS` rows and
        :data:`TARGET_PERCENT_VERIFIED_PRIMARY` per cent ``verified_primary``."""
        return (
            CoverageTarget("rows", self.rows, self.rows, TARGET_ROWS),
            CoverageTarget(
                "verified_primary",
                self.verified_primary,
                self.rows,
                rows_needed(self.rows, TARGET_PERCENT_VERIFIED_PRIMARY),
                TARGET_PERCENT_VERIFIED_PRIMARY,
            ),
        )

    @property
    def problems(self) -> list[str]:
        """Findings that make the check fail (one plain-language line each)."""
        out = []
        if self.malformed_urls:
            out.append("malformed url: " + ", ".join(self.malformed_urls))
        if self.graded_above_rubric:
            out.append(
                "grade better than the rubric allows: " + ", ".join(self.graded_above_rubric)
            )
        return out


def check_catalogue(
    items: Iterable[UnitCost], *, catalogue_year: int = CATALOGUE_YEAR
) -> CatalogueCheck:
    """Count and list the catalogue's rows by the upkeep criteria."""
    items = list(items)
    stale, assumptions, no_bounds, no_url, bad_url = [], [], [], [], []
    ungraded, above, published = [], [], []
    for it in items:
        if is_stale(it.price_year, catalogue_year):
            stale.append(it.id)
        if it.evidence == "assumption":
            assumptions.append(it.id)
        if it.low_sek is None:
            no_bounds.append(it.id)
        if not it.url:
            no_url.append(it.id)
        elif not url_is_well_formed(it.url):
            bad_url.append(it.id)
        if it.grade is None:
            ungraded.append(it.id)
        elif is_better(it.grade, grade_ceiling(it.evidence, it.price_year, catalogue_year)):
            above.append(it.id)
        if it.published_estimate:
            published.append(it.id)
    grades: Counter[str] = Counter(it.grade or "none" for it in items)
    return CatalogueCheck(
        rows=len(items),
        catalogue_year=catalogue_year,
        by_sector=dict(Counter(it.sector or "none" for it in items).most_common()),
        by_evidence=dict(Counter(it.evidence for it in items).most_common()),
        by_grade={g: grades[g] for g in (*GRADES, "none") if grades[g]},
        stale=stale,
        assumptions=assumptions,
        without_bounds=no_bounds,
        without_url=no_url,
        malformed_urls=bad_url,
        ungraded=ungraded,
        graded_above_rubric=above,
        published_estimates=published,
    )


__all__ = [
    "STALE_AFTER_YEARS",
    "TARGET_PERCENT_VERIFIED_PRIMARY",
    "TARGET_ROWS",
    "CatalogueCheck",
    "CoverageTarget",
    "check_catalogue",
    "rows_needed",
    "url_is_well_formed",
]
