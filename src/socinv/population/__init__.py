"""Population: who the per-person trajectory is multiplied by.

A scenario's optional ``population:`` block gives a count or a birth cohort
(live births of a year x share affected), subgroups with their own size,
start age and sex, a yearly inflow of new cohorts and survival from the
shipped life table. See ``docs/cohort_cost_of_exclusion.md``.
"""

from socinv.population.spec import Mortality, Population, PopulationError, Subgroup
from socinv.population.views import budget_view, by_calendar_year, per_person, totals
from socinv.population.weights import CompiledPopulation, compile_population

__all__ = [
    "CompiledPopulation",
    "Mortality",
    "Population",
    "PopulationError",
    "Subgroup",
    "budget_view",
    "by_calendar_year",
    "compile_population",
    "per_person",
    "totals",
]
