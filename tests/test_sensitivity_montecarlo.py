"""Monte Carlo: degenerate draws equal the deterministic result, the mean of
a linear model, reproducibility across chunk sizes and executors, summary."""

from __future__ import annotations

import importlib.util
import itertools
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socinv import PERSPECTIVES, ParameterError, compare_model
from socinv.sensitivity import (
    BLOCK,
    MissingExtraError,
    draw_range,
    monte_carlo,
    uncertainty,
)
from test_sensitivity_support import build, linear_scenario

PERSP = [p.value for p in PERSPECTIVES]


def _uncertain(tmp_path: Path):  # type: ignore[no-untyped-def]
    data = linear_scenario(
        discounting={"rate": 0.03},
        uncertainty={
            "effect.fewer_hvb.relative_risk": {"dist": "beta", "mean": 0.5, "sd": 0.1},
            "unit_cost.visit": {"dist": "gamma", "mean": 1000, "sd": 200},
            "cost.prog.amount_sek": {"dist": "lognormal", "mean": 50000, "sd": 10000},
            "discount.rate": {"dist": "uniform", "low": 0.01, "high": 0.05},
        },
    )
    m = build(tmp_path, data)
    return m, uncertainty(m, policy=False)


def test_fixed_distributions_equal_the_deterministic_result(tmp_path: Path) -> None:
    m = build(tmp_path, linear_scenario(discounting={"rate": 0.03}))
    fixed = {
        "unit_cost.hvb": {"dist": "fixed", "value": 5000},
        "effect.fewer_hvb.relative_risk": {"dist": "fixed", "value": 0.6},
        "discount.rate": {"dist": "fixed", "value": 0.04},
    }
    u = uncertainty(m, fixed, catalogue_defaults=False, policy=False)
    with pytest.warns(UserWarning, match="no parameter has a distribution"):
        res = monte_carlo(m, 50, seed=3, unc=u, chunk_size=16)
    det = compare_model(
        m, {"unit_cost.hvb": 5000, "effect.fewer_hvb.relative_risk": 0.6, "discount.rate": 0.04}
    )
    for p in PERSP:
        assert np.all(res.npv[p].to_numpy() == det.npv(p)), p
    be = det.metrics.break_even[0]
    assert np.all(res.break_even == be[None, :])


def test_linear_model_mean_within_four_standard_errors(tmp_path: Path) -> None:
    # NPV is linear in each unit cost and in the intervention cost
    data = linear_scenario(
        uncertainty={
            "unit_cost.hvb": {"dist": "normal", "mean": 4000, "sd": 500},
            "unit_cost.visit": {"dist": "gamma", "mean": 1000, "sd": 300},
            "cost.prog.amount_sek": {"dist": "lognormal", "mean": 50000, "sd": 15000},
        }
    )
    m = build(tmp_path, data)
    res = monte_carlo(m, 4000, seed=5, unc=uncertainty(m, policy=False))
    s = res.summary()
    det = compare_model(m)
    for p in ("municipality", "society"):
        assert abs(s.loc[p, "mean"] - det.npv(p)) < 4 * s.loc[p, "mcse"]
        assert s.loc[p, "npv_base"] == pytest.approx(det.npv(p))
    # NPV society = 4000*25 - C + ...: spread from hvb (sd 500*25) and C (sd 15 000)
    assert s.loc["society", "sd"] == pytest.approx(np.hypot(500 * 25, 15000), rel=0.06)


def test_same_seed_same_result_across_chunk_sizes_and_executors(tmp_path: Path) -> None:
    m, u = _uncertain(tmp_path)
    n = 2 * BLOCK + 77
    ref = monte_carlo(m, n, seed=42, unc=u, keep_draws=True)
    for chunk in (333, BLOCK, 5000):
        other = monte_carlo(m, n, seed=42, unc=u, chunk_size=chunk)
        pd.testing.assert_frame_equal(other.npv, ref.npv, check_exact=True)
        assert np.array_equal(other.break_even, ref.break_even)
    with ThreadPoolExecutor(max_workers=3) as ex:
        threaded = monte_carlo(m, n, seed=42, unc=u, chunk_size=300, executor=ex)
    pd.testing.assert_frame_equal(threaded.npv, ref.npv, check_exact=True)
    with ProcessPoolExecutor(max_workers=2) as ex:
        procs = monte_carlo(m, n, seed=42, unc=u, chunk_size=700, executor=ex)
    pd.testing.assert_frame_equal(procs.npv, ref.npv, check_exact=True)
    assert np.array_equal(procs.break_even, ref.break_even)
    # a different seed gives different draws; draws of a prefix do not depend on n
    assert not monte_carlo(m, n, seed=43, unc=u).npv.equals(ref.npv)
    short = monte_carlo(m, 500, seed=42, unc=u)
    pd.testing.assert_frame_equal(short.npv, ref.npv.iloc[:500], check_exact=True)
    assert ref.draws is not None and list(ref.draws.columns) == list(u.names)
    assert np.array_equal(ref.draws.to_numpy(), draw_range(u, 42, 0, n))


@pytest.mark.skipif(importlib.util.find_spec("dask") is None, reason="dask not installed")
def test_dask_client_gives_the_serial_result(tmp_path: Path) -> None:  # pragma: no cover
    from dask.distributed import Client

    m, u = _uncertain(tmp_path)
    ref = monte_carlo(m, 1500, seed=9, unc=u)
    with Client(processes=False, n_workers=2) as client:
        res = monte_carlo(m, 1500, seed=9, unc=u, chunk_size=400, executor=client)
    pd.testing.assert_frame_equal(res.npv, ref.npv, check_exact=True)


@pytest.mark.skipif(importlib.util.find_spec("dask") is not None, reason="dask is installed")
def test_dask_missing_gives_a_clear_error(tmp_path: Path) -> None:
    m, u = _uncertain(tmp_path)
    with pytest.raises(MissingExtraError, match=r"pip install 'socinv\[dask\]'"):
        monte_carlo(m, 10, seed=1, unc=u, executor="dask")


def test_summary_matches_the_draws(tmp_path: Path) -> None:
    m, u = _uncertain(tmp_path)
    res = monte_carlo(m, 3000, seed=1, unc=u)
    s = res.summary()
    assert list(res.npv.columns) == PERSP and len(res.npv) == 3000
    x = res.npv["society"].to_numpy()
    assert s.loc["society", "mean"] == pytest.approx(x.mean())
    assert s.loc["society", "mcse"] == pytest.approx(x.std(ddof=1) / np.sqrt(3000))
    assert s.loc["society", "p2_5"] == pytest.approx(np.percentile(x, 2.5))
    assert s.loc["society", "prob_positive"] == pytest.approx((x > 0).mean())
    assert 0.0 < s.loc["society", "prob_positive"] < 1.0
    be = res.break_even_distribution()
    shares = be.groupby("perspective")["share"].sum()
    assert np.allclose(shares.to_numpy(), 1.0)
    soc = be[be["perspective"] == "society"]
    never = soc["year"].isna()
    assert soc.loc[never, "share"].sum() == pytest.approx(
        (res.break_even[:, PERSP.index("society")] == -1).mean()
    )
    assert s.loc["society", "prob_break_even"] == pytest.approx(1 - soc.loc[never, "share"].sum())
    # region has nothing at stake: NPV 0 in every draw, never "positive"
    assert s.loc["region", "prob_positive"] == 0.0 and s.loc["region", "sd"] == 0.0


def test_bad_arguments(tmp_path: Path) -> None:
    m, u = _uncertain(tmp_path)
    with pytest.raises(ParameterError, match="n >= 1"):
        monte_carlo(m, 0, seed=1, unc=u)
    with pytest.raises(ParameterError, match="seed"):
        monte_carlo(m, 10, seed=-1, unc=u)
    with pytest.raises(ParameterError, match="chunk_size"):
        monte_carlo(m, 10, seed=1, unc=u, chunk_size=0)
    with pytest.raises(ParameterError, match="unknown executor"):
        monte_carlo(m, 10, seed=1, unc=u, executor="spark")


def test_progress_bar_can_be_switched_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    m, u = _uncertain(tmp_path)
    res = monte_carlo(m, 2000, seed=1, unc=u, chunk_size=500, progress=True)
    assert len(res.npv) == 2000
    assert "Monte Carlo" in capsys.readouterr().err


@settings(max_examples=25, deadline=None)
@given(cuts=st.lists(st.integers(0, 3 * BLOCK), min_size=1, max_size=6), seed=st.integers(0, 2**32))
def test_draws_do_not_depend_on_how_the_range_is_split(cuts: list[int], seed: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        _m, u = _uncertain(Path(d))
    n = 3 * BLOCK
    bounds = [0, *sorted(cuts), n]
    parts = [draw_range(u, seed, a, b) for a, b in itertools.pairwise(bounds)]
    assert np.array_equal(np.concatenate(parts), draw_range(u, seed, 0, n))


def test_invalid_joint_draw_names_block_and_episode(tmp_path: Path) -> None:
    data = linear_scenario(
        uncertainty={
            "episode.status_quo.hvb.probability": {"dist": "uniform", "low": 0.5, "high": 0.9},
            "effect.fewer_hvb.relative_risk": {"dist": "uniform", "low": 1.3, "high": 1.9},
        }
    )
    data["status_quo"]["episodes"][0]["probability"] = 0.5
    data["intervention"]["effects"][0]["relative_risk"] = 1.1
    m = build(tmp_path, data)
    with pytest.raises(
        ParameterError, match=r"Monte Carlo block 0 .*hvb.*probability x relative_risk"
    ):
        monte_carlo(m, 2000, seed=1)


def test_uncertainty_of_another_model_is_refused(tmp_path: Path) -> None:
    _m, u = _uncertain(tmp_path)
    other = build(tmp_path, linear_scenario(name="other"))
    with pytest.raises(ParameterError, match="built for scenario 'lin'"):
        monte_carlo(other, 10, seed=1, unc=u)


class _FakeFuture:
    def __init__(self, value: object) -> None:
        self.value = value

    def result(self) -> object:
        return self.value


class _FakeDaskClient:
    """Duck-typed stand-in for dask.distributed.Client: scatter, submit, map, gather."""

    def __init__(self) -> None:
        self.submitted = 0

    def scatter(self, data: list[object], broadcast: bool = False) -> list[object]:
        assert broadcast
        return data

    def submit(self, fn, *args, pure: bool = True):  # type: ignore[no-untyped-def]
        assert not pure
        self.submitted += 1
        return _FakeFuture(fn(*args))

    def map(self, *args: object) -> None:  # pragma: no cover - not used
        raise AssertionError

    def gather(self, *args: object) -> None:  # pragma: no cover - not used
        raise AssertionError


def test_dask_style_client_path_gives_the_serial_result(tmp_path: Path) -> None:
    m, u = _uncertain(tmp_path)
    ref = monte_carlo(m, 3000, seed=9, unc=u)
    client = _FakeDaskClient()
    res = monte_carlo(m, 3000, seed=9, unc=u, chunk_size=BLOCK, executor=client)
    assert client.submitted == 3
    pd.testing.assert_frame_equal(res.npv, ref.npv, check_exact=True)
    with pytest.raises(ParameterError, match="executor must be"):
        monte_carlo(m, 10, seed=1, unc=u, executor=object())
