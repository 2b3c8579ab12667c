"""Allure results from the rig's own records: what a reader of the Allure report sees.

:func:`allure_result` makes one Allure test result (``allure_commons.model2``) of a scenario's
:class:`core.results.ScenarioResult`, the same under pytest-bdd and behave (the handler that
writes them is :class:`reports.allure_results.AllureResults`):

- the status follows the verdict (:attr:`core.verdicts.Verdict.allure_status`: pass→passed,
  fail→failed, error→broken, inconclusive→skipped), and the message starts with the verdict;
- labels: ``feature`` (the Gherkin feature's title), ``story`` (the scenario), ``epic`` (the
  brand's name), ``brand``, ``requirement`` (one per ID), ``verdict``, ``tag`` (each Gherkin
  tag), ``framework`` (the runner) and ``language``;
- a link per requirement ID to its row of the catalogue page (:data:`CATALOGUE_PAGE`, an anchor
  per ID, written beside the HTML report by ``twinrig report``);
- parameters: the run's seed and the scenario's, and an outline's example row;
- each step with its status, its message, and its virtual time as the parameter ``virtual time``;
- the message trace as a sequence diagram (SVG) and as text, and a failure's replay command.

Times are virtual, never the wall clock: a scenario starts at the *start* it is given (the
handler counts from :data:`EPOCH`, each scenario where the one before ended), and its steps at
the world's ``env.now`` after that, so one seed writes the same results.

:func:`write_run_files` adds the run's environment (``environment.properties``) and the
categories (``categories.json``) that tell a fail from an error from an inconclusive.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

from allure_commons.model2 import (
    Attachment,
    Label,
    Link,
    Parameter,
    Status,
    StatusDetails,
    TestResult,
    TestStepResult,
)
from allure_commons.types import AttachmentType

from contract.capabilities import CapabilityDeclaration
from core import __version__
from core.features import FeatureFile, ScenarioSpec
from core.results import ScenarioResult, StepResult, StepStatus
from core.seeds import scenario_name
from core.trace import format_time, render_trace
from core.verdicts import Verdict
from reports.catalogue import Requirement
from reports.certificate import platform_info
from reports.sequence import render_svg

CATALOGUE_PAGE = "requirements.html"
"""The requirement catalogue page the requirement links point into, beside the HTML report."""

BRAND_NAMES = {"ismart": "MG iSmart", "myrenault": "My Renault"}

EPOCH = 946_684_800_000
"""Where a run's virtual time starts in the Allure results, in milliseconds since 1970:
2000-01-01 00:00 UTC (a date no one takes for the wall clock; Allure drops a time of 0)."""

#: The categories of the report: a fail, the two kinds of error, not applicable, inconclusive.
#: Messages start with the verdict (see :func:`allure_result`), so the patterns can tell them apart.
CATEGORIES: list[dict[str, Any]] = [
    {
        "name": "Fail: a requirement is violated",
        "description": "The platform did something a requirement forbids (verdict fail).",
        "matchedStatuses": ["failed"],
    },
    {
        "name": "Error: the platform broke down",
        "description": "A call timed out, crashed or answered nonsense (verdict error, naming the call).",
        "matchedStatuses": ["broken"],
        "messageRegex": r"^error: PlatformBreakdown: platform broke down[\s\S]*",
    },
    {
        "name": "Error: the rig or a feature file",
        "description": "A malformed feature file, an undefined step, a broken rig (verdict error).",
        "matchedStatuses": ["broken"],
    },
    {
        "name": "Inconclusive: not applicable",
        "description": "The platform does not claim the brand, service or feature the scenario needs.",
        "matchedStatuses": ["skipped"],
        "messageRegex": r"^inconclusive: not applicable[\s\S]*",
    },
    {
        "name": "Inconclusive",
        "description": "The scenario could not reach its point of judgement (verdict inconclusive).",
        "matchedStatuses": ["skipped"],
    },
]

STEP_STATUS = {
    StepStatus.PASSED: Status.PASSED,
    StepStatus.FAILED: Status.FAILED,
    StepStatus.ERROR: Status.BROKEN,
    StepStatus.INCONCLUSIVE: Status.SKIPPED,
    StepStatus.SKIPPED: Status.SKIPPED,
    StepStatus.UNDEFINED: Status.BROKEN,
    StepStatus.AMBIGUOUS: Status.BROKEN,
}
"""The Allure status of each of the rig's step statuses (an inconclusive step is not broken)."""

_EXAMPLE = re.compile(r" \[[^\]]*\]$")


def requirement_url(requirement: str) -> str:
    """The link to *requirement*'s row of the catalogue page, relative to the HTML report."""
    return f"{CATALOGUE_PAGE}#{requirement}"


@dataclass(frozen=True, slots=True)
class Context:
    """What an Allure result says beyond the scenario's result: the scenario's *tags*, its
    *feature* file as read (None: unreadable), the *runner* (``pytest-bdd``, ``behave``) and
    the run's *seed*."""

    tags: frozenset[str]
    feature: FeatureFile | None
    runner: str
    seed: int

    def spec(self, name: str) -> tuple[ScenarioSpec | None, dict[str, str]]:
        """The feature's scenario whose result is named *name*, and the example row it ran with."""
        for spec in self.feature.scenarios if self.feature else ():
            if spec.name == name:
                return spec, {}
            for row in spec.examples:
                if scenario_name(spec.name, row.values()) == name:
                    return spec, row
        return None, {}

    def description(self, spec: ScenarioSpec | None) -> str | None:
        """The text under the scenario's title, else under the feature's (None: neither has one)."""
        return (spec.description if spec else "") or (self.feature.description if self.feature else "") or None


@dataclass(slots=True)
class Written:
    """An Allure *result* and the attachment *files* it names (file name → body)."""

    result: TestResult
    files: dict[str, str] = field(default_factory=dict)

    def attach(self, body: str, name: str, kind: AttachmentType) -> None:
        file_name = f"{uuid4()}-attachment.{kind.extension}"
        self.files[file_name] = body
        self.result.attachments.append(Attachment(name=name, source=file_name, type=kind.mime_type))


def allure_result(scenario: ScenarioResult, context: Context, start: int) -> Written:
    """The Allure result of *scenario*, started at *start* (milliseconds), with its attachments."""
    spec, row = context.spec(scenario.name)
    feature_title = context.feature.name if context.feature and context.feature.name else scenario.feature
    verdict = scenario.verdict
    stop = start + _ms(max((step.finished for step in scenario.steps), default=0.0))
    result = TestResult(
        uuid=str(uuid4()),
        name=scenario.name,
        fullName=f"{scenario.feature}:{scenario.name}",
        historyId=_digest(scenario.feature, scenario.name),
        testCaseId=_digest(scenario.feature, _EXAMPLE.sub("", scenario.name)),
        titlePath=[*Path(scenario.feature).parent.parts, feature_title],
        description=context.description(spec),
        status=verdict.allure_status,
        start=start,
        stop=stop,
        labels=[Label(name=name, value=value) for name, value in _labels(scenario, context, feature_title)],
        links=[Link(type="tms", url=requirement_url(req), name=req) for req in scenario.requirements],
        parameters=[
            *(Parameter(name=key, value=value) for key, value in row.items()),
            Parameter(name="run seed", value=str(context.seed), excluded=True),
            Parameter(name="scenario seed", value=str(scenario.seed), excluded=True),
        ],
        steps=[_step(step, start, stop) for step in scenario.steps],
    )
    if verdict is not Verdict.PASS:
        result.statusDetails = StatusDetails(message=f"{verdict.value}: {scenario.message}", trace=_why(scenario))
    written = Written(result)
    if scenario.trace:
        svg = render_svg(list(scenario.trace), title=scenario.name)
        written.attach(svg, "message trace (sequence diagram)", AttachmentType.SVG)
        written.attach(render_trace(scenario.trace), "message trace", AttachmentType.TEXT)
    if scenario.reproduce:
        written.attach(scenario.reproduce + "\n", "reproduce", AttachmentType.TEXT)
    return written


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _digest(*parts: str) -> str:
    return hashlib.md5("::".join(parts).encode(), usedforsecurity=False).hexdigest()


def _labels(scenario: ScenarioResult, context: Context, feature_title: str) -> Iterator[tuple[str, str]]:
    yield "feature", feature_title
    yield "story", _EXAMPLE.sub("", scenario.name)
    for brand in sorted(tag.removeprefix("brand:") for tag in context.tags if tag.startswith("brand:")):
        yield "epic", BRAND_NAMES.get(brand, brand)
        yield "brand", brand
    for requirement in scenario.requirements:
        yield "requirement", requirement
    yield "verdict", scenario.verdict.value
    for tag in sorted(context.tags):
        yield "tag", tag
    yield "framework", context.runner
    yield "language", "python"


def _step(step: StepResult, start: int, stop: int) -> TestStepResult:
    """*step* as an Allure step: a step that never ran sits at the scenario's end, *stop*."""
    ran = step.status is not StepStatus.SKIPPED
    began, ended = (start + _ms(step.started), start + _ms(step.finished)) if ran else (stop, stop)
    moment = format_time(step.started)
    if step.finished != step.started:
        moment += f" → {format_time(step.finished)}"
    details = StatusDetails(message=step.message, trace=f"{step.error}: {step.message}" if step.error else None)
    return TestStepResult(
        name=f"{step.keyword} {step.text}",
        status=STEP_STATUS[step.status],
        statusDetails=details if step.message else None,
        parameters=[Parameter(name="virtual time", value=moment)] if ran else [],
        start=began,
        stop=ended,
    )


def _why(scenario: ScenarioResult) -> str:
    """Where and why *scenario* did not pass: the step that decided it, the exception's type and
    the seed (the replay command, which names the runner, is an attachment of its own)."""
    decided = next((step for step in scenario.steps if step.message), None)
    lines = []
    if decided is not None:
        lines.append(f"{scenario.feature}:{decided.line}: {decided.keyword} {decided.text}")
        lines.append(f"{decided.error or scenario.verdict.value}: {decided.message}")
    lines.append(f"scenario seed {scenario.seed}")
    return "\n".join(lines)


def environment(spec: str, seed: int, declaration: CapabilityDeclaration | None, runner: str) -> dict[str, str]:
    """The run's environment: the platform (name, version, URL), the seed, the suite, the *runner*.

    *spec* is the run's ``--platform``; *declaration* the platform's (None: none was had).
    """
    platform = platform_info(spec, declaration) if declaration else None
    return {
        "platform.name": platform.name if platform else spec,
        "platform.version": platform.version if platform else "unknown (no capability declaration)",
        "platform.url": platform.url if platform else spec,
        "platform.spec": spec,
        "seed": str(seed),
        "suite": f"twinrig {__version__}",
        "runner": runner,
    }


def write_run_files(directory: Path, environment: dict[str, str]) -> None:
    """Write the run's *environment* (``environment.properties``) and ``categories.json`` into *directory*."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = [f"{key}={_escape(value)}" for key, value in environment.items()]
    (directory / "environment.properties").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (directory / "categories.json").write_text(json.dumps(CATEGORIES, indent=2) + "\n", encoding="utf-8")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n")


def catalogue_page(catalogue: Iterable[Requirement]) -> str:
    """The requirement catalogue as one HTML page with an anchor per ID (``#IS-FORCE-4``)."""
    rows = "\n".join(
        f'<tr id="{html.escape(req.id)}"><th><a href="#{html.escape(req.id)}">{html.escape(req.id)}</a></th>'
        f"<td>{html.escape(req.text)}</td></tr>"
        for req in catalogue
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>twinrig requirement catalogue</title>\n'
        "<style>body{font:15px/1.45 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1.5rem}"
        "table{border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:.3rem .6rem;"
        "border-bottom:1px solid #d0d7de}th{white-space:nowrap}tr:target{background:#fff8c5}</style></head>\n"
        "<body><h1>Requirement catalogue</h1><p>From <code>requirements.md</code>; each ID is a stable anchor.</p>\n"
        f"<table>\n{rows}\n</table></body></html>\n"
    )
