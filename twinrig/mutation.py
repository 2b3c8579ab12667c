"""Proves the suite: runs it against every mutant of the reference platform, and tabulates kills."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from core.features import REPOSITORY
from core.results import RunResult, ScenarioResult
from core.verdicts import Verdict
from mutants import MUTANTS, Mutant
from reference.server import running_server
from twinrig.exercised import Exercise, change_of, exercised
from twinrig.kill_plugin import plan_args
from twinrig.platforms import resolve
from twinrig.runner import run_suite


@dataclass(slots=True)
class Kill:
    """What the suite did to one mutant: the scenarios that failed it, and those that erred.

    *runs* counts the scenarios played against it; *complete* says whether *killed_by* names
    every scenario of the suite that fails it (a table stopped at each mutant's first kill names
    the first, in the suite's order).
    """

    mutant: Mutant
    killed_by: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    by_own_requirement: bool = False
    runs: int = 0
    complete: bool = True

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
            "killed_by_complete": self.complete,
            "killed_by_own_requirement": self.by_own_requirement,
            "errors": self.errors,
            "scenarios_run": self.runs,
        }


def judge(mutant: Mutant, run: RunResult) -> Kill:
    """*mutant*'s kills in *run*."""
    return _judged(mutant, run.scenarios)


def _judged(mutant: Mutant, scenarios: Iterable[ScenarioResult]) -> Kill:
    kill = Kill(mutant)
    for result in scenarios:
        kill.runs += 1
        label = f"{result.feature}: {result.name}"
        if result.verdict is Verdict.FAIL:
            kill.killed_by.append(label)
            kill.by_own_requirement |= mutant.requirement in result.requirements
        elif result.verdict is Verdict.ERROR:
            kill.errors.append(label)
    return kill


def run_over_http(platform: str, seed: int, extra: Sequence[str] = ()) -> RunResult:
    """Serve *platform* (``mutant:<name>``) on a free loopback port and run the suite against it
    (with pytest's *extra* arguments)."""
    with running_server(resolve(platform)) as url:
        result = run_suite(url, seed, extra=extra)
    result.platform = f"{platform} over HTTP"
    return result


def kill_table(
    mutants: Iterable[Mutant] = MUTANTS,
    seed: int = 1,
    run: Callable[..., RunResult] = run_suite,
    jobs: int = 1,
    *,
    all_kills: bool = False,
    selective: bool = True,
) -> list[Kill]:
    """Run the suite against each of *mutants* with *seed* and judge it, *jobs* mutants at a time.

    Each job is a forked process that runs the suite in-process, one mutant after another.
    *selective* (:mod:`twinrig.exercised`): play first the scenarios of the mutant's own
    requirement and those that read what it changes, in the suite's order, stopping at its first
    kill (once its own requirement's scenarios are judged) unless *all_kills*; then, if none
    killed it, the rest of the suite. *run* then takes pytest's arguments as ``extra``. Not
    *selective*: the whole suite against every mutant. Either way the same mutants are killed,
    by the same first scenario, by their own requirement or not.
    """
    chosen = list(mutants)
    _JOB[:] = [chosen, exercised(seed) if selective else None]
    work = partial(_kill_at, seed=seed, run=run, all_kills=all_kills)
    indices = range(len(chosen))
    if jobs <= 1 or len(chosen) <= 1:
        kills = [work(index) for index in indices]
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            kills = list(pool.map(work, indices))
    for kill, mutant in zip(kills, chosen, strict=True):
        kill.mutant = mutant
    return kills


_JOB: list[Any] = []
"""The mutants of the kill table being made, and the record it selects by (a forked job sees them
as they were: a mutant's class made in a function does not pickle)."""


def _kill_at(index: int, seed: int, run: Callable[..., RunResult], all_kills: bool) -> Kill:
    """Judge the mutant at *index*; the kill comes back without it (it is put back after)."""
    chosen, exercise = _JOB
    kill = _kill(chosen[index], exercise, seed, run, all_kills)
    kill.mutant = None  # type: ignore[assignment]
    return kill


def _kill(mutant: Mutant, exercise: Exercise | None, seed: int, run: Callable[..., RunResult], all_kills: bool) -> Kill:
    """Judge *mutant*: the whole suite, or its first batch and, if it survives that, the rest."""
    name = mutant.factory.name
    change = change_of(mutant.factory) if exercise is not None else None
    if exercise is None or change is None:
        return judge(mutant, run(name, seed))
    own = exercise.own(mutant.requirement)
    chosen = set(exercise.reading(change)) | set(own)
    first = [nodeid for nodeid in exercise.order if nodeid in chosen]
    stop = not all_kills
    # a test module none of the first batch is in is not even collected
    needed = {nodeid.partition("::")[0] for nodeid in first}
    ignore = [
        arg
        for path in sorted({n.partition("::")[0] for n in exercise.order} - needed)
        for arg in ("--ignore", str(REPOSITORY / path))
    ]
    played = run(name, seed, extra=[*plan_args(only=first, own=own, stop=stop), *ignore]).scenarios if first else []
    if not any(result.verdict is Verdict.FAIL for result in played):
        played += run(name, seed, extra=plan_args(exclude=first, stop=stop)).scenarios
    rank = {nodeid: index for index, nodeid in enumerate(exercise.order)}
    played.sort(key=lambda result: rank.get(result.nodeid, len(rank)))
    kill = _judged(mutant, played)
    kill.complete = all_kills or not kill.killed
    return kill


def render(kills: list[Kill]) -> str:
    name = max([len("mutant"), *(len(kill.mutant.name) for kill in kills)]) + 2
    breaks = max([len("breaks"), *(len(kill.mutant.requirement) for kill in kills)]) + 2
    lines = [f"{'mutant':<{name}}{'breaks':<{breaks}}{'killed':<8}killed by"]
    for kill in kills:
        first = kill.killed_by[0] if kill.killed_by else "-"
        more = f" (+{len(kill.killed_by) - 1} more)" if len(kill.killed_by) > 1 and kill.complete else ""
        verdict = "yes" if kill.killed else "NO"
        lines.append(f"{kill.mutant.name:<{name}}{kill.mutant.requirement:<{breaks}}{verdict:<8}{first}{more}")
    survivors = [kill.mutant.name for kill in kills if not kill.killed]
    lines.append("")
    lines.append(f"{len(kills) - len(survivors)}/{len(kills)} mutants killed")
    if survivors:
        lines.append("survivors (holes in the suite): " + " ".join(survivors))
    return "\n".join(lines)
