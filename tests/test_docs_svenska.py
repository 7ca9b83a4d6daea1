"""Every command and Python block of docs/svenska_och_excel.md runs, in the
order written, in a scratch folder that sees the repository's data."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from socinv.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "svenska_och_excel.md"
BLOCK = re.compile(r"```(sh|python)\n(.*?)```", re.S)


def _blocks() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(DOC.read_text(encoding="utf-8"))]


def test_the_page_has_commands_and_code() -> None:
    kinds = [k for k, _ in _blocks()]
    assert kinds.count("sh") >= 3 and "python" in kinds
    assert (ROOT / "docs" / "img" / "report_sv.png").is_file()


def test_every_snippet_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").symlink_to(ROOT / "data")
    monkeypatch.chdir(tmp_path)
    ran = 0
    for kind, body in _blocks():
        if kind == "python":
            exec(compile(body, str(DOC), "exec"), {})
            ran += 1
            continue
        for line in body.splitlines():
            if line.startswith("socinv "):
                args = shlex.split(line)[1:]
                assert main(args) == 0, line
                ran += 1
    assert ran >= 8
    out = capsys.readouterr().out
    assert "samhället" in out
    assert (tmp_path / "out" / "rapport" / "foster_care_school_support.html").is_file()
    assert (tmp_path / "out" / "rapport" / "foster_care_school_support.xlsx").is_file()
    assert (tmp_path / "out" / "csv" / "summary.csv").read_bytes().startswith(b"\xef\xbb\xbf")
