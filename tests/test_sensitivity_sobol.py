"""Sobol indices of an additive model against the analytic values."""

from __future__ import annotations

from pathlib import Path

import pytest

from socinv import ParameterError
from socinv.sensitivity import sobol_indices, uncertainty
from test_sensitivity_support import build, linear_scenario

pytest.importorskip("SALib")


def test_additive_model_matches_analytic_indices(tmp_path: Path) -> None:
    # the intervention removes both episodes (rr = 0), rate 0:
    # NPV = 50 * v_hvb + 40 * v_visit - C, additive in independent uniform inputs
    data = linear_scenario()
    data["intervention"]["effects"] = [
        {"id": "no_hvb", "episode": "hvb", "relative_risk": 0.0},
        {"id": "no_visits", "episode": "visits", "relative_risk": 0.0},
    ]
    m = build(tmp_path, data)
    u = uncertainty(
        m,
        {
            "unit_cost.hvb": {"dist": "uniform", "low": 3000, "high": 5000},
            "unit_cost.visit": {"dist": "uniform", "low": 500, "high": 1500},
        },
        policy=False,
    )
    var_hvb = 50**2 * 2000**2 / 12
    var_visit = 40**2 * 1000**2 / 12
    s_hvb = var_hvb / (var_hvb + var_visit)
    df = sobol_indices(m, u, n=2048, seed=3).set_index("parameter")
    assert list(df.index) == ["unit_cost.hvb", "unit_cost.visit"]  # sorted by ST
    for name, s in (("unit_cost.hvb", s_hvb), ("unit_cost.visit", 1 - s_hvb)):
        assert df.loc[name, "S1"] == pytest.approx(s, abs=0.03)
        assert df.loc[name, "ST"] == pytest.approx(s, abs=0.03)  # additive: ST = S1


def test_sobol_needs_distributions_and_power_of_two(tmp_path: Path) -> None:
    m = build(tmp_path)
    none = uncertainty(m, catalogue_defaults=False, policy=False)
    with pytest.raises(ParameterError, match="no parameter has a"):
        sobol_indices(m, none, n=64)
    with pytest.raises(ParameterError, match="power of 2"):
        sobol_indices(m, n=100)
