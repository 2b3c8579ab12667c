"""Benchmark: the whole suite against a platform "far away": through a delaying TCP proxy on
127.0.0.1 at 0, 5, 20 and 50 ms round trip.

Prints numbers; asserts nothing. Target (issue 15, item 3): at 20 ms the whole suite in <= 15 s
with ``--jobs 8``. The reference runs in its own process (``twinrig serve``); every call of the
rig goes through the proxy (transport/delay_proxy.py). The webhooks the platform sends back
reach the rig directly.

    .venv/bin/python benchmarks/remote_latency.py [--round-trips 0,5,20,50] [--jobs 1,8] [--repeat N]

With more than one job each xdist worker plays its scenarios in test worlds of their own on the
one served reference (``/test/worlds``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from core.features import REPOSITORY
from core.options import RunOptions
from load.run import free_port
from twinrig.runner import run, run_suite

ALLURE = REPOSITORY / "out" / "bench-remote-latency"


@contextmanager
def served() -> Iterator[str]:
    """The reference served by ``twinrig serve`` on a free port of 127.0.0.1: its URL."""
    port = free_port()
    command = [sys.executable, "-m", "commands.cli", "serve", "--quiet", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def delayed(upstream: str, milliseconds: float) -> Iterator[str]:
    """A delaying proxy to *upstream* in a process of its own: its URL."""
    command = [sys.executable, "-m", "transport.delay_proxy", upstream, str(milliseconds)]
    proxy = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert proxy.stdout is not None
        yield proxy.stdout.readline().strip()
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--round-trips", default="0,5,20,50", help="milliseconds, comma-separated")
    parser.add_argument("--jobs", default="1,8", help="pytest-xdist workers, comma-separated (1: serially)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with served() as url:
        run_suite(url, 1, select="binding")  # warm-up: imports, the server's first requests
        for milliseconds in (float(value) for value in args.round_trips.split(",")):
            with delayed(url, milliseconds) as proxy:
                for jobs in (int(value) for value in args.jobs.split(",")):
                    times, count = [], 0
                    for seed in range(1, args.repeat + 1):
                        started = time.perf_counter()
                        result = run(RunOptions(proxy, seed, jobs=jobs, allure=ALLURE))
                        times.append(time.perf_counter() - started)
                        count = len(result.scenarios)
                        if not result.ok:
                            print(f"  the suite did not pass at {milliseconds:g} ms, {jobs} jobs", file=sys.stderr)
                    how = "serially" if jobs == 1 else f"with --jobs {jobs}"
                    print(
                        f"{milliseconds:4g} ms round trip: {count} scenarios {how}, "
                        f"min {min(times):6.2f} s, median {statistics.median(times):6.2f} s",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
