"""Benchmark: the whole suite in-process and over loopback HTTP, in one run.

Prints numbers; asserts nothing. Target (issue 4): over HTTP within 3x the in-process time.
The reference server runs in its own process (``twinrig serve``), as a vendor's would.

    .venv/bin/python benchmarks/http_vs_inprocess.py [--repeat N] [--port P]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import httpx

from twinrig.runner import run_suite


def timed(platform: str, repeat: int) -> tuple[float, int]:
    times = []
    for seed in range(1, repeat + 1):
        started = time.perf_counter()
        result = run_suite(platform, seed)
        times.append(time.perf_counter() - started)
        assert result.ok, f"the suite did not pass against {platform}"
    return statistics.median(times), len(result.scenarios)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    url = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "commands.cli", "serve", "--port", str(args.port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                httpx.get(url + "/", timeout=0.5)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        run_suite("reference", 1)  # warm-up
        in_process, count = timed("reference", args.repeat)
        over_http, _ = timed(url, args.repeat)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"whole suite, {count} scenarios, median of {args.repeat}:")
    print(f"  in-process          {in_process:6.2f} s")
    print(f"  over loopback HTTP  {over_http:6.2f} s   ({over_http / in_process:.1f}x in-process)")


if __name__ == "__main__":
    main()
