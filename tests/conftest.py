"""Shared fixtures: a small hand-made catalogue so engine tests do not depend on
the shipped data's values."""

from __future__ import annotations

from pathlib import Path

import pytest

from socinv import Catalogue, load_catalogue
from support import SMALL_CSV


@pytest.fixture
def small_csv(tmp_path: Path) -> Path:
    p = tmp_path / "small.csv"
    p.write_text(SMALL_CSV, encoding="utf-8")
    return p


@pytest.fixture
def small_catalogue(small_csv: Path) -> Catalogue:
    return load_catalogue(small_csv)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz",
        action="store_true",
        help="run the fuzz tests' full profile (10 000 inputs per file type); "
        "the same as SOCINV_FUZZ=full",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--fuzz"):
        import os

        os.environ["SOCINV_FUZZ"] = "full"
