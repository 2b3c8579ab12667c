"""The ``twinrig`` command: run the suite, print the traceability matrix, run the mutants."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from mutants import MUTANTS
from reports import summary, traceability
from reports.catalogue import load_catalogue
from twinrig import __version__, mutation
from twinrig.results import RunResult
from twinrig.runner import run_suite
from twinrig.verdicts import RigError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="twinrig", description="Digital-twin conformance rig for car platforms")
    parser.add_argument("--version", action="version", version=f"twinrig {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run the conformance suite and print a summary")
    _suite_options(run)
    run.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    run.add_argument("--no-traces", action="store_true", help="leave message traces out of the summary")

    trace = commands.add_parser("trace", help="print the traceability matrix")
    _suite_options(trace)
    trace.add_argument("--results", type=Path, help="use the results JSON of an earlier run instead of running")
    trace.add_argument("--json", action="store_true", help="print the matrix as JSON")
    trace.add_argument(
        "--require",
        default="MR,IS,D",
        help="comma-separated requirement families that must be fully covered (default: all)",
    )

    mutants = commands.add_parser("mutants", help="run the suite against every mutant and print the kill table")
    mutants.add_argument("--seed", type=int, default=1)
    mutants.add_argument("--json", action="store_true", help="print the kill table as JSON")
    mutants.add_argument("--only", default="", help="comma-separated mutant names to run")
    mutants.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants run at once (default: cores)")

    args = parser.parse_args(argv)
    try:
        handler = {"run": _run, "trace": _trace, "mutants": _mutants}[args.command]
        return handler(args)
    except RigError as error:
        print(f"twinrig: {error}", file=sys.stderr)
        return 2


def _suite_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--platform", default="reference", help="reference (default) or mutant:<name>")
    parser.add_argument("--seed", type=int, default=1, help="the seed that makes the run reproducible")
    parser.add_argument("-k", dest="select", default="", help="only scenarios matching this pytest -k expression")


def _run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = run_suite(args.platform, args.seed, select=args.select)
    print(summary.render(result, time.perf_counter() - started, traces=not args.no_traces))
    if args.json:
        result.write(args.json)
    return 0 if result.ok and result.scenarios else 1


def _trace(args: argparse.Namespace) -> int:
    if args.results:
        result = RunResult.from_json(json.loads(args.results.read_text(encoding="utf-8")))
    else:
        result = run_suite(args.platform, args.seed, select=args.select)
    catalogue = load_catalogue()
    rows = traceability.matrix(catalogue, result)
    if args.json:
        print(json.dumps(traceability.to_json(rows, result), indent=2, ensure_ascii=False))
    else:
        print(traceability.render(rows))
    unknown = traceability.unknown_tags(catalogue, result)
    if unknown:
        print(f"twinrig: scenarios are tagged with unknown requirements: {' '.join(unknown)}", file=sys.stderr)
    families = {family.strip() for family in args.require.split(",") if family.strip()}
    gaps = [
        row.requirement.id
        for row in rows
        if row.verdict == traceability.UNCOVERED and row.requirement.family in families
    ]
    return 1 if gaps or unknown else 0


def _mutants(args: argparse.Namespace) -> int:
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    known = {mutant.name for mutant in MUTANTS}
    if unknown := sorted(set(chosen) - known):
        raise RigError(f"no mutant called {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    selected = [mutant for mutant in MUTANTS if not chosen or mutant.name in chosen]
    kills = mutation.kill_table(selected, args.seed, jobs=args.jobs)
    if args.json:
        print(json.dumps({"seed": args.seed, "mutants": [kill.to_json() for kill in kills]}, indent=2))
    else:
        print(mutation.render(kills))
    return 0 if all(kill.killed for kill in kills) else 1


if __name__ == "__main__":
    sys.exit(main())
