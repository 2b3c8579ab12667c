"""Mutants whose limit is off by one from the value they declare (:mod:`contract.values`).

Each claims the reference's declaration but follows a number one step away from it: the
boundary scenarios at the declared values (one try fewer than the limit still works, the limit
locks) kill them, which a scenario with a fixed number of tries would not.
"""

from __future__ import annotations

from dataclasses import replace

from mutants.base import Mutant, policy_mutant
from reference import DEFAULT_POLICY

_CODES = DEFAULT_POLICY.registration_code
_CODE_ATTEMPTS = _CODES.max_attempts or 0
_PIN_ATTEMPTS = DEFAULT_POLICY.pin_attempts or 0


DECLARED_VALUE_MUTANTS: tuple[Mutant, ...] = (
    policy_mutant(
        "code_locks_one_try_late",
        "D-SEC-2",
        f"Verification codes lock at wrong try {_CODE_ATTEMPTS + 1}, though the platform declares {_CODE_ATTEMPTS}.",
        replace(
            DEFAULT_POLICY,
            registration_code=replace(_CODES, max_attempts=_CODE_ATTEMPTS + 1),
            unbind_code=replace(_CODES, max_attempts=_CODE_ATTEMPTS + 1),
        ),
    ),
    policy_mutant(
        "code_locks_one_try_early",
        "D-SEC-2",
        f"Verification codes lock at wrong try {_CODE_ATTEMPTS - 1}, though the platform declares {_CODE_ATTEMPTS}.",
        replace(
            DEFAULT_POLICY,
            registration_code=replace(_CODES, max_attempts=_CODE_ATTEMPTS - 1),
            unbind_code=replace(_CODES, max_attempts=_CODE_ATTEMPTS - 1),
        ),
    ),
    policy_mutant(
        "pin_locks_one_try_late",
        "D-SEC-2",
        f"The My Renault PIN locks at wrong try {_PIN_ATTEMPTS + 1}, though the platform declares {_PIN_ATTEMPTS}.",
        replace(DEFAULT_POLICY, pin_attempts=_PIN_ATTEMPTS + 1),
    ),
)
