"""Options and output helpers shared by several ``socinv`` commands."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from socinv.errors import ParameterError
from socinv.limits import PRICE_YEAR, RATE
from socinv.writers import write_csv

if TYPE_CHECKING:
    import pandas as pd


def add_scenario_options(p: argparse.ArgumentParser) -> None:
    """``--price-year``, ``--rate`` and ``--local``: how a scenario is priced."""
    p.add_argument(
        "--price-year",
        type=PRICE_YEAR.option(),
        metavar="Y",
        help="express all money in year-Y prices",
    )
    p.add_argument(
        "--rate", type=RATE.option(), metavar="R", help="constant real discount rate, e.g. 0.035"
    )
    add_local_option(p)


def add_local_option(p: argparse.ArgumentParser) -> None:
    """``--local CSV`` (repeatable): a municipality's own unit costs, merged over
    the shipped catalogue."""
    p.add_argument(
        "--local",
        action="append",
        default=[],
        metavar="CSV",
        help="merge a local unit-cost CSV over the shipped catalogue (repeatable; later wins)",
    )


def add_document_options(p: argparse.ArgumentParser, what: str, csv_files: str) -> None:
    """``--out DIR`` (CSV tables) with ``--xlsx`` and ``--html`` documents named
    after the definition (``what``: e.g. 'fund', 'contract')."""
    p.add_argument("--out", type=Path, metavar="DIR", help=f"write {csv_files}")
    p.add_argument(
        "--xlsx", action="store_true", help=f"also write <{what} name>.xlsx into DIR (needs --out)"
    )
    p.add_argument(
        "--html",
        action="store_true",
        help=f"also write <{what} name>.html, a self-contained page with plots, into DIR "
        "(needs --out)",
    )


def add_root_option(p: argparse.ArgumentParser, what: str) -> None:
    """``--root DIR``: the folder the definition's ``scenario:`` paths may lead
    into (default: the definition file's own folder; the shipped data is
    always allowed)."""
    p.add_argument(
        "--root",
        type=Path,
        metavar="DIR",
        help=f"folder the {what}'s scenario paths may lead into (default: the {what} "
        "file's folder)",
    )


def check_document_options(args: argparse.Namespace) -> None:
    """``--xlsx``/``--html`` need a folder to write into."""
    if (args.xlsx or args.html) and not args.out:
        raise ParameterError("--xlsx and --html write into a folder: give --out DIR")


def write_csv_files(out: Path, files: Mapping[str, pd.DataFrame], lang: str = "en") -> list[Path]:
    """Write each DataFrame as ``out/<name>`` (CSV, no index) in the language's
    convention (``sv``: ``;``, decimal comma, BOM), text that a spreadsheet
    would run as a formula neutralised; return the paths. Call it inside an
    :class:`~socinv.writers.OutputFolder` for all-or-nothing output."""
    from socinv.cli.lang import csv_options

    out.mkdir(parents=True, exist_ok=True)
    return [write_csv(df, out / name, **csv_options(lang)) for name, df in files.items()]
