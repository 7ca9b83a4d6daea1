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

from socinv.formatting import ratio, sek, table
from socinv.limits import CHUNK, DRAWS, SEED, SOBOL_BASE, TOP, WORKERS
from socinv.payers import perspective_index
from socinv.scenarios.compile import Model
from socinv.sensitivity import (
    break_even_success_share,
    load_model,
    monte_carlo,
    one_way,
    sobol_indices,
    threshold,
    uncertainty,
)
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
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--out", type=Path, metavar="DIR", help="write the tables as CSV into DIR")
    p.set_defaults(func=_run)


def _write(out: Path | None, files: dict[str, Any]) -> None:
    if out is None:
        return
    for path in write_tables(out, files):
        print(f"wrote {path}")


def _run(args: argparse.Namespace) -> int:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = _dispatch(args)
    for w in caught:
        print(f"note: {w.message}")
    return code


def _dispatch(args: argparse.Namespace) -> int:
    perspective_index(args.perspective)  # a clear error for an unknown perspective
    model = load_model(args.scenario)
    sc = model.scenario
    print(
        f"{sc.title or sc.name} — SEK in {model.price_year} prices, perspective {args.perspective}"
    )
    if args.oneway:
        return _oneway(args, model)
    if args.mc is not None:
        return _mc(args, model)
    if args.sobol is not None:
        return _sobol(args, model)
    return _threshold(args, model)


def _oneway(args: argparse.Namespace, model: Model) -> int:
    df = one_way(model)
    sel = df[df["perspective"] == args.perspective].head(args.top)
    rows = [
        [
            str(name),
            f"{lo:.6g}",
            f"{hi:.6g}",
            sek(float(nl)),
            sek(float(nh)),
            sek(float(sw)),
            str(rule),
        ]
        for name, lo, hi, nl, nh, sw, rule in zip(
            sel["parameter"],
            sel["low"],
            sel["high"],
            sel["npv_low"],
            sel["npv_high"],
            sel["swing"],
            sel["range_rule"],
            strict=True,
        )
    ]
    base = float(df["npv_base"][df["perspective"] == args.perspective].iloc[0])
    print(f"One-way sensitivity of the NPV (base {sek(base)} SEK), largest swings first:")
    print(
        table(
            ["parameter", "low", "high", "NPV low", "NPV high", "swing", "range"],
            rows,
            "lrrrrrl",
        )
    )
    _write(args.out, {"oneway.csv": df})
    return 0


def _mc(args: argparse.Namespace, model: Model) -> int:
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
        )
    finally:
        if isinstance(executor, Executor):
            executor.shutdown()
    secs = time.perf_counter() - t0
    unc = res.uncertainty
    print(
        f"Monte Carlo: {res.n} draws, seed {res.seed}, {len(unc.varying)} uncertain "
        f"parameters, {secs:.2f} s"
    )
    s = res.summary()
    rows = [
        [
            str(p),
            sek(float(s.loc[p, "mean"])),
            sek(float(s.loc[p, "p2_5"])),
            sek(float(s.loc[p, "median"])),
            sek(float(s.loc[p, "p97_5"])),
            sek(float(s.loc[p, "mcse"])),
            ratio(float(s.loc[p, "prob_positive"]), 3),
            sek(float(s.loc[p, "npv_base"])),
        ]
        for p in s.index
    ]
    print(
        table(
            ["perspective", "mean", "2.5 %", "median", "97.5 %", "MC s.e.", "P(NPV>0)", "base"],
            rows,
            "lrrrrrrr",
        )
    )
    _write(
        args.out,
        {
            "mc_npv.csv": res.npv,
            "mc_summary.csv": s.reset_index(),
            "mc_break_even.csv": res.break_even_distribution(),
            "mc_distributions.csv": unc.table(),
        },
    )
    return 0


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
    _write(args.out, {"sobol.csv": df})
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
