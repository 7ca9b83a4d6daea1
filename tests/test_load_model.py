"""The one way from a scenario to a compiled model."""

from __future__ import annotations

import pytest

import socinv
from socinv import ParameterError
from support import MAIN_SCENARIO


def test_settings_replace_the_scenarios_own() -> None:
    base = socinv.load_model(MAIN_SCENARIO)
    m = socinv.load_model(MAIN_SCENARIO, price_year=2020, rate=0.02, start_year=2030)
    assert m.price_year == 2020
    assert m.base_theta[m.index_of("discount.rate")] == 0.02
    assert int(m.years[0]) == 2030 and m.n_years == base.n_years
    # the same file and settings through compare give the same numbers
    cmp = socinv.compare(MAIN_SCENARIO, price_year=2020, rate=0.02)
    again = socinv.compare_model(socinv.load_model(MAIN_SCENARIO, price_year=2020, rate=0.02))
    assert cmp.npv() == again.npv()


def test_a_compiled_model_passes_through_without_settings() -> None:
    m = socinv.load_model(MAIN_SCENARIO)
    assert socinv.load_model(m) is m
    with pytest.raises(ParameterError, match="compiled model"):
        socinv.load_model(m, rate=0.03)


def test_a_base_year_moves_with_the_start_year() -> None:
    sc = socinv.load_scenario(MAIN_SCENARIO)
    disc = sc.discounting.model_copy(update={"base_year": sc.start_year + 1})
    sc = sc.model_copy(update={"discounting": disc})
    m = socinv.load_model(sc, start_year=sc.start_year + 10)
    assert m.scenario.discounting.base_year == sc.start_year + 11
