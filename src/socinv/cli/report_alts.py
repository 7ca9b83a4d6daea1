"""``socinv report`` on a file with several interventions: an overview page
side by side and one full report per intervention (see
:mod:`socinv.report.alternatives_build`)."""

from __future__ import annotations

import argparse

from socinv.cli.lang import wrote
from socinv.errors import ParameterError
from socinv.scenarios.alternatives import compare_alternatives
from socinv.unitcosts.catalogue import Catalogue
from socinv.writers import OutputFolder


def run_alternatives(args: argparse.Namespace, catalogue: Catalogue | None) -> int:
    """Write the report of every intervention and the overview; print the paths."""
    from socinv.report.alternatives_build import write_alternatives_report
    from socinv.sensitivity.alternatives_mc import monte_carlo_alternatives

    if args.followup:
        raise ParameterError(
            f"{args.scenario}: --followup needs a file with one intervention; this one has "
            "several (interventions:)"
        )
    settings = {"catalogue": catalogue, "price_year": args.price_year, "rate": args.rate}
    alts = compare_alternatives(args.scenario, **settings)
    mc = (
        monte_carlo_alternatives(args.scenario, args.mc, args.seed, **settings)
        if args.mc > 0
        else None
    )
    with OutputFolder(args.out) as stage:
        write_alternatives_report(
            alts,
            stage.dir,
            mc=mc,
            oneway=not args.no_sensitivity,
            xlsx=args.xlsx,
            lang=args.lang,
            source=args.scenario,
        )
    for path in stage.written:
        print(wrote(path, args.lang))
    return 0
