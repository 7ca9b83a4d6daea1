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
from socinv.cli.lang import add_lang_option, wrote
from socinv.contracts import ContractResult, evaluate_contract
from socinv.formatting import money, number, percent, rate, ratio, sek, table
from socinv.i18n import payer_word, translator
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
    add_lang_option(p)
    p.set_defaults(func=_run)


def _irr(x: float, lang: str = "en") -> str:
    _ = translator(lang)
    return _("no IRR") if math.isnan(x) else percent(x, lang, digits=1)


def _value(name: str, x: float, lang: str = "en") -> str:
    if math.isnan(x):
        return "—"
    if name.endswith("_sek"):
        return sek(x, lang=lang)
    if name == "investor_irr":
        return _irr(x, lang)
    return number(x, lang, digits=3)


def base_text(res: ContractResult, lang: str = "en") -> str:
    """The base case as plain text."""
    _ = translator(lang)
    c = res.contract
    lines = [
        c.title or c.name,
        "  "
        + _(
            "{investor}: {capital}; payer {payer}; years {start}-{end}; SEK in {year} prices; "
            "PV at {rate} to {start}"
        ).format(
            investor=c.investor.label,
            capital=money(c.investor.capital_sek, lang),
            payer=payer_word(c.payer.value, lang),
            start=c.start_year,
            end=c.end_year,
            year=c.price_year,
            rate=rate(c.discount_rate, lang),
        ),
        "",
        _("Base case (scenario parameters at base values, outcomes at their values, delivered):"),
    ]
    lines.append(
        table(
            [_("outcome"), _("value")],
            [[k, number(float(v[0]), lang, digits=4)] for k, v in res.outcomes.items()],
            "lr",
        )
    )
    lines.append("")
    lines.append(
        table(
            [_("term"), _("type"), _("year"), _("payment (SEK)")],
            [
                [str(k), t.type, str(t.year), sek(float(res.term_payments[0, k]), lang=lang)]
                for k, t in enumerate(c.terms)
            ],
            "llrr",
        )
    )
    lines.append("")
    lines.append(
        _(
            "Total payment {total} ({multiple} x capital); investor IRR {irr}; payer's savings "
            "PV {savings}, payments PV {payments}, net PV {net}."
        ).format(
            total=money(float(res.total_payment[0]), lang),
            multiple=ratio(float(res.total_payment[0]) / c.investor.capital_sek, lang=lang),
            irr=_irr(float(res.irr[0]), lang),
            savings=sek(float(res.payer_savings_pv[0]), lang=lang),
            payments=sek(float(res.payments_pv[0]), lang=lang),
            net=money(float(res.payer_net_pv[0]), lang),
        )
    )
    return "\n".join(lines)


def mc_text(res: ContractResult, lang: str = "en") -> str:
    """The Monte Carlo result as plain text."""
    _ = translator(lang)
    s = res.summary()
    p = res.probabilities()
    lines = [_("Monte Carlo: {n} draws, seed {seed}").format(n=res.n, seed=res.seed)]
    lines.append(
        table(
            [_("quantity"), _("mean"), "p5", _("median"), "p95"],
            [
                [
                    str(q),
                    *(_value(str(q), float(r[c]), lang) for c in ("mean", "p5", "p50", "p95")),
                ]
                for q, r in s.iterrows()
            ],
            "lrrrr",
        )
    )
    undefined = int(s["undefined_draws"].to_dict()["investor_irr"])
    if undefined:
        lines.append(
            _(
                "IRR undefined in {n} draws (net flows never turn positive); "
                "the loss probability covers every draw."
            ).format(n=undefined)
        )
    lines.append("")
    pt = res.payments_table()
    lines.append(
        table(
            [
                _("term"),
                _("type"),
                _("year"),
                _("mean"),
                "p5",
                "p95",
                _("P(pays)"),
                _("P(at cap)"),
            ],
            [
                [
                    str(r["term"]),
                    str(r["type"]),
                    str(r["year"]),
                    sek(r["mean_sek"], lang=lang),
                    sek(r["p5_sek"], lang=lang),
                    sek(r["p95_sek"], lang=lang),
                    percent(r["prob_pays"], lang, digits=0),
                    "—" if pd.isna(r["prob_at_cap"]) else percent(r["prob_at_cap"], lang, 0),
                ]
                for r in pt.to_dict("records")
            ],
            "llrrrrrr",
        )
    )
    lines.append("")
    lines.append(
        _(
            "P(investor gets back less than it put in) = {loss}; P(payer's net PV < 0) = {neg}."
        ).format(
            loss=percent(p["prob_investor_loss"], lang),
            neg=percent(p["prob_payer_net_negative"], lang),
        )
    )
    if res.uncertainty is not None:
        from socinv.cli.sensitivity_cmd import inputs_text

        lines += ["", inputs_text(res.varied(), res.fixed(), lang)]
    return "\n".join(lines)


def write_outputs(
    base: ContractResult, res: ContractResult | None, out: Path, lang: str = "en"
) -> list[Path]:
    files = {"base_terms.csv": base.payments_table(), "base_yearly.csv": base.yearly_table()}
    if res is not None:
        files.update(
            {
                "payments.csv": res.payments_table(),
                "summary.csv": res.summary().reset_index(),
                "yearly.csv": res.yearly_table(),
                "draws.csv": res.draws_frame(),
                "varied.csv": res.varied(),
                "fixed.csv": res.fixed(),
            }
        )
    return write_csv_files(out, files, lang)


def _run(args: argparse.Namespace) -> int:
    check_document_options(args)
    base = evaluate_contract(args.contract, root=args.root)
    print(base_text(base, args.lang))
    res = None
    if not args.base_only:
        res = evaluate_contract(
            args.contract, monte_carlo=True, draws=args.draws, seed=args.seed, root=args.root
        )
        print("")
        print(mc_text(res, args.lang))
    if args.out:
        with OutputFolder(args.out) as stage:
            write_outputs(base, res, stage.dir, args.lang)
            name = base.contract.name
            if args.xlsx:
                from socinv.report.fund_excel import write_contract_workbook

                write_contract_workbook(
                    base, res, stage.dir / f"{name}.xlsx", args.contract, lang=args.lang
                )
            if args.html:
                from socinv.report.contract_page import write_contract_html

                write_contract_html(
                    base, res, stage.dir / f"{name}.html", args.contract, lang=args.lang
                )
        for path in stage.written:
            print(wrote(path, args.lang))
    return 0
