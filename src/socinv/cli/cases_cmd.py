"""``socinv cases``: list the shipped reference reproductions of published
estimates; ``--compare`` prints published vs socinv for every figure."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pandas as pd

from socinv.cases import GROUPS, compare_cases, list_cases, load_case
from socinv.cli.lang import add_lang_option, csv_options, wrote
from socinv.formatting import decimal_number, number, percent, sek, table
from socinv.i18n import translator
from socinv.writers import write_csv


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "cases",
        help="list the reference reproductions of published estimates (--compare: check them)",
        description="List the shipped reference cases (data/scenarios/cases). With --compare, "
        "print for every published figure: the published value, socinv's value, the "
        "difference and whether it is within the case's stated tolerance.",
    )
    p.add_argument("names", nargs="*", metavar="CASE", help="only these cases (default: all)")
    p.add_argument("--group", choices=GROUPS, help="only the cases of one group")
    p.add_argument(
        "--compare", action="store_true", help="compare published and reproduced figures"
    )
    p.add_argument("--path", action="store_true", help="show each case file's path")
    p.add_argument("--csv", type=Path, metavar="FILE", help="write the comparison table as CSV")
    add_lang_option(p)
    p.set_defaults(func=_run)


def fmt_value(value: float, unit: str, lang: str = "en") -> str:
    """A figure for the terminal: SEK with spaces, shares as per cent."""
    if unit == "sek":
        return sek(value, lang=lang)
    if unit == "share":
        return percent(value, lang, digits=3)
    return number(value, lang, digits=3) if unit == "ratio" else decimal_number(value, lang, 3)


def list_text(names: list[str] | None, group: str | None, show_path: bool, lang: str = "en") -> str:
    """The list of cases as a text table."""
    _ = translator(lang)
    cases = [load_case(n) for n in names] if names else list_cases(group)
    rows = [
        [c.name, c.group, str(len(c.published)), c.info.short]
        + ([str(c.path)] if show_path else [])
        for c in cases
    ]
    headers = [_("case"), _("group"), _("figures"), _("what it reproduces")] + (
        [_("file")] if show_path else []
    )
    return table(headers, rows, "llrl" + ("l" if show_path else ""))


def compare_text(df: pd.DataFrame, lang: str = "en") -> str:
    """The published-versus-reproduced table as text."""
    _ = translator(lang)
    rows = []
    for r in df.to_dict("records"):
        rel = float(r["relative_difference"])
        year = r["price_year"]
        rows.append(
            [
                str(r["case"]),
                str(r["figure"]),
                "" if year is None or pd.isna(year) else str(int(year)),
                fmt_value(float(r["published"]), str(r["unit"]), lang),
                fmt_value(float(r["socinv"]), str(r["unit"]), lang),
                "—" if math.isnan(rel) else f"{0.0 if abs(rel) < 5e-4 else rel:+.1%}",
                str(r["tolerance"]),
                _("yes") if r["within"] else _("no"),
                str(r["status"]),
            ]
        )
    headers = [
        _("case"),
        _("figure"),
        _("prices"),
        _("published"),
        "socinv",
        _("diff"),
        _("tolerance"),
        _("within"),
        _("status"),
    ]
    lines = [
        _("Published versus reproduced (SEK in each case's price year; shares in per cent)."),
        table(headers, rows, "llrrrrlll"),
        "",
        _(
            "status: ok = within tolerance; gap explained = outside, the case file explains why "
            "(sourced inputs do not reach the published figure); indicative = compared for "
            "orientation only. Details: socinv.cases.compare_cases() and docs/cases.md."
        ),
    ]
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    names = list(args.names) or None
    if not args.compare:
        print(list_text(names, args.group, args.path, args.lang))
        return 0
    df = compare_cases(names, group=args.group)
    print(compare_text(df, args.lang))
    if args.csv:
        write_csv(df, args.csv, **csv_options(args.lang))
        print(wrote(args.csv, args.lang))
    return 1 if (df["status"] == "OUTSIDE").any() else 0
