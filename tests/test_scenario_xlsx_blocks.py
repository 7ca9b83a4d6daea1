"""The population and the interventions in a scenario workbook: sheets an
analyst fills in (one row per subgroup, per intervention and per cost, effect
or episode), read back to the same scenario and model as the YAML file, with
errors naming file, sheet, row and column; older workbooks with JSON text in
a settings cell still read."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from alternatives_support import foster_alternatives, foster_alternatives_data
from fuzzing import profile
from socinv import compare
from socinv.cli.main import main
from socinv.errors import ScenarioError
from socinv.scenarios.alternatives import compare_alternatives
from socinv.scenarios.io import load_scenario
from socinv.scenarios.models import Scenario
from socinv.scenarios.xlsx import WorkbookError, read_scenario_xlsx, write_scenario_xlsx
from socinv.scenarios.xlsx_layout import FIELD_IN_HEADER

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "data" / "scenarios"
WITH_POPULATION = [
    p for p in sorted(SCENARIOS.glob("*.yaml")) if "population" in yaml.safe_load(p.read_text())
]
SHEETS = {
    "en": {
        "settings": "Settings",
        "groups": "Population subgroups",
        "alts": "Interventions",
        "costs": "Intervention costs",
        "effects": "Effects",
        "episodes": "Intervention episodes",
        "sq": "Status quo episodes",
        "events": "Status quo events",
        "production": "Production losses",
    },
}


def _columns(ws: Any) -> dict[str, int]:
    out = {}
    for cell in ws[1]:
        m = FIELD_IN_HEADER.search(str(cell.value or ""))
        if m:
            out[m.group(1)] = cell.column
    return out


def _fill_rows(ws: Any, records: list[dict[str, Any]]) -> None:
    """Fill rows by the field names in the header, as an analyst would."""
    cols = _columns(ws)
    for i, rec in enumerate(records, start=2):
        for name, value in rec.items():
            ws.cell(row=i, column=cols[name], value=value)


def _fill_setting(ws: Any, key: str, value: Any) -> None:
    for row in ws.iter_rows(min_row=2):
        if row[0].value == key:
            row[1].value = value
            return
    raise AssertionError(f"no setting row {key}")


def _fill(template: Path, data: dict[str, Any]) -> None:
    """Fill an empty template with a scenario mapping (YAML's data), sheet by sheet."""
    wb = load_workbook(template)
    s = SHEETS["en"]
    settings = wb[s["settings"]]
    scalars = ("name", "title", "description", "start_age", "horizon_years", "start_year")
    for key in (*scalars, "price_year", "cohort_size"):
        if key in data:
            _fill_setting(settings, key, data[key])
    for key, value in (data.get("discounting") or {}).items():
        _fill_setting(settings, f"discounting.{key}", value)
    pop = data.get("population") or {}
    for key in ("count", "birth_year", "share", "sex", "inflow_years"):
        if key in pop:
            _fill_setting(settings, f"population.{key}", pop[key])
    for key, value in (pop.get("mortality") or {}).items():
        shown = ("yes" if value else "no") if isinstance(value, bool) else value
        _fill_setting(settings, f"population.mortality.{key}", shown)
    _fill_rows(wb[s["groups"]], list(pop.get("subgroups") or []))
    sq = data["status_quo"]
    if "label" in sq:
        _fill_setting(settings, "status_quo.label", sq["label"])
    _fill_rows(wb[s["sq"]], sq.get("episodes") or [])
    _fill_rows(wb[s["events"]], sq.get("events") or [])
    _fill_rows(wb[s["production"]], sq.get("production") or [])
    if sq.get("offences"):  # a JSON setting (status_quo.offences), not a sheet
        _fill_setting(settings, "status_quo.offences", json.dumps(sq["offences"]))
    alts = data.get("interventions") or []
    _fill_rows(
        wb[s["alts"]],
        [
            {"id": a["id"], "label": a.get("label", ""), "own_episodes": "episodes" in a and "yes"}
            for a in alts
        ],
    )
    for key, name in (("costs", "costs"), ("effects", "effects"), ("episodes", "episodes")):
        rows = [{**r, "intervention": a["id"]} for a in alts for r in a.get(name) or []]
        rows += (data.get("intervention") or {}).get(name) or []
        _fill_rows(wb[s[key]], rows)
    wb.save(template)


def _without_uncertainty(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("uncertainty", None)
    data.pop("metadata", None)
    return data


def test_the_population_scenarios_are_there() -> None:
    assert {p.stem for p in WITH_POPULATION} >= {"uvas_birth_cohort", "adhd_lifetime"}


@pytest.mark.parametrize("path", WITH_POPULATION, ids=lambda p: p.stem)
def test_template_filled_by_hand_reads_as_the_yaml_scenario(path: Path, tmp_path: Path) -> None:
    """Empty template (socinv template) -> filled sheet by sheet -> read: the
    same scenario and the same figures as the YAML file."""
    template = tmp_path / "t.xlsx"
    assert main(["template", str(template)]) == 0
    data = _without_uncertainty(path)
    _fill(template, data)
    expected = Scenario.model_validate(data)
    got = read_scenario_xlsx(template)
    assert got == expected
    assert compare(got).summary().equals(compare(expected).summary())


def test_several_interventions_filled_by_hand(tmp_path: Path) -> None:
    template = tmp_path / "alts.xlsx"
    assert main(["template", str(template)]) == 0
    _fill(template, foster_alternatives_data())
    got = read_scenario_xlsx(template)
    assert got == foster_alternatives()
    ranked = compare_alternatives(got).ranking()
    assert ranked.equals(compare_alternatives(foster_alternatives()).ranking())


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_population_has_its_own_sheet_and_settings(lang: str, tmp_path: Path) -> None:
    sc = load_scenario(SCENARIOS / "adhd_lifetime.yaml")
    wb = load_workbook(write_scenario_xlsx(sc, tmp_path / "a.xlsx", lang=lang))
    title = "Population subgroups" if lang == "en" else "Delgrupper"
    ws = wb[title]
    cols = _columns(ws)
    rows = [{k: ws.cell(row=r, column=c).value for k, c in cols.items()} for r in (2, 3)]
    assert [(r["id"], r["share"], r["start_age"], r["sex"]) for r in rows] == [
        ("boys", 0.636, 10, "men"),
        ("girls", 0.364, 15, "women"),
    ]
    settings = wb[wb.sheetnames[1]]
    values = {r[0].value: r[1].value for r in settings.iter_rows(min_row=2)}
    assert values["population.birth_year"] == 2024
    assert values["population.mortality.hazard_ratio"] == 2.07
    assert "population" not in values and "interventions" not in values  # no JSON cells


def test_interventions_sheet_and_the_intervention_column(tmp_path: Path) -> None:
    sc = foster_alternatives()
    wb = load_workbook(write_scenario_xlsx(sc, tmp_path / "a.xlsx"))
    alts = wb["Interventions"]
    assert [alts.cell(row=r, column=1).value for r in (2, 3, 4)] == [
        "school_support",
        "half_team",
        "placement_stability",
    ]
    assert alts.cell(row=4, column=_columns(alts)["own_episodes"]).value == "yes"
    costs = wb["Intervention costs"]
    col = _columns(costs)
    tags = [costs.cell(row=r, column=col["intervention"]).value for r in (2, 3, 4)]
    assert tags == ["school_support", "half_team", "placement_stability"]
    amounts = [costs.cell(row=r, column=col["amount_sek"]).value for r in (2, 3, 4)]
    assert amounts == [95000, 47500, 30000]


def _alts_workbook(tmp_path: Path) -> Path:
    return write_scenario_xlsx(foster_alternatives(), tmp_path / "alts.xlsx")


def _edit(path: Path, sheet: str, cell: str, value: object) -> None:
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "expected"),
    [
        ("Intervention costs", "A3", "nobody", "no intervention 'nobody'"),
        ("Intervention costs", "A3", None, "name the intervention of this row"),
        ("Intervention costs", "C3", -5, "greater than or equal to 0"),
        ("Effects", "H2", 2, "less than or equal to 1"),
        ("Interventions", "C3", "maybe", "write yes or no"),
        ("Interventions", "A3", "school_support", "used twice"),
        ("Intervention episodes", "A2", "half_team", "own_episodes = yes"),
    ],
)
def test_bad_intervention_rows_are_located(
    sheet: str, cell: str, value: object, expected: str, tmp_path: Path
) -> None:
    path = _alts_workbook(tmp_path)
    _edit(path, sheet, cell, value)
    with pytest.raises(WorkbookError) as err:
        read_scenario_xlsx(path)
    msg = str(err.value)
    row = int(cell[1:])
    assert msg.startswith(str(path))
    assert f"sheet {sheet!r}, row {row}" in msg
    assert err.value.sheet == sheet and err.value.row == row
    assert expected in msg
    assert err.value.column == cell[0]


def test_effects_and_own_episodes_together_name_the_intervention(tmp_path: Path) -> None:
    path = _alts_workbook(tmp_path)
    _edit(path, "Effects", "A2", "placement_stability")
    with pytest.raises(WorkbookError, match=r"sheet 'Interventions', row 4 .*not both"):
        read_scenario_xlsx(path)


@pytest.mark.parametrize(
    ("cell", "value", "expected"),
    [
        ("C2", 1.5, "less than or equal to 1"),
        ("E3", "both", "'men', 'women' or 'all'"),
        ("A2", "1st", "should match pattern"),
        ("D2", -1, "greater than or equal to 0"),
    ],
)
def test_bad_subgroup_rows_are_located(
    cell: str, value: object, expected: str, tmp_path: Path
) -> None:
    sc = load_scenario(SCENARIOS / "adhd_lifetime.yaml")
    path = write_scenario_xlsx(sc, tmp_path / "a.xlsx")
    _edit(path, "Population subgroups", cell, value)
    with pytest.raises(WorkbookError) as err:
        read_scenario_xlsx(path)
    msg = str(err.value)
    assert f"sheet 'Population subgroups', row {cell[1:]}, column {cell[0]}" in msg
    assert expected in msg
    assert (err.value.sheet, err.value.row, err.value.column) == (
        "Population subgroups",
        int(cell[1:]),
        cell[0],
    )


def test_swedish_words_for_sex_and_yes(tmp_path: Path) -> None:
    sc = load_scenario(SCENARIOS / "adhd_lifetime.yaml")
    path = write_scenario_xlsx(sc, tmp_path / "a.xlsx", lang="sv")
    _edit(path, "Delgrupper", "E2", "Män")
    _edit(path, "Delgrupper", "E3", "kvinnor")
    assert read_scenario_xlsx(path) == sc


def _append_setting(path: Path, key: str, value: str) -> int:
    wb = load_workbook(path)
    ws = wb[wb.sheetnames[1]]
    row = ws.max_row + 1
    ws.cell(row=row, column=1, value=key)
    ws.cell(row=row, column=2, value=value)
    wb.save(path)
    return row


def test_older_workbooks_with_json_cells_still_read(tmp_path: Path) -> None:
    """Workbooks written before the sheets held population and interventions
    as JSON text in a settings cell; they read as before."""
    adhd = load_scenario(SCENARIOS / "adhd_lifetime.yaml")
    bare = adhd.model_copy(update={"population": None})
    path = write_scenario_xlsx(bare, tmp_path / "old.xlsx")
    pop = adhd.model_dump(mode="json", exclude_defaults=True)["population"]
    _append_setting(path, "population", json.dumps(pop))
    assert read_scenario_xlsx(path) == adhd

    alts = foster_alternatives()
    first = alts.model_copy(update={"interventions": ()})
    path = write_scenario_xlsx(first, tmp_path / "old_alts.xlsx")
    dumped = alts.model_dump(mode="json", exclude_defaults=True)["interventions"]
    _append_setting(path, "interventions", json.dumps(dumped))
    assert read_scenario_xlsx(path) == alts


def test_a_block_given_twice_is_refused(tmp_path: Path) -> None:
    adhd = load_scenario(SCENARIOS / "adhd_lifetime.yaml")
    path = write_scenario_xlsx(adhd, tmp_path / "both.xlsx")
    pop = adhd.model_dump(mode="json", exclude_defaults=True)["population"]
    row = _append_setting(path, "population", json.dumps(pop))
    with pytest.raises(WorkbookError, match=rf"row {row}, column B \(population\): .*given twice"):
        read_scenario_xlsx(path)
    path = _alts_workbook(tmp_path)
    row = _append_setting(path, "interventions", "[]")
    with pytest.raises(WorkbookError, match=rf"row {row}, column B \(interventions\): .*twice"):
        read_scenario_xlsx(path)


def test_text_in_the_new_sheets_stays_text(tmp_path: Path) -> None:
    """A label that looks like a formula is written as text and read back as
    the same text; nothing from a cell is evaluated."""
    data = foster_alternatives_data()
    data["interventions"][0]["label"] = '=HYPERLINK("http://example.org","x")'
    data["interventions"][1]["note"] = "=1+1"
    sc = Scenario.model_validate(data)
    path = write_scenario_xlsx(sc, tmp_path / "f.xlsx")
    ws = load_workbook(path)["Interventions"]
    assert ws["B2"].data_type == "s" and ws["D3"].data_type == "s"
    assert read_scenario_xlsx(path) == sc


def test_a_formula_typed_into_a_cell_is_read_as_its_value_only(tmp_path: Path) -> None:
    """A formula an analyst types is never evaluated by socinv: the reader
    sees only Excel's cached value (none when the file was not saved by Excel),
    so the row lacks the number and the error names the cell."""
    path = write_scenario_xlsx(load_scenario(SCENARIOS / "adhd_lifetime.yaml"), tmp_path / "a.xlsx")
    _edit(path, "Population subgroups", "C2", "=0.5+0.1")
    with pytest.raises(WorkbookError, match=r"sheet 'Population subgroups', row 2"):
        read_scenario_xlsx(path)


def test_template_to_run_with_several_interventions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _alts_workbook(tmp_path)
    assert main(["run", str(path)]) == 0
    out = capsys.readouterr().out
    assert "placement_stability" in out and "half_team" in out


def test_template_from_an_older_workbook_moves_the_json_to_the_sheets(tmp_path: Path) -> None:
    adhd = load_scenario(SCENARIOS / "adhd_lifetime.yaml")
    old = write_scenario_xlsx(adhd.model_copy(update={"population": None}), tmp_path / "old.xlsx")
    pop = adhd.model_dump(mode="json", exclude_defaults=True)["population"]
    _append_setting(old, "population", json.dumps(pop))
    new = tmp_path / "new.xlsx"
    assert main(["template", str(new), "--from", str(old)]) == 0
    wb = load_workbook(new)
    values = {r[0].value for r in wb["Settings"].iter_rows(min_row=2)}
    assert "population" not in values
    assert wb["Population subgroups"]["A2"].value == "boys"
    assert read_scenario_xlsx(new) == adhd


@pytest.mark.parametrize(
    ("key", "value"), [("intervention.label", "x"), ("intervention.own_episodes", "ja")]
)
def test_one_interventions_settings_with_several_is_located(
    key: str, value: str, tmp_path: Path
) -> None:
    path = _alts_workbook(tmp_path)
    wb = load_workbook(path)
    row = next(r[0].row for r in wb["Settings"].iter_rows(min_row=2) if r[0].value == key)
    wb["Settings"].cell(row=row, column=2, value=value)
    wb.save(path)
    with pytest.raises(WorkbookError, match=rf"sheet 'Settings', row {row}, column B \({key}\)"):
        read_scenario_xlsx(path)


_CELL_VALUES = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.sampled_from(["=1+1", '=HYPERLINK("http://x")', "ja", "nej", "män", "school_support"]),
)


@profile(40)
@given(
    sheet=st.sampled_from(
        ["Population subgroups", "Interventions", "Intervention costs", "Effects", "Settings"]
    ),
    row=st.integers(min_value=2, max_value=5),
    column=st.integers(min_value=1, max_value=9),
    value=_CELL_VALUES,
)
def test_fuzz_a_cell_of_the_new_sheets(sheet: str, row: int, column: int, value: Any) -> None:
    """Any value in any cell: a scenario, or socinv's own error naming the file."""
    data = foster_alternatives_data()
    data["population"] = {
        "count": 100,
        "subgroups": [{"id": "a", "share": 0.4}, {"id": "b", "share": 0.6}],
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = write_scenario_xlsx(Scenario.model_validate(data), Path(tmp) / "f.xlsx")
        wb = load_workbook(path)
        wb[sheet].cell(row=row, column=column, value=value)
        wb.save(path)
        try:
            sc = read_scenario_xlsx(path)
        except ScenarioError as exc:
            assert str(exc).startswith(str(path)), str(exc)
            return
    assert isinstance(sc, Scenario)
    if isinstance(value, str) and value.startswith("="):
        # a formula typed into a cell is never evaluated nor taken as text
        assert value not in json.dumps(sc.model_dump(mode="json"), ensure_ascii=False)


def test_a_control_character_is_refused_when_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel cannot store control characters: the template names the cell
    instead of failing half-way."""
    source = tmp_path / "s.yaml"
    text = (SCENARIOS / "adhd_lifetime.yaml").read_text(encoding="utf-8")
    source.write_text(text.replace('title: "', 'title: "\\b', 1), encoding="utf-8")
    assert load_scenario(source).title.startswith("\b")
    assert main(["template", str(tmp_path / "t.xlsx"), "--from", str(source)]) == 2
    err = capsys.readouterr().err
    assert "sheet 'Settings', cell B3" in err and "control character" in err
    assert not (tmp_path / "t.xlsx").exists()
