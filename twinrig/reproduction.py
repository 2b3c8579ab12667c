"""How to replay one scenario alone: a ``-k`` expression that selects it and no other test of the
run, and the command line that plays it with the run's seed.

A scenario's seed comes from the run's seed and the scenario's own identity
(:func:`twinrig.plugin.scenario_seed`), not from what else runs, so the scenario picked out by
the expression replays exactly as it ran in the whole suite. The expression is judged by
pytest's own ``-k`` matcher.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

import pytest
from _pytest.mark import KeywordMatcher
from _pytest.mark.expression import Expression

# What pytest's -k grammar takes as one identifier; the operators may not be one.
_WORD = re.compile(r"[\w:+\-.\[\]\\/]+")
_OPERATORS = frozenset({"and", "or", "not"})


def words(name: str) -> list[str]:
    """The pieces of a test *name* that a ``-k`` expression may name, in order."""
    return [word for word in _WORD.findall(name) if word.lower() not in _OPERATORS]


def selection(item: pytest.Item, universe: Sequence[tuple[pytest.Item, KeywordMatcher]]) -> str | None:
    """A ``-k`` expression that matches *item* and no other item of *universe* (item, matcher
    pairs: every test the run collected); None if no such expression can be made of words."""
    mine = KeywordMatcher.from_item(item)
    expression = " and ".join(words(item.name))
    while True:
        compiled = Expression.compile(expression)
        others = [other for other, matcher in universe if other is not item and compiled.evaluate(matcher)]
        if not others:
            return expression
        # A word of another test's name that matches nothing of this one's rules that test out.
        distinct = next((word for word in words(others[0].name) if not mine(word)), None)
        if distinct is None:
            return None
        expression += f" and not {distinct}"


def command(item: pytest.Item, universe: Sequence[tuple[pytest.Item, KeywordMatcher]], options: list[str]) -> str:
    """The command line that replays *item* alone with the run's *options* (``--seed N``...).

    ``twinrig run -k <selection>``, or pytest with the test's node id if no selection exists.
    """
    chosen = selection(item, universe)
    if chosen is None:
        return shlex.join(["pytest", item.nodeid, *options])
    return shlex.join(["twinrig", "run", *options, "-k", chosen])
