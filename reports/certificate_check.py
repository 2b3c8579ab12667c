"""Checking a certificate (``twinrig verify``): its signature or seal, and that it follows from
what it carries.

The checks, in order:

- the signature, when there is one: made by the key it names over the canonical JSON of the
  ``certificate`` and ``results``, and, with a trusted public key (``--public-key``), by that key;
  with a trusted key and no signature the certificate is *unsigned*, a problem;
- the SHA-256 over the same JSON (for an unsigned certificate, its only integrity check);
- the contents: every requirement row, total and verdict recomputed from the embedded results
  and declaration; the seed, the platform's ``--platform`` and its declaration the same in the
  certificate as in the results; the platform's name and version those of the declaration; the
  issue time a time; the requirements those of the catalogue of the suite version; and the suite
  digest that of the suite of this installation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from contract.capabilities import CapabilityDeclaration
from contract.codec import ContractViolation, decode
from core import __version__
from core.results import RunResult
from reports import signing
from reports.catalogue import Requirement, load_catalogue
from reports.certificate import SUITE, canonical, certificate_part, digest
from reports.suite_digest import differences, suite_digest

UNSIGNED = "unsigned: the certificate carries no signature, and --public-key asks for one"

_CERTIFICATE_KEYS = (
    "suite",
    "suite_version",
    "suite_digest",
    "issued",
    "platform",
    "declaration",
    "declared_values",
    "seed",
    "families",
    "requirements",
    "totals",
    "verdict",
)
_PLATFORM_KEYS = ("name", "version", "url", "spec")


@dataclass(frozen=True, slots=True)
class Verification:
    """What checking a certificate found: its *problems* (none: it holds), the fingerprint of the
    key that *signed* it ("" if unsigned or not validly signed), and whether that key is the
    *trusted* one given."""

    problems: list[str]
    signed_by: str = ""
    trusted: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def unsigned(self) -> bool:
        return UNSIGNED in self.problems


def check_certificate(
    data: Any, public_key: Ed25519PublicKey | None = None, suite: dict[str, Any] | None = None
) -> Verification:
    """Check the certificate *data* (as read from its JSON) against the trusted *public_key* (if
    given) and the digest of the *suite* it must have been made by (this installation's if None)."""
    if not isinstance(data, dict):
        return Verification([f"a certificate is a JSON object, not {type(data).__name__}"])
    signed = "signature" in data
    required = ("certificate", "results") if signed else ("certificate", "results", "sha256")
    problems = [f"missing key {key!r}" for key in required if key not in data]
    if problems:
        return Verification([UNSIGNED, *problems] if public_key is not None and not signed else problems)
    signed_by = ""
    if signed:
        signature_problems = signing.check(canonical(data), data["signature"], public_key)
        problems += signature_problems
        if not signature_problems:
            signed_by = data["signature"]["fingerprint"]
    elif public_key is not None:
        problems.append(UNSIGNED)
    if "sha256" in data and data["sha256"] != digest(data):
        problems.append(f"sha256 does not match the contents: recorded {data['sha256']}, computed {digest(data)}")
    problems += _check_body(data["certificate"], data["results"], suite)
    return Verification(problems, signed_by, bool(signed_by) and public_key is not None)


def verify_certificate(
    data: Any, public_key: Ed25519PublicKey | None = None, suite: dict[str, Any] | None = None
) -> list[str]:
    """The problems :func:`check_certificate` finds with *data*; empty when it holds."""
    return check_certificate(data, public_key, suite).problems


def _check_body(certificate: Any, results: Any, suite: dict[str, Any] | None) -> list[str]:
    if not isinstance(certificate, dict):
        return ["'certificate' is not a JSON object"]
    missing = [f"missing key 'certificate.{key}'" for key in _CERTIFICATE_KEYS if key not in certificate]
    if missing:
        return missing
    return _check_contents(certificate, results, suite if suite is not None else suite_digest())


def _check_contents(certificate: dict[str, Any], results: Any, suite: dict[str, Any]) -> list[str]:
    """The ways *certificate* does not follow from *results*, its own declaration and the *suite*."""
    problems = []
    if certificate["suite"] != SUITE:
        problems.append(f"the suite is {certificate['suite']!r}, not {SUITE!r}")
    try:
        run = RunResult.from_json(results)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return [*problems, f"the embedded results cannot be read: {type(error).__name__}: {error}"]
    if not isinstance(results, dict) or results.get("totals") != run.totals():
        problems.append("the embedded results' totals do not follow from their scenarios")
    if certificate["seed"] != run.seed:
        problems.append(f"the seed is {certificate['seed']!r} but the results are of seed {run.seed!r}")
    try:
        declaration = decode(CapabilityDeclaration, certificate["declaration"], "certificate.declaration")
    except ContractViolation as error:
        return [*problems, f"the declaration does not fit the contract: {error}"]
    if certificate["declaration"] != run.declaration:
        problems.append("the certificate's declaration is not the one its results were played with")
    problems += _platform_problems(certificate["platform"], declaration, run)
    problems += _issue_problems(certificate["issued"])
    catalogue = _listed_catalogue(certificate["requirements"])
    if catalogue is None:
        return [*problems, "'certificate.requirements' is not a list of objects with an 'id' and a 'text'"]
    expected = certificate_part(
        catalogue,
        run,
        declaration,
        platform=certificate["platform"],
        suite_version=certificate["suite_version"],
        suite_digest=certificate["suite_digest"],
        issued=certificate["issued"],
    )
    problems += _row_problems(certificate["requirements"], expected["requirements"])
    for key in ("families", "declared_values", "totals", "verdict"):
        if certificate[key] != expected[key]:
            problems.append(
                f"'certificate.{key}' is {json.dumps(certificate[key])}, "
                f"but the results and declaration give {json.dumps(expected[key])}"
            )
    if certificate["suite_version"] == __version__:
        problems += _catalogue_problems(catalogue)
    else:
        problems.append(f"the certificate is of {SUITE} {certificate['suite_version']}, this is {SUITE} {__version__}")
    return (
        problems + _feature_problems(run, certificate["suite_digest"]) + differences(certificate["suite_digest"], suite)
    )


def _feature_problems(run: RunResult, recorded: Any) -> list[str]:
    """Scenarios of feature files the certificate's suite digest does not cover."""
    files = recorded.get("files") if isinstance(recorded, dict) else None
    if not isinstance(files, dict):
        return []  # the digest itself is reported malformed
    outside = sorted({result.feature for result in run.scenarios} - files.keys())
    if not outside:
        return []
    return [f"scenarios of feature files outside the certificate's suite digest: {', '.join(outside)}"]


def _platform_problems(platform: Any, declaration: CapabilityDeclaration, run: RunResult) -> list[str]:
    """The platform must be the one the declaration names, at the place the results were played."""
    if not isinstance(platform, dict) or any(not isinstance(platform.get(key), str) for key in _PLATFORM_KEYS):
        return [f"'certificate.platform' is not an object with {', '.join(_PLATFORM_KEYS)} (all text)"]
    problems = []
    named = (platform["name"], platform["version"])
    if named != (declaration.platform, declaration.version):
        problems.append(
            f"the platform is {' '.join(named)}, but the declaration names {declaration.platform} {declaration.version}"
        )
    if platform["spec"] != run.platform:
        problems.append(f"the platform is {platform['spec']!r}, but the results were played on {run.platform!r}")
    reached = platform["spec"] if platform["spec"].startswith(("http://", "https://")) else "in-process"
    if platform["url"] != reached:
        problems.append(f"the platform's URL is {platform['url']!r}, but {platform['spec']!r} is reached {reached}")
    return problems


def _issue_problems(issued: Any) -> list[str]:
    try:
        when = datetime.fromisoformat(issued) if isinstance(issued, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        return [f"the issue time {issued!r} is not an ISO 8601 time with its zone"]
    return []


def _listed_catalogue(rows: Any) -> list[Requirement] | None:
    """The requirements a certificate lists, or None if its rows are malformed."""
    if not isinstance(rows, list) or not all(
        isinstance(row, dict) and isinstance(row.get("id"), str) and isinstance(row.get("text"), str) for row in rows
    ):
        return None
    return [Requirement(row["id"], row["text"]) for row in rows]


def _row_problems(listed: list[dict[str, Any]], expected: list[dict[str, Any]]) -> list[str]:
    if len(listed) != len(expected):  # the matrix keeps one row per ID: some ID is listed twice
        ids = [row["id"] for row in listed]
        twice = sorted({requirement for requirement in ids if ids.count(requirement) > 1})
        return [f"requirements are listed more than once: {' '.join(twice)}"]
    problems = []
    for row, wanted in zip(listed, expected, strict=True):
        if row == wanted:
            continue
        if row.get("verdict") != wanted["verdict"]:
            problems.append(
                f"requirement {row['id']}: the certificate says {row.get('verdict')!r}, "
                f"the results give {wanted['verdict']!r}"
            )
        else:
            problems.append(f"requirement {row['id']}: its scenarios or fields do not follow from the results")
    return problems


def _catalogue_problems(listed: list[Requirement]) -> list[str]:
    """Requirements of this suite version's catalogue the certificate leaves out, or adds."""
    known = {requirement.id for requirement in load_catalogue()}
    ids = {requirement.id for requirement in listed}
    problems = []
    if left_out := sorted(known - ids):
        problems.append(f"requirements of the {SUITE} {__version__} catalogue are left out: {' '.join(left_out)}")
    if added := sorted(ids - known):
        problems.append(f"requirements not in the {SUITE} {__version__} catalogue are listed: {' '.join(added)}")
    return problems
