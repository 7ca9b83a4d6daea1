"""``socinv run`` prints from plain records, without pandas: the records are
the DataFrames' rows, and the printed text is byte for byte what the
DataFrame tables give."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import socinv
from socinv.cli import run_cmd
from socinv.scenarios.alternatives import compare_alternatives
from socinv.scenarios.comparison import Comparison
from socinv.scenarios.exclusion import arm_weights, exclusion_rows
from support import MAIN_SCENARIO, ROOT

SCENARIOS = sorted((ROOT / "data" / "scenarios").glob("*.yaml")) + sorted(
    (ROOT / "data" / "scenarios" / "cases").glob("*.yaml")
)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if a is None or b is None:
        return (a is None or (isinstance(a, float) and math.isnan(a))) and (
            b is None or (isinstance(b, float) and math.isnan(b))
        )
    return bool(a == b)


def _frame_exclusion(cmp: Comparison) -> list[dict[str, Any]]:
    """The cost of exclusion as it was computed from the streams table
    (group-by over the tidy streams): the slow reference."""
    s = cmp.streams()
    s = s[s["component"] == "episode"]
    sign = s["arm"].map(arm_weights(cmp))
    s = s.assign(cost_sek=s["cost_sek"] * sign, cost_disc_sek=s["cost_disc_sek"] * sign)
    out = s.groupby(["payer", "kind"], as_index=False)[["cost_sek", "cost_disc_sek"]].sum()
    out = out[(out["cost_sek"].abs() > 0) | (out["cost_disc_sek"].abs() > 0)]
    records: list[dict[str, Any]] = out.reset_index(drop=True).to_dict("records")
    return records


def _comparisons(path: Path) -> list[Comparison]:
    """The file's comparison, or each intervention's for a file with several."""
    if "interventions:" in path.read_text(encoding="utf-8"):
        return list(compare_alternatives(path).comparisons.values())
    return [socinv.compare(path)]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_records_are_the_tables_rows(path: Path) -> None:
    for cmp in _comparisons(path):
        _check_records(cmp)


def _check_records(cmp: Comparison) -> None:
    frame = cmp.summary().reset_index().to_dict("records")
    assert len(frame) == len(cmp.summary_rows)
    for row, rec in zip(frame, cmp.summary_rows, strict=True):
        assert list(row) == list(rec)
        assert all(_same(row[k], rec[k]) for k in row), (row, rec)
    payers = cmp.who_invests_who_gains().reset_index().to_dict("records")
    assert payers == list(cmp.payer_rows)
    ref = _frame_exclusion(cmp)
    rows = exclusion_rows(cmp)
    assert [(r["payer"], r["kind"]) for r in ref] == [(r["payer"], r["kind"]) for r in rows]
    for r, x in zip(ref, rows, strict=True):
        for col in ("cost_sek", "cost_disc_sek"):
            assert x[col] == pytest.approx(r[col], rel=1e-12, abs=1e-6)
    table = cmp.cost_of_exclusion()
    assert list(table.columns) == ["payer", "kind", "cost_sek", "cost_disc_sek"]
    assert table.to_dict("records") == list(rows)


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_printed_text_is_that_of_the_tables(
    path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text from the records equals, byte for byte, the text printed when
    every table is read from its DataFrame (summary, payers, cost of
    exclusion by group-by over the streams)."""
    for light_cmp, cmp in zip(_comparisons(path), _comparisons(path), strict=True):
        _check_printed(light_cmp, cmp, lang, monkeypatch)


def _check_printed(
    light_cmp: Comparison, cmp: Comparison, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    light = run_cmd.report_text(light_cmp, lang)
    cmp.__dict__["summary_rows"] = tuple(cmp.summary().reset_index().to_dict("records"))
    cmp.__dict__["payer_rows"] = tuple(cmp.who_invests_who_gains().reset_index().to_dict("records"))
    monkeypatch.setattr(run_cmd, "exclusion_rows", _frame_exclusion)
    heavy = run_cmd.report_text(cmp, lang)
    assert light == heavy


def test_run_does_not_import_pandas(tmp_path: Path) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from socinv.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main(['run', {str(MAIN_SCENARIO)!r}])\n"
        "assert code == 0 and 'NPV' in out.getvalue()\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pandas', 'scipy', 'xarray', 'jinja2', 'openpyxl', 'matplotlib'})\n"
        "print(','.join(heavy))\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert res.stdout.strip() == ""


def test_import_does_no_heavy_work() -> None:
    code = (
        "import sys, socinv\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pandas', 'scipy', 'xarray', 'jinja2', 'openpyxl', 'matplotlib', 'babel'})\n"
        "print(','.join(heavy))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == ""


def test_written_tables_unchanged(tmp_path: Path) -> None:
    cmp = socinv.compare(MAIN_SCENARIO)
    paths = run_cmd.write_outputs(cmp, tmp_path)
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert {p.name for p in paths} >= {"summary.csv", "payers.csv"}
    assert summary["npv"].tolist() == pytest.approx(cmp.summary()["npv"].tolist())
