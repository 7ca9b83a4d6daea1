"""Every ```python block of docs/uncertainty.md runs (each on its own, from the
repository root), and every `socinv ...` line of its console blocks exits 0."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from socinv.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "uncertainty.md"
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
PYTHON = [code for lang, code in BLOCKS if lang == "python"]
COMMANDS = [
    line.strip()
    for lang, code in BLOCKS
    if lang == "console"
    for line in code.splitlines()
    if line.strip().startswith("socinv ")
]


def test_the_doc_has_examples() -> None:
    assert len(PYTHON) >= 10 and len(COMMANDS) >= 4


@pytest.mark.parametrize("code", PYTHON, ids=[f"python{i}" for i in range(len(PYTHON))])
def test_python_block_runs(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, str(DOC), "exec"), {"__name__": "__docs__"})


@pytest.mark.parametrize("command", COMMANDS)
def test_command_runs(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(shlex.split(command)[1:]) == 0, capsys.readouterr()
