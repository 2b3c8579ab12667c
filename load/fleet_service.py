"""The TCU fleet twin as a process: seed the fleet on the platform, write the fleet file, serve.

    python -m load.fleet_service --platform URL --fleet 300 --seed 1 --out fleet.json

It prints ``ready <fleet URL>`` once every owner is bound, then answers the platform's webhooks
(and hands owners to Locust's users) until it is stopped.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from load.api import Api, ApiError
from load.fleet import Fleet, FleetProfile
from load.seeding import fleet_file, seed_fleet


def profile_options(parser: argparse.ArgumentParser) -> None:
    """The command-line options that shape the fleet (shared with ``twinrig load``)."""
    parser.add_argument("--fleet", type=int, default=200, help="cars (and owners) in the seeded fleet")
    parser.add_argument("--seed", type=int, default=1, help="the seed of the fleet, its owners and latencies")
    parser.add_argument("--renault", type=float, default=0.5, help="share of My Renault cars (the rest: MG iSmart)")
    parser.add_argument("--asleep", type=float, default=0.1, help="share of TCUs asleep until woken by SMS")
    parser.add_argument("--out-of-coverage", type=float, default=0.05, help="share of TCUs out of coverage")
    parser.add_argument("--tcu-latency-ms", type=float, default=300.0, help="median time a TCU takes for a command")


def profile_of(args: argparse.Namespace) -> FleetProfile:
    if args.fleet < 1 or not (0 <= args.asleep <= 1 and 0 <= args.out_of_coverage <= 1 - args.asleep):
        raise ValueError("--fleet must be at least 1, --asleep and --out-of-coverage shares that add up to at most 1")
    if not 0 <= args.renault <= 1:
        raise ValueError("--renault is a share: between 0 and 1")
    return FleetProfile(
        args.fleet,
        renault=args.renault,
        asleep=args.asleep,
        out_of_coverage=args.out_of_coverage,
        latency_median=args.tcu_latency_ms / 1000,
        seed=args.seed,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load.fleet_service", description=__doc__)
    parser.add_argument("--platform", required=True, help="the platform's URL")
    parser.add_argument("--out", type=Path, required=True, help="where to write the fleet file (JSON)")
    parser.add_argument("--command-timeout", type=float, default=0.0, help="the platform's command time-out (s)")
    parser.add_argument("--host", default="127.0.0.1", help="the address to serve on (another machine's: its own IP)")
    parser.add_argument("--port", type=int, default=0, help="the port to serve on (0: a free one)")
    profile_options(parser)
    args = parser.parse_args(argv)
    try:
        profile = profile_of(args)
    except ValueError as error:
        parser.error(str(error))
    fleet = Fleet(profile, args.platform, address=(args.host, args.port))
    started = time.perf_counter()
    try:
        owners = seed_fleet(Api(args.platform), fleet, args.seed)
    except (ApiError, TimeoutError) as error:
        print(f"fleet: seeding failed: {error}", file=sys.stderr, flush=True)
        return 1
    fleet.owners = [asdict(owner) for owner in owners]
    args.out.write_text(json.dumps(fleet_file(args.platform, fleet, owners, args.command_timeout)), encoding="utf-8")
    print(f"fleet: {len(owners)} owners bound in {time.perf_counter() - started:.1f} s", flush=True)
    print(f"ready {fleet.url}", flush=True)
    threading.Event().wait()
    return 0  # pragma: no cover - stopped by a signal


if __name__ == "__main__":
    sys.exit(main())
