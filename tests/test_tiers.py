"""The fast tier (``make check``: every test not marked ``end_to_end``) leaves out the end-to-end tests.

One collection of the whole suite with ``-m "not end_to_end"`` is judged by name: the tests that
play whole suites, kill tables, Locust runs or the browser are not in it, the cheap tests of the
same modules are, and the fast tier still holds most of the suite. It collects in this process,
where the test modules are imported already when the whole suite runs, so it takes seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from core.features import REPOSITORY

pytest_plugins = ["pytester"]

END_TO_END = [
    "tests/test_http_transport.py::test_mutants_over_http_get_the_same_kill_table_as_in_process",
    "tests/test_http_transport.py::test_the_whole_suite_gives_the_same_verdicts_over_http",
    "tests/test_cli.py::test_the_kill_table_has_every_mutant_once",
    "tests/test_kill_selection.py::test_the_selective_table_has_the_exhaustive_ones_verdicts_for_fewer_runs",
    "tests/test_cli.py::test_run_passes_on_the_reference",
    "tests/test_cli.py::test_mutants_with_an_unknown_name_exits_2_without_running",
    "tests/test_explore_mutants.py::test_exploration_finds_every_shipped_mutant_within_its_default_budget_and_the_reference_agrees",
    "tests/test_load.py::test_a_bounded_run_passes_its_thresholds_writes_its_reports_and_leaves_a_consistent_state",
    "tests/test_allure.py::test_the_report_in_a_browser_shows_scenarios_verdicts_and_the_diagram",
    "tests/test_determinism.py::test_one_seed_gives_the_same_scenarios_in_the_same_order",
    "tests/test_certificate_signing.py::test_certify_writes_a_signed_conformant_certificate_of_the_reference",
    "tests/test_certificate_signing.py::test_behave_writes_the_signed_certificate_too",
    "tests/test_traceability.py::test_every_requirement_is_covered_by_scenarios_that_pass",
    "tests/test_behave.py::test_one_seed_makes_one_run_of_both_runners",
    "tests/test_fuzz.py::test_the_reference_server_keeps_to_its_document",
    "tests/test_junit.py::test_twinrig_run_writes_junit_with_a_case_per_scenario",
]
"""Tests that take seconds to minutes: a node id, or the id of every parametrization of it."""
END_TO_END_MODULES = [
    "tests/test_allure.py",
    "tests/test_behave.py",
    "tests/test_determinism.py",
    "tests/test_explore_mutants.py",
    "tests/test_load.py",
    "tests/test_traceability.py",
]
"""Modules marked as a whole: none of their tests is fast."""
FAST = [
    "tests/test_cli.py::test_run_with_an_unknown_platform_exits_2",
    "tests/test_cli.py::test_every_mutant_breaks_a_requirement_of_the_catalogue",
    "tests/test_http_transport.py::test_a_refused_connection_is_an_error_naming_the_call",
    "tests/test_certificate.py::test_any_change_breaks_the_seal",
    "tests/test_certificate_signing.py::test_a_certificate_without_a_signature_is_unsigned_for_a_public_key",
    "tests/test_tiers.py::test_the_fast_tier_leaves_out_the_end_to_end_tests_and_keeps_the_rest",
]
"""Cheap tests beside end-to-end ones in their modules: the fast tier keeps them."""


@dataclass(frozen=True, slots=True)
class Collection:
    """What ``pytest --collect-only -m "not end_to_end"`` found: the *selected* node ids and the *total*."""

    selected: list[str]
    total: int

    def holds(self, node_id: str) -> bool:
        """Whether *node_id*, or any parametrization of it, is selected."""
        return any(selected == node_id or selected.startswith(f"{node_id}[") for selected in self.selected)

    def holds_any_of(self, module: str) -> bool:
        """Whether any test of *module* (a path such as ``tests/test_load.py``) is selected."""
        return any(selected.startswith(f"{module}::") for selected in self.selected)


def fast_tier(pytester: pytest.Pytester) -> Collection:
    """The fast tier as ``make check`` selects it, collected (nothing runs)."""
    chosen = pytester.inline_run(
        "--collect-only",
        "-m",
        "not end_to_end",
        f"--rootdir={REPOSITORY}",
        "-c",
        str(REPOSITORY / "pyproject.toml"),
        str(REPOSITORY / "tests"),
    )
    assert chosen.ret == 0
    (finished,) = chosen.getcalls("pytest_collection_finish")
    left_out = sum(len(call.items) for call in chosen.getcalls("pytest_deselected"))
    selected = [item.nodeid for item in finished.session.items]
    return Collection(selected, len(selected) + left_out)


def test_the_fast_tier_leaves_out_the_end_to_end_tests_and_keeps_the_rest(pytester: pytest.Pytester) -> None:
    tier = fast_tier(pytester)
    assert [node_id for node_id in END_TO_END if tier.holds(node_id)] == []
    assert [module for module in END_TO_END_MODULES if tier.holds_any_of(module)] == []
    assert [node_id for node_id in FAST if not tier.holds(node_id)] == []
    assert len(tier.selected) > 1000
    assert tier.total - len(tier.selected) >= len(END_TO_END)
