"""``socinv catalogue``: list or search the unit costs, with price year and source."""

from __future__ import annotations

import argparse
from pathlib import Path

from socinv.cli.common import add_local_option
from socinv.cli.lang import add_lang_option, csv_options, wrote
from socinv.errors import PriceYearError
from socinv.formatting import sek, table
from socinv.i18n import payer_word, translator
from socinv.unitcosts import Catalogue, load_catalogue


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
    add_local_option(p)
    p.add_argument("--csv", type=Path, metavar="FILE", help="also write the listing as CSV")
    add_lang_option(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    cat = load_catalogue(extra=args.local)
    found = cat.search(args.search) if args.search else list(cat)
    if not found:
        _ = translator(args.lang)
        print(_("no unit cost matches {text!r}").format(text=args.search))
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
    lang = args.lang
    _ = translator(lang)
    rows = []
    for it in items:
        year = f"{it.price_year}"
        if it.original_price_year is not None and it.original_price_year != it.price_year:
            year += " " + _("(from {year})").format(year=it.original_price_year)
        elif it.id in not_rebased:
            year += " " + _("(not rebased)")
        src = it.source if len(it.source) <= 60 else it.source[:57] + "..."
        rows.append(
            [
                it.id,
                it.name_sv[:45],
                sek(it.value_sek, lang=lang),
                it.unit,
                year,
                ",".join(payer_word(p.value, lang) for p in (it.payer or {}))
                or payer_word("society", lang),
                it.kind.value,
                it.evidence,
                src,
            ]
        )
    print(
        table(
            [
                "id",
                "name_sv",
                _("SEK"),
                _("per"),
                _("price year"),
                _("payer"),
                _("kind"),
                _("evidence"),
                _("source"),
            ],
            rows,
            "llrllllll",
        )
    )
    print(
        "\n"
        + _("{n} of {total} items. Full sources and URLs: --csv FILE.").format(
            n=len(items), total=len(cat)
        )
    )
    if not_rebased:
        print(
            _(
                "Not rebased to {year} (the CPI series has no value for their price year): {items}"
            ).format(year=args.price_year, items=", ".join(not_rebased))
        )
    if args.csv:
        frame = Catalogue(items, cpi=cat.cpi).to_frame()
        frame.to_csv(args.csv, index=False, **csv_options(lang))
        print(wrote(args.csv, lang))
    return 0
