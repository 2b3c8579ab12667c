"""A run as Cucumber Messages: the NDJSON stream Cucumber's own tools read and write.

One envelope a line, in Cucumber's order: ``meta``; the ``source``, ``gherkinDocument`` and
``pickle`` messages of every feature file the run played (made by gherkin-official, with its
ids; a malformed file gives its ``parseError`` instead of a document); one ``stepDefinition``
per phrase of the step library (each language's phrase is a definition of its own);
``testRunStarted``; a ``testCase`` per scenario that ran; then for each of them
``testCaseStarted``, ``testStepStarted`` and ``testStepFinished`` per step,
``testCaseFinished``; and ``testRunFinished``.

The steps' statuses are the rig's step records (:class:`core.results.StepStatus`), mapped
so that the verdicts survive: a fail and an error are both ``FAILED``, told apart by the
message, which starts with the verdict (``fail: ...``, ``error: ...``) and by the exception's
type (``core.verdicts.RequirementViolation``, ``core.verdicts.PlatformBreakdown``...); an
inconclusive step is ``SKIPPED`` with ``inconclusive: <reason>``, never ``FAILED``; undefined
and ambiguous steps are ``UNDEFINED`` and ``AMBIGUOUS``; a step the results have no record of
(results written before steps were recorded) is ``UNKNOWN``.

Timestamps are virtual, never the wall clock: the run starts at 0 (the epoch), every scenario
starts where the one before it ended, and a step starts and ends at the world's ``env.now``
offset by its scenario's start. So one seed gives a byte-identical file (on one machine: the
``meta`` envelope names the Python runtime, the OS and the CPU).
"""

from __future__ import annotations

import inspect
import json
import platform
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from gherkin.stream.gherkin_events import GherkinEvents

from core import __version__
from core.features import REPOSITORY, relative
from core.hooks import hookimpl
from core.results import RunResult, ScenarioResult, StepResult, StepStatus
from core.verdicts import AmbiguousStep, RigError
from steps.registry import LIBRARY, StepDefinition, StepLibrary

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


def write_messages(run: RunResult, path: Path, library: StepLibrary = LIBRARY) -> None:
    """Write *run* to *path* as Cucumber Messages, one JSON envelope a line."""
    lines = (
        json.dumps(envelope, ensure_ascii=False, separators=(",", ":")) + "\n" for envelope in messages(run, library)
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(lines), encoding="utf-8")
    except OSError as error:
        raise RigError(f"cannot write Cucumber Messages to {path}: {error.strerror or error}") from error


def messages(run: RunResult, library: StepLibrary = LIBRARY) -> Iterator[Envelope]:
    """The envelopes of *run*, whose scenarios are steps of *library*."""
    gherkin = GherkinEvents(GherkinEvents.Options(print_source=False, print_ast=True, print_pickles=True))
    new_id = gherkin.id_generator.get_next_id
    yield {"meta": _meta()}
    documents = [_Document(feature, gherkin) for feature in dict.fromkeys(result.feature for result in run.scenarios)]
    played = [(result, pickle) for result in run.scenarios if (pickle := _pickle_of(result, documents)) is not None]
    chosen = {id(pickle) for _, (_, pickle) in played}
    for document in documents:
        yield from document.envelopes(chosen)
    definitions = _StepDefinitions(library, new_id)
    yield from definitions.envelopes()
    run_id = new_id()
    yield {"testRunStarted": {"id": run_id, "timestamp": _timestamp(0)}}
    cases = [_TestCase(result, pickle, definitions, run_id, new_id) for result, pickle in played]
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


class _Document:
    """One feature file: its source, its document or parse errors, and its pickles by the rig's names."""

    def __init__(self, feature: str, gherkin: GherkinEvents) -> None:
        path = Path(feature) if Path(feature).is_absolute() else REPOSITORY / feature
        try:
            data = path.read_text(encoding="utf-8")
        except OSError as error:
            raise RigError(
                f"cannot write Cucumber Messages: the feature file {feature} cannot be read: {error}"
            ) from error
        self.source: Envelope = {"source": {"uri": feature, "data": data, "mediaType": "text/x.cucumber.gherkin+plain"}}
        self.parsed: list[Envelope] = [dict(envelope) for envelope in gherkin.enum(cast(Any, self.source))]
        self.pickles: list[dict[str, Any]] = [envelope["pickle"] for envelope in self.parsed if "pickle" in envelope]
        nodes = _nodes(next((e["gherkinDocument"] for e in self.parsed if "gherkinDocument" in e), {}))
        self.step_lines = {node_id: node["location"]["line"] for node_id, node in nodes.items() if "text" in node}
        self.uri = feature
        self._names = {pickle["id"]: _rig_name(pickle, nodes) for pickle in self.pickles}

    def named(self, name: str) -> list[dict[str, Any]]:
        return [pickle for pickle in self.pickles if self._names[pickle["id"]] == name]

    def lines(self, pickle: dict[str, Any]) -> list[int]:
        """The line of each step of *pickle*, as the rig records them."""
        return [self.step_lines[step["astNodeIds"][0]] for step in pickle["steps"]]

    def envelopes(self, chosen: set[int]) -> Iterator[Envelope]:
        """The source, the document (or parse errors), and the pickles of the scenarios that ran."""
        yield self.source
        for envelope in self.parsed:
            if "pickle" not in envelope or id(envelope["pickle"]) in chosen:
                yield envelope


def _nodes(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every node of a gherkin document that has an id (scenarios, steps, example rows...), by id."""
    found: dict[str, dict[str, Any]] = {}
    todo: list[Any] = [document]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            if "id" in node:
                found[node["id"]] = node
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return found


def _rig_name(pickle: dict[str, Any], nodes: dict[str, dict[str, Any]]) -> str:
    """The name the rig gives the scenario of *pickle*: an outline's row values in brackets."""
    scenario, *row = (nodes[node_id] for node_id in pickle["astNodeIds"])
    if not row:
        return str(scenario["name"])
    return f"{scenario['name']} [{'-'.join(cell['value'] for cell in row[0]['cells'])}]"


def _pickle_of(result: ScenarioResult, documents: list[_Document]) -> tuple[_Document, dict[str, Any]] | None:
    """The document and pickle of *result*, taken from the ones left (None for a feature file problem)."""
    for document in documents:
        if document.uri != result.feature:
            continue
        candidates = document.named(result.name)
        lines = [step.line for step in result.steps]
        # the first left whose step lines are the result's (two scenarios of one name differ in them)
        for pickle in sorted(candidates, key=lambda candidate: document.lines(candidate) != lines):
            document.pickles.remove(pickle)
            return document, pickle
    return None


class _StepDefinitions:
    """A stepDefinition per phrase of the library, and the ones that read a step text."""

    def __init__(self, library: StepLibrary, new_id: NewId) -> None:
        self.library = library
        # keyed by the definition itself: one function may be registered with several phrases
        self.ids = {(id(definition), language): new_id() for definition in library for language in definition.phrases}

    def envelopes(self) -> Iterator[Envelope]:
        for definition in self.library:
            function = inspect.unwrap(definition.function)
            where = {
                "uri": relative(Path(inspect.getsourcefile(function) or "")),
                "location": {"line": inspect.getsourcelines(function)[1]},
            }
            for language, phrase in definition.phrases.items():
                yield {
                    "stepDefinition": {
                        "id": self.ids[id(definition), language],
                        # parse syntax ({name:Type}); the nearest of Cucumber's two pattern types
                        "pattern": {"source": phrase, "type": "CUCUMBER_EXPRESSION"},
                        "sourceReference": where,
                    }
                }

    def reading(self, text: str) -> dict[str, Any]:
        """The test step's links to the definitions that read *text*: none (undefined), one, or more
        (ambiguous), each with where its arguments are in *text* and their parameter types."""
        ids, arguments = [], []
        for definition, language in self._matches(text):
            ids.append(self.ids[id(definition), language])
            types = dict(_FIELD.findall(definition.phrases[language]))
            spans = definition.spans(text, language)
            arguments.append(
                {
                    "stepMatchArguments": [
                        {
                            "group": {"start": start, "value": text[start:end], "children": []},
                            "parameterTypeName": types.get(name, ""),
                        }
                        for name, start, end in spans
                    ]
                }
            )
        links: dict[str, Any] = {"stepDefinitionIds": ids}
        if arguments:
            links["stepMatchArgumentsLists"] = arguments
        return links

    def _matches(self, text: str) -> list[tuple[StepDefinition, str]]:
        """The definitions that read *text*, each with the language it reads it in."""
        try:
            found = self.library.match(text)  # the library's cache
        except AmbiguousStep:
            return [(definition, read[0]) for definition in self.library if (read := definition.parse(text))]
        return [] if found is None else [(found.definition, found.language)]


_FIELD = re.compile(r"\{(\w+)(?::(\w+))?\}")
"""A field of a parse phrase: ``{name}`` or ``{name:Type}``."""


class _TestCase:
    """One scenario that ran: its testCase, and the envelopes of its playing."""

    def __init__(
        self,
        result: ScenarioResult,
        found: tuple[_Document, dict[str, Any]],
        definitions: _StepDefinitions,
        run_id: str,
        new_id: NewId,
    ) -> None:
        document, pickle = found
        self.id = new_id()
        records = list(result.steps)
        self.steps: list[tuple[dict[str, Any], StepResult | None]] = []
        for pickle_step, line in zip(pickle["steps"], document.lines(pickle), strict=True):
            record = next((step for step in records if step.line == line), None)
            if record is not None:
                records.remove(record)
            test_step = {"id": new_id(), "pickleStepId": pickle_step["id"], **definitions.reading(pickle_step["text"])}
            self.steps.append((test_step, record))
        self.message = {
            "id": self.id,
            "pickleId": pickle["id"],
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
