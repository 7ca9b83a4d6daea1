"""``socinv params`` and ``socinv sensitivity`` end to end on a small scenario."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from socinv.cli.main import main
from test_sensitivity_support import SENS_CSV, linear_scenario


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    (tmp_path / "sens.csv").write_text(SENS_CSV, encoding="utf-8")
    data = linear_scenario(
        catalogue={"extra": ["sens.csv"]},
        uncertainty={"effect.fewer_hvb.relative_risk": {"dist": "beta", "mean": 0.5, "sd": 0.1}},
    )
    path = tmp_path / "lin.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_params(scenario_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", str(scenario_file), "--csv", str(tmp_path / "p.csv")]) == 0
    out = capsys.readouterr().out
    assert "effect.fewer_hvb.relative_risk" in out and "beta(mean=0.5, sd=0.1) [scenario]" in out
    assert "pert(low=3000" in out
    assert "cost.prog.amount_sek" in pd.read_csv(tmp_path / "p.csv")["name"].tolist()


def test_oneway_and_mc(
    scenario_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    assert main(["sensitivity", str(scenario_file), "--oneway", "--out", str(out_dir)]) == 0
    assert "Unit cost: HVB day" in capsys.readouterr().out
    assert (out_dir / "oneway.csv").is_file()
    args = ["sensitivity", str(scenario_file), "--mc", "300", "--seed", "4", "--no-progress"]
    assert main([*args, "--out", str(out_dir)]) == 0
    assert "P(NPV>0)" in capsys.readouterr().out
    npv = pd.read_csv(out_dir / "mc_npv.csv")
    assert len(npv) == 300 and "society" in npv.columns
    assert main([*args, "--workers", "2", "--out", str(tmp_path / "o2")]) == 0
    again = pd.read_csv(tmp_path / "o2" / "mc_npv.csv")
    pd.testing.assert_frame_equal(npv, again)


def test_threshold_and_errors(scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", str(scenario_file), "--threshold", "unit_cost.hvb"]) == 0
    assert "= 2000" in capsys.readouterr().out
    assert main(["sensitivity", str(scenario_file), "--success-share"]) == 0
    assert "= 0.25" in capsys.readouterr().out
    assert main(["sensitivity", str(scenario_file), "--threshold", "unit_cost.nope"]) == 2
    assert "unit_cost.nope" in capsys.readouterr().err
    assert main(["sensitivity", str(scenario_file), "--oneway", "--perspective", "kommun"]) == 2
    assert "unknown perspective 'kommun'" in capsys.readouterr().err
    # a threshold that does not exist within the bounds: exit code 1 and the reason
    assert main(["sensitivity", str(scenario_file), "--threshold", "unit_cost.visit"]) == 1
    assert "does not depend" in capsys.readouterr().out
