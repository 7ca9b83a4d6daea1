"""The case registry: listing, loading, metadata validation, truncation, the
consistency grid and the ``socinv cases`` command."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import socinv
from socinv import annuity_factor
from socinv.cases import (
    SUCCESS_SHARE,
    Tolerance,
    case_model,
    case_names,
    cases_dir,
    consistency_grid,
    list_cases,
    load_case,
    read_case,
    truncate_scenario,
)
from socinv.cli.main import main
from socinv.errors import ParameterError, ScenarioError

# --- listing and loading ----------------------------------------------------------


def test_cases_dir_is_shipped_data() -> None:
    assert cases_dir().is_dir()
    assert (cases_dir() / "published_inputs.csv").is_file()


def test_list_is_ordered_by_group_then_order() -> None:
    cases = list_cases()
    groups = [c.group for c in cases]
    assert groups == sorted(groups, key=["adhd", "skolfam", "other"].index)
    assert case_names("adhd")[0] == "adhd_boy_early_vs_late"
    assert all(c.group == "skolfam" for c in list_cases("skolfam"))


def test_every_case_file_has_a_header_and_a_description() -> None:
    for c in list_cases():
        text = c.path.read_text(encoding="utf-8")
        assert text.startswith("#"), c.path
        header = text.split("\nname:")[0].upper()
        for word in ("SOURCE", "PUBLISHED", "ASSUMPTION", "TOLERANCE"):
            assert word in header, f"{c.path.name}: header lacks {word}"
        assert len(c.scenario.description) > 200
        assert c.scenario.price_year <= 2024
        assert c.info.sources


def test_unknown_case_names_close_matches() -> None:
    with pytest.raises(ScenarioError, match="did you mean skolfam_orebro"):
        load_case("skolfam_orebr")
    with pytest.raises(ScenarioError, match="unknown case group"):
        list_cases("nonsense")


def test_unknown_figure() -> None:
    with pytest.raises(ScenarioError, match="no published figure 'x'; known: cost_per_child"):
        load_case("skolfam_orebro").figure("x")


# --- metadata validation ----------------------------------------------------------


def _write_case(tmp_path: Path, **figure_changes: object) -> Path:
    src = load_case("el_sistema_sundsvall").path
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    fig = data["metadata"]["published"][1]
    fig.update(figure_changes)
    fig = {k: v for k, v in fig.items() if v is not None}
    data["metadata"]["published"][1] = fig
    p = tmp_path / "case.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


def test_valid_copy_loads(tmp_path: Path) -> None:
    case = read_case(_write_case(tmp_path))
    assert case.name == "el_sistema_sundsvall"


def test_tolerance_needs_a_reason(tmp_path: Path) -> None:
    p = _write_case(tmp_path, tolerance={"relative": 0.25})
    with pytest.raises(ScenarioError, match=r"case\.yaml: metadata\.published\[1\]\.tolerance"):
        read_case(p)


def test_gap_needs_an_explanation(tmp_path: Path) -> None:
    p = _write_case(tmp_path, expect="gap")
    with pytest.raises(ScenarioError, match="needs a 'gap' text"):
        read_case(p)


def test_sek_figure_must_share_the_price_year(tmp_path: Path) -> None:
    p = _write_case(tmp_path, price_year=2020)
    with pytest.raises(ScenarioError, match="price_year 2020 differs from the scenario's"):
        read_case(p)


def test_unknown_metric_is_named(tmp_path: Path) -> None:
    p = _write_case(tmp_path, measure={"metric": "npv_total"})
    with pytest.raises(ScenarioError, match=r"measure\.metric"):
        read_case(p)


def test_duplicate_case_names_in_a_folder(tmp_path: Path) -> None:
    p = _write_case(tmp_path)
    (tmp_path / "copy.yaml").write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ScenarioError, match="used by more than one file"):
        list_cases(folder=tmp_path)


def test_tolerance_forms() -> None:
    rel = Tolerance(relative=0.25, reason="a verbal claim")
    assert rel.contains(125, 100) and not rel.contains(126, 100)
    assert rel.contains(-125, -100)
    rng = Tolerance(range=(800.0, None), reason="'more than 800'")
    assert rng.contains(800, 800) and not rng.contains(799.9, 800)
    assert not rng.contains(float("nan"), 800)
    np.testing.assert_array_equal(
        rng.contains_array([700, 800, 900, np.nan], 800), [False, True, True, False]
    )
    with pytest.raises(ValueError, match="either relative or range"):
        Tolerance(relative=0.1, range=(1.0, 2.0), reason="both given here")


@given(
    value=st.floats(-1e9, 1e9, allow_nan=False),
    published=st.floats(-1e9, 1e9, allow_nan=False),
    rel=st.floats(0, 2),
)
@settings(max_examples=200, deadline=None)
def test_contains_array_agrees_with_contains(value: float, published: float, rel: float) -> None:
    t = Tolerance(relative=rel, reason="property test")
    assert bool(t.contains_array([value], published)[0]) == t.contains(value, published)


# --- truncation ---------------------------------------------------------------------


def test_truncated_model_equals_the_first_years_of_the_full_model() -> None:
    case = load_case("adhd_boy_early_vs_late")
    full = case_model(case)
    short = case_model(case, end_age=20)
    assert short.n_years == 21
    g_full = full.group_costs(full.theta())
    g_short = short.group_costs(short.theta())
    np.testing.assert_allclose(g_short, g_full[..., :21], rtol=1e-12)
    np.testing.assert_allclose(
        short.discount_factors(short.theta()), full.discount_factors(full.theta())[:, :21]
    )


def test_truncation_drops_later_rows_and_effects() -> None:
    sc = load_case("skolfam_norrkoping").scenario
    short = truncate_scenario(sc, 16)
    assert [e.id for e in short.status_quo.episodes] == ["hvb_replacement"]
    assert [f.id for f in short.intervention.effects] == ["fewer_replacements"]
    with pytest.raises(ScenarioError, match=r"end_age 30 is outside its ages 12\.\.21"):
        truncate_scenario(sc, 30)


# --- consistency grid ---------------------------------------------------------------


def test_consistency_grid_matches_closed_form() -> None:
    case = load_case("norrtalje_prison_adhd_published")
    rates = np.linspace(0.0, 0.06, 13)
    shares = np.linspace(0.1, 0.5, 9)
    grid = consistency_grid(
        case,
        ("discount.rate", rates),
        (SUCCESS_SHARE, shares),
        figures=["cost_20_years", "return_20_years"],
    )
    assert len(grid) == rates.size * shares.size
    cost20 = np.array([60e6 * annuity_factor(r, 20) for r in grid["discount.rate"]])
    project = 3e6  # paid at the start of year 0 (the base year): not discounted
    npv = grid[SUCCESS_SHARE].to_numpy() * cost20 - project
    np.testing.assert_allclose(grid["cost_20_years"], cost20, rtol=1e-12)
    np.testing.assert_allclose(grid["return_20_years"], npv, rtol=1e-12)
    expected = (cost20 >= 800e6) & (np.abs(npv - 250e6) <= 0.25 * 250e6 * (1 + 1e-12))
    np.testing.assert_array_equal(grid["consistent"], expected)
    assert grid["consistent"].any() and not grid["consistent"].all()


def test_consistency_grid_rejects_break_even_figures() -> None:
    case = load_case("youth_crime_prevention_2008")
    with pytest.raises(ParameterError, match="break-even share"):
        consistency_grid(case, ("discount.rate", [0.03]), (SUCCESS_SHARE, [0.1]))


def test_success_share_needs_effects() -> None:
    case = load_case("adhd_boy_early_vs_late")  # own trajectory, no effects
    with pytest.raises(ParameterError, match="has no intervention effects"):
        consistency_grid(case, ("discount.rate", [0.03]), (SUCCESS_SHARE, [0.1]), figures=[])


def test_threshold_tools_apply_to_case_models() -> None:
    """The library's threshold finds the rate at which the 20-year cost is
    exactly 800 MSEK; check it against the closed-form annuity."""
    from socinv.sensitivity import threshold

    case = load_case("norrtalje_prison_adhd_published")
    res = threshold(
        case_model(case),
        "discount.rate",
        bounds=(0.0, 0.2),
        metric="cost_status_quo_disc",
        target=800e6,
    )
    assert res.found and res.value is not None
    assert 60e6 * annuity_factor(res.value, 20) == pytest.approx(800e6, rel=1e-9)


# --- CLI ------------------------------------------------------------------------------


def test_cli_lists_cases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases"]) == 0
    out = capsys.readouterr().out
    for name in case_names():
        assert name in out


def test_cli_compare(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    csv = tmp_path / "cmp.csv"
    assert main(["cases", "--compare", "--csv", str(csv)]) == 0
    out = capsys.readouterr().out
    assert "gap explained" in out and "published" in out
    assert "youth_crime_prevention_2008" in out
    import pandas as pd

    df = pd.read_csv(csv)
    assert {"published", "socinv", "difference", "within"} <= set(df.columns)


def test_cli_compare_one_group(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "--compare", "--group", "skolfam"]) == 0
    out = capsys.readouterr().out
    assert "skolfam_orebro" in out and "norrtalje" not in out


def test_cli_unknown_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "nosuchcase"]) == 2
    assert "no reference case named 'nosuchcase'" in capsys.readouterr().err


def test_case_files_run_with_socinv_run() -> None:
    """A case file is an ordinary scenario: socinv.compare reads it by path."""
    cmp = socinv.compare(load_case("skolfam_orebro").path)
    assert cmp.metric("intervention_cost", "municipality") == pytest.approx(21 * 190_000)


def test_success_share_for_matches_closed_form() -> None:
    from socinv.cases import success_share_for

    case = load_case("norrtalje_prison_adhd_published")
    rates = [0.0, 0.03, 0.04]
    df = success_share_for(case, "return_20_years", rates)
    for r, s in zip(df["rate"], df["success_share"], strict=True):
        expected = (250e6 + 3e6) / (60e6 * annuity_factor(r, 20))  # the project: start of year 0
        assert s == pytest.approx(expected, rel=1e-9)
    with pytest.raises(ParameterError, match="plain money metric"):
        success_share_for(load_case("norrtalje_prison_adhd"), "cost_person_year", [0.03])


def test_with_base_sets_base_values_without_touching_the_original() -> None:
    m = case_model(load_case("skolfam_orebro"))
    name = "effect.fewer_replacements.relative_risk"
    before = m.base_theta.copy()
    m1 = m.with_base({name: 1.0})
    assert m1.base_theta[m.index_of(name)] == 1.0
    assert m1.params[m.index_of(name)].base == 1.0
    np.testing.assert_array_equal(m.base_theta, before)
    assert m.with_base(None) is m
    with pytest.raises(ParameterError, match="outside its allowed range"):
        m.with_base({"episode.status_quo.hvb_replacement.probability": 2.0})


@given(data=st.data())
@settings(max_examples=15, deadline=None)
def test_truncation_property_for_every_case(data: st.DataObject) -> None:
    """For any case and any end age, the truncated model's yearly costs and
    discount factors are the full model's first years."""
    case = data.draw(st.sampled_from(list_cases()))
    sc = case.scenario
    end_age = data.draw(st.integers(sc.start_age, sc.end_age))
    full = case_model(case)
    short = case_model(case, end_age=end_age)
    n = end_age - sc.start_age + 1
    assert short.n_years == n
    np.testing.assert_allclose(
        short.group_costs(short.theta()), full.group_costs(full.theta())[..., :n], rtol=1e-12
    )
    np.testing.assert_allclose(
        short.discount_factors(short.theta()), full.discount_factors(full.theta())[:, :n]
    )


def test_registry_reloads_changed_files(tmp_path: Path) -> None:
    import os

    p = _write_case(tmp_path)
    assert list_cases(folder=tmp_path)[0].scenario.cohort_size == 95
    text = p.read_text(encoding="utf-8").replace("cohort_size: 95", "cohort_size: 96")
    p.write_text(text, encoding="utf-8")
    st_ = p.stat()
    os.utime(p, (st_.st_atime, st_.st_mtime + 5))
    assert list_cases(folder=tmp_path)[0].scenario.cohort_size == 96


def test_unknown_measure_metric_lists_the_allowed_ones() -> None:
    from pydantic import ValidationError

    from socinv.cases.registry import MEASURE_METRICS, Measure

    with pytest.raises(
        ValidationError, match=r"unknown metric 'nvp'; expected one of cost_status_quo"
    ):
        Measure(metric="nvp")
    assert all(Measure(metric=m).metric == m for m in MEASURE_METRICS)
