"""Allure enrichment: what a reader of the Allure report sees beyond passed and failed.

Both runners write Allure results with their own plugin (allure-pytest-bdd, allure-behave).
:class:`Enricher` is an allure-python plugin that completes each test result just before it is
written, from the :class:`Finished` scenario the runner's hook hands it:

- the status follows the verdict (:attr:`core.verdicts.Verdict.allure_status`: pass→passed,
  fail→failed, error→broken, inconclusive→skipped), and the message starts with the verdict;
- labels: ``requirement`` (one per ID), ``brand``, ``epic`` (the brand's name), ``feature``
  (the Gherkin feature, set by the runner's plugin), ``story`` (the scenario), ``verdict``;
- a link per requirement ID to its row of the catalogue page (:data:`CATALOGUE_PAGE`, an anchor
  per ID, written beside the HTML report by ``twinrig report``);
- each step's virtual time as the step parameter ``virtual time``;
- the message trace as a sequence diagram (SVG) and as text.

:func:`write_run_files` adds the run's environment (``environment.properties``) and the
categories (``categories.json``) that tell a fail from an error from an inconclusive.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import allure_commons
from allure_commons.model2 import Attachment, Label, Link, Parameter, Status, StatusDetails, TestResult
from allure_commons.types import AttachmentType

from contract.capabilities import CapabilityDeclaration
from core import __version__
from core.results import ScenarioResult
from core.trace import TraceEntry, format_time
from core.verdicts import Verdict
from reports.catalogue import Requirement
from reports.certificate import platform_info
from reports.sequence import render_svg

CATALOGUE_PAGE = "requirements.html"
"""The requirement catalogue page the requirement links point into, beside the HTML report."""

BRAND_NAMES = {"ismart": "MG iSmart", "myrenault": "My Renault"}

#: The categories of the report: a fail, the two kinds of error, not applicable, inconclusive.
#: Messages start with the verdict (see :func:`enrich`), so the patterns can tell them apart.
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

_EXAMPLE = re.compile(r" \[[^\]]*\]$")


def requirement_url(requirement: str) -> str:
    """The link to *requirement*'s row of the catalogue page, relative to the HTML report."""
    return f"{CATALOGUE_PAGE}#{requirement}"


@dataclass(frozen=True, slots=True)
class Finished:
    """A scenario as the runner's hook hands it over: its *result*, *brand*, message *trace*, and
    *step_ends*, the virtual time at the end of each step that ran, in order."""

    result: ScenarioResult
    brand: str
    trace: tuple[TraceEntry, ...]
    step_ends: tuple[float, ...]


class Enricher:
    """An allure-python plugin: the next test result written gets the scenario last handed over.

    Each runner's plugin writes a scenario's result right after the scenario's end hook, where
    the rig calls :meth:`finished`; a result with nothing handed over is written as it is.
    """

    def __init__(self) -> None:
        self._pending: Finished | None = None

    def finished(self, scenario: Finished) -> None:
        self._pending = scenario

    @allure_commons.hookimpl(tryfirst=True)
    def report_result(self, result: TestResult) -> None:
        scenario, self._pending = self._pending, None
        if scenario is not None:
            enrich(result, scenario)


def enrich(result: TestResult, scenario: Finished) -> None:
    """Complete the Allure *result* with what the rig knows of the *scenario*."""
    verdict = scenario.result.verdict
    result.name = scenario.result.name
    result.status = verdict.allure_status
    if verdict is not Verdict.PASS:
        trace = result.statusDetails.trace if result.statusDetails else None
        result.statusDetails = StatusDetails(message=f"{verdict.value}: {scenario.result.message}", trace=trace)
    if verdict is Verdict.INCONCLUSIVE:  # the step that gave up is not broken: the scenario is undecided
        for step in result.steps:
            if step.status in (Status.BROKEN, Status.FAILED):
                step.status = Status.SKIPPED
    result.labels.extend(Label(name=name, value=value) for name, value in _labels(scenario))
    result.links.extend(Link(type="tms", url=requirement_url(req), name=req) for req in scenario.result.requirements)
    seed = Parameter(name="seed", value=str(scenario.result.seed), excluded=True)
    result.parameters = [*(result.parameters or []), seed]
    for step in result.steps:  # the world is the steps' fixture, not a parameter a reader wants
        step.parameters = [parameter for parameter in step.parameters or [] if parameter.name != "world"]
    start = 0.0
    for step, end in zip(result.steps, scenario.step_ends, strict=False):
        moment = format_time(start) if end == start else f"{format_time(start)} → {format_time(end)}"
        step.parameters.append(Parameter(name="virtual time", value=moment))
        start = end
    if scenario.trace:
        svg = render_svg(list(scenario.trace), title=scenario.result.name)
        result.attachments.append(_attach(svg, "message trace (sequence diagram)", AttachmentType.SVG))
        text = "\n".join(entry.render() for entry in scenario.trace)
        result.attachments.append(_attach(text, "message trace", AttachmentType.TEXT))


def _labels(scenario: Finished) -> Iterable[tuple[str, str]]:
    for requirement in scenario.result.requirements:
        yield "requirement", requirement
    if scenario.brand:
        yield "brand", scenario.brand
        yield "epic", BRAND_NAMES.get(scenario.brand, scenario.brand)
    yield "story", _EXAMPLE.sub("", scenario.result.name)
    yield "verdict", scenario.result.verdict.value


def _attach(body: str, name: str, kind: AttachmentType) -> Attachment:
    """Write *body* as an attachment file of the results folder; the reference to put on a result."""
    file_name = f"{uuid4()}-attachment.{kind.extension}"
    allure_commons.plugin_manager.hook.report_attached_data(body=body, file_name=file_name)
    return Attachment(name=name, source=file_name, type=kind.mime_type)


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
