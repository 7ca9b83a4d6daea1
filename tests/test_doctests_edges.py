"""The Examples of the option, path and workbook modules run (from the
project's root, where the shipped scenario files are)."""

from __future__ import annotations

import doctest
import importlib

import pytest

from support import ROOT

MODULES = (
    "socinv.cli.cohort_option",
    "socinv.readers.paths",
    "socinv.limits",
    "socinv.scenarios.xlsx",
)


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
