"""The net-savings kernel (what NPV and break-even read) against the arms'
difference, for every path: effects with a common drop-off, drop-offs that
vary by draw, stacked effects and an intervention arm with its own episodes."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from socinv import Catalogue, compile_scenario, scenario_from_dict
from socinv.scenarios.kernel import (
    evaluate_metrics,
    evaluate_npv,
    flow_scale,
    net_savings,
    payer_amounts,
)
from socinv.scenarios.metrics import compute_metrics, perspective_matrix
from socinv.scenarios.result import evaluate_result
from test_engine import HAND


def _check(model: Any, theta: Any) -> None:
    g = model.group_costs(theta)
    expected = g[:, 0] - g[:, 1] - g[:, 2]
    got = net_savings(model, theta)
    scale = np.abs(g).sum(axis=(1, 3)).max()
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12 * scale)
    # the flow scale bounds the gross flows of each payer
    b = payer_amounts(model, theta)
    assert np.all(flow_scale(model, b) >= np.abs(g).sum(axis=(1, 3)) * (1 - 1e-12))
    npv, be = evaluate_npv(model, theta)
    # the labelled cube, each line discounted at its own timing, reduced by payer
    cube = evaluate_result(model, theta).total(
        ("payer",), discounted=True, sign={"arm": {"status_quo": 1.0, "intervention": -1.0}}
    )
    np.testing.assert_allclose(npv, cube.sum(axis=-1) @ perspective_matrix(), rtol=1e-12, atol=1e-6)
    if not model.mixed_timing:  # one timing: the group costs times the factors
        m = compute_metrics(g, model.discount_factors(theta))
        np.testing.assert_allclose(npv, m.npv, rtol=1e-12, atol=1e-6)
    full = evaluate_metrics(model, theta)  # the same numbers, bit for bit
    np.testing.assert_array_equal(npv, full.npv)
    np.testing.assert_array_equal(be, full.break_even)


def _theta(model: Any, n: int = 6) -> Any:
    rng = np.random.default_rng(0)
    return model.theta(
        {
            "effect.less_hvb.relative_risk": rng.uniform(0.2, 1.0, n),
            "effect.less_fs.dropoff": rng.uniform(0.0, 1.0, n),
            "discount.rate": rng.uniform(0.0, 0.06, n),
        }
    )


def test_effects_with_fixed_and_varying_dropoff(small_catalogue: Catalogue) -> None:
    model = compile_scenario(scenario_from_dict(HAND), small_catalogue)
    _check(model, _theta(model))
    _check(model, model.theta(n=3))  # drop-off common to every draw
    # drop-off 1: the effect is gone after its first year
    _check(model, model.theta({"effect.less_fs.dropoff": [1.0, 0.5]}))


def test_stacked_effects(small_catalogue: Catalogue) -> None:
    data = copy.deepcopy(HAND)
    data["intervention"]["effects"].append(
        {"id": "later_hvb", "episode": "hvb", "relative_risk": 0.8, "from_age": 13}
    )
    model = compile_scenario(scenario_from_dict(data), small_catalogue)
    _check(model, _theta(model))


def test_own_episodes_arm(small_catalogue: Catalogue) -> None:
    data = copy.deepcopy(HAND)
    iv = data["intervention"]
    iv.pop("effects")
    iv["episodes"] = [
        {
            "id": "hvb",
            "item": "hvb",
            "quantity": 50,
            "probability": 0.5,
            "from_age": 12,
            "to_age": 13,
        }
    ]
    model = compile_scenario(scenario_from_dict(data), small_catalogue)
    _check(model, model.theta({"discount.rate": [0.01, 0.03]}))


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.floats(-5.0, 5.0), min_size=1, max_size=12),
    scale=st.floats(0.0, 1e12),
)
def test_break_even_year_by_brute_force(values: list[float], scale: float) -> None:
    from socinv.scenarios.metrics import NEVER, break_even_year

    cum = np.array(values)
    tol = -1e-9 * max(scale, 1.0)
    expected = NEVER
    for t in range(len(cum)):
        if all(c >= tol for c in cum[t:]):
            expected = t
            break
    assert int(break_even_year(cum[None, :], np.array([scale]))[0]) == expected
