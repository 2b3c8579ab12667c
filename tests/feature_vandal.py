"""A handler of the run's events that overwrites every feature file the run read the moment the
run ends, before the rig's own handler writes its files: whatever the rig writes then cannot come
from reading those files again. It refuses to touch a file of the repository."""

from __future__ import annotations

from pathlib import Path

from core.features import REPOSITORY
from core.hooks import hookimpl
from core.results import RunResult

VANDALISED = "this is no feature file any more\n"


class Vandal:
    @hookimpl(tryfirst=True)
    def twinrig_run_finished(self, results: RunResult) -> None:
        for uri in results.features:
            path = Path(uri)
            if not path.is_absolute() or path.resolve().is_relative_to(REPOSITORY):
                raise AssertionError(f"the vandal touches only files outside the repository, not {uri}")
            path.write_text(VANDALISED, encoding="utf-8")


vandal = Vandal()
