"""Runs the conformance suite (pytest-bdd over ``scenarios/``) in-process and returns verdicts."""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.claims import claim, release
from core.features import REPOSITORY
from core.options import RunOptions
from core.results import RunResult
from core.verdicts import RigError
from twinrig.certifying import signing_key
from twinrig.declarations import load_declaration
from twinrig.parallel import check_jobs, xdist_args
from twinrig.platforms import resolve
from twinrig.plugin import run_of

SCENARIOS = REPOSITORY / "scenarios"
GIVEN = REPOSITORY / "out" / "given-features"
"""Where a run of feature files named on the command line gets its test module (under the
repository, so that the root conftest loads the plugin)."""

_MODULE = """\"\"\"Scenarios of the feature files named on the command line (written by twinrig.runner).\"\"\"

from pathlib import Path

from steps.bind_pytest_bdd import bind
from twinrig.collection import collect_paths

bind()
collect_paths(globals(), [Path(path) for path in {paths!r}])
"""


def given_features(paths: Sequence[Path]) -> Path:
    """A test module that collects the feature files at *paths*; a name of its own each time, so
    that a process running the suite again never gets a module it imported before."""
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise RigError(f"no such feature file or folder: {', '.join(missing)}")
    GIVEN.mkdir(parents=True, exist_ok=True)
    module = GIVEN / f"test_given_{os.getpid()}_{next(_COUNTER)}.py"
    module.write_text(_MODULE.format(paths=[str(path.resolve()) for path in paths]), encoding="utf-8")
    return module


_COUNTER = itertools.count(1)


@dataclass(slots=True)
class _Capture:
    """A pytest plugin object that tells the run's events to *handlers* too, and keeps the run's
    results when the session ends."""

    handlers: Sequence[object] = ()
    result: RunResult | None = None

    @pytest.hookimpl(trylast=True)
    def pytest_configure(self, config: pytest.Config) -> None:
        for handler in self.handlers:
            run_of(config).handlers.register(handler)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.result = run_of(session.config).results


def run_suite(
    platform: str = "reference",
    seed: int = 1,
    *,
    select: str = "",
    declaration: Path | None = None,
    real_time: bool = False,
    junit: Path | None = None,
    allure: Path | None = None,
    features: Sequence[Path] = (),
    extra: Sequence[str] = (),
) -> RunResult:
    """Play every scenario against *platform* with *seed*; *select* is a pytest ``-k`` filter.

    *declaration* is the vendor's capability declaration file (None: ask the platform);
    *real_time* runs a platform that keeps its own time (``@needs-clock`` scenarios are
    inconclusive); *junit* writes a JUnit XML report there; *allure* writes Allure results into
    that folder (emptied first); *features* plays those feature files (or folders of them)
    instead of the suite's own. The same as :func:`run` with these :class:`RunOptions`.
    """
    options = RunOptions(
        platform,
        seed,
        declaration=declaration,
        real_time=real_time,
        select=select,
        features=tuple(features),
        junit=junit,
        allure=allure,
    )
    return run(options, extra)


def pytest_argv(options: RunOptions) -> list[str]:
    """The pytest command line that plays the suite with *options*."""
    argv = [str(given_features(options.features)) if options.features else str(SCENARIOS), *_QUIET]
    argv += ["--rootdir", str(REPOSITORY), *options.pytest_args(), *xdist_args(options.jobs)]
    if options.select:
        argv += ["-k", options.select]
    return argv


_QUIET = [
    "-q",
    # only the plugins the suite needs: no Allure plugin (the rig writes the Allure results
    # itself, reports/allure_results.py), none of the test tools (Locust, Hypothesis, ...)
    "--disable-plugin-autoload",
    "-p",
    "pytest_bdd.plugin",
    "-p",
    "no:cacheprovider",
    "--assert=plain",
    "-p",
    "no:unraisableexception",  # it runs gc.collect() several times at the end of every session
    "--no-header",
    "--tb=no",
    "-rN",
]


def run(options: RunOptions, extra: Sequence[str] = (), handlers: Sequence[object] = ()) -> RunResult:
    """Play the suite with *options* (and pytest's *extra* arguments) in this process; *handlers*
    hear the run's events too (:mod:`core.hooks`)."""
    # an unknown platform, or a bad declaration file, is one clear error, not an error in every scenario
    declaration = load_declaration(options.declaration) if options.declaration is not None else None
    factory = resolve(options.platform, options.deadline, declaration, options.max_reply, options.platform_token)
    check_jobs(options, factory)  # and workers that would share a world
    signing_key(options)  # and a key that cannot sign the certificate
    claim(options.outputs())  # and outputs another run is writing
    capture = _Capture(handlers)
    args = [*pytest_argv(options), *extra]
    printed = io.StringIO()
    try:
        with redirect_stdout(printed):
            code = pytest.main(args, plugins=[capture])
    finally:
        release(options.outputs())
    if capture.result is None or code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        raise RigError(f"the suite could not run (pytest exit {int(code)}):\n{printed.getvalue()[-2000:]}")
    return capture.result
