"""One-way (tornado) and two-way tables against hand-computed linear cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.stats import beta as beta_dist
from scipy.stats import norm

from socinv import ParameterError
from socinv.sensitivity import one_way, one_way_ranges, two_way, uncertainty
from test_sensitivity_support import build, linear_scenario

# linear scenario, rate 0: society NPV = v * q * p * (1 - rr * qf) * 5 - C
# base v = 4000, q = 10, p = 1, rr = 0.5, qf = 1, C = 50 000 -> 50 000 SEK


def npv(
    v: float = 4000, q: float = 10, p: float = 1, rr: float = 0.5, qf: float = 1, c: float = 50000
) -> float:
    return v * q * p * (1 - rr * qf) * 5 - c


def _policy_rr(u: float, median: float = 0.5, upper: float = 1.0, log_sd: float = 0.3) -> float:
    """Quantile ``u`` of the default policy's relative risk: lognormal with
    ``log_sd`` around ``median``, truncated at ``upper`` and as far below on
    the log scale (median^2 / upper)."""
    c = norm.cdf(np.log(upper / median) / log_sd)
    return float(median * np.exp(log_sd * norm.ppf(1 - c + u * (2 * c - 1))))


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
    q_lo = _policy_rr(0.025, median=10, upper=366, log_sd=0.2)
    q_hi = _policy_rr(0.975, median=10, upper=366, log_sd=0.2)
    rr_lo, rr_hi = _policy_rr(0.025), _policy_rr(0.975)
    expected = {
        "unit_cost.hvb": (3000, 6000, npv(v=3000), npv(v=6000)),  # catalogue low/high
        "episode.status_quo.hvb.quantity": (q_lo, q_hi, npv(q=q_lo), npv(q=q_hi)),  # policy
        "effect.fewer_hvb.relative_risk": (rr_lo, rr_hi, npv(rr=rr_lo), npv(rr=rr_hi)),
    }
    for name, (lo, hi, n_lo, n_hi) in expected.items():
        row = soc.loc[name]
        assert (row["low"], row["high"]) == pytest.approx((lo, hi)), name
        assert (row["npv_low"], row["npv_high"]) == pytest.approx((n_lo, n_hi)), name
        assert row["swing"] == pytest.approx(abs(n_hi - n_lo))
        assert row["npv_base"] == pytest.approx(npv())
    assert soc.loc["unit_cost.hvb", "range_rule"] == "catalogue low/high"
    assert soc.loc["effect.fewer_hvb.relative_risk", "range_rule"] == "distribution 2.5-97.5 %"
    # the discount rate over TLV's sensitivity rates, not -/+ 20 % of its base
    assert (soc.loc["discount.rate", "low"], soc.loc["discount.rate", "high"]) == (0.0, 0.05)
    assert soc.loc["discount.rate", "range_rule"] == "TLV sensitivity rates 0-5 %"
    # only what the scenario sets: no quantity factor, probability or fading it never gave
    assert not {
        "effect.fewer_hvb.quantity_factor",
        "effect.fewer_hvb.dropoff",
        "episode.status_quo.hvb.probability",
        "cohort.size",
        "tax_wedge.state",
    } & set(df["parameter"])
    # no distribution and no catalogue range: left out, listed
    assert df.attrs["without_range"] == ["unit_cost.visit", "cost.prog.amount_sek"]
    assert soc.loc["effect.fewer_hvb.relative_risk", "label"] == (
        "Effect on hvb (fewer hvb): relative risk"
    )
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


def test_levers_on_one_quantity_are_one_bar(tmp_path: Path) -> None:
    data = linear_scenario()
    data["status_quo"]["episodes"][0]["probability"] = 0.8
    data["intervention"]["effects"][0]["quantity_factor"] = 0.9
    data["uncertainty"] = {
        "fixed": ["episode.status_quo.hvb.quantity", "effect.fewer_hvb.quantity_factor"]
    }
    soc = one_way(build(tmp_path, data), perspectives=["society"]).set_index("parameter")
    # quantity x probability: one bar over expected days a year; the quantity is
    # fixed, so the bar is 10 x the policy's Beta(40, 10) 2.5-97.5 %
    row = soc.loc["episode.status_quo.hvb.quantity"]
    assert row["members"] == "episode.status_quo.hvb.quantity + episode.status_quo.hvb.probability"
    assert row["base_value"] == pytest.approx(8.0)
    p_lo, p_hi = beta_dist.ppf([0.025, 0.975], 40, 10)
    assert (row["low"], row["high"]) == pytest.approx((10 * p_lo, 10 * p_hi))
    rr = 0.5 * 0.9
    assert row["npv_low"] == pytest.approx(npv(p=p_lo, rr=rr))
    assert row["npv_high"] == pytest.approx(npv(p=p_hi, rr=rr))
    assert row["label"] == "Hvb (status quo): expected units a year"
    # relative risk x quantity factor: one bar; rr is truncated at 1 / (largest p) = 1
    row = soc.loc["effect.fewer_hvb.relative_risk"]
    lo, hi = 0.9 * _policy_rr(0.025), 0.9 * _policy_rr(0.975)
    assert (row["low"], row["high"]) == pytest.approx((lo, hi))
    assert row["npv_low"] == pytest.approx(npv(p=0.8, rr=lo))
    assert row["npv_high"] == pytest.approx(npv(p=0.8, rr=hi))
    assert "effect.fewer_hvb.quantity_factor" not in soc.index
    assert "episode.status_quo.hvb.probability" not in soc.index


def test_a_named_parameter_without_a_range_gets_the_spread(tmp_path: Path) -> None:
    t = one_way(
        build(tmp_path), params=["effect.fewer_hvb.quantity_factor"], perspectives=["society"]
    )
    assert (t.loc[0, "low"], t.loc[0, "high"]) == pytest.approx((0.8, 1.2))
    assert t.loc[0, "range_rule"] == "base -/+ 20 %"
    assert t.loc[0, "npv_low"] == pytest.approx(npv(qf=0.8))


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
