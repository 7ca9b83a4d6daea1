"""HTTP API benchmark: time of ``POST /api/compare`` on the main scenario,
over real HTTP to ``socinv serve`` on 127.0.0.1, after start-up.

Run from the repository root::

    python benchmarks/bench_api.py                  # 100 timed requests
    python benchmarks/bench_api.py --requests 20 --json out.json

The server runs in a child process (``socinv serve --port <free port>``);
the client (httpx, one kept-alive connection) times each request from
sending to the parsed JSON answer. "first" is the first compare request
after the server answered its health check (it loads the catalogue and the
CPI series); the others are the following requests. The answer's figures
are checked against :func:`socinv.compare` before timing is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "data" / "scenarios" / "foster_care_school_support.yaml"
TARGET_S = 0.2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=100, help="timed requests after the first")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args()

    import httpx

    from socinv import compare, load_scenario

    body = load_scenario(MAIN).model_dump(mode="json")
    port = _free_port()
    t_launch = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "socinv.cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            while True:
                try:
                    if client.get("/api/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
                if proc.poll() is not None:
                    raise SystemExit("socinv serve stopped")
            startup = time.perf_counter() - t_launch

            def timed() -> tuple[float, dict[str, Any]]:
                t0 = time.perf_counter()
                r = client.post("/api/compare", json=body)
                out = r.json()
                dt = time.perf_counter() - t0
                r.raise_for_status()
                return dt, out

            first, answer = timed()
            times = [timed()[0] for _ in range(args.requests)]
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    society = next(r for r in answer["summary"] if r["perspective"] == "society")
    lib = compare(MAIN).npv("society")
    if abs(society["npv"] - lib) > 1e-6 * max(1.0, abs(lib)):
        raise SystemExit(f"the API's NPV {society['npv']} differs from the library's {lib}")
    times.sort()
    figures = {
        "scenario": MAIN.relative_to(ROOT).as_posix(),
        "requests": args.requests,
        "startup_s": round(startup, 3),
        "first_s": round(first, 4),
        "median_s": round(statistics.median(times), 4),
        "p95_s": round(times[int(0.95 * (len(times) - 1))], 4),
        "max_s": round(times[-1], 4),
        "target_s": TARGET_S,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_1min": round(os.getloadavg()[0], 2),
    }
    for k, v in figures.items():
        print(f"{k:>10}: {v}")
    worst = max(first, times[-1])
    print(f"{'target':>10}: every request <= {TARGET_S} s: {'met' if worst <= TARGET_S else 'NOT met'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
