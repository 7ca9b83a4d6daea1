"""``socinv report``: write a self-contained HTML report of a scenario (plots,
headline per payer, assumptions, unit costs with sources, sensitivity) and,
with ``--xlsx``, an Excel workbook of the same numbers."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from socinv.cli.common import add_scenario_options
from socinv.cli.lang import add_lang_option, wrote
from socinv.cli.report_alts import run_alternatives
from socinv.errors import ParameterError
from socinv.i18n import translator
from socinv.limits import MC_DRAWS, SEED
from socinv.scenarios import compare
from socinv.scenarios.io import load_scenario
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
        "--all-draws",
        action="store_true",
        help="with --xlsx and --mc: also a sheet with every Monte Carlo draw (default: summary)",
    )
    p.add_argument(
        "--no-sensitivity", action="store_true", help="leave out the one-way (tornado) analysis"
    )
    p.add_argument(
        "--followup", type=Path, metavar="FILE", help="add a follow-up section of observed outcomes"
    )
    add_scenario_options(p)
    add_lang_option(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from socinv.report import run_sensitivity, write_report

    if args.mc < 0:
        raise ParameterError(f"--mc must be 0 or a positive number of draws, got {args.mc}")
    catalogue = load_catalogue(extra=args.local) if args.local else None
    if load_scenario(args.scenario).interventions:
        return run_alternatives(args, catalogue)
    cmp = compare(args.scenario, catalogue=catalogue, price_year=args.price_year, rate=args.rate)
    lang = args.lang
    if args.followup:
        from socinv.followup.report import add_followup_section, prepare_followup

        followup = prepare_followup(cmp.model, args.followup)  # validated before writing
    sens = run_sensitivity(
        cmp, mc=args.mc, seed=args.seed, oneway=not args.no_sensitivity, lang=lang
    )
    if args.no_sensitivity:
        _ = translator(lang)
        note = _("One-way sensitivity left out (--no-sensitivity).")
        sens = dataclasses.replace(sens, notes=(*sens.notes, note))
    for note in sens.notes:
        print(note)
    seed = args.seed if args.mc > 0 else None
    with OutputFolder(args.out) as stage:
        paths = write_report(
            cmp,
            stage.dir,
            sens,
            xlsx=args.xlsx,
            lang=lang,
            source=args.scenario,
            seed=seed,
            all_draws=args.all_draws,
        )
        if args.followup:
            add_followup_section(paths, followup, lang=lang)
    for path in stage.written:
        print(wrote(path, lang))
    return 0
