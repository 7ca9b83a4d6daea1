"""Cost of exclusion as a calculation of its own, --to-age, --cohort and the
undiscounted columns of `socinv run`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import socinv
from socinv.cli.main import main
from socinv.scenarios.exclusion import cost_of_exclusion, is_pair

ROOT = Path(__file__).resolve().parents[1]
FOSTER = ROOT / "data" / "scenarios" / "foster_care_school_support.yaml"


def status_quo_only(tmp_path: Path, **extra: Any) -> Path:
    d: dict[str, Any] = {
        "name": "exclusion",
        "start_age": 18,
        "horizon_years": 5,
        "start_year": 2025,
        "price_year": 2024,
        "discounting": {"rate": 0.0},
        "status_quo": {
            "episodes": [
                {"id": "bup", "item": "bup_besok", "quantity": 2, "from_age": 18, "to_age": 22}
            ]
        },
        **extra,
    }
    path = tmp_path / "exclusion.yaml"
    path.write_text(yaml.safe_dump(d), encoding="utf-8")
    return path


def test_status_quo_alone_cost_by_hand(tmp_path: Path) -> None:
    cmp = socinv.compare(status_quo_only(tmp_path))
    unit = cmp.theta[0, cmp.model.index_of("unit_cost.bup_besok")]
    t = cost_of_exclusion(cmp)
    assert not is_pair(cmp)
    assert t["cost_sek"].sum() == pytest.approx(unit * 2 * 5, rel=1e-12)
    # at a zero rate present value and undiscounted agree
    assert t["cost_disc_sek"].sum() == pytest.approx(t["cost_sek"].sum(), rel=1e-12)
    assert cmp.npv() == 0.0
    assert cmp.cost_of_exclusion().equals(t)


def test_pair_subtracts_inclusion_trajectory(tmp_path: Path) -> None:
    incl = {
        "episodes": [
            {"id": "bup", "item": "bup_besok", "quantity": 1, "from_age": 18, "to_age": 22}
        ]
    }
    cmp = socinv.compare(status_quo_only(tmp_path, intervention=incl))
    unit = cmp.theta[0, cmp.model.index_of("unit_cost.bup_besok")]
    assert is_pair(cmp)
    assert cost_of_exclusion(cmp)["cost_sek"].sum() == pytest.approx(unit * 1 * 5, rel=1e-12)


def test_to_age_truncates_the_horizon() -> None:
    full = socinv.compare(FOSTER)
    short = socinv.compare(FOSTER, to_age=20)
    assert short.model.n_years == 20 - 8 + 1
    y = full.yearly()
    y = y[(y["perspective"] == "society") & (y["age"] <= 20)]
    ys = short.yearly()
    ys = ys[ys["perspective"] == "society"]
    np.testing.assert_allclose(ys["status_quo"].to_numpy(), y["status_quo"].to_numpy())


def test_run_cli_cohort_to_age_and_undiscounted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = status_quo_only(tmp_path)
    assert main(["run", str(path), "--cohort", "100", "--to-age", "20"]) == 0
    out = capsys.readouterr().out
    assert "cohort 100 person(s), ages 18–20" in out
    # a status quo alone prints its cost, undiscounted next to the present value, and no NPV table
    assert "undiscounted" in out and "present value" in out
    assert "Cost of exclusion (status quo)" in out and "NPV" not in out
    assert main(["run", str(path), "--cohort", "0"]) == 2
    assert "--cohort" in capsys.readouterr().err
    assert main(["run", str(path), "--to-age", "40"]) == 2


def test_one_reduction_for_the_table_and_the_monte_carlo(tmp_path: Path) -> None:
    """The per-payer/kind table and the per-draw reduction the Monte Carlo
    summarises are the same numbers (status quo alone and a pair)."""
    from socinv.payers import PERSPECTIVES
    from socinv.scenarios.exclusion import exclusion_by_perspective
    from socinv.sensitivity.exclusion import cost_of_exclusion as mc_cost

    incl = {
        "episodes": [
            {"id": "bup", "item": "bup_besok", "quantity": 1, "from_age": 18, "to_age": 22}
        ]
    }
    alone = socinv.compare(status_quo_only(tmp_path, discounting={"rate": 0.035}))
    (tmp_path / "pair").mkdir()
    pair = socinv.compare(
        status_quo_only(tmp_path / "pair", intervention=incl, discounting={"rate": 0.035})
    )
    for cmp in (alone, pair):
        t = cost_of_exclusion(cmp)
        for discounted, col in ((True, "cost_disc_sek"), (False, "cost_sek")):
            v = exclusion_by_perspective(cmp.model, cmp.theta, discounted=discounted)[0]
            for j, persp in enumerate(PERSPECTIVES):
                want = t.loc[t["payer"].isin([p.value for p in persp.payers]), col].sum()
                assert v[j] == pytest.approx(want, rel=1e-12, abs=1e-6), (persp, col)
    mc = mc_cost(alone.model, 200, seed=3).set_index("perspective")
    assert mc.loc["society", "base"] == pytest.approx(
        cost_of_exclusion(alone)["cost_disc_sek"].sum(), rel=1e-12
    )


def test_report_of_a_status_quo_alone(tmp_path: Path) -> None:
    """`socinv report` on a status quo alone writes a cost-of-exclusion
    report (per payer and kind, undiscounted and present value), in both
    languages, with and without Monte Carlo."""
    from socinv.formatting import sek
    from socinv.report import render_report

    path = status_quo_only(tmp_path, discounting={"rate": 0.035})
    cmp = socinv.compare(path)
    t = cost_of_exclusion(cmp)
    page = render_report(path, lang="en", mc=100)
    assert "Cost of exclusion" in page and "Headline per payer" not in page
    assert sek(t["cost_sek"].sum(), lang="en") in page
    assert sek(t["cost_disc_sek"].sum(), lang="en") in page
    assert "What the status quo costs each payer" in page
    sv = render_report(path, lang="sv", oneway=False)
    assert "Kostnad för utanförskap" in sv
    out = tmp_path / "r"
    assert main(["report", str(path), "--out", str(out), "--xlsx", "--mc", "50"]) == 0
    assert (out / "exclusion.html").is_file() and (out / "exclusion.xlsx").is_file()
