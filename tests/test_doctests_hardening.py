"""The ``Example:`` sections of the reading, limits and writing modules run."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import socinv.limits
import socinv.readers
import socinv.writers


@pytest.mark.parametrize("module", [socinv.readers, socinv.limits, socinv.writers])
def test_examples_run(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
