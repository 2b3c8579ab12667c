"""Exploration against every mutant: which it finds, how fast, and which the suite misses.

For each mutant the exploration runs on its own (a forked process per job) with the same options;
a mutant is *found* when exploration shrinks a failure out of it. Beside it stands the kill table
of the hand-written scenarios (:mod:`twinrig.mutation`), so the table shows what exploration adds.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from explore.minimise import replay
from explore.session import Options, explore
from explore.trial import Finding, Trial
from mutants import MUTANTS, Mutant
from reference import ReferenceFactory
from reference.server import running_server
from twinrig import mutation
from twinrig.platforms import resolve


@dataclass(frozen=True, slots=True)
class Hunt:
    """What exploration did to *mutant*: the *requirement* its finding broke ("" when nothing was
    found), after *examples* examples and *seconds*; *suite_killed*: whether the hand-written
    scenarios kill it (None: not run)."""

    mutant: Mutant
    found: bool
    requirement: str
    examples: int
    seconds: float
    confirmed: bool = False
    """Whether the reference keeps the rule in the finding's steps (if not, the specification and
    the reference disagree, and the finding says nothing of the mutant)."""
    suite_killed: bool | None = None

    @property
    def killed(self) -> bool:
        """Found, and the reference keeps the rule the finding shows broken."""
        return self.found and self.confirmed

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.mutant.name,
            "requirement": self.mutant.requirement,
            "found": self.found,
            "found_requirement": self.requirement,
            "examples": self.examples,
            "seconds": round(self.seconds, 3),
            "confirmed_on_reference": self.confirmed,
            "suite_killed": self.suite_killed,
        }


def hunt_one(name: str, options: Options, over_http: bool = False) -> Hunt:
    """Explore mutant *name* with *options* (its platform replaced by the mutant)."""
    return Hunt(next(mutant for mutant in MUTANTS if mutant.name == name), *_hunted(name, options, over_http))


def _hunted(name: str, options: Options, over_http: bool) -> tuple[bool, str, int, float, bool]:
    """What exploring mutant *name* found, as plain values (they cross a process boundary)."""
    found = next(mutant for mutant in MUTANTS if mutant.name == name)
    spec = found.factory.name
    if over_http:
        with running_server(resolve(spec)) as url:
            report = explore(dataclasses.replace(options, platform=url))
    else:
        report = explore(dataclasses.replace(options, platform=spec))
    finding = report.finding
    return (
        finding is not None,
        finding.requirement if finding is not None else "",
        report.progress.examples,
        report.progress.seconds,
        finding is not None and passes_on_reference(finding, report.brand, options),
    )


def passes_on_reference(finding: Finding, brand: str, options: Options) -> bool:
    """Whether the reference platform, taking *finding*'s steps, breaks no rule."""
    trial = Trial(ReferenceFactory(), brand, options.seed, options.declaration)
    return replay(finding.steps[: finding.at + 1], trial) is None


def hunt(
    options: Options,
    mutants: Iterable[Mutant] = MUTANTS,
    *,
    jobs: int = 1,
    suite: bool = True,
    over_http: bool = False,
) -> list[Hunt]:
    """Explore each of *mutants*, *jobs* at a time; with *suite*, also run the kill table."""
    chosen = list(mutants)
    names = [mutant.name for mutant in chosen]
    if jobs <= 1 or len(chosen) <= 1:
        hunts = [hunt_one(name, options, over_http) for name in names]
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            plain = list(pool.map(_hunted, names, [options] * len(names), [over_http] * len(names)))
        hunts = [Hunt(mutant, *values) for mutant, values in zip(chosen, plain, strict=True)]
    if suite:
        kills = {kill.mutant.name: kill.killed for kill in mutation.kill_table(chosen, options.seed, jobs=jobs)}
        hunts = [dataclasses.replace(one, suite_killed=kills[one.mutant.name]) for one in hunts]
    return hunts


def render(hunts: list[Hunt]) -> str:
    """The hunt as a table, and its totals."""
    width = max((len(one.mutant.name) for one in hunts), default=6)
    lines = [f"{'mutant':<{width}}  {'requirement':<12} {'explore':<20} {'examples':>8} {'seconds':>8}  suite"]
    for one in hunts:
        found = (one.requirement or "breakdown") if one.found else "not found"
        if one.found and not one.confirmed:
            found += " (reference too!)"
        suite = {True: "killed", False: "MISSED", None: "-"}[one.suite_killed]
        lines.append(
            f"{one.mutant.name:<{width}}  {one.mutant.requirement:<12} {found:<20} "
            f"{one.examples:>8} {one.seconds:>8.2f}  {suite}"
        )
    shared = sum(one.found and not one.confirmed for one in hunts)
    lines.append(f"exploration found {sum(one.killed for one in hunts)}/{len(hunts)} mutants")
    if shared:
        lines.append(f"{shared} findings were shared by the reference: the specification and the reference disagree")
    missed = [one.mutant.name for one in hunts if one.suite_killed is False]
    if any(one.suite_killed is not None for one in hunts):
        lines.append(f"the hand-written scenarios miss {len(missed)}: {', '.join(missed) or 'none'}")
        only = [one.mutant.name for one in hunts if one.killed and one.suite_killed is False]
        lines.append(f"found by exploration only: {', '.join(only) or 'none'}")
    seconds = sorted(one.seconds for one in hunts if one.killed)
    if seconds:
        lines.append(f"median time to find: {seconds[len(seconds) // 2]:.2f} s, slowest {seconds[-1]:.2f} s")
    return "\n".join(lines)
