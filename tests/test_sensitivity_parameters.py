"""Named parameters, binding distributions to a model, correlated draws."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy import stats

from socinv import ParameterError, ScenarioError, load_scenario
from socinv.sensitivity import (
    CorrelationGroup,
    Pert,
    draw_range,
    parameters,
    uncertainty,
)
from test_sensitivity_support import SENS_CSV, build, linear_scenario


def test_parameters_lists_names_and_base_values(tmp_path: Path) -> None:
    m = build(tmp_path)
    df = parameters(m)
    assert list(df.columns) == ["name", "base", "unit", "lower", "upper", "description"]
    base = dict(zip(df["name"], df["base"], strict=True))
    assert base["unit_cost.hvb"] == 4000.0
    assert base["episode.status_quo.hvb.quantity"] == 10.0
    assert base["effect.fewer_hvb.relative_risk"] == 0.5
    assert base["cost.prog.amount_sek"] == 50000.0
    assert base["discount.rate"] == 0.0
    assert len(df) == len(m.params)


def test_parameters_from_a_file_with_uncertainty_block(tmp_path: Path) -> None:
    (tmp_path / "sens.csv").write_text(SENS_CSV, encoding="utf-8")
    data = linear_scenario(
        catalogue={"extra": ["sens.csv"]},
        uncertainty={"effect.fewer_hvb.relative_risk": {"dist": "beta", "mean": 0.5, "sd": 0.1}},
    )
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert load_scenario(path).uncertainty["effect.fewer_hvb.relative_risk"]["dist"] == "beta"
    df = parameters(path)
    assert "effect.fewer_hvb.relative_risk" in set(df["name"])


def test_sources_and_precedence(tmp_path: Path) -> None:
    data = linear_scenario(
        uncertainty={
            "effect.fewer_hvb.relative_risk": {"dist": "beta", "mean": 0.5, "sd": 0.1},
            "unit_cost.visit": {"dist": "gamma", "mean": 1000, "sd": 100},
        }
    )
    m = build(tmp_path, data)
    u = uncertainty(m, {"unit_cost.visit": {"dist": "uniform", "low": 900, "high": 1100}})
    table = u.table().set_index("name")
    # the catalogue row hvb has low 3000 / high 6000 -> PERT(3000, 4000, 6000)
    assert u.get("unit_cost.hvb") == Pert(low=3000, mode=4000, high=6000)
    assert table.loc["unit_cost.hvb", "source"] == "catalogue low/high (PERT)"
    assert table.loc["effect.fewer_hvb.relative_risk", "source"] == "scenario"
    assert table.loc["unit_cost.visit", "source"] == "code"
    assert table.loc["unit_cost.visit", "distribution"] == "uniform(low=900, high=1100)"
    # names in model order, columns = positions in theta
    assert list(u.columns) == [m.index_of(n) for n in u.names]
    off = uncertainty(m, catalogue_defaults=False, from_scenario=False, policy=False)
    assert len(off) == 0


@pytest.mark.parametrize(
    ("spec", "pattern"),
    [
        (
            {"unit_cost.hvbb": {"dist": "fixed", "value": 1}},
            r"uncertainty\.unit_cost\.hvbb: .*no parameter 'unit_cost\.hvbb'.*did you mean",
        ),
        (
            {"unit_cost.hvb": {"dist": "normal", "mean": 4000, "sd": 2000}},
            r"uncertainty\.unit_cost\.hvb: normal\(mean=4000, sd=2000\) reaches .* below 0",
        ),
        (
            {"episode.status_quo.hvb.probability": {"dist": "uniform", "low": 0.5, "high": 1.5}},
            r"uncertainty\.episode\.status_quo\.hvb\.probability: .* above 1",
        ),
        (
            # probability 1 on the hvb episode: relative risk may not exceed 1
            {"effect.fewer_hvb.relative_risk": {"dist": "uniform", "low": 0.5, "high": 1.2}},
            r"uncertainty\.effect\.fewer_hvb\.relative_risk: .* above 1",
        ),
        (
            {"effect.fewer_hvb.relative_risk": {"dist": "beta", "mean": 1.5, "sd": 0.1}},
            r"uncertainty\.effect\.fewer_hvb\.relative_risk: beta: beta mean must be inside",
        ),
        (
            {
                "effect.fewer_hvb.relative_risk": {
                    "dist": "beta",
                    "mean": 0.5,
                    "sd": 0.1,
                    "correlate": {"unit_cost.visit": 0.5},
                }
            },
            r"uncertainty\.unit_cost\.visit: is correlated with "
            r"effect\.fewer_hvb\.relative_risk but has no",
        ),
        (
            {
                "unit_cost.visit": {
                    "dist": "gamma",
                    "mean": 1000,
                    "sd": 100,
                    "correlate": {"unit_cost.hvb": 1.5},
                }
            },
            r"uncertainty\.unit_cost\.visit\.correlate\.unit_cost\.hvb: a rank correlation "
            r"must be in \[-1, 1\]",
        ),
    ],
)
def test_uncertainty_errors_name_the_parameter(
    tmp_path: Path, spec: dict[str, dict[str, object]], pattern: str
) -> None:
    m = build(tmp_path, linear_scenario(uncertainty=spec))
    with pytest.raises((ScenarioError, ParameterError), match=pattern):
        uncertainty(m)


def _three_costs(tmp_path: Path) -> dict[str, object]:
    data = linear_scenario()
    data["status_quo"]["episodes"].append(
        {"id": "prison", "item": "prison", "quantity": 5, "from_age": 15, "to_age": 19}
    )
    return data


def test_correlation_matrix_not_psd_is_an_error(tmp_path: Path) -> None:
    m = build(tmp_path, _three_costs(tmp_path))
    g = {"dist": "gamma", "mean": 1000, "sd": 100}
    dists = {"unit_cost.hvb": g, "unit_cost.visit": g, "unit_cost.prison": g}
    bad = CorrelationGroup(
        ("unit_cost.hvb", "unit_cost.visit", "unit_cost.prison"),
        np.array([[1.0, 0.9, 0.9], [0.9, 1.0, -0.9], [0.9, -0.9, 1.0]]),
    )
    with pytest.raises(ScenarioError, match="not positive semi-definite") as exc:
        uncertainty(m, dists, [bad])
    assert "unit_cost.hvb" in str(exc.value) and "unit_cost.prison" in str(exc.value)
    with pytest.raises(ScenarioError, match=re.escape("must be 3 x 3")):
        uncertainty(m, dists, [CorrelationGroup(bad.params, np.eye(2))])


def test_correlated_draws_reach_the_rank_correlation(tmp_path: Path) -> None:
    m = build(tmp_path, _three_costs(tmp_path))
    target = {
        ("unit_cost.hvb", "unit_cost.visit"): 0.7,
        ("unit_cost.visit", "unit_cost.prison"): -0.4,
    }
    u = uncertainty(
        m,
        {
            "unit_cost.hvb": {"dist": "pert", "low": 3000, "mode": 4000, "high": 6000},
            "unit_cost.visit": {"dist": "gamma", "mean": 1000, "sd": 300},
            "unit_cost.prison": {"dist": "lognormal", "mean": 3000, "sd": 900},
        },
        target,
    )
    x = draw_range(u, seed=11, start=0, stop=20_000)
    col = {n: i for i, n in enumerate(u.names)}
    for (a, b), rho in target.items():
        r = stats.spearmanr(x[:, col[a]], x[:, col[b]]).statistic
        assert r == pytest.approx(rho, abs=0.02)
    r0 = stats.spearmanr(x[:, col["unit_cost.hvb"]], x[:, col["unit_cost.prison"]]).statistic
    # hvb~prison is implied through visit: rank corr of the normal copula 0.7 x -0.4 approx.
    assert abs(r0) < 0.4
    # marginals are kept: the gamma's mean and sd
    assert x[:, col["unit_cost.visit"]].mean() == pytest.approx(1000, rel=0.01)
    assert x[:, col["unit_cost.visit"]].std() == pytest.approx(300, rel=0.03)


def test_scenario_correlate_keys_make_a_group(tmp_path: Path) -> None:
    data = linear_scenario(
        uncertainty={
            "unit_cost.visit": {
                "dist": "gamma",
                "mean": 1000,
                "sd": 100,
                "correlate": {"unit_cost.hvb": 0.5},
            }
        }
    )
    u = uncertainty(build(tmp_path, data))
    assert len(u.groups) == 1
    assert set(u.groups[0].params) == {"unit_cost.hvb", "unit_cost.visit"}
    assert u.groups[0].matrix[0, 1] == 0.5
