"""Verdicts as in conformance testing (ISO/IEC 9646, TTCN-3), and the exceptions that give them.

A step that finds the platform broke a requirement raises :class:`RequirementViolation`
(*fail*). A step that cannot reach its point of judgement raises :class:`Inconclusive`. A
platform that breaks down (timeout, crash, malformed reply) raises :class:`PlatformBreakdown`,
and a broken feature file or rig raises :class:`RigError`: both are *error*.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum


class Verdict(StrEnum):
    """The four verdicts, with the Allure status each maps to."""

    PASS = "pass"
    FAIL = "fail"
    INCONCLUSIVE = "inconclusive"
    ERROR = "error"

    @property
    def allure_status(self) -> str:
        return {"pass": "passed", "fail": "failed", "inconclusive": "skipped", "error": "broken"}[self.value]


class RequirementViolation(AssertionError):
    """The platform did something a requirement forbids: a *fail*.

    *requirements* are the IDs of the requirements broken, when the step knows them (a
    precondition the platform refused fails the requirement of the refused request, which the
    scenario's tags need not name). They are the exception's second argument, so that copies
    (SimPy re-raises a process's exception as ``type(error)(*error.args)``) keep them.
    """

    def __init__(self, message: object = "", requirements: Sequence[str] = ()) -> None:
        if requirements:
            super().__init__(message, tuple(requirements))
        else:
            super().__init__(message)

    @property
    def requirements(self) -> tuple[str, ...]:
        """The IDs of the requirements this fail is of, besides the scenario's tags (may be empty)."""
        return tuple(self.args[1]) if len(self.args) > 1 else ()

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ContractBreach(RequirementViolation):
    """A platform answered against the contract (a reply of the wrong shape, a wrong status, an
    unknown refusal code): a *fail* naming the call."""


class Inconclusive(Exception):
    """The scenario could not reach its point of judgement, or is not applicable."""


class PlatformBreakdown(Exception):
    """The platform broke down during *call*: an *error* verdict naming the call."""

    def __init__(self, call: str, reason: str) -> None:
        super().__init__(call, reason)  # its args rebuild it, as SimPy does across a process
        self.call = call
        self.reason = reason

    def __str__(self) -> str:
        return f"platform broke down in {self.call}: {self.reason}"


class RigError(Exception):
    """Bad input to the rig itself (a malformed feature, an undefined step): an *error*."""


class UndefinedStep(RigError):
    """A step no definition of the library reads: an *error*."""


class AmbiguousStep(RigError):
    """A step more than one definition of the library reads: an *error*."""


def expect(condition: bool, message: str) -> None:
    """Fail the scenario with *message* unless *condition* holds."""
    __tracebackhide__ = True
    if not condition:
        raise RequirementViolation(message)


def violated(error: BaseException | None) -> tuple[str, ...]:
    """The requirements *error* says were broken (empty unless it is a fail that names them)."""
    return error.requirements if isinstance(error, RequirementViolation) else ()


def verdict_of(error: BaseException | None) -> Verdict:
    """The verdict a scenario gets when it ended with *error* (None: it passed)."""
    if error is None:
        return Verdict.PASS
    if isinstance(error, Inconclusive):
        return Verdict.INCONCLUSIVE
    if isinstance(error, AssertionError):
        return Verdict.FAIL
    return Verdict.ERROR
