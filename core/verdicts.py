"""Verdicts as in conformance testing (ISO/IEC 9646, TTCN-3), and the exceptions that give them.

A step that finds the platform broke a requirement raises :class:`RequirementViolation`
(*fail*). A step that cannot reach its point of judgement raises :class:`Inconclusive`. A
platform that breaks down (timeout, crash, malformed reply) raises :class:`PlatformBreakdown`,
and a broken feature file or rig raises :class:`RigError`: both are *error*.
"""

from __future__ import annotations

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
    """The platform did something a requirement forbids: a *fail*."""


class ContractBreach(RequirementViolation):
    """A platform answered against the contract (a reply of the wrong shape, a wrong status, an
    unknown refusal code): a *fail* naming the call."""


class Inconclusive(Exception):
    """The scenario could not reach its point of judgement, or is not applicable."""


class PlatformBreakdown(Exception):
    """The platform broke down during *call*: an *error* verdict naming the call."""

    def __init__(self, call: str, reason: str) -> None:
        super().__init__(f"platform broke down in {call}: {reason}")
        self.call = call
        self.reason = reason


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


def verdict_of(error: BaseException | None) -> Verdict:
    """The verdict a scenario gets when it ended with *error* (None: it passed)."""
    if error is None:
        return Verdict.PASS
    if isinstance(error, Inconclusive):
        return Verdict.INCONCLUSIVE
    if isinstance(error, AssertionError):
        return Verdict.FAIL
    return Verdict.ERROR
