"""``socinv contract``: evaluate an outcome contract — the base case and a
seeded Monte Carlo: distribution of payments, the investor's IRR and
probability of loss, the payer's net position; optionally write CSV files,
an Excel workbook (``--xlsx``) and a self-contained HTML page (``--html``)."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pandas as pd

from socinv.cli.common import (
    add_document_options,
    add_root_option,
    check_document_options,
    write_csv_files,
)
from socinv.contracts import ContractResult, evaluate_contract
from socinv.formatting import sek, table
from socinv.limits import DRAWS, SEED
from socinv.writers import OutputFolder


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "contract",
        help="an outcome contract: payments, investor IRR and loss risk, payer's net position",
    )
    p.add_argument("contract", type=Path, help="contract definition (.yaml)")
    add_root_option(p, "contract")
    p.add_argument(
        "--draws", type=DRAWS.option(), metavar="N", help="Monte Carlo draws (default: the file's)"
    )
    p.add_argument(
        "--seed", type=SEED.option(), metavar="S", help="random seed (default: the file's)"
    )
    p.add_argument("--base-only", action="store_true", help="only the base case, no Monte Carlo")
    add_document_options(
        p, "contract", "base_terms.csv, payments.csv, summary.csv, yearly.csv, draws.csv"
    )
    p.set_defaults(func=_run)


def _irr(x: float) -> str:
    return "no IRR" if math.isnan(x) else f"{x + 0.0 if abs(x) >= 5e-5 else 0.0:.1%}"


def _value(name: str, x: float) -> str:
    if math.isnan(x):
        return "—"
    if name.endswith("_sek"):
        return sek(x)
    if name == "investor_irr":
        return _irr(x)
    return f"{x:.3g}"


def base_text(res: ContractResult) -> str:
    """The base case as plain text."""
    c = res.contract
    lines = [
        c.title or c.name,
        f"  {c.investor.label}: {sek(c.investor.capital_sek)} SEK; payer {c.payer.value}; "
        f"years {c.start_year}-{c.end_year}; SEK in {c.price_year} prices; PV at "
        f"{c.discount_rate:.1%} to {c.start_year}",
        "",
        "Base case (scenario parameters at base values, outcomes at their values, delivered):",
    ]
    lines.append(
        table(
            ["outcome", "value"],
            [[k, f"{float(v[0]):,.4g}".replace(",", " ")] for k, v in res.outcomes.items()],
            "lr",
        )
    )
    lines.append("")
    lines.append(
        table(
            ["term", "type", "year", "payment (SEK)"],
            [
                [str(k), t.type, str(t.year), sek(float(res.term_payments[0, k]))]
                for k, t in enumerate(c.terms)
            ],
            "llrr",
        )
    )
    lines.append("")
    lines.append(
        f"Total payment {sek(float(res.total_payment[0]))} SEK "
        f"({float(res.total_payment[0]) / c.investor.capital_sek:.2f} x capital); investor IRR "
        f"{_irr(float(res.irr[0]))}; payer's savings PV {sek(float(res.payer_savings_pv[0]))}, "
        f"payments PV {sek(float(res.payments_pv[0]))}, "
        f"net PV {sek(float(res.payer_net_pv[0]))} SEK."
    )
    return "\n".join(lines)


def mc_text(res: ContractResult) -> str:
    """The Monte Carlo result as plain text."""
    s = res.summary()
    p = res.probabilities()
    lines = [f"Monte Carlo: {res.n} draws, seed {res.seed}"]
    lines.append(
        table(
            ["quantity", "mean", "p5", "median", "p95"],
            [
                [str(q), *(_value(str(q), float(r[c])) for c in ("mean", "p5", "p50", "p95"))]
                for q, r in s.iterrows()
            ],
            "lrrrr",
        )
    )
    undefined = int(s["undefined_draws"].to_dict()["investor_irr"])
    if undefined:
        lines.append(
            f"IRR undefined in {undefined} draws (net flows never turn positive); "
            "the loss probability covers every draw."
        )
    lines.append("")
    pt = res.payments_table()
    lines.append(
        table(
            ["term", "type", "year", "mean", "p5", "p95", "P(pays)", "P(at cap)"],
            [
                [
                    str(r["term"]),
                    str(r["type"]),
                    str(r["year"]),
                    sek(r["mean_sek"]),
                    sek(r["p5_sek"]),
                    sek(r["p95_sek"]),
                    f"{r['prob_pays']:.0%}",
                    "—" if pd.isna(r["prob_at_cap"]) else f"{r['prob_at_cap']:.0%}",
                ]
                for r in pt.to_dict("records")
            ],
            "llrrrrrr",
        )
    )
    lines.append("")
    lines.append(
        f"P(investor gets back less than it put in) = {p['prob_investor_loss']:.1%}; "
        f"P(payer's net PV < 0) = {p['prob_payer_net_negative']:.1%}."
    )
    return "\n".join(lines)


def write_outputs(base: ContractResult, res: ContractResult | None, out: Path) -> list[Path]:
    files = {"base_terms.csv": base.payments_table(), "base_yearly.csv": base.yearly_table()}
    if res is not None:
        files.update(
            {
                "payments.csv": res.payments_table(),
                "summary.csv": res.summary().reset_index(),
                "yearly.csv": res.yearly_table(),
                "draws.csv": res.draws_frame(),
            }
        )
    return write_csv_files(out, files)


def _run(args: argparse.Namespace) -> int:
    check_document_options(args)
    base = evaluate_contract(args.contract, root=args.root)
    print(base_text(base))
    res = None
    if not args.base_only:
        res = evaluate_contract(
            args.contract, monte_carlo=True, draws=args.draws, seed=args.seed, root=args.root
        )
        print("")
        print(mc_text(res))
    if args.out:
        with OutputFolder(args.out) as stage:
            write_outputs(base, res, stage.dir)
            name = base.contract.name
            if args.xlsx:
                from socinv.report.fund_excel import write_contract_workbook

                write_contract_workbook(base, res, stage.dir / f"{name}.xlsx", args.contract)
            if args.html:
                from socinv.report.fund_html import write_contract_html

                write_contract_html(base, res, stage.dir / f"{name}.html", args.contract)
        for path in stage.written:
            print(f"wrote {path}")
    return 0
