"""Benchmark: wall time of ``twinrig flaky`` over the whole suite, against one run of the suite.

Prints numbers; asserts nothing. ``--runs N`` plays 2N-1 runs, ``--jobs`` of them at a time;
the machine's load average is printed with them, since other work on the cores slows it all.

    .venv/bin/python benchmarks/flaky_time.py [--runs N] [--jobs J]
"""

from __future__ import annotations

import argparse
import os
import time

from twinrig.flakiness import hunt
from twinrig.runner import run_suite


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    run_suite("reference", 1)  # warm-up: imports, parser caches
    started = time.perf_counter()
    one = run_suite("reference", 1)
    single = time.perf_counter() - started
    print(f"one run of the suite ({len(one.scenarios)} scenarios): {single:.2f} s")

    started = time.perf_counter()
    found = hunt("reference", 1, args.runs, jobs=args.jobs)
    took = time.perf_counter() - started
    played = 2 * args.runs - 1
    print(f"twinrig flaky --runs {args.runs} --jobs {args.jobs} ({played} runs): {took:.2f} s")
    print(f"  {took / played:.2f} s a run; {len(found.changes)} scenarios changed")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
