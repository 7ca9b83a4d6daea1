"""The ``Example:`` sections of the reading, limits and writing modules run."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import socinv.limits
import socinv.readers.documents
import socinv.readers.tables
import socinv.readers.text
import socinv.writers

MODULES = [
    socinv.readers.text,
    socinv.readers.documents,
    socinv.readers.tables,
    socinv.limits,
    socinv.writers,
]


@pytest.mark.parametrize("module", MODULES)
def test_examples_run(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
