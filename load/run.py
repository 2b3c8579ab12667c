"""``twinrig load``: a real Locust run against a platform, then the consistency check.

The parts are separate processes, as they would be in the field: the platform (the reference
served in real time, unless a URL is given), the TCU fleet twin (which seeds the fleet first),
Locust headless (one process, or a master with workers), all on 127.0.0.1. Locust writes its CSV
and HTML reports into the output folder and decides by the thresholds; the consistency check
writes ``consistency.json`` there. The exit status is 0 only if both pass.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from load import consistency
from load.api import Api
from load.fleet_service import profile_of, profile_options

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
PYTHON = sys.executable


def options(parser: argparse.ArgumentParser) -> None:
    """The options of ``twinrig load``."""
    profile_options(parser)
    parser.add_argument("--users", type=int, default=50, help="Locust users (phone twins) at the peak")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started per second")
    parser.add_argument("--run-time", default="30s", help="how long the load runs (Locust's form: 30s, 2m)")
    parser.add_argument("--max-fail-ratio", type=float, default=0.01, help="fail above this share of failed requests")
    parser.add_argument("--max-p95-ms", type=float, default=1000.0, help="fail above this request p95 (ms)")
    parser.add_argument("--max-e2e-p95-ms", type=float, default=10000.0, help="fail above this end-to-end p95 (ms)")
    parser.add_argument("--platform", default="reference", help="reference (default), mutant:<name>, or a URL")
    parser.add_argument(
        "--command-timeout", type=float, default=5.0, help="seconds before an unanswered command ends car_unreachable"
    )
    parser.add_argument(
        "--command-retention",
        type=float,
        default=60.0,
        help="seconds after its time-out the platform forgets a command (checked by then: memory stays flat)",
    )
    parser.add_argument("--workers", type=int, default=0, help="Locust workers under a master (0: one process)")
    parser.add_argument("--out", type=Path, default=Path("load-report"), help="folder for the reports")


def seconds(run_time: str) -> float:
    """Locust's ``--run-time`` (``90``, ``30s``, ``2m``, ``1h30m``) in seconds."""
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", run_time.strip())
    if not run_time.strip() or parts is None:
        raise ValueError(f"not a run time: {run_time!r} (say 30s, 2m or 1h30m)")
    hours, minutes, secs = (int(part or 0) for part in parts.groups())
    return hours * 3600 + minutes * 60 + secs


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a load run went: Locust's exit status, and what the consistency check found."""

    locust_status: int
    problems: list[str]

    @property
    def status(self) -> int:
        return self.locust_status or (1 if self.problems else 0)


def run_load(args: argparse.Namespace, output: IO[str] = sys.stdout) -> Outcome:
    """Serve the platform (unless a URL is given), seed the fleet, run Locust, check the state."""
    run_time = seconds(args.run_time)
    profile_of(args)  # bad fleet options stop before anything starts
    if args.users < 1 or args.workers < 0:
        raise ValueError("--users must be at least 1 and --workers at least 0")
    if args.users > args.fleet:
        print(f"load: {args.users} users share {args.fleet} owners (a car's climate may race)", file=output)
    args.out.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        url = args.platform if args.platform.startswith("http") else stack.enter_context(serve_platform(args))
        fleet_url = stack.enter_context(fleet_twin(args, url, args.out / "fleet.json", output))
        ledger = consistency.Ledger.of(fleet_url)
        rolling = consistency.RollingCheck(Api(url), ledger, settle=args.command_timeout + 5)
        checker = threading.Thread(target=rolling.run, daemon=True)
        checker.start()
        try:
            status = _locust(args, url, fleet_url, run_time, output)
        finally:
            rolling.stop()
            checker.join()
        print(f"load: Locust exited with {status}", file=output, flush=True)
        fleet_file = json.loads((args.out / "fleet.json").read_text(encoding="utf-8"))
        problems = rolling.problems + consistency.check(Api(url), fleet_file, ledger, args.command_timeout + 5)
        print(f"load: checked {len(fleet_file['owners'])} cars and {ledger.accepted} accepted commands", file=output)
        connections = ledger.fetch()["connections"]
        print(f"load: fleet twin connections: {json.dumps(connections)}", file=output)
    (args.out / "consistency.json").write_text(json.dumps({"problems": problems}, indent=2), encoding="utf-8")
    for problem in problems:
        print(f"inconsistent: {problem}", file=output)
    print(f"load: consistency {'ok' if not problems else f'violated ({len(problems)} problems)'}", file=output)
    return Outcome(status, problems)


def user_classes(fleet: int, renault: float) -> list[str]:
    """The phone users' classes for *fleet* cars, the share *renault* of them My Renault (Locust
    spreads users evenly over the classes it runs): a brand without cars has no users."""
    renault_cars = int(fleet * renault)  # as load.fleet.brand_of spreads them
    return [name for name, cars in (("IsmartOwner", fleet - renault_cars), ("RenaultOwner", renault_cars)) if cars]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.loads(answer.read())


@contextlib.contextmanager
def _process(command: list[str], **popen: Any) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(command, text=True, **popen)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def serve_platform(args: argparse.Namespace) -> Iterator[str]:
    """The reference (or a mutant) served in real time on a free port."""
    port = free_port()
    command = [PYTHON, "-m", "commands.cli", "serve", "--real-time", "--quiet", "--port", str(port)]
    command += ["--platform", args.platform, "--command-timeout", str(args.command_timeout)]
    command += ["--command-retention", str(args.command_retention)]
    url = f"http://127.0.0.1:{port}"
    with _process(command, stdout=subprocess.DEVNULL) as process:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get_json(url + "/")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the platform did not start: {' '.join(command)}") from None
                time.sleep(0.1)
        yield url


@contextlib.contextmanager
def fleet_twin(args: argparse.Namespace, url: str, fleet_file: Path, output: IO[str]) -> Iterator[str]:
    """The fleet twin, once it has seeded the fleet: its URL."""
    command = [PYTHON, "-m", "load.fleet_service", "--platform", url, "--out", str(fleet_file)]
    command += ["--fleet", str(args.fleet), "--seed", str(args.seed), "--asleep", str(args.asleep)]
    command += ["--renault", str(args.renault)]
    command += ["--out-of-coverage", str(args.out_of_coverage), "--tcu-latency-ms", str(args.tcu_latency_ms)]
    command += ["--command-timeout", str(args.command_timeout)]
    with _process(command, stdout=subprocess.PIPE) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("ready "):
                yield line.split()[1]
                return
            print(line, end="", file=output, flush=True)
        raise RuntimeError(f"the fleet twin stopped before it was ready (status {process.wait()})")


def _locust(args: argparse.Namespace, url: str, fleet_url: str, run_time: float, output: IO[str]) -> int:
    common = [PYTHON, "-m", "locust", "-f", str(LOCUSTFILE)]
    master = [*common, "--headless", "--host", url, "--fleet-url", fleet_url, "--only-summary"]
    master += ["-u", str(args.users), "-r", str(args.spawn_rate), "--run-time", args.run_time, "--stop-timeout", "0"]
    master += ["--csv", str(args.out / "load"), "--html", str(args.out / "load.html"), "--exit-code-on-error", "1"]
    master += ["--command-deadline", str(args.command_timeout + 10), "--max-fail-ratio", str(args.max_fail_ratio)]
    master += ["--max-p95-ms", str(args.max_p95_ms), "--max-e2e-p95-ms", str(args.max_e2e_p95_ms)]
    master += user_classes(args.fleet, args.renault)
    with contextlib.ExitStack() as stack:
        workers = []
        if args.workers:
            port = free_port()
            master += ["--master", "--master-bind-host", "127.0.0.1", "--master-bind-port", str(port)]
            master += ["--expect-workers", str(args.workers)]
            worker = [*common, "--worker", "--master-host", "127.0.0.1", "--master-port", str(port)]
            workers = [stack.enter_context(_process(worker, stdout=output, stderr=output)) for _ in range(args.workers)]
        leader = stack.enter_context(_process(master, stdout=output, stderr=output))
        try:
            status = leader.wait(timeout=run_time + args.command_timeout + 120)
            for process in workers:
                process.wait(timeout=30)
        except subprocess.TimeoutExpired as late:
            raise RuntimeError(f"Locust did not stop in time: {' '.join(late.cmd)}") from late
        return status
