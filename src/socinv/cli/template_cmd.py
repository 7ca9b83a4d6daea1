"""``socinv template``: write a scenario workbook (Excel) to fill in — empty,
or filled from a scenario file with ``--from`` — that ``socinv run`` and
every other command taking a scenario read directly."""

from __future__ import annotations

import argparse
from pathlib import Path

from socinv.cli.lang import add_lang_option, wrote


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "template",
        help="write a scenario workbook (.xlsx) to fill in; socinv run reads it",
    )
    p.add_argument("path", type=Path, help="the workbook to write (.xlsx)")
    p.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="SCENARIO",
        help="fill the workbook from a scenario file (.yaml, .json or .xlsx)",
    )
    p.add_argument(
        "--local",
        action="append",
        default=[],
        metavar="CSV",
        help="also offer the items of a local unit-cost CSV in the drop-down lists",
    )
    add_lang_option(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from socinv.scenarios.io import load_scenario
    from socinv.scenarios.xlsx import write_scenario_xlsx
    from socinv.unitcosts import load_catalogue

    scenario = load_scenario(args.source) if args.source else None
    items = [it.id for it in load_catalogue(extra=args.local)] if args.local else None
    path = write_scenario_xlsx(scenario, args.path, lang=args.lang, items=items)
    print(wrote(path, args.lang))
    return 0
