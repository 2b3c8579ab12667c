"""The conformance certificate: a run's verdict per requirement, sealed with a SHA-256 digest.

A certificate is one JSON object with three keys:

- ``certificate``: the suite and its version, the platform (name, version, URL), the capability
  declaration the vendor claimed and its declared values, one row each with its allowed range
  and source (:mod:`reports.declared_values`), the seed, one row per requirement of the catalogue (its
  verdict and the scenarios behind it), the totals and the overall verdict;
- ``results``: the run's full results (every scenario, its verdict, message and trace), so every
  line of ``certificate`` can be recomputed from them;
- ``sha256``: the hex SHA-256 of the canonical JSON of the other two (keys sorted, no spaces,
  UTF-8).

The overall verdict is *conformant* when no requirement of a family the declaration claims is
failed, erred or uncovered. Brand ``ismart`` claims the IS requirements, ``myrenault`` the MR
ones, and either claims the derived D ones. A requirement of an unclaimed family that no
scenario decided (uncovered or inconclusive) is listed as *not applicable*.

The digest proves the file is intact, not who wrote it: anyone can reseal an edited file, so
:func:`verify_certificate` also checks that every verdict and total follows from the embedded
results.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract.capabilities import CapabilityDeclaration
from contract.codec import ContractViolation, decode, encode
from core import __version__
from core.results import RunResult
from core.verdicts import RigError, Verdict
from reports import traceability
from reports.catalogue import Requirement, load_catalogue
from reports.certificate_html import render_html
from reports.declared_values import declared_value_rows

SUITE = "twinrig"
IN_PROCESS = "in-process"
CONFORMANT = "conformant"
NOT_CONFORMANT = "not conformant"
NOT_APPLICABLE = "not applicable"

#: The requirement families each brand claims.
BRAND_FAMILIES: dict[str, tuple[str, ...]] = {"ismart": ("IS", "D"), "myrenault": ("MR", "D")}

#: Requirement verdicts in the order the totals list them.
REQUIREMENT_VERDICTS = (
    Verdict.PASS.value,
    Verdict.FAIL.value,
    Verdict.ERROR.value,
    Verdict.INCONCLUSIVE.value,
    traceability.UNCOVERED,
    NOT_APPLICABLE,
)

#: The verdicts that keep a claimed requirement from being conformant.
_BLOCKING = frozenset({Verdict.FAIL.value, Verdict.ERROR.value, traceability.UNCOVERED})

_TOP_KEYS = ("certificate", "results", "sha256")
_CERTIFICATE_KEYS = (
    "suite",
    "suite_version",
    "platform",
    "declaration",
    "declared_values",
    "seed",
    "families",
    "requirements",
    "totals",
    "verdict",
)


@dataclass(frozen=True, slots=True)
class PlatformInfo:
    """The platform a certificate is for: its *name*, its *version*, and the *url* it was reached at.

    *url* is ``"in-process"`` for a platform embedded in the rig, such as the reference.
    """

    name: str
    version: str
    url: str = IN_PROCESS

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "url": self.url}


def platform_info(
    spec: str, declaration: CapabilityDeclaration, name: str | None = None, version: str | None = None
) -> PlatformInfo:
    """The :class:`PlatformInfo` for the platform *spec* of a run.

    *name* and *version* default to the ones the *declaration* gives; the URL is *spec* itself
    when it is an ``http(s)://`` address, else ``"in-process"``.
    """
    url = spec if spec.startswith(("http://", "https://")) else IN_PROCESS
    return PlatformInfo(name or declaration.platform, version or declaration.version, url)


def claimed_families(declaration: CapabilityDeclaration) -> list[str]:
    """The requirement families (``"D"``, ``"IS"``, ``"MR"``) the brands of *declaration* claim, sorted."""
    return sorted({family for brand in declaration.brands for family in BRAND_FAMILIES.get(brand, ())})


def make_certificate(
    run: RunResult,
    declaration: CapabilityDeclaration,
    platform: PlatformInfo,
    catalogue: list[Requirement] | None = None,
) -> dict[str, Any]:
    """The sealed certificate of *run* against the *platform* that made the *declaration*.

    *catalogue* is the requirement catalogue to judge against (``requirements.md`` if None).
    """
    body = _certificate(
        catalogue if catalogue is not None else load_catalogue(),
        run,
        declaration=encode(declaration),
        families=claimed_families(declaration),
        platform=platform.to_json(),
        suite_version=__version__,
    )
    data: dict[str, Any] = {"certificate": body, "results": run.to_json()}
    data["sha256"] = digest(data)
    return data


def digest(data: Mapping[str, Any]) -> str:
    """The hex SHA-256 of the canonical JSON of the ``certificate`` and ``results`` of *data*."""
    sealed = {"certificate": data["certificate"], "results": data["results"]}
    canonical = json.dumps(sealed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def verify_certificate(data: Any) -> list[str]:
    """The problems with the certificate *data* (as read from its JSON); empty when it is intact.

    A problem is a missing key, a SHA-256 that does not match the contents, results that cannot
    be read, or a requirement row, total, seed or verdict that does not follow from the embedded
    results and declaration.
    """
    if not isinstance(data, dict):
        return [f"a certificate is a JSON object, not {type(data).__name__}"]
    problems = [f"missing key {key!r}" for key in _TOP_KEYS if key not in data]
    if problems:
        return problems
    if data["sha256"] != digest(data):
        problems.append(f"sha256 does not match the contents: recorded {data['sha256']}, computed {digest(data)}")
    certificate = data["certificate"]
    if not isinstance(certificate, dict):
        return [*problems, "'certificate' is not a JSON object"]
    missing = [f"missing key 'certificate.{key}'" for key in _CERTIFICATE_KEYS if key not in certificate]
    if missing:
        return problems + missing
    return problems + _check_contents(certificate, data["results"])


def _check_contents(certificate: dict[str, Any], results: Any) -> list[str]:
    """The ways *certificate* does not follow from *results* and its own declaration."""
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
    catalogue = _listed_catalogue(certificate["requirements"])
    if catalogue is None:
        return [*problems, "'certificate.requirements' is not a list of objects with an 'id' and a 'text'"]
    expected = _certificate(
        catalogue,
        run,
        declaration=certificate["declaration"],
        families=claimed_families(declaration),
        platform=certificate["platform"],
        suite_version=certificate["suite_version"],
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
    return problems


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


def _certificate(
    catalogue: list[Requirement],
    run: RunResult,
    *,
    declaration: Any,
    families: list[str],
    platform: Any,
    suite_version: Any,
) -> dict[str, Any]:
    """The ``certificate`` part: every field either given or computed from *run* and *families*."""
    requirements = [_row(row, row.requirement.family in families) for row in traceability.matrix(catalogue, run)]
    counted = dict.fromkeys(REQUIREMENT_VERDICTS, 0)
    for requirement in requirements:
        counted[requirement["verdict"]] += 1
    claimed = [row for row in requirements if row["claimed"]]
    conformant = bool(claimed) and not any(row["verdict"] in _BLOCKING for row in claimed)
    return {
        "suite": SUITE,
        "suite_version": suite_version,
        "platform": platform,
        "declaration": declaration,
        "declared_values": declared_value_rows(declaration),
        "seed": run.seed,
        "families": families,
        "requirements": requirements,
        "totals": {"scenarios": run.totals(), "requirements": counted},
        "verdict": CONFORMANT if conformant else NOT_CONFORMANT,
    }


def _row(row: traceability.Row, claimed: bool) -> dict[str, Any]:
    verdict = row.verdict
    if not claimed and verdict in (traceability.UNCOVERED, Verdict.INCONCLUSIVE.value):
        verdict = NOT_APPLICABLE
    return {
        "id": row.requirement.id,
        "text": row.requirement.text,
        "claimed": claimed,
        "verdict": verdict,
        "scenarios": [
            {"name": result.name, "feature": result.feature, "verdict": result.verdict.value} for result in row.results
        ],
    }


def write_certificate(data: Mapping[str, Any], directory: Path) -> tuple[Path, Path]:
    """Write *data* as ``certificate.json`` and ``certificate.html`` into *directory* (made if need be).

    Returns the two paths.
    """
    directory.mkdir(parents=True, exist_ok=True)
    json_path = directory / "certificate.json"
    html_path = directory / "certificate.html"
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    html_path.write_text(render_html(data), encoding="utf-8")
    return json_path, html_path


def read_certificate(path: Path) -> Any:
    """The JSON data of the certificate file at *path*.

    Raises :class:`RigError` if the file cannot be read and :class:`ValueError` (a
    ``json.JSONDecodeError``) if it is not JSON.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RigError(f"certificate {path}: cannot be read ({error})") from error
    return json.loads(text)
