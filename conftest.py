"""The root conftest: loads the twinrig pytest plugin for scenarios and tests alike."""

pytest_plugins = ["twinrig.plugin"]
