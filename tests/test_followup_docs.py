"""Every command and snippet of docs/followup.md runs, and the figures the page
quotes are the ones socinv prints."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from socinv.cli.main import main
from support import ROOT

DOC = ROOT / "docs" / "followup.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def _workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in a scratch folder that sees the repository's data (outputs stay out
    of the repository)."""
    (tmp_path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    monkeypatch.chdir(tmp_path)


def test_python_snippets_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _workdir(tmp_path, monkeypatch)
    blocks = _blocks("python")
    assert len(blocks) >= 3
    for code in blocks:
        exec(compile(code, str(DOC), "exec"), {})


def test_commands_run_and_quoted_figures_are_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _workdir(tmp_path, monkeypatch)
    commands = [ln for b in _blocks("bash") for ln in b.splitlines() if ln.startswith("socinv ")]
    assert len(commands) >= 2
    printed = ""
    for cmd in commands:
        assert main(shlex.split(cmd)[1:]) == 0, cmd
        printed += capsys.readouterr().out
    quoted = [ln for b in _blocks("text") for ln in b.splitlines() if re.search(r"\d", ln)]
    norm = {" ".join(x.split()) for x in printed.splitlines()}
    for line in quoted:
        assert " ".join(line.split()) in norm, line
    assert (tmp_path / "results" / "followup_report" / "norrkoping_hvb.html").is_file()
