"""Runs the conformance suite (pytest-bdd over ``scenarios/``) in-process and returns verdicts."""

from __future__ import annotations

import io
from collections.abc import Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from twinrig.declarations import load_declaration
from twinrig.features import REPOSITORY
from twinrig.platforms import resolve
from twinrig.plugin import RESULTS
from twinrig.results import RunResult
from twinrig.verdicts import RigError

SCENARIOS = REPOSITORY / "scenarios"


@dataclass(slots=True)
class _Capture:
    """A pytest plugin object that keeps the run's results when the session ends."""

    result: RunResult | None = None

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.result = session.config.stash[RESULTS]


def run_suite(
    platform: str = "reference",
    seed: int = 1,
    *,
    select: str = "",
    declaration: Path | None = None,
    real_time: bool = False,
    junit: Path | None = None,
    allure: Path | None = None,
    extra: Sequence[str] = (),
) -> RunResult:
    """Play every scenario against *platform* with *seed*; *select* is a pytest ``-k`` filter.

    *declaration* is the vendor's capability declaration file (None: ask the platform);
    *real_time* runs a platform that keeps its own time (``@needs-clock`` scenarios are
    inconclusive); *junit* writes a JUnit XML report there; *allure* writes Allure results into
    that folder (emptied first).
    """
    resolve(platform)  # an unknown platform is one clear error, not an error in every scenario
    if declaration is not None:
        load_declaration(declaration)  # so is a bad declaration file
        extra = ("--declaration", str(declaration), *extra)
    if real_time:
        extra = ("--real-time", *extra)
    if junit is not None:
        extra = (f"--junitxml={junit}", "-o", "junit_family=xunit2", "-o", "junit_suite_name=twinrig", *extra)
    if allure is not None:
        extra = ("--alluredir", str(allure), "--clean-alluredir", *extra)
    capture = _Capture()
    args = [
        str(SCENARIOS),
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",
        "-p",
        "no:allure_pytest",  # allure-pytest-bdd writes the Allure results; both cannot be active
        "-p",
        "no:locust",
        "--assert=plain",
        "-p",
        "no:unraisableexception",  # it runs gc.collect() several times at the end of every session
        "--no-header",
        "--tb=no",
        "-rN",
        "--platform",
        platform,
        "--seed",
        str(seed),
        "--rootdir",
        str(REPOSITORY),
        *(["-k", select] if select else []),
        *extra,
    ]
    printed = io.StringIO()
    with redirect_stdout(printed):
        code = pytest.main(args, plugins=[capture])
    if capture.result is None or code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        raise RigError(f"the suite could not run (pytest exit {int(code)}):\n{printed.getvalue()[-2000:]}")
    return capture.result
