"""``socinv fund``: run a social investment fund's ledger — balance, outlays,
repayments by agency, the investing payer's cash position (the investment
hump) and the share of gains outside it; optionally write the tables as CSV,
an Excel workbook (``--xlsx``) and a self-contained HTML page (``--html``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from socinv.cli.common import (
    add_document_options,
    add_root_option,
    check_document_options,
    write_csv_files,
)
from socinv.cli.lang import add_lang_option, wrote
from socinv.formatting import percent, rate, sek, table
from socinv.fund import FundLedger, run_fund
from socinv.i18n import payer_word, translator
from socinv.limits import DRAWS, SEED
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
    p.add_argument(
        "--mc",
        type=DRAWS.option(),
        metavar="N",
        help="also run the ledger on N Monte Carlo draws (risk)",
    )
    p.add_argument(
        "--seed", type=SEED.option(), default=1, metavar="S", help="Monte Carlo seed (default 1)"
    )
    add_lang_option(p)
    p.set_defaults(func=_run)


def report_text(ledger: FundLedger, lang: str = "en") -> str:
    """The ledger as plain text (what ``socinv fund`` prints)."""
    _ = translator(lang)
    f = ledger.fund
    t = ledger.table()
    payer = payer_word(f.payer.value, lang)
    lines = [
        f.title or f.name,
        "  "
        + _(
            "payer {payer}; years {start}-{end}; SEK in {year} prices, undiscounted unless "
            "marked; hump discounted at {rate}"
        ).format(
            payer=payer,
            start=f.start_year,
            end=f.end_year,
            year=f.price_year,
            rate=rate(f.discount_rate, lang),
        ),
        "",
        table(
            [
                _("year"),
                _("opening"),
                _("allocations"),
                _("outlays"),
                _("repayments"),
                _("closing"),
                _("{payer} net").format(payer=payer),
                _("cumulative"),
                _("cum. disc."),
                _("outside share"),
            ],
            [
                [
                    str(r["year"]),
                    sek(r["opening_balance_sek"], lang=lang),
                    sek(r["allocations_sek"], lang=lang),
                    sek(r["outlays_sek"], lang=lang),
                    sek(r["repayments_sek"], lang=lang),
                    sek(r["closing_balance_sek"], lang=lang) + (" !" if r["overdrawn"] else ""),
                    sek(r["payer_net_sek"], lang=lang),
                    sek(r["payer_cumulative_sek"], lang=lang),
                    sek(r["payer_cumulative_disc_sek"], lang=lang),
                    percent(float(r["outside_share_cumulative"]), lang, digits=0),
                ]
                for r in t.to_dict("records")
            ],
        ),
        "",
        _("closing = opening + allocations - outlays + repayments ('!' = overdrawn)."),
        _(
            "'{payer} net' = its savings minus its intervention cost (the investment hump "
            "is the cumulative column)."
        ).format(payer=payer),
        _(
            "'outside share' = cumulative public-sector savings that fall outside the "
            "{payer} (region, state) as a share of all public-sector savings."
        ).format(payer=payer),
        "",
    ]
    reps = ledger.repayments_by_agency()
    reps = reps[(reps != 0).any(axis=1)] if len(reps.columns) else reps
    if len(reps.columns) and len(reps):
        lines.append(_("Repayments to the fund by agency (SEK):"))
        lines.append(
            table(
                [_("year"), *map(str, reps.columns)],
                [
                    [str(y), *(sek(v, lang=lang) for v in row)]
                    for y, row in zip(reps.index, reps.to_numpy(), strict=True)
                ],
            )
        )
    else:
        lines.append(_("No repayments within the fund's years."))
    lines.append("")
    ps = ledger.project_summary()
    lines.append(_("Projects (SEK):"))
    lines.append(
        table(
            [
                _("project"),
                _("years"),
                _("outlay"),
                _("repaid"),
                _("not repaid"),
                _("payer savings"),
                _("after end"),
                _("rules"),
            ],
            [
                [
                    str(r["project"]),
                    f"{r['start_year']}-{r['end_year']}",
                    sek(r["outlay_sek"], lang=lang),
                    sek(r["repaid_sek"], lang=lang),
                    sek(r["not_repaid_sek"], lang=lang),
                    sek(r["payer_savings_in_horizon_sek"], lang=lang),
                    sek(r["payer_savings_after_horizon_sek"], lang=lang),
                    str(r["rules"]),
                ]
                for r in ps.to_dict("records")
            ],
            "llrrrrrl",
        )
    )
    return "\n".join(lines)


def write_outputs(ledger: FundLedger, out: Path, lang: str = "en") -> list[Path]:
    """Write the ledger's tables as CSV files into ``out``."""
    files = {
        "ledger.csv": ledger.table(),
        "repayments.csv": ledger.repayment_table(),
        "repayments_by_agency.csv": ledger.repayments_by_agency().reset_index(),
        "agencies.csv": ledger.agency_positions(),
        "projects.csv": ledger.project_summary(),
    }
    return write_csv_files(out, files, lang)


def _run(args: argparse.Namespace) -> int:
    check_document_options(args)
    ledger = run_fund(args.fund, root=args.root)
    print(report_text(ledger, args.lang))
    mc = None
    if args.mc is not None:
        from socinv.fund.montecarlo import fund_monte_carlo
        from socinv.report.fund_risk import fund_risk_text

        mc = fund_monte_carlo(args.fund, args.mc, args.seed, root=args.root)
        print()
        print(fund_risk_text(mc, args.lang))
    if args.out:
        with OutputFolder(args.out) as stage:
            write_outputs(ledger, stage.dir, args.lang)
            name = ledger.fund.name
            if args.xlsx:
                from socinv.report.fund_excel import write_fund_workbook

                write_fund_workbook(
                    ledger, stage.dir / f"{name}.xlsx", args.fund, lang=args.lang, mc=mc
                )
            if args.html:
                from socinv.report.fund_page import write_fund_html

                write_fund_html(
                    ledger, stage.dir / f"{name}.html", args.fund, mc=mc, lang=args.lang
                )
        for path in stage.written:
            print(wrote(path, args.lang))
    return 0
