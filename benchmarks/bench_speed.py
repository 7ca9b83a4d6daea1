"""Speed and memory of socinv against the plain-numpy reference, measured in
the same run (the machine may be shared: every figure is a median of
repeats, and socinv and the reference alternate within each repeat so both
see the same load).

Run from the repository root::

    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_speed.py
    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_speed.py --repeats 3 --json out.json

Measures:

* synthetic scenario (60 rows x 60 years), 100 000 draws: socinv serial and
  with two threads (``ThreadPoolExecutor(2)``), and the plain-numpy
  reference (:mod:`reference_numpy`, serial) on the same draws — the
  reference draws them with socinv's seeded sampler, block by block, and
  the drawing is timed as part of it;
* peak resident memory of the whole process tree (a fresh child process;
  threads share it) for 1 000 000 synthetic draws, serial and with two
  threads, and for a 300-line x 100-year scenario at 100 000 draws;
* ``socinv run data/scenarios/foster_care_school_support.yaml`` and
  ``python -c "import socinv"`` as whole processes;
* the fund's Monte Carlo (``data/contracts/example_fund.yaml``, two
  projects, every draw a complete ledger with its repayment rules),
  ``--fund-draws`` draws (default 10 000), in-process after one warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

N = 100_000
SEED = 2024


def _socinv(n: int, workers: int) -> float:
    from concurrent.futures import ThreadPoolExecutor

    from synthetic import synthetic_model

    from socinv.sensitivity import monte_carlo, uncertainty

    model = synthetic_model(uncertain_dropoff=True)
    unc = uncertainty(model)
    ex = ThreadPoolExecutor(workers) if workers > 1 else None
    t0 = time.perf_counter()
    monte_carlo(model, n, SEED, unc, executor=ex)
    wall = time.perf_counter() - t0
    if ex is not None:
        ex.shutdown()
    return wall


def timing(repeats: int) -> dict[str, Any]:
    """Alternating repeats of socinv serial, socinv on two threads and the
    reference; medians and the median of the per-repeat ratios."""
    from reference_numpy import build
    from synthetic import synthetic_model, synthetic_scenario_dict
    from threadpoolctl import threadpool_limits

    from socinv.sensitivity import BLOCK, draw_range, monte_carlo, uncertainty

    model = synthetic_model(uncertain_dropoff=True)
    unc = uncertainty(model)
    ref = build(synthetic_scenario_dict(uncertain_dropoff=True))
    monte_carlo(model, 2 * BLOCK, SEED, unc)  # warm-up

    def reference(n: int) -> tuple[float, float]:
        t0, c0 = time.perf_counter(), time.process_time()
        with threadpool_limits(1, "blas"):
            for start in range(0, n, BLOCK):
                stop = min(start + BLOCK, n)
                values = draw_range(unc, SEED, start, stop)
                ref.evaluate({nm: values[:, i] for i, nm in enumerate(unc.names)}, stop - start)
        return time.perf_counter() - t0, time.process_time() - c0

    def mc(workers: int) -> tuple[float, float]:
        from concurrent.futures import ThreadPoolExecutor

        ex = ThreadPoolExecutor(workers) if workers > 1 else None
        t0, c0 = time.perf_counter(), time.process_time()
        monte_carlo(model, N, SEED, unc, executor=ex)
        out = time.perf_counter() - t0, time.process_time() - c0
        if ex is not None:
            ex.shutdown()
        return out

    rows: list[dict[str, float]] = []
    for _ in range(repeats):
        s_wall, s_cpu = mc(1)
        t_wall, t_cpu = mc(2)
        r_wall, r_cpu = reference(N)
        rows.append(
            {
                "serial_s": s_wall,
                "serial_cpu_s": s_cpu,
                "threads2_s": t_wall,
                "threads2_cpu_s": t_cpu,
                "reference_s": r_wall,
                "reference_cpu_s": r_cpu,
                "ratio_serial": s_wall / r_wall,
                "ratio_serial_cpu": s_cpu / r_cpu,
                "load": os.getloadavg()[0],
            }
        )
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    return {"repeats": rows, "median": med}


FUND = ROOT / "data" / "contracts" / "example_fund.yaml"


def fund_timing(n: int, repeats: int) -> dict[str, Any]:
    """Median wall and CPU time of :func:`socinv.fund.montecarlo.fund_monte_carlo`
    on the example fund (``n`` draws, seed :data:`SEED`), after a warm-up."""
    from threadpoolctl import threadpool_limits

    from socinv.fund.montecarlo import fund_monte_carlo

    fund_monte_carlo(FUND, 64, SEED)  # warm-up: imports, compiled models
    rows = []
    with threadpool_limits(1, "blas"):
        for _ in range(repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            fund_monte_carlo(FUND, n, SEED)
            rows.append(
                {
                    "wall_s": time.perf_counter() - t0,
                    "cpu_s": time.process_time() - c0,
                    "load": os.getloadavg()[0],
                }
            )
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    return {"n": n, "repeats": rows, "median": med}


def child_memory(kind: str, n: int, workers: int) -> None:
    """Runs in a fresh process: one Monte Carlo run, then prints its peak RSS."""
    from concurrent.futures import ThreadPoolExecutor

    from socinv import compile_scenario, scenario_from_dict
    from socinv.sensitivity import monte_carlo, uncertainty
    from socinv.sensitivity.montecarlo import eval_batch

    if kind == "synthetic":
        from synthetic import synthetic_model

        model = synthetic_model(uncertain_dropoff=True)
    else:
        from synthetic import large_scenario_dict

        model = compile_scenario(scenario_from_dict(large_scenario_dict(300, 100)))
    unc = uncertainty(model)
    ex = ThreadPoolExecutor(workers) if workers > 1 else None
    t0 = time.perf_counter()
    monte_carlo(model, n, SEED, unc, executor=ex)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "kind": kind,
                "n": n,
                "workers": workers,
                "rows": len(model.rows),
                "years": model.n_years,
                "batch": eval_batch(model),
                "wall_s": wall,
                "peak_rss_mb": peak,
            }
        )
    )


def memory(kind: str, n: int, workers: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", kind, str(n), str(workers)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True)
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    # the whole tree is the child: threads share its memory, it starts no process
    out["tree_peak_rss_mb"] = out["peak_rss_mb"]
    return out


def process_time(cmd: list[str], repeats: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of a whole process."""
    walls, cpus = [], []
    for _ in range(repeats):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        walls.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime))
    return statistics.median(walls), statistics.median(cpus)


def run_against(baseline_src: Path, repeats: int) -> dict[str, Any]:
    """``socinv run`` of this checkout and of another checkout's ``src`` folder
    (e.g. an older commit unpacked with ``git archive``), alternating, so both
    see the same load: medians of wall and CPU time and of the per-pair ratio."""
    scenario = "data/scenarios/foster_care_school_support.yaml"
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from socinv.cli.main import main; "
        "sys.exit(main(['run', sys.argv[2]]))"
    )
    rows = []
    for _ in range(repeats):
        new_w, new_c = process_time([sys.executable, "-c", code, str(ROOT / "src"), scenario], 1)
        old_w, old_c = process_time(
            [sys.executable, "-c", code, str(baseline_src.resolve()), scenario], 1
        )
        rows.append(
            {
                "wall_s": new_w,
                "cpu_s": new_c,
                "baseline_wall_s": old_w,
                "baseline_cpu_s": old_c,
                "ratio_wall": new_w / old_w,
                "ratio_cpu": new_c / old_c,
                "load": os.getloadavg()[0],
            }
        )
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    return {"baseline_src": str(baseline_src), "repeats": rows, "median": med}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_memory(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-timing", action="store_true", help="only process and memory figures")
    ap.add_argument("--skip-fund", action="store_true", help="leave out the fund's Monte Carlo")
    ap.add_argument("--fund-draws", type=int, default=10_000, metavar="N")
    ap.add_argument(
        "--baseline-src",
        type=Path,
        metavar="DIR",
        help="also time `socinv run` from another checkout's src folder, alternating",
    )
    args = ap.parse_args()
    bin_dir = Path(sys.executable).parent
    socinv_exe = str(bin_dir / "socinv")
    out: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
    }
    out["timing"] = None if args.skip_timing else timing(args.repeats)
    out["run_s"] = process_time(
        [socinv_exe, "run", "data/scenarios/foster_care_school_support.yaml"], 2 * args.repeats + 1
    )
    out["import_s"] = process_time([sys.executable, "-c", "import socinv"], 2 * args.repeats + 1)
    out["fund"] = None if args.skip_fund else fund_timing(args.fund_draws, args.repeats)
    if args.baseline_src is not None:
        out["run_vs_baseline"] = run_against(args.baseline_src, 2 * args.repeats + 1)
    if not args.skip_memory:
        out["memory"] = [
            memory("synthetic", 1_000_000, 1),
            memory("synthetic", 1_000_000, 2),
            memory("large", 100_000, 1),
        ]
    print(f"# socinv speed — {out['machine']}, BLAS threads {out['blas_threads']}")
    print(f"load average (1 min) now: {os.getloadavg()[0]:.1f}")
    print("| measure | median of repeats |")
    print("|---|---:|")
    m = out["timing"]["median"] if out["timing"] else None
    if m is not None:
        rows = [
            ("load average (1 min) during the timing repeats", f"{m['load']:.1f}"),
            (
                "socinv, 100 000 draws, serial",
                f"{m['serial_s']:.2f} s wall, {m['serial_cpu_s']:.2f} s CPU",
            ),
            (
                "socinv, 100 000 draws, 2 threads",
                f"{m['threads2_s']:.2f} s wall, {m['threads2_cpu_s']:.2f} s CPU",
            ),
            (
                "plain-numpy reference, serial",
                f"{m['reference_s']:.2f} s wall, {m['reference_cpu_s']:.2f} s CPU",
            ),
            (
                "socinv / reference (serial)",
                f"{m['ratio_serial']:.2f}× wall, {m['ratio_serial_cpu']:.2f}× CPU",
            ),
        ]
        for name, value in rows:
            print(f"| {name} | {value} |")
    run_w, run_c = out["run_s"]
    imp_w, imp_c = out["import_s"]
    print(
        f"| `socinv run data/scenarios/foster_care_school_support.yaml` | {run_w:.2f} s wall, "
        f"{run_c:.2f} s CPU |"
    )
    print(f'| `python -c "import socinv"` | {imp_w:.2f} s wall, {imp_c:.2f} s CPU |')
    if out["fund"] is not None:
        f = out["fund"]["median"]
        print(
            f"| fund Monte Carlo, example fund, {out['fund']['n']:,} draws (load "
            f"{f['load']:.1f}) | {f['wall_s']:.2f} s wall, {f['cpu_s']:.2f} s CPU |"
        )
    if "run_vs_baseline" in out:
        b = out["run_vs_baseline"]["median"]
        print(
            f"| `socinv run` vs {args.baseline_src} (alternating, load {b['load']:.1f}) | "
            f"{b['wall_s']:.2f} s vs {b['baseline_wall_s']:.2f} s wall "
            f"({b['ratio_wall']:.2f}×), {b['cpu_s']:.2f} s vs {b['baseline_cpu_s']:.2f} s CPU "
            f"({b['ratio_cpu']:.2f}×) |"
        )
    for r in out.get("memory", []):
        print(
            f"| peak RSS, {r['kind']} ({r['rows']} rows × {r['years']} y), {r['n']:,} draws, "
            f"{r['workers']} thread(s), batch {r['batch']} | {r['tree_peak_rss_mb']:.0f} MB "
            f"({r['wall_s']:.1f} s) |"
        )
    if args.json:
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
