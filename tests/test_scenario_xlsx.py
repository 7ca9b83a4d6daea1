"""Scenario workbooks: the template round-trips every shipped scenario, the
reader's errors name sheet, row and column, text never becomes a formula, and
every command that takes a scenario reads a workbook."""

from __future__ import annotations

import doctest
from pathlib import Path
from typing import Any

import pytest

import socinv.scenarios.xlsx
from socinv import compare
from socinv.cli.main import main
from socinv.errors import ScenarioError
from socinv.scenarios.io import load_scenario
from socinv.scenarios.xlsx import WorkbookError, read_scenario_xlsx, write_scenario_xlsx

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "data" / "scenarios").rglob("*.yaml"))
MAIN = ROOT / "data" / "scenarios" / "foster_care_school_support.yaml"


def test_there_are_shipped_scenarios() -> None:
    assert len(SHIPPED) >= 8


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_round_trip_of_every_shipped_scenario(path: Path, lang: str, tmp_path: Path) -> None:
    sc = load_scenario(path)
    xlsx = write_scenario_xlsx(sc, tmp_path / f"{path.stem}.xlsx", lang=lang)
    assert read_scenario_xlsx(xlsx) == sc


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_shipped_example_workbooks_hold_the_main_scenario(lang: str) -> None:
    """The workbooks the docs run (data/examples/) are the template of the
    main scenario: reading one gives the scenario file's scenario."""
    shipped = ROOT / "data" / "examples" / f"{MAIN.stem}_{lang}.xlsx"
    assert read_scenario_xlsx(shipped) == load_scenario(MAIN)


def test_run_reads_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = tmp_path / "s.xlsx"
    assert main(["template", str(xlsx), "--from", str(MAIN), "--lang", "sv"]) == 0
    assert main(["run", str(xlsx)]) == 0
    out = capsys.readouterr().out
    assert f"{compare(MAIN).npv('society'):,.0f}" in out
    assert compare(xlsx).npv("society") == pytest.approx(compare(MAIN).npv("society"), rel=1e-12)
    assert main(["params", str(xlsx)]) == 0
    assert main(["report", str(xlsx), "--out", str(tmp_path / "r"), "--no-sensitivity"]) == 0


def test_template_offers_catalogue_items_in_a_drop_down(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from socinv.unitcosts import load_catalogue

    path = write_scenario_xlsx(None, tmp_path / "t.xlsx", lang="sv")
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["Instruktioner", "Inställningar"]
    lists = wb["Listor"]
    assert lists.sheet_state == "hidden"
    ids = [c.value for c in lists["A"][1:]]
    assert ids == sorted(it.id for it in load_catalogue())
    ws = wb["Nulägets episoder"]
    header = [c.value for c in ws[1]]
    assert header[1] == "Katalogpost (item)"
    rules = ws.data_validations.dataValidation
    items = [dv for dv in rules if "Listor" in str(dv.formula1)]
    assert items and "B2:B200" in str(items[0].sqref)


def _edit(path: Path, sheet: str, cell: str, value: object) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def test_errors_name_sheet_row_and_column(tmp_path: Path) -> None:
    path = write_scenario_xlsx(load_scenario(MAIN), tmp_path / "s.xlsx")
    _edit(path, "Status quo episodes", "D4", 1.7)  # probability of the third episode
    with pytest.raises(WorkbookError) as err:
        read_scenario_xlsx(path)
    msg = str(err.value)
    assert "sheet 'Status quo episodes', row 4, column D" in msg
    assert "probability" in msg and "1.7" in msg
    assert (err.value.sheet, err.value.row, err.value.column) == ("Status quo episodes", 4, "D")
    assert isinstance(err.value, ScenarioError)


def test_unknown_item_and_bad_setting_are_located(tmp_path: Path) -> None:
    path = write_scenario_xlsx(load_scenario(MAIN), tmp_path / "s.xlsx", lang="sv")
    _edit(path, "Inställningar", "B5", "tjugo")  # horizon_years
    with pytest.raises(WorkbookError, match=r"sheet 'Inställningar', row 5, column B"):
        read_scenario_xlsx(path)
    path = write_scenario_xlsx(load_scenario(MAIN), tmp_path / "t.xlsx")
    _edit(path, "Effects", "Z1", "Colour (colour)")
    with pytest.raises(WorkbookError, match=r"sheet 'Effects', column Z: unknown column"):
        read_scenario_xlsx(path)


def test_cli_reports_a_bad_workbook_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_scenario_xlsx(load_scenario(MAIN), tmp_path / "s.xlsx")
    _edit(path, "Status quo episodes", "E2", -3)  # from_age
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert "sheet 'Status quo episodes', row 2, column E" in err
    assert "Traceback" not in err


def test_text_is_never_written_as_a_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sc = load_scenario(MAIN)
    sc = sc.model_copy(update={"title": "=1+1", "description": '=HYPERLINK("x")'})
    path = write_scenario_xlsx(sc, tmp_path / "s.xlsx")
    ws = load_workbook(path)["Settings"]
    cells = [r[1] for r in ws.iter_rows(min_row=2) if r[0].value in ("title", "description")]
    assert all(c.data_type == "s" for c in cells)
    back = read_scenario_xlsx(path)
    assert back.title == "=1+1" and back.description == sc.description


def test_not_a_workbook(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ScenarioError, match=r"not a readable \.xlsx"):
        load_scenario(bad)


def test_doctests() -> None:
    assert doctest.testmod(socinv.scenarios.xlsx).failed == 0


def test_round_trip_of_several_interventions(tmp_path: Path) -> None:
    """``interventions:`` travels as JSON text in the settings sheet, so a
    file with several alternatives reads back unchanged and compares the same."""
    from socinv.scenarios.alternatives import compare_alternatives
    from socinv.scenarios.models import Scenario

    def alternative(aid: str, amount: float, rr: float) -> dict[str, Any]:
        cost = {"id": "c", "amount_sek": amount, "price_year": 2024, "payer": "municipality"}
        return {
            "id": aid,
            "costs": [{**cost, "from_age": 16, "to_age": 16}],
            "effects": [{"id": "e", "episode": "bup", "relative_risk": rr}],
        }

    bup = {"id": "bup", "item": "bup_besok", "quantity": 4, "from_age": 16, "to_age": 20}
    sc = Scenario.model_validate(
        {
            "name": "alternatives",
            "start_age": 16,
            "horizon_years": 10,
            "start_year": 2025,
            "price_year": 2024,
            "status_quo": {"episodes": [bup]},
            "interventions": [alternative("coach", 20000, 0.7), alternative("cheap", 5000, 0.9)],
        }
    )
    xlsx = write_scenario_xlsx(sc, tmp_path / "alts.xlsx", lang="sv")
    back = read_scenario_xlsx(xlsx)
    assert back == sc
    assert [a.id for a in back.interventions] == ["coach", "cheap"]
    r1 = compare_alternatives(sc).ranking()
    r2 = compare_alternatives(back).ranking()
    assert r1["npv"].to_dict() == r2["npv"].to_dict()
