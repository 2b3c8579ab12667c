"""Claims on a run's outputs: two runs at once never write into the same file or folder.

A run claims each file and folder it writes (its results JSON, JUnit file, Allure results, …)
before it writes anything, by an exclusive lock on a lock file beside it (``<name>.lock``) that
says who holds it. A second run that wants the same output is refused with an error naming the
run holding it; give it other paths (``--allure``, ``--json``, …). The lock is the operating
system's (:func:`fcntl.flock`): it is released when the run ends, or when its process dies.
Claims are per process and re-entrant: the command that starts a run and the run itself may
both claim the same output.
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from core.verdicts import RigError

_HELD: dict[Path, tuple[IO[str], int]] = {}


class OutputBusy(RigError):
    """Another run is writing *output*; *holder* says which (its process, command and start)."""

    def __init__(self, output: str, holder: str) -> None:
        super().__init__(output, holder)

    def __str__(self) -> str:
        output, holder = self.args
        return f"{output} is being written by another run ({holder}): wait for it, or give this run other outputs"


def lock_file(output: Path) -> Path:
    """The lock file of *output*: beside it, never inside (a run empties its folders)."""
    return output.with_name(output.name + ".lock")


def claim(outputs: Iterable[Path]) -> None:
    """Claim every one of *outputs* for this process, or none: :class:`OutputBusy` if another
    process holds one of them."""
    taken: list[Path] = []
    try:
        for output in outputs:
            _claim_one(output.resolve())
            taken.append(output.resolve())
    except OutputBusy:
        release(taken)
        raise


def release(outputs: Iterable[Path]) -> None:
    """Give back one claim on each of *outputs* (the last one unlocks it)."""
    for output in outputs:
        key = output.resolve()
        held = _HELD.get(key)
        if held is None:
            continue
        handle, count = held
        if count > 1:
            _HELD[key] = (handle, count - 1)
            continue
        del _HELD[key]
        handle.close()  # closing the file releases the lock


def _claim_one(output: Path) -> None:
    held = _HELD.get(output)
    if held is not None:
        _HELD[output] = (held[0], held[1] + 1)
        return
    path = lock_file(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "a process that has not said who it is"
        handle.close()
        raise OutputBusy(str(output), holder) from None
    handle.seek(0)
    handle.truncate()
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")  # the rig's own record, not the simulation's
    handle.write(f"process {os.getpid()}, {' '.join(sys.argv)}, since {started}\n")
    handle.flush()
    _HELD[output] = (handle, 1)
