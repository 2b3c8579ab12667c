"""The pytest side of the Allure enrichment: hands each scenario to :class:`reports.allure.Enricher`.

Active when allure-pytest-bdd writes results (``--alluredir DIR``; run with ``-p no:allure_pytest``,
since allure-pytest cannot be active beside it). Loaded by the root ``conftest.py`` with the
twinrig plugin.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import allure_commons
import pytest

from contract import CapabilityDeclaration
from contract.codec import decode
from reports.allure import Enricher, Finished, environment, write_run_files
from twinrig.plugin import LIFE, run_of, scenario_of


class AllureHooks:
    """Records each scenario's step times and hands the finished scenario to the *enricher*."""

    def __init__(self, config: pytest.Config, directory: Path) -> None:
        self.config = config
        self.directory = directory
        self.enricher = Enricher()
        self.step_ends: defaultdict[str, list[float]] = defaultdict(list)

    def _step_done(self, request: pytest.FixtureRequest) -> None:
        life = request.node.stash.get(LIFE, None)
        world = life.world if life is not None else None
        if world is not None:
            self.step_ends[request.node.nodeid].append(float(world.env.now))

    def pytest_bdd_after_step(self, request: pytest.FixtureRequest) -> None:
        self._step_done(request)

    def pytest_bdd_step_error(self, request: pytest.FixtureRequest) -> None:
        self._step_done(request)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> None:
        """At teardown (before allure-pytest-bdd writes the result), hand over the scenario."""
        results = run_of(self.config).results.scenarios
        ref = scenario_of(item)
        if call.when != "teardown" or ref is None or not results or results[-1].nodeid != item.nodeid:
            return
        life = item.stash.get(LIFE, None)
        world = life.world if life is not None else None
        brands = ref.tag_values("brand")
        self.enricher.finished(
            Finished(
                results[-1],
                brands[0] if brands else "",
                tuple(world.trace) if world else (),
                tuple(self.step_ends.pop(item.nodeid, ())),
            )
        )

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        run = run_of(session.config).results
        declaration = decode(CapabilityDeclaration, run.declaration) if run.declaration else None
        write_run_files(self.directory, environment(run.platform, run.seed, declaration, "pytest-bdd"))


def pytest_configure(config: pytest.Config) -> None:
    directory = getattr(config.option, "allure_report_dir", None)
    if not directory:
        return
    hooks = AllureHooks(config, Path(directory))
    config.pluginmanager.register(hooks, "twinrig-allure")
    allure_commons.plugin_manager.register(hooks.enricher)
    config.add_cleanup(lambda: allure_commons.plugin_manager.unregister(hooks.enricher))
