"""The digest of the suite that ran: its feature files, its step library and the contract.

A certificate carries it so that a reader knows which suite judged the platform, and
``twinrig verify`` compares it with the suite of the installation that checks it. The digest is
deterministic: every file is named by its path relative to the repository (``/``-separated),
the files are taken in the order of their sorted paths, and line endings are read as ``\\n``, so
a checkout on any system gives the same digest. The whole digest is the SHA-256 of one line per
file, ``<sha256 of the file>  <path>`` (as ``sha256sum`` writes them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from core.features import FEATURES, REPOSITORY, feature_files, relative

CONTRACT = REPOSITORY / "contract"
STEPS = REPOSITORY / "steps"


def suite_files(features: Sequence[Path] = ()) -> list[Path]:
    """The files the digest covers: the feature files (*features*, files or folders of them; the
    suite's own if none), the step library's sources, and the contract's sources and OpenAPI
    document."""
    played = [found for path in features or (FEATURES,) for found in _features_at(path)]
    library = sorted(STEPS.rglob("*.py"))
    contract = [*sorted(CONTRACT.glob("*.py")), CONTRACT / "openapi.json"]
    return [*played, *library, *contract]


def _features_at(path: Path) -> list[Path]:
    return [path] if path.is_file() else feature_files(path)


def file_digest(path: Path) -> str:
    """The hex SHA-256 of the file at *path*, its line endings read as ``\\n``."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def suite_digest(features: Sequence[Path] = ()) -> dict[str, Any]:
    """The digest of the suite that plays *features* (the suite's own if none):
    ``{"sha256": ..., "files": {path: sha256, ...}}``, the paths sorted."""
    files = {relative(path): file_digest(path) for path in suite_files(features)}
    return combined(files)


def combined(files: Mapping[str, str]) -> dict[str, Any]:
    """The digest of the files *files* (path to its SHA-256), with the files sorted by path."""
    ordered = dict(sorted(files.items()))
    listing = "".join(f"{sha256}  {path}\n" for path, sha256 in ordered.items())
    return {"sha256": hashlib.sha256(listing.encode("utf-8")).hexdigest(), "files": ordered}


def differences(recorded: Any, installed: Mapping[str, Any]) -> list[str]:
    """How the digest *recorded* (as a certificate carries it) differs from the *installed*
    suite's; empty when they are the same."""
    if not isinstance(recorded, dict) or not isinstance(recorded.get("files"), dict):
        return ["the suite digest is not an object with 'sha256' and 'files'"]
    files: dict[str, Any] = recorded["files"]
    problems = []
    if recorded.get("sha256") != combined({str(path): str(sha) for path, sha in files.items()})["sha256"]:
        problems.append("the suite digest's 'sha256' does not follow from its files")
    if recorded.get("sha256") == installed["sha256"] and not problems:
        return []
    theirs, ours = files, installed["files"]
    changed = sorted(path for path in theirs.keys() & ours.keys() if theirs[path] != ours[path])
    details = [
        *_listed("files that differ", changed),
        *_listed("files this installation lacks", sorted(theirs.keys() - ours.keys())),
        *_listed("files the certificate's suite lacks", sorted(ours.keys() - theirs.keys())),
    ]
    problems.append(
        f"the certificate was made by another suite than this installation's (suite digest "
        f"{recorded.get('sha256')}, this installation's {installed['sha256']})"
        + "".join(f"; {detail}" for detail in details)
    )
    return problems


def _listed(what: str, paths: list[str]) -> list[str]:
    if not paths:
        return []
    more = f" and {len(paths) - 10} more" if len(paths) > 10 else ""
    return [f"{what}: {', '.join(paths[:10])}{more}"]
