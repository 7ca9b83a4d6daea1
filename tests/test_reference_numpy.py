"""socinv's Monte Carlo agrees with the plain-numpy reference implementation
of the synthetic benchmark model (benchmarks/reference_numpy.py) on the same
draws: NPV per perspective to 1e-9 relative and the same break-even years."""

from __future__ import annotations

import sys

import numpy as np

from support import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from reference_numpy import PERSPECTIVES, build
from synthetic import synthetic_model, synthetic_scenario_dict

from socinv.sensitivity import draw_range, monte_carlo, uncertainty


def test_reference_agrees_with_socinv() -> None:
    n, seed = 1500, 11
    model = synthetic_model(uncertain_dropoff=True)
    unc = uncertainty(model)
    res = monte_carlo(model, n, seed, unc)
    values = draw_range(unc, seed, 0, n)
    draws = {name: values[:, i] for i, name in enumerate(unc.names)}
    ref = build(synthetic_scenario_dict(uncertain_dropoff=True))
    npv, be = ref.evaluate(draws, n)
    assert list(res.npv.columns) == list(PERSPECTIVES)
    got = res.npv.to_numpy()
    scale = np.abs(npv).max(axis=0)
    np.testing.assert_allclose(got, npv, rtol=1e-9, atol=1e-9 * scale.max())
    society = list(PERSPECTIVES).index("society")
    np.testing.assert_allclose(got[:, society], npv[:, society], rtol=1e-9)
    np.testing.assert_array_equal(res.break_even, be)
