"""``socinv run``: compare status quo with the intervention and print the
per-payer result; optionally write the streams and tables as CSV."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from socinv.cli.common import add_scenario_options, write_csv_files
from socinv.formatting import ratio, sek, table
from socinv.scenarios import Comparison, compare
from socinv.unitcosts import load_catalogue
from socinv.writers import OutputFolder


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("run", help="compare status quo with the intervention, per payer")
    p.add_argument("scenario", type=Path, help="scenario file (.yaml or .json)")
    add_scenario_options(p)
    p.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write streams.csv, summary.csv, yearly.csv, payers.csv, unit_costs.csv",
    )
    p.set_defaults(func=_run)


def report_text(cmp: Comparison) -> str:
    """The per-payer summary as plain text (what ``socinv run`` prints)."""
    sc = cmp.scenario
    disc = sc.discounting
    rate = (
        f"{disc.rate:.1%}"
        if disc.schedule is None
        else "schedule " + ", ".join(f"{s.rate:.1%} from year {s.from_year}" for s in disc.schedule)
    )
    base = disc.base_year if disc.base_year is not None else sc.start_year
    lines = [
        f"{sc.title or sc.name}",
        f"  status quo:   {sc.status_quo.label or 'status quo'}",
        f"  intervention: {sc.intervention.label or 'intervention'}",
        f"  cohort {sc.cohort_size:g} person(s), ages {sc.start_age}–{sc.end_age} "
        f"({sc.start_year}–{sc.start_year + sc.horizon_years - 1})",
        f"  SEK in {cmp.price_year} prices; discounted at {rate} ({disc.convention.value}-of-year) "
        f"to {base}",
        "",
    ]
    s = cmp.summary()
    rows = []
    for persp, r in s.iterrows():
        be = _break_even_text(r)
        rows.append(
            [
                str(persp),
                sek(r["cost_status_quo_disc"]),
                sek(r["cost_intervention_disc"]),
                sek(r["intervention_cost_disc"]),
                sek(r["savings_disc"]),
                sek(r["npv"]),
                ratio(r["roi"]),
                ratio(r["bcr"]),
                be,
            ]
        )
    lines.append("Present values (SEK); savings are before the intervention's cost, NPV after it.")
    lines.append(
        table(
            [
                "perspective",
                "status quo",
                "intervention",
                "invests",
                "savings",
                "NPV",
                "ROI",
                "BCR",
                "break-even",
            ],
            rows,
            "lrrrrrrrl",
        )
    )
    lines.append("")
    w = cmp.who_invests_who_gains()
    lines.append("Who invests, who gains (present values, SEK):")
    lines.append(
        table(
            ["payer", "invests", "saves", "net", "role"],
            [
                [
                    str(p),
                    sek(r["invests_disc"]),
                    sek(r["saves_disc"]),
                    sek(r["net_disc"]),
                    str(r["role"]),
                ]
                for p, r in w.iterrows()
            ],
            "lrrrl",
        )
    )
    lines.append("")
    lines.append(
        "ROI = NPV / investment; BCR = savings / investment ('—' where the payer invests nothing)."
    )
    lines.append("Society = all payers; transfers net out. Public = municipality + region + state.")
    return "\n".join(lines)


def _break_even_text(r: pd.Series) -> str:
    """Break-even as a reader needs it: a perspective that invests nothing and is
    never behind has nothing to pay back ('never behind'); one the intervention
    does not touch at all gets '—'."""
    year = r["break_even_year"]
    if year is None or year != year:
        return "never"
    invests = abs(r["intervention_cost_disc"]) > 1e-6
    if not invests and int(r["break_even_t"]) == 0:
        touched = abs(r["savings_disc"]) > 1e-6 or abs(r["cost_status_quo_disc"]) > 1e-6
        return "never behind" if touched else "—"
    return f"{int(year)} (age {int(r['break_even_age'])})"


def write_outputs(cmp: Comparison, out: Path) -> list[Path]:
    """Write the comparison's tables as CSV files into ``out``."""
    files = {
        "streams.csv": cmp.streams(),
        "summary.csv": cmp.summary().reset_index(),
        "yearly.csv": cmp.yearly(),
        "payers.csv": cmp.who_invests_who_gains().reset_index(),
        "unit_costs.csv": cmp.unit_costs_used(),
    }
    return write_csv_files(out, files)


def _run(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(extra=args.local) if args.local else None
    cmp = compare(args.scenario, catalogue=catalogue, price_year=args.price_year, rate=args.rate)
    print(report_text(cmp))
    if args.out:
        with OutputFolder(args.out) as stage:
            write_outputs(cmp, stage.dir)
        for path in stage.written:
            print(f"wrote {path}")
    return 0
