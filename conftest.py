"""The root conftest: loads the twinrig pytest plugin (and its Allure enrichment) for scenarios and tests alike."""

pytest_plugins = ["twinrig.plugin", "twinrig.pytest_allure"]
