"""One-way (tornado) and two-way tables against hand-computed linear cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from socinv import ParameterError
from socinv.sensitivity import one_way, one_way_ranges, two_way, uncertainty
from test_sensitivity_support import build, linear_scenario

# linear scenario, rate 0: society NPV = v * q * p * (1 - rr * qf) * 5 - C
# base v = 4000, q = 10, p = 1, rr = 0.5, qf = 1, C = 50 000 -> 50 000 SEK


def npv(
    v: float = 4000, q: float = 10, p: float = 1, rr: float = 0.5, qf: float = 1, c: float = 50000
) -> float:
    return v * q * p * (1 - rr * qf) * 5 - c


def test_tornado_values_and_order(tmp_path: Path) -> None:
    df = one_way(build(tmp_path))
    assert list(df.columns[:9]) == [
        "parameter",
        "perspective",
        "low",
        "high",
        "base_value",
        "npv_low",
        "npv_high",
        "npv_base",
        "swing",
    ]
    soc = df[df["perspective"] == "society"].set_index("parameter")
    expected = {
        "unit_cost.hvb": (3000, 6000, npv(v=3000), npv(v=6000)),  # catalogue low/high
        "episode.status_quo.hvb.quantity": (8, 12, npv(q=8), npv(q=12)),
        "effect.fewer_hvb.relative_risk": (0.4, 0.6, npv(rr=0.4), npv(rr=0.6)),
        "effect.fewer_hvb.quantity_factor": (0.8, 1.2, npv(qf=0.8), npv(qf=1.2)),
        "episode.status_quo.hvb.probability": (0.8, 1.0, npv(p=0.8), npv(p=1.0)),  # clipped
        "cost.prog.amount_sek": (40000, 60000, npv(c=40000), npv(c=60000)),
    }
    for name, (lo, hi, n_lo, n_hi) in expected.items():
        row = soc.loc[name]
        assert (row["low"], row["high"]) == pytest.approx((lo, hi)), name
        assert (row["npv_low"], row["npv_high"]) == pytest.approx((n_lo, n_hi)), name
        assert row["swing"] == pytest.approx(abs(n_hi - n_lo))
        assert row["npv_base"] == pytest.approx(npv())
    assert soc.loc["unit_cost.hvb", "range_rule"] == "catalogue low/high"
    assert soc.loc["episode.status_quo.hvb.probability", "range_rule"].endswith("(clipped)")
    assert soc.loc["cost.prog.amount_sek", "range_rule"] == "base -/+ 20 %"
    # sorted by swing, descending, within each perspective; ties keep model order
    assert list(soc.index[:6]) == [
        "unit_cost.hvb",
        "episode.status_quo.hvb.quantity",
        "effect.fewer_hvb.relative_risk",
        "effect.fewer_hvb.quantity_factor",
        "episode.status_quo.hvb.probability",
        "cost.prog.amount_sek",
    ]
    for _, g in df.groupby("perspective", sort=False):
        assert np.all(np.diff(g["swing"].to_numpy()) <= 0)
    assert set(df["perspective"]) == {
        "municipality",
        "region",
        "state",
        "individual",
        "other",
        "public",
        "society",
    }
    # the region pays only for the visits, which the intervention does not change
    assert (df[df["perspective"] == "region"]["swing"] == 0).all()
    assert "cohort.size" not in set(df["parameter"])


def test_declared_distribution_gives_percentile_range(tmp_path: Path) -> None:
    data = linear_scenario(
        uncertainty={"effect.fewer_hvb.relative_risk": {"dist": "uniform", "low": 0.3, "high": 0.7}}
    )
    m = build(tmp_path, data)
    r = one_way_ranges(m, params=["effect.fewer_hvb.relative_risk"])
    assert r.loc[0, "low"] == pytest.approx(0.3 + 0.4 * 0.025)
    assert r.loc[0, "high"] == pytest.approx(0.7 - 0.4 * 0.025)
    assert r.loc[0, "range_rule"] == "distribution 2.5-97.5 %"
    t = one_way(m, uncertainty(m), params=["unit_cost.hvb"], perspectives=["society"], spread=0.1)
    assert len(t) == 1 and t.loc[0, "low"] == 3000  # catalogue range wins over spread
    with pytest.raises(ParameterError, match="spread"):
        one_way(m, spread=1.5)


def test_two_way_grid(tmp_path: Path) -> None:
    m = build(tmp_path)
    df = two_way(
        m,
        "unit_cost.hvb",
        "effect.fewer_hvb.relative_risk",
        [2000, 4000],
        [0.25, 0.5, 0.75],
        perspectives=["society"],
    )
    assert len(df) == 6
    for r in df.itertuples():
        assert r.npv == pytest.approx(npv(v=r.x_value, rr=r.y_value))
    grid = df.pivot_table(index="y_value", columns="x_value", values="npv")
    assert grid.shape == (3, 2)
    default = two_way(m, "unit_cost.hvb", "cost.prog.amount_sek", points=3)
    assert sorted(default["x_value"].unique()) == [3000, 4500, 6000]
    assert sorted(default["y_value"].unique()) == [40000, 50000, 60000]
    with pytest.raises(ParameterError, match="two different parameters"):
        two_way(m, "unit_cost.hvb", "unit_cost.hvb")
