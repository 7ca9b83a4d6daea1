"""Offences in a scenario workbook: the sheet *Offences* (*Brott*), one row per
``status_quo.offences`` entry, read back to the same scenario and figures as
the YAML file; bad cells are named by file, sheet, row and column; the JSON
cell of older workbooks still reads."""

from __future__ import annotations

import doctest
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

import socinv.scenarios.xlsx_offences
from fuzzing import profile
from socinv import compare
from socinv.cli.main import main
from socinv.errors import ScenarioError
from socinv.justice import OFFENCE_TYPES
from socinv.scenarios.io import load_scenario
from socinv.scenarios.models import Scenario
from socinv.scenarios.xlsx import WorkbookError, read_scenario_xlsx, write_scenario_xlsx
from socinv.scenarios.xlsx_layout import FIELD_IN_HEADER

ROOT = Path(__file__).resolve().parents[1]
CRIME = ROOT / "data" / "scenarios" / "crime_career_justice_chain.yaml"
SHEET = {"en": "Offences", "sv": "Brott"}


def _columns(ws: Any) -> dict[str, str]:
    """Field name -> column letter, from the header row."""
    out = {}
    for cell in ws[1]:
        m = FIELD_IN_HEADER.search(str(cell.value or ""))
        if m:
            out[m.group(1)] = cell.column_letter
    return out


def _rows(ws: Any) -> list[dict[str, Any]]:
    cols = _columns(ws)
    out = []
    for r in range(2, ws.max_row + 1):
        rec = {k: ws[f"{c}{r}"].value for k, c in cols.items()}
        if any(v is not None for v in rec.values()):
            out.append(rec)
    return out


def _crime_book(tmp_path: Path, lang: str = "en") -> Path:
    return write_scenario_xlsx(load_scenario(CRIME), tmp_path / f"crime_{lang}.xlsx", lang=lang)


def _edit(path: Path, sheet: str, cell: str, value: object) -> None:
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_offences_have_a_sheet_of_their_own(lang: str, tmp_path: Path) -> None:
    sc = load_scenario(CRIME)
    path = _crime_book(tmp_path, lang)
    wb = load_workbook(path)
    rows = _rows(wb[SHEET[lang]])
    assert [r["id"] for r in rows] == [o.id for o in sc.status_quo.offences]
    first = rows[0]
    assert (first["offence"], first["rate"], first["from_age"], first["to_age"]) == (
        "drug_offence",
        3.2,
        15,
        20,
    )
    assert first["steps"] == "police, prosecution, court, remand, prison, probation"
    assert (first["chain"], first["p_cleared"], first["p_court"], first["prison_days"]) == (
        "persistent",
        0.45,
        0.665,
        288,
    )
    # the robbery rows price every step: the steps cell stays empty
    assert rows[3]["id"] == "robbery_15_20" and rows[3]["steps"] is None
    # a shared chain's inputs stand on its first row only
    assert all(r["p_cleared"] is None for r in rows[1:])
    settings = {r[0].value for r in wb[wb.sheetnames[1]].iter_rows(min_row=2)}
    assert "status_quo.offences" not in settings  # no JSON cell
    assert read_scenario_xlsx(path) == sc


def test_the_offence_type_is_a_drop_down_of_the_known_types(tmp_path: Path) -> None:
    wb = load_workbook(_crime_book(tmp_path))
    ws = wb["Offences"]
    col = _columns(ws)["offence"]
    lists = [dv for dv in ws.data_validations.dataValidation if f"{col}2" in str(dv.sqref)]
    assert len(lists) == 1
    assert lists[0].formula1 == f"='Lists'!$B$2:$B${len(OFFENCE_TYPES) + 1}"
    listed = [wb["Lists"][f"B{r}"].value for r in range(2, len(OFFENCE_TYPES) + 2)]
    assert listed == list(OFFENCE_TYPES)


def test_the_workbook_gives_the_yaml_figures(tmp_path: Path) -> None:
    sc = load_scenario(CRIME)
    got = read_scenario_xlsx(_crime_book(tmp_path, "sv"))
    assert compare(got).summary().equals(compare(sc).summary())


def test_swedish_offence_names_and_steps_read(tmp_path: Path) -> None:
    path = _crime_book(tmp_path, "sv")
    cols = _columns(load_workbook(path)["Brott"])
    _edit(path, "Brott", f"{cols['offence']}5", "Rån")
    _edit(path, "Brott", f"{cols['steps']}2", "polis, åklagare; domstol,häkte, fängelse, frivård")
    assert read_scenario_xlsx(path) == load_scenario(CRIME)


def test_every_row_may_repeat_the_shared_inputs(tmp_path: Path) -> None:
    """Rows of a shared chain may each give its inputs (as a hand-filled sheet
    does); giving other values on one row is refused, naming that row."""
    path = _crime_book(tmp_path)
    cols = _columns(load_workbook(path)["Offences"])
    _edit(path, "Offences", f"{cols['p_cleared']}3", 0.45)
    assert read_scenario_xlsx(path) == load_scenario(CRIME)
    _edit(path, "Offences", f"{cols['p_cleared']}3", 0.5)
    with pytest.raises(WorkbookError, match=r"shares chain 'persistent'"):
        read_scenario_xlsx(path)


@pytest.mark.parametrize(
    ("row", "field", "value", "expected"),
    [
        (2, "offence", "arson", "unknown offence type 'arson'"),
        (3, "offence", 7, "unknown offence type '7'"),
        (2, "p_court", 1.4, "less than or equal to 1"),
        (2, "p_cleared", -0.1, "greater than or equal to 0"),
        (4, "steps", "police, jail", "unknown step 'jail'"),
        (5, "rate", -2, "greater than or equal to 0"),
        (2, "prison_days", "many", "valid number"),
    ],
)
def test_bad_offence_cells_are_located(
    row: int, field: str, value: object, expected: str, tmp_path: Path
) -> None:
    path = _crime_book(tmp_path)
    column = _columns(load_workbook(path)["Offences"])[field]
    _edit(path, "Offences", f"{column}{row}", value)
    with pytest.raises(WorkbookError) as err:
        read_scenario_xlsx(path)
    msg = str(err.value)
    assert msg.startswith(str(path))
    assert f"sheet 'Offences', row {row}, column {column}" in msg
    assert expected in msg
    assert (err.value.sheet, err.value.row, err.value.column) == ("Offences", row, column)


def test_a_bad_shared_input_is_named_once_at_its_own_cell(tmp_path: Path) -> None:
    """The chain's inputs stand on its first row; a bad value there is one
    error naming that cell, not one per row that shares it."""
    path = _crime_book(tmp_path)
    column = _columns(load_workbook(path)["Offences"])["p_court"]
    _edit(path, "Offences", f"{column}2", 1.4)
    with pytest.raises(WorkbookError) as err:
        read_scenario_xlsx(path)
    lines = str(err.value).splitlines()
    assert len(lines) == 1
    assert f"sheet 'Offences', row 2, column {column}" in lines[0]


def test_a_bad_row_is_located_by_row(tmp_path: Path) -> None:
    """A row at fault as a whole (a yearly rate and an at-age offence) names its row."""
    path = _crime_book(tmp_path)
    column = _columns(load_workbook(path)["Offences"])["at_age"]
    _edit(path, "Offences", f"{column}6", 22)
    with pytest.raises(WorkbookError, match=r"sheet 'Offences', row 6 .*either at_age"):
        read_scenario_xlsx(path)


def test_the_cli_reports_a_bad_offence_cell_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _crime_book(tmp_path)
    column = _columns(load_workbook(path)["Offences"])["p_court"]
    _edit(path, "Offences", f"{column}2", 2)
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert f"sheet 'Offences', row 2, column {column}" in err
    assert "Traceback" not in err


def _append_setting(path: Path, key: str, value: str) -> int:
    wb = load_workbook(path)
    ws = wb[wb.sheetnames[1]]
    row = ws.max_row + 1
    ws.cell(row=row, column=1, value=key)
    ws.cell(row=row, column=2, value=value)
    wb.save(path)
    return row


def _offences_json() -> str:
    dumped = load_scenario(CRIME).model_dump(mode="json", exclude_defaults=True)
    return json.dumps(dumped["status_quo"]["offences"])


def test_an_older_workbook_with_the_json_cell_still_reads(tmp_path: Path) -> None:
    sc = load_scenario(CRIME)
    bare = sc.model_copy(update={"status_quo": sc.status_quo.model_copy(update={"offences": ()})})
    path = write_scenario_xlsx(bare, tmp_path / "old.xlsx")
    _append_setting(path, "status_quo.offences", _offences_json())
    assert read_scenario_xlsx(path) == sc
    new = tmp_path / "new.xlsx"
    assert main(["template", str(new), "--from", str(path)]) == 0
    assert _rows(load_workbook(new)["Offences"])[0]["id"] == "drugs_15_20"
    assert read_scenario_xlsx(new) == sc


def test_offences_given_twice_are_refused_naming_the_cell(tmp_path: Path) -> None:
    path = _crime_book(tmp_path)
    row = _append_setting(path, "status_quo.offences", _offences_json())
    with pytest.raises(WorkbookError) as err:
        read_scenario_xlsx(path)
    assert f"row {row}, column B (status_quo.offences)" in str(err.value)
    assert "given twice" in str(err.value)
    assert (err.value.sheet, err.value.row, err.value.column) == ("Settings", row, "B")


def test_bad_json_in_the_old_cell_is_located(tmp_path: Path) -> None:
    sc = load_scenario(CRIME)
    bare = sc.model_copy(update={"status_quo": sc.status_quo.model_copy(update={"offences": ()})})
    path = write_scenario_xlsx(bare, tmp_path / "old.xlsx")
    row = _append_setting(path, "status_quo.offences", "[{")
    with pytest.raises(WorkbookError, match=rf"row {row}, column B \(status_quo.offences\)"):
        read_scenario_xlsx(path)


def test_one_offence_at_an_age_filled_by_hand(tmp_path: Path) -> None:
    """A one-off offence at an age, only the police and court steps, no chain."""
    template = tmp_path / "t.xlsx"
    assert main(["template", str(template), "--lang", "sv"]) == 0
    wb = load_workbook(template)
    ws = wb["Brott"]
    cols = _columns(ws)
    row = {
        "id": "robbery_once",
        "offence": "rån",
        "at_age": 17,
        "steps": "polis, domstol",
        "p_cleared": 0.11,
        "p_prosecuted": 1,
        "p_court": 0.665,
    }
    for name, value in row.items():
        ws[f"{cols[name]}2"] = value
    settings = wb["Inställningar"]
    given = {"name": "once", "start_age": 15, "horizon_years": 5, "start_year": 2025}
    given["price_year"] = 2024
    for r in settings.iter_rows(min_row=2):
        if r[0].value in given:
            r[1].value = given[r[0].value]
    wb.save(template)
    got = read_scenario_xlsx(template)
    expected = Scenario.model_validate(
        {
            **given,
            "status_quo": {
                "offences": [
                    {
                        "id": "robbery_once",
                        "offence": "robbery",
                        "at_age": 17,
                        "steps": ["police", "court"],
                        "p_cleared": 0.11,
                        "p_prosecuted": 1.0,
                        "p_court": 0.665,
                    }
                ]
            },
            "intervention": {},
        }
    )
    assert got == expected
    assert got.status_quo.offences[0].step_probability("court") == pytest.approx(0.11 * 1.0 * 0.665)


_CELL_VALUES = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.sampled_from(["=1+1", "rån", "polis, domstol", "victim,,", "persistent", "other"]),
)


@profile(40)
@given(
    row=st.integers(min_value=2, max_value=18),
    column=st.integers(min_value=1, max_value=19),
    value=_CELL_VALUES,
)
def test_fuzz_a_cell_of_the_offences_sheet(row: int, column: int, value: Any) -> None:
    """Any value in any cell: a scenario, or socinv's own error naming the file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = _crime_book(Path(tmp))
        wb = load_workbook(path)
        wb["Offences"].cell(row=row, column=column, value=value)
        wb.save(path)
        try:
            sc = read_scenario_xlsx(path)
        except ScenarioError as exc:
            assert str(exc).startswith(str(path)), str(exc)
            return
    assert isinstance(sc, Scenario)


def test_doctests() -> None:
    assert doctest.testmod(socinv.scenarios.xlsx_offences).failed == 0
