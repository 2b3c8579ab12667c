"""The message trace: who sent what to whom, at which virtual time.

Every twin, gateway and platform call writes here. The trace is what a failing scenario shows,
what the sequence diagram draws, and what the determinism check compares byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One message: at virtual second *at*, *source* sent *label* to *target*."""

    at: float
    source: str
    target: str
    label: str

    def render(self) -> str:
        return f"{format_time(self.at):>14}  {self.source} → {self.target}: {self.label}"


class Trace:
    """An append-only list of :class:`TraceEntry`, in the order things happened."""

    def __init__(self) -> None:
        self._entries: list[TraceEntry] = []

    def record(self, at: float, source: str, target: str, label: str) -> None:
        self._entries.append(TraceEntry(at, source, target, label))

    def __iter__(self) -> Iterator[TraceEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def render(self) -> str:
        return "\n".join(entry.render() for entry in self._entries)


def format_time(seconds: float) -> str:
    """Virtual time as ``T+HHh MMm SS.sss``: hours since the start of the scenario."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"T+{int(hours):02d}h{int(minutes):02d}m{secs:06.3f}s"
