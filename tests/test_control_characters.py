"""Text with a control character (a stray ``\\b`` from a copy-paste) is refused
where it is read, naming the file, line or field, before any output is written:
no workbook can store it and no page can show it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from socinv import scenario_from_dict
from socinv.cli.main import main
from socinv.errors import DataFileError, ScenarioError
from socinv.readers.text import decode
from support import MAIN_SCENARIO, ROOT, base_scenario


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("socinv: error: ") and err.count("\n") == 1, err
    return err


def test_a_yaml_escape_in_the_title_is_refused_naming_field_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = MAIN_SCENARIO.read_text(encoding="utf-8")
    lines = text.split("\n")
    i = next(k for k, ln in enumerate(lines) if ln.startswith("title:"))
    lines[i] = 'title: "Skolfam\\b"'
    bad = tmp_path / "bad.yaml"
    bad.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(bad), "--out", str(out), "--xlsx", "--no-sensitivity"]) == 2
    err = _one_line_error(capsys)
    assert "title" in err and "control character" in err and f"line {i + 1}" in err
    assert not out.exists()  # nothing written


def test_a_control_character_deep_in_a_scenario_names_its_path() -> None:
    data = base_scenario(
        status_quo={
            "episodes": [
                {
                    "id": "e",
                    "item": "hvb",
                    "quantity": 1,
                    "from_age": 10,
                    "to_age": 12,
                    "note": "ok\x0cnot ok",
                }
            ]
        }
    )
    with pytest.raises(
        ScenarioError,
        match=r"status_quo\.episodes\[0\]\.note: the text holds a control character \('\\x0c'\)",
    ):
        scenario_from_dict(data)


def test_tabs_and_line_breaks_stay_allowed() -> None:
    data = base_scenario(description="two lines\nand a\ttab\r\n")
    assert scenario_from_dict(data).description.startswith("two lines")


def test_a_local_csv_with_a_control_character_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = ROOT / "data" / "examples" / "local_costs.csv"
    rows = list(csv.reader(src.open(encoding="utf-8", newline="")))
    rows[1][1] += "\x08"
    local = tmp_path / "local.csv"
    with local.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    out = tmp_path / "out"
    args = ["report", str(MAIN_SCENARIO), "--local", str(local), "--out", str(out), "--xlsx"]
    assert main([*args, "--no-sensitivity"]) == 2
    err = _one_line_error(capsys)
    assert "local.csv, line 2" in err and "control character" in err
    assert not out.exists()


@pytest.mark.parametrize("char", ["\x01", "\x08", "\x0b", "\x1f"])
def test_decode_refuses_each_unshowable_character_with_its_line(char: str) -> None:
    with pytest.raises(DataFileError, match=r"f\.csv, line 3: the text holds a control"):
        decode(f"a\nb\nc{char}\n".encode(), "f.csv")
