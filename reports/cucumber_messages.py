"""A run as Cucumber Messages: the NDJSON stream Cucumber's own tools read and write.

Written from what the run recorded as it went (:mod:`twinrig.life`), never by reading a feature
file or matching a step again: the reading of each feature file the run kept
(:class:`core.gherkin.Reading`), the phrases of the step library, each scenario's pickle, and
each step's record, pickle step and match (:class:`core.results.StepResult`).

One envelope a line, in Cucumber's order: ``meta``; the ``source``, ``gherkinDocument`` and
``pickle`` messages of every feature file the run played (made by gherkin-official when the run
read the file, with its ids, numbered in one sequence over the run; a malformed file gives its
``parseError`` instead of a document); one ``stepDefinition`` per phrase of the step library
(each language's phrase is a definition of its own);
``testRunStarted``; a ``testCase`` per scenario that ran; then for each of them
``testCaseStarted``, ``testStepStarted`` and ``testStepFinished`` per step,
``testCaseFinished``; and ``testRunFinished``.

The steps' statuses are the rig's step records (:class:`core.results.StepStatus`), mapped
so that the verdicts survive: a fail and an error are both ``FAILED``, told apart by the
message, which starts with the verdict (``fail: ...``, ``error: ...``) and by the exception's
type (``core.verdicts.RequirementViolation``, ``core.verdicts.PlatformBreakdown``...); an
inconclusive step is ``SKIPPED`` with ``inconclusive: <reason>``, never ``FAILED``; undefined
and ambiguous steps are ``UNDEFINED`` and ``AMBIGUOUS``; a step of a pickle the results have no
record of is ``UNKNOWN``.

Timestamps are virtual, never the wall clock: the run starts at 0 (the epoch), every scenario
starts where the one before it ended, and a step starts and ends at the world's ``env.now``
offset by its scenario's start. So one seed gives a byte-identical file (on one machine: the
``meta`` envelope names the Python runtime, the OS and the CPU).
"""

from __future__ import annotations

import itertools
import json
import platform
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from core import __version__
from core.gherkin import MEDIA_TYPE, Reading
from core.hooks import hookimpl
from core.results import Phrase, RunResult, ScenarioResult, StepResult, StepStatus
from core.verdicts import RigError

PROTOCOL_VERSION = "34.2.1"
"""The Cucumber Messages version written: that of the ``@cucumber/messages`` schema in package.json."""

CUCUMBER_STATUS = {
    StepStatus.PASSED: "PASSED",
    StepStatus.FAILED: "FAILED",
    StepStatus.ERROR: "FAILED",
    StepStatus.INCONCLUSIVE: "SKIPPED",
    StepStatus.SKIPPED: "SKIPPED",
    StepStatus.UNDEFINED: "UNDEFINED",
    StepStatus.AMBIGUOUS: "AMBIGUOUS",
}
"""The Cucumber status of each of the rig's step statuses."""

_VERDICT_WORD = {
    StepStatus.FAILED: "fail",
    StepStatus.ERROR: "error",
    StepStatus.INCONCLUSIVE: "inconclusive",
    StepStatus.UNDEFINED: "error",
    StepStatus.AMBIGUOUS: "error",
}

Envelope = dict[str, Any]
NewId = Callable[[], str]


class MessagesFile:
    """The handler that writes the run as Cucumber Messages to *path* when it ends."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @hookimpl
    def twinrig_run_finished(self, results: RunResult) -> None:
        write_messages(results, self.path)


def write_messages(run: RunResult, path: Path) -> None:
    """Write *run* to *path* as Cucumber Messages, one JSON envelope a line."""
    lines = (json.dumps(envelope, ensure_ascii=False, separators=(",", ":")) + "\n" for envelope in messages(run))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(lines), encoding="utf-8")
    except OSError as error:
        raise RigError(f"cannot write Cucumber Messages to {path}: {error.strerror or error}") from error


def messages(run: RunResult) -> Iterator[Envelope]:
    """The envelopes of *run*, from its records alone: the reading of each feature file it kept,
    each scenario's pickle, each step's pickle step and match."""
    yield {"meta": _meta()}
    played = [result for result in run.scenarios if result.feature in run.features]
    readings = [run.features[feature] for feature in dict.fromkeys(result.feature for result in played)]
    chosen = {(result.feature, result.gherkin.pickle) for result in played}
    shifts, taken = {}, 0
    for reading in readings:  # each file numbers its ids from 0: the run's follow on from each other
        shifts[reading.uri], taken = taken, taken + reading.ids
        yield from _documents(reading, chosen, shifts[reading.uri])
    new_id = map(str, itertools.count(taken)).__next__
    definitions = {(phrase.definition, phrase.language): phrase for phrase in _phrases(run)}
    ids = {key: new_id() for key in definitions}
    for key, phrase in definitions.items():
        yield {"stepDefinition": _definition(ids[key], phrase)}
    run_id = new_id()
    yield {"testRunStarted": {"id": run_id, "timestamp": _timestamp(0)}}
    cases = [
        _TestCase(result, pickle, shifts[result.feature], ids=ids, run_id=run_id, new_id=new_id)
        for result in played
        if (pickle := run.features[result.feature].pickle(result.gherkin.pickle)) is not None
    ]
    for case in cases:
        yield {"testCase": case.message}
    clock = 0
    for case in cases:
        envelopes, clock = case.played(clock, new_id)
        yield from envelopes
    yield {"testRunFinished": {"success": run.ok, "timestamp": _timestamp(clock), "testRunStartedId": run_id}}


def _meta() -> Envelope:
    return {
        "protocolVersion": PROTOCOL_VERSION,
        "implementation": {"name": "twinrig", "version": __version__},
        "runtime": {"name": platform.python_implementation(), "version": platform.python_version()},
        "os": {"name": platform.system().lower()},
        "cpu": {"name": platform.machine()},
    }


def _documents(reading: Reading, chosen: set[tuple[str, str]], shift: int) -> Iterator[Envelope]:
    """The source of *reading*, its document (or parse errors), and the pickles of the scenarios
    that ran, their ids shifted by *shift*."""
    yield {"source": {"uri": reading.uri, "data": reading.source, "mediaType": MEDIA_TYPE}}
    for error in reading.errors:
        yield {"parseError": error}
    if reading.document is not None:
        yield {"gherkinDocument": _shifted(reading.document, shift)}
    for pickle in reading.pickles:
        if (reading.uri, pickle["id"]) in chosen:
            yield {"pickle": _shifted(pickle, shift)}


_ID_KEYS = frozenset({"id", "astNodeId"})


def _shifted(node: Any, shift: int) -> Any:
    """*node* (a document or a pickle, or part of one) with every gherkin id moved on by *shift*."""
    if isinstance(node, dict):
        return {
            key: _moved(value, shift)
            if key in _ID_KEYS
            else [_moved(item, shift) for item in value]
            if key == "astNodeIds"
            else _shifted(value, shift)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_shifted(item, shift) for item in node]
    return node


def _moved(local: str, shift: int) -> str:
    return str(int(local) + shift) if local else local


def _phrases(run: RunResult) -> list[Phrase]:
    """The run's step library, and any phrase a step's match names that it lacks."""
    matched = [match.phrase for result in run.scenarios for step in result.steps for match in step.matches]
    return list(dict.fromkeys([*run.phrases, *matched]))


def _definition(definition_id: str, phrase: Phrase) -> Envelope:
    return {
        "id": definition_id,
        # parse syntax ({name:Type}); the nearest of Cucumber's two pattern types
        "pattern": {"source": phrase.pattern, "type": "CUCUMBER_EXPRESSION"},
        "sourceReference": {"uri": phrase.uri, "location": {"line": phrase.line}},
    }


def _links(record: StepResult | None, ids: dict[tuple[str, str], str]) -> dict[str, Any]:
    """A test step's links to the definitions that read it, as its record says: none (undefined),
    one, or more (ambiguous), each with where its arguments are in the text and their types."""
    matches = record.matches if record is not None else ()
    links: dict[str, Any] = {
        "stepDefinitionIds": [ids[match.phrase.definition, match.phrase.language] for match in matches]
    }
    if matches:
        links["stepMatchArgumentsLists"] = [
            {
                "stepMatchArguments": [
                    {
                        "group": {"start": argument.start, "value": argument.value, "children": []},
                        "parameterTypeName": argument.type,
                    }
                    for argument in match.arguments
                ]
            }
            for match in matches
        ]
    return links


class _TestCase:
    """One scenario that ran: its testCase, and the envelopes of its playing."""

    def __init__(
        self,
        result: ScenarioResult,
        pickle: dict[str, Any],
        shift: int,
        *,
        ids: dict[tuple[str, str], str],
        run_id: str,
        new_id: NewId,
    ) -> None:
        self.id = new_id()
        records = {step.pickle_step: step for step in result.steps if step.pickle_step}
        self.steps: list[tuple[dict[str, Any], StepResult | None]] = []
        for pickle_step in pickle["steps"]:
            record = records.get(pickle_step["id"])
            test_step = {"id": new_id(), "pickleStepId": _moved(pickle_step["id"], shift), **_links(record, ids)}
            self.steps.append((test_step, record))
        self.message = {
            "id": self.id,
            "pickleId": _moved(pickle["id"], shift),
            "testSteps": [test_step for test_step, _ in self.steps],
            "testRunStartedId": run_id,
        }

    def played(self, start: int, new_id: NewId) -> tuple[list[Envelope], int]:
        """The envelopes of playing this case from virtual instant *start* (ns), and where it ended."""
        started_id = new_id()
        envelopes: list[Envelope] = [
            {"testCaseStarted": {"attempt": 0, "id": started_id, "testCaseId": self.id, "timestamp": _timestamp(start)}}
        ]
        end = start
        for test_step, record in self.steps:
            # a step that never ran (or ran in no world) is placed where the case has got to
            began = max(end, start + _nanos(record.started)) if record else end
            end = ended = max(began, start + _nanos(record.finished)) if record else end
            ids = {"testCaseStartedId": started_id, "testStepId": test_step["id"]}
            envelopes.append({"testStepStarted": {**ids, "timestamp": _timestamp(began)}})
            result = _step_result(record, ended - began)
            envelopes.append({"testStepFinished": {**ids, "testStepResult": result, "timestamp": _timestamp(ended)}})
        envelopes.append(
            {
                "testCaseFinished": {
                    "testCaseStartedId": started_id,
                    "timestamp": _timestamp(end),
                    "willBeRetried": False,
                }
            }
        )
        return envelopes, end


def _step_result(record: StepResult | None, duration: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "status": CUCUMBER_STATUS[record.status] if record else "UNKNOWN",
        "duration": _timestamp(duration),
    }
    if record and record.status in _VERDICT_WORD:
        result["message"] = f"{_VERDICT_WORD[record.status]}: {record.message}"
        if record.error:
            result["exception"] = {"type": record.error, "message": record.message}
    return result


def _nanos(seconds: float) -> int:
    return round(seconds * 1_000_000_000)


def _timestamp(nanos: int) -> dict[str, int]:
    """A Cucumber Timestamp (or Duration) of *nanos* nanoseconds."""
    seconds, rest = divmod(nanos, 1_000_000_000)
    return {"seconds": seconds, "nanos": rest}
