"""The root conftest: loads the twinrig pytest plugin for scenarios and tests alike;
Hypothesis keeps what it writes under ``out/``."""

import os

os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join("out", "hypothesis"))

pytest_plugins = ["twinrig.plugin"]
