"""Proves the suite: runs it against every mutant of the reference platform, and tabulates kills."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from core.results import RunResult
from core.verdicts import Verdict
from mutants import MUTANTS, Mutant
from reference.server import running_server
from twinrig.platforms import resolve
from twinrig.runner import run_suite


@dataclass(slots=True)
class Kill:
    """What the suite did to one mutant: the scenarios that failed it, and those that erred."""

    mutant: Mutant
    killed_by: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    by_own_requirement: bool = False

    @property
    def killed(self) -> bool:
        return bool(self.killed_by)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.mutant.name,
            "requirement": self.mutant.requirement,
            "description": self.mutant.description,
            "killed": self.killed,
            "killed_by": self.killed_by,
            "killed_by_own_requirement": self.by_own_requirement,
            "errors": self.errors,
        }


def judge(mutant: Mutant, run: RunResult) -> Kill:
    kill = Kill(mutant)
    for result in run.scenarios:
        label = f"{result.feature}: {result.name}"
        if result.verdict is Verdict.FAIL:
            kill.killed_by.append(label)
            kill.by_own_requirement |= mutant.requirement in result.requirements
        elif result.verdict is Verdict.ERROR:
            kill.errors.append(label)
    return kill


def run_over_http(platform: str, seed: int) -> RunResult:
    """Serve *platform* (``mutant:<name>``) on a free loopback port and run the suite against it."""
    with running_server(resolve(platform)) as url:
        result = run_suite(url, seed)
    result.platform = f"{platform} over HTTP"
    return result


def kill_table(
    mutants: Iterable[Mutant] = MUTANTS,
    seed: int = 1,
    run: Callable[[str, int], RunResult] = run_suite,
    jobs: int = 1,
) -> list[Kill]:
    """Run the suite against each of *mutants* with *seed* and judge it, *jobs* mutants at a time.

    Each job is a forked process that runs the suite in-process, one mutant after another.
    """
    chosen = list(mutants)
    names = [mutant.factory.name for mutant in chosen]
    if jobs <= 1 or len(chosen) <= 1:
        runs = [run(name, seed) for name in names]
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            runs = list(pool.map(run, names, [seed] * len(names)))
    return [judge(mutant, result) for mutant, result in zip(chosen, runs, strict=True)]


def render(kills: list[Kill]) -> str:
    name = max([len("mutant"), *(len(kill.mutant.name) for kill in kills)]) + 2
    breaks = max([len("breaks"), *(len(kill.mutant.requirement) for kill in kills)]) + 2
    lines = [f"{'mutant':<{name}}{'breaks':<{breaks}}{'killed':<8}killed by"]
    for kill in kills:
        first = kill.killed_by[0] if kill.killed_by else "-"
        more = f" (+{len(kill.killed_by) - 1} more)" if len(kill.killed_by) > 1 else ""
        verdict = "yes" if kill.killed else "NO"
        lines.append(f"{kill.mutant.name:<{name}}{kill.mutant.requirement:<{breaks}}{verdict:<8}{first}{more}")
    survivors = [kill.mutant.name for kill in kills if not kill.killed]
    lines.append("")
    lines.append(f"{len(kills) - len(survivors)}/{len(kills)} mutants killed")
    if survivors:
        lines.append("survivors (holes in the suite): " + " ".join(survivors))
    return "\n".join(lines)
