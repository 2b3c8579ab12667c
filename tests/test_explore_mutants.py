"""Exploration proven on the mutants: it finds every shipped one within its default budget, and
each finding, shrunk and written as a feature (English, Danish or Norwegian), fails on the mutant
and passes on the reference (the sample below, of every family, through the command line)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.verdicts import Verdict
from explore.hunt import hunt
from explore.session import Options
from mutants import MUTANTS, mutant
from twinrig.runner import run_suite

pytestmark = pytest.mark.end_to_end  # every test explores mutants

SAMPLE = (
    "bind_on_first_scan",
    "any_code_accepted",
    "four_digit_unbind_code",
    "auto_unbind_at_24h",
    "wrong_support_address",
    "login_before_email_confirmed",
    "web_credentials_differ",
    "asking_again_sends_nothing",
    "stranger_commands_by_vin",
    "force_unbind_by_vin",
    "thirty_day_months",
    "swedish_cars_refused",
)
"""Mutants of every family that exploration finds, to write as features and replay."""

TWINRIG = str(Path(sys.executable).with_name("twinrig"))


def test_exploration_finds_every_shipped_mutant_within_its_default_budget_and_the_reference_agrees() -> None:
    hunts = hunt(Options(database=None), MUTANTS, jobs=os.cpu_count() or 1, suite=False)
    assert [one.mutant.name for one in hunts if not one.found] == []
    assert [one.mutant.name for one in hunts if not one.confirmed] == []
    assert all(one.examples > 0 and one.seconds > 0 for one in hunts)


@pytest.mark.parametrize("name", SAMPLE)
def test_a_shrunk_finding_fails_on_its_mutant_and_passes_on_the_reference(tmp_path: Path, name: str) -> None:
    platform = mutant(name).factory.name
    language = ("en", "da", "no")[SAMPLE.index(name) % 3]
    command = [TWINRIG, "explore", "--platform", platform, "--no-database", "--out", str(tmp_path)]
    explored = subprocess.run([*command, "--language", language], capture_output=True, text=True, check=False)
    assert explored.returncode == 1, f"exploration found nothing on {platform}:\n{explored.stdout}{explored.stderr}"
    (path,) = tmp_path.glob("*.feature")
    requirement = re.search(r"@req:(\S+)", path.read_text(encoding="utf-8"))
    assert requirement is not None
    on_mutant = run_suite(platform, 7, features=[path]).scenarios
    on_reference = run_suite("reference", 7, features=[path]).scenarios
    assert [result.verdict for result in on_mutant] == [Verdict.FAIL], on_mutant[0].message
    assert [result.verdict for result in on_reference] == [Verdict.PASS], on_reference[0].message
    assert requirement.group(1) in on_mutant[0].requirements
    assert path.read_text(encoding="utf-8").startswith(f"# language: {language}") or language == "en"
