"""The conformance certificate: a run's verdict per requirement, signed with Ed25519 (or only
sealed with a SHA-256 digest).

A certificate is one JSON object with these keys:

- ``certificate``: the suite, its version and the digest of its files (features, step library,
  contract: :mod:`reports.suite_digest`), the time it was issued, the platform (name, version,
  where it was reached and the ``--platform`` that named it), the capability declaration the
  vendor claimed and its declared values (one row each with its allowed range and source:
  :mod:`reports.declared_values`), the seed, one row per requirement of the catalogue (its verdict and the
  scenarios behind it), the totals and the overall verdict;
- ``results``: the run's full results (every scenario, its verdict, message, steps and trace),
  so every line of ``certificate`` can be recomputed from them;
- ``sha256``: the hex SHA-256 of the canonical JSON of the other two (keys sorted, no spaces,
  UTF-8);
- ``signature`` (when signed): the Ed25519 signature of that same canonical JSON, with the
  public key that makes it (:mod:`reports.signing`).

The overall verdict is *conformant* only when every claimed requirement passed. Brand
``ismart`` claims the IS requirements, ``myrenault`` the MR ones, and either claims the derived D
ones; within a claimed family, a requirement is claimed unless the declaration makes every one
of its scenarios not applicable (their brand or capability is not claimed:
:mod:`reports.applicability`). A claimed requirement that failed, erred, was left inconclusive
or that no scenario covers keeps the certificate from conformance. *Not applicable* comes only
from the declaration: a requirement that is not claimed and that no scenario decided.

The SHA-256 proves the file is intact, not who wrote it: anyone can reseal an edited file. So
:func:`check_certificate` also checks that every verdict and total follows from the embedded
results, that the platform named is the one the results and declaration name, and that the
suite digest is this installation's; and a signed certificate checked against the vendor's
public key cannot be changed, resealed or re-signed without it showing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contract.capabilities import CapabilityDeclaration
from contract.codec import encode
from core import __version__
from core.results import RunResult
from core.verdicts import RigError, Verdict
from reports import signing, traceability
from reports.applicability import not_applicable
from reports.catalogue import Requirement, load_catalogue
from reports.certificate_html import render_html
from reports.declared_values import declared_value_rows
from reports.suite_digest import suite_digest

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


@dataclass(frozen=True, slots=True)
class PlatformInfo:
    """The platform a certificate is for: its *name* and *version*, the *url* it was reached at,
    and the *spec* the run was given (``--platform``: ``reference``, ``mutant:<name>`` or a URL).

    *url* is ``"in-process"`` for a platform embedded in the rig, such as the reference.
    """

    name: str
    version: str
    url: str = IN_PROCESS
    spec: str = "reference"

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "url": self.url, "spec": self.spec}


def platform_info(spec: str, declaration: CapabilityDeclaration) -> PlatformInfo:
    """The :class:`PlatformInfo` for the platform *spec* of a run: the name and version its
    *declaration* gives; the URL is *spec* itself when it is an ``http(s)://`` address, else
    ``"in-process"``."""
    return PlatformInfo(declaration.platform, declaration.version, _url(spec), spec)


def _url(spec: str) -> str:
    return spec if spec.startswith(("http://", "https://")) else IN_PROCESS


def claimed_families(declaration: CapabilityDeclaration) -> list[str]:
    """The requirement families (``"D"``, ``"IS"``, ``"MR"``) the brands of *declaration* claim, sorted."""
    return sorted({family for brand in declaration.brands for family in BRAND_FAMILIES.get(brand, ())})


def make_certificate(
    run: RunResult,
    declaration: CapabilityDeclaration,
    platform: PlatformInfo,
    catalogue: list[Requirement] | None = None,
    *,
    suite: Mapping[str, Any] | None = None,
    issued: str | None = None,
    key: Ed25519PrivateKey | None = None,
) -> dict[str, Any]:
    """The certificate of *run* against the *platform* that made the *declaration*, sealed, and
    signed with *key* if one is given.

    *catalogue* is the requirement catalogue to judge against (``requirements.md`` if None);
    *suite* the digest of the suite that ran (this installation's if None); *issued* the time of
    issue, ISO 8601 (now, by the wall clock, if None: it is outside the simulation). A *run*
    whose results carry another declaration, or another platform, than *declaration* and
    *platform*, or a *platform* named otherwise than the declaration names it, is a
    :class:`RigError`: the certificate would not verify.
    """
    results = run.to_json()
    if results["declaration"] is None:  # results made by hand, not by a run
        results["declaration"] = encode(declaration)
    if results["declaration"] != encode(declaration):
        raise RigError("the run's results carry another capability declaration than the one to certify")
    if run.platform != platform.spec:
        raise RigError(f"the run played platform {run.platform!r}, not {platform.spec!r}")
    if (platform.name, platform.version) != (declaration.platform, declaration.version):
        raise RigError(
            f"the platform {platform.name} {platform.version} is not the one the declaration names "
            f"({declaration.platform} {declaration.version})"
        )
    body = certificate_part(
        catalogue if catalogue is not None else load_catalogue(),
        run,
        declaration,
        platform=platform.to_json(),
        suite_version=__version__,
        suite_digest=dict(suite) if suite is not None else suite_digest(),
        issued=issued or issue_time(),
    )
    data: dict[str, Any] = {"certificate": body, "results": results}
    data["sha256"] = digest(data)
    if key is not None:
        data["signature"] = signing.sign(canonical(data), key)
    return data


def issue_time() -> str:
    """Now, by the wall clock, in UTC to the second (``2026-12-02T18:45:00Z``)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def canonical(data: Mapping[str, Any]) -> bytes:
    """The canonical JSON (keys sorted, no spaces, UTF-8) of the ``certificate`` and ``results``
    of *data*: what the SHA-256 seals and the signature signs."""
    sealed = {"certificate": data["certificate"], "results": data["results"]}
    return json.dumps(sealed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest(data: Mapping[str, Any]) -> str:
    """The hex SHA-256 of the canonical JSON of the ``certificate`` and ``results`` of *data*."""
    return hashlib.sha256(canonical(data)).hexdigest()


def certificate_part(
    catalogue: list[Requirement],
    run: RunResult,
    declaration: CapabilityDeclaration,
    **given: Any,
) -> dict[str, Any]:
    """The ``certificate`` part: the *given* fields (platform, suite version and digest, issue
    time) as they are, every other field computed from *run* and *declaration*."""
    families = claimed_families(declaration)
    requirements = [
        _row(row, row.requirement.family in families, declaration) for row in traceability.matrix(catalogue, run)
    ]
    counted = dict.fromkeys(REQUIREMENT_VERDICTS, 0)
    for requirement in requirements:
        counted[requirement["verdict"]] += 1
    claimed = [row for row in requirements if row["claimed"]]
    conformant = bool(claimed) and all(row["verdict"] == Verdict.PASS.value for row in claimed)
    return {
        "suite": SUITE,
        "suite_version": given["suite_version"],
        "suite_digest": given["suite_digest"],
        "issued": given["issued"],
        "platform": given["platform"],
        "declaration": encode(declaration),
        "declared_values": declared_value_rows(encode(declaration)),
        "seed": run.seed,
        "families": families,
        "requirements": requirements,
        "totals": {"scenarios": run.totals(), "requirements": counted},
        "verdict": CONFORMANT if conformant else NOT_CONFORMANT,
    }


def _row(row: traceability.Row, family_claimed: bool, declaration: CapabilityDeclaration) -> dict[str, Any]:
    """A requirement's row: claimed when its family is and some scenario of it applies (or none
    covers it); a claimed one's verdict is that of its applicable scenarios."""
    applicable = [result for result in row.results if not_applicable(result.tags, declaration) is None]
    claimed = family_claimed and (bool(applicable) or not row.results)
    if claimed:
        verdict = traceability.Row(row.requirement, applicable).verdict
    elif row.verdict in (traceability.UNCOVERED, Verdict.INCONCLUSIVE.value):
        verdict = NOT_APPLICABLE
    else:
        verdict = row.verdict
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
