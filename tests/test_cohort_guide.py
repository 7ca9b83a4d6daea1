"""Every code block of docs/cohort_cost_of_exclusion.md runs: python blocks
are executed, `socinv ...` lines are run through the CLI."""

from __future__ import annotations

import shlex

import pytest

from socinv.cli.main import main
from support import ROOT

GUIDE = ROOT / "docs" / "cohort_cost_of_exclusion.md"


def _blocks(text: str) -> list[tuple[str, str]]:
    """(language, code) of every fenced block, in order."""
    out: list[tuple[str, str]] = []
    lang: str | None = None
    body: list[str] = []
    for line in text.splitlines():
        if line.startswith("```"):
            if lang is None:
                lang, body = line[3:].strip(), []
            else:
                out.append((lang, "\n".join(body) + "\n"))
                lang = None
        elif lang is not None:
            body.append(line)
    return out


BLOCKS = _blocks(GUIDE.read_text(encoding="utf-8"))
PYTHON = [code for lang, code in BLOCKS if lang == "python"]
SHELL = [
    line.strip()
    for lang, code in BLOCKS
    if lang == ""
    for line in code.splitlines()
    if line.strip().startswith("socinv ")
]


@pytest.mark.parametrize("code", PYTHON)
def test_python_blocks_run(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, str(GUIDE), "exec"), {})


@pytest.mark.parametrize("line", SHELL)
def test_shell_lines_run(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(shlex.split(line)[1:]) == 0


def test_guide_has_blocks() -> None:
    assert len(PYTHON) >= 4 and len(SHELL) >= 3
