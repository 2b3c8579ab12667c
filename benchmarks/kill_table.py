"""Benchmark: the kill table's wall time and scenario runs, selective and exhaustive.

Prints numbers; asserts nothing. Target (issue 15): the full kill table in at most 15 s on this
machine with 2 jobs, the same verdict per mutant as the exhaustive run.

    .venv/bin/python benchmarks/kill_table.py [--jobs J] [--repeat N] [--exhaustive] [--cold] [--all-kills]

``--exhaustive`` also times the whole suite against every mutant (the table before selection)
and says whether both tables agree (verdict, first killer, killed by its own requirement);
``--cold`` records what each scenario reads again first (it is cached under ``out/``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time

from mutants import MUTANTS
from twinrig import mutation
from twinrig.exercised import CACHE, exercised


def timed(**options: bool) -> tuple[float, list[mutation.Kill]]:
    started = time.perf_counter()
    kills = mutation.kill_table(MUTANTS, seed=1, jobs=ARGS.jobs, **options)
    return time.perf_counter() - started, kills


def line(label: str, seconds: list[float], kills: list[mutation.Kill]) -> str:
    runs = sum(kill.runs for kill in kills)
    killed = sum(kill.killed for kill in kills)
    times = f"min {min(seconds):5.1f} s, median {statistics.median(seconds):5.1f} s ({len(seconds)} runs)"
    return f"{label:12} {times}; {runs:6} scenario runs; {killed}/{len(kills)} mutants killed"


def verdicts(kills: list[mutation.Kill]) -> list[tuple[str, bool, str, bool]]:
    return [(k.mutant.name, k.killed, k.killed_by[0] if k.killed_by else "", k.by_own_requirement) for k in kills]


def main() -> None:
    print(f"{len(MUTANTS)} mutants, {ARGS.jobs} jobs, load average {os.getloadavg()[0]:.2f} at the start")
    if ARGS.cold:
        shutil.rmtree(CACHE, ignore_errors=True)
        started = time.perf_counter()
        exercised(1)
        print(f"record       {time.perf_counter() - started:5.1f} s (one run against the reference, cached)")
    exercised(1)
    selective: list[float] = []
    for _ in range(ARGS.repeat):
        seconds, kills = timed(all_kills=ARGS.all_kills)
        selective.append(seconds)
    print(line("selective", selective, kills))
    if ARGS.exhaustive:
        seconds, whole = timed(selective=False)
        print(line("exhaustive", [seconds], whole))
        same = verdicts(kills) == verdicts(whole)
        print(f"same verdict, first killer and own requirement for every mutant: {same}")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="times the selective table is made")
    parser.add_argument("--exhaustive", action="store_true", help="also make the table the old way, once")
    parser.add_argument("--cold", action="store_true", help="record what each scenario reads first")
    parser.add_argument("--all-kills", action="store_true", help="the selective table with every killer")
    ARGS = parser.parse_args()
    main()
