"""One seed makes a run reproducible: the same trace, byte for byte, and the same verdicts."""

from __future__ import annotations

from twinrig.results import RunResult
from twinrig.runner import run_suite


def by_name(run: RunResult) -> dict[str, tuple[str, str]]:
    return {f"{result.feature}::{result.name}": (result.verdict.value, result.trace) for result in run.scenarios}


def test_the_same_seed_gives_the_same_traces_and_verdicts() -> None:
    first, second = by_name(run_suite("reference", 7)), by_name(run_suite("reference", 7))
    assert first.keys() == second.keys()
    assert first == second
    assert all(trace for _, trace in first.values()), "a scenario left no trace"


def test_another_seed_gives_other_traces_but_the_same_verdicts() -> None:
    seven, eight = by_name(run_suite("reference", 7)), by_name(run_suite("reference", 8))
    assert {name: verdict for name, (verdict, _) in seven.items()} == {
        name: verdict for name, (verdict, _) in eight.items()
    }
    differing = [name for name in seven if seven[name][1] != eight[name][1]]
    assert len(differing) > len(seven) // 2
