"""Where the shipped data files live, in a checkout and in an installed package."""

from __future__ import annotations

from pathlib import Path


def data_dir() -> Path:
    """The folder holding unit_costs_se.csv, kpi_se.csv and scenarios/.

    An installed wheel carries it as ``socinv/data``; an editable install or a
    checkout uses the repository's top-level ``data/``.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if packaged.is_dir():
        return packaged
    repo = here.parent.parent / "data"
    if repo.is_dir():
        return repo
    raise FileNotFoundError(
        f"socinv's data folder was not found (looked in {packaged} and {repo}); "
        "reinstall the package"
    )


def data_path(*parts: str) -> Path:
    """Path of a shipped data file, e.g. ``data_path("unit_costs_se.csv")``."""
    return data_dir().joinpath(*parts)
