"""Monte Carlo of several interventions with common random numbers, and the
choice between them (probability of being best, EVPI)."""

from __future__ import annotations

import copy
import doctest
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from socinv.cli.main import main
from socinv.errors import ParameterError
from socinv.payers import PERSPECTIVES
from socinv.scenarios.io import load_scenario
from socinv.sensitivity import alternatives_mc, monte_carlo
from socinv.sensitivity.alternatives_mc import (
    STATUS_QUO,
    alternative_models,
    monte_carlo_alternatives,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "scenarios" / "foster_care_alternatives.yaml"


def small(interventions: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """One BUP episode (its unit cost varies by the catalogue's range, its
    quantity and probability by the default policy) and ``interventions``."""
    return {
        "name": "alternatives",
        "start_age": 16,
        "horizon_years": 10,
        "start_year": 2025,
        "price_year": 2024,
        "status_quo": {
            "episodes": [
                {
                    "id": "bup",
                    "item": "bup_besok",
                    "quantity": 4,
                    "probability": 0.5,
                    "from_age": 16,
                    "to_age": 20,
                },
            ]
        },
        "interventions": interventions,
        **extra,
    }


def coach(aid: str, amount: float, rr: float) -> dict[str, Any]:
    return {
        "id": aid,
        "costs": [
            {
                "id": f"{aid}_cost",
                "amount_sek": amount,
                "price_year": 2024,
                "payer": "municipality",
                "from_age": 16,
                "to_age": 16,
            }
        ],
        "effects": [{"id": f"{aid}_effect", "episode": "bup", "relative_risk": rr}],
    }


ZERO = {"id": "zero", "effects": []}


def write(tmp_path: Path, d: dict[str, Any], name: str = "alternatives.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    return path


def test_doctests() -> None:
    assert doctest.testmod(alternatives_mc, raise_on_error=True).failed == 0


def test_each_intervention_equals_its_own_monte_carlo(tmp_path: Path) -> None:
    """Without an uncertain discount rate every shared input is drawn before
    the intervention's own ones, so each intervention's draws are those of its
    single Monte Carlo run with the same seed, bit for bit."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    del data["uncertainty"]["discount.rate"]
    path = write(tmp_path, data)
    res = monte_carlo_alternatives(path, 1100, seed=11)  # two blocks, the second partial
    models = alternative_models(load_scenario(path), base_dir=tmp_path)
    models.pop(STATUS_QUO)
    assert res.ids == ["school_support", "half_team"]
    for aid, model in models.items():
        single = monte_carlo(model, 1100, seed=11)
        np.testing.assert_array_equal(res.npv[aid].to_numpy(), single.npv.to_numpy())
    assert "unit_cost.produktionsvarde_utanfor_ar" in res.shared


def test_shared_inputs_take_one_value_per_draw(tmp_path: Path) -> None:
    """Two identical interventions (different ids and parameter names, same
    distributions) see the same shared draws, the discount rate included,
    so their NPVs agree in every draw; P(best) splits the ties equally."""
    a, b = coach("a", 5000, 0.6), coach("b", 5000, 0.6)
    extra = {"uncertainty": {"discount.rate": {"dist": "uniform", "low": 0.01, "high": 0.05}}}
    res = monte_carlo_alternatives(write(tmp_path, small([a, b], **extra)), 800, seed=2)
    np.testing.assert_array_equal(res.npv["a"].to_numpy(), res.npv["b"].to_numpy())
    assert res.npv["a"]["society"].std() > 0
    s = res.summary().set_index(["perspective", "alternative"])
    assert s.loc[("society", "a"), "prob_best"] == s.loc[("society", "b"), "prob_best"]


def test_prob_best_sums_to_one_and_evpi_non_negative() -> None:
    res = monte_carlo_alternatives(EXAMPLE, 600, seed=4)
    s = res.summary()
    d = res.decision().set_index("perspective")
    for p in (q.value for q in PERSPECTIVES):
        total = s.loc[s["perspective"] == p, "prob_best"].sum() + d.loc[p, "prob_status_quo_best"]
        assert total == pytest.approx(1.0, abs=1e-12)
        assert d.loc[p, "evpi"] >= 0
    # by hand: EVPI = E[max(0, NPV_1, NPV_2)] - max(0, E NPV_1, E NPV_2)
    nb = res.net_benefit("society")
    hand = nb.max(axis=1).mean() - max(0.0, *nb[:, 1:].mean(axis=0))
    assert d.loc["society", "evpi"] == pytest.approx(hand, rel=1e-12)


def test_evpi_zero_when_one_option_is_best_in_every_draw(tmp_path: Path) -> None:
    """A free intervention and the same effect at a cost: with common random
    numbers the free one beats the costly one and the status quo in every
    draw, so the choice is certain."""
    free, costly = coach("free", 0, 0.5), coach("costly", 10_000, 0.5)
    extra = {
        "uncertainty": {
            "effect.free_effect.relative_risk": {"dist": "uniform", "low": 0.3, "high": 0.7},
            "effect.costly_effect.relative_risk": {"dist": "uniform", "low": 0.3, "high": 0.7},
        }
    }
    res = monte_carlo_alternatives(write(tmp_path, small([costly, free], **extra)), 500, seed=9)
    d = res.decision().set_index("perspective")
    s = res.summary().set_index(["perspective", "alternative"])
    assert s.loc[("society", "free"), "prob_best"] == 1.0
    assert d.loc["society", "evpi"] == 0.0
    assert d.loc["society", "best_on_average"] == "free"


@pytest.mark.parametrize("where", ["first", "last"])
def test_zero_intervention_changes_no_other(tmp_path: Path, where: str) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    before = monte_carlo_alternatives(write(tmp_path, data, "a.yaml"), 700, seed=5)
    more = copy.deepcopy(data)
    more["interventions"] = (
        [ZERO, *data["interventions"]] if where == "first" else [*data["interventions"], ZERO]
    )
    after = monte_carlo_alternatives(write(tmp_path, more, "b.yaml"), 700, seed=5)
    for aid in before.ids:
        np.testing.assert_array_equal(before.npv[aid].to_numpy(), after.npv[aid].to_numpy())
    assert (after.npv["zero"].to_numpy() == 0).all()


def test_unknown_uncertainty_name_is_named(tmp_path: Path) -> None:
    extra = {
        "uncertainty": {"effect.nobody.relative_risk": {"dist": "uniform", "low": 0, "high": 1}}
    }
    with pytest.raises(ParameterError, match=r"uncertainty\.effect\.nobody\.relative_risk"):
        monte_carlo_alternatives(write(tmp_path, small([coach("a", 1, 0.9)], **extra)), 10, 1)


def test_cli_mc_compares_all(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(
        ["sensitivity", str(EXAMPLE), "--mc", "400", "--no-progress", "--out", str(tmp_path)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "school_support" in out and "half_team" in out and "EVPI" in out
    assert (tmp_path / "mc_alternatives.csv").exists() and (tmp_path / "mc_choice.csv").exists()


def test_cli_mc_in_swedish(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", str(EXAMPLE), "--mc", "300", "--no-progress", "--lang", "sv"]) == 0
    out = capsys.readouterr().out
    assert "Val (samhället)" in out
    for english in ("Choice", "best first", "interventions:", "no intervention"):
        assert english not in out


def test_cli_single_tools_need_an_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", str(EXAMPLE), "--oneway"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--intervention" in err[0] and "school_support" in err[0]
    assert main(["sensitivity", str(EXAMPLE), "--oneway", "--intervention", "half_team"]) == 0
    assert "half more work" in capsys.readouterr().out
    assert main(["sensitivity", str(EXAMPLE), "--oneway", "--intervention", "nope"]) == 2
    assert "choose one of: school_support, half_team" in capsys.readouterr().err


def test_cli_id_on_a_single_file(capsys: pytest.CaptureFixture[str]) -> None:
    single = ROOT / "data" / "scenarios" / "foster_care_school_support.yaml"
    assert main(["sensitivity", str(single), "--oneway", "--intervention", "x"]) == 2
    assert "--intervention" in capsys.readouterr().err


def test_figures_quoted_in_the_guide() -> None:
    """The guide's figures for the shipped example are what the code gives."""
    from socinv.scenarios.alternatives import compare_alternatives

    guide = (ROOT / "docs" / "cohort_cost_of_exclusion.md").read_text(encoding="utf-8")
    guide = " ".join(guide.split())
    alts = compare_alternatives(EXAMPLE)
    for aid in ("school_support", "half_team"):
        assert f"{alts.comparisons[aid].npv('society'):,.0f} SEK" in guide
    res = monte_carlo_alternatives(EXAMPLE, 2000, seed=1)
    s = res.summary().query("perspective == 'society'").set_index("alternative")
    for aid in ("school_support", "half_team"):
        assert f"{s.loc[aid, 'mean']:,.0f} SEK" in guide
        lo, hi = s.loc[aid, "p2_5"], s.loc[aid, "p97_5"]
        assert f"{lo:,.0f}".replace("-", "−") + f" to {hi:,.0f}" in guide
    best = {a: f"{s.loc[a, 'prob_best']:.0%}".replace("%", " %") for a in s.index}
    assert f"`school_support` is the best choice in {best['school_support']}" in guide
    assert f"`half_team` in {best['half_team']}" in guide
    d = res.decision().set_index("perspective").loc["society"]
    assert f"doing nothing in {d['prob_status_quo_best']:.0%}".replace("%", " %") in guide
    assert f"EVPI is {d['evpi']:,.0f} SEK" in guide


def test_cli_params_of_one_intervention(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", str(EXAMPLE)]) == 2
    assert "--intervention" in capsys.readouterr().err
    assert main(["params", str(EXAMPLE), "--intervention", "half_team"]) == 0
    out = capsys.readouterr().out
    assert "effect.half_more_work.relative_risk" in out
    assert "effect.more_work.relative_risk" not in out


def test_parameter_only_interventions_have_is_drawn_once(tmp_path: Path) -> None:
    """An effect id two interventions share (same distribution), drawn at a
    different place in each one's order, still takes one value per draw."""
    a = coach("a", 5000, 0.6)
    a["effects"] = [
        {"id": "a_first", "episode": "bup", "relative_risk": 0.9},
        {"id": "common", "episode": "bup", "relative_risk": 0.7},
    ]
    b = coach("b", 3000, 0.7)
    b["effects"] = [{"id": "common", "episode": "bup", "relative_risk": 0.7}]
    spec = {"dist": "uniform", "low": 0.5, "high": 0.9}
    extra = {
        "uncertainty": {
            "effect.common.relative_risk": spec,
            "effect.a_first.relative_risk": spec,
            "discount.rate": {"dist": "uniform", "low": 0.01, "high": 0.05},
        }
    }
    res = monte_carlo_alternatives(write(tmp_path, small([a, b], **extra)), 300, 3, keep_draws=True)
    assert res.draws is not None
    for name in ("effect.common.relative_risk", "discount.rate", "unit_cost.bup_besok"):
        np.testing.assert_array_equal(res.draws["a"][name], res.draws["b"][name])
        assert res.draws["a"][name].std() > 0
        assert name in res.shared
    assert "effect.a_first.relative_risk" not in res.draws["b"]
