"""``socinv fund``: run a social investment fund's ledger — balance, outlays,
repayments by agency, the investing payer's cash position (the investment
hump) and the share of gains outside it; optionally write the tables as CSV,
an Excel workbook (``--xlsx``) and a self-contained HTML page (``--html``)."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from socinv.cli.common import (
    add_document_options,
    add_root_option,
    check_document_options,
    write_csv_files,
)
from socinv.formatting import sek, table
from socinv.fund import FundLedger, run_fund
from socinv.writers import OutputFolder


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "fund",
        help="a social investment fund's ledger: balance, repayments by agency, investment hump",
    )
    p.add_argument("fund", type=Path, help="fund definition (.yaml)")
    add_root_option(p, "fund")
    add_document_options(
        p,
        "fund",
        "ledger.csv, repayments.csv, repayments_by_agency.csv, agencies.csv, projects.csv",
    )
    p.set_defaults(func=_run)


def _pct(x: float) -> str:
    return "—" if math.isnan(x) else f"{x:.0%}"


def report_text(ledger: FundLedger) -> str:
    """The ledger as plain text (what ``socinv fund`` prints)."""
    f = ledger.fund
    t = ledger.table()
    lines = [
        f.title or f.name,
        f"  payer {f.payer.value}; years {f.start_year}-{f.end_year}; SEK in {f.price_year} "
        f"prices, undiscounted unless marked; hump discounted at {f.discount_rate:.1%}",
        "",
        table(
            [
                "year",
                "opening",
                "allocations",
                "outlays",
                "repayments",
                "closing",
                f"{f.payer.value} net",
                "cumulative",
                "cum. disc.",
                "outside share",
            ],
            [
                [
                    str(r["year"]),
                    sek(r["opening_balance_sek"]),
                    sek(r["allocations_sek"]),
                    sek(r["outlays_sek"]),
                    sek(r["repayments_sek"]),
                    sek(r["closing_balance_sek"]) + (" !" if r["overdrawn"] else ""),
                    sek(r["payer_net_sek"]),
                    sek(r["payer_cumulative_sek"]),
                    sek(r["payer_cumulative_disc_sek"]),
                    _pct(float(r["outside_share_cumulative"])),
                ]
                for r in t.to_dict("records")
            ],
        ),
        "",
        "closing = opening + allocations - outlays + repayments ('!' = overdrawn).",
        f"'{f.payer.value} net' = its savings minus its intervention cost (the investment hump "
        "is the cumulative column).",
        "'outside share' = cumulative public-sector savings that fall outside the "
        f"{f.payer.value} (region, state) as a share of all public-sector savings.",
        "",
    ]
    reps = ledger.repayments_by_agency()
    reps = reps[(reps != 0).any(axis=1)] if len(reps.columns) else reps
    if len(reps.columns) and len(reps):
        lines.append("Repayments to the fund by agency (SEK):")
        lines.append(
            table(
                ["year", *map(str, reps.columns)],
                [
                    [str(y), *(sek(v) for v in row)]
                    for y, row in zip(reps.index, reps.to_numpy(), strict=True)
                ],
            )
        )
    else:
        lines.append("No repayments within the fund's years.")
    lines.append("")
    ps = ledger.project_summary()
    lines.append("Projects (SEK):")
    lines.append(
        table(
            [
                "project",
                "years",
                "outlay",
                "repaid",
                "not repaid",
                "payer savings",
                "after end",
                "rules",
            ],
            [
                [
                    str(r["project"]),
                    f"{r['start_year']}-{r['end_year']}",
                    sek(r["outlay_sek"]),
                    sek(r["repaid_sek"]),
                    sek(r["not_repaid_sek"]),
                    sek(r["payer_savings_in_horizon_sek"]),
                    sek(r["payer_savings_after_horizon_sek"]),
                    str(r["rules"]),
                ]
                for r in ps.to_dict("records")
            ],
            "llrrrrrl",
        )
    )
    return "\n".join(lines)


def write_outputs(ledger: FundLedger, out: Path) -> list[Path]:
    """Write the ledger's tables as CSV files into ``out``."""
    files = {
        "ledger.csv": ledger.table(),
        "repayments.csv": ledger.repayment_table(),
        "repayments_by_agency.csv": ledger.repayments_by_agency().reset_index(),
        "agencies.csv": ledger.agency_positions(),
        "projects.csv": ledger.project_summary(),
    }
    return write_csv_files(out, files)


def _run(args: argparse.Namespace) -> int:
    check_document_options(args)
    ledger = run_fund(args.fund, root=args.root)
    print(report_text(ledger))
    if args.out:
        with OutputFolder(args.out) as stage:
            write_outputs(ledger, stage.dir)
            name = ledger.fund.name
            if args.xlsx:
                from socinv.report.fund_excel import write_fund_workbook

                write_fund_workbook(ledger, stage.dir / f"{name}.xlsx", args.fund)
            if args.html:
                from socinv.report.fund_html import write_fund_html

                write_fund_html(ledger, stage.dir / f"{name}.html", args.fund)
        for path in stage.written:
            print(f"wrote {path}")
    return 0
