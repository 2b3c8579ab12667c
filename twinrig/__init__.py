"""twinrig: the rig's verdicts, pytest plugin, runner and command line."""

from __future__ import annotations

__version__ = "0.1.0"
