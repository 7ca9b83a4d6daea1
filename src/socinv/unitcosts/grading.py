"""Confidence grades of unit costs (A best, D weakest) and when a price is stale.

The rubric (documented in ``data/UNIT_COSTS.md``) sets the best grade a row can
have from how its number was checked (``evidence``) and how old its price year
is. A row may be graded lower than that ceiling (for example a figure from one
municipality or one provider), never higher.

* **A** — read on the publishing authority's own page, price year at most
  ``FRESH_YEARS`` years before the catalogue year.
* **B** — read on the authority's page but older (at most ``OLD_YEARS``), or
  read in a third-party copy of a primary document, or computed from sourced
  inputs, or a primary page that states no year.
* **C** — only quoted second-hand, or a price year more than ``OLD_YEARS``
  years before the catalogue year.
* **D** — an assumption, or a row with no evidence label.

Example:
    >>> grade_ceiling("verified_primary", 2023)
    'A'
    >>> grade_ceiling("verified_primary", 2016), grade_ceiling("verified_primary", 2012)
    ('B', 'C')
    >>> grade_ceiling("quoted_secondary", 2024)
    'C'
    >>> is_stale(2016), is_stale(2017)
    (True, False)
"""

from __future__ import annotations

from typing import Literal

Grade = Literal["A", "B", "C", "D"]
#: Grades from best to weakest.
GRADES: tuple[Grade, ...] = ("A", "B", "C", "D")

#: The year the catalogue was last revised; ages are counted from it.
CATALOGUE_YEAR = 2025
#: A price at most this many years old can be grade A.
FRESH_YEARS = 5
#: A price more than this many years old is at best grade C.
OLD_YEARS = 10
#: A price more than this many years old is reported as stale by the check.
STALE_AFTER_YEARS = 8

_EVIDENCE_CEILING: dict[str, Grade] = {
    "verified_primary": "A",
    "verified_mirror": "B",
    "verified_primary_year_unknown": "B",
    "derived": "B",
    "quoted_secondary": "C",
    "assumption": "D",
    "local": "D",
    "unspecified": "D",
}


def _worse(a: Grade, b: Grade) -> Grade:
    return a if GRADES.index(a) >= GRADES.index(b) else b


def grade_ceiling(evidence: str, price_year: int, catalogue_year: int = CATALOGUE_YEAR) -> Grade:
    """The best grade the rubric allows for this evidence label and price year."""
    grade = _EVIDENCE_CEILING.get(evidence, "D")
    age = catalogue_year - price_year
    if age > OLD_YEARS:
        return _worse(grade, "C")
    if age > FRESH_YEARS:
        return _worse(grade, "B")
    return grade


def is_better(grade: Grade, than: Grade) -> bool:
    """True if ``grade`` is a better (earlier) grade than ``than``."""
    return GRADES.index(grade) < GRADES.index(than)


def is_stale(price_year: int, catalogue_year: int = CATALOGUE_YEAR) -> bool:
    """True if the price year is more than ``STALE_AFTER_YEARS`` before the catalogue year."""
    return catalogue_year - price_year > STALE_AFTER_YEARS
