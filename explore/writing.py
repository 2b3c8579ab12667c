"""Where a shrunk finding is written: one feature file per platform and requirement."""

from __future__ import annotations

from pathlib import Path

from explore.defaults import FINDINGS
from explore.gherkin import feature_text
from explore.session import Report, slug


def write_finding(report: Report, folder: Path = FINDINGS, language: str = "en") -> Path:
    """Write *report*'s finding as a feature in *language* into *folder*; its path."""
    finding = report.finding
    if finding is None:
        raise ValueError("the exploration found nothing to write")
    name = f"{slug(report.options.platform)}-{finding.requirement or 'breakdown'}-{language}.feature".lower()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    text = feature_text(
        finding, brand=report.brand, seed=report.options.seed, platform=report.options.platform, language=language
    )
    path.write_text(text, encoding="utf-8")
    return path
