"""Benchmark: exploration's speed in-process and over HTTP, the states it reaches, and how fast it
finds each shipped mutant.

Prints numbers; asserts nothing. Targets (issue 11): 60 s of in-process exploration on a 2-core
machine finds every shipped mutant.

    .venv/bin/python benchmarks/explore.py [--examples N] [--jobs J] [--budget S] [--only a,b]
        [--from-scratch-too]

With ``--from-scratch-too`` it also hunts every mutant without the suite's scenarios as starts,
to show what they add (several minutes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]  # run as a script, this file's own name would hide the explore package

from explore.hunt import hunt, render
from explore.session import Options, explore
from mutants import MUTANTS
from reference.server import running_server
from twinrig.platforms import resolve


def clean_run(platform: str, examples: int, brand: str) -> tuple[float, float, int, bool]:
    """Actions per second, distinct states per minute, actions, and whether it found anything."""
    report = explore(Options(platform, examples=examples, brand=brand, database=None))
    seconds = report.progress.seconds
    return (
        report.progress.actions / seconds,
        report.progress.states / seconds * 60,
        report.progress.actions,
        report.finding is not None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="examples of the clean runs")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--budget", type=float, default=None, help="seconds per mutant")
    parser.add_argument("--only", default="", help="comma-separated mutants (default: all)")
    parser.add_argument("--from-scratch-too", action="store_true", help="also hunt without the suite's starts")
    args = parser.parse_args()

    for brand in ("ismart", "myrenault"):
        rate, states, actions, found = clean_run("reference", args.examples, brand)
        print(f"in-process {brand:9}: {rate:7.1f} actions/s, {states:7.1f} distinct states/min ({actions} actions)")
        if found:
            print("  (the reference gave a finding: the specification and the reference disagree)")
    with running_server(resolve("reference")) as url:
        for brand in ("ismart", "myrenault"):
            rate, states, actions, _ = clean_run(url, max(args.examples // 4, 10), brand)
            print(f"over HTTP  {brand:9}: {rate:7.1f} actions/s, {states:7.1f} distinct states/min ({actions} actions)")

    chosen = [mutant for mutant in MUTANTS if not args.only or mutant.name in args.only.split(",")]
    for suite in (True, False) if args.from_scratch_too else (True,):
        print(f"--- hunt {'starting from the suite' if suite else 'from scratch (--from-scratch)'}")
        started = time.perf_counter()
        hunts = hunt(Options(budget=args.budget, database=None, suite=suite), chosen, jobs=args.jobs, suite=False)
        wall = time.perf_counter() - started
        print(render(hunts))
        times = [one.seconds for one in hunts if one.killed]
        if times:
            p90 = sorted(times)[int(len(times) * 0.9)]
            print(f"time to find a mutant: median {statistics.median(times):.2f} s, p90 {p90:.2f} s")
            print(f"exploration time until every found mutant was found, summed: {sum(times):.1f} s")
        print(f"all {len(chosen)} mutants with {args.jobs} jobs: {wall:.1f} s of wall-clock time")


if __name__ == "__main__":
    main()
