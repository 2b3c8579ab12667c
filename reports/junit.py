"""The run as one JUnit XML file, the same under both runners: a test case per scenario.

The verdict decides the element, not the runner's phase: a *fail* is a ``<failure>``, an
*error* an ``<error>``, an *inconclusive* a ``<skipped>``; each names the requirements, the
failing step (file and line), the seeds and the command that replays the scenario, with its
message trace. A ``<testsuite>`` per feature file, in the order the run played them; the
``time`` attributes are 0 (the rig's times are virtual: each case gives its scenario's virtual
duration as the property ``virtual-seconds``), so one seed gives a byte-identical file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from core.hooks import hookimpl
from core.results import RunResult, ScenarioResult, StepResult, StepStatus
from core.trace import render_trace
from core.verdicts import Verdict

ELEMENT = {Verdict.FAIL: "failure", Verdict.ERROR: "error", Verdict.INCONCLUSIVE: "skipped"}
"""The element of each verdict that did not pass."""


class JUnitFile:
    """The handler that writes the run as JUnit XML to *path* when it ends."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @hookimpl
    def twinrig_run_finished(self, results: RunResult) -> None:
        tree = ET.ElementTree(junit(results))
        ET.indent(tree)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tree.write(self.path, encoding="utf-8", xml_declaration=True)


def junit(run: RunResult) -> ET.Element:
    """The ``<testsuites>`` element of *run*."""
    root = ET.Element("testsuites", {"name": "twinrig", **_counts(run.scenarios)})
    features: dict[str, list[ScenarioResult]] = {}
    for result in run.scenarios:
        features.setdefault(result.feature, []).append(result)
    for feature, results in features.items():
        suite = ET.SubElement(root, "testsuite", {"name": feature, **_counts(results)})
        properties = ET.SubElement(suite, "properties")
        for name, value in (("platform", run.platform), ("seed", str(run.seed))):
            ET.SubElement(properties, "property", name=name, value=value)
        for result in results:
            suite.append(_case(result))
    return root


def _counts(results: Iterable[ScenarioResult]) -> dict[str, str]:
    verdicts = [result.verdict for result in results]
    counted = {element: sum(verdict is kind for verdict in verdicts) for kind, element in ELEMENT.items()}
    return {
        "tests": str(len(verdicts)),
        "failures": str(counted["failure"]),
        "errors": str(counted["error"]),
        "skipped": str(counted["skipped"]),
        "time": "0",
    }


def _case(result: ScenarioResult) -> ET.Element:
    case = ET.Element("testcase", name=result.name, classname=result.feature, file=result.feature, time="0")
    properties = ET.SubElement(case, "properties")
    values = [("requirement", requirement) for requirement in result.requirements]
    values += [("scenario-seed", str(result.seed)), ("virtual-seconds", _seconds(result))]
    for name, value in values:
        ET.SubElement(properties, "property", name=name, value=value)
    element = ELEMENT.get(result.verdict)
    if element is not None:
        failing = _failing_step(result)
        detail = ET.SubElement(case, element, message=f"{result.verdict.value}: {result.message}")
        if failing is not None and failing.error:
            detail.set("type", failing.error)
        detail.text = _explanation(result)
    return case


def _failing_step(result: ScenarioResult) -> StepResult | None:
    return next((step for step in result.steps if step.status not in (StepStatus.PASSED, StepStatus.SKIPPED)), None)


def _seconds(result: ScenarioResult) -> str:
    return f"{max((step.finished for step in result.steps), default=0.0):.3f}"


def _explanation(result: ScenarioResult) -> str:
    lines = [result.message, f"requirements: {' '.join(result.requirements) or '-'}"]
    step = _failing_step(result)
    if step is not None:
        lines.append(f"step: {result.feature}:{step.line}: {step.keyword} {step.text}")
    lines.append(f"scenario seed {result.seed}")
    if result.reproduce:
        lines.append(f"reproduce: {result.reproduce}")
    if result.trace:
        lines += ["message trace:", render_trace(result.trace)]
    return "\n".join(lines)
