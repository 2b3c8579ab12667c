"""The handler of the run's events that writes the Allure results, under either runner.

:class:`AllureResults` hears the run's events (:mod:`core.hooks`) and writes, through
``allure-commons``'s :class:`~allure_commons.logger.AllureFileLogger`, one Allure result per
scenario as it finishes (:func:`reports.allure.allure_result`), and the run's environment and
categories when the run ends. No Allure plugin of pytest or behave is involved: both runners
write the same results from the same records.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

import attr
from allure_commons.logger import AllureFileLogger

from contract import CapabilityDeclaration
from contract.codec import decode
from core.features import REPOSITORY, FeatureFile, latest
from core.hooks import hookimpl
from core.results import RunResult, ScenarioId, ScenarioResult
from reports.allure import EPOCH, Context, allure_result, environment, write_run_files


class _FileLogger(AllureFileLogger):
    """allure-commons's file logger into *folder* (emptied first), writing each result with one
    ``json.dumps`` (the C encoder; ``json.dump`` to a file streams it through the pure-Python
    one, a write per token)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, clean=True)  # type: ignore[no-untyped-call]  # allure-commons is untyped

    def _report_item(self, item: Any) -> None:
        data = attr.asdict(item, filter=lambda _, value: value or value is False)
        final = self._report_dir / item.file_pattern.format(prefix=uuid.uuid4())
        temporary = final.with_name(final.name + ".tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, final)


class AllureResults:
    """Writes the Allure results of a run played by *runner* (``pytest-bdd``, ``behave``) into
    *folder*, emptied first; the run's *seed* is a parameter of every result."""

    def __init__(self, folder: Path, runner: str, seed: int) -> None:
        self.folder = folder
        self.runner = runner
        self.seed = seed
        self.logger = _FileLogger(folder)
        self.clock = EPOCH
        self.tags: dict[tuple[str, str], frozenset[str]] = {}
        self.features: dict[str, FeatureFile | None] = {}

    @hookimpl
    def twinrig_scenario_started(self, scenario: ScenarioId) -> None:
        self.tags[scenario.feature, scenario.name] = scenario.tags

    @hookimpl
    def twinrig_scenario_finished(self, result: ScenarioResult) -> None:
        feature = self.feature(result.feature)
        tags = self.tags.pop((result.feature, result.name), None)
        if tags is None:  # the scenario ended before its world was built: its tags as written
            spec, _ = Context(frozenset(), feature, self.runner, self.seed).spec(result.name)
            tags = spec.tags if spec else frozenset()
        written = allure_result(result, Context(tags, feature, self.runner, self.seed), self.clock)
        for file_name, body in written.files.items():
            self.logger.report_attached_data(body=body, file_name=file_name)  # type: ignore[no-untyped-call]
        self.logger.report_result(written.result)  # type: ignore[no-untyped-call]
        self.clock = written.result.stop

    @hookimpl
    def twinrig_run_finished(self, results: RunResult) -> None:
        declaration = decode(CapabilityDeclaration, results.declaration) if results.declaration else None
        write_run_files(self.folder, environment(results.platform, results.seed, declaration, self.runner))

    def feature(self, path: str) -> FeatureFile | None:
        """The feature file at *path* (relative to the repository, or absolute) as read, once."""
        if path not in self.features:
            file = Path(path) if Path(path).is_absolute() else REPOSITORY / path
            self.features[path] = latest(file) if file.is_file() else None
        return self.features[path]
