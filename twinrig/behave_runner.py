"""behave's runner, with one change: a feature file behave cannot parse is an error of its own,
and every other feature still runs.

behave parses every feature file before any hook runs, and one file it cannot parse (not UTF-8,
a Gherkin syntax error) stops the whole run. This runner tries each file first, leaves out the
ones that do not parse, and keeps their problems in :attr:`Runner.unparsed`; the rig's
``before_all`` hook (:mod:`twinrig.behave_hooks`) records each as an error result naming the
file and line, as the pytest runner does. ``[tool.behave] runner`` in ``pyproject.toml`` names
this class, so a plain ``behave`` uses it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import behave.runner
from behave.parser import ParserError, parse_file

from core.features import load, relative


class Runner(behave.runner.Runner):  # type: ignore[misc]  # behave is untyped
    """behave's runner that leaves out, and keeps the problems of, the files it cannot parse."""

    def __init__(self, config: Any) -> None:
        super().__init__(config)
        self.unparsed: dict[str, str] = {}
        """Each feature file left out (as the rig names it) and why, with its file and line."""

    def run(self) -> bool:
        """Run the features that parse; failed if any failed or any file was left out."""
        failed = bool(super().run())
        for problem in self.unparsed.values():
            print(f"twinrig: error: {problem}", file=sys.stderr)
        return failed or bool(self.unparsed)

    def feature_locations(self) -> list[Any]:
        kept = []
        for location in super().feature_locations():
            problem = self._problem(location.filename)
            if problem is None:
                kept.append(location)
            else:
                self.unparsed.setdefault(relative(Path(location.filename)), problem)
        return kept

    def _problem(self, filename: str) -> str | None:
        """Why behave cannot parse *filename* (the rig's reading first: it names file and line)."""
        try:
            parse_file(filename, language=self.config.lang)
        except (ParserError, UnicodeDecodeError, OSError) as error:
            found = load(Path(filename)).problems
            return "; ".join(found) if found else f"{relative(Path(filename))}: behave cannot parse it: {error}"
        return None
