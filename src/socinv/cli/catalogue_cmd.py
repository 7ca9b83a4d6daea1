"""``socinv catalogue``: list or search the unit costs, with price year and source."""

from __future__ import annotations

import argparse
from pathlib import Path

from socinv.cli.common import add_local_option
from socinv.errors import PriceYearError
from socinv.formatting import sek, table
from socinv.limits import PRICE_YEAR
from socinv.unitcosts import Catalogue, load_catalogue
from socinv.writers import write_csv


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "catalogue",
        help="list or search the Swedish unit costs (value, unit, price year, payer, source)",
    )
    p.add_argument(
        "--search", metavar="TEXT", help="only items whose id, names or note contain TEXT"
    )
    p.add_argument(
        "--price-year",
        type=PRICE_YEAR.option(),
        metavar="Y",
        help="show values rebased to year Y (CPI)",
    )
    add_local_option(p)
    p.add_argument("--csv", type=Path, metavar="FILE", help="also write the listing as CSV")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    cat = load_catalogue(extra=args.local)
    found = cat.search(args.search) if args.search else list(cat)
    if not found:
        print(f"no unit cost matches {args.search!r}")
        return 1
    items, not_rebased = [], []
    for it in found:
        if args.price_year is None:
            items.append(it)
            continue
        try:
            items.append(it.rebased(cat.cpi, args.price_year))
        except PriceYearError:
            items.append(it)
            not_rebased.append(it.id)
    rows = []
    for it in items:
        year = f"{it.price_year}"
        if it.original_price_year is not None and it.original_price_year != it.price_year:
            year += f" (from {it.original_price_year})"
        elif it.id in not_rebased:
            year += " (not rebased)"
        src = it.source if len(it.source) <= 60 else it.source[:57] + "..."
        rows.append(
            [
                it.id,
                it.name_sv[:45],
                sek(it.value_sek),
                it.unit,
                year,
                ",".join(p.value for p in (it.payer or {})) or "society",
                it.kind.value,
                it.evidence,
                src,
            ]
        )
    print(
        table(
            ["id", "name_sv", "SEK", "per", "price year", "payer", "kind", "evidence", "source"],
            rows,
            "llrllllll",
        )
    )
    print(f"\n{len(items)} of {len(cat)} items. Full sources and URLs: --csv FILE.")
    if not_rebased:
        print(
            f"Not rebased to {args.price_year} (the CPI series has no value for their price year): "
            + ", ".join(not_rebased)
        )
    if args.csv:
        write_csv(Catalogue(items, cpi=cat.cpi).to_frame(), args.csv)
        print(f"wrote {args.csv}")
    return 0
