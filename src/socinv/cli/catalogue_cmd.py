"""``socinv catalogue``: list or search the unit costs, with price year and source."""

from __future__ import annotations

import argparse
from pathlib import Path

from socinv.cli.common import add_local_option
from socinv.cli.lang import add_lang_option, csv_options, wrote
from socinv.errors import PriceYearError
from socinv.formatting import percent, sek, table
from socinv.i18n import payer_word, translator
from socinv.limits import PRICE_YEAR
from socinv.unitcosts import Catalogue, UnitCost, load_catalogue
from socinv.unitcosts.check import check_catalogue
from socinv.unitcosts.grading import STALE_AFTER_YEARS
from socinv.unitcosts.markdown import render_generated, rows_more, share_text, target_text
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
    add_lang_option(p)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="report counts by evidence and grade, stale prices, assumptions, rows without "
        "low/high and malformed URLs (exit 1 if a row breaks the grading rubric or has a bad URL)",
    )
    mode.add_argument(
        "--markdown",
        action="store_true",
        help="print the generated coverage section and row table of data/UNIT_COSTS.md",
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    cat = load_catalogue(extra=args.local)
    if args.check:
        return print_check(list(cat))
    if args.markdown:
        print(render_generated(list(cat)))
        return 0
    found = cat.find(args.search) if args.search else list(cat)
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
        write_csv(Catalogue(items, cpi=cat.cpi).to_frame(), args.csv, **csv_options(lang))
        print(wrote(args.csv, lang))
    return 0


def _ids(ids: list[str], limit: int = 12) -> str:
    if not ids:
        return "none"
    more = f" … and {len(ids) - limit} more" if len(ids) > limit else ""
    return ", ".join(ids[:limit]) + more


def print_check(items: list[UnitCost]) -> int:
    """Print the upkeep report of ``items``; 0 if no problems, 1 otherwise."""
    c = check_catalogue(items)
    rows_target, vp_target = c.targets
    print(f"Unit-cost catalogue check (catalogue year {c.catalogue_year})")
    print(f"rows: {c.rows} ({target_text(rows_target)})")
    print(
        f"verified on the publisher's own page (verified_primary): {c.verified_primary} "
        f"of {c.rows} rows, {share_text(vp_target)} ({target_text(vp_target)})"
    )
    print("by evidence: " + ", ".join(f"{k} {v}" for k, v in c.by_evidence.items()))
    print("by grade: " + ", ".join(f"{k} {v}" for k, v in c.by_grade.items()))
    print("by sector: " + ", ".join(f"{k} {v}" for k, v in c.by_sector.items()))
    print(
        f"stale price year (more than {STALE_AFTER_YEARS} years old): {len(c.stale)}: "
        + _ids(c.stale)
    )
    print(f"assumptions: {len(c.assumptions)}: " + _ids(c.assumptions))
    print(f"published estimates: {len(c.published_estimates)}: " + _ids(c.published_estimates))
    print(f"without low/high: {len(c.without_bounds)}")
    print(f"without url: {len(c.without_url)}: " + _ids(c.without_url))
    print(f"malformed url: {len(c.malformed_urls)}: " + _ids(c.malformed_urls))
    print(f"without grade: {len(c.ungraded)}: " + _ids(c.ungraded))
    for line in c.problems:
        print(f"PROBLEM {line}")
    if not rows_target.met:
        print(
            f"TARGET NOT MET: {c.rows} rows, fewer than the {rows_target.needed} "
            "the catalogue aims at"
        )
    if not vp_target.met:
        print(
            f"TARGET NOT MET: {share_text(vp_target)} of the rows are verified_primary, below the "
            f"{percent((vp_target.percent or 0) / 100, digits=0)} the catalogue aims at; "
            f"{rows_more(vp_target.needed - vp_target.count)} must be read on the publisher's "
            "own page"
        )
    return 1 if c.problems else 0
