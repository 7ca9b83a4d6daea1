"""Bad input on the command line: exit 2 with one line naming what to fix,
never a traceback, never partial output; formula text neutralised; only web
links; file references kept inside their folder."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from socinv.cli.main import main
from socinv.writers import OutputFolder, neutralise, web_url
from support import MAIN_SCENARIO, ROOT, SMALL_CSV

CONTRACT = ROOT / "data" / "contracts" / "norrkoping_sib.yaml"
FUND = ROOT / "data" / "contracts" / "example_fund.yaml"


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("socinv: error: "), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["contract", str(CONTRACT), "--seed", "-1"], "--seed"),
        (["contract", str(CONTRACT), "--draws", "1e12"], "--draws"),
        (["contract", str(CONTRACT), "--draws", "1000000000000"], "--draws"),
        (["sensitivity", str(MAIN_SCENARIO), "--mc", "10", "--workers", "-3"], "--workers"),
        (["sensitivity", str(MAIN_SCENARIO), "--oneway", "--top", "-3"], "--top"),
        (["sensitivity", str(MAIN_SCENARIO), "--mc", str(10**12)], "--mc"),
        (["sensitivity", str(MAIN_SCENARIO), "--mc", "10", "--chunk-size", "0"], "--chunk-size"),
        (["catalogue", "--price-year", "0"], "--price-year"),
        (["run", str(MAIN_SCENARIO), "--price-year", "32025"], "--price-year"),
        (["run", str(MAIN_SCENARIO), "--rate", "nan"], "--rate"),
        (["report", str(MAIN_SCENARIO), "--out", "x", "--mc", "-1"], "--mc"),
        (["report", str(MAIN_SCENARIO), "--out", "x", "--seed", "-1"], "--seed"),
        (["run", "no-such-file.yaml"], "not found"),
    ],
)
def test_bad_options_exit_2_with_one_line(
    args: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert words in _one_line_error(capsys)


def test_several_problems_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "s.yaml"
    p.write_text(
        "name: x\nstart_age: -1\nhorizon_years: 0\nstart_year: 1\nprice_year: 1\n"
        "status_quo: {}\nintervention: {}\n",
        encoding="utf-8",
    )
    assert main(["run", str(p)]) == 2
    err = _one_line_error(capsys)
    assert "start_age" in err and "horizon_years" in err and "line 2" in err


def test_windows_1252_input_is_a_one_line_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = tmp_path / "s.yaml"
    text = MAIN_SCENARIO.read_text(encoding="utf-8").replace('title: "', 'title: "Åtgärd ', 1)
    p.write_bytes(text.encode("cp1252"))
    assert main(["run", str(p)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("socinv: warning: ") and "Windows-1252" in err
    assert err.count("\n") == 1


def test_missing_plot_extra_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as on a base install
    out = tmp_path / "out"
    assert main(["report", str(MAIN_SCENARIO), "--out", str(out), "--no-sensitivity"]) == 2
    err = _one_line_error(capsys)
    assert "pip install 'socinv[plot]'" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no staging folder left behind


def test_fund_failing_late_leaves_no_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """fund --xlsx --html used to leave its CSV files when a later step failed."""
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    out = tmp_path / "out"
    assert main(["fund", str(FUND), "--out", str(out), "--xlsx", "--html"]) == 2
    assert "socinv[excel]" in _one_line_error(capsys)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_report_too_large_for_excel_leaves_no_html(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socinv.report.sheets as sheets

    monkeypatch.setattr(sheets, "EXCEL_MAX_ROWS", 10)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("an earlier file", encoding="utf-8")
    args = ["report", str(MAIN_SCENARIO), "--out", str(out), "--xlsx", "--no-sensitivity"]
    assert main(args) == 2
    assert "do not fit in an Excel sheet" in _one_line_error(capsys)
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_output_folder_moves_files_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    with pytest.raises(RuntimeError), OutputFolder(target) as stage:
        (stage.dir / "x.csv").write_text("1\n", encoding="utf-8")
        raise RuntimeError("a later step failed")
    assert not (tmp_path / "a").exists()
    with OutputFolder(target) as stage:
        (stage.dir / "x.csv").write_text("1\n", encoding="utf-8")
    assert stage.written == [target / "x.csv"] and (target / "x.csv").read_text() == "1\n"


# --- injection ----------------------------------------------------------------------------
EVIL = '=HYPERLINK("http://evil.example","x")'
#: a present-value formula the scenario workbook writes itself
OWN_FORMULA = re.compile(
    r"=(?:SUMPRODUCT|SUM|Rate|'[\w ]+'!|\$?[A-Z]{1,3}\$?[0-9]+|[-+*/^(),.:0-9 ])+"
)
DDE = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("text", [EVIL, DDE, "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_neutralise_leaves_other_values() -> None:
    assert neutralise("Skolfam – 2024") == "Skolfam – 2024"
    assert neutralise(-12.5) == -12.5
    assert neutralise(None) is None


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.scb.se", True),
        ("http://x.se/a?b=1", True),
        ("javascript:alert(3)", False),
        ("JAVASCRIPT:alert(3)", False),
        (" javascript:alert(3)", False),
        ("data:text/html,<script>", False),
        ("file:///etc/passwd", False),
        ("//evil.example", False),
        ("", False),
    ],
)
def test_web_url(url: str, ok: bool) -> None:
    assert (web_url(url) is not None) is ok


def _evil_catalogue(tmp_path: Path) -> Path:
    evil_csv = tmp_path / "local.csv"
    header, first, *rest = SMALL_CSV.splitlines()
    header += ",url"
    rows = [first.replace("HVB-dygn", DDE.replace("'", "")) + ",javascript:alert(3)"]
    rows += [r + "," for r in rest]
    evil_csv.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return evil_csv


def _evil_scenario(tmp_path: Path) -> Path:
    sc = tmp_path / "s.yaml"
    sc.write_text(
        f"name: evil\ntitle: '{EVIL} $\\\\foo$ 100$'\nstart_age: 10\nhorizon_years: 5\n"
        "start_year: 2025\nprice_year: 2024\ncatalogue: {extra: [local.csv]}\n"
        "status_quo:\n  label: '@SUM(A1)'\n  episodes:\n"
        "    - {id: e, item: hvb, quantity: 10, from_age: 10, to_age: 12}\n"
        "intervention:\n  effects: [{id: f, episode: e, relative_risk: 0.5}]\n"
        "  costs: [{id: c, amount_sek: 1000, payer: municipality, price_year: 2024, "
        "from_age: 10, to_age: 10}]\n",
        encoding="utf-8",
    )
    return sc


def test_no_live_formulas_in_csv_or_workbook_and_no_script_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _evil_catalogue(tmp_path)
    sc = _evil_scenario(tmp_path)
    out = tmp_path / "out"
    assert main(["run", str(sc), "--out", str(out)]) == 0
    for csv_file in out.glob("*.csv"):
        df = pd.read_csv(csv_file, dtype=str, keep_default_na=False)
        cells = [*df.columns, *df.to_numpy().ravel().tolist()]
        assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))], csv_file
    used = pd.read_csv(out / "unit_costs.csv", dtype=str)
    assert used.loc[used["id"] == "hvb", "name_sv"].iloc[0].startswith("'=cmd")

    rep = tmp_path / "rep"
    assert main(["report", str(sc), "--out", str(rep), "--xlsx", "--no-sensitivity"]) == 0
    html = (rep / "evil.html").read_text(encoding="utf-8")
    assert 'href="javascript' not in html.lower()
    import openpyxl

    wb = openpyxl.load_workbook(rep / "evil.xlsx")
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                # the only formulas are the workbook's own present values: cell
                # references (on its payer sheets), the named rate cell,
                # SUM/SUMPRODUCT and arithmetic; never text from the inputs
                if cell.data_type == "f":
                    assert OWN_FORMULA.fullmatch(str(cell.value)), (ws.title, cell.coordinate)
                texts.append(str(cell.value))
    assert any(t.startswith("'=cmd") for t in texts)  # the item name, as text
    from socinv.report.html import _link

    assert _link("javascript:alert(3)", "SCB") == "SCB"
    assert _link("https://www.scb.se", "SCB") == '<a href="https://www.scb.se">SCB</a>'


# --- file references ---------------------------------------------------------------------
FUND_TEXT = """\
name: f
payer: municipality
start_year: 2025
end_year: 2040
price_year: 2024
initial_capital_sek: 1000000
projects:
  - id: p
    scenario: {ref}
    start_year: 2025
    repayment:
      - type: measured_savings
        share: 1.0
        installments:
          - {{years_after_end: 2, share: 1.0}}
"""


def test_fund_scenario_outside_its_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inner = tmp_path / "funds"
    inner.mkdir()
    shutil.copy(MAIN_SCENARIO, tmp_path / "outside.yaml")
    (inner / "f.yaml").write_text(FUND_TEXT.format(ref="../outside.yaml"), encoding="utf-8")
    assert main(["fund", str(inner / "f.yaml")]) == 2
    assert "must be inside" in _one_line_error(capsys)
    (inner / "g.yaml").write_text(FUND_TEXT.format(ref="/etc/passwd"), encoding="utf-8")
    assert main(["fund", str(inner / "g.yaml")]) == 2
    assert "must be inside" in _one_line_error(capsys)
    # an explicit root lets it in
    code = main(["fund", str(inner / "f.yaml"), "--root", str(tmp_path)])
    capsys.readouterr()
    assert code in (0, 2)  # the scenario is read (the fund's own rules may still object)


def test_fund_risk_and_followup_keep_the_scenario_inside_the_fund_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`fund --mc` and `followup --fund` read the projects' scenarios under the
    same rule as `fund`: inside the fund file's folder unless --root says otherwise."""
    inner = tmp_path / "funds"
    inner.mkdir()
    shutil.copy(MAIN_SCENARIO, tmp_path / "outside.yaml")
    fund = inner / "f.yaml"
    fund.write_text(FUND_TEXT.format(ref="../outside.yaml"), encoding="utf-8")
    from socinv.errors import SocinvError
    from socinv.fund.montecarlo import fund_monte_carlo

    with pytest.raises(SocinvError, match="must be inside"):
        fund_monte_carlo(fund, 2, seed=1)
    outcomes = ROOT / "data" / "followup" / "foster_care_followup_example.csv"
    args = ["followup", str(MAIN_SCENARIO), str(outcomes), "--fund", str(fund), "--project", "p"]
    assert main(args) == 2
    assert "must be inside" in _one_line_error(capsys)


def test_contract_scenario_outside_its_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inner = tmp_path / "c"
    inner.mkdir()
    text = CONTRACT.read_text(encoding="utf-8").replace(
        "scenario: norrkoping_hvb_scenario.yaml", "scenario: ../secret.yaml"
    )
    (inner / "k.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "secret.yaml").write_text("token: s3cr3t-t0ken\n", encoding="utf-8")
    assert main(["contract", str(inner / "k.yaml"), "--base-only"]) == 2
    err = _one_line_error(capsys)
    assert "must be inside" in err and "s3cr3t" not in err


@pytest.mark.parametrize(
    "secret",
    [
        "name: s3cr3t-t0ken\n",
        "name: ok\nstart_age: s3cr3t-t0ken\n",
        "s3cr3t-t0ken: 1\n",
        "name: [s3cr3t-t0ken\n",
        "name: ok\nname: s3cr3t-t0ken\n",
        "name: 's3cr3t t0ken'\nstart_age: 1\nhorizon_years: 1\nstart_year: 2025\nprice_year: 2024\nstatus_quo: {}\nintervention: {}\n",
    ],
)
def test_errors_never_echo_a_referenced_file(
    tmp_path: Path, secret: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ref.yaml").write_text(secret, encoding="utf-8")
    (tmp_path / "f.yaml").write_text(FUND_TEXT.format(ref="ref.yaml"), encoding="utf-8")
    assert main(["fund", str(tmp_path / "f.yaml")]) == 2
    err = _one_line_error(capsys)
    assert "s3cr3t" not in err and "t0ken" not in err
    assert "ref.yaml" in err


def test_nul_characters_in_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Found by the command-line fuzz test: `--root '\\x00'` gave a traceback."""
    assert main(["contract", str(CONTRACT), "--base-only", "--root", "\x00"]) == 2
    assert "NUL" in _one_line_error(capsys)
    assert main(["run", "a\x00.yaml"]) == 2
    assert "NUL" in _one_line_error(capsys)
    (tmp_path / "f.yaml").write_text(FUND_TEXT.format(ref='"a\\0b.yaml"'), encoding="utf-8")
    assert main(["fund", str(tmp_path / "f.yaml")]) == 2
    assert "NUL" in _one_line_error(capsys)
