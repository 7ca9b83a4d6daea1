"""The Examples in the public entry points' docstrings run (from the
project's root, where the shipped scenario files are)."""

from __future__ import annotations

import doctest
import importlib

import pytest

from support import ROOT

MODULES = (
    "socinv.discounting",
    "socinv.scenarios.comparison",
    "socinv.scenarios.model",
    "socinv.scenarios.metrics",
    "socinv.sensitivity.montecarlo",
    "socinv.sensitivity.oneway",
    "socinv.sensitivity.threshold",
    "socinv.contracts.irr",
    "socinv.population.views",
    "socinv.scenarios.exclusion",
    "socinv.scenarios.alternatives",
    "socinv.sensitivity.exclusion",
    "socinv.report.exclusion_html",
    "socinv.fund.montecarlo",
    "socinv.fund.agencies",
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0


def test_entry_points_have_examples() -> None:
    import socinv
    from socinv.contracts import irr
    from socinv.sensitivity import monte_carlo, one_way, threshold

    for f in (
        socinv.compare,
        socinv.load_model,
        socinv.Model.theta,
        monte_carlo,
        one_way,
        threshold,
        socinv.discount_factors,
        irr,
    ):
        assert "Example" in (f.__doc__ or ""), f.__qualname__
