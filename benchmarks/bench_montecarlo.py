"""Monte Carlo benchmark: wall time and peak memory of socinv's vectorised
Monte Carlo on the synthetic ~30-item, 60-year scenario and on the shipped
scenarios, and the speed-up over a naive per-draw loop.

Run from the repository root::

    python benchmarks/bench_montecarlo.py                 # full run (a few minutes)
    python benchmarks/bench_montecarlo.py --quick         # 10 000 draws only

Each measurement runs in a fresh child process so that its peak resident
memory (``ru_maxrss``, including the worker processes when ``--workers`` > 1)
belongs to that measurement alone. The naive baseline evaluates draws one at
a time with ``compare_model(model, overrides).summary()`` (a per-draw
Python/pandas loop through the public API) on a subset of draws; its time
for ``n`` draws is extrapolated linearly from that subset, as stated in the
output.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _load(name: str) -> Any:
    from socinv.sensitivity import load_model

    if name.startswith("synthetic"):
        from synthetic import synthetic_model

        return synthetic_model(uncertain_dropoff=name == "synthetic")
    return load_model(ROOT / name)


def child(name: str, n: int, workers: int, naive: int, seed: int) -> dict[str, Any]:
    """One measurement (runs in its own process)."""
    from concurrent.futures import ProcessPoolExecutor

    import numpy as np

    from socinv import compare_model
    from socinv.sensitivity import monte_carlo, uncertainty
    from socinv.sensitivity.montecarlo import draw_range

    model = _load(name)
    unc = uncertainty(model)
    monte_carlo(model, 1024, seed, unc)  # warm-up (imports, caches)
    rss0 = _rss_mb()
    ex = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    res = monte_carlo(model, n, seed, unc, executor=ex)
    wall = time.perf_counter() - t0
    if ex is not None:
        ex.shutdown()
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    ruc = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (
        (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime) + ruc.ru_utime + ruc.ru_stime
    )
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out: dict[str, Any] = {
        "scenario": name,
        "n": n,
        "workers": workers,
        "rows": len(model.rows),
        "years": model.n_years,
        "params": len(model.params),
        "uncertain": len(unc.varying),
        "wall_s": wall,
        "cpu_s": cpu,
        "load_avg_1min": os.getloadavg()[0],
        "draws_per_s": n / wall,
        "rss_before_mc_mb": rss0,
        "peak_rss_mb": peak_self,
        "peak_rss_worker_mb": peak_children,
        "result_mb": (res.npv.to_numpy().nbytes + res.break_even.nbytes) / 2**20,
        "mean_npv_society": float(res.npv["society"].mean()),
    }
    if naive:
        values = draw_range(unc, seed, 0, naive)
        t0 = time.perf_counter()
        c0 = time.process_time()
        naive_npv = []
        for i in range(naive):
            overrides = {nm: float(v) for nm, v in zip(unc.names, values[i], strict=True)}
            naive_npv.append(compare_model(model, overrides).summary()["npv"].to_numpy())
        t_naive = time.perf_counter() - t0
        c_naive = time.process_time() - c0
        agree = np.allclose(np.array(naive_npv), res.npv.to_numpy()[:naive], rtol=1e-9, atol=1e-6)
        out.update(
            naive_draws_timed=naive,
            naive_s_per_draw=t_naive / naive,
            naive_extrapolated_s=t_naive / naive * n,
            speedup=(t_naive / naive * n) / wall,
            naive_cpu_s_per_draw=c_naive / naive,
            speedup_cpu=(c_naive / naive * n) / cpu,
            naive_agrees=bool(agree),
        )
    return out


def run(
    name: str, n: int, workers: int, naive: int, seed: int, blas_threads: int | None
) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", name, str(n), str(workers), str(naive), str(seed)]
    env = dict(os.environ)
    if blas_threads is not None:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = str(blas_threads)
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False, env=env)
    if proc.returncode != 0:
        return {"scenario": name, "n": n, "workers": workers, "error": proc.stderr.strip()[-400:]}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def shipped() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "data" / "scenarios").rglob("*.yaml"))


def fmt(r: dict[str, Any]) -> str:
    if "error" in r:
        return f"| {r['scenario']} | {r['n']:,} | {r['workers']} | error: {r['error'][-120:]} |"
    naive = (
        f"{r['naive_s_per_draw'] * 1e3:.1f} ms/draw ({r['naive_draws_timed']} timed) → "
        f"{r['naive_extrapolated_s']:.0f} s extrapolated; **{r['speedup']:.0f}×** wall, "
        f"{r['speedup_cpu']:.0f}× CPU{'' if r['naive_agrees'] else ' (RESULTS DIFFER)'}"
        if "speedup" in r
        else "—"
    )
    return (
        f"| {r['scenario']} | {r['n']:,} | {r['workers']} | {r['rows']} rows × {r['years']} y, "
        f"{r['uncertain']} uncertain | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | "
        f"{r['load_avg_1min']:.1f} | "
        f"{max(r['peak_rss_mb'], r['peak_rss_worker_mb']):.0f} "
        f"(+{r['peak_rss_mb'] - r['rss_before_mc_mb']:.0f}) | {naive} |"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        name, n, workers, naive, seed = sys.argv[2:7]
        print(json.dumps(child(name, int(n), int(workers), int(naive), int(seed))))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="10 000 draws only")
    ap.add_argument("--naive", type=int, default=200, help="draws timed in the naive loop")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--json", type=Path, help="write all results as JSON")
    ap.add_argument(
        "--blas-threads",
        type=int,
        help="set OPENBLAS_NUM_THREADS/OMP_NUM_THREADS for the measured processes",
    )
    ap.add_argument("--no-shipped", action="store_true", help="synthetic scenario only")
    args = ap.parse_args()
    sizes = [10_000] if args.quick else [10_000, 100_000]
    cpus = os.cpu_count()
    blas = "default" if args.blas_threads is None else str(args.blas_threads)
    print(
        f"# socinv Monte Carlo benchmark — {platform.machine()}, {cpus} CPUs, "
        f"Python {platform.python_version()}, BLAS threads: {blas}"
    )
    print()
    print(
        "| scenario | draws | workers | model | wall (s) | CPU (s) | load | "
        "peak RSS MB (+ during MC) | naive loop |"
    )
    print("|---|---:|---:|---|---:|---:|---:|---:|---|")
    results = []
    plan: list[tuple[str, int, int, int]] = []
    for n in sizes:
        plan.append(("synthetic", n, 1, args.naive))
        plan.append(("synthetic", n, 2, 0))
        plan.append(("synthetic-fixed-dropoff", n, 1, args.naive))
        plan.append(("synthetic-fixed-dropoff", n, 2, 0))
    for sc in [] if args.no_shipped else shipped():
        for n in sizes:
            plan.append((sc, n, 1, args.naive if n == sizes[0] else 0))
    for name, n, workers, naive in plan:
        r = run(name, n, workers, naive, args.seed, args.blas_threads)
        results.append(r)
        print(fmt(r), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
