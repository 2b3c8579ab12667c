"""Hunts flaky scenarios: plays the suite *runs* times with one seed and with *runs* different
seeds, and lists every scenario whose verdict changed.

Under one seed nothing may change at all, not even a byte of a trace: that would break the rig's
determinism. Under other seeds the cast and the gateways' latencies change, and the verdicts
must not: a scenario whose verdict does depends on luck, in the platform or in the suite.
"""

from __future__ import annotations

import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.results import RunResult, ScenarioResult
from core.verdicts import RigError
from twinrig.runner import run_suite

MISSING = "missing"  # the verdict of a scenario that one run did not play


@dataclass(frozen=True, slots=True)
class Seen:
    """What one run made of a scenario: the run's *seed*, the *verdict*, how to *reproduce* it."""

    seed: int
    verdict: str
    reproduce: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"seed": self.seed, "verdict": self.verdict, "reproduce": self.reproduce}


@dataclass(frozen=True, slots=True)
class Change:
    """A scenario (*nodeid*, *feature*, *name*) that changed: what each run with the one seed
    (*same_seed*) and with each seed (*across_seeds*) made of it; *trace_changed*: under one seed."""

    nodeid: str
    feature: str
    name: str
    same_seed: list[Seen]
    across_seeds: list[Seen]
    trace_changed: bool

    @property
    def verdict_changed_under_one_seed(self) -> bool:
        return len({seen.verdict for seen in self.same_seed}) > 1

    @property
    def verdict_changed_across_seeds(self) -> bool:
        return len({seen.verdict for seen in self.across_seeds}) > 1

    def to_json(self) -> dict[str, Any]:
        return {
            "nodeid": self.nodeid,
            "feature": self.feature,
            "name": self.name,
            "verdict_changed_under_one_seed": self.verdict_changed_under_one_seed,
            "trace_changed_under_one_seed": self.trace_changed,
            "verdict_changed_across_seeds": self.verdict_changed_across_seeds,
            "same_seed": [seen.to_json() for seen in self.same_seed],
            "across_seeds": [seen.to_json() for seen in self.across_seeds],
        }


@dataclass(frozen=True, slots=True)
class Hunt:
    """The outcome: the *platform*, the one *seed*, the *seeds* tried, how many *scenarios*, the *changes*."""

    platform: str
    seed: int
    runs: int
    seeds: list[int]
    scenarios: int
    changes: list[Change]

    def to_json(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "seed": self.seed,
            "runs": self.runs,
            "seeds": self.seeds,
            "scenarios": self.scenarios,
            "changed": [change.to_json() for change in self.changes],
        }


def seeds_from(seed: int, runs: int) -> list[int]:
    """The *runs* different seeds derived from *seed*: *seed* itself and those after it."""
    return [seed + offset for offset in range(runs)]


def hunt(
    platform: str = "reference",
    seed: int = 1,
    runs: int = 3,
    *,
    select: str = "",
    declaration: Path | None = None,
    real_time: bool = False,
    jobs: int = 1,
) -> Hunt:
    """Play the suite (*select*, *declaration*, *real_time*: as :func:`run_suite` takes them)
    against *platform* *runs* times with *seed* and once with each of the seeds from it, *jobs*
    runs at a time, and find what changed.

    The first run with *seed* is also the first of the runs across seeds, so that is ``2 *
    runs - 1`` runs in all. Each job is a forked process that runs the suite in-process. A
    platform at a URL serves one scenario at a time, so its runs go one after another.
    """
    seeds = seeds_from(seed, runs)
    plan = [seed] * runs + seeds[1:]
    play = functools.partial(run_suite, platform, select=select, declaration=declaration, real_time=real_time)
    if jobs <= 1 or platform.startswith(("http://", "https://")):
        results = [play(planned) for planned in plan]
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(play, plan))
    if not results[0].scenarios:
        raise RigError(f"no scenario matches -k {select!r}: nothing to compare")
    same, across = results[:runs], results[:1] + results[runs:]
    return Hunt(platform, seed, runs, seeds, len(results[0].scenarios), changes(same, across))


def changes(same: list[RunResult], across: list[RunResult]) -> list[Change]:
    """Every scenario whose verdict differs between the runs of *same* (one seed, where its trace
    may not differ either) or of *across* (one seed each), in the order of the first run."""
    same_nodes, across_nodes = [_by_node(run) for run in same], [_by_node(run) for run in across]
    order = list(dict.fromkeys(nodeid for nodes in same_nodes + across_nodes for nodeid in nodes))
    found = []
    for nodeid in order:
        first = next(nodes[nodeid] for nodes in same_nodes + across_nodes if nodeid in nodes)
        once = [_seen(run.seed, nodes.get(nodeid)) for run, nodes in zip(same, same_nodes, strict=True)]
        each = [_seen(run.seed, nodes.get(nodeid)) for run, nodes in zip(across, across_nodes, strict=True)]
        traces = {nodes[nodeid].trace if nodeid in nodes else None for nodes in same_nodes}
        change = Change(nodeid, first.feature, first.name, once, each, len(traces) > 1)
        if change.trace_changed or change.verdict_changed_under_one_seed or change.verdict_changed_across_seeds:
            found.append(change)
    return found


def _by_node(run: RunResult) -> dict[str, ScenarioResult]:
    return {result.nodeid or f"{result.feature}::{result.name}": result for result in run.scenarios}


def _seen(seed: int, result: ScenarioResult | None) -> Seen:
    if result is None:
        return Seen(seed, MISSING)
    return Seen(seed, result.verdict.value, result.reproduce)


def render(found: Hunt) -> str:
    lines = [
        f"twinrig flaky: platform {found.platform}; {found.runs} runs with seed {found.seed}, "
        f"{found.runs} with seeds {', '.join(map(str, found.seeds))}; {found.scenarios} scenarios",
    ]
    for change in found.changes:
        lines.append("")
        lines.append(f"{change.feature}: {change.name}")
        if change.verdict_changed_under_one_seed or change.trace_changed:
            what = "verdict" if change.verdict_changed_under_one_seed else "trace"
            lines.append(f"  {what} changed under one seed: " + _verdicts(change.same_seed))
        if change.verdict_changed_across_seeds:
            lines.append("  verdict changed across seeds: " + _verdicts(change.across_seeds))
        replays = dict.fromkeys(seen.reproduce for seen in change.same_seed + change.across_seeds if seen.reproduce)
        lines += [f"  reproduce: {replay}" for replay in replays]
    lines.append("")
    if found.changes:
        lines.append(f"{len(found.changes)} of {found.scenarios} scenarios changed")
    else:
        lines.append("no scenario changed its verdict (or, under one seed, its trace)")
    return "\n".join(lines)


def _verdicts(seen: list[Seen]) -> str:
    return ", ".join(f"seed {item.seed} {item.verdict}" for item in seen)
