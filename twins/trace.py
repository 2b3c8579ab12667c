"""The message trace of one world: who sent what to whom, at which virtual time.

Every twin, gateway and platform call writes here. The trace is what a failing scenario shows,
what the sequence diagram draws, and what the determinism check compares; its records are
:class:`core.trace.TraceEntry`.
"""

from __future__ import annotations

from collections.abc import Iterator

from core.trace import TraceEntry, format_time, render_trace

__all__ = ["Trace", "TraceEntry", "format_time"]


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
        return render_trace(self._entries)
