"""``socinv sensitivity``: one-way (tornado), Monte Carlo, Sobol and
threshold analyses of a scenario; tables printed and optionally written as
CSV files."""

from __future__ import annotations

import argparse
import time
import warnings
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

from socinv.cli.lang import add_lang_option, csv_options, wrote
from socinv.cli.sensitivity_alts import add_intervention_option, one_model, run_mc
from socinv.formatting import count, money, number, percent, ratio, sek, significant, table
from socinv.i18n import payer_word, translator, use_lang
from socinv.limits import CHUNK, DRAWS, SEED, SOBOL_BASE, TOP, WORKERS
from socinv.payers import perspective_index
from socinv.scenarios.compile import Model
from socinv.scenarios.io import load_scenario
from socinv.sensitivity import (
    MonteCarloResult,
    break_even_success_share,
    monte_carlo,
    one_way,
    sobol_indices,
    threshold,
    uncertainty,
)
from socinv.sensitivity.decision import decision_table, evppi_table
from socinv.sensitivity.exclusion import cost_of_exclusion, is_cost_of_exclusion
from socinv.sensitivity.fixed import fixed_reason
from socinv.sensitivity.oneway import range_rule_text
from socinv.sensitivity.parameters import source_text
from socinv.sensitivity.payback import payback_curve
from socinv.sensitivity.voi import group_text
from socinv.writers import write_tables


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "sensitivity",
        help="one-way (tornado), Monte Carlo, Sobol or threshold analysis",
        description="Uncertainty analyses on the compiled scenario. Distributions come from "
        "the scenario's `uncertainty:` block and catalogue low/high values (see "
        "docs/uncertainty.md).",
    )
    p.add_argument("scenario", type=Path, help="scenario file (.yaml or .json)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--oneway", action="store_true", help="one-way table for a tornado plot")
    what.add_argument("--mc", type=DRAWS.option(), metavar="N", help="Monte Carlo with N draws")
    what.add_argument(
        "--sobol",
        type=SOBOL_BASE.option(),
        metavar="N",
        help="Sobol indices, base sample N (a power of 2)",
    )
    what.add_argument(
        "--threshold",
        metavar="PARAM",
        help="value of PARAM at which the NPV is 0 (names: `socinv params`)",
    )
    what.add_argument(
        "--success-share",
        action="store_true",
        help="share of the cohort that must avoid the targeted outcomes to break even",
    )
    p.add_argument("--seed", type=SEED.option(), default=1, help="random seed (default 1)")
    p.add_argument(
        "--perspective", default="society", help="perspective to print (default society)"
    )
    p.add_argument(
        "--top", type=TOP.option(), default=15, help="rows of the tornado table to print"
    )
    p.add_argument(
        "--chunk-size", type=CHUNK.option(), default=4096, help="draws evaluated per batch"
    )
    p.add_argument(
        "--workers", type=WORKERS.option(), default=0, help="run Monte Carlo chunks in N processes"
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run Monte Carlo chunks on a dask.distributed scheduler ('local' for a local "
        "cluster; needs socinv[dask])",
    )
    add_intervention_option(p)
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--out", type=Path, metavar="DIR", help="write the tables as CSV into DIR")
    add_lang_option(p)
    p.set_defaults(func=_run)


def _write(out: Path | None, files: dict[str, Any], lang: str = "en") -> None:
    if out is None:
        return
    for path in write_tables(out, files, **csv_options(lang)):
        print(wrote(path, lang))


def _run(args: argparse.Namespace) -> int:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = _dispatch(args)
    for w in caught:
        print(f"note: {w.message}")
    return code


def _dispatch(args: argparse.Namespace) -> int:
    perspective_index(args.perspective)  # a clear error for an unknown perspective
    several = load_scenario(args.scenario)
    if several.interventions and not args.intervention and args.mc is not None:
        _ = translator(args.lang)
        print(
            _("{title} — SEK in {year} prices, perspective {perspective}").format(
                title=several.title or several.name,
                year=several.price_year,
                perspective=payer_word(args.perspective, args.lang),
            )
        )
        _write(args.out, run_mc(args, several), args.lang)
        return 0
    model = one_model(args.scenario, args.intervention)
    sc = model.scenario
    _ = translator(args.lang)
    print(
        _("{title} — SEK in {year} prices, perspective {perspective}").format(
            title=sc.title or sc.name,
            year=model.price_year,
            perspective=payer_word(args.perspective, args.lang),
        )
    )
    if args.oneway:
        return _oneway(args, model)
    if args.mc is not None:
        return _mc(args, model)
    if args.sobol is not None:
        return _sobol(args, model)
    return _threshold(args, model)


def _oneway(args: argparse.Namespace, model: Model) -> int:
    lang = args.lang
    _ = translator(lang)
    with use_lang(lang):  # parameter labels in the table's language
        df = one_way(model)
    sel = df[df["perspective"] == args.perspective].head(args.top)
    rows = [
        [
            str(label),
            significant(lo, lang, 6),
            significant(base, lang, 6),
            significant(hi, lang, 6),
            sek(float(nl), lang=lang),
            sek(float(nh), lang=lang),
            sek(float(sw), lang=lang),
            range_rule_text(str(rule), lang),
        ]
        for label, lo, base, hi, nl, nh, sw, rule in zip(
            sel["label"],
            sel["low"],
            sel["base_value"],
            sel["high"],
            sel["npv_low"],
            sel["npv_high"],
            sel["swing"],
            sel["range_rule"],
            strict=True,
        )
    ]
    base = float(df["npv_base"][df["perspective"] == args.perspective].iloc[0])
    print(
        _(
            "One-way sensitivity of the NPV for {perspective} (base {amount}), "
            "largest swings first:"
        ).format(perspective=payer_word(args.perspective, lang), amount=money(base, lang))
    )
    print(
        table(
            [
                _("parameter"),
                _("low"),
                _("base"),
                _("high"),
                _("NPV low"),
                _("NPV high"),
                _("swing"),
                _("range"),
            ],
            rows,
            "lrrrrrrl",
        )
    )
    without = df.attrs.get("without_range", [])
    if without:
        print(_("No range (held at base): {names}").format(names=", ".join(without)))
    _write(args.out, {"oneway.csv": df}, lang)
    return 0


def _mc(args: argparse.Namespace, model: Model) -> int:
    lang = args.lang
    _ = translator(lang)
    executor: Executor | str | None = None
    if args.dask:
        executor = "dask" if args.dask == "local" else f"dask://{args.dask}"
    elif args.workers > 1:
        executor = ProcessPoolExecutor(max_workers=args.workers)
    t0 = time.perf_counter()
    try:
        res = monte_carlo(
            model,
            args.mc,
            args.seed,
            chunk_size=args.chunk_size,
            executor=executor,
            progress=not args.no_progress,
            keep_draws=True,
        )
    finally:
        if isinstance(executor, Executor):
            executor.shutdown()
    secs = time.perf_counter() - t0
    p = args.perspective
    who = payer_word(p, lang)
    print(
        _(
            "Monte Carlo: {n} draws, seed {seed}, {varied} parameters varied, "
            "{fixed} held fixed, {secs} s"
        ).format(
            n=count(res.n, lang),
            seed=res.seed,
            varied=len(res.uncertainty.varying),
            fixed=len(res.uncertainty.fixed),
            secs=number(secs, lang, 2),
        )
    )
    _print_inputs(res, lang)
    files: dict[str, Any] = {
        "mc_npv.csv": res.npv,
        "mc_distributions.csv": res.uncertainty.table(),
        "mc_fixed.csv": res.fixed(),
    }
    if is_cost_of_exclusion(model):
        cost = cost_of_exclusion(model, args.mc, args.seed, res.uncertainty)
        row = cost.set_index("perspective").loc[p]
        print(
            _(
                "No intervention: the cost of the status quo for {perspective} (present value, "
                "SEK in {year} prices):"
            ).format(perspective=who, year=model.price_year)
        )
        print(
            table(
                [
                    _("perspective"),
                    _("mean"),
                    percent(0.025, lang),
                    _("median"),
                    percent(0.975, lang),
                    _("base"),
                ],
                [
                    [
                        who,
                        *(
                            sek(float(row[c]), lang=lang)
                            for c in ("mean", "p2_5", "median", "p97_5", "base")
                        ),
                    ]
                ],
                "lrrrrr",
            )
        )
        files["mc_cost.csv"] = cost
        _write(args.out, files, lang)
        return 0
    s = res.summary()
    print(
        _("NPV for {perspective} (SEK in {year} prices):").format(
            perspective=who, year=model.price_year
        )
    )
    print(
        table(
            [
                _("perspective"),
                _("mean"),
                percent(0.025, lang),
                _("median"),
                percent(0.975, lang),
                _("MC s.e."),
                _("P(NPV>0)"),
                _("base"),
            ],
            [
                [
                    who,
                    *(
                        sek(float(s.loc[p, c]), lang=lang)
                        for c in ("mean", "p2_5", "median", "p97_5")
                    ),
                    sek(float(s.loc[p, "mcse"]), lang=lang),
                    ratio(float(s.loc[p, "prob_positive"]), 3, lang),
                    sek(float(s.loc[p, "npv_base"]), lang=lang),
                ]
            ],
            "lrrrrrrr",
        )
    )
    dec = decision_table(res, [p])
    vo = evppi_table(res, [p])
    best = float(dec["prob_invest_best"].iloc[0])
    value = float(dec["evpi"].iloc[0])
    print(
        _(
            "Invest or not ({perspective}): P(investing is better) {prob}; expected value of "
            "perfect information (EVPI) {evpi}"
        ).format(perspective=who, prob=ratio(best, 3, lang), evpi=money(value, lang))
    )
    if value > 0:
        print(
            table(
                [_("parameter group"), _("EVPPI (SEK)"), _("share of EVPI")],
                [
                    [group_text(str(g), lang), sek(float(v), lang=lang), ratio(float(sh), 2, lang)]
                    for g, v, sh in zip(vo["group"], vo["evppi"], vo["share_of_evpi"], strict=True)
                ],
                "lrr",
            )
        )
    curve = payback_curve(res, [p])
    step = max(1, len(curve) // 10)
    shown = curve.iloc[sorted({*range(0, len(curve), step), len(curve) - 1})]
    print(
        _(
            "Probability that the investment has paid back ({perspective}), with 95 % Monte "
            "Carlo band:"
        ).format(perspective=who)
    )
    print(
        table(
            [_("year"), _("P(paid back)"), _("band")],
            [
                [
                    str(int(y)),
                    ratio(float(v), 3, lang),
                    f"{ratio(float(lo), 3, lang)}–{ratio(float(hi), 3, lang)}",
                ]
                for y, v, lo, hi in zip(
                    shown["year"],
                    shown["prob_paid_back"],
                    shown["band_low"],
                    shown["band_high"],
                    strict=True,
                )
            ],
            "rrr",
        )
    )
    files.update(
        {
            "mc_summary.csv": s.reset_index(),
            "mc_break_even.csv": res.break_even_distribution(),
            "mc_payback.csv": payback_curve(res),
            "mc_decision.csv": decision_table(res),
            "mc_evppi.csv": evppi_table(res),
        }
    )
    _write(args.out, files, lang)
    return 0


def _print_inputs(res: MonteCarloResult, lang: str = "en") -> None:
    """The parameters drawn, with their distributions, and those held fixed."""
    print(inputs_text(res.varied(), res.fixed(), lang))


def inputs_text(v: pd.DataFrame, f: pd.DataFrame, lang: str = "en") -> str:
    """The parameters drawn (``varied()``), with their distributions, and
    those held fixed (``fixed()``) as plain text."""
    _ = translator(lang)
    lines = [_("Varied ({n}):").format(n=len(v))]
    lines.append(
        table(
            [_("parameter"), _("distribution"), _("from")],
            [
                [str(lab), str(d), source_text(str(src), lang)]
                for lab, d, src in zip(v["label"], v["distribution"], v["source"], strict=True)
            ],
            "lll",
        )
    )
    if len(f):
        lines.append(_("Held fixed ({n}):").format(n=len(f)))
        lines.append(
            table(
                [_("parameter"), _("value"), _("why")],
                [
                    [str(lab), significant(val, lang, 6), fixed_reason(str(why), lang)]
                    for lab, val, why in zip(f["label"], f["value"], f["reason"], strict=True)
                ],
                "lrl",
            )
        )
    return "\n".join(lines)


def _sobol(args: argparse.Namespace, model: Model) -> int:
    df = sobol_indices(
        model, uncertainty(model), n=args.sobol, seed=args.seed, perspectives=[args.perspective]
    )
    print(f"Sobol indices of the NPV ({args.sobol} base samples, seed {args.seed}):")
    rows = [
        [
            str(name),
            ratio(float(s1), 3),
            ratio(float(c1), 3),
            ratio(float(st), 3),
            ratio(float(ct), 3),
        ]
        for name, s1, c1, st, ct in zip(
            df["parameter"], df["S1"], df["S1_conf"], df["ST"], df["ST_conf"], strict=True
        )
    ]
    print(table(["parameter", "S1", "±", "ST", "±"], rows, "lrrrr"))
    _write(args.out, {"sobol.csv": df}, args.lang)
    return 0


def _threshold(args: argparse.Namespace, model: Model) -> int:
    res = (
        threshold(model, args.threshold, args.perspective)
        if args.threshold
        else break_even_success_share(model, perspective=args.perspective)
    )
    print(str(res))
    if res.found and res.reason:
        print(res.reason)
    print(
        f"NPV at base values: {sek(res.base_metric)} SEK; at the bounds "
        f"{res.bounds[0]:.6g} / {res.bounds[1]:.6g}: {sek(res.metric_at_bounds[0])} / "
        f"{sek(res.metric_at_bounds[1])} SEK"
    )
    return 0 if res.found else 1
