"""The suite is proved against the choices the manuals leave open: the reference with another
conformant choice (reference.variants: the confirmation link in a query or in HTML, codes in
free text, dealers checked against the platform's records, a declaration whose first market
excludes horn and lights, a law that excludes it everywhere) passes every scenario that applies,
and each choice is exercised by the scenarios of the table below."""

from __future__ import annotations

import pytest

from core.results import RunResult, ScenarioResult
from core.verdicts import Verdict
from reference.variants import VARIANTS
from twinrig.runner import run_suite

pytestmark = pytest.mark.end_to_end  # every test plays the whole suite in-process

EXERCISED_BY: dict[str, tuple[str, ...]] = {
    "query-link": ("MR-ACC-2", "MR-ACC-3", "D-REL-3", "IS-REG-2", "IS-UNBIND-2"),
    "html-mail": ("MR-ACC-2", "MR-ACC-3", "D-REL-3", "IS-REG-2", "IS-UNBIND-2"),
    "dealer-records": ("IS-FORCE-6", "D-SEC-5", "D-SEC-1"),
    "first-market-forbids-horn": ("MR-FEAT-1", "MR-FEAT-2", "MR-PIN-1", "D-REL-1", "D-REL-2"),
    "horn-forbidden-everywhere": ("MR-FEAT-2",),
}
"""Which requirements' scenarios exercise each open choice: each must have passing scenarios."""

NOT_APPLICABLE: dict[str, tuple[int, str]] = {
    "first-market-forbids-horn": (1, "not applicable: the platform declares no myrenault model sold in NO"),
    "horn-forbidden-everywhere": (29, "horn_and_lights"),
}
"""How many scenarios the declaration of a choice makes not applicable, and what each says."""

RUNS: dict[str, RunResult] = {}


def played(name: str) -> RunResult:
    if name not in RUNS:
        RUNS[name] = run_suite(f"variant:{name}", 1)
    return RUNS[name]


def test_every_variant_has_a_row_in_the_table() -> None:
    assert set(EXERCISED_BY) == set(VARIANTS)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_variant_passes_every_scenario_that_applies(name: str) -> None:
    run = played(name)
    wrong = [f"{result.verdict.value}: {result.name}: {result.message}" for result in run.scenarios if not fine(result)]
    assert not wrong, "\n".join(wrong)
    inconclusive = [result for result in run.scenarios if result.verdict is Verdict.INCONCLUSIVE]
    count, says = NOT_APPLICABLE.get(name, (0, ""))
    assert len(inconclusive) == count
    assert all(says in result.message for result in inconclusive)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_choice_is_exercised_by_passing_scenarios(name: str) -> None:
    run = played(name)
    passed = {req for result in run.scenarios if result.verdict is Verdict.PASS for req in result.requirements}
    assert set(EXERCISED_BY[name]) <= passed, sorted(set(EXERCISED_BY[name]) - passed)


def test_the_law_that_removes_horn_and_lights_everywhere_still_shows_it_removed() -> None:
    run = played("horn-forbidden-everywhere")
    shown = [result for result in run.scenarios if result.name == "The country's law removes a function the car has"]
    assert [result.verdict for result in shown] == [Verdict.PASS]


def fine(result: ScenarioResult) -> bool:
    """Passed, or not applicable by the declaration (never failed, never an error)."""
    return result.verdict is Verdict.PASS or (
        result.verdict is Verdict.INCONCLUSIVE and result.message.startswith("not applicable:")
    )
