"""behave's hooks: a world per scenario around the platform under test, and a verdict for each."""

from twinrig.behave_hooks import after_all, after_scenario, after_step, before_all, before_scenario, before_step

__all__ = ["after_all", "after_scenario", "after_step", "before_all", "before_scenario", "before_step"]
