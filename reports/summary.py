"""The readable summary of a run: verdicts by feature, then what went wrong, then totals."""

from __future__ import annotations

import sys
import time
from itertools import groupby
from typing import TextIO

from core.hooks import hookimpl
from core.options import RunOptions
from core.results import RunResult
from core.verdicts import Verdict

_MARK = {Verdict.PASS: "pass", Verdict.FAIL: "FAIL", Verdict.INCONCLUSIVE: "inconclusive", Verdict.ERROR: "ERROR"}


def render(run: RunResult, seconds: float | None = None, *, traces: bool = True) -> str:
    lines = [f"twinrig conformance run: platform {run.platform}, seed {run.seed}", ""]
    by_feature = sorted(run.scenarios, key=lambda result: result.feature)
    for feature, results in groupby(by_feature, key=lambda result: result.feature):
        lines.append(feature)
        for result in results:
            requirements = " ".join(result.requirements)
            lines.append(f"  {_MARK[result.verdict]:<13} {result.name}  [{requirements}]")
            if result.verdict is Verdict.INCONCLUSIVE:
                lines.append(f"  {'':<13}   {result.message}")
        lines.append("")
    problems = [result for result in run.scenarios if result.verdict in (Verdict.FAIL, Verdict.ERROR)]
    if problems:
        lines.append("What went wrong")
        for result in problems:
            lines.append(f"  {_MARK[result.verdict]} {result.feature}: {result.name}")
            lines.append(f"    requirements: {' '.join(result.requirements) or '-'}")
            if result.violated:
                lines.append(f"    broken: {' '.join(result.violated)}")
            lines.append(f"    {result.message}")
            lines.append(f"    run seed {run.seed}, scenario seed {result.seed}")
            if result.reproduce:
                lines.append(f"    reproduce: {result.reproduce}")
            if traces and result.trace:
                lines.append("    message trace:")
                lines += [f"      {entry.render()}" for entry in result.trace]
        lines.append("")
    totals = run.totals()
    timing = f" in {seconds:.2f} s" if seconds is not None else ""
    lines.append(
        f"{len(run.scenarios)} scenarios{timing}: {totals['pass']} pass, {totals['fail']} fail, "
        f"{totals['inconclusive']} inconclusive, {totals['error']} error"
    )
    if run.rejected_webhooks:
        lines.append(
            f"{run.rejected_webhooks} webhook posts refused (without the run's secret, or for a world not running)"
        )
    return "\n".join(lines)


class ConsoleSummary:
    """The handler that prints the summary to *stream* (None: standard output) when the run ends
    (with *traces*: the message trace of every scenario that failed or erred), timed from the
    run's start. ``twinrig run`` prints with one; under pytest or behave, name :data:`CONSOLE`:
    ``--twinrig-handler reports.summary:CONSOLE`` or ``-D handler=reports.summary:CONSOLE``."""

    def __init__(self, stream: TextIO | None = None, *, traces: bool = True) -> None:
        self.stream = stream
        self.traces = traces
        self.started = time.perf_counter()

    @hookimpl
    def twinrig_run_started(self, options: RunOptions) -> None:
        self.started = time.perf_counter()

    @hookimpl
    def twinrig_run_finished(self, results: RunResult) -> None:
        seconds = time.perf_counter() - self.started
        print(render(results, seconds, traces=self.traces), file=self.stream or sys.stdout, flush=True)


CONSOLE = ConsoleSummary()
"""The summary on standard output, for a run under pytest or behave."""
