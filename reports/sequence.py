"""The message trace as a sequence diagram: an SVG drawn by twinrig, one lifeline per twin and
the platform, one arrow per message, labelled with the message and its virtual time."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from core.trace import TraceEntry, format_time

LANE = 190
ROW = 30
TOP = 56
LABEL = 58
LEFT = 60
"""Pixels between lifelines, between messages, above the first message; characters per label;
pixels left of the first lane, so that a label centred between the first two lanes is not cut."""


def participants(entries: Iterable[TraceEntry]) -> list[str]:
    """Everyone in the trace, the platform first, then in order of first appearance."""
    order: dict[str, None] = {"platform": None}
    for entry in entries:
        order.setdefault(entry.source, None)
        order.setdefault(entry.target, None)
    return list(order)


def render_svg(entries: list[TraceEntry], title: str = "") -> str:
    """*entries* as one self-contained SVG document."""
    people = participants(entries)
    x = {name: LEFT + LANE // 2 + index * LANE for index, name in enumerate(people)}
    width = max(LEFT + LANE * len(people), 400)
    height = TOP + ROW * (len(entries) + 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title or 'message trace')}</title>",
        '<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">'
        '<path d="M0,0 L8,4 L0,8 z" fill="#333"/></marker></defs>',
    ]
    for name in people:
        parts.append(
            f'<text x="{x[name]}" y="20" text-anchor="middle" font-weight="bold">{escape(name)}</text>'
            f'<line x1="{x[name]}" y1="28" x2="{x[name]}" y2="{height - 6}" stroke="#bbb" stroke-dasharray="4 3"/>'
        )
    for row, entry in enumerate(entries):
        y = TOP + row * ROW
        start, end = x[entry.source], x[entry.target]
        label = entry.label if len(entry.label) <= LABEL else entry.label[: LABEL - 1] + "…"
        text = f"{format_time(entry.at)}  {label}"
        parts.append(f"<g><title>{escape(format_time(entry.at) + '  ' + entry.label)}</title>")
        if start == end:
            parts.append(
                f'<path d="M{start},{y} h30 v10 h-30" fill="none" stroke="#333" marker-end="url(#arrow)"/>'
                f'<text x="{start + 36}" y="{y + 8}">{escape(text)}</text>'
            )
        else:
            middle = (start + end) // 2
            parts.append(
                f'<line x1="{start}" y1="{y}" x2="{end}" y2="{y}" stroke="#333" marker-end="url(#arrow)"/>'
                f'<text x="{middle}" y="{y - 4}" text-anchor="middle">{escape(text)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)
