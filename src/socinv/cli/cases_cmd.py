"""``socinv cases``: list the shipped reference reproductions of published
estimates; ``--compare`` prints published vs socinv for every figure."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pandas as pd

from socinv.cases import GROUPS, compare_cases, list_cases, load_case
from socinv.formatting import table
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
    p.set_defaults(func=_run)


def fmt_value(value: float, unit: str) -> str:
    """A figure for the terminal: SEK with spaces, shares as per cent."""
    if math.isnan(value):
        return "—"
    if unit == "sek":
        return f"{value:,.0f}".replace(",", " ")
    if unit == "share":
        return f"{value:.3%}"
    return f"{value:.3g}" if unit == "ratio" else f"{value:.3f}"


def list_text(names: list[str] | None, group: str | None, show_path: bool) -> str:
    """The list of cases as a text table."""
    cases = [load_case(n) for n in names] if names else list_cases(group)
    rows = [
        [c.name, c.group, str(len(c.published)), c.info.short]
        + ([str(c.path)] if show_path else [])
        for c in cases
    ]
    headers = ["case", "group", "figures", "what it reproduces"] + (["file"] if show_path else [])
    return table(headers, rows, "llrl" + ("l" if show_path else ""))


def compare_text(df: pd.DataFrame) -> str:
    """The published-versus-reproduced table as text."""
    rows = []
    for r in df.to_dict("records"):
        rel = float(r["relative_difference"])
        year = r["price_year"]
        rows.append(
            [
                str(r["case"]),
                str(r["figure"]),
                "" if year is None or pd.isna(year) else str(int(year)),
                fmt_value(float(r["published"]), str(r["unit"])),
                fmt_value(float(r["socinv"]), str(r["unit"])),
                "—" if math.isnan(rel) else f"{0.0 if abs(rel) < 5e-4 else rel:+.1%}",
                str(r["tolerance"]),
                "yes" if r["within"] else "no",
                str(r["status"]),
            ]
        )
    headers = [
        "case",
        "figure",
        "prices",
        "published",
        "socinv",
        "diff",
        "tolerance",
        "within",
        "status",
    ]
    lines = [
        "Published versus reproduced (SEK in each case's price year; shares in per cent).",
        table(headers, rows, "llrrrrlll"),
        "",
        "status: ok = within tolerance; gap explained = outside, the case file explains why "
        "(sourced inputs do not reach the published figure); indicative = compared for "
        "orientation only. Details: socinv.cases.compare_cases() and docs/cases.md.",
    ]
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    names = list(args.names) or None
    if not args.compare:
        print(list_text(names, args.group, args.path))
        return 0
    df = compare_cases(names, group=args.group)
    print(compare_text(df))
    if args.csv:
        write_csv(df, args.csv)
        print(f"wrote {args.csv}")
    return 1 if (df["status"] == "OUTSIDE").any() else 0
