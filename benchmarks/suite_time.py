"""Benchmark: wall time of the whole in-process suite, and of the 72-hour scenario alone.

Prints numbers; asserts nothing. Targets (issue 2): the whole iSmart suite in <= 3 s on a
2-core machine, the 72-hour scenario in <= 50 ms. The My Renault and whole suites are printed
too.

    .venv/bin/python benchmarks/suite_time.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from reference import ReferenceFactory
from steps.binding import has_bound
from steps.unbinding import has_requested_force_unbinding, receives_completion, time_since_request
from twinrig.runner import run_suite
from twins.world import World


def seventy_two_hours(seed: int) -> None:
    """The 72-hour scenario's steps, straight on the step library (no runner in between)."""
    world = World(ReferenceFactory(), seed)
    has_bound(world, "previous", "the car")
    has_requested_force_unbinding(world, "new", "the car")
    time_since_request(world, 72 * 3600.0, "the car")
    receives_completion(world, "new")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    run_suite("reference", 1)  # warm-up: imports, parser caches
    for label, select in (("iSmart", "ismart"), ("My Renault", "myrenault"), ("whole", "")):
        suite = []
        for seed in range(args.repeat):
            started = time.perf_counter()
            result = run_suite("reference", seed + 1, select=select)
            suite.append(time.perf_counter() - started)
        print(f"{label} suite ({len(result.scenarios)} scenarios, pytest-bdd, in-process):")
        print(f"  median {statistics.median(suite):.3f} s, min {min(suite):.3f} s, max {max(suite):.3f} s")

    seventy_two_hours(0)
    single = []
    for seed in range(args.repeat * 20):
        started = time.perf_counter()
        seventy_two_hours(seed + 1)
        single.append(time.perf_counter() - started)
    print("72-hour force-unbinding scenario (steps only, 72 virtual hours):")
    print(f"  median {statistics.median(single) * 1000:.1f} ms, max {max(single) * 1000:.1f} ms")

    started = time.perf_counter()
    result = run_suite("reference", 1, select="exactly_72_hours")
    print(f"72-hour scenario through pytest-bdd ({len(result.scenarios)} scenario, incl. pytest start-up):")
    print(f"  {(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
