"""The one reading layer: limits, encodings, CSV dialects and messages that
name the file, the line and the id of the item at fault."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml

from socinv import load_catalogue, load_cpi, load_parameters, load_scenario
from socinv.contracts.models import load_contract
from socinv.errors import DataFileError, InputWarning, ScenarioError
from socinv.fund.models import FundError, load_fund
from socinv.readers import CSV_FIELD_LIMIT, MAX_NESTING, parse_yaml, read_csv
from support import MAIN_SCENARIO, SMALL_CSV, base_scenario

ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    assert len(ALIAS_BOMB.encode()) < 1024
    p = tmp_path / "bomb.yaml"
    p.write_text(ALIAS_BOMB, encoding="utf-8")
    t0 = time.perf_counter()
    with pytest.raises(ScenarioError, match=r"bomb\.yaml, line \d+: .*values once its aliases"):
        load_scenario(p)
    assert time.perf_counter() - t0 < 0.5


def test_alias_bomb_in_fund_and_contract(tmp_path: Path) -> None:
    p = tmp_path / "bomb.yaml"
    p.write_text(ALIAS_BOMB, encoding="utf-8")
    with pytest.raises(FundError, match="aliases"):
        load_fund(p)
    with pytest.raises(Exception, match="aliases") as exc:
        load_contract(p)
    assert type(exc.value).__name__ == "ContractError"


def test_small_aliases_still_work() -> None:
    doc = parse_yaml("t: &t {quantity: 5}\ne:\n  <<: *t\n  to_age: 3\n")
    assert doc.data["e"] == {"quantity": 5, "to_age": 3}


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 1000, 100_000])
def test_deep_nesting_is_refused(tmp_path: Path, depth: int) -> None:
    y = tmp_path / "deep.yaml"
    y.write_text("a: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=f"nested more than {MAX_NESTING} levels"):
        load_scenario(y)
    j = tmp_path / "deep.json"
    j.write_text('{"a": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    with pytest.raises(ScenarioError, match=f"nested more than {MAX_NESTING} levels"):
        load_scenario(j)


def test_block_nesting_is_refused(tmp_path: Path) -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(1000))
    p = tmp_path / "deep.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="nested more than"):
        load_scenario(p)


def test_error_names_line_and_episode_id(tmp_path: Path) -> None:
    data = base_scenario(
        status_quo={
            "episodes": [
                {"id": "ok", "item": "hvb", "quantity": 1, "from_age": 10, "to_age": 12},
                {"id": "bad_one", "item": "hvb", "quantity": -5, "from_age": 10, "to_age": 12},
            ]
        }
    )
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    lines = p.read_text(encoding="utf-8").splitlines()
    want = next(i for i, t in enumerate(lines, 1) if "quantity: -5" in t)
    with pytest.raises(ScenarioError) as exc:
        load_scenario(p)
    msg = str(exc.value)
    assert "status_quo.episodes[1].quantity" in msg
    assert f"line {want}" in msg
    assert "episode 'bad_one'" in msg
    # JSON gets lines too
    j = tmp_path / "s.json"
    j.write_text(json.dumps(data, indent=2), encoding="utf-8")
    jl = j.read_text(encoding="utf-8").splitlines()
    jwant = next(i for i, t in enumerate(jl, 1) if '"quantity": -5' in t)
    with pytest.raises(ScenarioError, match=f"line {jwant}, episode 'bad_one'"):
        load_scenario(j)


def test_effect_error_names_effect_id(tmp_path: Path) -> None:
    text = MAIN_SCENARIO.read_text(encoding="utf-8")
    import re

    bad = re.sub(r"relative_risk: [0-9.]+", "relative_risk: -1", text, count=1)
    p = tmp_path / "s.yaml"
    p.write_text(bad, encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"effect '\w+'"):
        load_scenario(p)


# --- encodings --------------------------------------------------------------------------
def test_windows_1252_scenario_is_read_with_a_warning(tmp_path: Path) -> None:
    text = MAIN_SCENARIO.read_text(encoding="utf-8").replace(
        'title: "', 'title: "Skolstöd för åk 9 – ', 1
    )
    p = tmp_path / "s.yaml"
    p.write_bytes(text.encode("cp1252"))
    with pytest.warns(InputWarning, match="Windows-1252"):
        sc = load_scenario(p)
    assert "Skolstöd för åk 9 –" in sc.title


def test_windows_1252_csv_is_read_with_a_warning(tmp_path: Path) -> None:
    p = tmp_path / "c.csv"
    p.write_bytes(SMALL_CSV.encode("cp1252"))
    with pytest.warns(InputWarning, match="Windows-1252"):
        cat = load_catalogue(p)
    assert cat["bistand"].name_sv == "Ekonomiskt bistånd"


def test_utf8_with_bom(tmp_path: Path) -> None:
    p = tmp_path / "s.yaml"
    p.write_bytes(b"\xef\xbb\xbf" + MAIN_SCENARIO.read_bytes())
    assert load_scenario(p).name


@pytest.mark.parametrize(
    "data",
    [
        "name: x\n".encode("utf-16"),
        b"name: x\n\x00\x00",
        b"name: \x81\x8d x\n",  # bytes no text encoding of ours has
    ],
)
def test_undecodable_files_name_the_encoding_to_use(tmp_path: Path, data: bytes) -> None:
    p = tmp_path / "s.yaml"
    p.write_bytes(data)
    with pytest.raises(ScenarioError, match=r"save (it|the file) as UTF-8"):
        load_scenario(p)
    c = tmp_path / "c.csv"
    c.write_bytes(data)
    with pytest.raises(DataFileError, match="UTF-8"):
        load_catalogue(c)
    with pytest.raises(DataFileError, match="UTF-8"):
        load_cpi(c)
    with pytest.raises(DataFileError, match="UTF-8"):
        load_parameters(c)


def test_too_large_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socinv.readers.text as r

    monkeypatch.setattr(r, "MAX_FILE_BYTES", 100)
    p = tmp_path / "s.yaml"
    p.write_text("name: x\n" * 50, encoding="utf-8")
    with pytest.raises(ScenarioError, match="the limit is"):
        load_scenario(p)


# --- CSV dialects -------------------------------------------------------------------------
def test_semicolon_csv_is_read(tmp_path: Path) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(SMALL_CSV)))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    p = tmp_path / "c.csv"
    p.write_text(out.getvalue(), encoding="utf-8")
    cat = load_catalogue(p)
    assert cat["sis"].value_sek == 12000


def test_decimal_comma_gets_a_hint(tmp_path: Path) -> None:
    text = SMALL_CSV.replace(",", ";").replace("4000;dygn", "4000,5;dygn")
    p = tmp_path / "c.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(
        DataFileError, match=r"line 2, column 'value_sek'.*decimal comma; write 4000\.5"
    ):
        load_catalogue(p)
    cpi = tmp_path / "k.csv"
    cpi.write_text("year;kpi_1980_100\n2020;335,1\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 2.*write 335\.1"):
        load_cpi(cpi)


def test_comma_csv_with_decimal_comma_gets_a_hint(tmp_path: Path) -> None:
    p = tmp_path / "k.csv"
    p.write_text("year,kpi_1980_100\n2020,335,1\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 2: row has 3 fields.*decimal comma"):
        load_cpi(p)


def test_long_field_up_to_the_cap(tmp_path: Path) -> None:
    long_note = "x" * 200_000  # over Python's default 128 KiB, under the cap
    header, first, *_ = SMALL_CSV.splitlines()
    p = tmp_path / "c.csv"
    p.write_text("\n".join([header + ",note", first + f",{long_note}"]) + "\n", encoding="utf-8")
    assert load_catalogue(p)["hvb"].note == long_note
    p.write_text(
        "\n".join([header + ",note", first + ',"' + "x" * (CSV_FIELD_LIMIT + 5)]) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"line 2: .*longer than 1,048,576 characters"):
        load_catalogue(p)


def test_line_numbers_count_multiline_fields(tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_text('a,b\n1,"two\nlines"\n\n3,x\n', encoding="utf-8")
    t = read_csv(p, what="test")
    assert [line for line, _ in t] == [2, 5]


# --- parameters ----------------------------------------------------------------------------
PARAMS = "id,value,unit,year,source\nr,{v},share,2024,test\n"


def test_parameters_are_not_cached_stale(tmp_path: Path) -> None:
    p = tmp_path / "p.csv"
    p.write_text(PARAMS.format(v="0.1"), encoding="utf-8")
    assert load_parameters(p)["r"].value == 0.1
    p.write_text(PARAMS.format(v="0.2"), encoding="utf-8")
    assert load_parameters(p)["r"].value == 0.2


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "NaN"])
def test_parameters_refuse_nan_and_inf(tmp_path: Path, bad: str) -> None:
    p = tmp_path / "p.csv"
    p.write_text(PARAMS.format(v=bad), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 2, column 'value': expected a finite number"):
        load_parameters(p)


def test_whole_file_check_gets_the_line_of_the_item(tmp_path: Path) -> None:
    p = tmp_path / "s.yaml"
    p.write_text(
        "name: x\nstart_age: 10\nhorizon_years: 5\nstart_year: 2025\nprice_year: 2024\n"
        "status_quo:\n  episodes:\n    - {id: a, item: hvb, quantity: 1, from_age: 10, to_age: 12}\n"
        "intervention:\n  effects:\n    - {id: f1, episode: a}\n    - {id: f2, episode: zz}\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ScenarioError, match=r"\(f2\)\.episode 'zz' is not a status-quo episode.*\(line 12\)"
    ):
        load_scenario(p)


def test_csv_comments_exact_rows_and_the_header_first(tmp_path: Path) -> None:
    """Comment lines are skipped with the file's line numbers kept; ``exact``
    refuses a short row; ``on_header`` sees the header before any row."""
    p = tmp_path / "c.csv"
    p.write_text("# a note\nyear;n\n# another\n2020;1\n2021\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 5: row has 1 fields, header has 2"):
        read_csv(p, what="test", comment="#", exact=True)
    t = read_csv(p, what="test", comment="#")
    assert t.header == ["year", "n"] and t.delimiter == ";"
    assert [line for line, _ in t.rows] == [4, 5]

    def refuse(header: list[str]) -> None:
        raise DataFileError(p, f"bad header {header}")

    with pytest.raises(DataFileError, match="bad header"):
        read_csv(p, what="test", comment="#", exact=True, on_header=refuse)
