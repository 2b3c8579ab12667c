"""The ``twinrig`` command line: the top of the rig, above the runners and exploration."""
