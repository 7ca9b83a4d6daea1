"""``socinv catalogue``: list or search the unit costs, with price year and source."""

from __future__ import annotations

import argparse
from pathlib import Path

from socinv.formatting import sek, table
from socinv.unitcosts import load_catalogue


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "catalogue",
        help="list or search the Swedish unit costs (value, unit, price year, payer, source)",
    )
    p.add_argument(
        "--search", metavar="TEXT", help="only items whose id, names or note contain TEXT"
    )
    p.add_argument(
        "--price-year", type=int, metavar="Y", help="show values rebased to year Y (CPI)"
    )
    p.add_argument(
        "--local",
        action="append",
        default=[],
        metavar="CSV",
        help="merge a local unit-cost CSV over the shipped catalogue (repeatable; later wins)",
    )
    p.add_argument("--csv", type=Path, metavar="FILE", help="also write the listing as CSV")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    cat = load_catalogue(extra=args.local, price_year=args.price_year)
    items = cat.search(args.search) if args.search else list(cat)
    if not items:
        print(f"no unit cost matches {args.search!r}")
        return 1
    rows = []
    for it in items:
        year = f"{it.price_year}"
        if it.original_price_year is not None and it.original_price_year != it.price_year:
            year += f" (from {it.original_price_year})"
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
    if args.csv:
        ids = {it.id for it in items}
        df = cat.to_frame()
        df[df["id"].isin(ids)].to_csv(args.csv, index=False)
        print(f"wrote {args.csv}")
    return 0
