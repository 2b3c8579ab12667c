"""Soak: a long ``twinrig load`` run, and whether it loses anything or grows.

``twinrig load`` serves the reference with ``twinrig serve --real-time``, starts the TCU fleet
twin, runs Locust headless with ``--users`` phone users for ``--seconds``, then checks the state
it left (``consistency.json``). Meanwhile the resident memory (RSS) of every process of the run
(the orchestrator, the platform, the fleet twin, Locust) is sampled every ``--every`` seconds
from ``/proc`` (Linux). Printed at the end: requests and failures, end-to-end percentiles, the
calls sent again on a new connection, the consistency problems, and per process its memory
series and its growth in MiB per minute (a least-squares slope, over the whole run and after
the first minute, once the fleet is seeded and every user has started). Asserts nothing; the
exit status is ``twinrig load``'s.

    .venv/bin/python benchmarks/soak.py [--users 50] [--seconds 600] [--fleet 200] [--every 10]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PYTHON = sys.executable
ROLES = (("commands.cli serve", "platform"), ("load.fleet_service", "fleet twin"), ("locust", "Locust"))


@dataclass
class Series:
    """One process's memory: (seconds since the start, RSS in MiB) every sample it was alive."""

    pid: int
    role: str
    samples: list[tuple[float, float]] = field(default_factory=list)

    def growth(self, after: float = 0.0) -> float | None:
        """MiB per minute, the least-squares slope of the samples taken *after* seconds; None if
        fewer than three are."""
        points = [(t / 60, rss) for t, rss in self.samples if t >= after]
        if len(points) < 3:
            return None
        mean_t = sum(t for t, _ in points) / len(points)
        mean_rss = sum(rss for _, rss in points) / len(points)
        spread = sum((t - mean_t) ** 2 for t, _ in points)
        return sum((t - mean_t) * (rss - mean_rss) for t, rss in points) / spread if spread else None


def descendants(root: int) -> list[int]:
    """*root* and every process below it (from ``/proc``: each process's parent)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def rss_mib(pid: int) -> float | None:
    """The resident memory of *pid* in MiB (None once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def role_of(pid: int, root: int) -> str:
    if pid == root:
        return "twinrig load"
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "?"
    return next((role for needle, role in ROLES if needle in command), command[:40])


def sample(root: subprocess.Popen[str], every: float, series: dict[int, Series], started: float) -> None:
    """Every *every* seconds until *root* ends: the RSS of each process of its tree."""
    while root.poll() is None:
        now = time.monotonic() - started
        for pid in descendants(root.pid):
            rss = rss_mib(pid)
            if rss is None:
                continue
            if pid not in series:
                series[pid] = Series(pid, role_of(pid, root.pid))
            series[pid].samples.append((round(now, 1), round(rss, 1)))
        time.sleep(every - (time.monotonic() - started) % every)


def aggregated(out: Path) -> dict[str, int]:
    """Locust's Aggregated row: requests and failures (E2E and UNREACHABLE included)."""
    with (out / "load_stats.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            if row["Name"] == "Aggregated":
                return {"requests": int(row["Request Count"]), "failures": int(row["Failure Count"])}
    return {"requests": 0, "failures": 0}


def connections(log: str, prefix: str) -> dict[str, Any]:
    line = next((line for line in log.splitlines() if line.startswith(prefix)), "")
    return json.loads(line[len(prefix) :]) if line else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="phone users (Locust)")
    parser.add_argument("--seconds", type=int, default=600, help="how long the load runs")
    parser.add_argument("--fleet", type=int, default=200, help="cars and owners in the seeded fleet")
    parser.add_argument("--every", type=float, default=10.0, help="seconds between two memory samples")
    parser.add_argument("--out", type=Path, default=None, help="keep the reports here (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = args.out or Path(folder)
        command = [PYTHON, "-m", "commands.cli", "load", "--fleet", str(max(args.fleet, args.users))]
        command += ["--users", str(args.users), "--spawn-rate", "10", "--run-time", f"{args.seconds}s"]
        command += ["--out", str(out)]
        series: dict[int, Series] = {}
        started = time.monotonic()
        root = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        sampler = threading.Thread(target=sample, args=(root, args.every, series, started), daemon=True)
        sampler.start()
        log, _ = root.communicate()
        sampler.join()
        wall = time.monotonic() - started
        problems: list[str] = json.loads((out / "consistency.json").read_text(encoding="utf-8"))["problems"]
        summary = json.loads((out / "load_summary.json").read_text(encoding="utf-8"))
        totals = aggregated(out)
    print(f"soak: {args.users} users, {args.seconds} s of load, fleet {max(args.fleet, args.users)}; {wall:.0f} s wall")
    print(f"twinrig load exit status: {root.returncode}")
    print(f"requests: {totals['requests']} (E2E and UNREACHABLE included), failures: {totals['failures']}")
    print(f"plain requests: {summary['requests']} at {summary['requests_per_s']} req/s; E2E commands: ", end="")
    print(f"{summary['e2e_commands']}, p50 {summary['e2e']['p50']} ms, p95 {summary['e2e']['p95']} ms")
    print(f"phones' connections: {connections(log, 'connections: ')}")
    print(f"fleet twin's connections: {connections(log, 'load: fleet twin connections: ')}")
    print(f"consistency problems: {len(problems)}")
    for problem in problems[:20]:
        print(f"  {problem}")
    print(f"memory (RSS, MiB) every {args.every:g} s, per process:")
    print("| process | pid | samples | first | last | max | growth MiB/min (all) | after 1 min |")
    print("|---|---|---|---|---|---|---|---|")
    for one in sorted(series.values(), key=lambda s: s.samples[0][0]):
        values = [rss for _, rss in one.samples]
        whole, settled = one.growth(), one.growth(after=60)
        print(
            f"| {one.role} | {one.pid} | {len(values)} | {values[0]:.1f} | {values[-1]:.1f} | {max(values):.1f} | "
            f"{'-' if whole is None else f'{whole:+.2f}'} | {'-' if settled is None else f'{settled:+.2f}'} |"
        )
    for one in sorted(series.values(), key=lambda s: s.samples[0][0]):
        print(f"{one.role} ({one.pid}): {' '.join(f'{rss:.1f}' for _, rss in one.samples)}")
    return root.returncode


if __name__ == "__main__":
    sys.exit(main())
