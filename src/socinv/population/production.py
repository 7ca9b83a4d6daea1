"""Production value decomposed: wage x (1 + employer contributions) x
employment, by age.

A status quo's ``production:`` entries price a person's lost production in
the years ``from_age..to_age`` (with ``probability`` that they are outside
work) as::

    value(age) = W x 12 x r(age) x (1 + c) x e(age)

* ``W``: the mean monthly wage of the whole economy in the price year
  (``data/wage_index_se.csv``), the parameter ``unit_cost.produktionsvarde_lon_ar``
  (SEK a year, ``W x 12``); a wage index, not the CPI, sets its level;
* ``c``: employer contributions (``data/parameters_se.csv``,
  ``employer_contribution_rate``), the parameter ``production.wage_cost_factor``
  (= 1 + c);
* ``e(age)``: peers' employment rate by age (``data/employment_by_age_se.csv``,
  latest year, both sexes) with ``employment: peers``, 1 with ``full``;
* ``r(age)``: relative earnings with ``earnings: profile`` — the earnings of
  the age group (``data/earnings_by_age_se.csv``, both sexes) over their mean
  across the groups from 20 to 64 — or 1 with ``average``.

The value falls on payers like the catalogue's production value (the tax
wedge). Optional real wage growth ``g`` a year multiplies year ``t`` by
``(1 + g)^t``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from socinv.population.spec import PopulationError

if TYPE_CHECKING:
    from socinv.scenarios.models import ProductionLoss, Scenario
    from socinv.unitcosts.catalogue import UnitCost

FloatArray = npt.NDArray[np.float64]

#: The catalogue-like item of a production entry (annual mean wage).
WAGE_ITEM = "produktionsvarde_lon_ar"
#: The catalogue item whose payer split and kind production entries share.
TEMPLATE_ITEM = "produktionsvarde_ar"


def wage_item(template: UnitCost, price_year: int) -> UnitCost:
    """The annual mean wage of ``price_year`` as a production item, split on
    payers like ``template`` (the catalogue's production value)."""
    from socinv.unitcosts.series import load_wage_index

    w = load_wage_index()
    if price_year not in w.wage:
        raise PopulationError(
            f"status_quo.production: no mean wage for the price year {price_year} in "
            f"{w.origin} (it has {w.years[0]}..{w.years[-1]})"
        )
    annual = 12.0 * w.wage[price_year]
    return template.model_copy(
        update={
            "id": WAGE_ITEM,
            "name_sv": f"Genomsnittlig årslön ({price_year}), hela ekonomin",
            "name_en": f"Mean annual wage ({price_year}), whole economy",
            "value_sek": annual,
            "price_year": price_year,
            "source": w.sources.get(price_year, w.origin),
            "original_value_sek": annual,
            "original_price_year": price_year,
            "low_sek": None,
            "high_sek": None,
        }
    )


def contribution_factor() -> float:
    """``1 + employer contributions`` (the shipped parameter)."""
    from socinv.fiscal import load_parameters

    return 1.0 + float(load_parameters()["employer_contribution_rate"].value)


def age_weights(p: ProductionLoss, scenario: Scenario, where: str) -> FloatArray:
    """``e(age) x r(age) x (1 + g)^t`` inside ``from_age..to_age``, 0 outside
    (one value per model year)."""
    from socinv.unitcosts.series import load_earnings, load_employment

    ages = np.arange(scenario.horizon_years) + scenario.start_age
    out = np.zeros(len(ages))
    emp = load_employment() if p.employment == "peers" else None
    earn = load_earnings() if p.earnings == "profile" else None
    mean_earn = 1.0
    if earn is not None:
        groups = {(r.age_from, r.age_to): r.value for r in earn.rows if r.sex == "all"}
        level = [v for (a0, a1), v in groups.items() if a0 >= 20 and a1 <= 64]
        latest = {r.year for r in earn.rows if r.sex == "all"}
        if not level:
            raise PopulationError(f"{where}.earnings: no earnings for ages 20-64 ({earn.origin})")
        mean_earn = float(
            np.mean([earn.value(a, "all") for a in range(20, 65)]) if latest else np.mean(level)
        )
    for t, age in enumerate(ages):
        if not p.from_age <= age <= p.to_age:
            continue
        try:
            e = emp.value(int(age), "all") if emp is not None else 1.0
            r = earn.value(int(age), "all") / mean_earn if earn is not None else 1.0
        except KeyError as exc:
            raise PopulationError(f"{where}: {exc.args[0]}") from None
        out[t] = e * r * (1.0 + p.real_wage_growth) ** t
    return out
