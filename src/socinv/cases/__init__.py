"""Reference reproductions of published Swedish estimates (ADHD, Skolfam and
other cases) as shipped, tested scenarios.

Quick tour::

    from socinv import cases
    cases.case_names()                       # the shipped cases
    case = cases.load_case("norrtalje_prison_adhd_published")
    cases.compare_cases()                    # published vs socinv, per figure
"""

from socinv.cases.compare import (
    FigureResult,
    case_model,
    compare_cases,
    figure_value,
    truncate_scenario,
)
from socinv.cases.consistency import SUCCESS_SHARE, consistency_grid, success_share_for
from socinv.cases.registry import (
    GROUPS,
    Case,
    CaseInfo,
    Measure,
    PublishedFigure,
    Tolerance,
    case_names,
    cases_dir,
    list_cases,
    load_case,
    read_case,
)

__all__ = [
    "GROUPS",
    "SUCCESS_SHARE",
    "Case",
    "CaseInfo",
    "FigureResult",
    "Measure",
    "PublishedFigure",
    "Tolerance",
    "case_model",
    "case_names",
    "cases_dir",
    "compare_cases",
    "consistency_grid",
    "figure_value",
    "list_cases",
    "load_case",
    "read_case",
    "success_share_for",
    "truncate_scenario",
]
