"""``socinv report``: write a self-contained HTML report of a scenario (plots,
headline per payer, assumptions, unit costs with sources, sensitivity) and,
with ``--xlsx``, an Excel workbook of the same numbers."""

from __future__ import annotations

import argparse
from pathlib import Path

from socinv.cli.common import add_scenario_options
from socinv.errors import ParameterError
from socinv.limits import MC_DRAWS, SEED
from socinv.scenarios import compare
from socinv.unitcosts import load_catalogue
from socinv.writers import OutputFolder


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", help="write an HTML report (and an Excel workbook) of a scenario")
    p.add_argument("scenario", type=Path, help="scenario file (.yaml or .json)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write into")
    p.add_argument(
        "--mc",
        type=MC_DRAWS.option(),
        default=0,
        metavar="N",
        help="also run a Monte Carlo analysis with N draws (default: none)",
    )
    p.add_argument(
        "--seed", type=SEED.option(), default=1, metavar="S", help="Monte Carlo seed (default 1)"
    )
    p.add_argument("--xlsx", action="store_true", help="also write an Excel workbook")
    p.add_argument(
        "--no-sensitivity", action="store_true", help="leave out the one-way (tornado) analysis"
    )
    add_scenario_options(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from socinv.report import SensitivityResults, run_sensitivity, write_report

    if args.mc < 0:
        raise ParameterError(f"--mc must be 0 or a positive number of draws, got {args.mc}")
    catalogue = load_catalogue(extra=args.local) if args.local else None
    cmp = compare(args.scenario, catalogue=catalogue, price_year=args.price_year, rate=args.rate)
    sens = run_sensitivity(cmp, mc=args.mc, seed=args.seed, oneway=not args.no_sensitivity)
    if args.no_sensitivity:
        note = "One-way sensitivity left out (--no-sensitivity)."
        sens = SensitivityResults(sens.tornado, sens.mc_draws, sens.mc_summary, (*sens.notes, note))
    for note in sens.notes:
        print(note)
    with OutputFolder(args.out) as stage:
        write_report(cmp, stage.dir, sens, xlsx=args.xlsx)
    for path in stage.written:
        print(f"wrote {path}")
    return 0
