"""The command line end to end on the shipped scenario."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from socinv import compare
from socinv.cli.main import main
from support import MAIN_SCENARIO


def test_run_prints_per_payer_summary_and_writes_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["run", str(MAIN_SCENARIO), "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert (
        "SEK in 2024 prices; discounted at 3.5 % (end-of-year; intervention costs at the start "
        "of the year) to 2025"
    ) in out
    for payer in ("municipality", "region", "state", "individual", "society"):
        assert payer in out
    # payers that invest nothing and only gain are "never behind"; untouched ones "—"
    rows: dict[str, str] = {}
    for line in out.splitlines():  # first table: the per-perspective summary
        if line[:1].isalpha():
            rows.setdefault(line.split()[0], line)
    assert rows["region"].rstrip().endswith("never behind")
    assert rows["other"].rstrip().endswith("—")
    assert "(age" in rows["society"]
    api = compare(MAIN_SCENARIO)
    streams = pd.read_csv(tmp_path / "streams.csv")
    sq = streams[streams.arm == "status_quo"].groupby("payer").cost_disc_sek.sum()
    assert sq["municipality"] == pytest.approx(
        api.metric("cost_status_quo_disc", "municipality"), rel=1e-9
    )
    summary = pd.read_csv(tmp_path / "summary.csv").set_index("perspective")
    assert summary.loc["society", "npv"] == pytest.approx(api.npv("society"), rel=1e-12)
    uc = pd.read_csv(tmp_path / "unit_costs.csv")
    assert set(uc.id) >= {"familjehem_manad", "fangelse_dygn"}
    assert uc.source.notna().all()
    for name in ("yearly.csv", "payers.csv"):
        assert (tmp_path / name).is_file()
    # the printed society NPV is the API's, rounded to whole SEK with comma separators
    npv = f"{api.npv('society'):,.0f}"
    assert npv in out


def test_run_price_year_and_rate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(MAIN_SCENARIO), "--price-year", "2020", "--rate", "0.03"]) == 0
    out = capsys.readouterr().out
    assert "SEK in 2020 prices; discounted at 3 %" in out
    api = compare(MAIN_SCENARIO, price_year=2020, rate=0.03)
    assert f"{api.npv('society'):,.0f}" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "missing.yaml"], "scenario file not found"),
        (["run", str(MAIN_SCENARIO), "--price-year", "2030"], "no CPI (KPI) value for 2030"),
        (["catalogue", "--local", "nope.csv"], "file not found"),
        (["run", str(MAIN_SCENARIO), "--rate", "2"], "argument --rate: must be at least -0.5"),
        (
            ["catalogue", "--csv", "/nonexistent-socinv-folder/items.csv"],
            "non-existent directory",
        ),
    ],
)
def test_errors_exit_2_with_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("socinv: error: ")
    assert message in err


def test_bad_scenario_names_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    text = MAIN_SCENARIO.read_text(encoding="utf-8").replace(
        "probability: 0.14", "probability: 1.4"
    )
    bad.write_text(text, encoding="utf-8")
    assert main(["run", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "status_quo.episodes[2].probability" in err and str(bad) in err


def test_catalogue_search_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_csv = tmp_path / "c.csv"
    assert (
        main(["catalogue", "--search", "fängelse", "--price-year", "2024", "--csv", str(out_csv)])
        == 0
    )
    out = capsys.readouterr().out
    assert "fangelse_dygn" in out and "2024 (from 2023)" in out
    df = pd.read_csv(out_csv)
    assert (df.price_year == 2024).all() and df.url.notna().any()
    # an item priced 2025 is rebased with the CPI's 2025 value
    assert main(["catalogue", "--search", "hvb_barn_dygn", "--price-year", "2024"]) == 0
    assert "2024 (from 2025)" in capsys.readouterr().out
    # an item whose price year the CPI lacks is listed as published, and said so
    local = tmp_path / "local.csv"
    local.write_text(
        "id,name_sv,value_sek,unit,price_year,payer,kind,source,evidence,grade\n"
        "lokal_2026,Lokal hvb,1,dygn,2026,municipality,resource,s,local,D\n",
        encoding="utf-8",
    )
    args = ["catalogue", "--search", "lokal_2026", "--price-year", "2024", "--local", str(local)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "2026 (not rebased)" in out and "Not rebased to 2024" in out
    assert main(["catalogue", "--search", "zzzz-no-such-thing"]) == 1


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "socinv scenario"


def test_console_script_entry_point() -> None:
    res = subprocess.run(
        [sys.executable, "-m", "socinv.cli.main", "run", str(MAIN_SCENARIO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert "Who invests, who gains" in res.stdout


def test_run_in_swedish_writes_swedish_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--lang sv: Swedish table words and numbers; CSV with ';', decimal comma and BOM
    that reads back to the same numbers."""
    assert main(["run", str(MAIN_SCENARIO), "--lang", "sv", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    api = compare(MAIN_SCENARIO)
    assert "kronor i 2024 års priser; diskonterat med 3,5\u00a0%" in out
    assert "samhället" in out and "kommun" in out and "Nettonuvärde" in out
    assert f"{round(api.npv('society')):,}".replace(",", "\u00a0") in out
    raw = (tmp_path / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0]
    summary = pd.read_csv(tmp_path / "summary.csv", sep=";", decimal=",", encoding="utf-8-sig")
    society = summary.set_index("perspective").loc["society", "npv"]
    assert society == pytest.approx(api.npv("society"), rel=1e-12)


def test_bad_input_message_in_swedish(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "missing.yaml", "--lang", "sv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("socinv: fel: ") and "missing.yaml" in err
