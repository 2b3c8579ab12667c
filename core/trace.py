"""The message trace's records: who sent what to whom, at which virtual time.

A scenario's result keeps its trace as these records (:attr:`core.results.ScenarioResult.trace`),
not as text: the summary renders them, the sequence diagram draws them, the determinism check
compares them. The twins write them through :class:`twins.trace.Trace`.
"""

from __future__ import annotations

from collections.abc import Iterable
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


def render_trace(entries: Iterable[TraceEntry]) -> str:
    """*entries* as text, one message a line."""
    return "\n".join(entry.render() for entry in entries)


def format_time(seconds: float) -> str:
    """Virtual time as ``T+HHh MMm SS.sss``: hours since the start of the scenario."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"T+{int(hours):02d}h{int(minutes):02d}m{secs:06.3f}s"
