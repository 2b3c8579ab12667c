"""Every scenario's seed, the same under pytest-bdd and behave.

A scenario's seed mixes the run's seed with the scenario's identity: its feature file's path
relative to the repository and its name as the results write it (:func:`scenario_name`). Both
runners know both before the scenario starts, and neither depends on the runner, on the test
module a scenario is collected into or on which other scenarios run, so one run seed gives a
scenario the same seed, cast, latencies and trace in either runner, in the whole suite or alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def scenario_name(name: str, row: Iterable[object] = ()) -> str:
    """A scenario's name in the results: an outline's *name* with its Examples *row* in brackets."""
    values = "-".join(str(value) for value in row)
    return f"{name} [{values}]" if values else name


def scenario_seed(run_seed: int, feature: str, name: str, tags: Iterable[str] = ()) -> int:
    """The seed of the scenario *name* of the *feature* file (relative to the repository) in a run.

    A scenario tagged ``@seed:N`` (a shrunk exploration finding, cast as it was found) has seed
    *N* in every run.
    """
    for tag in tags:
        if tag.startswith("seed:") and tag.removeprefix("seed:").isdigit():
            return int(tag.removeprefix("seed:"))
    digest = hashlib.sha256(f"{run_seed}:{feature}::{name}".encode()).hexdigest()
    return int(digest[:12], 16)
