"""Exploration proven on the mutants: it finds every shipped mutant within its default budget, and
each finding, shrunk and written as a feature, fails on the mutant and passes on the reference."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from explore.hunt import Hunt, hunt
from explore.session import Options, explore
from explore.writing import write_finding
from mutants import MUTANTS, mutant
from twinrig.runner import run_suite
from twinrig.verdicts import Verdict

SAMPLE = (
    "bind_on_first_scan",
    "code_reusable",
    "qr_reusable",
    "anyone_may_answer",
    "no_completion_message",
    "login_before_email_confirmed",
    "remote_before_sync",
    "sync_while_driving",
    "stranger_reads_status",
    "retry_sends_again",
    "late_answer_honoured",
    "unbind_without_code",
)
"""Mutants of every family, to write as features and replay."""


@pytest.fixture(scope="module")
def hunts() -> dict[str, Hunt]:
    """Exploration against every shipped mutant, with the default options."""
    found = hunt(Options(database=None), MUTANTS, jobs=os.cpu_count() or 1, suite=False)
    return {one.mutant.name: one for one in found}


def test_exploration_finds_every_shipped_mutant_within_its_default_budget(hunts: dict[str, Hunt]) -> None:
    missed = sorted(name for name, one in hunts.items() if not one.killed)
    assert not missed, f"exploration missed {len(missed)} of {len(hunts)} mutants: {missed}"


def test_a_finding_is_confirmed_on_the_reference(hunts: dict[str, Hunt]) -> None:
    shared = sorted(name for name, one in hunts.items() if one.found and not one.confirmed)
    assert not shared, f"the reference breaks the same rule in the steps found for {shared}"


@pytest.mark.parametrize("name", SAMPLE)
def test_a_shrunk_finding_fails_on_its_mutant_and_passes_on_the_reference(tmp_path: Path, name: str) -> None:
    platform = mutant(name).factory.name
    report = explore(Options(platform, database=None))
    assert report.finding is not None, f"exploration found nothing on {platform}"
    language = ("en", "da", "no")[SAMPLE.index(name) % 3]
    path = write_finding(report, tmp_path, language)
    on_mutant = run_suite(platform, 7, features=[path]).scenarios
    on_reference = run_suite("reference", 7, features=[path]).scenarios
    assert [result.verdict for result in on_mutant] == [Verdict.FAIL], on_mutant[0].message
    assert [result.verdict for result in on_reference] == [Verdict.PASS], on_reference[0].message
    assert report.finding.requirement in on_mutant[0].requirements
