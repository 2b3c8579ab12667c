"""The bottom of the rig: what every layer needs and nothing above it provides — verdicts, results,
a scenario's seed, the reading of feature files, and the version."""

from __future__ import annotations

__version__ = "0.1.0"
