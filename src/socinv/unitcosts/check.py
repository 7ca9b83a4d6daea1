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

_URL_RE = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/\S*)?$")


def url_is_well_formed(url: str) -> bool:
    """True for an ``http(s)://host.tld/...`` address without spaces."""
    return bool(_URL_RE.match(url))


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
    "CatalogueCheck",
    "check_catalogue",
    "url_is_well_formed",
]
