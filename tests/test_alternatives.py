"""Several interventions in one file: each against the same status quo, ranked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import socinv
from socinv.cli.main import main
from socinv.errors import ScenarioError
from socinv.scenarios.alternatives import compare_alternatives

ROOT = Path(__file__).resolve().parents[1]
FOSTER = ROOT / "data" / "scenarios" / "foster_care_school_support.yaml"


def scenario(interventions: list[dict[str, Any]]) -> dict[str, Any]:
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
    }


COACH = {
    "id": "coach",
    "costs": [
        {
            "id": "coach",
            "amount_sek": 20000,
            "price_year": 2024,
            "payer": "municipality",
            "from_age": 16,
            "to_age": 16,
        }
    ],
    "effects": [{"id": "less_bup", "episode": "bup", "relative_risk": 0.7}],
}


def write(tmp_path: Path, d: dict[str, Any]) -> Path:
    path = tmp_path / "alternatives.yaml"
    path.write_text(yaml.safe_dump(d), encoding="utf-8")
    return path


@settings(max_examples=15, deadline=None)
@given(rr=st.floats(0.0, 1.0), amount=st.floats(0.0, 1e6))
def test_zero_effect_alternative_changes_nothing(rr: float, amount: float) -> None:
    import tempfile

    coach = {**COACH, "effects": [{**COACH["effects"][0], "relative_risk": rr}]}
    coach["costs"] = [{**COACH["costs"][0], "amount_sek": amount}]
    with tempfile.TemporaryDirectory() as tmp:
        one = compare_alternatives(write(Path(tmp), scenario([coach])))
        two = compare_alternatives(
            write(Path(tmp), scenario([coach, {"id": "zero", "effects": []}]))
        )
    np.testing.assert_array_equal(
        one.comparisons["coach"].metrics.npv, two.comparisons["coach"].metrics.npv
    )
    zero = two.comparisons["zero"]
    assert np.all(zero.metrics.npv == 0.0)
    # payer NPVs still add up to society
    npv = two.comparisons["coach"].summary()["npv"]
    payers = ["municipality", "region", "state", "individual", "other"]
    assert npv[payers].sum() == pytest.approx(npv["society"], abs=1e-6)


def test_ranking_by_hand(tmp_path: Path) -> None:
    alts = compare_alternatives(write(tmp_path, scenario([COACH, {"id": "zero"}])))
    r = alts.ranking()
    cmp = alts.comparisons["coach"]
    unit = cmp.theta[0, cmp.model.index_of("unit_cost.bup_besok")]
    # savings: 30 % fewer of 4 x 0.5 visits a year, ages 16..20, end-of-year at 3.5 %
    savings = sum(0.3 * 4 * 0.5 * unit / 1.035 ** (t + 1) for t in range(5))
    assert r.loc["coach", "savings_disc"] == pytest.approx(savings, rel=1e-9)
    # the coach is paid at the start of the first year: not discounted
    assert r.loc["coach", "invests_disc"] == pytest.approx(20000.0, rel=1e-9)
    assert list(r["rank"]) == [1, 2]
    assert r.index[0] == ("coach" if savings > 20000 / 1.035 else "zero")


def test_single_intervention_form_still_works() -> None:
    alts = compare_alternatives(FOSTER)
    assert alts.comparisons["intervention"].npv() == socinv.compare(FOSTER).npv()


def test_unknown_episode_names_file_and_field(tmp_path: Path) -> None:
    bad = {**COACH, "effects": [{"id": "e", "episode": "nope", "relative_risk": 0.5}]}
    path = write(tmp_path, scenario([bad]))
    with pytest.raises(ScenarioError) as exc:
        compare_alternatives(path)
    msg = str(exc.value)
    assert "alternatives.yaml" in msg and "interventions[0] (coach).effects[0]" in msg


def test_both_forms_is_an_error(tmp_path: Path) -> None:
    d = scenario([COACH])
    d["intervention"] = {"label": "x", "effects": []}
    with pytest.raises(ScenarioError, match="not both"):
        compare_alternatives(write(tmp_path, d))


def test_run_prints_alternatives_side_by_side(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, scenario([COACH, {"id": "zero"}]))
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "Alternatives ranked by NPV" in out and "coach" in out and "zero" in out
    assert (tmp_path / "out" / "ranking.csv").is_file()
    assert (tmp_path / "out" / "coach" / "summary.csv").is_file()


def test_single_model_tools_refuse_several_interventions(tmp_path: Path) -> None:
    path = write(tmp_path, scenario([COACH, {"id": "zero"}]))
    with pytest.raises(ScenarioError, match="several interventions"):
        socinv.load_model(path)
    assert main(["sensitivity", str(path), "--oneway"]) == 2
