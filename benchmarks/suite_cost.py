"""Benchmark: what a `twinrig run` costs in CPU, fixed and per scenario (a least-squares fit).

Prints numbers; asserts nothing. Targets (issue 15, item 5): fixed cost <= 1 s and <= 6 ms of
CPU per scenario in-process. Each point is a fresh `twinrig run` process (imports, collection,
the scenarios, the Allure results) with a `-k` selection of a different size; its CPU time
(user + system) is read from the operating system, the minimum of the repetitions is kept.

    .venv/bin/python benchmarks/suite_cost.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
from pathlib import Path

SELECTIONS = ("nothing_at_all", "ismart and binding", "ismart", "myrenault", "")
"""pytest -k expressions of growing size ("" is the whole suite)."""


def cpu_of(select: str, folder: Path) -> tuple[float, int]:
    """The CPU seconds of one `twinrig run -k select`, and how many scenarios it played."""
    results = folder / "results.json"
    command = [sys.executable, "-m", "commands.cli", "run", "--no-traces", "--json", str(results)]
    command += ["--allure", str(folder / "allure"), *(["-k", select] if select else [])]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    played = len(json.loads(results.read_text(encoding="utf-8"))["scenarios"]) if results.exists() else 0
    results.unlink(missing_ok=True)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), played


def fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """The line through *points* (scenarios, seconds) by least squares: (fixed, per scenario)."""
    slope, intercept = statistics.linear_regression([n for n, _ in points], [cpu for _, cpu in points])
    return intercept, slope


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    points = []
    folder = Path("out") / "bench-suite-cost"  # where a run's outputs go: out/, as `twinrig run`'s
    folder.mkdir(parents=True, exist_ok=True)
    for select in SELECTIONS:
        runs = [cpu_of(select, folder) for _ in range(args.repeat)]
        played = runs[0][1]
        cpus = [cpu for cpu, _ in runs]
        points.append((played, min(cpus)))
        label = select or "(the whole suite)"
        median = statistics.median(cpus)
        print(f"{label:>22}: {played:3d} scenarios, CPU min {min(cpus):.2f} s, median {median:.2f} s")
    fixed, per_scenario = fit(points)
    print(f"fit: fixed {fixed:.2f} s + {per_scenario * 1000:.1f} ms per scenario (targets: <= 1 s, <= 6 ms)")


if __name__ == "__main__":
    main()
