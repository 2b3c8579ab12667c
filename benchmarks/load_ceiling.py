"""Benchmark: the reference server's ceiling, Locust's share of it, end-to-end latency under load,
and the TCU fleet twin's memory. Loopback only, bounded in time; prints a table, asserts nothing.

1. The ceiling: ``wrk`` (Debian package) on the cheapest command endpoint, ``command_status``,
   of the reference served in real time (``twinrig serve --real-time``).
2. Locust (``load/ceiling_locustfile.py``, no think time) on the same endpoint in the same run:
   its throughput as a share of the ceiling. Target: >= 80 % (the generator is never the limit).
3. ``twinrig load`` with phone users at about half and about nine-tenths of the ceiling (users
   calibrated from a short first run): end-to-end p50 / p95 / p99.
4. Peak RSS of the fleet twin holding 10,000 and 100,000 TCUs (each in a fresh process).
   Target: 100,000 TCUs in <= 1 GiB.

    .venv/bin/python benchmarks/load_ceiling.py [--seconds 10] [--locust-processes 1]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from contract.messages import RemoteCommand
from load.api import Api
from load.run import PYTHON, fleet_twin, options, run_load, serve_platform

WRK = "/usr/bin/wrk"
CEILING_LOCUSTFILE = Path(__file__).resolve().parent.parent / "load" / "ceiling_locustfile.py"
MEMORY_PROBE = """
import resource, sys
from load.fleet import Fleet, FleetProfile
fleet = Fleet(FleetProfile(int(sys.argv[1])))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def load_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    options(parser)
    return parser.parse_args(list(argv))


def wrk(url: str, body: dict[str, Any], seconds: int, work: Path) -> float:
    """Requests per second that wrk gets from ``POST {url}/api/command_status``."""
    script = work / "command_status.lua"
    payload = json.dumps(body).replace('"', '\\"')
    script.write_text(
        f'wrk.method = "POST"\nwrk.body = "{payload}"\nwrk.headers["Content-Type"] = "application/json"\n',
        encoding="utf-8",
    )
    command = [WRK, "-t2", "-c32", f"-d{seconds}s", "-s", str(script), f"{url}/api/command_status"]
    answer = subprocess.run(command, capture_output=True, text=True, check=True)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", answer.stdout)
    if non_2xx:
        raise RuntimeError(f"wrk got {non_2xx.group(1)} refusals: {answer.stdout}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", answer.stdout)
    if found is None:
        raise RuntimeError(f"no rate in wrk's answer: {answer.stdout}")
    return float(found.group(1))


def locust_rate(url: str, body: dict[str, str], seconds: int, processes: int, work: Path) -> float:
    """Requests per second that Locust (no think time, 32 users) gets from the same endpoint."""
    prefix = work / "ceiling"
    command = [PYTHON, "-m", "locust", "-f", str(CEILING_LOCUSTFILE), "--headless", "--host", url, "--only-summary"]
    command += [
        "-u",
        "32",
        "-r",
        "32",
        "--run-time",
        f"{seconds}s",
        "--csv",
        str(prefix),
        "--processes",
        str(processes),
    ]
    command += ["--token", body["token"], "--command-id", body["command_id"]]
    subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60)
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8") as rows:
        aggregated = next(row for row in csv.DictReader(rows) if row["Name"] == "Aggregated")
    if int(aggregated["Failure Count"]):
        raise RuntimeError(f"Locust's requests failed: {aggregated}")
    return float(aggregated["Requests/s"])


def ceiling(seconds: int, processes: int, work: Path) -> tuple[float, dict[int, float]]:
    """wrk's rate on ``command_status``, and Locust's with 1 to *processes* processes, against
    one server, one after the other."""
    args = load_args("--fleet", "10", "--out", str(work), "--command-timeout", "5")
    with serve_platform(args) as url, fleet_twin(args, url, work / "fleet.json", sys.stderr):
        owner = json.loads((work / "fleet.json").read_text(encoding="utf-8"))["owners"][0]
        accepted = Api(url).call("remote_command", RemoteCommand(owner["token"], owner["vin"], "find_my_car", "bench"))
        body = {"token": owner["token"], "command_id": accepted.command_id}
        ceiling = wrk(url, body, seconds, work)
        return ceiling, {n: locust_rate(url, body, seconds, n, work) for n in range(1, processes + 1)}


def e2e_at(rate: float, seconds: int, work: Path) -> dict[str, Any]:
    """A ``twinrig load`` run with phone users calibrated to offer about *rate* requests per second."""
    probe = _load_run(40, 8, work / "probe")
    per_user = probe["requests_per_s"] / 40
    users = max(1, round(rate / per_user))
    result = _load_run(users, seconds, work / f"at-{round(rate)}")
    return {"users": users, **result}


def _load_run(users: int, seconds: int, out: Path) -> dict[str, Any]:
    argv = ["--fleet", str(users), "--users", str(users), "--spawn-rate", str(max(users // 2, 1))]
    argv += ["--run-time", f"{seconds}s", "--out", str(out), "--max-p95-ms", "1e9", "--max-e2e-p95-ms", "1e9"]
    argv += ["--max-fail-ratio", "1"]
    with open(os.devnull, "w") as quiet:
        run_load(load_args(*argv), output=quiet)
    summary: dict[str, Any] = json.loads((out / "load_summary.json").read_text(encoding="utf-8"))
    return summary


def peak_rss_mib(tcus: int) -> float:
    """Peak resident memory of a fresh process holding a fleet twin of *tcus* TCUs (MiB)."""
    answer = subprocess.run([PYTHON, "-c", MEMORY_PROBE, str(tcus)], capture_output=True, text=True, check=True)
    return int(answer.stdout.strip()) / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--locust-processes", type=int, default=2, help="Locust processes, at most, on the ceiling")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        wrk_rate, locust = ceiling(args.seconds, args.locust_processes, work)
        half = e2e_at(wrk_rate * 0.5, args.seconds, work)
        most = e2e_at(wrk_rate * 0.9, args.seconds, work)
    memory = {tcus: peak_rss_mib(tcus) for tcus in (0, 10_000, 100_000)}
    per_10k = (memory[100_000] - memory[0]) / 10
    print("| measure | value |")
    print("|---|---|")
    print(f"| ceiling: wrk on command_status | {wrk_rate:.0f} req/s |")
    for processes, rate in locust.items():
        print(f"| Locust on the same endpoint, {processes} process(es) | {rate:.0f} req/s |")
    print(f"| Locust / wrk (best) | {max(locust.values()) / wrk_rate:.0%} (target >= 80 %) |")
    for name, run in (("about 1/2", half), ("about 9/10", most)):
        share = run["requests_per_s"] / wrk_rate
        e2e = run["e2e"]
        print(
            f"| end-to-end at {name} of the ceiling ({run['users']} users, {run['requests_per_s']:.0f} req/s"
            f" = {share:.0%}) | p50 {e2e['p50']} ms, p95 {e2e['p95']} ms, p99 {e2e['p99']} ms"
            f" ({run['e2e_commands']} commands, fail ratio {run['fail_ratio']:.3f}) |"
        )
    print(
        f"| fleet twin peak RSS: empty / 10,000 / 100,000 TCUs | {memory[0]:.0f} / {memory[10_000]:.0f} / "
        f"{memory[100_000]:.0f} MiB |"
    )
    print(
        f"| fleet twin memory per 10,000 TCUs | {per_10k:.1f} MiB (100,000 in {memory[100_000]:.0f} MiB; "
        f"target <= 1024) |"
    )


if __name__ == "__main__":
    main()
