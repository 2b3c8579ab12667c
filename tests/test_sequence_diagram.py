"""The sequence diagram of a scenario's trace: well-formed SVG, a lifeline per participant, an
arrow per message, the virtual time on each, and nothing unescaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from reference import ReferenceFactory
from reports.sequence import participants, render_svg
from steps.binding import has_bound
from twins.trace import Trace, format_time
from twins.world import World

SVG = "{http://www.w3.org/2000/svg}"


def test_a_binding_draws_every_message_between_its_lifelines() -> None:
    world = World(ReferenceFactory(), seed=3)
    has_bound(world, "user", "the car")
    entries = list(world.trace)
    root = ET.fromstring(render_svg(entries, "binding"))
    assert root.tag == f"{SVG}svg"
    names = participants(entries)
    assert names[0] == "platform"
    assert {"SMS gateway", "car link"} <= set(names)
    texts = [element.text or "" for element in root.iter(f"{SVG}text")]
    assert set(names) <= set(texts), "every participant heads a lifeline"
    arrows = list(root.iter(f"{SVG}g"))
    assert len(arrows) == len(entries)
    assert any(format_time(entries[-1].at) in text for text in texts)
    assert any("scan_qr" in text for text in texts)


def test_labels_are_escaped_and_long_ones_shortened() -> None:
    trace = Trace()
    trace.record(1.5, "<script>", "platform", "a & b " + "x" * 200)
    svg = render_svg(list(trace))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    root = ET.fromstring(svg)
    label = next(element.text or "" for element in root.iter(f"{SVG}text") if "a &" in (element.text or ""))
    assert label.endswith("…")
    assert len(label) < 100
