"""Monte Carlo evaluation batches sized from a memory budget: the batch
depends on the model only, so results stay bit-identical across chunk sizes
and executors, and a batch never holds more than the budget."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from socinv.sensitivity import BLOCK, monte_carlo
from socinv.sensitivity import montecarlo as mc
from support import ROOT
from test_sensitivity_montecarlo import _uncertain

sys.path.insert(0, str(ROOT / "benchmarks"))


def test_small_batches_keep_results_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    m, u = _uncertain(tmp_path)
    n = 2 * BLOCK + 77
    default = monte_carlo(m, n, seed=5, unc=u)
    monkeypatch.setattr(mc, "MEMORY_BUDGET", 64 * 1024)
    batch = mc.eval_batch(m)
    assert 1 <= batch < BLOCK and BLOCK % batch == 0
    ref = monte_carlo(m, n, seed=5, unc=u, keep_draws=True)
    for chunk in (1, 333, BLOCK + 5):
        other = monte_carlo(m, n, seed=5, unc=u, chunk_size=chunk)
        pd.testing.assert_frame_equal(other.npv, ref.npv, check_exact=True)
        assert np.array_equal(other.break_even, ref.break_even)
    with ThreadPoolExecutor(max_workers=2) as ex:
        threaded = monte_carlo(m, n, seed=5, unc=u, chunk_size=500, executor=ex)
    pd.testing.assert_frame_equal(threaded.npv, ref.npv, check_exact=True)
    # another batch size rounds differently at most in the last bits
    np.testing.assert_allclose(ref.npv.to_numpy(), default.npv.to_numpy(), rtol=1e-12, atol=1e-6)
    assert ref.draws is not None and ref.draws.shape == (n, len(u))


def test_batch_shrinks_for_a_large_model() -> None:
    from synthetic import synthetic_model

    model = synthetic_model(uncertain_dropoff=True)
    assert mc.eval_batch(model) == BLOCK  # 60 rows x 60 years fit the default budget
    small = mc.eval_batch(model, budget=4 * 2**20)
    assert small < BLOCK
    assert mc.eval_batch(model, budget=1) == 1
