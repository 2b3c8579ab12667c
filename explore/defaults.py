"""Exploration's defaults, in a module of their own: the command line reads them without
importing Hypothesis and the search."""

from __future__ import annotations

from pathlib import Path

DATABASE = Path("out") / "explore-db"
"""Hypothesis' example database: an earlier failure is replayed first."""
EXAMPLES = 200
"""At most this many examples per exploration."""
MAX_STEPS = 15
"""At most this many actions per example."""
FINDINGS = Path("out") / "explore"
"""Where a shrunk finding is written: one feature file per platform and requirement."""
