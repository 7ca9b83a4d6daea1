"""``socinv params``: list a scenario's named parameters with their base
values, units and any declared distribution."""

from __future__ import annotations

import argparse
from pathlib import Path

from socinv.cli.lang import add_lang_option, csv_options, wrote
from socinv.cli.sensitivity_alts import add_intervention_option, one_model
from socinv.i18n import translator
from socinv.sensitivity import parameters, uncertainty
from socinv.writers import write_csv


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "params",
        help="list a scenario's parameters (names, base values, distributions)",
        description="List every named parameter of a scenario: the names to use in "
        "`uncertainty:` blocks, overrides and `socinv sensitivity --threshold`.",
    )
    p.add_argument("scenario", type=Path, help="scenario file (.yaml or .json)")
    p.add_argument(
        "--no-catalogue-ranges",
        action="store_true",
        help="do not show the PERT distributions derived from catalogue low/high values",
    )
    add_intervention_option(p)
    p.add_argument("--csv", type=Path, metavar="FILE", help="also write the table as CSV")
    add_lang_option(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from socinv.formatting import number, table

    model = one_model(args.scenario, args.intervention)
    df = parameters(model)
    unc = uncertainty(model, catalogue_defaults=not args.no_catalogue_ranges)
    dists = {
        n: f"{d.describe()} [{src}]"
        for n, d, src in zip(unc.names, unc.distributions, unc.sources, strict=True)
    }
    df["distribution"] = [dists.get(n, "") for n in df["name"]]
    sc = model.scenario
    lang = args.lang
    _ = translator(lang)
    print(
        f"{sc.title or sc.name}: "
        + _("{n} parameters (money in {year} prices)").format(n=len(df), year=model.price_year)
    )
    print(
        table(
            [_("name"), _("base"), _("unit"), _("distribution"), _("description")],
            [
                [s.name, number(s.base, lang, 6), s.unit, dists.get(s.name, ""), s.description]
                for s in model.params
            ],
            "lrlll",
        )
    )
    if args.csv:
        write_csv(df, args.csv, **csv_options(lang))
        print(wrote(args.csv, lang))
    return 0
