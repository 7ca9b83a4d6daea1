"""Loose ends at the edges: ``socinv run --cohort`` answers in the run's
language, ``socinv serve --port`` takes its range from socinv.limits, and a
scenario's ``catalogue.extra`` files must lie in the scenario's folder tree
(or under a root allowed explicitly)."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import profile
from socinv import compare, load_model
from socinv.cli.cohort_option import parse_cohort
from socinv.cli.main import main
from socinv.errors import OutsideFolderError, ParameterError, ScenarioError
from socinv.limits import COHORT, PORT
from socinv.readers import confined_file
from socinv.scenarios.io import load_scenario
from socinv.scenarios.xlsx import write_scenario_xlsx

ROOT = Path(__file__).resolve().parents[1]
UVAS = ROOT / "data" / "scenarios" / "uvas_birth_cohort.yaml"
SCENARIO = """name: local
start_age: 10
horizon_years: 5
start_year: 2025
price_year: 2024
catalogue: {{extra: [{extra}]}}
status_quo:
  episodes:
    - {{id: visit, item: local_visit, quantity: 2, from_age: 10, to_age: 12}}
"""
CSV = (
    "id,name_sv,value_sek,unit,price_year,payer,kind,source\n"
    "local_visit,Ett lokalt besök,1000,besök,2024,municipality,resource,Assumption\n"
)


# --- run --cohort --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("abc", "sv", "socinv: fel: --cohort måste vara ett antal personer, fick 'abc'"),
        ("-3", "sv", "socinv: fel: --cohort måste vara fler än 0 och högst 100 000 000 personer"),
        ("0", "en", "socinv: error: --cohort must be more than 0 and at most 100 000 000 persons"),
        ("nan", "en", "must be more than 0"),
        ("inf", "sv", "måste vara fler än 0"),
        ("1e9", "sv", "högst 100 000 000"),
    ],
)
def test_a_bad_cohort_is_one_line_in_the_runs_language(
    text: str, lang: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(UVAS), "--cohort", text, "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_swedish_cohort_takes_a_decimal_comma_and_thousands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["run", str(UVAS), "--cohort", "1 000", "--lang", "sv"]) == 0
    assert re.search(r"kohort 1\s000 person\(er\)", capsys.readouterr().out)
    assert parse_cohort("2,5", "sv") == 2.5
    # the cohort scales the result: 1 000 persons cost 1 000 times one person
    one = compare(UVAS, overrides={"cohort.size": 1.0}).cost_of_exclusion()
    many = compare(UVAS, overrides={"cohort.size": parse_cohort("1 000", "sv")})
    total = many.cost_of_exclusion()["cost_disc_sek"].sum()
    assert total == pytest.approx(1000 * one["cost_disc_sek"].sum(), rel=1e-12)


@profile(300)
@given(text=st.text(max_size=12), lang=st.sampled_from(["sv", "en"]))
def test_fuzz_cohort_text(text: str, lang: str) -> None:
    """Any text is a cohort in range or a ParameterError; never another error."""
    try:
        value = parse_cohort(text, lang)
    except ParameterError as exc:
        assert "--cohort" in str(exc)
        return
    assert math.isfinite(value) and COHORT.contains(value)


# --- serve --port ----------------------------------------------------------------------


@pytest.mark.parametrize("port", ["0", "-1", "65536", "99999999999999999999", "abc", "8e3"])
def test_a_bad_port_is_one_line_and_exit_2(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", port]) == 2
    err = capsys.readouterr().err
    assert err.startswith("socinv: error: serve: argument --port:")
    assert err.count("\n") == 1 and "Traceback" not in err


@profile(200)
@given(port=st.integers(min_value=-(2**70), max_value=2**70))
def test_fuzz_port_range(port: int) -> None:
    parse = PORT.option()
    if 1 <= port <= 65535:
        assert parse(str(port)) == port
    else:
        with pytest.raises(Exception, match="must be at least 1 and at most 65 535"):
            parse(str(port))


# --- catalogue.extra confined to the scenario's folder ---------------------------------


def _project(tmp_path: Path, extra: str) -> Path:
    (tmp_path / "project" / "costs").mkdir(parents=True)
    (tmp_path / "project" / "costs" / "local.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "local.csv").write_text(CSV, encoding="utf-8")
    scenario = tmp_path / "project" / "s.yaml"
    scenario.write_text(SCENARIO.format(extra=extra), encoding="utf-8")
    return scenario


def test_extra_inside_the_scenario_folder_is_read(tmp_path: Path) -> None:
    scenario = _project(tmp_path, "costs/local.csv")
    cost = compare(scenario).cost_of_exclusion()["cost_sek"].sum()
    assert cost == pytest.approx(2 * 1000 * 3)  # 2 visits a year x 1 000 SEK, ages 10-12
    model = load_model(scenario)
    assert model.param_names[0] == "unit_cost.local_visit"


@pytest.mark.parametrize(
    "extra", ["../elsewhere/local.csv", "costs/../../elsewhere/local.csv", "/etc/passwd"]
)
def test_extra_outside_is_refused_naming_file_and_field(
    extra: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = _project(tmp_path, extra)
    with pytest.raises(OutsideFolderError) as err:
        compare(scenario)
    msg = str(err.value)
    assert msg.startswith(f"{scenario}: scenario 'local', catalogue.extra[0]: {extra!r}")
    assert "outside the scenario's folder" in msg
    assert isinstance(err.value, ScenarioError)
    assert main(["run", str(scenario)]) == 2
    line = capsys.readouterr().err
    assert "catalogue.extra[0]" in line and line.count("\n") == 1


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_link_pointing_out_is_refused(tmp_path: Path) -> None:
    scenario = _project(tmp_path, "link.csv")
    (scenario.parent / "link.csv").symlink_to(tmp_path / "elsewhere" / "local.csv")
    with pytest.raises(OutsideFolderError, match=r"'link.csv' is outside"):
        compare(scenario)


def test_an_explicit_root_allows_a_shared_folder(tmp_path: Path) -> None:
    scenario = _project(tmp_path, "../elsewhere/local.csv")
    model = load_model(scenario, roots=[tmp_path / "elsewhere"])
    assert "unit_cost.local_visit" in model.param_names


def test_a_workbook_is_confined_to_its_own_folder(tmp_path: Path) -> None:
    scenario = _project(tmp_path, "../elsewhere/local.csv")
    sc = load_scenario(scenario)
    book = write_scenario_xlsx(sc, tmp_path / "project" / "book.xlsx")
    with pytest.raises(OutsideFolderError, match=r"book\.xlsx: .*catalogue\.extra\[0\]"):
        compare(book)


@profile(300)
@given(parts=st.lists(st.sampled_from(["..", ".", "costs", "x", "/", "local.csv"]), max_size=6))
def test_fuzz_extra_paths_stay_inside(parts: list[str]) -> None:
    """Whatever the path, the answer is a file inside the folder or a refusal."""
    base = Path(__file__).resolve().parent
    ref = "/".join(parts) or "."
    try:
        path = confined_file(ref, base, where="s.yaml: catalogue.extra[0]")
    except OutsideFolderError as exc:
        assert str(exc).startswith("s.yaml: catalogue.extra[0]: ")
        return
    assert path.resolve().is_relative_to(base)
