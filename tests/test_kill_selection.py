"""The selective kill table gives the exhaustive one's verdicts, for a fraction of the runs.

A sample of mutants of every kind (a rule overridden, a policy field swapped, a mutant with state
of its own, one off by one from its declared value, one whose own requirement's scenarios do not
all read what it changes, and a survivor made here) is judged by the whole suite and by the
selection: the same verdict, the same first killer, the same ``killed_by_own_requirement``, and
with ``all_kills`` the same list of killers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

import mutants
from mutants import MUTANTS, Mutant, mutant
from mutants.base import policy_mutant, subclass_mutant
from reference import DEFAULT_POLICY, ReferenceFactory, ReferencePlatform
from twinrig import mutation
from twinrig.exercised import Change, change_of, digest, exercised
from twinrig.kill_plugin import plan_args
from twinrig.runner import run_suite


class SupportAddressAsBefore(ReferencePlatform):
    """Overrides the support address with the very same one: a survivor, the suite cannot tell."""

    def _support_address(self) -> str:
        return super()._support_address()


class OwnRepr(ReferencePlatform):
    """Changes how the platform prints: a special method, which no record follows."""

    def __repr__(self) -> str:
        return "mutant"


SURVIVOR = subclass_mutant("support_address_as_before", "IS-CONTACT-1", SupportAddressAsBefore)
SAMPLE = [
    "bind_on_first_scan",  # a rule overridden
    "commands_never_time_out",  # a policy field swapped
    "asking_again_sends_nothing",  # state of its own (__init__) and several methods
    "pin_locks_one_try_late",  # off by one from its declared value
    "stranger_reads_status",  # own-requirement scenarios that do not all read what it changes
]


def verdicts(kills: list[mutation.Kill], every_killer: bool) -> dict[str, tuple[object, ...]]:
    return {
        kill.mutant.name: (
            kill.killed,
            kill.killed_by if every_killer else kill.killed_by[:1],
            kill.by_own_requirement,
        )
        for kill in kills
    }


@pytest.fixture(scope="module")
def sample() -> list[Mutant]:
    return [*(mutant(name) for name in SAMPLE), SURVIVOR]


@pytest.fixture
def with_survivor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The survivor is a mutant the platforms' names know (``mutant:support_address_as_before``)."""
    monkeypatch.setattr(mutants, "MUTANTS", (*MUTANTS, SURVIVOR))


@pytest.mark.end_to_end
@pytest.mark.usefixtures("with_survivor")
def test_the_selective_table_has_the_exhaustive_ones_verdicts_for_fewer_runs(sample: list[Mutant]) -> None:
    whole = mutation.kill_table(sample, seed=1, jobs=2, selective=False)
    first = mutation.kill_table(sample, seed=1, jobs=2)
    every = mutation.kill_table(sample, seed=1, jobs=2, all_kills=True)
    assert verdicts(first, every_killer=False) == verdicts(whole, every_killer=False)
    assert verdicts(every, every_killer=True) == verdicts(whole, every_killer=True)
    suite = len(exercised(1).order)
    by_name = {kill.mutant.name: kill for kill in first}
    assert [kill.mutant.name for kill in whole if not kill.killed] == [SURVIVOR.name]
    assert by_name[SURVIVOR.name].runs == suite  # its first batch, then the rest of the suite
    assert all(kill.runs == suite for kill in whole)
    assert all(kill.runs < suite / 2 for kill in first if kill.killed)
    assert sum(kill.runs for kill in first) < sum(kill.runs for kill in every) < sum(kill.runs for kill in whole)
    assert all(not kill.complete for kill in first if kill.killed)
    assert all(kill.complete for kill in every)


def test_a_subclass_changes_what_it_overrides_and_what_its_init_sets() -> None:
    assert change_of(mutant("bind_on_first_scan").factory) == Change(frozenset({"_scan_stage"}))
    names = change_of(mutant("asking_again_sends_nothing").factory)
    assert names is not None
    assert {"_asked", "_asking_again", "_note", "send_registration_code"} <= names.names
    assert "__init__" not in names.names
    assert "super" not in names.names


def test_a_policy_swap_changes_the_fields_that_differ_down_to_the_nested_ones() -> None:
    codes = replace(DEFAULT_POLICY.unbind_code, length=DEFAULT_POLICY.unbind_code.length + 2)
    swapped = policy_mutant(
        "longer_codes", "D-SEC-2", "", replace(DEFAULT_POLICY, unbind_code=codes, qr_ttl=timedelta(0))
    )
    assert change_of(swapped.factory) == Change(fields=frozenset({"unbind_code.length", "qr_ttl"}))
    assert change_of(ReferenceFactory()) == Change()


def test_a_special_method_or_another_factory_is_a_change_no_record_follows() -> None:
    assert change_of(ReferenceFactory("mutant:own_repr", OwnRepr)) is None
    assert change_of(object()) is None  # type: ignore[arg-type]


def test_the_record_names_what_each_scenario_reads_and_is_cached_by_its_sources() -> None:
    record = exercised(1)
    assert len(record.order) == len(set(record.order)) > 200
    support = [nodeid for nodeid in record.order if "_support_address" in record.names[nodeid]]
    assert support
    assert set(support) <= set(record.own("IS-CONTACT-1"))
    assert record.reading(Change(fields=frozenset({"force_unbind_after"})))
    assert not record.reading(Change(frozenset({"no_such_attribute"})))
    assert digest(1) != digest(2)
    assert digest(1) == digest(1)
    assert exercised(1) == record


def test_a_plan_plays_only_its_scenarios_and_stops_at_the_first_kill() -> None:
    own = exercised(1).own("IS-BIND-3")
    broken = mutant("bind_on_first_scan")
    kill = mutation.judge(broken, run_suite(broken.factory.name, 1, extra=plan_args(only=own, own=own)))
    assert kill.killed
    assert kill.by_own_requirement
    assert kill.runs < len(own)
    played = run_suite("reference", 1, extra=plan_args(only=own[1:], own=own, stop=False))
    assert [result.nodeid for result in played.scenarios] == own[1:]
