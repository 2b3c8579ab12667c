"""A pytest plugin for the kill table: play only some scenarios, and stop at the first kill.

Loaded with ``-p twinrig.kill_plugin --kill-plan JSON`` (:func:`plan_args`). The plan names the
scenarios to play (*only*, by pytest node id) or to leave out (*exclude*), the scenarios of the
mutant's own requirement (*own*), and whether to stop (*stop*): the session ends after a scenario
fails once every *own* scenario has played or one of them has failed, so that whether the mutant
is killed by its own requirement is known.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field

import pytest

from core.hooks import hookimpl
from core.results import ScenarioResult
from core.verdicts import Verdict
from twinrig.plugin import run_of

OPTION = "--kill-plan"


def plan_args(
    *, only: Collection[str] | None = None, exclude: Collection[str] = (), own: Collection[str] = (), stop: bool = True
) -> list[str]:
    """The pytest arguments that play *only* those scenarios (None: all but *exclude*), and stop
    as the module says if *stop*."""
    plan = {"only": None if only is None else list(only), "exclude": list(exclude), "own": list(own), "stop": stop}
    return ["-p", __name__, f"{OPTION}={json.dumps(plan)}"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("twinrig").addoption(OPTION, default="", help="the kill table's plan (JSON; twinrig.kill_plugin)")


def pytest_configure(config: pytest.Config) -> None:
    text = config.getoption(OPTION)
    if text:
        config.pluginmanager.register(_Plan.of(json.loads(text)), "twinrig-kill-plan")


@dataclass
class _Plan:
    """One plan, as a pytest plugin and a handler of the run's events."""

    only: set[str] | None
    exclude: set[str]
    own: set[str]
    stop: bool
    killed: bool = False
    own_killed: bool = False
    session: pytest.Session | None = None
    played: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, data: dict[str, object]) -> _Plan:
        only = data["only"]
        return cls(
            only=None if only is None else set(only),  # type: ignore[call-overload]
            exclude=set(data["exclude"]),  # type: ignore[call-overload]
            own=set(data["own"]),  # type: ignore[call-overload]
            stop=bool(data["stop"]),
        )

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.session = session
        run_of(session.config).handlers.register(self)

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        kept = [item for item in items if self._plays(item.nodeid)]
        left = [item for item in items if not self._plays(item.nodeid)]
        if left:
            config.hook.pytest_deselected(items=left)
            items[:] = kept

    def _plays(self, nodeid: str) -> bool:
        return nodeid in self.only if self.only is not None else nodeid not in self.exclude

    @hookimpl
    def twinrig_scenario_finished(self, result: ScenarioResult) -> None:
        self.played.add(result.nodeid)
        if result.verdict is Verdict.FAIL:
            self.killed = True
            self.own_killed |= result.nodeid in self.own
        if self.stop and self.killed and (self.own_killed or self.own <= self.played) and self.session is not None:
            self.session.shouldfail = (
                "the mutant is killed"  # a failure ends the session cheaply; an interruption prints a traceback
            )


__all__ = ["OPTION", "plan_args"]
